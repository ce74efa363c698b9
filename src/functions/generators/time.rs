//! Date and time generators: `date_between`, `timestamp_between` and `timestamp_series`.

use std::sync::Arc;

use datafusion::arrow::datatypes::{
    DataType, Date32Type, TimeUnit, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType,
};
use datafusion::common::{Result, ScalarValue, plan_err};

use super::spec::{Call, GeneratorSpec, checked};
use crate::functions::args::{
    date_arg, interval_arg, num_arg, refine, sql_literal, ticks_per_second, timestamp_arg,
};
use crate::functions::column::ColumnFunction;
use crate::functions::tabular::Sampled;
use crate::generate::tabular::{DateBetween, RowGenerator, TimestampBetween, TimestampSeries};

/// `date_between(d1, d2)`.
pub const DATE_BETWEEN: GeneratorSpec = GeneratorSpec {
    name: "date_between",
    signature: "date_between(d1 DATE, d2 DATE) -> DATE: uniform in [d1, d2]",
    doc: "Uniform in `[d1, d2]`, both inclusive. Parameters: `DATE` (or `'YYYY-MM-DD'` text), \
        `d1 <= d2`.",
    pii: "",
    min_args: 2,
    max_args: 2,
    column_args: &[],
    build: date_between,
};

fn date_between(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let name = c.name;
    let d1 = date_arg(name, "d1", &c.args[0])?;
    let d2 = date_arg(name, "d2", &c.args[1])?;
    if d1 > d2 {
        // Dates, not the day numbers the generator sees.
        return plan_err!(
            "{name}(): invalid value for 'd1': {}; allowed: <= d2 ({})",
            sql_literal(&ScalarValue::Date32(Some(d1))),
            sql_literal(&ScalarValue::Date32(Some(d2)))
        );
    }
    let g = checked(name, DateBetween::new(d1, d2))?;
    Ok(Arc::new(Sampled::<_, Date32Type>::new(
        g,
        DataType::Date32,
        c.describe.clone(),
        "",
    )))
}

/// `timestamp_between(t1, t2)`.
pub const TIMESTAMP_BETWEEN: GeneratorSpec = GeneratorSpec {
    name: "timestamp_between",
    signature: "timestamp_between(t1 TIMESTAMP, t2 TIMESTAMP) -> TIMESTAMP: uniform in [t1, t2]",
    doc: "Uniform in `[t1, t2]`, both inclusive; the result has the unit and zone of the arguments \
        (the finer unit if they differ). Parameters: `TIMESTAMP` (or text), same zone, \
        `t1 <= t2`.",
    pii: "",
    min_args: 2,
    max_args: 2,
    column_args: &[],
    build: timestamp_between,
};

fn timestamp_between(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let name = c.name;
    let d = &c.describe;
    let (t1, u1, tz1) = timestamp_arg(name, "t1", &c.args[0])?;
    let (t2, u2, tz2) = timestamp_arg(name, "t2", &c.args[1])?;
    if tz1 != tz2 {
        return plan_err!(
            "{name}(): t1 and t2 must have the same time zone, got {} and {}",
            tz1.as_deref().unwrap_or("none"),
            tz2.as_deref().unwrap_or("none")
        );
    }
    let unit = finer(u1, u2);
    let (Some(t1), Some(t2)) = (refine(t1, u1, unit), refine(t2, u2, unit)) else {
        return plan_err!("{name}(): t1 and t2 must fit BIGINT {unit:?} ticks, got {d}");
    };
    if t1 > t2 {
        // Timestamps, not the ticks the generator sees.
        return plan_err!(
            "{name}(): invalid value for 't1': {}; allowed: <= t2 ({})",
            sql_literal(&timestamp_scalar(t1, unit, tz1.clone())),
            sql_literal(&timestamp_scalar(t2, unit, tz1.clone()))
        );
    }
    let g = checked(name, TimestampBetween::new(t1, t2))?;
    Ok(timestamp_column(g, unit, tz1, d.clone(), ""))
}

