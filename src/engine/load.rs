//! Loading one file: read (within limits), parse to the spanned tree, recognise the kind,
//! validate against the schema and deserialize the typed model. Every failure becomes a
//! finding on that file; nothing here stops the run.

use std::io::Read;
use std::path::Path;

use crate::config::Config;
use crate::finding::{Finding, Label, Severity, Subject, Text};
use crate::model::{DocKind, Document};
use crate::rules::{
    DUPLICATE_KEY, LIMIT, MISSING_FIELD, READ_ERROR, SCHEMA_INVALID, SYNTAX, UNKNOWN_KEY,
};
use crate::schema::{SchemaProblem, validate};
use crate::source::{FileId, SourceFile, Span};
use crate::text;
use crate::tree::{LoadErrorKind, Node, from_node_owned};

pub(super) enum State {
    Loaded(Box<Document>),
    /// Not an ikp document (another YAML file in the repository).
    Skipped,
    /// Could not be read or parsed: the run exits with code 2.
    Unreadable,
    /// Parsed, but not well-formed: findings say why; rules do not run on it.
    Invalid,
}

/// What loading one file gave.
pub(super) struct Loaded {
    pub source: SourceFile,
    pub state: State,
    pub findings: Vec<Finding>,
}

fn finding(code: &'static str, file: FileId, span: Span, message: Text) -> Finding {
    Finding::new(
        code,
        Severity::Error,
        message,
        Label::new(file, span, Text::default()),
    )
    .with_subject(Subject::new(crate::rules::entity::DOCUMENT, code))
}

#[cfg(feature = "fs")]
pub(super) fn read_error(file: FileId, message: Text) -> Finding {
    finding(READ_ERROR, file, Span::default(), message)
}

pub(super) fn load_file(
    file: FileId,
    path: &Path,
    explicit: bool,
    content: Option<Vec<u8>>,
    config: &Config,
) -> Loaded {
    let limits = &config.limits;
    if let Some(ext) = crate::workbook::extension(path) {
        return load_workbook(file, path, &ext, explicit, content, config);
    }
    let text = match content {
        Some(bytes) => in_memory_text(bytes, limits.max_byte),
        None => read_text(path, limits.max_byte),
    };
    let text = match text {
        Ok(text) => text,
        Err(NotText { message, shown }) => {
            // Keep what can be shown (the valid part of a non-UTF-8 file) so the finding can
            // point at the line; the file itself is not checked.
            let span = shown
                .as_ref()
                .map(|(_, at)| Span::new(*at, *at))
                .unwrap_or_default();
            let text = shown.map(|(text, _)| text).unwrap_or_default();
            return Loaded {
                source: SourceFile::new(path, text),
                state: State::Unreadable,
                findings: vec![finding(READ_ERROR, file, span, message)],
            };
        }
    };
    let source = SourceFile::new(path, text);
    let fail = |source: SourceFile, state: State, findings: Vec<Finding>| Loaded {
        source,
        state,
        findings,
    };

    let root = match super::surrogates::parse(&source, limits) {
        Ok(Some(root)) => root,
        Ok(None) => {
            // An empty file (or only comments) is not a document; named on the command line it
            // deserves a word, found in a walk it is skipped like any other YAML.
            return if explicit {
                let f = finding(
                    SYNTAX,
                    file,
                    Span::default(),
                    text!(
                        "filen är tom: den innehåller inget dokument",
                        "the file is empty: it holds no document"
                    ),
                );
                fail(source, State::Unreadable, vec![f])
            } else {
                fail(source, State::Skipped, Vec::new())
            };
        }
        Err(e) => {
            // Any .yaml/.yml/.json that does not parse is reported, named or found in a walk
            // (as Ruff reports a syntax error in any file it walks): whether it was meant to
            // be a document cannot be told from a broken file. `exclude` in ikp.toml is the
            // way to leave a file out.
            let (code, state, message) = describe_load_error(&e.kind);
            let mut f = finding(code, file, e.span, message);
            if let LoadErrorKind::Syntax(syntax) = &e.kind {
                f.help = syntax.help.clone();
            }
            if let LoadErrorKind::Limit { what, .. } = &e.kind {
                f.help = Some(text!(
                    "dela upp filen, eller höj gränsen om filen är riktig: skriv [\"gränser\"] och {what} = … i ikp.toml",
                    "split the file, or raise the limit if the file is genuine: write [\"gränser\"] and {what} = … in ikp.toml"
                ));
            }
            if let LoadErrorKind::DuplicateKey { first, key } = &e.kind {
                // Which key is doubled is what the finding is about (for baselines).
                f.subject.content = format!("{code}|{key}");
                f = f.with_secondary(Label::new(
                    file,
                    *first,
                    text!("första gången här", "first here"),
                ));
                f.help = Some(text!(
                    "ta bort den ena; båda kan inte gälla",
                    "remove one of them; both cannot apply"
                ));
            }
            return fail(source, state, vec![f]);
        }
    };

    finish(file, source, root, explicit, Vec::new())
}

