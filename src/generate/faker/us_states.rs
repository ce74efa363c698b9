//! The US states (and DC) as `en_US` addresses use them: name, USPS abbreviation, the
//! range of 3-digit ZIP prefixes USPS assigns to the state, and one of the state's area
//! codes. An `en_US` address draws one state and takes its ZIP prefix and phone area code
//! from this row, so state, ZIP and phone agree (Faker's do not).
//!
//! Sources: USPS ZIP prefix assignments (public, facts) and NANPA area codes (public).
//! Prefix ranges are the main contiguous block per state; the few prefixes USPS assigns
//! across state lines inside a block (e.g. 885 in the New Mexico block is Texas) are not
//! modelled: a generated ZIP's prefix lies in its state's block.

/// One state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsState {
    /// Name.
    pub name: &'static str,
    /// USPS abbreviation.
    pub abbr: &'static str,
    /// Lowest 3-digit ZIP prefix.
    pub zip_lo: u16,
    /// Highest 3-digit ZIP prefix.
    pub zip_hi: u16,
    /// An area code of the state.
    pub area_code: u16,
}

const fn s(
    name: &'static str,
    abbr: &'static str,
    zip_lo: u16,
    zip_hi: u16,
    area_code: u16,
) -> UsState {
    UsState {
        name,
        abbr,
        zip_lo,
        zip_hi,
        area_code,
    }
}

/// The 50 states and DC, alphabetical by name.
pub const US_STATES: [UsState; 51] = [
    s("Alabama", "AL", 350, 369, 205),
    s("Alaska", "AK", 995, 999, 907),
    s("Arizona", "AZ", 850, 865, 602),
    s("Arkansas", "AR", 716, 729, 501),
    s("California", "CA", 900, 961, 213),
    s("Colorado", "CO", 800, 816, 303),
    s("Connecticut", "CT", 60, 69, 203),
    s("Delaware", "DE", 197, 199, 302),
    s("District of Columbia", "DC", 200, 205, 202),
    s("Florida", "FL", 320, 349, 305),
    s("Georgia", "GA", 300, 319, 404),
    s("Hawaii", "HI", 967, 968, 808),
    s("Idaho", "ID", 832, 838, 208),
    s("Illinois", "IL", 600, 629, 312),
    s("Indiana", "IN", 460, 479, 317),
    s("Iowa", "IA", 500, 528, 515),
    s("Kansas", "KS", 660, 679, 316),
    s("Kentucky", "KY", 400, 427, 502),
    s("Louisiana", "LA", 700, 714, 504),
    s("Maine", "ME", 39, 49, 207),
    s("Maryland", "MD", 206, 219, 410),
    s("Massachusetts", "MA", 10, 27, 617),
    s("Michigan", "MI", 480, 499, 313),
    s("Minnesota", "MN", 550, 567, 612),
    s("Mississippi", "MS", 386, 397, 601),
    s("Missouri", "MO", 630, 658, 314),
    s("Montana", "MT", 590, 599, 406),
    s("Nebraska", "NE", 680, 693, 402),
    s("Nevada", "NV", 889, 898, 702),
    s("New Hampshire", "NH", 30, 38, 603),
    s("New Jersey", "NJ", 70, 89, 201),
    s("New Mexico", "NM", 870, 884, 505),
    s("New York", "NY", 100, 149, 212),
    s("North Carolina", "NC", 270, 289, 704),
    s("North Dakota", "ND", 580, 588, 701),
    s("Ohio", "OH", 430, 459, 216),
    s("Oklahoma", "OK", 730, 749, 405),
    s("Oregon", "OR", 970, 979, 503),
    s("Pennsylvania", "PA", 150, 196, 215),
    s("Rhode Island", "RI", 28, 29, 401),
    s("South Carolina", "SC", 290, 299, 803),
    s("South Dakota", "SD", 570, 577, 605),
    s("Tennessee", "TN", 370, 385, 615),
    s("Texas", "TX", 750, 799, 214),
    s("Utah", "UT", 840, 847, 801),
    s("Vermont", "VT", 50, 59, 802),
    s("Virginia", "VA", 220, 246, 804),
    s("Washington", "WA", 980, 994, 206),
    s("West Virginia", "WV", 247, 268, 304),
    s("Wisconsin", "WI", 530, 549, 414),
    s("Wyoming", "WY", 820, 831, 307),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_blocks_are_disjoint_and_codes_unique() {
        let mut blocks: Vec<(u16, u16)> = US_STATES.iter().map(|s| (s.zip_lo, s.zip_hi)).collect();
        blocks.sort();
        for w in blocks.windows(2) {
            assert!(w[0].1 < w[1].0, "{w:?} overlap");
        }
        for (i, a) in US_STATES.iter().enumerate() {
            assert!(a.zip_lo <= a.zip_hi && a.zip_hi <= 999);
            assert!((201..=989).contains(&a.area_code));
            for b in &US_STATES[..i] {
                assert_ne!(a.abbr, b.abbr);
                assert_ne!(a.area_code, b.area_code);
            }
        }
    }
}
