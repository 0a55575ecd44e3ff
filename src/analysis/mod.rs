//! What a follow-up comment claims about its control, and the words that say it.
//!
//! [`analyse`] reads a Swedish comment with a [`Lexicon`] (word groups, claim rules and context
//! markers, kept as data in `rules/lexicon/sv.toml`) and returns an [`Analysis`]: one [`Claim`]
//! and the [`Evidence`] for it — byte ranges into the comment. [`contradicts`] decides whether
//! that claim contradicts the canonical [`Outcome`] of the status (rule IKP102), and
//! [`suggested_outcome`] names the status the comment points to (IKP101's help line).
//!
//! No model, no network: tokens, a lexicon and a handful of rules about negation, counts, time
//! and conditions. The cost is linear in the length of the comment. [`EXPLAIN_SV`] and
//! [`EXPLAIN_EN`] describe for users what it understands and where it stays silent.

mod comment;
mod lexicon;
mod tokenize;

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::outcome::Outcome;

pub use lexicon::{Lexicon, LexiconError};

/// How serious a deviation the text says it is, when it says so ("mindre", "allvarliga").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Minor,
    Major,
}

/// What a comment claims about its control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Claim {
    /// Performed, and no deviation ("inga avvikelser", "utan anmärkning", "0 av 20 fel").
    NoDeviation,
    /// No *major* deviation ("inga större avvikelser"); silent about minor ones.
    NoMajorDeviation,
    /// A deviation was found; severity where the text says ("mindre", "allvarliga").
    Deviation(Option<Severity>),
    /// The control was not performed ("ej genomförd", "har utgått", "kommer istället att göras"),
    /// or it is only spoken of as something to do later ("planeras att genomföras i höst").
    NotPerformed,
    /// Partly performed, started late, still under way, or done in part with the rest postponed
    /// ("påbörjades i oktober", "delvis genomförd", "har inte fullt ut kommit igång").
    PartlyOrPostponed,
    /// Performed, with nothing said about deviations ("uppföljning har skett enligt plan").
    Performed,
    /// Nothing the analyser can read.
    NoClaim,
}

impl Claim {
    /// Stable name, used in the labelled corpus and in machine output.
    pub fn as_str(self) -> &'static str {
        match self {
            Claim::NoDeviation => "no-deviation",
            Claim::NoMajorDeviation => "no-major-deviation",
            Claim::Deviation(None) => "deviation",
            Claim::Deviation(Some(Severity::Minor)) => "deviation-minor",
            Claim::Deviation(Some(Severity::Major)) => "deviation-major",
            Claim::NotPerformed => "not-performed",
            Claim::PartlyOrPostponed => "partly-or-postponed",
            Claim::Performed => "performed",
            Claim::NoClaim => "no-claim",
        }
    }

    /// For a diagnostic: "kommentaren säger att …".
    pub fn sv(self) -> &'static str {
        match self {
            Claim::NoDeviation => "kontrollen genomförts utan avvikelser",
            Claim::NoMajorDeviation => "inga större avvikelser har noterats",
            Claim::Deviation(None) => "avvikelser har noterats",
            Claim::Deviation(Some(Severity::Minor)) => "mindre avvikelser har noterats",
            Claim::Deviation(Some(Severity::Major)) => "allvarliga avvikelser har noterats",
            Claim::NotPerformed => "kontrollen inte genomförts",
            Claim::PartlyOrPostponed => "kontrollen bara delvis genomförts eller skjutits upp",
            Claim::Performed => "kontrollen genomförts",
            Claim::NoClaim => "inget om kontrollens utfall",
        }
    }

    /// For a diagnostic: "the comment says that …".
    pub fn en(self) -> &'static str {
        match self {
            Claim::NoDeviation => "the control was performed without deviations",
            Claim::NoMajorDeviation => "no major deviations were found",
            Claim::Deviation(None) => "deviations were found",
            Claim::Deviation(Some(Severity::Minor)) => "minor deviations were found",
            Claim::Deviation(Some(Severity::Major)) => "serious deviations were found",
            Claim::NotPerformed => "the control was not performed",
            Claim::PartlyOrPostponed => "the control was only partly performed or postponed",
            Claim::Performed => "the control was performed",
            Claim::NoClaim => "nothing about the outcome of the control",
        }
    }
}