/// `timestamp_series(start, interval[, jitter])`.
pub const TIMESTAMP_SERIES: GeneratorSpec = GeneratorSpec {
    name: "timestamp_series",
    signature: "timestamp_series(start TIMESTAMP, interval INTERVAL > 0[, jitter DOUBLE in [0, 1] = 0]) -> TIMESTAMP: start + row * interval + jitter, never decreasing",
    doc: "`start + row·interval + j_row` in the unit and zone of `start`, with \
        `j_r = min(floor(u_r·jitter·interval), interval)`: since `0 <= j_r <= interval`, the \
        series never decreases, and any row is computed alone. Parameters: `interval` a \
        fixed-length `INTERVAL > 0` (days, hours, … but not months) that is a whole number of \
        ticks; `jitter` in `[0, 1]` (default 0). A table whose last timestamp would overflow is \
        an error at `CREATE`.",
    pii: "",
    min_args: 2,
    max_args: 3,
    column_args: &[],
    build: timestamp_series,
};

fn timestamp_series(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let (name, args) = (c.name, c.args);
    let (start, unit, tz) = timestamp_arg(name, "start", &args[0])?;
    let interval = interval_arg(name, "interval", &args[1], unit)?;
    if interval <= 0 {
        // The interval as written, not its ticks.
        return plan_err!(
            "{name}(): invalid value for 'interval': {}; allowed: a duration > 0",
            sql_literal(&args[1])
        );
    }
    let jitter = match args.get(2) {
        Some(j) => num_arg(name, "jitter", j)?,
        None => 0.0,
    };
    let g = checked(name, TimestampSeries::new(start, interval, jitter))?;
    Ok(timestamp_column(
        g,
        unit,
        tz,
        c.describe.clone(),
        "the rows whose timestamps fit BIGINT ticks",
    ))
}

/// A TIMESTAMP column in `unit` and zone `tz` of a per-row generator of ticks.
fn timestamp_column<G>(
    g: G,
    unit: TimeUnit,
    tz: Option<Arc<str>>,
    d: String,
    limit_reason: &'static str,
) -> Arc<dyn ColumnFunction>
where
    G: RowGenerator<Value = i64> + std::fmt::Debug + Send + Sync + 'static,
{
    let t = DataType::Timestamp(unit, tz);
    match unit {
        TimeUnit::Second => Arc::new(Sampled::<G, TimestampSecondType>::new(
            g,
            t,
            d,
            limit_reason,
        )),
        TimeUnit::Millisecond => Arc::new(Sampled::<G, TimestampMillisecondType>::new(
            g,
            t,
            d,
            limit_reason,
        )),
        TimeUnit::Microsecond => Arc::new(Sampled::<G, TimestampMicrosecondType>::new(
            g,
            t,
            d,
            limit_reason,
        )),
        TimeUnit::Nanosecond => Arc::new(Sampled::<G, TimestampNanosecondType>::new(
            g,
            t,
            d,
            limit_reason,
        )),
    }
}

/// A timestamp constant of `ticks` in `unit` and zone `tz`, for error messages.
fn timestamp_scalar(ticks: i64, unit: TimeUnit, tz: Option<Arc<str>>) -> ScalarValue {
    match unit {
        TimeUnit::Second => ScalarValue::TimestampSecond(Some(ticks), tz),
        TimeUnit::Millisecond => ScalarValue::TimestampMillisecond(Some(ticks), tz),
        TimeUnit::Microsecond => ScalarValue::TimestampMicrosecond(Some(ticks), tz),
        TimeUnit::Nanosecond => ScalarValue::TimestampNanosecond(Some(ticks), tz),
    }
}

/// The finer of two units.
fn finer(a: TimeUnit, b: TimeUnit) -> TimeUnit {
    if ticks_per_second(a) >= ticks_per_second(b) {
        a
    } else {
        b
    }
}
