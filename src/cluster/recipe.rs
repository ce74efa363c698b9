//! Synthetic tables as data that crosses a process boundary: a [`TableRecipe`] is a table's
//! [`TableOrigin`] with its parents' recipes inlined, and [`build`] turns one back into the
//! same table (cached per process, since executors decode a plan for every task).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use datafusion::catalog::{
    CatalogProvider, MemoryCatalogProvider, MemorySchemaProvider, TableProvider,
};
use datafusion::common::{Result, TableReference, plan_err};
use datafusion::prelude::SessionContext;
use serde::{Deserialize, Serialize};

use crate::exec::SyntheticTableProvider;
use crate::sql::ddl::plan_definition;
use crate::table::spider::spider_table;
use crate::table::{SyntheticTable, TableOrigin};

/// A synthetic table as data: its origin with the parents' recipes inlined, everything
/// needed to make it again in another process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TableRecipe(pub TableOrigin<TableRecipe>);

impl TableRecipe {
    /// The recipe of `table`; an error naming the table when it was built in Rust from
    /// column functions (nothing another process could replay).
    pub fn of(table: &SyntheticTable) -> Result<Self> {
        match table.origin() {
            Some(origin) => Ok(TableRecipe(origin.try_map_parents(|p| TableRecipe::of(p))?)),
            None => plan_err!(
                "synthetic table '{}' was built in Rust from column functions and cannot be sent to a cluster; create it with CREATE SYNTHETIC TABLE or SqlTableBuilder instead",
                table.name()
            ),
        }
    }
}

/// Tables rebuilt in this process, by recipe. Bounded: cleared when it holds
/// [`CACHE_CAPACITY`] tables.
static CACHE: LazyLock<Mutex<HashMap<String, Arc<SyntheticTable>>>> =
    LazyLock::new(Default::default);
const CACHE_CAPACITY: usize = 256;

/// The table `recipe` describes.
pub fn build(recipe: &TableRecipe) -> Result<Arc<SyntheticTable>> {
    let key = serde_json::to_string(recipe)
        .map_err(|e| datafusion::common::DataFusionError::External(Box::new(e)))?;
    if let Some(t) = CACHE.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(t);
    }
    let table = Arc::new(build_uncached(recipe)?);
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_CAPACITY {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&table));
    }
    Ok(table)
}

fn build_uncached(recipe: &TableRecipe) -> Result<SyntheticTable> {
    match &recipe.0 {
        TableOrigin::Spider(origin) => spider_table(origin.clone()),
        TableOrigin::Declared {
            name,
            definition,
            parents,
        } => {
            // A session holding just the parents, under the names the definition uses.
            let ctx = SessionContext::new();
            crate::register_all(&ctx)?;
            for (parent_name, parent) in parents {
                let provider: Arc<dyn TableProvider> =
                    Arc::new(SyntheticTableProvider::new(build(parent)?));
                let reference = TableReference::from(parent_name.as_str());
                add_schema(&ctx, &reference)?;
                ctx.register_table(reference, provider)?;
            }
            plan_definition(&ctx.state(), name, definition)
        }
    }
}

/// Creates the schema (and catalog) `reference` names, if missing, so that a parent can be
/// registered under the same qualified name as where the child was created.
fn add_schema(ctx: &SessionContext, reference: &TableReference) -> Result<()> {
    let Some(schema) = reference.schema() else {
        return Ok(());
    };
    let catalog_name = reference
        .catalog()
        .map(str::to_string)
        .unwrap_or_else(|| ctx.state().config_options().catalog.default_catalog.clone());
    let catalog = match ctx.catalog(&catalog_name) {
        Some(c) => c,
        None => {
            let c: Arc<dyn CatalogProvider> = Arc::new(MemoryCatalogProvider::new());
            ctx.register_catalog(&catalog_name, Arc::clone(&c));
            c
        }
    };
    if catalog.schema(schema).is_none() {
        catalog.register_schema(schema, Arc::new(MemorySchemaProvider::new()))?;
    }
    Ok(())
}
