//! YAML syntax errors as a person can act on them (IKP901).
//!
//! The parser says what it was doing when it gave up ("simple key expect ':'", "while scanning
//! a plain scalar, found a tab"), in English, and where it was then: often a line after the
//! mistake, or past the end of the file. Here its message and position are turned into the
//! cause a person recognises, the place they must edit, and the fix, in Swedish and English.
//! The source text is looked at around the parser's position; nothing is parsed again.

use crate::finding::Text;
use crate::source::Span;
use crate::text;

/// The common causes, each with its own message and fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// A tab where YAML wants spaces.
    Tab,
    /// A line that is neither `key: value` nor a list item.
    MissingColon,
    /// `: ` inside a plain text, which YAML reads as a second key.
    ColonInText,
    /// A key indented differently from its neighbours.
    Indentation,
    /// `-nr: 1`: a list item without the space after the dash.
    DashWithoutSpace,
    /// A list item (`- `) where a key was expected.
    ListItemInMapping,
    /// A `[` or `{` that is never closed.
    UnclosedBracket,
    /// Two values of a `[…]` or `{…}` (or of JSON) without a comma between them.
    MissingComma,
    /// A quote that is never closed.
    UnclosedQuote,
    /// Text after the closing quote.
    TextAfterQuote,
    /// A value starting with a character YAML reserves (`@`, `` ` ``, `%`).
    ReservedCharacter,
    /// Anything else: the parser's own description.
    Other,
}

/// A syntax error explained: what is wrong, where to edit, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub cause: Cause,
    pub span: Span,
    pub message: Text,
    pub help: Option<Text>,
}

/// Explain the parser's error `info`, reported at byte `at` of `text`.
pub fn explain(text: &str, info: &str, at: usize) -> SyntaxError {
    let mut e = cause(text, info, floor_char(text, at.min(text.len())));
    // Within the text and on character boundaries, whatever the parser reported.
    let end = floor_char(text, (e.span.end as usize).min(text.len()));
    let start = floor_char(text, (e.span.start as usize).min(end));
    e.span = Span::new(start, end);
    e
}

fn cause(text: &str, info: &str, at: usize) -> SyntaxError {
    let src = Source { text };
    if let Some(e) = tab(&src, info, at) {
        return e;
    }
    if let Some(e) = unclosed_bracket(&src, info, at) {
        return e;
    }
    if info.contains("simple key expect") || info.contains("could not find expected ':'") {
        return missing_colon(&src, at);
    }
    if info.contains("mapping values are not allowed") {
        return colon_or_indentation(&src, at);
    }
    if info.contains("did not find expected '-' indicator") || info == "invalid indentation" {
        return dash_or_indentation(&src, at);
    }
    if info.contains("block sequence entries are not allowed")
        || info.contains("block mapping, did not find expected key")
    {
        if let Some(e) = list_item(&src, info, at) {
            return e;
        }
        return indentation(&src, at);
    }
    if info.contains("quoted scalar") && !info.contains("escape") && !info.contains("hexadecimal")
        || info.contains("in quoted scalar")
    {
        if info.contains("trailing content") {
            return text_after_quote(&src, at);
        }
        return unclosed_quote(&src, at);
    }
    if let Some(c) = info
        .strip_prefix("unexpected character: `")
        .and_then(|rest| rest.chars().next())
    {
        return reserved(&src, at, c);
    }
    other(&src, info, at)
}

/// The source text with line helpers.
struct Source<'a> {
    text: &'a str,
}

impl Source<'_> {
    /// Start and end (before the newline) of the line holding byte `at`.
    fn line_of(&self, at: usize) -> (usize, usize) {
        let start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i);
        (start, end)
    }

    fn line(&self, start: usize, end: usize) -> &str {
        self.text[start..end].trim_end_matches('\r')
    }

    /// 1-based line number of byte `at`.
    fn line_number(&self, at: usize) -> usize {
        self.text[..at].matches('\n').count() + 1
    }

    /// The nearest line before the one starting at `line_start` that holds more than
    /// white space or a comment.
    fn content_line_before(&self, line_start: usize) -> Option<(usize, usize)> {
        let mut end = line_start.checked_sub(1)?;
        loop {
            let (start, _) = self.line_of(end);
            let trimmed = self.line(start, end).trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Some((start, end));
            }
            end = start.checked_sub(1)?;
        }
    }

    /// The span of a line's content: from its first non-blank to its last.
    fn content_span(&self, start: usize, end: usize) -> Span {
        let line = self.line(start, end);
        let first = start + (line.len() - line.trim_start().len());
        let last = start + line.trim_end().len();
        Span::new(first, last.max(first))
    }
}

