//! The page of `dfsynth serve` in a real browser: the `dfsynth` binary serves it, Debian's
//! Chromium (driven by Playwright from the test venv; `.ci/run` installs both) opens it,
//! changes parameters, sees the preview and descriptor follow, sees SQL's own error next to
//! the field, and downloads GeoParquet and GeoJSON that GeoPandas then checks
//! (tests/browser/serve_page.py).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::common::geo::crate_dir;
use crate::common::python;

/// Kills the server when the test ends, passed or not.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_previews_validates_and_downloads_in_chromium() {
    let chromium = std::env::var("DFSYNTH_CHROMIUM").unwrap_or("/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "{chromium} is missing: install Debian's chromium package (`.ci/run` does)"
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_dfsynth"))
        .args(["serve", "--bind", "127.0.0.1:0", "--preview-rows", "100000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start dfsynth serve");
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("dfsynth serving on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_string();
    let ctx = crate::common::ctx(2, 8192);
    let expected = match ctx
        .sql("SELECT * FROM spider('diagonal', 20000, 0, 'percentage=2')")
        .await
    {
        Ok(_) => panic!("percentage=2 was accepted"),
        Err(e) => datafusion_synth::sql::error_text(&e),
    };
    let counted = crate::common::query(
        &ctx,
        "SELECT count(*) AS n FROM spider('diagonal', 20000, 0, 'percentage=0.3 format=xy') WHERE x = y",
    )
    .await;
    let on_diagonal =
        datafusion::arrow::util::display::array_value_to_string(counted[0].column(0), 0).unwrap();
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(python())
        .arg(crate_dir().join("tests/browser/serve_page.py"))
        .args([
            url.as_str(),
            out.path().to_str().unwrap(),
            expected.as_str(),
            on_diagonal.as_str(),
        ])
        .status()
        .expect("run tests/browser/serve_page.py");
    drop(server);
    assert!(
        status.success(),
        "tests/browser/serve_page.py failed (its output is above)"
    );
}
