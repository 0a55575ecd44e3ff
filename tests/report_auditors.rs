//! The auditors' report says what the findings say after exemptions, shows the follow-up per
//! control and occasion with its open actions, and speaks to auditors, not to file authors.

use std::path::PathBuf;

use ikp_lint::engine::{CheckOptions, Report, check, check_sources};
use ikp_lint::finding::Lang;
use ikp_lint::report::model::Support;
use ikp_lint::report::{ReportFormat, ReportOptions, build, render};

fn options() -> ReportOptions {
    ReportOptions {
        lang: Lang::Sv,
        date: "2026-11-23".to_string(),
    }
}

fn follow_up(extra: &str, occasions: &str) -> Report {
    let text = format!(
        "typ: uppföljning\nkommun: Uppsala\nnämnd: Kulturnämnden\når: 2025\nbedömning: tillräcklig\n\
         analys: Kontrollerna har i huvudsak fungerat.\nslutsatser: Rutinen för attest ska ses över.\n\
         åtgärder: Ny attestordning beslutas i februari.\n{extra}kontroller:\n  - kontroll: K1\n    \
         kontrollaktivitet: Stickprov på utbetalda bidrag\n    tillfällen:\n{occasions}"
    );
    check_sources(vec![(PathBuf::from("kultur/uppfoljning.yaml"), text)], None).unwrap()
}

const NOT_PERFORMED: &str = "      - period: T1\n        status: Ej genomförd\n        \
    kommentar: Kontrollen genomfördes inte på grund av vakans.\n";

#[test]
fn an_exempted_contradiction_does_not_weigh_against_the_judgement() {
    // Today's wording was "Tillräcklig — stöds inte av fynden: 1 kontrolltillfälle ej
    // genomförd" although no error stood and IKP110 was exempted.
    let report = follow_up(
        "undantag:\n  - regel: IKP110\n    motivering: Vakansen är tillsatt och kontrollen görs i T2.\n",
        NOT_PERFORMED,
    );
    assert!(report.findings.iter().all(|f| f.rule != "IKP110"));
    assert_eq!(report.exempted.len(), 1);
    let model = build(&report, &options());
    let row = &model.overview[0];
    assert_eq!(row.counts.errors, 0, "{:?}", report.findings);
    assert_eq!(
        row.support,
        Support::SupportedWithExemptions { exempted: 1 }
    );
    assert_eq!(row.support.short(Lang::Sv), "stöds, med 1 undantag");
    assert!(row.support.reasons(Lang::Sv).is_empty());
    let md = render(&report, ReportFormat::Markdown, &options());
    assert!(
        md.contains("| Tillräcklig | stöds, med 1 undantag |"),
        "{md}"
    );
    assert!(!md.contains("ej genomförd)"), "{md}");
}

#[test]
fn a_major_deviation_with_an_open_action_is_named_as_ikp110_names_it() {
    let report = follow_up(
        "",
        "      - period: T1\n        status: Större avvikelser\n        \
         kommentar: Tre av tio bidrag saknade beslut.\n        åtgärder:\n          \
         - åtgärd: Ny rutin för beslut om bidrag\n            status: Pågående\n            \
         ansvarig: Kulturchef\n            slutdatum: 2026-03-31\n",
    );
    assert!(report.findings.iter().any(|f| f.rule == "IKP110"));
    let model = build(&report, &options());
    let reasons = model.overview[0].support.reasons(Lang::Sv);
    assert!(
        reasons.contains(&"1 större avvikelse vars åtgärd inte är avslutad".to_string()),
        "{reasons:?}"
    );

    // The per-control table and the open actions, with who and when.
    let fu = model.groups[0].documents[0].follow_up.as_ref().unwrap();
    assert_eq!(fu.rows.len(), 1);
    assert_eq!(fu.rows[0].control, "K1");
    assert_eq!(fu.rows[0].period, "T1");
    assert_eq!(fu.rows[0].status.as_deref(), Some("Större avvikelser"));
    assert_eq!(fu.rows[0].actions[0].closed, Some(false));
    assert_eq!(fu.open_actions.len(), 1);
    let open = &fu.open_actions[0];
    assert_eq!(open.action, "Ny rutin för beslut om bidrag");
    assert_eq!(open.responsible.as_deref(), Some("Kulturchef"));
    assert_eq!(open.end_date.as_deref(), Some("2026-03-31"));

    let md = render(&report, ReportFormat::Markdown, &options());
    assert!(md.contains(
        "| **K1** Stickprov på utbetalda bidrag | T1 | Större avvikelser | Tre av tio bidrag saknade beslut. | Ny rutin för beslut om bidrag (Pågående) |"
    ), "{md}");
    assert!(
        md.contains(
            "| K1 T1 | Ny rutin för beslut om bidrag | Kulturchef | 2026-03-31 | Pågående |"
        ),
        "{md}"
    );
    assert!(md.contains("- Analys: Kontrollerna har i huvudsak fungerat."));
    assert!(md.contains("- Slutsatser: Rutinen för attest ska ses över."));
    assert!(md.contains("- Åtgärder (hela uppföljningen): Ny attestordning beslutas i februari."));
}

