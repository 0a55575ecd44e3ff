//! Schema generation with `schemars`. The committed files in `schemas/` are these schemas;
//! a test fails when they are stale.
//!
//! The generated schema is then made for editors (yaml-language-server reads it while a
//! person types): every `$ref` is replaced by a copy of its definition, so hovering a field
//! shows the field's own description rather than the shared definition's, and an optional
//! value is `type: [..., "null"]` instead of `anyOf: [{$ref}, {type: null}]`; `default: null`
//! is dropped, so completion never inserts `null`. Our model has no recursive types, so
//! everything can be inlined.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value};

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
    let schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut root = Value::from(schema);
    let defs = match &mut root {
        Value::Object(map) => map.remove("$defs"),
        _ => None,
    };
    let defs = match defs {
        Some(Value::Object(defs)) => defs,
        _ => Map::new(),
    };
    for_editors(&mut root, &defs, 0);
    if let Value::Object(map) = &mut root {
        map.insert(
            "$id".to_string(),
            format!("https://ikp.example/schemas/{stem}.schema.json").into(),
        );
    }
    Schema::try_from(root).unwrap_or_default()
}

/// Inline `$ref`s (the referring schema's own keywords, its description first of all, win over
/// the definition's), turn `anyOf: [X, {type: null}]` into X with `null` among its types, and
/// drop `default: null`. `depth` only guards against a recursive model, which would need a
/// `$ref` kept; ours has none.
fn for_editors(node: &mut Value, defs: &Map<String, Value>, depth: usize) {
    let Value::Object(map) = node else {
        if let Value::Array(items) = node {
            for item in items {
                for_editors(item, defs, depth);
            }
        }
        return;
    };
    if depth < 32 {
        if let Some(Value::String(reference)) = map.get("$ref").cloned()
            && let Some(Value::Object(target)) = reference
                .strip_prefix("#/$defs/")
                .and_then(|name| defs.get(name))
        {
            map.remove("$ref");
            for (key, value) in target {
                map.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
        if let Some(mut inner) = optional_of(map) {
            for_editors(&mut inner, defs, depth + 1);
            // Only when the inner schema says its type, so adding `null` to it keeps the
            // meaning (an enum written as `oneOf` keeps its `anyOf`).
            if let Value::Object(inner) = inner
                && inner.contains_key("type")
            {
                map.remove("anyOf");
                for (key, value) in inner {
                    if key == "type" {
                        map.insert(key, with_null(value));
                    } else {
                        map.entry(key).or_insert(value);
                    }
                }
            }
        }
    }
    if map.get("default") == Some(&Value::Null) {
        map.remove("default");
    }
    for value in map.values_mut() {
        for_editors(value, defs, depth + 1);
    }
}

/// `anyOf: [X, {type: null}]` (how schemars writes `Option<X>` for a referenced X): X.
fn optional_of(map: &Map<String, Value>) -> Option<Value> {
    let Some(Value::Array(alternatives)) = map.get("anyOf") else {
        return None;
    };
    let [first, second] = alternatives.as_slice() else {
        return None;
    };
    let is_null = |v: &Value| v.get("type") == Some(&Value::String("null".into()));
    let inner = match (is_null(first), is_null(second)) {
        (false, true) => first,
        (true, false) => second,
        _ => return None,
    };
    Some(inner.clone())
}

fn with_null(types: Value) -> Value {
    match types {
        Value::String(t) if t == "null" => Value::String(t),
        Value::String(t) => Value::Array(vec![Value::String(t), "null".into()]),
        Value::Array(mut items) => {
            if !items.iter().any(|t| t == "null") {
                items.push("null".into());
            }
            Value::Array(items)
        }
        other => other,
    }
}

/// The JSON Schema of `ikp.toml`.
pub fn config_schema() -> Schema {
    generate::<crate::config::ConfigFile>("config")
}
