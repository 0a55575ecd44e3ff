//! Which header a column has, and which table a header row starts: a table of the names
//! Swedish workbooks use, compared case-, space- and diacritic-tolerantly.

use unicode_normalization::UnicodeNormalization;

/// The kinds of table a workbook holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Väsentlighets- och riskanalys: one risk per row.
    Risks,
    /// Internkontrollplan: one control per row.
    Controls,
    /// Uppföljning: one control × occasion per row.
    FollowUp,
    /// KS-gemensamma kontrollpunkter: one point per row.
    KsPoints,
}

/// A column's meaning: the field of the YAML format it fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Nr,
    Goal,
    Process,
    WorkingMethod,
    Area,
    Event,
    Likelihood,
    Consequence,
    RiskValue,
    Ikp,
    Justification,
    Id,
    Risks,
    SystematicControl,
    Activity,
    Frequency,
    Responsible,
    ReportedTo,
    ReportingTime,
    Method,
    KsPoint,
    Control,
    Period,
    Date,
    Status,
    Comment,
    EndDate,
    Action,
    ActionStatus,
    Exemption,
    Title,
    Description,
}

impl Field {
    /// The key in the YAML format.
    pub fn key(self) -> &'static str {
        use Field::*;
        match self {
            Nr => "nr",
            Goal => "mål",
            Process => "process",
            WorkingMethod => "arbetssätt",
            Area => "område",
            Event => "händelse",
            Likelihood => "sannolikhet",
            Consequence => "konsekvens",
            RiskValue => "riskvärde",
            Ikp => "ikp",
            Justification => "motivering",
            Id => "id",
            Risks => "risker",
            SystematicControl => "systematisk_kontroll",
            Activity => "kontrollaktivitet",
            Frequency => "frekvens",
            Responsible => "ansvarig",
            ReportedTo => "rapporteras_till",
            ReportingTime => "tidpunkt",
            Method => "metod",
            KsPoint => "ks_punkt",
            Control => "kontroll",
            Period => "period",
            Date => "datum",
            Status => "status",
            Comment => "kommentar",
            EndDate => "slutdatum",
            Action => "åtgärd",
            ActionStatus => "åtgärdsstatus",
            Exemption => "undantag",
            Title => "titel",
            Description => "beskrivning",
        }
    }

    /// The column name a template writes and a message suggests.
    pub fn title(self) -> &'static str {
        use Field::*;
        match self {
            Nr => "Nr",
            Goal => "Mål",
            Process => "Process",
            WorkingMethod => "Arbetssätt",
            Area => "Område",
            Event => "Risk (oönskad händelse)",
            Likelihood => "Sannolikhet",
            Consequence => "Konsekvens",
            RiskValue => "Riskvärde",
            Ikp => "IKP",
            Justification => "Motivering",
            Id => "Id",
            Risks => "Risk nr",
            SystematicControl => "Systematisk kontroll",
            Activity => "Kontrollaktivitet",
            Frequency => "Frekvens",
            Responsible => "Ansvarig",
            ReportedTo => "Rapporteras till",
            ReportingTime => "Tidpunkt",
            Method => "Metod",
            KsPoint => "KS-punkt",
            Control => "Kontroll",
            Period => "Period",
            Date => "Datum",
            Status => "Status",
            Comment => "Kommentar",
            EndDate => "Slutdatum",
            Action => "Åtgärd",
            ActionStatus => "Åtgärdsstatus",
            Exemption => "Undantag",
            Title => "Titel",
            Description => "Beskrivning",
        }
    }
}

use Field::*;

