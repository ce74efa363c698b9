//! The `OPTIONS (…)` of `CREATE EXTERNAL TABLE … STORED AS DELTA` and `COPY … STORED AS DELTA`,
//! checked and turned into [`DeltaSettings`]. Errors name the option, the value and what is
//! allowed.

use std::num::NonZeroU64;
use std::str::FromStr;

use datafusion::common::{Result, plan_err};
use datafusion::parquet::basic::Compression;
use datafusion::parquet::file::properties::WriterProperties;

use crate::delta::{DeltaSettings, ReadAt, WriteMode};

/// Which statement the options belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionsOf {
    /// `CREATE EXTERNAL TABLE … STORED AS DELTA`.
    Table,
    /// `COPY … TO '…' STORED AS DELTA`.
    Copy,
}

impl OptionsOf {
    fn keys(self) -> &'static [&'static str] {
        match self {
            OptionsOf::Table => &[
                "version",
                "timestamp",
                "target_file_size",
                "compression",
                "max_row_group_size",
                "delta.<property>",
                "aws.<option>",
            ],
            OptionsOf::Copy => &[
                "mode",
                "target_file_size",
                "compression",
                "max_row_group_size",
                "delta.<property>",
                "aws.<option>",
            ],
        }
    }
}

/// The settings and (for COPY) the write mode given by `options`.
pub fn delta_settings(
    of: OptionsOf,
    options: &[(String, String)],
    partition_columns: Vec<String>,
) -> Result<(DeltaSettings, WriteMode)> {
    let mut settings = DeltaSettings {
        partition_columns,
        ..Default::default()
    };
    let mut mode = WriteMode::default();
    let mut writer = WriterProperties::builder();
    let mut custom_writer = false;
    let mut sorted = options.to_vec();
    sorted.sort();
    for (raw_key, value) in &sorted {
        // DataFusion rewrites option keys without a dot to `format.<key>`.
        let key = raw_key.strip_prefix("format.").unwrap_or(raw_key);
        let lower = key.to_ascii_lowercase();
        match lower.as_str() {
            "version" if of == OptionsOf::Table => {
                let Ok(v) = value.trim().parse::<u64>() else {
                    return plan_err!(
                        "Delta: invalid value for 'version': '{value}'; allowed: a version number 0, 1, 2, …"
                    );
                };
                if settings.read_at.is_pinned() {
                    return plan_err!("Delta: give 'version' or 'timestamp', not both");
                }
                settings.read_at = ReadAt::Version(v);
            }
            "timestamp" if of == OptionsOf::Table => {
                if settings.read_at.is_pinned() {
                    return plan_err!("Delta: give 'version' or 'timestamp', not both");
                }
                settings.read_at = ReadAt::Timestamp(value.trim().to_string());
            }
            "mode" if of == OptionsOf::Copy => {
                let Some(m) = WriteMode::parse(value.trim()) else {
                    return plan_err!(
                        "Delta: invalid value for 'mode': '{value}'; allowed: {}",
                        quoted(WriteMode::NAMES)
                    );
                };
                mode = m;
            }
            "target_file_size" => {
                let parsed = value.trim().parse::<u64>().ok().and_then(NonZeroU64::new);
                let Some(size) = parsed else {
                    return plan_err!(
                        "Delta: invalid value for 'target_file_size': '{value}'; allowed: a size in bytes, at least 1 (e.g. '134217728' for 128 MiB)"
                    );
                };
                settings.target_file_size = Some(size);
            }
            "compression" => {
                let Ok(c) = Compression::from_str(value.trim()) else {
                    return plan_err!(
                        "Delta: invalid value for 'compression': '{value}'; allowed: 'uncompressed', 'snappy', 'gzip(1..9)', 'lz4', 'lz4_raw', 'brotli(1..11)', 'zstd(1..22)'"
                    );
                };
                writer = writer.set_compression(c);
                custom_writer = true;
            }
            "max_row_group_size" => {
                let Some(n) = value.trim().parse::<usize>().ok().filter(|n| *n > 0) else {
                    return plan_err!(
                        "Delta: invalid value for 'max_row_group_size': '{value}'; allowed: a row count, at least 1"
                    );
                };
                writer = writer.set_max_row_group_row_count(Some(n));
                custom_writer = true;
            }
            k if k.starts_with("delta.") => {
                // Table properties keep their case (`delta.appendOnly`); delta-rs checks them.
                settings
                    .configuration
                    .insert(key.to_string(), Some(value.clone()));
            }
            k if k.starts_with("aws.") => {
                let (name, v) = aws_storage_option(key, value)?;
                settings.storage.insert(name, v);
            }
            _ => {
                return plan_err!(
                    "Delta: unknown option '{key}'; allowed: {}",
                    quoted(of.keys())
                );
            }
        }
    }
    if custom_writer {
        settings.writer = Some(writer.build());
    }
    Ok((settings, mode))
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An `aws.*` option as a delta-rs storage option.
#[cfg(feature = "s3")]
fn aws_storage_option(key: &str, value: &str) -> Result<(String, String)> {
    let (name, v) = crate::sql::object_store::check_aws_option(key, value)?;
    let storage = match name.as_str() {
        "access_key_id"
        | "secret_access_key"
        | "session_token"
        | "region"
        | "endpoint"
        | "skip_signature"
        | "virtual_hosted_style_request" => format!("aws_{name}"),
        "allow_http" => "allow_http".to_string(),
        "connect_timeout" | "timeout" => return Ok((name, format!("{v}ms"))),
        other => {
            return plan_err!(
                "Delta: S3 option 'aws.{other}' is not supported for Delta tables; allowed: 'aws.access_key_id', 'aws.secret_access_key', 'aws.session_token', 'aws.region', 'aws.endpoint', 'aws.allow_http', 'aws.skip_signature', 'aws.virtual_hosted_style_request', 'aws.connect_timeout', 'aws.timeout'"
            );
        }
    };
    Ok((storage, v))
}

#[cfg(not(feature = "s3"))]
fn aws_storage_option(key: &str, _value: &str) -> Result<(String, String)> {
    plan_err!("Delta: option '{key}' needs S3 support: build with the `s3` feature")
}