/// The key of a `key: value` line (after a list dash), its byte offset and its 1-based column.
fn key_of(line: &str) -> Option<(&str, usize, usize)> {
    let indent = line.len() - line.trim_start().len();
    let mut rest = &line[indent..];
    let mut offset = indent;
    while let Some(after) = rest.strip_prefix("- ") {
        let skipped = rest.len() - after.trim_start().len();
        offset += skipped;
        rest = &rest[skipped..];
    }
    let colon = rest.find(':')?;
    let key = rest[..colon].trim_end();
    if key.is_empty() || key.contains(' ') && !key.starts_with(['"', '\'']) {
        return None;
    }
    Some((key, offset, line[..offset].chars().count() + 1))
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn tab(src: &Source<'_>, info: &str, at: usize) -> Option<SyntaxError> {
    // The parser stops before the line with the tab (at the end of the value above) or just
    // after the tab: look from the start of its line to the end of the next line.
    let (start, end) = src.line_of(at);
    let next_end = src.text[end.min(src.text.len())..]
        .char_indices()
        .skip(1)
        .find(|(_, c)| *c == '\n')
        .map_or(src.text.len(), |(i, _)| end + i);
    let mentions_tab = info.contains("tab") || info.contains("whitespace");
    let region = &src.text[start..next_end];
    let tab = region.find('\t').map(|i| start + i)?;
    // A tab inside a value's text is allowed; one in the indentation, or where the parser
    // says so, is the mistake.
    let (tab_line, _) = src.line_of(tab);
    let in_indent = src.text[tab_line..tab]
        .chars()
        .all(|c| c == ' ' || c == '\t');
    if !(mentions_tab || in_indent) {
        return None;
    }
    let line = src.line_number(tab);
    Some(SyntaxError {
        cause: Cause::Tab,
        span: Span::new(tab, tab + 1),
        message: text!(
            "syntaxfel: tabbtecken på rad {line}; YAML tillåter bara mellanslag för indrag",
            "syntax error: a tab on line {line}; YAML allows only spaces for indentation"
        ),
        help: Some(text!(
            "ersätt tabben med mellanslag (ställ in redigeraren på att dra in med mellanslag)",
            "replace the tab with spaces (set the editor to indent with spaces)"
        )),
    })
}

fn missing_colon(src: &Source<'_>, at: usize) -> SyntaxError {
    // The parser notices at the line after the one missing its colon (when it meets the next
    // key); the line to edit is the content line before, unless the position is inside a line.
    let (start, end) = src.line_of(at);
    let line = src.line(start, end);
    let before_content = line[..(at - start).min(line.len())].trim().is_empty();
    let (start, end) = if before_content {
        src.content_line_before(start).unwrap_or((start, end))
    } else {
        (start, end)
    };
    let line = src.line(start, end);
    let content = line.trim().trim_start_matches("- ").trim_start();
    let number = src.line_number(start);
    let fixed = match content.split_once(' ') {
        _ if content.contains(':') => {
            let (key, value) = content.split_once(':').unwrap_or((content, ""));
            Some(format!("{key}: {}", value.trim_start()))
        }
        Some((word, rest)) => Some(format!("{word}: {rest}")),
        None => None,
    };
    // A line continuing the text of the key above would be read the same way; a line of a
    // few words is taken to be a field.
    let continues = content.split_whitespace().count() >= 4
        && src
            .content_line_before(start)
            .map(|(s, e)| src.line(s, e))
            .and_then(key_of_with_value)
            .is_some();
    let help = match (fixed, continues) {
        (Some(fixed), true) => text!(
            "är raden ett fält, skriv kolon och mellanslag efter namnet: «{fixed}»; fortsätter den texten på raden ovanför, dra in den mer än fältnamnet ovanför eller sätt hela texten inom citattecken",
            "if the line is a field, write a colon and a space after its name: «{fixed}»; if it continues the text on the line above, indent it further than the field name above or put the whole text in quotes"
        ),
        (Some(fixed), false) => text!(
            "skriv kolon och mellanslag efter fältnamnet: «{fixed}»",
            "write a colon and a space after the field name: «{fixed}»"
        ),
        (None, _) => text!(
            "skriv raden som «fält: värde», eller som en listpost «- värde»",
            "write the line as «field: value», or as a list item «- value»"
        ),
    };
    SyntaxError {
        cause: Cause::MissingColon,
        span: src.content_span(start, end),
        message: text!(
            "syntaxfel: kolon saknas på rad {number}; raden är varken «fält: värde» eller en listpost",
            "syntax error: a colon is missing on line {number}; the line is neither «field: value» nor a list item"
        ),
        help: Some(help),
    }
}

/// `key: value` with a non-empty plain value.
fn key_of_with_value(line: &str) -> Option<()> {
    let (key, offset, _) = key_of(line)?;
    let value = line[offset + key.len()..].trim_start_matches(':').trim();
    (!value.is_empty() && !value.starts_with(['|', '>', '"', '\'', '[', '{'])).then_some(())
}

fn colon_or_indentation(src: &Source<'_>, at: usize) -> SyntaxError {
    let (start, end) = src.line_of(at);
    let line = src.line(start, end);
    let before = &line[..(at - start).min(line.len())];
    // A key earlier on the line: the `: ` at the position is inside its text.
    let Some((key, offset, _)) = key_of(before).filter(|(key, offset, _)| {
        before[offset + key.len()..].starts_with(": ") || before[offset + key.len()..] == *":"
    }) else {
        return indentation(src, at);
    };
    let value_start = offset + key.len() + 1;
    let value = line[value_start..].trim();
    let value_at =
        start + value_start + (line[value_start..].len() - line[value_start..].trim_start().len());
    let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
    let number = src.line_number(at);
    SyntaxError {
        cause: Cause::ColonInText,
        span: Span::new(value_at, value_at + value.len()),
        message: text!(
            "syntaxfel: texten i «{key}» på rad {number} innehåller «: », som YAML läser som ett nytt fält",
            "syntax error: the text of «{key}» on line {number} contains «: », which YAML reads as a new field"
        ),
        help: Some(text!(
            "sätt texten inom citattecken: {key}: \"{quoted}\"",
            "put the text in quotes: {key}: \"{quoted}\""
        )),
    }
}

fn dash_or_indentation(src: &Source<'_>, at: usize) -> SyntaxError {
    let (start, end) = src.line_of(at);
    let line = src.line(start, end);
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix('-')
        && rest
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '-')
    {
        let dash = start + (line.len() - trimmed.len());
        let number = src.line_number(at);
        return SyntaxError {
            cause: Cause::DashWithoutSpace,
            span: Span::new(dash, dash + 1),
            message: text!(
                "syntaxfel: mellanslag saknas efter «-» på rad {number}",
                "syntax error: a space is missing after «-» on line {number}"
            ),
            help: Some(text!(
                "en listpost skrivs «- » med mellanslag: «- {rest}»",
                "a list item is written «- » with a space: «- {rest}»"
            )),
        };
    }
    indentation(src, at)
}

