//! What every `CREATE EXTERNAL TABLE … STORED AS <kind>` factory of ours checks the same
//! way: the column list, when one is given, against the columns the table generates.

use datafusion::arrow::datatypes::{FieldRef, SchemaRef};
use datafusion::common::{Result, plan_err};
use datafusion::logical_expr::CreateExternalTable;

/// Checks the column list of a `CREATE EXTERNAL TABLE` against the generated columns: none,
/// or the same names and types in the same order.
pub fn check_declared_columns(
    who: &str,
    cmd: &CreateExternalTable,
    actual: &SchemaRef,
) -> Result<()> {
    let declared = cmd.schema.fields();
    let show = |fields: &mut dyn Iterator<Item = &FieldRef>| {
        fields
            .map(|f| format!("{} {}", f.name(), f.data_type()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let same = declared.len() == actual.fields().len()
        && declared
            .iter()
            .zip(actual.fields().iter())
            .all(|(d, a)| d.name() == a.name() && d.data_type() == a.data_type());
    if declared.is_empty() || same {
        return Ok(());
    }
    plan_err!(
        "{who}: the declared columns ({}) do not match the table's columns ({}); omit the column list",
        show(&mut declared.iter()),
        show(&mut actual.fields().iter())
    )
}
