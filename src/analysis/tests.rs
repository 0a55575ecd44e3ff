//! Unit tests of the comment analyser: one per hard case, and bad input.

use super::*;
use Claim::*;
use Severity::{Major, Minor};

fn lex() -> &'static Lexicon {
    use std::sync::OnceLock;
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::swedish)
}

fn claim(text: &str) -> Claim {
    analyse(text, lex()).claim
}

/// The words of the first (winning) piece of evidence.
fn caret(text: &str) -> &str {
    let a = analyse(text, lex());
    let e = a
        .evidence
        .first()
        .unwrap_or_else(|| panic!("no evidence for {text:?}"));
    &text[e.range.clone()]
}

fn fires(outcome: Outcome, text: &str) -> bool {
    contradicts(outcome, &analyse(text, lex()))
}

// --- the acceptance cases -------------------------------------------------------------

#[test]
fn seed_003_not_performed_under_major_deviation() {
    let c = "Ej genomförd på grund av sjukskrivning/resursbrist. Planeras genomföras enligt plan till \nkontroll moment två";
    assert_eq!(claim(c), NotPerformed);
    assert_eq!(caret(c), "Ej genomförd");
    assert!(fires(Outcome::MajorDeviation, c));
    assert!(!fires(Outcome::NotPerformed, c));
    assert_eq!(
        suggested_outcome(&analyse(c, lex())),
        Some(Outcome::NotPerformed)
    );
}

#[test]
fn seed_000_not_performed_during_the_year() {
    let c = "Således har denna kontroll inte genomförts under 2024 i befintlig informationsredovisning.";
    assert_eq!(claim(c), NotPerformed);
    assert_eq!(caret(c), "inte genomförts");
}

#[test]
fn seed_000_errors_in_15_of_94_invoices() {
    let c = "Vid kontrollen identifierades fel på 15 av de 94 granskade fakturorna.";
    assert!(matches!(claim(c), Deviation(_)));
    assert_eq!(caret(c), "fel på 15 av de 94");
    assert!(fires(Outcome::NoDeviation, c));
}

// --- negation and its scope --------------------------------------------------------------------

#[test]
fn negation_forms() {
    for c in [
        "Inga avvikelser.",
        "i denna kontroll har  inga avvikelser uppdagats",
        "Det har inte framkommit några brister.",
        "Kontroller har genomförts utan att avvikelser noterades.",
        "Avvikelser har inte noterats.",
        "Avvikelser noterades inte.",
        "Förvaltningen har inte noterat någon avvikelse under året.",
        "Ingen anmärkning hos granskade enheter.",
        "Ingen diskrepans har framkommit.",
        "Det saknas inga underlag.",
    ] {
        assert_eq!(claim(c), NoDeviation, "{c}");
    }
}

#[test]
fn negated_severity_is_not_no_deviation() {
    let c = "Kontroller har genomförts enligt plan. Inga större avvikelser noteras.";
    assert_eq!(claim(c), NoMajorDeviation);
    assert_eq!(caret(c), "Inga större avvikelser");
    assert!(fires(Outcome::MajorDeviation, c));
    assert!(!fires(Outcome::MinorDeviation, c));
    assert!(!fires(Outcome::NoDeviation, c));
    assert_eq!(
        claim("flertalet påvisar inga eller mindre avvikelser"),
        NoMajorDeviation
    );
    assert_eq!(
        claim("Inga större avvikelser, men två mindre brister noterades."),
        Deviation(Some(Minor))
    );
}

#[test]
fn negation_scope_ends_at_the_clause() {
    assert_eq!(
        claim("Inga avvikelser från rutinen har noterats, däremot brister i dokumentationen."),
        Deviation(None)
    );
    assert_eq!(
        claim("Inte alla fakturor var korrekt attesterade."),
        Deviation(None)
    );
    // A gap never skips a negator: "identifierades inga fel" is not "identifierades … fel".
    assert_eq!(
        claim("Vid granskningen identifierades inga fel."),
        NoDeviation
    );
}

#[test]
fn negated_positive_is_a_deviation() {
    assert!(matches!(
        claim("Rutinen har inte fungerat tillfredsställande."),
        Deviation(_)
    ));
    assert!(matches!(claim("Rutinen har inte följts."), Deviation(_)));
    assert!(matches!(
        claim("Rutinen följdes inte i tre ärenden."),
        Deviation(_)
    ));
    assert_eq!(claim("Rutinen följdes i samtliga ärenden."), NoDeviation);
    assert!(matches!(
        claim("Endast 1 st ärende som inte följer rutinerna."),
        Deviation(_)
    ));
}

