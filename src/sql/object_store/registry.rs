//! S3 stores: [`build_s3_store`] configures an `AmazonS3` client for one bucket from the `AWS_*`
//! environment and `aws.*` options, with bounded retries and timeouts, and
//! [`S3ObjectStoreRegistry`] creates one lazily the first time a session touches an
//! `s3://bucket/…` URL.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use datafusion::common::{DataFusionError, Result, plan_err};
use datafusion::execution::object_store::{DefaultObjectStoreRegistry, ObjectStoreRegistry};
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::{BackoffConfig, ClientConfigKey, ObjectStore, RetryConfig};
use url::Url;

use super::options::{AwsEnv, check_aws_option};

/// The URL scheme served by [`S3ObjectStoreRegistry`].
pub const S3_SCHEME: &str = "s3";

/// Default TCP connect timeout of S3 requests (`aws.connect_timeout`, `AWS_CONNECT_TIMEOUT`).
pub const DEFAULT_CONNECT_TIMEOUT: &str = "5s";
/// Default timeout of one S3 request, from connecting to the end of the response body
/// (`aws.timeout`, `AWS_TIMEOUT`).
pub const DEFAULT_TIMEOUT: &str = "30s";
/// Default number of retries of a failed S3 request (`aws.max_retries`).
pub const DEFAULT_MAX_RETRIES: usize = 2;
/// No retry starts later than this after the first attempt of a request.
pub const RETRY_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds the S3 store of `bucket`: the `AWS_*` variables of `env` first (as
/// `AmazonS3Builder::from_env` reads them), then `options` (`aws.*` keys with or without the
/// prefix, as in `OPTIONS (…)`), which win. Connect and request timeouts and retries are bounded
/// (see [`DEFAULT_CONNECT_TIMEOUT`], [`DEFAULT_TIMEOUT`], [`DEFAULT_MAX_RETRIES`],
/// [`RETRY_TIMEOUT`]), so an unreachable endpoint fails in seconds instead of hanging.
///
/// Errors name the offending option or variable and its value.
pub fn build_s3_store(
    bucket: &str,
    env: &AwsEnv,
    options: &[(String, String)],
) -> Result<Arc<dyn ObjectStore>> {
    if bucket.is_empty() {
        return plan_err!("S3 URL has no bucket: use s3://<bucket>/<path>");
    }
    let mut builder = AmazonS3Builder::new()
        .with_config(
            AmazonS3ConfigKey::Client(ClientConfigKey::ConnectTimeout),
            DEFAULT_CONNECT_TIMEOUT,
        )
        .with_config(
            AmazonS3ConfigKey::Client(ClientConfigKey::Timeout),
            DEFAULT_TIMEOUT,
        );
    for (name, value) in env.aws_vars() {
        if let Ok(key) = name.to_ascii_lowercase().parse::<AmazonS3ConfigKey>() {
            builder = builder.with_config(key, value);
        }
    }
    let mut max_retries = DEFAULT_MAX_RETRIES;
    for (key, value) in options {
        let (name, value) = check_aws_option(key, value)?;
        if name == "max_retries" {
            // Checked by `check_aws_option`.
            max_retries = value.parse().unwrap_or(DEFAULT_MAX_RETRIES);
            continue;
        }
        let key = name.parse::<AmazonS3ConfigKey>().map_err(|e| {
            DataFusionError::Internal(format!("aws.{name} has no object_store key: {e}"))
        })?;
        builder = builder.with_config(key, value);
    }
    check_http_allowed(&builder)?;
    let retry = RetryConfig {
        backoff: BackoffConfig {
            init_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            base: 2.0,
        },
        max_retries,
        retry_timeout: RETRY_TIMEOUT,
    };
    let store = builder
        .with_retry(retry)
        .with_bucket_name(bucket)
        .build()
        .map_err(|e| {
            DataFusionError::Plan(format!(
                "cannot configure the S3 store of bucket '{bucket}' (check the AWS_* environment variables and aws.* options): {e}"
            ))
        })?;
    Ok(Arc::new(store))
}

/// A plain-HTTP endpoint needs `allow_http`: say so instead of object_store's "URL scheme is
/// not allowed" at the first request.
fn check_http_allowed(builder: &AmazonS3Builder) -> Result<()> {
    let Some(endpoint) = builder.get_config_value(&AmazonS3ConfigKey::Endpoint) else {
        return Ok(());
    };
    let allow = builder
        .get_config_value(&AmazonS3ConfigKey::Client(ClientConfigKey::AllowHttp))
        .unwrap_or_default();
    if endpoint.to_ascii_lowercase().starts_with("http://")
        && !matches!(
            allow.to_ascii_lowercase().as_str(),
            "true" | "1" | "yes" | "on"
        )
    {
        return plan_err!(
            "S3 endpoint '{endpoint}' is plain HTTP: add 'aws.allow_http' 'true' to OPTIONS (or set AWS_ALLOW_HTTP=true) to allow it"
        );
    }
    Ok(())
}

/// The bucket of an `s3://bucket/…` URL, `None` for other schemes.
pub fn s3_bucket(url: &Url) -> Option<&str> {
    (url.scheme() == S3_SCHEME)
        .then(|| url.host_str())
        .flatten()
}

/// An [`ObjectStoreRegistry`] that serves `s3://bucket/…` URLs with no registered store by
/// building one for the bucket from the `AWS_*` environment ([`build_s3_store`] with no
/// options) and caching it; everything else, and stores registered explicitly (e.g. by
/// [`execute_sql`](crate::execute_sql) for `aws.*` options), goes to the wrapped registry.
#[derive(Debug)]
pub struct S3ObjectStoreRegistry {
    inner: Arc<dyn ObjectStoreRegistry>,
    env: AwsEnv,
    /// Serializes lazy creation so that concurrent first uses build one store.
    creating: Mutex<()>,
}

impl Default for S3ObjectStoreRegistry {
    fn default() -> Self {
        Self::new()
    }
}

impl S3ObjectStoreRegistry {
    /// A registry over a fresh [`DefaultObjectStoreRegistry`] (local files) that reads the
    /// process environment.
    pub fn new() -> Self {
        Self::wrapping(Arc::new(DefaultObjectStoreRegistry::new()), AwsEnv::Process)
    }

    /// A registry over `inner` (whose stores it keeps serving) with `AWS_*` settings from `env`.
    pub fn wrapping(inner: Arc<dyn ObjectStoreRegistry>, env: AwsEnv) -> Self {
        Self {
            inner,
            env,
            creating: Mutex::new(()),
        }
    }

    /// Where `AWS_*` settings come from.
    pub fn env(&self) -> &AwsEnv {
        &self.env
    }
}

impl ObjectStoreRegistry for S3ObjectStoreRegistry {
    fn register_store(
        &self,
        url: &Url,
        store: Arc<dyn ObjectStore>,
    ) -> Option<Arc<dyn ObjectStore>> {
        self.inner.register_store(url, store)
    }

    fn deregister_store(&self, url: &Url) -> Result<Arc<dyn ObjectStore>> {
        self.inner.deregister_store(url)
    }

    fn get_store(&self, url: &Url) -> Result<Arc<dyn ObjectStore>> {
        let missing = match self.inner.get_store(url) {
            Ok(store) => return Ok(store),
            Err(e) => e,
        };
        let Some(bucket) = s3_bucket(url) else {
            return Err(missing);
        };
        let _guard = self.creating.lock().unwrap_or_else(|p| p.into_inner());
        if let Ok(store) = self.inner.get_store(url) {
            return Ok(store);
        }
        let store = build_s3_store(bucket, &self.env, &[])?;
        self.inner.register_store(url, Arc::clone(&store));
        Ok(store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn options_override_the_environment() {
        let env = AwsEnv::from_vars([
            ("AWS_ENDPOINT", "http://env:1"),
            ("AWS_ALLOW_HTTP", "true"),
            ("AWS_REGION", "eu-west-1"),
        ]);
        let store = build_s3_store("b", &env, &opts(&[("aws.endpoint", "http://opt:2")])).unwrap();
        let shown = format!("{store:?}");
        assert!(shown.contains("http://opt:2"), "{shown}");
        assert!(shown.contains("eu-west-1"), "{shown}");
    }

    #[test]
    fn plain_http_endpoint_needs_allow_http() {
        let err = build_s3_store(
            "b",
            &AwsEnv::from_vars::<String, String>([]),
            &opts(&[("aws.endpoint", "http://127.0.0.1:9")]),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "Error during planning: S3 endpoint 'http://127.0.0.1:9' is plain HTTP: add 'aws.allow_http' 'true' to OPTIONS (or set AWS_ALLOW_HTTP=true) to allow it"
        );
    }

    #[test]
    fn registry_builds_s3_stores_lazily_and_only_for_s3() {
        let env = AwsEnv::from_vars([("AWS_ACCESS_KEY_ID", "k"), ("AWS_SECRET_ACCESS_KEY", "s")]);
        let registry =
            S3ObjectStoreRegistry::wrapping(Arc::new(DefaultObjectStoreRegistry::new()), env);
        let a = registry
            .get_store(&Url::parse("s3://bucket/x/y.parquet").unwrap())
            .unwrap();
        let b = registry
            .get_store(&Url::parse("s3://bucket/z").unwrap())
            .unwrap();
        assert!(Arc::ptr_eq(&a, &b), "the store is cached per bucket");
        let c = registry
            .get_store(&Url::parse("s3://other/z").unwrap())
            .unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
        assert!(
            registry
                .get_store(&Url::parse("file:///tmp").unwrap())
                .is_ok()
        );
        let err = registry
            .get_store(&Url::parse("gs://bucket/x").unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("No suitable object store found for gs://bucket/x"),
            "{err}"
        );
    }
}
