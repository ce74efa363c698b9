//! Bad input never panics: thousands of generated `spider(...)` calls and `CREATE EXTERNAL
//! TABLE … STORED AS SPIDER` statements with random arguments and option strings each
//! return a result or an error.

use crate::common;

use common::ctx;

/// A small deterministic generator for the test's inputs (xorshift64*).
struct Pick(u64);

impl Pick {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn of<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const DISTS: [&str; 9] = [
    "'uniform'",
    "'gaussian'",
    "'diagonal'",
    "'bit'",
    "'sierpinski'",
    "'parcel'",
    "'UNIFORM'",
    "''",
    "NULL",
];
const NUMBERS: [&str; 16] = [
    "0",
    "1",
    "-1",
    "3",
    "1e3",
    "1.5",
    "NULL",
    "'7'",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "1e30",
    "-0.0",
    "2",
    "100",
    "'abc'",
];
const KEYS: [&str; 20] = [
    "geometry",
    "maxsize",
    "segments",
    "srange",
    "dither",
    "dimensions",
    "percentage",
    "buffer",
    "probability",
    "digits",
    "affine",
    "format",
    "seed",
    "distribution",
    "percentag",
    "",
    "x",
    "DIGITS",
    "geometry",
    "cardinality",
];
const VALUES: [&str; 30] = [
    "box",
    "polygon",
    "point",
    "POLYGON",
    "0.1,0.1",
    "0.5",
    "3..5",
    "5..3",
    "3..",
    "..",
    "1000",
    "native",
    "flat",
    "0,0",
    "0",
    "1",
    "0.5",
    "-1",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "52",
    "53",
    "2.5",
    "1,0,0,0,1,0",
    "1,0,0,0,0,0",
    "1,2,3",
    "xy",
    "wkt",
];

fn options(p: &mut Pick) -> String {
    let n = p.next() % 4;
    (0..n)
        .map(|_| {
            let sep = p.of(&["=", "==", "", "= "]);
            format!("{}{}{}", p.of(&KEYS), sep, p.of(&VALUES))
        })
        .collect::<Vec<_>>()
        .join(p.of(&[" ", "  ", ",", "\t"]))
}

#[tokio::test]
async fn random_spider_calls_never_panic() {
    let ctx = ctx(2, 64);
    let mut p = Pick(0x9E37_79B9_7F4A_7C15);
    let (mut ok, mut err) = (0, 0);
    for _ in 0..1500 {
        let args = match p.next() % 5 {
            0 => p.of(&DISTS).to_string(),
            1 => format!("{}, {}", p.of(&DISTS), p.of(&NUMBERS)),
            2 => format!("{}, {}, {}", p.of(&DISTS), p.of(&NUMBERS), p.of(&NUMBERS)),
            _ => format!(
                "{}, {}, {}, '{}'",
                p.of(&DISTS),
                p.of(&NUMBERS),
                p.of(&NUMBERS),
                options(&mut p)
            ),
        };
        let sql = format!("SELECT * FROM spider({args}) LIMIT 5");
        let result = match ctx.sql(&sql).await {
            Ok(df) => df.collect().await.map(|_| ()),
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => ok += 1,
            Err(e) => {
                let msg = e.strip_backtrace();
                assert!(!msg.is_empty() && !msg.contains("panicked"), "{sql}: {msg}");
                err += 1;
            }
        }
    }
    assert!(
        ok > 50 && err > 500,
        "ok {ok}, err {err}: the inputs cover both outcomes"
    );
}

#[tokio::test]
async fn random_external_tables_never_panic() {
    let ctx = ctx(2, 64);
    let mut p = Pick(42);
    for i in 0..500 {
        let n = p.next() % 5;
        let opts: Vec<String> = (0..n)
            .map(|_| format!("'{}' '{}'", p.of(&KEYS), p.of(&VALUES)))
            .collect();
        let mut all = vec![
            format!("'distribution' {}", p.of(&DISTS).replace("NULL", "'x'")),
            format!("'cardinality' '{}'", p.of(&NUMBERS).trim_matches('\'')),
        ];
        all.extend(opts);
        let sql = format!(
            "CREATE EXTERNAL TABLE t{i} STORED AS SPIDER LOCATION '{}' OPTIONS ({})",
            p.of(&["spider://t", "file:///tmp/x", "spider://"]),
            all.join(", ")
        );
        if let Ok(df) = ctx.sql(&sql).await {
            let _ = df.collect().await;
            if let Ok(df) = ctx.sql(&format!("SELECT * FROM t{i} LIMIT 3")).await {
                df.collect().await.unwrap();
            }
        }
    }
}
