//! The `dfsynth` binary: `-c` and `-f` run statements in order and print tables; the first
//! failing statement stops the run with exit code 1 and one clear message.

use std::process::Command;

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
         in -c #2, statement 1: SELECT * FROM spider('diagonal', 10, 1, 'percentage=1.5')"
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
