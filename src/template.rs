//! Templates for `ikp ny`: a commented YAML document of each kind with every field, the
//! `# yaml-language-server: $schema=` line first, and empty values where the author writes.
//! An empty value is YAML's null, which ikp reads as "not given": an unfilled template checks
//! with findings that say what to fill in, never with a syntax error.
//!
//! Pure text generation: the CLI finds the profile, the plan and the schema path, and writes.

use crate::config::Profile;
use crate::model::{DocKind, Plan};

/// What a template is made from.
pub struct TemplateInput<'a> {
    pub kind: DocKind,
    pub profile: &'a Profile,
    /// The `$schema=` target: a path relative to the new file, or a file name to create.
    pub schema: SchemaRef,
    /// For a follow-up: the plan it follows up, and its path relative to the new file.
    pub plan: Option<(&'a Plan, String)>,
    /// The year to fill in when no plan gives it.
    pub year: i64,
}

/// Where the editor finds the schema.
pub enum SchemaRef {
    /// The repository's `schemas/…` file, relative to the new document.
    Relative(String),
    /// No schema file nearby: the line names a file beside the document, and a comment says
    /// how `ikp schema` makes it (ikp never points to a URL: it works offline).
    Beside(String),
}

/// The template's text.
pub fn render(input: &TemplateInput<'_>) -> String {
    let mut out = String::new();
    match &input.schema {
        SchemaRef::Relative(path) => {
            out.push_str(&format!("# yaml-language-server: $schema={path}\n"));
        }
        SchemaRef::Beside(file) => {
            out.push_str(&format!("# yaml-language-server: $schema={file}\n"));
            out.push_str(&format!(
                "# Schemat för redigeraren (hjälptexter, kontroll medan du skriver): `ikp schema {} > {file}`\n",
                input.kind.typ()
            ));
        }
    }
    match input.kind {
        DocKind::Plan => plan(&mut out, input),
        DocKind::FollowUp => follow_up(&mut out, input),
        DocKind::KsPoints => ks_points(&mut out, input),
    }
    out
}

fn plan(out: &mut String, input: &TemplateInput<'_>) {
    let p = input.profile;
    let scale = |levels: &[String]| {
        levels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} {l}", i + 1))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let zones: Vec<String> = p.zones.iter().map(|z| z.name.clone()).collect();
    out.push_str(&format!(
        "\
# Väsentlighets- och riskanalys (VoR) med internkontrollplan. Skapad med `ikp ny plan`.
# Fyll i värdena efter kolon och kontrollera med `ikp check`. Ett tomt värde räknas som inte ifyllt.
# Profil: {name} — skala 1–{s} × 1–{k}; risker med riskvärde {t} eller mer ska tas med i planen.
typ: plan
# Kommunen, till exempel Uppsala.
kommun:
# Nämnden som planen gäller.
nämnd:
# Verksamhetsåret som planen gäller.
år: {year}
# Datum då nämnden fastställde planen, ÅÅÅÅ-MM-DD (före årets början).
fastställd:
# Varifrån uppgifterna kommer: beslut, diarienummer.
källa:
# Riskmatrisens summering som den är tryckt: totalt antal risker och antal per zon
# ({zones}). Utelämna om dokumentet inte har någon.
riskmatris:
# Kommunfullmäktiges mål som riskerna hör till: `- nr: \"3.1\"` och `text: …`.
mål: []
# Riskerna (de oönskade händelserna). Kopiera blocket för varje risk.
risker:
  - nr: 1
    # Numret på KF-målet (se mål).
    mål:
    # Processen och arbetssättet där risken finns.
    process:
    arbetssätt:
    # Delområde, till exempel Ekonomi eller Personal.
    område:
    # Den oönskade händelsen.
    händelse:
    # Sannolikhet: {ls}.
    sannolikhet:
    # Konsekvens: {cs}.
    konsekvens:
    # Riskvärde = sannolikhet × konsekvens.
    riskvärde:
    # Tas risken med i internkontrollplanen? ja, eller nej (\"Nej, endast VoR\").
    ikp:
    # Motivering när en risk med riskvärde {t} eller mer lämnas utanför planen.
    motivering:
# Kontrollerna i internkontrollplanen. Kopiera blocket för varje kontroll.
kontroller:
  - id: K1
    # Numren på riskerna som kontrollen hanterar, till exempel [1, 4].
    risker: [1]
    process:
    arbetssätt:
    # Den löpande kontrollen som är inbyggd i rutinen.
    systematisk_kontroll:
    # Hur nämnden prövar att kontrollen fungerar (kontrollmomentet).
    kontrollaktivitet:
    # Hur ofta, till exempel Tertialvis.
    frekvens:
    # Vem som ansvarar för att kontrollen görs.
    ansvarig:
    # Till vem och när resultatet rapporteras, till exempel Nämnden, T1, T2, VB.
    rapporteras_till:
    tidpunkt:
    # Stickprov, rapport, genomgång …
    metod:
    # Den KS-gemensamma kontrollpunkt som kontrollen genomför, om någon (till exempel KS1).
    ks_punkt:
# Undantag från en regel, med motivering: `- regel: IKP013`, `motivering: …`,
# `beslutad_av: …`, `datum: ÅÅÅÅ-MM-DD`.
undantag: []
",
        name = p.name,
        s = p.scale.likelihood.len(),
        k = p.scale.consequence.len(),
        t = p.ikp.threshold,
        year = input.year,
        zones = zones.join(", "),
        ls = scale(&p.scale.likelihood),
        cs = scale(&p.scale.consequence),
    ));
}

