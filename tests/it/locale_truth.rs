//! Locale truth: every generator that takes a locale, in every locale it accepts, scanned for
//! text that belongs to another locale — letters of another script, another locale's
//! patterns (US phone formats, Italian place-name particles), and titles paired with a first
//! name of the wrong sex. `fake` fills a locale's missing lists with English data and copies
//! some lists between locales; a generator must refuse a locale, or use its own data, rather
//! than answer in another locale's words.

use datafusion::arrow::array::AsArray;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use datafusion_synth::functions::reference::{generator_locales, locale_position};
use datafusion_synth::functions::{GENERATORS, Rows};
use datafusion_synth::generate::faker::Locale;
use datafusion_synth::generate::faker::titles::{FEMALE_NAMES, MALE_NAMES};

/// Rows scanned per generator and locale.
const ROWS: u64 = 2000;

/// The script of a letter (non-letters are `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Han,
    Kana,
    Arabic,
    Other,
}

fn script(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0x41..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x3005..=0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Script::Han,
        0x3040..=0x30FF | 0x31F0..=0x31FF => Script::Kana,
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        _ => Script::Other,
    })
}

/// The scripts a locale's words are written in.
fn scripts(l: Locale) -> &'static [Script] {
    match l {
        Locale::JaJp => &[Script::Han, Script::Kana],
        Locale::ZhCn | Locale::ZhTw => &[Script::Han],
        Locale::ArSa | Locale::FaIr => &[Script::Arabic],
        _ => &[Script::Latin],
    }
}

/// Generators whose values are not words of the locale: one English value per locale
/// (the country and its codes, documented as such) or numbers.
fn not_words(name: &str) -> bool {
    matches!(
        name,
        "country" | "country_code" | "currency_code" | "latitude" | "longitude"
    )
}

/// Titles that name a sex, in every locale's data.
const SEXED_TITLES: &[&str] = &[
    "Mr.",
    "Mrs.",
    "Ms.",
    "Miss",
    "Frau",
    "Herr",
    "Mme",
    "M.",
    "Sig.",
    "Sig.ra",
    "Dott.",
    "Dott.ssa",
    "Prof.sa",
    "Sr.",
    "Sra.",
    "Dra.",
    "Engª.",
    "Profª.",
    "Mevrouw",
    "Meneer",
    "先生",
    "小姐",
    "男士",
    "女士",
    "夫人",
    "آقای",
    "خانم",
    "دوشیزه",
    "بانو",
];

/// What is wrong with `v`, a value of `generator` in `locale`, if anything.
fn problem(generator: &str, l: Locale, v: &str) -> Option<String> {
    if !not_words(generator) {
        let own = scripts(l);
        if let Some(c) = v
            .chars()
            .find(|&c| script(c).is_some_and(|s| s != Script::Latin && !own.contains(&s)))
        {
            return Some(format!("letter '{c}' of another script"));
        }
        // Latin in a non-Latin locale: acronyms (`IT`) and a letter between digits (`7x24`)
        // are the locale's own usage; a Latin word (`del`, `nº`) is another locale's text.
        if !own.contains(&Script::Latin) {
            for word in v.split(|c: char| script(c) != Some(Script::Latin)) {
                let acronym = word.chars().all(|c| c.is_ascii_uppercase());
                if !word.is_empty() && !acronym && word != "x" {
                    return Some(format!("the Latin word '{word}'"));
                }
            }
        }
        // Letters of a non-Latin script in a Latin locale.
        if own.contains(&Script::Latin)
            && let Some(c) = v
                .chars()
                .find(|&c| script(c).is_some_and(|s| s != Script::Latin))
        {
            return Some(format!("letter '{c}' of another script"));
        }
    }
    if l != Locale::EnUs && generator.contains("phone") {
        let us = v.contains(" x") || v.starts_with("1-") || v.contains(".") && !v.contains(' ');
        if us {
            return Some("a US phone format".into());
        }
    }
    // Italian place names and building numbers (`Villa … del Lago`, `nº 12`) outside the
    // locales whose own they are; `… e …` (and) in company names.
    let romance = matches!(l, Locale::ItIt | Locale::PtPt | Locale::PtBr);
    let place = matches!(
        generator,
        "city" | "address" | "street_address" | "street_name" | "building_number"
    );
    if place && !romance {
        for it in ["nº", " del ", "Villa ", "San ", "Santa ", "Santo "] {
            if v.contains(it) || v.starts_with(it.trim_start()) {
                return Some(format!("Italian/Portuguese part '{}'", it.trim()));
            }
        }
    }
    if generator == "company_name" && !romance && v.split(' ').any(|w| w == "e") {
        return Some("Italian/Portuguese 'e' (and)".into());
    }
    if generator == "name_with_title" {
        let words: Vec<&str> = v.split(' ').collect();
        let title = words[0];
        match (l, title) {
            (Locale::EnUs, "Mr.") if !MALE_NAMES.contains(&words[1]) => {
                return Some("Mr. with a first name that is not male".into());
            }
            (Locale::EnUs, "Mrs." | "Ms." | "Miss") if !FEMALE_NAMES.contains(&words[1]) => {
                return Some(format!("{title} with a first name that is not female"));
            }
            (Locale::EnUs, _) => {}
            _ => {
                if let Some(t) = SEXED_TITLES
                    .iter()
                    .find(|t| v.starts_with(&format!("{t} ")) || v.ends_with(*t))
                {
                    return Some(format!("the sexed title '{t}' with a name of either sex"));
                }
            }
        }
    }
    None
}

