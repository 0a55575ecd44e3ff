//! `ikp report`: the auditors' report. A [`Report`] becomes a renderer-neutral
//! [`AuditReport`] (grouped per nämnd, year, document and rule, with the risk matrix of each
//! plan), which is then written as self-contained HTML, Markdown with the same content, or CSV
//! of the findings.

mod csv;
pub mod escape;
mod html;
mod markdown;
pub mod model;
pub mod svg;
mod words;

pub use model::{AuditReport, ReportOptions, build};

use crate::engine::Report;
use crate::finding::Lang;
use crate::model::DocKind;

/// The report's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ReportFormat {
    /// Self-contained HTML (one file, no network), for reading and printing.
    Html,
    /// Markdown with the same content, for pasting into a report.
    #[cfg_attr(feature = "cli", value(name = "md"))]
    Markdown,
    /// The findings as CSV (UTF-8 with BOM, `;`-separated) for Excel.
    Csv,
}

impl ReportFormat {
    /// The format a file name asks for: `.md` Markdown, `.csv` CSV, anything else HTML.
    pub fn from_path(path: &std::path::Path) -> ReportFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown") => ReportFormat::Markdown,
            Some("csv") => ReportFormat::Csv,
            _ => ReportFormat::Html,
        }
    }
}

/// Render a checked run as a report.
pub fn render(report: &Report, format: ReportFormat, options: &ReportOptions) -> String {
    let model = build(report, options);
    match format {
        ReportFormat::Html => html::render(&model),
        ReportFormat::Markdown => markdown::render(&model),
        ReportFormat::Csv => csv::render(&model),
    }
}

/// Today's date (UTC) as `ÅÅÅÅ-MM-DD`, from the system clock.
pub fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    let (y, m, d) = civil_from_days(i64::try_from(days).unwrap_or(0));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The kind of a document as a heading says it.
pub(crate) fn kind_name(kind: DocKind, lang: Lang) -> &'static str {
    match kind {
        DocKind::Plan => words::PLAN.get(lang),
        DocKind::FollowUp => words::FOLLOW_UP.get(lang),
        DocKind::KsPoints => words::KS_POINTS.get(lang),
    }
}

/// The kind of a document in a table cell.
pub(crate) fn kind_short(kind: DocKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (DocKind::Plan, _) => "plan",
        (DocKind::FollowUp, Lang::Sv) => "uppföljning",
        (DocKind::FollowUp, Lang::En) => "follow-up",
        (DocKind::KsPoints, Lang::Sv) => "KS-punkter",
        (DocKind::KsPoints, Lang::En) => "KS points",
    }
}

/// "7 dokument: 2 planer, 4 uppföljningar, 1 KS-punkter; 1 fil kunde inte läsas in".
pub(crate) fn documents_summary(r: &AuditReport) -> String {
    let lang = r.lang;
    let s = &r.scope;
    let count = |kind: DocKind| s.documents.iter().filter(|d| d.kind == kind).count();
    let parts: Vec<String> = [
        (DocKind::Plan, ("plan", "planer"), ("plan", "plans")),
        (
            DocKind::FollowUp,
            ("uppföljning", "uppföljningar"),
            ("follow-up", "follow-ups"),
        ),
        (
            DocKind::KsPoints,
            ("beslut om KS-punkter", "beslut om KS-punkter"),
            ("KS decision", "KS decisions"),
        ),
    ]
    .into_iter()
    .filter(|(kind, _, _)| count(*kind) > 0)
    .map(|(kind, sv, en)| words::count(lang, count(kind), sv, en))
    .collect();
    let mut text = words::documents(lang, s.documents.len());
    if !parts.is_empty() {
        text = format!("{text}: {}", parts.join(", "));
    }
    if s.failed_files > 0 {
        text.push_str(&match lang {
            Lang::Sv => format!(
                "; {} kunde inte läsas in",
                words::count(lang, s.failed_files, ("fil", "filer"), ("", ""))
            ),
            Lang::En => format!(
                "; {} could not be loaded",
                words::count(lang, s.failed_files, ("", ""), ("file", "files"))
            ),
        });
    }
    if s.skipped > 0 {
        text.push_str(&match lang {
            Lang::Sv => format!("; {} YAML/JSON-filer var inte ikp-dokument", s.skipped),
            Lang::En => format!("; {} YAML/JSON files were not ikp documents", s.skipped),
        });
    }
    if let Some(configs) = &s.configs {
        text.push_str(&format!("; {configs}"));
    }
    text
}

