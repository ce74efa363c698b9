//! `birth_date(min_age, max_age[, as_of])`: a date of birth such that the age on `as_of` is
//! in `[min_age, max_age]`, uniform over the days of that range. A person is `a` years old
//! on `D` when born in `(D − (a+1) years, D − a years]`; "k years before" keeps the month
//! and day (29 February becomes 28 February in a common year).

use crate::generate::ParamError;
use crate::generate::tabular::DateBetween;

/// Most years of age.
pub const MAX_AGE: i64 = 150;

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of `days` since 1970-01-01 (Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// The date `years` years before `days`.
pub fn years_before(days: i64, years: i64) -> i64 {
    let (y, m, d) = civil_from_days(days);
    let y = y - years;
    let d = if m == 2 && d == 29 && !is_leap(y) {
        28
    } else {
        d
    };
    days_from_civil(y, m, d)
}

/// The dates of birth of people aged `min_age..=max_age` on `as_of` (days since the epoch).
pub fn birth_dates(min_age: i64, max_age: i64, as_of: i32) -> Result<DateBetween, ParamError> {
    if !(0..=MAX_AGE).contains(&min_age) {
        return Err(ParamError::new(
            "min_age",
            min_age,
            format!("an integer in [0, {MAX_AGE}]"),
        ));
    }
    if !(min_age..=MAX_AGE).contains(&max_age) {
        return Err(ParamError::new(
            "max_age",
            max_age,
            format!("an integer in [min_age ({min_age}), {MAX_AGE}]"),
        ));
    }
    let as_of = i64::from(as_of);
    let lo = years_before(as_of, max_age + 1) + 1;
    let hi = years_before(as_of, min_age);
    match (i32::try_from(lo), i32::try_from(hi)) {
        (Ok(lo), Ok(hi)) => DateBetween::new(lo, hi),
        _ => Err(ParamError::new(
            "as_of",
            as_of,
            "a date whose birth range fits DATE",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips() {
        for days in (-800_000..800_000).step_by(7) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }

    #[test]
    fn ages_on_the_reference_date_are_in_range() {
        let as_of = days_from_civil(2024, 2, 29) as i32;
        let g = birth_dates(18, 20, as_of).unwrap();
        use crate::generate::tabular::RowGenerator;
        for row in 0..20_000 {
            let born = i64::from(g.value(1, row));
            let (by, bm, bd) = civil_from_days(born);
            let (y, m, d) = civil_from_days(i64::from(as_of));
            let age = y - by - i64::from((m, d) < (bm, bd));
            assert!((18..=20).contains(&age), "born {by}-{bm}-{bd}: age {age}");
        }
        // The range ends exactly: the youngest was born 18 years before (2006-02-28).
        assert_eq!(
            years_before(i64::from(as_of), 18),
            days_from_civil(2006, 2, 28)
        );
        assert!(birth_dates(20, 18, as_of).is_err());
        assert!(birth_dates(-1, 18, as_of).is_err());
        assert!(birth_dates(0, 151, as_of).is_err());
        assert!(birth_dates(0, 150, i32::MIN).is_err());
    }
}
