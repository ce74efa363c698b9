//! One-to-many fan-out: a child table with a random number of rows per parent row, and the
//! index that maps a child row to its (parent row, position k inside the parent) in
//! O(log n) without enumerating the parents before it.
//!
//! The count of parent `p` is a pure function of (stream, p) ([`FanCount::count`]). The
//! index ([`FanOut`]) stores the number of child rows before each block of [`BLOCK`]
//! parents: building it evaluates every parent's count once (O(parents) work, 8 bytes of
//! memory per block, 2 MiB for 1e9 parents); for `fixed(c)` no table is needed at all.
//! Locating child row `r` is a binary search over the blocks plus a walk of at most
//! [`BLOCK`] counts inside one block; enumerating a child row range then walks on in O(1)
//! per row. So any child row range is produced identically under any partitioning.

use super::tabular::{Poisson, RowGenerator, Zipf, below};
use super::{ParamError, RowRng};

/// Parents per block of the prefix-sum index.
pub const BLOCK: u64 = 4096;

/// The largest number of child rows one parent may have.
pub const MAX_PER_PARENT: u64 = 1_000_000;

/// The largest total number of child rows (`BIGINT` row numbers must hold them).
pub const MAX_TOTAL: u64 = i64::MAX as u64;

/// The most parent rows of a child with a random count: building the index evaluates every
/// parent's count once (about 5 s for 10^9 parents on one core; 8 bytes per block of
/// [`BLOCK`] parents). `fixed(c)` counts need no index and have no such limit.
pub const MAX_INDEXED_PARENTS: u64 = 1 << 30;

/// The distribution of the number of child rows of one parent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FanCount {
    /// Exactly `c` children per parent.
    Fixed(u64),
    /// Uniform in `[lo, hi]`, both inclusive: `lo + below(hi - lo + 1)` on the parent's stream.
    Uniform {
        /// Smallest count.
        lo: u64,
        /// Largest count.
        hi: u64,
    },
    /// Poisson with the given mean (the crate's frozen [`Poisson`] generator).
    Poisson(Poisson, f64),
    /// Zipf over `1..=n` with exponent `s` (the crate's frozen [`Zipf`] generator): most
    /// parents have one child, a few have many.
    Zipf(Zipf, u64, f64),
}

impl FanCount {
    /// `fixed(c)` with `c` in `[0, MAX_PER_PARENT]`.
    pub fn fixed(c: i64) -> Result<Self, ParamError> {
        Ok(FanCount::Fixed(check_count("count", c)?))
    }

    /// `uniform(lo, hi)` with `0 <= lo <= hi <= MAX_PER_PARENT`.
    pub fn uniform(lo: i64, hi: i64) -> Result<Self, ParamError> {
        let lo_u = check_count("lo", lo)?;
        let hi_u = check_count("hi", hi)?;
        if hi_u < lo_u {
            return Err(ParamError::new(
                "hi",
                hi,
                format!("an integer >= lo ({lo}) and <= {MAX_PER_PARENT}"),
            ));
        }
        Ok(FanCount::Uniform { lo: lo_u, hi: hi_u })
    }

    /// `poisson(mean)` with `mean` in `[0, 10000]` (counts above [`MAX_PER_PARENT`] are
    /// then practically impossible; they are clamped to it).
    pub fn poisson(mean: f64) -> Result<Self, ParamError> {
        super::params::check_range("mean", mean, 0.0, 10_000.0)?;
        Ok(FanCount::Poisson(Poisson::new(mean)?, mean))
    }

    /// `zipf(n, s)`: counts in `[1, n]` with `P(k) ∝ k^−s`, `1 <= n <= MAX_PER_PARENT`.
    pub fn zipf(n: i64, s: f64) -> Result<Self, ParamError> {
        let n_u = check_count("n", n)?;
        if n_u == 0 {
            return Err(ParamError::new(
                "n",
                n,
                format!("an integer in [1, {MAX_PER_PARENT}]"),
            ));
        }
        Ok(FanCount::Zipf(Zipf::new(n, s)?, n_u, s))
    }

