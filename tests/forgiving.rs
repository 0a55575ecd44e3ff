//! Values written the way a person writes them are read as meant (issue 11, part 1), and
//! what is refused says every allowed value — through the real binary, with line and column.

mod common;

use std::path::Path;
use std::process::Command;

/// One finding as the JSON output gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub rule: String,
    pub message: String,
    pub help: String,
    pub line: u64,
    pub column: u64,
}

/// Check the given files (name, text) in a fresh directory; the findings and the exit code.
fn check(files: &[(&str, &str)]) -> (Vec<Seen>, i32) {
    let (findings, code, _) = check_counting(files);
    (findings, code)
}

/// Like [`check`], and how many documents were read.
fn check_counting(files: &[(&str, &str)]) -> (Vec<Seen>, i32, u64) {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("written");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_ikp"))
        .args(["check", "--format", "json", "."])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("the ikp binary runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let findings = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| Seen {
            rule: f["rule"].as_str().unwrap_or_default().to_string(),
            message: f["message"].as_str().unwrap_or_default().to_string(),
            help: f["help"].as_str().unwrap_or_default().to_string(),
            line: f["line"].as_u64().unwrap_or_default(),
            column: f["column"].as_u64().unwrap_or_default(),
        })
        .collect();
    let documents = json["summary"]["documents"].as_u64().unwrap_or_default();
    (findings, out.status.code().unwrap_or(-1), documents)
}

fn of(findings: &[Seen], rule: &str) -> Vec<Seen> {
    findings
        .iter()
        .filter(|f| f.rule == rule)
        .cloned()
        .collect()
}

const PLAN_HEAD: &str =
    "typ: plan\nkommun: Uppsala\nnämnd: Miljönämnden\når: 2025\nfastställd: 2024-11-20\n";

#[test]
fn ikp_is_read_as_the_registers_write_it() {
    let plan = format!(
        "{PLAN_HEAD}risker:\n\
         \x20 - nr: 1\n    händelse: Fusk vid inköp\n    ikp: Ja\n\
         \x20 - nr: 2\n    händelse: Jäv\n    ikp: Nej, endast VoR\n\
         \x20 - nr: 3\n    händelse: Mutor\n    ikp: JA\n\
         \x20 - nr: 4\n    händelse: Förskingring\n    ikp: nej\n\
         \x20 - nr: 5\n    händelse: Bedrägeri\n    ikp: true\n\
         \x20 - nr: 6\n    händelse: Felaktiga löner\n    ikp: false\n"
    );
    let (findings, _) = check(&[("plan.yaml", &plan)]);
    // Nothing refused: every spelling is a value ikp knows.
    for code in ["IKP910", "IKP911", "IKP912"] {
        assert!(of(&findings, code).is_empty(), "{findings:#?}");
    }
    // And read as meant: the risks marked yes (Ja, JA, true) have no control (IKP001);
    // the ones marked no (Nej, endast VoR / nej / false) are left alone.
    let missing: Vec<(String, u64, u64)> = of(&findings, "IKP001")
        .into_iter()
        .map(|f| (f.message, f.line, f.column))
        .collect();
    assert_eq!(
        missing,
        vec![
            (
                "risk 1 (Fusk vid inköp) ska ingå i internkontrollplanen men ingen kontroll hanterar den".into(),
                7,
                9
            ),
            (
                "risk 3 (Mutor) ska ingå i internkontrollplanen men ingen kontroll hanterar den".into(),
                13,
                9
            ),
            (
                "risk 5 (Bedrägeri) ska ingå i internkontrollplanen men ingen kontroll hanterar den".into(),
                19,
                9
            ),
        ]
    );
}

#[test]
fn a_refused_ikp_value_lists_every_allowed_value_once() {
    let plan = format!(
        "{PLAN_HEAD}risker:\n  - nr: 1\n    händelse: Fusk\n    ikp: kanske\n  - nr: 2\n    händelse: Jäv\n    ikp: 5\n"
    );
    let (findings, code) = check(&[("plan.yaml", &plan)]);
    assert_eq!(code, 1);
    let refused = of(&findings, "IKP910");
    assert_eq!(refused.len(), 2, "one finding per value: {refused:#?}");
    let allowed = "tillåtna värden: «ja», «nej», «Nej, endast VoR» (stora eller små bokstäver spelar ingen roll)";
    assert_eq!(
        refused[0].message,
        "«ikp» har ett värde som inte är tillåtet («kanske»)"
    );
    assert_eq!((refused[0].line, refused[0].column), (9, 10));
    assert_eq!(refused[0].help, allowed);
    assert_eq!(
        refused[1].message,
        "«ikp» ska vara ett av de tillåtna orden, men är heltal (5)"
    );
    assert_eq!((refused[1].line, refused[1].column), (12, 10));
    assert_eq!(refused[1].help, allowed);
}

