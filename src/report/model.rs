//! The report model: everything the report says, built once from a [`Report`] and rendered
//! by HTML, Markdown and CSV alike. Texts here are plain (unescaped) and already in the chosen
//! language; renderers only lay them out and escape them.
//!
//! Nothing here decides what is wrong: findings come from the rules. The model only groups
//! them (per nämnd, year, document and rule), places the risks in the matrix, and compares the
//! nämnd's own judgement with what the findings and the follow-up's status words say.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::config::Config;
use crate::engine::{LoadedDocument, Report};
use crate::finding::{Finding, Label, Lang, Severity};
use crate::model::{DocKind, Document, FollowUp, IkpChoice, Judgement, Plan};
use crate::outcome::Outcome;
use crate::render::{file_name, position};
use crate::rules;
use crate::source::{SourceFile, Span};

use super::words;

/// What the report is about and when it was made.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub lang: Lang,
    /// The report's date, `ÅÅÅÅ-MM-DD` (the CLI takes it from `IKP_REPORT_DATE` or today).
    pub date: String,
}

#[derive(Debug, Clone)]
pub struct AuditReport {
    pub lang: Lang,
    pub scope: Scope,
    pub overview: Vec<OverviewRow>,
    pub recurring: Recurring,
    pub groups: Vec<CommitteeGroup>,
    pub failed: Vec<FailedFile>,
    pub config_errors: Vec<String>,
    /// The rules applied, in code order (the appendix).
    pub rules: Vec<AppliedRule>,
}

#[derive(Debug, Clone)]
pub struct Scope {
    pub date: String,
    pub version: &'static str,
    pub documents: Vec<DocumentRef>,
    pub failed_files: usize,
    /// YAML/JSON files that were not ikp documents.
    pub skipped: usize,
    /// The configuration files in use ("konfiguration: …"), for the front page.
    pub configs: Option<String>,
    pub profiles: Vec<ProfileInfo>,
    pub totals: Counts,
}

#[derive(Debug, Clone)]
pub struct DocumentRef {
    pub file: String,
    pub kind: DocKind,
    pub committee: String,
    pub year: i64,
    /// Anchor of the document's section.
    pub anchor: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileInfo {
    pub name: String,
    pub description: String,
    /// The `ikp.toml` that chose it, if any.
    pub config: Option<String>,
    pub likelihood_levels: usize,
    pub consequence_levels: usize,
    pub threshold: i64,
    pub zones: Vec<ZoneInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneInfo {
    pub name: String,
    pub min_rv: i64,
}

/// Findings by severity, and the exempted ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub exempted: usize,
}

impl Counts {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    fn merge(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.exempted += other.exempted;
    }

    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// One row of the front page: a nämnd and a year.
#[derive(Debug, Clone)]
pub struct OverviewRow {
    pub municipality: Option<String>,
    pub committee: String,
    pub year: i64,
    pub kinds: Vec<DocKind>,
    pub counts: Counts,
    pub judgement: Option<Judgement>,
    pub support: Support,
    /// Anchor of the nämnd's section.
    pub anchor: String,
}

/// Whether the findings support the nämnd's own judgement of its internal control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// No follow-up of this year among the documents: there is no judgement to weigh.
    NoFollowUp,
    /// The follow-up gives no judgement.
    NoJudgement,
    /// The nämnd itself judges its control insufficient.
    SelfInsufficient,
    /// "Tillräcklig", and no error stands.
    Supported,
    /// "Tillräcklig", no error, but warnings stand.
    SupportedWithWarnings { warnings: usize },
    /// "Tillräcklig", nothing stands, but findings were exempted (with a justification).
    SupportedWithExemptions { exempted: usize },
    /// "Tillräcklig" while errors, major deviations without (closed) action or controls not
    /// performed stand. The deviations count only while IKP110's finding stands: an exempted
    /// IKP110 means the nämnd has justified its judgement, and the overview says so.
    NotSupported {
        errors: usize,
        major_without_action: usize,
        major_open_action: usize,
        not_performed: usize,
    },
}

impl Support {
    /// The verdict in a few words, for a table cell.
    pub fn short(&self, lang: Lang) -> String {
        let sv = matches!(lang, Lang::Sv);
        match self {
            Support::NoFollowUp => "—".to_string(),
            Support::NoJudgement => if sv {
                "ingen bedömning angiven"
            } else {
                "no judgement given"
            }
            .into(),
            Support::SelfInsufficient => if sv {
                "nämnden redovisar själv brister"
            } else {
                "the committee itself reports weaknesses"
            }
            .into(),
            Support::Supported => if sv {
                "stöds av fynden"
            } else {
                "supported by the findings"
            }
            .into(),
            Support::SupportedWithWarnings { warnings } => {
                if sv {
                    format!(
                        "stöds, med {warnings} {}",
                        if *warnings == 1 {
                            "varning"
                        } else {
                            "varningar"
                        }
                    )
                } else {
                    format!(
                        "supported, with {warnings} warning{}",
                        if *warnings == 1 { "" } else { "s" }
                    )
                }
            }
            Support::SupportedWithExemptions { exempted } => {
                if sv {
                    format!("stöds, med {exempted} undantag")
                } else {
                    format!(
                        "supported, with {exempted} exemption{}",
                        if *exempted == 1 { "" } else { "s" }
                    )
                }
            }
            Support::NotSupported { .. } => if sv {
                "stöds inte av fynden"
            } else {
                "not supported by the findings"
            }
            .into(),
        }
    }

