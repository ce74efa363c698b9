//! Partitioned Iceberg tables: the partition spec a user writes (`'partitioning' 'day(ts),
//! identity(tenant_id), bucket(16, id), truncate(4, name)'`, Spark's DDL spelling), bound to the
//! table's schema by the `iceberg` crate, and the partition value of every row, computed by
//! the crate's own transform functions, so that bucket hashes and date parts are exactly
//! Iceberg's.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, BinaryArray, BooleanArray, Date32Array, Int32Array, Int64Array, RecordBatch,
    StringArray, TimestampMicrosecondArray,
};
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::{DataFusionError, Result, plan_err};
use iceberg::spec::{
    Datum, Literal, PartitionSpecRef, PrimitiveType, Schema, Struct, Transform, Type,
    UnboundPartitionSpec,
};
use iceberg::transform::{BoxedTransformFunction, create_transform_function};

/// The transforms a spec may use, for messages.
const ALLOWED: &str = "identity(col) or col, year(col), month(col), day(col), hour(col), bucket(N, col), truncate(W, col)";

/// The unbound spec of `text` over `schema`. Errors name the field, the transform and what
/// is allowed.
pub fn parse_partitioning(text: &str, schema: &Schema) -> Result<UnboundPartitionSpec> {
    let mut builder = UnboundPartitionSpec::builder();
    for item in split_top_level(text) {
        let item = item.trim();
        if item.is_empty() {
            return plan_err!(
                "Iceberg: 'partitioning' '{text}' has an empty field; allowed: {ALLOWED}, separated by commas"
            );
        }
        let (transform, column) = parse_field(item)?;
        let Some(field) = schema
            .as_struct()
            .fields()
            .iter()
            .find(|f| f.name == column)
        else {
            let names: Vec<&str> = schema
                .as_struct()
                .fields()
                .iter()
                .map(|f| f.name.as_str())
                .collect();
            return plan_err!(
                "Iceberg: 'partitioning' field '{item}' names column '{column}', which the table does not have; its columns: {}",
                names.join(", ")
            );
        };
        if let Err(e) = transform.result_type(&field.field_type) {
            return plan_err!(
                "Iceberg: 'partitioning' field '{item}': transform {transform} cannot apply to column '{column}' of type {}: {}",
                field.field_type,
                e.message()
            );
        }
        let name = match transform {
            Transform::Identity => column.clone(),
            Transform::Year => format!("{column}_year"),
            Transform::Month => format!("{column}_month"),
            Transform::Day => format!("{column}_day"),
            Transform::Hour => format!("{column}_hour"),
            Transform::Bucket(_) => format!("{column}_bucket"),
            Transform::Truncate(_) => format!("{column}_trunc"),
            _ => column.clone(),
        };
        builder = builder
            .add_partition_field(field.id, name, transform)
            .map_err(|e| {
                DataFusionError::Plan(format!(
                    "Iceberg: 'partitioning' field '{item}': {}",
                    e.message()
                ))
            })?;
    }
    Ok(builder.build())
}

/// Splits on commas outside parentheses.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut out = vec![];
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

fn parse_field(item: &str) -> Result<(Transform, String)> {
    let bad = || plan_err!("Iceberg: unknown partition transform '{item}'; allowed: {ALLOWED}");
    let Some(open) = item.find('(') else {
        return Ok((Transform::Identity, unquote(item)));
    };
    if !item.ends_with(')') {
        return bad();
    }
    let name = item[..open].trim().to_ascii_lowercase();
    let args: Vec<&str> = item[open + 1..item.len() - 1]
        .split(',')
        .map(str::trim)
        .collect();
    let transform = match (name.as_str(), args.as_slice()) {
        ("identity", [c]) => (Transform::Identity, c),
        ("year" | "years", [c]) => (Transform::Year, c),
        ("month" | "months", [c]) => (Transform::Month, c),
        ("day" | "days", [c]) => (Transform::Day, c),
        ("hour" | "hours", [c]) => (Transform::Hour, c),
        ("bucket" | "truncate", [n, c]) => {
            let Ok(n) = n.parse::<u32>() else {
                return plan_err!(
                    "Iceberg: partition transform '{item}': '{n}' is not a {}; allowed: a whole number, at least 1",
                    if name == "bucket" {
                        "bucket count"
                    } else {
                        "width"
                    }
                );
            };
            if n == 0 {
                return plan_err!(
                    "Iceberg: partition transform '{item}': {} 0; allowed: at least 1",
                    if name == "bucket" {
                        "bucket count"
                    } else {
                        "width"
                    }
                );
            }
            if name == "bucket" {
                (Transform::Bucket(n), c)
            } else {
                (Transform::Truncate(n), c)
            }
        }
        _ => return bad(),
    };
    Ok((transform.0, unquote(transform.1)))
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('"').to_string()
}

/// Computes the partition value of every row of a batch in the table's Arrow schema.
pub(crate) struct Partitioner {
    spec: PartitionSpecRef,
    schema: Arc<Schema>,
    /// Per partition field: the source column's index and the transform.
    fields: Vec<(usize, BoxedTransformFunction)>,
}

