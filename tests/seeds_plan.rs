//! The plan rules against the bundled examples (transcriptions of the real seed documents):
//! each real flaw is found, at the line where it is written, and nothing is reported that
//! should not be.

use std::path::Path;
use std::sync::OnceLock;

use ikp_lint::engine::{CheckOptions, Report, check};
use ikp_lint::finding::Finding;
use ikp_lint::render::position;

const SEED_001: &str = "stockholm/servicenamnden/2025/plan.yaml";
const SEED_003: &str = "it-forvaltningen/2019/plan.yaml";
const KS_2025: &str = "stockholm/ks-punkter/2025.yaml";

/// One check of the whole examples folder, shared by the tests.
fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        check(&CheckOptions {
            paths: vec!["examples".into()],
            config: None,
        })
        .expect("the examples' configuration is valid")
    })
}

fn file_id(report: &Report, suffix: &str) -> usize {
    report
        .files
        .iter()
        .position(|f| f.path.ends_with(Path::new(suffix)))
        .unwrap_or_else(|| panic!("{suffix} is among the checked files"))
}

/// The findings of `rule` whose primary place is in the file ending with `suffix`.
fn findings<'a>(report: &'a Report, rule: &str, suffix: &str) -> Vec<&'a Finding> {
    let file = file_id(report, suffix);
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule && f.primary.file == file)
        .collect()
}

/// The 1-based line of the first line of the file whose trimmed text is `text`.
fn line_of(report: &Report, suffix: &str, text: &str) -> usize {
    let file = &report.files[file_id(report, suffix)];
    file.text
        .lines()
        .position(|l| l.trim() == text)
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("«{text}» is a line of {suffix}"))
}

fn line(report: &Report, finding: &Finding) -> usize {
    position(report, finding.primary.file, finding.primary.span)
        .0
        .line
}

#[test]
fn seed_001_risk_70_has_no_scores() {
    let report = report();
    let found = findings(report, "IKP004", SEED_001);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        line(report, found[0]),
        line_of(report, SEED_001, "- nr: 70")
    );
    assert_eq!(found[0].subject.entity, "risk:70");
}

#[test]
fn seed_001_matrix_total_leaves_out_risk_70() {
    let report = report();
    let found = findings(report, "IKP007", SEED_001);
    // Only the total: the printed zone counts (3 / 64 / 2) match the register under the
    // Stockholm zones.
    assert_eq!(found.len(), 1, "{found:#?}");
    let total = found[0];
    assert_eq!(line(report, total), line_of(report, SEED_001, "totalt: 69"));
    assert_eq!(
        total.message.sv,
        "riskmatrisen anger totalt 69 risker men registret har 70"
    );
    // The unassessed risk is shown as the likely cause.
    assert_eq!(total.secondary.len(), 1);
    assert_eq!(
        position(report, total.secondary[0].file, total.secondary[0].span)
            .0
            .line,
        line_of(report, SEED_001, "- nr: 70")
    );
}

#[test]
fn seed_001_risk_31_is_left_out_without_motivering() {
    let report = report();
    let found = findings(report, "IKP002", SEED_001);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        line(report, found[0]),
        line_of(report, SEED_001, "- nr: 31")
    );
    assert_eq!(
        found[0].message.sv,
        "risk 31 har riskvärde 9 (tröskel 9) men är inte med i internkontrollplanen och saknar motivering"
    );
}

#[test]
fn seed_001_has_no_false_alarms_on_sound_parts() {
    let report = report();
    // Every "Ja" risk has a control, every reference resolves, the scores are on the 1–5
    // scale and multiply correctly, numbers are unique, and irregularities are assessed
    // (risks 42–43, 67–68).
    for rule in [
        "IKP001", "IKP003", "IKP005", "IKP006", "IKP008", "IKP009", "IKP010", "IKP012",
    ] {
        let found = findings(report, rule, SEED_001);
        assert!(found.is_empty(), "{rule}: {found:#?}");
    }
}

