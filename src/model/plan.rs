//! `typ: plan` — the nämnd's risk register (väsentlighets- och riskanalys, VoR) and its
//! internal-control plan (internkontrollplan, IKP) for one year.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::lenient::{Vocabulary, lenient_enum};
use super::{Date, Exemption, Id, Spanned};

/// Väsentlighets- och riskanalys (VoR) och internkontrollplan (IKP) för en nämnd och ett år.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Plan: väsentlighets- och riskanalys och internkontrollplan")]
pub struct Plan {
    /// Dokumenttyp. Alltid `plan` för en VoR/internkontrollplan.
    pub typ: PlanTyp,
    /// Kommunen, till exempel `Stockholm`.
    #[serde(rename = "kommun", default)]
    pub municipality: Option<Spanned<String>>,
    /// Nämnden som planen gäller, till exempel `Servicenämnden`.
    #[serde(rename = "nämnd")]
    pub committee: Spanned<String>,
    /// Året som planen gäller (verksamhetsåret), till exempel 2025.
    #[serde(rename = "år")]
    pub year: Spanned<i64>,
    /// Datum då nämnden fastställde planen (ÅÅÅÅ-MM-DD).
    #[serde(default, rename = "fastställd")]
    pub adopted: Option<Spanned<Date>>,
    /// Källa: varifrån uppgifterna är hämtade (dokument, diarienummer).
    #[serde(rename = "källa", default)]
    pub source: Option<Spanned<String>>,
    /// Riskmatrisens summering så som den är tryckt i dokumentet (antal per zon och totalt).
    #[serde(rename = "riskmatris", default)]
    pub matrix: Option<Spanned<DeclaredMatrix>>,
    /// Kommunfullmäktiges mål för verksamhetsområdet som riskerna hör till.
    #[serde(default, rename = "mål")]
    pub goals: Vec<Spanned<Goal>>,
    /// Riskerna (de oönskade händelserna) i väsentlighets- och riskanalysen.
    #[serde(rename = "risker", default)]
    pub risks: Vec<Spanned<Risk>>,
    /// Kontrollerna i internkontrollplanen.
    #[serde(rename = "kontroller", default)]
    pub controls: Vec<Spanned<Control>>,
    /// Undantag från regler som gäller hela dokumentet.
    #[serde(rename = "undantag", default)]
    pub exemptions: Vec<Spanned<Exemption>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PlanTyp {
    #[serde(rename = "plan")]
    Plan,
}

pub(crate) static PLAN_TYP: Vocabulary<PlanTyp> = Vocabulary {
    shown: &["plan"],
    words: &[("plan", PlanTyp::Plan)],
};

lenient_enum!(
    PlanTyp,
    PLAN_TYP,
    "PlanTyp",
    "Dokumenttyp: `plan` (stora eller små bokstäver).",
    None
);

/// Riskmatrisens summering så som den är tryckt.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclaredMatrix {
    /// Det tryckta totala antalet risker ("Totalt: 69").
    #[serde(rename = "totalt", default)]
    pub total: Option<Spanned<i64>>,
    /// Det tryckta antalet risker per zon, med zonens namn som nyckel (`Kritisk`, `Medium`, `Låg`).
    #[serde(rename = "zoner", default)]
    pub zones: BTreeMap<String, Spanned<i64>>,
}

/// Ett av kommunfullmäktiges mål för verksamhetsområdet.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Målets nummer, till exempel `3.1`.
    pub nr: Spanned<Id>,
    /// Målets lydelse.
    #[serde(default)]
    pub text: Option<Spanned<String>>,
}

/// En risk (oönskad händelse) i väsentlighets- och riskanalysen.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// Riskens nummer i registret.
    pub nr: Spanned<i64>,
    /// Numret på KF-målet som risken hör till (se `mål`).
    #[serde(default, rename = "mål")]
    pub goal: Option<Spanned<Id>>,
    /// Processen där risken finns.
    #[serde(default)]
    pub process: Option<Spanned<String>>,
    /// Arbetssättet inom processen.
    #[serde(default, rename = "arbetssätt")]
    pub working_method: Option<Spanned<String>>,
    /// Delområde eller kategori, till exempel `Ekonomi` eller `Personal`.
    #[serde(default, rename = "område")]
    pub area: Option<Spanned<String>>,
    /// Den oönskade händelsen.
    #[serde(default, rename = "händelse")]
    pub event: Option<Spanned<String>>,
    /// Sannolikhet (S) på kommunens skala, som heltal (till exempel 1–5).
    #[serde(rename = "sannolikhet", default)]
    pub likelihood: Option<Spanned<i64>>,
    /// Konsekvens (K) på kommunens skala, som heltal.
    #[serde(rename = "konsekvens", default)]
    pub consequence: Option<Spanned<i64>>,
    /// Riskvärde (RV), normalt sannolikhet × konsekvens.
    #[serde(default, rename = "riskvärde")]
    pub risk_value: Option<Spanned<i64>>,
    /// Om risken tas med i internkontrollplanen (`ja`) eller bara finns i VoR (`nej`, "Nej, endast VoR").
    #[serde(rename = "ikp", default)]
    pub in_plan: Option<Spanned<IkpChoice>>,
    /// Motivering när en risk med högt riskvärde medvetet lämnas utanför internkontrollplanen.
    #[serde(rename = "motivering", default)]
    pub justification: Option<Spanned<String>>,
    /// Undantag från regler för just denna risk.
    #[serde(rename = "undantag", default)]
    pub exemptions: Vec<Spanned<Exemption>>,
}

