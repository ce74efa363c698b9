//! The history options of `CREATE SYNTHETIC TABLE … WITH (…)`: a table whose rows change
//! over a time window (`history_start`, `history_end`, `births`, `initial`, `updates`,
//! `update_columns`, `deletes`, `key`, `transaction_ms`), read into [`ChangeOptions`].

use datafusion::arrow::compute::kernels::cast_utils::string_to_timestamp_nanos;
use datafusion::common::{Result, plan_err};

use crate::generate::fanout::FanCount;
use crate::generate::lifecycle::Births;
use crate::table::changes::ChangeOptions;

/// Who errors are attributed to.
const WHO: &str = "CREATE SYNTHETIC TABLE";

/// The history options, in canonical order: name and what is allowed.
pub const HISTORY_OPTIONS: [(&str, &str); 10] = [
    (
        "history_start",
        "the start of the history window, a timestamp such as '2026-01-01' or '2026-01-01T08:00:00Z' (UTC)",
    ),
    (
        "history_end",
        "the end of the history window (exclusive), a timestamp after history_start",
    ),
    (
        "births",
        "how entities are inserted over the window: 'uniform' (default) or 'growing'",
    ),
    (
        "initial",
        "the share of entities that exist when the window starts, in [0, 1] (default 0)",
    ),
    (
        "updates",
        "updates per entity: 'fixed(c)', 'uniform(lo, hi)', 'poisson(mean)' or 'zipf(n, s)' (default 'poisson(2)')",
    ),
    (
        "update_columns",
        "the columns an update may change, each with the probability that one update changes it, e.g. 'tier 0.3, email 0.1' (default: every column but the key, 0.5 each)",
    ),
    (
        "deletes",
        "the share of entities deleted before the window ends, in [0, 1] (default 0)",
    ),
    (
        "reinserts",
        "key reuse: the share of deleted keys inserted again, as new entities, at a uniform time after their delete, in [0, 1] (default 0: a deleted key never returns)",
    ),
    (
        "key",
        "the key column, a sequence (default: the first sequence column)",
    ),
    (
        "transaction_ms",
        "the length of a transaction in milliseconds: events within one window commit together (default 0: one event per transaction)",
    ),
];

/// Whether `key` is a history option.
pub fn is_history_option(key: &str) -> bool {
    HISTORY_OPTIONS.iter().any(|(k, _)| *k == key)
}

/// The typed options of the history options given (`None` when none is given).
pub fn change_options(given: &[(String, String)]) -> Result<Option<ChangeOptions>> {
    if given.is_empty() {
        return Ok(None);
    }
    let get = |k: &str| given.iter().find(|(g, _)| g == k).map(|(_, v)| v.as_str());
    let time = |k: &str| -> Result<i64> {
        let Some(v) = get(k) else {
            return plan_err!(
                "{WHO}: a table with a history needs both 'history_start' and 'history_end', e.g. WITH (rows = 1000, history_start = '2026-01-01', history_end = '2027-01-01'); '{k}' is missing"
            );
        };
        string_to_timestamp_nanos(v).or_else(|_| {
            plan_err!("{WHO}: invalid value for '{k}': '{v}'; allowed: a timestamp such as '2026-01-01' or '2026-01-01T08:00:00Z'")
        })
    };
    let share = |k: &str| -> Result<f64> {
        match get(k) {
            None => Ok(0.0),
            Some(v) => match v.trim().parse::<f64>() {
                Ok(x) if x.is_finite() && (0.0..=1.0).contains(&x) => Ok(x),
                _ => plan_err!("{WHO}: invalid value for '{k}': {v}; allowed: a share in [0, 1]"),
            },
        }
    };
    let start_ns = time("history_start")?;
    let end_ns = time("history_end")?;
    let births = match get("births")
        .map(|s| s.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("uniform") => Births::Uniform,
        Some("growing") => Births::Growing,
        Some(other) => {
            return plan_err!(
                "{WHO}: invalid value for 'births': '{other}'; allowed: 'uniform' or 'growing'"
            );
        }
    };
    let updates_text = get("updates").unwrap_or("poisson(2)");
    let updates = FanCount::parse(updates_text).or_else(|e| {
        plan_err!(
            "{WHO}: invalid value for 'updates': '{updates_text}'; allowed: {}",
            if e.param == "count" {
                e.allowed
            } else {
                format!("{} for '{}' ({})", e.allowed, e.param, e.value)
            }
        )
    })?;
    let update_columns = get("update_columns").map(update_columns).transpose()?;
    let transaction_ms = match get("transaction_ms") {
        None => 0,
        Some(v) => match v.trim().replace('_', "").parse::<u64>() {
            Ok(x) if x <= 86_400_000 => x,
            _ => {
                return plan_err!(
                    "{WHO}: invalid value for 'transaction_ms': {v}; allowed: an integer in 0..=86400000"
                );
            }
        },
    };
    Ok(Some(ChangeOptions {
        start_ns,
        end_ns,
        births,
        initial: share("initial")?,
        updates,
        update_columns,
        deletes: share("deletes")?,
        reinserts: share("reinserts")?,
        key: get("key").map(|k| k.trim().to_string()),
        transaction_ms,
    }))
}

/// `'tier 0.3, email 0.1, name'`: columns with probabilities (0.5 when left out).
fn update_columns(text: &str) -> Result<Vec<(String, f64)>> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for item in text.split(',') {
        let words: Vec<&str> = item.split_whitespace().collect();
        let (name, p) = match words.as_slice() {
            [name] => (*name, 0.5),
            [name, p] => match p.parse::<f64>() {
                Ok(x) if x.is_finite() && (0.0..=1.0).contains(&x) => (*name, x),
                _ => {
                    return plan_err!(
                        "{WHO}: invalid value for 'update_columns': probability {p} for '{name}'; allowed: a number in [0, 1]"
                    );
                }
            },
            _ => {
                return plan_err!(
                    "{WHO}: invalid value for 'update_columns': '{}'; allowed: a list of columns, each with an optional probability, e.g. 'tier 0.3, email 0.1'",
                    item.trim()
                );
            }
        };
        if out.iter().any(|(n, _)| n == name) {
            return plan_err!(
                "{WHO}: invalid value for 'update_columns': column '{name}' is listed twice"
            );
        }
        out.push((name.to_string(), p));
    }
    Ok(out)
}

/// The history options in canonical order.
pub(crate) fn canonical_history(mut given: Vec<(String, String)>) -> Vec<(String, String)> {
    given.sort_by_key(|(k, _)| HISTORY_OPTIONS.iter().position(|(h, _)| h == k));
    given
}
