//! `\d` (the tables of the session; synthetic ones with rows, seed and kind) and `\d NAME`
//! (a table's schema; for a synthetic table each column's definition and the dataset
//! descriptor).

use std::fmt::Write as _;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::catalog::TableProvider;
use datafusion::common::{DataFusionError, Result};
use datafusion::datasource::TableType;
use datafusion::prelude::SessionContext;
use datafusion_synth::SyntheticTableProvider;
use datafusion_synth::exec::{TpcdsTableProvider, TpchTableProvider};
use datafusion_synth::repl::thousands;
use datafusion_synth::table::parts::{BenchmarkTable, RowCount};

/// The listing of every table of every catalog and schema (but `information_schema`).
pub async fn list_tables(ctx: &SessionContext) -> Result<String> {
    let mut rows: Vec<[Option<String>; 5]> = Vec::new();
    let default = &ctx.state().config_options().catalog.clone();
    for catalog_name in ctx.catalog_names() {
        let Some(catalog) = ctx.catalog(&catalog_name) else {
            continue;
        };
        for schema_name in catalog.schema_names() {
            if schema_name == "information_schema" {
                continue;
            }
            let Some(schema) = catalog.schema(&schema_name) else {
                continue;
            };
            let mut names = schema.table_names();
            names.sort();
            for name in names {
                let Some(table) = schema.table(&name).await? else {
                    continue;
                };
                let shown = if catalog_name == default.default_catalog
                    && schema_name == default.default_schema
                {
                    name.clone()
                } else {
                    format!("{catalog_name}.{schema_name}.{name}")
                };
                let mut row = [
                    Some(shown),
                    Some(table_type(table.as_ref())),
                    None,
                    None,
                    None,
                ];
                if let Some(s) = table.downcast_ref::<SyntheticTableProvider>() {
                    let t = s.table();
                    row[1] = Some("synthetic".to_string());
                    row[2] = Some(thousands(t.rows()));
                    row[3] = Some(t.seed().to_string());
                    row[4] = Some(kind(t.descriptor(), t.definition()));
                } else if let Some(t) = table.downcast_ref::<TpchTableProvider>() {
                    describe_parts(&mut row, "tpch", t.table());
                } else if let Some(t) = table.downcast_ref::<TpcdsTableProvider>() {
                    describe_parts(&mut row, "tpcds", t.table());
                }
                rows.push(row);
            }
        }
    }
    if rows.is_empty() {
        return Ok(
            "No tables. Create one with CREATE EXTERNAL TABLE … STORED AS SPIDER, or query \
                   spider(…) directly."
                .to_string(),
        );
    }
    let columns = ["Name", "Type", "Rows", "Seed", "Kind"];
    let arrays: Vec<Vec<Option<String>>> = (0..columns.len())
        .map(|c| rows.iter().map(|r| r[c].clone()).collect())
        .collect();
    table_text(&columns, arrays)
}

/// The description of table `name`.
pub async fn describe_table(ctx: &SessionContext, name: &str) -> Result<String> {
    let table = ctx.table_provider(name).await.map_err(|_| {
        DataFusionError::Plan(format!(
            "\\d: no table named '{name}'; \\d lists the tables"
        ))
    })?;
    let synthetic = table.downcast_ref::<SyntheticTableProvider>();
    let definitions = synthetic.map(|s| s.table().column_definitions());
    let schema = table.schema();
    let mut columns = vec![Vec::new(), Vec::new(), Vec::new()];
    let mut defs = Vec::new();
    for field in schema.fields() {
        columns[0].push(Some(field.name().clone()));
        columns[1].push(Some(field.data_type().to_string()));
        columns[2].push(Some(
            if field.is_nullable() { "YES" } else { "NO" }.to_string(),
        ));
        if let Some(definitions) = &definitions {
            defs.push(
                definitions
                    .iter()
                    .find(|(n, _)| n == field.name())
                    .map(|(_, d)| d.clone()),
            );
        }
    }
    let mut names = vec!["Column", "Type", "Nullable"];
    if definitions.is_some() {
        names.push("Definition");
        columns.push(defs);
    }
    let mut out = format!("Table \"{name}\" ({})\n", table_type(table.as_ref()));
    out.push_str(&table_text(&names, columns)?);
    if let Some(s) = synthetic {
        let t = s.table();
        write!(out, "\nRows: {}   Seed: {}", thousands(t.rows()), t.seed()).ok();
        write!(out, "\nDataset: {}", t.descriptor()).ok();
    } else if let Some(definition) = table.get_table_definition() {
        write!(out, "\nDefinition: {definition}").ok();
    }
    Ok(out)
}

fn table_type(table: &dyn TableProvider) -> String {
    match table.table_type() {
        TableType::Base => "table",
        TableType::View => "view",
        TableType::Temporary => "temporary",
    }
    .to_string()
}

/// The kind of a synthetic table: `spider gaussian` for `spider('gaussian', …)` datasets,
/// `CREATE SYNTHETIC TABLE` for declared tables, else `synthetic` (e.g. built in Rust).
fn kind(descriptor: &str, definition: &str) -> String {
    let declared = definition
        .split_whitespace()
        .take(3)
        .map(str::to_ascii_uppercase)
        .eq(["CREATE", "SYNTHETIC", "TABLE"]);
    if declared {
        return "CREATE SYNTHETIC TABLE".to_string();
    }
    let spider = descriptor
        .strip_prefix("spider(")
        .and_then(|rest| rest.trim_start().strip_prefix('\''))
        .and_then(|rest| rest.split_once('\''));
    match spider {
        Some((distribution, _)) if !distribution.is_empty() => format!("spider {distribution}"),
        _ => "synthetic".to_string(),
    }
}

fn table_text(names: &[&str], columns: Vec<Vec<Option<String>>>) -> Result<String> {
    let fields: Vec<Field> = names
        .iter()
        .map(|n| Field::new(*n, DataType::Utf8, true))
        .collect();
    let arrays: Vec<ArrayRef> = columns
        .into_iter()
        .map(|c| Arc::new(StringArray::from(c)) as ArrayRef)
        .collect();
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?;
    Ok(pretty_format_batches(&[batch])?.to_string())
}

/// The `\d` row of a benchmark table (`suite` is `tpch` or `tpcds`).
fn describe_parts<T: BenchmarkTable>(row: &mut [Option<String>], suite: &str, t: &T) {
    row[1] = Some(suite.to_string());
    row[2] = Some(match t.row_count() {
        RowCount::Exact(n) => thousands(n),
        RowCount::Estimate(n) => format!("~{}", thousands(n)),
    });
    row[4] = Some(format!(
        "{suite} {} SF {}",
        t.table_name(),
        t.scale_factor()
    ));
}

#[cfg(test)]
mod tests {
    use super::kind;

    #[test]
    fn kinds_from_descriptors() {
        let spider = "spider('gaussian', 1000, 3, '')";
        assert_eq!(kind(spider, spider), "spider gaussian");
        let ddl =
            "CREATE SYNTHETIC TABLE orders (\n  id BIGINT GENERATED ALWAYS AS (sequence(1))\n)";
        assert_eq!(
            kind("orders(id = sequence(1, 1))", ddl),
            "CREATE SYNTHETIC TABLE"
        );
        assert_eq!(kind("orders(1000)", "orders(1000)"), "synthetic");
        assert_eq!(kind("custom", "custom"), "synthetic");
    }
}
