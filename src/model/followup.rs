//! `typ: uppföljning` — the follow-up of one year's internal-control plan.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::lenient::{Vocabulary, lenient_enum};
use super::{Date, Exemption, Id, Spanned};

/// Uppföljning av en nämnds internkontrollplan för ett år.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Uppföljning av internkontrollplan")]
pub struct FollowUp {
    /// Dokumenttyp. Alltid `uppföljning`.
    pub typ: FollowUpTyp,
    /// Kommunen, till exempel `Stockholm`.
    #[serde(rename = "kommun", default)]
    pub municipality: Option<Spanned<String>>,
    /// Nämnden som uppföljningen gäller.
    #[serde(rename = "nämnd")]
    pub committee: Spanned<String>,
    /// Året vars internkontrollplan följs upp.
    #[serde(rename = "år")]
    pub year: Spanned<i64>,
    /// Sökväg (relativ till denna fil) till planen som följs upp, om den finns som fil.
    #[serde(default)]
    pub plan: Option<Spanned<String>>,
    /// Källa: varifrån uppgifterna är hämtade (dokument, diarienummer).
    #[serde(rename = "källa", default)]
    pub source: Option<Spanned<String>>,
    /// Nämndens samlade bedömning av den interna kontrollen.
    #[serde(default, rename = "bedömning")]
    pub judgement: Option<Spanned<Judgement>>,
    /// Analysen som motiverar bedömningen.
    #[serde(rename = "analys", default)]
    pub analysis: Option<Spanned<String>>,
    /// Kommunfullmäktiges mål som de uppföljda kontrollerna hör till.
    #[serde(default, rename = "mål")]
    pub goals: Vec<Spanned<super::Goal>>,
    /// Det antal kontrollaktiviteter som dokumentet uppger ("21 kontrollaktiviteter").
    #[serde(rename = "antal_kontrollaktiviteter", default)]
    pub declared_activities: Option<Spanned<i64>>,
    /// De uppföljda kontrollerna.
    #[serde(rename = "kontroller", default)]
    pub controls: Vec<Spanned<FollowedUpControl>>,
    /// Avsnittet "Slutsatser av uppföljning".
    #[serde(rename = "slutsatser", default)]
    pub conclusions: Option<Spanned<String>>,
    /// Avsnittet "Åtgärder" på dokumentnivå.
    #[serde(default, rename = "åtgärder")]
    pub actions: Option<Spanned<String>>,
    /// Undantag från regler som gäller hela dokumentet.
    #[serde(rename = "undantag", default)]
    pub exemptions: Vec<Spanned<Exemption>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FollowUpTyp {
    #[serde(rename = "uppföljning")]
    Uppfoljning,
}

pub(crate) static FOLLOW_UP_TYP: Vocabulary<FollowUpTyp> = Vocabulary {
    shown: &["uppföljning"],
    words: &[("uppföljning", FollowUpTyp::Uppfoljning)],
};

lenient_enum!(
    FollowUpTyp,
    FOLLOW_UP_TYP,
    "FollowUpTyp",
    "Dokumenttyp: `uppföljning` (stora eller små bokstäver, med eller utan prickar: `uppfoljning`).",
    None
);

/// Nämndens bedömning av den interna kontrollen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Judgement {
    /// Den interna kontrollen har varit tillräcklig.
    #[serde(rename = "tillräcklig")]
    Sufficient,
    /// Den interna kontrollen har inte varit tillräcklig ("ej tillräcklig", "inte helt tillräcklig").
    #[serde(rename = "ej tillräcklig")]
    Insufficient,
}

/// The judgement as the follow-ups write it. "Inte helt tillräcklig" is not sufficient: the
/// nämnd says the control fell short.
pub static JUDGEMENT: Vocabulary<Judgement> = Vocabulary {
    shown: &[
        "Tillräcklig",
        "Ej tillräcklig",
        "Inte tillräcklig",
        "Inte helt tillräcklig",
        "Otillräcklig",
    ],
    words: &[
        ("tillräcklig", Judgement::Sufficient),
        ("ej tillräcklig", Judgement::Insufficient),
        ("inte tillräcklig", Judgement::Insufficient),
        ("inte helt tillräcklig", Judgement::Insufficient),
        ("ej helt tillräcklig", Judgement::Insufficient),
        ("otillräcklig", Judgement::Insufficient),
    ],
};

