//! The one escaping step for text that reaches a terminal, a log or a report line: document
//! text and file names are shown, never obeyed.
//!
//! C0 and C1 control characters (except tab and line feed), ESC, a carriage return, the bidi
//! overrides and isolates (U+202A–U+202E, U+2066–U+2069), zero-width and other invisible
//! formatting characters are written visibly: ESC as `␛`, the others as `\u{…}`. A line of
//! document text that would begin with `::` gets a space in front, so it can never be a GitHub
//! Actions workflow command (`::error …`, `::add-mask::`), which a runner reads from any job's
//! log, whatever format `ikp` was asked for.

/// Is `c` shown as an escape rather than written? Tab and line feed are ordinary text.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // zero-width space, non-joiner, joiner, marks
        | '\u{200b}'..='\u{200f}'
        // line and paragraph separators, bidi embeddings and overrides
        | '\u{2028}'..='\u{202e}'
        // word joiner, invisible operators, bidi isolates, deprecated format characters
        | '\u{2060}'..='\u{206f}'
        | '\u{feff}'
        // interlinear annotation, object replacement
        | '\u{fff9}'..='\u{fffb}'
        // tags
        | '\u{e0000}'..='\u{e007f}'
    )
}

/// `text` with every hidden character made visible, and a line break never followed by `::`.
/// Line feeds stay (messages may span lines); what follows one is indented so that no line a
/// document wrote can start a workflow command.
pub fn terminal(text: &str) -> String {
    if !text.chars().any(|c| is_hidden(c) || c == '\n') && !text.starts_with("::") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    visible(text, &mut out);
    out
}

/// Only the hidden characters made visible; line breaks and everything else unchanged (for
/// reports, whose own escaping handles line breaks and markup).
pub fn visible_chars(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_char(c, &mut out);
    }
    std::borrow::Cow::Owned(out)
}

/// One line: like [`terminal`], and a line feed is shown as `\n` too.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' {
            out.push_str("\\n");
        } else {
            push_char(c, &mut out);
        }
    }
    if out.starts_with("::") {
        out.insert(0, ' ');
    }
    out
}

fn visible(text: &str, out: &mut String) {
    let mut chars = text.chars().peekable();
    let mut line_start = true;
    while let Some(c) = chars.next() {
        if c == '\n' {
            out.push('\n');
            line_start = true;
            continue;
        }
        // A line of document text never begins a workflow command.
        if line_start && c == ':' && chars.peek() == Some(&':') {
            out.push(' ');
        }
        line_start = false;
        push_char(c, out);
    }
}

fn push_char(c: char, out: &mut String) {
    if c == '\u{1b}' {
        out.push('␛');
    } else if is_hidden(c) {
        out.push_str(&format!("\\u{{{:X}}}", c as u32));
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_bidi_and_invisible_characters_are_shown() {
        assert_eq!(terminal("a\u{1b}[2Jb"), "a␛[2Jb");
        assert_eq!(terminal("x\ry"), "x\\u{D}y");
        assert_eq!(terminal("abc\u{202e}fed"), "abc\\u{202E}fed");
        assert_eq!(
            terminal("a\u{200b}b\u{2066}c\u{85}d"),
            "a\\u{200B}b\\u{2066}c\\u{85}d"
        );
        assert_eq!(terminal("\u{1b}]0;titel\u{7}"), "␛]0;titel\\u{7}");
        assert_eq!(terminal("Ärende\tår"), "Ärende\tår");
    }

    #[test]
    fn no_line_starts_a_workflow_command() {
        let forged = "N\n::error file=forged.yaml,line=1::FORGED\n::add-mask::ikp";
        let shown = terminal(forged);
        assert!(shown.lines().all(|l| !l.starts_with("::")), "{shown}");
        assert_eq!(
            shown,
            "N\n ::error file=forged.yaml,line=1::FORGED\n ::add-mask::ikp"
        );
        assert_eq!(terminal("::warning::x"), " ::warning::x");
        assert_eq!(
            one_line(forged),
            "N\\n::error file=forged.yaml,line=1::FORGED\\n::add-mask::ikp"
        );
    }
}
