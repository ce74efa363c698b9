//! One call of every semantic generator that takes constants only, in three locales where
//! the generator has a locale (en_US, de_DE, ja_JP; where ja_JP has no data for it, zh_CN
//! or fr_FR), and the variants with their own code paths. Shared by the golden, determinism
//! and coverage tests.

use datafusion::common::ScalarValue;

use super::{i, s};

/// `(label, generator, args)`.
pub fn semantic_cases() -> Vec<(String, &'static str, Vec<ScalarValue>)> {
    let mut out: Vec<(String, &'static str, Vec<ScalarValue>)> = vec![];
    let localized: &[(&str, &[&str])] = &[
        ("first_name", &["en_US", "de_DE", "ja_JP"]),
        ("last_name", &["en_US", "de_DE", "ja_JP"]),
        ("full_name", &["en_US", "de_DE", "ja_JP"]),
        ("name_with_title", &["en_US", "de_DE", "ja_JP"]),
        ("company_name", &["en_US", "de_DE", "ja_JP"]),
        ("company_suffix", &["en_US", "de_DE", "ja_JP"]),
        ("industry", &["en_US", "zh_CN", "pt_PT"]),
        ("profession", &["en_US", "zh_CN", "pt_PT"]),
        ("job_title", &["en_US", "nl_NL", "ja_JP"]),
        ("catch_phrase", &["en_US", "zh_CN", "it_IT"]),
        ("street_address", &["en_US", "de_DE", "zh_CN"]),
        ("building_number", &["en_US", "it_IT", "fa_IR"]),
        ("street_name", &["en_US", "de_DE", "zh_CN"]),
        ("city", &["en_US", "de_DE", "zh_CN"]),
        ("state", &["en_US", "de_DE", "pt_BR"]),
        ("state_abbr", &["en_US", "de_DE", "pt_BR"]),
        ("postcode", &["en_US", "de_DE", "zh_CN"]),
        ("address", &["en_US", "de_DE", "zh_CN"]),
        ("phone", &["en_US", "fr_FR", "cy_GB"]),
        ("mobile_phone", &["en_US", "fr_FR", "cy_GB"]),
        ("country", &["en_US", "de_DE", "ja_JP"]),
        ("currency_code", &["en_US", "de_DE", "ja_JP"]),
        ("latitude", &["en_US", "de_DE", "ja_JP"]),
        ("longitude", &["en_US", "de_DE", "ja_JP"]),
        ("sentence", &["en_US", "zh_CN"]),
        ("paragraph", &["en_US", "zh_CN"]),
    ];
    for (name, locales) in localized {
        out.push((name.to_string(), name, vec![]));
        for l in *locales {
            out.push((format!("{name}_{l}"), name, vec![s(l)]));
        }
    }
    out.extend([
        (
            "country_code_alpha3_ja_JP".to_string(),
            "country_code",
            vec![s("ja_JP"), s("alpha3")],
        ),
        ("country_code".to_string(), "country_code", vec![]),
        (
            "phone_it_IT_any".to_string(),
            "phone",
            vec![s("it_IT"), ScalarValue::Int64(None), s("any")],
        ),
        ("words_3".to_string(), "words", vec![i(3)]),
        ("first_name_female".to_string(), "first_name_female", vec![]),
        (
            "first_name_female_en_US".to_string(),
            "first_name_female",
            vec![s("en_US")],
        ),
        ("first_name_male".to_string(), "first_name_male", vec![]),
        ("sex".to_string(), "sex", vec![]),
        (
            "sex_0.3".to_string(),
            "sex",
            vec![ScalarValue::Float64(Some(0.3))],
        ),
        ("words_3_zh_CN".to_string(), "words", vec![i(3), s("zh_CN")]),
        ("domain".to_string(), "domain", vec![]),
        ("hostname".to_string(), "hostname", vec![]),
        ("url".to_string(), "url", vec![]),
        ("ipv4".to_string(), "ipv4", vec![]),
        ("ipv4_cidr".to_string(), "ipv4", vec![s("10.20.0.0/16")]),
        ("ipv6".to_string(), "ipv6", vec![]),
        ("ipv6_cidr".to_string(), "ipv6", vec![s("fd00::/8")]),
        ("mac_address".to_string(), "mac_address", vec![]),
        ("hostname_unique".to_string(), "hostname", vec![s("unique")]),
        (
            "ipv4_cidr_unique".to_string(),
            "ipv4",
            vec![s("10.20.0.0/16"), s("unique")],
        ),
        (
            "ipv6_unique".to_string(),
            "ipv6",
            vec![ScalarValue::Utf8(None), s("unique")],
        ),
        (
            "mac_address_unique".to_string(),
            "mac_address",
            vec![s("unique")],
        ),
        ("user_agent".to_string(), "user_agent", vec![]),
        ("credit_card".to_string(), "credit_card", vec![]),
        (
            "credit_card_amex_any".to_string(),
            "credit_card",
            vec![s("amex"), s("any")],
        ),
        ("iban".to_string(), "iban", vec![]),
        ("iban_DE".to_string(), "iban", vec![s("DE")]),
        ("ssn".to_string(), "ssn", vec![]),
        ("birth_date".to_string(), "birth_date", vec![i(18), i(90)]),
        (
            "birth_date_as_of".to_string(),
            "birth_date",
            vec![i(0), i(0), ScalarValue::Date32(Some(19_782))],
        ),
    ]);
    out
}

/// Generators that read columns only, covered through SQL in `tests/it/semantic.rs` and
/// `tests/it/geometry_columns.rs`.
pub const COLUMN_ONLY: &[&str] = &["username", "email", "st_point", "st_box"];
