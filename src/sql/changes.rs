//! The views of a table that changes over time, as table functions:
//!
//! * `changes(table [, format [, options]])`: the change feed; `format` is `'debezium'`
//!   (default), `'flat'` or `'cdf'`; `options` a string of `key=value` pairs:
//!   `snapshot=true` (the initial entities as snapshot reads, `op = 'r'`),
//!   `max_delay_ms=N` (ingest time trails event time by up to N ms: deliveries out of
//!   order by at most that much), `duplicates=p` (a share of events delivered twice);
//! * `history(table)`: the SCD type 2 history, one row per version;
//! * `as_of(table [, time])`: the rows alive at `time` (default: the end of the window).

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::catalog::{TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::{Result, ScalarValue, plan_err};
use datafusion::execution::SessionState;
use datafusion::logical_expr::Expr;

use super::ddl::resolve_table;
use crate::exec::PartTableProvider;
use crate::table::changes::{ChangeView, Delivery, FeedFormat, ViewKind};

/// Which view a function makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Changes,
    History,
    AsOf,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::Changes => "changes",
            Which::History => "history",
            Which::AsOf => "as_of",
        }
    }

    fn usage(self) -> &'static str {
        match self {
            Which::Changes => "changes(table [, format [, options]])",
            Which::History => "history(table)",
            Which::AsOf => "as_of(table [, time])",
        }
    }

    fn args(self) -> std::ops::RangeInclusive<usize> {
        match self {
            Which::Changes => 1..=3,
            Which::History => 1..=1,
            Which::AsOf => 1..=2,
        }
    }
}

/// `changes(table [, format [, options]])`: the change feed of a table with a history.
#[derive(Debug, Default)]
pub struct ChangesFunction;

/// `history(table)`: the SCD type 2 history of a table with a history.
#[derive(Debug, Default)]
pub struct HistoryFunction;

/// `as_of(table [, time])`: a table with a history as it stands at `time`.
#[derive(Debug, Default)]
pub struct AsOfFunction;

impl TableFunctionImpl for ChangesFunction {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        view(Which::Changes, &args)
    }
}

impl TableFunctionImpl for HistoryFunction {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        view(Which::History, &args)
    }
}

impl TableFunctionImpl for AsOfFunction {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        view(Which::AsOf, &args)
    }
}

fn literal<'a>(which: Which, exprs: &'a [Expr], i: usize, arg: &str) -> Result<&'a ScalarValue> {
    match &exprs[i] {
        Expr::Literal(v, _) => Ok(v),
        e => plan_err!(
            "{}: argument #{} ({arg}) must be a constant, got {e}; usage: {}",
            which.name(),
            i + 1,
            which.usage()
        ),
    }
}

fn string(which: Which, exprs: &[Expr], i: usize, arg: &str) -> Result<String> {
    match literal(which, exprs, i, arg)? {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => Ok(s.clone()),
        v => plan_err!(
            "{}: argument #{} ({arg}) must be a string, got {v} ({}); usage: {}",
            which.name(),
            i + 1,
            v.data_type(),
            which.usage()
        ),
    }
}

