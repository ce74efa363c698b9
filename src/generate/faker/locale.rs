//! The locales of the semantic generators: the 14 locales the `fake` crate (5.x) ships data
//! for, their names, and their word lists. The lists are `fake`'s static `Data` constants,
//! used as data only: rows index them with our own per-row hash, never through `fake`'s RNG.
//!
//! `fake` fills every list a locale does not define with its English default. A list that a
//! locale inherits unchanged is not that locale's data (French states would be US states), so
//! [`Locale::has`] reports it missing and the generators that need it refuse the locale with
//! an error naming the locales that do have it.
//!
//! Where `fake` gives a locale another locale's data (fa_IR's Italian city names, building
//! numbers and company templates; cy_GB's Italian company template), `DATA` replaces those
//! lists with the locale's own; `tests/it/locale_truth.rs` scans every generator and locale
//! for text in another locale's script or pattern.

use fake::locales::{
    AR_SA, CY_GB, DE_DE, Data, EN, FA_IR, FR_FR, IT_IT, JA_JP, NL_NL, PT_BR, PT_PT, TR_TR, ZH_CN,
    ZH_TW,
};

use crate::generate::ParamError;

/// A locale of the semantic generators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Locale {
    /// English, United States (`en_US`; `en` accepted).
    EnUs,
    /// French, France.
    FrFr,
    /// German, Germany.
    DeDe,
    /// Italian, Italy.
    ItIt,
    /// Portuguese, Brazil.
    PtBr,
    /// Portuguese, Portugal.
    PtPt,
    /// Dutch, Netherlands.
    NlNl,
    /// Japanese, Japan.
    JaJp,
    /// Chinese, China.
    ZhCn,
    /// Chinese, Taiwan.
    ZhTw,
    /// Arabic, Saudi Arabia.
    ArSa,
    /// Turkish, Turkey.
    TrTr,
    /// Persian, Iran.
    FaIr,
    /// Welsh, United Kingdom.
    CyGb,
}

/// A word list of a locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// First names.
    FirstName,
    /// Last names.
    LastName,
    /// Name titles (`Dr.`, `Frau`).
    Title,
    /// Name suffixes (`Jr.`, `PhD`).
    Suffix,
    /// Lorem-ipsum words.
    Lorem,
    /// Company suffixes (`LLC`, `GmbH`).
    CompanySuffix,
    /// Industries.
    Industry,
    /// Job title parts: seniority, field and position.
    Job,
    /// Catch-phrase buzzwords.
    Buzzword,
    /// Street suffixes (`Avenue`, `Straße`).
    StreetSuffix,
    /// City prefixes and suffixes.
    City,
    /// States or regions, names and abbreviations.
    State,
    /// Postcode (or ZIP) formats.
    Postcode,
    /// Professions.
    Profession,
    /// Landline phone number formats.
    Phone,
    /// Mobile phone number formats (not the landline ones again).
    MobilePhone,
}

impl List {
    /// The SQL-facing description, for errors.
    pub fn describe(self) -> &'static str {
        match self {
            List::FirstName => "first names",
            List::LastName => "last names",
            List::Title => "name titles",
            List::Suffix => "name suffixes",
            List::Lorem => "lorem words",
            List::CompanySuffix => "company suffixes",
            List::Industry => "industries",
            List::Job => "job titles",
            List::Buzzword => "catch phrases",
            List::StreetSuffix => "street suffixes",
            List::City => "city names",
            List::State => "states",
            List::Postcode => "postcode formats",
            List::Profession => "professions",
            List::Phone => "phone number formats",
            List::MobilePhone => "mobile number formats",
        }
    }
}

