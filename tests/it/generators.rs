//! The generator library through its registry: golden hashes of every generator,
//! determinism across row ranges, splits and index lookups, output types, key properties
//! (unique_int, timestamp_series, uuid, pattern) and the exact text of every parameter error.

use crate::generators_support;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, UInt32Array};
use datafusion::arrow::compute::{concat, take};
use datafusion::arrow::datatypes::{DataType, Int64Type, TimeUnit, TimestampMicrosecondType};
use datafusion::common::ScalarValue;
use datafusion_synth::functions::{GENERATOR_NAMES, Rows, build_generator, generator_signature};
use generators_support::*;

/// One call of every generator (and the variants with their own code paths).
fn cases() -> Vec<(&'static str, &'static str, Vec<ScalarValue>)> {
    vec![
        ("sequence", "sequence", vec![i(100), i(3)]),
        ("unique_int", "unique_int", vec![i(1), i(1_000_000)]),
        ("uniform_int", "uniform", vec![i(-5), i(5)]),
        ("uniform_float", "uniform", vec![f(0.0), f(10.0)]),
        ("normal", "normal", vec![f(100.0), f(15.0)]),
        ("lognormal", "lognormal", vec![f(0.0), f(0.5)]),
        ("exponential", "exponential", vec![f(2.0)]),
        ("pareto", "pareto", vec![f(1.0), f(3.0)]),
        ("zipf", "zipf", vec![i(1000), f(1.1)]),
        ("bernoulli", "bernoulli", vec![f(0.3)]),
        ("poisson_small", "poisson", vec![f(3.5)]),
        ("poisson_large", "poisson", vec![f(250.0)]),
        ("choice", "choice", vec![strs(&["red", "green", "blue"])]),
        (
            "spider_geometry_point",
            "spider_geometry",
            vec![s("gaussian")],
        ),
        (
            "spider_geometry_polygon",
            "spider_geometry",
            vec![s("diagonal"), s("geometry=polygon maxsize=0.01 format=wkt")],
        ),
        (
            "weighted_int",
            "weighted",
            vec![strs(&["a", "b", "c"]), ints(&[5, 3, 2])],
        ),
        (
            "weighted_float",
            "weighted",
            vec![ints(&[10, 20, 30]), floats(&[0.5, 0.25, 0.25])],
        ),
        (
            "date_between",
            "date_between",
            vec![date("2020-01-01"), date("2024-12-31")],
        ),
        (
            "timestamp_between",
            "timestamp_between",
            vec![
                ts("2024-01-01T00:00:00", TimeUnit::Microsecond),
                ts("2024-12-31T23:59:59", TimeUnit::Microsecond),
            ],
        ),
        (
            "timestamp_series",
            "timestamp_series",
            vec![
                ts("2024-01-01T00:00:00", TimeUnit::Nanosecond),
                interval_ns(60_000_000_000),
                f(0.5),
            ],
        ),
        ("pattern", "pattern", vec![s("ORD-####-??")]),
        ("uuid", "uuid", vec![]),
        ("lorem_words", "lorem_words", vec![i(5)]),
    ]
}