// --- inflection and compounds ------------------------------------------------------------------

#[test]
fn inflection_and_compounds() {
    for c in [
        "Avvikelsen har identifierats.",
        "Avvikelserna har identifierats.",
        "Budgetavvikelser har noterats.",
        "Felaktigheter har upptäckts.",
        "Ett systemfel har identifierats.",
        "Brister noterades.",
        "Bristerna framträder tydligt.",
    ] {
        assert!(matches!(claim(c), Deviation(_)), "{c}");
    }
    // A compound where "avvikelse" is the first part is not a deviation.
    assert_eq!(claim("Avvikelserapporteringen fungerar väl."), NoDeviation);
    assert_eq!(
        claim("Kontroll av avvikelserapportering genomfördes."),
        Performed
    );
    // -kontrollen counts as a control for "utgått", "påbörjad", …
    assert_eq!(claim("Stickprovskontrollen har utgått."), NotPerformed);
}

// --- quantities --------------------------------------------------------------------------------

#[test]
fn counts() {
    assert!(matches!(
        claim("4 felaktigheter vid fakturahantering har upptäckts och åtgärdats under året.."),
        Deviation(_)
    ));
    assert!(matches!(
        claim("Under året har det genomförts 241 uppföljningar med 34 noterade avvikelser."),
        Deviation(_)
    ));
    assert_eq!(claim("0 avvikelser."), NoDeviation);
    assert_eq!(claim("Noll fel i årets kontroll."), NoDeviation);
    assert_eq!(claim("0 av 20 fakturor hade fel."), NoDeviation);
    assert_eq!(
        claim("20 av 20 granskade ärenden var korrekta."),
        NoDeviation
    );
    assert_eq!(
        claim("18 av 20 granskade ärenden var korrekta."),
        Deviation(None)
    );
    assert_eq!(
        caret("18 av 20 granskade ärenden var korrekta."),
        "18 av 20 granskade ärenden var korrekta"
    );
    assert_eq!(
        claim("Inga av de granskade fakturorna hade fel."),
        NoDeviation
    );
    // Years and section numbers are not counts.
    assert_eq!(
        claim("Under 2024 har kontrollen 3.1 genomförts."),
        Performed
    );
}

// --- time: future, postponed, started ----------------------------------------------------------

#[test]
fn future_and_postponed() {
    assert_eq!(
        claim("Kontrollen kommer istället att göras i det nya systemstödet under 2025."),
        NotPerformed
    );
    assert_eq!(
        claim("Den årliga genomgången har utgått i år."),
        NotPerformed
    );
    assert_eq!(
        claim("Uppföljningen har skjutits upp till hösten."),
        NotPerformed
    );
    assert_eq!(
        claim("Uppföljningen planeras att genomföras under hösten."),
        NotPerformed
    );
    assert_eq!(
        claim(
            "Förvaltningen kan inte i dagsläget mäta detta men kommer kunna göra detta under 2020."
        ),
        NotPerformed
    );
    // Future words cancel a positive statement: this is a plan, not a result.
    assert_eq!(claim("Kontrollen ska vara utan anmärkning."), NoClaim);
    // "utgått från" = "was based on".
    assert_eq!(
        claim("Kontrollen har utgått från stadens riktlinjer."),
        NoClaim
    );
}

#[test]
fn started_or_partly() {
    assert_eq!(
        claim("Uppföljning påbörjades i oktober."),
        PartlyOrPostponed
    );
    assert_eq!(
        claim("Ny kontroll har inte fullt ut kommit igång ännu."),
        PartlyOrPostponed
    );
    assert_eq!(claim("Kontrollen är delvis genomförd."), PartlyOrPostponed);
    assert_eq!(
        claim("Kontrollerna har genomförts i mindre utsträckning under våren."),
        PartlyOrPostponed
    );
    assert_eq!(
        claim("Ett par av kontrollåtgärderna har inte genomförts."),
        PartlyOrPostponed
    );
    // Spring not done, autumn done: partly.
    assert_eq!(
        claim(
            "En granskning under vårterminen genomfördes därför inte. Granskning av ärenden genomfördes under hösten."
        ),
        PartlyOrPostponed
    );
    // Not an activity of the control: "Alla givna uppdrag … är påbörjade".
    assert_eq!(
        claim("Alla givna uppdrag från nämnden 2019 är påbörjade."),
        NoClaim
    );
}

