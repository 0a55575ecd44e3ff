//! JSON Schemas generated from the model, and validation of the spanned tree against them.

mod generate;

mod validate;

pub use generate::{config_schema, schema_for};
pub use validate::{SchemaError, SchemaProblem, validate};
