//! Memory stays bounded on every output path of `dfsynth`, for queries over 10^9 rows, under
//! a process memory limit (`ulimit -v`): results printed to a pipe in every format (read
//! in part, then the pipe is closed: the process must end quietly with exit 0), and COPY to a
//! file and to a partitioned directory (which cannot finish within a test: they must keep
//! writing, under the limit, until stopped). A process that buffered its output would
//! exceed the limit and fail, or print nothing before the deadline.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The address-space limit (KiB): a few hundred MiB of data over what the runtime reserves
/// (thread stacks, the allocator's arenas) at start.
const LIMIT_KIB: u64 = 3 * 1024 * 1024;

/// `dfsynth args…` under the memory limit, stdout piped.
fn limited(args: &[&str]) -> Child {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_dfsynth"))
        .args(args)
        .env("MALLOC_ARENA_MAX", "2")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start dfsynth")
}

/// Waits at most `secs` for `child` to exit; kills it after that. The exit code, or `None`
/// when it had to be killed.
fn wait(child: &mut Child, secs: u64) -> Option<i32> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status.code().unwrap_or(-1));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn stderr_of(child: &mut Child) -> String {
    let mut s = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut s);
    }
    s
}

/// The resident memory of a running process, in MiB (`None` once it has exited).
fn rss_mib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// A 10^9-row result printed to a pipe, in every format: the reader takes 8 MiB and closes
/// the pipe; the process ends quietly (exit 0) under the memory limit.
#[test]
fn results_to_a_pipe_stream_in_every_format() {
    let query = "SELECT id, x, y FROM spider('uniform', 1000000000, 1, 'format=xy')";
    for format in ["table", "csv", "tsv", "json", "ndjson", "vertical"] {
        let mut child = limited(&["--format", format, "-c", query]);
        let mut out = child.stdout.take().unwrap();
        let mut buf = vec![0u8; 1 << 16];
        let mut read = 0usize;
        let start = Instant::now();
        while read < 8 << 20 {
            match out.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => read += n,
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "{format}: only {read} bytes in 120 s"
            );
        }
        assert!(
            read >= 8 << 20,
            "{format}: output ended after {read} bytes: {}",
            stderr_of(&mut child)
        );
        drop(out);
        let code = wait(&mut child, 60);
        let err = stderr_of(&mut child);
        assert_eq!(code, Some(0), "{format}: exit {code:?}, stderr: {err}");
        assert!(
            !err.contains("memory allocation") && !err.contains("panicked"),
            "{format}: {err}"
        );
    }
}

/// COPY of a 10^9-row table to a file and to a partitioned directory: still writing after
/// 20 s, the files growing, resident memory under the limit throughout.
#[test]
fn copies_of_a_billion_rows_write_under_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("points.parquet");
    let parts = dir.path().join("parts");
    let table = "CREATE SYNTHETIC TABLE big (id BIGINT GENERATED ALWAYS AS (sequence(0)) NOT NULL, k BIGINT GENERATED ALWAYS AS (uniform(0, 19)) NOT NULL, v DOUBLE GENERATED ALWAYS AS (normal(0, 1)) NOT NULL, s VARCHAR GENERATED ALWAYS AS (pattern('[A-Z]{8}')) NOT NULL) WITH (rows = 1000000000, seed = 1)";
    let copies = [
        format!(
            "COPY (SELECT * FROM spider('uniform', 1000000000)) TO '{}'",
            file.display()
        ),
        format!(
            "COPY big TO '{}/' STORED AS PARQUET PARTITIONED BY (k)",
            parts.display()
        ),
    ];
    for copy in copies {
        let mut child = limited(&["-q", "-c", table, "-c", &copy]);
        let pid = child.id();
        let start = Instant::now();
        let mut peak = 0;
        while start.elapsed() < Duration::from_secs(20) {
            if let Some(rss) = rss_mib(pid) {
                peak = peak.max(rss);
            }
            if let Some(status) = child.try_wait().unwrap() {
                panic!(
                    "{copy}: ended early with {status}: {}",
                    stderr_of(&mut child)
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let written: u64 = walk(dir.path());
        assert!(written > 1 << 20, "{copy}: only {written} bytes written");
        assert!(
            peak < LIMIT_KIB / 1024,
            "{copy}: resident {peak} MiB (limit {} MiB)",
            LIMIT_KIB / 1024
        );
        eprintln!("{copy}: peak resident {peak} MiB, {written} bytes in 20 s");
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Bytes of every file under `dir`.
fn walk(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk(&p)
            } else {
                e.metadata().map(|m| m.len()).unwrap_or(0)
            }
        })
        .sum()
}
