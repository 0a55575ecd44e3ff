//! The promise of a baseline: edits that do not touch a known problem never resurrect it, and
//! a change to the problem itself is new. Fixtures are a stadsdelsnämnd's plan as a
//! förvaltning would write it, with two risks not yet assessed.

use std::path::PathBuf;

use super::*;
use crate::engine::check_sources;

const PLAN: &str = "\
typ: plan
kommun: Stockholm
nämnd: Älvsjö stadsdelsnämnd
år: 2025
fastställd: 2024-12-12
risker:
  - nr: 1
    process: Ekonomiadministration
    arbetssätt: Attest av leverantörsfakturor
    händelse: Fakturor attesteras av person som saknar attesträtt
    sannolikhet: 3
    konsekvens: 4
    riskvärde: 12
    ikp: ja
  - nr: 2
    process: Personaladministration
    arbetssätt: Löneutbetalning vid avslutad anställning
    händelse: Lön betalas ut efter att anställningen upphört (löneskuld)
    sannolikhet: 3
    konsekvens: 3
    riskvärde: 9
    ikp: ja
  - nr: 3
    process: Upphandling och inköp
    arbetssätt: Direktupphandling
    händelse: Direktupphandling dokumenteras inte
    konsekvens: 3
    ikp: nej
  - nr: 4
    process: Systematiskt informationssäkerhetsarbete
    arbetssätt: Behörighetshantering
    händelse: Behörigheter tas inte bort när en medarbetare slutar
    ikp: nej
  - nr: 5
    process: Upphandling och inköp
    arbetssätt: Beställning av konsulttjänster
    händelse: Mutor eller jäv vid beställning av konsulttjänster
    sannolikhet: 2
    konsekvens: 4
    riskvärde: 8
    ikp: nej
kontroller:
  - id: K1
    risker: [1]
    kontrollaktivitet: Stickprov på 20 attesterade fakturor per tertial mot attestförteckningen
    frekvens: Tertialvis
    ansvarig: Controller
  - id: K2
    risker: [2]
    kontrollaktivitet: Avstämning av avslutade anställningar mot löneutbetalningar
    frekvens: Månadsvis
    ansvarig: HR-specialist
";

fn report(files: &[(&str, &str)]) -> Report {
    let sources = files
        .iter()
        .map(|(name, text)| (PathBuf::from(name), (*text).to_string()))
        .collect();
    check_sources(sources, None).unwrap()
}

/// Baseline today's plan, then check `edited` against it; returns the report after applying.
fn check_against_baseline(edited: &[(&str, &str)]) -> (Report, Applied) {
    let before = report(&[("alvsjo/2025/plan.yaml", PLAN)]);
    assert_eq!(
        before.findings.len(),
        2,
        "the fixture has two unassessed risks"
    );
    let baseline = Baseline::from_report(&before, Lang::Sv);
    // Through the file format, as in real use.
    let baseline = Baseline::parse(&baseline.to_json(), ".ikp-baseline.json").unwrap();
    let mut after = report(edited);
    let applied = baseline.apply(&mut after);
    (after, applied)
}

fn messages(report: &Report) -> Vec<&str> {
    report
        .findings
        .iter()
        .map(|f| f.message.sv.as_str())
        .collect()
}

#[test]
fn unchanged_plan_has_no_new_findings() {
    let (after, applied) = check_against_baseline(&[("alvsjo/2025/plan.yaml", PLAN)]);
    assert!(after.findings.is_empty(), "{:?}", messages(&after));
    assert_eq!(
        applied,
        Applied {
            known: 2,
            unmatched: 0
        }
    );
    assert_eq!(after.exit_code(Some(crate::finding::Severity::Info)), 0);
}

#[test]
fn inserting_a_risk_above_does_not_resurrect_old_findings() {
    let inserted = PLAN.replace(
        "risker:\n",
        "risker:\n  - nr: 7\n    process: Bidragshantering\n    händelse: Föreningsbidrag betalas ut utan beslut\n    sannolikhet: 2\n    konsekvens: 4\n    riskvärde: 8\n    ikp: nej\n",
    );
    let (after, applied) = check_against_baseline(&[("alvsjo/2025/plan.yaml", &inserted)]);
    assert!(after.findings.is_empty(), "{:?}", messages(&after));
    assert_eq!(applied.known, 2);
}

#[test]
fn reordering_risks_and_controls_does_not_resurrect_old_findings() {
    let risks_start = PLAN.find("  - nr: 1").unwrap();
    let risk3 = PLAN.find("  - nr: 3").unwrap();
    let controls = PLAN.find("kontroller:").unwrap();
    let k2 = PLAN.find("  - id: K2").unwrap();
    let reordered = format!(
        "{}{}{}kontroller:\n{}{}",
        &PLAN[..risks_start],
        &PLAN[risk3..controls],
        &PLAN[risks_start..risk3],
        &PLAN[k2..],
        &PLAN[controls + "kontroller:\n".len()..k2],
    );
    assert_ne!(reordered, PLAN);
    let (after, applied) = check_against_baseline(&[("alvsjo/2025/plan.yaml", &reordered)]);
    assert!(after.findings.is_empty(), "{:?}", messages(&after));
    assert_eq!(applied.known, 2);
}

