//! Related tables without materializing the parent: a child column picks a parent *row
//! index* ([`ParentRow`]) from its own stream, and [`Lookup`] evaluates any column of the
//! captured parent table at the picked rows (the `Rows::Indices` path). A foreign key is a
//! lookup of the parent's key column, so every FK value exists in the parent whatever the
//! key's expression (sequence, unique_int, pattern, uuid); several lookups sharing one
//! hidden pick column give composite keys and parent-dependent values.
//!
//! The parent is captured as an `Arc<SyntheticTable>` when the child is built: dropping or
//! replacing the parent later does not change the child.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BooleanArray, Int64Array};
use datafusion::arrow::compute::nullif;
use datafusion::arrow::datatypes::Int64Type;
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{Result, exec_err, plan_err};

use super::model::{EvalPlan, SyntheticTable};
use crate::functions::{ColumnFunction, Rows, RowsFn};
use crate::generate::RowRng;
use crate::generate::fanout::FanOut;
use crate::generate::tabular::{RowGenerator, Weighted, Zipf, below};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::Float64Type;

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
            "weighted pick: weight column '{column}' of '{name}' must be numeric, got {data_type}"
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
            "weighted pick: weight column '{column}' of '{name}': {} must be {}, got {}",
            e.param,
            e.allowed,
            e.value
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
                    return plan_err!(
                        "parent_row(): {} must be {}, got {}",
                        e.param,
                        e.allowed,
                        e.value
                    );
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
        })
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

/// One column of a captured parent table evaluated at the parent rows of its single input
/// column (a [`ParentRow`] column).
#[derive(Debug, Clone)]
pub struct Lookup {
    parent: Arc<SyntheticTable>,
    column: String,
    plan: EvalPlan,
    field: Field,
    /// The pick column may be NULL (then so is the value).
    nullable_picks: bool,
    /// Picks may name this many phantom rows past the parent's end (orphans).
    phantom: u64,
}

impl Lookup {
    /// Looks up `column` of `parent`; unknown columns are planning errors listing the
    /// parent's columns.
    pub fn new(parent: Arc<SyntheticTable>, column: &str, nullable_picks: bool) -> Result<Self> {
        let schema = parent.schema().clone();
        let Ok(index) = schema.index_of(column) else {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            return plan_err!(
                "table '{}' has no column '{column}'; its columns are: {}",
                parent.name(),
                names.join(", ")
            );
        };
        let plan = parent.eval_plan(Some(&[index]))?;
        let field = schema.field(index).clone();
        Ok(Lookup {
            parent,
            column: column.to_string(),
            plan,
            field,
            nullable_picks,
            phantom: 0,
        })
    }

    /// Also evaluates picks naming one of `rows` phantom rows past the parent's end (the
    /// caller checked that the column can be generated there: [`Orphans`]).
    pub fn with_phantom_rows(mut self, rows: u64) -> Self {
        self.phantom = rows;
        self
    }
}

impl ColumnFunction for Lookup {
    fn field(&self, name: &str) -> Field {
        self.field
            .clone()
            .with_name(name)
            .with_nullable(self.field.is_nullable() || self.nullable_picks)
    }

    fn evaluate(&self, _rows: &Rows<'_>, _stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let Some(picks) = inputs
            .first()
            .and_then(|a| a.as_primitive_opt::<Int64Type>())
        else {
            return exec_err!(
                "lookup('{}', '{}', …) needs one BIGINT parent_row column as input",
                self.parent.name(),
                self.column
            );
        };
        let parents = self.parent.rows() + self.phantom;
        // A NULL pick (a NULL PERCENT on the pick column) gives NULL; a pick outside the
        // parent (a user-made index) is an error, never a wrong row.
        let mut indices = Vec::with_capacity(picks.len());
        let in_range = |v: i64| v >= 0 && (v as u64) < parents;
        if picks.null_count() == 0 && picks.values().iter().all(|&v| in_range(v)) {
            // The common case, branch-free: every pick is a parent row.
            indices.extend(picks.values().iter().map(|&v| v as u64));
        } else {
            return self.evaluate_checked(picks, parents);
        }
        let batch = self.parent.evaluate(&self.plan, &Rows::Indices(&indices))?;
        Ok(batch.column(0).clone())
    }

    fn arity(&self) -> usize {
        1
    }

    fn describe(&self, inputs: &[&str]) -> String {
        format!(
            "lookup('{}', '{}', {})",
            self.parent.name(),
            self.column,
            inputs.first().copied().unwrap_or("?")
        )
    }
}

