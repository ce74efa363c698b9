//! `dfsynth serve`: the local web page (feature `serve`). The `-c`/`-f` scripts given before
//! the subcommand run first, so the tables they declare can be previewed and downloaded.

use std::net::SocketAddr;

use clap::Args as ClapArgs;
use datafusion::common::Result;
use datafusion::prelude::SessionContext;
use datafusion_synth::serve::{ServeOptions, serve};

/// `dfsynth serve` options.
#[derive(Debug, ClapArgs)]
pub struct ServeArgs {
    /// Address to listen on; the default serves this machine only (the page has no login)
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Accept SQL queries from the page (never statements that write); off by default
    #[arg(long)]
    allow_sql: bool,
    /// Rows drawn by a preview (the first rows of the dataset)
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..))]
    preview_rows: u64,
    /// Downloads running at once (more are refused with HTTP 429)
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..))]
    max_downloads: u64,
}

/// Serves until Ctrl-C.
pub async fn run(ctx: SessionContext, args: ServeArgs) -> Result<()> {
    if !args.bind.ip().is_loopback() {
        eprintln!(
            "warning: serving on {}, reachable from other machines; the page has no login",
            args.bind
        );
    }
    let options = ServeOptions {
        bind: args.bind,
        allow_sql: args.allow_sql,
        preview_rows: usize::try_from(args.preview_rows).unwrap_or(usize::MAX),
        max_downloads: usize::try_from(args.max_downloads).unwrap_or(usize::MAX),
        ..ServeOptions::default()
    };
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    serve(
        ctx,
        options,
        |addr| {
            // The first line on stdout, for scripts that start the server on port 0.
            println!("dfsynth serving on http://{addr}/");
        },
        shutdown,
    )
    .await
}
