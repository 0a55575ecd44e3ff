//! A quick look at a file's top-level `typ`, `kommun`, `nämnd`, `år` and `plan`, without
//! parsing it: enough to guess which documents link with which, so the engine can load and
//! check one link group at a time instead of holding the whole repository.
//!
//! The guess only decides what is loaded together. After loading, the engine links again on
//! the documents' real keys and re-checks any document whose links the guess got wrong, so a
//! file this scanner misreads (a flow-style mapping, an anchor, an escape) costs a second
//! look, never a wrong result.

use unicode_normalization::UnicodeNormalization;

use super::link::LinkKey;
use crate::model::DocKind;

/// The link key of a document as its text suggests, or `None` when it cannot be told cheaply
/// (or it is not an ikp document).
pub(super) fn hint(bytes: &[u8]) -> Option<LinkKey> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace())?;
    let fields = if first == b'{' {
        json_fields(bytes)?
    } else {
        yaml_fields(bytes)?
    };
    let kind = DocKind::from_typ(fields.typ.as_deref()?)?;
    let year = fields.year?;
    let committee = match kind {
        DocKind::KsPoints => None,
        _ => Some(fields.committee?),
    };
    Some(LinkKey {
        kind,
        municipality: fields.municipality,
        committee,
        year,
        plan: fields.plan,
        plan_span: None,
    })
}

#[derive(Default)]
struct Fields {
    typ: Option<String>,
    municipality: Option<String>,
    committee: Option<String>,
    year: Option<i64>,
    plan: Option<String>,
}

impl Fields {
    /// Record a top-level `key: value`; `None` means the value could not be read cheaply.
    fn set(&mut self, key: &str, value: Scalar) -> Option<()> {
        let slot = match key {
            "typ" => &mut self.typ,
            "kommun" => &mut self.municipality,
            "nämnd" => &mut self.committee,
            "plan" => &mut self.plan,
            "år" => {
                self.year = match value {
                    Scalar::Plain(text) => Some(text.parse().ok()?),
                    // A quoted year is text, which the schema refuses: not a document to link.
                    Scalar::Null | Scalar::Quoted(_) => None,
                };
                return Some(());
            }
            _ => return Some(()),
        };
        *slot = match value {
            Scalar::Plain(text) | Scalar::Quoted(text) => Some(text),
            Scalar::Null => None,
        };
        Some(())
    }
}

enum Scalar {
    Null,
    Plain(String),
    Quoted(String),
}

/// Top-level keys of a block mapping: lines that start in column 0. `None` as soon as
/// something needs a real parser.
fn yaml_fields(bytes: &[u8]) -> Option<Fields> {
    let mut fields = Fields::default();
    // Only lines that start in column 0 matter: jump from newline to newline (memchr) and
    // skip the indented ones without looking further.
    let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
    let mut lines = starts
        .filter(|&start| !matches!(bytes.get(start), None | Some(b' ' | b'\n' | b'\r')))
        .map(|start| {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            (start, &bytes[start..end])
        })
        .peekable();
    while let Some((start, raw)) = lines.next() {
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        match line.first() {
            None | Some(b' ' | b'#') => continue,
            Some(b'%') => continue,
            Some(b'-') if line == b"---" => continue,
            // A tab, a sequence or flow at the top, a second document: leave it to the parser.
            Some(b'\t' | b'-' | b'[' | b'{' | b'.' | b'?' | b'&' | b'!' | b'*') => return None,
            _ => {}
        }
        let line = std::str::from_utf8(line).ok()?;
        let (key, rest) = split_key(line)?;
        if !matches!(key.as_str(), "typ" | "kommun" | "nämnd" | "år" | "plan") {
            continue;
        }
        let mut value = scalar(rest)?;
        // The indented lines that follow (up to the next top-level line) belong to this key.
        let end = lines.peek().map_or(bytes.len(), |(next, _)| *next);
        let following = &bytes[(start + raw.len()).min(end)..end];
        let continued: Vec<&str> = following
            .split(|b| *b == b'\n')
            .filter_map(|l| std::str::from_utf8(l).ok())
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !continued.is_empty() {
            match &mut value {
                // A plain value may go on over indented lines; YAML folds them with spaces.
                Scalar::Plain(text) => {
                    for line in continued {
                        if line.starts_with('#') {
                            break;
                        }
                        if line.contains(": ") || line.contains(" #") {
                            return None;
                        }
                        text.push(' ');
                        text.push_str(line);
                    }
                }
                // `nämnd:` followed by an indented value or block: not a one-line value.
                Scalar::Null if !continued.iter().all(|l| l.starts_with('#')) => return None,
                _ => {}
            }
        }
        fields.set(&key, value)?;
    }
    Some(fields)
}

