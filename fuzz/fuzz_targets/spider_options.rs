//! Spider option strings: `spider(distribution, rows, seed, options)` with every part
//! fuzzed, planned and 64 rows generated.
#![no_main]

use libfuzzer_sys::fuzz_target;

const DISTRIBUTIONS: [&str; 7] = [
    "uniform",
    "gaussian",
    "diagonal",
    "sierpinski",
    "bit",
    "parcel",
    "nope",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(options) = std::str::from_utf8(rest) else {
        return;
    };
    let distribution = DISTRIBUTIONS[usize::from(pick) % DISTRIBUTIONS.len()];
    let rows = [0u64, 1, 10, 1000, i64::MAX as u64][usize::from(pick >> 4) % 5];
    let options = options.replace('\'', "''");
    let sql = format!("SELECT * FROM spider('{distribution}', {rows}, {pick}, '{options}')");
    datafusion_synth_fuzz::run(&datafusion_synth_fuzz::session(), &sql, 64);
});
