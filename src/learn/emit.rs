//! From profiles to a `CREATE SYNTHETIC TABLE` statement: one declaration per column (a key,
//! a fitted family, an empirical quantile curve, categories with k-anonymity, a PII-free
//! semantic generator, lorem text), its null rate, a comment saying why, and the disclosure
//! lines: every number the statement carries from the source.

use std::fmt::Write as _;

use datafusion::arrow::datatypes::DataType;

use super::fit::{Family, best, num};
use super::options::{LearnOptions, Privacy};
use super::pairs::OrderedPair;
use super::profile::{ColumnProfile, Kind};
use super::relations::ForeignKey;
use super::semantic::{Semantic, detect};

/// One emitted column (and the hidden helper columns it needs).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub helpers: Vec<String>,
    pub declaration: String,
    pub comment: String,
    pub disclosed: Vec<String>,
}

/// A quoted identifier.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `x` rounded to the privacy level's significant digits (off: unchanged).
pub fn rounder(privacy: Privacy) -> impl Fn(f64) -> f64 {
    move |x: f64| {
        let digits = match privacy {
            Privacy::Strict => 2,
            Privacy::Balanced => 4,
            Privacy::Off => return x,
        };
        if x == 0.0 || !x.is_finite() {
            return x;
        }
        let scale = 10f64.powi(digits - 1 - x.abs().log10().floor() as i32);
        (x * scale).round() / scale
    }
}

/// The SQL type of a column, and whether generated values need a cast into it.
fn sql_type(t: &DataType) -> Option<&'static str> {
    Some(match t {
        DataType::Int8 | DataType::Int16 | DataType::Int32 => "INT",
        DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64 => "BIGINT",
        DataType::Float16 | DataType::Float32 | DataType::Float64 => "DOUBLE",
        DataType::Decimal128(..) | DataType::Decimal256(..) => "DECIMAL",
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "VARCHAR",
        DataType::Boolean => "BOOLEAN",
        DataType::Date32 | DataType::Date64 => "DATE",
        DataType::Timestamp(..) => "TIMESTAMP",
        _ => return None,
    })
}

fn type_text(t: &DataType) -> String {
    match t {
        DataType::Decimal128(p, s) | DataType::Decimal256(p, s) => format!("DECIMAL({p}, {s})"),
        other => sql_type(other).unwrap_or("VARCHAR").to_string(),
    }
}

/// The empirical quantile curve: a hidden uniform column and linear interpolation between
/// the quantile points.
fn curve(
    name: &str,
    q: &[f64],
    probabilities: &[f64],
    round: &impl Fn(f64) -> f64,
    helpers: &mut Vec<String>,
) -> String {
    let u = quote(&format!("__u_{name}"));
    helpers.push(format!(
        "{u} DOUBLE GENERATED ALWAYS AS (uniform(0.0, 1.0)) NOT NULL HIDDEN"
    ));
    let mut expr = String::from("CASE");
    for i in 0..q.len() - 1 {
        let (p0, p1) = (probabilities[i], probabilities[i + 1]);
        let (q0, q1) = (round(q[i]), round(q[i + 1]));
        let _ = write!(
            expr,
            " WHEN {u} < {} THEN {} + {} * ({u} - {}) / {}",
            prob(p1),
            num(q0),
            num(round(q1 - q0)),
            prob(p0),
            prob(p1 - p0)
        );
    }
    let _ = write!(expr, " ELSE {} END", num(round(q[q.len() - 1])));
    // Below the first probability: the first quantile.
    format!(
        "CASE WHEN {u} < {} THEN {} ELSE {expr} END",
        prob(probabilities[0]),
        num(round(q[0]))
    )
}

/// A probability as SQL, without binary noise (at most 6 decimals).
fn prob(p: f64) -> String {
    let s = format!("{p:.6}");
    let s = s.trim_end_matches('0');
    if s.ends_with('.') {
        format!("{s}0")
    } else {
        s.to_string()
    }
}

/// A numeric expression as the column's kind and type: rounded for integers and decimals,
/// days as dates, microseconds as timestamps.
fn typed(expr: String, p: &ColumnProfile, integer_family: bool) -> String {
    match &p.kind {
        Kind::Integer if integer_family => match sql_type(&p.data_type) {
            Some("INT") => format!("CAST({expr} AS INT)"),
            _ => expr,
        },
        Kind::Integer => format!(
            "CAST(round({expr}) AS {})",
            sql_type(&p.data_type).unwrap_or("BIGINT")
        ),
        Kind::Decimal(s) => format!("CAST(round({expr}, {s}) AS {})", type_text(&p.data_type)),
        Kind::Date => format!("CAST(CAST(round({expr}) AS INT) AS DATE)"),
        Kind::Timestamp(_) => {
            format!("CAST(to_timestamp_micros(CAST(round({expr}) AS BIGINT)) AS TIMESTAMP)")
        }
        _ => expr,
    }
}

