//! Numeric distributions: `uniform`, `normal`, `lognormal`, `exponential`, `pareto`, `zipf`,
//! `poisson` and `bernoulli`.

use std::sync::Arc;

use datafusion::common::Result;

use super::spec::{Call, GeneratorSpec, checked, float_column, int_column};
use crate::functions::args::{int_arg, is_integer, num_arg};
use crate::functions::column::ColumnFunction;
use crate::functions::tabular::Flags;
use crate::generate::tabular::{
    Bernoulli, Exponential, LogNormal, Normal, Pareto, Poisson, UniformFloat, UniformInt, Zipf,
};

/// `uniform(lo, hi)`: BIGINT when both bounds are integers, else DOUBLE.
pub const UNIFORM: GeneratorSpec = GeneratorSpec {
    name: "uniform",
    signature: "uniform(lo, hi) -> BIGINT uniform in [lo, hi] when both are integers, else DOUBLE uniform in [lo, hi)",
    doc: "`BIGINT` if both bounds are integers, else `DOUBLE`: integers uniform in `[lo, hi]`, \
        doubles uniform in `[lo, hi)`. Parameters: `lo <= hi`, finite, `hi − lo` finite.",
    pii: "",
    min_args: 2,
    max_args: 2,
    column_args: &[],
    build: uniform,
};

fn uniform(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let (name, args, d) = (c.name, c.args, c.describe.clone());
    if is_integer(&args[0]) && is_integer(&args[1]) {
        let lo = int_arg(name, "lo", &args[0])?;
        let hi = int_arg(name, "hi", &args[1])?;
        Ok(int_column(checked(name, UniformInt::new(lo, hi))?, d, ""))
    } else {
        let lo = num_arg(name, "lo", &args[0])?;
        let hi = num_arg(name, "hi", &args[1])?;
        Ok(float_column(checked(name, UniformFloat::new(lo, hi))?, d))
    }
}

/// `normal(mean, sd)`.
pub const NORMAL: GeneratorSpec = GeneratorSpec {
    name: "normal",
    signature: "normal(mean DOUBLE, sd DOUBLE >= 0) -> DOUBLE: Gaussian",
    doc: "Gaussian. Parameters: `mean` finite, `sd >= 0` finite. Box–Muller (two draws, sine \
        branch), as the Spider Gaussian.",
    pii: "",
    min_args: 2,
    max_args: 2,
    column_args: &[],
    build: normal,
};

fn normal(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let mean = num_arg(c.name, "mean", &c.args[0])?;
    let sd = num_arg(c.name, "sd", &c.args[1])?;
    let g = checked(c.name, Normal::new(mean, sd))?;
    Ok(float_column(g, c.describe.clone()))
}

/// `lognormal(mu, sigma)`.
pub const LOGNORMAL: GeneratorSpec = GeneratorSpec {
    name: "lognormal",
    signature: "lognormal(mu DOUBLE, sigma DOUBLE >= 0) -> DOUBLE: exp(normal(mu, sigma))",
    doc: "`exp(normal(mu, sigma))`, mean `e^(mu+sigma²/2)`. Parameters: `mu` finite, `sigma >= 0`.",
    pii: "",
    min_args: 2,
    max_args: 2,
    column_args: &[],
    build: lognormal,
};

fn lognormal(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let mu = num_arg(c.name, "mu", &c.args[0])?;
    let sigma = num_arg(c.name, "sigma", &c.args[1])?;
    let g = checked(c.name, LogNormal::new(mu, sigma))?;
    Ok(float_column(g, c.describe.clone()))
}

/// `exponential(rate)`.
pub const EXPONENTIAL: GeneratorSpec = GeneratorSpec {
    name: "exponential",
    signature: "exponential(rate DOUBLE > 0) -> DOUBLE: exponential with mean 1/rate",
    doc: "Exponential with mean `1/rate`. Parameter: `rate > 0`. Inversion: `−log1p(−u)/rate`.",
    pii: "",
    min_args: 1,
    max_args: 1,
    column_args: &[],
    build: exponential,
};

fn exponential(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let rate = num_arg(c.name, "rate", &c.args[0])?;
    let g = checked(c.name, Exponential::new(rate))?;
    Ok(float_column(g, c.describe.clone()))
}

/// `pareto(scale, shape)`.
pub const PARETO: GeneratorSpec = GeneratorSpec {
    name: "pareto",
    signature: "pareto(scale DOUBLE > 0, shape DOUBLE > 0) -> DOUBLE: Pareto (type I), values >= scale",
    doc: "Pareto type I, values `>= scale`, `P(X > x) = (scale/x)^shape`. Parameters: `scale > 0`, \
        `shape > 0`. Inversion: `scale·exp(−log1p(−u)/shape)`.",
    pii: "",
    min_args: 2,
    max_args: 2,
    column_args: &[],
    build: pareto,
};

fn pareto(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let scale = num_arg(c.name, "scale", &c.args[0])?;
    let shape = num_arg(c.name, "shape", &c.args[1])?;
    let g = checked(c.name, Pareto::new(scale, shape))?;
    Ok(float_column(g, c.describe.clone()))
}

/// `zipf(n, s)`.
pub const ZIPF: GeneratorSpec = GeneratorSpec {
    name: "zipf",
    signature: "zipf(n BIGINT >= 1, s DOUBLE > 0) -> BIGINT: ranks 1..n with P(k) proportional to k^-s",
    doc: "Ranks `1..n`, `P(k) ∝ k^−s`. Parameters: integer `n >= 1` (up to 2^63−1), `s > 0`. \
        Rejection-inversion (Hörmann & Derflinger 1996): O(1) expected work per value for any \
        `n`, no tables.",
    pii: "",
    min_args: 2,
    max_args: 2,
    column_args: &[],
    build: zipf,
};

fn zipf(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let n = int_arg(c.name, "n", &c.args[0])?;
    let s = num_arg(c.name, "s", &c.args[1])?;
    let g = checked(c.name, Zipf::new(n, s))?;
    Ok(int_column(g, c.describe.clone(), ""))
}

/// `bernoulli(p)`.
pub const BERNOULLI: GeneratorSpec = GeneratorSpec {
    name: "bernoulli",
    signature: "bernoulli(p DOUBLE in [0, 1]) -> BOOLEAN: true with probability p",
    doc: "`true` with probability `p`. Parameter: `p` in `[0, 1]`.",
    pii: "",
    min_args: 1,
    max_args: 1,
    column_args: &[],
    build: bernoulli,
};

fn bernoulli(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let p = num_arg(c.name, "p", &c.args[0])?;
    let g = checked(c.name, Bernoulli::new(p))?;
    Ok(Arc::new(Flags::new(g, c.describe.clone())))
}

/// `poisson(lambda)`.
pub const POISSON: GeneratorSpec = GeneratorSpec {
    name: "poisson",
    signature: "poisson(lambda DOUBLE in [0, 1e12]) -> BIGINT: Poisson counts with mean lambda",
    doc: "Poisson counts with mean `lambda`. Parameter: `lambda` in `[0, 1e12]`. CDF inversion for \
        `lambda < 10`; PTRS, the transformed rejection method with squeeze (Hörmann 1993), from \
        10 on.",
    pii: "",
    min_args: 1,
    max_args: 1,
    column_args: &[],
    build: poisson,
};

fn poisson(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let lambda = num_arg(c.name, "lambda", &c.args[0])?;
    let g = checked(c.name, Poisson::new(lambda))?;
    Ok(int_column(g, c.describe.clone(), ""))
}
