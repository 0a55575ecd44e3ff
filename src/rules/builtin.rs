//! Codes the engine itself reports: documents that cannot be read, parsed or validated,
//! configuration errors and exemptions that are themselves wrong. They live in the registry
//! like every rule, so `ikp explain IKP911` and SARIF's rule list know them, but their
//! "check" runs in the engine, not on a typed document.

use super::{Context, Rule, RuleMeta, StaticText};
use crate::finding::{Finding, Severity};
use crate::model::DocKind;

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
    "## Vad den gör\nYAML- eller JSON-syntaxen är trasig, till exempel fel indrag eller ett citattecken som inte stängs.\n\n## Åtgärd\nRätta syntaxen på den rad som anges.",
    "## What it does\nThe YAML or JSON syntax is broken, e.g. wrong indentation or an unclosed quote.\n\n## Fix\nCorrect the syntax at the line shown."
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
pub const WORKBOOK: &str = "IKP905";
pub const HIDDEN_SHEET: &str = "IKP906";
pub const SCHEMA_INVALID: &str = "IKP910";
pub const UNKNOWN_KEY: &str = "IKP911";
pub const MISSING_FIELD: &str = "IKP912";
pub const CONFIG_ERROR: &str = "IKP920";
