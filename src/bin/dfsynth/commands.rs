//! The backslash commands of the interactive session: parsing (here) and their help text.

use std::path::PathBuf;

use datafusion_synth::repl::OutputFormat;

/// A parsed backslash command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `\?`: list the commands.
    Help,
    /// `\q`: leave the session.
    Quit,
    /// `\d` (all tables) or `\d NAME` (one table).
    Describe(Option<String>),
    /// `\timing [on|off]`: print each statement's time (no argument toggles).
    Timing(Option<bool>),
    /// `\format [FORMAT]`: set (or show) the output format.
    Format(Option<OutputFormat>),
    /// `\maxrows [N]`: set (or show) the rows shown per result; `Some(None)` shows all.
    MaxRows(Option<Option<usize>>),
    /// `\i FILE`: run a SQL script.
    Include(PathBuf),
    /// `\plot QUERY`: draw the query's rows into a PNG (`COPY … STORED AS PNG`).
    Plot(String),
}

/// The text printed by `\?`.
pub const HELP: &str = "\
Backslash commands:
  \\?                 this help
  \\q                 quit (Ctrl-D also quits)
  \\d                 list tables (synthetic tables with rows, seed and kind)
  \\d NAME            schema of a table; for a synthetic table each column's definition
                     and the dataset descriptor
  \\timing [on|off]   print the time of each statement (no argument: toggle)
  \\format [FORMAT]   output format: table, csv, tsv, json, ndjson or vertical
  \\maxrows [N]       rows shown per result (0 or all: every row)
  \\i FILE            run the SQL statements of FILE
  \\plot QUERY        draw the rows of QUERY (geometry, x/y or one numeric column) into a
                     PNG in the temporary directory and print its path
SQL statements end with ';' and may span lines. Ctrl-C cancels the running statement
(or clears the input being typed).";

/// The command names, for completion.
pub const NAMES: [&str; 9] = [
    "\\?",
    "\\q",
    "\\d",
    "\\timing",
    "\\format",
    "\\maxrows",
    "\\i",
    "\\help",
    "\\plot",
];

/// Parses a line starting with `\`. Errors are one line naming the command, the value and
/// what is allowed.
pub fn parse(line: &str) -> Result<Command, String> {
    let line = line.trim().trim_end_matches(';').trim_end();
    let (name, arg) = match line.split_once(char::is_whitespace) {
        Some((name, arg)) => (name, Some(arg.trim()).filter(|a| !a.is_empty())),
        None => (line, None),
    };
    let no_arg = |command: Command| match arg {
        None => Ok(command),
        Some(a) => Err(format!("{name} takes no argument (got '{a}')")),
    };
    match name {
        "\\?" | "\\h" | "\\help" => no_arg(Command::Help),
        "\\q" | "\\quit" => no_arg(Command::Quit),
        "\\d" => Ok(Command::Describe(arg.map(str::to_string))),
        "\\timing" => match arg.map(str::to_ascii_lowercase).as_deref() {
            None => Ok(Command::Timing(None)),
            Some("on") => Ok(Command::Timing(Some(true))),
            Some("off") => Ok(Command::Timing(Some(false))),
            Some(_) => Err(format!(
                "invalid value for \\timing: '{}'; allowed: on, off (or nothing to toggle)",
                arg.unwrap_or_default()
            )),
        },
        "\\format" => match arg {
            None => Ok(Command::Format(None)),
            Some(a) => a
                .parse()
                .map(|f| Command::Format(Some(f)))
                .map_err(|e| format!("\\format: {e}")),
        },
        "\\maxrows" => match arg {
            None => Ok(Command::MaxRows(None)),
            Some(a) if a.eq_ignore_ascii_case("all") => Ok(Command::MaxRows(Some(None))),
            Some(a) => match a.parse::<usize>() {
                Ok(0) => Ok(Command::MaxRows(Some(None))),
                Ok(n) => Ok(Command::MaxRows(Some(Some(n)))),
                Err(_) => Err(format!(
                    "invalid value for \\maxrows: '{a}'; allowed: a number of rows, or 0 or all \
                     for every row"
                )),
            },
        },
        "\\i" => match arg {
            Some(path) => Ok(Command::Include(PathBuf::from(path))),
            None => Err("\\i needs a file name: \\i FILE".to_string()),
        },
        "\\plot" => match arg {
            Some(query) => Ok(Command::Plot(query.to_string())),
            None => Err("\\plot needs a query: \\plot SELECT …".to_string()),
        },
        _ => Err(format!(
            "unknown command '{name}'; type \\? for the list of commands"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_command() {
        assert_eq!(parse("\\?"), Ok(Command::Help));
        assert_eq!(parse("  \\q  "), Ok(Command::Quit));
        assert_eq!(parse("\\d"), Ok(Command::Describe(None)));
        assert_eq!(
            parse("\\plot SELECT x, y FROM t;"),
            Ok(Command::Plot("SELECT x, y FROM t".into()))
        );
        assert!(parse("\\plot").unwrap_err().contains("needs a query"));
        assert_eq!(parse("\\d pts;"), Ok(Command::Describe(Some("pts".into()))));
        assert_eq!(parse("\\timing"), Ok(Command::Timing(None)));
        assert_eq!(parse("\\timing ON"), Ok(Command::Timing(Some(true))));
        assert_eq!(parse("\\timing off"), Ok(Command::Timing(Some(false))));
        assert_eq!(parse("\\format"), Ok(Command::Format(None)));
        assert_eq!(
            parse("\\format vertical"),
            Ok(Command::Format(Some(OutputFormat::Vertical)))
        );
        assert_eq!(parse("\\maxrows 10"), Ok(Command::MaxRows(Some(Some(10)))));
        assert_eq!(parse("\\maxrows 0"), Ok(Command::MaxRows(Some(None))));
        assert_eq!(parse("\\maxrows all"), Ok(Command::MaxRows(Some(None))));
        assert_eq!(parse("\\i a b.sql"), Ok(Command::Include("a b.sql".into())));
    }

    #[test]
    fn bad_commands_say_what_is_allowed() {
        assert_eq!(
            parse("\\x").unwrap_err(),
            "unknown command '\\x'; type \\? for the list of commands"
        );
        assert_eq!(
            parse("\\format xml").unwrap_err(),
            "\\format: invalid format 'xml'; allowed: table, csv, tsv, json, ndjson, vertical"
        );
        assert_eq!(
            parse("\\timing maybe").unwrap_err(),
            "invalid value for \\timing: 'maybe'; allowed: on, off (or nothing to toggle)"
        );
        assert_eq!(
            parse("\\maxrows -3").unwrap_err(),
            "invalid value for \\maxrows: '-3'; allowed: a number of rows, or 0 or all for every row"
        );
        assert_eq!(parse("\\i").unwrap_err(), "\\i needs a file name: \\i FILE");
        assert_eq!(
            parse("\\q now").unwrap_err(),
            "\\q takes no argument (got 'now')"
        );
    }
}
