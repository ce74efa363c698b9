//! `sql/examples/spatialbench.sql` runs at SF 0.01 (trip 60,000 rows): every table reads
//! back with its row count; trips reference existing customers, drivers and vehicles, end
//! after they start and cost fare + tip; and GeoPandas opens the trip, building and zone
//! files as geometries whose bounds equal their GeoParquet bbox (both trip point columns).

use crate::common;

use common::{int, run};

use std::process::Command;

#[tokio::test]
async fn the_spatialbench_script_runs_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spatialbench");
    // SF 0.01: trip 6,000,000·SF, customer 30,000·SF, driver 500·SF, vehicle 100·SF; the
    // building count is kept at 2,000 (SpatialBench's formula has none below SF 0.5).
    let script = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sql/examples/spatialbench.sql"
    ))
    .unwrap()
    .replace("rows = 6000000", "rows = 60000")
    .replace("rows = 30000", "rows = 300")
    .replace("rows = 500", "rows = 5")
    .replace("rows = 100,", "rows = 1,")
    .replace("rows = 20000", "rows = 2000")
    .replace("'spatialbench/", &format!("'{}/", out.display()));
    let ctx = common::ctx(2, 8192);
    for s in script.split(';').map(str::trim).filter(|s| {
        s.lines()
            .any(|l| !l.trim().is_empty() && !l.trim().starts_with("--"))
    }) {
        run(&ctx, s).await;
    }
    for (table, rows) in [
        ("trip", 60_000),
        ("customer", 300),
        ("driver", 5),
        ("vehicle", 1),
        ("building", 2_000),
        ("zone", 156_095),
    ] {
        let file = out.join(format!("{table}.parquet"));
        ctx.register_parquet(
            format!("written_{table}"),
            file.to_str().unwrap(),
            Default::default(),
        )
        .await
        .unwrap();
        let n = int(&ctx, &format!("SELECT count(*) FROM written_{table}")).await;
        assert_eq!(n, rows, "{table}");
    }
    let bad = int(
        &ctx,
        "SELECT count(*) FROM written_trip WHERE t_custkey NOT BETWEEN 1 AND 300
               OR t_driverkey NOT BETWEEN 1 AND 5 OR t_vehiclekey <> 1
               OR t_dropofftime IS NULL OR t_dropofftime < t_pickuptime
               OR t_dropoffloc IS NULL
               OR abs(t_totalamount - t_fare - t_tip) > 0.00002
               OR t_pickuptime < TIMESTAMP '1992-01-01' OR t_pickuptime > TIMESTAMP '1999-01-01'",
    )
    .await;
    assert_eq!(bad, 0);
    let python = common::python();
    let check = Command::new(&python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/check_spatialbench.py"
        ))
        .arg(&out)
        .args(["60000", "2000", "156095"])
        .output()
        .expect("cannot run python");
    assert!(
        check.status.success(),
        "GeoPandas check failed:\n{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}
