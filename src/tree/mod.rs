//! The spanned tree: a YAML or JSON document as plain values, each with its [`Span`].
//!
//! This is the first form a document takes after reading. The schema check runs on it (so
//! an error is reported at the exact value), and the typed model is deserialized from it (so
//! every model field can keep its position).

mod de;
mod json;
mod parse;
mod syntax_error;

pub use de::{DeError, from_node, from_node_owned};
pub use parse::{Limits, LoadError, LoadErrorKind, parse};
pub use syntax_error::{Cause as SyntaxCause, SyntaxError};

use crate::source::Span;

/// One value of the document and where it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One `key: value` pair of a mapping. Keys keep their own span so an unknown key can be
/// pointed at.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Node {
    /// The value at `key` if this is a mapping holding that (string) key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.key.as_str() == Some(key)),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The node at a JSON-pointer-like path of keys and indices; returns the deepest node
    /// reached, so a path into something missing still points somewhere useful.
    pub fn locate<I, S>(&self, path: I) -> &Node
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut node = self;
        for segment in path {
            let segment = segment.as_ref();
            let next = match &node.value {
                Value::Map(entries) => entries
                    .iter()
                    .find(|e| e.key.as_str() == Some(segment))
                    .map(|e| &e.value),
                Value::Seq(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }

    /// Like [`Node::locate`], but returns the *key* node when the last segment names a key.
    pub fn locate_key<I, S>(&self, path: I, key: &str) -> Option<&Node>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.locate(path).entry(key).map(|e| &e.key)
    }

    /// A short Swedish name of the kind of value, for messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "tomt värde",
            Value::Bool(_) => "sant/falskt-värde",
            Value::Int(_) => "heltal",
            Value::Float(_) => "decimaltal",
            Value::Str(_) => "text",
            Value::Seq(_) => "lista",
            Value::Map(_) => "mappning",
        }
    }
}
