//! Codes the engine itself reports: documents that cannot be read, parsed or validated,
//! configuration errors and exemptions that are themselves wrong. They live in the registry
//! like every rule, so `ikp explain IKP911` and SARIF's rule list know them, but their
//! "check" runs in the engine, not on a typed document.

use super::{Context, Rule, RuleMeta, StaticText};
use crate::finding::{Finding, Label, Severity, Subject, Text};
use crate::model::DocKind;
use crate::source::FileId;
use crate::text;

/// A rule whose findings come from the engine; its `check` does nothing.
pub struct EngineRule(&'static RuleMeta);

impl Rule for EngineRule {
    fn meta(&self) -> &'static RuleMeta {
        self.0
    }

    fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {}
}

const ALL_KINDS: &[DocKind] = &[DocKind::Plan, DocKind::FollowUp, DocKind::KsPoints];

macro_rules! engine_rule {
    ($code:literal, $name:literal, $sev:ident, $title_sv:literal, $title_en:literal, $doc_sv:literal, $doc_en:literal) => {
        EngineRule(&RuleMeta {
            code: $code,
            name: $name,
            default_severity: Severity::$sev,
            kinds: ALL_KINDS,
            title: StaticText {
                sv: $title_sv,
                en: $title_en,
            },
            basis: StaticText {
                sv: "Dokumentformatet för ikp (scheman i schemas/).",
                en: "The ikp document format (schemas in schemas/).",
            },
            doc: StaticText {
                sv: $doc_sv,
                en: $doc_en,
            },
        })
    };
}

pub static STALE_EXEMPTION_RULE: EngineRule = engine_rule!(
    "IKP090",
    "onodigt-undantag",
    Warning,
    "Undantaget matchar inget fynd",
    "The exemption matches no finding",
    "## Vad den gör\nRapporterar ett `undantag` vars regel inte längre ger något fynd för det som undantaget sitter på.\n\n## Varför\nEtt gammalt undantag döljer framtida fel utan att någon prövat dem på nytt.\n\n## Åtgärd\nTa bort undantaget.",
    "## What it does\nReports an `undantag` whose rule no longer finds anything on the entity it is attached to.\n\n## Why\nA stale exemption hides future problems that nobody has reviewed.\n\n## Fix\nRemove the exemption."
);

pub static EMPTY_EXEMPTION_RULE: EngineRule = engine_rule!(
    "IKP091",
    "undantag-utan-motivering",
    Error,
    "Undantaget saknar motivering",
    "The exemption has no justification",
    "## Vad den gör\nRapporterar ett `undantag` utan (eller med tom) `motivering`. Undantaget gäller då inte.\n\n## Varför\nRevisorerna måste kunna se varför en regel inte följs.\n\n## Åtgärd\nSkriv en motivering.",
    "## What it does\nReports an `undantag` without (or with an empty) `motivering`. Such an exemption does not apply.\n\n## Why\nAuditors must be able to see why a rule is not followed.\n\n## Fix\nWrite a justification."
);

pub static UNRESOLVED_PLAN_RULE: EngineRule = EngineRule(&RuleMeta {
    code: "IKP092",
    name: "plan-hittas-inte",
    default_severity: Severity::Warning,
    kinds: &[DocKind::FollowUp],
    title: StaticText {
        sv: "Planen som uppföljningen hänvisar till hittas inte",
        en: "The plan the follow-up names is not found",
    },
    basis: StaticText {
        sv: "Uppföljningen ska gå att granska mot den fastställda planen (KL 6 kap. 6 §, nämndens reglemente för intern kontroll).",
        en: "A follow-up must be reviewable against the adopted plan (KL 6:6, the committee's internal-control rules).",
    },
    doc: StaticText {
        sv: "## Vad den gör\nRapporterar ett `plan:` som inte pekar på en kontrollerad plan: filen finns inte bland de kontrollerade, värdet är tomt, pekar på uppföljningen själv, skiftläget skiljer sig från filens namn, eller planen kunde inte läsas in. Finns en kontrollerad plan för samma nämnd och år jämförs uppföljningen ändå med den (IKP105, IKP106).\n\n## Varför är det dåligt\nEn felaktig hänvisning gör att ingen kan se vilken plan uppföljningen följer upp, och jämförelsen med planen kan tyst utebli.\n\n## Grund\nKL 6 kap. 6 §; nämndens reglemente för intern kontroll.\n\n## Exempel\n```yaml\ntyp: uppföljning\nplan: Plan.yaml   # filen heter plan.yaml\n```\n\n## Åtgärd\nSkriv sökvägen till planen relativt uppföljningen, med samma stavning som filnamnet, och kontrollera planen i samma körning.",
        en: "## What it does\nReports a `plan:` that does not point at a checked plan: the file is not among those checked, the value is empty, points at the follow-up itself, differs from the file name in case, or the plan failed to load. When a checked plan of the same nämnd and year exists, the follow-up is still compared with it (IKP105, IKP106).\n\n## Why it is bad\nA wrong reference hides which plan the follow-up follows up, and the comparison with the plan may silently not happen.\n\n## Basis\nKL 6:6; the committee's internal-control rules.\n\n## Example\n```yaml\ntyp: uppföljning\nplan: Plan.yaml   # the file is plan.yaml\n```\n\n## Fix\nWrite the plan's path relative to the follow-up, spelt as the file name, and check the plan in the same run.",
    },
});

