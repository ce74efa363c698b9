//! S3 options: `aws.*` keys and values checked, then an S3 store built from them (no
//! request is sent: building a store is local).
#![no_main]

use datafusion_synth::sql::object_store::{build_s3_store, check_aws_option};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut options = Vec::new();
    for line in text.lines().take(8) {
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        if let Ok(kv) = check_aws_option(key, value) {
            options.push(kv);
        }
    }
    let _ = build_s3_store("bucket", &Default::default(), &options);
});
