//! JSON Schemas generated from the model, and validation of the spanned tree against them.

mod generate;
mod instance;

mod validate;

pub use generate::{config_schema, schema_for};
pub use instance::TreeJson;
pub use validate::{MAX_SCHEMA_ERRORS, SchemaError, SchemaProblem, validate};
