//! `--format junit`: JUnit XML (the Apache Ant schema that Jenkins, GitLab and most CI
//! services read). One test suite per checked file, one test case per rule checked on it:
//!
//! - a rule with findings at or above `--fail-on` is a `<failure>` carrying those findings
//!   (an `<error>` when the file could not be read or parsed at all);
//! - a rule turned off in `ikp.toml` is `<skipped>`, and so are the document rules of a file
//!   that did not load;
//! - findings below the fail level, exemptions, baselined findings and notes go to the
//!   suite's `<system-out>`, so the test report agrees with the exit code.

use std::fmt::Write as _;

use super::{Options, position};
use crate::engine::{LoadedDocument, Report};
use crate::finding::{Finding, Lang};
use crate::rules::{self, CONFIG_ERROR, LIMIT, READ_ERROR, RuleMeta, SYNTAX};
use crate::source::{FileId, repo_path};

struct Words {
    more: &'static str,
    off: &'static str,
    not_loaded: &'static str,
    document_rules: &'static str,
    below: &'static str,
    exempted: &'static str,
    justification: &'static str,
    baselined: &'static str,
    note: &'static str,
    help: &'static str,
    see: &'static str,
}

const SV: Words = Words {
    more: "fler",
    off: "regeln är avstängd i ikp.toml",
    not_loaded: "dokumentreglerna kördes inte: filen kunde inte läsas in som ett ikp-dokument",
    document_rules: "dokumentregler",
    below: "under gränsen för --fail-on",
    exempted: "undantaget",
    justification: "motivering",
    baselined: "kända fynd i baslinjen",
    note: "not",
    help: "hjälp",
    see: "se även",
};

const EN: Words = Words {
    more: "more",
    off: "the rule is turned off in ikp.toml",
    not_loaded: "the document rules did not run: the file could not be loaded as an ikp document",
    document_rules: "document rules",
    below: "below the --fail-on level",
    exempted: "exempted",
    justification: "justification",
    baselined: "known findings in the baseline",
    note: "note",
    help: "help",
    see: "see also",
};