#[test]
fn long_comments_are_shortened_with_a_link_to_the_full_text() {
    let long = "Stickprov på tio utbetalningar. ".repeat(10);
    let report = follow_up(
        "",
        &format!(
            "      - period: T1\n        status: Inga avvikelser\n        kommentar: {long}\n"
        ),
    );
    let html = render(&report, ReportFormat::Html, &options());
    let fu_anchor = "d1-k1";
    assert!(html.contains(&format!(
        "<a class=\"more\" href=\"#{fu_anchor}\">hela texten</a>"
    )));
    assert!(html.contains(&format!("<dt id=\"{fu_anchor}\">K1 T1</dt>")));
    assert!(html.contains(long.trim()));
    let md = render(&report, ReportFormat::Markdown, &options());
    assert!(md.contains("… *(hela texten nedan)* |"), "{md}");
    assert!(
        md.contains(&format!(
            "#### Kommentarer i sin helhet\n\n- **K1 T1**: {}\n",
            long.trim()
        )),
        "{md}"
    );
}

#[test]
fn the_examples_report_speaks_to_auditors() {
    let report = check(&CheckOptions {
        paths: vec![PathBuf::from("examples")],
        config: None,
    })
    .unwrap();
    for format in [ReportFormat::Html, ReportFormat::Markdown] {
        let text = render(&report, format, &options());
        for author_words in [
            "profilens",
            "skriv `status",
            "skriv <code>status",
            "- kommentar: |",
            "Åtgärd:</b>",
            "seed",
        ] {
            assert!(
                !text.contains(author_words),
                "{format:?} contains «{author_words}»"
            );
        }
        // The plan's adoption date is shown.
        assert!(text.contains("Fastställd av nämnden"), "{format:?}");
    }
    // The rules appendix lists only the rules that fired.
    let model = build(&report, &options());
    let fired: Vec<&str> = model
        .rules
        .iter()
        .filter(|a| a.findings > 0)
        .map(|a| a.rule.code)
        .collect();
    let md = render(&report, ReportFormat::Markdown, &options());
    let appendix = md.split_once("## Bilaga: regler som tillämpats").unwrap().1;
    assert_eq!(appendix.matches("\n| IKP").count(), fired.len());
}

#[test]
fn the_profile_is_named_as_the_config_names_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("ikp.toml"), "profil = \"Stockholm\"\n").unwrap();
    std::fs::write(
        dir.path().join("plan.yaml"),
        "typ: plan\nkommun: Uppsala\nnämnd: Kulturnämnden\når: 2025\nfastställd: 2024-12-10\n",
    )
    .unwrap();
    let report = check(&CheckOptions {
        paths: vec![dir.path().to_path_buf()],
        config: None,
    })
    .unwrap();
    let md = render(&report, ReportFormat::Markdown, &options());
    let line = md.lines().find(|l| l.starts_with("- Profil:")).unwrap();
    assert!(line.starts_with("- Profil: **stockholm** ("), "{line}");
    assert!(!line.contains("Stockholms stad"), "{line}");
    assert!(md.contains("Fastställd av nämnden: 2024-12-10"));
}

#[test]
fn a_config_error_keeps_its_line_and_caret_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("ikp.toml"), "profile = \"stockholm\"\n").unwrap();
    std::fs::write(
        dir.path().join("plan.yaml"),
        "typ: plan\nkommun: Uppsala\nnämnd: Kulturnämnden\når: 2025\n",
    )
    .unwrap();
    let report = check(&CheckOptions {
        paths: vec![dir.path().to_path_buf()],
        config: None,
    })
    .unwrap();
    let md = render(&report, ReportFormat::Markdown, &options());
    assert!(
        md.contains("okänt fält «profile» — menade du «profil»?\n\n  ```text\n"),
        "{md}"
    );
    assert!(
        md.contains("  1 │ profile = \"stockholm\"\n    │ ^^^^^^^\n  ```\n"),
        "{md}"
    );
    let html = render(&report, ReportFormat::Html, &options());
    assert!(html.contains("<li class=\"config-error\">"), "{html}");
    assert!(
        html.contains("1 │ profile = &quot;stockholm&quot;\n  │ ^^^^^^^"),
        "{html}"
    );
}
