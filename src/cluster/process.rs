//! The scheduler and executor processes of a cluster, carrying this crate's codecs and
//! session state: what `dfsynth scheduler` and `dfsynth executor` run. Configured like
//! Ballista's own binaries (bind address, ports, scheduler address, task slots, work dir).

use std::net::SocketAddr;
use std::sync::Arc;

use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use datafusion::common::{DataFusionError, Result};

use super::session::scheduler_session_state;
use super::{SynthLogicalCodec, SynthPhysicalCodec};

/// Options of a scheduler process.
#[derive(Debug, Clone)]
pub struct SchedulerOptions {
    /// The address to listen on (default `127.0.0.1`).
    pub bind_host: String,
    /// The gRPC port (default 50050).
    pub port: u16,
    /// The host name executors and clients use to reach this scheduler.
    pub external_host: String,
    /// Seconds without a heartbeat after which an executor is considered lost and its
    /// tasks are rescheduled (default 30).
    pub executor_timeout_seconds: u64,
}

impl Default for SchedulerOptions {
    fn default() -> Self {
        SchedulerOptions {
            bind_host: "127.0.0.1".to_string(),
            port: 50050,
            external_host: "localhost".to_string(),
            executor_timeout_seconds: 30,
        }
    }
}

/// Options of an executor process.
#[derive(Debug, Clone)]
pub struct ExecutorOptions {
    /// The address to listen on (default `127.0.0.1`).
    pub bind_host: String,
    /// The host name the scheduler and other executors use to reach this one.
    pub external_host: Option<String>,
    /// The Arrow Flight port serving shuffle data (default 50051).
    pub port: u16,
    /// The gRPC port (default 50052).
    pub grpc_port: u16,
    /// The scheduler's host (default `localhost`).
    pub scheduler_host: String,
    /// The scheduler's port (default 50050).
    pub scheduler_port: u16,
    /// Task slots: tasks run at the same time (default: the number of cores).
    pub concurrent_tasks: usize,
    /// Where shuffle files go (default: a new temporary directory).
    pub work_dir: Option<String>,
    /// Seconds between heartbeats to the scheduler (default 5).
    pub heartbeat_seconds: u64,
}

impl Default for ExecutorOptions {
    fn default() -> Self {
        ExecutorOptions {
            bind_host: "127.0.0.1".to_string(),
            external_host: None,
            port: 50051,
            grpc_port: 50052,
            scheduler_host: "localhost".to_string(),
            scheduler_port: 50050,
            concurrent_tasks: std::thread::available_parallelism().map_or(1, |n| n.get()),
            work_dir: None,
            heartbeat_seconds: 5,
        }
    }
}

fn ballista_error(e: impl std::fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("cluster: {e}"))
}

/// Runs a scheduler until the process ends.
pub async fn run_scheduler(options: SchedulerOptions) -> Result<()> {
    let addr: SocketAddr = format!("{}:{}", options.bind_host, options.port)
        .parse()
        .map_err(|e| {
            DataFusionError::Configuration(format!(
                "scheduler: bind address '{}:{}' is not a socket address: {e}",
                options.bind_host, options.port
            ))
        })?;
    let config = SchedulerConfig {
        bind_host: options.bind_host.clone(),
        bind_port: options.port,
        external_host: options.external_host.clone(),
        executor_timeout_seconds: options.executor_timeout_seconds,
        expire_dead_executor_interval_seconds: options.executor_timeout_seconds.clamp(1, 15),
        no_executors_grace_period_seconds: options.executor_timeout_seconds,
        override_logical_codec: Some(Arc::new(SynthLogicalCodec::default())),
        override_physical_codec: Some(Arc::new(SynthPhysicalCodec::default())),
        override_session_builder: Some(Arc::new(scheduler_session_state)),
        ..Default::default()
    };
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(ballista_error)?;
    start_server(cluster, addr, Arc::new(config))
        .await
        .map_err(ballista_error)
}

/// Runs an executor until the process ends (or the scheduler stops it).
pub async fn run_executor(options: ExecutorOptions) -> Result<()> {
    #[allow(unused_mut)]
    let mut config = ExecutorProcessConfig {
        bind_host: options.bind_host,
        external_host: options.external_host,
        port: options.port,
        grpc_port: options.grpc_port,
        scheduler_host: options.scheduler_host,
        scheduler_port: options.scheduler_port,
        vcores: options.concurrent_tasks,
        work_dir: options.work_dir,
        executor_heartbeat_interval_seconds: options.heartbeat_seconds,
        override_logical_codec: Some(Arc::new(SynthLogicalCodec::default())),
        override_physical_codec: Some(Arc::new(SynthPhysicalCodec::default())),
        ..Default::default()
    };
    // `s3://` paths: buckets configured from the executor's own AWS_* environment.
    #[cfg(feature = "s3")]
    {
        let work_dir = config.work_dir.clone();
        config.override_runtime_producer = Some(Arc::new(move |_| {
            let base = match &work_dir {
                Some(dir) => datafusion::execution::runtime_env::RuntimeEnvBuilder::new()
                    .with_temp_file_path(dir.clone())
                    .build()?,
                None => datafusion::execution::runtime_env::RuntimeEnv::default(),
            };
            crate::sql::object_store::s3_runtime_env_from(&base)
        }));
    }
    start_executor_process(Arc::new(config))
        .await
        .map_err(ballista_error)
}
