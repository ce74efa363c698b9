//! `spider_geometry(distribution [, options])`: a geometry column of a declared table drawn
//! from a Spider distribution — points, boxes or polygons, WKB (default), WKT or GeoArrow
//! native — with the options of `spider()`'s options string. Computed with the same column
//! functions as the `spider()` table ([`SpiderColumn`]), so the values are `spider()`'s.

use std::sync::Arc;

use datafusion::common::{Result, plan_err};

use super::spec::{Call, GeneratorSpec};
use crate::functions::args::{str_arg, u64_from_str};
use crate::functions::column::ColumnFunction;
use crate::functions::spider::{SpiderColumn, build_spec, parse_option_string};

/// The cardinality of a non-parcel dataset in a declared table: any row can be drawn.
const UNBOUNDED: u64 = i64::MAX as u64;

/// `spider_geometry(distribution [, options])`.
pub const SPIDER_GEOMETRY: GeneratorSpec = GeneratorSpec {
    name: "spider_geometry",
    signature: "spider_geometry(distribution VARCHAR [, options VARCHAR]) -> BINARY (WKB) | VARCHAR (WKT) | STRUCT (native): a Spider point, box or polygon per row; options as spider()'s ('geometry=box maxsize=0.01 format=wkt affine=… seed=7 cardinality=1000')",
    doc: "A Spider geometry per row — points, boxes or polygons of any of the six distributions — \
        with the options of `spider()`'s options string plus `seed=s` (the column is then \
        `spider(distribution, n, s, options)`'s geometry row for row) and `cardinality=n` \
        (required for `parcel`: the number of parcels, at least the table's rows). Declare \
        `BYTEA` for WKB, `VARCHAR` for WKT, `STRUCT<x DOUBLE, y DOUBLE>` for native points; see \
        [geometry columns](sql/geometry.md).",
    pii: "",
    min_args: 1,
    max_args: 2,
    column_args: &[],
    build: spider_geometry,
};

fn spider_geometry(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let distribution = str_arg(c.name, "distribution", &c.args[0])?;
    let options = match c.args.get(1) {
        Some(v) => parse_option_string(str_arg(c.name, "options", v)?)?,
        None => vec![],
    };
    let (mut seed, mut cardinality) = (None, None);
    let mut rest = Vec::with_capacity(options.len());
    for (k, v) in options {
        match k.as_str() {
            "seed" => seed = Some(u64_from_str("spider_geometry", &k, &v, 0, u64::MAX)?),
            "cardinality" => {
                cardinality = Some(u64_from_str("spider_geometry", &k, &v, 1, UNBOUNDED)?)
            }
            _ => rest.push((k, v)),
        }
    }
    let parcel = distribution.trim().eq_ignore_ascii_case("parcel");
    let cardinality = match (cardinality, parcel) {
        (Some(n), _) => n,
        (None, false) => UNBOUNDED,
        (None, true) => {
            return plan_err!(
                "spider_geometry(): distribution 'parcel' needs cardinality=N in the options: the number of parcels the unit square is split into (usually the table's rows)"
            );
        }
    };
    let spec = build_spec(distribution, cardinality, seed.unwrap_or(0), &rest)?;
    Ok(Arc::new(SpiderColumn::new(
        spec,
        seed.is_some(),
        c.describe.clone(),
    )?))
}