enum Outcome {
    Passed,
    Failed { error: bool, findings: Vec<usize> },
    Skipped(&'static str),
}

struct Case {
    name: String,
    code: String,
    outcome: Outcome,
}

/// What each file holds, indexed once: a repository may have thousands of files and findings.
struct ByFile {
    findings: Vec<Vec<usize>>,
    exempted: Vec<Vec<usize>>,
    baselined: Vec<usize>,
    notes: Vec<Vec<usize>>,
}

impl ByFile {
    fn new(report: &Report) -> Self {
        let n = report.files.len();
        let mut by = ByFile {
            findings: vec![Vec::new(); n],
            exempted: vec![Vec::new(); n],
            baselined: vec![0; n],
            notes: vec![Vec::new(); n],
        };
        for (i, f) in report.findings.iter().enumerate() {
            if let Some(v) = by.findings.get_mut(f.primary.file) {
                v.push(i);
            }
        }
        for (i, e) in report.exempted.iter().enumerate() {
            if let Some(v) = by.exempted.get_mut(e.finding.primary.file) {
                v.push(i);
            }
        }
        for f in &report.baselined {
            if let Some(n) = by.baselined.get_mut(f.primary.file) {
                *n += 1;
            }
        }
        for (i, (file, _)) in report.notes.iter().enumerate() {
            if let Some(v) = by.notes.get_mut(*file) {
                v.push(i);
            }
        }
        by
    }
}

pub fn render(report: &Report, options: &Options) -> String {
    let words = match options.lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    };
    let by = ByFile::new(report);
    let mut documents: Vec<Option<&LoadedDocument>> = vec![None; report.files.len()];
    for d in &report.documents {
        if let Some(slot) = documents.get_mut(d.file) {
            *slot = Some(d);
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    let mut id = 0;
    for (file, document) in documents.into_iter().enumerate() {
        let has_findings = !by.findings[file].is_empty()
            || !by.exempted[file].is_empty()
            || by.baselined[file] > 0;
        if document.is_none() && !has_findings {
            // Not an ikp document (another YAML file in the repository).
            continue;
        }
        let at = At {
            file,
            document,
            by: &by,
        };
        suite(&mut out, report, options, words, &at, id);
        id += 1;
    }
    out.push_str("</testsuites>\n");
    out
}

/// The file a test suite is about.
struct At<'a> {
    file: FileId,
    document: Option<&'a LoadedDocument>,
    by: &'a ByFile,
}

fn suite(
    out: &mut String,
    report: &Report,
    options: &Options,
    words: &Words,
    at: &At<'_>,
    id: usize,
) {
    let (file, document) = (at.file, at.document);
    let lang = options.lang;
    let path = path(report, file);
    let cases = cases(report, options, words, at);
    let (mut failures, mut errors, mut skipped) = (0, 0, 0);
    for case in &cases {
        match case.outcome {
            Outcome::Failed { error: true, .. } => errors += 1,
            Outcome::Failed { error: false, .. } => failures += 1,
            Outcome::Skipped(_) => skipped += 1,
            Outcome::Passed => {}
        }
    }
    let (classname, properties) = match document {
        Some(d) => {
            let id = d.doc.identity();
            let parts: Vec<String> = [
                id.municipality.clone(),
                id.committee.clone(),
                Some(id.year.to_string()),
                Some(id.kind.typ().to_string()),
            ]
            .into_iter()
            .flatten()
            .map(|p| p.replace('.', " "))
            .collect();
            let mut props = vec![("typ", id.kind.typ().to_string())];
            if let Some(m) = id.municipality {
                props.push(("kommun", m));
            }
            if let Some(c) = id.committee {
                props.push(("nämnd", c));
            }
            props.push(("år", id.year.to_string()));
            (parts.join("."), props)
        }
        None => (path.replace('.', "_"), Vec::new()),
    };
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" package=\"{}\" id=\"{id}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"0\" timestamp=\"{}\" hostname=\"{}\">",
        attr(&path),
        attr(&classname),
        cases.len(),
        attr(&options.timestamp),
        attr(non_empty(&options.hostname, "localhost")),
    );
    out.push_str("    <properties>\n");
    let _ = writeln!(
        out,
        "      <property name=\"fil\" value=\"{}\"/>",
        attr(&path)
    );
    if let Some(config) = super::config_of(report, file, lang) {
        let _ = writeln!(
            out,
            "      <property name=\"konfiguration\" value=\"{}\"/>",
            attr(&config)
        );
    }
    for (name, value) in properties {
        let _ = writeln!(
            out,
            "      <property name=\"{name}\" value=\"{}\"/>",
            attr(&value)
        );
    }
    out.push_str("    </properties>\n");
    for case in &cases {
        let _ = write!(
            out,
            "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
            attr(&case.name),
            attr(&classname)
        );
        match &case.outcome {
            Outcome::Passed => out.push_str("/>\n"),
            Outcome::Skipped(why) => {
                let _ = writeln!(
                    out,
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                    attr(why)
                );
            }
            Outcome::Failed { error, findings } => {
                let element = if *error { "error" } else { "failure" };
                let first = &report.findings[findings[0]];
                let mut message = super::with_cell(
                    report,
                    first.primary.file,
                    first.primary.span,
                    first.message.get(lang),
                );
                if findings.len() > 1 {
                    let _ = write!(message, " (+{} {})", findings.len() - 1, words.more);
                }
                let body: String = findings
                    .iter()
                    .map(|&i| describe(report, &report.findings[i], lang, words))
                    .collect();
                let _ = writeln!(
                    out,
                    ">\n      <{element} message=\"{}\" type=\"{}\">{}</{element}>\n    </testcase>",
                    attr(&message),
                    attr(&case.code),
                    text(&body)
                );
            }
        }
    }
    let system_out = system_out(report, options, words, at);
    let _ = writeln!(out, "    <system-out>{}</system-out>", text(&system_out));
    out.push_str("    <system-err></system-err>\n  </testsuite>\n");
}

/// The rules checked on `file`, each with its outcome.
fn cases(report: &Report, options: &Options, words: &Words, at: &At<'_>) -> Vec<Case> {
    let document = at.document;
    let is_document_rule = |code: &str| rules::document_rules().any(|r| r.meta().code == code);
    let mut metas: Vec<(&'static RuleMeta, Option<&'static str>)> = Vec::new();
    for rule in rules::registry() {
        let meta = rule.meta();
        if meta.code == CONFIG_ERROR {
            // About configuration files, not about this document.
            continue;
        }
        if !is_document_rule(meta.code) {
            // An engine code for some kinds only (IKP092: follow-ups) is not checked on others.
            let kind = document.map(|d| d.doc.kind());
            let applies = match kind {
                Some(kind) => meta.kinds.contains(&kind),
                None => meta.kinds.len() == 3,
            };
            if applies {
                metas.push((meta, None));
            }
            continue;
        }
        let Some(d) = document else { continue };
        if !meta.reports_on(d.doc.kind()) {
            continue;
        }
        let off = d
            .config
            .severity_of(meta.code, meta.default_severity)
            .is_none();
        metas.push((meta, off.then_some(words.off)));
    }
    let here = &at.by.findings[at.file];
    let mut cases: Vec<Case> = metas
        .into_iter()
        .map(|(meta, skipped)| case(report, options, here, meta.code, meta.name, skipped))
        .collect();
    // A finding of a rule not listed above (none today) must still be reported.
    for &i in here {
        let code = report.findings[i].rule;
        if !cases.iter().any(|c| c.code == code) {
            cases.push(case(report, options, here, code, "", None));
        }
    }
    if document.is_none() {
        cases.push(Case {
            name: words.document_rules.to_string(),
            code: String::new(),
            outcome: Outcome::Skipped(words.not_loaded),
        });
    }
    cases
}