const FOLLOW_UP_HEAD: &str = "kommun: Uppsala\nnämnd: Miljönämnden\når: 2025\n";

fn follow_up(typ: &str, judgement: &str) -> String {
    format!(
        "typ: {typ}\n{FOLLOW_UP_HEAD}bedömning: {judgement}\nanalys: Kontrollerna har genomförts.\n\
         kontroller:\n  - kontroll: K1\n    kontrollaktivitet: Stickprov på fakturor\n    tillfällen:\n\
         \x20     - period: T1\n        status: Större avvikelser\n        kommentar: Fyra av tio fakturor saknade attest.\n"
    )
}

#[test]
fn judgements_are_read_as_the_follow_ups_write_them() {
    // A major deviation without an action: IKP110 says a "sufficient" judgement is contradicted,
    // so it fires exactly for the spellings that mean sufficient.
    for (judgement, sufficient) in [
        ("Tillräcklig", true),
        ("TILLRÄCKLIG", true),
        ("tillracklig", true),
        ("Ej tillräcklig", false),
        ("Inte tillräcklig", false),
        ("Inte helt tillräcklig", false),
        ("inte helt tillräcklig", false),
        ("Otillräcklig", false),
    ] {
        let (findings, _) = check(&[("uppf.yaml", &follow_up("uppföljning", judgement))]);
        assert!(
            of(&findings, "IKP910").is_empty(),
            "{judgement}: {findings:#?}"
        );
        assert_eq!(
            !of(&findings, "IKP110").is_empty(),
            sufficient,
            "{judgement}: {findings:#?}"
        );
    }
}

#[test]
fn a_refused_judgement_lists_every_allowed_value() {
    let (findings, code) = check(&[("uppf.yaml", &follow_up("uppföljning", "Bra"))]);
    assert_eq!(code, 1);
    let refused = of(&findings, "IKP910");
    assert_eq!(refused.len(), 1, "{refused:#?}");
    assert_eq!(
        refused[0].message,
        "«bedömning» har ett värde som inte är tillåtet («Bra»)"
    );
    assert_eq!((refused[0].line, refused[0].column), (5, 12));
    assert_eq!(
        refused[0].help,
        "tillåtna värden: «Tillräcklig», «Ej tillräcklig», «Inte tillräcklig», «Inte helt tillräcklig», «Otillräcklig» (stora eller små bokstäver spelar ingen roll)"
    );
}

#[test]
fn typ_is_read_in_any_case_and_without_diacritics() {
    let ks =
        "typ: KS-punkter\nkommun: Uppsala\når: 2025\npunkter:\n  - id: KS1\n    titel: Inköp\n";
    for typ in ["uppfoljning", "Uppföljning", "UPPFÖLJNING"] {
        let plan = format!(
            "typ: Plan\n{FOLLOW_UP_HEAD}fastställd: 2024-11-20\nrisker:\n  - nr: 1\n    händelse: Fusk\n    ikp: Ja\n\
             kontroller:\n  - id: K1\n    risker: [1]\n    kontrollaktivitet: Stickprov på fakturor\n    ks_punkt: KS1\n"
        );
        let (findings, _, documents) = check_counting(&[
            ("plan.yaml", &plan),
            ("uppf.yaml", &follow_up(typ, "Ej tillräcklig")),
            ("ks.yaml", ks),
        ]);
        assert_eq!(documents, 3, "{typ}: {findings:#?}");
        for code in ["IKP910", "IKP911", "IKP912"] {
            assert!(of(&findings, code).is_empty(), "{typ}: {findings:#?}");
        }
        // All three are read as documents and linked: the follow-up found its plan (no
        // IKP106 "not in the plan" for K1) and the plan's KS point is known (no IKP011).
        assert!(of(&findings, "IKP106").is_empty(), "{typ}: {findings:#?}");
        assert!(of(&findings, "IKP011").is_empty(), "{typ}: {findings:#?}");
        assert!(
            findings.iter().all(|f| f.rule != "IKP901"),
            "{typ}: {findings:#?}"
        );
    }
}

