//! Cross-document links: a follow-up to the plan it follows up (the one it names with
//! `plan:`, else the plan of the same nämnd and year), and a plan to the KS points of its
//! municipality and year. When a link cannot be made, the cross-document rules stay silent
//! and a note says why.
//!
//! Linking reads only a few small keys of each document ([`LinkKey`]), never the documents
//! themselves. That lets the engine link a whole repository while holding only the documents
//! of one link group at a time (see `engine::run`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::normalize_word;
use crate::finding::{Finding, Label, Severity, Subject, Text};
use crate::model::{DocKind, Document};
use crate::source::FileId;
use crate::source::Span;
use crate::text;

/// What linking reads of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LinkKey {
    pub kind: DocKind,
    pub municipality: Option<String>,
    /// The nämnd (plans and follow-ups).
    pub committee: Option<String>,
    pub year: i64,
    /// A follow-up's `plan:`, as written (a path relative to the follow-up).
    pub plan: Option<String>,
    /// Where that value is (known once the document is loaded; not part of the identity).
    pub plan_span: Option<Span>,
}

impl LinkKey {
    /// The document's identity (kind, kommun, nämnd, år).
    pub fn identity(&self) -> crate::model::DocIdentity {
        crate::model::DocIdentity {
            kind: self.kind,
            municipality: self.municipality.clone(),
            committee: self.committee.clone(),
            year: self.year,
        }
    }

    pub fn of(doc: &Document) -> LinkKey {
        match doc {
            Document::Plan(p) => LinkKey {
                kind: DocKind::Plan,
                municipality: p.municipality.as_ref().map(|m| m.value.clone()),
                committee: Some(p.committee.value.clone()),
                year: p.year.value,
                plan: None,
                plan_span: None,
            },
            Document::FollowUp(f) => LinkKey {
                kind: DocKind::FollowUp,
                municipality: f.municipality.as_ref().map(|m| m.value.clone()),
                committee: Some(f.committee.value.clone()),
                year: f.year.value,
                plan: f.plan.as_ref().map(|p| p.value.clone()),
                plan_span: f.plan.as_ref().map(|p| p.span),
            },
            Document::KsPoints(k) => LinkKey {
                kind: DocKind::KsPoints,
                municipality: Some(k.municipality.value.clone()),
                committee: None,
                year: k.year.value,
                plan: None,
                plan_span: None,
            },
        }
    }
}

/// One document to link: its file, path and key.
#[derive(Debug, Clone, Copy)]
pub(super) struct Linkable<'a> {
    pub file: FileId,
    pub path: &'a Path,
    pub key: &'a LinkKey,
}

/// The documents one document is linked with, by file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct LinkRecord {
    /// For a follow-up: its plan.
    pub plan: Option<FileId>,
    /// For a plan: its follow-ups, in file order.
    pub follow_ups: Vec<FileId>,
    /// For a plan: the KS points of its municipality and year, in file order.
    pub ks_points: Vec<FileId>,
}

#[derive(Debug, Default)]
pub(super) struct LinkTable {
    /// By file; documents without links have none here.
    pub records: HashMap<FileId, LinkRecord>,
    pub notes: Vec<(FileId, Text)>,
    /// IKP092: a `plan:` that does not resolve (made only when the spans are known).
    pub findings: Vec<Finding>,
}

impl LinkTable {
    pub fn record(&self, file: FileId) -> LinkRecord {
        self.records.get(&file).cloned().unwrap_or_default()
    }
}

/// Municipalities match when both are given and equal, or when either is not given.
fn same_municipality(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => normalize_word(a) == normalize_word(b),
        _ => true,
    }
}

