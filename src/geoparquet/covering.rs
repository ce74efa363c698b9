//! GeoParquet 1.1 `covering`: with `COPY … OPTIONS ('covering' 'bbox')`, every geometry
//! column `g` (WKB or native points) gets a sibling column `g_bbox` of struct `{xmin, ymin, xmax, ymax}` (DOUBLE) holding
//! each row's bounding box, and the `geo` metadata names it as the column's bbox covering:
//! readers such as DuckDB and GeoPandas then skip row groups by the Parquet statistics of
//! those four fields. A NULL geometry has a NULL box; an empty one a box of NaNs.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Float64Builder, RecordBatch, StructArray,
};
use datafusion::arrow::datatypes::{DataType, Field, Fields, Schema, SchemaRef};
use datafusion::common::{DataFusionError, Result, exec_err, plan_err};

use super::bbox::{point_coordinates, wkb_bbox};

/// The covering column of geometry column `column`.
pub(crate) fn covering_name(column: &str) -> String {
    format!("{column}_bbox")
}

fn bbox_fields() -> Fields {
    Fields::from(
        ["xmin", "ymin", "xmax", "ymax"]
            .map(|n| Field::new(n, DataType::Float64, false))
            .to_vec(),
    )
}

/// `schema` with a covering column after each geometry column of `columns`; an existing column
/// of that name is a planning error.
pub(crate) fn covering_schema(schema: &SchemaRef, columns: &[String]) -> Result<SchemaRef> {
    let mut fields = Vec::with_capacity(schema.fields().len() + columns.len());
    for f in schema.fields() {
        fields.push(Arc::clone(f));
        if columns.contains(f.name()) {
            let name = covering_name(f.name());
            if schema.field_with_name(&name).is_ok() {
                return plan_err!(
                    "GeoParquet covering: the table already has a column '{name}', the name of the bbox covering of '{}'; rename it or drop the 'covering' option",
                    f.name()
                );
            }
            fields.push(Arc::new(Field::new(
                name,
                DataType::Struct(bbox_fields()),
                f.is_nullable(),
            )));
        }
    }
    Ok(Arc::new(Schema::new_with_metadata(
        fields,
        schema.metadata().clone(),
    )))
}

/// `batch` with the covering columns of `out` (from [`covering_schema`]) filled in.
pub(crate) fn add_covering(batch: &RecordBatch, out: &SchemaRef) -> Result<RecordBatch> {
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(out.fields().len());
    let mut source = batch.columns().iter();
    let mut last: Option<&ArrayRef> = None;
    for f in out.fields() {
        if matches!(f.data_type(), DataType::Struct(s) if *s == bbox_fields())
            && batch.schema().field_with_name(f.name()).is_err()
        {
            let Some(geometry) = last else {
                return exec_err!(
                    "GeoParquet covering: '{}' has no geometry before it",
                    f.name()
                );
            };
            arrays.push(boxes(geometry)?);
        } else {
            let a = source.next().ok_or_else(|| {
                DataFusionError::Internal("GeoParquet covering: a batch lacks a column".into())
            })?;
            arrays.push(Arc::clone(a));
            last = Some(a);
        }
    }
    Ok(RecordBatch::try_new(Arc::clone(out), arrays)?)
}

/// The bbox struct of each geometry of `array` (WKB, or a native point struct whose box is
/// the point itself).
fn boxes(array: &ArrayRef) -> Result<ArrayRef> {
    let n = array.len();
    if let DataType::Struct(_) = array.data_type() {
        let (x, y, nulls) = point_coordinates(array.as_ref(), "covering")?;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(x.clone()),
            Arc::new(y.clone()),
            Arc::new(x.clone()),
            Arc::new(y.clone()),
        ];
        return Ok(Arc::new(StructArray::try_new(
            bbox_fields(),
            columns,
            nulls.cloned(),
        )?));
    }
    let mut b: [Float64Builder; 4] = std::array::from_fn(|_| Float64Builder::with_capacity(n));
    let mut push = |bytes: Option<&[u8]>| -> Result<()> {
        let v = match bytes {
            Some(w) => wkb_bbox(w)?,
            None => [0.0; 4],
        };
        for (builder, x) in b.iter_mut().zip(v) {
            builder.append_value(x);
        }
        Ok(())
    };
    match array.data_type() {
        DataType::Binary => array.as_binary::<i32>().iter().try_for_each(&mut push)?,
        DataType::LargeBinary => array.as_binary::<i64>().iter().try_for_each(&mut push)?,
        DataType::BinaryView => array.as_binary_view().iter().try_for_each(&mut push)?,
        other => return exec_err!("GeoParquet covering: a geometry column has type {other}"),
    }
    let columns: Vec<ArrayRef> = b
        .iter_mut()
        .map(|builder| Arc::new(builder.finish()) as ArrayRef)
        .collect();
    let nulls = array.nulls().cloned();
    Ok(Arc::new(StructArray::try_new(
        bbox_fields(),
        columns,
        nulls,
    )?))
}

/// The `covering` object of the `geo` metadata of geometry column `column`.
pub(crate) fn covering_json(column: &str) -> serde_json::Value {
    let c = covering_name(column);
    serde_json::json!({
        "bbox": {
            "xmin": [c, "xmin"],
            "ymin": [c, "ymin"],
            "xmax": [c, "xmax"],
            "ymax": [c, "ymax"],
        }
    })
}
