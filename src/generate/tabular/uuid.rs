//! `uuid()`: RFC 4122 version-4 UUIDs from the row stream.

use super::TextGenerator;
use crate::generate::RowRng;

/// The 16 bytes are the row's first two 64-bit draws, big-endian, with the version nibble
/// set to 4 and the variant bits to `10` (the `uuid` crate's `Builder::from_random_bytes`);
/// the text is the 36-character lower-case hyphenated form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Uuid4;

impl Uuid4 {
    /// The UUID of `row` in `stream`.
    #[inline]
    pub fn uuid(stream: u64, row: u64) -> uuid::Uuid {
        let mut rng = RowRng::new(stream, row);
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&rng.next_u64().to_be_bytes());
        bytes[8..].copy_from_slice(&rng.next_u64().to_be_bytes());
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }
}

impl TextGenerator for Uuid4 {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
        Self::uuid(stream, row).hyphenated().encode_lower(&mut buf);
        out.extend_from_slice(&buf);
    }

    fn typical_len(&self) -> usize {
        uuid::fmt::Hyphenated::LENGTH
    }
}
