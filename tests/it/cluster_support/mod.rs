//! A Ballista cluster of real OS processes on loopback for the tests: one `dfsynth scheduler`
//! and `dfsynth executor`s on free ports, each with its own work dir, killed when dropped.

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use datafusion::prelude::{SessionConfig, SessionContext};

/// A free TCP port on loopback (bound and released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, what: &str, timeout: Duration) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < timeout,
            "{what} did not listen on port {port} within {timeout:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The running processes.
pub struct Cluster {
    pub scheduler_port: u16,
    scheduler: Child,
    executors: Vec<Option<Child>>,
    pub dir: tempfile::TempDir,
}

impl Cluster {
    /// A scheduler (executors lost after `executor_timeout` s without heartbeat) and
    /// `executors` executors with one task slot each, heartbeating every second.
    pub fn start(executors: usize, executor_timeout: u64) -> Cluster {
        Self::start_with_env(executors, executor_timeout, &[])
    }

    /// [`Cluster::start`] with `env` added to every process's environment.
    pub fn start_with_env(
        executors: usize,
        executor_timeout: u64,
        env: &[(String, String)],
    ) -> Cluster {
        let bin = env!("CARGO_BIN_EXE_dfsynth");
        let dir = tempfile::tempdir().unwrap();
        let scheduler_port = free_port();
        let scheduler = Command::new(bin)
            .args(["scheduler", "--bind-port", &scheduler_port.to_string()])
            .args(["--executor-timeout-seconds", &executor_timeout.to_string()])
            .envs(env.iter().cloned())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start dfsynth scheduler");
        let mut cluster = Cluster {
            scheduler_port,
            scheduler,
            executors: vec![],
            dir,
        };
        wait_for_port(scheduler_port, "the scheduler", Duration::from_secs(30));
        for i in 0..executors {
            let (flight, grpc) = (free_port(), free_port());
            let work = cluster.dir.path().join(format!("executor-{i}"));
            std::fs::create_dir_all(&work).unwrap();
            let child = Command::new(bin)
                .args(["executor", "--scheduler-port", &scheduler_port.to_string()])
                .args(["--bind-port", &flight.to_string()])
                .args(["--bind-grpc-port", &grpc.to_string()])
                .args(["--concurrent-tasks", "1", "--heartbeat-seconds", "1"])
                .arg("--work-dir")
                .arg(&work)
                .envs(env.iter().cloned())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("cannot start dfsynth executor");
            cluster.executors.push(Some(child));
            wait_for_port(flight, "an executor", Duration::from_secs(30));
            wait_for_port(grpc, "an executor", Duration::from_secs(30));
        }
        // Executors register with their first heartbeat.
        std::thread::sleep(Duration::from_secs(2));
        cluster
    }

    /// The scheduler URL.
    pub fn url(&self) -> String {
        format!("df://localhost:{}", self.scheduler_port)
    }

    /// A client context on this cluster.
    pub async fn client(&self, partitions: usize) -> SessionContext {
        let config = SessionConfig::new().with_target_partitions(partitions);
        datafusion_synth::cluster::cluster_context(&self.url(), config)
            .await
            .unwrap()
    }

    /// Kills executor `i` with SIGKILL (no goodbye to the scheduler).
    pub fn kill_executor(&mut self, i: usize) {
        if let Some(mut c) = self.executors[i].take() {
            c.kill().unwrap();
            c.wait().unwrap();
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for c in self.executors.iter_mut().flatten() {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = self.scheduler.kill();
        let _ = self.scheduler.wait();
    }
}
