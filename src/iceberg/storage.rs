//! The `iceberg` crate's file access ([`Storage`]) over an `object_store` store, so that an
//! Iceberg table's metadata, manifests and data files all go through the same store as the rest
//! of DataFusion (the local file system, or S3 with the `s3` feature) and the crate needs no
//! storage backend of its own.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use datafusion::object_store::path::Path;
use datafusion::object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use futures::StreamExt;
use futures::stream::BoxStream;
use iceberg::io::{
    FileIO, FileIOBuilder, FileMetadata, FileRead, FileWrite, InputFile, OutputFile, Storage,
    StorageConfig, StorageFactory,
};
use iceberg::{Error, ErrorKind, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use url::Url;

/// Iceberg file access over one object store; locations are full URLs (`file:///…`,
/// `s3://bucket/…`) whose path is the key in `store`.
#[derive(Clone)]
pub struct ObjectStorage {
    store: Arc<dyn ObjectStore>,
}

impl fmt::Debug for ObjectStorage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObjectStorage({})", self.store)
    }
}

impl ObjectStorage {
    /// A `FileIO` whose every file goes through `store`.
    pub fn file_io(store: Arc<dyn ObjectStore>) -> FileIO {
        FileIOBuilder::new(Self::factory(store)).build()
    }

    /// The factory a catalog builds its `FileIO` from.
    pub fn factory(store: Arc<dyn ObjectStore>) -> Arc<dyn StorageFactory> {
        Arc::new(ObjectStorageFactory(Self { store }))
    }
}

/// The object store key of `location`.
pub(crate) fn key(location: &str) -> Result<Path> {
    let url = Url::parse(location).map_err(|e| {
        Error::new(
            ErrorKind::DataInvalid,
            format!("invalid file location '{location}': {e}"),
        )
    })?;
    Path::from_url_path(url.path()).map_err(|e| {
        Error::new(
            ErrorKind::DataInvalid,
            format!("invalid file location '{location}': {e}"),
        )
    })
}

fn io_error(location: &str, e: impl fmt::Display) -> Error {
    Error::new(ErrorKind::Unexpected, format!("'{location}': {e}"))
}

// The crate names storages by a serialized tag; ours holds a live store and is never sent
// anywhere, so it serializes as a unit and refuses to be deserialized.
impl Serialize for ObjectStorage {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_unit_struct("ObjectStorage")
    }
}

impl<'de> Deserialize<'de> for ObjectStorage {
    fn deserialize<D: Deserializer<'de>>(_: D) -> std::result::Result<Self, D::Error> {
        Err(serde::de::Error::custom(
            "an object-store storage cannot be deserialized",
        ))
    }
}

#[async_trait]
#[typetag::serde]
impl Storage for ObjectStorage {
    async fn exists(&self, path: &str) -> Result<bool> {
        match self.store.head(&key(path)?).await {
            Ok(_) => Ok(true),
            Err(datafusion::object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(io_error(path, e)),
        }
    }

    async fn metadata(&self, path: &str) -> Result<FileMetadata> {
        let meta = self
            .store
            .head(&key(path)?)
            .await
            .map_err(|e| io_error(path, e))?;
        Ok(FileMetadata { size: meta.size })
    }

    async fn read(&self, path: &str) -> Result<Bytes> {
        let got = self
            .store
            .get(&key(path)?)
            .await
            .map_err(|e| io_error(path, e))?;
        got.bytes().await.map_err(|e| io_error(path, e))
    }

    async fn reader(&self, path: &str) -> Result<Box<dyn FileRead>> {
        Ok(Box::new(Reader {
            store: self.store.clone(),
            key: key(path)?,
            shown: path.to_string(),
        }))
    }

    async fn write(&self, path: &str, bs: Bytes) -> Result<()> {
        self.store
            .put(&key(path)?, PutPayload::from(bs))
            .await
            .map(|_| ())
            .map_err(|e| io_error(path, e))
    }

    async fn writer(&self, path: &str) -> Result<Box<dyn FileWrite>> {
        Ok(Box::new(Writer {
            store: self.store.clone(),
            key: key(path)?,
            shown: path.to_string(),
            parts: Vec::new(),
        }))
    }

    async fn delete(&self, path: &str) -> Result<()> {
        match self.store.delete(&key(path)?).await {
            Ok(()) | Err(datafusion::object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(io_error(path, e)),
        }
    }

    async fn delete_prefix(&self, path: &str) -> Result<()> {
        let prefix = key(path)?;
        let mut listed = self.store.list(Some(&prefix));
        while let Some(meta) = listed.next().await {
            let meta = meta.map_err(|e| io_error(path, e))?;
            self.store
                .delete(&meta.location)
                .await
                .map_err(|e| io_error(path, e))?;
        }
        Ok(())
    }

    async fn delete_stream(&self, mut paths: BoxStream<'static, String>) -> Result<()> {
        while let Some(path) = paths.next().await {
            self.delete(&path).await?;
        }
        Ok(())
    }

    fn new_input(&self, path: &str) -> Result<InputFile> {
        Ok(InputFile::new(Arc::new(self.clone()), path.to_string()))
    }

    fn new_output(&self, path: &str) -> Result<OutputFile> {
        Ok(OutputFile::new(Arc::new(self.clone()), path.to_string()))
    }
}

/// Builds the one storage it holds, whatever the configuration.
#[derive(Debug, Serialize, Deserialize)]
struct ObjectStorageFactory(ObjectStorage);

#[typetag::serde]
impl StorageFactory for ObjectStorageFactory {
    fn build(&self, _config: &StorageConfig) -> Result<Arc<dyn Storage>> {
        Ok(Arc::new(self.0.clone()))
    }
}

struct Reader {
    store: Arc<dyn ObjectStore>,
    key: Path,
    shown: String,
}

#[async_trait]
impl FileRead for Reader {
    async fn read(&self, range: Range<u64>) -> Result<Bytes> {
        self.store
            .get_range(&self.key, range)
            .await
            .map_err(|e| io_error(&self.shown, e))
    }
}

/// Metadata, manifest and manifest-list files are small: they are gathered and put at once
/// on close (one atomic put on S3).
struct Writer {
    store: Arc<dyn ObjectStore>,
    key: Path,
    shown: String,
    parts: Vec<Bytes>,
}

#[async_trait]
impl FileWrite for Writer {
    async fn write(&mut self, bs: Bytes) -> Result<()> {
        self.parts.push(bs);
        Ok(())
    }

    async fn close(&mut self) -> Result<()> {
        let payload: PutPayload = std::mem::take(&mut self.parts).into_iter().collect();
        self.store
            .put(&self.key, payload)
            .await
            .map(|_| ())
            .map_err(|e| io_error(&self.shown, e))
    }
}