    /// Parses the SQL spelling: `fixed(c)` (or just `c`), `uniform(lo, hi)`, `poisson(mean)`.
    pub fn parse(text: &str) -> Result<Self, ParamError> {
        let bad = || {
            ParamError::new(
                "count",
                format!("'{text}'"),
                "'fixed(c)', 'uniform(lo, hi)', 'poisson(mean)' or 'zipf(n, s)' with integer counts in [0, 1000000]",
            )
        };
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let t = t.to_ascii_lowercase();
        let int = |v: &str| v.parse::<i64>().map_err(|_| bad());
        if let Ok(c) = t.parse::<i64>() {
            return FanCount::fixed(c);
        }
        let (name, args) = t
            .strip_suffix(')')
            .and_then(|t| t.split_once('('))
            .ok_or_else(bad)?;
        let args: Vec<&str> = args.split(',').collect();
        match (name, args.as_slice()) {
            ("fixed", [c]) => FanCount::fixed(int(c)?),
            ("uniform", [lo, hi]) => FanCount::uniform(int(lo)?, int(hi)?),
            ("poisson", [m]) => FanCount::poisson(m.parse::<f64>().map_err(|_| bad())?),
            ("zipf", [n, e]) => FanCount::zipf(int(n)?, e.parse::<f64>().map_err(|_| bad())?),
            _ => Err(bad()),
        }
    }

    /// The number of child rows of `parent` on `stream`.
    #[inline]
    pub fn count(&self, stream: u64, parent: u64) -> u64 {
        match *self {
            FanCount::Fixed(c) => c,
            FanCount::Uniform { lo, hi } => {
                lo + below(&mut RowRng::new(stream, parent), hi - lo + 1)
            }
            FanCount::Poisson(ref p, _) => {
                (p.value(stream, parent).max(0) as u64).min(MAX_PER_PARENT)
            }
            FanCount::Zipf(ref z, _, _) => z.value(stream, parent).max(0) as u64,
        }
    }

    /// The SQL spelling, which parses back to the same distribution.
    pub fn sql(&self) -> String {
        match *self {
            FanCount::Fixed(c) => format!("fixed({c})"),
            FanCount::Uniform { lo, hi } => format!("uniform({lo}, {hi})"),
            FanCount::Zipf(_, n, s) => format!("zipf({n}, {})", super::params::format_number(s)),
            FanCount::Poisson(_, mean) => {
                format!("poisson({})", super::params::format_number(mean))
            }
        }
    }
}

fn check_count(param: &str, c: i64) -> Result<u64, ParamError> {
    if (0..=MAX_PER_PARENT as i64).contains(&c) {
        Ok(c as u64)
    } else {
        Err(ParamError::new(
            param,
            c,
            format!("an integer in [0, {MAX_PER_PARENT}]"),
        ))
    }
}

/// The fan-out index of a child table: `parents` parent rows, each with
/// [`FanCount::count`] children on `stream`.
#[derive(Debug, Clone, PartialEq)]
pub struct FanOut {
    parents: u64,
    count: FanCount,
    stream: u64,
    /// `starts[b]` = child rows before parent `b * BLOCK`; one extra entry holds the total.
    /// Empty for [`FanCount::Fixed`].
    starts: Vec<u64>,
    total: u64,
}

