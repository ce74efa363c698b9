//! A real interactive `dfsynth` session in a pseudo-terminal: a statement typed over several
//! lines, its table, `\d`, Ctrl-C on a long query (the prompt returns and the session goes
//! on), bad commands, the history file and `\q`; Ctrl-D also ends a session.

use std::process::Command;

use rexpect::session::{PtySession, spawn_command};

const PROMPT: &str = "dfsynth> ";

fn session(history: &std::path::Path) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dfsynth"));
    cmd.args(["--target-partitions", "2"])
        .env("DFSYNTH_HISTORY", history)
        .env("TERM", "xterm");
    let mut p = spawn_command(cmd, Some(60_000)).unwrap();
    p.exp_string("Type \\? for help").unwrap();
    p.exp_string(PROMPT).unwrap();
    p
}

#[test]
fn interactive_session() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history");
    let mut p = session(&history);

    // A statement over three lines: continuation prompts, then the table.
    p.send_line("SELECT id, x").unwrap();
    p.exp_string("...> ").unwrap();
    p.send_line("FROM spider('bit', 5, 1, 'digits=2 format=xy')")
        .unwrap();
    p.exp_string("...> ").unwrap();
    p.send_line("ORDER BY id;").unwrap();
    p.exp_string("| id | x ").unwrap();
    p.exp_regex(r"\| 5  \| [0-9.]+ +\|").unwrap();
    p.exp_string("5 rows").unwrap();
    p.exp_string(PROMPT).unwrap();

    // Bounded display of a huge table.
    p.send_line("SELECT id FROM spider('uniform', 1000000000000000);")
        .unwrap();
    p.exp_string("| 40 |").unwrap();
    p.exp_string("40 of 1,000,000,000,000,000 rows").unwrap();
    p.exp_string(PROMPT).unwrap();

    // A persistent table, listed by \d and described by \d NAME.
    p.send_line(
        "CREATE EXTERNAL TABLE pts STORED AS SPIDER LOCATION 'spider://pts' \
         OPTIONS ('distribution' 'gaussian', 'cardinality' '1000000000000', 'seed' '3');",
    )
    .unwrap();
    // A statement without output: wait for its echo first, so that the prompt matched is the
    // one after it (a redrawn earlier prompt also matches, and a line sent while the REPL is
    // still reading the statement was seen lost under load).
    p.exp_string("'seed' '3');").unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_line("\\d").unwrap();
    p.exp_regex(r"\| pts +\| synthetic +\| 1,000,000,000,000 +\| 3 +\| spider gaussian +\|")
        .unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_line("\\d pts").unwrap();
    p.exp_regex(r"\| geometry +\| Binary +\| NO +\| ").unwrap();
    p.exp_string("Rows: 1,000,000,000,000   Seed: 3").unwrap();
    p.exp_string("Dataset: spider('gaussian', 1000000000000, 3")
        .unwrap();
    p.exp_string(PROMPT).unwrap();

    // Tab completes function and table names.
    p.send("SELECT count(*) AS n FROM spid\t").unwrap();
    p.flush().unwrap();
    p.exp_string("spider").unwrap();
    p.send_line("('bit', 3) UNION ALL SELECT count(*) FROM pt\t ORDER BY n;")
        .unwrap();
    p.exp_string("| 3             |").unwrap();
    p.exp_string("| 1000000000000 |").unwrap();
    p.exp_string(PROMPT).unwrap();

    // Ctrl-C cancels a query that would run for hours; the session continues.
    p.send_line(
        "SELECT count(*) FROM (SELECT x FROM spider('gaussian', 1e12, 1, 'format=xy') WHERE x > 2);",
    )
    .unwrap();
    // The progress bar (stderr is the terminal) shows rows out of the exact total.
    p.exp_string("/1,000,000,000,000 rows").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("Error: statement cancelled (Ctrl-C)").unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_line("SELECT 40 + 2 AS answer;").unwrap();
    p.exp_string("| 42     |").unwrap();
    p.exp_string(PROMPT).unwrap();
    // \plot draws a query into a PNG and says where.
    p.send_line("\\plot SELECT * FROM spider('diagonal', 5000, 1)")
        .unwrap();
    let (_, line) = p.exp_regex(r"Drew 5000 rows into [^\r\n]+\.png").unwrap();
    let path = line.split_once(" into ").unwrap().1.trim().to_string();
    let png = std::fs::read(&path).unwrap();
    assert_eq!(&png[1..4], b"PNG", "{path}");
    std::fs::remove_file(&path).unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_line("\\plot SELECT 'a' AS s").unwrap();
    p.exp_string("Error: Error during planning: PNG: the query has no column to draw")
        .unwrap();
    p.exp_string(PROMPT).unwrap();

    // Ctrl-C while typing drops the unfinished statement.
    p.send_line("SELECT 'never'").unwrap();
    p.exp_string("...> ").unwrap();
    p.send_control('c').unwrap();
    p.exp_string(PROMPT).unwrap();

    // Bad input: one line each, the session goes on.
    p.send_line("\\nope").unwrap();
    p.exp_string("Error: unknown command '\\nope'; type \\? for the list of commands")
        .unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_line("\\format xml").unwrap();
    p.exp_string(
        "Error: \\format: invalid format 'xml'; allowed: table, csv, tsv, json, ndjson, vertical",
    )
    .unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_line("\\i /nonexistent/file.sql").unwrap();
    p.exp_string("Error: cannot read SQL file '/nonexistent/file.sql'")
        .unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_line("SELEC 1;").unwrap();
    p.exp_string("Error: SQL error: ParserError").unwrap();
    p.exp_string(PROMPT).unwrap();

    // \i runs a script; its first failing statement is named by its line.
    let script = dir.path().join("script.sql");
    std::fs::write(
        &script,
        "SELECT 'from the script' AS s;\n\nSELECT * FROM nowhere;\n",
    )
    .unwrap();
    p.send_line(&format!("\\i {}", script.display())).unwrap();
    p.exp_string("| from the script |").unwrap();
    p.exp_string("Error: Error during planning: table 'datafusion.public.nowhere' not found")
        .unwrap();
    p.exp_string(&format!(
        "at {}, line 3: SELECT * FROM nowhere",
        script.display()
    ))
    .unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_line("SHOW TABLES;").unwrap();
    p.exp_regex(r"\| datafusion +\| public +\| pts +\| BASE TABLE \|")
        .unwrap();
    p.exp_string(PROMPT).unwrap();

    // Settings.
    p.send_line("\\format csv").unwrap();
    p.exp_string("Output format is csv.").unwrap();
    p.send_line("\\maxrows 2").unwrap();
    p.exp_string("Showing at most 2 rows per result.").unwrap();
    p.send_line("SELECT id FROM spider('bit', 10, 1);").unwrap();
    p.exp_string("id\r\n1\r\n2\r\n(2 of 10 rows)").unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_line("\\timing on").unwrap();
    p.exp_string("Timing is on.").unwrap();
    p.send_line("SELECT 1 AS one;").unwrap();
    p.exp_regex(r"Time: [0-9]+\.[0-9]{3} ms").unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_line("\\?").unwrap();
    p.exp_string("\\maxrows [N]").unwrap();
    p.exp_string(PROMPT).unwrap();

    // Complete statements run at once; the unfinished rest waits for its `;`.
    p.send_line("SELECT 'one' AS first; SELECT 'two'").unwrap();
    p.exp_string("first\r\none\r\n").unwrap();
    p.exp_string("...> ").unwrap();
    p.send_line("AS second;").unwrap();
    p.exp_string("second\r\ntwo\r\n").unwrap();
    p.exp_string(PROMPT).unwrap();

    p.send_line("\\q").unwrap();
    p.exp_eof().unwrap();

    let saved = std::fs::read_to_string(&history).unwrap();
    assert!(
        saved.contains("SELECT 40 + 2 AS answer;"),
        "history file:\n{saved}"
    );
    assert!(saved.contains("\\d pts"), "history file:\n{saved}");
}