fn indentation(src: &Source<'_>, at: usize) -> SyntaxError {
    let (start, end) = src.line_of(at);
    let number = src.line_number(start);
    let line = src.line(start, end);
    let here = key_of(line);
    let above = src
        .content_line_before(start)
        .and_then(|(s, e)| key_of(src.line(s, e)).map(|k| (k, src.line_number(s))));
    let span = match here {
        Some((key, offset, _)) => Span::new(start + offset, start + offset + key.len()),
        None => src.content_span(start, end),
    };
    let help = match (here, above) {
        (Some((key, _, _)), Some(((above, _, column), above_line))) => text!(
            "ställ «{key}» rakt under «{above}» på rad {above_line} (kolumn {column}) om det hör till samma post; börjar det en ny post i en lista, skriv «- » före",
            "put «{key}» straight below «{above}» on line {above_line} (column {column}) if it belongs to the same entry; if it starts a new entry of a list, write «- » before it"
        ),
        _ => text!(
            "dra in raden lika mycket som fälten den hör ihop med, med mellanslag",
            "indent the line as much as the fields it belongs with, using spaces"
        ),
    };
    SyntaxError {
        cause: Cause::Indentation,
        span,
        message: text!(
            "syntaxfel: fel indrag på rad {number}; raden står inte i linje med fälten den hör till",
            "syntax error: wrong indentation on line {number}; the line is not aligned with the fields it belongs to"
        ),
        help: Some(help),
    }
}