/// Golden hashes of rows 0..10,000 of every case in stream `stream_seed(42, "c", 0)`.
/// Generator version 1: a change here changes published datasets.
const GOLDEN: &[(&str, &str)] = &[
    (
        "spider_geometry_point",
        "0ac3d17bd1ccfdbada7f8ccdfeeb0da72128efd26d3dcc952f94ad47f546d8ef",
    ),
    (
        "spider_geometry_polygon",
        "2d05b89034f301d979f15113e0aa7df57c3ec4fcd2405aa764b4945fe803c22c",
    ),
    (
        "sequence",
        "a1d56bced9ee420e1f813fa224029aa50af52ddb7356af2d7ef1a712bc98ffff",
    ),
    (
        "unique_int",
        "705405114b8ae2617782d2a31e809e94ef19226d2e71f9ae32518bab67448ca4",
    ),
    (
        "uniform_int",
        "cd182bdd62a91cf87adc43e46c4c1b44978ac8e51f167bc1f7e5a76e9561f0f4",
    ),
    (
        "uniform_float",
        "2b5f0eb59afc5af513195795b9fc0206b50585444f977999517d1bdc56d2c0f4",
    ),
    (
        "normal",
        "bab91d0fc19b107e5cb95a8a059053a1207a36bd726cddc07a57179ccaeca566",
    ),
    (
        "lognormal",
        "d6460e1dd9ccb1c7f34f12f33a6045e99d1df8bf59798675b05756aa6e5784b4",
    ),
    (
        "exponential",
        "11d59b1cd92b578c3e0154b46bf1ff842fc5038d9310aad5b2be50c02d3517d2",
    ),
    (
        "pareto",
        "1ccef8b80eded101845108186e780032be0bcd7264322da0923a04240ff9d61a",
    ),
    (
        "zipf",
        "10dba8b5b4a8bae1678cc8c9dbd8377d9fbc1d03ddb73310cd767d67e3aebfcb",
    ),
    (
        "bernoulli",
        "3e589853d1fcec66d165a66849450e018748227c5cf907e2cefe737876509b4d",
    ),
    (
        "poisson_small",
        "949de0d1bfecf14780f9f28d67ed0b4ac39384d4b4e79da18b47d8730d4d7ff5",
    ),
    (
        "poisson_large",
        "81a5f4b133fa9984f87afb17e7cc0efcaa757629e41339f156e9293605cf9d87",
    ),
    (
        "choice",
        "f1b32c49d926cee056f94afd2e6e932ac12ce5d801e6f24b5590ea30d59c69d2",
    ),
    (
        "weighted_int",
        "0e69aca6e50705ba3014f9aabb3f2eb847c9695ed2dbd357f9ff83f6dcf10a08",
    ),
    (
        "weighted_float",
        "9f764f8f948c3e530cee5754f102daf6a472fd01c7159826383215272795e307",
    ),
    (
        "date_between",
        "58a217c04a180be54b259555bee24915b11fa550d9ca289055082daffa2394b8",
    ),
    (
        "timestamp_between",
        "476ea3dfa1aa8572a8d8301bf52f4a856124ef8803caa6baf3a39d40504e9eb5",
    ),
    (
        "timestamp_series",
        "a777fc85df4d79127759b3adbe0f48c30e18bf73a10b3344b30accbbb3f91fb0",
    ),
    (
        "pattern",
        "33d0d1ababe4914128468bb8c0d2fa8136117c2ffecbdcfc1c7d5571df00b716",
    ),
    (
        "uuid",
        "db48158590354874ab4230b2da0b9e4ee273eb7cfdbc8c33f31ab37ca30c4774",
    ),
    (
        "lorem_words",
        "416dea81f1c4a55d71c7b74e879318d73ff6976ef1bf5662345f40b8e0d80b80",
    ),
];

/// The first values of the integer and text generators, computed independently of this
/// crate by a Python transcription of `src/generate/seed.rs` and the documented algorithms
/// (Lemire's bounded draw, the v4 UUID layout, the pattern classes, cumulative weights).
#[test]
fn first_values_match_an_independent_transcription() {
    let text = |name: &str, args: &[ScalarValue], n: u64| -> Vec<String> {
        let a = eval(build(name, args).as_ref(), Rows::Range(0..n), stream());
        a.as_string::<i32>()
            .iter()
            .map(|v| v.unwrap().to_string())
            .collect()
    };
    let a = eval(
        build("uniform", &[i(-5), i(5)]).as_ref(),
        Rows::Range(0..5),
        stream(),
    );
    assert_eq!(
        a.as_primitive::<Int64Type>().values().to_vec(),
        vec![4, 4, 5, 4, -4]
    );
    assert_eq!(
        text("uuid", &[], 2),
        vec![
            "e2239f3d-8ff7-4a93-8ab9-f4283de593a6",
            "d623aeca-1a4c-46c4-b06b-356883970b6d"
        ]
    );
    assert_eq!(
        text("pattern", &[s("ORD-####-??")], 3),
        vec!["ORD-8539-PM", "ORD-8168-QO", "ORD-9812-IV"]
    );
    assert_eq!(
        text("choice", &[strs(&["red", "green", "blue"])], 5),
        vec!["blue", "blue", "blue", "blue", "red"]
    );
    assert_eq!(
        text("weighted", &[strs(&["a", "b", "c"]), ints(&[5, 3, 2])], 8),
        vec!["c", "c", "c", "c", "a", "b", "a", "c"]
    );
}

#[test]
fn every_registered_generator_is_covered() {
    for name in GENERATOR_NAMES {
        assert!(
            cases().iter().any(|(_, n, _)| n == name)
                || semantic_cases().iter().any(|(_, n, _)| n == name)
                || COLUMN_ONLY.contains(name),
            "no test case for {name}"
        );
        assert!(generator_signature(name).unwrap().starts_with(name));
    }
}