impl fmt::Display for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Claim {
    type Err = String;
    fn from_str(s: &str) -> Result<Claim, String> {
        Ok(match s.trim() {
            "no-deviation" => Claim::NoDeviation,
            "no-major-deviation" => Claim::NoMajorDeviation,
            "deviation" => Claim::Deviation(None),
            "deviation-minor" => Claim::Deviation(Some(Severity::Minor)),
            "deviation-major" => Claim::Deviation(Some(Severity::Major)),
            "not-performed" => Claim::NotPerformed,
            "partly-or-postponed" => Claim::PartlyOrPostponed,
            "performed" => Claim::Performed,
            "no-claim" => Claim::NoClaim,
            other => return Err(format!("unknown claim {other:?}")),
        })
    }
}

impl Serialize for Claim {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Words in the comment that carry a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Byte range in the comment (on char boundaries).
    pub range: Range<usize>,
    /// What these words claim on their own.
    pub claim: Claim,
    /// The lexicon pattern that matched, e.g. `@neg ..3 @dev`, for `explain`.
    pub phrase: String,
}

/// The result of [`analyse`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    pub claim: Claim,
    /// Evidence for `claim` first (in text order), then the rest that was read (in text order).
    /// Context-cancelled matches ("om avvikelser upptäcks", "tidigare år fanns brister") are
    /// not listed.
    pub evidence: Vec<Evidence>,
}

impl Analysis {
    fn none() -> Analysis {
        Analysis {
            claim: Claim::NoClaim,
            evidence: Vec::new(),
        }
    }

    /// The evidence for the winning claim (what a caret should point at).
    pub fn winning_evidence(&self) -> impl Iterator<Item = &Evidence> {
        let claim = self.claim;
        self.evidence
            .iter()
            .take_while(move |e| same_family(claim, e.claim))
    }
}

fn same_family(winner: Claim, e: Claim) -> bool {
    match winner {
        Claim::Deviation(_) => matches!(e, Claim::Deviation(_)),
        Claim::PartlyOrPostponed => matches!(e, Claim::PartlyOrPostponed | Claim::NotPerformed),
        w => w == e,
    }
}

/// Reads `text` with `lexicon`. Empty, blank, English or number-only text gives
/// [`Claim::NoClaim`]. Never panics; the work is linear in `text.len()`.
pub fn analyse(text: &str, lexicon: &Lexicon) -> Analysis {
    comment::analyse(text, lexicon, None)
}

/// [`analyse`] for a comment of the follow-up of `year`: a year number before it is another
/// period ("År 2022 konstaterades brister" in the 2024 follow-up is not a finding), the year
/// itself is now, a later year is the future.
pub fn analyse_in_year(text: &str, lexicon: &Lexicon, year: Option<i64>) -> Analysis {
    comment::analyse(text, lexicon, year)
}

/// Does the comment contradict the canonical outcome of its status? The heart of IKP102.
///
/// | status ↓ / claim →  | no-dev | no-major | dev minor | dev major | dev (size?) | not performed | partly | performed | none |
/// |---------------------|--------|----------|-----------|-----------|-------------|---------------|--------|-----------|------|
/// | ingen avvikelse     |        |          | yes       | yes       | yes         | yes           | yes    |           |      |
/// | mindre avvikelse    | yes    |          |           | yes       |             | yes           |        |           |      |
/// | större avvikelse    | yes    | yes      | yes       |           |             | yes           |        |           |      |
/// | ej genomförd        | yes    | yes      | yes       | yes       | yes         |               |        | yes       |      |
/// | påbörjad            |        |          |           |           |             |               |        |           |      |
///
/// "Partly or postponed" (with no result stated: a result wins over it) contradicts only
/// "ingen avvikelse": a control done in part, started late, produced but not analysed or moved
/// to a later period has no clean result to report, while a deviation status may honestly sit
/// over the part that was done. "Påbörjad", an interim status, never contradicts.
pub fn contradicts(outcome: Outcome, analysis: &Analysis) -> bool {
    use Claim as C;
    use Severity::{Major, Minor};
    match outcome {
        Outcome::NoDeviation => matches!(
            analysis.claim,
            C::Deviation(_) | C::NotPerformed | C::PartlyOrPostponed
        ),
        Outcome::MinorDeviation => matches!(
            analysis.claim,
            C::NoDeviation | C::Deviation(Some(Major)) | C::NotPerformed
        ),
        Outcome::MajorDeviation => matches!(
            analysis.claim,
            C::NoDeviation | C::NoMajorDeviation | C::Deviation(Some(Minor)) | C::NotPerformed
        ),
        Outcome::NotPerformed => matches!(
            analysis.claim,
            C::NoDeviation | C::NoMajorDeviation | C::Deviation(_) | C::Performed
        ),
        Outcome::InProgress => false,
    }
}