pub static READ_ERROR_RULE: EngineRule = engine_rule!(
    "IKP900",
    "lasfel",
    Error,
    "Filen kan inte läsas",
    "The file cannot be read",
    "## Vad den gör\nFilen finns inte, är en katalog, är för stor, kan inte läsas eller är inte UTF-8.\n\n## Åtgärd\nSpara filen som UTF-8-text och kontrollera sökvägen och behörigheterna.",
    "## What it does\nThe file does not exist, is a directory, is too large, cannot be read or is not UTF-8.\n\n## Fix\nSave the file as UTF-8 text and check the path and permissions."
);

pub static SYNTAX_RULE: EngineRule = engine_rule!(
    "IKP901",
    "syntaxfel",
    Error,
    "Filen är inte giltig YAML eller JSON",
    "The file is not valid YAML or JSON",
    "## Vad den gör\nYAML- eller JSON-syntaxen är trasig, så filen kan inte läsas alls. Meddelandet säger vad som är fel och pekar på den rad du ska ändra (inte den rad där läsaren gav upp, som ofta är raden efter).\n\n## Varför är det dåligt\nEn fil som inte kan läsas kontrolleras inte: inga andra fel i den hittas förrän syntaxen är rättad.\n\n## Vanliga orsaker och åtgärder\n- **Tabbtecken** i indraget: YAML tillåter bara mellanslag. Ersätt tabben med mellanslag.\n- **Kolon saknas**: `sannolikhet 3` ska vara `sannolikhet: 3` (kolon och mellanslag).\n- **`: ` eller ` #` i en text**: `kommentar: Resultat: stickprov …` läses som ett nytt fält, och ` #` inleder en YAML-kommentar som tyst kapar texten. Sätt texten inom citattecken: `kommentar: \"Resultat: stickprov …\"`.\n- **Fel indrag**: fälten i samma post ska stå rakt under varandra, indragna med mellanslag.\n- **`-` utan mellanslag**: en listpost skrivs `- nr: 2`, inte `-nr: 2`.\n- **En listpost där ett fält väntas**: `- nr: 1` måste stå under ett fält som `risker:`, på egen rad och indragen.\n- **Hakparentes eller klammer som inte stängs**: `[K1, K2` ska vara `[K1, K2]`.\n- **Citattecken som inte stängs**, eller text efter det avslutande citattecknet: avsluta texten med samma citattecken; ett citattecken inuti texten skrivs `\\\"`.\n- **Tecken som YAML reserverar** i början av ett värde (`@`, `` ` ``): sätt texten inom citattecken.\n\n## Exempel\n```yaml\nkommentar: \"Resultat: stickprov enligt rutin #4, 2 av 15 fakturor saknade attest.\"\n```\n\n## Åtgärd\nRätta raden som anges enligt hjälptexten och kör igen.",
    "## What it does\nThe YAML or JSON syntax is broken, so the file cannot be read at all. The message says what is wrong and points at the line to edit (not the line where the reader gave up, often the one after).\n\n## Why it is bad\nA file that cannot be read is not checked: no other problem in it is found until the syntax is fixed.\n\n## Common causes and fixes\n- **A tab** in the indentation: YAML allows only spaces. Replace the tab with spaces.\n- **A missing colon**: `sannolikhet 3` must be `sannolikhet: 3` (colon and space).\n- **`: ` or ` #` inside a text**: `kommentar: Resultat: stickprov …` is read as a new field, and ` #` starts a YAML comment that silently cuts the text. Put the text in quotes: `kommentar: \"Resultat: stickprov …\"`.\n- **Wrong indentation**: the fields of one entry stand straight below each other, indented with spaces.\n- **`-` without a space**: a list item is written `- nr: 2`, not `-nr: 2`.\n- **A list item where a field belongs**: `- nr: 1` must stand below a field such as `risker:`, on its own line and indented.\n- **An unclosed bracket or brace**: `[K1, K2` must be `[K1, K2]`.\n- **An unclosed quote**, or text after the closing quote: end the text with the same quote; a quote inside the text is written `\\\"`.\n- **Characters YAML reserves** at the start of a value (`@`, `` ` ``): put the text in quotes.\n\n## Example\n```yaml\nkommentar: \"Resultat: stickprov enligt rutin #4, 2 av 15 fakturor saknade attest.\"\n```\n\n## Fix\nCorrect the line shown as the help says and run again."
);