/// `key: rest` at the start of a top-level line, key in NFC (as the loader compares keys).
fn split_key(line: &str) -> Option<(String, &str)> {
    let (key, rest) = if let Some(quote @ ('"' | '\'')) = line.chars().next() {
        let end = line[1..].find(quote)? + 1;
        let key = &line[1..end];
        if key.contains('\\') {
            return None;
        }
        let rest = line[end + 1..].strip_prefix(':')?;
        (key, rest)
    } else {
        let colon = line
            .find(": ")
            .or_else(|| line.strip_suffix(':').map(str::len))?;
        (line[..colon].trim_end(), &line[colon + 1..])
    };
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((key.nfc().collect(), rest))
}

/// The scalar after `key:` on the same line.
fn scalar(rest: &str) -> Option<Scalar> {
    let rest = rest.trim();
    if rest.is_empty() || rest.starts_with('#') {
        return Some(Scalar::Null);
    }
    match rest.as_bytes()[0] {
        b'"' => {
            let (text, used) = double_quoted(&rest[1..])?;
            trailing_ok(&rest[1 + used..]).then_some(Scalar::Quoted(text))
        }
        b'\'' => {
            // '' is an escaped quote inside single quotes.
            let mut out = String::new();
            let mut chars = rest[1..].char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c == '\'' {
                    if chars.peek().map(|(_, c)| *c) == Some('\'') {
                        out.push('\'');
                        chars.next();
                        continue;
                    }
                    return trailing_ok(&rest[i + 2..]).then_some(Scalar::Quoted(out));
                }
                out.push(c);
            }
            None
        }
        b'&' | b'*' | b'!' | b'|' | b'>' | b'[' | b'{' | b'@' | b'`' => None,
        _ => {
            let text = match rest.find(" #") {
                Some(i) => rest[..i].trim_end(),
                None => rest,
            };
            if text.contains(": ") {
                return None;
            }
            match text {
                "~" | "null" | "Null" | "NULL" => Some(Scalar::Null),
                _ => Some(Scalar::Plain(text.to_string())),
            }
        }
    }
}

/// The text of a double-quoted scalar whose opening quote is just before `after`, with YAML's
/// escapes decoded (`"uppf\u00f6ljning"` is exactly `uppföljning`), and the bytes used
/// including the closing quote. `None` for what needs the real parser (a value over several
/// lines, an escape it would refuse).
fn double_quoted(after: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = after.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 1)),
            '\\' => {
                let (_, e) = chars.next()?;
                let hex = |n: usize, chars: &mut std::str::CharIndices<'_>| -> Option<char> {
                    let digits: String = chars.by_ref().take(n).map(|(_, c)| c).collect();
                    if digits.len() != n {
                        return None;
                    }
                    char::from_u32(u32::from_str_radix(&digits, 16).ok()?)
                };
                out.push(match e {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    't' | '\t' => '\t',
                    'n' => '\n',
                    'v' => '\u{b}',
                    'f' => '\u{c}',
                    'r' => '\r',
                    'e' => '\u{1b}',
                    ' ' => ' ',
                    '"' => '"',
                    '/' => '/',
                    '\\' => '\\',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    'x' => hex(2, &mut chars)?,
                    'u' => hex(4, &mut chars)?,
                    'U' => hex(8, &mut chars)?,
                    _ => return None,
                });
            }
            _ => out.push(c),
        }
    }
    None
}

