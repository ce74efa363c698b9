//! A moto S3 server (from the pinned test venv of `scripts/geo-venv.sh`) on a free loopback
//! port, for the tests of `s3://` locations.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::python;

/// A moto S3 server on a free loopback port, killed when dropped.
pub struct Moto {
    child: Child,
    pub port: u16,
    log: tempfile::NamedTempFile,
}

impl Moto {
    /// Starts `python -m moto.server` with `env` added and waits (at most 30 s) until it answers.
    pub fn start(env: &[(&str, &str)]) -> Moto {
        let port = free_port();
        let log = tempfile::NamedTempFile::new().unwrap();
        let mut cmd = Command::new(python());
        cmd.args([
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(log.reopen().unwrap())
        .stderr(log.reopen().unwrap());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("cannot start moto.server");
        let mut moto = Moto { child, port, log };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = moto.child.try_wait() {
                panic!("moto.server exited with {status}:\n{}", moto.log_text());
            }
            if http(port, "GET", "/moto-api/data.json", "").is_some() {
                return moto;
            }
            assert!(
                Instant::now() < deadline,
                "moto.server did not answer on port {port} within 30 s:\n{}",
                moto.log_text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Creates `bucket` (path-style `PUT /bucket`).
    pub fn create_bucket(&self, bucket: &str) {
        let (status, body) = http(self.port, "PUT", &format!("/{bucket}"), "").unwrap();
        assert_eq!(status, 200, "creating bucket {bucket}: {body}");
    }

    /// The `OPTIONS (…)` entries that point a statement at this server.
    pub fn options(&self) -> String {
        options_for(&self.endpoint(), "test", "test")
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn options_for(endpoint: &str, key: &str, secret: &str) -> String {
    format!(
        "'aws.endpoint' '{endpoint}', 'aws.allow_http' 'true', 'aws.access_key_id' '{key}', \
         'aws.secret_access_key' '{secret}', 'aws.region' 'us-east-1'"
    )
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP/1.1 request to 127.0.0.1:`port`; `None` when nothing answers.
pub fn http(port: u16, method: &str, path: &str, body: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, out))
}
