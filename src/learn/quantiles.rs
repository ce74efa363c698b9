//! The quantile curve of a column in one pass and one sketch: an aggregate returning the
//! column's quantiles at every asked probability from one t-digest (DataFusion's own, with
//! the same batch-sorted merges as `approx_percentile_cont`, so each quantile is the one that
//! function would give), instead of one `approx_percentile_cont` accumulator — one sort of
//! every batch — per probability.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::{filter, is_not_null, sort};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Float64Type};
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::format_state_name;
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};
use datafusion_functions_aggregate_common::tdigest::TDigest;

/// Centroids of the t-digest (as the profile's `approx_percentile_cont` calls had).
const MAX_CENTROIDS: usize = 1000;

/// `quantiles(x)` over a `DOUBLE` column: a list of its quantiles at `probabilities`
/// (NULL when it has no non-NULL value).
pub fn quantiles_udaf(probabilities: &[f64]) -> AggregateUDF {
    AggregateUDF::new_from_impl(Quantiles {
        probabilities: probabilities.to_vec(),
        signature: Signature::exact(vec![DataType::Float64], Volatility::Immutable),
    })
}

#[derive(Debug)]
struct Quantiles {
    probabilities: Vec<f64>,
    signature: Signature,
}

impl PartialEq for Quantiles {
    fn eq(&self, other: &Self) -> bool {
        self.probabilities.len() == other.probabilities.len()
            && self
                .probabilities
                .iter()
                .zip(&other.probabilities)
                .all(|(a, b)| a.to_bits() == b.to_bits())
    }
}

impl Eq for Quantiles {}

impl Hash for Quantiles {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for p in &self.probabilities {
            p.to_bits().hash(state);
        }
    }
}

fn item() -> FieldRef {
    Arc::new(Field::new_list_field(DataType::Float64, true))
}

impl AggregateUDFImpl for Quantiles {
    fn name(&self) -> &str {
        "__learn_quantiles"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::List(item()))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let f = |what: &str, t: DataType| {
            Arc::new(Field::new(format_state_name(args.name, what), t, false))
        };
        Ok(vec![
            f("max_size", DataType::UInt64),
            f("sum", DataType::Float64),
            f("count", DataType::Float64),
            f("max", DataType::Float64),
            f("min", DataType::Float64),
            f("centroids", DataType::List(item())),
        ])
    }

    fn accumulator(&self, _args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(QuantilesAccumulator {
            digest: TDigest::new(MAX_CENTROIDS),
            probabilities: self.probabilities.clone(),
        }))
    }
}

#[derive(Debug)]
struct QuantilesAccumulator {
    digest: TDigest,
    probabilities: Vec<f64>,
}

impl Accumulator for QuantilesAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some(values) = values.first() else {
            return exec_err!("quantiles takes one argument");
        };
        let values = if values.null_count() > 0 {
            filter(values, &is_not_null(values)?)?
        } else {
            Arc::clone(values)
        };
        let sorted = sort(&values, None)?;
        let Some(sorted) = sorted.as_primitive_opt::<Float64Type>() else {
            return exec_err!("quantiles takes DOUBLE values, not {}", sorted.data_type());
        };
        self.digest = self.digest.merge_sorted_f64(sorted.values());
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        if self.digest.count() == 0.0 {
            return Ok(ScalarValue::List(ScalarValue::new_list_nullable(
                &[],
                &DataType::Float64,
            )));
        }
        let q: Vec<ScalarValue> = self
            .probabilities
            .iter()
            .map(|&p| ScalarValue::Float64(Some(self.digest.estimate_quantile(p))))
            .collect();
        Ok(ScalarValue::List(ScalarValue::new_list_nullable(
            &q,
            &DataType::Float64,
        )))
    }

    fn size(&self) -> usize {
        size_of_val(self) + self.digest.size() - size_of_val(&self.digest)
            + self.probabilities.capacity() * size_of::<f64>()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(self.digest.to_scalar_state())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        if states.len() != 6 {
            return exec_err!("quantiles: a state has 6 fields, not {}", states.len());
        }
        let mut digests = Vec::with_capacity(states[0].len());
        for row in 0..states[0].len() {
            let state = states
                .iter()
                .map(|a| ScalarValue::try_from_array(a, row))
                .collect::<Result<Vec<_>>>()?;
            digests.push(TDigest::from_scalar_state(&state));
        }
        digests.push(self.digest.clone());
        self.digest = TDigest::merge_digests(&digests);
        Ok(())
    }
}