fn follow_up(out: &mut String, input: &TemplateInput<'_>) {
    let p = input.profile;
    let statuses = status_words(p);
    let (municipality, committee, year, plan_path) = match &input.plan {
        Some((plan, path)) => (
            plan.municipality.as_ref().map(|m| quoted(&m.value)),
            Some(quoted(&plan.committee.value)),
            plan.year.value,
            Some(quoted(path)),
        ),
        None => (None, None, input.year, None),
    };
    let field = |value: Option<String>| value.map(|v| format!(" {v}")).unwrap_or_default();
    out.push_str(&format!(
        "\
# Uppföljning av internkontrollplanen. Skapad med `ikp ny uppföljning`.
# Fyll i status och kommentar för varje kontroll och tillfälle; kontrollera med `ikp check`.
# Statusord (profil {name}): {statuses}.
typ: uppföljning
kommun:{municipality}
nämnd:{committee}
år: {year}
# Planen som följs upp (sökväg från denna fil).
plan:{plan_path}
# Varifrån uppgifterna kommer: dokument, diarienummer.
källa:
# Nämndens samlade bedömning: tillräcklig eller ej tillräcklig.
bedömning:
# Analysen som motiverar bedömningen.
analys:
# Det antal kontrollaktiviteter som dokumentet uppger (utelämna om det inte står något).
antal_kontrollaktiviteter:
",
        name = p.name,
        municipality = field(municipality),
        committee = field(committee),
        plan_path = field(plan_path),
    ));
    out.push_str("# De uppföljda kontrollerna, med ett tillfälle per period.\nkontroller:\n");
    let controls: Vec<(String, Option<String>)> = match &input.plan {
        Some((plan, _)) if !plan.controls.is_empty() => plan
            .controls
            .iter()
            .map(|c| {
                (
                    c.id.value.to_string(),
                    c.control_activity
                        .as_ref()
                        .or(c.systematic_control.as_ref())
                        .map(|a| a.value.clone()),
                )
            })
            .collect(),
        _ => vec![("K1".to_string(), None)],
    };
    for (id, activity) in controls {
        out.push_str(&format!("  - kontroll: {}\n", quoted(&id)));
        if let Some(activity) = activity {
            out.push_str(&format!("    # {}\n", one_line(&activity)));
        }
        out.push_str("    tillfällen:\n");
        let periods: Vec<&str> = if p.follow_up.periods.is_empty() {
            vec!["T1"]
        } else {
            p.follow_up.periods.iter().map(String::as_str).collect()
        };
        for period in periods {
            out.push_str(&format!(
                "      - period: {}\n        datum:\n        status:\n        kommentar:\n        ansvarig:\n        slutdatum:\n        # Vid avvikelse: `- åtgärd: …`, `status: …`, `ansvarig: …`, `slutdatum: …`.\n        åtgärder: []\n",
                quoted(period)
            ));
        }
    }
    out.push_str(
        "\
# Avsnittet \"Slutsatser av uppföljning\".
slutsatser:
# Avsnittet \"Åtgärder\" för hela uppföljningen.
åtgärder:
# Undantag från en regel, med motivering: `- regel: IKP110`, `motivering: …`.
undantag: []
",
    );
}

fn ks_points(out: &mut String, input: &TemplateInput<'_>) {
    out.push_str(&format!(
        "\
# Kommunstyrelsens kommungemensamma kontrollpunkter för året. Skapad med `ikp ny ks-punkter`.
# Varje nämnds plan hänvisar till en punkt med `ks_punkt: KS1` på den kontroll som genomför den.
typ: ks-punkter
kommun:
år: {year}
# Kommunstyrelsens beslut: datum och diarienummer.
beslut:
# Anmärkning om dokumentet.
anmärkning:
# Kontrollpunkterna. Kopiera blocket för varje punkt.
punkter:
  - id: KS1
    # Punktens rubrik, till exempel Inköp och avtalstrohet.
    titel:
    # Vad punkten innebär.
    beskrivning:
",
        year = input.year
    ));
}

/// The profile's preferred status words, or else all of them.
fn status_words(p: &Profile) -> String {
    let mut words: Vec<&str> = p.status.preferred.values().map(String::as_str).collect();
    if words.is_empty() {
        words = p.status.words.keys().map(String::as_str).collect();
    }
    words.join(", ")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A YAML double-quoted scalar: document text can never become YAML syntax.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn input(kind: DocKind, profile: &Profile) -> TemplateInput<'_> {
        TemplateInput {
            kind,
            profile,
            schema: SchemaRef::Relative("../schemas/x.schema.json".into()),
            plan: None,
            year: 2026,
        }
    }

    #[test]
    fn every_template_parses_as_its_kind() {
        let config = Config::builtin_default().unwrap();
        for kind in DocKind::ALL {
            // The identity fields are all a person must fill in for the document to load.
            let text = render(&input(kind, &config.profile))
                .replacen("\nkommun:\n", "\nkommun: Uppsala\n", 1)
                .replacen("\nnämnd:\n", "\nnämnd: Kulturnämnden\n", 1)
                .replacen("\n    titel:\n", "\n    titel: Inköp\n", 1);
            assert!(text.starts_with("# yaml-language-server: $schema=../schemas/x.schema.json\n"));
            let report = crate::engine::check_sources(
                vec![(std::path::PathBuf::from("t.yaml"), text.clone())],
                None,
            )
            .unwrap();
            assert_eq!(report.documents.len(), 1, "{kind}: {text}");
            assert_eq!(report.documents[0].doc.kind(), kind);
            assert!(
                report.findings.iter().all(|f| !f.rule.starts_with("IKP9")),
                "{kind}: {:?}",
                report.findings
            );
        }
    }

    #[test]
    fn quoting_keeps_document_text_a_string() {
        assert_eq!(quoted("a \"b\" #c: d"), "\"a \\\"b\\\" #c: d\"");
    }
}
