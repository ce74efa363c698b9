//! The generator library seen by the DDL planner: the names, the builder and the signatures of
//! [`crate::functions::registry`], in one place so the planner has one import.

pub use crate::functions::registry::{GENERATOR_NAMES, build_generator, generator_signature};
