//! Foreign keys to tables given before: an integer column named `<parent>_id` (or
//! `<parent>id`), where a table of the session is named `<parent>`, `<parent>s` or
//! `<parent>es` and has an integer key column (`id` or `<parent>_id`), whose values lie
//! inside the parent key's range and take no more distinct values than the parent has rows
//! (containment, as far as statistics tell), becomes `foreign_key('<parent>', '<key>')`:
//! every generated value then exists in the parent. Learn the parent first (`CREATE
//! SYNTHETIC TABLE customers LIKE 'customers.parquet'`), then the child.

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Float64Type};
use datafusion::common::Result;
use datafusion::functions_aggregate::expr_fn::{count, max, min};
use datafusion::logical_expr::{cast, ident, lit};
use datafusion::prelude::SessionContext;

use super::profile::{ColumnProfile, Kind};

/// A detected foreign key: the child column, the parent table and its key column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    pub column: String,
    pub parent: String,
    pub key: String,
}

/// The parent's key range and rows: min, max, count.
async fn key_range(
    ctx: &SessionContext,
    parent: &str,
    key: &str,
) -> Result<Option<(f64, f64, f64)>> {
    let k = cast(ident(key), DataType::Float64);
    let batches = ctx
        .table(parent)
        .await?
        .aggregate(
            vec![],
            vec![
                min(k.clone()).alias("lo"),
                max(k).alias("hi"),
                cast(count(lit(1)), DataType::Float64).alias("n"),
            ],
        )?
        .collect()
        .await?;
    let b = &batches[0];
    let get = |i: usize| {
        let a = b.column(i).as_primitive::<Float64Type>();
        (!a.is_null(0)).then(|| a.value(0))
    };
    Ok(match (get(0), get(1), get(2)) {
        (Some(lo), Some(hi), Some(n)) => Some((lo, hi, n)),
        _ => None,
    })
}

/// The foreign keys of `profiles` (a table being learned as `name`) to tables of `ctx`.
pub async fn foreign_keys(
    ctx: &SessionContext,
    name: &str,
    profiles: &[ColumnProfile],
) -> Result<Vec<ForeignKey>> {
    let mut out = Vec::new();
    for p in profiles {
        if p.kind != Kind::Integer || p.non_null == 0 {
            continue;
        }
        let lower = p.name.to_ascii_lowercase();
        let Some(stem) = lower
            .strip_suffix("_id")
            .or_else(|| lower.strip_suffix("id"))
        else {
            continue;
        };
        if stem.is_empty() {
            continue;
        }
        for parent in [stem.to_string(), format!("{stem}s"), format!("{stem}es")] {
            if parent.eq_ignore_ascii_case(name)
                || !ctx.table_exist(parent.as_str()).unwrap_or(false)
            {
                continue;
            }
            let schema = ctx
                .table(parent.as_str())
                .await?
                .schema()
                .as_arrow()
                .clone();
            let Some(key) = ["id".to_string(), format!("{stem}_id")]
                .into_iter()
                .find(|k| {
                    schema
                        .field_with_name(k)
                        .is_ok_and(|f| f.data_type().is_integer())
                })
            else {
                continue;
            };
            let Some((lo, hi, n)) = key_range(ctx, &parent, &key).await? else {
                continue;
            };
            let inside = p.min.is_some_and(|m| m >= lo) && p.max.is_some_and(|m| m <= hi);
            if inside && (p.distinct as f64) <= n * 1.02 {
                out.push(ForeignKey {
                    column: p.name.clone(),
                    parent,
                    key,
                });
                break;
            }
        }
    }
    Ok(out)
}
