//! `typ: ks-punkter` — the control points kommunstyrelsen makes mandatory for every nämnd.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::lenient::{Vocabulary, lenient_enum};
use super::{Id, Spanned};

/// Kommungemensamma (KS-gemensamma) kontrollpunkter som alla nämnder ska ha med i sin plan ett visst år.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "KS-gemensamma kontrollpunkter")]
pub struct KsPoints {
    /// Dokumenttyp. Alltid `ks-punkter`.
    pub typ: KsTyp,
    /// Kommunen som beslutet gäller.
    #[serde(rename = "kommun")]
    pub municipality: Spanned<String>,
    /// Året som punkterna gäller.
    #[serde(rename = "år")]
    pub year: Spanned<i64>,
    /// Kommunstyrelsens beslut (datum, diarienummer) som punkterna bygger på.
    #[serde(rename = "beslut", default)]
    pub decision: Option<Spanned<String>>,
    /// Anmärkning om dokumentet, till exempel att det är ett illustrativt exempel.
    #[serde(default, rename = "anmärkning")]
    pub note: Option<Spanned<String>>,
    /// Kontrollpunkterna.
    #[serde(rename = "punkter", default)]
    pub points: Vec<Spanned<KsPoint>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum KsTyp {
    #[serde(rename = "ks-punkter")]
    KsPunkter,
}

pub(crate) static KS_TYP: Vocabulary<KsTyp> = Vocabulary {
    shown: &["ks-punkter"],
    words: &[("ks-punkter", KsTyp::KsPunkter)],
};

lenient_enum!(
    KsTyp,
    KS_TYP,
    "KsTyp",
    "Dokumenttyp: `ks-punkter` (stora eller små bokstäver: `KS-punkter`).",
    None
);

/// En kontrollpunkt som alla nämnder ska ha med.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KsPoint {
    /// Punktens beteckning; en kontroll i planen hänvisar till den med `ks_punkt`.
    pub id: Spanned<Id>,
    /// Punktens rubrik, till exempel `Inköp och avtalstrohet`.
    #[serde(rename = "titel")]
    pub title: Spanned<String>,
    /// Vad punkten innebär.
    #[serde(rename = "beskrivning", default)]
    pub description: Option<Spanned<String>>,
}
