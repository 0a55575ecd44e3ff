//! Building the spanned tree straight from `saphyr-parser` events.
//!
//! We do not go through a generic deserializer: building our own small tree from the event
//! stream is both faster and the only place where the limits below can be enforced before
//! memory is spent (see ARCHITECTURE.md).

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};
use serde::{Deserialize, Serialize};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::{Entry, Node, Value};
use crate::source::{SourceFile, Span};

/// Limits that no real plan comes near; each one stops a hostile or broken file early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Största filstorlek i byte.
    pub max_byte: u64,
    /// Största antal värden (noder) i ett dokument, inklusive de som alias expanderar till.
    pub max_noder: usize,
    /// Största nästlingsdjup.
    pub max_djup: usize,
    /// Största antal noder som alias (`*namn`) får expandera till sammanlagt.
    pub max_alias_noder: usize,
    /// Längsta tillåtna text i ett enskilt värde, i byte.
    pub max_textlängd: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_byte: 16 * 1024 * 1024,
            max_noder: 1_000_000,
            max_djup: 64,
            max_alias_noder: 10_000,
            max_textlängd: 1024 * 1024,
        }
    }
}

/// Why a file could not be turned into a tree.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub kind: LoadErrorKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoadErrorKind {
    /// The YAML (or JSON) syntax is broken; the text is the parser's own explanation.
    Syntax(String),
    /// A limit from [`Limits`] was passed.
    Limit { what: &'static str, limit: u64 },
    /// An alias refers to an anchor that was never defined.
    UnknownAlias,
    /// The file holds more than one YAML document (`---`).
    MultipleDocuments,
    /// The same key appears twice in one mapping; `first` is the earlier key.
    DuplicateKey { key: String, first: Span },
}

/// Parse `file` into a spanned tree. An empty file (or one of only comments) gives `Ok(None)`.
pub fn parse(file: &SourceFile, limits: &Limits) -> Result<Option<Node>, LoadError> {
    let mut builder = Builder {
        positions: Positions::new(file),
        limits,
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        alias_nodes: 0,
        root: None,
    };
    let mut parser = Parser::new_from_str(&file.text);
    let mut documents = 0usize;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            let span = builder.positions.point(*e.marker());
            // The scanner has its own nesting guard, which runs ahead of ours.
            if e.info() == "recursion limit exceeded" {
                limit("max_djup", limits.max_djup, span)
            } else {
                LoadError {
                    kind: LoadErrorKind::Syntax(e.info().to_string()),
                    span,
                }
            }
        })?;
        let span = builder.positions.span(span.start, span.end);
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(LoadError {
                        kind: LoadErrorKind::MultipleDocuments,
                        span,
                    });
                }
            }
            Event::StreamEnd => break,
            other => builder.event(other, span)?,
        }
    }
    Ok(builder.root)
}

struct Frame {
    node: Node,
    anchor: usize,
    /// For mappings: a key waiting for its value.
    pending_key: Option<Node>,
    /// Size of the subtree so far, to budget alias expansion.
    size: usize,
}