const RISK_ALIASES: &[(Field, &[&str])] = &[
    (
        Nr,
        &[
            "nr",
            "risknr",
            "risk nr",
            "nummer",
            "löpnummer",
            "risk id",
            "riskid",
        ],
    ),
    (
        Goal,
        &["mål", "kf mål", "kf:s mål", "målnr", "mål nr", "kf-mål"],
    ),
    (
        Process,
        &[
            "process",
            "process/rutin/system",
            "process/rutin",
            "verksamhetsprocess",
            "process rutin system",
        ],
    ),
    (WorkingMethod, &["arbetssätt", "rutin"]),
    (Area, &["område", "delområde", "kategori"]),
    (
        Event,
        &[
            "händelse",
            "oönskad händelse",
            "risk",
            "beskrivning av risk",
            "riskbeskrivning",
            "risker",
            "oönskade händelser",
        ],
    ),
    (Likelihood, &["sannolikhet", "s", "sannolikhet (s)"]),
    (Consequence, &["konsekvens", "k", "konsekvens (k)"]),
    (
        RiskValue,
        &[
            "riskvärde",
            "rv",
            "riskvärde (rv)",
            "s x k",
            "s*k",
            "sxk",
            "s × k",
        ],
    ),
    (
        Ikp,
        &[
            "ikp",
            "ingår i ikp",
            "med i ikp",
            "internkontrollplan",
            "till ikp",
            "ikp ja/nej",
            "ikp (ja/nej)",
        ],
    ),
    (Justification, &["motivering"]),
    (Exemption, &["undantag"]),
];

const CONTROL_ALIASES: &[(Field, &[&str])] = &[
    (
        Id,
        &[
            "id",
            "kontroll id",
            "kontrollnr",
            "kontroll nr",
            "nr",
            "beteckning",
        ],
    ),
    (
        Risks,
        &[
            "risker",
            "risk nr",
            "risknr",
            "avser risk",
            "risk id",
            "riskid",
        ],
    ),
    (Goal, &["mål", "kf mål", "kf:s mål"]),
    (
        Process,
        &["process", "process/rutin/system", "process/rutin", "område"],
    ),
    (WorkingMethod, &["arbetssätt", "rutin"]),
    (
        SystematicControl,
        &[
            "systematisk kontroll",
            "löpande kontroll",
            "systematisk/löpande kontroll",
            "kontroll i rutin",
        ],
    ),
    (
        Activity,
        &[
            "kontrollaktivitet",
            "kontrollmoment",
            "granskning",
            "kontrollaktiviteter",
            "rutiner och kontrollmoment",
        ],
    ),
    (
        Frequency,
        &["frekvens", "omfattning", "omfattning (frekvens)"],
    ),
    (
        Responsible,
        &[
            "ansvarig",
            "kontrollansvarig",
            "riskansvarig",
            "vem ansvarar",
        ],
    ),
    (
        ReportedTo,
        &["rapporteras till", "rapportering till", "till vem"],
    ),
    (
        ReportingTime,
        &[
            "tidpunkt",
            "när",
            "rapporteras när",
            "när rapporteras",
            "tidpunkt för rapportering",
        ],
    ),
    (Method, &["metod", "kontrollmetod"]),
    (
        KsPoint,
        &[
            "ks-punkt",
            "ks punkt",
            "kommungemensam kontrollpunkt",
            "ks-gemensam kontrollpunkt",
        ],
    ),
    (Exemption, &["undantag"]),
];

const FOLLOW_UP_ALIASES: &[(Field, &[&str])] = &[
    (
        Control,
        &[
            "kontroll",
            "id",
            "kontroll id",
            "kontrollnr",
            "kontroll nr",
            "nr",
        ],
    ),
    (Goal, &["mål", "kf mål", "kf:s mål"]),
    (Area, &["område", "delområde", "kategori"]),
    (
        Process,
        &["process", "process/rutin/system", "process/rutin"],
    ),
    (WorkingMethod, &["arbetssätt", "rutin"]),
    (
        SystematicControl,
        &["systematisk kontroll", "löpande kontroll"],
    ),
    (
        Activity,
        &["kontrollaktivitet", "kontrollmoment", "granskning"],
    ),
    (Event, &["händelse", "oönskad händelse", "risk"]),
    (Method, &["metod", "kontrollmetod"]),
    (
        Period,
        &[
            "period",
            "tillfälle",
            "uppföljning",
            "uppföljningstillfälle",
            "uppföljningsperiod",
        ],
    ),
    (Date, &["datum", "uppföljningsdatum"]),
    (Status, &["status"]),
    (
        Comment,
        &[
            "kommentar",
            "beskrivning och resultat",
            "beskrivning och resultat av kontrollaktivitet",
            "analys",
            "resultat",
            "kommentar/analys",
        ],
    ),
    (Responsible, &["ansvarig", "kontrollansvarig"]),
    (EndDate, &["slutdatum"]),
    (Action, &["åtgärd", "åtgärder"]),
    (
        ActionStatus,
        &[
            "åtgärdsstatus",
            "status åtgärd",
            "åtgärd status",
            "status på åtgärd",
        ],
    ),
    (Exemption, &["undantag"]),
];