fn list_item(src: &Source<'_>, info: &str, at: usize) -> Option<SyntaxError> {
    let (start, end) = src.line_of(at);
    let line = src.line(start, end);
    let number = src.line_number(start);
    if info.contains("block sequence entries") {
        // `risker: - nr: 1`: the dash at the position, on the key's line.
        let (key, _, _) = key_of(line)?;
        let item = line[(at - start).min(line.len())..].trim();
        return Some(SyntaxError {
            cause: Cause::ListItemInMapping,
            span: Span::new(at, at + 1),
            message: text!(
                "syntaxfel: en listpost («- ») kan inte börja på samma rad som fältet «{key}» (rad {number})",
                "syntax error: a list item («- ») cannot start on the same line as the field «{key}» (line {number})"
            ),
            help: Some(text!(
                "skriv «{key}:» ensamt på raden och listposten «{item}» på nästa rad, indragen två mellanslag",
                "write «{key}:» alone on its line and the list item «{item}» on the next line, indented by two spaces"
            )),
        });
    }
    let trimmed = line.trim_start();
    if !(trimmed.starts_with("- ") || trimmed == "-") {
        return None;
    }
    let dash = start + (line.len() - trimmed.len());
    Some(SyntaxError {
        cause: Cause::ListItemInMapping,
        span: Span::new(dash, dash + 1),
        message: text!(
            "syntaxfel: en listpost («- ») på rad {number} står där ett fält väntas",
            "syntax error: a list item («- ») on line {number} stands where a field is expected"
        ),
        help: Some(text!(
            "en lista hör till ett fält: skriv till exempel «risker:» på raden ovanför och dra in posterna under det; eller ta bort «- » om raden är ett fält",
            "a list belongs to a field: write, e.g., «risker:» on the line above and indent the items below it; or remove «- » if the line is a field"
        )),
    })
}

fn unclosed_bracket(src: &Source<'_>, info: &str, at: usize) -> Option<SyntaxError> {
    let (open, c) = *open_brackets(&src.text[..at]).last()?;
    let flow_error = info.contains("flow")
        || info.contains("illegal placement")
        || info.contains("trailing content");
    let earlier_line = src.line_of(open).0 < src.line_of(at).0;
    if !(flow_error || earlier_line) {
        return None;
    }
    // Closed further on: the values inside lack a comma (JSON's most common mistake).
    if !open_brackets(src.text).contains(&(open, c)) {
        return flow_error.then(|| missing_comma(src, at));
    }
    let number = src.line_number(open);
    let (close, what_sv, what_en, example) = if c == '[' {
        (']', "listan", "the list", "[K1, K2]")
    } else {
        ('}', "mappningen", "the mapping", "{totalt: 69}")
    };
    Some(SyntaxError {
        cause: Cause::UnclosedBracket,
        span: Span::new(open, open + 1),
        message: text!(
            "syntaxfel: «{c}» på rad {number} öppnas men stängs aldrig",
            "syntax error: «{c}» on line {number} is opened but never closed"
        ),
        help: Some(text!(
            "avsluta {what_sv} med «{close}» på samma rad, till exempel «{example}»; eller skriv den på egna rader",
            "close {what_en} with «{close}» on the same line, e.g. «{example}»; or write it on lines of its own"
        )),
    })
}

fn missing_comma(src: &Source<'_>, at: usize) -> SyntaxError {
    // The comma belongs right after the value before the position, maybe on the line above.
    let before = src.text[..at].trim_end();
    let end = before.len();
    let start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '[' | '{' | ','))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let value: String = before[start..].chars().take(40).collect();
    let number = src.line_number(end);
    SyntaxError {
        cause: Cause::MissingComma,
        span: Span::new(end, end),
        message: text!(
            "syntaxfel: komma saknas efter «{value}» på rad {number}",
            "syntax error: a comma is missing after «{value}» on line {number}"
        ),
        help: Some(text!(
            "skriv «,» mellan värdena: «{value},»",
            "write «,» between the values: «{value},»"
        )),
    }
}