fn numeric(
    p: &ColumnProfile,
    o: &LearnOptions,
    rows: u64,
    helpers: &mut Vec<String>,
    disclosed: &mut Vec<String>,
) -> (String, String) {
    let round = rounder(o.privacy);
    let probabilities = o.probabilities();
    let integer = p.kind == Kind::Integer;
    // A key: every row a distinct integer.
    if integer && p.non_null == p.rows && p.distinct as f64 >= 0.97 * p.non_null as f64 {
        let (lo, hi) = (p.min.unwrap_or(1.0), p.max.unwrap_or(1.0));
        let dense = (hi - lo + 1.0 - p.rows as f64).abs() <= 0.01 * p.rows as f64 + 1.0;
        if dense {
            let start = if o.privacy == Privacy::Strict {
                1.0
            } else {
                lo
            };
            disclosed.push(format!("first key {start}"));
            return (
                typed(format!("sequence({})", start as i64), p, true),
                "unique and dense: a key".into(),
            );
        }
        let lo = round(*p.quantiles.first().unwrap_or(&lo)).floor();
        let hi = round(*p.quantiles.last().unwrap_or(&hi))
            .ceil()
            .max(lo + 2.0 * rows as f64);
        disclosed.push(format!("key range {lo}..{hi}"));
        return (
            typed(format!("unique_int({}, {})", lo as i64, hi as i64), p, true),
            "unique: distinct integers".into(),
        );
    }
    let (first, last) = (
        round(*p.quantiles.first().unwrap_or(&0.0)),
        round(*p.quantiles.last().unwrap_or(&0.0)),
    );
    let fitted = best(p, integer, &probabilities);
    match fitted {
        Some((family, d)) if p.quantiles.len() == probabilities.len() => {
            disclosed.push(format!(
                "{} parameters; range {}..{}",
                family.name(),
                num(first),
                num(last)
            ));
            let call = family.call(&round);
            let clamped = match family {
                Family::Poisson { .. } | Family::Zipf { .. } => {
                    format!("least(greatest({call}, {}), {})", first as i64, last as i64)
                }
                _ => format!("least(greatest({call}, {}), {})", num(first), num(last)),
            };
            (
                typed(clamped, p, family.discrete()),
                format!(
                    "{} (distance {:.3}), within the inner quantiles",
                    family.name(),
                    d
                ),
            )
        }
        _ if p.quantiles.len() == probabilities.len() => {
            disclosed.push(format!(
                "{} quantiles {}..{}",
                p.quantiles.len(),
                num(first),
                num(last)
            ));
            (
                typed(
                    curve(&p.name, &p.quantiles, &probabilities, &round, helpers),
                    p,
                    false,
                ),
                "empirical quantile curve (no family fits)".into(),
            )
        }
        _ => ("NULL".into(), "no values".into()),
    }
}

fn categorical(
    p: &ColumnProfile,
    values: &[(String, u64)],
    o: &LearnOptions,
    disclosed: &mut Vec<String>,
) -> Option<(String, String)> {
    let round = rounder(o.privacy);
    let total: u64 = values.iter().map(|(_, n)| n).sum();
    let kept: Vec<&(String, u64)> = values.iter().filter(|(_, n)| *n >= o.k).collect();
    let suppressed = total - kept.iter().map(|(_, n)| n).sum::<u64>();
    if kept.is_empty() {
        return None;
    }
    let mut labels: Vec<String> = kept.iter().map(|(v, _)| text(v)).collect();
    let mut weights: Vec<f64> = kept.iter().map(|(_, n)| round(*n as f64)).collect();
    // A dominant value is capped at 90 % (strict), its excess going to the tail.
    let mut tail = suppressed as f64;
    if o.privacy == Privacy::Strict && weights[0] > 0.9 * total as f64 {
        let cap = (0.9 * total as f64).floor();
        tail += weights[0] - cap;
        weights[0] = cap;
    }
    if tail > 0.0 {
        labels.push(text(&format!("{}_other", p.name)));
        weights.push(round(tail));
    }
    disclosed.push(format!(
        "{} values seen at least {} times, with their counts",
        kept.len(),
        o.k
    ));
    let ws: Vec<String> = weights.iter().map(|w| num(*w)).collect();
    Some((
        format!("weighted([{}], [{}])", labels.join(", "), ws.join(", ")),
        format!(
            "categorical: {} of {} values kept (k = {}){}",
            kept.len(),
            values.len(),
            o.k,
            if tail > 0.0 {
                ", the rest as one synthetic label"
            } else {
                ""
            }
        ),
    ))
}

fn free_text(p: &ColumnProfile) -> (String, String) {
    let words = p.mean_words.unwrap_or(1.0);
    let chars = p.mean_chars.unwrap_or(8.0).round().clamp(1.0, 64.0) as usize;
    if words >= 16.0 {
        (
            "paragraph('en_US')".into(),
            format!("free text (~{words:.0} words): lorem paragraphs, never copied"),
        )
    } else if words >= 3.0 {
        (
            format!("words({}, 'en_US')", words.round() as i64),
            format!("free text (~{words:.0} words): lorem, never copied"),
        )
    } else {
        (
            format!("pattern('{}')", "*".repeat(chars)),
            format!("short text (~{chars} characters): random letters and digits, never copied"),
        )
    }
}

