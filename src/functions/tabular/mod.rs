//! The tabular generators as column functions: Arrow adapters around the pure per-row
//! generators of [`crate::generate::tabular`]. Each adapter dispatches once per batch and
//! then runs a monomorphized loop that writes straight into one Arrow buffer.

mod derived;
mod flags;
mod limits;
pub mod locale_text;
mod pick;
mod sampled;
pub mod strings;
mod text;

pub use derived::{Derived, DerivedKind};
pub use flags::Flags;
pub use pick::{Pick, PickIndex};
pub use sampled::Sampled;
pub use text::Text;
