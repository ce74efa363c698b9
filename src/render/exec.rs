//! `RenderExec`: the plan of `COPY (…) TO 'x.png' STORED AS PNG`. It keeps its input's
//! partitions: one worker per core takes partitions one after another and draws them into its
//! own raster (a first pass finds the extent when no `extent` option gives it); the rasters
//! merge, are coloured and encoded once, and the PNG is put to the target's object store.
//! Memory is bounded by the image size times the workers, whatever the row count; dropping
//! the stream (a cancelled query) aborts the workers and so the generation.

use std::fmt;
use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, UInt64Array};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::runtime::SpawnedTask;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, Result, exec_err, internal_err};
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::object_store::path::Path;
use datafusion::object_store::{ObjectStoreExt, PutPayload};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{
    Boundedness, ChildrenPropertiesMode, EmissionType, ReplaceChildrenOptions,
};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, ExecutionPlanProperties,
    Partitioning, PlanProperties,
};
use futures::StreamExt;

use super::bounds::Bounds;
use super::histogram::Histogram;
use super::image::{Drawn, colour, encode_png};
use super::options::{DEFAULT_WIDTH, Extent, MAX_SIDE, RenderOptions};
use super::raster::Raster;
use super::shapes::Visitor;
use super::source::Source;

/// Where the PNG goes.
#[derive(Debug, Clone)]
pub struct Target {
    pub store: ObjectStoreUrl,
    pub path: Path,
    /// The location as the user wrote it, for messages.
    pub shown: String,
}

/// Renders its input to one PNG; its output is one row, `count`, the rows drawn.
#[derive(Debug)]
pub struct RenderExec {
    input: Arc<dyn ExecutionPlan>,
    source: Arc<Source>,
    options: Arc<RenderOptions>,
    target: Target,
    properties: Arc<PlanProperties>,
}

fn count_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![Field::new(
        "count",
        DataType::UInt64,
        false,
    )]))
}

impl RenderExec {
    /// A render of `input`'s rows; the columns drawn are chosen now, so a query without a
    /// column to draw fails while planning.
    pub fn try_new(
        input: Arc<dyn ExecutionPlan>,
        options: RenderOptions,
        target: Target,
    ) -> Result<Self> {
        let source = Source::pick(&input.schema(), &options)?;
        Ok(Self::new(
            input,
            Arc::new(source),
            Arc::new(options),
            target,
        ))
    }

    fn new(
        input: Arc<dyn ExecutionPlan>,
        source: Arc<Source>,
        options: Arc<RenderOptions>,
        target: Target,
    ) -> Self {
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(count_schema()),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Final,
            Boundedness::Bounded,
        ));
        Self {
            input,
            source,
            options,
            target,
            properties,
        }
    }
}

/// Renders the rows of `input` into PNG bytes in memory, as `COPY … STORED AS PNG` would
/// write them; returns the PNG and the rows drawn. For applications that serve images (the
/// `dfsynth serve` preview) rather than write files.
pub async fn render_png(
    input: Arc<dyn ExecutionPlan>,
    options: RenderOptions,
    context: Arc<TaskContext>,
) -> Result<(Vec<u8>, u64)> {
    let source = Source::pick(&input.schema(), &options)?;
    Job {
        input,
        source: Arc::new(source),
        options: Arc::new(options),
        context,
    }
    .render()
    .await
}

impl DisplayAs for RenderExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "RenderExec: target={}, source={:?}, mode={:?}",
            self.target.shown, self.source, self.options.mode
        )
    }
}

impl ExecutionPlan for RenderExec {
    fn name(&self) -> &'static str {
        "RenderExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn required_input_distribution(&self) -> Vec<Distribution> {
        vec![Distribution::UnspecifiedDistribution]
    }

    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn replace_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
        _options: ReplaceChildrenOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        match <[_; 1]>::try_from(children) {
            Ok([input]) => Ok(Arc::new(Self::new(
                input,
                Arc::clone(&self.source),
                Arc::clone(&self.options),
                self.target.clone(),
            ))),
            Err(c) => internal_err!("RenderExec has one child, got {}", c.len()),
        }
    }

    #[allow(deprecated)]
    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        self.replace_children(
            children,
            ReplaceChildrenOptions::new(ChildrenPropertiesMode::Recompute),
        )
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        if partition != 0 {
            return internal_err!("RenderExec has one partition, asked for {partition}");
        }
        let job = Job {
            input: Arc::clone(&self.input),
            source: Arc::clone(&self.source),
            options: Arc::clone(&self.options),
            context,
        };
        let target = self.target.clone();
        let schema = count_schema();
        let out = Arc::clone(&schema);
        let done = async move {
            let store = job.context.runtime_env().object_store(&target.store)?;
            let (png, rows) = job.render().await?;
            store
                .put(&target.path, PutPayload::from(png))
                .await
                .map_err(|e| {
                    DataFusionError::Execution(format!(
                        "PNG: writing '{}' failed: {e}",
                        target.shown
                    ))
                })?;
            RecordBatch::try_new(out, vec![Arc::new(UInt64Array::from(vec![rows]))])
                .map_err(DataFusionError::from)
        };
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            schema,
            futures::stream::once(done),
        )))
    }
}

