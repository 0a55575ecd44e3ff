//! Validation of the untyped spanned tree against the kind's JSON Schema, with each error
//! mapped back to the exact value (or key) and phrased in plain Swedish.

use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{JsonType, ValidationError, Validator};

use super::instance::TreeJson;
use super::schema_for;
use crate::finding::Text;
use crate::model::DocKind;
use crate::source::Span;
use crate::text;
use crate::tree::{Node, Value};

/// Which built-in code a schema problem is reported under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaProblem {
    /// Wrong type, bad format, value not allowed.
    Invalid,
    /// A key the schema does not know.
    UnknownKey,
    /// A required field is missing.
    Missing,
}

/// One schema error, already located and phrased.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaError {
    pub problem: SchemaProblem,
    pub span: Span,
    pub message: Text,
    pub help: Option<Text>,
    /// The JSON pointer of the value, for machines.
    pub pointer: String,
}

/// At most this many schema errors are described per document; the rest are counted in one
/// closing error. A file that is wrong everywhere (a pasted export, a hostile file) would
/// otherwise flood the output and cost time per error without telling the reader more.
pub const MAX_SCHEMA_ERRORS: usize = 200;

type TreeValidator = Validator<TreeJson>;

fn validator(kind: DocKind) -> &'static Result<TreeValidator, String> {
    static PLAN: OnceLock<Result<TreeValidator, String>> = OnceLock::new();
    static FOLLOW_UP: OnceLock<Result<TreeValidator, String>> = OnceLock::new();
    static KS: OnceLock<Result<TreeValidator, String>> = OnceLock::new();
    let cell = match kind {
        DocKind::Plan => &PLAN,
        DocKind::FollowUp => &FOLLOW_UP,
        DocKind::KsPoints => &KS,
    };
    cell.get_or_init(|| {
        // The validator reads the spanned tree itself (see `instance.rs`): no JSON copy.
        jsonschema::options_for::<TreeJson>()
            .should_validate_formats(true)
            .build(schema_json(kind))
            .map_err(|e| e.to_string())
    })
}

/// The kind's schema as JSON, built once (it also serves the "did you mean" help).
fn schema_json(kind: DocKind) -> &'static serde_json::Value {
    static PLAN: OnceLock<serde_json::Value> = OnceLock::new();
    static FOLLOW_UP: OnceLock<serde_json::Value> = OnceLock::new();
    static KS: OnceLock<serde_json::Value> = OnceLock::new();
    let cell = match kind {
        DocKind::Plan => &PLAN,
        DocKind::FollowUp => &FOLLOW_UP,
        DocKind::KsPoints => &KS,
    };
    cell.get_or_init(|| serde_json::Value::from(schema_for(kind)))
}

/// Validate a document tree. An empty result means the tree is well-formed for its kind.
pub fn validate(kind: DocKind, root: &Node) -> Vec<SchemaError> {
    let validator = match validator(kind) {
        Ok(v) => v,
        Err(message) => {
            // Only reachable if the generated schema itself is broken: a bug, reported as such.
            return vec![SchemaError {
                problem: SchemaProblem::Invalid,
                span: root.span,
                message: text!(
                    "internt fel: schemat för {kind} kan inte användas: {message}",
                    "internal error: the schema for {kind} is unusable: {message}"
                ),
                help: None,
                pointer: String::new(),
            }];
        }
    };
    // Almost every document is valid: the boolean check is much cheaper than collecting
    // errors, so errors are only collected when there are some.
    if validator.is_valid(root) {
        return Vec::new();
    }
    let mut errors: Vec<SchemaError> = Vec::new();
    let mut more = 0usize;
    for error in validator.iter_errors(root) {
        if errors.len() >= MAX_SCHEMA_ERRORS {
            more += error_count(&error);
            continue;
        }
        let budget = MAX_SCHEMA_ERRORS - errors.len();
        let (described, skipped) = describe(root, &error, budget);
        errors.extend(described);
        more += skipped;
    }
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    errors.dedup_by(|a, b| a.span == b.span && a.message == b.message);
    if errors.len() > MAX_SCHEMA_ERRORS {
        more += errors.len() - MAX_SCHEMA_ERRORS;
        errors.truncate(MAX_SCHEMA_ERRORS);
    }
    if more > 0 {
        errors.push(SchemaError {
            problem: SchemaProblem::Invalid,
            span: root.span,
            message: text!(
                "ytterligare {more} fel i dokumentet visas inte (högst {MAX_SCHEMA_ERRORS} visas)",
                "{more} more errors in the document are not shown (at most {MAX_SCHEMA_ERRORS} are)"
            ),
            help: Some(text!(
                "rätta felen ovan och kör igen",
                "correct the errors above and run again"
            )),
            pointer: String::new(),
        });
    }
    errors
}

