//! An object store that writes nowhere: the bytes of each file put into it flow, in order,
//! into a channel that an HTTP response body reads. It lets `COPY (…) TO 'download://…'`
//! run through DataFusion's own Parquet (GeoParquet), CSV and JSON writers while the file
//! goes straight to the browser, never to the server's disk.
//!
//! Backpressure: each part waits until the body has handed it to the connection, so a slow
//! client slows the generation and memory stays bounded by the writer's buffer times its
//! concurrency. A client that goes away closes the channel; the next part fails, and with it
//! the `COPY`.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use async_trait::async_trait;
use datafusion::object_store::path::Path;
use datafusion::object_store::{
    CopyOptions, Error, GetOptions, GetResult, ListResult, MultipartUpload, ObjectMeta,
    ObjectStore, PutMultipartOptions, PutOptions, PutPayload, PutResult, Result, UploadPart,
};
use futures::stream::BoxStream;
use futures::{FutureExt, StreamExt};
use tokio::sync::{mpsc, oneshot};

/// The URL scheme and host of the store, as registered in the session.
pub const SINK_URL: &str = "download://web/";

/// One message to the body: a part of the file (with the acknowledgement the part's upload
/// waits for), or the end of the file.
#[derive(Debug)]
pub enum Chunk {
    Part(bytes::Bytes, oneshot::Sender<()>),
    End,
}

/// Routes each file path to the channel of the download that writes it.
#[derive(Debug, Default)]
pub struct SinkStore {
    routes: Mutex<HashMap<Path, mpsc::UnboundedSender<Chunk>>>,
}

impl fmt::Display for SinkStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SinkStore({SINK_URL})")
    }
}

fn unsupported(what: &str) -> Error {
    Error::NotSupported {
        source: format!("the download sink only receives written files ({what} is not supported)")
            .into(),
    }
}

fn gone() -> Error {
    Error::Generic {
        store: "download",
        source: "the client closed the download".into(),
    }
}

impl SinkStore {
    /// Routes `path` to a new channel and returns its receiving end.
    pub fn open(&self, path: &Path) -> mpsc::UnboundedReceiver<Chunk> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.routes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.clone(), tx);
        rx
    }

    /// Forgets `path` (its download ended or was cancelled).
    pub fn close(&self, path: &Path) {
        self.routes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(path);
    }

    fn route(&self, path: &Path) -> Result<mpsc::UnboundedSender<Chunk>> {
        self.routes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned()
            .ok_or_else(|| Error::NotFound {
                path: path.to_string(),
                source: "no download is waiting for this file".into(),
            })
    }
}

/// Sends one part and returns the future that completes when the body has taken it.
fn send(tx: &mpsc::UnboundedSender<Chunk>, payload: PutPayload) -> UploadPart {
    let mut acks = Vec::new();
    for bytes in payload {
        let (ack, acked) = oneshot::channel();
        if tx.send(Chunk::Part(bytes, ack)).is_err() {
            return futures::future::ready(Err(gone())).boxed();
        }
        acks.push(acked);
    }
    async move {
        for acked in acks {
            acked.await.map_err(|_| gone())?;
        }
        Ok(())
    }
    .boxed()
}

fn end(tx: &mpsc::UnboundedSender<Chunk>) -> Result<PutResult> {
    tx.send(Chunk::End).map_err(|_| gone())?;
    Ok(PutResult {
        e_tag: None,
        version: None,
    })
}

/// The parts of one file.
#[derive(Debug)]
struct Upload {
    tx: mpsc::UnboundedSender<Chunk>,
}

#[async_trait]
impl MultipartUpload for Upload {
    fn put_part(&mut self, data: PutPayload) -> UploadPart {
        send(&self.tx, data)
    }

    async fn complete(&mut self) -> Result<PutResult> {
        end(&self.tx)
    }

    async fn abort(&mut self) -> Result<()> {
        Ok(())
    }
}

#[async_trait]
impl ObjectStore for SinkStore {
    async fn put_opts(
        &self,
        location: &Path,
        payload: PutPayload,
        _opts: PutOptions,
    ) -> Result<PutResult> {
        let tx = self.route(location)?;
        send(&tx, payload).await?;
        end(&tx)
    }

    async fn put_multipart_opts(
        &self,
        location: &Path,
        _opts: PutMultipartOptions,
    ) -> Result<Box<dyn MultipartUpload>> {
        Ok(Box::new(Upload {
            tx: self.route(location)?,
        }))
    }

    async fn get_opts(&self, _location: &Path, _options: GetOptions) -> Result<GetResult> {
        Err(unsupported("reading"))
    }

    fn delete_stream(
        &self,
        _locations: BoxStream<'static, Result<Path>>,
    ) -> BoxStream<'static, Result<Path>> {
        futures::stream::once(async { Err(unsupported("deleting")) }).boxed()
    }

    fn list(&self, _prefix: Option<&Path>) -> BoxStream<'static, Result<ObjectMeta>> {
        futures::stream::empty().boxed()
    }

    async fn list_with_delimiter(&self, _prefix: Option<&Path>) -> Result<ListResult> {
        Ok(ListResult {
            common_prefixes: vec![],
            objects: vec![],
        })
    }

    async fn copy_opts(&self, _from: &Path, _to: &Path, _options: CopyOptions) -> Result<()> {
        Err(unsupported("copying"))
    }
}
