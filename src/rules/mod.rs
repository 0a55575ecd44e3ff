//! The rule catalogue. One rule, one file: its code, name, default severity, the kinds of
//! document it reads, its documentation (what, why, basis, example, fix — Swedish and English)
//! and its check. [`registry`] maps stable codes to rules.
//!
//! A rule never reads files and never prints: it receives a [`Context`] and pushes
//! [`Finding`]s.

mod builtin;
mod comment_headings;
pub mod entity;
mod followup;
mod plan_match;
mod testing;
mod wording;

// The rules, one file each (the file name starts with the code).
mod ikp001_risk_without_control;
mod ikp002_high_risk_excluded;
mod ikp003_wrong_risk_value;
mod ikp004_missing_score;
mod ikp005_score_off_scale;
mod ikp006_duplicate_number;
mod ikp007_matrix_mismatch;
mod ikp008_unknown_risk_reference;
mod ikp009_control_missing_field;
mod ikp010_area_without_risk;
mod ikp011_ks_point_missing;
mod ikp012_no_irregularity_risk;
mod ikp013_plan_not_adopted;
mod ikp020_text_cut_by_comment;
mod ikp101_missing_status;
mod ikp102_status_contradicts_comment;
mod ikp103_deviation_without_action;
mod ikp104_action_without_status;
mod ikp105_control_not_followed_up;
mod ikp106_control_not_in_plan;
mod ikp107_empty_comment;
mod ikp108_pasted_comment;
mod ikp109_empty_section;
mod ikp110_judgement_contradicted;
mod ikp111_activity_count;
mod ikp112_occasion_date;

use crate::config::Profile;
use crate::finding::{Finding, Label, Severity, Subject, Text};
use crate::model::{DocKind, Document, FollowUp, KsPoints, Plan};
use crate::source::{FileId, SourceFile, Span};

/// The risks deliberately left out of the plan with a motivering (IKP002's exemptions), for
/// reports that must list them.
pub use ikp002_high_risk_excluded::justified_exclusions;

pub use builtin::{
    CONFIG_ERROR, DUPLICATE_KEY, EMPTY_EXEMPTION, HIDDEN_SHEET, LIMIT, MAX_FINDINGS_PER_FILE,
    MISSING_FIELD, READ_ERROR, SCHEMA_INVALID, STALE_EXEMPTION, SYNTAX, TOO_MANY_FINDINGS,
    UNKNOWN_KEY, UNRESOLVED_PLAN, WORKBOOK, cap_findings, is_loading_code,
};
#[cfg(test)]
#[allow(unused_imports)] // `check_with` serves the cross-document rules' tests.
pub(crate) use testing::{check_one, check_with};

/// Static facts about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, e.g. `IKP004`. Goes into CI configs and baselines: never reuse or renumber.
    pub code: &'static str,
    /// Short kebab-case name, e.g. `saknad-bedomning`.
    pub name: &'static str,
    pub default_severity: Severity,
    /// The kinds of document the rule reads (the first is the one it reports on).
    pub kinds: &'static [DocKind],
    /// One-line title.
    pub title: StaticText,
    /// The basis: law, KS decision, municipal rule or good practice.
    pub basis: StaticText,
    /// Full documentation in Markdown: what it checks, why, basis, example, fix.
    pub doc: StaticText,
}

impl RuleMeta {
    /// Whether the rule reports on documents of `kind`: the first of its kinds, or every kind
    /// when it lists all three (a rule that reads each document on its own, such as IKP020).
    pub fn reports_on(&self, kind: DocKind) -> bool {
        self.kinds.first() == Some(&kind) || self.kinds == DocKind::ALL
    }
}

/// A text known at compile time, in Swedish and English.
#[derive(Debug, Clone, Copy)]
pub struct StaticText {
    pub sv: &'static str,
    pub en: &'static str,
}

impl StaticText {
    pub fn get(&self, lang: crate::finding::Lang) -> &'static str {
        match lang {
            crate::finding::Lang::Sv => self.sv,
            crate::finding::Lang::En => self.en,
        }
    }
}

pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;

    /// The documentation `ikp explain` prints; a rule may add to its static text.
    fn documentation(&self, lang: crate::finding::Lang) -> std::borrow::Cow<'static, str> {
        self.meta().doc.get(lang).into()
    }

    /// Check one document. Findings are pushed with the rule's default severity; the engine
    /// applies the configured severity, exemptions and order afterwards.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}

/// A document of another file that this one is linked with.
#[derive(Debug, Clone, Copy)]
pub struct Linked<'a, T> {
    pub file: FileId,
    pub source: &'a SourceFile,
    pub doc: &'a T,
}