/// How many problems one validator error stands for (a mapping's unknown keys are one error).
fn error_count(error: &ValidationError<'_>) -> usize {
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected.len().max(1),
        _ => 1,
    }
}

/// The errors one validator error gives, at most `budget` of them, and how many were left out.
fn describe(root: &Node, error: &ValidationError<'_>, budget: usize) -> (Vec<SchemaError>, usize) {
    if let ValidationErrorKind::AdditionalProperties { unexpected } = error.kind()
        && unexpected.len() > budget
    {
        let shown = describe_one(root, error, budget);
        return (shown, unexpected.len() - budget);
    }
    (describe_one(root, error, budget), 0)
}

fn describe_one(root: &Node, error: &ValidationError<'_>, budget: usize) -> Vec<SchemaError> {
    let path: Vec<String> = error
        .instance_path()
        .iter()
        .map(|s| match s {
            LocationSegment::Property(p) => p.to_string(),
            LocationSegment::Index(i) => i.to_string(),
        })
        .collect();
    let pointer = error.instance_path().as_str().to_string();
    let node = root.locate(&path);
    let field = path
        .iter()
        .rev()
        .find(|s| s.parse::<usize>().is_err())
        .cloned()
        .unwrap_or_else(|| "dokumentet".to_string());
    let shown = show(node);
    let one = |problem, span, message, help| {
        vec![SchemaError {
            problem,
            span,
            message,
            help,
            pointer: pointer.clone(),
        }]
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
            .iter()
            .take(budget)
            .map(|key| {
                let span = node.entry(key).map(|e| e.key.span).unwrap_or(node.span);
                let known = known_keys(root, &path);
                let help = alias(key, &known).or_else(|| {
                    nearest(key, &known)
                        .map(|near| text!("menade du «{near}»?", "did you mean «{near}»?"))
                });
                // `- Rutin: ny tas fram` is a text YAML split at `: `, not a misspelt field.
                let help = help.or_else(|| {
                    let value = node.get(key).and_then(Node::as_str)?;
                    let looks_like_text = key.contains(' ')
                        || key.chars().next().is_some_and(char::is_uppercase);
                    let quoted = format!("{key}: {value}")
                        .replace('\\', "\\\\")
                        .replace('"', "\\\"");
                    let in_list = path.last().is_some_and(|s| s.parse::<usize>().is_ok());
                    let main = path.iter().rev().nth(1).and_then(|l| main_field(l));
                    looks_like_text.then(|| match main.filter(|_| in_list) {
                        Some(main) => text!(
                            "är det en text med «: »? Skriv den i fältet «{main}», inom citattecken: «- {main}: \"{quoted}\"»",
                            "is it a text with «: »? Write it in the field «{main}», in quotes: «- {main}: \"{quoted}\"»"
                        ),
                        None => text!(
                            "är det en text med «: »? Skriv den inom citattecken i det fält den hör till: \"{quoted}\"",
                            "is it a text with «: »? Write it in quotes in the field it belongs to: \"{quoted}\""
                        ),
                    })
                });
                let help = help.or_else(|| {
                    (!known.is_empty()).then(|| {
                        let list = known.join(", ");
                        text!("kända fält här: {list}", "known fields here: {list}")
                    })
                });
                SchemaError {
                    problem: SchemaProblem::UnknownKey,
                    span,
                    message: text!("okänt fält «{key}»", "unknown field «{key}»"),
                    help,
                    pointer: format!("{pointer}/{key}"),
                }
            })
            .collect(),
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or("?").to_string();
            // Point at the mapping's first line rather than the whole mapping.
            let span = Span::new(node.span.start as usize, node.span.start as usize);
            let where_sv = place_sv(&field);
            let where_en = place_en(&field);
            one(
                SchemaProblem::Missing,
                span,
                text!(
                    "fältet «{name}» saknas i {where_sv}",
                    "the field «{name}» is missing in {where_en}"
                ),
                Some(text!("lägg till «{name}: …»", "add «{name}: …»")),
            )
        }
        ValidationErrorKind::Type { .. } if crate::model::words_of_field(&field).is_some() => {
            let allowed = crate::model::words_of_field(&field).unwrap_or_default();
            let found = node.kind_name();
            let found_en = kind_name_en(node);
            one(
                SchemaProblem::Invalid,
                node.span,
                text!(
                    "«{field}» ska vara ett av de tillåtna orden, men är {found}{shown}",
                    "«{field}» must be one of the allowed words, but is {found_en}{shown}"
                ),
                Some(allowed_help(&allowed)),
            )
        }
        ValidationErrorKind::Pattern { pattern } => {
            let allowed = crate::model::words_of_pattern(pattern);
            one(
                SchemaProblem::Invalid,
                node.span,
                text!(
                    "«{field}» har ett värde som inte är tillåtet{shown}",
                    "«{field}» has a value that is not allowed{shown}"
                ),
                allowed.map(|allowed| allowed_help(&allowed)),
            )
        }
        ValidationErrorKind::Type { kind } => {
            let expected_sv = type_names(kind, true);
            // A text where an entry of a list belongs: say which field the text goes in.
            let list = path
                .iter()
                .rev()
                .nth(1)
                .filter(|_| path.last().is_some_and(|s| s.parse::<usize>().is_ok()));
            let main = list.and_then(|l| main_field(l)).filter(|_| {
                matches!(node.value, Value::Str(_)) && type_includes(kind, JsonType::Object)
            });
            if let (Some(main), Value::Str(s)) = (main, &node.value) {
                let found = node.kind_name();
                let found_en = kind_name_en(node);
                let list = list.cloned().unwrap_or_default();
                return one(
                    SchemaProblem::Invalid,
                    node.span,
                    text!(
                        "en post i «{list}» ska vara en mappning (fält: värde), men är {found}{shown}",
                        "an entry of «{list}» must be a mapping (field: value), but is {found_en}{shown}"
                    ),
                    Some(text!(
                        "skriv texten i fältet «{main}»: «- {main}: {s}»",
                        "write the text in the field «{main}»: «- {main}: {s}»"
                    )),
                );
            }
            let expected_en = type_names(kind, false);
            let found = node.kind_name();
            let found_en = kind_name_en(node);
            one(
                SchemaProblem::Invalid,
                node.span,
                text!(
                    "«{field}» ska vara {expected_sv}, men är {found}{shown}",
                    "«{field}» must be {expected_en}, but is {found_en}{shown}"
                ),
                type_help(kind, node),
            )
        }
        ValidationErrorKind::Enum { options }
        | ValidationErrorKind::Constant {
            expected_value: options,
        } => {
            let allowed = allowed_list(options);
            one(
                SchemaProblem::Invalid,
                node.span,
                text!(
                    "«{field}» har ett värde som inte är tillåtet{shown}",
                    "«{field}» has a value that is not allowed{shown}"
                ),
                Some(text!(
                    "tillåtna värden: {allowed}",
                    "allowed values: {allowed}"
                )),
            )
        }
        ValidationErrorKind::Format { format } if format == "date" => one(
            SchemaProblem::Invalid,
            node.span,
            text!(
                "«{field}» är inget giltigt datum{shown}",
                "«{field}» is not a valid date{shown}"
            ),
            Some(text!(
                "skriv datum som ÅÅÅÅ-MM-DD med en dag som finns, till exempel 2024-12-12",
                "write dates as YYYY-MM-DD with a day that exists, e.g. 2024-12-12"
            )),
        ),
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // Report the alternative that came closest: the one with the fewest errors.
            let best = context.iter().min_by_key(|errors| errors.len());
            match best {
                Some(errors) if !errors.is_empty() => errors
                    .iter()
                    .flat_map(|e| describe_one(root, e, budget))
                    .take(budget)
                    .collect(),
                _ => one(
                    SchemaProblem::Invalid,
                    node.span,
                    text!(
                        "«{field}» har inte en tillåten form{shown}",
                        "«{field}» does not have an allowed shape{shown}"
                    ),
                    None,
                ),
            }
        }
        other => {
            let detail = error.to_string();
            let _ = other;
            one(
                SchemaProblem::Invalid,
                node.span,
                text!(
                    "«{field}» är inte giltigt: {detail}",
                    "«{field}» is not valid: {detail}"
                ),
                None,
            )
        }
    }
}

