//! Downloads: a dataset streamed to the client in a file format, at any size, without
//! touching the server's disk. Parquet (GeoParquet for geometry columns), CSV and JSON lines
//! go through DataFusion's own `COPY` writers into the [`SinkStore`]; GeoJSON and WKT through
//! [`GeoText`]. Each running download is listed with its progress (rows generated of rows in
//! all); a client that goes away cancels it, and with it the generation.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use datafusion::common::{DataFusionError, Result};
use datafusion::datasource::file_format::format_as_file_type;
use datafusion::logical_expr::LogicalPlanBuilder;
use datafusion::object_store::path::Path;
use datafusion::physical_plan::{ExecutionPlan, collect, execute_stream};
use datafusion::prelude::{DataFrame, SessionContext};
use futures::{Stream, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{OwnedSemaphorePermit, mpsc};
use tokio::task::JoinHandle;

use super::geotext::{GeoText, TextFormat};
use super::sink::{Chunk, SINK_URL, SinkStore};
use crate::repl::PlanProgress;

/// The download formats, as the `output` parameter names them.
pub const FORMATS: [&str; 5] = ["parquet", "csv", "ndjson", "geojson", "wkt"];

/// One download format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Parquet,
    Csv,
    Ndjson,
    GeoJson,
    Wkt,
}

impl Format {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "parquet" | "geoparquet" => Self::Parquet,
            "csv" => Self::Csv,
            "ndjson" | "jsonl" | "json" => Self::Ndjson,
            "geojson" => Self::GeoJson,
            "wkt" => Self::Wkt,
            _ => return None,
        })
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Parquet => "parquet",
            Self::Csv => "csv",
            Self::Ndjson => "ndjson",
            Self::GeoJson => "geojson",
            Self::Wkt => "wkt",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Parquet => "application/vnd.apache.parquet",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Ndjson => "application/x-ndjson",
            Self::GeoJson => "application/geo+json",
            Self::Wkt => "text/plain; charset=utf-8",
        }
    }

    /// The registered file format `COPY` writes this with (`None`: a text format of ours).
    fn copy_format(self) -> Option<&'static str> {
        match self {
            Self::Parquet => Some("parquet"),
            Self::Csv => Some("csv"),
            Self::Ndjson => Some("json"),
            Self::GeoJson | Self::Wkt => None,
        }
    }
}

/// A running download, as `/api/downloads` lists it.
#[derive(Debug)]
struct Running {
    name: String,
    format: Format,
    progress: PlanProgress,
    bytes: Arc<AtomicU64>,
}

/// The running downloads.
#[derive(Debug, Default)]
pub struct Downloads {
    next: AtomicU64,
    running: Mutex<BTreeMap<u64, Running>>,
}

impl Downloads {
    /// Each running download: id, file name, format, rows generated, rows in all, bytes sent.
    pub fn json(&self) -> Value {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        Value::Array(
            running
                .iter()
                .map(|(id, r)| {
                    json!({
                        "id": id,
                        "name": r.name,
                        "format": r.format.extension(),
                        "rows_done": r.progress.rows_done(),
                        "rows_total": r.progress.total_rows(),
                        "bytes": r.bytes.load(Ordering::Relaxed),
                    })
                })
                .collect(),
        )
    }
}

/// Ends a download when dropped (finished, failed or cancelled): stops its generation,
/// forgets its route and its progress, and frees its place.
struct Finish {
    id: u64,
    downloads: Arc<Downloads>,
    sink: Arc<SinkStore>,
    path: Path,
    task: JoinHandle<Result<()>>,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Finish {
    fn drop(&mut self) {
        self.task.abort();
        self.sink.close(&self.path);
        self.downloads
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.id);
    }
}

/// A started download: its id and the body stream.
pub struct Started {
    pub id: u64,
    pub body: std::pin::Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send>>,
}

fn io_error(e: DataFusionError) -> std::io::Error {
    std::io::Error::other(crate::sql::error_text(&e))
}