/// The status the comment points to, for IKP101's help line; `None` where the comment does not
/// settle it (a deviation of unknown size, "no major deviation", performed, no claim).
pub fn suggested_outcome(analysis: &Analysis) -> Option<Outcome> {
    match analysis.claim {
        Claim::NoDeviation => Some(Outcome::NoDeviation),
        Claim::Deviation(Some(Severity::Minor)) => Some(Outcome::MinorDeviation),
        Claim::Deviation(Some(Severity::Major)) => Some(Outcome::MajorDeviation),
        Claim::NotPerformed => Some(Outcome::NotPerformed),
        Claim::PartlyOrPostponed => Some(Outcome::InProgress),
        Claim::Deviation(None) | Claim::NoMajorDeviation | Claim::Performed | Claim::NoClaim => {
            None
        }
    }
}

/// `ikp explain IKP102`, Swedish.
pub const EXPLAIN_SV: &str = "\
IKP102 – status och kommentar säger emot varandra

Vad analysen läser
Kommentaren delas i ord, meningar och satser och jämförs med ett lexikon
(rules/lexicon/sv.toml; kommunen kan lägga till egna fraser). Analysen säger vad
kommentaren påstår om kontrollen och pekar ut orden som säger det:

  ingen avvikelse        \"inga avvikelser uppdagats\", \"utan anmärkningar\",
                         \"0 avvikelser\", \"0 av 20 fakturor hade fel\",
                         \"backuper fungerar tillfredsställande\"
  inga större avvikelser \"inga större avvikelser noteras\" – säger inget om mindre
  avvikelse              \"fel på 15 av de 94 granskade fakturorna\",
                         \"4 felaktigheter … har upptäckts\", \"lösning saknas\";
                         mindre/allvarlig när texten säger det (\"allvarliga brister\")
  ej genomförd           \"Ej genomförd\", \"har inte genomförts under 2024\",
                         \"har utgått i år\", \"kommer istället att göras\",
                         \"kan inte i dagsläget mäta\", \"planeras genomföras i höst\"
                         (när inget annat har genomförts)
  delvis/uppskjuten      \"påbörjades i oktober\", \"har inte fullt ut kommit igång\",
                         \"genomfördes i mindre utsträckning\", \"T1 genomförd, resten
                         planeras till hösten\"
  genomförd              \"uppföljning har skett enligt plan\" – inget om avvikelser

Vad analysen förstår
- negation och dess räckvidd: \"inga\", \"inte några\", \"utan att avvikelser
  noterades\", \"avvikelser har inte noterats\"; \"inga större avvikelser\" är
  inte detsamma som inga avvikelser alls
- böjning och sammansättning: avvikelse/avvikelser/avvikelserna,
  budgetavvikelser, fel/felen/systemfel, brist/brister, -kontrollen
- antal: \"34 noterade avvikelser\", \"15 av 94\" (fel), \"20 av 20\" (korrekta),
  \"96 procent av besluten fattades i tid\"
- villkor och rutinbeskrivningar: \"om avvikelser upptäcks …\", \"vid fel
  korrigeras …\", \"i de fall …\" räknas inte som fynd
- andra perioder och åtgärdat: \"tidigare år fanns brister\" räknas inte, men
  \"de brister som noterades förra året kvarstår\" gör det; \"bristerna har
  åtgärdats\" är inget nytt fynd, \"fel har upptäckts och åtgärdats\" är det
- framtid och avsikt: \"kommer att\", \"planeras\", \"ska\", \"bör\"
- stavfel i långa ord: ett ord på minst sex bokstäver som lexikonet inte känner
  läses som lexikonordet en ändring bort (två för ord på minst tio bokstäver):
  \"avvikleser\", \"genomförst\"; aldrig korta ord och aldrig bara en ny ändelse
- årtal: i uppföljningen för 2024 handlar \"År 2022 konstaterades brister\" om ett
  annat år; \"jämfört med 2023, då elva fel …\" likaså; \"bristerna från 2023
  kvarstår\" gäller fortfarande
- etikett och antal: \"Avvikelser: 0\", \"Antal fel: inga\" (inga avvikelser),
  \"Avvikelser: 3\" (avvikelse); \"tre av tolv\" med räkneord
- undantag: \"utom två ramavtal\", \"med undantag av ett ärende\", \"inga
  avvikelser, förutom …\" är avvikelser; \"förutom X har även Y granskats\" inte
- allmänna påståenden utan ord för fel: \"Alla 18 brukare hade en aktuell
  plan\", \"kraven är uppfyllda\", \"samtliga planerade inspektioner har
  genomförts\" (inga avvikelser); fakta utan ord för fel:
  \"betalades till fel leverantör\", \"betalats två gånger\", \"konton för personer
  som slutat\", \"hade kvar behörighet\", \"utan beslut\", \"N av M var inte …\"
- nekade avvikelseverb: \"ingenting överskreds\", \"ingen enhet avvek\"
- delvis gjort: \"två av fyra tillfällen har genomförts\", \"analysen återstår\",
  \"har ännu inte analyserats\", \"skjuts fram till tertial 2\"
- följder av att kontrollen inte gjorts (\"inga avvikelser kan därför
  rapporteras\", \"inga fel att rapportera\") och en annan utförares resultat
  (\"genomfördes inte av förvaltningen utan av extern revisor\") räknas inte som fynd
- engelska ord i svensk text: \"två issues\", \"findings\", \"failade\"

Blandade påståenden avgörs i denna ordning:
  avvikelse > inga större avvikelser > ingen avvikelse > ej genomförd >
  delvis/uppskjuten > genomförd
Ett resultat (med eller utan avvikelse) visar att kontrollen åtminstone delvis
genomförts. Ej genomförd tillsammans med något som genomförts blir delvis. \"Inga
avvikelser\" i samma mening som \"inte genomförts\" räknas inte.

När regeln slår till
  ingen avvikelse  – kommentaren beskriver avvikelse, att kontrollen inte genomförts,
                     eller bara delvis/skjutits upp (utan något resultat)
  mindre avvikelse – kommentaren säger inga avvikelser, allvarliga avvikelser eller ej genomförd
  större avvikelse – kommentaren säger inga (större) avvikelser, mindre avvikelser eller ej genomförd
  ej genomförd     – kommentaren beskriver ett resultat eller att kontrollen genomförts
  påbörjad         – aldrig

Exempel
  status Större avvikelser, kommentar \"Ej genomförd på grund av sjukskrivning\"
    → kommentaren säger att kontrollen inte genomförts (markering på \"Ej genomförd\")
  status Inga avvikelser, kommentar \"Vid kontrollen identifierades fel på 15 av
  de 94 granskade fakturorna\" → kommentaren beskriver avvikelser

Där analysen är tyst
- längre text på andra språk än svenska, listor med bara nummer, tom kommentar
- avvikelser som bara syns i siffror utan ord för fel eller predikat
  (\"66 procent har en plan\"), och många vardagliga omskrivningar
  (\"ärenden hade legat orörda\", \"lön för pass de inte arbetat\")
- ironi, hänvisningar (\"se bilaga\") och vad som hände i andra kontroller
- om en avvikelse är mindre eller större, när texten inte säger det
Tystnad betyder \"inget påstående\": regeln slår då inte till.
";

/// `ikp explain IKP102`, English.
pub const EXPLAIN_EN: &str = "\
IKP102 – status and comment disagree

What the analyser reads
The comment is split into words, sentences and clauses and matched against a
lexicon (rules/lexicon/sv.toml; a municipality can add its own phrases). The
analyser says what the comment claims about the control and points at the words
that say it:

  no deviation        \"inga avvikelser uppdagats\", \"utan anmärkningar\",
                      \"0 avvikelser\", \"0 av 20 fakturor hade fel\",
                      \"backuper fungerar tillfredsställande\"
  no major deviation  \"inga större avvikelser noteras\" – silent about minor ones
  deviation           \"fel på 15 av de 94 granskade fakturorna\",
                      \"4 felaktigheter … har upptäckts\", \"lösning saknas\";
                      minor/major where the text says so (\"allvarliga brister\")
  not performed       \"Ej genomförd\", \"har inte genomförts under 2024\",
                      \"har utgått i år\", \"kommer istället att göras\",
                      \"kan inte i dagsläget mäta\", \"planeras genomföras i höst\"
                      (when nothing else was done)
  partly/postponed    \"påbörjades i oktober\", \"har inte fullt ut kommit igång\",
                      \"genomfördes i mindre utsträckning\", \"T1 genomförd, resten
                      planeras till hösten\"
  performed           \"uppföljning har skett enligt plan\" – nothing on deviations

What it understands
- negation and its scope: \"inga\", \"inte några\", \"utan att avvikelser
  noterades\", \"avvikelser har inte noterats\"; \"inga större avvikelser\" is not
  the same as no deviations at all
- inflection and compounds: avvikelse/avvikelser/avvikelserna, budgetavvikelser,
  fel/felen/systemfel, brist/brister, -kontrollen
- counts: \"34 noterade avvikelser\", \"15 av 94\" (errors), \"20 av 20\" (correct),
  \"96 procent av besluten fattades i tid\"
- conditions and routine descriptions: \"om avvikelser upptäcks …\", \"vid fel
  korrigeras …\", \"i de fall …\" are not findings
- other periods and fixes: \"tidigare år fanns brister\" does not count, \"de
  brister som noterades förra året kvarstår\" does; \"bristerna har åtgärdats\"
  is not a new finding, \"fel har upptäckts och åtgärdats\" is
- future and intent: \"kommer att\", \"planeras\", \"ska\", \"bör\"
- typos in long words: a word of six letters or more that the lexicon does not
  know is read as the lexicon word one edit away (two for words of ten letters or
  more): \"avvikleser\", \"genomförst\"; never short words, never a mere new ending
- year numbers: in the 2024 follow-up, \"År 2022 konstaterades brister\" is about
  another year, and so is \"jämfört med 2023, då elva fel …\"; \"bristerna från
  2023 kvarstår\" still holds
- label and count: \"Avvikelser: 0\", \"Antal fel: inga\" (no deviation),
  \"Avvikelser: 3\" (deviation); number words as in \"tre av tolv\"
- exceptions: \"utom två ramavtal\", \"med undantag av ett ärende\", \"inga
  avvikelser, förutom …\" are deviations; \"förutom X har även Y granskats\" is not
- universal claims with no word for an error: \"Alla 18 brukare hade en aktuell
  plan\", \"kraven är uppfyllda\", \"samtliga planerade inspektioner har
  genomförts\" (no deviation); facts with no word for an error: \"betalades till
  fel leverantör\", \"betalats två gånger\", \"konton för personer som slutat\",
  \"hade kvar behörighet\", \"utan beslut\", \"N av M var inte …\"
- negated verbs of deviating: \"ingenting överskreds\", \"ingen enhet avvek\"
- done in part: \"två av fyra tillfällen har genomförts\", \"analysen återstår\",
  \"har ännu inte analyserats\", \"skjuts fram till tertial 2\"
- consequences of a control not performed (\"inga avvikelser kan därför
  rapporteras\", \"inga fel att rapportera\") and another party's result
  (\"genomfördes inte av förvaltningen utan av extern revisor\") are not findings
- English words in Swedish text: \"två issues\", \"findings\", \"failade\"

Mixed claims are decided in this order:
  deviation > no major deviation > no deviation > not performed >
  partly/postponed > performed
A result (with or without deviations) shows the control was at least partly
performed. Not performed together with something performed becomes partly.
\"Inga avvikelser\" in the same sentence as \"inte genomförts\" does not count.

When the rule fires
  ingen avvikelse  – the comment describes a deviation, that the control was not performed,
                     or only partly/postponed (with no result)
  mindre avvikelse – the comment says no deviations, serious deviations, or not performed
  större avvikelse – the comment says no (major) deviations, minor deviations, or not performed
  ej genomförd     – the comment reports a result or that the control was performed
  påbörjad         – never

Examples
  status Större avvikelser, comment \"Ej genomförd på grund av sjukskrivning\"
    → the comment says the control was not performed (caret on \"Ej genomförd\")
  status Inga avvikelser, comment \"Vid kontrollen identifierades fel på 15 av
  de 94 granskade fakturorna\" → the comment describes deviations

Where it stays silent
- longer text in languages other than Swedish, lists of bare numbers, empty comments
- deviations that show only in figures with no word for an error or predicate
  (\"66 procent har en plan\"), and many everyday paraphrases
  (\"ärenden hade legat orörda\", \"lön för pass de inte arbetat\")
- irony, references (\"se bilaga\") and what happened in other controls
- whether a deviation is minor or major, when the text does not say
Silence means \"no claim\": the rule does not fire.
";

#[cfg(test)]
mod tests;
