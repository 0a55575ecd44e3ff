//! IKP011 — a KS-wide mandatory control point is not implemented by any control in the plan.
//!
//! A point counts as implemented only by an explicit `ks_punkt` reference: the plan must show
//! which control carries the point. When a control's or risk's text is close to the point's
//! title, the help says which one, so that the missing reference is a one-line fix.

use std::collections::{HashMap, HashSet};

use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::config::normalize_word;
use crate::finding::{Finding, Severity, Subject};
use crate::model::{Control, DocKind, Plan, Risk, Spanned};
use crate::text;

pub struct KsPointMissing;

pub static RULE: KsPointMissing = KsPointMissing;

static META: RuleMeta = RuleMeta {
    code: "IKP011",
    name: "ks-punkt-saknas",
    // Error: the points are a binding decision of kommunstyrelsen for every nämnd, and the
    // check is exact (an explicit reference or none). When the point is in fact covered by a
    // control that only lacks the reference, the help names it and the fix is one line.
    default_severity: Severity::Error,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "En KS-gemensam kontrollpunkt genomförs inte av någon kontroll",
        en: "A control point mandated by the executive board is not implemented by any control",
    },
    basis: StaticText {
        sv: "Kommunstyrelsens beslut om kommungemensamma kontrollpunkter för året (filen `typ: ks-punkter`).",
        en: "The executive board's decision on municipality-wide control points for the year (the `typ: ks-punkter` file).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Hämtar kommunstyrelsens gemensamma kontrollpunkter för planens kommun och år (en fil med
`typ: ks-punkter` bland de kontrollerade filerna) och rapporterar varje punkt som ingen
kontroll i planen hänvisar till med `ks_punkt`. Liknar en kontrolls eller risks text punktens
rubrik (andelen av rubrikens ord enligt profilens `plan.ks_likhet`) föreslår hjälptexten den.
Finns ingen sådan fil för kommunen och året säger regeln ingenting.

## Varför är det dåligt
Kommunstyrelsen beslutar varje år om kontrollpunkter som alla nämnder ska ha med i sin plan.
En nämnd som saknar en punkt bryter mot beslutet, och revisorerna granskar just det. Även när
en kontroll i praktiken täcker punkten måste planen visa vilken, annars går det inte att följa
upp punkten över hela kommunen. Regeln ger fel: beslutet är bindande och kontrollen är exakt.

## Grund
Kommunstyrelsens beslut om kommungemensamma kontrollpunkter (uppsiktsplikten, KL 6 kap. 1 §,
och nämndens ansvar för intern kontroll, KL 6 kap. 6 §).

## Exempel
```yaml
# ks-punkter/2025.yaml
punkter:
  - id: KS2
    titel: Inköp och avtalstrohet
# plan.yaml: ingen kontroll har `ks_punkt: KS2`
```

## Åtgärd
Skriv `ks_punkt: KS2` i den kontroll som genomför punkten, eller lägg till en sådan kontroll.
";

const DOC_EN: &str = "\
## What it does
Finds the executive board's common control points for the plan's municipality and year (a
file with `typ: ks-punkter` among the checked files) and reports every point that no control
in the plan refers to with `ks_punkt`. When a control's or risk's text is close to the point's
title (the share of the title's words set by the profile's `plan.ks_likhet`), the help
suggests it. Without such a file for the municipality and year the rule says nothing.

## Why is this bad
Each year the executive board decides on control points every committee must include in its
plan. A committee that lacks one breaks that decision, and the auditors check exactly this.
Even when a control covers the point in practice, the plan must say which one, or the point
cannot be followed up across the municipality. The rule is an error: the decision is binding
and the check is exact.

## Basis
The executive board's decision on municipality-wide control points (its oversight duty,
Local Government Act ch. 6 § 1, and the committee's duty of internal control, ch. 6 § 6).

## Example
```yaml
# ks-punkter/2025.yaml
punkter:
  - id: KS2
    titel: Inköp och avtalstrohet
# plan.yaml: no control has `ks_punkt: KS2`
```

## Fix
Write `ks_punkt: KS2` in the control that implements the point, or add such a control.
";

/// The words of a text, lowercased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The weight of a list of words: their length in characters, so that "och" and "i" weigh
/// little and the words that carry the meaning weigh much.
fn weight(words: &[String]) -> usize {
    words.iter().map(|w| w.chars().count()).sum()
}

/// What a near match is.
#[derive(Clone, Copy)]
enum Candidate<'a> {
    Control(&'a Spanned<Control>),
    Risk(&'a Spanned<Risk>),
}

/// The controls and risks that may be suggested, indexed by word. Built once per plan, so
/// that scoring a KS point costs only the entries that share a word with its title (a plan
/// with thousands of risks and a long KS list stays fast).
struct Candidates<'a> {
    /// Every control, then every risk, with its texts.
    entries: Vec<(Candidate<'a>, Vec<&'a Spanned<String>>)>,
    /// Word → the entries (ascending, each once) whose texts contain it.
    index: HashMap<String, Vec<usize>>,
}