fn view(which: Which, args: &TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
    let exprs = args.exprs();
    let name = which.name();
    if !which.args().contains(&exprs.len()) {
        return plan_err!(
            "{name}: expected {} argument{}, got {}; usage: {}",
            if which.args().start() == which.args().end() {
                which.args().start().to_string()
            } else {
                format!("{} to {}", which.args().start(), which.args().end())
            },
            if *which.args().end() == 1 { "" } else { "s" },
            exprs.len(),
            which.usage()
        );
    }
    let table_name = string(which, exprs, 0, "table")?;
    let Some(state) = args.session().as_any().downcast_ref::<SessionState>() else {
        return plan_err!("{name}: needs a DataFusion SessionState to look up '{table_name}'");
    };
    let table = resolve_table(state, name, "table", &table_name)?;
    let Some(model) = table.changes().cloned() else {
        return plan_err!(
            "{name}: table '{table_name}' has no history; declare one with CREATE SYNTHETIC TABLE … WITH (rows = …, history_start = '…', history_end = '…')"
        );
    };
    let quoted = table_name.replace('\'', "''");
    let (kind, descriptor) = match which {
        Which::History => (ViewKind::History, format!("history('{quoted}')")),
        Which::AsOf => {
            let (start, end) = (model.options().start_ns, model.options().end_ns);
            let window = format!("['{}', '{}']", show_us(start / 1000), show_us(end / 1000));
            let us = match exprs.get(1) {
                None => end.div_euclid(1000),
                Some(_) => {
                    let v = literal(which, exprs, 1, "time")?;
                    let ts = DataType::Timestamp(TimeUnit::Microsecond, None);
                    match v.cast_to(&ts) {
                        Ok(ScalarValue::TimestampMicrosecond(Some(us), _)) => us,
                        _ => {
                            return plan_err!(
                                "as_of: invalid value for 'time': {v}; allowed: a timestamp in the history window {window}"
                            );
                        }
                    }
                }
            };
            if us < start.div_euclid(1000) || us > end.div_euclid(1000) {
                return plan_err!(
                    "as_of: invalid value for 'time': '{}'; allowed: a timestamp in the history window {window}",
                    show_us(us)
                );
            }
            (
                ViewKind::AsOf(us),
                format!("as_of('{quoted}', '{}')", show_us(us)),
            )
        }
        Which::Changes => {
            let format = match exprs.get(1) {
                None => FeedFormat::Debezium,
                Some(_) => {
                    let f = string(which, exprs, 1, "format")?;
                    match f.trim().to_ascii_lowercase().as_str() {
                        "debezium" => FeedFormat::Debezium,
                        "flat" => FeedFormat::Flat,
                        "cdf" => FeedFormat::Cdf,
                        _ => {
                            return plan_err!(
                                "changes: invalid value for 'format': '{f}'; allowed: 'debezium', 'flat' or 'cdf'"
                            );
                        }
                    }
                }
            };
            let options = match exprs.get(2) {
                None => String::new(),
                Some(_) => string(which, exprs, 2, "options")?,
            };
            let (snapshot, delivery) = feed_options(&options)?;
            if format == FeedFormat::Cdf && delivery != (Delivery::default()) {
                return plan_err!(
                    "changes: max_delay_ms and duplicates describe a delivery, which 'cdf' (a table's change data feed, read in commit order) does not have; use 'debezium' or 'flat'"
                );
            }
            let mut d = format!("changes('{quoted}', '{}'", format.name());
            if !options.trim().is_empty() {
                d.push_str(&format!(", '{}'", options.trim().replace('\'', "''")));
            }
            d.push(')');
            (
                ViewKind::Feed {
                    format,
                    snapshot,
                    delivery,
                },
                d,
            )
        }
    };
    let view = ChangeView::try_new(table, kind, descriptor)?;
    Ok(Arc::new(PartTableProvider::new(view)))
}

/// The feed options: `snapshot=true|false max_delay_ms=N duplicates=p`.
fn feed_options(text: &str) -> Result<(bool, Delivery)> {
    let mut snapshot = false;
    let mut delivery = Delivery::default();
    for item in text.split([' ', ',', '\t', '\n']).filter(|s| !s.is_empty()) {
        let Some((k, v)) = item.split_once('=') else {
            return plan_err!(
                "changes: invalid option '{item}'; allowed: key=value pairs: snapshot=true|false, max_delay_ms=N, duplicates=p"
            );
        };
        match k.to_ascii_lowercase().as_str() {
            "snapshot" => {
                snapshot = match v.to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return plan_err!(
                            "changes: invalid value for 'snapshot': {v}; allowed: true or false"
                        );
                    }
                }
            }
            "max_delay_ms" => {
                delivery.max_delay_ms = match v.parse::<u64>() {
                    Ok(x) if x <= 86_400_000 => x,
                    _ => {
                        return plan_err!(
                            "changes: invalid value for 'max_delay_ms': {v}; allowed: an integer in 0..=86400000"
                        );
                    }
                }
            }
            "duplicates" => {
                delivery.duplicates = match v.parse::<f64>() {
                    Ok(x) if x.is_finite() && (0.0..=1.0).contains(&x) => x,
                    _ => {
                        return plan_err!(
                            "changes: invalid value for 'duplicates': {v}; allowed: a share in [0, 1]"
                        );
                    }
                }
            }
            other => {
                return plan_err!(
                    "changes: unknown option '{other}'; valid options: snapshot, max_delay_ms, duplicates"
                );
            }
        }
    }
    Ok((snapshot, delivery))
}

fn show_us(us: i64) -> String {
    datafusion::arrow::temporal_conversions::timestamp_us_to_datetime(us)
        .map_or(us.to_string(), |t| {
            t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
        })
}