impl Lookup {
    /// [`ColumnFunction::evaluate`] for picks with NULLs or out-of-range values.
    fn evaluate_checked(
        &self,
        picks: &datafusion::arrow::array::Int64Array,
        parents: u64,
    ) -> Result<ArrayRef> {
        let mut indices = Vec::with_capacity(picks.len());
        for (i, v) in picks.iter().enumerate() {
            match v {
                Some(v) if v >= 0 && (v as u64) < parents => indices.push(v as u64),
                Some(v) => {
                    return exec_err!(
                        "lookup('{}', '{}', …): parent row {v} (row {i} of the batch) is outside the parent's rows 0..{parents}",
                        self.parent.name(),
                        self.column
                    );
                }
                None => indices.push(0),
            }
        }
        // Not `evaluate_indices`, whose bound is the parent's rows: phantom rows are past it.
        let batch = self.parent.evaluate(&self.plan, &Rows::Indices(&indices))?;
        let values = batch.column(0).clone();
        match picks.nulls() {
            None => Ok(values),
            Some(nulls) => {
                let mask = datafusion::arrow::array::BooleanArray::from(
                    (0..picks.len())
                        .map(|i| Some(nulls.is_null(i)))
                        .collect::<Vec<_>>(),
                );
                let null = datafusion::common::ScalarValue::try_from(values.data_type())?
                    .to_array_of_size(values.len())?;
                Ok(datafusion::arrow::compute::kernels::zip::zip(
                    &mask, &null, &values,
                )?)
            }
        }
    }
}

/// What a fan-out child column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FanoutValue {
    /// The row's parent row (0-based).
    Parent,
    /// The row's position among its parent's children (0-based).
    Index,
}

/// `fanout_parent()` / `fanout_index()`: where a child row of a one-to-many table sits,
/// from the table's [`FanOut`] index (O(log n) to locate a row, O(1) per row after).
#[derive(Debug, Clone)]
pub struct FanoutColumn {
    index: Arc<FanOut>,
    value: FanoutValue,
}

impl FanoutColumn {
    /// The `value` of each child row of `index`.
    pub fn new(index: Arc<FanOut>, value: FanoutValue) -> Self {
        FanoutColumn { index, value }
    }
}

impl ColumnFunction for FanoutColumn {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Int64, false)
    }

    fn evaluate(&self, rows: &Rows<'_>, _stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let total = self.index.total();
        let pick = |(parent, k): (u64, u64)| match self.value {
            FanoutValue::Parent => parent as i64,
            FanoutValue::Index => k as i64,
        };
        let mut out = Vec::with_capacity(rows.len());
        match rows {
            Rows::Range(r) if r.end <= total => {
                self.index
                    .for_each(r.start, r.end, |parent, k| out.push(pick((parent, k))));
            }
            Rows::Indices(ix) if ix.iter().all(|&r| r < total) => {
                out.extend(ix.iter().map(|&r| pick(self.index.locate(r))));
            }
            _ => return exec_err!("fan-out rows beyond the table's {total} rows"),
        }
        Ok(Arc::new(Int64Array::from(out)))
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        match self.value {
            FanoutValue::Parent => "fanout_parent()".to_string(),
            FanoutValue::Index => "fanout_index()".to_string(),
        }
    }
}

/// `self_key(key [, window])`: the table's own `key` column at an earlier row, picked
/// uniformly among all earlier rows (or the `window` rows before), `NULL` for the first
/// row: an employee's manager, a message's reply-to. Uniform picks over all earlier rows
/// make a random recursive tree (depth about `ln n`).
#[derive(Debug, Clone)]
pub struct SelfKey {
    key_name: String,
    key: Arc<dyn ColumnFunction>,
    key_stream: u64,
    window: Option<u64>,
}

impl SelfKey {
    /// `key` is the input-free function of column `key_name`, evaluated on `key_stream`
    /// (the column's own stream, so the values are the column's).
    pub fn new(
        key_name: &str,
        key: Arc<dyn ColumnFunction>,
        key_stream: u64,
        window: Option<u64>,
    ) -> Self {
        SelfKey {
            key_name: key_name.to_string(),
            key,
            key_stream,
            window,
        }
    }
}

struct EarlierRows(Option<u64>, u64);

impl RowsFn<(Vec<u64>, bool)> for EarlierRows {
    fn call(self, rows: impl Iterator<Item = u64>) -> (Vec<u64>, bool) {
        let EarlierRows(window, stream) = self;
        let mut first = false;
        let picks = rows
            .map(|r| {
                first |= r == 0;
                let lo = window.map_or(0, |w| r.saturating_sub(w));
                // Row 0 has no earlier row: a placeholder, then NULL.
                lo + below(&mut RowRng::new(stream, r), (r - lo).max(1))
            })
            .collect();
        (picks, first)
    }
}

impl ColumnFunction for SelfKey {
    fn field(&self, name: &str) -> Field {
        self.key.field(name).with_nullable(true)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let (picks, first) = rows.with_iter(EarlierRows(self.window, stream));
        let values = self
            .key
            .evaluate(&Rows::Indices(&picks), self.key_stream, &[])?;
        if !first {
            return Ok(values);
        }
        let mask: BooleanArray = rows.with_iter(RowZero);
        Ok(nullif(&values, &mask)?)
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        match self.window {
            None => format!("self_key({})", self.key_name),
            Some(w) => format!("self_key({}, {w})", self.key_name),
        }
    }
}

struct RowZero;

impl RowsFn<BooleanArray> for RowZero {
    fn call(self, rows: impl Iterator<Item = u64>) -> BooleanArray {
        rows.map(|r| Some(r == 0)).collect()
    }
}