fn case(
    report: &Report,
    options: &Options,
    here: &[usize],
    code: &str,
    name: &str,
    skipped: Option<&'static str>,
) -> Case {
    let failing: Vec<usize> = here
        .iter()
        .copied()
        .filter(|&i| report.findings[i].rule == code && fails(&report.findings[i], options))
        .collect();
    let outcome = match skipped {
        Some(why) if failing.is_empty() => Outcome::Skipped(why),
        _ if failing.is_empty() => Outcome::Passed,
        _ => Outcome::Failed {
            error: [READ_ERROR, SYNTAX, LIMIT].contains(&code),
            findings: failing,
        },
    };
    Case {
        name: if name.is_empty() {
            code.to_string()
        } else {
            format!("{code} {name}")
        },
        code: code.to_string(),
        outcome,
    }
}

fn fails(finding: &Finding, options: &Options) -> bool {
    options
        .fail_on
        .is_some_and(|level| finding.severity >= level)
}

/// One finding as a line (and its help and related places), for a failure or system-out.
fn describe(report: &Report, f: &Finding, lang: Lang, words: &Words) -> String {
    let (start, _) = position(report, f.primary.file, f.primary.span);
    let mut s = format!(
        "{}:{}:{}: {} {} {}\n",
        path(report, f.primary.file),
        start.line,
        start.column,
        f.severity.name(lang),
        f.rule,
        super::with_cell(report, f.primary.file, f.primary.span, f.message.get(lang))
    );
    if let Some(help) = &f.help {
        let _ = writeln!(s, "  {}: {}", words.help, help.get(lang));
    }
    for l in &f.secondary {
        let (at, _) = position(report, l.file, l.span);
        let _ = write!(
            s,
            "  {} {}:{}:{}",
            words.see,
            path(report, l.file),
            at.line,
            at.column
        );
        match l.message.get(lang) {
            "" => s.push('\n'),
            m => {
                let _ = writeln!(s, ": {m}");
            }
        }
    }
    s
}

fn system_out(report: &Report, options: &Options, words: &Words, at: &At<'_>) -> String {
    let lang = options.lang;
    let mut s = String::new();
    for f in at.by.findings[at.file]
        .iter()
        .map(|&i| &report.findings[i])
        .filter(|f| !fails(f, options))
    {
        let line = describe(report, f, lang, words);
        let _ = write!(s, "({}) {line}", words.below);
    }
    for e in at.by.exempted[at.file].iter().map(|&i| &report.exempted[i]) {
        let line = describe(report, &e.finding, lang, words);
        let _ = writeln!(
            s,
            "({}) {line}  {}: {}",
            words.exempted, words.justification, e.justification
        );
    }
    let known = at.by.baselined[at.file];
    if known > 0 {
        let _ = writeln!(s, "{known} {}", words.baselined);
    }
    for (_, note) in at.by.notes[at.file].iter().map(|&i| &report.notes[i]) {
        let _ = writeln!(s, "{}: {}", words.note, note.get(lang));
    }
    s
}

/// The file as the other CI formats name it: relative to the repository root.
fn path(report: &Report, file: FileId) -> String {
    report
        .file(file)
        .map(|s| repo_path(&s.path).as_str().to_string())
        .unwrap_or_default()
}

fn non_empty<'a>(value: &'a str, default: &'a str) -> &'a str {
    if value.trim().is_empty() {
        default
    } else {
        value
    }
}

/// Characters XML 1.0 cannot hold at all, even escaped, become U+FFFD.
fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
        _ => c,
    }
}

/// Escape element text.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(xml_char) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escape an attribute value; line breaks and tabs are kept as character references, since a
/// parser would otherwise turn them into spaces.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(xml_char) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            _ => out.push(c),
        }
    }
    out
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SS` (UTC), the form JUnit's schema wants.
pub fn timestamp(unix_seconds: u64) -> String {
    let days = unix_seconds / 86_400;
    let rest = unix_seconds % 86_400;
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_calendar_times() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00");
        assert_eq!(timestamp(951_782_400), "2000-02-29T00:00:00");
        assert_eq!(timestamp(1_735_689_599), "2024-12-31T23:59:59");
    }

    #[test]
    fn text_that_xml_cannot_hold_is_replaced_and_markup_escaped() {
        assert_eq!(text("a < b & \u{1}"), "a &lt; b &amp; \u{fffd}");
        assert_eq!(attr("\"rad 1\"\nrad 2"), "&quot;rad 1&quot;&#10;rad 2");
    }
}
