//! A serde `Deserializer` over the spanned tree, so the typed model can be derived with serde
//! and still know where each value came from ([`crate::model::Spanned`]).

use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess,
    Visitor,
};

use super::{Entry, Node, Value};
use crate::model::spanned::{
    SPANNED_END, SPANNED_FIELDS, SPANNED_NAME, SPANNED_START, SPANNED_VALUE,
};
use crate::source::Span;

/// Deserialize a typed value from a node (a copy of it: see [`from_node_owned`]).
pub fn from_node<T: DeserializeOwned>(node: &Node) -> Result<T, DeError> {
    from_node_owned(node.clone())
}

/// Deserialize a typed value from a node, consuming it: every text moves into the model
/// instead of being copied, which is most of the cost of building the model.
pub fn from_node_owned<T: DeserializeOwned>(node: Node) -> Result<T, DeError> {
    T::deserialize(NodeDeserializer { node })
}

/// A deserialization error with the span of the value that caused it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeError {
    pub message: String,
    pub span: Option<Span>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            span: None,
        }
    }
}

impl DeError {
    fn at(mut self, span: Span) -> Self {
        self.span.get_or_insert(span);
        self
    }
}

struct NodeDeserializer {
    node: Node,
}

impl<'de> Deserializer<'de> for NodeDeserializer {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.node.span;
        let result = match self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(i) => visitor.visit_i64(i),
            Value::Float(f) => visitor.visit_f64(f),
            Value::Str(s) => visitor.visit_string(s),
            Value::Seq(items) => visitor.visit_seq(Items {
                iter: items.into_iter(),
            }),
            Value::Map(entries) => visitor.visit_map(Entries {
                iter: entries.into_iter(),
                value: None,
            }),
        };
        result.map_err(|e| e.at(span))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    // Ids and free texts may be written as numbers (`id: 5`, `period: 2019`); the schema
    // allows that, so a string field accepts a scalar of any kind.
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Int(i) => visitor.visit_string(i.to_string()),
            Value::Float(f) => visitor.visit_string(f.to_string()),
            Value::Bool(b) => visitor.visit_string(b.to_string()),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_string(visitor)
    }

    // A whole number written with a decimal point (`riskvärde: 9.0`) is that number: JSON
    // Schema calls it an integer too, so the schema check has already let it through.
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.value {
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => visitor.visit_i64(f as i64),
            Value::Float(f) if f.fract() == 0.0 => Err(DeError {
                message: format!("talet {f} är för stort för ett heltal här"),
                span: Some(self.node.span),
            }),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name == SPANNED_NAME && fields == SPANNED_FIELDS {
            return visitor.visit_map(SpannedAccess {
                span: self.node.span,
                node: Some(self.node),
                state: 0,
            });
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let span = self.node.span;
        match self.node.value {
            Value::Str(s) => visitor
                .visit_enum(s.into_deserializer())
                .map_err(|e: DeError| e.at(span)),
            _ => Err(DeError {
                message: format!("väntade text, fann {}", self.node.kind_name()),
                span: Some(span),
            }),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i128 u8 u16 u32 u64 u128 f32 f64 char
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map identifier ignored_any
    }
}

struct Items {
    iter: std::vec::IntoIter<Node>,
}

impl<'de> SeqAccess<'de> for Items {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.iter.next() {
            Some(node) => seed.deserialize(NodeDeserializer { node }).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct Entries {
    iter: std::vec::IntoIter<Entry>,
    value: Option<Node>,
}

impl<'de> MapAccess<'de> for Entries {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.iter.next() {
            Some(entry) => {
                self.value = Some(entry.value);
                seed.deserialize(NodeDeserializer { node: entry.key })
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(node) => seed.deserialize(NodeDeserializer { node }),
            None => Err(de::Error::custom("värde saknas")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// Hands a `Spanned<T>` its start, end and value (the protocol of `model::spanned`).
struct SpannedAccess {
    span: Span,
    node: Option<Node>,
    state: u8,
}

impl<'de> MapAccess<'de> for SpannedAccess {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let key = match self.state {
            0 => SPANNED_START,
            1 => SPANNED_END,
            2 => SPANNED_VALUE,
            _ => return Ok(None),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let state = self.state;
        self.state += 1;
        match state {
            0 => seed.deserialize(u64::from(self.span.start).into_deserializer()),
            1 => seed.deserialize(u64::from(self.span.end).into_deserializer()),
            _ => match self.node.take() {
                Some(node) => seed.deserialize(NodeDeserializer { node }),
                None => Err(de::Error::custom("värde saknas")),
            },
        }
    }
}