#[test]
fn re_indenting_does_not_resurrect_old_findings() {
    // Sequences flush with their key (as some editors format YAML) instead of indented, and
    // the last risk in flow style.
    let reindented: String = PLAN
        .lines()
        .map(|l| {
            let spaces = l.len() - l.trim_start().len();
            format!("{}{}\n", " ".repeat(spaces.saturating_sub(2)), l.trim_start())
        })
        .collect::<String>()
        .replace(
            "- nr: 4\n  process: Systematiskt informationssäkerhetsarbete\n  arbetssätt: Behörighetshantering\n  händelse: Behörigheter tas inte bort när en medarbetare slutar\n  ikp: nej\n",
            "- {nr: 4, process: Systematiskt informationssäkerhetsarbete, arbetssätt: Behörighetshantering,\n   händelse: Behörigheter tas inte bort när en medarbetare slutar, ikp: nej}\n",
        );
    assert!(reindented.contains("{nr: 4"));
    let (after, applied) = check_against_baseline(&[("alvsjo/2025/plan.yaml", &reindented)]);
    assert!(after.findings.is_empty(), "{:?}", messages(&after));
    assert_eq!(applied.known, 2);
}

#[test]
fn renaming_the_file_does_not_resurrect_old_findings() {
    let (after, applied) =
        check_against_baseline(&[("Älvsjö stadsdelsnämnd/internkontrollplan 2025.yaml", PLAN)]);
    assert!(after.findings.is_empty(), "{:?}", messages(&after));
    assert_eq!(applied.known, 2);
}

#[test]
fn a_changed_value_that_still_breaks_the_rule_is_new() {
    // Risk 3 gets its likelihood but still lacks the risk value: a different problem.
    let changed = PLAN.replace(
        "    händelse: Direktupphandling dokumenteras inte\n    konsekvens: 3\n",
        "    händelse: Direktupphandling dokumenteras inte\n    sannolikhet: 2\n    konsekvens: 3\n",
    );
    assert_ne!(changed, PLAN);
    let (after, applied) = check_against_baseline(&[("alvsjo/2025/plan.yaml", &changed)]);
    assert_eq!(messages(&after), ["risk 3 saknar riskvärde"]);
    assert_eq!(
        applied,
        Applied {
            known: 1,
            unmatched: 1
        }
    );
    assert_eq!(after.exit_code(Some(crate::finding::Severity::Error)), 1);
}

#[test]
fn a_new_problem_is_new_even_when_it_looks_like_a_known_one() {
    // Risk 6 lacks every score, exactly like risk 4 — but it is another risk.
    let added = PLAN.replace(
        "kontroller:\n",
        "  - nr: 6\n    process: Lokalförsörjning\n    händelse: Hyresavtal förlängs automatiskt utan prövning\n    ikp: nej\nkontroller:\n",
    );
    let (after, _) = check_against_baseline(&[("alvsjo/2025/plan.yaml", &added)]);
    assert_eq!(
        messages(&after),
        ["risk 6 saknar sannolikhet, konsekvens, riskvärde"]
    );
}

#[test]
fn the_same_plan_of_another_year_is_not_covered() {
    let next_year = PLAN.replace("år: 2025", "år: 2026");
    let (after, applied) = check_against_baseline(&[
        ("alvsjo/2025/plan.yaml", PLAN),
        ("alvsjo/2026/plan.yaml", &next_year),
    ]);
    assert_eq!(after.findings.len(), 2);
    assert!(
        after
            .findings
            .iter()
            .all(|f| after.files[f.primary.file].display == "alvsjo/2026/plan.yaml")
    );
    assert_eq!(applied.known, 2);
}

#[test]
fn fixed_findings_are_pruned_and_unchecked_documents_kept() {
    let other = PLAN.replace("nämnd: Älvsjö stadsdelsnämnd", "nämnd: Servicenämnden");
    let both = report(&[
        ("alvsjo/2025/plan.yaml", PLAN),
        ("servicenamnden/2025/plan.yaml", &other),
    ]);
    let baseline = Baseline::from_report(&both, Lang::Sv);
    assert_eq!(baseline.findings.len(), 4);

    // Risk 4 of Älvsjö is assessed now; only Älvsjö is checked.
    let fixed = PLAN.replace(
        "    händelse: Behörigheter tas inte bort när en medarbetare slutar\n",
        "    händelse: Behörigheter tas inte bort när en medarbetare slutar\n    sannolikhet: 2\n    konsekvens: 3\n    riskvärde: 6\n",
    );
    let now = report(&[("alvsjo/2025/plan.yaml", &fixed)]);
    let (pruned, stats) = baseline.prune(&now);
    assert_eq!(
        stats,
        Pruned {
            before: 4,
            removed: 1,
            not_checked: 2
        }
    );
    assert_eq!(pruned.findings.len(), 3);
    assert!(
        pruned
            .findings
            .iter()
            .all(|e| !(e.document.contains("älvsjö") && e.entity == "risk:4"))
    );
    assert_eq!(pruned.repository, baseline.repository);
}

