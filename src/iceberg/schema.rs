//! Arrow schemas (ours, arrow 59) to Iceberg schemas and back. Iceberg field ids are assigned
//! in pre-order when a table is created; the Arrow schema of a table carries them as
//! `PARQUET:field_id` field metadata, so that the Parquet files DataFusion's writer produces
//! name their columns by id as the Iceberg spec requires.
//!
//! Types map as the Iceberg spec gives them: small integers widen to `int`, `UInt32` to
//! `long`; timestamps are `timestamp` / `timestamptz` in microseconds; strings and binaries of
//! every Arrow layout are `string` / `binary`; geometry columns (WKB) are `binary` with a doc
//! string saying so, since Iceberg v2 has no geometry type.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::datatypes::{
    DataType, Field, Fields, Schema as ArrowSchema, SchemaRef, TimeUnit,
};
use datafusion::common::{Result, plan_err};
use datafusion::parquet::arrow::PARQUET_FIELD_ID_META_KEY;
use iceberg::spec::{
    ListType, NestedField, NestedFieldRef, PrimitiveType, Schema, StructType, Type,
};

/// The Arrow extension-name metadata key.
const EXTENSION_NAME: &str = "ARROW:extension:name";

/// The Iceberg schema of a new table with the columns of `arrow`, ids from 1 in pre-order.
/// Errors name the column and its type.
pub fn iceberg_schema(arrow: &ArrowSchema) -> Result<Schema> {
    let mut next = 0;
    let fields = arrow
        .fields()
        .iter()
        .map(|f| nested_field(f, &mut next, f.name()))
        .collect::<Result<Vec<_>>>()?;
    Schema::builder()
        .with_fields(fields)
        .build()
        .map_err(|e| datafusion::common::DataFusionError::Plan(format!("Iceberg schema: {e}")))
}

fn nested_field(f: &Field, next: &mut i32, path: &str) -> Result<NestedFieldRef> {
    *next += 1;
    let id = *next;
    let ty = iceberg_type(f.data_type(), next, path)?;
    let mut field = NestedField::new(id, f.name(), ty, !f.is_nullable());
    if let Some(ext) = f.metadata().get(EXTENSION_NAME)
        && ext.starts_with("geoarrow.")
    {
        let crs = f
            .metadata()
            .get("ARROW:extension:metadata")
            .map(|m| format!(", {m}"))
            .unwrap_or_default();
        field = field.with_doc(format!(
            "geometry as {ext}{crs} (Iceberg v2 has no geometry type)"
        ));
    }
    Ok(Arc::new(field))
}

fn iceberg_type(t: &DataType, next: &mut i32, path: &str) -> Result<Type> {
    use PrimitiveType as P;
    let p = match t {
        DataType::Boolean => P::Boolean,
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::UInt8 | DataType::UInt16 => {
            P::Int
        }
        DataType::Int64 | DataType::UInt32 => P::Long,
        DataType::Float32 => P::Float,
        DataType::Float64 => P::Double,
        DataType::Decimal128(p, s) if *s >= 0 => P::Decimal {
            precision: u32::from(*p),
            scale: *s as u32,
        },
        DataType::Date32 | DataType::Date64 => P::Date,
        DataType::Time32(_) | DataType::Time64(_) => P::Time,
        DataType::Timestamp(_, None) => P::Timestamp,
        DataType::Timestamp(_, Some(_)) => P::Timestamptz,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => P::String,
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView => P::Binary,
        DataType::FixedSizeBinary(n) if *n > 0 => P::Fixed(*n as u64),
        DataType::Struct(fields) => {
            let nested = fields
                .iter()
                .map(|f| nested_field(f, next, &format!("{path}.{}", f.name())))
                .collect::<Result<Vec<_>>>()?;
            return Ok(Type::Struct(StructType::new(nested)));
        }
        DataType::List(item) | DataType::LargeList(item) | DataType::ListView(item) => {
            let element = nested_field(item, next, &format!("{path}.element"))?;
            return Ok(Type::List(ListType::new(element)));
        }
        other => {
            return plan_err!(
                "Iceberg: column '{path}' has type {other}, which Iceberg cannot store; allowed: booleans, integers (up to 64-bit signed, 32-bit unsigned), floats, decimals, dates, times, timestamps, strings, binaries, structs and lists"
            );
        }
    };
    Ok(Type::Primitive(p))
}