#[test]
fn a_whole_number_with_a_decimal_point_is_that_number() {
    let plan = format!(
        "{PLAN_HEAD}risker:\n  - nr: 1\n    händelse: Fusk\n    sannolikhet: 3.0\n    konsekvens: 3\n    riskvärde: 9.0\n    ikp: nej\n"
    );
    let (findings, _) = check(&[("plan.yaml", &plan)]);
    assert!(of(&findings, "IKP910").is_empty(), "{findings:#?}");
    // Read as 3 × 3 = 9: IKP003 (wrong risk value) has nothing to say.
    assert!(of(&findings, "IKP003").is_empty(), "{findings:#?}");
}

#[test]
fn a_decimal_number_where_a_whole_number_belongs_says_so() {
    let plan = format!(
        "{PLAN_HEAD}risker:\n  - nr: 1\n    händelse: Fusk\n    riskvärde: 9.5\n    ikp: nej\n"
    );
    let (findings, code) = check(&[("plan.yaml", &plan)]);
    assert_eq!(code, 1);
    let refused = of(&findings, "IKP910");
    assert_eq!(refused.len(), 1, "{refused:#?}");
    assert_eq!(
        refused[0].message,
        "«riskvärde» ska vara ett heltal, men är decimaltal (9.5)"
    );
    assert_eq!((refused[0].line, refused[0].column), (9, 16));
    assert_eq!(
        refused[0].help,
        "skriv ett heltal utan decimaler, till exempel 9 eller 10"
    );
}

#[test]
fn the_schema_accepts_the_same_spellings_for_editors() {
    // yaml-language-server validates with the committed schema: the same spellings pass.
    if !common::require_tool("check-jsonschema") {
        return;
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("plan.yaml");
    let plan = format!(
        "typ: Plan\n{FOLLOW_UP_HEAD}risker:\n  - nr: 1\n    ikp: Nej, endast VoR\n    riskvärde: 9.0\n  - nr: 2\n    ikp: JA\n  - nr: 3\n    ikp: true\n"
    );
    std::fs::write(&file, plan).expect("written");
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/plan.schema.json");
    let run = |path: &Path| {
        Command::new("check-jsonschema")
            .arg("--schemafile")
            .arg(&schema)
            .arg(path)
            .output()
            .expect("check-jsonschema runs")
    };
    let out = run(&file);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        &file,
        format!("typ: plan\n{FOLLOW_UP_HEAD}risker:\n  - nr: 1\n    ikp: kanske\n"),
    )
    .expect("written");
    assert!(!run(&file).status.success(), "«kanske» must be refused");
}

#[test]
fn a_hash_in_a_comment_warns_with_the_lost_text() {
    let text = "typ: uppföljning\nkommun: Uppsala\nnämnd: Miljönämnden\når: 2025\nkontroller:\n  - kontroll: K1\n    tillfällen:\n      - period: T1\n        status: Inga avvikelser\n        kommentar: Stickprov enligt rutin #4, 2 av 15 fakturor saknade attest.\n";
    let (findings, _) = check(&[("uppf.yaml", text)]);
    let cut = of(&findings, "IKP020");
    assert_eq!(cut.len(), 1, "{findings:#?}");
    assert_eq!(
        cut[0].message,
        "texten i «kommentar» kapas vid « #»: YAML läser «#4, 2 av 15 fakturor saknade attest.» som en kommentar, så texten blir bara «Stickprov enligt rutin»"
    );
    assert_eq!((cut[0].line, cut[0].column), (10, 43));
    assert_eq!(
        cut[0].help,
        "sätt hela texten inom citattecken: kommentar: \"Stickprov enligt rutin #4, 2 av 15 fakturor saknade attest.\"; är det en avsiktlig kommentar, flytta den till en egen rad"
    );
    // Quoted, the whole text is read: no warning.
    let quoted = text.replace(
        "kommentar: Stickprov enligt rutin #4, 2 av 15 fakturor saknade attest.",
        "kommentar: \"Stickprov enligt rutin #4, 2 av 15 fakturor saknade attest.\"",
    );
    let (findings, _) = check(&[("uppf.yaml", &quoted)]);
    assert!(of(&findings, "IKP020").is_empty(), "{findings:#?}");
}

