//! The report's own words (headings, column names, legends) in Swedish and English, shared by
//! the HTML and Markdown renderers so both say the same thing.

use crate::finding::Lang;
use crate::rules::StaticText;

const fn w(sv: &'static str, en: &'static str) -> StaticText {
    StaticText { sv, en }
}

pub const TITLE: StaticText = w(
    "Granskningsrapport: intern kontroll",
    "Audit report: internal control",
);
pub const KICKER: StaticText = w(
    "Fynd per nämnd och år, med regel och grund",
    "Findings per committee and year, with rule and basis",
);
pub const SCOPE: StaticText = w("Omfattning", "Scope");
pub const DATE: StaticText = w("Datum", "Date");
pub const TOOL: StaticText = w("Verktyg", "Tool");
pub const DOCUMENTS: StaticText = w("Dokument", "Documents");
pub const PROFILES: StaticText = w("Profil", "Profile");
pub const RULES: StaticText = w("Regler", "Rules");
pub const TOTAL: StaticText = w("Totalt", "Total");
pub const OVERVIEW: StaticText = w(
    "Översikt per nämnd och år",
    "Overview by committee and year",
);
pub const MUNICIPALITY: StaticText = w("Kommun", "Municipality");
pub const COMMITTEE: StaticText = w("Nämnd", "Committee");
pub const YEAR: StaticText = w("År", "Year");
pub const ERRORS: StaticText = w("Fel", "Errors");
pub const WARNINGS: StaticText = w("Varningar", "Warnings");
pub const INFOS: StaticText = w("Info", "Info");
pub const EXEMPTED: StaticText = w("Undantag", "Exempted");
pub const JUDGEMENT: StaticText = w("Nämndens bedömning", "The committee's judgement");
pub const SUPPORT: StaticText = w("Stöds av fynden?", "Supported by the findings?");
pub const RECURRING: StaticText = w(
    "Återkommande brister: regler som slår till i flera nämnder",
    "Recurring weaknesses: rules that fire in several committees",
);
pub const RULE: StaticText = w("Regel", "Rule");
pub const RULE_TITLE: StaticText = w("Vad regeln kontrollerar", "What the rule checks");
pub const BASIS: StaticText = w("Grund", "Basis");
pub const COMMITTEES: StaticText = w("Nämnder", "Committees");
pub const FINDINGS: StaticText = w("Fynd", "Findings");
pub const NO_RECURRING: StaticText = w(
    "Inga regler slog till i någon nämnd.",
    "No rule fired in any committee.",
);
pub const FAILED: StaticText = w(
    "Dokument som inte kunde läsas in",
    "Documents that could not be loaded",
);
pub const FAILED_INTRO: StaticText = w(
    "Dessa filer kunde inte läsas eller följer inte dokumentformatet. Reglerna har inte körts på dem; rätta felen nedan och gör om granskningen.",
    "These files could not be read or do not follow the document format. The rules have not run on them; correct the errors below and run the review again.",
);
pub const CONFIG_ERRORS: StaticText = w(
    "Konfigurationsfel: dokumenten under dessa ikp.toml har inte granskats",
    "Configuration errors: the documents governed by these ikp.toml files were not reviewed",
);
pub const NO_DOCUMENTS: StaticText = w(
    "Inga dokument hittades. Rapporten omfattar alltså ingenting: kontrollera sökvägarna (ikp letar efter .yaml-, .yml- och .json-filer med typ: plan, uppföljning eller ks-punkter).",
    "No documents were found, so this report covers nothing: check the paths (ikp looks for .yaml, .yml and .json files with typ: plan, uppföljning or ks-punkter).",
);
pub const MATRIX: StaticText = w("Riskmatris", "Risk matrix");
pub const LIKELIHOOD: StaticText = w("Sannolikhet", "Likelihood");
pub const CONSEQUENCE: StaticText = w("Konsekvens", "Consequence");
pub const LEGEND_IKP: StaticText = w(
    "Fetstil och understrykning: risken ingår i internkontrollplanen (IKP).",
    "Bold and underlined: the risk is in the internal-control plan (IKP).",
);
pub const THRESHOLD: StaticText = w("Tröskel för internkontrollplanen", "Threshold for the plan");
pub const UNSCORED: StaticText = w(
    "Risker utan bedömning (visas inte i matrisen)",
    "Risks without an assessment (not in the matrix)",
);
pub const OFF_SCALE: StaticText = w(
    "Risker med värden utanför skalan (visas inte i matrisen)",
    "Risks scored outside the scale (not in the matrix)",
);
pub const OUTSIDE_PLAN: StaticText = w(
    "Risker på eller över tröskeln som inte ingår i planen",
    "Risks at or above the threshold that are not in the plan",
);
pub const PLANNED: StaticText = w(
    "Risker i internkontrollplanen och deras kontroller",
    "Risks in the plan and their controls",
);
pub const CONTROLS: StaticText = w("Kontroller", "Controls");
pub const NO_CONTROL: StaticText = w("ingen kontroll", "no control");
pub const OUTCOMES: StaticText = w("Utfall enligt status", "Outcome by status");
pub const NR: StaticText = w("Nr", "No.");
pub const EVENT: StaticText = w("Oönskad händelse", "Undesired event");
pub const S: StaticText = w("S", "L");
pub const K: StaticText = w("K", "C");
pub const RV: StaticText = w("RV", "RV");
pub const JUSTIFICATION: StaticText = w("Motivering", "Justification");
pub const NO_JUSTIFICATION: StaticText = w("ingen motivering", "no justification");
pub const NO_FINDINGS: StaticText = w("Inga fynd.", "No findings.");
pub const EXEMPTIONS: StaticText = w("Beviljade undantag", "Exemptions granted");
pub const EXEMPTION_AT: StaticText = w("undantaget står i", "the exemption is written at");
pub const NOTES: StaticText = w(
    "Anmärkningar: vad som inte kunde kontrolleras",
    "Notes: what could not be checked",
);
pub const SEE_ALSO: StaticText = w("se även", "see also");
pub const HELP: StaticText = w("Åtgärd", "Fix");
pub const APPENDIX_DOCUMENTS: StaticText =
    w("Bilaga: granskade dokument", "Appendix: documents reviewed");
