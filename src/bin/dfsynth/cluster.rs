//! `dfsynth scheduler` and `dfsynth executor`: the processes of a Ballista cluster that
//! carries this crate's codecs (feature `cluster`), with options named like Ballista's own
//! binaries.

use clap::{Args as ClapArgs, Subcommand};
use datafusion_synth::cluster::process::{
    ExecutorOptions, SchedulerOptions, run_executor, run_scheduler,
};

/// A cluster process to run instead of an SQL session.
#[derive(Debug, Subcommand)]
pub enum Role {
    /// Run a Ballista scheduler with datafusion-synth's codecs
    Scheduler(SchedulerArgs),
    /// Run a Ballista executor with datafusion-synth's codecs
    Executor(ExecutorArgs),
}

/// `dfsynth scheduler` options.
#[derive(Debug, ClapArgs)]
pub struct SchedulerArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    bind_host: String,
    /// gRPC port
    #[arg(long = "bind-port", alias = "port", default_value_t = 50050)]
    bind_port: u16,
    /// Host name executors and clients use to reach this scheduler
    #[arg(long, default_value = "localhost")]
    external_host: String,
    /// Seconds without a heartbeat after which an executor is lost and its tasks rescheduled
    #[arg(long, default_value_t = 30)]
    executor_timeout_seconds: u64,
}

/// `dfsynth executor` options.
#[derive(Debug, ClapArgs)]
pub struct ExecutorArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    bind_host: String,
    /// Host name the scheduler and other executors use to reach this executor
    #[arg(long)]
    external_host: Option<String>,
    /// Arrow Flight port (shuffle data)
    #[arg(long = "bind-port", alias = "port", default_value_t = 50051)]
    bind_port: u16,
    /// gRPC port
    #[arg(long, default_value_t = 50052)]
    bind_grpc_port: u16,
    /// Scheduler host
    #[arg(long, default_value = "localhost")]
    scheduler_host: String,
    /// Scheduler port
    #[arg(long, default_value_t = 50050)]
    scheduler_port: u16,
    /// Task slots (tasks run at the same time); 0 means one per core
    #[arg(short = 'c', long, default_value_t = 0)]
    concurrent_tasks: usize,
    /// Directory for shuffle files (default: a new temporary directory)
    #[arg(long)]
    work_dir: Option<String>,
    /// Seconds between heartbeats to the scheduler
    #[arg(long, default_value_t = 5)]
    heartbeat_seconds: u64,
}

/// Runs `role` until the process ends. Ballista's log goes to stderr, filtered by
/// `RUST_LOG` (default `info`, as Ballista's own binaries; e.g. `RUST_LOG=warn` for less).
pub async fn run(role: Role) -> datafusion::common::Result<()> {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"))
        .try_init()
        .ok();
    match role {
        Role::Scheduler(a) => {
            eprintln!(
                "dfsynth scheduler listening on {}:{}",
                a.bind_host, a.bind_port
            );
            run_scheduler(SchedulerOptions {
                bind_host: a.bind_host,
                port: a.bind_port,
                external_host: a.external_host,
                executor_timeout_seconds: a.executor_timeout_seconds,
            })
            .await
        }
        Role::Executor(a) => {
            eprintln!(
                "dfsynth executor on {}:{} (gRPC {}), scheduler {}:{}",
                a.bind_host, a.bind_port, a.bind_grpc_port, a.scheduler_host, a.scheduler_port
            );
            let defaults = ExecutorOptions::default();
            run_executor(ExecutorOptions {
                bind_host: a.bind_host,
                external_host: a.external_host,
                port: a.bind_port,
                grpc_port: a.bind_grpc_port,
                scheduler_host: a.scheduler_host,
                scheduler_port: a.scheduler_port,
                concurrent_tasks: if a.concurrent_tasks == 0 {
                    defaults.concurrent_tasks
                } else {
                    a.concurrent_tasks
                },
                work_dir: a.work_dir,
                heartbeat_seconds: a.heartbeat_seconds,
            })
            .await
        }
    }
}