/// Cross-document links of the document being checked.
#[derive(Debug, Clone, Default)]
pub struct Links<'a> {
    /// For a follow-up: the plan it follows up, when that plan is among the checked files.
    pub plan: Option<Linked<'a, Plan>>,
    /// For a plan: the follow-ups of it among the checked files.
    pub follow_ups: Vec<Linked<'a, FollowUp>>,
    /// For a plan: the KS points of its municipality and year.
    pub ks_points: Vec<Linked<'a, KsPoints>>,
}

/// Everything a rule may look at.
pub struct Context<'a> {
    pub file: FileId,
    pub source: &'a SourceFile,
    pub doc: &'a Document,
    pub profile: &'a Profile,
    /// The comment analyser's lexicon for this document's configuration.
    pub lexicon: &'a crate::analysis::Lexicon,
    pub links: Links<'a>,
}

impl<'a> Context<'a> {
    pub fn plan(&self) -> Option<&'a Plan> {
        match self.doc {
            Document::Plan(p) => Some(p),
            _ => None,
        }
    }

    pub fn follow_up(&self) -> Option<&'a FollowUp> {
        match self.doc {
            Document::FollowUp(f) => Some(f),
            _ => None,
        }
    }

    pub fn ks_points(&self) -> Option<&'a KsPoints> {
        match self.doc {
            Document::KsPoints(k) => Some(k),
            _ => None,
        }
    }

    /// A label in this document.
    pub fn label(&self, span: Span, message: Text) -> Label {
        Label::new(self.file, span, message)
    }

    /// A finding of `rule` in this document at `span`.
    pub fn finding(&self, rule: &dyn Rule, span: Span, message: Text, subject: Subject) -> Finding {
        let meta = rule.meta();
        Finding::new(
            meta.code,
            meta.default_severity,
            message,
            self.label(span, Text::default()),
        )
        .with_subject(subject)
    }
}

// One line per rule, in code order. A new rule: add its file above and a line here.
static REGISTRY: &[&dyn Rule] = &[
    &ikp001_risk_without_control::RULE,
    &ikp002_high_risk_excluded::RULE,
    &ikp003_wrong_risk_value::RULE,
    &ikp004_missing_score::RULE,
    &ikp005_score_off_scale::RULE,
    &ikp006_duplicate_number::RULE,
    &ikp007_matrix_mismatch::RULE,
    &ikp008_unknown_risk_reference::RULE,
    &ikp009_control_missing_field::RULE,
    &ikp010_area_without_risk::RULE,
    &ikp011_ks_point_missing::RULE,
    &ikp012_no_irregularity_risk::RULE,
    &ikp013_plan_not_adopted::RULE,
    &ikp020_text_cut_by_comment::RULE,
    &builtin::STALE_EXEMPTION_RULE,
    &builtin::EMPTY_EXEMPTION_RULE,
    &builtin::UNRESOLVED_PLAN_RULE,
    &ikp101_missing_status::RULE,
    &ikp102_status_contradicts_comment::RULE,
    &ikp103_deviation_without_action::RULE,
    &ikp104_action_without_status::RULE,
    &ikp105_control_not_followed_up::RULE,
    &ikp106_control_not_in_plan::RULE,
    &ikp107_empty_comment::RULE,
    &ikp108_pasted_comment::RULE,
    &ikp109_empty_section::RULE,
    &ikp110_judgement_contradicted::RULE,
    &ikp111_activity_count::RULE,
    &ikp112_occasion_date::RULE,
    &builtin::READ_ERROR_RULE,
    &builtin::SYNTAX_RULE,
    &builtin::LIMIT_RULE,
    &builtin::DUPLICATE_KEY_RULE,
    &builtin::TOO_MANY_FINDINGS_RULE,
    &builtin::WORKBOOK_RULE,
    &builtin::HIDDEN_SHEET_RULE,
    &builtin::SCHEMA_INVALID_RULE,
    &builtin::UNKNOWN_KEY_RULE,
    &builtin::MISSING_FIELD_RULE,
    &builtin::CONFIG_ERROR_RULE,
];

/// Every rule, in code order.
pub fn registry() -> &'static [&'static dyn Rule] {
    REGISTRY
}

/// The rules that check typed documents (not the engine's own codes).
pub fn document_rules() -> impl Iterator<Item = &'static dyn Rule> {
    registry()
        .iter()
        .copied()
        .filter(|r| !r.meta().code.starts_with("IKP09") && !r.meta().code.starts_with("IKP9"))
}

/// The rule with this code (case-insensitive).
pub fn find(code: &str) -> Option<&'static dyn Rule> {
    registry()
        .iter()
        .copied()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code))
}

pub fn is_known_code(code: &str) -> bool {
    find(code).is_some()
}
