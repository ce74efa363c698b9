//! Installing S3 support in a session ([`register_object_stores`], [`with_object_stores`]),
//! the runtime environment with the S3 registry, and registering a store from a statement's
//! `aws.*` options before it is planned.

use crate::sql::register::rebuilt_state;
use datafusion::common::config::TableOptions;
use datafusion::common::{Result, plan_err};
use datafusion::execution::SessionStateBuilder;
use datafusion::execution::runtime_env::{RuntimeEnv, RuntimeEnvBuilder};
use datafusion::prelude::SessionContext;
use datafusion::sql::parser::Statement as DFStatement;
use datafusion::sql::sqlparser::ast::Value;
use std::sync::Arc;
use url::Url;

use super::options::{AwsEnv, AwsOptions, check_aws_option};
use super::registry::{S3_SCHEME, S3ObjectStoreRegistry, build_s3_store, s3_bucket};
use super::url_table::s3_url_tables;

/// Installs S3 support in `ctx`: an [`S3ObjectStoreRegistry`] over the session's current
/// object-store registry (so stores registered before keep working) that reads the process
/// environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
/// `AWS_REGION`/`AWS_DEFAULT_REGION`, `AWS_ENDPOINT`/`AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP`, …),
/// and the `aws.*` table options. A second call does nothing.
///
/// [`execute_sql`](crate::execute_sql) calls it by itself the first time a statement names an
/// `s3://` location.
///
/// ```no_run
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> datafusion::common::Result<()> {
/// let ctx = datafusion::prelude::SessionContext::new();
/// datafusion_synth::register_all(&ctx)?;
/// datafusion_synth::register_object_stores(&ctx)?;
/// datafusion_synth::execute_sql(
///     &ctx,
///     "COPY (SELECT * FROM spider('uniform', 1000)) TO 's3://my-bucket/points.parquet' \
///      OPTIONS ('aws.region' 'eu-west-1')",
/// )
/// .await?
/// .collect()
/// .await?;
/// # Ok(()) }
/// ```
pub fn register_object_stores(ctx: &SessionContext) -> Result<()> {
    register_object_stores_with_env(ctx, AwsEnv::Process)
}

/// [`register_object_stores`] with `AWS_*` settings taken from `env` instead of the process
/// environment (tests, or applications that keep credentials elsewhere).
pub fn register_object_stores_with_env(ctx: &SessionContext, env: AwsEnv) -> Result<()> {
    if aws_options(ctx).is_some() {
        return Ok(());
    }
    let runtime = s3_runtime_env_over(ctx.state().runtime_env(), env.clone())?;
    let mut state = rebuilt_state(ctx, |b| b.with_runtime_env(runtime));
    state.register_table_options_extension(AwsOptions {
        env,
        values: Default::default(),
    });
    *ctx.state_ref().write() = state;
    Ok(())
}

/// Adds S3 support to a [`SessionStateBuilder`]: its runtime environment (or a default one)
/// gets an [`S3ObjectStoreRegistry`] reading the process environment, and its table options
/// the `aws.*` namespace.
///
/// ```
/// use datafusion::execution::SessionStateBuilder;
/// use datafusion::prelude::SessionContext;
///
/// let builder = datafusion_synth::with_synth(SessionStateBuilder::new().with_default_features());
/// let state = datafusion_synth::with_object_stores(builder).unwrap().build();
/// let ctx = SessionContext::new_with_state(state);
/// ```
pub fn with_object_stores(mut builder: SessionStateBuilder) -> Result<SessionStateBuilder> {
    let base = builder
        .runtime_env()
        .clone()
        .unwrap_or_else(|| Arc::new(RuntimeEnv::default()));
    *builder.runtime_env() = Some(s3_runtime_env_over(&base, AwsEnv::Process)?);
    let from_config = builder
        .config()
        .as_ref()
        .map(|c| TableOptions::default_from_session_config(c.options()));
    builder
        .table_options()
        .get_or_insert_with(|| from_config.unwrap_or_default())
        .extensions
        .insert(AwsOptions::default());
    Ok(builder)
}

/// A runtime environment whose object-store registry is an [`S3ObjectStoreRegistry`] reading
/// the process environment (local files keep working), for processes that execute plans
/// without planning them, such as cluster executors.
pub fn s3_runtime_env() -> Result<Arc<RuntimeEnv>> {
    RuntimeEnvBuilder::new()
        .with_object_store_registry(Arc::new(S3ObjectStoreRegistry::new()))
        .build_arc()
}

/// `base` (its memory pool, disk manager and stores) with S3 buckets configured from the
/// process environment: what the cluster's executors run with.
pub fn s3_runtime_env_from(base: &RuntimeEnv) -> Result<Arc<RuntimeEnv>> {
    s3_runtime_env_over(base, AwsEnv::Process)
}

fn s3_runtime_env_over(base: &RuntimeEnv, env: AwsEnv) -> Result<Arc<RuntimeEnv>> {
    let registry = S3ObjectStoreRegistry::wrapping(Arc::clone(&base.object_store_registry), env);
    RuntimeEnvBuilder::from_runtime_env(base)
        .with_object_store_registry(Arc::new(registry))
        .build_arc()
}

/// The session's [`AwsOptions`] namespace, if S3 support is installed.
fn aws_options(ctx: &SessionContext) -> Option<AwsOptions> {
    ctx.state_ref()
        .read()
        .table_options()
        .extensions
        .get::<AwsOptions>()
        .cloned()
}

/// Prepares the `s3://` locations of a `COPY … TO` or `CREATE EXTERNAL TABLE` statement before
/// DataFusion plans it: installs S3 support if needed, checks the `aws.*` options and, when
/// there are any, registers a store built from them (over the environment) for each bucket
/// named. Other statements, and text that does not parse, are left to DataFusion.
pub(crate) fn prepare_s3_locations(ctx: &SessionContext, sql: &str) -> Result<()> {
    let lower = sql.to_ascii_lowercase();
    if !lower.contains("s3:") && !lower.contains("aws.") {
        return Ok(());
    }
    let dialect = ctx.state().config().options().sql_parser.dialect;
    let Ok(statement) = ctx.state().sql_to_statement(sql, &dialect) else {
        return Ok(());
    };
    let (locations, raw_options) = match statement {
        DFStatement::CopyTo(copy) => (vec![copy.target], copy.options),
        DFStatement::CreateExternalTable(create) => (create.locations, create.options),
        // A query reading 's3://…' URL tables.
        DFStatement::Statement(_) => (s3_url_tables(sql), vec![]),
        _ => return Ok(()),
    };
    let mut aws = Vec::new();
    for (key, value) in &raw_options {
        if key.to_ascii_lowercase().starts_with("aws.") {
            let Some(value) = value_text(value) else {
                return plan_err!("S3 option '{key}' must be a string, got {value}");
            };
            check_aws_option(key, &value)?;
            aws.push((key.clone(), value));
        }
    }
    let mut buckets = Vec::new();
    for location in &locations {
        match Url::parse(location) {
            Ok(url) if url.scheme() == S3_SCHEME => match s3_bucket(&url) {
                Some(bucket) if !bucket.is_empty() => {
                    buckets.push((url.clone(), bucket.to_string()))
                }
                _ => {
                    return plan_err!(
                        "S3 location '{location}' has no bucket: use s3://<bucket>/<path>"
                    );
                }
            },
            _ if !aws.is_empty() => {
                let keys: Vec<&str> = aws.iter().map(|(k, _)| k.as_str()).collect();
                return plan_err!(
                    "the options {} apply to s3:// locations only, but the location is '{location}'",
                    keys.join(", ")
                );
            }
            _ => {}
        }
    }
    if buckets.is_empty() {
        return Ok(());
    }
    register_object_stores(ctx)?;
    if aws.is_empty() {
        // The registry builds the bucket's store from the environment on first use.
        return Ok(());
    }
    let env = aws_options(ctx).map(|o| o.env).unwrap_or_default();
    for (url, bucket) in buckets {
        let store = build_s3_store(&bucket, &env, &aws)?;
        ctx.register_object_store(&url, store);
    }
    Ok(())
}

/// The text of an option value as DataFusion reads it.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => Some(s.clone()),
        Value::Number(..) | Value::Boolean(_) => Some(value.to_string()),
        _ => None,
    }
}