#[test]
fn golden_hashes_of_every_generator() {
    let mut failures = vec![];
    for (label, name, args) in cases() {
        let g = build(name, &args);
        let got = hash(&range(g.as_ref(), 10_000));
        match GOLDEN.iter().find(|(l, _)| *l == label) {
            Some((_, expected)) if *expected == got => {}
            _ => failures.push(format!("(\"{label}\", \"{got}\"),")),
        }
    }
    assert!(
        failures.is_empty(),
        "golden hashes changed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn ranges_splits_and_indices_agree() {
    let st = stream();
    let indices: Vec<u64> = (0..3000u64)
        .rev()
        .step_by(7)
        .chain([5, 5, 0, 2999, 1234])
        .collect();
    let positions = UInt32Array::from(indices.iter().map(|&r| r as u32).collect::<Vec<_>>());
    for (label, name, args) in cases() {
        let g = build(name, &args);
        let whole = eval(g.as_ref(), Rows::Range(0..3000), st);
        let parts: Vec<ArrayRef> = [0..1, 1..777, 777..778, 778..3000]
            .into_iter()
            .map(|r| eval(g.as_ref(), Rows::Range(r), st))
            .collect();
        let parts: Vec<&dyn Array> = parts.iter().map(|a| a.as_ref()).collect();
        assert_eq!(
            &concat(&parts).unwrap(),
            &whole,
            "{label}: split ranges differ"
        );
        let looked_up = eval(g.as_ref(), Rows::Indices(&indices), st);
        let expected = take(whole.as_ref(), &positions, None).unwrap();
        assert_eq!(
            &looked_up, &expected,
            "{label}: indices differ from the range"
        );
        // A later range alone equals the same rows of the whole.
        let tail = eval(g.as_ref(), Rows::Range(2990..3000), st);
        assert_eq!(&tail, &whole.slice(2990, 10), "{label}: tail differs");
        // Another stream gives other values (except for the stream-free sequence).
        if name != "sequence" {
            let other = eval(g.as_ref(), Rows::Range(0..3000), st ^ 1);
            assert_ne!(&other, &whole, "{label}: the stream is ignored");
        }
    }
}

#[test]
fn output_types() {
    let ts_us = DataType::Timestamp(TimeUnit::Microsecond, None);
    let ts_ns = DataType::Timestamp(TimeUnit::Nanosecond, None);
    let expected: &[(&str, DataType)] = &[
        ("sequence", DataType::Int64),
        ("unique_int", DataType::Int64),
        ("uniform_int", DataType::Int64),
        ("uniform_float", DataType::Float64),
        ("normal", DataType::Float64),
        ("lognormal", DataType::Float64),
        ("exponential", DataType::Float64),
        ("pareto", DataType::Float64),
        ("zipf", DataType::Int64),
        ("bernoulli", DataType::Boolean),
        ("poisson_small", DataType::Int64),
        ("poisson_large", DataType::Int64),
        ("choice", DataType::Utf8),
        ("spider_geometry_point", DataType::Binary),
        ("spider_geometry_polygon", DataType::Utf8),
        ("weighted_int", DataType::Utf8),
        ("weighted_float", DataType::Int64),
        ("date_between", DataType::Date32),
        ("timestamp_between", ts_us),
        ("timestamp_series", ts_ns),
        ("pattern", DataType::Utf8),
        ("uuid", DataType::Utf8),
        ("lorem_words", DataType::Utf8),
    ];
    for (label, name, args) in cases() {
        let g = build(name, &args);
        let field = g.field("col");
        let want = &expected.iter().find(|(l, _)| *l == label).unwrap().1;
        assert_eq!(field.data_type(), want, "{label}");
        assert_eq!(field.name(), "col");
        assert!(!field.is_nullable(), "{label}");
        assert_eq!(g.arity(), 0, "{label}");
        assert_eq!(
            eval(g.as_ref(), Rows::Range(0..10), stream()).data_type(),
            want
        );
    }
    // Mixed argument types: uniform is DOUBLE unless both bounds are integers.
    let g = build("uniform", &[i(1), f(2.0)]);
    assert_eq!(g.field("x").data_type(), &DataType::Float64);
    // A time zone is kept.
    let t = ScalarValue::TimestampMillisecond(Some(0), Some("+02:00".into()));
    let g = build("timestamp_series", &[t, interval_ns(1_000_000)]);
    assert_eq!(
        g.field("x").data_type(),
        &DataType::Timestamp(TimeUnit::Millisecond, Some("+02:00".into()))
    );
    // Timestamps of two units use the finer one.
    let g = build(
        "timestamp_between",
        &[
            ts("2024-01-01T00:00:00", TimeUnit::Second),
            ts("2024-01-02T00:00:00", TimeUnit::Nanosecond),
        ],
    );
    assert_eq!(
        g.field("x").data_type(),
        &DataType::Timestamp(TimeUnit::Nanosecond, None)
    );
    // Choice of a list with a NULL is nullable.
    let g = build("choice", &[list(&[i(1), ScalarValue::Int64(None)])]);
    assert!(g.field("x").is_nullable());
}

#[test]
fn describe_shows_the_call() {
    let d = |name: &str, args: &[ScalarValue]| build(name, args).describe(&[]);
    assert_eq!(d("normal", &[f(0.0), f(1.5)]), "normal(0, 1.5)");
    assert_eq!(d("sequence", &[i(1)]), "sequence(1, 1)");
    assert_eq!(
        d("weighted", &[strs(&["a", "it's"]), ints(&[1, 2])]),
        "weighted(['a', 'it''s'], [1, 2])"
    );
    assert_eq!(
        d("date_between", &[date("2024-01-01"), date("2024-02-01")]),
        "date_between(DATE '2024-01-01', DATE '2024-02-01')"
    );
    assert_eq!(
        d(
            "timestamp_between",
            &[
                ts("2024-01-01T00:00:00", TimeUnit::Microsecond),
                ts("2024-01-01T10:30:00", TimeUnit::Microsecond)
            ]
        ),
        "timestamp_between(TIMESTAMP '2024-01-01T00:00:00', TIMESTAMP '2024-01-01T10:30:00')"
    );
    assert_eq!(d("uuid", &[]), "uuid()");
}

#[test]
fn sequence_stays_a_key() {
    let g = build("sequence", &[i(10), i(5)]);
    assert_eq!(g.as_sequence(), Some((10, 5)));
    assert_eq!(build("sequence", &[i(7)]).as_sequence(), Some((7, 1)));
    assert!(build("uniform", &[i(1), i(2)]).as_sequence().is_none());
}

/// A bitmap over `[0, size)`.
struct Bitmap(Vec<u64>);

impl Bitmap {
    fn new(size: u64) -> Self {
        Bitmap(vec![0; size.div_ceil(64) as usize])
    }

    /// Sets bit `i`; false if it was already set.
    fn insert(&mut self, i: u64) -> bool {
        let (w, b) = ((i / 64) as usize, i % 64);
        let was = self.0[w] >> b & 1 == 1;
        self.0[w] |= 1 << b;
        !was
    }

    fn count(&self) -> u64 {
        self.0.iter().map(|w| u64::from(w.count_ones())).sum()
    }
}

fn unique_int_check(lo: i64, hi: i64, rows: u64) -> u64 {
    let g = build("unique_int", &[i(lo), i(hi)]);
    g.check_rows(rows).unwrap();
    let mut seen = Bitmap::new((hi - lo + 1) as u64);
    let mut start = 0;
    while start < rows {
        let end = (start + (1 << 20)).min(rows);
        let a = eval(g.as_ref(), Rows::Range(start..end), stream());
        for &v in a.as_primitive::<Int64Type>().values().iter() {
            assert!((lo..=hi).contains(&v), "{v} outside [{lo}, {hi}]");
            assert!(seen.insert((v - lo) as u64), "{v} appears twice");
        }
        start = end;
    }
    seen.count()
}

#[test]
fn unique_int_has_no_duplicates_over_ten_million_rows() {
    assert_eq!(unique_int_check(-7, 24_999_992, 10_000_000), 10_000_000);
}

#[test]
fn unique_int_covers_its_domain_when_rows_equal_its_size() {
    assert_eq!(
        unique_int_check(1_000, 1_000 + 999_999, 1_000_000),
        1_000_000
    );
    for size in [1i64, 2, 3, 5, 17, 64, 65, 1000] {
        assert_eq!(
            unique_int_check(-3, -3 + size - 1, size as u64),
            size as u64
        );
    }
}

#[test]
fn unique_int_full_bigint_domain() {
    let g = build("unique_int", &[i(i64::MIN), i(i64::MAX)]);
    let a = eval(g.as_ref(), Rows::Range(0..200_000), stream());
    let mut v = a.as_primitive::<Int64Type>().values().to_vec();
    v.sort_unstable();
    v.dedup();
    assert_eq!(v.len(), 200_000);
    assert!(
        v[0] < -(1 << 60) && v[v.len() - 1] > 1 << 60,
        "values spread over BIGINT"
    );
}

#[test]
fn unique_int_rejects_more_rows_than_values() {
    let g = build("unique_int", &[i(1), i(10)]);
    g.check_rows(10).unwrap();
    assert_eq!(
        g.check_rows(11).unwrap_err().strip_backtrace(),
        "Error during planning: unique_int(1, 10) can produce at most 10 rows (the number of \
         distinct values in [lo, hi]), but the table has 11 rows"
    );
    assert_eq!(
        g.evaluate(&Rows::Indices(&[3, 10]), 1, &[])
            .unwrap_err()
            .strip_backtrace(),
        "Execution error: unique_int(1, 10) can produce at most 10 rows, asked for row 10"
    );
}

#[test]
fn timestamp_series_is_monotone_and_row_addressable() {
    for jitter in [0.0, 0.3, 1.0] {
        let g = build(
            "timestamp_series",
            &[
                ts("2024-03-01T00:00:00", TimeUnit::Microsecond),
                interval_ns(1_500_000_000),
                f(jitter),
            ],
        );
        let a = eval(g.as_ref(), Rows::Range(0..50_000), stream());
        let v = a.as_primitive::<TimestampMicrosecondType>().values();
        let start = 1_709_251_200_000_000i64;
        for (r, w) in v.windows(2).enumerate() {
            assert!(w[0] <= w[1], "jitter {jitter}: decreases at row {r}");
        }
        for (r, &t) in v.iter().enumerate() {
            let base = start + r as i64 * 1_500_000;
            assert!(
                t >= base && t <= base + (jitter * 1_500_000.0) as i64,
                "row {r}"
            );
        }
        if jitter == 0.0 {
            assert!(
                v.iter()
                    .enumerate()
                    .all(|(r, &t)| t == start + r as i64 * 1_500_000)
            );
        } else {
            assert!(
                v.iter()
                    .enumerate()
                    .any(|(r, &t)| t != start + r as i64 * 1_500_000)
            );
        }
    }
    // Overflow is a plan error for a table that is too long.
    let g = build(
        "timestamp_series",
        &[
            ts("2024-01-01T00:00:00", TimeUnit::Nanosecond),
            interval_ns(86_400_000_000_000),
        ],
    );
    g.check_rows(87_028).unwrap();
    let e = g.check_rows(87_029).unwrap_err().strip_backtrace();
    assert!(
        e.starts_with("Error during planning: timestamp_series(TIMESTAMP '2024-01-01T00:00:00', INTERVAL ")
            && e.contains("can produce at most 87028 rows (the rows whose timestamps fit BIGINT ticks), but the table has 87029 rows"),
        "{e}"
    );
}

#[test]
fn uuids_have_the_v4_layout_and_are_distinct() {
    let g = build("uuid", &[]);
    let a = eval(g.as_ref(), Rows::Range(0..100_000), stream());
    let a = a.as_string::<i32>();
    let mut seen = std::collections::HashSet::new();
    for v in a.iter().map(|v| v.unwrap()) {
        let b = v.as_bytes();
        assert_eq!(b.len(), 36);
        for (k, &c) in b.iter().enumerate() {
            if [8, 13, 18, 23].contains(&k) {
                assert_eq!(c, b'-', "{v}");
            } else {
                assert!(c.is_ascii_digit() || (b'a'..=b'f').contains(&c), "{v}");
            }
        }
        assert_eq!(b[14], b'4', "version nibble of {v}");
        assert!(b"89ab".contains(&b[19]), "variant of {v}");
        assert!(seen.insert(v.to_string()), "{v} twice");
    }
}

#[test]
fn pattern_and_lorem_words_have_their_shapes() {
    let g = build("pattern", &[s(r"ORD-####-??\#_*^")]);
    let a = eval(g.as_ref(), Rows::Range(0..5_000), stream());
    for v in a.as_string::<i32>().iter().map(|v| v.unwrap()) {
        let c: Vec<char> = v.chars().collect();
        assert_eq!(c.len(), 15, "{v}");
        assert_eq!(&v[..4], "ORD-");
        assert!(c[4..8].iter().all(|c| c.is_ascii_digit()), "{v}");
        assert_eq!(c[8], '-');
        assert!(c[9..11].iter().all(|c| c.is_ascii_uppercase()), "{v}");
        assert_eq!(c[11], '#');
        assert!(c[12].is_ascii_lowercase(), "{v}");
        assert!(c[13].is_ascii_digit() || c[13].is_ascii_uppercase(), "{v}");
        assert!(
            c[14].is_ascii_hexdigit() && !c[14].is_ascii_uppercase(),
            "{v}"
        );
    }
    let words = datafusion_synth::generate::tabular::lorem::words();
    let g = build("lorem_words", &[i(4)]);
    let a = eval(g.as_ref(), Rows::Range(0..5_000), stream());
    let mut first_words = std::collections::HashSet::new();
    for v in a.as_string::<i32>().iter().map(|v| v.unwrap()) {
        let w: Vec<&str> = v.split(' ').collect();
        assert_eq!(w.len(), 4, "{v}");
        assert!(w.iter().all(|w| words.contains(w)), "{v}");
        first_words.insert(w[0].to_string());
    }
    // 249 list entries (some repeated): almost every distinct word shows up.
    let distinct: std::collections::HashSet<&str> = words.iter().copied().collect();
    assert!(first_words.len() * 10 >= distinct.len() * 9);
}

#[test]
fn choice_and_weighted_pick_only_listed_values() {
    let g = build("weighted", &[ints(&[7, 8, 9]), ints(&[0, 1, 0])]);
    let a = eval(g.as_ref(), Rows::Range(0..1000), stream());
    assert!(
        a.as_primitive::<Int64Type>()
            .values()
            .iter()
            .all(|&v| v == 8)
    );
    let g = build("choice", &[list(&[date("2024-01-01"), date("2024-01-02")])]);
    assert_eq!(g.field("d").data_type(), &DataType::Date32);
    let g = build("choice", &[ints(&[42])]);
    let a = eval(g.as_ref(), Rows::Range(0..100), stream());
    assert!(
        a.as_primitive::<Int64Type>()
            .values()
            .iter()
            .all(|&v| v == 42)
    );
}

/// Every bad parameter: (generator, arguments, exact error text).
fn bad_calls() -> Vec<(&'static str, Vec<ScalarValue>, &'static str)> {
    let null = ScalarValue::Float64(None);
    vec![
        (
            "normal",
            vec![f(0.0), f(-1.0)],
            "normal(): invalid value for 'sd': -1; allowed: a finite number >= 0",
        ),
        (
            "normal",
            vec![f(f64::NAN), f(1.0)],
            "normal(): invalid value for 'mean': NaN; allowed: a finite number",
        ),
        (
            "normal",
            vec![f(0.0)],
            "normal(): expected 2 arguments, got 1; usage: normal(mean DOUBLE, sd DOUBLE >= 0)",
        ),
        (
            "normal",
            vec![f(0.0), s("x")],
            "normal(): invalid value for 'sd': 'x' (Utf8); allowed: a number",
        ),
        (
            "normal",
            vec![f(0.0), null],
            "normal(): invalid value for 'sd': NULL (Float64); allowed: a number",
        ),
        (
            "lognormal",
            vec![f(0.0), f(-0.5)],
            "lognormal(): invalid value for 'sigma': -0.5; allowed: a finite number >= 0",
        ),
        (
            "exponential",
            vec![f(0.0)],
            "exponential(): invalid value for 'rate': 0; allowed: a finite number > 0",
        ),
        (
            "exponential",
            vec![f(-2.0)],
            "exponential(): invalid value for 'rate': -2; allowed: a finite number > 0",
        ),
        (
            "pareto",
            vec![f(0.0), f(1.0)],
            "pareto(): invalid value for 'scale': 0; allowed: a finite number > 0",
        ),
        (
            "pareto",
            vec![f(1.0), f(-3.0)],
            "pareto(): invalid value for 'shape': -3; allowed: a finite number > 0",
        ),
        (
            "bernoulli",
            vec![f(1.5)],
            "bernoulli(): invalid value for 'p': 1.5; allowed: a number in [0, 1]",
        ),
        (
            "bernoulli",
            vec![f(-0.1)],
            "bernoulli(): invalid value for 'p': -0.1; allowed: a number in [0, 1]",
        ),
        (
            "poisson",
            vec![f(-1.0)],
            "poisson(): invalid value for 'lambda': -1; allowed: a number in [0, 1e12]",
        ),
        (
            "poisson",
            vec![f(1e13)],
            "poisson(): invalid value for 'lambda': 10000000000000; allowed: a number in [0, 1e12]",
        ),
        (
            "zipf",
            vec![i(0), f(1.0)],
            "zipf(): invalid value for 'n': 0; allowed: an integer >= 1",
        ),
        (
            "zipf",
            vec![i(10), f(0.0)],
            "zipf(): invalid value for 's': 0; allowed: a finite number > 0",
        ),
        (
            "zipf",
            vec![i(10), f(-1.0)],
            "zipf(): invalid value for 's': -1; allowed: a finite number > 0",
        ),
        (
            "zipf",
            vec![f(10.5), f(1.0)],
            "zipf(): invalid value for 'n': 10.5 (Float64); allowed: a BIGINT integer",
        ),
        (
            "uniform",
            vec![i(5), i(3)],
            "uniform(): invalid value for 'lo': 5; allowed: <= hi (3)",
        ),
        (
            "uniform",
            vec![f(5.5), f(3.0)],
            "uniform(): invalid value for 'lo': 5.5; allowed: <= hi (3)",
        ),
        (
            "uniform",
            vec![f(-1e308), f(1e308)],
            "uniform(): invalid value for 'hi': 1e308; allowed: such that hi - lo is a finite DOUBLE",
        ),
        (
            "unique_int",
            vec![i(10), i(1)],
            "unique_int(): invalid value for 'lo': 10; allowed: <= hi (1)",
        ),
        (
            "unique_int",
            vec![i(1), f(10.0)],
            "unique_int(): invalid value for 'hi': 10 (Float64); allowed: a BIGINT integer",
        ),
        (
            "sequence",
            vec![s("1")],
            "sequence(): invalid value for 'start': '1' (Utf8); allowed: a BIGINT integer",
        ),
        (
            "sequence",
            vec![],
            "sequence(): expected 1 to 2 arguments, got 0; usage: sequence(start BIGINT[, step BIGINT = 1])",
        ),
        (
            "choice",
            vec![ScalarValue::List(ScalarValue::new_list_nullable(
                &[],
                &DataType::Utf8,
            ))],
            "choice(): invalid value for 'values': []; allowed: a non-empty list",
        ),
        (
            "choice",
            vec![list(&[ScalarValue::Null, ScalarValue::Null])],
            "choice(): invalid value for 'values': [NULL, NULL]; allowed: a list of elements of one non-NULL type",
        ),
        (
            "choice",
            vec![i(1)],
            "choice(): invalid value for 'values': 1 (Int64); allowed: a list such as ['a', 'b']",
        ),
        (
            "weighted",
            vec![strs(&["a", "b"]), ints(&[1, -2])],
            "weighted(): invalid value for 'weights[2]': -2; allowed: a weight >= 0",
        ),
        (
            "weighted",
            vec![strs(&["a", "b"]), floats(&[1.0, -0.5])],
            "weighted(): invalid value for 'weights[2]': -0.5; allowed: a finite weight >= 0",
        ),
        (
            "weighted",
            vec![strs(&["a", "b"]), ints(&[0, 0])],
            "weighted(): invalid value for 'weights': a sum of 0; allowed: weights summing to more than 0",
        ),
        (
            "weighted",
            vec![strs(&["a", "b"]), floats(&[0.0, 0.0])],
            "weighted(): invalid value for 'weights': a sum of 0; allowed: weights with a finite sum greater than 0",
        ),
        (
            "weighted",
            vec![strs(&["a", "b"]), ints(&[1, 2, 3])],
            "weighted(): invalid value for 'weights': a list of 3; allowed: one weight per value (2)",
        ),
        (
            "weighted",
            vec![strs(&["a", "b"]), strs(&["1", "2"])],
            "weighted(): invalid value for 'weights': ['1', '2'] (Utf8); allowed: a list of numbers",
        ),
        (
            "weighted",
            vec![strs(&["a", "b"]), list(&[i(1), ScalarValue::Int64(None)])],
            "weighted(): weights must not contain NULL, got [1, NULL]",
        ),
        (
            "date_between",
            vec![date("2024-02-01"), date("2024-01-01")],
            "date_between(): invalid value for 'd1': DATE '2024-02-01'; allowed: <= d2 (DATE '2024-01-01')",
        ),
        (
            "date_between",
            vec![i(1), date("2024-01-01")],
            "date_between(): invalid value for 'd1': 1 (Int64); allowed: a DATE such as DATE '2024-01-31'",
        ),
        (
            "date_between",
            vec![s("not a date"), date("2024-01-01")],
            "date_between(): invalid value for 'd1': 'not a date' (Utf8); allowed: a DATE such as DATE '2024-01-31'",
        ),
        (
            "timestamp_between",
            vec![
                ts("2024-02-01T00:00:00", TimeUnit::Microsecond),
                ts("2024-01-01T00:00:00", TimeUnit::Microsecond),
            ],
            "timestamp_between(): invalid value for 't1': TIMESTAMP '2024-02-01T00:00:00'; allowed: <= t2 (TIMESTAMP '2024-01-01T00:00:00')",
        ),
        (
            "timestamp_series",
            vec![
                ts("2024-01-01T00:00:00", TimeUnit::Microsecond),
                interval_ns(60_000_000_000),
                f(1.5),
            ],
            "timestamp_series(): invalid value for 'jitter': 1.5; allowed: a number in [0, 1]",
        ),
        (
            "timestamp_series",
            vec![
                ts("2024-01-01T00:00:00", TimeUnit::Microsecond),
                interval_ns(-1_000),
            ],
            "timestamp_series(): invalid value for 'interval': INTERVAL '-0.000001000 secs'; allowed: a duration > 0",
        ),
        (
            "timestamp_series",
            vec![
                ts("2024-01-01T00:00:00", TimeUnit::Microsecond),
                interval_ns(1),
            ],
            "timestamp_series(): invalid value for 'interval': INTERVAL '0.000000001 secs' (Interval(MonthDayNano)); allowed: a whole number of Microsecond ticks (the unit of start)",
        ),
        (
            "timestamp_series",
            vec![
                ts("2024-01-01T00:00:00", TimeUnit::Microsecond),
                ScalarValue::IntervalMonthDayNano(Some(
                    datafusion::arrow::datatypes::IntervalMonthDayNano::new(1, 0, 0),
                )),
            ],
            "timestamp_series(): invalid value for 'interval': INTERVAL '1 mons' (Interval(MonthDayNano)); allowed: a fixed-length INTERVAL such as INTERVAL '5 minutes' (days allowed, months and years not)",
        ),
        (
            "pattern",
            vec![s("ab\\")],
            "pattern(): invalid value for 'template': 'ab\\'; allowed: a template not ending in a lone '\\' (write '\\\\' for a backslash)",
        ),
        (
            "pattern",
            vec![i(3)],
            "pattern(): invalid value for 'template': 3 (Int64); allowed: a text literal",
        ),
        (
            "lorem_words",
            vec![i(0)],
            "lorem_words(): invalid value for 'n': 0; allowed: an integer in [1, 10000]",
        ),
        (
            "uuid",
            vec![i(1)],
            "uuid(): expected 0 arguments, got 1; usage: uuid()",
        ),
        (
            "normall",
            vec![f(0.0), f(1.0)],
            "unknown generator 'normall'; did you mean 'normal'?",
        ),
        (
            "frobnicate",
            vec![],
            "unknown generator 'frobnicate'; the generators are: sequence, unique_int, uniform, normal, lognormal, exponential, pareto, zipf, bernoulli, poisson, choice, weighted, date_between, timestamp_between, timestamp_series, pattern, uuid, lorem_words, words, sentence, paragraph, first_name, first_name_female, first_name_male, sex, last_name, full_name, name_with_title, username, email, birth_date, street_address, building_number, street_name, city, state, state_abbr, postcode, address, country, country_code, latitude, longitude, phone, mobile_phone, domain, hostname, url, ipv4, ipv6, mac_address, user_agent, company_name, company_suffix, industry, profession, job_title, catch_phrase, credit_card, iban, currency_code, ssn, st_point, st_box, spider_geometry",
        ),
    ]
}

#[test]
fn every_bad_parameter_has_a_clear_error() {
    let mut failures = vec![];
    for (name, args, expected) in bad_calls() {
        let got = build_err(name, &args);
        let expected = format!("Error during planning: {expected}");
        if got != expected {
            failures.push(format!("{name}:\n  expected {expected}\n  got      {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn mixed_type_lists_are_rejected() {
    use datafusion_synth::functions::args::list_from_elements;
    let e = list_from_elements("choice", "values", &[i(1), s("a")])
        .unwrap_err()
        .strip_backtrace();
    assert_eq!(
        e,
        "Error during planning: choice(): invalid value for 'values': Int64 (element 1) and Utf8 (element 2); allowed: elements of one type"
    );
    let e = list_from_elements("choice", "values", &[ScalarValue::Null])
        .unwrap_err()
        .strip_backtrace();
    assert_eq!(
        e,
        "Error during planning: choice(): invalid value for 'values': 1 NULL elements; allowed: at least one non-NULL element"
    );
    let ok =
        list_from_elements("choice", "values", &[i(1), ScalarValue::Int64(None), i(3)]).unwrap();
    let g = build_generator("choice", &[ok]).unwrap();
    assert!(g.field("x").is_nullable());
}
