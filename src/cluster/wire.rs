//! The envelope of everything our codecs write: one tag byte, then either the bytes of the
//! codec we delegate to (Ballista's, for every node that is not ours) or a JSON message of
//! ours. Decoding reads the tag, so the two never have to guess at each other's bytes.

use datafusion::common::{DataFusionError, Result, internal_err};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Bytes written by the inner codec.
const INNER: u8 = 0;
/// A JSON message of this crate.
const OURS: u8 = 1;

/// Either payload of an envelope.
pub(crate) enum Payload<'a, T> {
    /// The inner codec's bytes.
    Inner(&'a [u8]),
    /// Our message.
    Ours(T),
}

/// Writes `message` as ours.
pub(crate) fn write_ours<T: Serialize>(message: &T, buf: &mut Vec<u8>) -> Result<()> {
    buf.push(OURS);
    serde_json::to_writer(buf, message).map_err(|e| DataFusionError::External(Box::new(e)))
}

/// Runs the inner codec's encoder behind the inner tag.
pub(crate) fn write_inner(
    buf: &mut Vec<u8>,
    encode: impl FnOnce(&mut Vec<u8>) -> Result<()>,
) -> Result<()> {
    let mut inner = Vec::new();
    encode(&mut inner)?;
    buf.push(INNER);
    buf.extend_from_slice(&inner);
    Ok(())
}

/// Reads an envelope.
pub(crate) fn read<T: DeserializeOwned>(buf: &[u8]) -> Result<Payload<'_, T>> {
    match buf.split_first() {
        Some((&INNER, rest)) => Ok(Payload::Inner(rest)),
        Some((&OURS, rest)) => serde_json::from_slice(rest)
            .map(Payload::Ours)
            .map_err(|e| {
                DataFusionError::Internal(format!(
                    "datafusion-synth codec: cannot decode a message of this crate ({e}); are the client, scheduler and executors the same version?"
                ))
            }),
        Some((tag, _)) => internal_err!(
            "datafusion-synth codec: unknown envelope tag {tag}; the bytes were not written by this crate's codec (is the cluster running `dfsynth scheduler` / `dfsynth executor`?)"
        ),
        None => internal_err!("datafusion-synth codec: empty message"),
    }
}
