//! [`ParentRow`]: a child row's parent row, picked from the child column's own stream by a
//! [`PickDistribution`] (uniform, zipf, pareto, weighted by a parent column, sequential),
//! with an optional share of deliberate orphans.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type};
use datafusion::common::{Result, plan_err};

use crate::functions::{ColumnFunction, Rows, RowsFn};
use crate::generate::RowRng;
use crate::generate::tabular::{RowGenerator, Weighted, Zipf, below};
use crate::table::changes::ChangeModel;
use crate::table::model::SyntheticTable;

/// How a child row picks its parent row.
#[derive(Debug, Clone, PartialEq)]
pub enum PickDistribution {
    /// Every parent row equally likely.
    Uniform,
    /// Parent row `r` (0-based) with probability proportional to `1 / (r + 1)^s`.
    Zipf(f64),
    /// Parent row `floor(X) - 1` for `X` Pareto-distributed with shape `alpha` on
    /// `[1, parents + 1)` (truncated): `P(row >= r) ≈ (r + 1)^-alpha`, the 80/20 rule at
    /// `alpha ≈ 1.16`.
    Pareto(f64),
    /// Parent row `r` with probability proportional to the parent's numeric column (named
    /// here) at row `r`: evaluated once, when the child is created (parents of at most
    /// [`MAX_WEIGHTED_PARENTS`] rows).
    Weighted(String),
    /// Round-robin: child row `i` picks parent row `i mod parents`.
    Sequential,
}

/// The most parent rows a weighted pick reads the weights of (12 bytes each, kept).
pub const MAX_WEIGHTED_PARENTS: u64 = 1 << 24;

/// The weights of a weighted pick: the parent's numeric `column` at every row.
fn parent_weights(parent: &SyntheticTable, column: &str) -> Result<Weighted> {
    let name = parent.name();
    let rows = parent.rows();
    let Ok(index) = parent.schema().index_of(column) else {
        let names: Vec<&str> = parent
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        return plan_err!(
            "weighted pick: table '{name}' has no column '{column}'; its columns are: {}",
            names.join(", ")
        );
    };
    let data_type = parent.schema().field(index).data_type();
    if !data_type.is_numeric() {
        return plan_err!(
            "weighted pick: invalid value for 'weight column': '{column}' of '{name}' of type {data_type}; allowed: a numeric column"
        );
    }
    if rows > MAX_WEIGHTED_PARENTS {
        return plan_err!(
            "weighted pick: parent '{name}' has {rows} rows; weighted picks read every parent's weight when the child is created, so at most {MAX_WEIGHTED_PARENTS} rows are allowed (use 'zipf' or 'pareto' for larger parents)"
        );
    }
    let plan = parent.eval_plan(Some(&[index]))?;
    let mut weights = Vec::with_capacity(rows as usize);
    let mut start = 0;
    while start < rows {
        let end = (start + 65_536).min(rows);
        let batch = parent.evaluate_range(&plan, start, end)?;
        let values = cast(batch.column(0), &DataType::Float64)?;
        let values = values.as_primitive::<Float64Type>();
        if let Some(i) = (0..values.len()).find(|&i| values.is_null(i)) {
            return plan_err!(
                "weighted pick: weight column '{column}' of '{name}' is NULL at row {}; weights must be numbers >= 0",
                start + i as u64
            );
        }
        weights.extend_from_slice(values.values());
        start = end;
    }
    Weighted::float(weights.len(), &weights).map_err(|e| {
        datafusion::common::plan_datafusion_err!(
            "weighted pick: weight column '{column}' of '{name}': {e}"
        )
    })
}

/// Deliberate orphans: a `share` of the picks name a *phantom* row past the parent's end,
/// uniformly among `rows` of them, where a key with distinct rows holds a value no parent
/// row has.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Orphans {
    /// The probability that a pick is an orphan, in `[0, 1]`.
    pub share: f64,
    /// Phantom rows `parents..parents + rows` an orphan picks from (at least 1).
    pub rows: u64,
}

/// Mixed into a pick's stream for the orphan draw, so the other picks equal those of the
/// same column without orphans.
const ORPHAN_STREAM: u64 = 0x6f72_7068_616e_7321;

/// A `BIGINT` column of parent row indices in `[0, parents)` (0-based rows of the parent),
/// or past the end for [`Orphans`].
#[derive(Debug, Clone)]
pub struct ParentRow {
    parent: String,
    parents: u64,
    dist: PickDistribution,
    zipf: Option<Zipf>,
    /// `1 - (parents + 1)^-alpha` of a Pareto pick.
    pareto_mass: f64,
    weights: Option<Weighted>,
    orphans: Option<Orphans>,
    /// How the parent changes over time, when it does: a child that changes too picks
    /// parents alive while its pick holds.
    parent_changes: Option<Arc<ChangeModel>>,
}

