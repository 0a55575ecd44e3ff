//! JSON Schemas generated from the model, and validation of the spanned tree against them.

mod generate;

pub use generate::schema_for;