const KS_ALIASES: &[(Field, &[&str])] = &[
    (Id, &["id", "nr", "punkt", "beteckning"]),
    (
        Title,
        &[
            "titel",
            "kontrollpunkt",
            "kommungemensam kontrollpunkt",
            "ks-gemensam kontrollpunkt",
        ],
    ),
    (Description, &["beskrivning", "innehåll"]),
];

/// The aliases of a table.
pub fn aliases(table: Table) -> &'static [(Field, &'static [&'static str])] {
    match table {
        Table::Risks => RISK_ALIASES,
        Table::Controls => CONTROL_ALIASES,
        Table::FollowUp => FOLLOW_UP_ALIASES,
        Table::KsPoints => KS_ALIASES,
    }
}

/// A header or label as compared: NFC, without diacritics, lower case, punctuation and runs
/// of white space as one space, a trailing colon dropped (`"Ingår i IKP:"` → `ingar i ikp`).
pub fn normalize(text: &str) -> String {
    let stripped: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    let mut out = String::with_capacity(stripped.len());
    let mut space = false;
    for c in stripped.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out.nfc().collect()
}

/// Extra names for columns from `[excel]` in ikp.toml: normalised name → field key.
#[derive(Debug, Clone, Default)]
pub struct Extra(pub Vec<(String, String)>);

/// The field a header names in `table`, if any.
pub fn field(table: Table, header: &str, extra: &Extra) -> Option<Field> {
    let norm = normalize(header);
    if norm.is_empty() {
        return None;
    }
    for (name, key) in &extra.0 {
        if *name == norm
            && let Some((f, _)) = aliases(table).iter().find(|(f, _)| f.key() == key)
        {
            return Some(*f);
        }
    }
    let found = normalized(table)
        .iter()
        .find(|(_, n)| *n == norm)
        .map(|(f, _)| *f);
    // "Risk (oönskad händelse)", "Sannolikhet (1-5)": the name outside the brackets.
    match (found, header.split_once('(')) {
        (None, Some((before, _))) if !before.trim().is_empty() => field(table, before, extra),
        (found, _) => found,
    }
}

/// The alias table of `table`, normalised once.
fn normalized(table: Table) -> &'static [(Field, String)] {
    use std::sync::OnceLock;
    static TABLES: [OnceLock<Vec<(Field, String)>>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let i = match table {
        Table::Risks => 0,
        Table::Controls => 1,
        Table::FollowUp => 2,
        Table::KsPoints => 3,
    };
    TABLES[i].get_or_init(|| {
        aliases(table)
            .iter()
            .flat_map(|(f, names)| names.iter().map(move |n| (*f, normalize(n))))
            .collect()
    })
}

/// The table a row of headers starts, with each column's field, or `None` when the row is
/// not a header row. A row is one when it names at least two fields of a table, one of them
/// a field only that kind of table has.
pub fn header_row(cells: &[(u32, &str)], extra: &Extra) -> Option<(Table, Vec<(u32, Field)>)> {
    let map = |table: Table| -> Vec<(u32, Field)> {
        let mut seen = Vec::new();
        let mut out: Vec<(u32, Field)> = Vec::new();
        for (col, text) in cells {
            if let Some(f) = field(table, text, extra)
                && !seen.contains(&f)
            {
                seen.push(f);
                out.push((*col, f));
            }
        }
        out
    };
    let has = |cols: &[(u32, Field)], f: Field| cols.iter().any(|(_, g)| *g == f);
    let follow = map(Table::FollowUp);
    if follow.len() >= 2
        && (has(&follow, Status) || has(&follow, Period) || has(&follow, ActionStatus))
    {
        return Some((Table::FollowUp, follow));
    }
    let risks = map(Table::Risks);
    let scored = has(&risks, Likelihood) || has(&risks, Consequence) || has(&risks, RiskValue);
    if risks.len() >= 2 && (scored || (has(&risks, Ikp) && has(&risks, Event))) {
        return Some((Table::Risks, risks));
    }
    let controls = map(Table::Controls);
    if controls.len() >= 2
        && (has(&controls, Activity) || has(&controls, SystematicControl) || has(&controls, Method))
    {
        return Some((Table::Controls, controls));
    }
    let ks = map(Table::KsPoints);
    if ks.len() >= 2 && has(&ks, Title) {
        return Some((Table::KsPoints, ks));
    }
    None
}

