//! The core's shape, checked: it depends on no database, Telegram, web or async-runtime crate, and no
//! two of its files import each other, directly or around a circle. Re-exports (`pub use`) and module
//! declarations are not imports; test code is not counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const FORBIDDEN: [&str; 6] = ["sqlx", "teloxide", "axum", "reqwest", "tokio", "hyper"];

#[test]
fn the_core_depends_on_no_adapter_crate() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .expect("the core's Cargo.toml");
    for line in manifest.lines() {
        let name = line.split(['=', ' ', '.']).next().unwrap_or_default();
        assert!(!FORBIDDEN.contains(&name), "the core must not depend on {name}: {line}");
    }
}

#[test]
fn no_file_of_the_core_imports_in_a_circle() {
    let graph = import_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(graph.len() > 30, "only {} files found", graph.len());
    if std::env::var_os("WAGEDESK_PRINT_IMPORTS").is_some() {
        for (file, imports) in &graph {
            println!("{file} → {}", imports.iter().cloned().collect::<Vec<_>>().join(", "));
        }
    }
    let circles = circles(&graph);
    assert!(circles.is_empty(), "import circles in the core:\n{}", circles.join("\n"));
}

#[test]
fn the_circle_check_finds_a_circle() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    graph.insert("b".to_owned(), BTreeSet::from(["c".to_owned()]));
    graph.insert("c".to_owned(), BTreeSet::from(["a".to_owned()]));
    graph.insert("d".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(circles(&graph), vec!["a → b → c → a".to_owned()]);
    let tree = "use super::{answers::{chosen, finish}, Step};";
    assert_eq!(use_paths(tree), vec!["super::answers::chosen", "super::answers::finish", "super::Step"]);
}

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Files by module path (`intake::flow`; the root is `crate`), each with the files it imports from.
fn import_graph(src: &Path) -> Graph {
    let mut files = BTreeMap::new();
    collect(src, src, &mut files);
    let modules: BTreeSet<String> = files.keys().cloned().collect();
    let mut graph = Graph::new();
    for (module, path) in &files {
        let text = std::fs::read_to_string(path).expect("source readable");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let mut targets = BTreeSet::new();
        for reference in references(code) {
            if let Some(target) = resolve(module, &reference, &modules)
                && &target != module
            {
                targets.insert(target);
            }
        }
        graph.insert(module.clone(), targets);
    }
    graph
}

fn collect(root: &Path, dir: &Path, files: &mut BTreeMap<String, PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("source dir").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(root, &path, files);
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if !name.ends_with(".rs") || name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let relative = path.strip_prefix(root).expect("under src").with_extension("");
        let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
            parts.pop();
        }
        let module = if parts.is_empty() { "crate".to_owned() } else { parts.join("::") };
        files.insert(module, path);
    }
}

/// Every `crate::…`, `super::…` and `self::…` path the code uses, `use` trees expanded; `pub use`
/// re-exports left out.
fn references(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(start) = rest.find("use ") {
        let before = &rest[..start];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let prefix = before[line_start..].trim();
        let end = rest[start..].find(';').map_or(rest.len(), |e| start + e + 1);
        let is_use_item = prefix.is_empty() || prefix == "pub(crate)" || prefix == "pub(super)";
        let word_start = start == 0 || !rest.as_bytes()[start - 1].is_ascii_alphanumeric();
        if is_use_item && word_start {
            out.extend(use_paths(&rest[start..end]));
        } else if prefix == "pub" && word_start {
            // A re-export: not an import.
        } else {
            out.extend(inline_paths(&rest[..end]));
        }
        rest = &rest[end..];
    }
    out.extend(inline_paths(rest));
    out
}

fn inline_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for head in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(head) {
            let at = from + i;
            let boundary =
                at == 0 || !code.as_bytes()[at - 1].is_ascii_alphanumeric() && code.as_bytes()[at - 1] != b':';
            let path: String =
                code[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':').collect();
            if boundary {
                out.push(path.trim_end_matches(':').to_owned());
            }
            from = at + head.len();
        }
    }
    out
}

/// Expands a `use` item into its paths: `use a::{b, c::{d, e}};` → `a::b`, `a::c::d`, `a::c::e`.
fn use_paths(item: &str) -> Vec<String> {
    let body = item.trim().trim_start_matches("use").trim().trim_end_matches(';');
    let body: String = body.split_whitespace().collect::<Vec<_>>().join(" ").replace(" as ", "@").replace(' ', "");
    let mut out = Vec::new();
    expand("", &body, &mut out);
    out.retain(|p| p.starts_with("crate::") || p.starts_with("super::") || p.starts_with("self::"));
    out
}

fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let Some(open) = tree.find('{') else {
        let path = tree.split('@').next().unwrap_or(tree);
        out.push(format!("{prefix}{}", path.trim_end_matches("::self")));
        return;
    };
    let head = format!("{prefix}{}", &tree[..open]);
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut depth = 0;
    let mut part = String::new();
    for c in inner.chars().chain(std::iter::once(',')) {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            if !part.is_empty() {
                expand(&head, &part, out);
            }
            part.clear();
        } else {
            part.push(c);
        }
    }
}

/// The file a path lands in: the longest module prefix of it that is a file of the crate.
fn resolve(module: &str, reference: &str, modules: &BTreeSet<String>) -> Option<String> {
    let mut here: Vec<&str> = if module == "crate" { Vec::new() } else { module.split("::").collect() };
    let mut parts = reference.split("::").peekable();
    match parts.next()? {
        "crate" => here.clear(),
        "self" => {}
        "super" => {
            here.pop();
            while parts.peek() == Some(&"super") {
                parts.next();
                here.pop();
            }
        }
        _ => return None,
    }
    let mut path: Vec<&str> = here;
    let mut found = None;
    let candidate = |p: &[&str]| if p.is_empty() { "crate".to_owned() } else { p.join("::") };
    if modules.contains(&candidate(&path)) {
        found = Some(candidate(&path));
    }
    for part in parts {
        path.push(part);
        let name = candidate(&path);
        if modules.contains(&name) {
            found = Some(name);
        }
    }
    found
}

/// Each circle once, as `a → b → … → a`, from the strongly connected parts of the graph.
fn circles(graph: &Graph) -> Vec<String> {
    struct Tarjan<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        parts: Vec<Vec<&'g str>>,
    }
    impl<'g> Tarjan<'g> {
        fn visit(&mut self, v: &'g str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut part = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    part.push(w);
                    if w == v {
                        break;
                    }
                }
                if part.len() > 1 {
                    part.sort();
                    self.parts.push(part);
                }
            }
        }
    }
    let mut t = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        parts: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    // Name one circle through each part: from its first file, follow edges inside the part home.
    t.parts
        .iter()
        .map(|part| {
            let inside: BTreeSet<&str> = part.iter().copied().collect();
            let start = part[0];
            let mut path = vec![start];
            let mut seen = BTreeSet::from([start]);
            let mut at = start;
            loop {
                let next = graph[at].iter().map(String::as_str).filter(|w| inside.contains(w));
                let mut next: Vec<&str> = next.collect();
                next.sort_by_key(|w| (*w != start, seen.contains(w)));
                let Some(&w) = next.first() else { break };
                path.push(w);
                if w == start || !seen.insert(w) {
                    break;
                }
                at = w;
            }
            path.join(" → ")
        })
        .collect()
}
