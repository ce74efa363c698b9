//! The architecture, checked: the layers of `src/` import only downward (as `ARCHITECTURE.md`
//! and each layer's `mod.rs` state), `src/generate` knows nothing of DataFusion or Arrow,
//! the files of `src/sql/ddl` form a stack, each layer's `mod.rs` says what it may depend
//! on, and no source file grows past 500 lines (word lists and other data tables aside).
//!
//! Imports are read from the text: every `crate::<module>` path (including the names of a
//! `use crate::{…}` group), and, inside `src/sql/ddl`, every `super::<file>` path. A name
//! the crate root re-exports (`crate::execute_sql`) counts as the layer it comes from.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The layers from the bottom, with the layers each may import.
const LAYERS: &[(&str, &[&str])] = &[
    ("generate", &[]),
    ("geoparquet", &[]),
    ("delta", &[]),
    ("iceberg", &[]),
    ("render", &[]),
    ("learn", &[]),
    ("functions", &["generate"]),
    ("table", &["generate", "functions"]),
    ("exec", &["generate", "functions", "table"]),
    (
        "sql",
        &[
            "generate",
            "functions",
            "table",
            "exec",
            "geoparquet",
            "delta",
            "iceberg",
            "render",
            "learn",
        ],
    ),
    (
        "repl",
        &[
            "generate",
            "functions",
            "table",
            "exec",
            "geoparquet",
            "delta",
            "iceberg",
            "render",
            "learn",
            "sql",
        ],
    ),
    (
        "serve",
        &[
            "generate",
            "functions",
            "table",
            "exec",
            "geoparquet",
            "delta",
            "iceberg",
            "render",
            "learn",
            "sql",
            "repl",
        ],
    ),
    (
        "cluster",
        &[
            "generate",
            "functions",
            "table",
            "exec",
            "geoparquet",
            "delta",
            "iceberg",
            "render",
            "sql",
        ],
    ),
];

/// The files of `src/sql/ddl`, from the bottom of its stack: each may import only files
/// before it (`mod.rs`, the entry point, may import all).
const DDL_STACK: &[&str] = &[
    "names",
    "history",
    "spec",
    "show",
    "parse",
    "types",
    "scope",
    "call",
    "relations",
    "rewrite",
    "plan",
    "builder",
    "create",
];

/// Files allowed past the size limit: data typed in as Rust (word lists, tables of
/// countries), with a line of code per entry.
const DATA_FILES: &[&str] = &["src/generate/faker/internet.rs"];

const MAX_LINES: usize = 500;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `src/<layer>/…` → layer; `None` for `lib.rs` and `bin/` (the top).
fn layer_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root().join("src")).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    (rel.components().count() > 1 && first != "bin").then_some(first)
}