#[test]
fn unknown_keys_people_use_get_the_field_they_meant() {
    let text = "typ: uppföljning\nkommun: Uppsala\nnämnd: Miljönämnden\når: 2025\nkontroller:\n  - id: K1\n    tillfällen:\n      - tillfälle: T1\n        status: Inga avvikelser\n";
    let (findings, code) = check(&[("uppf.yaml", text)]);
    assert_eq!(code, 1);
    let unknown = of(&findings, "IKP911");
    assert_eq!(unknown.len(), 2, "{unknown:#?}");
    assert_eq!(unknown[0].message, "okänt fält «id»");
    assert_eq!((unknown[0].line, unknown[0].column), (6, 5));
    assert_eq!(
        unknown[0].help,
        "menade du «kontroll»? I en uppföljning anges planens kontroll med «kontroll: K1»"
    );
    assert_eq!(unknown[1].message, "okänt fält «tillfälle»");
    assert_eq!((unknown[1].line, unknown[1].column), (8, 9));
    assert_eq!(
        unknown[1].help,
        "menade du «period»? Ett tillfälle anges med «period: T1» (eller T2, VB)"
    );
}

#[test]
fn a_broken_file_with_a_lenient_typ_is_reported_not_skipped() {
    // Found in a walk, a file with a syntax error is reported when it looks like ours; a typ
    // in capitals or without diacritics looks like ours too.
    for typ in ["Uppfoljning", "KS-punkter", "PLAN"] {
        let text = format!("typ: {typ}\nnämnd: Miljönämnden\når 2025\n");
        let (findings, code) = check(&[("dok.yaml", &text)]);
        assert_eq!(code, 2, "{typ}: {findings:#?}");
        let syntax = of(&findings, "IKP901");
        assert_eq!(syntax.len(), 1, "{typ}: {findings:#?}");
        assert_eq!((syntax[0].line, syntax[0].column), (3, 1));
    }
}

#[test]
fn a_text_where_an_entry_belongs_says_which_field_it_goes_in() {
    let text = "typ: uppföljning\nkommun: Uppsala\nnämnd: Miljönämnden\når: 2025\nkontroller:\n  - kontroll: K1\n    tillfällen:\n      - period: T1\n        status: Mindre avvikelser\n        kommentar: Två fakturor saknade attest.\n        åtgärder:\n          - Ny rutin tas fram\n          - Rutin: attest före betalning\n";
    let (findings, code) = check(&[("uppf.yaml", text)]);
    assert_eq!(code, 1);
    let invalid = of(&findings, "IKP910");
    assert_eq!(invalid.len(), 1, "{findings:#?}");
    assert_eq!(
        invalid[0].message,
        "en post i «åtgärder» ska vara en mappning (fält: värde), men är text («Ny rutin tas fram»)"
    );
    assert_eq!((invalid[0].line, invalid[0].column), (12, 13));
    assert_eq!(
        invalid[0].help,
        "skriv texten i fältet «åtgärd»: «- åtgärd: Ny rutin tas fram»"
    );
    // `- Rutin: attest före betalning` is a text YAML split at `: `.
    let split = of(&findings, "IKP911");
    assert_eq!(split.len(), 1, "{findings:#?}");
    assert_eq!(split[0].message, "okänt fält «Rutin»");
    assert_eq!((split[0].line, split[0].column), (13, 13));
    assert_eq!(
        split[0].help,
        "är det en text med «: »? Skriv den i fältet «åtgärd», inom citattecken: «- åtgärd: \"Rutin: attest före betalning\"»"
    );
}

#[test]
fn a_goal_number_with_a_point_asks_for_quotes() {
    // `mål: 3.10` would be read as 3.1: only the text is unambiguous.
    let plan = format!("{PLAN_HEAD}risker:\n  - nr: 1\n    mål: 3.1\n    ikp: nej\n");
    let (findings, code) = check(&[("plan.yaml", &plan)]);
    assert_eq!(code, 1);
    let refused = of(&findings, "IKP910");
    assert_eq!(refused.len(), 1, "{refused:#?}");
    assert_eq!(
        refused[0].message,
        "«mål» ska vara ett heltal eller text, men är decimaltal (3.1)"
    );
    assert_eq!((refused[0].line, refused[0].column), (8, 10));
    assert_eq!(
        refused[0].help,
        "ett nummer med punkt, som 3.1, läses som ett decimaltal; skriv det inom citattecken, till exempel \"3.1\""
    );
}
