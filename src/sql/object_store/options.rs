//! The `aws.*` table options of `COPY … TO 's3://…' OPTIONS (…)` and `CREATE EXTERNAL TABLE …
//! LOCATION 's3://…' OPTIONS (…)`: which keys exist, what values they take, and the
//! [`AwsOptions`] config extension that makes DataFusion accept them; plus [`AwsEnv`], where the
//! `AWS_*` environment settings are read from.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::common::config::{ConfigEntry, ConfigExtension, ExtensionOptions};
use datafusion::common::{Result, plan_err};

/// The keys accepted after `aws.` in `OPTIONS (…)`, in the order the error messages list them.
pub const AWS_OPTION_KEYS: &[&str] = &[
    "access_key_id",
    "secret_access_key",
    "session_token",
    "region",
    "endpoint",
    "allow_http",
    "skip_signature",
    "virtual_hosted_style_request",
    "connect_timeout",
    "timeout",
    "max_retries",
];

/// The largest `aws.max_retries`.
pub const MAX_RETRIES_LIMIT: usize = 10;

/// Checks one `aws.*` option (`key` with or without its `aws.` prefix, case-insensitive) and
/// returns its normalized form: the key without prefix, in lower case, and the value (booleans
/// in lower case, durations in milliseconds).
///
/// Errors name the key, the value and what is allowed.
pub fn check_aws_option(key: &str, value: &str) -> Result<(String, String)> {
    let lower = key.to_ascii_lowercase();
    let name = lower.strip_prefix("aws.").unwrap_or(&lower);
    let shown = format!("aws.{name}");
    let normalized = match name {
        "access_key_id" | "secret_access_key" | "session_token" | "region" => {
            if value.trim().is_empty() {
                return plan_err!("S3 option '{shown}' must not be empty");
            }
            value.to_string()
        }
        "endpoint" => {
            let url = url::Url::parse(value).ok();
            match url {
                Some(u) if matches!(u.scheme(), "http" | "https") && u.has_host() => {}
                _ => {
                    return plan_err!(
                        "S3 option '{shown}' must be an http:// or https:// URL such as 'https://s3.eu-west-1.amazonaws.com' or 'http://127.0.0.1:9000', got '{value}'"
                    );
                }
            }
            value.trim_end_matches('/').to_string()
        }
        "allow_http" | "skip_signature" | "virtual_hosted_style_request" => {
            match value.to_ascii_lowercase().as_str() {
                v @ ("true" | "false") => v.to_string(),
                _ => {
                    return plan_err!(
                        "S3 option '{shown}' must be 'true' or 'false', got '{value}'"
                    );
                }
            }
        }
        "connect_timeout" | "timeout" => match parse_millis(value) {
            Some(ms) if ms > 0 => format!("{ms}ms"),
            _ => {
                return plan_err!(
                    "S3 option '{shown}' must be a positive duration: seconds ('5', '5s') or milliseconds ('500ms'), at most 3600s, got '{value}'"
                );
            }
        },
        "max_retries" => match value.trim().parse::<usize>() {
            Ok(n) if n <= MAX_RETRIES_LIMIT => n.to_string(),
            _ => {
                return plan_err!(
                    "S3 option '{shown}' must be an integer in 0..={MAX_RETRIES_LIMIT}, got '{value}'"
                );
            }
        },
        _ => {
            return plan_err!(
                "S3 option '{shown}' (value '{value}') is not supported; the aws.* options are: {}",
                AWS_OPTION_KEYS
                    .iter()
                    .map(|k| format!("aws.{k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    };
    Ok((name.to_string(), normalized))
}

/// Parses `5`, `5s`, `1.5s` or `500ms` into milliseconds; `None` when malformed or over an hour.
fn parse_millis(value: &str) -> Option<u64> {
    let v = value.trim().to_ascii_lowercase();
    let (number, factor) = if let Some(n) = v.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (v.as_str(), 1000.0)
    };
    let n: f64 = number.trim().parse().ok()?;
    let ms = n * factor;
    (ms.is_finite() && (0.0..=3_600_000.0).contains(&ms)).then(|| ms.round() as u64)
}

/// Where the `AWS_*` settings of lazily created S3 stores come from: the process environment
/// (read each time a store is built), or a fixed list of variables (for tests and for
/// applications that keep credentials elsewhere).
#[derive(Debug, Clone, Default)]
pub enum AwsEnv {
    /// `std::env::vars()`, read when a store is built.
    #[default]
    Process,
    /// These `(name, value)` pairs instead of the process environment.
    Vars(Arc<Vec<(String, String)>>),
}

impl AwsEnv {
    /// A fixed set of variables, e.g. `[("AWS_ENDPOINT", "http://127.0.0.1:9000")]`.
    pub fn from_vars<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self::Vars(Arc::new(
            vars.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        ))
    }

    /// The `AWS_*` variables, in the order they are applied.
    pub fn aws_vars(&self) -> Vec<(String, String)> {
        let all: Vec<(String, String)> = match self {
            AwsEnv::Process => std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
            AwsEnv::Vars(vars) => vars.as_ref().clone(),
        };
        all.into_iter()
            .filter(|(k, _)| k.starts_with("AWS_"))
            .collect()
    }
}

/// The `aws` namespace of the session's table options: registered by
/// [`register_object_stores`](super::register_object_stores), it makes DataFusion accept (and
/// check) `aws.*` keys in `OPTIONS (…)`, and carries the [`AwsEnv`] the session's S3 stores are
/// configured from. The values set by one statement only live in that statement's copy of the
/// table options; the stores themselves are configured by [`execute_sql`](crate::execute_sql).
#[derive(Debug, Clone, Default)]
pub struct AwsOptions {
    /// Where `AWS_*` settings are read from.
    pub env: AwsEnv,
    /// The `aws.*` options set on this copy (normalized key without prefix → value).
    pub values: BTreeMap<String, String>,
}

impl ConfigExtension for AwsOptions {
    const PREFIX: &'static str = "aws";
}

impl ExtensionOptions for AwsOptions {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }

    fn cloned(&self) -> Box<dyn ExtensionOptions> {
        Box::new(self.clone())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<()> {
        let (key, value) = check_aws_option(key, value)?;
        self.values.insert(key, value);
        Ok(())
    }

    fn entries(&self) -> Vec<ConfigEntry> {
        AWS_OPTION_KEYS
            .iter()
            .map(|k| ConfigEntry {
                key: format!("aws.{k}"),
                // Secrets are never echoed.
                value: self.values.get(*k).map(|v| {
                    if k.contains("secret") || k.contains("token") {
                        "***".to_string()
                    } else {
                        v.clone()
                    }
                }),
                description: "S3 object store setting (datafusion-synth)",
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(key: &str, value: &str) -> String {
        check_aws_option(key, value).unwrap_err().to_string()
    }

    #[test]
    fn normalizes_good_values() {
        let ok = |k: &str, v: &str| check_aws_option(k, v).unwrap();
        assert_eq!(
            ok("AWS.Allow_HTTP", "TRUE"),
            ("allow_http".into(), "true".into())
        );
        assert_eq!(ok("aws.timeout", "2"), ("timeout".into(), "2000ms".into()));
        assert_eq!(
            ok("aws.timeout", "1.5s"),
            ("timeout".into(), "1500ms".into())
        );
        assert_eq!(
            ok("connect_timeout", "250ms"),
            ("connect_timeout".into(), "250ms".into())
        );
        assert_eq!(
            ok("aws.endpoint", "http://127.0.0.1:9000/"),
            ("endpoint".into(), "http://127.0.0.1:9000".into())
        );
        assert_eq!(
            ok("aws.max_retries", "0"),
            ("max_retries".into(), "0".into())
        );
    }

    #[test]
    fn bad_values_name_key_value_and_allowed() {
        assert_eq!(
            err("aws.allow_http", "maybe"),
            "Error during planning: S3 option 'aws.allow_http' must be 'true' or 'false', got 'maybe'"
        );
        assert!(err("aws.foo", "1").contains(
            "S3 option 'aws.foo' (value '1') is not supported; the aws.* options are: aws.access_key_id, aws.secret_access_key"
        ));
        assert!(err("aws.endpoint", "localhost:9000").contains("got 'localhost:9000'"));
        assert!(err("aws.endpoint", "http://").contains("must be an http:// or https:// URL"));
        assert!(err("aws.timeout", "0").contains("must be a positive duration"));
        assert!(err("aws.timeout", "-1").contains("got '-1'"));
        assert!(err("aws.timeout", "2h").contains("got '2h'"));
        assert!(err("aws.max_retries", "11").contains("integer in 0..=10, got '11'"));
        assert!(err("aws.region", " ").contains("'aws.region' must not be empty"));
    }

    #[test]
    fn env_keeps_only_aws_vars() {
        let env = AwsEnv::from_vars([("AWS_REGION", "eu"), ("HOME", "/root")]);
        assert_eq!(env.aws_vars(), vec![("AWS_REGION".into(), "eu".into())]);
    }

    #[test]
    fn entries_hide_secrets() {
        let mut o = AwsOptions::default();
        o.set("aws.secret_access_key", "s3cr3t").unwrap();
        o.set("aws.region", "eu-west-1").unwrap();
        let e = o.entries();
        let get = |k: &str| e.iter().find(|x| x.key == k).unwrap().value.clone();
        assert_eq!(get("aws.secret_access_key").as_deref(), Some("***"));
        assert_eq!(get("aws.region").as_deref(), Some("eu-west-1"));
        assert_eq!(get("aws.endpoint"), None);
    }
}
