//! Exemptions are data: an `undantag` on a document, risk, control, followed-up control or
//! occasion exempts that entity's findings of one rule. An exempted finding is counted and
//! listed, not failed; an exemption without justification is an error (IKP091) and does not
//! apply; one that matches nothing is stale (IKP090).

use super::{Exempted, LoadedDocument};
use crate::finding::{Finding, Label, Subject, Text};
use crate::model::{Document, Exemption, Spanned};
use crate::rules::{self, EMPTY_EXEMPTION, STALE_EXEMPTION, entity};
use crate::source::FileId;
use crate::text;

/// An exemption and what it covers. Owned and small, so the engine can keep the grants of
/// every document after dropping the documents.
pub(super) struct Grant {
    file: FileId,
    /// Entity key the exemption covers; empty for the whole document.
    entity: String,
    exemption: Spanned<Exemption>,
    used: bool,
}

/// The exemptions written in a document.
pub(super) fn grants(loaded: &LoadedDocument) -> Vec<Grant> {
    let file = loaded.file;
    let mut grants: Vec<(String, &Spanned<Exemption>)> = Vec::new();
    match &loaded.doc {
        Document::Plan(p) => {
            grants.extend(p.exemptions.iter().map(|e| (String::new(), e)));
            for r in &p.risks {
                grants.extend(r.exemptions.iter().map(|e| (entity::risk(r), e)));
            }
            for c in &p.controls {
                grants.extend(c.exemptions.iter().map(|e| (entity::control(c), e)));
            }
        }
        Document::FollowUp(f) => {
            grants.extend(f.exemptions.iter().map(|e| (String::new(), e)));
            for (i, fc) in f.controls.iter().enumerate() {
                grants.extend(fc.exemptions.iter().map(|e| (entity::followed(fc, i), e)));
                for (j, occ) in fc.occasions.iter().enumerate() {
                    grants.extend(
                        occ.exemptions
                            .iter()
                            .map(|e| (entity::occasion(fc, i, occ, j), e)),
                    );
                }
            }
        }
        Document::KsPoints(_) => {}
    }
    grants
        .into_iter()
        .map(|(entity, exemption)| Grant {
            file,
            entity,
            exemption: exemption.clone(),
            used: false,
        })
        .collect()
}

fn covers(grant: &Grant, finding: &Finding) -> bool {
    grant.file == finding.primary.file
        && grant
            .exemption
            .rule
            .value
            .trim()
            .eq_ignore_ascii_case(finding.rule)
        && (grant.entity.is_empty()
            || finding.subject.entity == grant.entity
            || finding
                .subject
                .entity
                .strip_prefix(grant.entity.as_str())
                .is_some_and(|rest| rest.starts_with('/')))
}

fn justification(e: &Exemption) -> Option<&str> {
    e.justification
        .as_ref()
        .map(|j| j.value.trim())
        .filter(|j| !j.is_empty())
}

pub(super) fn apply(
    findings: Vec<Finding>,
    mut grants: Vec<Grant>,
) -> (Vec<Finding>, Vec<Exempted>, Vec<Finding>) {
    // A grant covers findings of its own file only: index by file, so a large run with few
    // exemptions does not compare every finding with every grant.
    let mut by_file: std::collections::HashMap<FileId, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, g) in grants.iter().enumerate() {
        by_file.entry(g.file).or_default().push(i);
    }
    let mut kept = Vec::new();
    let mut exempted = Vec::new();
    for finding in findings {
        let candidates = by_file
            .get(&finding.primary.file)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let grant = candidates
            .iter()
            .copied()
            .find(|&i| {
                justification(&grants[i].exemption.value).is_some() && covers(&grants[i], &finding)
            })
            .map(|i| &mut grants[i]);
        match grant {
            Some(g) => {
                g.used = true;
                exempted.push(Exempted {
                    justification: justification(&g.exemption.value)
                        .unwrap_or_default()
                        .to_string(),
                    exemption: Label::new(g.file, g.exemption.span, Text::default()),
                    finding,
                });
            }
            None => kept.push(finding),
        }
    }
    let mut extra = Vec::new();
    for g in grants {
        let e = &g.exemption.value;
        let code = e.rule.value.trim().to_string();
        let subject = Subject::new(g.entity.clone(), format!("undantag:{code}"));
        if justification(e).is_none() {
            extra.push(
                Finding::new(
                    EMPTY_EXEMPTION,
                    rules::find(EMPTY_EXEMPTION)
                        .map(|r| r.meta().default_severity)
                        .unwrap_or(crate::finding::Severity::Error),
                    text!(
                        "undantaget från {code} saknar motivering och gäller därför inte",
                        "the exemption from {code} has no justification and so does not apply"
                    ),
                    Label::new(g.file, e.rule.span, Text::default()),
                )
                .with_help(text!(
                    "skriv varför regeln inte ska gälla här under `motivering:`",
                    "write under `motivering:` why the rule should not apply here"
                ))
                .with_subject(subject),
            );
        } else if !g.used {
            let message = if rules::is_known_code(&code) {
                text!(
                    "undantaget från {code} behövs inte: regeln ger inget fynd här",
                    "the exemption from {code} is not needed: the rule finds nothing here"
                )
            } else {
                text!(
                    "undantaget gäller en okänd regel «{code}»",
                    "the exemption names an unknown rule «{code}»"
                )
            };
            extra.push(
                Finding::new(
                    STALE_EXEMPTION,
                    rules::find(STALE_EXEMPTION)
                        .map(|r| r.meta().default_severity)
                        .unwrap_or(crate::finding::Severity::Warning),
                    message,
                    Label::new(g.file, e.rule.span, Text::default()),
                )
                .with_help(text!("ta bort undantaget", "remove the exemption"))
                .with_subject(subject),
            );
        }
    }
    (kept, exempted, extra)
}