/// The Arrow schema of an Iceberg schema, every field with its `PARQUET:field_id`.
pub fn arrow_schema(schema: &Schema) -> SchemaRef {
    let fields: Vec<Field> = schema
        .as_struct()
        .fields()
        .iter()
        .map(|f| arrow_field(f))
        .collect();
    Arc::new(ArrowSchema::new(fields))
}

fn arrow_field(f: &NestedField) -> Field {
    let ty = arrow_type(&f.field_type);
    Field::new(f.name.clone(), ty, !f.required).with_metadata(HashMap::from([(
        PARQUET_FIELD_ID_META_KEY.to_string(),
        f.id.to_string(),
    )]))
}

fn arrow_type(t: &Type) -> DataType {
    use PrimitiveType as P;
    match t {
        Type::Primitive(p) => match p {
            P::Boolean => DataType::Boolean,
            P::Int => DataType::Int32,
            P::Long => DataType::Int64,
            P::Float => DataType::Float32,
            P::Double => DataType::Float64,
            P::Decimal { precision, scale } => DataType::Decimal128(*precision as u8, *scale as i8),
            P::Date => DataType::Date32,
            P::Time => DataType::Time64(TimeUnit::Microsecond),
            P::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, None),
            P::Timestamptz => DataType::Timestamp(TimeUnit::Microsecond, Some("+00:00".into())),
            P::TimestampNs => DataType::Timestamp(TimeUnit::Nanosecond, None),
            P::TimestamptzNs => DataType::Timestamp(TimeUnit::Nanosecond, Some("+00:00".into())),
            P::String => DataType::Utf8,
            P::Uuid => DataType::FixedSizeBinary(16),
            P::Fixed(n) => DataType::FixedSizeBinary(*n as i32),
            P::Binary => DataType::Binary,
        },
        Type::Struct(s) => DataType::Struct(Fields::from(
            s.fields()
                .iter()
                .map(|f| arrow_field(f))
                .collect::<Vec<_>>(),
        )),
        Type::List(l) => DataType::List(Arc::new(arrow_field(&l.element_field))),
        Type::Map(m) => DataType::Map(
            Arc::new(Field::new(
                "key_value",
                DataType::Struct(Fields::from(vec![
                    arrow_field(&m.key_field),
                    arrow_field(&m.value_field),
                ])),
                false,
            )),
            false,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_pre_order_and_back() {
        let arrow = ArrowSchema::new(vec![
            Field::new("id", DataType::Int64, false),
            Field::new(
                "p",
                DataType::Struct(Fields::from(vec![
                    Field::new("x", DataType::Float64, false),
                    Field::new("y", DataType::Float64, false),
                ])),
                true,
            ),
            Field::new("tags", DataType::new_list(DataType::Utf8View, true), true),
            Field::new(
                "ts",
                DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
                true,
            ),
            Field::new("small", DataType::Int16, true),
        ]);
        let schema = iceberg_schema(&arrow).unwrap();
        let back = arrow_schema(&schema);
        let id = |f: &Field| f.metadata()[PARQUET_FIELD_ID_META_KEY].clone();
        assert_eq!(id(back.field(0)), "1");
        assert_eq!(id(back.field(1)), "2");
        let DataType::Struct(p) = back.field(1).data_type() else {
            panic!()
        };
        assert_eq!((id(&p[0]), id(&p[1])), ("3".into(), "4".into()));
        assert_eq!(id(back.field(2)), "5");
        assert_eq!(id(back.field(3)), "7");
        assert_eq!(
            back.field(3).data_type(),
            &DataType::Timestamp(TimeUnit::Microsecond, Some("+00:00".into()))
        );
        assert_eq!(back.field(4).data_type(), &DataType::Int32);
        assert!(!back.field(0).is_nullable());
        let e = iceberg_schema(&ArrowSchema::new(vec![Field::new(
            "u",
            DataType::UInt64,
            true,
        )]))
        .unwrap_err()
        .to_string();
        assert!(e.contains("column 'u' has type UInt64"), "{e}");
    }
}