impl FanOut {
    /// Builds the index: O(`parents`) count evaluations (none for `fixed`). Fails when the
    /// total number of child rows exceeds [`MAX_TOTAL`], or a random count has more than
    /// [`MAX_INDEXED_PARENTS`] parents.
    pub fn new(parents: u64, count: FanCount, stream: u64) -> Result<Self, ParamError> {
        let too_many = |total: String| {
            ParamError::new(
                "count",
                format!(
                    "{} over {parents} parent rows ({total} child rows)",
                    count.sql()
                ),
                format!("at most {MAX_TOTAL} child rows in total"),
            )
        };
        if let FanCount::Fixed(c) = count {
            let total = u128::from(parents) * u128::from(c);
            if total > u128::from(MAX_TOTAL) {
                return Err(too_many(total.to_string()));
            }
            return Ok(FanOut {
                parents,
                count,
                stream,
                starts: Vec::new(),
                total: total as u64,
            });
        }
        if parents > MAX_INDEXED_PARENTS {
            return Err(ParamError::new(
                "count",
                format!("{} over {parents} parent rows", count.sql()),
                format!(
                    "a random count over at most {MAX_INDEXED_PARENTS} parent rows (the index evaluates every parent's count when the table is created), or fixed(c) over any number of parents"
                ),
            ));
        }
        let blocks = parents.div_ceil(BLOCK);
        let mut starts = Vec::with_capacity(blocks as usize + 1);
        let mut total: u128 = 0;
        for b in 0..blocks {
            starts.push(total as u64);
            let end = ((b + 1) * BLOCK).min(parents);
            for p in b * BLOCK..end {
                total += u128::from(count.count(stream, p));
            }
            if total > u128::from(MAX_TOTAL) {
                return Err(too_many(format!("more than {MAX_TOTAL}")));
            }
        }
        starts.push(total as u64);
        Ok(FanOut {
            parents,
            count,
            stream,
            starts,
            total: total as u64,
        })
    }

    /// The exact number of child rows.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The number of parent rows.
    pub fn parents(&self) -> u64 {
        self.parents
    }

    /// The count distribution.
    pub fn count(&self) -> FanCount {
        self.count
    }

    /// The (parent row, position k) of child row `row < total()`: a binary search over the
    /// blocks and a walk of at most [`BLOCK`] parents.
    pub fn locate(&self, row: u64) -> (u64, u64) {
        debug_assert!(row < self.total);
        if let FanCount::Fixed(c) = self.count {
            return (row / c, row % c);
        }
        // The last block whose start is <= row.
        let b = self.starts.partition_point(|&s| s <= row) - 1;
        let mut before = self.starts[b];
        let mut p = b as u64 * BLOCK;
        loop {
            let c = self.count.count(self.stream, p);
            if row < before + c {
                return (p, row - before);
            }
            before += c;
            p += 1;
        }
    }