    /// Why it is not supported, when it is not.
    pub fn reasons(&self, lang: Lang) -> Vec<String> {
        let Support::NotSupported {
            errors,
            major_without_action,
            major_open_action,
            not_performed,
        } = *self
        else {
            return Vec::new();
        };
        let sv = matches!(lang, Lang::Sv);
        let mut out = Vec::new();
        if errors > 0 {
            out.push(if sv {
                format!("{errors} fel kvarstår")
            } else {
                format!(
                    "{errors} {}",
                    if errors == 1 {
                        "error stands"
                    } else {
                        "errors stand"
                    }
                )
            });
        }
        if major_without_action > 0 {
            out.push(if sv {
                format!(
                    "{major_without_action} större avvikelse{} utan åtgärd",
                    if major_without_action == 1 { "" } else { "r" }
                )
            } else {
                format!(
                    "{major_without_action} major deviation{} without action",
                    if major_without_action == 1 { "" } else { "s" }
                )
            });
        }
        if major_open_action > 0 {
            out.push(if sv {
                format!(
                    "{major_open_action} större avvikelse{} vars åtgärd inte är avslutad",
                    if major_open_action == 1 { "" } else { "r" }
                )
            } else {
                format!(
                    "{major_open_action} major deviation{} whose action is not closed",
                    if major_open_action == 1 { "" } else { "s" }
                )
            });
        }
        if not_performed > 0 {
            out.push(if sv {
                format!(
                    "{not_performed} kontrolltillfälle{} ej genomförd{}",
                    if not_performed == 1 { "" } else { "n" },
                    if not_performed == 1 { "" } else { "a" }
                )
            } else {
                format!(
                    "{not_performed} control occasion{} not performed",
                    if not_performed == 1 { "" } else { "s" }
                )
            });
        }
        out
    }

    pub fn is_negative(&self) -> bool {
        matches!(self, Support::NotSupported { .. })
    }
}

pub fn judgement_name(j: Judgement, lang: Lang) -> &'static str {
    match (j, lang) {
        (Judgement::Sufficient, Lang::Sv) => "Tillräcklig",
        (Judgement::Sufficient, Lang::En) => "Sufficient",
        (Judgement::Insufficient, Lang::Sv) => "Ej tillräcklig",
        (Judgement::Insufficient, Lang::En) => "Insufficient",
    }
}

/// The cross-nämnd view.
#[derive(Debug, Clone, Default)]
pub struct Recurring {
    /// Number of nämnder among the documents.
    pub committees: usize,
    pub rules: Vec<RecurringRule>,
}

#[derive(Debug, Clone)]
pub struct RecurringRule {
    pub rule: RuleInfo,
    /// The nämnder where the rule fired, sorted.
    pub committees: Vec<String>,
    pub findings: usize,
}

/// A rule as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    pub basis: &'static str,
}

