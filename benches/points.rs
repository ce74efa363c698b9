//! Rows per second of Spider point generation.
//!
//! * `generate`: the pure layer alone, `PointGenerator::for_each` over 100 000 rows for
//!   every distribution, each point folded into a `black_box`ed sum.
//! * `table`: the same rows through the table model (`SpiderSpec::to_table`, one
//!   `EvalPlan`, `evaluate_range` in batches of 8192 rows), so the cost of building the
//!   Arrow arrays (id, point struct) and of the WKB / WKT encoding is visible next to the
//!   pure generation numbers.
//!
//! Run with `cargo bench --bench points`; `cargo test --benches` runs every benchmark once.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use datafusion_synth::functions::spider::{GeometryFormat, SpiderSpec};
use datafusion_synth::generate::spider::{
    Bit, Diagonal, Gaussian, PointGenerator, Sierpinski, SpiderDistribution, Uniform,
};
use datafusion_synth::table::spider::SpiderTable;

/// Rows generated per iteration.
const ROWS: u64 = 100_000;
/// Rows per evaluated batch (DataFusion's default batch size).
const BATCH: u64 = 8192;
/// The stream seed used by the pure benchmarks (any value).
const STREAM: u64 = 0x5EED;

fn distributions() -> [SpiderDistribution; 5] {
    [
        SpiderDistribution::Uniform(Uniform),
        SpiderDistribution::Gaussian(Gaussian),
        SpiderDistribution::Diagonal(Diagonal {
            percentage: 0.5,
            buffer: 0.5,
        }),
        SpiderDistribution::Bit(Bit {
            probability: 0.2,
            digits: 10,
        }),
        SpiderDistribution::Sierpinski(Sierpinski),
    ]
}

fn bench_generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group
        .throughput(Throughput::Elements(ROWS))
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for distribution in distributions() {
        let generator = PointGenerator {
            distribution,
            affine: None,
        };
        group.bench_function(BenchmarkId::from_parameter(distribution.name()), |b| {
            b.iter(|| {
                let mut sum = [0.0f64; 2];
                black_box(&generator).for_each(black_box(STREAM), 0..ROWS, |p| {
                    sum[0] += p[0];
                    sum[1] += p[1];
                });
                black_box(sum)
            })
        });
    }
    group.finish();
}

fn bench_table(c: &mut Criterion) {
    let mut group = c.benchmark_group("table");
    // Flat sampling: WKT takes ~15 ms per iteration, too slow for linear sampling in 3 s.
    group
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Elements(ROWS))
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for format in [GeometryFormat::Xy, GeometryFormat::Wkb, GeometryFormat::Wkt] {
        let spec = SpiderSpec {
            distribution: SpiderDistribution::Uniform(Uniform),
            cardinality: ROWS,
            seed: 1,
            affine: None,
            format,
            geometry: Default::default(),
        };
        let table = spec.to_table("spider").expect("valid spider spec");
        let plan = table.eval_plan(None).expect("eval plan");
        let id = format!("uniform/{}", format.name());
        group.bench_function(BenchmarkId::from_parameter(id), |b| {
            b.iter(|| {
                let mut rows = 0usize;
                let mut start = 0;
                while start < ROWS {
                    let end = (start + BATCH).min(ROWS);
                    let batch = table
                        .evaluate_range(&plan, start, end)
                        .expect("evaluate_range");
                    rows += black_box(batch).num_rows();
                    start = end;
                }
                assert_eq!(rows as u64, ROWS);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_generate, bench_table);
criterion_main!(benches);