lenient_enum!(
    Judgement,
    JUDGEMENT,
    "Judgement",
    "Nämndens bedömning av den interna kontrollen: `Tillräcklig`, eller `Ej tillräcklig` / `Inte tillräcklig` / `Inte helt tillräcklig` / `Otillräcklig`. Stora eller små bokstäver.",
    None
);

/// En kontroll som följs upp.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowedUpControl {
    /// Beteckningen på kontrollen i planen (`id` där). Utelämnas när planen inte finns som fil;
    /// då identifieras kontrollen av process och kontrollaktivitet.
    #[serde(rename = "kontroll", default)]
    pub control: Option<Spanned<Id>>,
    /// Numret på KF-målet.
    #[serde(default, rename = "mål")]
    pub goal: Option<Spanned<Id>>,
    /// Delområde eller kategori, till exempel `Ekonomi`.
    #[serde(default, rename = "område")]
    pub area: Option<Spanned<String>>,
    /// Processen.
    #[serde(default)]
    pub process: Option<Spanned<String>>,
    /// Arbetssättet.
    #[serde(default, rename = "arbetssätt")]
    pub working_method: Option<Spanned<String>>,
    /// Den systematiska (löpande) kontrollen.
    #[serde(rename = "systematisk_kontroll", default)]
    pub systematic_control: Option<Spanned<String>>,
    /// Kontrollaktiviteten (kontrollmomentet).
    #[serde(rename = "kontrollaktivitet", default)]
    pub control_activity: Option<Spanned<String>>,
    /// Den oönskade händelse som kontrollen gäller.
    #[serde(default, rename = "händelse")]
    pub event: Option<Spanned<String>>,
    /// Metod för kontrollen.
    #[serde(rename = "metod", default)]
    pub method: Option<Spanned<String>>,
    /// Uppföljningstillfällena (T1, T2, VB eller datum).
    #[serde(default, rename = "tillfällen")]
    pub occasions: Vec<Spanned<Occasion>>,
    /// Undantag från regler för just denna kontroll.
    #[serde(rename = "undantag", default)]
    pub exemptions: Vec<Spanned<Exemption>>,
}

/// Ett uppföljningstillfälle.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Occasion {
    /// Perioden: `T1`, `T2`, `VB` eller annan benämning ("tillfälle 1").
    #[serde(default)]
    pub period: Option<Spanned<String>>,
    /// Datum för uppföljningen.
    #[serde(rename = "datum", default)]
    pub date: Option<Spanned<Date>>,
    /// Status enligt kommunens statusord, till exempel `Inga avvikelser`.
    #[serde(default)]
    pub status: Option<Spanned<String>>,
    /// Kommentar, analys eller "beskrivning och resultat av kontrollaktivitet".
    #[serde(rename = "kommentar", default)]
    pub comment: Option<Spanned<String>>,
    /// Vem som ansvarar.
    #[serde(rename = "ansvarig", default)]
    pub responsible: Option<Spanned<String>>,
    /// Slutdatum.
    #[serde(rename = "slutdatum", default)]
    pub end_date: Option<Spanned<Date>>,
    /// Åtgärder med anledning av avvikelser.
    #[serde(default, rename = "åtgärder")]
    pub actions: Vec<Spanned<Action>>,
    /// Undantag från regler för just detta tillfälle.
    #[serde(rename = "undantag", default)]
    pub exemptions: Vec<Spanned<Exemption>>,
}

/// En åtgärd med anledning av en avvikelse.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Vad som ska göras eller har gjorts.
    #[serde(default, rename = "åtgärd")]
    pub text: Option<Spanned<String>>,
    /// Kommentar eller analys av åtgärden.
    #[serde(default, rename = "kommentar")]
    pub comment: Option<Spanned<String>>,
    /// Åtgärdens status, till exempel `Pågående` eller `Avslutad`.
    #[serde(default)]
    pub status: Option<Spanned<String>>,
    /// Vem som ansvarar för åtgärden.
    #[serde(rename = "ansvarig", default)]
    pub responsible: Option<Spanned<String>>,
    /// När åtgärden ska vara klar.
    #[serde(rename = "slutdatum", default)]
    pub end_date: Option<Spanned<Date>>,
}
