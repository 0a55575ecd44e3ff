//! `Spanned<T>`: a model value and where it was written.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};

use crate::source::Span;

// The protocol between `Spanned<T>` and our tree deserializer (the same trick `toml` uses):
// a struct with these reserved names asks the deserializer for the span of the value.
pub(crate) const SPANNED_NAME: &str = "$__ikp_spanned";
pub(crate) const SPANNED_START: &str = "$__ikp_start";
pub(crate) const SPANNED_END: &str = "$__ikp_end";
pub(crate) const SPANNED_VALUE: &str = "$__ikp_value";
pub(crate) const SPANNED_FIELDS: &[&str] = &[SPANNED_START, SPANNED_END, SPANNED_VALUE];

/// A value together with the span of its text in the source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Display> fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SpannedVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
            type Value = Spanned<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value with its position")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Spanned<T>, A::Error> {
                let start = next_field::<A, u64>(&mut map, SPANNED_START)?;
                let end = next_field::<A, u64>(&mut map, SPANNED_END)?;
                let value = next_field::<A, T>(&mut map, SPANNED_VALUE)?;
                Ok(Spanned {
                    value,
                    span: Span::new(
                        usize::try_from(start).unwrap_or(usize::MAX),
                        usize::try_from(end).unwrap_or(usize::MAX),
                    ),
                })
            }
        }

        fn next_field<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
            map: &mut A,
            name: &'static str,
        ) -> Result<V, A::Error> {
            match map.next_key_seed(KeyIs(name))? {
                Some(true) => map.next_value(),
                _ => Err(de::Error::custom(
                    "Spanned<T> can only be read through ikp's tree deserializer",
                )),
            }
        }

        /// Whether the next key is `name`, compared without allocating: this runs three times
        /// for every value of every document.
        struct KeyIs(&'static str);

        impl<'de> de::DeserializeSeed<'de> for KeyIs {
            type Value = bool;

            fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
                deserializer.deserialize_str(self)
            }
        }

        impl<'de> Visitor<'de> for KeyIs {
            type Value = bool;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0)
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
                Ok(key == self.0)
            }
        }

        deserializer.deserialize_struct(SPANNED_NAME, SPANNED_FIELDS, SpannedVisitor(PhantomData))
    }
}

// The schema of a spanned value is the schema of the value: positions are not written.
impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
