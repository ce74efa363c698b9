//! Golden hashes of the first 10,000 rows of every distribution and encoding for seed 42.
//! Generator version 1: a change here changes published datasets and must come with a
//! documented generator version bump.

use crate::common;

use common::{ctx, hash, query};

const GOLDEN: &[(&str, &str)] = &[
    (
        "spider('uniform', 10000, 42)",
        "e9accde798a8f54dc3c8a20b87b59e0c442c82ea8a4aea787efbc280af238c2b",
    ),
    (
        "spider('gaussian', 10000, 42)",
        "ee3e43c0b25bc01c05f49e2e55ad1a52d3b45dcc6ae94597047be91e94c62858",
    ),
    (
        "spider('diagonal', 10000, 42)",
        "e1f52fda2f755d8f38ce283125e5e8d8828c8645059dd65bf925b9767a550c2f",
    ),
    (
        "spider('bit', 10000, 42)",
        "5c8f725d7282129c51d3d2b9e0d75946657fd5de23736841da71c6ae870ef80c",
    ),
    (
        "spider('sierpinski', 10000, 42)",
        "d330737f4730ece231bc6ad34cc6b7930f09164440bfe1a4ec4e7f0110b4dd0f",
    ),
    (
        "spider('uniform', 10000, 42, 'format=xy')",
        "6780380cc45686163439aa11461308654fc48e68a3655a07934b2b21018c8e7a",
    ),
    (
        "spider('diagonal', 10000, 42, 'percentage=0.3 buffer=0.2 format=wkt')",
        "2d5e6b2f1c1627b0f32a29a6c3e42e77db2faba0e54e9a0a950289309d8c81cc",
    ),
    (
        "spider('bit', 10000, 42, 'probability=0.7 digits=20 format=xy')",
        "e8507c7c17760a05b9cf60b796f76fcebde12a4c37efb9c07168edf75da37d30",
    ),
    (
        "spider('gaussian', 10000, 42, 'affine=360,0,-180,0,180,-90 format=xy')",
        "b1bbcdcf067d38acb8ff70e7d069325838ec1df6b16c4b590da3cceb0bce4db5",
    ),
    // Boxes, polygons and parcel (generator version 1).
    (
        "spider('uniform', 10000, 42, 'geometry=box')",
        "b09db23db9c9c685cb10a87c6b7b648f69fda3eb2a12c10598ef2f69af129877",
    ),
    (
        "spider('uniform', 10000, 42, 'geometry=polygon')",
        "b47e5d880631723268dd28f77c075cf2b793644641cd9fee6302dbb3f382e038",
    ),
    (
        "spider('gaussian', 10000, 42, 'geometry=box')",
        "9de0135d7b7ec645e62f5b4be72bb1d4e17d9af90e3661b8aa4459c41114ff6e",
    ),
    (
        "spider('gaussian', 10000, 42, 'geometry=polygon')",
        "f31cba93b6fe33a78b7f55b7eb69351940f79314f6366eaea6c93aaa908e1195",
    ),
    (
        "spider('diagonal', 10000, 42, 'geometry=box')",
        "80670aac7d14c1ba80ac7dacfdfdc6b55bcb54d5e31dc86ee3467625a7eae464",
    ),
    (
        "spider('diagonal', 10000, 42, 'geometry=polygon')",
        "91122433118d1fdb0dc064e2ae75a48a51f371c456ac8cb54eae1702b06434d2",
    ),
    (
        "spider('bit', 10000, 42, 'geometry=box')",
        "ec9aa1a7df7701146c069e6735c66c5cbd870b1f8130474df7cd18b21ead3ccf",
    ),
    (
        "spider('bit', 10000, 42, 'geometry=polygon')",
        "8f0ab094bcdf91f875b928a335ba77d973cbf3379b189a30e7a95ea8a6265b54",
    ),
    (
        "spider('sierpinski', 10000, 42, 'geometry=box')",
        "a6bac896c1c33ab86075df30182de4d5357ebec62da8a2c74b7096185de6b98f",
    ),
    (
        "spider('sierpinski', 10000, 42, 'geometry=polygon')",
        "26b6c9fdee3334b15d8fb3fef14f83688bda5de25ba6470b6ae496f4cf11d3fd",
    ),
    (
        "spider('parcel', 10000, 42)",
        "4f162a5d06efa998f08e26a29d1ded5cd70ccfbf9b3a6479e87ee1ac3c9c4bea",
    ),
    (
        "spider('parcel', 10000, 42, 'geometry=polygon')",
        "4f162a5d06efa998f08e26a29d1ded5cd70ccfbf9b3a6479e87ee1ac3c9c4bea",
    ),
    (
        "spider('parcel', 10000, 42, 'srange=0.1 dither=0 format=flat')",
        "19425b8a255b564d568b958535ab4e22bed04ef2a7aa35fb6733ccaa398e3f7f",
    ),
    (
        "spider('parcel', 10000, 42, 'srange=0.3 dither=0.9 format=wkt affine=360,0,-180,0,180,-90')",
        "1dcb3e8b88e0c22540ebc56e0c824dab410cf1d8cf1f747667c3a7f0375ef094",
    ),
    (
        "spider('gaussian', 10000, 42, 'geometry=box maxsize=0.1,0.05 format=native')",
        "3eb62682e07a3ef36316e16712d2fafce228a1956ed57a19c018e7417649a004",
    ),
    (
        "spider('diagonal', 10000, 42, 'geometry=box format=flat affine=0.6,-0.8,0,0.8,0.6,0')",
        "75b2bc21f78eeacb937a463775cb075fc9bbdfdc899f198bd66b608cf965991f",
    ),
    (
        "spider('bit', 10000, 42, 'geometry=polygon maxsize=0.2 segments=3..12 format=wkt')",
        "39b6c2c912b7fd739e0c5f40bfd6987ebefdf7b2fe881955521dc26dddb80257",
    ),
    (
        "spider('uniform', 10000, 42, 'format=native')",
        "41769a714e3a1f91381f92a62fb1e24f709ac0bbce0c346544398f0ed3e54ec1",
    ),
];