fn semantic_expr(s: Semantic, name: &str, helpers: &mut Vec<String>) -> String {
    match s {
        Semantic::Email => {
            let (f, l) = (
                quote(&format!("__first_{name}")),
                quote(&format!("__last_{name}")),
            );
            helpers.push(format!(
                "{f} VARCHAR GENERATED ALWAYS AS (first_name('en_US')) NOT NULL HIDDEN"
            ));
            helpers.push(format!(
                "{l} VARCHAR GENERATED ALWAYS AS (last_name('en_US')) NOT NULL HIDDEN"
            ));
            format!("email({f}, {l})")
        }
        other => other.call().to_string(),
    }
}

/// A date or timestamp that never precedes `pair.first`: that column plus a hidden gap column
/// with the gap's own fitted distribution (never negative).
fn following(
    p: &ColumnProfile,
    pair: &OrderedPair,
    o: &LearnOptions,
    rows: u64,
    helpers: &mut Vec<String>,
    disclosed: &mut Vec<String>,
) -> (String, String) {
    let mut gap_disclosed = vec![];
    let (gap, _) = numeric(&pair.gap, o, rows, helpers, &mut gap_disclosed);
    let unit = if p.kind == Kind::Date {
        "days"
    } else {
        "microseconds"
    };
    disclosed.extend(
        gap_disclosed
            .into_iter()
            .map(|d| format!("gap after {} in {unit}: {d}", pair.first)),
    );
    let g = quote(&pair.gap.name);
    helpers.push(format!(
        "{g} DOUBLE GENERATED ALWAYS AS (greatest({gap}, 0.0)) NOT NULL HIDDEN"
    ));
    let first = quote(&pair.first);
    let expr = match p.kind {
        Kind::Date => format!("CAST(CAST(CAST({first} AS INT) + round({g}) AS INT) AS DATE)"),
        _ => format!(
            "CAST(to_timestamp_micros(CAST(arrow_cast({first}, 'Timestamp(Microsecond, None)') AS BIGINT) + CAST(round({g}) AS BIGINT)) AS TIMESTAMP)"
        ),
    };
    (
        expr,
        format!("never before {}: it plus a learned gap", pair.first),
    )
}

/// The declaration of one column.
pub fn column(
    p: &ColumnProfile,
    o: &LearnOptions,
    rows: u64,
    key: Option<&ForeignKey>,
    pair: Option<&OrderedPair>,
) -> Option<Column> {
    sql_type(&p.data_type)?;
    let (mut helpers, mut disclosed) = (Vec::new(), Vec::new());
    let (expr, why) = if let Some(k) = key.filter(|_| p.non_null > 0) {
        let call = format!("foreign_key({}, {})", text(&k.parent), text(&k.key));
        (
            typed(call, p, true),
            format!(
                "foreign key to {}.{} (values inside its key range)",
                k.parent, k.key
            ),
        )
    } else if let Some(pair) = pair.filter(|_| p.non_null > 0) {
        following(p, pair, o, rows, &mut helpers, &mut disclosed)
    } else if p.non_null == 0 {
        ("NULL".to_string(), "always NULL in the source".to_string())
    } else {
        match &p.kind {
            Kind::Boolean => {
                let share = rounder(o.privacy)(p.true_share.unwrap_or(0.5));
                disclosed.push(format!("true share {share}"));
                (format!("bernoulli({})", num(share)), "boolean".into())
            }
            Kind::Text => match detect(p) {
                Some(s) => (
                    semantic_expr(s, &p.name, &mut helpers),
                    format!("{}: a PII-free generator, never the values", s.label()),
                ),
                None => match p
                    .categories
                    .as_deref()
                    .filter(|c| c.len() as u64 <= p.non_null / 2 || o.privacy == Privacy::Off)
                {
                    Some(values) => {
                        categorical(p, values, o, &mut disclosed).unwrap_or_else(|| free_text(p))
                    }
                    None => free_text(p),
                },
            },
            _ => numeric(p, o, rows, &mut helpers, &mut disclosed),
        }
    };
    let null_rate = 1.0 - p.non_null as f64 / p.rows.max(1) as f64;
    let nulls = if p.non_null == 0 {
        String::new()
    } else if null_rate == 0.0 {
        " NOT NULL".to_string()
    } else {
        let pct = (null_rate * 10_000.0).round() / 100.0;
        let pct = if pct == 0.0 { 0.01 } else { pct.min(100.0) };
        disclosed.push(format!("null rate {pct} %"));
        format!(" NULL {pct} PERCENT")
    };
    let ty = type_text(&p.data_type);
    Some(Column {
        helpers,
        declaration: format!(
            "{} {ty} GENERATED ALWAYS AS ({expr}){nulls}",
            quote(&p.name)
        ),
        comment: why,
        disclosed,
    })
}
