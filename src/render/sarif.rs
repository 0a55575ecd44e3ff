//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! The driver lists every rule of the catalogue (so a viewer can tell "ran and found nothing"
//! from "does not exist" and close fixed alerts), with its title, documentation, basis and a
//! link to `docs/rules.md`. Each result carries its physical location (URI relative to the
//! repository root, percent-encoded), related locations and the fingerprint of
//! [`crate::fingerprint`] in `partialFingerprints`.
//!
//! Exempted and baselined findings are not results: GitHub does not honour SARIF
//! `suppressions`, and a known finding must not reappear as an alert. Their counts are in the
//! run's `properties`.

use serde_json::{Value, json};

use super::{position, rule_help_uri};
use crate::engine::Report;
use crate::finding::{Label, Lang, Severity};
use crate::fingerprint::{self, Fingerprinter};
use crate::rules::{self, RuleMeta};
use crate::source::{RepoPath, repo_path};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/ikp-lint/ikp";
/// The base the relative URIs are resolved against: the repository checked out in CI.
const SRCROOT: &str = "%SRCROOT%";

pub fn render(report: &Report, lang: Lang) -> String {
    // Serializing a `Value` cannot fail.
    serde_json::to_string_pretty(&document(report, lang)).unwrap_or_default() + "\n"
}

/// The SARIF log as a JSON value.
pub fn document(report: &Report, lang: Lang) -> Value {
    let registry = rules::registry();
    let prints = Fingerprinter::new(report).unique(&report.findings);
    let results: Vec<Value> = report
        .findings
        .iter()
        .zip(prints)
        .map(|(f, print)| {
            let mut message =
                super::with_cell(report, f.primary.file, f.primary.span, f.message.get(lang));
            if let Some(help) = &f.help {
                let hint = match lang {
                    Lang::Sv => "hjälp",
                    Lang::En => "help",
                };
                message.push_str(&format!("\n{hint}: {}", help.get(lang)));
            }
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": message },
                "locations": [{ "physicalLocation": physical(report, &f.primary) }],
                "partialFingerprints": { (fingerprint::SARIF_KEY): print },
            });
            if let Some(i) = registry.iter().position(|r| r.meta().code == f.rule) {
                result["ruleIndex"] = json!(i);
            }
            if !f.secondary.is_empty() {
                result["relatedLocations"] = f
                    .secondary
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let mut loc = json!({ "id": i, "physicalLocation": physical(report, l) });
                        let text = super::with_cell(report, l.file, l.span, l.message.get(lang));
                        if !text.is_empty() {
                            loc["message"] = json!({ "text": text });
                        }
                        loc
                    })
                    .collect();
            }
            result
        })
        .collect();

    let mut notifications: Vec<Value> = report
        .config_errors
        .iter()
        .map(|e| json!({ "level": "error", "message": { "text": e.to_string() } }))
        .collect();
    notifications.extend(report.notes.iter().map(|(file, text)| {
        json!({
            "level": "note",
            "message": { "text": text.get(lang) },
            "locations": [{ "physicalLocation": { "artifactLocation": artifact(report, *file) } }],
        })
    }));

    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "ikp",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "language": match lang { Lang::Sv => "sv-SE", Lang::En => "en-US" },
                    "rules": registry.iter().map(|r| rule(r.meta(), lang)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": report.unreadable == 0 && report.config_errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            // Relative URIs are relative to the repository root (see `crate::source::repo_path`).
            "originalUriBaseIds": original_uri_base_ids(report),
            // Our columns count characters, as editors do.
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "exempted": report.exempted.len(),
                "baselined": report.baselined.len(),
                "skipped": report.skipped,
                "notChecked": report.not_checked,
                "excluded": report.excluded.len(),
                "configs": super::configs_json(report, lang),
            },
        }]
    })
}

/// Where `%SRCROOT%` is: the repository root of the checked files (the working directory
/// when they lie in no repository), as a `file:` URI ending in `/`.
fn original_uri_base_ids(report: &Report) -> Value {
    let base = report
        .files
        .first()
        .and_then(|f| crate::source::base_of(&f.path))
        .or_else(|| std::env::current_dir().ok());
    let Some(base) = base else {
        return json!({ SRCROOT: { "description": { "text": "repository root" } } });
    };
    let text = base.to_string_lossy().replace('\\', "/");
    let slash = if text.starts_with('/') { "" } else { "/" };
    let end = if text.ends_with('/') { "" } else { "/" };
    json!({ SRCROOT: { "uri": format!("file://{slash}{}{end}", encode(&text, true)) } })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(meta: &RuleMeta, lang: Lang) -> Value {
    let (basis_word, doc) = match lang {
        Lang::Sv => ("Grund", meta.doc.sv),
        Lang::En => ("Basis", meta.doc.en),
    };
    let basis = meta.basis.get(lang);
    let markdown = format!("{}\n\n**{basis_word}:** {basis}\n", doc.trim_end());
    let tags: Vec<&str> = std::iter::once("internkontroll")
        .chain(meta.kinds.iter().map(|k| k.typ()))
        .collect();
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": meta.title.get(lang) },
        "fullDescription": { "text": format!("{} {basis_word}: {basis}", first_paragraph(doc)) },
        "help": { "text": markdown.clone(), "markdown": markdown },
        "helpUri": rule_help_uri(meta.code),
        "defaultConfiguration": { "level": level(meta.default_severity) },
        "properties": { "tags": tags },
    })
}

/// The first paragraph under the first heading: what the rule does, in one breath.
fn first_paragraph(doc: &str) -> String {
    doc.lines()
        .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
        .take_while(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

fn physical(report: &Report, label: &Label) -> Value {
    let (start, end) = position(report, label.file, label.span);
    json!({
        "artifactLocation": artifact(report, label.file),
        "region": {
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
        }
    })
}

fn artifact(report: &Report, file: usize) -> Value {
    let Some(source) = report.file(file) else {
        return json!({ "uri": "" });
    };
    match repo_path(&source.path) {
        RepoPath::Relative(path) => json!({ "uri": encode(&path, false), "uriBaseId": SRCROOT }),
        RepoPath::Absolute(path) => {
            let slash = if path.starts_with('/') { "" } else { "/" };
            json!({ "uri": format!("file://{slash}{}", encode(&path, true)) })
        }
    }
}

/// Percent-encode a path for a URI (RFC 3986): unreserved characters and `/` stay, every
/// other byte of the UTF-8 text becomes `%XX` (so `Älvsjö/a b.yaml` is
/// `%C3%84lvsj%C3%B6/a%20b.yaml`). A colon stays only in an absolute path (`C:`), where it
/// cannot be mistaken for a scheme.
pub fn encode(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (keep_colon && b == b':');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(
            encode("Älvsjö/plan 2025.yaml", false),
            "%C3%84lvsj%C3%B6/plan%202025.yaml"
        );
        assert_eq!(encode("a:b/100%.yaml", false), "a%3Ab/100%25.yaml");
        assert_eq!(encode("C:/planer/x.yaml", true), "C:/planer/x.yaml");
    }

    #[test]
    fn first_paragraph_is_what_the_rule_does() {
        let doc =
            "## Vad den gör\nRapporterar en risk\nsom saknar bedömning.\n\n## Varför\nDärför.";
        assert_eq!(
            first_paragraph(doc),
            "Rapporterar en risk som saknar bedömning."
        );
    }
}