/// Plans `df` for `format` (errors here become HTTP 400) and starts it.
pub async fn start(
    ctx: &SessionContext,
    df: DataFrame,
    format: Format,
    name: String,
    downloads: Arc<Downloads>,
    sink: Arc<SinkStore>,
    permit: OwnedSemaphorePermit,
) -> Result<Started> {
    let id = downloads.next.fetch_add(1, Ordering::Relaxed);
    let file = format!("{id}/{name}");
    let path = Path::from(file.as_str());
    let bytes = Arc::new(AtomicU64::new(0));
    let (plan, task, rx): (Arc<dyn ExecutionPlan>, _, _) = match format.copy_format() {
        Some(ext) => {
            let state = ctx.state();
            let factory = state.get_file_format_factory(ext).ok_or_else(|| {
                DataFusionError::Plan(format!("no '{ext}' file format in the session"))
            })?;
            let (state, plan) = df.into_parts();
            let copy = LogicalPlanBuilder::copy_to(
                plan,
                format!("{SINK_URL}{file}"),
                format_as_file_type(factory),
                HashMap::new(),
                vec![],
            )?
            .build()?;
            let plan = DataFrame::new(state, copy).create_physical_plan().await?;
            let rx = sink.open(&path);
            let (run, task_ctx) = (Arc::clone(&plan), ctx.task_ctx());
            let task = tokio::spawn(async move { collect(run, task_ctx).await.map(|_| ()) });
            (plan, task, Receiver::Sink(rx))
        }
        None => {
            let text = match format {
                Format::GeoJson => TextFormat::GeoJson,
                _ => TextFormat::Wkt,
            };
            let plan = df.create_physical_plan().await?;
            let mut writer = GeoText::try_new(&plan.schema(), text)?;
            let (tx, rx) = mpsc::channel::<Result<Bytes>>(4);
            let (run, task_ctx) = (Arc::clone(&plan), ctx.task_ctx());
            let task = tokio::spawn(async move {
                let mut stream = execute_stream(run, task_ctx)?;
                let head = writer.head();
                if !head.is_empty()
                    && tx
                        .send(Ok(Bytes::from_static(head.as_bytes())))
                        .await
                        .is_err()
                {
                    return Ok(());
                }
                while let Some(batch) = stream.next().await {
                    let mut out = String::new();
                    let written = batch.and_then(|b| writer.write(&b, &mut out));
                    let failed = written.is_err();
                    if tx.send(written.map(|()| Bytes::from(out))).await.is_err() || failed {
                        return Ok(());
                    }
                }
                let tail = writer.tail();
                let _ = tx.send(Ok(Bytes::from_static(tail.as_bytes()))).await;
                Ok(())
            });
            (plan, task, Receiver::Text(rx))
        }
    };
    downloads
        .running
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(
            id,
            Running {
                name,
                format,
                progress: PlanProgress::new(&plan),
                bytes: Arc::clone(&bytes),
            },
        );
    let finish = Finish {
        id,
        downloads,
        sink,
        path,
        task,
        _permit: permit,
    };
    Ok(Started {
        id,
        body: Box::pin(body(rx, finish, bytes)),
    })
}

/// Where a download's bytes come from.
enum Receiver {
    Sink(mpsc::UnboundedReceiver<Chunk>),
    Text(mpsc::Receiver<Result<Bytes>>),
}

/// The body: the file's bytes in order, then the end, or an error (which aborts the
/// response, so the client sees a failed download rather than a short file).
fn body(
    rx: Receiver,
    finish: Finish,
    bytes: Arc<AtomicU64>,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send {
    struct State {
        rx: Receiver,
        finish: Option<Finish>,
        ack: Option<tokio::sync::oneshot::Sender<()>>,
        bytes: Arc<AtomicU64>,
    }
    let state = State {
        rx,
        finish: Some(finish),
        ack: None,
        bytes,
    };
    futures::stream::unfold(state, |mut s| async move {
        // The previous part reached the connection: let its writer go on.
        if let Some(ack) = s.ack.take() {
            let _ = ack.send(());
        }
        let next = match &mut s.rx {
            Receiver::Sink(rx) => match rx.recv().await {
                Some(Chunk::Part(b, ack)) => {
                    s.ack = Some(ack);
                    Some(Ok(b))
                }
                Some(Chunk::End) | None => None,
            },
            Receiver::Text(rx) => rx.recv().await.map(|r| r.map_err(io_error)),
        };
        match next {
            Some(Ok(b)) => {
                s.bytes.fetch_add(b.len() as u64, Ordering::Relaxed);
                Some((Ok(b), s))
            }
            Some(Err(e)) => {
                s.finish = None;
                Some((Err(e), s))
            }
            None => {
                // The end: the writer's result says whether the file is whole.
                let mut finish = s.finish.take()?;
                let result = (&mut finish.task).await;
                drop(finish);
                match result {
                    Ok(Ok(())) => None,
                    Ok(Err(e)) => Some((Err(io_error(e)), s)),
                    Err(e) => Some((Err(std::io::Error::other(e.to_string())), s)),
                }
            }
        }
    })
}
