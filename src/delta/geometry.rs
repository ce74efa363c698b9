//! The columns of a new Delta table, from an Arrow schema. Types are mapped as delta-rs maps
//! them (nanosecond timestamps become microseconds, string views become strings). Geometry
//! columns (a GeoArrow extension on a binary column) stay WKB binary: GeoParquet is not part of
//! the Delta protocol, so the column carries a `comment` saying what its bytes are, and keeps
//! its GeoArrow extension name and metadata (CRS) as column metadata.

use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::common::{Result, plan_err};
use deltalake::kernel::StructField;
use deltalake::kernel::StructType;
use deltalake::kernel::engine::arrow_conversion::TryIntoKernel;
use deltalake::kernel::schema::cast::normalize_for_delta;

/// The Arrow field metadata key of an extension type.
const EXTENSION_NAME: &str = "ARROW:extension:name";

/// The Delta columns of `schema`; errors name a column Delta cannot store.
pub(crate) fn delta_columns(schema: &SchemaRef) -> Result<Vec<StructField>> {
    let normalized = normalize_for_delta(schema);
    let converted: Result<StructType, _> = normalized.as_ref().try_into_kernel();
    let fields = match converted {
        Ok(s) => s,
        Err(e) => {
            let columns = schema
                .fields()
                .iter()
                .map(|f| format!("{} {}", f.name(), f.data_type()))
                .collect::<Vec<_>>()
                .join(", ");
            return plan_err!("Delta: cannot store the columns ({columns}) in a Delta table: {e}");
        }
    };
    Ok(fields
        .fields()
        .zip(normalized.fields().iter())
        .map(|(field, arrow)| match arrow.metadata().get(EXTENSION_NAME) {
            Some(ext) if ext.starts_with("geoarrow.") => {
                let encoding = match arrow.data_type() {
                    DataType::Binary | DataType::LargeBinary | DataType::BinaryView => "WKB",
                    _ => "GeoArrow native",
                };
                field.clone().add_metadata([(
                    "comment",
                    format!(
                        "geometry as {encoding} ({ext}); GeoParquet metadata is not part of the Delta protocol"
                    ),
                )])
            }
            _ => field.clone(),
        })
        .collect())
}
