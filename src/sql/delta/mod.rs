//! The SQL surface of Delta tables (feature `delta`): the `STORED AS DELTA` factory, `COPY …
//! STORED AS DELTA`, the first insert into a table declared without columns, and the
//! `delta_history` table function. The format itself is [`crate::delta`].

mod copy;
mod factory;
mod history;
mod insert;
mod options;

pub(crate) use copy::{copy_to_delta, delta_copy};
pub use factory::{DELTA_FORMAT, DeltaTableFactory};
pub use history::DeltaHistoryFunction;
pub(crate) use insert::create_on_first_insert;
pub use options::{OptionsOf, delta_settings};
