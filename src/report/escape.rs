//! Escaping. Every text that comes from a document (or a path, a profile, a message that quotes
//! a document) passes through [`html`] before it reaches the HTML report; the [`Markup`] builder
//! makes that the only way to write dynamic text, so a plan cannot inject markup.

use std::fmt::Write;

/// Escape text for HTML (and the SVG inlined in it), in element content and in quoted
/// attribute values alike. Control, bidi and invisible characters are shown visibly
/// ([`crate::escape`]): `\u{202E}` cannot reverse a quoted text on the page, NUL is `\u{0}`.
pub fn html(text: &str) -> String {
    let text = crate::escape::visible_chars(text);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML/SVG document being written. Markup can only be added as `&'static str` (written in
/// this crate); everything else goes through [`html`]. Numbers are formatted, not escaped.
#[derive(Default)]
pub struct Markup {
    out: String,
}

impl Markup {
    pub fn new() -> Self {
        Markup::default()
    }

    /// Markup written in this crate.
    pub fn raw(&mut self, markup: &'static str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// Text from anywhere: escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.out.push_str(&html(text));
        self
    }

    /// Text in which `backticked` parts are code (the rules' messages mark field names and
    /// values so): those parts become `<code>`, everything is escaped. An unpaired backtick
    /// stays a backtick.
    pub fn rich(&mut self, text: &str) -> &mut Self {
        for (code, part) in code_spans(text) {
            if code {
                self.raw("<code>").text(part).raw("</code>");
            } else {
                self.text(part);
            }
        }
        self
    }

    /// An integer.
    pub fn num(&mut self, n: impl Integer) -> &mut Self {
        let _ = write!(self.out, "{n}");
        self
    }

    /// A coordinate or length, with at most one decimal.
    pub fn coord(&mut self, x: f64) -> &mut Self {
        let rounded = (x * 10.0).round() / 10.0;
        let _ = write!(self.out, "{rounded}");
        self
    }

    /// `<tag a="v" …>` with every value escaped.
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            self.out.push_str(&html(value));
            self.out.push('"');
        }
        self.out.push('>');
        self
    }

    pub fn close(&mut self, tag: &'static str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// `<tag …>text</tag>`.
    pub fn el(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Self {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// Append another builder's output (already escaped).
    pub fn append(&mut self, other: Markup) -> &mut Self {
        self.out.push_str(&other.out);
        self
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Split a text into (is_code, part) by paired backticks; an unpaired last backtick is text.
pub fn code_spans(text: &str) -> Vec<(bool, &str)> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        if open > 0 {
            parts.push((false, &rest[..open]));
        }
        parts.push((true, &rest[open + 1..open + 1 + len]));
        rest = &rest[open + len + 2..];
    }
    if !rest.is_empty() {
        parts.push((false, rest));
    }
    parts
}

/// Integers, which need no escaping.
pub trait Integer: std::fmt::Display {}
impl Integer for i64 {}
impl Integer for i32 {}
impl Integer for u32 {}
impl Integer for usize {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(
            html(r#"<script>alert(1)</script> "a" 'b' & c"#),
            "&lt;script&gt;alert(1)&lt;/script&gt; &quot;a&quot; &#39;b&#39; &amp; c"
        );
        assert_eq!(html("Försumbar – ok"), "Försumbar – ok");
    }

    #[test]
    fn backticked_parts_become_code() {
        let mut m = Markup::new();
        m.rich("skriv `<b>` under `åtgärder:` och ` kvar");
        assert_eq!(
            m.finish(),
            "skriv <code>&lt;b&gt;</code> under <code>åtgärder:</code> och ` kvar"
        );
    }

    #[test]
    fn attribute_values_are_escaped() {
        let mut m = Markup::new();
        m.el("td", &[("title", "\"><img src=x onerror=alert(1)>")], "<b>");
        assert_eq!(
            m.finish(),
            "<td title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">&lt;b&gt;</td>"
        );
    }
}
