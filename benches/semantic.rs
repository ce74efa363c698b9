//! Values per second of every semantic generator on one core: each generator alone through
//! its column function (the registry's builder, `evaluate` over `Rows::Range` in batches of
//! 8192, `Utf8View` output as a VARCHAR column gets), on the bench thread only.
//! `email`/`username` read first- and last-name input arrays generated beforehand.
//!
//! `cargo bench --bench semantic` passes `--bench` and measures N = 5,000,000 values per
//! generator (`DFSYNTH_BENCH_ROWS` overrides), best of 3 passes. Without `--bench`
//! (`cargo test --benches`) a smoke run of 10,000 values checks that everything works.

#[path = "common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::Instant;

use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, ScalarValue};
use datafusion_synth::functions::generators::ColumnArg;
use datafusion_synth::functions::registry::generator_spec;
use datafusion_synth::functions::{ColumnFunction, Rows};

const BATCH: u64 = 8192;

fn s(v: &str) -> ScalarValue {
    ScalarValue::from(v)
}

/// Builds `name(args)` writing Utf8View (what a VARCHAR column gets).
fn build(
    name: &str,
    args: &[ScalarValue],
    columns: &[Option<ColumnArg>],
) -> Result<Arc<dyn ColumnFunction>> {
    let spec = generator_spec(name).expect("registered");
    let f = spec.build_with_columns(args, columns)?;
    Ok(f.with_output_type(&DataType::Utf8View).unwrap_or(f))
}

/// Seconds to evaluate rows `0..n` of `f` (best of 3), with `inputs(range)` per batch.
fn time(f: &dyn ColumnFunction, n: u64, inputs: &dyn Fn(u64, u64) -> Vec<ArrayRef>) -> Result<f64> {
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let start = Instant::now();
        let mut bytes = 0usize;
        let mut row = 0;
        while row < n {
            let end = (row + BATCH).min(n);
            let a = f.evaluate(&Rows::Range(row..end), 7, &inputs(row, end))?;
            bytes += a.get_array_memory_size();
            row = end;
        }
        std::hint::black_box(bytes);
        best = best.min(start.elapsed().as_secs_f64());
    }
    Ok(best)
}

fn main() -> Result<()> {
    let full = std::env::args().any(|a| a == "--bench");
    let n = if full {
        common::env_number("DFSYNTH_BENCH_ROWS", 5_000_000)?
    } else {
        10_000
    };
    println!(
        "semantic: {} mode, {n} values per generator, one core, batch {BATCH}",
        if full { "bench" } else { "smoke" }
    );
    println!("{:<36} {:>9} {:>12}", "generator", "seconds", "M values/s");
    let cases: Vec<(&str, &str, Vec<ScalarValue>)> = vec![
        ("first_name()", "first_name", vec![]),
        ("first_name_female()", "first_name_female", vec![]),
        ("latitude()", "latitude", vec![]),
        ("last_name('de_DE')", "last_name", vec![s("de_DE")]),
        ("full_name()", "full_name", vec![]),
        ("full_name('ja_JP')", "full_name", vec![s("ja_JP")]),
        ("name_with_title()", "name_with_title", vec![]),
        ("company_name()", "company_name", vec![]),
        ("job_title()", "job_title", vec![]),
        ("catch_phrase()", "catch_phrase", vec![]),
        ("industry()", "industry", vec![]),
        ("street_address()", "street_address", vec![]),
        ("city()", "city", vec![]),
        ("state()", "state", vec![]),
        ("postcode()", "postcode", vec![]),
        ("address()", "address", vec![]),
        ("phone()", "phone", vec![]),
        ("country_code()", "country_code", vec![]),
        ("domain()", "domain", vec![]),
        ("hostname()", "hostname", vec![]),
        ("url()", "url", vec![]),
        ("ipv4()", "ipv4", vec![]),
        ("ipv6()", "ipv6", vec![]),
        ("mac_address()", "mac_address", vec![]),
        ("user_agent()", "user_agent", vec![]),
        ("credit_card()", "credit_card", vec![]),
        ("iban()", "iban", vec![]),
        ("ssn()", "ssn", vec![]),
        ("sentence()", "sentence", vec![]),
    ];
    let none = |_: u64, _: u64| Vec::new();
    // DFSYNTH_BENCH_ONLY=text runs the generators whose label contains `text`.
    let only = std::env::var("DFSYNTH_BENCH_ONLY").unwrap_or_default();
    for (label, name, args) in cases.iter().filter(|(l, _, _)| l.contains(only.as_str())) {
        let f = build(name, args, &[])?;
        let secs = time(f.as_ref(), n, &none)?;
        println!("{label:<36} {secs:>9.3} {:>12.1}", n as f64 / secs / 1e6);
    }
    // Derived from name columns: the inputs are generated once, outside the timing.
    let first = build("first_name", &[], &[])?;
    let last = build("last_name", &[], &[])?;
    let batches: Vec<(ArrayRef, ArrayRef)> = (0..n.div_ceil(BATCH))
        .map(|b| {
            let r = Rows::Range(b * BATCH..((b + 1) * BATCH).min(n));
            Ok((first.evaluate(&r, 1, &[])?, last.evaluate(&r, 2, &[])?))
        })
        .collect::<Result<_>>()?;
    let ids: Vec<ArrayRef> = (0..n.div_ceil(BATCH))
        .map(|b| {
            let v: Vec<i64> = ((b * BATCH) as i64..(((b + 1) * BATCH).min(n)) as i64).collect();
            Arc::new(datafusion::arrow::array::Int64Array::from(v)) as ArrayRef
        })
        .collect();
    let col = |name: &str, t: DataType| {
        Some(ColumnArg {
            name: name.into(),
            data_type: t,
            nullable: false,
        })
    };
    let names = [
        col("first", DataType::Utf8View),
        col("last", DataType::Utf8View),
    ];
    for (label, name, suffixed) in [
        ("email(first, last)", "email", false),
        ("email(first, last, id)", "email", true),
        ("username(first, last)", "username", false),
    ]
    .into_iter()
    .filter(|(l, _, _)| l.contains(only.as_str()))
    {
        let mut columns = names.to_vec();
        let mut args = vec![ScalarValue::Null, ScalarValue::Null];
        if suffixed {
            columns.push(col("id", DataType::Int64));
            args.push(ScalarValue::Null);
        }
        let f = build(name, &args, &columns)?;
        let inputs = |start: u64, _end: u64| {
            let b = (start / BATCH) as usize;
            let mut v = vec![Arc::clone(&batches[b].0), Arc::clone(&batches[b].1)];
            if suffixed {
                v.push(Arc::clone(&ids[b]));
            }
            v
        };
        let secs = time(f.as_ref(), n, &inputs)?;
        println!("{label:<36} {secs:>9.3} {:>12.1}", n as f64 / secs / 1e6);
    }
    Ok(())
}