    /// Calls `f(parent, k)` for the child rows `start..end` in order (`end <= total()`):
    /// one [`locate`](Self::locate), then O(1) per row.
    pub fn for_each(&self, start: u64, end: u64, mut f: impl FnMut(u64, u64)) {
        let end = end.min(self.total);
        if start >= end {
            return;
        }
        let (mut p, mut k) = self.locate(start);
        let mut c = self.count.count(self.stream, p);
        for _ in start..end {
            while k >= c {
                p += 1;
                k = 0;
                c = self.count.count(self.stream, p);
            }
            f(p, k);
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_parents_are_refused_before_any_allocation() {
        let count = FanCount::uniform(1, 7).unwrap();
        for parents in [
            MAX_INDEXED_PARENTS + 1,
            1_000_000_000_000_000_000,
            i64::MAX as u64,
        ] {
            let e = FanOut::new(parents, count, 3).unwrap_err();
            assert_eq!(e.param, "count");
            assert!(e.allowed.contains("at most 1073741824 parent rows"), "{e}");
        }
        // Fixed counts need no index: any number of parents, within MAX_TOTAL rows.
        let fixed = FanOut::new(1_000_000_000_000_000_000, FanCount::fixed(2).unwrap(), 3);
        assert_eq!(fixed.unwrap().total(), 2_000_000_000_000_000_000);
        assert!(FanOut::new(i64::MAX as u64, FanCount::fixed(2).unwrap(), 3).is_err());
    }

    #[test]
    fn counts_parse_from_their_sql_spelling() {
        for c in [
            FanCount::fixed(3).unwrap(),
            FanCount::uniform(1, 7).unwrap(),
            FanCount::poisson(2.5).unwrap(),
        ] {
            assert_eq!(FanCount::parse(&c.sql()).unwrap(), c);
        }
        assert_eq!(
            FanCount::parse(" Uniform( 1 , 7 ) ").unwrap(),
            FanCount::uniform(1, 7).unwrap()
        );
        assert_eq!(FanCount::parse("4").unwrap(), FanCount::fixed(4).unwrap());
        for bad in [
            "",
            "uniform(7, 1)",
            "fixed(-1)",
            "zipf(2)",
            "uniform(1)",
            "poisson(x)",
            "fixed(1e9)",
            "uniform(1, 2",
        ] {
            assert!(FanCount::parse(bad).is_err(), "{bad}");
        }
    }

    fn full(f: &FanOut) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        for p in 0..f.parents() {
            for k in 0..f.count().count(f.stream, p) {
                out.push((p, k));
            }
        }
        out
    }

    #[test]
    fn total_is_the_sum_of_counts_and_ranges_are_slices() {
        for count in [
            FanCount::uniform(1, 7).unwrap(),
            FanCount::uniform(0, 3).unwrap(),
            FanCount::poisson(2.5).unwrap(),
            FanCount::fixed(3).unwrap(),
        ] {
            let f = FanOut::new(3 * BLOCK + 17, count, 42).unwrap();
            let all = full(&f);
            assert_eq!(f.total(), all.len() as u64, "{count:?}");
            let n = all.len() as u64;
            for (start, end) in [(0, 1), (0, n), (n / 3, n / 2), (n - 5, n)] {
                let mut got = Vec::new();
                f.for_each(start, end, |p, k| got.push((p, k)));
                assert_eq!(
                    got,
                    all[start as usize..end as usize],
                    "{count:?} {start}..{end}"
                );
            }
            for r in (0..all.len()).step_by(997) {
                assert_eq!(f.locate(r as u64), all[r]);
            }
        }
    }

    #[test]
    fn uniform_counts_follow_the_distribution() {
        // Counts uniform on 1..=7 over n parents: each value has probability 1/7; the
        // chi-square statistic with 6 degrees of freedom stays below 22.46 (p = 0.001).
        let n = 70_000u64;
        let c = FanCount::uniform(1, 7).unwrap();
        let mut hist = [0u64; 8];
        for p in 0..n {
            hist[c.count(9, p) as usize] += 1;
        }
        assert_eq!(hist[0], 0);
        let e = n as f64 / 7.0;
        let chi2: f64 = hist[1..].iter().map(|&o| (o as f64 - e).powi(2) / e).sum();
        assert!(chi2 < 22.46, "chi2 {chi2}, {hist:?}");
    }

    #[test]
    fn poisson_mean_within_five_standard_errors() {
        let n = 100_000u64;
        let c = FanCount::poisson(4.0).unwrap();
        let f = FanOut::new(n, c, 5).unwrap();
        let mean = f.total() as f64 / n as f64;
        let se = (4.0 / n as f64).sqrt();
        assert!((mean - 4.0).abs() < 5.0 * se, "mean {mean}");
    }

    #[test]
    fn bad_counts_are_errors() {
        assert_eq!(
            FanCount::fixed(-1).unwrap_err().to_string(),
            "invalid value for 'count': -1; allowed: an integer in [0, 1000000]"
        );
        assert_eq!(
            FanCount::uniform(5, 2).unwrap_err().to_string(),
            "invalid value for 'hi': 2; allowed: an integer >= lo (5) and <= 1000000"
        );
        assert!(FanCount::uniform(0, 2_000_000).is_err());
        assert!(FanCount::poisson(f64::NAN).is_err());
        assert_eq!(
            FanOut::new(u64::MAX / 2, FanCount::fixed(1000).unwrap(), 0)
                .unwrap_err()
                .to_string(),
            "invalid value for 'count': fixed(1000) over 9223372036854775807 parent rows \
             (9223372036854775807000 child rows); allowed: at most 9223372036854775807 child rows in total"
        );
    }

    #[test]
    fn fixed_needs_no_table_and_zero_counts_skip_parents() {
        let f = FanOut::new(1_000_000_000, FanCount::fixed(4).unwrap(), 1).unwrap();
        assert_eq!(f.total(), 4_000_000_000);
        assert_eq!(f.locate(3_999_999_999), (999_999_999, 3));
        let f = FanOut::new(1000, FanCount::uniform(0, 1).unwrap(), 3).unwrap();
        let all = full(&f);
        let mut got = Vec::new();
        f.for_each(0, f.total(), |p, k| got.push((p, k)));
        assert_eq!(got, all);
    }
}
