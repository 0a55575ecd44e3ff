//! Values written the way a person writes them: `Ja`, `Nej, endast VoR`, `Inte helt
//! tillräcklig`, `Uppfoljning`. One function ([`same_word`]) decides what counts as the same word, and
//! the JSON Schema pattern of each vocabulary is generated from the same rule, so the loader,
//! the schema check, the quick `typ` scan and an editor's yaml-language-server all accept
//! exactly the same spellings.

use schemars::Schema;

/// White space as one space between words, none around them.
fn spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The characters a person may type for the letter `c` of a word: the letter in either case,
/// and for `å`, `ä`, `ö`, `é` also the letter without its marks (`uppfoljning`), never the
/// other way round (`jä` is not `ja`). Only these letters (not full Unicode case folding),
/// because the schema pattern lists exactly them.
fn typed_as(c: char) -> &'static str {
    match c {
        'å' | 'Å' => "åÅaA",
        'ä' | 'Ä' => "äÄaA",
        'ö' | 'Ö' => "öÖoO",
        'é' | 'É' => "éÉeE",
        _ => "",
    }
}

/// Whether `typed` is `word` as a person may write it: any case, with or without Swedish
/// diacritics, any white space between words and none needed around them.
pub fn same_word(word: &str, typed: &str) -> bool {
    let (word, typed) = (spaced(word), spaced(typed));
    word.chars().count() == typed.chars().count()
        && word.chars().zip(typed.chars()).all(|(w, t)| {
            let marked = typed_as(w);
            if marked.is_empty() {
                w.eq_ignore_ascii_case(&t)
            } else {
                marked.contains(t)
            }
        })
}

/// A closed set of words and what each means.
pub struct Vocabulary<T: 'static> {
    /// The spellings shown to people (in help texts and as editor suggestions), canonical first.
    pub shown: &'static [&'static str],
    /// Every accepted spelling (compared with [`same_word`]) and its meaning.
    pub words: &'static [(&'static str, T)],
}

impl<T: Copy> Vocabulary<T> {
    /// The meaning of `text`, when it is one of the words in any case and with or without
    /// Swedish diacritics.
    pub fn parse(&self, text: &str) -> Option<T> {
        self.words
            .iter()
            .find(|(word, _)| same_word(word, text))
            .map(|(_, value)| *value)
    }

    /// An ECMA-262 (and Rust `regex`) pattern matching exactly the strings [`Self::parse`]
    /// accepts: `[pP][lL][aA][nN]` rather than a case-insensitive flag, which JSON Schema
    /// patterns do not have.
    pub fn pattern(&self) -> String {
        let alternatives: Vec<String> = self
            .words
            .iter()
            .map(|(word, _)| word_pattern(&spaced(word)))
            .collect();
        format!("^\\s*(?:{})\\s*$", alternatives.join("|"))
    }

    /// The allowed spellings as a help text lists them: «ja», «nej», «Nej, endast VoR».
    pub fn listed(&self) -> String {
        self.shown
            .iter()
            .map(|w| format!("«{w}»"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The schema of a value of this vocabulary: text matching [`Self::pattern`], with the
    /// shown spellings as editor suggestions (`examples`).
    pub fn schema(&self, description: &str, also_boolean: bool) -> Schema {
        let types: serde_json::Value = if also_boolean {
            serde_json::json!(["string", "boolean"])
        } else {
            serde_json::json!("string")
        };
        let mut map = serde_json::Map::new();
        map.insert("description".into(), description.into());
        map.insert("type".into(), types);
        map.insert("pattern".into(), self.pattern().into());
        map.insert("examples".into(), serde_json::json!(self.shown));
        Schema::from(map)
    }
}

/// Deserialize a word of `vocabulary`; `boolean` says what `true`/`false` mean, if anything.
pub(crate) fn deserialize_word<'de, D, T>(
    deserializer: D,
    vocabulary: &'static Vocabulary<T>,
    boolean: Option<fn(bool) -> T>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Copy + 'static,
{
    struct WordVisitor<T: 'static> {
        vocabulary: &'static Vocabulary<T>,
        boolean: Option<fn(bool) -> T>,
    }

    impl<T: Copy + 'static> serde::de::Visitor<'_> for WordVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "ett av {}", self.vocabulary.listed())
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
            self.vocabulary.parse(text).ok_or_else(|| {
                E::custom(format!(
                    "«{text}» är inte tillåtet; tillåtna värden: {}",
                    self.vocabulary.listed()
                ))
            })
        }

        fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<T, E> {
            match self.boolean {
                Some(meaning) => Ok(meaning(value)),
                None => Err(E::custom(format!(
                    "väntade text: {}",
                    self.vocabulary.listed()
                ))),
            }
        }
    }

    deserializer.deserialize_any(WordVisitor {
        vocabulary,
        boolean,
    })
}

/// `Deserialize` and `JsonSchema` for a unit enum read through a [`Vocabulary`].
macro_rules! lenient_enum {
    ($ty:ty, $vocabulary:expr, $name:literal, $description:literal, $boolean:expr) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let boolean: Option<fn(bool) -> $ty> = $boolean;
                $crate::model::lenient::deserialize_word(d, &$vocabulary, boolean)
            }
        }

        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let boolean: Option<fn(bool) -> $ty> = $boolean;
                $vocabulary.schema($description, boolean.is_some())
            }
        }
    };
}
pub(crate) use lenient_enum;

fn word_pattern(word: &str) -> String {
    let mut out = String::new();
    let mut in_space = false;
    for c in word.chars() {
        if c == ' ' {
            if !in_space {
                out.push_str("\\s+");
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let marked = typed_as(c);
        if !marked.is_empty() {
            out.push('[');
            out.push_str(marked);
            out.push(']');
        } else if c.is_ascii_alphabetic() {
            out.push('[');
            out.push(c.to_ascii_lowercase());
            out.push(c.to_ascii_uppercase());
            out.push(']');
        } else if "^$\\.*+?()[]{}|/".contains(c) {
            out.push('\\');
            out.push(c);
        } else {
            // Not escaped otherwise: with the `u` flag editors use, `\,` would be an error.
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    static YES_NO: Vocabulary<bool> = Vocabulary {
        shown: &["ja", "nej", "Nej, endast VoR"],
        words: &[("ja", true), ("nej", false), ("nej, endast VoR", false)],
    };

    #[test]
    fn words_match_in_any_case_with_or_without_diacritics() {
        assert!(same_word("uppföljning", "  Uppfoljning "));
        assert!(same_word("uppföljning", "UPPFÖLJNING"));
        assert!(same_word("nej, endast VoR", "Nej,  endast\tvor"));
        assert!(same_word("ks-punkter", "KS-punkter"));
        assert!(!same_word("ja", "jä"));
        assert!(!same_word("plan", "planer"));
        assert_eq!(YES_NO.parse("NEJ, ENDAST VOR"), Some(false));
        assert_eq!(YES_NO.parse("Ja"), Some(true));
        assert_eq!(YES_NO.parse("kanske"), None);
    }

    #[test]
    fn the_pattern_accepts_exactly_what_parse_accepts() {
        let re = matches_pattern(&YES_NO.pattern());
        for text in [
            "ja",
            "Ja",
            "JA",
            "nej",
            "Nej, endast VoR",
            "nej,  endast vor",
            "kanske",
            "ja ja",
            "nejj",
            "Nej endast VoR",
            "jä",
            "JÅ",
            "",
        ] {
            assert_eq!(
                re(text),
                YES_NO.parse(text).is_some(),
                "pattern and parse disagree on «{text}»"
            );
        }
    }

    /// Validate through `jsonschema`, the same engine the schema check uses.
    fn matches_pattern(pattern: &str) -> impl Fn(&str) -> bool + use<> {
        let schema = serde_json::json!({ "type": "string", "pattern": pattern });
        let validator = jsonschema::validator_for(&schema).expect("valid pattern");
        move |text| validator.is_valid(&serde_json::json!(text))
    }
}