/// A workbook: its cells become the same spanned tree as a YAML file, over a text that
/// shows the cells (see `crate::workbook`); from the tree on, loading is the same.
fn load_workbook(
    file: FileId,
    path: &Path,
    ext: &str,
    explicit: bool,
    content: Option<Vec<u8>>,
    config: &Config,
) -> Loaded {
    let limits = &config.limits;
    let unreadable = |code: &'static str, message: Text| Loaded {
        source: SourceFile::new(path, String::new()),
        state: State::Unreadable,
        findings: vec![finding(code, file, Span::default(), message)],
    };
    // In memory (the browser page) the bytes are given; the same limit holds.
    let bytes = match content {
        Some(bytes) if bytes.len() as u64 > limits.max_byte => {
            let size = bytes.len() as u64;
            return unreadable(LIMIT, too_large(size, limits.max_byte).message);
        }
        Some(bytes) => bytes,
        None => match read_bytes(path, limits.max_byte) {
            Ok(bytes) => bytes,
            Err(NotText { message, .. }) => return unreadable(READ_ERROR, message),
        },
    };
    let built = match crate::workbook::load(&bytes, ext, config) {
        Ok(built) => built,
        Err(e) if e.limit => return unreadable(LIMIT, e.message),
        Err(e) => return unreadable(crate::rules::WORKBOOK, e.message),
    };
    let source = SourceFile::workbook(path, built.text, built.cells);
    let problems: Vec<Finding> = built
        .problems
        .into_iter()
        .map(|p| {
            let mut f = finding(p.code, file, p.span, p.message)
                .with_subject(Subject::new(crate::rules::entity::DOCUMENT, p.content));
            f.severity = p.severity;
            f.help = p.help;
            f
        })
        .collect();
    let Some(root) = built.root.filter(|_| built.looks_ours || explicit) else {
        if explicit {
            // Named on the command line, a workbook with nothing ikp recognises deserves a
            // word: what it looked for and what it saw.
            let f = problems;
            return Loaded {
                source,
                state: State::Invalid,
                findings: if f.is_empty() {
                    vec![finding(
                        crate::rules::WORKBOOK,
                        file,
                        Span::default(),
                        text!(
                            "arbetsboken innehåller ingen tabell som ikp känner igen (ingen rubrikrad och inga uppgifter som Nämnd: eller År:)",
                            "the workbook holds no table ikp recognises (no header row and no entries such as Nämnd: or År:)"
                        ),
                    )]
                } else {
                    f
                },
            };
        }
        return Loaded {
            source,
            state: State::Skipped,
            findings: Vec::new(),
        };
    };
    let blocking = problems
        .iter()
        .any(|f| f.rule == crate::rules::WORKBOOK && f.subject.content == "ingen-rubrikrad");
    if blocking {
        return Loaded {
            source,
            state: State::Invalid,
            findings: problems,
        };
    }
    let mut loaded = finish(file, source, root, explicit, problems);
    // A missing field whose label stands empty in the metadata block (`Nämnd:` in an
    // untouched template) is shown at that label.
    for f in &mut loaded.findings {
        if f.rule != MISSING_FIELD {
            continue;
        }
        for (key, span) in &built.empty_labels {
            if f.message
                .sv
                .contains(&format!("«{key}» saknas i dokumentet"))
            {
                f.primary.span = *span;
                f.help = Some(text!(
                    "fyll i cellen till höger om rubriken",
                    "fill in the cell to the right of the label"
                ));
            }
        }
    }
    loaded
}