// --- other years, persisting, fixed ------------------------------------------------------------

#[test]
fn other_periods() {
    assert_eq!(
        claim("Tidigare år fanns brister i rutinen, men i år har inga avvikelser noterats."),
        NoDeviation
    );
    assert_eq!(
        claim("I fjol upptäcktes flera felaktiga utbetalningar."),
        NoClaim
    );
    assert!(matches!(
        claim(
            "Det är noterbart att de brister som identifierades vid föregående rapportering av denna kontroll kvarstår."
        ),
        Deviation(_)
    ));
    assert_eq!(
        claim(
            "Jämfört med tidigare år har kvaliteten förbättrats och inga avvikelser noterades i år."
        ),
        NoDeviation
    );
}

#[test]
fn fixed() {
    assert_eq!(claim("Bristerna har åtgärdats."), NoClaim);
    assert_eq!(claim("Systemfelet är nu åtgärdat."), NoClaim);
    assert!(matches!(
        claim("Tre fel upptäcktes och har rättats till."),
        Deviation(_)
    ));
    assert!(matches!(
        claim("Några smärre fel har rättats."),
        Deviation(Some(Minor))
    ));
    // "inte åtgärdats" is not about something fixed.
    assert!(matches!(
        claim("36 st ärenden som inte är lösta."),
        Deviation(_)
    ));
}

// --- conditions and routine descriptions -------------------------------------------------------

#[test]
fn conditions_are_not_findings() {
    for c in [
        "Om avvikelser upptäcks rapporteras de till närmaste chef.",
        "Vid felaktigheter korrigeras fakturaunderlaget innan betalning sker.",
        "Vid identifierad avvikelse ifrån rutinen sker samtal med handläggaren.",
        "Vid mer omfattande avvikelser upprättas en handlingsplan.",
        "I de fall underlag saknas begärs komplettering.",
        "Rutinen innebär att eventuella brister åtgärdas direkt.",
        "Risken för felaktiga utbetalningar bedöms som låg.",
        "Det är inte ovanligt att fel uppstår vid manuell hantering.",
    ] {
        assert_eq!(claim(c), NoClaim, "{c}");
    }
    // "för att" covers its own clause only.
    assert_eq!(
        claim(
            "Enheten arbetade med material för att genomföra granskning, och en granskning under våren genomfördes därför inte."
        ),
        NotPerformed
    );
}

// --- severity ----------------------------------------------------------------------------------

#[test]
fn severity() {
    assert_eq!(
        claim("Det har identifierats allvarliga brister i avtalsuppfyllnad."),
        Deviation(Some(Major))
    );
    assert_eq!(
        claim("En avvikelse av allvarligare art har identifierats."),
        Deviation(Some(Major))
    );
    assert_eq!(
        claim("Mindre avvikelser noterades."),
        Deviation(Some(Minor))
    );
    assert!(fires(
        Outcome::MinorDeviation,
        "Allvarliga brister identifierades."
    ));
    assert!(fires(
        Outcome::MajorDeviation,
        "Mindre avvikelser noterades."
    ));
    assert!(!fires(
        Outcome::MajorDeviation,
        "Brister noterades i 6 av 40 ärenden."
    ));
}

// --- mixed claims and the priority order -------------------------------------------------------

#[test]
fn mixed_claims() {
    // A result beats "not performed" and "partly".
    assert_eq!(
        claim("Ej genomförd i januari. Genomförd i februari med tre avvikelser."),
        Deviation(None)
    );
    assert_eq!(
        claim(
            "Kontrollen har inte genomförts fullt ut men i de delar som granskats har inga fel hittats."
        ),
        NoDeviation
    );
    // Deviation beats no deviation.
    assert_eq!(
        claim("Två fel noterades men i övrigt fungerar rutinen tillfredsställande."),
        Deviation(None)
    );
    // "Inga avvikelser" in the sentence that says the control was not done is vacuous.
    assert_eq!(
        claim("Inga avvikelser kan rapporteras eftersom kontrollen inte har genomförts."),
        NotPerformed
    );
    // A deviation given as the reason for not doing the control is not a finding.
    assert_eq!(
        claim("Avstämningen har inte kunnat göras då underlag saknas från leverantören."),
        NotPerformed
    );
}