/// Om risken ingår i internkontrollplanen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum IkpChoice {
    /// Risken ingår i internkontrollplanen.
    #[serde(rename = "ja")]
    Ja,
    /// Risken finns endast i väsentlighets- och riskanalysen ("Nej, endast VoR").
    #[serde(rename = "nej")]
    Nej,
}

/// `ikp` as the printed registers write it: the column says "Ja" or "Nej, endast VoR".
pub static IKP_CHOICE: Vocabulary<IkpChoice> = Vocabulary {
    shown: &["ja", "nej", "Nej, endast VoR"],
    words: &[
        ("ja", IkpChoice::Ja),
        ("nej", IkpChoice::Nej),
        ("nej, endast VoR", IkpChoice::Nej),
        ("nej endast VoR", IkpChoice::Nej),
        ("endast VoR", IkpChoice::Nej),
    ],
};

lenient_enum!(
    IkpChoice,
    IKP_CHOICE,
    "IkpChoice",
    "Om risken ingår i internkontrollplanen: `ja`, eller `nej` / `Nej, endast VoR` när den bara finns i väsentlighets- och riskanalysen. Stora eller små bokstäver; `true`/`false` läses som ja/nej.",
    Some(|b| if b { IkpChoice::Ja } else { IkpChoice::Nej })
);

/// En kontroll i internkontrollplanen.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Kontrollens beteckning, unik i planen, till exempel `K1`.
    pub id: Spanned<Id>,
    /// Numren på de risker som kontrollen hanterar.
    #[serde(rename = "risker", default)]
    pub risks: Vec<Spanned<i64>>,
    /// Processen.
    #[serde(default)]
    pub process: Option<Spanned<String>>,
    /// Arbetssättet.
    #[serde(default, rename = "arbetssätt")]
    pub working_method: Option<Spanned<String>>,
    /// Den systematiska (löpande) kontrollen som är inbyggd i rutinen.
    #[serde(rename = "systematisk_kontroll", default)]
    pub systematic_control: Option<Spanned<String>>,
    /// Kontrollaktiviteten (kontrollmomentet): hur nämnden prövar att kontrollen fungerar.
    #[serde(rename = "kontrollaktivitet", default)]
    pub control_activity: Option<Spanned<String>>,
    /// Hur ofta kontrollen görs (frekvens), till exempel `Tertialvis`.
    #[serde(rename = "frekvens", default)]
    pub frequency: Option<Spanned<String>>,
    /// Vem som ansvarar för att kontrollen genomförs.
    #[serde(rename = "ansvarig", default)]
    pub responsible: Option<Spanned<String>>,
    /// Till vem resultatet rapporteras.
    #[serde(rename = "rapporteras_till", default)]
    pub reported_to: Option<Spanned<String>>,
    /// När resultatet rapporteras, till exempel `T1, T2, VB`.
    #[serde(rename = "tidpunkt", default)]
    pub reporting_time: Option<Spanned<String>>,
    /// Metod för kontrollen (stickprov, rapport, genomgång …).
    #[serde(rename = "metod", default)]
    pub method: Option<Spanned<String>>,
    /// Beteckningen på den KS-gemensamma kontrollpunkt som kontrollen genomför, om någon.
    #[serde(rename = "ks_punkt", default)]
    pub ks_point: Option<Spanned<Id>>,
    /// Undantag från regler för just denna kontroll.
    #[serde(rename = "undantag", default)]
    pub exemptions: Vec<Spanned<Exemption>>,
}

impl Risk {
    /// The risk value the register stands for: the printed `riskvärde` when there is one,
    /// else sannolikhet × konsekvens when both are given. `None` for an unassessed risk (and
    /// when the product does not fit in an `i64`). A wrong printed value is IKP003's concern;
    /// the other rules judge the risk by what the document says.
    pub fn assessed_value(&self) -> Option<i64> {
        match (&self.risk_value, &self.likelihood, &self.consequence) {
            (Some(rv), _, _) => Some(rv.value),
            (None, Some(s), Some(k)) => s.value.checked_mul(k.value),
            _ => None,
        }
    }
}
