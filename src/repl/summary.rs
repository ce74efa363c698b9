//! The line under a displayed result: how many rows were shown out of how many.

use std::fmt;

/// How many rows a displayed result shows and what is known of the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowSummary {
    /// Rows shown.
    pub shown: usize,
    /// The result's exact row count when plan statistics give it.
    pub total: Option<u64>,
    /// Whether rows were left unshown (the stream had more when it was dropped).
    pub more: bool,
}

impl fmt::Display for RowSummary {
    /// `3 rows`, `1 row`, `40 of 1,000,000 rows` (exact total known) or `first 40 rows`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = thousands(self.shown as u64);
        match self.total {
            Some(total) if total > self.shown as u64 => {
                write!(f, "{shown} of {} rows", thousands(total))
            }
            _ if self.more => write!(f, "first {shown} rows"),
            _ if self.shown == 1 => write!(f, "1 row"),
            _ => write!(f, "{shown} rows"),
        }
    }
}

/// `n` with `,` between groups of three digits: `1,000,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_000_000_000_000), "1,000,000,000,000");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn says_what_is_known() {
        let s = |shown, total, more| RowSummary { shown, total, more }.to_string();
        assert_eq!(
            s(40, Some(1_000_000_000_000), true),
            "40 of 1,000,000,000,000 rows"
        );
        assert_eq!(s(40, None, true), "first 40 rows");
        assert_eq!(s(12, None, false), "12 rows");
        assert_eq!(s(12, Some(12), false), "12 rows");
        assert_eq!(s(1, None, false), "1 row");
        assert_eq!(s(0, Some(0), false), "0 rows");
    }
}
