//! Generators used outside a synthetic table: every generator name (and `nullify`) is
//! registered as a scalar function that fails at planning with a clear message, instead of
//! DataFusion's "Invalid function" — a generator's values are a function of a table's row
//! index and seed, which an ordinary query does not have.

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::ddl::generator_signature;

/// The planning-time error function standing for generator `name` outside a synthetic
/// table.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct GeneratorOutsideTable {
    name: String,
    signature: Signature,
}

impl GeneratorOutsideTable {
    /// The stand-in for generator `name`.
    pub fn new(name: impl Into<String>) -> Self {
        GeneratorOutsideTable {
            name: name.into(),
            signature: Signature::user_defined(Volatility::Volatile),
        }
    }

    fn message(&self) -> String {
        let usage = generator_signature(&self.name)
            .map(|s| format!("; {s}"))
            .unwrap_or_default();
        format!(
            "{}() generates per-row values and can only be used in a CREATE SYNTHETIC TABLE column expression, e.g. CREATE SYNTHETIC TABLE t (x … GENERATED ALWAYS AS (…)) WITH (rows = 1000){usage}",
            self.name
        )
    }
}

impl ScalarUDFImpl for GeneratorOutsideTable {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        // Accept any arguments here; `return_type` reports the error (an error here would be
        // wrapped into DataFusion's "no function matches" text).
        Ok(arg_types.to_vec())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        plan_err!("{}", self.message())
    }

    fn invoke_with_args(&self, _args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        exec_err!("{}", self.message())
    }
}