fn show(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => {
            let short: String = s.chars().take(40).collect();
            let ellipsis = if s.chars().count() > 40 { "…" } else { "" };
            format!(" («{short}{ellipsis}»)")
        }
        Value::Int(i) => format!(" ({i})"),
        Value::Float(f) => format!(" ({f})"),
        Value::Bool(b) => format!(" ({b})"),
        _ => String::new(),
    }
}

fn place_sv(field: &str) -> String {
    if field == "dokumentet" {
        "dokumentet".to_string()
    } else {
        format!("«{field}»")
    }
}

fn place_en(field: &str) -> String {
    if field == "dokumentet" {
        "the document".to_string()
    } else {
        format!("«{field}»")
    }
}

fn kind_name_en(node: &Node) -> &'static str {
    match &node.value {
        Value::Null => "empty",
        Value::Bool(_) => "a true/false value",
        Value::Int(_) => "an integer",
        Value::Float(_) => "a decimal number",
        Value::Str(_) => "text",
        Value::Seq(_) => "a list",
        Value::Map(_) => "a mapping",
    }
}

fn type_names(kind: &TypeKind, sv: bool) -> String {
    let names: Vec<&str> = match kind {
        TypeKind::Single(t) => vec![type_name(*t, sv)],
        TypeKind::Multiple(set) => set
            .iter()
            .filter(|t| *t != JsonType::Null)
            .map(|t| type_name(t, sv))
            .collect(),
    };
    let or = if sv { " eller " } else { " or " };
    names.join(or)
}