#[test]
fn evidence_for_the_winner_comes_first() {
    let c = "Kontrollen har genomförts. Två avvikelser noterades.";
    let a = analyse(c, lex());
    assert!(matches!(a.claim, Deviation(_)));
    assert_eq!(&c[a.evidence[0].range.clone()], "Två avvikelser");
    assert!(a.evidence.iter().any(|e| e.claim == Performed));
    assert_eq!(a.winning_evidence().count(), 1);
    assert!(!a.evidence[0].phrase.is_empty());
}

// --- contradiction table -----------------------------------------------------------------------

#[test]
fn contradiction_table() {
    let a = |claim| Analysis {
        claim,
        evidence: vec![],
    };
    use Outcome as O;
    let yes = [
        (O::NoDeviation, Deviation(None)),
        (O::NoDeviation, NotPerformed),
        (O::MinorDeviation, NoDeviation),
        (O::MinorDeviation, Deviation(Some(Major))),
        (O::MinorDeviation, NotPerformed),
        (O::MajorDeviation, NoDeviation),
        (O::MajorDeviation, NoMajorDeviation),
        (O::MajorDeviation, Deviation(Some(Minor))),
        (O::MajorDeviation, NotPerformed),
        (O::NotPerformed, NoDeviation),
        (O::NotPerformed, Deviation(None)),
        (O::NotPerformed, Performed),
        // Issue 14: partial or unfinished work has no clean result to report.
        (O::NoDeviation, PartlyOrPostponed),
    ];
    for (o, c) in yes {
        assert!(contradicts(o, &a(c)), "{o:?} {c:?}");
    }
    let no = [
        (O::NoDeviation, NoDeviation),
        (O::NoDeviation, NoMajorDeviation),
        (O::NoDeviation, Performed),
        (O::MinorDeviation, Deviation(None)),
        (O::MinorDeviation, NoMajorDeviation),
        (O::MajorDeviation, Deviation(None)),
        (O::MajorDeviation, PartlyOrPostponed),
        (O::NotPerformed, NotPerformed),
        (O::NotPerformed, PartlyOrPostponed),
        (O::InProgress, NotPerformed),
        (O::InProgress, NoDeviation),
    ];
    for (o, c) in no {
        assert!(!contradicts(o, &a(c)), "{o:?} {c:?}");
    }
    for o in [
        O::NoDeviation,
        O::MinorDeviation,
        O::MajorDeviation,
        O::NotPerformed,
        O::InProgress,
    ] {
        assert!(!contradicts(o, &a(NoClaim)));
    }
}

#[test]
fn suggested_outcomes() {
    let s = |t: &str| suggested_outcome(&analyse(t, lex()));
    assert_eq!(s("Inga avvikelser."), Some(Outcome::NoDeviation));
    assert_eq!(
        s("Mindre avvikelser noterades."),
        Some(Outcome::MinorDeviation)
    );
    assert_eq!(
        s("Allvarliga brister noterades."),
        Some(Outcome::MajorDeviation)
    );
    assert_eq!(s("Ej genomförd."), Some(Outcome::NotPerformed));
    assert_eq!(
        s("Uppföljning påbörjades i oktober."),
        Some(Outcome::InProgress)
    );
    assert_eq!(s("Brister noterades."), None);
    assert_eq!(s("Inga större avvikelser."), None);
    assert_eq!(s("Uppföljning har skett enligt plan."), None);
    assert_eq!(s(""), None);
}

#[test]
fn claim_names_round_trip() {
    for c in [
        NoDeviation,
        NoMajorDeviation,
        Deviation(None),
        Deviation(Some(Minor)),
        Deviation(Some(Major)),
        NotPerformed,
        PartlyOrPostponed,
        Performed,
        NoClaim,
    ] {
        assert_eq!(c.as_str().parse::<Claim>(), Ok(c));
        assert!(!c.sv().is_empty() && !c.en().is_empty());
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            format!("\"{}\"", c.as_str())
        );
    }
    assert!("nonsense".parse::<Claim>().is_err());
}

// --- bad input ---------------------------------------------------------------------------------

