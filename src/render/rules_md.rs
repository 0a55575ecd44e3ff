//! `docs/rules.md`: the rule catalogue as one Markdown page, generated from the registry. It is
//! what SARIF's `helpUri` points at (`#ikp004`), and the list an auditor reads. A test fails
//! when the committed page is stale; `IKP_UPDATE_DOCS=1 cargo test rules_md` rewrites it.

use std::fmt::Write as _;

use crate::finding::Lang;
use crate::rules;

/// The whole page, rules in code order.
pub fn markdown() -> String {
    let mut registry: Vec<&'static dyn rules::Rule> = rules::registry().to_vec();
    registry.sort_by_key(|r| r.meta().code);
    let mut out = String::new();
    out.push_str("# Regler / Rules\n\n");
    out.push_str(
        "<!-- Genererad ur regelregistret (src/rules). Ändra inte för hand: kör `IKP_UPDATE_DOCS=1 cargo test rules_md`. -->\n\n",
    );
    out.push_str(
        "Alla regler i `ikp`, med vad de kontrollerar, varför, grund, exempel och åtgärd. \
         Samma text visar `ikp explain KOD`. Varje regel har en fast adress `#ikpNNN` som \
         SARIF-rapporter länkar till.\n\n\
         Every rule of `ikp`, with what it checks, why, its basis, an example and the fix \
         (English under each rule).\n\n",
    );
    out.push_str("| kod | namn | standardnivå | läser | rubrik |\n|---|---|---|---|---|\n");
    for rule in &registry {
        let m = rule.meta();
        let kinds: Vec<&str> = m.kinds.iter().map(|k| k.typ()).collect();
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} | {} | {} |",
            m.code,
            m.code.to_ascii_lowercase(),
            cell(m.name),
            m.default_severity.name(Lang::Sv),
            kinds.join(", "),
            cell(m.title.sv)
        );
    }
    for rule in &registry {
        let m = rule.meta();
        let kinds: Vec<&str> = m.kinds.iter().map(|k| k.typ()).collect();
        let _ = write!(
            out,
            "\n## {}\n\n**{}** — {}\n\nStandardnivå: {}. Läser: {}.\n\nGrund: {}\n\n{}\n",
            m.code,
            m.name,
            m.title.sv,
            m.default_severity.name(Lang::Sv),
            kinds.join(", "),
            m.basis.sv,
            demote(m.doc.sv, 1).trim_end()
        );
        let _ = write!(
            out,
            "\n<details><summary>English: {}</summary>\n\nDefault severity: {}. Reads: {}.\n\nBasis: {}\n\n{}\n\n</details>\n",
            m.title.en,
            m.default_severity.name(Lang::En),
            kinds.join(", "),
            m.basis.en,
            demote(m.doc.en, 2).trim_end()
        );
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Push every Markdown heading down `levels` (outside code blocks), so a rule's own
/// `## Vad den gör` sits under the rule's heading.
fn demote(doc: &str, levels: usize) -> String {
    let mut in_code = false;
    let mut out = String::with_capacity(doc.len() + 64);
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && line.starts_with('#') {
            out.push_str(&"#".repeat(levels));
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_rules_md_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
        let expected = markdown();
        if std::env::var_os("IKP_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &expected).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == expected,
            "docs/rules.md är inaktuell: kör `IKP_UPDATE_DOCS=1 cargo test rules_md` och checka in resultatet"
        );
    }

    #[test]
    fn every_rule_has_its_anchor() {
        let page = markdown();
        for rule in rules::registry() {
            assert!(page.contains(&format!("\n## {}\n", rule.meta().code)));
        }
    }

    #[test]
    fn headings_inside_code_blocks_are_left_alone() {
        assert_eq!(
            demote("## Exempel\n```yaml\n# kommentar\n```\n", 1),
            "### Exempel\n```yaml\n# kommentar\n```\n"
        );
    }
}
