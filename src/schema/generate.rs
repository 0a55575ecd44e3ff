//! Schema generation with `schemars`. The committed files in `schemas/` are these schemas;
//! a test fails when they are stale.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use crate::model::{DocKind, FollowUp, KsPoints, Plan};

/// The JSON Schema of one document kind.
pub fn schema_for(kind: DocKind) -> Schema {
    match kind {
        DocKind::Plan => generate::<Plan>(kind.schema_stem()),
        DocKind::FollowUp => generate::<FollowUp>(kind.schema_stem()),
        DocKind::KsPoints => generate::<KsPoints>(kind.schema_stem()),
    }
}

fn generate<T: JsonSchema>(stem: &str) -> Schema {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert(
        "$id".to_string(),
        format!("https://ikp.example/schemas/{stem}.schema.json").into(),
    );
    schema
}

/// The JSON Schema of `ikp.toml`.
pub fn config_schema() -> Schema {
    generate::<crate::config::ConfigFile>("config")
}