pub static LIMIT_RULE: EngineRule = engine_rule!(
    "IKP902",
    "grans-overskriden",
    Error,
    "Filen överskrider en gräns",
    "The file exceeds a limit",
    "## Vad den gör\nFilen är större, djupare nästlad eller har fler värden eller alias än gränserna i `[gränser]` tillåter.\n\n## Varför\nGränserna skyddar mot filer som annars skulle få kontrollen att hänga eller ta slut på minne.\n\n## Åtgärd\nDela upp filen, eller höj gränsen i ikp.toml om filen är legitim.",
    "## What it does\nThe file is larger, nested deeper, or has more values or aliases than `[gränser]` allows.\n\n## Why\nThe limits protect against files that would otherwise hang the check or exhaust memory.\n\n## Fix\nSplit the file, or raise the limit in ikp.toml if the file is legitimate."
);

pub static DUPLICATE_KEY_RULE: EngineRule = engine_rule!(
    "IKP903",
    "dubblerad-nyckel",
    Error,
    "Samma fält står två gånger",
    "The same field appears twice",
    "## Vad den gör\nSamma nyckel förekommer två gånger i samma mappning.\n\n## Varför\nDet är oklart vilket värde som gäller; YAML förbjuder det.\n\n## Åtgärd\nTa bort den ena.",
    "## What it does\nThe same key appears twice in one mapping.\n\n## Why\nIt is unclear which value applies; YAML forbids it.\n\n## Fix\nRemove one of them."
);

pub static TOO_MANY_FINDINGS_RULE: EngineRule = engine_rule!(
    "IKP904",
    "for-manga-fynd",
    Error,
    "Filen har fler fynd än som visas",
    "The file has more findings than are shown",
    "## Vad den gör\nVisar de första 10 000 fynden i en fil och sammanfattar resten i ett enda fynd: hur många fel, varningar och info som inte visas. Fyndet har den högsta nivån bland dem som inte visas, så slutkoden blir densamma som om alla hade visats.\n\n## Varför\nEn fil med tiotusentals fynd är nästan alltid ett enda systematiskt fel (en kolumn som saknas, en felaktig skala). Att skriva ut alla gör rapporterna gigantiska utan att säga mer.\n\n## Åtgärd\nRätta de fynd som visas, oftast försvinner då de flesta av de andra; kör sedan igen.",
    "## What it does\nShows the first 10,000 findings of a file and summarises the rest in one finding: how many errors, warnings and notes are not shown. It has the highest severity among those not shown, so the exit code is the same as if all had been shown.\n\n## Why\nA file with tens of thousands of findings is nearly always one systematic mistake (a missing column, a wrong scale). Printing them all makes the reports huge without saying more.\n\n## Fix\nFix the findings shown, which usually removes most of the others; then run again."
);

/// Findings shown per file; the rest become one [`TOO_MANY_FINDINGS`] finding.
///
/// A real plan or follow-up has at most a few hundred; 10,000 keeps every real document whole
/// (and the auditors' report of a 5,000-risk register intact) while bounding the output of a
/// generated or hostile file (each quoted line is cut to 200 characters as well).
pub const MAX_FINDINGS_PER_FILE: usize = 10_000;