impl RuleInfo {
    fn of(code: &'static str, lang: Lang) -> RuleInfo {
        match rules::find(code) {
            Some(rule) => {
                let m = rule.meta();
                RuleInfo {
                    code: m.code,
                    name: m.name,
                    title: m.title.get(lang),
                    basis: m.basis.get(lang),
                }
            }
            None => RuleInfo {
                code,
                name: "",
                title: "",
                basis: "",
            },
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppliedRule {
    pub rule: RuleInfo,
    pub default_severity: Severity,
    /// The `ikp.toml` files (or "inbyggd standard") that turn it off.
    pub off_in: Vec<String>,
    pub findings: usize,
}

/// One nämnd (or the KS points of a municipality): a section of its own, on a new page.
#[derive(Debug, Clone)]
pub struct CommitteeGroup {
    pub municipality: Option<String>,
    pub name: String,
    pub anchor: String,
    pub counts: Counts,
    pub documents: Vec<DocumentSection>,
}

#[derive(Debug, Clone)]
pub struct DocumentSection {
    pub file: String,
    pub kind: DocKind,
    pub year: i64,
    pub anchor: String,
    pub counts: Counts,
    /// For a plan: the risk matrix and the risks above the threshold left out of it.
    pub plan: Option<PlanView>,
    /// For a follow-up: what its status words say, counted.
    pub outcomes: Option<OutcomeCounts>,
    /// For a plan: the date the nämnd adopted it (`None` when not given).
    pub adopted: Option<String>,
    /// For a follow-up: its judgement and texts, a row per control and occasion, open actions.
    pub follow_up: Option<FollowUpView>,
    pub findings: Vec<RuleGroup>,
    pub exempted: Vec<ExemptedView>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PlanView {
    pub matrix: Matrix,
    pub threshold: i64,
    /// The risks in the plan, each with the controls that handle it.
    pub planned: Vec<PlannedRisk>,
    pub outside_plan: Vec<RiskRef>,
    pub unscored: Vec<RiskRef>,
    pub off_scale: Vec<RiskRef>,
}

#[derive(Debug, Clone)]
pub struct PlannedRisk {
    pub risk: RiskRef,
    pub controls: Vec<ControlRef>,
}

#[derive(Debug, Clone)]
pub struct ControlRef {
    pub id: String,
    /// The control activity, or else the systematic control.
    pub activity: Option<String>,
}

/// The occasions of a follow-up by what their status means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeCounts {
    pub controls: usize,
    pub occasions: usize,
    pub no_deviation: usize,
    pub minor: usize,
    pub major: usize,
    pub not_performed: usize,
    pub in_progress: usize,
    /// A status word the profile does not know.
    pub unknown: usize,
    pub missing: usize,
}

/// What a follow-up says, as an auditor reads it.
#[derive(Debug, Clone, Default)]
pub struct FollowUpView {
    pub judgement: Option<Judgement>,
    /// Analysis, conclusions and the document-level "Åtgärder": (label, text shortened to
    /// [`SECTION_CHARS`], anchor of the full text when shortened).
    pub sections: Vec<(SectionKind, Option<String>, Option<String>)>,
    /// One row per control and occasion, in the document's order.
    pub rows: Vec<OccasionRow>,
    /// Actions whose status does not say they are closed.
    pub open_actions: Vec<OpenAction>,
    /// Actions reported under the occasions, closed or not.
    pub actions_total: usize,
    /// The comments shortened in [`OccasionRow::comment`], in full.
    pub full_comments: Vec<FullComment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Analysis,
    Conclusions,
    Actions,
}

#[derive(Debug, Clone)]
pub struct OccasionRow {
    /// The control's id in the plan, else its activity shortened, else its position.
    pub control: String,
    /// The control activity, shortened (shown with the first occasion of each control).
    pub activity: Option<String>,
    /// Whether this is the control's first row (renderers show the control once).
    pub first_of_control: bool,
    pub period: String,
    pub status: Option<String>,
    /// The status's meaning; `None` for an unknown word or no status.
    pub outcome: Option<Outcome>,
    /// The comment, shortened to [`COMMENT_CHARS`].
    pub comment: Option<String>,
    /// Anchor of the full comment when it was shortened.
    pub comment_anchor: Option<String>,
    pub actions: Vec<ActionCell>,
}

#[derive(Debug, Clone)]
pub struct ActionCell {
    pub text: String,
    pub status: Option<String>,
    /// `Some(true)` closed, `Some(false)` open, `None` a status word the profile does not know.
    pub closed: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct OpenAction {
    pub control: String,
    pub period: String,
    pub action: String,
    pub responsible: Option<String>,
    pub end_date: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FullComment {
    pub anchor: String,
    pub control: String,
    pub period: String,
    pub text: String,
}

/// Longest comment shown in the per-control table, in characters.
pub const COMMENT_CHARS: usize = 80;
/// Longest analysis, conclusions or actions text shown before "hela texten".
pub const SECTION_CHARS: usize = 500;

/// The risk matrix on the profile's scale: `cells[s - 1][k - 1]`.
#[derive(Debug, Clone)]
pub struct Matrix {
    pub likelihood: Vec<String>,
    pub consequence: Vec<String>,
    pub cells: Vec<Vec<Cell>>,
    /// The profile's zones, highest first, with the number of risks in each.
    pub zones: Vec<ZoneCount>,
    pub threshold: i64,
}

impl Matrix {
    pub fn cell(&self, s: usize, k: usize) -> Option<&Cell> {
        self.cells.get(s.checked_sub(1)?)?.get(k.checked_sub(1)?)
    }

    pub fn placed(&self) -> usize {
        self.cells.iter().flatten().map(|c| c.risks.len()).sum()
    }
}

#[derive(Debug, Clone)]
pub struct ZoneCount {
    pub name: String,
    pub min_rv: i64,
    pub risks: usize,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub s: usize,
    pub k: usize,
    pub rv: i64,
    /// Index into [`Matrix::zones`].
    pub zone: Option<usize>,
    pub risks: Vec<CellRisk>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellRisk {
    pub nr: i64,
    pub in_plan: bool,
}

#[derive(Debug, Clone)]
pub struct RiskRef {
    pub nr: i64,
    pub event: Option<String>,
    pub likelihood: Option<i64>,
    pub consequence: Option<i64>,
    pub rv: Option<i64>,
    pub justification: Option<String>,
}

/// The findings of one rule in one document.
#[derive(Debug, Clone)]
pub struct RuleGroup {
    pub rule: RuleInfo,
    /// The most serious severity among its findings.
    pub severity: Severity,
    /// The fix, when every finding of the group (more than one) gives the same: renderers
    /// say it once instead of under each finding.
    pub shared_help: Option<String>,
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Clone)]
pub struct FindingView {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub at: Location,
    pub quote: Option<Quote>,
    pub related: Vec<Location>,
}

#[derive(Debug, Clone)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The source lines a finding concerns, with the exact span marked on the first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub first_line: usize,
    pub lines: Vec<String>,
    /// Byte range of the span within `lines[0]`, when the span lies on that line.
    pub mark: Option<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct ExemptedView {
    pub rule: RuleInfo,
    pub finding: FindingView,
    pub justification: String,
    pub exemption_at: Location,
}

/// A file that did not load, with the reasons.
#[derive(Debug, Clone)]
pub struct FailedFile {
    pub file: String,
    pub anchor: String,
    pub findings: Vec<RuleGroup>,
}

/// Longest quoted line, in characters; longer lines are cut with "…".
const QUOTE_LINE_CHARS: usize = 240;
/// Most lines quoted per finding.
const QUOTE_LINES: usize = 3;

/// Build the report model.
pub fn build(report: &Report, options: &ReportOptions) -> AuditReport {
    let lang = options.lang;
    let doc_of_file: HashMap<usize, usize> = report
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.file, i))
        .collect();

    let mut findings_by_file: BTreeMap<usize, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        findings_by_file.entry(f.primary.file).or_default().push(f);
    }
    let mut exempted_by_file: BTreeMap<usize, Vec<&crate::engine::Exempted>> = BTreeMap::new();
    for e in &report.exempted {
        exempted_by_file
            .entry(e.finding.primary.file)
            .or_default()
            .push(e);
    }
    let mut notes_by_file: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (file, text) in &report.notes {
        notes_by_file
            .entry(*file)
            .or_default()
            .push(text.get(lang).to_string());
    }

    let several_municipalities = report
        .documents
        .iter()
        .filter_map(|d| d.doc.identity().municipality)
        .collect::<BTreeSet<_>>()
        .len()
        > 1;

    // Group the documents by nämnd; KS points form a group of their own per municipality.
    let mut grouped: BTreeMap<GroupKey, Vec<&LoadedDocument>> = BTreeMap::new();
    for d in &report.documents {
        grouped.entry(GroupKey::of(d)).or_default().push(d);
    }

    let mut groups = Vec::new();
    let mut document_refs = Vec::new();
    let mut overview: BTreeMap<(GroupKey, i64), OverviewAcc> = BTreeMap::new();
    for (gi, (key, mut docs)) in grouped.into_iter().enumerate() {
        docs.sort_by_key(|d| {
            (
                d.doc.identity().year,
                d.doc.kind(),
                file_name(report, d.file),
            )
        });
        let anchor = format!("n{}", gi + 1);
        let name = key.display(lang, several_municipalities);
        let mut sections = Vec::new();
        let mut group_counts = Counts::default();
        for d in docs {
            let di = doc_of_file.get(&d.file).copied().unwrap_or(0);
            let section_anchor = format!("d{}", di + 1);
            let empty = Vec::new();
            let findings = findings_by_file.get(&d.file).unwrap_or(&empty);
            let exempted: Vec<ExemptedView> = exempted_by_file
                .get(&d.file)
                .map(|list| {
                    list.iter()
                        .map(|e| ExemptedView {
                            rule: RuleInfo::of(e.finding.rule, lang),
                            finding: finding_view(report, &e.finding, lang),
                            justification: e.justification.clone(),
                            exemption_at: location(report, &e.exemption, lang),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let mut counts = Counts::default();
            for f in findings {
                counts.add(f.severity);
            }
            counts.exempted = exempted.len();
            group_counts.merge(counts);

            let identity = d.doc.identity();
            document_refs.push((
                di,
                DocumentRef {
                    file: file_name(report, d.file),
                    kind: d.doc.kind(),
                    committee: name.clone(),
                    year: identity.year,
                    anchor: section_anchor.clone(),
                },
            ));
            let acc = overview
                .entry((key.clone(), identity.year))
                .or_insert_with(|| OverviewAcc {
                    anchor: anchor.clone(),
                    name: name.clone(),
                    ..OverviewAcc::default()
                });
            acc.counts.merge(counts);
            acc.kinds.insert(d.doc.kind());
            if let Document::FollowUp(fu) = &d.doc {
                let stands = findings.iter().any(|f| f.rule == "IKP110");
                acc.follow_ups.push(follow_up_facts(fu, &d.config, stands));
            }

            sections.push(DocumentSection {
                file: file_name(report, d.file),
                kind: d.doc.kind(),
                year: identity.year,
                anchor: section_anchor.clone(),
                counts,
                plan: match &d.doc {
                    Document::Plan(p) => Some(plan_view(p, &d.config)),
                    _ => None,
                },
                outcomes: match &d.doc {
                    Document::FollowUp(fu) => Some(outcome_counts(fu, &d.config)),
                    _ => None,
                },
                adopted: match &d.doc {
                    Document::Plan(p) => p.adopted.as_ref().map(|a| a.value.to_string()),
                    _ => None,
                },
                follow_up: match &d.doc {
                    Document::FollowUp(fu) => {
                        Some(follow_up_view(fu, &d.config, &section_anchor, lang))
                    }
                    _ => None,
                },
                findings: group_by_rule(report, findings, lang),
                exempted,
                notes: notes_by_file.remove(&d.file).unwrap_or_default(),
            });
        }
        groups.push(CommitteeGroup {
            municipality: key.municipality.clone(),
            name,
            anchor,
            counts: group_counts,
            documents: sections,
        });
    }
    document_refs.sort_by_key(|(i, _)| *i);

    let overview_rows = overview
        .into_iter()
        .map(|((key, year), acc)| OverviewRow {
            municipality: key.municipality.clone(),
            committee: acc.name,
            year,
            kinds: acc.kinds.into_iter().collect(),
            counts: acc.counts,
            judgement: acc.follow_ups.iter().find_map(|f| f.judgement),
            support: support(acc.counts, &acc.follow_ups),
            anchor: acc.anchor,
        })
        .collect();

    // Files with findings that are not loaded documents did not load.
    let failed: Vec<FailedFile> = findings_by_file
        .iter()
        .filter(|(file, _)| !doc_of_file.contains_key(file))
        .enumerate()
        .map(|(i, (file, findings))| FailedFile {
            file: file_name(report, *file),
            anchor: format!("f{}", i + 1),
            findings: group_by_rule(report, findings, lang),
        })
        .collect();

    let mut totals = Counts::default();
    for f in &report.findings {
        totals.add(f.severity);
    }
    totals.exempted = report.exempted.len();

    AuditReport {
        lang,
        scope: Scope {
            date: options.date.clone(),
            version: env!("CARGO_PKG_VERSION"),
            documents: document_refs.into_iter().map(|(_, r)| r).collect(),
            failed_files: failed.len(),
            skipped: report.skipped,
            configs: crate::render::config_line(report, lang),
            profiles: profiles(report),
            totals,
        },
        overview: overview_rows,
        recurring: recurring(report, lang, several_municipalities),
        groups,
        failed,
        config_errors: report
            .config_errors
            .iter()
            .map(ToString::to_string)
            .collect(),
        rules: applied_rules(report, lang),
    }
}

/// How documents are grouped: by municipality and nämnd; KS points (no nämnd) after the
/// nämnder of their municipality.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct GroupKey {
    no_municipality: bool,
    municipality: Option<String>,
    ks: bool,
    committee: String,
}

impl GroupKey {
    fn of(d: &LoadedDocument) -> GroupKey {
        let id = d.doc.identity();
        GroupKey {
            no_municipality: id.municipality.is_none(),
            municipality: id.municipality,
            ks: id.committee.is_none(),
            committee: id.committee.unwrap_or_default(),
        }
    }

    fn display(&self, lang: Lang, with_municipality: bool) -> String {
        let name = if self.ks {
            words::KS.get(lang).to_string()
        } else {
            self.committee.clone()
        };
        match &self.municipality {
            Some(m) if with_municipality => format!("{name} ({m})"),
            _ => name,
        }
    }
}

#[derive(Default)]
struct OverviewAcc {
    name: String,
    anchor: String,
    counts: Counts,
    kinds: BTreeSet<DocKind>,
    follow_ups: Vec<FollowUpFacts>,
}

/// What a follow-up itself says: the judgement and the outcomes that weigh against it.
struct FollowUpFacts {
    judgement: Option<Judgement>,
    major_without_action: usize,
    major_open_action: usize,
    not_performed: usize,
    /// IKP110 ("tillräcklig" contradicted) stands on this follow-up, not exempted.
    contradiction_stands: bool,
}

/// The outcomes that contradict "tillräcklig", counted as IKP110 counts them: a major
/// deviation without a closed action, a control not performed.
fn follow_up_facts(fu: &FollowUp, config: &Config, contradiction_stands: bool) -> FollowUpFacts {
    let mut facts = FollowUpFacts {
        judgement: fu.judgement.as_ref().map(|j| j.value),
        major_without_action: 0,
        major_open_action: 0,
        not_performed: 0,
        contradiction_stands,
    };
    for fc in &fu.controls {
        for occ in &fc.occasions {
            let outcome = occ
                .status
                .as_ref()
                .and_then(|s| config.profile.outcome_of(&s.value));
            match outcome {
                Some(Outcome::MajorDeviation) if occ.actions.is_empty() => {
                    facts.major_without_action += 1
                }
                Some(Outcome::MajorDeviation) => {
                    let closed = occ.actions.iter().any(|a| {
                        a.status
                            .as_ref()
                            .and_then(|s| config.profile.action_is_closed(&s.value))
                            == Some(true)
                    });
                    if !closed {
                        facts.major_open_action += 1;
                    }
                }
                Some(Outcome::NotPerformed) => facts.not_performed += 1,
                _ => {}
            }
        }
    }
    facts
}

fn outcome_counts(fu: &FollowUp, config: &Config) -> OutcomeCounts {
    let mut c = OutcomeCounts {
        controls: fu.controls.len(),
        ..OutcomeCounts::default()
    };
    for occ in fu.controls.iter().flat_map(|fc| fc.occasions.iter()) {
        c.occasions += 1;
        let Some(status) = occ.status.as_ref().filter(|s| !s.value.trim().is_empty()) else {
            c.missing += 1;
            continue;
        };
        match config.profile.outcome_of(&status.value) {
            Some(Outcome::NoDeviation) => c.no_deviation += 1,
            Some(Outcome::MinorDeviation) => c.minor += 1,
            Some(Outcome::MajorDeviation) => c.major += 1,
            Some(Outcome::NotPerformed) => c.not_performed += 1,
            Some(Outcome::InProgress) => c.in_progress += 1,
            None => c.unknown += 1,
        }
    }
    c
}

fn support(counts: Counts, follow_ups: &[FollowUpFacts]) -> Support {
    if follow_ups.is_empty() {
        return Support::NoFollowUp;
    }
    let Some(judgement) = follow_ups.iter().find_map(|f| f.judgement) else {
        return Support::NoJudgement;
    };
    if judgement == Judgement::Insufficient {
        return Support::SelfInsufficient;
    }
    // The deviations weigh against the judgement as long as IKP110 says so; exempted, the
    // nämnd's justification stands (and is shown under the follow-up).
    let standing = follow_ups.iter().filter(|f| f.contradiction_stands);
    let (mut major_without_action, mut major_open_action, mut not_performed) = (0, 0, 0);
    for f in standing {
        major_without_action += f.major_without_action;
        major_open_action += f.major_open_action;
        not_performed += f.not_performed;
    }
    if counts.errors > 0 || major_without_action > 0 || major_open_action > 0 || not_performed > 0 {
        Support::NotSupported {
            errors: counts.errors,
            major_without_action,
            major_open_action,
            not_performed,
        }
    } else if counts.warnings > 0 {
        Support::SupportedWithWarnings {
            warnings: counts.warnings,
        }
    } else if counts.exempted > 0 {
        Support::SupportedWithExemptions {
            exempted: counts.exempted,
        }
    } else {
        Support::Supported
    }
}

/// A follow-up as the auditor reads it: a row per control and occasion, the open actions.
fn follow_up_view(fu: &FollowUp, config: &Config, anchor: &str, lang: Lang) -> FollowUpView {
    let profile = &config.profile;
    let text = |t: &Option<crate::model::Spanned<String>>| {
        t.as_ref()
            .map(|t| t.value.trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let mut view = FollowUpView {
        judgement: fu.judgement.as_ref().map(|j| j.value),
        ..FollowUpView::default()
    };
    for (kind, label, value) in [
        (SectionKind::Analysis, words::ANALYSIS, &fu.analysis),
        (
            SectionKind::Conclusions,
            words::CONCLUSIONS,
            &fu.conclusions,
        ),
        (SectionKind::Actions, words::DOC_ACTIONS, &fu.actions),
    ] {
        let full = text(value);
        let short = full
            .as_deref()
            .map(|t| shorten(&collapse(t), SECTION_CHARS));
        let anchor = match (&full, &short) {
            (Some(f), Some(s)) if collapse(f) != *s => {
                let a = format!("{anchor}-k{}", view.full_comments.len() + 1);
                view.full_comments.push(FullComment {
                    anchor: a.clone(),
                    control: label.get(lang).to_string(),
                    period: String::new(),
                    text: f.clone(),
                });
                Some(a)
            }
            _ => None,
        };
        view.sections.push((kind, short, anchor));
    }
    for (i, fc) in fu.controls.iter().enumerate() {
        let activity = [&fc.control_activity, &fc.systematic_control, &fc.process]
            .into_iter()
            .flatten()
            .map(|t| collapse(&t.value))
            .find(|t| !t.is_empty());
        // Without an id the activity names the control, once.
        let (control, activity) = match &fc.control {
            Some(id) => (id.value.to_string(), activity),
            None => (
                activity
                    .as_deref()
                    .map(|a| shorten(a, 40))
                    .unwrap_or_else(|| format!("#{}", i + 1)),
                None,
            ),
        };
        if fc.occasions.is_empty() {
            view.rows.push(OccasionRow {
                control: control.clone(),
                activity: activity.as_deref().map(|a| shorten(a, 90)),
                first_of_control: true,
                period: "—".into(),
                status: None,
                outcome: None,
                comment: None,
                comment_anchor: None,
                actions: Vec::new(),
            });
        }
        for (j, occ) in fc.occasions.iter().enumerate() {
            let period = occ
                .period
                .as_ref()
                .map(|p| collapse(&p.value))
                .filter(|p| !p.is_empty())
                .or_else(|| occ.date.as_ref().map(|d| d.value.to_string()))
                .or_else(|| occ.end_date.as_ref().map(|d| d.value.to_string()))
                .unwrap_or_else(|| {
                    if fc.occasions.len() > 1 {
                        format!("#{}", j + 1)
                    } else {
                        "—".to_string()
                    }
                });
            let status = text(&occ.status);
            let comment = text(&occ.comment).map(|c| collapse(&c));
            let mut comment_anchor = None;
            let shown = comment.as_ref().map(|c| {
                let short = shorten(c, COMMENT_CHARS);
                if short != *c {
                    let a = format!("{anchor}-k{}", view.full_comments.len() + 1);
                    view.full_comments.push(FullComment {
                        anchor: a.clone(),
                        control: control.clone(),
                        period: period.clone(),
                        // The full text keeps its paragraphs.
                        text: occ
                            .comment
                            .as_ref()
                            .map(|c| c.value.trim().to_string())
                            .unwrap_or_default(),
                    });
                    comment_anchor = Some(a);
                }
                short
            });
            let mut actions = Vec::new();
            view.actions_total += occ.actions.len();
            for a in &occ.actions {
                let action_text = [&a.text, &a.comment]
                    .into_iter()
                    .find_map(text)
                    .map(|t| collapse(&t))
                    .unwrap_or_else(|| "—".to_string());
                let action_status = text(&a.status);
                let closed = action_status
                    .as_deref()
                    .and_then(|s| profile.action_is_closed(s));
                if closed != Some(true) {
                    view.open_actions.push(OpenAction {
                        control: control.clone(),
                        period: period.clone(),
                        action: shorten(&action_text, 70),
                        responsible: text(&a.responsible).or_else(|| text(&occ.responsible)),
                        end_date: a
                            .end_date
                            .as_ref()
                            .or(occ.end_date.as_ref())
                            .map(|d| d.value.to_string()),
                        status: action_status.clone(),
                    });
                }
                actions.push(ActionCell {
                    text: shorten(&action_text, 50),
                    status: action_status,
                    closed,
                });
            }
            view.rows.push(OccasionRow {
                control: control.clone(),
                activity: (j == 0)
                    .then(|| activity.as_deref().map(|a| shorten(a, 45)))
                    .flatten(),
                first_of_control: j == 0,
                period,
                outcome: status.as_deref().and_then(|s| profile.outcome_of(s)),
                status,
                comment: shown,
                comment_anchor,
                actions,
            });
        }
    }
    view
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, cut at a word when one ends near the limit, with "…".
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = match cut.rfind(' ') {
        Some(i) if i > cut.len() * 3 / 4 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end_matches([' ', ',', ';', ':', '.']))
}

/// A rule's basis as an auditor reads it: without the profile's setting names and file
/// syntax written for the authors (`profilens \`ikp.tröskel\``, `typ: ks-punkter`).
pub(crate) fn for_auditors(basis: &str) -> String {
    let mut out = basis.to_string();
    while let Some(start) = out.find('`') {
        let Some(len) = out[start + 1..].find('`') else {
            break;
        };
        let mut from = start;
        for lead in ["i profilens ", "profilens ", "filen "] {
            if out[..from].ends_with(lead) {
                from -= lead.len();
                break;
            }
        }
        out.replace_range(from..start + len + 2, "");
    }
    for (bad, good) in [
        (", )", ")"),
        (" )", ")"),
        ("(, ", "("),
        (" ()", ""),
        ("()", ""),
        ("; .", "."),
        ("; ;", ";"),
    ] {
        while out.contains(bad) {
            out = out.replace(bad, good);
        }
    }
    out.trim().to_string()
}

/// The matrix of a plan on its profile's scale, and the risks that are not in it.
fn plan_view(plan: &Plan, config: &Config) -> PlanView {
    let profile = &config.profile;
    let max_s = profile.scale.likelihood.len();
    let max_k = profile.scale.consequence.len();
    // A risk is in the plan when it is marked `ikp: ja` or a control of the plan handles it.
    let controlled: BTreeSet<i64> = plan
        .controls
        .iter()
        .flat_map(|c| c.risks.iter().map(|r| r.value))
        .collect();
    let in_plan = |risk: &crate::model::Risk| {
        controlled.contains(&risk.nr.value)
            || risk
                .in_plan
                .as_ref()
                .is_some_and(|c| c.value == IkpChoice::Ja)
    };

    let zone_index = |rv: i64| {
        profile
            .zone_of(rv)
            .and_then(|z| profile.zones.iter().position(|p| p.name == z.name))
    };
    let mut cells: Vec<Vec<Cell>> = (1..=max_s)
        .map(|s| {
            (1..=max_k)
                .map(|k| {
                    let rv = (s as i64).saturating_mul(k as i64);
                    Cell {
                        s,
                        k,
                        rv,
                        zone: zone_index(rv),
                        risks: Vec::new(),
                    }
                })
                .collect()
        })
        .collect();
    let mut zones: Vec<ZoneCount> = profile
        .zones
        .iter()
        .map(|z| ZoneCount {
            name: z.name.clone(),
            min_rv: z.min_rv,
            risks: 0,
        })
        .collect();

    let mut outside_plan = Vec::new();
    let mut planned = Vec::new();
    let mut unscored = Vec::new();
    let mut off_scale = Vec::new();
    for spanned in &plan.risks {
        let risk = &spanned.value;
        let s = risk.likelihood.as_ref().map(|v| v.value);
        let k = risk.consequence.as_ref().map(|v| v.value);
        let computed = match (s, k) {
            (Some(s), Some(k)) => Some(s.saturating_mul(k)),
            _ => None,
        };
        let r = RiskRef {
            nr: risk.nr.value,
            event: risk.event.as_ref().map(|e| e.value.clone()),
            likelihood: s,
            consequence: k,
            // The matrix places by S × K; without both, the written risk value is all there is.
            rv: computed.or(risk.risk_value.as_ref().map(|v| v.value)),
            justification: risk.justification.as_ref().map(|j| j.value.clone()),
        };
        let placed = in_plan(risk);
        if placed {
            planned.push(PlannedRisk {
                risk: r.clone(),
                controls: plan
                    .controls
                    .iter()
                    .filter(|c| c.risks.iter().any(|n| n.value == r.nr))
                    .map(|c| ControlRef {
                        id: c.id.value.to_string(),
                        activity: c
                            .control_activity
                            .as_ref()
                            .or(c.systematic_control.as_ref())
                            .map(|a| a.value.clone()),
                    })
                    .collect(),
            });
        }
        if let Some(rv) = r.rv
            && rv >= profile.ikp.threshold
            && !placed
        {
            outside_plan.push(r.clone());
        }
        match (s, k) {
            (Some(s), Some(k)) => {
                let cell = usize::try_from(s)
                    .ok()
                    .zip(usize::try_from(k).ok())
                    .filter(|(s, k)| (1..=max_s).contains(s) && (1..=max_k).contains(k));
                match cell {
                    Some((s, k)) => {
                        let cell = &mut cells[s - 1][k - 1];
                        if let Some(z) = cell.zone {
                            zones[z].risks += 1;
                        }
                        cell.risks.push(CellRisk {
                            nr: r.nr,
                            in_plan: placed,
                        });
                    }
                    None => off_scale.push(r),
                }
            }
            _ => unscored.push(r),
        }
    }
    for cell in cells.iter_mut().flatten() {
        cell.risks.sort_by_key(|r| r.nr);
    }
    outside_plan.sort_by_key(|r| (std::cmp::Reverse(r.rv), r.nr));

    PlanView {
        matrix: Matrix {
            likelihood: profile.scale.likelihood.clone(),
            consequence: profile.scale.consequence.clone(),
            cells,
            zones,
            threshold: profile.ikp.threshold,
        },
        threshold: profile.ikp.threshold,
        planned,
        outside_plan,
        unscored,
        off_scale,
    }
}

/// Findings grouped by rule: the most serious rules first, then by code.
fn group_by_rule(report: &Report, findings: &[&Finding], lang: Lang) -> Vec<RuleGroup> {
    let mut by_rule: BTreeMap<&'static str, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_rule.entry(f.rule).or_default().push(f);
    }
    let mut groups: Vec<RuleGroup> = by_rule
        .into_iter()
        .map(|(code, list)| {
            let findings: Vec<FindingView> =
                list.iter().map(|f| finding_view(report, f, lang)).collect();
            let first = findings.first().and_then(|f| f.help.clone());
            let shared_help = first.filter(|help| {
                findings.len() > 1 && findings.iter().all(|f| f.help.as_ref() == Some(help))
            });
            RuleGroup {
                rule: RuleInfo::of(code, lang),
                severity: list
                    .iter()
                    .map(|f| f.severity)
                    .max()
                    .unwrap_or(Severity::Info),
                shared_help,
                findings,
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.rule.code.cmp(b.rule.code))
    });
    groups
}

fn finding_view(report: &Report, f: &Finding, lang: Lang) -> FindingView {
    FindingView {
        rule: f.rule,
        severity: f.severity,
        message: f.message.get(lang).to_string(),
        help: f.help.as_ref().map(|h| h.get(lang).to_string()),
        at: location(report, &f.primary, lang),
        quote: report
            .file(f.primary.file)
            .and_then(|source| quote(source, f.primary.span)),
        related: f
            .secondary
            .iter()
            .map(|l| location(report, l, lang))
            .collect(),
    }
}

fn location(report: &Report, label: &Label, lang: Lang) -> Location {
    let (start, _) = position(report, label.file, label.span);
    Location {
        file: file_name(report, label.file),
        line: start.line,
        column: start.column,
        message: label.message.get(lang).to_string(),
    }
}

/// The lines a span covers (at most [`QUOTE_LINES`]), without their common indentation.
pub(crate) fn quote(source: &SourceFile, span: Span) -> Option<Quote> {
    if source.text.trim().is_empty() {
        return None;
    }
    let starts = source.line_starts();
    let first = source.line_col(span.start as usize).line;
    let mut last = source.line_col(span.end as usize).line.max(first);
    // A span that ends right after a newline does not concern the next line.
    if last > first
        && starts
            .get(last - 1)
            .is_some_and(|&s| s == span.end as usize)
    {
        last -= 1;
    }
    let last = last.min(first + QUOTE_LINES - 1);
    let line_text = |line: usize| -> &str {
        let start = starts.get(line - 1).copied().unwrap_or(source.text.len());
        let end = starts
            .get(line)
            .map(|&e| e.saturating_sub(1))
            .unwrap_or(source.text.len())
            .max(start);
        source
            .text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches('\r')
    };
    let raw: Vec<&str> = (first..=last).map(line_text).collect();
    let indent = raw
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let first_start = starts.get(first - 1).copied().unwrap_or(0);
    let mut lines = Vec::new();
    let mut mark = None;
    for (i, line) in raw.iter().enumerate() {
        let body = line.get(indent.min(line.len())..).unwrap_or(line);
        let (text, cut_at) = cut(body);
        if i == 0 && span.end > span.start {
            let start = (span.start as usize).saturating_sub(first_start + indent);
            let end = (span.end as usize)
                .saturating_sub(first_start + indent)
                .min(body.len());
            if start < end && body.is_char_boundary(start) && body.is_char_boundary(end) {
                let end = end.min(cut_at);
                if start < end {
                    mark = Some((start, end));
                }
            }
        }
        lines.push(text);
    }
    if lines.iter().all(|l| l.trim().is_empty()) {
        return None;
    }
    Some(Quote {
        first_line: first,
        lines,
        mark,
    })
}

/// A line cut to [`QUOTE_LINE_CHARS`] characters, and the byte length kept.
fn cut(line: &str) -> (String, usize) {
    match line.char_indices().nth(QUOTE_LINE_CHARS) {
        Some((at, _)) => (format!("{}…", &line[..at]), at),
        None => (line.to_string(), line.len()),
    }
}

/// A path as the user would write it: relative to the working directory when inside it
/// (configurations are found through absolute paths).
fn shown_path(path: &std::path::Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
        .unwrap_or_else(|| path.display().to_string())
}

/// The profiles in use, each with the `ikp.toml` that chose it.
fn profiles(report: &Report) -> Vec<ProfileInfo> {
    let mut out: Vec<ProfileInfo> = Vec::new();
    for d in &report.documents {
        let p = &d.config.profile;
        let info = ProfileInfo {
            name: p.name.clone(),
            description: p.description.clone(),
            config: d.config.source.as_deref().map(shown_path),
            likelihood_levels: p.scale.likelihood.len(),
            consequence_levels: p.scale.consequence.len(),
            threshold: p.ikp.threshold,
            zones: p
                .zones
                .iter()
                .map(|z| ZoneInfo {
                    name: z.name.clone(),
                    min_rv: z.min_rv,
                })
                .collect(),
        };
        if !out.contains(&info) {
            out.push(info);
        }
    }
    out.sort_by(|a, b| (&a.config, &a.name).cmp(&(&b.config, &b.name)));
    out
}

/// Which rules fire in how many nämnder (KS points and files that did not load are not nämnder).
fn recurring(report: &Report, lang: Lang, with_municipality: bool) -> Recurring {
    let key_of_file: HashMap<usize, GroupKey> = report
        .documents
        .iter()
        .map(|d| (d.file, GroupKey::of(d)))
        .filter(|(_, k)| !k.ks)
        .collect();
    let committees: BTreeSet<&GroupKey> = key_of_file.values().collect();
    let mut by_rule: BTreeMap<&'static str, (BTreeSet<String>, usize)> = BTreeMap::new();
    for f in &report.findings {
        if let Some(key) = key_of_file.get(&f.primary.file) {
            let entry = by_rule.entry(f.rule).or_default();
            entry.0.insert(key.display(lang, with_municipality));
            entry.1 += 1;
        }
    }
    let mut rules: Vec<RecurringRule> = by_rule
        .into_iter()
        .map(|(code, (committees, findings))| RecurringRule {
            rule: RuleInfo::of(code, lang),
            committees: committees.into_iter().collect(),
            findings,
        })
        .collect();
    rules.sort_by(|a, b| {
        b.committees
            .len()
            .cmp(&a.committees.len())
            .then(b.findings.cmp(&a.findings))
            .then(a.rule.code.cmp(b.rule.code))
    });
    Recurring {
        committees: committees.len(),
        rules,
    }
}

/// Every rule of the catalogue, with where it is turned off and how often it fired.
fn applied_rules(report: &Report, lang: Lang) -> Vec<AppliedRule> {
    let mut configs: Vec<&Config> = Vec::new();
    for d in &report.documents {
        if !configs.iter().any(|c| std::ptr::eq(*c, d.config.as_ref())) {
            configs.push(d.config.as_ref());
        }
    }
    let mut fired: HashMap<&str, usize> = HashMap::new();
    for f in &report.findings {
        *fired.entry(f.rule).or_default() += 1;
    }
    let mut applied: Vec<AppliedRule> = rules::registry()
        .iter()
        .map(|rule| {
            let m = rule.meta();
            let mut off_in: Vec<String> = configs
                .iter()
                .filter(|c| c.severity_of(m.code, m.default_severity).is_none())
                .map(|c| match &c.source {
                    Some(path) => shown_path(path),
                    None => words::NOT_STATED.get(lang).to_string(),
                })
                .collect();
            off_in.sort();
            off_in.dedup();
            AppliedRule {
                rule: RuleInfo::of(m.code, lang),
                default_severity: m.default_severity,
                off_in,
                findings: fired.get(m.code).copied().unwrap_or(0),
            }
        })
        .collect();
    applied.sort_by_key(|a| a.rule.code);
    applied
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn quote_marks_the_span_and_drops_indentation() {
        let text = "risker:\n  - nr: 70\n    händelse: Fel\n";
        let source = SourceFile::new(Path::new("p.yaml"), text.to_string());
        let at = text.find("70").unwrap();
        let q = quote(&source, Span::new(at, at + 2)).unwrap();
        assert_eq!(q.first_line, 2);
        assert_eq!(q.lines, vec!["- nr: 70".to_string()]);
        assert_eq!(q.mark, Some((6, 8)));
    }

    #[test]
    fn quote_of_an_empty_file_is_none() {
        let source = SourceFile::new(Path::new("p.yaml"), String::new());
        assert_eq!(quote(&source, Span::default()), None);
    }

    #[test]
    fn long_lines_are_cut_at_a_character_boundary() {
        let text = "å".repeat(500);
        let source = SourceFile::new(Path::new("p.yaml"), text.clone());
        let q = quote(&source, Span::new(0, text.len())).unwrap();
        assert_eq!(q.lines[0].chars().count(), QUOTE_LINE_CHARS + 1);
        assert_eq!(q.mark, Some((0, QUOTE_LINE_CHARS * 2)));
    }
}
