//! Property test: building any generator from arbitrary constant arguments, then checking
//! row counts and evaluating ranges and index lists (including rows far beyond any limit),
//! returns values or errors — never a panic (debug builds also trap integer overflow) and
//! never a hang (rejection loops are capped).

use crate::generators_support;

use std::panic::{AssertUnwindSafe, catch_unwind};

use datafusion::arrow::datatypes::{DataType, IntervalDayTime, IntervalMonthDayNano, TimeUnit};
use datafusion::common::ScalarValue;
use datafusion_synth::functions::{GENERATOR_NAMES, Rows, build_generator};
use datafusion_synth::generate::RowRng;
use generators_support::*;

fn pool() -> Vec<ScalarValue> {
    let mut p = vec![];
    for v in [
        0,
        1,
        -1,
        2,
        3,
        10,
        1000,
        i64::MIN,
        i64::MAX,
        i64::MAX - 1,
        1 << 40,
    ] {
        p.push(i(v));
    }
    for v in [
        0.0,
        0.5,
        1.0,
        -1.0,
        1.5,
        2.5,
        1e-300,
        1e12,
        1e13,
        1e308,
        -1e308,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MIN_POSITIVE,
    ] {
        p.push(f(v));
    }
    p.extend([
        ScalarValue::Int32(Some(5)),
        ScalarValue::UInt64(Some(u64::MAX)),
        ScalarValue::Float32(Some(0.25)),
        ScalarValue::Decimal128(Some(15), 3, 1),
        ScalarValue::Boolean(Some(true)),
        ScalarValue::Null,
        ScalarValue::Int64(None),
        ScalarValue::Float64(None),
        ScalarValue::Utf8(None),
        s(""),
        s("#"),
        s("\\"),
        s("ab\\"),
        s("?*_^#\\#é"),
        s("2024-01-01"),
        s("2024-01-01T10:00:00"),
        s("x"),
        s("en_US"),
        s("de"),
        s("ja_JP"),
        s("zh_cn"),
        s("pt"),
        s("10.0.0.0/8"),
        s("0.0.0.0/0"),
        s("1.2.3.4/32"),
        s("fd00::/8"),
        s("::/0"),
        s("visa"),
        s("any"),
        s("test"),
        s("DE"),
        s("alpha3"),
        s("freemail"),
        s("fictional"),
        ScalarValue::Date32(Some(0)),
        ScalarValue::Date32(Some(i32::MIN)),
        ScalarValue::Date32(Some(i32::MAX)),
        ScalarValue::Date64(Some(86_400_000)),
        ScalarValue::TimestampSecond(Some(i64::MAX), None),
        ScalarValue::TimestampMillisecond(Some(-5), Some("+01:00".into())),
        ScalarValue::TimestampMicrosecond(Some(1_700_000_000_000_000), None),
        ScalarValue::TimestampNanosecond(Some(i64::MIN), None),
        ScalarValue::TimestampNanosecond(Some(i64::MAX - 10), None),
        ScalarValue::IntervalMonthDayNano(Some(IntervalMonthDayNano::new(0, 0, 0))),
        ScalarValue::IntervalMonthDayNano(Some(IntervalMonthDayNano::new(0, 0, -7))),
        ScalarValue::IntervalMonthDayNano(Some(IntervalMonthDayNano::new(0, i32::MAX, i64::MAX))),
        ScalarValue::IntervalMonthDayNano(Some(IntervalMonthDayNano::new(1, 0, 0))),
        ScalarValue::IntervalMonthDayNano(Some(IntervalMonthDayNano::new(0, 1, 1_000))),
        ScalarValue::IntervalDayTime(Some(IntervalDayTime::new(1, 5))),
        ScalarValue::DurationNanosecond(Some(i64::MAX)),
        ScalarValue::DurationSecond(Some(i64::MAX)),
        ints(&[1, 2, 3]),
        ints(&[0, 0]),
        ints(&[-1, 5]),
        ints(&[i64::MAX, i64::MAX]),
        floats(&[0.5, f64::NAN]),
        floats(&[1e308, 1e308]),
        floats(&[0.0, 1e-300]),
        strs(&["a", "b"]),
        list(&[i(1), ScalarValue::Int64(None)]),
        ScalarValue::List(ScalarValue::new_list_nullable(&[], &DataType::Int64)),
        ScalarValue::List(ScalarValue::new_list_nullable(
            &[ScalarValue::Null, ScalarValue::Null],
            &DataType::Null,
        )),
        list(&[date("2024-01-01"), date("2024-06-01")]),
        list(&[ts("2024-01-01T00:00:00", TimeUnit::Second)]),
    ]);
    p
}

#[test]
fn arbitrary_arguments_never_panic() {
    let pool = pool();
    let mut names: Vec<&str> = GENERATOR_NAMES.to_vec();
    names.extend(["", "UNIFORM", "nullify", "unknown"]);
    let far: Vec<u64> = vec![0, 5, 1 << 40, u64::MAX - 1, 3];
    let mut rng = RowRng::new(0xF022, 0);
    let mut built = 0;
    for trial in 0..50_000 {
        let name = names[rng.next_u64() as usize % names.len()];
        let n_args = (rng.next_u64() % 5) as usize;
        let args: Vec<ScalarValue> = (0..n_args)
            .map(|_| pool[rng.next_u64() as usize % pool.len()].clone())
            .collect();
        let rows = [0u64, 1, 1000, 1 << 62, u64::MAX][rng.next_u64() as usize % 5];
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let Ok(g) = build_generator(name, &args) else {
                return false;
            };
            let _ = g.check_rows(rows);
            let _ = g.field("c");
            let _ = g.describe(&[]);
            let _ = g.evaluate(&Rows::Range(0..64), trial, &[]);
            let _ = g.evaluate(&Rows::Range((1 << 62)..(1 << 62) + 4), trial, &[]);
            let _ = g.evaluate(&Rows::Range(u64::MAX - 2..u64::MAX), trial, &[]);
            let _ = g.evaluate(&Rows::Indices(&far), trial, &[]);
            true
        }));
        match outcome {
            Ok(ok) => built += usize::from(ok),
            Err(_) => panic!("{name}({args:?}) panicked (rows {rows})"),
        }
    }
    // The pool is rich enough that a fair share of calls is valid.
    assert!(built > 500, "only {built} calls built");
}

#[test]
fn extreme_valid_parameters_terminate_in_range() {
    for (name, args) in [
        ("zipf", vec![i(10), f(1e-12)]),
        ("zipf", vec![i(10), f(1e12)]),
        ("zipf", vec![i(i64::MAX), f(1e-12)]),
        ("zipf", vec![i(i64::MAX), f(1e12)]),
        ("zipf", vec![i(2), f(f64::MIN_POSITIVE)]),
        ("poisson", vec![f(1e12)]),
        ("poisson", vec![f(9.999_999)]),
        ("poisson", vec![f(f64::MIN_POSITIVE)]),
    ] {
        let g = build(name, &args);
        let a = eval(g.as_ref(), Rows::Range(0..2000), stream());
        let v = datafusion::arrow::array::AsArray::as_primitive::<
            datafusion::arrow::datatypes::Int64Type,
        >(&a)
        .values()
        .to_vec();
        let n = match &args[0] {
            ScalarValue::Int64(Some(n)) if name == "zipf" => *n,
            _ => i64::MAX,
        };
        assert!(
            v.iter().all(|&k| k >= i64::from(name == "zipf") && k <= n),
            "{name}({args:?})"
        );
    }
}
