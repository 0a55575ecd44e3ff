//! `ikp.toml` mistakes in Swedish (or English), with file, line and a caret under the spot.
//! The TOML parser and serde phrase errors in English; the common kinds are recognised from
//! their wording and said again in the user's words, the rest keep the parser's text after a
//! Swedish lead. The caret comes from the parser's span, or for a value checked after the
//! profile was merged (which has no span) from the key's line in the file.

use std::ops::Range;
use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config as TermConfig};

use super::ConfigError;

/// A TOML error of `text` (the contents of `path`) as a [`ConfigError`]. `context` leads the
/// message when the error concerns the profile after the overrides were merged.
pub(crate) fn from_toml(
    path: Option<&Path>,
    text: &str,
    e: &toml::de::Error,
    context: Option<&str>,
) -> ConfigError {
    // The key path ("in `ikp.tröskel`") is only in the error's Display, after the message.
    let (message, _) = split_key_path(e.message());
    let key_path = e.to_string().lines().find_map(|l| {
        l.strip_prefix("in `")
            .map(|p| p.trim_end_matches('`').to_string())
    });
    let (swedish, key) = translate(message);
    let span = e
        .span()
        .filter(|s| s.start < text.len().max(1))
        .or_else(|| {
            key.as_deref()
                .and_then(|k| find_key(text, key_path.as_deref(), k))
        })
        .or_else(|| {
            key_path
                .as_deref()
                .and_then(|p| p.rsplit('.').next())
                .and_then(|k| find_key(text, None, k))
        });
    let mut headline = match context {
        Some(context) => format!("{context}: {swedish}"),
        None => swedish,
    };
    if let Some(p) = key_path.as_deref().filter(|p| !p.is_empty()) {
        headline.push_str(&format!(" (i «{p}»)"));
    }
    let message = match span {
        Some(span) => snippet(path, text, span, &headline),
        None => headline,
    };
    ConfigError {
        path: path.map(Path::to_path_buf),
        message,
    }
}

/// `profil = "…"` names no built-in profile: the nearest name, and a caret on the value.
pub(crate) fn unknown_profile(path: Option<&Path>, text: &str, name: &str) -> ConfigError {
    let known: Vec<&str> = super::BUILTIN_PROFILES.iter().map(|(n, _)| *n).collect();
    let wanted = name.trim().to_lowercase();
    let nearest = known
        .iter()
        .map(|k| (strsim::normalized_damerau_levenshtein(&wanted, k), *k))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k);
    let mut headline = format!("okänd profil «{name}»");
    match nearest {
        Some(n) => headline.push_str(&format!(" — menade du «{n}»?")),
        None => headline.push_str(&format!(
            "; inbyggda profiler: {} (se `ikp profiles`)",
            known.join(", ")
        )),
    }
    // The caret goes under the value after `profil =`.
    let span = find_key(text, None, "profil").and_then(|key| {
        let line_end = text[key.end..]
            .find('\n')
            .map_or(text.len(), |i| key.end + i);
        let after = &text[key.end..line_end];
        let eq = after.find('=')?;
        let value = after[eq + 1..].trim_start();
        let start = line_end - after.len() + eq + 1 + (after[eq + 1..].len() - value.len());
        let value = value.split('#').next().unwrap_or(value).trim_end();
        Some(start..start + value.len())
    });
    let message = match span {
        Some(span) if !span.is_empty() => snippet(path, text, span, &headline),
        _ => headline,
    };
    ConfigError {
        path: path.map(Path::to_path_buf),
        message,
    }
}

/// serde's "…\nin `ikp.tröskel`" suffix, apart.
fn split_key_path(message: &str) -> (&str, Option<String>) {
    let message = message.trim();
    match message.rsplit_once("\nin `") {
        Some((head, tail)) => (head.trim(), Some(tail.trim_end_matches('`').to_string())),
        None => (message, None),
    }
}

