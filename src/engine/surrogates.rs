//! JSON writes a character outside the Basic Multilingual Plane (an emoji, some CJK) as a
//! surrogate pair, `"\ud83d\ude00"`; YAML (and so `saphyr-parser`, which reads our JSON too)
//! refuses surrogates. Valid JSON must still load, so before parsing a JSON text each pair
//! inside a double-quoted string is rewritten as the one escape YAML knows for that character,
//! `\U0001F600`, and every position the parser reports is moved back to the original text.
//!
//! Only texts that start like JSON (`{` or `[`) are rewritten: in YAML a `\u` outside double
//! quotes is plain text, and a surrogate escape inside them is an error the user should see.

use crate::source::{SourceFile, Span};
use crate::tree::{self, Limits, LoadError, Node, Value};

/// Bytes saved by each rewrite: `\uD83D\uDE00` (12) becomes `\U0001F600` (10).
const SAVED: u32 = 2;

/// Parse `source` as [`tree::parse`] does, reading JSON surrogate pairs as their character.
pub(super) fn parse(source: &SourceFile, limits: &Limits) -> Result<Option<Node>, LoadError> {
    let Some((text, ends)) = rewrite(&source.text) else {
        return tree::parse(source, limits);
    };
    let rewritten = SourceFile::new(&source.path, text);
    let back = |span: Span| Span {
        start: original(&ends, span.start),
        end: original(&ends, span.end),
    };
    match tree::parse(&rewritten, limits) {
        Ok(Some(mut root)) => {
            remap(&mut root, &back);
            Ok(Some(root))
        }
        Ok(None) => Ok(None),
        Err(mut e) => {
            e.span = back(e.span);
            if let tree::LoadErrorKind::DuplicateKey { first, .. } = &mut e.kind {
                *first = back(*first);
            }
            Err(e)
        }
    }
}

/// The offset in the original text of an offset in the rewritten one.
fn original(ends: &[u32], at: u32) -> u32 {
    let before = ends.partition_point(|&end| end <= at);
    at + SAVED * u32::try_from(before).unwrap_or(u32::MAX / SAVED)
}

fn remap(node: &mut Node, back: &dyn Fn(Span) -> Span) {
    // The tree's depth is bounded by `max_djup` (at most 255): recursion is safe.
    node.span = back(node.span);
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| remap(n, back)),
        Value::Map(entries) => {
            for e in entries {
                remap(&mut e.key, back);
                remap(&mut e.value, back);
            }
        }
        _ => {}
    }
}

/// The text with every surrogate pair in a double-quoted string rewritten, and the end offset
/// (in the rewritten text) of each rewrite; `None` when there is nothing to rewrite.
fn rewrite(text: &str) -> Option<(String, Vec<u32>)> {
    let first = text.bytes().find(|b| !b.is_ascii_whitespace())?;
    if !matches!(first, b'{' | b'[') || !text.contains("\\u") && !text.contains("\\U") {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut ends = Vec::new();
    let mut copied = 0; // bytes of `text` already in `out`
    let mut i = 0;
    let mut in_double = false;
    let mut in_single = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_single {
            // YAML flow style may quote with '…'; '' is a quote inside.
            if b == b'\'' {
                in_single = false;
            }
            i += 1;
            continue;
        }
        if !in_double {
            match b {
                b'"' => in_double = true,
                b'\'' => in_single = true,
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_double = false;
                i += 1;
            }
            b'\\' => {
                if let Some(c) = pair_at(bytes, i) {
                    out.push_str(&text[copied..i]);
                    out.push_str(&format!("\\U{:08X}", u32::from(c)));
                    ends.push(u32::try_from(out.len()).ok()?);
                    i += 12;
                    copied = i;
                } else {
                    // Skip the escaped character, whatever it is (`\"` does not end the string).
                    i += 2;
                }
            }
            _ => i += 1,
        }
    }
    if ends.is_empty() {
        return None;
    }
    out.push_str(text.get(copied..)?);
    Some((out, ends))
}

/// The character of a `\uD8xx\uDCxx` pair starting at `at`.
fn pair_at(bytes: &[u8], at: usize) -> Option<char> {
    let unit = |from: usize| -> Option<u32> {
        let escape = bytes.get(from..from + 6)?;
        if escape[0] != b'\\' || escape[1] != b'u' {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(&escape[2..]).ok()?, 16).ok()
    };
    let high = unit(at)?;
    let low = unit(at + 6)?;
    if !(0xD800..0xDC00).contains(&high) || !(0xDC00..0xE000).contains(&low) {
        return None;
    }
    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn load(text: &str) -> Result<Option<Node>, LoadError> {
        parse(
            &SourceFile::new(Path::new("x.json"), text.to_string()),
            &Limits::default(),
        )
    }

    #[test]
    fn a_pair_is_the_character_and_positions_stay_right() {
        let text = r#"{"a": "x\ud83d\ude00y", "b": "\uD83D\uDE00", "c": 1}"#;
        let root = load(text).unwrap().unwrap();
        assert_eq!(root.get("a").unwrap().as_str(), Some("x😀y"));
        assert_eq!(root.get("b").unwrap().as_str(), Some("😀"));
        let c = root.get("c").unwrap();
        assert_eq!(&text[c.span.start as usize..c.span.end as usize], "1");
        let b = root.entry("b").unwrap();
        assert_eq!(
            &text[b.value.span.start as usize..b.value.span.end as usize],
            r#""\uD83D\uDE00""#
        );
    }

    #[test]
    fn escapes_outside_double_quotes_and_lone_halves_are_left_alone() {
        assert_eq!(rewrite(r#"{'a': '\ud83d\ude00'}"#), None);
        assert_eq!(rewrite(r#"{"a": "\\ud83d\ude00"}"#), None);
        assert_eq!(rewrite("a: \"\\ud83d\\ude00\"\n"), None);
        // A lone high surrogate stays an error, at its place in the original text.
        let text = r#"{"a": "\ud83d", "b": "\ud83d\ude00", "c": [}"#;
        let err = load(text).unwrap_err();
        assert!(err.span.start as usize <= text.len());
    }

    #[test]
    fn an_error_after_a_pair_points_into_the_original_text() {
        let text = "{\"a\": \"\\ud83d\\ude00\", \"b\": [1, }";
        let err = load(text).unwrap_err();
        assert_eq!(&text[err.span.start as usize..], "}");
    }
}