/// The `[` and `{` still open at the end of `text`, with their offsets: brackets that start
/// a value (after `: `, `- `, another bracket or a comma), outside quotes and comments.
fn open_brackets(text: &str) -> Vec<(usize, char)> {
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut quote: Option<char> = None;
    let mut previous = '\n';
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                // `''` inside a single-quoted text is an escaped quote.
                if q == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                    chars.next();
                } else {
                    quote = None;
                }
            } else if c == '\\' && q == '"' {
                chars.next();
            }
            previous = c;
            continue;
        }
        let starts_value = matches!(previous, '\n' | ' ' | '\t' | '[' | '{' | ',');
        let in_flow = !stack.is_empty();
        match c {
            '#' if matches!(previous, '\n' | ' ' | '\t') => {
                while chars.peek().is_some_and(|(_, n)| *n != '\n') {
                    chars.next();
                }
            }
            '"' | '\'' if starts_value => quote = Some(c),
            '[' | '{' if starts_value || in_flow => stack.push((i, c)),
            ']' | '}' if in_flow => {
                let opener = if c == ']' { '[' } else { '{' };
                if stack.last().is_some_and(|(_, o)| *o == opener) {
                    stack.pop();
                }
            }
            _ => {}
        }
        previous = c;
    }
    stack
}

fn unclosed_quote(src: &Source<'_>, at: usize) -> SyntaxError {
    // The parser points at the opening quote; if not, the last quote before it on its line.
    let (start, _) = src.line_of(at);
    let open = if src.text[at..].starts_with(['"', '\'']) {
        at
    } else {
        src.text[start..at]
            .rfind(['"', '\''])
            .map_or(at, |i| start + i)
    };
    let q = src.text[open..]
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')
        .unwrap_or('"');
    let number = src.line_number(open);
    SyntaxError {
        cause: Cause::UnclosedQuote,
        span: Span::new(open, open + q.len_utf8()),
        message: text!(
            "syntaxfel: citattecknet «{q}» på rad {number} stängs aldrig",
            "syntax error: the quote «{q}» on line {number} is never closed"
        ),
        help: Some(text!(
            "avsluta texten med «{q}» på samma rad; en text över flera rader skrivs efter «|» på indragna rader",
            "end the text with «{q}» on the same line; a text of several lines is written after «|» on indented lines"
        )),
    }
}

fn text_after_quote(src: &Source<'_>, at: usize) -> SyntaxError {
    let (start, end) = src.line_of(at);
    let line = src.line(start, end);
    let rest = line[(at - start).min(line.len())..].trim_end();
    let number = src.line_number(at);
    SyntaxError {
        cause: Cause::TextAfterQuote,
        span: Span::new(at, at + rest.len()),
        message: text!(
            "syntaxfel: text efter det avslutande citattecknet på rad {number}",
            "syntax error: text after the closing quote on line {number}"
        ),
        help: Some(text!(
            "sätt hela texten inom citattecken; ett citattecken inuti texten skrivs \\\" (eller sätt texten inom enkla citattecken ')",
            "put the whole text in quotes; a quote inside the text is written \\\" (or put the text in single quotes ')"
        )),
    }
}

fn reserved(src: &Source<'_>, at: usize, c: char) -> SyntaxError {
    let (start, end) = src.line_of(at);
    let line = src.line(start, end);
    let number = src.line_number(at);
    let value = line[(at - start).min(line.len())..].trim_end();
    let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
    SyntaxError {
        cause: Cause::ReservedCharacter,
        span: Span::new(at, at + c.len_utf8()),
        message: text!(
            "syntaxfel: ett värde kan inte börja med «{c}» i YAML (rad {number})",
            "syntax error: a value cannot start with «{c}» in YAML (line {number})"
        ),
        help: Some(text!(
            "sätt texten inom citattecken: \"{quoted}\"",
            "put the text in quotes: \"{quoted}\""
        )),
    }
}

