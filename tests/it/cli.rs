//! The `dfsynth` binary: `-c` and `-f` run statements in order and print tables; the first
//! failing statement stops the run with exit code 1 and one clear message.

use std::io::Write;
use std::process::{Command, Stdio};

fn dfsynth(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dfsynth"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn commands_print_result_tables() {
    let (code, out, err) = dfsynth(&[
        "-c",
        "SELECT count(*) AS n FROM spider('uniform', 1000000000000)",
        "-c",
        "SELECT id, x FROM spider('bit', 3, 1, 'digits=2 format=xy') ORDER BY id",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("| n             |"), "{out}");
    assert!(out.contains("| 1000000000000 |"), "{out}");
    assert!(out.contains("| id | x   |"), "{out}");
    assert_eq!(out.matches("\n| ").count(), 2 + 4, "{out}");
}

#[test]
fn files_run_every_statement() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("s.sql");
    let parquet = dir.path().join("p.parquet");
    std::fs::write(
        &script,
        format!(
            "CREATE EXTERNAL TABLE pts STORED AS SPIDER LOCATION 'spider://pts'\n  OPTIONS ('distribution' 'gaussian', 'cardinality' '1000', 'seed' '3');\n\
             COPY (SELECT * FROM pts) TO '{}';\n\
             SELECT count(*) AS copied FROM '{}';\n",
            parquet.display(),
            parquet.display()
        ),
    )
    .unwrap();
    let (code, out, err) = dfsynth(&["-f", script.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("| copied |") && out.contains("| 1000   |"),
        "{out}"
    );
}

#[test]
fn commands_and_files_run_in_the_order_given() {
    let dir = tempfile::tempdir().unwrap();
    let setup = dir.path().join("setup.sql");
    let out_file = dir.path().join("t.parquet");
    std::fs::write(
        &setup,
        "CREATE SYNTHETIC TABLE t (id BIGINT GENERATED ALWAYS AS (sequence(1)))\n  WITH (rows = 7);\n",
    )
    .unwrap();
    let copy = format!("COPY t TO '{}'", out_file.display());
    let count = format!("SELECT count(*) AS copied FROM '{}'", out_file.display());
    // -f before -c: the table exists when the COPY runs (psql's order, not "-c first").
    let (code, out, err) = dfsynth(&["-f", setup.to_str().unwrap(), "-c", &copy, "-c", &count]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("| 7      |"), "{out}");
    // -c before -f: the COPY fails, naming -c #1; the file never runs.
    let (code, _, err) = dfsynth(&["-c", &copy, "-f", setup.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("table 'datafusion.public.t' not found"),
        "{err}"
    );
    assert!(err.contains("at -c #1, line 1: COPY t TO"), "{err}");
    // A failing file statement names the file and its line, after the commands before it ran.
    let bad = dir.path().join("bad.sql");
    std::fs::write(&bad, "SELECT 1;\nSELECT nope;\n").unwrap();
    let (code, out, err) = dfsynth(&["-c", "SELECT 41 + 1 AS answer", "-f", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("| 42     |"), "{out}");
    assert!(
        err.contains(&format!("at {}, line 2: SELECT nope", bad.display())),
        "{err}"
    );
}

#[test]
fn errors_exit_with_code_one_and_a_clear_message() {
    let (code, out, err) = dfsynth(&[
        "-c",
        "SELECT 1 AS first",
        "-c",
        "SELECT * FROM spider('diagonal', 10, 1, 'percentage=1.5')",
        "-c",
        "SELECT 2 AS never",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("first") && !out.contains("never"), "{out}");
    assert_eq!(
        err.trim(),
        "Error: Error during planning: spider: invalid value for 'percentage': 1.5; allowed: a finite number in [0, 1]\n  \
         at -c #2, line 1: SELECT * FROM spider('diagonal', 10, 1, 'percentage=1.5')"
    );
    let (code, _, err) = dfsynth(&["-f", "/nonexistent/script.sql"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot read SQL file '/nonexistent/script.sql'"),
        "{err}"
    );
    let (code, _, err) = dfsynth(&["-c", "SELEC 1"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("Error: "), "{err}");
}

/// Runs dfsynth with `stdin` piped in.
fn dfsynth_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dfsynth"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn sql_piped_on_stdin_runs_as_a_script() {
    let script = "CREATE EXTERNAL TABLE pts STORED AS SPIDER LOCATION 'spider://pts'\n\
                  OPTIONS ('distribution' 'bit', 'cardinality' '7', 'seed' '1');\n\
                  SELECT count(*) AS n FROM pts;\n";
    let (code, out, err) = dfsynth_stdin(&[], script);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "+---+\n| n |\n+---+\n| 7 |\n+---+\n1 row\n");
    // The first failing statement stops the script, named by its line.
    let failing =
        format!("{script}SELECT 1 AS one;\n\nSELECT *\n  FROM missing;\nSELECT 2 AS never;\n");
    let (code, out, err) = dfsynth_stdin(&[], &failing);
    assert_eq!(code, 1);
    assert!(out.contains("| one |") && !out.contains("never"), "{out}");
    assert_eq!(
        err,
        "Error: Error during planning: table 'datafusion.public.missing' not found\n  \
         at <stdin>, line 6: SELECT * …\n"
    );
}

#[test]
fn failing_files_are_named_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.sql");
    let bad = dir.path().join("bad.sql");
    std::fs::write(&good, "SELECT 'g' AS g;").unwrap();
    std::fs::write(
        &bad,
        "-- header\nSELECT 1 AS ok;\nSELECT * FROM spider('nope', 10);\n",
    )
    .unwrap();
    let (code, out, err) = dfsynth(&["-f", good.to_str().unwrap(), "-f", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("| g |") && out.contains("| ok |"), "{out}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("Error: Error during planning: spider: "),
        "{err}"
    );
    assert_eq!(
        lines[1],
        format!(
            "  at {}, line 3: SELECT * FROM spider('nope', 10)",
            bad.display()
        )
    );
}

#[test]
fn csv_output_reads_back_as_the_same_values() {
    let sql = "SELECT id, x, y FROM spider('gaussian', 500, 11, 'format=xy') ORDER BY id";
    let (code, out, err) = dfsynth(&["--format", "csv", "-c", sql]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("id,x,y"));
    let rows: Vec<(i64, f64, f64)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 3, "{l}");
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 500);
    assert_eq!(
        rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        (1..=500).collect::<Vec<_>>()
    );
    // The same values, bit for bit, as the library produces.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (xs, ys) = rt.block_on(async {
        let ctx = datafusion::prelude::SessionContext::new();
        datafusion_synth::register_all(&ctx).unwrap();
        let batches = ctx.sql(sql).await.unwrap().collect().await.unwrap();
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for b in &batches {
            use datafusion::arrow::array::AsArray;
            use datafusion::arrow::datatypes::Float64Type;
            xs.extend(
                b.column(1)
                    .as_primitive::<Float64Type>()
                    .values()
                    .iter()
                    .copied(),
            );
            ys.extend(
                b.column(2)
                    .as_primitive::<Float64Type>()
                    .values()
                    .iter()
                    .copied(),
            );
        }
        (xs, ys)
    });
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.1.to_bits(), xs[i].to_bits(), "x of row {i}");
        assert_eq!(r.2.to_bits(), ys[i].to_bits(), "y of row {i}");
    }
}

