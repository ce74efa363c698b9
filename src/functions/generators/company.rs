//! Company generators: names, suffixes, industries, professions, job titles and catch
//! phrases in a locale (`fake`'s lists; fictional combinations, no PII).

use super::GeneratorSpec;
use super::person::{word_generator, words};
use crate::generate::faker::WordKind;

word_generator!(
    COMPANY_NAME,
    "company_name",
    WordKind::CompanyName,
    "a company name (Smith and Jones LLC)",
    "A company name from the locale's templates.",
    "Fictional."
);
word_generator!(
    COMPANY_SUFFIX,
    "company_suffix",
    WordKind::CompanySuffix,
    "a company suffix (Inc, GmbH)",
    "A company suffix from the locale's list.",
    "Fictional."
);
word_generator!(
    INDUSTRY,
    "industry",
    WordKind::Industry,
    "an industry",
    "An industry from the locale's list.",
    "Fictional."
);
word_generator!(
    PROFESSION,
    "profession",
    WordKind::Profession,
    "a profession",
    "A profession from the locale's list.",
    "Fictional."
);
word_generator!(
    JOB_TITLE,
    "job_title",
    WordKind::JobTitle,
    "a job title (Senior Data Engineer)",
    "A job title from the locale's lists and template.",
    "Fictional."
);
word_generator!(
    CATCH_PHRASE,
    "catch_phrase",
    WordKind::CatchPhrase,
    "a company catch phrase",
    "A catch phrase from the locale's buzzword lists.",
    "Fictional."
);
