//! The titles `name_with_title` puts before a name. `fake`'s first-name lists are not split
//! by sex (but for `en_US`, where [`super::ssa_names`] is), so a title that names a sex
//! (`Frau`, `Mme`, `先生`) would be paired with a first name of either sex at random
//! (`Frau Matthias Möller`). A name with a title therefore takes:
//!
//! - in `en_US`, `Mr.` with a male and `Mrs.`, `Ms.`, `Miss` with a female first name (the
//!   SSA lists, uniformly), `Dr.` with any first name;
//! - elsewhere, only the locale's titles that name no sex ([`neutral_titles`]); a locale
//!   whose titles all name a sex (`pt_PT`, `zh_CN`) is refused.
//!
//! The `title()` generator alone still draws from every title of the locale.

use super::locale::Locale;
use super::ssa_names::{FEMALE, MALE};
use super::template::Words;

/// The titles of `locale` that name no sex, for titles before a first name of unknown sex:
/// `fake`'s titles less those of one sex, plus the locale's usual academic title where
/// `fake` has only sexed ones (`de_DE` `Dr.`, `Prof.`; `fr_FR` `Dr`, `Pr`, `Me`). Empty when
/// the locale has none.
pub fn neutral_titles(locale: Locale) -> Words {
    match locale {
        Locale::EnUs => &["Dr."],
        Locale::CyGb => &["Mx."],
        Locale::DeDe => &["Dr.", "Prof."],
        Locale::FrFr => &["Dr", "Pr", "Me"],
        Locale::ItIt => &["Avv.", "Arch.", "Geom.", "Rag."],
        Locale::NlNl => &["Prof.", "Ing."],
        Locale::JaJp => &["様"],
        Locale::ZhTw => &["博士"],
        Locale::TrTr => &["Sn.", "Dr.", "Prof.", "Doç.", "Av.", "Müh."],
        Locale::FaIr => &["دکتر", "استاد", "پروفسور", "مهندس"],
        // pt_PT's Sr./Sra., Dr./Dra., Eng./Engª., Prof./Profª. and zh_CN's 先生, 小姐, 男士,
        // 女士 each name a sex; pt_BR and ar_SA have no titles of their own.
        Locale::PtPt | Locale::ZhCn | Locale::PtBr | Locale::ArSa => &[],
    }
}

/// The names of a weighted list, in its order.
const fn names<const N: usize>(weighted: &[(&'static str, u32)]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = weighted[i].0;
        i += 1;
    }
    out
}

/// The SSA male first names (unweighted).
pub static MALE_NAMES: [&str; 200] = names(MALE);
/// The SSA female first names (unweighted).
pub static FEMALE_NAMES: [&str; 200] = names(FEMALE);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unweighted_lists_are_the_ssa_lists() {
        assert_eq!(MALE.len(), MALE_NAMES.len());
        assert_eq!(FEMALE.len(), FEMALE_NAMES.len());
        assert_eq!(MALE_NAMES[0], "Liam");
        assert_eq!(FEMALE_NAMES[0], "Olivia");
    }

    #[test]
    fn neutral_titles_are_titles_of_the_locale_or_its_usual_academic_ones() {
        for l in Locale::ALL {
            for t in neutral_titles(l) {
                let own = l.data().title.contains(t);
                let added = matches!(l, Locale::DeDe | Locale::FrFr | Locale::CyGb);
                assert!(own || added, "{l:?} {t}");
            }
        }
    }
}