impl<'a> Candidates<'a> {
    fn new(plan: &'a Plan) -> Self {
        let controls = plan.controls.iter().map(|c| {
            let texts = [
                &c.process,
                &c.working_method,
                &c.systematic_control,
                &c.control_activity,
            ];
            (
                Candidate::Control(c),
                texts.into_iter().flatten().collect::<Vec<_>>(),
            )
        });
        let risks = plan.risks.iter().map(|r| {
            let texts = [&r.event, &r.process, &r.working_method];
            (
                Candidate::Risk(r),
                texts.into_iter().flatten().collect::<Vec<_>>(),
            )
        });
        let entries: Vec<_> = controls.chain(risks).collect();
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (_, texts)) in entries.iter().enumerate() {
            let all: HashSet<String> = texts.iter().flat_map(|t| words(&t.value)).collect();
            for word in all {
                index.entry(word).or_default().push(i);
            }
        }
        Candidates { entries, index }
    }

    /// The control or risk whose texts (together) cover most of the title, if any reaches
    /// the profile's share; ties go to the earlier, controls before risks. Also returns the
    /// single text that matches best, to quote.
    fn near_match(
        &self,
        title: &[String],
        threshold: f64,
    ) -> Option<(Candidate<'a>, &'a Spanned<String>)> {
        let total = weight(title);
        if total == 0 {
            return None;
        }
        // Each distinct title word adds its weight (length × occurrences) to every entry
        // that contains it.
        let mut weights: HashMap<&str, usize> = HashMap::new();
        for w in title {
            *weights.entry(w.as_str()).or_default() += w.chars().count();
        }
        let mut hits = vec![0usize; self.entries.len()];
        for (word, w) in &weights {
            for &i in self.index.get(*word).into_iter().flatten() {
                if let Some(h) = hits.get_mut(i) {
                    *h += w;
                }
            }
        }
        // The first entry with the most hits: controls before risks, earlier before later.
        let mut best: Option<(usize, usize)> = None;
        for (i, &hit) in hits.iter().enumerate() {
            if hit > 0 && best.is_none_or(|(_, b)| hit > b) {
                best = Some((i, hit));
            }
        }
        let (i, hit) = best?;
        let score = hit as f64 / total as f64;
        // NaN (a broken setting) never matches.
        if !score.partial_cmp(&threshold).is_some_and(|o| o.is_ge()) {
            return None;
        }
        let (candidate, texts) = self.entries.get(i)?;
        // Quote the single text that matches best; the earlier one wins a tie.
        let mut quoted: Option<(usize, &'a Spanned<String>)> = None;
        for text in texts {
            let found: HashSet<String> = words(&text.value).into_iter().collect();
            let one: usize = title
                .iter()
                .filter(|w| found.contains(*w))
                .map(|w| w.chars().count())
                .sum();
            if quoted.is_none_or(|(q, _)| one > q) {
                quoted = Some((one, *text));
            }
        }
        quoted.map(|(_, text)| (*candidate, text))
    }
}