fn trailing_ok(rest: &str) -> bool {
    let rest = rest.trim();
    rest.is_empty() || rest.starts_with('#')
}

/// The same keys from a JSON document, read by `serde_json` (much faster than YAML).
fn json_fields(bytes: &[u8]) -> Option<Fields> {
    #[derive(serde::Deserialize)]
    struct Head {
        typ: Option<serde_json::Value>,
        kommun: Option<serde_json::Value>,
        #[serde(rename = "nämnd")]
        namnd: Option<serde_json::Value>,
        #[serde(rename = "år")]
        ar: Option<serde_json::Value>,
        plan: Option<serde_json::Value>,
    }
    let head: Head = serde_json::from_slice(bytes).ok()?;
    let text = |v: Option<serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => Some(s),
        _ => None,
    };
    Some(Fields {
        typ: text(head.typ),
        municipality: text(head.kommun),
        committee: text(head.namnd),
        year: head.ar.and_then(|v| v.as_i64()),
        plan: text(head.plan),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_keys_of_an_ordinary_plan() {
        let text = "# kommentar\ntyp: plan\nkommun: Stockholm # staden\nnämnd: 'Service''nämnden'\når: 2025\nrisker:\n  - nr: 1\n    nämnd: inte denna\n";
        let key = hint(text.as_bytes()).unwrap();
        assert_eq!(key.kind, DocKind::Plan);
        assert_eq!(key.municipality.as_deref(), Some("Stockholm"));
        assert_eq!(key.committee.as_deref(), Some("Service'nämnden"));
        assert_eq!(key.year, 2025);
    }

    #[test]
    fn folds_a_plain_value_over_lines_and_reads_decomposed_keys() {
        let text = "typ: uppföljning\nna\u{308}mnd: Nämnden för\n  IT-förvaltningen\r\når: 2019\nplan: plan.yaml\n";
        let key = hint(text.as_bytes()).unwrap();
        assert_eq!(
            key.committee.as_deref(),
            Some("Nämnden för IT-förvaltningen")
        );
        assert_eq!(key.plan.as_deref(), Some("plan.yaml"));
    }

    #[test]
    fn gives_up_where_a_parser_is_needed() {
        assert!(hint(b"{typ: plan, n\xc3\xa4mnd: N, \xc3\xa5r: 2025}").is_none());
        assert!(hint("typ: plan\nnämnd: &n N\når: 2025\n".as_bytes()).is_none());
        assert!(hint("typ: plan\nnämnd: \"N\\q\"\når: 2025\n".as_bytes()).is_none());
        assert!(hint("typ: plan\nnämnd:\n  N\når: 2025\n".as_bytes()).is_none());
        assert!(hint(b"name: CI\non: push\n").is_none());
    }

    #[test]
    fn decodes_escapes_in_double_quotes() {
        let text = "typ: \"uppf\\u00f6ljning\"\nnämnd: \"N\\xe4mnd \\\"A\\\"\"\når: 2025\n";
        let key = hint(text.as_bytes()).unwrap();
        assert_eq!(key.kind, DocKind::FollowUp);
        assert_eq!(key.committee.as_deref(), Some("Nämnd \"A\""));
        // A surrogate is no character: the real parser decides.
        assert!(hint("typ: \"\\ud83d\"\nnämnd: N\når: 2025\n".as_bytes()).is_none());
    }

    #[test]
    fn reads_json_with_serde_json() {
        let text = r#"{"typ": "ks-punkter", "kommun": "Malmö", "år": 2019, "punkter": []}"#;
        let key = hint(text.as_bytes()).unwrap();
        assert_eq!(key.kind, DocKind::KsPoints);
        assert_eq!(key.municipality.as_deref(), Some("Malmö"));
        assert_eq!(key.committee, None);
    }
}
