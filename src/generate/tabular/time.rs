//! Dates and timestamps: uniform in a range (`date_between`, `timestamp_between`) and
//! monotone event times (`timestamp_series`). Values are integers in the Arrow units
//! (days since the epoch, or timestamp ticks); the caller chooses the unit.

use super::{RowGenerator, UniformInt};
use crate::generate::params::format_number;
use crate::generate::{ParamError, RowRng};

/// A uniform date in `[d1, d2]` (days since 1970-01-01, both inclusive), drawn as
/// [`UniformInt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateBetween(UniformInt);

impl DateBetween {
    /// Dates in `[d1, d2]`; `d1 <= d2`.
    pub fn new(d1: i32, d2: i32) -> Result<Self, ParamError> {
        if d1 > d2 {
            return Err(ParamError::new("d1", d1, format!("<= d2 ({d2})")));
        }
        Ok(DateBetween(UniformInt::new(i64::from(d1), i64::from(d2))?))
    }
}

impl RowGenerator for DateBetween {
    type Value = i32;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> i32 {
        self.0.value(stream, row) as i32
    }
}

/// A uniform timestamp in `[t1, t2]` (ticks, both inclusive), drawn as [`UniformInt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampBetween(UniformInt);

impl TimestampBetween {
    /// Timestamps in `[t1, t2]`; `t1 <= t2`.
    pub fn new(t1: i64, t2: i64) -> Result<Self, ParamError> {
        if t1 > t2 {
            return Err(ParamError::new("t1", t1, format!("<= t2 ({t2})")));
        }
        Ok(TimestampBetween(UniformInt::new(t1, t2)?))
    }
}

impl RowGenerator for TimestampBetween {
    type Value = i64;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> i64 {
        self.0.value(stream, row)
    }
}

/// Monotone event times: `t_r = start + r·interval + j_r` with the jitter
/// `j_r = min(floor(u_r · jitter · interval), interval)`, `u_r` the row's first 53-bit
/// uniform (no draw when `jitter = 0`). Since `0 <= j_r <= interval`,
/// `t_(r+1) - t_r = interval + j_(r+1) - j_r >= 0`: the series never decreases (and strictly
/// increases when `jitter < 1`), whatever rows are computed and in whatever order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimestampSeries {
    start: i64,
    interval: i64,
    jitter: f64,
    limit: u64,
}

impl TimestampSeries {
    /// Events from `start` every `interval > 0` ticks, jitter in `[0, 1]`.
    pub fn new(start: i64, interval: i64, jitter: f64) -> Result<Self, ParamError> {
        if interval <= 0 {
            return Err(ParamError::new("interval", interval, "a duration > 0"));
        }
        if !(0.0..=1.0).contains(&jitter) {
            return Err(ParamError::new(
                "jitter",
                format_number(jitter),
                "a number in [0, 1]",
            ));
        }
        // Row r is valid while start + (r + 1)·interval fits (r·interval plus at most
        // one interval of jitter).
        let headroom = (i128::from(i64::MAX) - i128::from(start)) / i128::from(interval);
        let limit = u64::try_from(headroom.max(0)).unwrap_or(u64::MAX);
        Ok(TimestampSeries {
            start,
            interval,
            jitter,
            limit,
        })
    }
}

impl RowGenerator for TimestampSeries {
    type Value = i64;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> i64 {
        let base = self
            .start
            .wrapping_add((row as i64).wrapping_mul(self.interval));
        if self.jitter == 0.0 {
            return base;
        }
        let u = RowRng::new(stream, row).next_f64();
        let j = ((u * self.jitter * self.interval as f64) as i64).min(self.interval);
        base.wrapping_add(j)
    }

    fn row_limit(&self) -> u64 {
        self.limit
    }
}
