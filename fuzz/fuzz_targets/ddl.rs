//! `CREATE SYNTHETIC TABLE` (generator calls, relations, WITH options) and any other SQL:
//! parsed, planned and (at most 256 rows of each result) run. Only panics are findings.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(sql) = std::str::from_utf8(data) else {
        return;
    };
    let ctx = datafusion_synth_fuzz::session();
    // A parent for relations to refer to.
    datafusion_synth_fuzz::run(
        &ctx,
        "CREATE SYNTHETIC TABLE p (id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL, w DOUBLE GENERATED ALWAYS AS (uniform(0.0, 1.0)) NOT NULL) WITH (rows = 100, seed = 1)",
        0,
    );
    datafusion_synth_fuzz::run(&ctx, sql, 256);
});
