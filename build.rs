// The locale files are compiled into the binary by fluent-templates' macro; tell cargo to rebuild
// when they change (the macro alone does not).
fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=migrations");
}
