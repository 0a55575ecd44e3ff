//! `ikp import`: a workbook's tree as faithful YAML — every value as the cells hold it (flaws
//! kept), each risk, control and occasion with a comment naming the row it came from.

use crate::source::CellMap;
use crate::tree::{Node, Value};

/// The YAML text of `root`; `cells` names the source cell of each item, `from` the file.
pub fn to_yaml(root: &Node, cells: &CellMap, from: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Importerad av `ikp import` från {from}. Värdena står som i arbetsboken, brister och allt;\n# kommentaren vid varje post anger cellen den kommer från.\n"
    ));
    if let Value::Map(entries) = &root.value {
        for e in entries {
            let key = e.key.as_str().unwrap_or_default();
            entry(&mut out, 0, key, &e.value, cells);
        }
    }
    out
}

fn cell_comment(cells: &CellMap, node: &Node) -> Option<String> {
    cells
        .cell_at(node.span.start as usize)
        .map(|c| c.to_string())
}

fn pad(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push(' ');
    }
}

fn entry(out: &mut String, indent: usize, key: &str, value: &Node, cells: &CellMap) {
    pad(out, indent);
    out.push_str(&scalar_text(key));
    out.push(':');
    match &value.value {
        Value::Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
        Value::Map(entries) => {
            out.push('\n');
            for e in entries {
                entry(
                    out,
                    indent + 2,
                    e.key.as_str().unwrap_or_default(),
                    &e.value,
                    cells,
                );
            }
        }
        Value::Seq(items) if items.is_empty() => out.push_str(" []\n"),
        Value::Seq(items) if items.iter().all(is_scalar) => {
            let parts: Vec<String> = items.iter().map(|n| inline(&n.value)).collect();
            out.push_str(&format!(" [{}]\n", parts.join(", ")));
        }
        Value::Seq(items) => {
            out.push('\n');
            let commented = matches!(key, "risker" | "kontroller" | "tillfällen");
            for item in items {
                if commented && let Some(cell) = cell_comment(cells, item) {
                    pad(out, indent + 2);
                    out.push_str(&format!("# {cell}\n"));
                }
                sequence_item(out, indent + 2, item, cells);
            }
        }
        v => {
            out.push(' ');
            scalar(out, indent, v);
        }
    }
}

fn sequence_item(out: &mut String, indent: usize, item: &Node, cells: &CellMap) {
    match &item.value {
        Value::Map(entries) if !entries.is_empty() => {
            // The first entry on the dash line, the others under it.
            let mut first = true;
            for e in entries {
                let mut text = String::new();
                entry(
                    &mut text,
                    indent + 2,
                    e.key.as_str().unwrap_or_default(),
                    &e.value,
                    cells,
                );
                if first {
                    pad(out, indent);
                    out.push_str("- ");
                    out.push_str(&text[indent + 2..]);
                    first = false;
                } else {
                    out.push_str(&text);
                }
            }
        }
        v => {
            pad(out, indent);
            out.push_str("- ");
            scalar(out, indent + 2, v);
        }
    }
}

fn is_scalar(n: &Node) -> bool {
    !matches!(n.value, Value::Map(_) | Value::Seq(_))
}

fn inline(v: &Value) -> String {
    match v {
        Value::Str(s) => scalar_text(s),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float(*f),
        _ => "null".into(),
    }
}

fn float(f: f64) -> String {
    if f.is_finite() {
        let s = f.to_string();
        if s.contains(['.', 'e', 'E']) {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        ".nan".into()
    }
}

fn scalar(out: &mut String, indent: usize, v: &Value) {
    match v {
        Value::Str(s) if s.contains('\n') && block_safe(s) => {
            out.push_str(if s.ends_with('\n') { "|\n" } else { "|-\n" });
            for line in s.trim_end_matches('\n').split('\n') {
                if !line.is_empty() {
                    pad(out, indent + 2);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        other => {
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

/// A block scalar keeps the text exactly only when no line starts with white space (that
/// would need an indentation indicator) and the text ends in at most one line break.
fn block_safe(s: &str) -> bool {
    !s.starts_with([' ', '\t'])
        && !s.ends_with("\n\n")
        && s.split('\n')
            .all(|l| !l.ends_with([' ', '\t']) && !l.contains('\r'))
}

/// A text as a YAML scalar: plain when YAML reads it back as the same text, else quoted.
fn scalar_text(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
    }
}

fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_alphabetic() || first == '(') {
        return false;
    }
    let lower = s.to_lowercase();
    if [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ]
    .contains(&lower.as_str())
    {
        return false;
    }
    !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.ends_with(' ')
        && !s.contains([
            '\n', '\r', '\t', '"', '\'', '[', ']', '{', '}', ',', '`', '|', '>', '&', '*', '!',
            '%', '@',
        ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_quoted_only_when_needed() {
        assert_eq!(scalar_text("Servicenämnden"), "Servicenämnden");
        assert_eq!(scalar_text("3.1"), "\"3.1\"");
        assert_eq!(scalar_text("Nej"), "Nej");
        assert_eq!(scalar_text("no"), "\"no\"");
        assert_eq!(scalar_text("Risk: fel"), "\"Risk: fel\"");
        assert_eq!(scalar_text("#REF!"), "\"#REF!\"");
        assert!(block_safe("rad ett\nrad två"));
        assert!(!block_safe("  indrag\nrad"));
    }
}
