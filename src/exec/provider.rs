//! [`SyntheticTableProvider`]: a synthetic table as a DataFusion `TableProvider`.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::Result;
use datafusion::datasource::TableType;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::physical_plan::ExecutionPlan;

use super::filter::rows_selected;
use super::ranges::RowRanges;
use super::synthetic::SyntheticExec;
use crate::table::SyntheticTable;

/// A synthetic table as a `TableProvider`: scans are generated lazily by [`SyntheticExec`].
#[derive(Debug, Clone)]
pub struct SyntheticTableProvider {
    table: Arc<SyntheticTable>,
}

impl SyntheticTableProvider {
    /// Wraps a table.
    pub fn new(table: Arc<SyntheticTable>) -> Self {
        SyntheticTableProvider { table }
    }

    /// The table.
    pub fn table(&self) -> &Arc<SyntheticTable> {
        &self.table
    }
}

#[async_trait]
impl TableProvider for SyntheticTableProvider {
    fn schema(&self) -> SchemaRef {
        Arc::clone(self.table.schema())
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn get_table_definition(&self) -> Option<&str> {
        Some(self.table.definition())
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> Result<Vec<TableProviderFilterPushDown>> {
        Ok(filters
            .iter()
            .map(|f| match rows_selected(&self.table, f) {
                Some(_) => TableProviderFilterPushDown::Exact,
                None => TableProviderFilterPushDown::Unsupported,
            })
            .collect())
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let mut selected = RowRanges::full(self.table.rows());
        for f in filters {
            // Only filters reported Exact reach here with a guarantee; others are re-checked
            // by DataFusion, so narrowing by them is still correct.
            if let Some(r) = rows_selected(&self.table, f) {
                selected = selected.intersect(&r);
            }
        }
        let target = state.config_options().execution.target_partitions;
        Ok(Arc::new(SyntheticExec::try_new(
            Arc::clone(&self.table),
            projection.cloned(),
            selected,
            limit,
            target,
        )?))
    }
}