impl Rule for KsPointMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };
        let committee = &plan.committee.value;
        let threshold = cx.profile.plan.ks_similarity;
        if cx.links.ks_points.is_empty() {
            return;
        }
        let referenced: HashSet<String> = plan
            .controls
            .iter()
            .filter_map(|c| c.ks_point.as_ref())
            .map(|p| normalize_word(&p.value.0))
            .collect();
        let candidates = Candidates::new(plan);
        for ks in &cx.links.ks_points {
            let municipality = &ks.doc.municipality.value;
            let year = ks.doc.year.value;
            for point in &ks.doc.points {
                if referenced.contains(&normalize_word(&point.id.value.0)) {
                    continue;
                }
                let id = &point.id.value;
                let title = point.title.value.trim();
                let mut finding = cx
                    .finding(
                        self,
                        plan.committee.span,
                        text!(
                            "KS-punkt {id} «{title}» ({municipality} {year}) genomförs inte av någon kontroll i planen för {committee}",
                            "KS point {id} «{title}» ({municipality} {year}) is not implemented by any control in the plan of {committee}"
                        ),
                        Subject::new(
                            entity::DOCUMENT,
                            format!("ks_punkt={}", normalize_word(&id.0)),
                        ),
                    )
                    .with_secondary(crate::finding::Label::new(
                        ks.file,
                        point.id.span,
                        text!(
                            "kommunstyrelsens kontrollpunkt {id}",
                            "the executive board's control point {id}"
                        ),
                    ));
                let help = match candidates.near_match(&words(title), threshold) {
                    Some((Candidate::Control(c), quoted)) => {
                        let cid = &c.id.value;
                        let q = quoted.value.trim();
                        finding = finding.with_secondary(cx.label(
                            quoted.span,
                            text!("liknar KS-punkt {id}", "resembles KS point {id}"),
                        ));
                        text!(
                            "kontroll {cid} («{q}») liknar punkten; om den genomför punkten, skriv `ks_punkt: {id}` i kontroll {cid}",
                            "control {cid} («{q}») resembles the point; if it implements the point, write `ks_punkt: {id}` in control {cid}"
                        )
                    }
                    Some((Candidate::Risk(r), quoted)) => {
                        let nr = r.nr.value;
                        let q = quoted.value.trim();
                        finding = finding.with_secondary(cx.label(
                            quoted.span,
                            text!("liknar KS-punkt {id}", "resembles KS point {id}"),
                        ));
                        match plan
                            .controls
                            .iter()
                            .find(|c| c.risks.iter().any(|n| n.value == nr))
                        {
                            Some(c) => {
                                let cid = &c.id.value;
                                text!(
                                    "risk {nr} («{q}») liknar punkten och hanteras av kontroll {cid}; om kontrollen genomför punkten, skriv `ks_punkt: {id}` i kontroll {cid}",
                                    "risk {nr} («{q}») resembles the point and is handled by control {cid}; if that control implements the point, write `ks_punkt: {id}` in control {cid}"
                                )
                            }
                            None => text!(
                                "risk {nr} («{q}») liknar punkten men ingen kontroll hanterar den; lägg till en kontroll med `risker: [{nr}]` och `ks_punkt: {id}`",
                                "risk {nr} («{q}») resembles the point but no control handles it; add a control with `risker: [{nr}]` and `ks_punkt: {id}`"
                            ),
                        }
                    }
                    None => text!(
                        "lägg till en kontroll för punkten med `ks_punkt: {id}`, eller skriv `ks_punkt: {id}` i den kontroll som redan genomför den",
                        "add a control for the point with `ks_punkt: {id}`, or write `ks_punkt: {id}` in the control that already implements it"
                    ),
                };
                out.push(finding.with_help(help));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Finding;
    use crate::rules::check_with;

    const KS: &str = "typ: ks-punkter\nkommun: Stockholm\når: 2025\npunkter:\n  - id: KS2\n    titel: Inköp och avtalstrohet\n  - id: KS3\n    titel: Systematiskt informationssäkerhetsarbete\n";

    const PLAN: &str = "typ: plan\nkommun: Stockholm\nnämnd: Servicenämnden\når: 2025\nrisker:\n  - nr: 45\n    process: Inköp och avtalstrohet\n    händelse: Inköp görs hos ej avtalad leverantör\n    ikp: nej\n  - nr: 51\n    ikp: ja\nkontroller:\n  - id: K6\n    risker: [51]\n    process: Systematiskt informationssäkerhetsarbete\n    arbetssätt: Behörighetshantering\n";

    fn check(plan: &str) -> Vec<Finding> {
        check_with(
            "IKP011",
            &[("ks-punkter.yaml", KS), ("plan.yaml", plan)],
            None,
        )
    }

    #[test]
    fn fires_for_points_without_a_reference_and_suggests_near_matches() {
        let findings = check(PLAN);
        assert_eq!(findings.len(), 2, "{findings:#?}");
        let ks2 = findings
            .iter()
            .find(|f| f.subject.content == "ks_punkt=ks2")
            .unwrap();
        assert_eq!(
            ks2.message.sv,
            "KS-punkt KS2 «Inköp och avtalstrohet» (Stockholm 2025) genomförs inte av någon kontroll i planen för Servicenämnden"
        );
        assert_ne!(ks2.secondary[0].file, ks2.primary.file);
        assert_eq!(
            ks2.help.as_ref().unwrap().sv,
            "risk 45 («Inköp och avtalstrohet») liknar punkten men ingen kontroll hanterar den; lägg till en kontroll med `risker: [45]` och `ks_punkt: KS2`"
        );
        let ks3 = findings
            .iter()
            .find(|f| f.subject.content == "ks_punkt=ks3")
            .unwrap();
        assert!(ks3.help.as_ref().unwrap().sv.starts_with(
            "kontroll K6 («Systematiskt informationssäkerhetsarbete») liknar punkten"
        ));
    }

    #[test]
    fn no_suggestion_when_nothing_is_close() {
        let plan = "typ: plan\nkommun: Stockholm\nnämnd: Servicenämnden\når: 2025\nkontroller:\n  - id: K1\n    process: Budgetföljsamhet och inköp\n    ks_punkt: ks3\n";
        let findings = check(plan);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .help
                .as_ref()
                .unwrap()
                .sv
                .starts_with("lägg till en kontroll för punkten")
        );
    }

    #[test]
    fn silent_when_every_point_is_referenced_case_insensitively() {
        let plan = PLAN.replace(
            "    arbetssätt: Behörighetshantering\n",
            "    ks_punkt: ks3\n  - id: K7\n    risker: [45]\n    ks_punkt: KS2\n",
        );
        assert!(check(&plan).is_empty());
    }

    #[test]
    fn silent_without_ks_points_for_the_municipality_and_year() {
        assert!(check_with("IKP011", &[("plan.yaml", PLAN)], None).is_empty());
        let other_year = KS.replace("år: 2025", "år: 2024");
        assert!(
            check_with(
                "IKP011",
                &[("ks.yaml", &other_year), ("plan.yaml", PLAN)],
                None
            )
            .is_empty()
        );
    }
}
