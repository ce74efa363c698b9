//! S3-compatible object stores (feature `s3`): `s3://bucket/…` locations in `COPY … TO`,
//! `CREATE EXTERNAL TABLE … LOCATION` and `SELECT … FROM 's3://…'`, configured from the
//! `AWS_*` environment and, per statement, from `aws.*` keys in `OPTIONS (…)` the way
//! datafusion-cli does it.
//!
//! [`register_object_stores`] (or [`with_object_stores`] on a [`SessionStateBuilder`]) installs
//! an [`S3ObjectStoreRegistry`], which builds a bucket's store from the environment on first
//! use, and the [`AwsOptions`] table-options namespace, which makes DataFusion accept `aws.*`
//! keys. [`execute_sql`](crate::execute_sql) then registers, before planning, a store built
//! from a statement's `aws.*` options for the bucket the statement names.

mod options;
mod registry;
mod session;
mod url_table;

pub use options::{AWS_OPTION_KEYS, AwsEnv, AwsOptions, MAX_RETRIES_LIMIT, check_aws_option};
pub use registry::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, RETRY_TIMEOUT, S3_SCHEME,
    S3ObjectStoreRegistry, build_s3_store, s3_bucket,
};
pub(crate) use session::prepare_s3_locations;
pub use session::{
    register_object_stores, register_object_stores_with_env, s3_runtime_env, s3_runtime_env_from,
    with_object_stores,
};
pub(crate) use url_table::explain_s3_table;