/// The word lists and templates of one locale: each field is the `fake` constant of the
/// same meaning (`first_name` is `NAME_FIRST_NAME`, `street_tpl` is `ADDRESS_STREET_TPL`, …).
#[allow(missing_docs)]
#[derive(Debug)]
pub struct LocaleData {
    pub first_name: &'static [&'static str],
    pub last_name: &'static [&'static str],
    pub title: &'static [&'static str],
    pub suffix: &'static [&'static str],
    pub name_tpl: &'static str,
    pub name_with_title_tpl: &'static str,
    pub lorem: &'static [&'static str],
    pub company_suffix: &'static [&'static str],
    pub company_name_tpls: &'static [&'static str],
    pub industry: &'static [&'static str],
    pub profession: &'static [&'static str],
    pub job_seniority: &'static [&'static str],
    pub job_field: &'static [&'static str],
    pub job_position: &'static [&'static str],
    pub job_title_tpl: &'static str,
    pub buzz_head: &'static [&'static str],
    pub buzz_middle: &'static [&'static str],
    pub buzz_tail: &'static [&'static str],
    pub catch_phrase_tpl: &'static str,
    pub street_suffix: &'static [&'static str],
    pub street_tpl: &'static str,
    pub city_prefix: &'static [&'static str],
    pub city_suffix: &'static [&'static str],
    pub city_tpl: &'static str,
    pub state: &'static [&'static str],
    pub state_abbr: &'static [&'static str],
    pub postcode_formats: &'static [&'static str],
    pub zip_formats: &'static [&'static str],
    pub building_number_formats: &'static [&'static str],
    pub phone_formats: &'static [&'static str],
    pub cell_formats: &'static [&'static str],
}

macro_rules! locale_data {
    ($l:ty) => {
        LocaleData {
            first_name: <$l as Data>::NAME_FIRST_NAME,
            last_name: <$l as Data>::NAME_LAST_NAME,
            title: <$l as Data>::NAME_TITLE,
            suffix: <$l as Data>::NAME_SUFFIX,
            name_tpl: <$l as Data>::NAME_TPL,
            name_with_title_tpl: <$l as Data>::NAME_WITH_TITLE_TPL,
            lorem: <$l as Data>::LOREM_WORD,
            company_suffix: <$l as Data>::COMPANY_SUFFIX,
            company_name_tpls: <$l as Data>::COMPANY_NAME_TPLS,
            industry: <$l as Data>::COMPANY_INDUSTRY,
            profession: <$l as Data>::COMPANY_PROFESSION,
            job_seniority: <$l as Data>::JOB_SENIORITY,
            job_field: <$l as Data>::JOB_FIELD,
            job_position: <$l as Data>::JOB_POSITION,
            job_title_tpl: <$l as Data>::JOB_TITLE_TPL,
            buzz_head: <$l as Data>::COMPANY_BUZZWORD_HEAD,
            buzz_middle: <$l as Data>::COMPANY_BUZZWORD_MIDDLE,
            buzz_tail: <$l as Data>::COMPANY_BUZZWORD_TAIL,
            catch_phrase_tpl: <$l as Data>::COMPANY_CATCH_PHASE_TPL,
            street_suffix: <$l as Data>::ADDRESS_STREET_SUFFIX,
            street_tpl: <$l as Data>::ADDRESS_STREET_TPL,
            city_prefix: <$l as Data>::ADDRESS_CITY_PREFIX,
            city_suffix: <$l as Data>::ADDRESS_CITY_SUFFIX,
            city_tpl: <$l as Data>::ADDRESS_CITY_TPL,
            state: <$l as Data>::ADDRESS_STATE,
            state_abbr: <$l as Data>::ADDRESS_STATE_ABBR,
            postcode_formats: <$l as Data>::ADDRESS_POSTCODE_FORMATS,
            zip_formats: <$l as Data>::ADDRESS_ZIP_FORMATS,
            building_number_formats: <$l as Data>::ADDRESS_BUILDING_NUMBER_FORMATS,
            phone_formats: <$l as Data>::PHONE_NUMBER_FORMATS,
            cell_formats: <$l as Data>::PHONE_CELL_NUMBER_FORMATS,
        }
    };
}

