//! Company generators: names, suffixes, industries, professions, job titles and catch
//! phrases in a locale (`fake`'s lists; fictional combinations, no PII).

use super::GeneratorSpec;
use super::person::{word_generator, words};
use crate::generate::faker::WordKind;

word_generator!(
    COMPANY_NAME,
    "company_name",
    WordKind::CompanyName,
    "a company name (Smith and Jones LLC)"
);
word_generator!(
    COMPANY_SUFFIX,
    "company_suffix",
    WordKind::CompanySuffix,
    "a company suffix (Inc, GmbH)"
);
word_generator!(INDUSTRY, "industry", WordKind::Industry, "an industry");
word_generator!(
    PROFESSION,
    "profession",
    WordKind::Profession,
    "a profession"
);
word_generator!(
    JOB_TITLE,
    "job_title",
    WordKind::JobTitle,
    "a job title (Senior Data Engineer)"
);
word_generator!(
    CATCH_PHRASE,
    "catch_phrase",
    WordKind::CatchPhrase,
    "a company catch phrase"
);
