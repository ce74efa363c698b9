//! The integration tests, one module per topic, linked into ONE test binary.
//!
//! Every test binary links DataFusion, delta-rs, Ballista and the AWS client statically (about
//! 350 MB each without debug info): forty binaries cost 15 GB of disk and forty links per CI
//! run. One binary costs one. Tests that need a process of their own stay separate targets:
//! `tests/slt.rs` (its own harness) and `tests/docs.rs` (changes the working directory).
//! Run one topic with `cargo test --test it <module>::`, e.g. `cargo test --test it tpch::`.

#[cfg(all(feature = "cli", feature = "cluster"))]
mod cluster_support;
mod common;
mod generators_support;

mod changes;
#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
mod cluster;
mod cluster_codec;
mod concurrency;
mod conformance;
mod copy;
mod ddl;
mod ddl_no_panic;
mod delta;
mod descriptor;
mod determinism;
mod display;
mod fuzz_regressions;
mod generators;
mod generators_no_panic;
mod generators_stats;
mod geometry_columns;
mod geoparquet;
mod geoparquet_native;
mod golden;
mod iceberg;
mod layers;
mod learn;
mod locale_truth;
#[cfg(feature = "cli")]
mod memory_bound;
mod no_panic;
mod parcel;
mod png;
mod pushdown;
mod register;
mod relation_picks;
mod relations;
#[cfg(feature = "cli")]
mod repl_pty;
#[cfg(feature = "cli")]
mod s3;
mod semantic;
#[cfg(feature = "serve")]
mod serve;
#[cfg(all(feature = "cli", feature = "serve"))]
mod serve_browser;
mod spatialbench;
mod tpcds;
mod tpch;