fn type_name(t: JsonType, sv: bool) -> &'static str {
    match (t, sv) {
        (JsonType::Null, true) => "tomt",
        (JsonType::Null, false) => "empty",
        (JsonType::Boolean, true) => "sant eller falskt",
        (JsonType::Boolean, false) => "true or false",
        (JsonType::Integer, true) => "ett heltal",
        (JsonType::Integer, false) => "a whole number",
        (JsonType::Number, true) => "ett tal",
        (JsonType::Number, false) => "a number",
        (JsonType::String, true) => "text",
        (JsonType::String, false) => "text",
        (JsonType::Array, true) => "en lista",
        (JsonType::Array, false) => "a list",
        (JsonType::Object, true) => "en mappning (fält: värde)",
        (JsonType::Object, false) => "a mapping (field: value)",
    }
}

fn type_help(kind: &TypeKind, node: &Node) -> Option<Text> {
    let wants_integer = match kind {
        TypeKind::Single(t) => *t == JsonType::Integer,
        TypeKind::Multiple(set) => {
            set.contains(JsonType::Integer) && !set.contains(JsonType::String)
        }
    };
    match (&node.value, wants_integer) {
        // `mål: 3.1` is read as a decimal number, and `3.10` would become 3.1: a number with a
        // point is only unambiguous as text.
        (Value::Float(_), false) if type_includes(kind, JsonType::String) => Some(text!(
            "ett nummer med punkt, som 3.1, läses som ett decimaltal; skriv det inom citattecken, till exempel \"3.1\"",
            "a number with a point, such as 3.1, is read as a decimal number; write it in quotes, e.g. \"3.1\""
        )),
        (Value::Str(s), true) => {
            let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
            Some(if digits.is_empty() {
                text!(
                    "skriv talet, till exempel 3, inte nivåns namn",
                    "write the number, e.g. 3, not the level's name"
                )
            } else {
                text!(
                    "skriv bara talet: {digits}",
                    "write only the number: {digits}"
                )
            })
        }
        (Value::Float(f), true) => {
            let (below, above) = (f.floor(), f.ceil());
            Some(text!(
                "skriv ett heltal utan decimaler, till exempel {below} eller {above}",
                "write a whole number without decimals, e.g. {below} or {above}"
            ))
        }
        (Value::Seq(_), false) | (Value::Map(_), false) => None,
        _ => None,
    }
}