#[test]
fn baseline_file_is_stable_and_readable() {
    let r = report(&[("alvsjo/2025/plan.yaml", PLAN)]);
    let a = Baseline::from_report(&r, Lang::Sv).to_json();
    let b = Baseline::from_report(&r, Lang::Sv).to_json();
    assert_eq!(a, b);
    let parsed = Baseline::parse(&a, "b.json").unwrap();
    assert_eq!(parsed.repository, ["kommun:stockholm"]);
    assert_eq!(
        parsed.findings[0].document,
        "plan|stockholm|älvsjö stadsdelsnämnd|2025"
    );
    assert_eq!(parsed.findings[0].entity, "risk:3");
}

#[test]
fn malformed_baselines_are_refused_with_a_reason() {
    let cases = [
        ("{ inte json", "inte giltig JSON"),
        ("{\"version\": 1}", "ingen baslinje från ikp"),
        (
            "{\"format\": \"ikp-baseline\", \"version\": \"ett\"}",
            "fältet \"version\"",
        ),
        (
            "{\"format\": \"ikp-baseline\", \"version\": 1, \"tool\": {\"name\": \"ikp\", \"version\": \"0.1.0\"}, \"repository\": []}",
            "fältet \"findings\" saknas",
        ),
        (
            "{\"format\": \"ikp-baseline\", \"version\": 1, \"tool\": {\"name\": \"ikp\", \"version\": \"0.1.0\"}, \"repository\": [\"kommun:x\"], \"findings\": [{\"fingerprint\": \"abc\", \"rule\": \"IKP004\", \"document\": \"d\", \"entity\": \"risk:1\", \"file\": \"f\", \"message\": \"m\"}]}",
            "inte 32 hexadecimala tecken",
        ),
        (
            "{\"format\": \"ikp-baseline\", \"version\": 1, \"tool\": {\"name\": \"ikp\", \"version\": \"0.1.0\"}, \"repository\": [], \"findings\": []}",
            "fältet \"repository\" är tomt",
        ),
        (
            "{\"format\": \"ikp-baseline\", \"version\": 1, \"tool\": {\"name\": \"ikp\", \"version\": \"0.1.0\"}, \"repository\": [\"kommun:x\"], \"findings\": [], \"findings\": []}",
            "fältet \"findings\" står två gånger",
        ),
        (
            "{\"format\": \"ikp-baseline\", \"version\": 1, \"tool\": {\"name\": \"ikp\", \"version\": \"0.1.0\"}, \"repository\": [\"kommun:x\"], \"findings\": [], \"alla\": true}",
            "okänt fält \"alla\"",
        ),
        (
            "{\"format\": \"ikp-baseline\", \"format\": \"ikp-baseline\", \"version\": 1}",
            "fältet \"format\" står två gånger",
        ),
    ];
    for (text, expected) in cases {
        let err = Baseline::parse(text, ".ikp-baseline.json").unwrap_err();
        assert!(err.sv.contains(expected), "{text}: {}", err.sv);
        assert!(err.sv.starts_with("baslinjen") || err.sv.contains("ingen baslinje"));
    }
}

#[test]
fn a_newer_format_is_refused_and_named() {
    let text = "{\"format\": \"ikp-baseline\", \"version\": 2, \"tool\": {\"name\": \"ikp\", \"version\": \"3.0.0\"}, \"nytt\": []}";
    let err = Baseline::parse(text, ".ikp-baseline.json").unwrap_err();
    assert!(err.sv.contains("format 2"), "{}", err.sv);
    assert!(err.sv.contains("ikp 3.0.0"), "{}", err.sv);
    assert!(err.sv.contains("uppdatera ikp"), "{}", err.sv);
}

#[test]
fn a_baseline_of_another_repository_is_refused() {
    let stockholm = report(&[("alvsjo/2025/plan.yaml", PLAN)]);
    let baseline = Baseline::from_report(&stockholm, Lang::Sv);
    let malmo_plan = PLAN
        .replace("kommun: Stockholm", "kommun: Malmö")
        .replace("Älvsjö stadsdelsnämnd", "Servicenämnden");
    let malmo = report(&[("plan.yaml", &malmo_plan)]);
    let err = baseline
        .check_repository(&malmo, ".ikp-baseline.json")
        .unwrap_err();
    assert!(err.sv.contains("ett annat repo"), "{}", err.sv);
    assert!(err.sv.contains("kommun stockholm"), "{}", err.sv);
    assert!(err.sv.contains("kommun malmö"), "{}", err.sv);
    // The same repository, or a part of it, is fine.
    assert!(
        baseline
            .check_repository(&stockholm, ".ikp-baseline.json")
            .is_ok()
    );
}