/// The field names a person would recognise, for "menade du …?".
pub fn known_titles() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for table in [
        Table::Risks,
        Table::Controls,
        Table::FollowUp,
        Table::KsPoints,
    ] {
        for (f, _) in aliases(table) {
            if !out.contains(&f.title()) {
                out.push(f.title());
            }
        }
    }
    out
}

/// The nearest known column name to a header that matched none.
pub fn suggest(header: &str) -> Option<&'static str> {
    let norm = normalize(header);
    if norm.is_empty() {
        return None;
    }
    let mut best: Option<(f64, &'static str)> = None;
    for table in [
        Table::Risks,
        Table::Controls,
        Table::FollowUp,
        Table::KsPoints,
    ] {
        for (f, names) in aliases(table) {
            for n in names.iter() {
                let score = strsim::jaro_winkler(&normalize(n), &norm);
                if score >= 0.85 && best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, f.title()));
                }
            }
        }
    }
    best.map(|(_, t)| t)
}

/// Labels of the metadata block above a table, each with its key in the YAML format.
pub fn metadata_key(label: &str) -> Option<&'static str> {
    let norm = normalize(label);
    let key = match norm.as_str() {
        "typ" | "dokumenttyp" | "dokument" => "typ",
        "kommun" => "kommun",
        "namnd" | "namnden" => "nämnd",
        "ar" | "verksamhetsar" | "planar" => "år",
        "faststalld" | "faststalld datum" | "beslutsdatum" | "faststalld den" => "fastställd",
        "kalla" | "beslutsnummer" | "diarienummer" | "dnr" | "diarienr" => "källa",
        "bedomning" | "bedomning av intern kontroll" | "samlad bedomning" => "bedömning",
        "plan" | "internkontrollplan" => "plan",
        "beslut" | "ks beslut" => "beslut",
        "anmarkning" => "anmärkning",
        "antal kontrollaktiviteter" => "antal_kontrollaktiviteter",
        "totalt" | "riskmatris totalt" | "antal risker totalt" => "totalt",
        _ => return None,
    };
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_whatever_the_case_spaces_and_accents() {
        let extra = Extra::default();
        assert_eq!(
            field(Table::Risks, "  Oönskad  händelse ", &extra),
            Some(Event)
        );
        assert_eq!(field(Table::Risks, "OONSKAD HANDELSE", &extra), Some(Event));
        assert_eq!(field(Table::Risks, "Ingår i IKP:", &extra), Some(Ikp));
        assert_eq!(field(Table::Risks, "RV", &extra), Some(RiskValue));
        assert_eq!(
            field(Table::Risks, "Process/rutin/system", &extra),
            Some(Process)
        );
        // Decomposed å (a + combining ring) is the same header.
        assert_eq!(
            field(Table::Risks, "Riskva\u{308}rde", &extra),
            Some(RiskValue)
        );
        assert_eq!(field(Table::Risks, "Färg", &extra), None);
        let extra = Extra(vec![(normalize("Vad kan hända"), "händelse".into())]);
        assert_eq!(field(Table::Risks, "Vad kan hända?", &extra), Some(Event));
    }

    #[test]
    fn a_header_row_names_its_table() {
        let extra = Extra::default();
        let row = [
            (0, "Nr"),
            (1, "Risk"),
            (2, "S"),
            (3, "K"),
            (4, "RV"),
            (5, "IKP"),
        ];
        let (table, cols) = header_row(&row, &extra).unwrap();
        assert_eq!(table, Table::Risks);
        assert_eq!(cols.len(), 6);
        let row = [
            (0, "Kontroll"),
            (1, "Period"),
            (2, "Status"),
            (3, "Kommentar"),
        ];
        assert_eq!(header_row(&row, &extra).unwrap().0, Table::FollowUp);
        let row = [(0, "Id"), (1, "Risk nr"), (2, "Kontrollmoment")];
        assert_eq!(header_row(&row, &extra).unwrap().0, Table::Controls);
        assert!(header_row(&[(0, "År:"), (1, "2025")], &extra).is_none());
        assert_eq!(suggest("Sanolikhet"), Some("Sannolikhet"));
    }
}
