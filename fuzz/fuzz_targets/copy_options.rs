//! COPY and GeoParquet options: `COPY (…) TO '<tmp>/out.<ext>' STORED AS <format> OPTIONS
//! (<fuzzed>)` of a small spider table with a geometry column, written to a temporary
//! directory.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FORMATS: [&str; 4] = ["PARQUET", "GEOPARQUET", "CSV", "JSON"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(options) = std::str::from_utf8(rest) else {
        return;
    };
    let format = FORMATS[usize::from(pick) % FORMATS.len()];
    let dir = std::env::temp_dir().join(format!("dfsynth-fuzz-copy-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let target = dir.join(if pick & 0x80 == 0 {
        "out.parquet"
    } else {
        "part/"
    });
    let sql = format!(
        "COPY (SELECT * FROM spider('uniform', 50, 1, 'geometry=box')) TO '{}' STORED AS {format} OPTIONS ({options})",
        target.display()
    );
    datafusion_synth_fuzz::run(&datafusion_synth_fuzz::session(), &sql, 64);
    let _ = std::fs::remove_dir_all(&dir);
});