#[test]
fn every_output_format() {
    let sql = "SELECT id, id * 2 AS twice FROM spider('bit', 3, 1) ORDER BY id";
    let run = |format: &str| {
        let (code, out, err) = dfsynth(&["--format", format, "-c", sql]);
        assert_eq!(code, 0, "{err}");
        out
    };
    assert_eq!(run("tsv"), "id\ttwice\n1\t2\n2\t4\n3\t6\n");
    assert_eq!(
        run("json"),
        "[{\"id\":1,\"twice\":2},{\"id\":2,\"twice\":4},{\"id\":3,\"twice\":6}]\n"
    );
    assert_eq!(
        run("ndjson"),
        "{\"id\":1,\"twice\":2}\n{\"id\":2,\"twice\":4}\n{\"id\":3,\"twice\":6}\n"
    );
    assert_eq!(
        run("vertical"),
        "-[ RECORD 1 ]-----\nid    | 1\ntwice | 2\n-[ RECORD 2 ]-----\nid    | 2\ntwice | 4\n\
         -[ RECORD 3 ]-----\nid    | 3\ntwice | 6\n3 rows\n"
    );
    let (code, _, err) = dfsynth(&["--format", "xml", "-c", sql]);
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid format 'xml'; allowed: table, csv, tsv, json, ndjson, vertical"),
        "{err}"
    );
}