static DATA: [LocaleData; 14] = [
    locale_data!(EN),
    locale_data!(FR_FR),
    locale_data!(DE_DE),
    locale_data!(IT_IT),
    locale_data!(PT_BR),
    locale_data!(PT_PT),
    locale_data!(NL_NL),
    locale_data!(JA_JP),
    locale_data!(ZH_CN),
    locale_data!(ZH_TW),
    locale_data!(AR_SA),
    locale_data!(TR_TR),
    // fake 5's fa_IR copies it_IT's building numbers (`nº 12`), city prefixes and
    // suffixes (`… del Tramonto`) and company templates (`… e …`): Persian ones instead
    // (`پلاک 12`, a place name in -آباد or -شهر joined by a zero-width non-joiner, `… و …`).
    LocaleData {
        building_number_formats: &["پلاک ###", "پلاک ##", "پلاک #"],
        city_prefix: &[],
        city_suffix: &["آباد", "شهر"],
        city_tpl: "{CityName}\u{200c}{CitySuffix}",
        company_name_tpls: &["{Name_1} {Suffix}", "{Name_1} و {Name_2} {Suffix}"],
        ..locale_data!(FA_IR)
    },
    // cy_GB copies the Italian `{Name_1} e {Name_2}` company template: one name instead.
    LocaleData {
        company_name_tpls: &["{Name_1} {Suffix}"],
        ..locale_data!(CY_GB)
    },
];

impl Locale {
    /// Every locale, in the order of the docs.
    pub const ALL: [Locale; 14] = [
        Locale::EnUs,
        Locale::FrFr,
        Locale::DeDe,
        Locale::ItIt,
        Locale::PtBr,
        Locale::PtPt,
        Locale::NlNl,
        Locale::JaJp,
        Locale::ZhCn,
        Locale::ZhTw,
        Locale::ArSa,
        Locale::TrTr,
        Locale::FaIr,
        Locale::CyGb,
    ];

    /// The canonical name, e.g. `de_DE`.
    pub fn name(self) -> &'static str {
        match self {
            Locale::EnUs => "en_US",
            Locale::FrFr => "fr_FR",
            Locale::DeDe => "de_DE",
            Locale::ItIt => "it_IT",
            Locale::PtBr => "pt_BR",
            Locale::PtPt => "pt_PT",
            Locale::NlNl => "nl_NL",
            Locale::JaJp => "ja_JP",
            Locale::ZhCn => "zh_CN",
            Locale::ZhTw => "zh_TW",
            Locale::ArSa => "ar_SA",
            Locale::TrTr => "tr_TR",
            Locale::FaIr => "fa_IR",
            Locale::CyGb => "cy_GB",
        }
    }

    /// The position in [`Locale::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The locale's word lists.
    pub fn data(self) -> &'static LocaleData {
        &DATA[self.index()]
    }

    /// Parses a locale name: case-insensitive, `_` or `-` between language and region, and
    /// `en` for `en_US`. Unknown names get a did-you-mean and the list of locales.
    pub fn parse(name: &str) -> Result<Locale, ParamError> {
        if let Some(l) = Locale::lookup(name.trim()) {
            return Ok(l);
        }
        let norm = name.trim().replace('-', "_").to_ascii_lowercase();
        let names: Vec<&str> = Locale::ALL.iter().map(|l| l.name()).collect();
        let hint = Locale::ALL
            .iter()
            .map(|l| {
                (
                    edit_distance(&norm, &l.name().to_ascii_lowercase()),
                    l.name(),
                )
            })
            .filter(|(d, _)| *d <= 2)
            .min()
            .map(|(_, n)| format!(" (did you mean '{n}'?)"))
            .unwrap_or_default();
        Err(ParamError::new(
            "locale",
            format!("'{name}'{hint}"),
            format!(
                "one of {} (or the language alone where only one locale has it: en, fr, de, it, nl, ja, ar, tr, fa, cy)",
                names.join(", ")
            ),
        ))
    }

    /// The locale named `name` (as [`Locale::parse`] reads it), without allocating: the
    /// per-row lookup of a locale column.
    pub fn lookup(name: &str) -> Option<Locale> {
        let b = name.as_bytes();
        if b.len() == 2 {
            // A language alone, when one locale has it (pt and zh have two).
            let mut found = Locale::ALL
                .into_iter()
                .filter(|l| l.name().as_bytes()[..2].eq_ignore_ascii_case(b));
            return match (found.next(), found.next()) {
                (Some(l), None) => Some(l),
                _ => None,
            };
        }
        Locale::ALL.into_iter().find(|l| {
            let n = l.name().as_bytes();
            n.len() == b.len()
                && n.iter()
                    .zip(b)
                    .all(|(&x, &y)| x.eq_ignore_ascii_case(&y) || (x == b'_' && y == b'-'))
        })
    }

    /// The locale's own postcode formats: `ADDRESS_POSTCODE_FORMATS`, or its
    /// `ADDRESS_ZIP_FORMATS` where only those are its own (de_DE).
    pub fn postcode_formats(self) -> &'static [&'static str] {
        let (a, en) = (self.data(), Locale::EnUs.data());
        if a.postcode_formats == en.postcode_formats && a.zip_formats != en.zip_formats {
            a.zip_formats
        } else {
            a.postcode_formats
        }
    }

    /// Whether the locale has its own `list` (not `fake`'s English default).
    pub fn has(self, list: List) -> bool {
        if self == Locale::EnUs {
            return true;
        }
        let (a, b) = (self.data(), Locale::EnUs.data());
        match list {
            List::FirstName => a.first_name != b.first_name,
            List::LastName => a.last_name != b.last_name,
            List::Title => a.title != b.title,
            List::Suffix => a.suffix != b.suffix,
            List::Lorem => a.lorem != b.lorem,
            List::CompanySuffix => a.company_suffix != b.company_suffix,
            List::Industry => a.industry != b.industry,
            List::Job => a.job_position != b.job_position,
            List::Buzzword => a.buzz_head != b.buzz_head,
            List::StreetSuffix => a.street_suffix != b.street_suffix,
            List::City => a.city_suffix != b.city_suffix || a.city_tpl != b.city_tpl,
            List::State => a.state != b.state,
            List::Postcode => {
                a.postcode_formats != b.postcode_formats || a.zip_formats != b.zip_formats
            }
            List::Profession => a.profession != b.profession,
            List::Phone => a.phone_formats != b.phone_formats,
            List::MobilePhone => {
                a.cell_formats != b.cell_formats && a.cell_formats != a.phone_formats
            }
        }
    }

    /// `Ok` when the locale has every list in `lists`; otherwise an error for `function`
    /// naming the missing list and the locales that have it.
    pub fn require(self, function: &str, lists: &[List]) -> Result<(), ParamError> {
        for &list in lists {
            if !self.has(list) {
                let with: Vec<&str> = Locale::ALL
                    .iter()
                    .filter(|l| l.has(list))
                    .map(|l| l.name())
                    .collect();
                return Err(ParamError::new(
                    "locale",
                    format!(
                        "'{}' (which has no {} for {function})",
                        self.name(),
                        list.describe()
                    ),
                    format!("a locale with {}: {}", list.describe(), with.join(", ")),
                ));
            }
        }
        Ok(())
    }
}

