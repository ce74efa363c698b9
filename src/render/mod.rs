//! Pictures of query results: `COPY (query) TO 'out.png' [STORED AS PNG] [OPTIONS (…)]`
//! draws a geometry column (WKB, WKT, GeoArrow native points and boxes), two numeric
//! columns as points, or one numeric column as a histogram, into a PNG — density with a log
//! colour scale by default, or outlines or fills in one colour. Rendering streams: each
//! worker draws into its own raster, rasters merge exactly, so memory is bounded by the
//! image size and the picture is the same under any partitioning. See docs/sql/png.md.
//!
//! Depends on DataFusion, Arrow, tiny-skia, png and colorous only: it knows nothing of
//! synthetic tables (no `crate::` import), so any DataFusion plan can be drawn.

mod bounds;
mod colour;
mod exec;
mod format;
mod histogram;
mod image;
mod options;
mod raster;
mod shapes;
mod source;

pub use exec::{RenderExec, Target, render_png};
pub use format::{PNG_EXT, PngFormat, PngFormatFactory, PngTableFactory};
pub use options::{KEYS as OPTION_KEYS, MAX_SIDE, Mode, RenderOptions};