struct Builder<'a> {
    positions: Positions<'a>,
    limits: &'a Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    alias_nodes: usize,
    root: Option<Node>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), LoadError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                if text.len() > self.limits.max_textlängd {
                    return Err(limit("max_textlängd", self.limits.max_textlängd, span));
                }
                let tag = tag.map(|t| t.suffix.clone());
                let value = resolve_scalar(&text, style, tag.as_deref());
                self.count(1, span)?;
                self.finish(Node { value, span }, anchor, 1)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= self.limits.max_djup {
                    return Err(limit("max_djup", self.limits.max_djup, span));
                }
                self.count(1, span)?;
                let value = if matches!(event, Event::SequenceStart(..)) {
                    Value::Seq(Vec::new())
                } else {
                    Value::Map(Vec::new())
                };
                self.stack.push(Frame {
                    node: Node { value, span },
                    anchor,
                    pending_key: None,
                    size: 1,
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(mut frame) = self.stack.pop() else {
                    return Ok(());
                };
                frame.node.span = frame.node.span.cover(span);
                self.finish(frame.node, frame.anchor, frame.size)
            }
            Event::Alias(id) => {
                let Some((node, size)) = self.anchors.get(&id) else {
                    return Err(LoadError {
                        kind: LoadErrorKind::UnknownAlias,
                        span,
                    });
                };
                let (node, size) = (node.clone_with_span(span), *size);
                self.alias_nodes = self.alias_nodes.saturating_add(size);
                if self.alias_nodes > self.limits.max_alias_noder {
                    return Err(limit("max_alias_noder", self.limits.max_alias_noder, span));
                }
                self.count(size, span)?;
                self.finish(node, 0, size)
            }
            _ => Ok(()),
        }
    }

    fn count(&mut self, n: usize, span: Span) -> Result<(), LoadError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_noder {
            return Err(limit("max_noder", self.limits.max_noder, span));
        }
        Ok(())
    }

    /// Attach a completed node to its parent (or make it the root).
    fn finish(&mut self, node: Node, anchor: usize, size: usize) -> Result<(), LoadError> {
        if anchor != 0 {
            // Anchored subtrees are kept whole so an alias can be expanded; their size is
            // remembered so expansion is charged before any copy is made.
            self.anchors.insert(anchor, (node.clone(), size));
        }
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        parent.size = parent.size.saturating_add(size);
        match &mut parent.node.value {
            Value::Seq(items) => items.push(node),
            Value::Map(entries) => match parent.pending_key.take() {
                None => parent.pending_key = Some(normalize_key(node)),
                Some(key) => {
                    if let Some(first) = entries
                        .iter()
                        .find(|e| e.key.value == key.value)
                        .map(|e| e.key.span)
                    {
                        return Err(LoadError {
                            kind: LoadErrorKind::DuplicateKey {
                                key: key.key_text(),
                                first,
                            },
                            span: key.span,
                        });
                    }
                    entries.push(Entry { key, value: node });
                }
            },
            _ => {}
        }
        Ok(())
    }
}

impl Node {
    /// A copy of an anchored node placed at an alias: the copy points at the alias.
    fn clone_with_span(&self, span: Span) -> Node {
        let mut node = self.clone();
        node.span = span;
        node
    }
}

fn limit(what: &'static str, limit: impl TryInto<u64>, span: Span) -> LoadError {
    LoadError {
        kind: LoadErrorKind::Limit {
            what,
            limit: limit.try_into().unwrap_or(u64::MAX),
        },
        span,
    }
}

/// Keys are compared in Unicode NFC, so `ä` typed as `a` + combining diaeresis still matches
/// the field name `nämnd`.
fn normalize_key(mut key: Node) -> Node {
    if let Value::Str(s) = &mut key.value
        && is_nfc_quick(s.chars()) != IsNormalized::Yes
    {
        *s = s.nfc().collect();
    }
    key
}

