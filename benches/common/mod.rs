//! Helpers shared by the hand-timed benchmarks (`copy_parquet`, `synthetic_table`): reading
//! positive integers from the environment and taking medians of repeated timings.

use datafusion::common::{DataFusionError, Result};

/// The positive integer in environment variable `name` (`10000000`, `10_000_000` or `1e7`),
/// or `default` when it is unset.
pub fn env_number(name: &str, default: u64) -> Result<u64> {
    let Ok(text) = std::env::var(name) else {
        return Ok(default);
    };
    let t = text.trim().replace('_', "");
    t.parse::<u64>()
        .ok()
        .or_else(|| {
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 1.0 && v.fract() == 0.0)
                .map(|v| v as u64)
        })
        .filter(|&v| v > 0)
        .ok_or_else(|| {
            DataFusionError::Configuration(format!("{name}={text:?} is not a positive integer"))
        })
}

#[allow(dead_code)] // not every bench takes medians
/// The median of `times` (the mean of the two middle values for an even count).
pub fn median(times: &[f64]) -> f64 {
    let mut t = times.to_vec();
    t.sort_by(f64::total_cmp);
    let m = t.len() / 2;
    if t.len() % 2 == 1 {
        t[m]
    } else {
        (t[m - 1] + t[m]) / 2.0
    }
}
