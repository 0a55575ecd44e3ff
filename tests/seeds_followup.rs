//! The follow-up rules on the bundled examples (transcriptions of the seeds): the real flaws
//! are found at the right lines, and nothing else is reported by these rules.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use ikp_lint::engine::{CheckOptions, Report, check};
use ikp_lint::render::position;

/// The follow-up rules built here (IKP102 has its own analysis and tests).
const FOLLOW_UP_RULES: &[&str] = &[
    "IKP101", "IKP103", "IKP104", "IKP105", "IKP106", "IKP107", "IKP108", "IKP109", "IKP110",
    "IKP111", "IKP112",
];

const SERVICENAMNDEN: &str = "examples/stockholm/servicenamnden/2024/uppfoljning.yaml";
const RINKEBY_KISTA: &str = "examples/stockholm/rinkeby-kista/2022/uppfoljning.yaml";
const IT_FORVALTNINGEN: &str = "examples/it-forvaltningen/2019/uppfoljning.yaml";
const STADSDELSNAMND: &str = "examples/stockholm/stadsdelsnamnd-2018/2018/uppfoljning.yaml";

/// One finding as a person reads it: where, what, and the lines of its related locations.
#[derive(Debug)]
struct Hit {
    rule: &'static str,
    line: usize,
    message: String,
    related: Vec<(String, usize)>,
}

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let options = CheckOptions {
            paths: vec![PathBuf::from("examples")],
            config: None,
        };
        check(&options).expect("the examples' configuration is valid")
    })
}

fn display(report: &Report, file: usize) -> String {
    report.files[file].display.replace('\\', "/")
}

/// The findings of the follow-up rules whose primary location is in `path`.
fn hits(path: &str) -> Vec<Hit> {
    let report = report();
    report
        .findings
        .iter()
        .filter(|f| FOLLOW_UP_RULES.contains(&f.rule))
        .filter(|f| display(report, f.primary.file) == path)
        .map(|f| Hit {
            rule: f.rule,
            line: position(report, f.primary.file, f.primary.span).0.line,
            message: f.message.sv.clone(),
            related: f
                .secondary
                .iter()
                .map(|l| {
                    (
                        display(report, l.file),
                        position(report, l.file, l.span).0.line,
                    )
                })
                .collect(),
        })
        .collect()
}

fn counts(hits: &[Hit]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for h in hits {
        *counts.entry(h.rule).or_default() += 1;
    }
    counts
}

fn lines_of(hits: &[Hit], rule: &str) -> Vec<usize> {
    hits.iter()
        .filter(|h| h.rule == rule)
        .map(|h| h.line)
        .collect()
}

/// The line of every follow-up occasion in a transcription: the list items under
/// `tillfällen:` (indented six spaces).
fn occasion_lines(path: &str) -> Vec<usize> {
    let text = std::fs::read_to_string(path).expect("the example exists");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("      - ") && !l.starts_with("       "))
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn seed_000_every_occasion_lacks_a_status_and_two_comments_are_pasted() {
    let hits = hits(SERVICENAMNDEN);
    assert_eq!(
        counts(&hits),
        BTreeMap::from([("IKP101", 17), ("IKP108", 2)]),
        "{hits:#?}"
    );
    let occasions = occasion_lines(SERVICENAMNDEN);
    assert_eq!(occasions.len(), 17);
    assert_eq!(lines_of(&hits, "IKP101"), occasions);
    assert_eq!(
        hits[0].message,
        "kontrollen «Kontroll av debiterat mot diarieförd beställning/överenskom…» saknar status"
    );

    // "Kända tjänster i checklista" repeats the comment of the control above it, and
    // "Årlig uppföljning av att registret …" the one of "Årlig genomgång …".
    let pasted: Vec<_> = hits.iter().filter(|h| h.rule == "IKP108").collect();
    assert_eq!(pasted[0].line, 40);
    assert_eq!(pasted[0].related, vec![(SERVICENAMNDEN.to_string(), 29)]);
    assert!(
        pasted[0]
            .message
            .starts_with("kommentaren till kontrollen «Kända tjänster i checklista»")
    );
    assert_eq!(pasted[1].line, 155);
    assert_eq!(pasted[1].related, vec![(SERVICENAMNDEN.to_string(), 143)]);
}

