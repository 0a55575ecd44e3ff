//! The spanned tree as a `jsonschema` instance.
//!
//! `jsonschema` validates any representation that implements its `Json` traits. Implementing
//! them for [`Node`] lets the validator read the tree we already built, instead of a
//! `serde_json::Value` copy of it: no second tree, no copied strings and keys. The only
//! conversion left is on the cold path (`to_value`, used when an error is built).
//!
//! The view is the same as [`Node::to_json`]: non-string keys read as their YAML text, and
//! NaN and infinities (which JSON cannot hold) read as strings.

use std::borrow::Cow;

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, JsonNumber, Node as JsonNode, NodeIdentity, Object};

use crate::tree::{Entry, Node, Value};

/// The marker type naming our representation to `jsonschema`.
pub struct TreeJson;

impl Json for TreeJson {
    type Node<'a> = &'a Node;
    type PreparedKey = String;
    type StringBuffer = Node;

    // Our mappings are vectors scanned in order, and the documents' mappings are small: one
    // pass over the members beats repeated lookups for any mapping a real document has.
    const KEYS_PER_LOOKUP: usize = 16;
    // Aliases are expanded into copies, so no node is its own descendant.
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(buffer: &mut Node, string: &str, f: impl FnOnce(&Node) -> T) -> T {
        match &mut buffer.value {
            Value::Str(s) => {
                s.clear();
                s.push_str(string);
            }
            other => *other = Value::Str(string.to_owned()),
        }
        f(buffer)
    }
}

/// A number of the tree.
#[derive(Clone, Copy)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl JsonNumber for Number {
    fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::Int(i) => u64::try_from(i).ok(),
            Number::Float(_) => None,
        }
    }

    fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::Int(i) => Some(i),
            Number::Float(_) => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        Some(match *self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        })
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Owned(match *self {
            Number::Int(i) => i.to_string(),
            Number::Float(f) => f.to_string(),
        })
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(match *self {
            Number::Int(i) => serde_json::Number::from(i),
            // Only finite floats are numbers (see `as_number`); 0 is unreachable.
            Number::Float(f) => serde_json::Number::from_f64(f).unwrap_or(0.into()),
        })
    }

    fn is_integer(&self) -> bool {
        match *self {
            Number::Int(_) => true,
            Number::Float(f) => f.fract() == 0.0,
        }
    }

    fn is_written_as_integer(&self) -> bool {
        matches!(self, Number::Int(_))
    }
}

impl<'a> JsonNode<'a, TreeJson> for &'a Node {
    type Object = &'a [Entry];
    type Array = &'a [Node];
    type Number = Number;

    fn as_object(&self) -> Option<&'a [Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.value {
            Value::Str(s) => Some(Cow::Borrowed(s)),
            Value::Float(f) if !f.is_finite() => Some(Cow::Owned(f.to_string())),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<Number> {
        match self.value {
            Value::Int(i) => Some(Number::Int(i)),
            Value::Float(f) if f.is_finite() => Some(Number::Float(f)),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    fn json_type(&self) -> JsonType {
        match &self.value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Int(_) => JsonType::Number,
            Value::Float(f) if f.is_finite() => JsonType::Number,
            Value::Float(_) | Value::Str(_) => JsonType::String,
            Value::Seq(_) => JsonType::Array,
            Value::Map(_) => JsonType::Object,
        }
    }

    // `enum` and `const` (the document kind, `ikp: ja/nej`) compare on every document: answer
    // the common cases without building a `serde_json::Value`.
    fn equals_value(&self, expected: &serde_json::Value) -> bool {
        match (&self.value, expected) {
            (Value::Str(s), serde_json::Value::String(e)) => s == e,
            (Value::Str(_), _) | (_, serde_json::Value::String(_)) => {
                jsonschema::json::cmp::equal(&self.to_value(), expected)
            }
            (Value::Null, serde_json::Value::Null) => true,
            (Value::Bool(b), serde_json::Value::Bool(e)) => b == e,
            _ => jsonschema::json::cmp::equal(&self.to_value(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, serde_json::Value> {
        Cow::Owned(self.to_json())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node>(*self) as usize))
    }
}

/// The members of a mapping, keys as the validator names them.
pub struct Members<'a>(std::slice::Iter<'a, Entry>);

impl<'a> Iterator for Members<'a> {
    type Item = (Cow<'a, str>, &'a Node);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|e| (key_name(&e.key), &e.value))
    }
}

