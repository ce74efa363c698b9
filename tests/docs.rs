//! The docs as tests: the generator reference `docs/generators.md` is exactly what the
//! registry renders, and every SQL example of the docs runs.
//!
//! - `docs/generators.md` must equal `functions::reference::generators_markdown()`;
//!   `UPDATE_DOCS=1 cargo test --test docs` rewrites it from the registry.
//! - Every fenced ` ```sql ` block of README.md, ARCHITECTURE.md, TESTING.md and
//!   `docs/**/*.md` is split with `split_statements` and each statement runs through
//!   `execute_sql`, its result collected. One session per file (set up as the `.slt` harness
//!   does: `register_all`, `information_schema`, 4 target partitions), so a file's blocks run
//!   in order and build on each other. Relative paths (`COPY … TO 'x.parquet'`) land in a
//!   temporary directory per file: the test makes it the working directory while the file
//!   runs (the one test of this binary that depends on the working directory).
//! - ` ```sql no_run ` marks a block that cannot run here (an `s3://` bucket, a cluster): it
//!   is still split, so an unterminated string or comment fails. Any other word after `sql`
//!   is an error, so a misspelt `no_run` does not silently skip a block.
//! - ` ```sql error ` blocks quote errors: each statement follows a `-- error: <text>`
//!   comment and must fail with exactly that text (`strip_backtrace`), so the docs quote
//!   what users see.
//!
//! A failure names the file and line of the block and of the statement.

use std::path::{Path, PathBuf};

use datafusion::prelude::{SessionConfig, SessionContext};
use datafusion_synth::functions::GENERATORS;
use datafusion_synth::functions::reference::{generator_locales, generators_markdown};
use datafusion_synth::{execute_sql, register_all, split_statements};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn generator_reference_is_the_registry_rendered() {
    let path = root().join("docs/generators.md");
    let expected = generators_markdown();
    if std::env::var("UPDATE_DOCS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &expected).expect("write docs/generators.md");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        let line = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
        panic!(
            "docs/generators.md is stale: it differs from the generator registry's rendering \
             from line {} on. Regenerate it with `UPDATE_DOCS=1 cargo test --test docs` and \
             commit the result.",
            line + 1
        );
    }
}

#[test]
fn every_generator_has_a_described_section() {
    let page = generators_markdown();
    for g in GENERATORS {
        assert!(
            page.contains(&format!("\n## `{}`\n\n`{}`\n", g.name, g.signature)),
            "no section for {}",
            g.name
        );
        assert!(!g.doc.trim().is_empty(), "{} has no description", g.name);
    }
}

/// The semantic generators that take no locale; those that do are found by their signature.
const SEMANTIC_WITHOUT_LOCALE: [&str; 14] = [
    "username",
    "email",
    "sex",
    "birth_date",
    "domain",
    "hostname",
    "url",
    "ipv4",
    "ipv6",
    "mac_address",
    "user_agent",
    "credit_card",
    "iban",
    "ssn",
];

#[test]
fn every_semantic_generator_has_a_pii_note_locales_and_a_link() {
    for name in SEMANTIC_WITHOUT_LOCALE {
        assert!(
            GENERATORS.iter().any(|g| g.name == name),
            "{name} is not a generator"
        );
    }
    let semantic_page = std::fs::read_to_string(root().join("docs/semantic-generators.md"))
        .expect("read docs/semantic-generators.md");
    let mut with_locale = 0;
    for g in GENERATORS {
        let locales = generator_locales(g);
        if let Some(locales) = &locales {
            with_locale += 1;
            // Every locale has every list of en_US's, so each generator accepts en_US: a
            // generator refusing it means the probe built it with wrong arguments.
            assert!(locales.contains(&"en_US"), "{}: {locales:?}", g.name);
        }
        if locales.is_some() || SEMANTIC_WITHOUT_LOCALE.contains(&g.name) {
            assert!(!g.pii.trim().is_empty(), "{} has no PII note", g.name);
            assert!(
                semantic_page.contains(&format!("(generators.md#{})", g.name)),
                "docs/semantic-generators.md does not link {}",
                g.name
            );
        }
    }
    assert!(
        with_locale >= 30,
        "only {with_locale} generators take a locale"
    );
    // The docs promise that every locale has first and last names.
    for name in ["first_name", "last_name"] {
        let g = GENERATORS.iter().find(|g| g.name == name).unwrap();
        assert_eq!(generator_locales(g).unwrap().len(), 14, "{name}");
    }
}

