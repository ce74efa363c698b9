//! The planning context of one `CREATE SYNTHETIC TABLE`: [`Scope`] holds what every column
//! sees (the session, its identifier rules, the table's columns with their declared types,
//! the seed, a fan-out child's index, the parents captured so far); [`ColumnScope`] holds
//! one column being planned (its name, which prefixes its errors, and the hidden helper
//! columns its generator calls become).

use std::cell::RefCell;
use std::fmt::Display;
use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result, plan_err};
use datafusion::execution::SessionState;
use datafusion::sql::planner::IdentNormalizer;
use datafusion::sql::sqlparser::ast::{Expr as SqlExpr, Ident};

use crate::functions::ColumnFunction;
use crate::functions::generators::ColumnArg;
use crate::generate::ParamError;
use crate::generate::fanout::FanOut;
use crate::table::SyntheticTable;

/// What every column of the table being planned sees.
pub(super) struct Scope<'a> {
    /// The session: functions, types and tables are resolved there.
    pub state: &'a SessionState,
    normalizer: IdentNormalizer,
    /// The column names, normalized, in declaration order.
    pub names: Vec<String>,
    /// The declared type of each column.
    pub declared: Vec<DataType>,
    /// Whether each column is declared NOT NULL.
    pub not_null: Vec<bool>,
    /// The table seed.
    pub seed: u64,
    /// The fan-out index of a one-to-many child table.
    pub fanout: Option<Arc<FanOut>>,
    /// For each column planned so far, its function when it is one input-free generator
    /// call (what `self_key` can evaluate at an earlier row).
    pub keys: Vec<Option<Arc<dyn ColumnFunction>>>,
    /// The parent tables captured so far, by the name the definition uses.
    parents: RefCell<Vec<(String, Arc<SyntheticTable>)>>,
}

impl<'a> Scope<'a> {
    /// A scope over `state` for a table with `seed`; columns are added with [`Self::columns`].
    pub fn new(state: &'a SessionState, seed: u64) -> Self {
        let normalize = state.config_options().sql_parser.enable_ident_normalization;
        Scope {
            state,
            normalizer: IdentNormalizer::new(normalize),
            names: vec![],
            declared: vec![],
            not_null: vec![],
            seed,
            fanout: None,
            keys: vec![],
            parents: RefCell::new(vec![]),
        }
    }

    /// An identifier as the session normalizes it.
    pub fn normalize(&self, ident: &Ident) -> String {
        self.normalizer.normalize(ident.clone())
    }

    /// The position of column `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Records that the definition names `parent` as `name` (the table's origin lists it).
    pub fn note_parent(&self, name: &str, parent: &Arc<SyntheticTable>) {
        let mut parents = self.parents.borrow_mut();
        if !parents.iter().any(|(n, _)| n == name) {
            parents.push((name.to_string(), Arc::clone(parent)));
        }
    }

    /// The parents captured, in the order the definition first names them.
    pub fn into_parents(self) -> Vec<(String, Arc<SyntheticTable>)> {
        self.parents.into_inner()
    }
}

/// A generator call site turned into a hidden column.
pub(super) struct Helper {
    /// The hidden column's name, `__<column>#<call>`.
    pub name: String,
    /// What computes it.
    pub function: Arc<dyn ColumnFunction>,
    /// The call position: the helper draws from the stream of (column, call).
    pub call: u32,
    /// The columns the generator reads (its column arguments), in argument order.
    pub inputs: Vec<String>,
}

/// One column being planned.
pub(super) struct ColumnScope<'s, 'a> {
    /// The table's scope.
    pub scope: &'s Scope<'a>,
    /// The column's normalized name.
    pub col: &'s str,
    /// The helpers its call sites became, in call order.
    pub helpers: Vec<Helper>,
}

impl<'s, 'a> ColumnScope<'s, 'a> {
    /// Column `col` of `scope`, with no helper yet.
    pub fn new(scope: &'s Scope<'a>, col: &'s str) -> Self {
        ColumnScope {
            scope,
            col,
            helpers: vec![],
        }
    }

    /// Adds a helper (the next call position) reading `inputs`; returns its name.
    pub fn add(&mut self, function: Arc<dyn ColumnFunction>, inputs: Vec<String>) -> String {
        let call = self.helpers.len() as u32;
        let name = format!("__{}#{call}", self.col);
        self.helpers.push(Helper {
            name: name.clone(),
            function,
            call,
            inputs,
        });
        name
    }

    /// [`Self::add`], returning the reference to the helper in the column's expression.
    pub fn add_ref(&mut self, function: Arc<dyn ColumnFunction>, inputs: Vec<String>) -> SqlExpr {
        helper_ref(&self.add(function, inputs))
    }

    /// A planning error of this column: `column 'c': …`.
    pub fn error(&self, message: impl Display) -> DataFusionError {
        DataFusionError::Plan(format!("column '{}': {message}", self.col))
    }

    /// An invalid argument of `function` in this column, in the one wording of argument
    /// errors: `column 'c': f(): invalid value for 'p': v; allowed: …`.
    pub fn arg_error(
        &self,
        function: &str,
        param: &str,
        value: impl ToString,
        allowed: &str,
    ) -> DataFusionError {
        self.error(format!(
            "{function}(): {}",
            ParamError::new(param, value, allowed)
        ))
    }

    /// `e` as an error of this column, without DataFusion's planning prefix.
    pub fn wrap(&self, e: DataFusionError) -> DataFusionError {
        self.error(message(e))
    }

    /// The column that argument `i` (0-based) of `function` names as `ident`.
    pub fn column_arg(&self, function: &str, i: usize, ident: &Ident) -> Result<ColumnArg> {
        let name = self.scope.normalize(ident);
        let col = self.col;
        if name == col {
            return plan_err!(
                "column '{col}': argument {} of {function}() refers to the column itself",
                i + 1
            );
        }
        let scope = self.scope;
        match scope.position(&name) {
            Some(at) => Ok(ColumnArg {
                name,
                data_type: scope.declared[at].clone(),
                nullable: !scope.not_null[at],
            }),
            None => plan_err!(
                "column '{col}': argument {} of {function}() names unknown column '{name}'; the columns are: {}",
                i + 1,
                scope.names.join(", ")
            ),
        }
    }
}

/// The text of an error without DataFusion's `Error during planning: ` prefix.
pub(super) fn message(e: DataFusionError) -> String {
    match e {
        DataFusionError::Plan(m) => m,
        e => {
            let text = e.strip_backtrace();
            match text.strip_prefix("Error during planning: ") {
                Some(rest) => rest.to_string(),
                None => text,
            }
        }
    }
}

/// The quoted identifier referring to helper `name`.
pub(super) fn helper_ref(name: &str) -> SqlExpr {
    SqlExpr::Identifier(Ident::with_quote('"', name))
}