#[test]
fn empty_and_blank() {
    for c in ["", " ", "\n\n\t  \r\n", "\u{a0}\u{2003}"] {
        let a = analyse(c, lex());
        assert_eq!(a.claim, NoClaim);
        assert!(a.evidence.is_empty());
    }
}

#[test]
fn english_words_in_comments_are_read() {
    // Issue 14: English wording in Swedish comments ("två issues") and short English
    // comments are read with the same grammar.
    assert_eq!(claim("No deviations were found."), NoDeviation);
    assert_eq!(
        claim("The control was not performed due to staff shortage."),
        NotPerformed
    );
    assert!(matches!(
        claim("Errors were found in 3 of 20 invoices."),
        Deviation(_)
    ));
    assert!(matches!(
        claim("Kontrollen identifierade två issues i attestflödet."),
        Deviation(_)
    ));
    // Other English text stays silent.
    assert_eq!(claim("See the attached report for details."), NoClaim);
}

#[test]
fn numbers_and_bullets() {
    for c in [
        "- 239301-366675\n- SE004017758\n- 361162",
        "\u{f0b7} 91595 \n\n\u{f0b7} 172723",
        "1. \n2. \n3. ",
        "2019-04-30",
        "123 456 789 0 0 0 15 av 94",
        "••• --- *** ;;; ...",
    ] {
        assert_eq!(claim(c), NoClaim, "{c:?}");
    }
    assert_eq!(claim("• Inga avvikelser\n• Rutinen följs"), NoDeviation);
    assert!(matches!(
        claim("• Kontroll T1: inga avvikelser\n• Kontroll T2: 2 avvikelser"),
        Deviation(_)
    ));
}

#[test]
fn odd_unicode_never_panics_and_ranges_are_char_boundaries() {
    for c in [
        "Inga a\u{0308}vvikelser", // decomposed ä
        "\u{0308}\u{0308} fel",    // combining marks with no base
        "ÅÄÖ åäö 🙂 fel upptäcktes 🙂",
        "fel\u{0}upptäcktes",
        "İnga avvikelser", // a letter whose lowercase is longer
    ] {
        let a = analyse(c, lex());
        for e in &a.evidence {
            assert!(c.is_char_boundary(e.range.start) && c.is_char_boundary(e.range.end));
            assert!(e.range.start < e.range.end && e.range.end <= c.len());
        }
    }
}

#[test]
fn long_text_completes() {
    // 100 kB of realistic sentences, and 100 kB of one repeated word: both complete (no timing
    // assertion; the scan is linear) and give an answer.
    let sentence = "Vid kontrollen identifierades fel på 15 av de 94 granskade fakturorna, men inga större avvikelser. ";
    let text = sentence.repeat(100_000 / sentence.len() + 1);
    assert!(text.len() >= 100_000);
    let a = analyse(&text, lex());
    assert!(matches!(a.claim, Deviation(_)));

    let text = "inte ".repeat(20_000);
    assert_eq!(analyse(&text, lex()).claim, NoClaim);

    let text = "avvikelser ".repeat(10_000);
    let _ = analyse(&text, lex());

    let text = "a".repeat(100_000);
    assert_eq!(analyse(&text, lex()).claim, NoClaim);

    let text = ",".repeat(100_000);
    assert_eq!(analyse(&text, lex()).claim, NoClaim);
}

#[test]
fn municipality_extension() {
    let mut lex = Lexicon::swedish();
    assert_eq!(analyse("Avsteg noterades.", &lex).claim, Deviation(None));
    assert_eq!(analyse("Kontrollen föll bort i år.", &lex).claim, NoClaim);
    lex.extend_from_toml(
        "[[rule]]\nclaim = \"not-performed\"\nrequires = \"@ctrl\"\npatterns = [\"föll|fallit bort\"]\n",
    )
    .unwrap();
    assert_eq!(
        analyse("Kontrollen föll bort i år.", &lex).claim,
        NotPerformed
    );
    let e = lex
        .extend_from_toml("[[rule]]\nclaim = \"deviation\"\npatterns = [\"@okänd\"]\n")
        .unwrap_err();
    assert!(e.to_string().contains("@okänd"), "{e}");
}

#[test]
fn explain_texts_cover_both_languages() {
    assert!(EXPLAIN_SV.contains("Ej genomförd") && EXPLAIN_SV.contains("tyst"));
    assert!(EXPLAIN_EN.contains("silent") && EXPLAIN_EN.contains("inga större avvikelser"));
}