/// Recognise, validate and deserialize a parsed tree. `earlier` are findings of reading it,
/// kept whatever happens next.
fn finish(
    file: FileId,
    source: SourceFile,
    root: Node,
    explicit: bool,
    earlier: Vec<Finding>,
) -> Loaded {
    let fail = |source: SourceFile, state: State, mut findings: Vec<Finding>| {
        let mut all = earlier.clone();
        all.append(&mut findings);
        Loaded {
            source,
            state,
            findings: all,
        }
    };
    let kind = match recognise(&root) {
        Recognised::Kind(kind) => kind,
        Recognised::NotOurs if explicit => {
            // Named on the command line: the user meant it to be checked.
            let f = finding(MISSING_FIELD, file, Span::new(0, 0), not_a_document());
            return fail(source, State::Unreadable, vec![f]);
        }
        Recognised::NotOurs => return fail(source, State::Skipped, Vec::new()),
        Recognised::MissingTyp(suggested) => {
            let f = missing_typ(file, root.span, &suggested);
            return fail(source, State::Invalid, vec![f]);
        }
        Recognised::BadTyp(span, value) => {
            let f = finding(
                SCHEMA_INVALID,
                file,
                span,
                text!(
                    "okänd dokumenttyp «{value}»",
                    "unknown document type «{value}»"
                ),
            )
            .with_help(text!(
                "typ ska vara «plan», «uppföljning» eller «ks-punkter»",
                "typ must be «plan», «uppföljning» or «ks-punkter»"
            ));
            return fail(source, State::Invalid, vec![f]);
        }
    };

    let errors = validate(kind, &root);
    if !errors.is_empty() {
        let findings = errors
            .into_iter()
            .map(|e| {
                let code = match e.problem {
                    SchemaProblem::Invalid => SCHEMA_INVALID,
                    SchemaProblem::UnknownKey => UNKNOWN_KEY,
                    SchemaProblem::Missing => MISSING_FIELD,
                };
                let content = format!("{code}|{}", source.slice(e.span).trim());
                let mut f = finding(code, file, e.span, e.message)
                    .with_subject(Subject::new(stable_entity(&root, &e.pointer), content));
                f.help = e.help;
                f
            })
            .collect();
        return fail(source, State::Invalid, findings);
    }

    let root_span = root.span;
    let doc = match kind {
        DocKind::Plan => from_node_owned(root).map(Document::Plan),
        DocKind::FollowUp => from_node_owned(root).map(Document::FollowUp),
        DocKind::KsPoints => from_node_owned(root).map(Document::KsPoints),
    };
    match doc {
        Ok(doc) => fail(source, State::Loaded(Box::new(doc)), Vec::new()),
        Err(e) => {
            // The schema passed, so this is a gap between schema and model: say so plainly.
            let message = e.message.clone();
            let f = finding(
                SCHEMA_INVALID,
                file,
                e.span.unwrap_or(root_span),
                text!(
                    "värdet kan inte läsas: {message}",
                    "the value cannot be read: {message}"
                ),
            );
            fail(source, State::Invalid, vec![f])
        }
    }
}