impl Partitioner {
    /// The partitioner of `spec` over `schema`; `None` for an unpartitioned spec.
    pub(crate) fn new(spec: PartitionSpecRef, schema: Arc<Schema>) -> Result<Option<Self>> {
        if spec.is_unpartitioned() {
            return Ok(None);
        }
        let top = schema.as_struct().fields();
        let mut fields = vec![];
        for f in spec.fields() {
            let Some(index) = top.iter().position(|c| c.id == f.source_id) else {
                return plan_err!(
                    "Iceberg: partition field '{}' has source column {} which is not a top-level column; such tables cannot be written here",
                    f.name,
                    f.source_id
                );
            };
            let function = create_transform_function(&f.transform).map_err(|e| {
                DataFusionError::Plan(format!("Iceberg: partition field '{}': {e}", f.name))
            })?;
            fields.push((index, function));
        }
        Ok(Some(Self {
            spec,
            schema,
            fields,
        }))
    }

    /// The partition value of each row of `batch`.
    pub(crate) fn keys(&self, batch: &RecordBatch) -> Result<Vec<Struct>> {
        let n = batch.num_rows();
        let mut values: Vec<Vec<Option<Literal>>> = vec![Vec::with_capacity(self.fields.len()); n];
        for (index, function) in &self.fields {
            let column = batch.column(*index);
            let ty = match self.schema.as_struct().fields()[*index].field_type.as_ref() {
                Type::Primitive(p) => p.clone(),
                other => {
                    return plan_err!("Iceberg: cannot partition by a column of type {other}");
                }
            };
            for (row, out) in values.iter_mut().enumerate() {
                let v = match datum(column.as_ref(), row, &ty)? {
                    None => None,
                    Some(d) => function
                        .transform_literal(&d)
                        .map_err(|e| {
                            DataFusionError::Execution(format!("Iceberg partition value: {e}"))
                        })?
                        .map(|d| Literal::Primitive(d.literal().clone())),
                };
                out.push(v);
            }
        }
        Ok(values.into_iter().map(Struct::from_iter).collect())
    }

    /// The directory of a partition under `data/`: `ts_day=2026-01-02/tenant_id=3`.
    pub(crate) fn path(&self, key: &Struct) -> String {
        self.spec.partition_to_path(key, self.schema.clone())
    }
}

/// Row `row` of `column` as an Iceberg value of type `ty` (`None` for NULL).
fn datum(column: &dyn Array, row: usize, ty: &PrimitiveType) -> Result<Option<Datum>> {
    if column.is_null(row) {
        return Ok(None);
    }
    let any = column.as_any();
    let d = match (column.data_type(), ty) {
        (DataType::Int32, _) => any
            .downcast_ref::<Int32Array>()
            .map(|a| Datum::int(a.value(row))),
        (DataType::Int64, _) => any
            .downcast_ref::<Int64Array>()
            .map(|a| Datum::long(a.value(row))),
        (DataType::Date32, _) => any
            .downcast_ref::<Date32Array>()
            .map(|a| Datum::date(a.value(row))),
        (DataType::Timestamp(TimeUnit::Microsecond, tz), _) => any
            .downcast_ref::<TimestampMicrosecondArray>()
            .map(|a| match tz {
                None => Datum::timestamp_micros(a.value(row)),
                Some(_) => Datum::timestamptz_micros(a.value(row)),
            }),
        (DataType::Utf8, _) => any
            .downcast_ref::<StringArray>()
            .map(|a| Datum::string(a.value(row))),
        (DataType::Boolean, _) => any
            .downcast_ref::<BooleanArray>()
            .map(|a| Datum::bool(a.value(row))),
        (DataType::Binary, _) => any
            .downcast_ref::<BinaryArray>()
            .map(|a| Datum::binary(a.value(row).iter().copied())),
        _ => None,
    };
    match d {
        Some(d) => Ok(Some(d)),
        None => plan_err!(
            "Iceberg: partitioning by a column of type {ty} is not supported here; allowed source types: int, long, date, timestamp, timestamptz, string, boolean, binary"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iceberg::spec::NestedField;

    fn schema() -> Schema {
        Schema::builder()
            .with_fields(vec![
                NestedField::required(1, "id", Type::Primitive(PrimitiveType::Long)).into(),
                NestedField::optional(2, "ts", Type::Primitive(PrimitiveType::Timestamp)).into(),
                NestedField::optional(3, "name", Type::Primitive(PrimitiveType::String)).into(),
            ])
            .build()
            .unwrap()
    }

    #[test]
    fn specs_and_errors() {
        let s = schema();
        let spec =
            parse_partitioning("day(ts), bucket(16, id), truncate(4, name), name", &s).unwrap();
        let names: Vec<_> = spec.fields().iter().map(|f| f.name.clone()).collect();
        assert_eq!(names, ["ts_day", "id_bucket", "name_trunc", "name"]);
        let e = |t: &str| parse_partitioning(t, &s).unwrap_err().to_string();
        assert!(
            e("week(ts)").contains("unknown partition transform 'week(ts)'"),
            "{}",
            e("week(ts)")
        );
        assert!(
            e("bucket(0, id)").contains("bucket count 0; allowed: at least 1"),
            "{}",
            e("bucket(0, id)")
        );
        assert!(
            e("day(nope)").contains("names column 'nope'"),
            "{}",
            e("day(nope)")
        );
        assert!(
            e("day(name)").contains("cannot apply to column 'name'"),
            "{}",
            e("day(name)")
        );
    }
}