/// The code of a file without comments (`//` to the end of the line), so that prose naming
/// a module is no import.
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first segment of every `<prefix>::` path in `code` (`crate::{a, b::c}` gives a, b).
fn paths(code: &str, prefix: &str) -> Vec<String> {
    let mut out = vec![];
    let pattern = format!("{prefix}::");
    let mut rest = code;
    while let Some(i) = rest.find(&pattern) {
        let before = rest[..i].chars().last();
        rest = &rest[i + pattern.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // `super::*` (a test module's glob) names no module.
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

/// The names the crate root re-exports, by the layer they come from.
fn root_exports() -> BTreeMap<String, String> {
    let lib = fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let mut out = BTreeMap::new();
    for stmt in code(&lib).split(';') {
        let stmt = stmt.trim();
        let Some(rest) = stmt.strip_prefix("pub use ") else {
            continue;
        };
        let Some((layer, names)) = rest.split_once("::") else {
            continue;
        };
        let names = names.trim_start_matches('{').trim_end_matches('}');
        for n in names.split(',') {
            let n = n.trim();
            if !n.is_empty() {
                out.insert(n.to_string(), layer.to_string());
            }
        }
    }
    out
}

#[test]
fn layers_import_only_downward() {
    let mut files = vec![];
    sources(&root().join("src"), &mut files);
    let exports = root_exports();
    let layer_names: Vec<&str> = LAYERS.iter().map(|(l, _)| *l).collect();
    let mut problems = vec![];
    for f in &files {
        let Some(layer) = layer_of(f) else { continue };
        let Some((_, allowed)) = LAYERS.iter().find(|(l, _)| *l == layer) else {
            problems.push(format!("{}: not in a known layer", f.display()));
            continue;
        };
        let text = code(&fs::read_to_string(f).unwrap());
        for name in paths(&text, "crate") {
            let target = match exports.get(&name) {
                Some(l) => l.clone(),
                None => name.clone(),
            };
            if target == layer || !layer_names.contains(&target.as_str()) {
                continue;
            }
            if !allowed.contains(&target.as_str()) {
                problems.push(format!(
                    "{}: {layer} imports crate::{name} ({target})",
                    f.display()
                ));
            }
        }
        if layer == "generate" {
            for engine in ["datafusion", "arrow", "parquet"] {
                if !paths(&text, engine).is_empty() {
                    problems.push(format!(
                        "{}: generate uses {engine} (the pure layer knows no engine types)",
                        f.display()
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "upward imports:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_ddl_planner_is_a_stack() {
    let dir = root().join("src/sql/ddl");
    let mut problems = vec![];
    for (level, file) in DDL_STACK.iter().enumerate() {
        let path = dir.join(format!("{file}.rs"));
        let text = code(&fs::read_to_string(&path).unwrap());
        for name in paths(&text, "super") {
            match DDL_STACK.iter().position(|f| *f == name) {
                Some(at) if at < level => {}
                Some(_) => problems.push(format!("ddl/{file}.rs imports ddl/{name}.rs (above it)")),
                None => problems.push(format!(
                    "ddl/{file}.rs imports super::{name}, which is not a file of the stack"
                )),
            }
        }
    }
    let mut on_disk = vec![];
    sources(&dir, &mut on_disk);
    for p in on_disk {
        let stem = p.file_stem().unwrap().to_str().unwrap().to_string();
        if stem != "mod" && !DDL_STACK.contains(&stem.as_str()) {
            problems.push(format!("ddl/{stem}.rs is not placed in DDL_STACK"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn each_layer_says_what_it_may_depend_on() {
    for (layer, _) in LAYERS {
        let path = root().join("src").join(layer).join("mod.rs");
        let text = fs::read_to_string(&path).unwrap();
        let doc: String = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            doc.contains("Depends on"),
            "{}: the module docs should say what the layer depends on (a line 'Depends on …')",
            path.display()
        );
    }
}

#[test]
fn source_files_stay_small() {
    let mut files = vec![];
    sources(&root().join("src"), &mut files);
    let mut large = vec![];
    for f in files {
        let rel = f
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let lines = fs::read_to_string(&f).unwrap().lines().count();
        if lines > MAX_LINES && !DATA_FILES.contains(&rel.as_str()) {
            large.push(format!("{rel}: {lines} lines"));
        }
    }
    assert!(
        large.is_empty(),
        "files over {MAX_LINES} lines (split them by responsibility):\n{}",
        large.join("\n")
    );
}

/// The checks themselves: a path reader that missed grouped or root-level imports would
/// pass every tree.
#[test]
fn the_import_reader_sees_every_form() {
    let text = "use crate::{table::X, sql};\nlet a = crate::exec::Y;\nfoo::crate::z;";
    assert_eq!(paths(text, "crate"), ["table", "sql", "exec"]);
    assert_eq!(code("let a = 1; // crate::sql\n"), "let a = 1; ");
    assert_eq!(
        paths(&code("/// see crate::sql\nx"), "crate"),
        Vec::<String>::new()
    );
    let exports = root_exports();
    assert_eq!(exports.get("execute_sql").map(String::as_str), Some("sql"));
}