#[test]
fn max_rows_bounds_the_display_of_huge_tables() {
    let (code, out, err) = dfsynth(&[
        "--max-rows",
        "5",
        "-c",
        "SELECT id FROM spider('uniform', 1000000000000000)",
        "-c",
        "SELECT id FROM spider('uniform', 1000000000000000, 1, 'format=xy') WHERE x < 0.5",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("| 5  |\n+----+\n5 of 1,000,000,000,000,000 rows\n"),
        "{out}"
    );
    assert!(out.ends_with("first 5 rows\n"), "{out}");
    // Data formats keep stdout parseable: the row-count note goes to stderr.
    let (code, out, err) = dfsynth(&[
        "--max-rows",
        "2",
        "--format",
        "csv",
        "-c",
        "SELECT id FROM spider('uniform', 1000000000000)",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "id\n1\n2\n");
    assert_eq!(err, "(2 of 1,000,000,000,000 rows)\n");
}

#[test]
fn memory_limit_is_parsed_and_enforced() {
    let (code, _, err) = dfsynth(&["--memory-limit", "2X", "-c", "SELECT 1"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "invalid memory limit '2X'; accepted forms: a number of bytes (e.g. 1073741824) or a \
             number followed by K, M, G or T (powers of 1024), e.g. 512M, 2G, 1.5T"
        ),
        "{err}"
    );
    let sort =
        "SELECT x FROM spider('uniform', 2000000, 1, 'format=xy') ORDER BY x DESC LIMIT 2000000";
    let (code, _, err) = dfsynth(&["--memory-limit", "1K", "--format", "csv", "-c", sort]);
    assert_eq!(code, 1);
    assert!(err.contains("Resources exhausted"), "{err}");
    let (code, out, err) = dfsynth(&["--memory-limit", "2G", "-c", "SELECT 40 + 2 AS v"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("| 42 |"), "{out}");
}

#[test]
fn version_and_help() {
    let (code, out, _) = dfsynth(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(out, format!("dfsynth {}\n", env!("CARGO_PKG_VERSION")));
    let (code, out, _) = dfsynth(&["--help"]);
    assert_eq!(code, 0);
    for option in [
        "--command",
        "--file",
        "--format",
        "--quiet",
        "--target-partitions",
        "--batch-size",
        "--memory-limit",
        "--max-rows",
        "--version",
        "--help",
    ] {
        assert!(out.contains(option), "{option} missing from\n{out}");
    }
}

/// As a shell tool: a reader that stops early (`| head`) ends the run quietly with exit
/// code 0 in every streaming output format, `-f -` reads the script from standard input, and a
/// backslash command in a script is a clear error (it is the REPL's).
#[test]
fn pipes_stdin_scripts_and_backslash_commands() {
    for format in ["csv", "tsv", "json", "ndjson"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dfsynth"))
            .args([
                "--format",
                format,
                "-c",
                "SELECT * FROM spider('uniform', 1e8, 1, 'format=xy')",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read a little, then close the pipe as `head` does.
        let mut first = [0u8; 64];
        let mut stdout = child.stdout.take().unwrap();
        std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{format}: {err}");
        assert!(!err.contains("Broken pipe"), "{format}: {err}");
    }
    let (code, out, err) = dfsynth_stdin(&["-f", "-"], "SELECT 41 + 1 AS answer;\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("| 42     |"), "{out}");
    let (code, _, err) = dfsynth(&["-c", "\\d t"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "Error: Error during planning: backslash commands such as \\d run in the interactive session only; in a script use SQL: SHOW TABLES, SHOW COLUMNS FROM t, SHOW CREATE TABLE t\n  at -c #1, line 1: \\d t\n"
    );
}