pub(super) fn absolute(path: &Path) -> PathBuf {
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

/// The path a follow-up's `plan:` names.
pub(super) fn named_plan_path(follow_up: &Path, plan: &str) -> PathBuf {
    let dir = follow_up.parent().unwrap_or(Path::new(""));
    absolute(&dir.join(plan))
}

/// Link documents. `items` must be in file order; so are the lists in the records. `failed`
/// holds the (absolute) paths of checked files that did not load, so a `plan:` naming one is
/// told apart from one naming nothing.
pub(super) fn link(items: &[Linkable<'_>], failed: &HashSet<PathBuf>) -> LinkTable {
    let mut table = LinkTable::default();
    // Indexes, so linking stays linear in the number of documents.
    let mut plan_by_path: HashMap<PathBuf, FileId> = HashMap::new();
    let mut plan_by_lowercase: HashMap<String, &Path> = HashMap::new();
    let mut plans_by_committee: HashMap<(String, i64), Vec<&Linkable<'_>>> = HashMap::new();
    let mut ks_by_municipality: HashMap<(String, i64), Vec<FileId>> = HashMap::new();
    for item in items {
        match item.key.kind {
            DocKind::Plan => {
                plan_by_path.entry(absolute(item.path)).or_insert(item.file);
                plan_by_lowercase
                    .entry(absolute(item.path).to_string_lossy().to_lowercase())
                    .or_insert(item.path);
                if let Some(committee) = &item.key.committee {
                    plans_by_committee
                        .entry((normalize_word(committee), item.key.year))
                        .or_default()
                        .push(item);
                }
            }
            DocKind::KsPoints => {
                if let Some(m) = &item.key.municipality {
                    ks_by_municipality
                        .entry((normalize_word(m), item.key.year))
                        .or_default()
                        .push(item.file);
                }
            }
            DocKind::FollowUp => {}
        }
    }
    for item in items {
        let key = item.key;
        match key.kind {
            DocKind::FollowUp => {
                let by_committee = || -> Result<FileId, Text> {
                    let committee = key.committee.as_deref().unwrap_or_default();
                    let candidates: Vec<FileId> = plans_by_committee
                        .get(&(normalize_word(committee), key.year))
                        .into_iter()
                        .flatten()
                        .filter(|p| {
                            same_municipality(
                                p.key.municipality.as_deref(),
                                key.municipality.as_deref(),
                            )
                        })
                        .map(|p| p.file)
                        .collect();
                    let year = key.year;
                    match candidates.as_slice() {
                        [one] => Ok(*one),
                        [] => Err(text!(
                            "ingen plan för {committee} {year} bland de kontrollerade filerna; regler som jämför uppföljningen med planen (IKP105, IKP106) har inte körts",
                            "no plan for {committee} {year} among the checked files; rules that compare the follow-up with its plan (IKP105, IKP106) did not run"
                        )),
                        _ => Err(text!(
                            "flera planer för {committee} {year}; ange vilken med `plan:`. IKP105 och IKP106 har inte körts",
                            "several plans for {committee} {year}; name one with `plan:`. IKP105 and IKP106 did not run"
                        )),
                    }
                };
                let found = match &key.plan {
                    Some(named) => {
                        let target = named_plan_path(item.path, named);
                        match plan_by_path.get(&target) {
                            Some(&hit) => Some(hit),
                            None => {
                                let why = unresolved(
                                    named,
                                    &target,
                                    item.path,
                                    failed,
                                    &plan_by_lowercase,
                                );
                                // Still compared with the plan of the same nämnd and year.
                                let fallback = by_committee().ok();
                                let then = match fallback
                                    .and_then(|f| items.iter().find(|i| i.file == f))
                                {
                                    Some(plan) => {
                                        let shown = plan.path.display().to_string();
                                        text!(
                                            "uppföljningen jämförs i stället med planen för samma nämnd och år, {shown}",
                                            "the follow-up is compared with the plan of the same nämnd and year instead, {shown}"
                                        )
                                    }
                                    None => text!(
                                        "IKP105 och IKP106 har inte körts",
                                        "IKP105 and IKP106 did not run"
                                    ),
                                };
                                match key.plan_span {
                                    Some(span) => {
                                        let message = Text::new(
                                            format!("{}; {}", why.sv, then.sv),
                                            format!("{}; {}", why.en, then.en),
                                        );
                                        table.findings.push(
                                            Finding::new(
                                                crate::rules::UNRESOLVED_PLAN,
                                                Severity::Warning,
                                                message,
                                                Label::new(item.file, span, Text::default()),
                                            )
                                            .with_subject(Subject::new(
                                                "plan",
                                                format!("IKP092|{named}"),
                                            )),
                                        );
                                    }
                                    None => table.notes.push((
                                        item.file,
                                        Text::new(
                                            format!("{}; {}", why.sv, then.sv),
                                            format!("{}; {}", why.en, then.en),
                                        ),
                                    )),
                                }
                                fallback
                            }
                        }
                    }
                    None => match by_committee() {
                        Ok(hit) => Some(hit),
                        Err(note) => {
                            table.notes.push((item.file, note));
                            None
                        }
                    },
                };
                if let Some(p) = found {
                    table.records.entry(item.file).or_default().plan = Some(p);
                    table
                        .records
                        .entry(p)
                        .or_default()
                        .follow_ups
                        .push(item.file);
                }
            }
            DocKind::Plan => {
                let ks = key
                    .municipality
                    .as_ref()
                    .and_then(|m| ks_by_municipality.get(&(normalize_word(m), key.year)))
                    .cloned()
                    .unwrap_or_default();
                if !ks.is_empty() {
                    table.records.entry(item.file).or_default().ks_points = ks;
                }
            }
            DocKind::KsPoints => {}
        }
    }
    table
}

/// Why a follow-up's `plan:` names no checked plan, precisely.
fn unresolved(
    named: &str,
    target: &Path,
    follow_up: &Path,
    failed: &HashSet<PathBuf>,
    by_lowercase: &HashMap<String, &Path>,
) -> Text {
    if named.trim().is_empty() {
        return text!(
            "`plan:` är tomt och pekar inte på någon plan",
            "`plan:` is empty and names no plan"
        );
    }
    if target == absolute(follow_up) {
        return text!(
            "`plan: {named}` pekar på uppföljningen själv, inte på en plan",
            "`plan: {named}` points at the follow-up itself, not at a plan"
        );
    }
    if failed.contains(target) {
        return text!(
            "planen «{named}» kunde inte läsas in (se fynden i den filen)",
            "the plan «{named}» failed to load (see the findings in that file)"
        );
    }
    if let Some(real) = by_lowercase.get(&target.to_string_lossy().to_lowercase()) {
        let real = real
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return text!(
            "`plan: {named}` stavas inte som filen «{real}» (stora och små bokstäver skiljer sig)",
            "`plan: {named}` is not spelt as the file «{real}» (upper and lower case differ)"
        );
    }
    if target.is_file() {
        return text!(
            "planen «{named}» finns men kontrollerades inte i den här körningen (den angavs inte, eller är ingen plan); kontrollera mappen med både plan och uppföljning",
            "the plan «{named}» exists but was not checked in this run (it was not given, or is no plan); check the folder holding both plan and follow-up"
        );
    }
    text!(
        "planen «{named}» som uppföljningen hänvisar till finns inte",
        "the plan «{named}» that the follow-up names does not exist"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: DocKind, committee: &str, year: i64, plan: Option<&str>) -> LinkKey {
        LinkKey {
            kind,
            municipality: Some("Stockholm".into()),
            committee: (kind != DocKind::KsPoints).then(|| committee.to_string()),
            year,
            plan: plan.map(str::to_string),
            plan_span: None,
        }
    }

    #[test]
    fn follow_ups_find_their_plan_by_path_or_by_committee_and_year() {
        let keys = [
            key(DocKind::Plan, "Servicenämnden", 2025, None),
            key(DocKind::FollowUp, "servicenämnden ", 2025, None),
            key(DocKind::FollowUp, "Annan", 2025, Some("plan.yaml")),
            key(DocKind::KsPoints, "", 2025, None),
        ];
        let paths = [
            PathBuf::from("/r/sn/plan.yaml"),
            PathBuf::from("/r/sn/uppf.yaml"),
            PathBuf::from("/r/sn/uppf2.yaml"),
            PathBuf::from("/r/ks.yaml"),
        ];
        let items: Vec<Linkable<'_>> = (0..4)
            .map(|i| Linkable {
                file: i,
                path: &paths[i],
                key: &keys[i],
            })
            .collect();
        let table = link(&items, &HashSet::new());
        assert_eq!(table.record(1).plan, Some(0));
        assert_eq!(table.record(2).plan, Some(0));
        assert_eq!(table.record(0).follow_ups, vec![1, 2]);
        assert_eq!(table.record(0).ks_points, vec![3]);
        assert!(table.notes.is_empty(), "{:?}", table.notes);
    }

    #[test]
    fn ambiguous_and_missing_plans_give_notes() {
        let keys = [
            key(DocKind::Plan, "N", 2025, None),
            key(DocKind::Plan, "N", 2025, None),
            key(DocKind::FollowUp, "N", 2025, None),
            key(DocKind::FollowUp, "M", 2025, None),
        ];
        let paths: Vec<PathBuf> = (0..4)
            .map(|i| PathBuf::from(format!("/r/{i}.yaml")))
            .collect();
        let items: Vec<Linkable<'_>> = (0..4)
            .map(|i| Linkable {
                file: i,
                path: &paths[i],
                key: &keys[i],
            })
            .collect();
        let table = link(&items, &HashSet::new());
        assert_eq!(table.record(2).plan, None);
        assert_eq!(table.notes.len(), 2);
        assert!(table.notes[0].1.sv.contains("flera planer"));
        assert!(table.notes[1].1.sv.contains("ingen plan"));
    }
}