/// "skala 5 × 5, tröskel RV ≥ 9, zoner Kritisk ≥ 12, Medium ≥ 5, Låg ≥ 1".
pub(crate) fn profile_summary(p: &model::ProfileInfo, lang: Lang) -> String {
    let zones: Vec<String> = p
        .zones
        .iter()
        .map(|z| format!("{} ≥ {}", z.name, z.min_rv))
        .collect();
    let mut text = match lang {
        Lang::Sv => format!(
            "skala {} × {}, tröskel för planen RV ≥ {}, zoner {}",
            p.likelihood_levels,
            p.consequence_levels,
            p.threshold,
            zones.join(", ")
        ),
        Lang::En => format!(
            "scale {} × {}, plan threshold RV ≥ {}, zones {}",
            p.likelihood_levels,
            p.consequence_levels,
            p.threshold,
            zones.join(", ")
        ),
    };
    if !p.description.is_empty() {
        text = format!("{} — {text}", p.description);
    }
    text
}

/// "35 regler tillämpades; de 14 som gav fynd listas här" and the rules turned off.
pub(crate) fn rules_note(r: &AuditReport) -> String {
    let lang = r.lang;
    let applied = r.rules.iter().filter(|a| a.off_in.is_empty()).count();
    let fired = r.rules.iter().filter(|a| a.findings > 0).count();
    let mut text = match lang {
        Lang::Sv => format!(
            "{applied} av katalogens {} regler tillämpades; de {fired} som gav fynd listas här (hela katalogen: ikp rules).",
            r.rules.len()
        ),
        Lang::En => format!(
            "{applied} of the catalogue's {} rules were applied; the {fired} that gave findings are listed here (the whole catalogue: ikp rules).",
            r.rules.len()
        ),
    };
    let off: Vec<String> = r
        .rules
        .iter()
        .filter(|a| !a.off_in.is_empty())
        .map(|a| format!("{} ({})", a.rule.code, a.off_in.join(", ")))
        .collect();
    if !off.is_empty() {
        text.push_str(&match lang {
            Lang::Sv => format!(" Avstängda: {}.", off.join(", ")),
            Lang::En => format!(" Turned off: {}.", off.join(", ")),
        });
    }
    text
}

/// "20 tillfällen i 12 kontroller" and the outcome counts that are not zero, e.g.
/// ("3 mindre avvikelser", true) where the flag says the outcome weighs against the control.
pub fn outcome_parts(c: &model::OutcomeCounts, lang: Lang) -> (String, Vec<(String, bool)>) {
    let head = match lang {
        Lang::Sv => format!(
            "{} i {}",
            words::count(lang, c.occasions, ("tillfälle", "tillfällen"), ("", "")),
            words::count(lang, c.controls, ("kontroll", "kontroller"), ("", ""))
        ),
        Lang::En => format!(
            "{} in {}",
            words::count(lang, c.occasions, ("", ""), ("occasion", "occasions")),
            words::count(lang, c.controls, ("", ""), ("control", "controls"))
        ),
    };
    let parts = [
        (
            c.no_deviation,
            ("utan avvikelse", "utan avvikelse"),
            ("without deviation", "without deviation"),
            false,
        ),
        (
            c.minor,
            ("mindre avvikelse", "mindre avvikelser"),
            ("minor deviation", "minor deviations"),
            false,
        ),
        (
            c.major,
            ("större avvikelse", "större avvikelser"),
            ("major deviation", "major deviations"),
            true,
        ),
        (
            c.not_performed,
            ("ej genomförd", "ej genomförda"),
            ("not performed", "not performed"),
            true,
        ),
        (
            c.in_progress,
            ("påbörjad", "påbörjade"),
            ("in progress", "in progress"),
            false,
        ),
        (
            c.unknown,
            ("okänt statusord", "okända statusord"),
            ("unknown status word", "unknown status words"),
            true,
        ),
        (
            c.missing,
            ("utan status", "utan status"),
            ("without status", "without status"),
            true,
        ),
    ]
    .into_iter()
    .filter(|(n, ..)| *n > 0)
    .map(|(n, sv, en, bad)| (words::count(lang, n, sv, en), bad))
    .collect();
    (head, parts)
}

/// "70 Anmärkningar i … (S –, K –)".
pub(crate) fn risk_line(r: &model::RiskRef, lang: Lang) -> String {
    let score = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_else(|| "–".into());
    let (s, k) = match lang {
        Lang::Sv => ("S", "K"),
        Lang::En => ("L", "C"),
    };
    let mut line = format!("{}", r.nr);
    if let Some(event) = &r.event {
        line.push(' ');
        line.push_str(event);
    }
    line.push_str(&format!(
        " ({s} {}, {k} {})",
        score(r.likelihood),
        score(r.consequence)
    ));
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_089), (2025, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }

    #[test]
    fn format_follows_the_file_name() {
        use std::path::Path;
        assert_eq!(
            ReportFormat::from_path(Path::new("r.MD")),
            ReportFormat::Markdown
        );
        assert_eq!(
            ReportFormat::from_path(Path::new("r.csv")),
            ReportFormat::Csv
        );
        assert_eq!(
            ReportFormat::from_path(Path::new("rapport")),
            ReportFormat::Html
        );
    }
}