#[test]
fn seed_002_lacks_statuses_pastes_a_comment_and_miscounts_its_activities() {
    let hits = hits(RINKEBY_KISTA);
    assert_eq!(
        counts(&hits),
        BTreeMap::from([("IKP101", 30), ("IKP108", 1), ("IKP111", 1)]),
        "{hits:#?}"
    );
    assert_eq!(lines_of(&hits, "IKP101"), occasion_lines(RINKEBY_KISTA));

    // Six entries share "Kontrollaktiviteten uppfylls helt …"; the one with its own systematic
    // control ("nyckeltal varje månad") is a copy of another control's comment.
    let pasted = hits.iter().find(|h| h.rule == "IKP108").unwrap();
    assert_eq!(pasted.line, 150);
    assert_eq!(pasted.related, vec![(RINKEBY_KISTA.to_string(), 123)]);
    assert!(
        pasted
            .message
            .ends_with("en kontroll med samma namn men annan systematisk kontroll på rad 123"),
        "{}",
        pasted.message
    );

    // "Nämnden fastställde 21 kontrollaktiviteter": 28 entries, 21 different activities.
    let count = hits.iter().find(|h| h.rule == "IKP111").unwrap();
    assert_eq!(count.line, 44);
    assert_eq!(
        count.message,
        "uppföljningen anger 21 kontrollaktiviteter men redovisar 28 uppföljda kontroller; posterna har 21 olika kontrollaktiviteter, så 7 poster upprepar en kontrollaktivitet som redan redovisats"
    );
}

#[test]
fn seed_003_deviations_without_action_and_empty_sections() {
    let hits = hits(IT_FORVALTNINGEN);
    assert_eq!(
        counts(&hits),
        BTreeMap::from([("IKP103", 5), ("IKP109", 2)]),
        "{hits:#?}"
    );
    // K1 and K3 (tillfälle 1), K5 (tillfälle 1, 2, 3): a deviation status and no åtgärd.
    assert_eq!(lines_of(&hits, "IKP103"), vec![22, 76, 112, 125, 143]);
    let sections: Vec<_> = hits.iter().filter(|h| h.rule == "IKP109").collect();
    assert_eq!(sections[0].line, 166);
    assert_eq!(sections[0].message, "avsnittet `slutsatser` är tomt");
    assert_eq!(sections[1].line, 167);
    assert_eq!(sections[1].message, "avsnittet `åtgärder` är tomt");
}

#[test]
fn seed_003_plan_and_follow_up_agree() {
    // The follow-up names its plan and follows up K1–K5, exactly the plan's controls.
    let report = report();
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.rule == "IKP105" || f.rule == "IKP106")
    );
    assert!(
        !report
            .notes
            .iter()
            .any(|(file, _)| display(report, *file) == IT_FORVALTNINGEN),
        "the plan of seed 003 is linked"
    );
}

#[test]
fn seed_004_a_minor_deviation_is_not_described() {
    let hits = hits(STADSDELSNAMND);
    assert_eq!(counts(&hits), BTreeMap::from([("IKP107", 1)]), "{hits:#?}");
    // "Oegentligheter, mutor, jäv och bestickning.": "Mindre avvikelse" with an empty
    // "Beskrivning av resultat:" and only "Vidtagna åtgärder:".
    let empty = &hits[0];
    assert_eq!(empty.line, 492);
    assert_eq!(empty.related, vec![(STADSDELSNAMND.to_string(), 489)]);
    assert!(empty.message.contains(
        "inte står något under «Beskrivning av resultat:», bara under «Vidtagna åtgärder:»"
    ));
    // All 55 actions carry a status, "Väntläge" included (Stockholm's profile knows it):
    // there is no IKP104 in seed 004.
    assert_eq!(lines_of(&hits, "IKP104"), Vec::<usize>::new());
}
