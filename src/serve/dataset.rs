//! The dataset a request names, read from its query parameters, and turned into the SQL a
//! user would type: `spider('diagonal', 1000, 7, 'percentage=0.3')`, `tpch('lineitem', 1)`,
//! `tpcds('store_sales', 1)`, a table of the session, or (only when the server was started
//! with `--allow-sql`) a query. Every value goes into the SQL as a literal, so validation
//! and its error texts are those of SQL itself.

use std::collections::HashMap;

use crate::functions::spider::OPTION_KEYS;

/// Longest accepted SQL text and parameter value (bytes).
pub const MAX_SQL_LEN: usize = 16 * 1024;

/// A request that cannot be served: HTTP 400 with `message`, shown next to `field`.
#[derive(Debug, Clone, PartialEq)]
pub struct BadRequest {
    pub message: String,
    pub field: Option<String>,
}

impl BadRequest {
    pub fn new(message: impl Into<String>, field: Option<&str>) -> Self {
        Self {
            message: message.into(),
            field: field.map(str::to_string),
        }
    }
}

/// The kinds of dataset, as the `kind` parameter names them.
pub const KINDS: [&str; 5] = ["spider", "tpch", "tpcds", "table", "sql"];

/// One dataset, as SQL.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// What follows `FROM`: a table function call, a table name, or a parenthesized query.
    pub source: String,
    /// The names of the parameters that made it, for placing errors next to their fields.
    pub fields: Vec<String>,
}

/// A SQL string literal: quoted, with quotes doubled.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A number as typed, when it is one (so `1e6` stays a number, as in SQL); anything else as
/// a string literal, which the table function then refuses with its own message.
fn number(s: &str) -> String {
    let t = s.trim();
    let mantissa_end = t.find(['e', 'E']).unwrap_or(t.len());
    let (mantissa, exponent) = t.split_at(mantissa_end);
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_empty() || {
        let e = &exponent[1..];
        digits(e.strip_prefix(['+', '-']).unwrap_or(e))
    };
    if mantissa_ok && exponent_ok {
        t.to_string()
    } else {
        quote(s)
    }
}

/// A parameter's value, if given and not blank.
fn get<'a>(params: &'a HashMap<String, String>, key: &str) -> Option<&'a str> {
    params.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn required<'a>(
    params: &'a HashMap<String, String>,
    key: &str,
    kind: &str,
) -> Result<&'a str, BadRequest> {
    get(params, key).ok_or_else(|| {
        BadRequest::new(
            format!("{kind}: the parameter '{key}' is required"),
            Some(key),
        )
    })
}

impl Dataset {
    /// Reads the dataset from a request's parameters.
    pub fn from_params(
        params: &HashMap<String, String>,
        allow_sql: bool,
    ) -> Result<Self, BadRequest> {
        if let Some((key, _)) = params.iter().find(|(_, v)| v.len() > MAX_SQL_LEN) {
            return Err(BadRequest::new(
                format!("the parameter '{key}' is longer than {MAX_SQL_LEN} bytes"),
                Some(key),
            ));
        }
        let kind = get(params, "kind").unwrap_or("spider");
        match kind {
            "spider" => Ok(Self::spider(params)),
            "tpch" | "tpcds" => {
                let table = required(params, "table", kind)?;
                let sf = get(params, "scale_factor").unwrap_or("1");
                Ok(Self {
                    source: format!("{kind}({}, {})", quote(table), number(sf)),
                    fields: vec!["table".into(), "scale_factor".into()],
                })
            }
            "table" => {
                let name = required(params, "name", kind)?;
                Ok(Self {
                    // A quoted identifier: the name as listed, never an expression.
                    source: format!("\"{}\"", name.replace('"', "\"\"")),
                    fields: vec!["name".into()],
                })
            }
            "sql" if allow_sql => {
                let sql = required(params, "sql", kind)?;
                Ok(Self {
                    source: format!("({})", sql.trim().trim_end_matches(';')),
                    fields: vec!["sql".into()],
                })
            }
            "sql" => Err(BadRequest::new(
                "queries are not accepted by this server: start it with `dfsynth serve --allow-sql` to allow them",
                Some("kind"),
            )),
            other => Err(BadRequest::new(
                format!(
                    "invalid value for 'kind': '{other}'; allowed: {}",
                    KINDS.join(", ")
                ),
                Some("kind"),
            )),
        }
    }