#[tokio::test]
async fn golden_hashes_of_every_distribution() {
    let ctx = ctx(3, 4096);
    let mut failures = vec![];
    for &(table, expected) in GOLDEN {
        let got = hash(&query(&ctx, &format!("SELECT * FROM {table} ORDER BY id")).await);
        if got != expected {
            failures.push(format!("(\"{table}\", \"{got}\"),"));
        }
    }
    assert!(
        failures.is_empty(),
        "golden hashes changed:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn first_rows_are_pinned() {
    // A readable pin next to the hashes: the first two uniform points.
    let ctx = ctx(1, 8192);
    let batches = query(
        &ctx,
        "SELECT id, x, y FROM spider('uniform', 10000, 42, 'format=xy') LIMIT 2",
    )
    .await;
    let b = &batches[0];
    assert_eq!(common::f64s(b, "x"), vec![X0, X1]);
    assert_eq!(common::f64s(b, "y"), vec![Y0, Y1]);
}

// Computed independently of this crate, by a Python transcription of `src/generate/seed.rs`:
// stream = stream_seed(42, "__point", 0); row r draws SplitMix64 from row_seed(stream, r).
const X0: f64 = 0.4134998708727682;
const Y0: f64 = 0.2995764572816113;
const X1: f64 = 0.5780523984038378;
const Y1: f64 = 0.2686996954494242;

/// Golden hashes of the views of a changing table (generator version 1): the feed in its
/// three shapes (with delays, duplicates, transactions and key reuse), the SCD2 history and
/// a snapshot. Every cell of every view is pinned here, so an optimization of the lifecycle
/// walk or of the versioned evaluation cannot change a published feed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn golden_hashes_of_change_views() {
    // One partition: the feed's rows come in its delivery order.
    let ctx = ctx(1, 777);
    datafusion_synth::execute_sql(
        &ctx,
        "CREATE SYNTHETIC TABLE c (
           id    BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           first VARCHAR GENERATED ALWAYS AS (first_name('en_US')) NOT NULL,
           last  VARCHAR GENERATED ALWAYS AS (last_name('en_US')) NOT NULL,
           email VARCHAR GENERATED ALWAYS AS (email(first, last, id)) NOT NULL,
           tier  VARCHAR GENERATED ALWAYS AS (weighted(['bronze', 'silver', 'gold'], [6, 3, 1])) NOT NULL,
           score DOUBLE  GENERATED ALWAYS AS (normal(50.0, 10.0))
         ) WITH (rows = 3000, seed = 42, history_start = '2026-01-01', history_end = '2026-03-01',
                 initial = 0.3, updates = 'poisson(3)', update_columns = 'first 0.3, tier 0.5, score 0.2',
                 deletes = 0.2, reinserts = 0.3, transaction_ms = 60000)",
    )
    .await
    .unwrap();
    let views: &[(&str, &str)] = &[
        (
            "SELECT unnest(before), unnest(after), unnest(source), op, ts_ms, ts_us, unnest(transaction) \
             FROM changes('c', 'debezium', 'snapshot=true max_delay_ms=600000 duplicates=0.05')",
            "1e828b2b54e756d321883f9960ec7f40f079b9fe48635f0800937981ec34d52c",
        ),
        (
            "SELECT * FROM changes('c', 'flat')",
            "7286b60a91a6ef236dd7fcce47ace93b8a4d7265d5a187ea189e4e56ce273995",
        ),
        (
            "SELECT * FROM changes('c', 'cdf')",
            "c6eca64a868c712660778d0ebfdf87f9bcdcf66fdfbc49e1523e37cbba5debbb",
        ),
        (
            "SELECT * FROM history('c') ORDER BY id, valid_from",
            "aab94b3d1818b83b9c4c4eaa54e0daa1ec2bf1344fce167ed85b604c6f61dceb",
        ),
        (
            "SELECT * FROM as_of('c', TIMESTAMP '2026-02-01T00:00:00Z') ORDER BY id",
            "c283c9992d381e9624bd7279a90bb6612b9f0eb9dd5506bc80ef607156b5bff5",
        ),
    ];
    let mut wrong = vec![];
    for (sql, want) in views {
        let got = hash(&query(&ctx, sql).await);
        if got != *want {
            wrong.push(format!("{sql}: {got}"));
        }
    }
    assert!(wrong.is_empty(), "changed:\n{}", wrong.join("\n"));
}
