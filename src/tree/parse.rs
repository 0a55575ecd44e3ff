//! Building the spanned tree straight from `saphyr-parser` events.
//!
//! We do not go through a generic deserializer: building our own small tree from the event
//! stream is both faster and the only place where the limits below can be enforced before
//! memory is spent (see ARCHITECTURE.md).

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};
use serde::{Deserialize, Serialize};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::syntax_error::SyntaxError;
use super::{Entry, Node, Value};
use crate::source::{SourceFile, Span};

// Limits that no real plan comes near; each one stops a hostile or broken file early.
/// Gränser för inläsningen som inget riktigt dokument kommer nära; var och en stoppar en
/// trasig eller fientlig fil i tid.
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
    /// The YAML (or JSON) syntax is broken: the cause, where to edit and the fix.
    Syntax(Box<SyntaxError>),
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
                let explained =
                    super::syntax_error::explain(&file.text, e.info(), span.start as usize);
                LoadError {
                    span: explained.span,
                    kind: LoadErrorKind::Syntax(Box::new(explained)),
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
    /// For large mappings: the keys seen so far by hash, so that finding a duplicate key stays
    /// linear however many keys a (hostile) mapping has. Small mappings are scanned instead.
    keys: Option<HashMap<u64, usize>>,
}

/// Mappings up to this many entries look for a duplicate key by scanning; larger ones index.
const SCANNED_KEYS: usize = 16;

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
                let value = resolve_scalar(text, style, tag.as_ref().map(|t| t.suffix.as_str()));
                self.count(1, span)?;
                self.finish(Node { value, span }, anchor, 1)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= self.limits.max_djup {
                    return Err(limit("max_djup", self.limits.max_djup, span));
                }
                self.count(1, span)?;
                // Room for a typical risk or occasion up front: one allocation, not three.
                let value = if matches!(event, Event::SequenceStart(..)) {
                    Value::Seq(Vec::with_capacity(4))
                } else {
                    Value::Map(Vec::with_capacity(8))
                };
                self.stack.push(Frame {
                    node: Node { value, span },
                    anchor,
                    pending_key: None,
                    size: 1,
                    keys: None,
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
            // remembered so expansion is charged before any copy is made. The copy itself
            // counts against `max_noder`, or nested anchors could multiply memory unseen.
            self.count(size, node.span)?;
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
                    if let Some(first) = find_key(entries, &mut parent.keys, &key.value) {
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

/// The span of an earlier key equal to `key`, if there is one. Records `key` (about to be
/// pushed at index `entries.len()`) in the index of a large mapping.
fn find_key(
    entries: &[Entry],
    index: &mut Option<HashMap<u64, usize>>,
    key: &Value,
) -> Option<Span> {
    if entries.len() < SCANNED_KEYS {
        return entries
            .iter()
            .find(|e| e.key.value == *key)
            .map(|e| e.key.span);
    }
    let index = index.get_or_insert_with(|| {
        let mut map = HashMap::with_capacity(entries.len() * 2);
        for (i, e) in entries.iter().enumerate() {
            map.entry(key_hash(&e.key.value)).or_insert(i);
        }
        map
    });
    let hash = key_hash(key);
    match index.get(&hash) {
        None => {
            index.insert(hash, entries.len());
            None
        }
        Some(&i) if entries[i].key.value == *key => Some(entries[i].key.span),
        // A hash collision (or a NaN key, which equals nothing): rare, so scan.
        Some(_) => entries
            .iter()
            .find(|e| e.key.value == *key)
            .map(|e| e.key.span),
    }
}

fn key_hash(value: &Value) -> u64 {
    use std::hash::{Hash, Hasher};
    fn feed(value: &Value, h: &mut std::collections::hash_map::DefaultHasher) {
        match value {
            Value::Null => 0u8.hash(h),
            Value::Bool(b) => (1u8, b).hash(h),
            Value::Int(i) => (2u8, i).hash(h),
            Value::Float(f) => (3u8, f.to_bits()).hash(h),
            Value::Str(s) => (4u8, s).hash(h),
            Value::Seq(items) => {
                (5u8, items.len()).hash(h);
                items.iter().for_each(|n| feed(&n.value, h));
            }
            Value::Map(entries) => {
                (6u8, entries.len()).hash(h);
                for e in entries {
                    feed(&e.key.value, h);
                    feed(&e.value.value, h);
                }
            }
        }
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    feed(value, &mut h);
    h.finish()
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
fn resolve_scalar(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&str>) -> Value {
    match tag {
        Some("str") => return Value::Str(text.into_owned()),
        Some("null") => return Value::Null,
        _ => {}
    }
    if style != ScalarStyle::Plain {
        return Value::Str(text.into_owned());
    }
    match text.as_ref() {
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
    // Only text that starts like a number can be one: most scalars are words.
    if text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.')) {
        if let Some(i) = parse_int(&text) {
            return Value::Int(i);
        }
        if looks_like_float(&text)
            && let Ok(f) = text.parse::<f64>()
        {
            return Value::Float(f);
        }
    }
    Value::Str(text.into_owned())
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
    file: &'a SourceFile,
    char_idx: usize,
    byte_idx: usize,
}

impl<'a> Positions<'a> {
    fn new(file: &'a SourceFile) -> Self {
        Positions {
            text: &file.text,
            file,
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
                .file
                .line_starts()
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
        let bytes = self.text.as_bytes();
        let mut at = self.byte_idx;
        let mut need = target - self.char_idx;
        // Eight bytes at a time: a character starts at every byte that is not a UTF-8
        // continuation byte (0b10xx_xxxx), so counting those counts characters.
        while need >= 8 {
            let Some(chunk) = bytes.get(at..at + 8) else {
                break;
            };
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let word = u64::from_le_bytes(word);
            let continuation = word & !(word << 1) & 0x8080_8080_8080_8080;
            let starts = 8 - continuation.count_ones() as usize;
            if starts > need {
                break;
            }
            at += 8;
            need -= starts;
        }
        // A chunk may end inside a character already counted: move to the next start.
        while at < bytes.len() && bytes[at] & 0xC0 == 0x80 {
            at += 1;
        }
        while need > 0 && at < bytes.len() {
            // One character: its length from its first byte (the text is valid UTF-8).
            at += match bytes[at] {
                b if b < 0x80 => 1,
                b if b >= 0xF0 => 4,
                b if b >= 0xE0 => 3,
                _ => 2,
            };
            need -= 1;
        }
        self.byte_idx = at.min(bytes.len());
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
    fn spans_stay_exact_across_long_runs_of_multibyte_text() {
        // Runs longer than the eight-byte fast path, with 2-, 3- and 4-byte characters at
        // every offset within a chunk.
        let mut text = String::new();
        let words = [
            "åäö",
            "€uro",
            "kontroll",
            "𝄞𝄞",
            "x",
            "ÅÄÖéü–—",
            "abcdefghijklmnop",
        ];
        for i in 0..40 {
            let value: String = (0..(i % 7 + 1))
                .map(|j| words[(i + j) % words.len()])
                .collect();
            text.push_str(&format!("n{i}: {value}\n"));
        }
        let root = tree(&text).unwrap().unwrap();
        let Value::Map(entries) = &root.value else {
            panic!("not a mapping")
        };
        assert_eq!(entries.len(), 40);
        for e in entries {
            let key = e.key.as_str().unwrap();
            assert_eq!(&text[e.key.span.range()], key);
            let value = e.value.as_str().unwrap();
            assert_eq!(&text[e.value.span.range()], value, "value of {key}");
        }
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
    fn long_texts_and_many_values_stop_at_their_limits() {
        let file = SourceFile::new(Path::new("t.yaml"), format!("a: {}\n", "x".repeat(100)));
        let limits = Limits {
            max_textlängd: 99,
            ..Limits::default()
        };
        let err = parse(&file, &limits).unwrap_err();
        assert_eq!(
            err.kind,
            LoadErrorKind::Limit {
                what: "max_textlängd",
                limit: 99
            }
        );
        let file = SourceFile::new(Path::new("t.yaml"), "[1, 2, 3, 4, 5]\n".to_string());
        let limits = Limits {
            max_noder: 4,
            ..Limits::default()
        };
        let err = parse(&file, &limits).unwrap_err();
        assert_eq!(
            err.kind,
            LoadErrorKind::Limit {
                what: "max_noder",
                limit: 4
            }
        );
    }

    #[test]
    fn anchored_copies_count_against_the_node_limit() {
        // Each anchor keeps a copy of its subtree: nested anchors must not multiply memory
        // unseen.
        let mut text = String::from("x");
        for i in 0..6 {
            text = format!("&a{i} [{text}, {text}]");
        }
        let file = SourceFile::new(Path::new("t.yaml"), text);
        let limits = Limits {
            max_noder: 150,
            ..Limits::default()
        };
        let err = parse(&file, &limits).unwrap_err();
        assert!(matches!(
            err.kind,
            LoadErrorKind::Limit {
                what: "max_noder",
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
