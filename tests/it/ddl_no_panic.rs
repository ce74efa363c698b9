//! Bad DDL never panics: thousands of `CREATE SYNTHETIC TABLE` statements — mutations of
//! valid statements (tokens dropped, repeated, swapped or replaced) and random token soup —
//! each end in success or an error, and every table that is created can be scanned. The
//! seeds include semantic generators with column arguments, foreign keys, lookups and a
//! fan-out child of a parent table.

use crate::common;

use common::ctx;
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};
use datafusion_synth::execute_sql;

/// A small deterministic generator for the test's inputs (xorshift64*).
struct Pick(u64);

impl Pick {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn of<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Valid statements the mutations start from (generators of every kind).
const SEEDS: [&str; 11] = [
    "CREATE SYNTHETIC TABLE t (id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL, v DOUBLE GENERATED ALWAYS AS (normal(10.0, 2.0)) NULL 5 PERCENT) WITH (rows = 100, seed = 1)",
    "CREATE OR REPLACE SYNTHETIC TABLE t (a BIGINT GENERATED ALWAYS AS (uniform(1, 6)), b BIGINT GENERATED ALWAYS AS (a * 2 + uniform(0, 1)) HIDDEN, c BIGINT GENERATED ALWAYS AS (b - a)) WITH (rows = 1e3)",
    "CREATE SYNTHETIC TABLE IF NOT EXISTS t (s VARCHAR GENERATED ALWAYS AS (choice(['a', 'b', 'c'])), w VARCHAR GENERATED ALWAYS AS (weighted(['x', 'y'], [1, 3]))) WITH (rows = 50, seed = 7)",
    "CREATE SYNTHETIC TABLE t (d DATE GENERATED ALWAYS AS (date_between(DATE '2020-01-01', DATE '2024-12-31')), ts TIMESTAMP GENERATED ALWAYS AS (timestamp_between(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-02-01 00:00:00'))) WITH (rows = 20)",
    "CREATE SYNTHETIC TABLE t (u VARCHAR GENERATED ALWAYS AS (uuid()), p VARCHAR GENERATED ALWAYS AS (pattern('ORD-####-??')), z BIGINT GENERATED ALWAYS AS (zipf(100, 1.1)), n DOUBLE GENERATED ALWAYS AS (nullify(lognormal(0.0, 1.0), 0.1))) WITH (rows = 30, seed = 2)",
    "CREATE SYNTHETIC TABLE t (k BIGINT GENERATED ALWAYS AS (unique_int(1, 1000)), e DOUBLE GENERATED ALWAYS AS (exponential(2.0) + pareto(1.0, 3.0)), q BIGINT GENERATED ALWAYS AS (poisson(4.0)), f BOOLEAN GENERATED ALWAYS AS (bernoulli(0.3))) WITH (rows = 200, seed = 3)",
    "CREATE SYNTHETIC TABLE t (l VARCHAR GENERATED ALWAYS AS (choice(['en_US', 'de_DE'])), f VARCHAR GENERATED ALWAYS AS (first_name(l)), e VARCHAR GENERATED ALWAYS AS (email(f, f, k)), c VARCHAR GENERATED ALWAYS AS (city('en_US', k)), k BIGINT GENERATED ALWAYS AS (uniform(0, 9))) WITH (rows = 30)",
    "CREATE SYNTHETIC TABLE t (r BIGINT GENERATED ALWAYS AS (parent_row('par', 'zipf', 1.5)) HIDDEN, k BIGINT GENERATED ALWAYS AS (lookup('par', 'id', r)), f BIGINT GENERATED ALWAYS AS (foreign_key('par', 'id', 'sequential')) NULL 10 PERCENT) WITH (rows = 40, seed = 4)",
    "CREATE SYNTHETIC TABLE t (p BIGINT GENERATED ALWAYS AS (fanout_parent()) HIDDEN, i BIGINT GENERATED ALWAYS AS (fanout_index()), k BIGINT GENERATED ALWAYS AS (lookup('par', 'id', p))) WITH (parent = 'par', count = 'uniform(0, 3)', seed = 5)",
    "CREATE SYNTHETIC TABLE t (id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL, o BIGINT GENERATED ALWAYS AS (orphan_key('par', 'id', 0.1, 'pareto', 1.2)), m BIGINT GENERATED ALWAYS AS (self_key(id, 3)), w BIGINT GENERATED ALWAYS AS (parent_row('par', 'weighted', 'id'))) WITH (rows = 40, seed = 6)",
    "CREATE SYNTHETIC TABLE t (x DOUBLE GENERATED ALWAYS AS (latitude('de_DE', k)), k BIGINT GENERATED ALWAYS AS (uniform(0, 9)), g BYTEA GENERATED ALWAYS AS (spider_geometry('parcel', 'cardinality=50 geometry=box')), b BYTEA GENERATED ALWAYS AS (st_box(x, x, k, k)), s VARCHAR GENERATED ALWAYS AS (sex(0.4))) WITH (rows = 30, seed = 7)",
];

/// The parent the multi-table seeds reference (never dropped by [`check`]).
const PARENT: &str = "CREATE SYNTHETIC TABLE par (id BIGINT GENERATED ALWAYS AS (unique_int(1, 99)) NOT NULL) WITH (rows = 50, seed = 9)";

/// Tokens spliced into statements.
const POOL: [&str; 55] = [
    "(",
    ")",
    ",",
    "[",
    "]",
    ";",
    "NULL",
    "NOT",
    "HIDDEN",
    "PERCENT",
    "GENERATED",
    "ALWAYS",
    "AS",
    "WITH",
    "rows",
    "seed",
    "=",
    "-1",
    "0",
    "1e30",
    "9223372036854775808",
    "0.5",
    "'x'",
    "a",
    "b",
    "t",
    "id",
    "uniform(",
    "sequence(",
    "nullify(",
    "normal(",
    "choice(",
    "[1, 2]",
    "CAST(",
    "BIGINT",
    "VARCHAR",
    "DOUBLE",
    "INT",
    "*",
    "||",
    "'par'",
    "parent",
    "count",
    "'uniform(1, 2)'",
    "lookup(",
    "foreign_key(",
    "first_name(",
    "email(",
    "orphan_key(",
    "self_key(",
    "'weighted'",
    "'pareto'",
    "spider_geometry(",
    "'geometry=polygon'",
    "st_box(",
];

fn tokens(sql: &str) -> Vec<String> {
    Tokenizer::new(&GenericDialect {}, sql)
        .tokenize()
        .unwrap()
        .into_iter()
        .filter(|t| !matches!(t, Token::Whitespace(_) | Token::EOF))
        .map(|t| t.to_string())
        .collect()
}

fn mutate(p: &mut Pick, base: &[String]) -> String {
    let mut t = base.to_vec();
    for _ in 0..1 + p.below(3) {
        let i = p.below(t.len());
        match p.below(5) {
            0 if t.len() > 1 => {
                t.remove(i);
            }
            1 => {
                let x = t[i].clone();
                t.insert(i, x);
            }
            2 => {
                let j = p.below(t.len());
                t.swap(i, j);
            }
            _ => t[i] = p.of(&POOL).to_string(),
        }
    }
    t.join(" ")
}

async fn check(ctx: &datafusion::prelude::SessionContext, sql: &str) -> bool {
    let created = match execute_sql(ctx, sql).await {
        Ok(df) => df.collect().await.is_ok(),
        Err(e) => {
            let msg = e.strip_backtrace();
            assert!(!msg.is_empty(), "{sql}: empty error");
            false
        }
    };
    if created && let Ok(df) = ctx.sql("SELECT * FROM t LIMIT 7").await {
        // Scanning a created table must work (errors are allowed, panics are not).
        let _ = df.collect().await;
    }
    let _ = ctx.sql("DROP TABLE IF EXISTS t").await;
    created
}

#[tokio::test]
async fn mutated_ddl_never_panics() {
    let ctx = ctx(2, 16);
    execute_sql(&ctx, PARENT).await.unwrap();
    let bases: Vec<Vec<String>> = SEEDS.iter().map(|s| tokens(s)).collect();
    for seed in SEEDS {
        assert!(check(&ctx, seed).await, "a valid statement fails: {seed}");
    }
    let mut p = Pick(0x5EED_0005);
    let (mut ok, mut err) = (0, 0);
    for _ in 0..1500 {
        let base = &bases[p.below(bases.len())];
        let sql = mutate(&mut p, base);
        if check(&ctx, &sql).await {
            ok += 1;
        } else {
            err += 1;
        }
    }
    assert!(
        ok > 15 && err > 500,
        "ok {ok}, err {err}: the inputs cover both outcomes"
    );
}

#[tokio::test]
async fn random_token_soup_never_panics() {
    let ctx = ctx(1, 16);
    execute_sql(&ctx, PARENT).await.unwrap();
    let mut p = Pick(77);
    for _ in 0..500 {
        let n = p.below(30);
        let body: Vec<&str> = (0..n).map(|_| p.of(&POOL)).collect();
        let sql = format!("CREATE SYNTHETIC TABLE t ({}", body.join(" "));
        check(&ctx, &sql).await;
    }
}

#[tokio::test]
async fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let ctx = ctx(1, 16);
    for depth in [60, 500, 5000] {
        let expr = format!("{}1{}", "(".repeat(depth), ")".repeat(depth));
        let sql = format!(
            "CREATE SYNTHETIC TABLE t (a BIGINT GENERATED ALWAYS AS ({expr})) WITH (rows = 1)"
        );
        let e = execute_sql(&ctx, &sql).await.unwrap_err().strip_backtrace();
        assert!(
            e.starts_with("Error during planning: SQL nesting too deep: the statement nests"),
            "{depth}: {e}"
        );
    }
    // A long operator chain is shallow to parse but deep to plan: bounded too.
    for depth in [200, 5000] {
        let sum = vec!["uniform(1, 2)"; depth].join(" + ");
        let sql = format!(
            "CREATE OR REPLACE SYNTHETIC TABLE t (a BIGINT GENERATED ALWAYS AS ({sum})) WITH (rows = 1)"
        );
        let e = execute_sql(&ctx, &sql).await.unwrap_err().strip_backtrace();
        assert!(
            e.contains("column 'a': the expression is nested more than 128 levels deep"),
            "{depth}: {e}"
        );
    }
    // Up to the bound, long sums work.
    let sum = vec!["uniform(1, 2)"; 100].join(" + ");
    let sql =
        format!("CREATE SYNTHETIC TABLE t (a BIGINT GENERATED ALWAYS AS ({sum})) WITH (rows = 10)");
    assert!(check(&ctx, &sql).await, "{sql}");
}