impl ParentRow {
    /// Picks among the rows of `parent` by `dist`.
    pub fn new(parent: &SyntheticTable, dist: PickDistribution) -> Result<Self> {
        let parents = parent.rows();
        if parents == 0 {
            return plan_err!("parent table '{}' has no rows to reference", parent.name());
        }
        let weights = match &dist {
            PickDistribution::Weighted(column) => Some(parent_weights(parent, column)?),
            _ => None,
        };
        let pareto_mass = match dist {
            PickDistribution::Pareto(alpha) => -libm::expm1(-alpha * libm::log1p(parents as f64)),
            _ => 0.0,
        };
        let zipf = match dist {
            PickDistribution::Zipf(s) => match Zipf::new(parents.min(i64::MAX as u64) as i64, s) {
                Ok(z) => Some(z),
                Err(e) => {
                    return plan_err!("parent_row(): {e}");
                }
            },
            _ => None,
        };
        Ok(ParentRow {
            parent: parent.name().to_string(),
            parents,
            dist,
            zipf,
            pareto_mass,
            weights,
            orphans: None,
            parent_changes: parent.changes().cloned(),
        })
    }

    /// The parent's change model, when the parent changes over time.
    pub fn parent_changes(&self) -> Option<&Arc<ChangeModel>> {
        self.parent_changes.as_ref()
    }

    /// The name of the parent table.
    pub fn parent_name(&self) -> &str {
        &self.parent
    }

    /// The number of parent rows.
    pub fn parents(&self) -> u64 {
        self.parents
    }

    /// The same picks, except that a share of them are orphans.
    pub fn with_orphans(mut self, orphans: Orphans) -> Self {
        self.orphans = Some(orphans);
        self
    }
}

struct Picks<'a>(&'a ParentRow, u64);

impl RowsFn<Vec<i64>> for Picks<'_> {
    fn call(self, rows: impl Iterator<Item = u64>) -> Vec<i64> {
        let Picks(p, stream) = self;
        match p.orphans {
            None => picks(p, stream, rows, |_, v| v),
            Some(o) => {
                let end = p.parents as i64;
                picks(p, stream, rows, |r, v| {
                    let mut rng = RowRng::new(stream ^ ORPHAN_STREAM, r);
                    if rng.next_f64() < o.share {
                        end + below(&mut rng, o.rows) as i64
                    } else {
                        v
                    }
                })
            }
        }
    }
}

/// The picks of `rows`, each passed through `finish(row, pick)`; one loop per distribution.
#[inline]
fn picks(
    p: &ParentRow,
    stream: u64,
    rows: impl Iterator<Item = u64>,
    finish: impl Fn(u64, i64) -> i64,
) -> Vec<i64> {
    // Parent rows (and phantom rows) are below 2^63: a table has at most 2^63 - 1 rows.
    match (&p.dist, &p.zipf, &p.weights) {
        (PickDistribution::Sequential, ..) => {
            rows.map(|r| finish(r, (r % p.parents) as i64)).collect()
        }
        (PickDistribution::Zipf(_), Some(z), _) => {
            rows.map(|r| finish(r, z.value(stream, r) - 1)).collect()
        }
        (PickDistribution::Weighted(_), _, Some(w)) => rows
            .map(|r| finish(r, i64::from(w.value(stream, r))))
            .collect(),
        (&PickDistribution::Pareto(alpha), ..) => {
            let (mass, last) = (p.pareto_mass, (p.parents - 1) as f64);
            rows.map(|r| {
                let u = RowRng::new(stream, r).next_f64();
                // Inversion of the truncated Pareto: X = (1 - u·mass)^(-1/alpha) in [1, n+1).
                let x = libm::exp(-libm::log1p(-u * mass) / alpha);
                finish(r, (x - 1.0).floor().clamp(0.0, last) as i64)
            })
            .collect()
        }
        _ => rows
            .map(|r| finish(r, below(&mut RowRng::new(stream, r), p.parents) as i64))
            .collect(),
    }
}

impl ColumnFunction for ParentRow {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Int64, false)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let values = rows.with_iter(Picks(self, stream));
        Ok(Arc::new(Int64Array::from(values)))
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        let d = match &self.dist {
            PickDistribution::Uniform => "'uniform'".to_string(),
            PickDistribution::Zipf(s) => format!("'zipf', {s}"),
            PickDistribution::Sequential => "'sequential'".to_string(),
            PickDistribution::Pareto(a) => format!("'pareto', {a}"),
            PickDistribution::Weighted(c) => format!("'weighted', '{c}'"),
        };
        match self.orphans {
            None => format!("parent_row('{}', {d})", self.parent),
            Some(o) => format!("orphan_row('{}', {}, {d})", self.parent, o.share),
        }
    }
}
