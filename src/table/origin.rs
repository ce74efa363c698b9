//! [`TableOrigin`]: how a synthetic table was made, in terms another process can replay —
//! the Spider parameters, or the canonical `CREATE SYNTHETIC TABLE` text with the parent
//! tables it captured. The cluster codecs ship a table as its origin and rebuild it on the
//! scheduler and the executors; every cell being a pure function of (seed, column, row),
//! the rebuilt table generates the same bytes.
//!
//! The parents are of type `P`: the tables themselves in a session
//! (`TableOrigin<Arc<SyntheticTable>>`), their own recipes when the origin crosses a
//! process boundary (the cluster's `TableRecipe`, serialized with serde under the
//! `cluster` feature).

/// A Spider table as its parameters: the table name, and `spider(distribution,
/// cardinality, seed, options)` with the options as `key=value` pairs besides those three.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "cluster", derive(serde::Serialize, serde::Deserialize))]
pub struct SpiderOrigin {
    /// The table name.
    pub name: String,
    /// The distribution name.
    pub distribution: String,
    /// The number of rows.
    pub cardinality: u64,
    /// The seed.
    pub seed: u64,
    /// The remaining options, keys in lower case.
    pub options: Vec<(String, String)>,
}

/// How a synthetic table was made; `P` holds a parent table.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "cluster", derive(serde::Serialize, serde::Deserialize))]
pub enum TableOrigin<P> {
    /// `spider(...)` or `STORED AS SPIDER`.
    Spider(SpiderOrigin),
    /// `CREATE SYNTHETIC TABLE` (or `SqlTableBuilder`):
    /// the registered name, the canonical definition and the parents it captured.
    Declared {
        /// The name the table was registered under.
        name: String,
        /// The canonical definition (what `SHOW CREATE TABLE` shows).
        definition: String,
        /// The tables the definition references, by the name it uses for them.
        parents: Vec<(String, P)>,
    },
}

impl<P> TableOrigin<P> {
    /// The same origin with every parent mapped by `f`.
    pub fn try_map_parents<Q, E>(
        &self,
        mut f: impl FnMut(&P) -> Result<Q, E>,
    ) -> Result<TableOrigin<Q>, E> {
        Ok(match self {
            TableOrigin::Spider(s) => TableOrigin::Spider(s.clone()),
            TableOrigin::Declared {
                name,
                definition,
                parents,
            } => TableOrigin::Declared {
                name: name.clone(),
                definition: definition.clone(),
                parents: parents
                    .iter()
                    .map(|(n, p)| Ok((n.clone(), f(p)?)))
                    .collect::<Result<_, E>>()?,
            },
        })
    }
}
