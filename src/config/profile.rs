//! A profile: one municipality's rules of the game (scale, threshold, status words …).
//! Profiles ship in `rules/profiles/*.toml` and are embedded in the binary.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::outcome::Outcome;

/// The profiles built into the binary: (name, TOML text).
pub const BUILTIN_PROFILES: &[(&str, &str)] = &[
    (
        "stockholm",
        include_str!("../../rules/profiles/stockholm.toml"),
    ),
    (
        "fyrgradig",
        include_str!("../../rules/profiles/fyrgradig.toml"),
    ),
];

/// The text of a built-in profile. Names are matched without regard to case
/// (`profil = "Stockholm"`), as a person writes a place name.
pub fn builtin(name: &str) -> Option<&'static str> {
    let wanted = name.trim().to_lowercase();
    BUILTIN_PROFILES
        .iter()
        .find(|(n, _)| *n == wanted)
        .map(|(_, text)| *text)
}

/// The profile used when no `ikp.toml` names one.
pub const DEFAULT_PROFILE: &str = "stockholm";

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Profilens namn.
    #[serde(rename = "namn")]
    pub name: String,
    /// Kort beskrivning av profilen.
    #[serde(rename = "beskrivning", default)]
    pub description: String,
    #[serde(rename = "skala")]
    pub scale: Scale,
    pub ikp: IkpSettings,
    /// Riskmatrisens zoner, från högsta till lägsta.
    #[serde(rename = "zoner")]
    pub zones: Vec<Zone>,
    pub status: StatusSettings,
    #[serde(rename = "kontroll", default)]
    pub control: ControlSettings,
    #[serde(rename = "områden", default)]
    pub areas: AreaSettings,
    #[serde(rename = "oegentligheter", default)]
    pub irregularities: IrregularitySettings,
    #[serde(rename = "uppföljning", default)]
    pub follow_up: FollowUpSettings,
    #[serde(default)]
    pub plan: PlanSettings,
    #[serde(rename = "kommentarer", default)]
    pub comments: CommentSettings,
    /// Hur arbetsböcker (.xlsx, .ods …) läses.
    #[serde(default)]
    pub excel: ExcelSettings,
}

/// Hur arbetsböcker läses: kommunens egna kolumnrubriker utöver de inbyggda.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExcelSettings {
    /// Egna kolumnrubriker och fältet de motsvarar, till exempel
    /// `"Vad kan hända" = "händelse"` eller `"Kontrollant" = "ansvarig"`.
    #[serde(default)]
    pub kolumner: BTreeMap<String, String>,
}

/// Risk scale: the names of the levels, lowest first. The number of names is the scale's size.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Sannolikhetens nivåer, lägsta först (`["Osannolikt", …]`).
    #[serde(rename = "sannolikhet")]
    pub likelihood: Vec<String>,
    /// Konsekvensens nivåer, lägsta först.
    #[serde(rename = "konsekvens")]
    pub consequence: Vec<String>,
}

impl Scale {
    pub fn max_likelihood(&self) -> i64 {
        i64::try_from(self.likelihood.len()).unwrap_or(i64::MAX)
    }