    /// `spider(distribution, cardinality, seed, 'key=value …')` from the form's fields.
    fn spider(params: &HashMap<String, String>) -> Self {
        let distribution = get(params, "distribution").unwrap_or("uniform");
        let cardinality = get(params, "cardinality").unwrap_or("1000");
        let seed = get(params, "seed").unwrap_or("0");
        let options: Vec<String> = OPTION_KEYS
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| !matches!(*k, "distribution" | "cardinality" | "seed"))
            .filter_map(|k| get(params, k).map(|v| format!("{k}={v}")))
            .collect();
        let mut source = format!(
            "spider({}, {}, {}",
            quote(distribution),
            number(cardinality),
            number(seed)
        );
        if !options.is_empty() {
            source.push_str(", ");
            source.push_str(&quote(&options.join(" ")));
        }
        source.push(')');
        Self {
            source,
            fields: OPTION_KEYS.iter().map(|(k, _)| k.to_string()).collect(),
        }
    }

    /// `SELECT * FROM <source>`.
    pub fn query(&self) -> String {
        format!("SELECT * FROM {}", self.source)
    }
}

/// The field an error message is about: the earliest of `fields` the message names as
/// `'field'` or `(field)`, as our error texts do.
pub fn field_of(message: &str, fields: &[String]) -> Option<String> {
    fields
        .iter()
        .filter_map(|f| {
            [format!("'{f}'"), format!("({f})")]
                .iter()
                .filter_map(|needle| message.find(needle.as_str()))
                .min()
                .map(|at| (at, f))
        })
        .min_by_key(|(at, _)| *at)
        .map(|(_, f)| f.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn spider_parameters_become_the_call() {
        let d = Dataset::from_params(
            &params(&[
                ("distribution", "diagonal"),
                ("cardinality", "1e6"),
                ("seed", "7"),
                ("percentage", "0.3"),
                ("buffer", ""),
            ]),
            false,
        )
        .unwrap();
        assert_eq!(
            d.query(),
            "SELECT * FROM spider('diagonal', 1e6, 7, 'percentage=0.3')"
        );
    }

    #[test]
    fn values_stay_literals() {
        let d = Dataset::from_params(
            &params(&[
                ("distribution", "x') UNION SELECT 1 --"),
                ("cardinality", "1; DROP"),
                ("percentage", "0.3'"),
            ]),
            false,
        )
        .unwrap();
        assert_eq!(
            d.source,
            "spider('x'') UNION SELECT 1 --', '1; DROP', 0, 'percentage=0.3''')"
        );
        let t = Dataset::from_params(&params(&[("kind", "table"), ("name", "a\"b")]), false);
        assert_eq!(t.unwrap().source, "\"a\"\"b\"");
    }

    #[test]
    fn queries_need_the_flag() {
        let p = params(&[("kind", "sql"), ("sql", "SELECT 1;")]);
        assert_eq!(
            Dataset::from_params(&p, false).unwrap_err().message,
            "queries are not accepted by this server: start it with `dfsynth serve --allow-sql` to allow them"
        );
        assert_eq!(Dataset::from_params(&p, true).unwrap().source, "(SELECT 1)");
        assert_eq!(
            Dataset::from_params(&params(&[("kind", "csv")]), true)
                .unwrap_err()
                .message,
            "invalid value for 'kind': 'csv'; allowed: spider, tpch, tpcds, table, sql"
        );
    }

    #[test]
    fn errors_find_their_field() {
        let fields: Vec<String> = ["distribution", "cardinality", "percentage"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            field_of(
                "spider: invalid value for 'percentage': 2; allowed: a number in [0, 1]",
                &fields
            ),
            Some("percentage".to_string())
        );
        assert_eq!(
            field_of(
                "spider: argument #2 (cardinality) must be an integer",
                &fields
            ),
            Some("cardinality".to_string())
        );
        assert_eq!(field_of("something else", &fields), None);
    }
}
