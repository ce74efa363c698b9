//! The canonical text of a synthetic table's definition: what `SHOW CREATE TABLE` shows and
//! what recreates the same table (same columns, streams and therefore values) when run.

use std::fmt::Write;

use super::spec::TableSpec;

/// `CREATE SYNTHETIC TABLE name (\n  col TYPE GENERATED ALWAYS AS (expr) …,\n …\n) WITH
/// (rows = N, seed = S)`; `name` is written as given.
pub fn definition_text(name: &str, spec: &TableSpec) -> String {
    let mut s = format!("CREATE SYNTHETIC TABLE {name} (\n");
    for (i, c) in spec.columns.iter().enumerate() {
        let _ = write!(
            s,
            "  {} {} GENERATED ALWAYS AS ({})",
            c.name, c.data_type, c.expr
        );
        if c.not_null {
            s.push_str(" NOT NULL");
        }
        if c.hidden {
            s.push_str(" HIDDEN");
        }
        if let Some(p) = c.null_percent {
            let _ = write!(s, " NULL {p} PERCENT");
        }
        s.push_str(if i + 1 < spec.columns.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    let quote = |t: &str| t.replace('\'', "''");
    match &spec.fanout {
        None => {
            let _ = write!(s, ") WITH (rows = {}, seed = {}", spec.rows, spec.seed);
        }
        Some(f) => {
            let _ = write!(
                s,
                ") WITH (parent = '{}', count = '{}', seed = {}",
                quote(&f.parent),
                quote(&f.count),
                spec.seed
            );
        }
    }
    for (k, v) in &spec.history {
        let _ = write!(s, ",\n  {k} = '{}'", quote(v));
    }
    s.push(')');
    s
}