/// YAML 1.2 core schema resolution for untagged plain scalars; quoted and block scalars are
/// always text.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    match tag {
        Some("str") => return Value::Str(text.to_string()),
        Some("null") => return Value::Null,
        _ => {}
    }
    if style != ScalarStyle::Plain {
        return Value::Str(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(i) = parse_int(text) {
        return Value::Int(i);
    }
    if looks_like_float(text)
        && let Ok(f) = text.parse::<f64>()
    {
        return Value::Float(f);
    }
    Value::Str(text.to_string())
}

fn parse_int(text: &str) -> Option<i64> {
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn looks_like_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let mut seen_digit = false;
    for (i, b) in body.bytes().enumerate() {
        match b {
            b'0'..=b'9' => seen_digit = true,
            b'.' => {}
            b'e' | b'E' => return seen_digit && parse_exponent(&body[i + 1..]),
            _ => return false,
        }
    }
    seen_digit && body.bytes().filter(|b| *b == b'.').count() <= 1
}

fn parse_exponent(exp: &str) -> bool {
    let digits = exp.strip_prefix(['-', '+']).unwrap_or(exp);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Turns the parser's character-based markers into byte offsets.
///
/// The parser counts characters; we keep byte spans (cheap slicing, codespan's unit). Markers
/// arrive almost always in increasing order, so a forward cursor makes the conversion linear;
/// an earlier marker restarts from the start of its line.
struct Positions<'a> {
    text: &'a str,
    line_starts: &'a [usize],
    char_idx: usize,
    byte_idx: usize,
}

impl<'a> Positions<'a> {
    fn new(file: &'a SourceFile) -> Self {
        Positions {
            text: &file.text,
            line_starts: file.line_starts(),
            char_idx: 0,
            byte_idx: 0,
        }
    }

    fn span(&mut self, start: Marker, end: Marker) -> Span {
        let s = self.byte(start);
        let e = self.byte(end);
        Span::new(s, e.max(s))
    }

    fn point(&mut self, at: Marker) -> Span {
        let b = self.byte(at);
        Span::new(b, b)
    }

    fn byte(&mut self, m: Marker) -> usize {
        let target = m.index();
        if target < self.char_idx {
            // Restart from the marker's line, whose byte offset we know.
            let line_start = self
                .line_starts
                .get(m.line().saturating_sub(1))
                .copied()
                .unwrap_or(0);
            let col_bytes: usize = self.text[line_start..]
                .chars()
                .take(m.col())
                .map(char::len_utf8)
                .sum();
            return (line_start + col_bytes).min(self.text.len());
        }
        let rest = &self.text[self.byte_idx..];
        let need = target - self.char_idx;
        // Fast path: ASCII runs are one byte per character.
        let ascii = rest
            .as_bytes()
            .iter()
            .take(need)
            .take_while(|b| b.is_ascii())
            .count();
        let mut bytes = ascii;
        if ascii < need {
            bytes += rest[ascii..]
                .chars()
                .take(need - ascii)
                .map(char::len_utf8)
                .sum::<usize>();
        }
        self.byte_idx = (self.byte_idx + bytes).min(self.text.len());
        self.char_idx = target;
        self.byte_idx
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn tree(text: &str) -> Result<Option<Node>, LoadError> {
        parse(
            &SourceFile::new(Path::new("t.yaml"), text.to_string()),
            &Limits::default(),
        )
    }

    #[test]
    fn spans_are_bytes_even_after_swedish_letters() {
        let text = "nämnd: Servicenämnden\når: 2025\n";
        let root = tree(text).unwrap().unwrap();
        let year = root.get("år").unwrap();
        assert_eq!(year.value, Value::Int(2025));
        assert_eq!(&text[year.span.range()], "2025");
        let name = root.get("nämnd").unwrap();
        assert_eq!(&text[name.span.range()], "Servicenämnden");
    }

    #[test]
    fn plain_scalars_resolve_like_yaml_1_2() {
        let root = tree("a: ~\nb: '12'\nc: 12\nd: 1.5\ne: ja\nf: 2024-12-12\n")
            .unwrap()
            .unwrap();
        assert_eq!(root.get("a").unwrap().value, Value::Null);
        assert_eq!(root.get("b").unwrap().value, Value::Str("12".into()));
        assert_eq!(root.get("c").unwrap().value, Value::Int(12));
        assert_eq!(root.get("d").unwrap().value, Value::Float(1.5));
        assert_eq!(root.get("e").unwrap().value, Value::Str("ja".into()));
        assert_eq!(
            root.get("f").unwrap().value,
            Value::Str("2024-12-12".into())
        );
    }

    #[test]
    fn alias_bomb_stops_at_the_alias_budget() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = tree(&text).unwrap_err();
        assert!(matches!(
            err.kind,
            LoadErrorKind::Limit {
                what: "max_alias_noder",
                ..
            }
        ));
    }

    #[test]
    fn deep_nesting_stops_at_the_depth_limit() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        let err = tree(&text).unwrap_err();
        assert!(
            matches!(
                err.kind,
                LoadErrorKind::Limit {
                    what: "max_djup",
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(matches!(
            err.kind,
            LoadErrorKind::Limit {
                what: "max_djup",
                ..
            }
        ));
    }

    #[test]
    fn duplicate_keys_are_an_error_at_the_second_key() {
        let text = "år: 2024\når: 2025\n";
        let err = tree(text).unwrap_err();
        assert!(matches!(err.kind, LoadErrorKind::DuplicateKey { .. }));
        assert_eq!(err.span.start as usize, text.rfind("år").unwrap());
    }

    #[test]
    fn decomposed_keys_are_normalized() {
        let root = tree("na\u{308}mnd: x\n").unwrap().unwrap();
        assert!(root.get("nämnd").is_some());
    }

    #[test]
    fn empty_and_comment_only_files_have_no_tree() {
        assert_eq!(tree("").unwrap(), None);
        assert_eq!(tree("# bara en kommentar\n").unwrap(), None);
    }
}
