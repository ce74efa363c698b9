//! `dfsynth serve`: a local web page to design, preview and download datasets, served by
//! axum with its page embedded in the binary. A form for every Spider distribution and its
//! parameters (TPC-H, TPC-DS and the session's tables by name; queries only when allowed);
//! a live preview drawn by [`crate::render`]; the dataset descriptor and the equivalent SQL;
//! downloads streamed at any size (Parquet/GeoParquet, CSV, JSON lines, GeoJSON, WKT) with
//! their progress. See docs/serve.md.
//!
//! Safe by default: it binds to loopback, accepts no query text unless started with
//! `--allow-sql` (and then only queries, never statements that write), takes no server-side
//! path, limits request size, previews and downloads running at once, and stops a download's
//! generation when its client goes away.
//!
//! Depends on `repl`, `sql`, `render` and the layers below them; never on `cluster` or the
//! binary.

mod api;
mod dataset;
mod download;
mod geotext;
mod page;
mod sink;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use datafusion::common::{DataFusionError, Result};
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::prelude::SessionContext;
use tokio::sync::Semaphore;

pub use dataset::{BadRequest, Dataset, MAX_SQL_LEN};
pub use download::{FORMATS, Format};
pub use geotext::{GeoText, TextFormat};
pub use sink::{SINK_URL, SinkStore};

/// Longest accepted request URI (bytes): a query of [`MAX_SQL_LEN`] percent-encoded fits, and
/// it stays below hyper's own limit (65,534), which answers with an empty 414.
pub const MAX_URI_LEN: usize = 3 * MAX_SQL_LEN + 4096;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen (default `127.0.0.1:8080`: this machine only).
    pub bind: SocketAddr,
    /// Accept query text (`kind=sql`); off by default.
    pub allow_sql: bool,
    /// Rows drawn by a preview (the first rows of the dataset).
    pub preview_rows: usize,
    /// Previews rendered at once (more wait).
    pub max_previews: usize,
    /// Downloads running at once (more are refused with HTTP 429).
    pub max_downloads: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            allow_sql: false,
            preview_rows: 1_000_000,
            max_previews: 2,
            max_downloads: 4,
        }
    }
}

/// What the handlers share.
pub struct Server {
    ctx: SessionContext,
    options: ServeOptions,
    sink: Arc<SinkStore>,
    downloads: Arc<download::Downloads>,
    downloads_allowed: Arc<Semaphore>,
    previews: Semaphore,
}

/// The page and its API over `ctx` (a session with this crate registered, and any tables
/// the user declared): a router to serve, or to nest in an application's own.
pub fn router(ctx: SessionContext, options: ServeOptions) -> Result<Router> {
    let sink = Arc::new(SinkStore::default());
    let url = ObjectStoreUrl::parse(SINK_URL)?;
    ctx.register_object_store(url.as_ref(), Arc::clone(&sink) as _);
    let server = Arc::new(Server {
        downloads_allowed: Arc::new(Semaphore::new(options.max_downloads.max(1))),
        previews: Semaphore::new(options.max_previews.max(1)),
        ctx,
        options,
        sink,
        downloads: Arc::default(),
    });
    Ok(Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/api/form", get(api::form))
        .route("/api/dataset", get(api::dataset))
        .route("/api/preview.png", get(api::preview))
        .route("/api/download", get(api::download))
        .route("/api/downloads", get(api::downloads))
        .fallback(not_found)
        .layer(middleware::from_fn(limit_uri))
        .with_state(server))
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "no such page").into_response()
}

/// Refuses requests whose URI is longer than [`MAX_URI_LEN`] and request bodies (every
/// endpoint is a GET).
async fn limit_uri(request: Request, next: Next) -> Response {
    let len = request.uri().to_string().len();
    if len > MAX_URI_LEN {
        return (
            StatusCode::URI_TOO_LONG,
            format!("the request URI is {len} bytes long; at most {MAX_URI_LEN} are accepted"),
        )
            .into_response();
    }
    let has_body = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v != "0");
    if has_body {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "requests carry no body: every parameter goes in the query string",
        )
            .into_response();
    }
    next.run(request).await
}

/// Serves the page on `options.bind` until `shutdown` completes; `ready` receives the
/// address actually bound (useful with port 0).
pub async fn serve(
    ctx: SessionContext,
    options: ServeOptions,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let bind = options.bind;
    let app = router(ctx, options)?;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| DataFusionError::Execution(format!("serve: cannot listen on {bind}: {e}")))?;
    let local = listener.local_addr()?;
    ready(local);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| DataFusionError::Execution(format!("serve: {e}")))
}
