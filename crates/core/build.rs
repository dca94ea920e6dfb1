// The locale files are compiled in by fluent-templates' macro; rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=../../locales");
}