/// Levenshtein distance over bytes (names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_in_every_usual_form() {
        for l in Locale::ALL {
            assert_eq!(Locale::parse(l.name()), Ok(l));
            assert_eq!(Locale::parse(&l.name().to_ascii_uppercase()), Ok(l));
            assert_eq!(Locale::parse(&l.name().replace('_', "-")), Ok(l));
        }
        assert_eq!(Locale::parse("en"), Ok(Locale::EnUs));
        assert_eq!(Locale::parse("EN"), Ok(Locale::EnUs));
        assert_eq!(Locale::parse("de"), Ok(Locale::DeDe));
        assert!(Locale::parse("pt").is_err());
        assert!(Locale::parse("zh").is_err());
        let e = Locale::parse("de_DD").unwrap_err();
        assert!(e.value.contains("did you mean 'de_DE'"), "{e}");
        assert!(Locale::parse("").is_err());
        assert!(
            Locale::parse("xx_YY")
                .unwrap_err()
                .value
                .ends_with("'xx_YY'")
        );
    }

    #[test]
    fn every_locale_has_its_own_names_and_inherited_lists_are_missing() {
        for l in Locale::ALL {
            assert!(l.has(List::FirstName), "{l:?}");
            assert!(l.has(List::LastName), "{l:?}");
            assert!(!l.data().first_name.is_empty());
        }
        // fake 5 gives zh_CN its own lorem words and nobody else.
        let lorem: Vec<Locale> = Locale::ALL
            .into_iter()
            .filter(|l| l.has(List::Lorem))
            .collect();
        assert_eq!(lorem, vec![Locale::EnUs, Locale::ZhCn]);
        assert!(!Locale::FrFr.has(List::State));
        let e = Locale::FrFr.require("words", &[List::Lorem]).unwrap_err();
        assert!(e.allowed.contains("en_US, zh_CN"), "{e}");
    }
}
