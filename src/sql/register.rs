//! Installing everything this crate provides in a DataFusion session.

use std::sync::Arc;

use datafusion::catalog::{TableFunction, TableFunctionImpl};
use datafusion::common::Result;
use datafusion::execution::{FunctionRegistry, SessionState, SessionStateBuilder};
use datafusion::logical_expr::ScalarUDF;
use datafusion::prelude::SessionContext;

use super::{
    AsOfFunction, ChangesFunction, HistoryFunction, SpiderFunction, SpiderTableFactory,
    TPCDS_FORMAT, TPCH_FORMAT, TpcdsFunction, TpcdsTableFactory, TpchFunction, TpchTableFactory,
};
use crate::exec::{LastRowsPushdown, OffsetPushdown};
use crate::geoparquet::GeoParquetFormatFactory;
use datafusion::physical_optimizer::PhysicalOptimizerRule;

/// The `STORED AS` key of Spider tables.
pub const SPIDER_FORMAT: &str = "SPIDER";

/// Registers the table functions and table factories of this crate in `ctx`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> datafusion::common::Result<()> {
/// let ctx = datafusion::prelude::SessionContext::new();
/// datafusion_synth::register_all(&ctx)?;
/// let df = ctx.sql("SELECT count(*) FROM spider('uniform', 1000)").await?;
/// # df.collect().await?;
/// # Ok(()) }
/// ```
pub fn register_all(ctx: &SessionContext) -> Result<()> {
    ctx.register_udtf("spider", Arc::new(SpiderFunction));
    ctx.register_udtf("tpch", Arc::new(TpchFunction::default()));
    ctx.register_udtf("tpcds", Arc::new(TpcdsFunction::default()));
    ctx.register_udtf("changes", Arc::new(ChangesFunction));
    ctx.register_udtf("history", Arc::new(HistoryFunction));
    ctx.register_udtf("as_of", Arc::new(AsOfFunction));
    #[cfg(feature = "delta")]
    ctx.register_udtf(
        "delta_history",
        Arc::new(super::delta::DeltaHistoryFunction),
    );
    for udf in generator_udfs() {
        // A DataFusion function of the same name (e.g. `uuid()`) keeps working outside
        // synthetic tables.
        if ctx.udf(udf.name()).is_err() {
            ctx.register_udf(udf);
        }
    }
    ctx.state_ref()
        .write()
        .table_factories_mut()
        .insert(SPIDER_FORMAT.to_string(), Arc::new(SpiderTableFactory));
    ctx.state_ref().write().table_factories_mut().insert(
        TPCH_FORMAT.to_string(),
        Arc::new(TpchTableFactory::default()),
    );
    ctx.state_ref().write().table_factories_mut().insert(
        TPCDS_FORMAT.to_string(),
        Arc::new(TpcdsTableFactory::default()),
    );
    #[cfg(feature = "delta")]
    ctx.state_ref().write().table_factories_mut().insert(
        super::delta::DELTA_FORMAT.to_string(),
        Arc::new(super::delta::DeltaTableFactory),
    );
    #[cfg(feature = "iceberg")]
    ctx.state_ref().write().table_factories_mut().insert(
        super::iceberg::ICEBERG_FORMAT.to_string(),
        Arc::new(super::iceberg::IcebergTableFactory),
    );
    // GeoParquet: `COPY` of `geoarrow.wkb` columns to Parquet writes the `geo` metadata.
    ctx.state_ref()
        .write()
        .register_file_format(Arc::new(GeoParquetFormatFactory::default()), true)?;
    // Pictures: `COPY (…) TO 'x.png'` (feature `render`).
    #[cfg(feature = "render")]
    {
        ctx.state_ref()
            .write()
            .register_file_format(Arc::new(crate::render::PngFormatFactory), true)?;
        ctx.state_ref().write().table_factories_mut().insert(
            crate::render::PNG_EXT.to_ascii_uppercase(),
            Arc::new(crate::render::PngTableFactory),
        );
    }
    // `OFFSET` and `ORDER BY key DESC LIMIT` pushdown into synthetic scans (a session's
    // physical optimizer rules are fixed when its state is built: rebuild the state with the
    // rules appended, once).
    let has_rule = ctx
        .state_ref()
        .read()
        .physical_optimizers()
        .iter()
        .any(|r| r.name() == OffsetPushdown.name());
    if !has_rule {
        let state = rebuilt_state(ctx, |b| {
            b.with_physical_optimizer_rule(Arc::new(OffsetPushdown))
                .with_physical_optimizer_rule(Arc::new(LastRowsPushdown))
        });
        *ctx.state_ref().write() = state;
    }
    Ok(())
}