/// Keep at most [`MAX_FINDINGS_PER_FILE`] findings per file (the first, in the sorted order),
/// and put one summary finding where the rest would start. `findings` must be sorted so that
/// each file's findings are together; the order is kept.
pub fn cap_findings(findings: &mut Vec<Finding>) {
    use std::collections::HashMap;
    let mut per_file: HashMap<FileId, usize> = HashMap::new();
    for f in findings.iter() {
        *per_file.entry(f.primary.file).or_default() += 1;
    }
    if per_file.values().all(|&n| n <= MAX_FINDINGS_PER_FILE) {
        return;
    }
    let mut seen: HashMap<FileId, usize> = HashMap::new();
    // Per file over the cap: (first dropped label, counts by severity, highest severity).
    let mut dropped: HashMap<FileId, (Label, [usize; 3], Severity)> = HashMap::new();
    let mut kept = Vec::with_capacity(findings.len().min(per_file.len() * MAX_FINDINGS_PER_FILE));
    let mut summary_at: Vec<(usize, FileId)> = Vec::new();
    for f in findings.drain(..) {
        let n = seen.entry(f.primary.file).or_default();
        *n += 1;
        if *n <= MAX_FINDINGS_PER_FILE {
            kept.push(f);
            continue;
        }
        let entry = dropped.entry(f.primary.file).or_insert_with(|| {
            summary_at.push((kept.len(), f.primary.file));
            (
                Label::new(f.primary.file, f.primary.span, Text::default()),
                [0; 3],
                f.severity,
            )
        });
        let slot = match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        entry.1[slot] += 1;
        entry.2 = entry.2.max(f.severity);
    }
    // Insert from the back so earlier positions stay right.
    for (at, file) in summary_at.into_iter().rev() {
        let Some((label, [e, w, i], severity)) = dropped.remove(&file) else {
            continue;
        };
        let total = e + w + i;
        let max = MAX_FINDINGS_PER_FILE;
        let finding = Finding::new(
            TOO_MANY_FINDINGS,
            severity,
            text!(
                "ytterligare {total} fynd i filen visas inte ({e} fel, {w} varningar, {i} info): högst {max} fynd per fil visas",
                "{total} more findings in this file are not shown ({e} errors, {w} warnings, {i} notes): at most {max} findings per file are shown"
            ),
            label,
        )
        .with_subject(Subject::new("dokument", "för många fynd"))
        .with_help(text!(
            "rätta de fynd som visas (oftast är det ett och samma fel som upprepas) och kör igen",
            "fix the findings shown (usually one mistake repeated) and run again"
        ));
        kept.insert(at, finding);
    }
    *findings = kept;
}

pub static WORKBOOK_RULE: EngineRule = engine_rule!(
    "IKP905",
    "arbetsbok",
    Error,
    "Arbetsboken kan inte läsas som ett dokument",
    "The workbook cannot be read as a document",
    "## Vad den gör\nEn arbetsbok (.xlsx, .xlsm, .xls, .ods) är krypterad, skadad, saknar rubrikrad, har celler med felvärden (#REF!, #VÄRDEFEL!) eller formler utan sparat värde som ikp inte kan räkna ut.\n\n## Varför\nEtt värde som inte kan läsas får aldrig tolkas som tomt: då skulle fel passera tyst.\n\n## Åtgärd\nRätta cellen som anges, eller spara arbetsboken i Excel eller LibreOffice så att formlernas värden sparas.",
    "## What it does\nA workbook (.xlsx, .xlsm, .xls, .ods) is encrypted, damaged, has no header row, has cells with error values (#REF!, #VALUE!) or formulas without a saved value that ikp cannot compute.\n\n## Why\nA value that cannot be read must never be taken as empty: errors would pass silently.\n\n## Fix\nCorrect the cell shown, or save the workbook in Excel or LibreOffice so that the formulas' values are saved."
);