/// One fenced `sql` block: where it starts (1-based line of the fence), whether it runs, and
/// its text with the fence's indentation removed.
#[derive(Debug, PartialEq)]
struct SqlBlock {
    line: usize,
    run: bool,
    /// ` ```sql error `: every statement fails, with the text of its `-- error: ` comment.
    errors: bool,
    text: String,
}

/// A fence being read: its line, indentation, `(run, errors)` for an `sql` block (`None`
/// for another language) and the text so far.
type OpenFence = (usize, usize, Option<(bool, bool)>, String);

/// The `sql` blocks of a Markdown text. Fences may be indented (inside list items); a
/// block's lines lose the fence's indentation. Errors: an unknown word after `sql`, or a
/// fence that is never closed.
fn sql_blocks(markdown: &str) -> Result<Vec<SqlBlock>, String> {
    let mut blocks = Vec::new();
    let mut open: Option<OpenFence> = None;
    for (i, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match &mut open {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    let mut words = info.split_whitespace();
                    let run = match words.next() {
                        Some("sql") => match words.collect::<Vec<_>>().as_slice() {
                            [] => Some((true, false)),
                            ["no_run"] => Some((false, false)),
                            ["error"] => Some((true, true)),
                            other => {
                                return Err(format!(
                                    "line {}: unknown fence attributes {other:?} (allowed: `sql`, `sql no_run`, `sql error`)",
                                    i + 1
                                ));
                            }
                        },
                        _ => None,
                    };
                    open = Some((i + 1, indent, run, String::new()));
                }
            }
            Some((start, fence_indent, run, text)) => {
                if trimmed.starts_with("```") && trimmed.trim_end() == "```" {
                    if let Some((run, errors)) = *run {
                        blocks.push(SqlBlock {
                            line: *start,
                            run,
                            errors,
                            text: std::mem::take(text),
                        });
                    }
                    open = None;
                } else {
                    let cut = indent.min(*fence_indent);
                    text.push_str(&line[cut..]);
                    text.push('\n');
                }
            }
        }
    }
    match open {
        Some((line, ..)) => Err(format!("line {line}: code fence never closed")),
        None => Ok(blocks),
    }
}

#[test]
fn sql_blocks_are_found_with_their_lines_and_attributes() {
    let md = "text\n```sql\nSELECT 1;\n```\n- item\n  ```sql no_run\n  COPY t TO 's3://b/x';\n  ```\n```sh\nls\n```\n";
    assert_eq!(
        sql_blocks(md).unwrap(),
        vec![
            SqlBlock {
                line: 2,
                run: true,
                errors: false,
                text: "SELECT 1;\n".into()
            },
            SqlBlock {
                line: 6,
                run: false,
                errors: false,
                text: "COPY t TO 's3://b/x';\n".into()
            },
        ]
    );
    assert!(sql_blocks("```sql norun\nSELECT 1;\n```\n").is_err());
    assert!(sql_blocks("```sql\nSELECT 1;\n").is_err());
}

/// README.md, ARCHITECTURE.md, TESTING.md and every `docs/**/*.md`, sorted.
fn markdown_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read docs/") {
            let path = entry.expect("docs/ entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut files: Vec<PathBuf> = ["README.md", "ARCHITECTURE.md", "TESTING.md"]
        .iter()
        .map(|f| root().join(f))
        .collect();
    walk(&root().join("docs"), &mut files);
    files.sort();
    files
}