pub const APPENDIX_RULES: StaticText =
    w("Bilaga: regler som tillämpats", "Appendix: rules applied");
pub const SEVERITY: StaticText = w("Nivå", "Severity");
pub const KS_POINTS: StaticText = w("KS-gemensamma kontrollpunkter", "KS-wide control points");
pub const KS: StaticText = w("Kommunstyrelsen", "The executive board (KS)");
pub const FOLLOW_UP: StaticText = w("Uppföljning", "Follow-up");
pub const PLAN: StaticText = w("Plan (VoR och IKP)", "Plan (risk register and IKP)");
pub const NOT_STATED: StaticText = w("ej angiven", "not stated");
pub const LINE: StaticText = w("rad", "line");
pub const FILE: StaticText = w("Fil", "File");
pub const COLUMN: StaticText = w("Kolumn", "Column");
pub const MESSAGE: StaticText = w("Meddelande", "Message");
pub const QUOTE: StaticText = w("Citat", "Quote");
pub const NAME: StaticText = w("Namn", "Name");
pub const KIND: StaticText = w("Dokumenttyp", "Document kind");
pub const IS_EXEMPTED: StaticText = w("Undantagen", "Exempted");
pub const YES: StaticText = w("ja", "yes");
pub const NO: StaticText = w("nej", "no");
pub const ADOPTED: StaticText = w("Fastställd av nämnden", "Adopted by the committee");
pub const ANALYSIS: StaticText = w("Analys", "Analysis");
pub const CONCLUSIONS: StaticText = w("Slutsatser", "Conclusions");
pub const DOC_ACTIONS: StaticText = w("Åtgärder (hela uppföljningen)", "Actions (whole follow-up)");
pub const PER_CONTROL: StaticText = w("Kontroller och tillfällen", "Controls and occasions");
pub const CONTROL: StaticText = w("Kontroll", "Control");
pub const OCCASION: StaticText = w("Tillfälle", "Occasion");
pub const STATUS: StaticText = w("Status", "Status");
pub const COMMENT: StaticText = w("Kommentar", "Comment");
pub const ACTIONS: StaticText = w("Åtgärder", "Actions");
pub const ACTION: StaticText = w("Åtgärd", "Action");
pub const RESPONSIBLE: StaticText = w("Ansvarig", "Responsible");
pub const END_DATE: StaticText = w("Slutdatum", "Due date");
pub const NO_STATUS: StaticText = w("ingen status", "no status");
pub const READ_ALL: StaticText = w("hela texten", "full text");
pub const OPEN_ACTIONS: StaticText = w("Åtgärder som inte är avslutade", "Actions not closed");
pub const NO_OPEN_ACTIONS: StaticText = w(
    "Inga: varje redovisad åtgärd är avslutad.",
    "None: every action reported is closed.",
);
pub const NO_ACTIONS: StaticText = w(
    "Inga: uppföljningen redovisar inga åtgärder.",
    "None: the follow-up reports no actions.",
);
pub const FULL_BELOW: StaticText = w("hela texten nedan", "full text below");
pub const FULL_COMMENTS: StaticText = w("Kommentarer i sin helhet", "Comments in full");
pub const SCOPE_NOTE: StaticText = w(
    "Rapporten redovisar vad ikp har funnit i dokumenten; den ersätter inte revisorernas egen bedömning.",
    "The report shows what ikp found in the documents; it does not replace the auditors' own judgement.",
);

/// "1 fynd" / "3 fynd", "1 risk" / "3 risker" …
pub fn count(lang: Lang, n: usize, sv: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = match lang {
        Lang::Sv => sv,
        Lang::En => en,
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn findings(lang: Lang, n: usize) -> String {
    count(lang, n, ("fynd", "fynd"), ("finding", "findings"))
}

pub fn risks(lang: Lang, n: usize) -> String {
    count(lang, n, ("risk", "risker"), ("risk", "risks"))
}

pub fn documents(lang: Lang, n: usize) -> String {
    count(lang, n, ("dokument", "dokument"), ("document", "documents"))
}
