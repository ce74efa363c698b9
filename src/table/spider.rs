//! Spider tables as presets of the model: `id = sequence(1, 1)`, and the geometry columns
//! of the spec's [`GeometryColumns`]: a hidden source (points or boxes drawn from the
//! distribution) with the visible encodings derived from it (WKB, WKT, GeoArrow native or
//! flat coordinates), or polygons generated and encoded in one visible column. The spec and
//! its column functions are the vocabulary's ([`crate::functions::spider`]); only
//! assembling them into a table is here.

use std::sync::Arc;

use datafusion::common::Result;

use super::origin::SpiderOrigin;
use super::{ColumnDef, SyntheticTable, SyntheticTableBuilder, TableOrigin};
use crate::functions::Sequence;
use crate::functions::args::param_error;
use crate::functions::spider::{GeometryColumns, SpiderSpec, build_spec};

/// A Spider spec as a synthetic table (the `spider(...)` and `STORED AS SPIDER` tables).
pub trait SpiderTable {
    /// Validates the spec and builds the synthetic table called `name`.
    fn to_table(&self, name: &str) -> Result<SyntheticTable>;
}

impl SpiderTable for SpiderSpec {
    fn to_table(&self, name: &str) -> Result<SyntheticTable> {
        self.validate().map_err(|e| param_error("spider", e))?;
        let mut b = SyntheticTableBuilder::new(name, self.cardinality, self.seed)
            .descriptor(self.descriptor())
            .column(ColumnDef::new(
                "id",
                Arc::new(Sequence { start: 1, step: 1 }),
            ));
        let GeometryColumns { source, outputs } = GeometryColumns::of(self);
        let (source_name, source) = source;
        if outputs.is_empty() {
            return b.column(ColumnDef::new(source_name, source)).build();
        }
        b = b.column(ColumnDef::new(source_name, source).hidden());
        for (name, encoder) in outputs {
            b = b.column(ColumnDef::new(name, encoder).with_inputs([source_name]));
        }
        b.build()
    }
}

/// The Spider table `origin` describes, with its origin recorded so that another process
/// can make it again.
pub fn spider_table(origin: SpiderOrigin) -> Result<SyntheticTable> {
    let o = &origin;
    let spec = build_spec(&o.distribution, o.cardinality, o.seed, &o.options)?;
    let mut table = spec.to_table(&o.name)?;
    table.set_origin(TableOrigin::Spider(origin));
    Ok(table)
}
