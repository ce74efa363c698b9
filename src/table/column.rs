//! A column declaration: its name, the column function computing it, the columns it reads,
//! whether it is a hidden helper, and the call site whose stream it draws from.

use std::sync::Arc;

use crate::functions::ColumnFunction;
use crate::generate::stream_seed;

/// The stream seed of call site `call` of column `column` in a table with seed `seed`: the
/// one rule every column, hidden helper and relation of a table draws its stream by, so a
/// cell depends only on (table seed, column, call site, row).
pub fn stream_of(seed: u64, column: &str, call: u32) -> u64 {
    stream_seed(seed, column, call)
}

/// One column declaration.
#[derive(Debug, Clone)]
pub struct ColumnDef {
    /// Column name (unique in the table).
    pub name: String,
    /// The function computing it.
    pub function: Arc<dyn ColumnFunction>,
    /// Names of the columns the function reads, in order.
    pub inputs: Vec<String>,
    /// Hidden columns are helpers: computed when needed, never part of the schema.
    pub hidden: bool,
    /// The call site whose stream the column uses: `(column, call position)`. `None` means
    /// `(name, 0)`, the column's own first call site. A hidden helper column holding the
    /// `k`-th generator call of user column `c` uses `(c, k)`, so its values depend only on
    /// (table seed, `c`, `k`) and not on the helper's name.
    pub stream: Option<(String, u32)>,
}

impl ColumnDef {
    /// A visible column.
    pub fn new(name: impl Into<String>, function: Arc<dyn ColumnFunction>) -> Self {
        ColumnDef {
            name: name.into(),
            function,
            inputs: vec![],
            hidden: false,
            stream: None,
        }
    }

    /// Sets the input columns.
    pub fn with_inputs<S: Into<String>>(mut self, inputs: impl IntoIterator<Item = S>) -> Self {
        self.inputs = inputs.into_iter().map(Into::into).collect();
        self
    }

    /// Hides the column from the output.
    pub fn hidden(mut self) -> Self {
        self.hidden = true;
        self
    }

    /// Uses the stream of call site `call` of column `column` instead of `(name, 0)`.
    pub fn with_stream(mut self, column: impl Into<String>, call: u32) -> Self {
        self.stream = Some((column.into(), call));
        self
    }

    /// The stream this column draws from in a table with seed `seed` (see [`stream_of`]).
    pub fn stream_in(&self, seed: u64) -> u64 {
        match &self.stream {
            Some((column, call)) => stream_of(seed, column, *call),
            None => stream_of(seed, &self.name, 0),
        }
    }
}
