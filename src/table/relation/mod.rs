//! Related tables without materializing the parent: a child column picks a parent *row
//! index* ([`ParentRow`]) from its own stream, and [`Lookup`] evaluates any column of the
//! captured parent table at the picked rows (the `Rows::Indices` path). A foreign key is a
//! lookup of the parent's key column, so every FK value exists in the parent whatever the
//! key's expression (sequence, unique_int, pattern, uuid); several lookups sharing one
//! hidden pick column give composite keys and parent-dependent values.
//!
//! The parent is captured as an `Arc<SyntheticTable>` when the child is built: dropping or
//! replacing the parent later does not change the child.
//!
//! One file per relation: [`pick`] (a parent row per child row), [`lookup`] (a parent
//! column at picked rows), [`fanout`] (one-to-many children) and [`self_key`] (a table's
//! own key at an earlier row).

pub mod fanout;
pub mod lookup;
pub mod pick;
pub mod self_key;

pub use fanout::{FanoutColumn, FanoutValue, fanout_index};
pub use lookup::Lookup;
pub use pick::{MAX_WEIGHTED_PARENTS, Orphans, ParentRow, PickDistribution};
pub use self_key::SelfKey;