/// The field holding the main text of an entry of a list, for "write it as …" help.
fn main_field(list: &str) -> Option<&'static str> {
    Some(match list {
        "åtgärder" => "åtgärd",
        "risker" => "händelse",
        "kontroller" => "kontrollaktivitet",
        "tillfällen" => "kommentar",
        "punkter" => "titel",
        "mål" => "text",
        _ => return None,
    })
}

fn type_includes(kind: &TypeKind, t: JsonType) -> bool {
    match kind {
        TypeKind::Single(single) => *single == t,
        TypeKind::Multiple(set) => set.contains(t),
    }
}

fn allowed_help(allowed: &str) -> Text {
    text!(
        "tillåtna värden: {allowed} (stora eller små bokstäver spelar ingen roll)",
        "allowed values: {allowed} (upper or lower case does not matter)"
    )
}

fn allowed_list(options: &serde_json::Value) -> String {
    match options {
        serde_json::Value::Array(items) => items
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => format!("«{s}»"),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        serde_json::Value::String(s) => format!("«{s}»"),
        other => other.to_string(),
    }
}

/// The keys the schema allows at a path, for "did you mean" help.
fn known_keys(root: &Node, path: &[String]) -> Vec<String> {
    let kind = root
        .get("typ")
        .and_then(Node::as_str)
        .and_then(DocKind::from_typ);
    let Some(kind) = kind else {
        return Vec::new();
    };
    let schema = schema_json(kind);
    let mut current = schema;
    for segment in path {
        current = resolve(schema, current);
        if segment.parse::<usize>().is_ok() {
            match current.get("items") {
                Some(items) => current = items,
                None => return Vec::new(),
            }
        } else {
            match current.get("properties").and_then(|p| p.get(segment)) {
                Some(next) => current = next,
                None => return Vec::new(),
            }
        }
    }
    let current = resolve(schema, current);
    current
        .get("properties")
        .and_then(serde_json::Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Follow a local `$ref` (and the `anyOf: [{$ref}, {type: null}]` form of optional values).
fn resolve<'a>(
    root: &'a serde_json::Value,
    mut node: &'a serde_json::Value,
) -> &'a serde_json::Value {
    for _ in 0..8 {
        if let Some(r) = node.get("$ref").and_then(serde_json::Value::as_str) {
            let pointer = r.trim_start_matches('#');
            match root.pointer(pointer) {
                Some(target) => node = target,
                None => return node,
            }
        } else if let Some(first) = node
            .get("anyOf")
            .and_then(serde_json::Value::as_array)
            .and_then(|alts| alts.iter().find(|a| a.get("$ref").is_some()))
        {
            node = first;
        } else {
            return node;
        }
    }
    node
}

