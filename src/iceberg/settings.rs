//! How an Iceberg table is written and read: the Parquet writer properties and target file
//! size from the table's own properties (`write.parquet.compression-codec`,
//! `write.parquet.compression-level`, `write.target-file-size-bytes`, the names Iceberg's other
//! writers use), and the snapshot a read sees.

use std::collections::HashMap;

use datafusion::common::{Result, plan_err};
use datafusion::parquet::basic::{Compression, GzipLevel, ZstdLevel};
use datafusion::parquet::file::properties::WriterProperties;

/// Table property: the Parquet codec (`zstd`, `snappy`, `gzip`, `lz4`, `uncompressed`).
pub const COMPRESSION_CODEC: &str = "write.parquet.compression-codec";
/// Table property: the codec's level (zstd 1–22, gzip 0–9).
pub const COMPRESSION_LEVEL: &str = "write.parquet.compression-level";
/// Table property: the size at which a data file is closed and the next begun.
pub const TARGET_FILE_SIZE: &str = "write.target-file-size-bytes";
/// Iceberg's default target file size (512 MiB).
pub const DEFAULT_TARGET_FILE_SIZE: u64 = 512 * 1024 * 1024;

/// The snapshot a scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReadAt {
    /// The current snapshot.
    #[default]
    Current,
    /// The snapshot with this id.
    Snapshot(i64),
    /// The snapshot current at this time (milliseconds since the epoch).
    TimestampMs(i64),
}

/// The writer settings of a table with properties `props`. Errors name the property, the
/// value and what is allowed.
pub fn writer_settings(props: &HashMap<String, String>) -> Result<(WriterProperties, u64)> {
    let codec = props
        .get(COMPRESSION_CODEC)
        .map(|s| s.to_ascii_lowercase())
        .unwrap_or_else(|| "zstd".into());
    let level = match props.get(COMPRESSION_LEVEL) {
        None => None,
        Some(v) => match v.trim().parse::<i32>() {
            Ok(l) => Some(l),
            Err(_) => {
                return plan_err!(
                    "Iceberg: property '{COMPRESSION_LEVEL}' is '{v}'; allowed: an integer level of the codec"
                );
            }
        },
    };
    let compression = match (codec.as_str(), level) {
        ("zstd", l) => match ZstdLevel::try_new(l.unwrap_or(3)) {
            Ok(l) => Compression::ZSTD(l),
            Err(_) => {
                return plan_err!(
                    "Iceberg: property '{COMPRESSION_LEVEL}' is {}; allowed for zstd: 1 to 22",
                    l.unwrap_or(3)
                );
            }
        },
        ("gzip", l) => match GzipLevel::try_new(l.unwrap_or(6).max(0) as u32) {
            Ok(g) if l.unwrap_or(6) >= 0 => Compression::GZIP(g),
            _ => {
                return plan_err!(
                    "Iceberg: property '{COMPRESSION_LEVEL}' is {}; allowed for gzip: 0 to 9",
                    l.unwrap_or(6)
                );
            }
        },
        ("snappy", None) => Compression::SNAPPY,
        ("lz4", None) => Compression::LZ4_RAW,
        ("uncompressed" | "none", None) => Compression::UNCOMPRESSED,
        ("snappy" | "lz4" | "uncompressed" | "none", Some(_)) => {
            return plan_err!(
                "Iceberg: property '{COMPRESSION_LEVEL}' is set, but codec '{codec}' has no levels; levels apply to zstd and gzip"
            );
        }
        (other, _) => {
            return plan_err!(
                "Iceberg: property '{COMPRESSION_CODEC}' is '{other}'; allowed: zstd, snappy, gzip, lz4, uncompressed"
            );
        }
    };
    let size = match props.get(TARGET_FILE_SIZE) {
        None => DEFAULT_TARGET_FILE_SIZE,
        Some(v) => match v.trim().parse::<u64>() {
            Ok(n) if n > 0 => n,
            _ => {
                return plan_err!(
                    "Iceberg: property '{TARGET_FILE_SIZE}' is '{v}'; allowed: a positive number of bytes"
                );
            }
        },
    };
    let props = WriterProperties::builder()
        .set_compression(compression)
        .set_created_by(format!("datafusion-synth {}", env!("CARGO_PKG_VERSION")))
        .build();
    Ok((props, size))
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::parquet::schema::types::ColumnPath;

    fn props(kv: &[(&str, &str)]) -> HashMap<String, String> {
        kv.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn codecs_and_sizes() {
        let (p, size) = writer_settings(&HashMap::new()).unwrap();
        assert_eq!(size, DEFAULT_TARGET_FILE_SIZE);
        assert!(matches!(
            p.compression(&ColumnPath::from("x")),
            Compression::ZSTD(_)
        ));
        let (p, size) = writer_settings(&props(&[
            (COMPRESSION_CODEC, "SNAPPY"),
            (TARGET_FILE_SIZE, "1000"),
        ]))
        .unwrap();
        assert_eq!(size, 1000);
        assert_eq!(p.compression(&ColumnPath::from("x")), Compression::SNAPPY);
        let e = writer_settings(&props(&[(COMPRESSION_CODEC, "brotli")])).unwrap_err();
        assert!(
            e.to_string().contains("'brotli'; allowed: zstd, snappy"),
            "{e}"
        );
        let e = writer_settings(&props(&[(COMPRESSION_LEVEL, "30")])).unwrap_err();
        assert!(e.to_string().contains("allowed for zstd: 1 to 22"), "{e}");
        let e = writer_settings(&props(&[(TARGET_FILE_SIZE, "0")])).unwrap_err();
        assert!(e.to_string().contains("a positive number of bytes"), "{e}");
    }
}