/// Adds this crate's table functions and table factories to a [`SessionStateBuilder`]
/// (call it after `with_default_features()`).
pub fn with_synth(mut builder: SessionStateBuilder) -> SessionStateBuilder {
    builder
        .table_functions()
        .get_or_insert_with(Default::default)
        .insert(
            "spider".to_string(),
            Arc::new(TableFunction::new(
                "spider".to_string(),
                Arc::new(SpiderFunction),
            )),
        );
    let functions = builder
        .scalar_functions()
        .get_or_insert_with(Default::default);
    for udf in generator_udfs() {
        if !functions
            .iter()
            .any(|f| f.name() == udf.name() || f.aliases().iter().any(|a| a == udf.name()))
        {
            functions.push(Arc::new(udf));
        }
    }
    // GeoParquet: replace the `parquet` file format factory (the first one registered for
    // an extension wins when the state is built).
    let formats = builder.file_formats().get_or_insert_with(Vec::new);
    formats.retain(|f| !f.get_ext().eq_ignore_ascii_case("parquet"));
    formats.push(Arc::new(GeoParquetFormatFactory::default()));
    #[cfg(feature = "render")]
    formats.push(Arc::new(crate::render::PngFormatFactory));
    let table_functions = builder
        .table_functions()
        .get_or_insert_with(Default::default);
    table_functions.insert(
        "tpch".to_string(),
        Arc::new(TableFunction::new(
            "tpch".to_string(),
            Arc::new(TpchFunction::default()),
        )),
    );
    table_functions.insert(
        "tpcds".to_string(),
        Arc::new(TableFunction::new(
            "tpcds".to_string(),
            Arc::new(TpcdsFunction::default()),
        )),
    );
    let views: Vec<(&str, Arc<dyn TableFunctionImpl>)> = vec![
        ("changes", Arc::new(ChangesFunction)),
        ("history", Arc::new(HistoryFunction)),
        ("as_of", Arc::new(AsOfFunction)),
        #[cfg(feature = "delta")]
        (
            "delta_history",
            Arc::new(super::delta::DeltaHistoryFunction),
        ),
    ];
    for (name, f) in views {
        table_functions.insert(
            name.to_string(),
            Arc::new(TableFunction::new(name.to_string(), f)),
        );
    }
    #[cfg(feature = "delta")]
    let builder = builder.with_table_factory(
        super::delta::DELTA_FORMAT.to_string(),
        Arc::new(super::delta::DeltaTableFactory),
    );
    #[cfg(feature = "iceberg")]
    let builder = builder.with_table_factory(
        super::iceberg::ICEBERG_FORMAT.to_string(),
        Arc::new(super::iceberg::IcebergTableFactory),
    );
    #[cfg(feature = "render")]
    let builder = builder.with_table_factory(
        crate::render::PNG_EXT.to_ascii_uppercase(),
        Arc::new(crate::render::PngTableFactory),
    );
    builder
        .with_physical_optimizer_rule(Arc::new(OffsetPushdown))
        .with_physical_optimizer_rule(Arc::new(LastRowsPushdown))
        .with_table_factory(SPIDER_FORMAT.to_string(), Arc::new(SpiderTableFactory))
        .with_table_factory(
            TPCH_FORMAT.to_string(),
            Arc::new(TpchTableFactory::default()),
        )
        .with_table_factory(
            TPCDS_FORMAT.to_string(),
            Arc::new(TpcdsTableFactory::default()),
        )
}

/// The stand-ins that make generators (and `nullify`) used outside a `CREATE SYNTHETIC TABLE`
/// column fail at planning with a clear message.
fn generator_udfs() -> Vec<ScalarUDF> {
    super::ddl::GENERATOR_NAMES
        .iter()
        .copied()
        .chain([super::ddl::NULLIFY])
        .map(|name| ScalarUDF::new_from_impl(super::GeneratorOutsideTable::new(name)))
        .collect()
}

/// The session state of `ctx` rebuilt through `change` (e.g. with one more optimizer rule),
/// to be written back into the context. `new_from_existing` turns off creating the default
/// catalog (it exists already); the user's setting is kept, so that a config copied from
/// this session still has it.
pub(crate) fn rebuilt_state(
    ctx: &SessionContext,
    change: impl FnOnce(SessionStateBuilder) -> SessionStateBuilder,
) -> SessionState {
    let existing = ctx.state();
    let create_default = existing
        .config_options()
        .catalog
        .create_default_catalog_and_schema;
    let mut state = change(SessionStateBuilder::new_from_existing(existing)).build();
    state
        .config_mut()
        .options_mut()
        .catalog
        .create_default_catalog_and_schema = create_default;
    state
}