/// The message in Swedish, and the key it is about when one is named.
fn translate(message: &str) -> (String, Option<String>) {
    let ticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("").to_string();
        let expected: Vec<&str> = ticked.iter().skip(1).copied().collect();
        let nearest = expected
            .iter()
            .map(|e| (strsim::normalized_damerau_levenshtein(&field, e), *e))
            .filter(|(score, _)| *score >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, e)| e);
        let mut text = format!("okänt fält «{field}»");
        match nearest {
            Some(n) => text.push_str(&format!(" — menade du «{n}»?")),
            None if !expected.is_empty() => text.push_str(&format!(
                "; kända fält: {}",
                expected
                    .iter()
                    .map(|e| format!("«{e}»"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => {}
        }
        return (text, Some(field));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return (format!("fältet «{field}» saknas"), None);
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or("");
        let expected: Vec<String> = ticked.iter().skip(1).map(|e| format!("«{e}»")).collect();
        return (
            format!(
                "okänt värde «{value}»; tillåtna värden: {}",
                expected.join(", ")
            ),
            None,
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (
            format!(
                "fel sorts värde: {}, men {} väntades",
                kind_sv(found),
                kind_sv(expected)
            ),
            None,
        );
    }
    if let Some(rest) = message.strip_prefix("duplicate key `") {
        let key = rest.split('`').next().unwrap_or("");
        return (format!("nyckeln «{key}» står två gånger"), None);
    }
    let lower = message.to_lowercase();
    let known: &[(&str, &str)] = &[
        (
            "invalid unquoted key",
            "ogiltig nyckel: skriv nyckeln inom citattecken, till exempel \"tröskel\" = 12",
        ),
        (
            "key with no value",
            "nyckel utan värde: skriv «=» och ett värde efter nyckeln",
        ),
        ("missing value", "värdet saknas efter «=»"),
        (
            "string values must be quoted",
            "text ska stå inom citattecken, till exempel profil = \"stockholm\"",
        ),
        (
            "invalid string",
            "texten kan inte läsas: kontrollera citattecknen",
        ),
        ("unclosed array table", "«]]» saknas efter tabellnamnet"),
        ("unclosed table", "«]» saknas efter tabellnamnet"),
        ("unclosed array", "listan stängs inte: «]» saknas"),
        ("unclosed inline table", "tabellen stängs inte: «}» saknas"),
        (
            "missing comma between array elements",
            "kommatecken saknas mellan listans värden",
        ),
        (
            "unexpected content",
            "oväntad text på raden: en rad ska vara nyckel = värde eller [tabell]",
        ),
        ("extra `=`", "ett «=» för mycket"),
        ("invalid table", "ogiltigt tabellnamn"),
        ("duplicate key", "nyckeln står två gånger"),
        ("redefinition of table", "tabellen står två gånger"),
    ];
    for (english, swedish) in known {
        if lower.contains(english) {
            return ((*swedish).to_string(), None);
        }
    }
    (format!("TOML-filen kan inte läsas ({message})"), None)
}

fn kind_sv(kind: &str) -> String {
    let kind = kind.trim();
    let quoted = |prefix: &str| {
        kind.strip_prefix(prefix)
            .map(|v| v.trim().trim_matches('"').to_string())
    };
    if let Some(v) = quoted("string ") {
        return format!("texten «{v}»");
    }
    if let Some(v) = quoted("integer ") {
        return format!("heltalet {v}");
    }
    if let Some(v) = quoted("floating point ") {
        return format!("decimaltalet {}", v.trim_matches('`'));
    }
    if let Some(v) = quoted("boolean ") {
        return format!("sanningsvärdet {}", v.trim_matches('`'));
    }
    match kind {
        "i64" | "u64" | "i32" | "u32" | "usize" | "an integer" => "ett heltal".into(),
        "f64" | "f32" | "a float" => "ett tal".into(),
        "a string" | "string" => "en text".into(),
        "a boolean" | "bool" => "true eller false".into(),
        "a sequence" | "sequence" | "array" => "en lista".into(),
        "a map" | "map" | "table" => "en tabell".into(),
        k if k.starts_with("struct ") || k.starts_with("a map") => "en tabell".into(),
        k => k.to_string(),
    }
}

/// Where `key` is written (`key =`, `"key" =`), preferring the section `path` names.
fn find_key(text: &str, path: Option<&str>, key: &str) -> Option<Range<usize>> {
    let section = path.map(|p| p.split('.').next().unwrap_or(p));
    let mut in_section = section.is_none();
    let mut fallback = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with('[') {
            let name = trimmed.trim_matches(|c| c == '[' || c == ']' || c == '\n' || c == '\r');
            let name = name.trim().trim_matches('"');
            in_section = section.is_none_or(|s| s == name);
        }
        for candidate in [key.to_string(), format!("\"{key}\"")] {
            if let Some(rest) = trimmed.strip_prefix(candidate.as_str())
                && rest.trim_start().starts_with('=')
            {
                let start = offset + indent;
                let span = start..start + candidate.len();
                if in_section {
                    return Some(span);
                }
                fallback.get_or_insert(span);
            }
        }
        offset += line.len();
    }
    fallback
}

fn snippet(path: Option<&Path>, text: &str, span: Range<usize>, message: &str) -> String {
    let name = path
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "ikp.toml".to_string());
    let file = SimpleFile::new(name, text);
    let end = span.end.max(span.start + 1).min(text.len().max(span.start));
    let start = span.start.min(end);
    let diagnostic = Diagnostic::error()
        .with_message(message)
        .with_labels(vec![Label::primary((), start..end)]);
    let mut buffer = codespan_reporting::term::termcolor::Buffer::no_color();
    if term::emit_to_write_style(&mut buffer, &TermConfig::default(), &file, &diagnostic).is_err() {
        return message.to_string();
    }
    let rendered = String::from_utf8_lossy(buffer.as_slice()).into_owned();
    // The headline is said once, before the snippet: drop codespan's "error: …" line.
    let body = rendered
        .split_once('\n')
        .map(|(_, rest)| rest)
        .unwrap_or(&rendered);
    format!("{message}\n{}", body.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> ConfigError {
        let e = toml::from_str::<super::super::ConfigFile>(text).unwrap_err();
        from_toml(Some(Path::new("ikp.toml")), text, &e, None)
    }

    #[test]
    fn an_unknown_field_suggests_the_nearest() {
        let e = error_of("profile = \"stockholm\"\n");
        assert_eq!(
            e.message,
            "okänt fält «profile» — menade du «profil»?\n  ┌─ ikp.toml:1:1\n  │\n1 │ profile = \"stockholm\"\n  │ ^^^^^^^"
        );
    }

    #[test]
    fn a_key_without_value_points_at_the_line() {
        let e = error_of("profil = \"stockholm\"\nikp tröskel = 3\n");
        assert!(
            e.message.starts_with(
                "nyckel utan värde: skriv «=» och ett värde efter nyckeln\n  ┌─ ikp.toml:2:5"
            ),
            "{}",
            e.message
        );
    }

    #[test]
    fn an_unknown_profile_suggests_the_nearest_with_a_caret() {
        let text = "# Uppsala\nprofil = \"stokholm\"  # femgradig\n";
        let e = unknown_profile(Some(Path::new("ikp.toml")), text, "stokholm");
        assert_eq!(
            e.message,
            "okänd profil «stokholm» — menade du «stockholm»?\n  ┌─ ikp.toml:2:10\n  │\n2 │ profil = \"stokholm\"  # femgradig\n  │          ^^^^^^^^^^"
        );
        let e = unknown_profile(None, "", "uppsala");
        assert_eq!(
            e.message,
            "okänd profil «uppsala»; inbyggda profiler: stockholm, fyrgradig (se `ikp profiles`)"
        );
    }

    #[test]
    fn keys_are_found_in_their_section() {
        let text = "[skala]\n\"tröskel\" = 1\n[ikp]\n\"tröskel\" = \"tolv\"\n";
        let span = find_key(text, Some("ikp.tröskel"), "tröskel").unwrap();
        assert_eq!(&text[span.clone()], "\"tröskel\"");
        assert!(span.start > text.find("[ikp]").unwrap());
    }
}