    pub fn max_consequence(&self) -> i64 {
        i64::try_from(self.consequence.len()).unwrap_or(i64::MAX)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IkpSettings {
    /// Risker med riskvärde på eller över tröskeln ska tas med i internkontrollplanen.
    #[serde(rename = "tröskel")]
    pub threshold: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Zonens namn, som i dokumentens riskmatris (`Kritisk`, `Medium`, `Låg`).
    #[serde(rename = "namn")]
    pub name: String,
    /// Lägsta riskvärde i zonen.
    pub min_rv: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusSettings {
    /// Statusord och deras betydelse.
    #[serde(rename = "ord")]
    pub words: BTreeMap<String, Outcome>,
    /// Det statusord som föreslås för varje betydelse, när ikp föreslår en status
    /// (`"ingen-avvikelse" = "Inga avvikelser"`).
    #[serde(rename = "förval", default)]
    pub preferred: BTreeMap<Outcome, String>,
    /// Statusord som betyder att en åtgärd pågår.
    #[serde(rename = "åtgärd_pågående", default)]
    pub action_open: Vec<String>,
    /// Statusord som betyder att en åtgärd är avslutad.
    #[serde(rename = "åtgärd_avslutad", default)]
    pub action_closed: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlSettings {
    /// Fält som varje kontroll ska ha: frekvens, ansvarig, rapporteras_till, tidpunkt, metod,
    /// systematisk_kontroll, kontrollaktivitet, process, arbetssätt.
    #[serde(rename = "obligatoriska_fält", default)]
    pub required_fields: Vec<ControlField>,
}

// An enum rather than free text, so that a misspelt field name in a profile or `ikp.toml` is
// a configuration error instead of a requirement that silently never fires.
/// Ett fält som kommunen kan kräva att varje kontroll har (IKP009).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum ControlField {
    /// Hur ofta kontrollen görs.
    #[serde(rename = "frekvens")]
    Frequency,
    /// Vem som ansvarar för kontrollen.
    #[serde(rename = "ansvarig")]
    Responsible,
    /// Till vem resultatet rapporteras.
    #[serde(rename = "rapporteras_till")]
    ReportedTo,
    /// När resultatet rapporteras.
    #[serde(rename = "tidpunkt")]
    ReportingTime,
    /// Metod för kontrollen.
    #[serde(rename = "metod")]
    Method,
    /// Den systematiska (löpande) kontrollen.
    #[serde(rename = "systematisk_kontroll")]
    SystematicControl,
    /// Kontrollaktiviteten (kontrollmomentet).
    #[serde(rename = "kontrollaktivitet")]
    ControlActivity,
    /// Processen.
    #[serde(rename = "process")]
    Process,
    /// Arbetssättet.
    #[serde(rename = "arbetssätt")]
    WorkingMethod,
}

impl ControlField {
    /// The field's name as written in the documents.
    pub fn key(self) -> &'static str {
        match self {
            ControlField::Frequency => "frekvens",
            ControlField::Responsible => "ansvarig",
            ControlField::ReportedTo => "rapporteras_till",
            ControlField::ReportingTime => "tidpunkt",
            ControlField::Method => "metod",
            ControlField::SystematicControl => "systematisk_kontroll",
            ControlField::ControlActivity => "kontrollaktivitet",
            ControlField::Process => "process",
            ControlField::WorkingMethod => "arbetssätt",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaSettings {
    /// Delområden som planen måste ha minst en risk inom.
    #[serde(rename = "obligatoriska", default)]
    pub required: Vec<String>,
    /// Andra namn som räknas som ett delområde (`"Verksamhetsspecifik" = "Verksamhet"`).
    #[serde(default)]
    pub alias: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IrregularitySettings {
    /// Ord (eller ordstammar) som visar att en risk gäller oegentligheter.
    #[serde(rename = "ord", default)]
    pub words: Vec<String>,
    /// Första planår som kravet gäller (KL 6 kap. 6 § i lydelse från 2025). Utan värde gäller
    /// kravet alla år.
    #[serde(rename = "från_år", default)]
    pub from_year: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpSettings {
    /// Avsnitt på dokumentnivå som inte får saknas eller vara tomma (IKP109): `slutsatser`,
    /// `åtgärder`, `analys`.
    #[serde(rename = "obligatoriska_avsnitt", default)]
    pub required_sections: Vec<Section>,
    /// Måste varje uppföljningstillfälle ha ett datum eller slutdatum (IKP112)?
    #[serde(rename = "kräv_datum", default)]
    pub require_date: bool,
    /// Hur många dagar efter årets slut ett tillfälles datum eller slutdatum får ligga (IKP112).
    /// Verksamhetsberättelsen skrivs efter årsskiftet; 31 godtar januari året därpå.
    #[serde(rename = "dagar_efter_året", default = "default_days_after_year")]
    pub days_after_year: u32,
    /// Utfall som kräver en kommentar som beskriver resultatet (IKP107), till exempel
    /// `mindre-avvikelse`, `större-avvikelse`, `ej-genomförd`.
    #[serde(rename = "kräv_kommentar", default = "default_require_comment")]
    pub require_comment: Vec<Outcome>,
    /// Rubriker i kommentarer vars text beskriver resultatet ("Beskrivning av resultat").
    #[serde(rename = "beskrivningsrubriker", default)]
    pub description_headings: Vec<String>,
    /// Rubriker i kommentarer vars text gäller åtgärder och därför inte beskriver resultatet
    /// ("Vidtagna åtgärder").
    #[serde(rename = "åtgärdsrubriker", default)]
    pub action_headings: Vec<String>,
    /// Kortare kommentarer än så här många tecken (efter att blanktecken slagits ihop) jämförs
    /// inte som kopior (IKP108): korta standardsvar som "Inga avvikelser." får upprepas.
    #[serde(rename = "min_längd_kopia", default = "default_min_copy_length")]
    pub min_copy_length: usize,
    /// Årets uppföljningstillfällen i ordning (`T1`, `T2`, `VB`); `ikp ny uppföljning` skriver
    /// ett tomt tillfälle per period för varje kontroll.
    #[serde(rename = "perioder", default = "default_periods")]
    pub periods: Vec<String>,
}

impl Default for FollowUpSettings {
    fn default() -> Self {
        FollowUpSettings {
            required_sections: Vec::new(),
            require_date: false,
            days_after_year: default_days_after_year(),
            require_comment: default_require_comment(),
            description_headings: Vec::new(),
            action_headings: Vec::new(),
            min_copy_length: default_min_copy_length(),
            periods: default_periods(),
        }
    }
}

fn default_periods() -> Vec<String> {
    vec!["T1".into(), "T2".into(), "VB".into()]
}

fn default_days_after_year() -> u32 {
    31
}

fn default_require_comment() -> Vec<Outcome> {
    vec![
        Outcome::MinorDeviation,
        Outcome::MajorDeviation,
        Outcome::NotPerformed,
    ]
}

fn default_min_copy_length() -> usize {
    60
}

/// A document-level section of a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Section {
    /// Avsnittet "Slutsatser av uppföljning" (`slutsatser`).
    #[serde(rename = "slutsatser")]
    Conclusions,
    /// Avsnittet "Åtgärder" (`åtgärder`).
    #[serde(rename = "åtgärder")]
    Actions,
    /// Analysen som motiverar bedömningen (`analys`).
    #[serde(rename = "analys")]
    Analysis,
}

impl Section {
    /// The key of the section in a follow-up document.
    pub fn key(self) -> &'static str {
        match self {
            Section::Conclusions => "slutsatser",
            Section::Actions => "åtgärder",
            Section::Analysis => "analys",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanSettings {
    /// Måste planen ha ett fastställandedatum före årets början?
    #[serde(rename = "kräv_fastställd", default = "yes")]
    pub require_adopted: bool,
    /// Hur stor del (0–1) av en KS-punkts rubrik som måste återfinnas i en kontrolls eller
    /// risks text för att IKP011 ska föreslå den som trolig träff. Andelen räknas på rubrikens
    /// ord, viktade efter längd, så att korta ord som "och" och "i" väger lite.
    #[serde(rename = "ks_likhet", default = "default_ks_similarity")]
    pub ks_similarity: f64,
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            require_adopted: true,
            ks_similarity: default_ks_similarity(),
        }
    }
}

fn yes() -> bool {
    true
}

fn default_ks_similarity() -> f64 {
    0.6
}

/// Kommunens egna fraser för kommentarsanalysen (IKP102), utöver den inbyggda ordlistan.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentSettings {
    /// Extra fraser som betyder att kontrollen inte genomförts.
    #[serde(rename = "ej_genomförd", default)]
    pub not_performed: Vec<String>,
    /// Extra fraser som betyder att avvikelser hittats.
    #[serde(rename = "avvikelse", default)]
    pub deviation: Vec<String>,
    /// Extra fraser som betyder att inga avvikelser hittats.
    #[serde(rename = "ingen_avvikelse", default)]
    pub no_deviation: Vec<String>,
}

impl Profile {
    /// The canonical outcome of a status word, compared case-insensitively and ignoring
    /// surrounding white space.
    pub fn outcome_of(&self, status: &str) -> Option<Outcome> {
        let wanted = normalize_word(status);
        self.status
            .words
            .iter()
            .find(|(word, _)| normalize_word(word) == wanted)
            .map(|(_, outcome)| *outcome)
    }

    pub fn action_is_closed(&self, status: &str) -> Option<bool> {
        let wanted = normalize_word(status);
        if self
            .status
            .action_closed
            .iter()
            .any(|w| normalize_word(w) == wanted)
        {
            Some(true)
        } else if self
            .status
            .action_open
            .iter()
            .any(|w| normalize_word(w) == wanted)
        {
            Some(false)
        } else {
            None
        }
    }

    /// The zone a risk value falls in.
    pub fn zone_of(&self, rv: i64) -> Option<&Zone> {
        self.zones.iter().find(|z| rv >= z.min_rv)
    }

    /// The canonical area name of a written area (through the aliases), case-insensitive.
    pub fn canonical_area(&self, area: &str) -> String {
        let wanted = normalize_word(area);
        self.areas
            .alias
            .iter()
            .find(|(alias, _)| normalize_word(alias) == wanted)
            .map(|(_, canonical)| normalize_word(canonical))
            .unwrap_or(wanted)
    }
}

/// Lowercase with inner white space collapsed.
pub fn normalize_word(word: &str) -> String {
    word.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