fn key_name(key: &Node) -> Cow<'_, str> {
    match &key.value {
        Value::Str(s) => Cow::Borrowed(s),
        _ => Cow::Owned(key.key_text()),
    }
}

impl<'a> Object<'a, TreeJson> for &'a [Entry] {
    type Node = &'a Node;
    type MemberName = Cow<'a, str>;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        <[Entry]>::len(self)
    }

    fn get(&self, key: &String) -> Option<&'a Node> {
        self.iter()
            .find(|e| match &e.key.value {
                Value::Str(s) => s == key,
                _ => e.key.key_text() == *key,
            })
            .map(|e| &e.value)
    }

    fn members(&self) -> Members<'a> {
        Members(self.iter())
    }
}

impl<'a> Array<'a, TreeJson> for &'a [Node] {
    type Node = &'a Node;
    type ElementsIter = std::slice::Iter<'a, Node>;

    fn len(&self) -> usize {
        <[Node]>::len(self)
    }

    fn elements(&self) -> std::slice::Iter<'a, Node> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::tree::{Limits, parse};
    use std::path::Path;

    fn tree(text: &str) -> Node {
        let file = SourceFile::new(Path::new("t.yaml"), text.to_string());
        parse(&file, &Limits::default()).unwrap().unwrap()
    }

    /// The tree view and the `serde_json` copy must give the same verdicts and the same errors.
    #[test]
    fn agrees_with_the_serde_json_copy() {
        let schema = serde_json::json!({
            "type": "object",
            "properties": {
                "typ": {"enum": ["plan"]},
                "år": {"type": "integer"},
                "namn": {"type": "string", "minLength": 2},
                "lista": {"type": "array", "items": {"type": ["integer", "null"]}},
                "datum": {"type": "string", "format": "date"},
                "tal": {"type": "number", "maximum": 2.5}
            },
            "required": ["typ", "år"],
            "additionalProperties": false
        });
        let ours = jsonschema::options_for::<TreeJson>()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let theirs = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        for text in [
            "typ: plan\når: 2025\n",
            "typ: plan\når: '2025'\n",
            "typ: uppföljning\når: 2025.0\n",
            "typ: plan\når: 2025\nnamn: x\nlista: [1, ~, a]\n",
            "typ: plan\når: 2025\ndatum: 2025-02-30\ntal: .inf\n",
            // One unknown key per case: the message lists several in map order, which differs.
            "typ: plan\når: 2025\n1: ett\n",
            "typ: plan\når: 2025\ntrue: sant\n",
            "typ: plan\når: 2025\nokänd: x\n",
            "år: 2025\ntal: 3\n",
            "- a\n- b\n",
        ] {
            let root = tree(text);
            let json = root.to_json();
            assert_eq!(
                ours.is_valid(&root),
                theirs.is_valid(&json),
                "is_valid differs for {text:?}"
            );
            // The order may differ (`serde_json` sorts keys; the tree keeps the document's
            // order, which `validate` sorts by position anyway), the errors may not.
            let mut mine: Vec<String> = ours
                .iter_errors(&root)
                .map(|e| format!("{} {}", e.instance_path().as_str(), e))
                .collect();
            let mut serde: Vec<String> = theirs
                .iter_errors(&json)
                .map(|e| format!("{} {}", e.instance_path().as_str(), e))
                .collect();
            mine.sort();
            serde.sort();
            assert_eq!(mine, serde, "errors differ for {text:?}");
        }
    }
}