#[test]
fn seed_001_ks_points_without_a_reference() {
    // The KS file is illustrative (not a real decision); no control in seed 001 names a KS
    // point, so all four are reported, each with its near match as help.
    let report = report();
    let found = findings(report, "IKP011", SEED_001);
    assert_eq!(found.len(), 4, "{found:#?}");
    let ks = file_id(report, KS_2025);
    for (id, near) in [
        ("KS1", "risk 66"),
        ("KS2", "risk 45"),
        ("KS3", "kontroll K6"),
        ("KS4", "risk 67"),
    ] {
        let f = found
            .iter()
            .find(|f| f.subject.content == format!("ks_punkt={}", id.to_lowercase()))
            .unwrap_or_else(|| panic!("a finding for {id}"));
        assert_eq!(
            line(report, f),
            line_of(report, SEED_001, "nämnd: Servicenämnden")
        );
        let in_ks = f
            .secondary
            .iter()
            .find(|l| l.file == ks)
            .expect("a label on the KS point");
        assert_eq!(
            position(report, ks, in_ks.span).0.line,
            line_of(report, KS_2025, &format!("- id: {id}"))
        );
        let help = &f.help.as_ref().expect("help").sv;
        assert!(help.starts_with(near), "{id}: {help}");
        assert!(help.contains(&format!("`ks_punkt: {id}`")), "{id}: {help}");
    }
}

#[test]
fn seed_001_and_003_have_no_adoption_date() {
    let report = report();
    for seed in [SEED_001, SEED_003] {
        let found = findings(report, "IKP013", seed);
        assert_eq!(found.len(), 1, "{seed}: {found:#?}");
        let year_line = report.files[file_id(report, seed)]
            .text
            .lines()
            .position(|l| l.starts_with("år:"))
            .map(|i| i + 1)
            .unwrap();
        assert_eq!(line(report, found[0]), year_line);
    }
}

#[test]
fn seed_003_lacks_the_area_personal() {
    let report = report();
    let found = findings(report, "IKP010", SEED_003);
    // Administration, Ekonomi and Verksamhet (through "Verksamhetsspecifik") are covered.
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].subject.content, "område=personal");
    assert_eq!(
        line(report, found[0]),
        line_of(report, SEED_003, "nämnd: Nämnden för IT-förvaltningen")
    );
}

#[test]
fn seed_003_controls_lack_what_the_municipality_requires() {
    let report = report();
    let found = findings(report, "IKP009", SEED_003);
    assert_eq!(found.len(), 5, "{found:#?}");
    for (i, f) in found.iter().enumerate() {
        let id = format!("K{}", i + 1);
        assert_eq!(
            line(report, f),
            line_of(report, SEED_003, &format!("- id: {id}"))
        );
        assert_eq!(
            f.message.sv,
            format!(
                "kontroll {id} saknar frekvens, ansvarig, rapporteras_till, tidpunkt, som kommunen kräver av varje kontroll"
            )
        );
    }
}

#[test]
fn seed_003_has_no_false_alarms_on_sound_parts() {
    let report = report();
    // No IKP column (IKP001/IKP002 have nothing to judge), scores on the 1–4 scale, and the
    // irregularity requirement (2025) postdates the 2019 plan.
    for rule in [
        "IKP001", "IKP002", "IKP003", "IKP004", "IKP005", "IKP006", "IKP007", "IKP008", "IKP011",
        "IKP012",
    ] {
        let found = findings(report, rule, SEED_003);
        assert!(found.is_empty(), "{rule}: {found:#?}");
    }
}

#[test]
fn plan_rules_are_documented_in_both_languages() {
    let sv = [
        "## Vad den gör",
        "## Varför är det dåligt",
        "## Grund",
        "## Exempel",
        "## Åtgärd",
    ];
    let en = [
        "## What it does",
        "## Why is this bad",
        "## Basis",
        "## Example",
        "## Fix",
    ];
    for n in 1..=13 {
        let code = format!("IKP{n:03}");
        let rule = ikp_lint::rules::find(&code).unwrap_or_else(|| panic!("{code} exists"));
        let meta = rule.meta();
        for heading in sv {
            assert!(meta.doc.sv.contains(heading), "{code} sv lacks {heading}");
        }
        for heading in en {
            assert!(meta.doc.en.contains(heading), "{code} en lacks {heading}");
        }
        assert!(!meta.basis.sv.is_empty() && !meta.basis.en.is_empty());
    }
}