/// The entity a schema error is about, named by keys rather than positions
/// (`risk:70/sannolikhet`, not `/risker/69/sannolikhet`), so a baseline still knows it after a
/// risk is inserted above. Items without a key fall back to their index.
fn stable_entity(root: &Node, pointer: &str) -> String {
    let segments: Vec<&str> = pointer.split('/').filter(|s| !s.is_empty()).collect();
    let mut node = root;
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        let segment = segments[i];
        let item = segments
            .get(i + 1)
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| match &node.get(segment)?.value {
                crate::tree::Value::Seq(items) => items.get(n),
                _ => None,
            });
        let key = |field: &str| item.and_then(|it| it.get(field)).map(scalar_text);
        let named = match segment {
            "risker" => key("nr").map(|k| format!("risk:{k}")),
            "kontroller" => key("id")
                .or_else(|| key("kontroll"))
                .or_else(|| key("kontrollaktivitet"))
                .map(|k| format!("kontroll:{k}")),
            "tillfällen" => key("period")
                .or_else(|| key("datum"))
                .map(|k| format!("tillfälle:{k}")),
            "punkter" => key("id").map(|k| format!("punkt:{k}")),
            _ => None,
        };
        match (named, item) {
            (Some(name), Some(it)) => {
                parts.push(name);
                node = it;
                i += 2;
            }
            _ => {
                parts.push(segment.to_string());
                node = node.locate([segment]);
                i += 1;
            }
        }
    }
    if parts.is_empty() {
        crate::rules::entity::DOCUMENT.to_string()
    } else {
        parts.join("/")
    }
}

fn scalar_text(node: &Node) -> String {
    match &node.value {
        crate::tree::Value::Str(s) => crate::config::normalize_word(s),
        crate::tree::Value::Int(i) => i.to_string(),
        other => format!("{other:?}"),
    }
}

enum Recognised {
    Kind(DocKind),
    NotOurs,
    BadTyp(Span, String),
    /// No `typ`, but keys of ours: the kinds the keys suggest, likeliest first.
    MissingTyp(Vec<DocKind>),
}

/// Top-level keys that only our documents have: a file holding one of them is meant to be an
/// ikp document. (`kommun`, `plan`, `mål`, `källa` … are too common to say so alone.)
const OUR_KEYS: &[&str] = &[
    "nämnd",
    "år",
    "risker",
    "kontroller",
    "punkter",
    "riskmatris",
    "fastställd",
    "bedömning",
    "åtgärder",
    "slutsatser",
    "antal_kontrollaktiviteter",
    "undantag",
];

/// Keys that tell the kinds apart (see schemas/*.json).
const KIND_KEYS: &[(DocKind, &[&str])] = &[
    (DocKind::Plan, &["risker", "riskmatris", "fastställd"]),
    (
        DocKind::FollowUp,
        &[
            "bedömning",
            "åtgärder",
            "slutsatser",
            "antal_kontrollaktiviteter",
            "analys",
            "plan",
        ],
    ),
    (DocKind::KsPoints, &["punkter", "beslut", "anmärkning"]),
];

/// Our documents have a top-level `typ`. Other YAML (CI configs …) is skipped quietly, but a
/// file that looks like ours with a misspelt or missing `typ` is reported.
fn recognise(root: &Node) -> Recognised {
    let looks_ours = OUR_KEYS.iter().any(|k| root.get(k).is_some());
    let Some(typ) = root.get("typ") else {
        if !looks_ours {
            return Recognised::NotOurs;
        }
        let score = |keys: &[&str]| keys.iter().filter(|k| root.get(k).is_some()).count();
        let mut kinds: Vec<(usize, DocKind)> = KIND_KEYS
            .iter()
            .map(|(kind, keys)| (score(keys), *kind))
            .filter(|(n, _)| *n > 0)
            .collect();
        kinds.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
        let best = kinds.first().map_or(0, |(n, _)| *n);
        let mut suggested: Vec<DocKind> = kinds
            .into_iter()
            .filter(|(n, _)| *n == best)
            .map(|(_, k)| k)
            .collect();
        if suggested.is_empty() {
            // Only shared keys (nämnd, år, kontroller): a plan or a follow-up.
            suggested = vec![DocKind::Plan, DocKind::FollowUp];
        }
        return Recognised::MissingTyp(suggested);
    };
    if let Some(kind) = typ.as_str().and_then(DocKind::from_typ) {
        return Recognised::Kind(kind);
    }
    if looks_ours {
        let value = match typ.as_str() {
            Some(text) => text.to_string(),
            None => typ.to_json().to_string(),
        };
        Recognised::BadTyp(typ.span, value)
    } else {
        Recognised::NotOurs
    }
}