/// Each generator with a `locale` parameter, in each locale it accepts (phones also with
/// the `'any'` range), scanned over `ROWS` rows.
#[test]
fn every_generator_speaks_only_its_locale() {
    let mut scanned = 0;
    let mut problems = Vec::new();
    for spec in GENERATORS {
        let Some(accepted) = generator_locales(spec) else {
            continue;
        };
        let phone = spec.name.contains("phone");
        for l in Locale::ALL {
            let mut calls = Vec::new();
            let locale = ScalarValue::Utf8(Some(l.name().into()));
            if accepted.contains(&l.name()) {
                let pos = locale_position(spec.signature).unwrap();
                let mut args = vec![ScalarValue::Int64(Some(1)); pos];
                args.push(locale.clone());
                calls.push(args);
            }
            if phone {
                calls.push(vec![
                    locale,
                    ScalarValue::Null,
                    ScalarValue::Utf8(Some("any".into())),
                ]);
            }
            for args in calls {
                let Ok(f) = spec.build(&args) else {
                    continue;
                };
                let array = f.evaluate(&Rows::Range(0..ROWS), 17, &[]).unwrap();
                let text = cast(&array, &DataType::Utf8).unwrap();
                let text = text.as_string::<i32>();
                scanned += 1;
                for v in text.iter().flatten() {
                    if let Some(p) = problem(spec.name, l, v) {
                        problems.push(format!("{}({}): {p}: {v:?}", spec.name, l.name()));
                        break;
                    }
                }
            }
        }
    }
    assert!(
        scanned > 150,
        "only {scanned} generator × locale pairs scanned"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The refusals that replace another locale's data name the locale, the list and the
/// locales that have it.
#[test]
fn locales_without_their_own_data_are_refused() {
    let spec = |n: &str| GENERATORS.iter().find(|g| g.name == n).unwrap();
    let s = |v: &str| ScalarValue::Utf8(Some(v.into()));
    let e = spec("phone")
        .build(&[s("de_DE"), ScalarValue::Null, s("any")])
        .unwrap_err()
        .strip_backtrace();
    assert_eq!(
        e,
        "Error during planning: phone(): invalid value for 'locale': 'de_DE' (which has no phone number formats for phone); allowed: a locale with phone number formats: en_US, fr_FR, it_IT, pt_BR, pt_PT, nl_NL, ja_JP, tr_TR, fa_IR, cy_GB"
    );
    let e = spec("mobile_phone")
        .build(&[s("cy_GB"), ScalarValue::Null, s("any")])
        .unwrap_err()
        .strip_backtrace();
    assert!(
        e.contains("'cy_GB' (which has no mobile number formats"),
        "{e}"
    );
    let e = spec("name_with_title")
        .build(&[s("zh_CN")])
        .unwrap_err()
        .strip_backtrace();
    assert!(
        e.contains("'zh_CN' (whose name titles each name a sex, which its first names do not carry, for name_with_title); allowed: a locale with titles for either sex: en_US, fr_FR, de_DE"),
        "{e}"
    );
}
