//! The word-list generators: names, companies, jobs, streets and cities, each a set of
//! templates over a locale's lists (e.g. `fake`'s `"{FirstName} {LastName}"`; `ja_JP`'s
//! `"{LastName} {FirstName}"`). A row picks one template, then one word per placeholder.

use super::locale::{List, Locale};
use super::template::{Template, Words};
use super::titles::{FEMALE_NAMES, MALE_NAMES, neutral_titles};
use crate::generate::tabular::below;
use crate::generate::{ParamError, RowRng};

/// What a word-list generator produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// A first name.
    FirstName,
    /// A last name.
    LastName,
    /// A full name in the locale's order (`{FirstName} {LastName}`, `{LastName} {FirstName}`).
    FullName,
    /// A full name with a title (`Dr. Ada Smith`, `山田太郎様`).
    NameWithTitle,
    /// A name title.
    Title,
    /// A name suffix.
    NameSuffix,
    /// A company name.
    CompanyName,
    /// A company suffix.
    CompanySuffix,
    /// An industry.
    Industry,
    /// A profession.
    Profession,
    /// A job title (`Senior Data Engineer`).
    JobTitle,
    /// A catch phrase.
    CatchPhrase,
    /// A street name (`Smith Avenue`).
    StreetName,
    /// A city name (`Lake Smithton`).
    City,
}

impl WordKind {
    /// The lists the kind needs from a locale.
    pub fn lists(self) -> &'static [List] {
        match self {
            WordKind::FirstName => &[List::FirstName],
            WordKind::LastName => &[List::LastName],
            WordKind::FullName => &[List::FirstName, List::LastName],
            WordKind::NameWithTitle => &[List::FirstName, List::LastName, List::Title],
            WordKind::Title => &[List::Title],
            WordKind::NameSuffix => &[List::Suffix],
            WordKind::CompanyName => &[List::LastName, List::CompanySuffix],
            WordKind::CompanySuffix => &[List::CompanySuffix],
            WordKind::Industry => &[List::Industry],
            WordKind::Profession => &[List::Profession],
            WordKind::JobTitle => &[List::Job],
            WordKind::CatchPhrase => &[List::Buzzword],
            WordKind::StreetName => &[List::LastName, List::StreetSuffix],
            WordKind::City => &[List::LastName, List::City],
        }
    }

    /// The templates of this kind in `locale`; an error names `function` and the locales
    /// that have the data when `locale` does not.
    pub fn prepare(self, function: &str, locale: Locale) -> Result<Templates, ParamError> {
        locale.require(function, self.lists())?;
        let d = locale.data();
        let resolve = |name: &str| -> Option<Words> {
            Some(match name {
                "FirstName" => d.first_name,
                "LastName" | "Name_1" | "Name_2" | "StreetName" | "CityName" => d.last_name,
                "Title" => d.title,
                "Suffix" if self == WordKind::CompanyName => d.company_suffix,
                "Suffix" => d.suffix,
                "CompanySuffix" => d.company_suffix,
                "Industry" => d.industry,
                "Profession" => d.profession,
                "Seniority" => d.job_seniority,
                "Field" => d.job_field,
                "Position" => d.job_position,
                "Head" => d.buzz_head,
                "Middle" => d.buzz_middle,
                "Tail" => d.buzz_tail,
                "StreetSuffix" => d.street_suffix,
                "CityPrefix" => d.city_prefix,
                "CitySuffix" => d.city_suffix,
                _ => return None,
            })
        };
        let one = |tpl: &'static str| Template::parse(tpl, resolve);
        let templates = match self {
            WordKind::FirstName => vec![one("{FirstName}")?],
            WordKind::LastName => vec![one("{LastName}")?],
            WordKind::FullName => vec![one(d.name_tpl)?],
            WordKind::NameWithTitle => name_with_title(function, locale, &resolve)?,
            WordKind::Title => vec![one("{Title}")?],
            WordKind::NameSuffix => vec![one("{Suffix}")?],
            WordKind::CompanyName => d
                .company_name_tpls
                .iter()
                .map(|t| one(t))
                .collect::<Result<_, _>>()?,
            WordKind::CompanySuffix => vec![one("{CompanySuffix}")?],
            WordKind::Industry => vec![one("{Industry}")?],
            WordKind::Profession => vec![one("{Profession}")?],
            WordKind::JobTitle => vec![one(d.job_title_tpl)?],
            WordKind::CatchPhrase => vec![one(d.catch_phrase_tpl)?],
            WordKind::StreetName => vec![one(d.street_tpl)?.glued()],
            WordKind::City => vec![one(d.city_tpl)?],
        };
        Ok(Templates(templates))
    }
}