/// A file named on the command line that is not an ikp document.
fn not_a_document() -> Text {
    text!(
        "filen är inget ikp-dokument: fältet typ saknas överst; ett ikp-dokument börjar med typ: plan, typ: uppföljning eller typ: ks-punkter",
        "the file is not an ikp document: the field typ is missing at the top; an ikp document starts with typ: plan, typ: uppföljning or typ: ks-punkter"
    )
}

/// A file with our keys but no `typ`: say which `typ` to add.
fn missing_typ(file: FileId, root: Span, suggested: &[DocKind]) -> Finding {
    let lines: Vec<String> = suggested
        .iter()
        .map(|k| format!("typ: {}", k.typ()))
        .collect();
    let (sv_list, en_list) = (lines.join(" eller "), lines.join(" or "));
    let what_sv: Vec<&str> = suggested.iter().map(|k| kind_sv(*k)).collect();
    let what_en: Vec<&str> = suggested.iter().map(|k| kind_en(*k)).collect();
    let (what_sv, what_en) = (what_sv.join(" eller "), what_en.join(" or "));
    finding(
        MISSING_FIELD,
        file,
        Span {
            start: root.start,
            end: root.start,
        },
        text!(
            "fältet typ saknas: filen ser ut som {what_sv} men kontrolleras inte utan typ",
            "the field typ is missing: the file looks like {what_en} but is not checked without typ"
        ),
    )
    .with_help(text!(
        "lägg till {sv_list} på första raden",
        "add {en_list} on the first line"
    ))
}

fn kind_sv(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Plan => "en plan",
        DocKind::FollowUp => "en uppföljning",
        DocKind::KsPoints => "KS-punkter",
    }
}

fn kind_en(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Plan => "a plan",
        DocKind::FollowUp => "a follow-up",
        DocKind::KsPoints => "KS points",
    }
}

fn describe_load_error(kind: &LoadErrorKind) -> (&'static str, State, Text) {
    match kind {
        LoadErrorKind::Syntax(e) => (SYNTAX, State::Unreadable, e.message.clone()),
        LoadErrorKind::Limit { what, limit } => {
            (LIMIT, State::Unreadable, limit_message(what, *limit))
        }
        LoadErrorKind::UnknownAlias => (
            SYNTAX,
            State::Unreadable,
            text!(
                "aliaset hänvisar till ett ankare som inte finns",
                "the alias refers to an anchor that does not exist"
            ),
        ),
        LoadErrorKind::MultipleDocuments => (
            SYNTAX,
            State::Unreadable,
            text!(
                "filen innehåller flera YAML-dokument (---); lägg varje dokument i en egen fil",
                "the file holds several YAML documents (---); put each in a file of its own"
            ),
        ),
        LoadErrorKind::DuplicateKey { key, .. } => (
            DUPLICATE_KEY,
            State::Invalid,
            text!(
                "fältet «{key}» står två gånger",
                "the field «{key}» appears twice"
            ),
        ),
    }
}

/// What each limit of `[gränser]` means, in words, when a file passes it.
fn limit_message(what: &str, limit: u64) -> Text {
    match what {
        "max_noder" => text!(
            "filen har fler än {limit} värden: gränsen max_noder i ikp.toml är nådd, filen kontrolleras inte",
            "the file has more than {limit} values: the limit max_noder in ikp.toml is reached, the file is not checked"
        ),
        "max_djup" => text!(
            "filen är nästlad djupare än {limit} nivåer: gränsen max_djup i ikp.toml är nådd, filen kontrolleras inte",
            "the file is nested deeper than {limit} levels: the limit max_djup in ikp.toml is reached, the file is not checked"
        ),
        "max_alias_noder" => text!(
            "alias (*namn) i filen blir fler än {limit} värden när de vecklas ut: gränsen max_alias_noder i ikp.toml är nådd (en så kallad aliasbomb?), filen kontrolleras inte",
            "aliases (*name) in the file expand to more than {limit} values: the limit max_alias_noder in ikp.toml is reached (an alias bomb?), the file is not checked"
        ),
        "max_textlängd" => text!(
            "ett värde i filen är längre än {limit} byte: gränsen max_textlängd i ikp.toml är nådd, filen kontrolleras inte",
            "a value in the file is longer than {limit} bytes: the limit max_textlängd in ikp.toml is reached, the file is not checked"
        ),
        other => text!(
            "filen överskrider gränsen {other} = {limit} i ikp.toml, filen kontrolleras inte",
            "the file exceeds the limit {other} = {limit} in ikp.toml, the file is not checked"
        ),
    }
}

