//! Which columns of a table a GeoParquet file holds as geometry, and in which GeoParquet
//! 1.1 encoding: `geoarrow.wkb` binary columns as `"WKB"`, and GeoArrow native
//! `geoarrow.point` columns with separated coordinates (a struct `{x, y}` or `{x, y, z}` of
//! DOUBLE, what `spider(…, 'format=native')` writes) as the native `"point"` encoding, whose
//! coordinates Parquet stores as plain DOUBLE columns with min/max statistics. Other GeoArrow
//! columns (WKT, boxes, …) have no GeoParquet encoding and are written as ordinary columns.

use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::{Result, plan_err};

/// The GeoArrow extension name of WKB columns.
pub(crate) const WKB_EXTENSION: &str = "geoarrow.wkb";
/// The GeoArrow extension name of native point columns.
pub(crate) const POINT_EXTENSION: &str = "geoarrow.point";

/// How a geometry column is encoded in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GeoEncoding {
    /// ISO WKB in a binary column.
    Wkb,
    /// A struct of DOUBLE coordinates `x`, `y` (and `z` when `z`).
    Point { z: bool },
}

impl GeoEncoding {
    /// The `encoding` value of the `geo` metadata.
    pub(crate) fn name(self) -> &'static str {
        match self {
            GeoEncoding::Wkb => "WKB",
            GeoEncoding::Point { .. } => "point",
        }
    }

    /// The geometry type every value of a native column has (`None` for WKB, whose types
    /// are gathered from the values).
    pub(crate) fn fixed_type(self) -> Option<&'static str> {
        match self {
            GeoEncoding::Wkb => None,
            GeoEncoding::Point { z: false } => Some("Point"),
            GeoEncoding::Point { z: true } => Some("Point Z"),
        }
    }

    /// The names of the coordinate fields of a native column (none for WKB).
    pub(crate) fn coordinates(self) -> &'static [&'static str] {
        match self {
            GeoEncoding::Wkb => &[],
            GeoEncoding::Point { z: false } => &["x", "y"],
            GeoEncoding::Point { z: true } => &["x", "y", "z"],
        }
    }
}

/// The GeoParquet encoding of `field`, `None` for a column that is not GeoParquet geometry;
/// a planning error for a GeoArrow geometry column GeoParquet cannot hold as it is.
pub(crate) fn encoding_of(field: &Field) -> Result<Option<GeoEncoding>> {
    let name = field.name();
    match field
        .metadata()
        .get("ARROW:extension:name")
        .map(String::as_str)
    {
        Some(WKB_EXTENSION) => match field.data_type() {
            DataType::Binary | DataType::LargeBinary | DataType::BinaryView => {
                Ok(Some(GeoEncoding::Wkb))
            }
            other => plan_err!(
                "GeoParquet: column '{name}' is tagged {WKB_EXTENSION} but has type {other}; allowed: BINARY, LARGE BINARY or BINARY VIEW"
            ),
        },
        Some(POINT_EXTENSION) => {
            let DataType::Struct(fields) = field.data_type() else {
                return plan_err!(
                    "GeoParquet: column '{name}' is a {POINT_EXTENSION} column of type {} (interleaved coordinates); GeoParquet native points are a struct of DOUBLE x, y (separated coordinates): build it with separated coordinates, or write WKB (st_aswkb)",
                    field.data_type()
                );
            };
            let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
            let doubles = fields.iter().all(|f| f.data_type() == &DataType::Float64);
            match names.as_slice() {
                ["x", "y"] if doubles => Ok(Some(GeoEncoding::Point { z: false })),
                ["x", "y", "z"] if doubles => Ok(Some(GeoEncoding::Point { z: true })),
                _ => plan_err!(
                    "GeoParquet: column '{name}' is a {POINT_EXTENSION} column of type {}; allowed: a struct of DOUBLE fields x, y or x, y, z (GeoParquet 1.1 has no M coordinates)",
                    field.data_type()
                ),
            }
        }
        _ => Ok(None),
    }
}

/// The names of the top-level geometry columns of `schema`, in schema order.
pub(crate) fn geometry_columns(schema: &Schema) -> Result<Vec<String>> {
    let mut columns = vec![];
    for f in schema.fields() {
        if encoding_of(f)?.is_some() {
            columns.push(f.name().clone());
        }
    }
    Ok(columns)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use datafusion::arrow::datatypes::Fields;

    use super::*;

    fn tagged(name: &str, data_type: DataType, extension: &str) -> Field {
        Field::new(name, data_type, true).with_metadata(HashMap::from([(
            "ARROW:extension:name".to_string(),
            extension.to_string(),
        )]))
    }

    fn point_struct(names: &[&str]) -> DataType {
        DataType::Struct(Fields::from(
            names
                .iter()
                .map(|n| Field::new(*n, DataType::Float64, false))
                .collect::<Vec<_>>(),
        ))
    }

    #[test]
    fn encodings_follow_the_extension_and_the_layout() {
        let wkb = tagged("g", DataType::Binary, WKB_EXTENSION);
        assert_eq!(encoding_of(&wkb).unwrap(), Some(GeoEncoding::Wkb));
        let p = tagged("p", point_struct(&["x", "y"]), POINT_EXTENSION);
        assert_eq!(
            encoding_of(&p).unwrap(),
            Some(GeoEncoding::Point { z: false })
        );
        let pz = tagged("p", point_struct(&["x", "y", "z"]), POINT_EXTENSION);
        assert_eq!(
            encoding_of(&pz).unwrap().unwrap().fixed_type(),
            Some("Point Z")
        );
        let plain = Field::new("x", DataType::Float64, false);
        assert_eq!(encoding_of(&plain).unwrap(), None);
        let wkt = tagged("w", DataType::Utf8, "geoarrow.wkt");
        assert_eq!(encoding_of(&wkt).unwrap(), None);
    }

    #[test]
    fn layouts_geoparquet_cannot_hold_are_named_errors() {
        let m = tagged("p", point_struct(&["x", "y", "m"]), POINT_EXTENSION);
        assert_eq!(
            encoding_of(&m).unwrap_err().strip_backtrace(),
            "Error during planning: GeoParquet: column 'p' is a geoarrow.point column of type Struct(\"x\": non-null Float64, \"y\": non-null Float64, \"m\": non-null Float64); allowed: a struct of DOUBLE fields x, y or x, y, z (GeoParquet 1.1 has no M coordinates)"
        );
        let interleaved = tagged(
            "p",
            DataType::FixedSizeList(Field::new("xy", DataType::Float64, false).into(), 2),
            POINT_EXTENSION,
        );
        let e = encoding_of(&interleaved).unwrap_err().strip_backtrace();
        assert!(
            e.contains("column 'p' is a geoarrow.point column of type FixedSizeList"),
            "{e}"
        );
        assert!(e.contains("(interleaved coordinates)"), "{e}");
        let text = tagged("g", DataType::Utf8, WKB_EXTENSION);
        assert_eq!(
            encoding_of(&text).unwrap_err().strip_backtrace(),
            "Error during planning: GeoParquet: column 'g' is tagged geoarrow.wkb but has type Utf8; allowed: BINARY, LARGE BINARY or BINARY VIEW"
        );
    }
}