/// The templates of a name with a title in `locale`: the locale's template with its titles
/// that name no sex, and for `en_US` also `Mr.` with male and `Mrs.`, `Ms.`, `Miss` with
/// female first names (as many male as female names: `Mr.` is listed three times).
fn name_with_title(
    function: &str,
    locale: Locale,
    resolve: &impl Fn(&str) -> Option<Words>,
) -> Result<Vec<Template>, ParamError> {
    let neutral = neutral_titles(locale);
    if neutral.is_empty() {
        let with: Vec<&str> = Locale::ALL
            .iter()
            .filter(|l| !neutral_titles(**l).is_empty())
            .map(|l| l.name())
            .collect();
        return Err(ParamError::new(
            "locale",
            format!(
                "'{}' (whose name titles each name a sex, which its first names do not carry, for {function})",
                locale.name()
            ),
            format!("a locale with titles for either sex: {}", with.join(", ")),
        ));
    }
    let tpl = locale.data().name_with_title_tpl;
    let mut templates = vec![Template::parse(tpl, |n| match n {
        "Title" => Some(neutral),
        _ => resolve(n),
    })?];
    if locale == Locale::EnUs {
        let sexed = |n: &str| match n {
            "Male" => Some(&MALE_NAMES[..]),
            "Female" => Some(&FEMALE_NAMES[..]),
            _ => resolve(n),
        };
        for tpl in [
            "Mr. {Male} {LastName}",
            "Mr. {Male} {LastName}",
            "Mr. {Male} {LastName}",
            "Mrs. {Female} {LastName}",
            "Ms. {Female} {LastName}",
            "Miss {Female} {LastName}",
        ] {
            templates.push(Template::parse(tpl, sexed)?);
        }
    }
    Ok(templates)
}

/// The prepared templates of one kind and locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates(Vec<Template>);

impl Templates {
    /// Writes one value: a uniformly picked template (no draw when there is one), filled in.
    #[inline]
    pub fn write(&self, rng: &mut RowRng, out: &mut Vec<u8>) {
        let t = if self.0.len() == 1 {
            &self.0[0]
        } else {
            &self.0[below(rng, self.0.len() as u64) as usize]
        };
        t.write(rng, out);
    }

    /// About how many bytes a value takes.
    pub fn typical_len(&self) -> usize {
        self.0.first().map_or(8, |t| t.typical_len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [WordKind; 14] = [
        WordKind::FirstName,
        WordKind::LastName,
        WordKind::FullName,
        WordKind::NameWithTitle,
        WordKind::Title,
        WordKind::NameSuffix,
        WordKind::CompanyName,
        WordKind::CompanySuffix,
        WordKind::Industry,
        WordKind::Profession,
        WordKind::JobTitle,
        WordKind::CatchPhrase,
        WordKind::StreetName,
        WordKind::City,
    ];

    /// Every kind prepares for en_US, and for every other locale either prepares or is
    /// refused because a list is missing; prepared values are non-empty.
    #[test]
    fn every_kind_and_locale_prepares_or_is_refused_for_missing_data() {
        for kind in ALL {
            for l in Locale::ALL {
                match kind.prepare("f", l) {
                    Ok(t) => {
                        for row in 0..50 {
                            let mut out = Vec::new();
                            t.write(&mut RowRng::new(1, row), &mut out);
                            let s = String::from_utf8(out).unwrap();
                            assert!(!s.trim().is_empty(), "{kind:?} {l:?}");
                        }
                    }
                    Err(e) => {
                        assert_ne!(l, Locale::EnUs, "{kind:?}: {e}");
                        // A missing list, or (for a name with a title) no title for
                        // names of either sex.
                        let no_title = kind == WordKind::NameWithTitle
                            && super::super::titles::neutral_titles(l).is_empty();
                        assert!(
                            no_title || kind.lists().iter().any(|&x| !l.has(x)),
                            "{kind:?} {l:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn japanese_full_names_put_the_family_name_first() {
        let t = WordKind::FullName.prepare("f", Locale::JaJp).unwrap();
        let mut out = Vec::new();
        t.write(&mut RowRng::new(1, 0), &mut out);
        let s = String::from_utf8(out).unwrap();
        let last = s.split(' ').next().unwrap();
        assert!(Locale::JaJp.data().last_name.contains(&last), "{s}");
    }
}
