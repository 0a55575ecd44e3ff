//! Cross-document links: a follow-up to the plan it follows up (the one it names with
//! `plan:`, else the plan of the same nämnd and year), and a plan to the KS points of its
//! municipality and year. When a link cannot be made, the cross-document rules stay silent
//! and a note says why.

use std::path::{Path, PathBuf};

use super::LoadedDocument;
use crate::config::normalize_word;
use crate::finding::Text;
use crate::model::Document;
use crate::rules::{Linked, Links};
use crate::source::{FileId, SourceFile};
use crate::text;

#[derive(Debug, Default)]
pub(super) struct LinkTable {
    plan_of: Vec<Option<usize>>,
    follow_ups_of: Vec<Vec<usize>>,
    ks_of: Vec<Vec<usize>>,
    pub notes: Vec<(FileId, Text)>,
}

fn same(a: &str, b: &str) -> bool {
    normalize_word(a) == normalize_word(b)
}

/// Municipalities match when both are given and equal, or when either is not given.
fn same_municipality(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same(a, b),
        _ => true,
    }
}

fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // Resolve `.` and `..` lexically: the files may be in memory, not on disk.
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

pub(super) fn link(documents: &[LoadedDocument], files: &[SourceFile]) -> LinkTable {
    let n = documents.len();
    let mut table = LinkTable {
        plan_of: vec![None; n],
        follow_ups_of: vec![Vec::new(); n],
        ks_of: vec![Vec::new(); n],
        notes: Vec::new(),
    };
    let plans: Vec<usize> = (0..n)
        .filter(|&i| matches!(documents[i].doc, Document::Plan(_)))
        .collect();
    for (i, loaded) in documents.iter().enumerate() {
        match &loaded.doc {
            Document::FollowUp(f) => {
                let found = match &f.plan {
                    Some(named) => {
                        let dir = files[loaded.file].path.parent().unwrap_or(Path::new(""));
                        let wanted = absolute(&dir.join(&named.value));
                        let hit = plans
                            .iter()
                            .copied()
                            .find(|&p| absolute(&files[documents[p].file].path) == wanted);
                        if hit.is_none() {
                            let name = &named.value;
                            table.notes.push((
                                loaded.file,
                                text!(
                                    "planen «{name}» som uppföljningen hänvisar till finns inte bland de kontrollerade filerna; IKP105 och IKP106 har inte körts",
                                    "the plan «{name}» that the follow-up names is not among the checked files; IKP105 and IKP106 did not run"
                                ),
                            ));
                        }
                        hit
                    }
                    None => {
                        let candidates: Vec<usize> = plans
                            .iter()
                            .copied()
                            .filter(|&p| {
                                let Document::Plan(plan) = &documents[p].doc else {
                                    return false;
                                };
                                plan.year.value == f.year.value
                                    && same(&plan.committee.value, &f.committee.value)
                                    && same_municipality(
                                        plan.municipality.as_deref().map(String::as_str),
                                        f.municipality.as_deref().map(String::as_str),
                                    )
                            })
                            .collect();
                        let committee = &f.committee.value;
                        let year = f.year.value;
                        match candidates.as_slice() {
                            [one] => Some(*one),
                            [] => {
                                table.notes.push((
                                    loaded.file,
                                    text!(
                                        "ingen plan för {committee} {year} bland de kontrollerade filerna; regler som jämför uppföljningen med planen (IKP105, IKP106) har inte körts",
                                        "no plan for {committee} {year} among the checked files; rules that compare the follow-up with its plan (IKP105, IKP106) did not run"
                                    ),
                                ));
                                None
                            }
                            _ => {
                                table.notes.push((
                                    loaded.file,
                                    text!(
                                        "flera planer för {committee} {year}; ange vilken med `plan:`. IKP105 och IKP106 har inte körts",
                                        "several plans for {committee} {year}; name one with `plan:`. IKP105 and IKP106 did not run"
                                    ),
                                ));
                                None
                            }
                        }
                    }
                };
                if let Some(p) = found {
                    table.plan_of[i] = Some(p);
                    table.follow_ups_of[p].push(i);
                }
            }
            Document::Plan(plan) => {
                table.ks_of[i] = documents
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| match &d.doc {
                        Document::KsPoints(k) => {
                            k.year.value == plan.year.value
                                && plan
                                    .municipality
                                    .as_ref()
                                    .is_some_and(|m| same(&m.value, &k.municipality.value))
                        }
                        _ => false,
                    })
                    .map(|(k, _)| k)
                    .collect();
            }
            Document::KsPoints(_) => {}
        }
    }
    table
}

impl LinkTable {
    pub fn for_document<'a>(
        &self,
        i: usize,
        documents: &'a [LoadedDocument],
        files: &'a [SourceFile],
    ) -> Links<'a> {
        let linked_plan = |p: usize| match &documents[p].doc {
            Document::Plan(plan) => Some(Linked {
                file: documents[p].file,
                source: &files[documents[p].file],
                doc: plan,
            }),
            _ => None,
        };
        Links {
            plan: self.plan_of.get(i).copied().flatten().and_then(linked_plan),
            follow_ups: self
                .follow_ups_of
                .get(i)
                .into_iter()
                .flatten()
                .filter_map(|&f| match &documents[f].doc {
                    Document::FollowUp(doc) => Some(Linked {
                        file: documents[f].file,
                        source: &files[documents[f].file],
                        doc,
                    }),
                    _ => None,
                })
                .collect(),
            ks_points: self
                .ks_of
                .get(i)
                .into_iter()
                .flatten()
                .filter_map(|&k| match &documents[k].doc {
                    Document::KsPoints(doc) => Some(Linked {
                        file: documents[k].file,
                        source: &files[documents[k].file],
                        doc,
                    }),
                    _ => None,
                })
                .collect(),
        }
    }
}
