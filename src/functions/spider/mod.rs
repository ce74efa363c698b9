//! The Spider vocabulary: what defines a dataset ([`SpiderSpec`]) and its option names and
//! parsing, the point, box and polygon column functions with their encoders, the layout
//! of a spec's geometry columns, and a Spider geometry as one column of a declared table.

mod boxes;
mod column;
mod geometry;
mod options;
mod point;
mod polygon;
mod ring_encoder;
mod spec;

pub use boxes::{BOX_FIELDS, BoxEncode, BoxEncoding, SpiderBox};
pub use column::SpiderColumn;
pub use geometry::{GeometryColumns, NamedFunction};
pub use options::{
    NamedParameters, OPTION_KEYS, build_spec, named_parameters, parse_option_string,
};
pub use point::{SpiderPoint, point_struct_type};
pub use polygon::SpiderPolygon;
pub use spec::{BOX_COLUMN, GeometryFormat, POINT_COLUMN, POLYGON_COLUMN, SpiderSpec};