/// GitHub's anchor of a heading: lower case, spaces to hyphens, other punctuation (backticks,
/// parentheses, dots) dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown text's headings and its links `](target)` with their lines,
/// both outside code fences.
fn anchors_and_links(markdown: &str) -> (Vec<String>, Vec<(usize, String)>) {
    let (mut anchors, mut links, mut fenced) = (Vec::new(), Vec::new(), false);
    for (i, line) in markdown.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if line.starts_with('#') {
            anchors.push(anchor(line.trim_start_matches('#')));
        }
        for (at, _) in line.match_indices("](") {
            let target = &line[at + 2..];
            if let Some(end) = target.find(')') {
                links.push((i + 1, target[..end].to_string()));
            }
        }
    }
    (anchors, links)
}

#[test]
fn relative_links_resolve_to_files_and_headings() {
    let mut broken = Vec::new();
    for path in markdown_files() {
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let (own_anchors, links) = anchors_and_links(&std::fs::read_to_string(&path).unwrap());
        for (line, link) in links {
            if link.starts_with("http://") || link.starts_with("https://") {
                continue;
            }
            let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = path.parent().unwrap().join(file);
            let anchors = if file.is_empty() {
                own_anchors.clone()
            } else if !target.exists() {
                broken.push(format!("{name}:{line}: {link}: no such file"));
                continue;
            } else if file.ends_with(".md") {
                anchors_and_links(&std::fs::read_to_string(&target).unwrap()).0
            } else {
                continue;
            };
            if !fragment.is_empty() && !anchors.iter().any(|a| a == fragment) {
                broken.push(format!("{name}:{line}: {link}: no such heading"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn anchors_follow_github() {
    assert_eq!(
        anchor(" `CREATE SYNTHETIC TABLE` from Rust"),
        "create-synthetic-table-from-rust"
    );
    assert_eq!(
        anchor(" Boxes, polygons and parcel"),
        "boxes-polygons-and-parcel"
    );
    assert_eq!(anchor(" `first_name`"), "first_name");
    let (anchors, links) =
        anchors_and_links("# A b\n```sh\n# not a heading [x](y)\n```\nsee [c](d.md#a-b).\n");
    assert_eq!(anchors, vec!["a-b"]);
    assert_eq!(links, vec![(5, "d.md#a-b".to_string())]);
}

/// Runs the blocks of one file in a fresh session; the first failure ends the file.
async fn run_file(name: &str, blocks: &[SqlBlock]) -> Result<(), String> {
    let config = SessionConfig::new()
        .with_target_partitions(4)
        .with_information_schema(true);
    let ctx = SessionContext::new_with_config(config);
    register_all(&ctx).map_err(|e| format!("{name}: register_all: {e}"))?;
    for block in blocks {
        let statements = split_statements(&block.text)
            .map_err(|e| format!("{name}:{}: cannot split the block: {e}", block.line))?;
        if statements.is_empty() {
            return Err(format!("{name}:{}: empty sql block", block.line));
        }
        if !block.run {
            continue;
        }
        for s in statements {
            let line = block.line + s.line;
            let result = match execute_sql(&ctx, &s.text).await {
                Ok(df) => df.collect().await.map(drop),
                Err(e) => Err(e),
            };
            if block.errors {
                let quoted = comment_above(&block.text, s.line);
                check_error(&quoted, &s.text, result.err())
                    .map_err(|e| format!("{name}:{line} (block at line {}): {e}", block.line))?;
                continue;
            }
            result.map_err(|e| {
                format!(
                    "{name}:{line} (block at line {}): {}\n  in: {}",
                    block.line,
                    e.strip_backtrace(),
                    s.text.lines().next().unwrap_or("")
                )
            })?;
        }
    }
    Ok(())
}

/// The `--` comment lines right above line `line` (1-based) of `text`, in order.
fn comment_above(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut above: Vec<&str> = lines[..line.saturating_sub(1).min(lines.len())]
        .iter()
        .rev()
        .map(|l| l.trim())
        .take_while(|l| l.starts_with("--"))
        .collect();
    above.reverse();
    above.join("\n")
}

/// The error text a comment quotes: `-- error: <text>`, continued on further `-- ` lines.
fn quoted_error(comment: &str) -> Option<String> {
    let mut quoted: Option<String> = None;
    for l in comment.lines().map(str::trim) {
        if let Some(text) = l.strip_prefix("-- error: ") {
            quoted = Some(text.to_string());
        } else if let (Some(q), Some(more)) = (quoted.as_mut(), l.strip_prefix("-- ")) {
            q.push(' ');
            q.push_str(more);
        }
    }
    quoted
}

/// A statement of an `sql error` block fails with exactly the error its comment quotes.
fn check_error(
    comment: &str,
    statement: &str,
    error: Option<datafusion::common::DataFusionError>,
) -> Result<(), String> {
    let Some(quoted) = quoted_error(comment) else {
        return Err(format!("no `-- error: ` comment above: {statement}"));
    };
    match error {
        None => Err(format!("expected the error `{quoted}`, but it ran")),
        Some(e) if e.strip_backtrace() == quoted => Ok(()),
        Some(e) => Err(format!(
            "the docs quote `{quoted}`\n  but users see `{}`",
            e.strip_backtrace()
        )),
    }
}

#[test]
fn quoted_errors_are_read_from_the_comments_above() {
    let block = "SELECT 1;\n-- error: Error during planning: a\n-- b\nSELECT x;\n";
    let comment = comment_above(block, 4);
    assert_eq!(
        quoted_error(&comment).as_deref(),
        Some("Error during planning: a b")
    );
    assert_eq!(comment_above(block, 1), "");
    assert!(check_error(&comment, "SELECT x", None).is_err());
    assert!(check_error("", "SELECT x", None).is_err());
}

/// Pages whose examples need a cargo feature, and whether it is on.
const FEATURE_PAGES: &[(&str, bool)] = &[
    ("docs/sql/delta.md", cfg!(feature = "delta")),
    ("docs/sql/png.md", cfg!(feature = "render")),
];

#[tokio::test(flavor = "multi_thread")]
async fn every_sql_example_runs() {
    let (mut failures, mut run, mut no_run) = (Vec::new(), 0, 0);
    let home = std::env::current_dir().expect("working directory");
    for path in markdown_files() {
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let markdown = std::fs::read_to_string(&path).expect("read markdown");
        let blocks = match sql_blocks(&markdown) {
            Ok(blocks) => blocks,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        if name == "README.md" {
            assert!(blocks.iter().any(|b| b.run), "README.md has no SQL tour");
        }
        // A page about a cargo feature runs only when the feature is on (its blocks are still
        // split above).
        let enabled = FEATURE_PAGES
            .iter()
            .find(|(page, _)| *page == name)
            .is_none_or(|(_, on)| *on);
        if !enabled {
            no_run += blocks.len();
            continue;
        }
        run += blocks.iter().filter(|b| b.run).count();
        no_run += blocks.iter().filter(|b| !b.run).count();
        let dir = tempfile::tempdir().expect("temporary directory");
        std::env::set_current_dir(dir.path()).expect("enter the temporary directory");
        let started = std::time::Instant::now();
        let outcome = run_file(&name, &blocks).await;
        if !blocks.is_empty() {
            println!(
                "{name}: {} sql blocks in {:.1?}",
                blocks.len(),
                started.elapsed()
            );
        }
        std::env::set_current_dir(&home).expect("leave the temporary directory");
        failures.extend(outcome.err());
    }
    println!("sql blocks: {run} run, {no_run} no_run");
    assert!(
        failures.is_empty(),
        "{} doc file(s) with a failing SQL example:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