#[test]
fn ctrl_d_ends_the_session_and_history_is_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history");
    let mut p = session(&history);
    p.send_line("SELECT 'first session' AS s;").unwrap();
    p.exp_string("first session").unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();

    // Up-arrow in a new session brings the statement back from the history file.
    let mut p = session(&history);
    p.send("\x1b[A").unwrap();
    p.send_line("").unwrap();
    p.exp_string("| first session |").unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn ctrl_c_stops_a_script_with_exit_code_one() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dfsynth"));
    cmd.args([
        "-c",
        "SELECT 1 AS done",
        "-c",
        "SELECT count(*) FROM spider('uniform', 1000000000000) WHERE id % 7 = 8",
        "-c",
        "SELECT 2 AS never",
    ])
    .env("TERM", "xterm");
    let mut p = spawn_command(cmd, Some(60_000)).unwrap();
    p.exp_string("| done |").unwrap();
    // The progress bar on the terminal: the statement is running.
    p.exp_string("/1,000,000,000,000 rows").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("Error: statement cancelled (Ctrl-C)").unwrap();
    p.exp_string("at -c #2, line 1: SELECT count(*)").unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(!rest.contains("never"), "{rest}");
    // nix's WaitStatus (not re-exported by rexpect), e.g. `Exited(Pid(42), 1)`.
    let status = format!("{:?}", p.process().wait().unwrap());
    assert!(
        status.starts_with("Exited(") && status.ends_with(", 1)"),
        "{status}"
    );
}