/// Why a file is not usable text, and what of it can be shown: the valid prefix and the
/// offset of the first bad byte.
struct NotText {
    message: Text,
    shown: Option<(String, usize)>,
}

impl From<Text> for NotText {
    fn from(message: Text) -> Self {
        NotText {
            message,
            shown: None,
        }
    }
}

fn too_large(size: u64, max_bytes: u64) -> NotText {
    text!(
        "filen är {size} byte, större än gränsen max_byte = {max_bytes} i ikp.toml; den läses inte",
        "the file is {size} bytes, larger than the limit max_byte = {max_bytes} in ikp.toml; it is not read"
    )
    .into()
}

/// Bytes handed over in memory get the same limit, byte-order-mark and UTF-8 handling as a
/// file read from disk.
fn in_memory_text(bytes: Vec<u8>, max_bytes: u64) -> Result<String, NotText> {
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64, max_bytes));
    }
    decode(bytes)
}

/// Read a file's bytes, refusing files over `max_bytes` before reading them.
fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, NotText> {
    let shown = path.display().to_string();
    let io = |e: std::io::Error| text!("kan inte läsa {shown}: {e}", "cannot read {shown}: {e}");
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(text!(
            "{shown} är en katalog, inte en fil",
            "{shown} is a directory, not a file"
        )
        .into());
    }
    if meta.len() > max_bytes {
        return Err(too_large(meta.len(), max_bytes));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // `take` guards against a file that grows while we read it.
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64, max_bytes));
    }
    Ok(bytes)
}

/// Read a file as UTF-8 text without a byte-order mark, within `max_bytes`.
fn read_text(path: &Path, max_bytes: u64) -> Result<String, NotText> {
    decode(read_bytes(path, max_bytes)?)
}

/// UTF-8 text without a byte-order mark, or why the bytes are not text.
fn decode(bytes: Vec<u8>) -> Result<String, NotText> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let valid = String::from_utf8_lossy(&bytes[..at]).into_owned();
        let line = valid.matches('\n').count() + 1;
        // A NUL byte never occurs in text: call such a file what it is, and show none of it.
        if bytes.iter().take(8192).any(|b| *b == 0) {
            return NotText::from(text!(
                "filen är inte text utan binär (den innehåller nollbyte); ett ikp-dokument ska vara YAML- eller JSON-text i UTF-8",
                "the file is binary, not text (it contains NUL bytes); an ikp document is YAML or JSON text in UTF-8"
            ));
        }
        let message = text!(
            "filen är inte UTF-8-text (första ogiltiga byte på rad {line}, byte {at}); spara den som UTF-8",
            "the file is not UTF-8 text (first invalid byte on line {line}, byte {at}); save it as UTF-8"
        );
        // Show the valid text up to the end of the bad line, so the caret lands on it.
        let line_end = bytes[at..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| at + i);
        let shown = String::from_utf8_lossy(&bytes[..line_end]).into_owned();
        NotText {
            message,
            shown: Some((shown, at)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{Limits, parse};

    #[test]
    fn schema_errors_are_named_by_keys_not_positions() {
        let text = "typ: plan\nrisker:\n  - nr: 12\n    sannolikhet: tre\nkontroller:\n  - id: K2\n    risker: [x]\n";
        let file = SourceFile::new(Path::new("p.yaml"), text.to_string());
        let root = parse(&file, &Limits::default()).unwrap().unwrap();
        assert_eq!(
            stable_entity(&root, "/risker/0/sannolikhet"),
            "risk:12/sannolikhet"
        );
        assert_eq!(
            stable_entity(&root, "/kontroller/0/risker/0"),
            "kontroll:k2/risker/0"
        );
        assert_eq!(stable_entity(&root, "/fastställd"), "fastställd");
        assert_eq!(stable_entity(&root, ""), "dokument");
    }
}