pub static HIDDEN_SHEET_RULE: EngineRule = engine_rule!(
    "IKP906",
    "dolt-blad",
    Info,
    "Arbetsboken har dolda blad",
    "The workbook has hidden sheets",
    "## Vad den gör\nSäger att ett blad i arbetsboken är dolt. Dolda blad (och dolda rader) läses och kontrolleras som alla andra.\n\n## Varför\nDen som läser arbetsboken i Excel ser inte det som står på ett dolt blad, men det ingår i dokumentet.\n\n## Åtgärd\nVisa bladet, eller ta bort det om det inte hör till dokumentet.",
    "## What it does\nSays that a sheet of the workbook is hidden. Hidden sheets (and hidden rows) are read and checked like all others.\n\n## Why\nWhoever reads the workbook in Excel does not see what a hidden sheet holds, but it is part of the document.\n\n## Fix\nShow the sheet, or remove it if it does not belong to the document."
);

pub static SCHEMA_INVALID_RULE: EngineRule = engine_rule!(
    "IKP910",
    "ogiltigt-varde",
    Error,
    "Värdet har fel typ eller form",
    "The value has the wrong type or form",
    "## Vad den gör\nEtt värde har fel typ (text där ett tal ska stå), ett ogiltigt datum eller ett värde som inte är tillåtet.\n\n## Åtgärd\nSe hjälptexten: den anger vad som förväntas.",
    "## What it does\nA value has the wrong type (text where a number belongs), an invalid date or a value that is not allowed.\n\n## Fix\nSee the help text: it says what is expected."
);

pub static UNKNOWN_KEY_RULE: EngineRule = engine_rule!(
    "IKP911",
    "okant-falt",
    Error,
    "Okänt fält",
    "Unknown field",
    "## Vad den gör\nEtt fältnamn som formatet inte känner till, ofta en felstavning.\n\n## Varför\nEtt felstavat fält ignoreras annars tyst och uppgiften går förlorad.\n\n## Åtgärd\nAnvänd det föreslagna namnet.",
    "## What it does\nA field name the format does not know, often a misspelling.\n\n## Why\nA misspelt field would otherwise be silently ignored and its content lost.\n\n## Fix\nUse the suggested name."
);

pub static MISSING_FIELD_RULE: EngineRule = engine_rule!(
    "IKP912",
    "obligatoriskt-falt-saknas",
    Error,
    "Obligatoriskt fält saknas",
    "Required field missing",
    "## Vad den gör\nEtt fält som formatet kräver saknas, till exempel `nämnd`, `år` eller en risks `nr`.\n\n## Åtgärd\nLägg till fältet.",
    "## What it does\nA field the format requires is missing, e.g. `nämnd`, `år` or a risk's `nr`.\n\n## Fix\nAdd the field."
);

pub static CONFIG_ERROR_RULE: EngineRule = engine_rule!(
    "IKP920",
    "konfigurationsfel",
    Error,
    "Konfigurationen kan inte användas",
    "The configuration cannot be used",
    "## Vad den gör\n`ikp.toml` kan inte läsas, har okända nycklar eller namnger en okänd profil eller regel.\n\n## Åtgärd\nRätta ikp.toml; schemat finns i schemas/config.schema.json.",
    "## What it does\n`ikp.toml` cannot be read, has unknown keys, or names an unknown profile or rule.\n\n## Fix\nCorrect ikp.toml; its schema is schemas/config.schema.json."
);

pub const STALE_EXEMPTION: &str = "IKP090";
pub const EMPTY_EXEMPTION: &str = "IKP091";
pub const READ_ERROR: &str = "IKP900";
pub const SYNTAX: &str = "IKP901";
pub const LIMIT: &str = "IKP902";
pub const DUPLICATE_KEY: &str = "IKP903";
pub const TOO_MANY_FINDINGS: &str = "IKP904";
pub const WORKBOOK: &str = "IKP905";
pub const HIDDEN_SHEET: &str = "IKP906";
pub const SCHEMA_INVALID: &str = "IKP910";
pub const UNKNOWN_KEY: &str = "IKP911";
pub const MISSING_FIELD: &str = "IKP912";
pub const CONFIG_ERROR: &str = "IKP920";
pub const UNRESOLVED_PLAN: &str = "IKP092";

/// The loading, schema and configuration codes (IKP9xx). They say that a document's rules did
/// not run, so `[regler]` cannot turn them off or down and a baseline never sets them aside.
pub fn is_loading_code(code: &str) -> bool {
    code.get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("IKP9"))
}
