//! Fan-out count specs: `WITH (parent = 'p', count = '<fuzzed>')` over parents of several
//! sizes (up to 2^63-1 rows), created and 256 rows read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(count) = std::str::from_utf8(rest) else {
        return;
    };
    let rows = [0u64, 1, 100, 1 << 40, i64::MAX as u64][usize::from(pick) % 5];
    let count = count.replace('\'', "''");
    let ctx = datafusion_synth_fuzz::session();
    let sql = format!(
        "CREATE SYNTHETIC TABLE h (id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL) WITH (rows = {rows});
         CREATE SYNTHETIC TABLE c (k BIGINT GENERATED ALWAYS AS (fanout_index()) NOT NULL, o BIGINT GENERATED ALWAYS AS (fanout_parent()) NOT NULL, p BIGINT GENERATED ALWAYS AS (lookup('h', 'id', o)) NOT NULL) WITH (parent = 'h', count = '{count}', seed = {pick});
         SELECT * FROM c"
    );
    datafusion_synth_fuzz::run(&ctx, &sql, 256);
});