/// Names people use for a field that are not near it in spelling: (name as written, folded;
/// the field; why, in Swedish and English). Used only where the field is allowed.
const ALIASES: &[(&str, &str, &str, &str)] = &[
    (
        "id",
        "kontroll",
        "i en uppföljning anges planens kontroll med «kontroll: K1»",
        "in a follow-up the plan's control is given as «kontroll: K1»",
    ),
    (
        "tillfalle",
        "period",
        "ett tillfälle anges med «period: T1» (eller T2, VB)",
        "an occasion is given as «period: T1» (or T2, VB)",
    ),
    (
        "tertial",
        "period",
        "ett tillfälle anges med «period: T1» (eller T2, VB)",
        "an occasion is given as «period: T1» (or T2, VB)",
    ),
    (
        "resultat",
        "kommentar",
        "resultatet av kontrollen skrivs i «kommentar»",
        "the control's result is written in «kommentar»",
    ),
    (
        "beskrivning",
        "kommentar",
        "beskrivningen av resultatet skrivs i «kommentar»",
        "the description of the result is written in «kommentar»",
    ),
    (
        "analys",
        "kommentar",
        "analysen av ett tillfälle skrivs i «kommentar»",
        "the analysis of an occasion is written in «kommentar»",
    ),
    (
        "kontrollmoment",
        "kontrollaktivitet",
        "kontrollmomentet heter «kontrollaktivitet»",
        "the control step is called «kontrollaktivitet»",
    ),
    (
        "oonskad handelse",
        "händelse",
        "den oönskade händelsen heter «händelse»",
        "the unwanted event is called «händelse»",
    ),
    (
        "oonskad_handelse",
        "händelse",
        "den oönskade händelsen heter «händelse»",
        "the unwanted event is called «händelse»",
    ),
    (
        "kategori",
        "område",
        "kategorin eller delområdet heter «område»",
        "the category or sub-area is called «område»",
    ),
    (
        "delomrade",
        "område",
        "kategorin eller delområdet heter «område»",
        "the category or sub-area is called «område»",
    ),
    (
        "s",
        "sannolikhet",
        "S skrivs «sannolikhet»",
        "S is written «sannolikhet»",
    ),
    (
        "k",
        "konsekvens",
        "K skrivs «konsekvens»",
        "K is written «konsekvens»",
    ),
    (
        "rv",
        "riskvärde",
        "RV skrivs «riskvärde»",
        "RV is written «riskvärde»",
    ),
    (
        "atgard",
        "åtgärder",
        "åtgärderna skrivs som en lista under «åtgärder»",
        "the actions are written as a list under «åtgärder»",
    ),
    (
        "beslutad",
        "fastställd",
        "datumet för nämndens beslut heter «fastställd»",
        "the date of the committee's decision is called «fastställd»",
    ),
    (
        "datum",
        "fastställd",
        "datumet för nämndens beslut heter «fastställd»",
        "the date of the committee's decision is called «fastställd»",
    ),
];

/// The field an alias stands for, when that field is allowed here.
fn alias(key: &str, known: &[String]) -> Option<Text> {
    let folded = fold(key.trim());
    ALIASES
        .iter()
        .find(|(name, field, _, _)| *name == folded && known.iter().any(|k| k == field))
        .map(|(_, field, sv, en)| {
            let (sv, en) = (capitalised(sv), capitalised(en));
            text!("menade du «{field}»? {sv}", "did you mean «{field}»? {en}")
        })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The known key closest to a misspelt one, when it is close enough to be a likely typo.
fn nearest(key: &str, known: &[String]) -> Option<String> {
    let folded = fold(key);
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&folded, &fold(k)), k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.clone())
}

/// Lowercase and without Swedish diacritics, so `namnd` finds `nämnd`.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::tree::{Limits, parse};
    use std::path::Path;

    fn errors(text: &str) -> (SourceFile, Vec<SchemaError>) {
        let file = SourceFile::new(Path::new("t.yaml"), text.to_string());
        let root = parse(&file, &Limits::default()).unwrap().unwrap();
        let kind = DocKind::from_typ(root.get("typ").unwrap().as_str().unwrap()).unwrap();
        let errors = validate(kind, &root);
        (file, errors)
    }

    #[test]
    fn wrong_type_is_reported_at_the_value() {
        let text = "typ: plan\nnämnd: N\når: 2025\nrisker:\n  - nr: 1\n    sannolikhet: tre\n";
        let (file, errs) = errors(text);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(file.slice(errs[0].span), "tre");
        assert!(
            errs[0].message.sv.contains("sannolikhet"),
            "{:?}",
            errs[0].message
        );
    }

    #[test]
    fn unknown_key_suggests_the_nearest_known_one() {
        let text = "typ: plan\nnamnd: N\når: 2025\n";
        let (file, errs) = errors(text);
        let unknown = errs
            .iter()
            .find(|e| e.problem == SchemaProblem::UnknownKey)
            .unwrap();
        assert_eq!(file.slice(unknown.span), "namnd");
        assert!(unknown.help.as_ref().unwrap().sv.contains("nämnd"));
    }

    #[test]
    fn impossible_dates_are_reported() {
        let text = "typ: plan\nnämnd: N\når: 2025\nfastställd: 2025-02-30\n";
        let (file, errs) = errors(text);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(file.slice(errs[0].span), "2025-02-30");
    }

    #[test]
    fn enum_errors_list_the_allowed_values() {
        let text = "typ: plan\nnämnd: N\når: 2025\nrisker:\n  - nr: 1\n    ikp: kanske\n";
        let (_, errs) = errors(text);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].help.as_ref().unwrap().sv.contains("«ja»"),
            "{errs:?}"
        );
    }
}