/// One execution of a render.
pub(super) struct Job {
    pub input: Arc<dyn ExecutionPlan>,
    pub source: Arc<Source>,
    pub options: Arc<RenderOptions>,
    pub context: Arc<TaskContext>,
}

impl Job {
    /// The PNG bytes and the rows drawn.
    pub async fn render(&self) -> Result<(Vec<u8>, u64)> {
        let histogram = matches!(*self.source, Source::Histogram { .. });
        let extent = match self.options.extent {
            Some(e) => e,
            None => {
                let mut bounds = Bounds::default();
                for (b, _) in self.run(Bounds::default).await? {
                    bounds.merge(b);
                }
                match bounds.extent() {
                    Some(e) => e,
                    None => {
                        return exec_err!(
                            "PNG: nothing to draw: the query returned no rows with finite coordinates, so the image has no extent; give one with OPTIONS ('extent' 'xmin,ymin,xmax,ymax') to draw an empty image"
                        );
                    }
                }
            }
        };
        let (width, height) = size(&self.options, extent, histogram);
        let (drawn, rows) = if histogram {
            let mut rows = 0;
            let mut merged = Histogram::new(extent[0], extent[2], width);
            for (h, n) in self
                .run(|| Histogram::new(extent[0], extent[2], width))
                .await?
            {
                merged.merge(&h);
                rows += n;
            }
            (
                Drawn::Histogram {
                    bins: merged,
                    height,
                },
                rows,
            )
        } else {
            let mode = self.options.mode;
            let mut rasters = self
                .run(|| Raster::new(extent, width, height, mode))
                .await?;
            let (mut merged, mut rows) = rasters.pop().expect("at least one worker");
            for (r, n) in rasters {
                merged.grid.merge(&r.grid);
                rows += n;
            }
            (Drawn::Grid(merged.grid), rows)
        };
        let options = Arc::clone(&self.options);
        let png = SpawnedTask::spawn_blocking(move || {
            let (w, h, rgba) = colour(&drawn, &options);
            encode_png(w, h, &rgba, extent, rows)
        })
        .await
        .map_err(|e| DataFusionError::Execution(format!("PNG: encoding task failed: {e}")))??;
        Ok((png, rows))
    }

    /// Runs the input with one visitor per worker. Every partition is read at once, by a
    /// task of its own (as `CoalescePartitionsExec` does: a repartitioned input must be read
    /// on all its outputs), and sends its batches to worker `partition % workers` through a
    /// bounded channel; a worker draws what it receives. Returns the visitors and the rows
    /// each drew.
    async fn run<V, F>(&self, make: F) -> Result<Vec<(V, u64)>>
    where
        V: Visitor + Send + 'static,
        F: Fn() -> V,
    {
        let partitions = self.input.output_partitioning().partition_count();
        let cores = self.context.session_config().target_partitions();
        let workers = partitions.min(cores).max(1);
        let mut senders = Vec::with_capacity(workers);
        let mut drawing = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (tx, mut rx) = tokio::sync::mpsc::channel::<RecordBatch>(2);
            senders.push(tx);
            let mut v = make();
            let source = Arc::clone(&self.source);
            drawing.push(SpawnedTask::spawn(async move {
                let mut rows = 0u64;
                while let Some(batch) = rx.recv().await {
                    rows += batch.num_rows() as u64;
                    source.draw(&batch, &mut v)?;
                }
                Ok::<_, DataFusionError>((v, rows))
            }));
        }
        let streams = (0..partitions)
            .map(|p| self.input.execute(p, Arc::clone(&self.context)))
            .collect::<Result<Vec<_>>>()?;
        let reading: Vec<SpawnedTask<Result<()>>> = streams
            .into_iter()
            .enumerate()
            .map(|(p, mut stream)| {
                let tx = senders[p % workers].clone();
                SpawnedTask::spawn(async move {
                    while let Some(batch) = stream.next().await {
                        if tx.send(batch?).await.is_err() {
                            // The worker stopped on an error: it reports it.
                            break;
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        drop(senders);
        let failed = |e| DataFusionError::Execution(format!("PNG: a rendering task failed: {e}"));
        let mut out = Vec::with_capacity(workers);
        for t in drawing {
            out.push(t.await.map_err(failed)??);
        }
        for t in reading {
            t.await.map_err(failed)??;
        }
        Ok(out)
    }
}

/// The image size: the options', else 1024 wide and as high as the extent's aspect asks
/// (histograms: half as high as wide), within `1..=8192`.
fn size(o: &RenderOptions, [x0, y0, x1, y1]: Extent, histogram: bool) -> (u32, u32) {
    let clamp = |v: f64| (v.round() as u32).clamp(1, MAX_SIDE);
    let aspect = if histogram {
        0.5
    } else {
        (y1 - y0) / (x1 - x0)
    };
    match (o.width, o.height) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, clamp(f64::from(w) * aspect)),
        (None, Some(h)) => (clamp(f64::from(h) / aspect), h),
        (None, None) => (DEFAULT_WIDTH, clamp(f64::from(DEFAULT_WIDTH) * aspect)),
    }
}