fn other(src: &Source<'_>, info: &str, at: usize) -> SyntaxError {
    let number = src.line_number(at);
    let (sv, en) = match info {
        i if i.contains("unknown anchor") => (
            "aliaset hänvisar till ett ankare som inte finns".to_string(),
            "the alias refers to an anchor that does not exist".to_string(),
        ),
        i if i.contains("duplicated anchor") => (
            "samma ankare (&namn) är definierat två gånger".to_string(),
            "the same anchor (&name) is defined twice".to_string(),
        ),
        i if i.contains("escape") || i.contains("hexadecimal") => (
            "okänd escape-sekvens (\\…) i en text inom citattecken".to_string(),
            "unknown escape sequence (\\…) in a quoted text".to_string(),
        ),
        i if i.contains("unprintable") => (
            "filen innehåller ett tecken som inte kan skrivas ut".to_string(),
            "the file contains an unprintable character".to_string(),
        ),
        _ => (
            format!("YAML-läsaren kan inte tolka raden («{info}»)"),
            format!("the YAML reader cannot read the line («{info}»)"),
        ),
    };
    SyntaxError {
        cause: Cause::Other,
        span: Span::new(at, at),
        message: text!(
            "syntaxfel på rad {number}: {sv}",
            "syntax error on line {number}: {en}"
        ),
        help: Some(text!(
            "kontrollera indrag, kolon och citattecken på raden och raden ovanför; texter med «: » eller « #» sätts inom citattecken",
            "check the indentation, colons and quotes on this line and the one above; texts with «: » or « #» go in quotes"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_brackets_ignore_quotes_comments_and_text() {
        assert_eq!(open_brackets("a: [K1, K2\n"), vec![(3, '[')]);
        assert!(open_brackets("a: [K1, K2]\nb: '[x'\nc: se [1] # [\n").is_empty());
        assert_eq!(open_brackets("a: {b: [1, 2]\n"), vec![(3, '{')]);
    }

    #[test]
    fn a_missing_comma_in_json_is_not_an_unclosed_brace() {
        let text = "{\n  \"typ\": \"plan\",\n  \"nämnd\": \"N\"\n  \"år\": 2025\n}\n";
        let at = text.find("\"år\"").unwrap_or(0);
        let e = explain(
            text,
            "while parsing a flow mapping, did not find expected ',' or '}'",
            at,
        );
        assert_eq!(e.cause, Cause::MissingComma);
        assert_eq!(
            &text[..e.span.start as usize],
            "{\n  \"typ\": \"plan\",\n  \"nämnd\": \"N\""
        );
    }

    #[test]
    fn keys_are_found_after_list_dashes() {
        assert_eq!(key_of("  - nr: 1"), Some(("nr", 4, 5)));
        assert_eq!(key_of("    händelse: x"), Some(("händelse", 4, 5)));
        assert_eq!(key_of("sannolikhet 3"), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "[a-zä:#\\-\\[\\]{}\"' \t\r\n,|@]{0,60}", at in 0usize..80, which in 0usize..14) {
            let infos = [
                "while scanning a plain scalar, found a tab",
                "simple key expect ':'",
                "mapping values are not allowed in this context",
                "while parsing a block collection, did not find expected '-' indicator",
                "invalid indentation",
                "block sequence entries are not allowed in this context",
                "while parsing a block mapping, did not find expected key",
                "while parsing a flow sequence, expected ',' or ']'",
                "invalid indentation in quoted scalar",
                "invalid trailing content after double-quoted scalar",
                "unexpected character: `@'",
                "while parsing a flow mapping, did not find expected ',' or '}'",
                "illegal placement of ':' indicator",
                "something else",
            ];
            let e = explain(&text, infos[which], at);
            proptest::prop_assert!(e.span.end as usize <= text.len());
            proptest::prop_assert!(text.is_char_boundary(e.span.start as usize));
            proptest::prop_assert!(text.is_char_boundary(e.span.end as usize));
        }
    }

    #[test]
    fn positions_never_split_a_character() {
        let e = explain("nämnd: ä\n", "something odd", 2);
        assert_eq!(e.cause, Cause::Other);
        assert_eq!(e.span, Span::new(1, 1));
    }
}
