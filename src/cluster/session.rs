//! Sessions with the codecs of this crate: the client context that runs every statement on a
//! cluster ([`cluster_context`]), and the session state the scheduler plans in
//! ([`scheduler_session_state`]).

use std::sync::Arc;

use ballista::prelude::SessionContextExt;
use ballista_core::config::BALLISTA_ADAPTIVE_PLANNER_ENABLED;
use ballista_core::extension::SessionConfigExt;
use ballista_core::utils::default_session_builder;
use datafusion::common::{DataFusionError, Result};
use datafusion::execution::{SessionState, SessionStateBuilder};
use datafusion::prelude::{SessionConfig, SessionContext};

use super::{ClusterScans, ParallelCopy, SynthLogicalCodec, SynthPhysicalCodec};

/// The URL scheme of a Ballista scheduler: `df://host:port`.
pub const SCHEME: &str = "df";

/// `config` with this crate's codecs (and Ballista's configuration extension).
pub fn with_codecs(config: SessionConfig) -> SessionConfig {
    config
        .upgrade_for_ballista()
        .with_ballista_logical_extension_codec(Arc::new(SynthLogicalCodec::default()))
        .with_ballista_physical_extension_codec(Arc::new(SynthPhysicalCodec::default()))
}

/// Checks a scheduler URL: `df://host[:port]` (port 50050 by default).
pub fn check_url(url: &str) -> Result<()> {
    let parsed = url::Url::parse(url).map_err(|e| {
        DataFusionError::Configuration(format!(
            "cluster: '{url}' is not a scheduler URL ({e}); expected df://host:port"
        ))
    })?;
    if parsed.scheme() != SCHEME {
        return Err(DataFusionError::Configuration(format!(
            "cluster: '{url}' has scheme '{}'; a scheduler URL is df://host:port",
            parsed.scheme()
        )));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(DataFusionError::Configuration(format!(
            "cluster: '{url}' names no host; expected df://host:port"
        )));
    }
    Ok(())
}

/// The session state of a cluster client: `config` with the codecs, and everything
/// [`register_all`](crate::register_all) installs.
pub fn cluster_session_state(config: SessionConfig) -> Result<SessionState> {
    let builder = SessionStateBuilder::new()
        .with_default_features()
        .with_config(with_codecs(config));
    Ok(with_s3(crate::with_synth(builder))?.build())
}

/// `builder` with `s3://` support (feature `s3`).
#[cfg(feature = "s3")]
fn with_s3(builder: SessionStateBuilder) -> Result<SessionStateBuilder> {
    crate::sql::with_object_stores(builder)
}

#[cfg(not(feature = "s3"))]
fn with_s3(builder: SessionStateBuilder) -> Result<SessionStateBuilder> {
    Ok(builder)
}

/// A context whose queries run on the Ballista scheduler at `url` (`df://host:port`), with
/// the tables, functions and codecs of this crate. DDL (including `CREATE SYNTHETIC TABLE`
/// through [`execute_sql`](crate::execute_sql)) registers tables in the client; queries and
/// `COPY` are planned by the scheduler and run on the executors. The scheduler and executors
/// must carry this crate's codecs (`dfsynth scheduler`, `dfsynth executor`).
///
/// Connecting is lazy: an unreachable scheduler is reported by the first query.
pub async fn cluster_context(url: &str, config: SessionConfig) -> Result<SessionContext> {
    check_url(url)?;
    SessionContext::remote_with_state(url, cluster_session_state(config)?).await
}

/// The session state a scheduler plans in: Ballista's, plus this crate's physical optimizer
/// rules, file formats and functions.
pub fn scheduler_session_state(config: SessionConfig) -> Result<SessionState> {
    let state = default_session_builder(with_codecs(config))?;
    let mut state = with_s3(crate::with_synth(SessionStateBuilder::new_from_existing(
        state,
    )))?
    .with_physical_optimizer_rule(Arc::new(ClusterScans))
    .with_physical_optimizer_rule(Arc::new(ParallelCopy))
    .build();
    // `new_from_existing` turns off creating the default catalog; the scheduler's sessions
    // need none (plans arrive resolved).
    let options = state.config_mut().options_mut();
    options.catalog.create_default_catalog_and_schema = true;
    // Ballista's adaptive planner (AQE) optimizes with a fixed list of rules, without
    // `ClusterScans`; its static planner uses the session's rules.
    options.set(BALLISTA_ADAPTIVE_PLANNER_ENABLED, "false")?;
    Ok(state)
}
