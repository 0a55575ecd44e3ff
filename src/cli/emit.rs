//! Where `ikp check` puts its report: on the terminal, or with `--output FILE` atomically in a
//! file while the summary line still goes to the terminal. For machine formats on standard
//! output the summary goes to standard error, so that the output stays parseable.

use std::io::Write;
use std::path::Path;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::engine::Report;
use crate::finding::{Lang, Severity};
use crate::output::{Guard, Role};
use crate::render::{self, Format, Options};

pub(super) struct Emit<'a> {
    pub format: Format,
    pub output: Option<&'a Path>,
    /// `--config` and `--baseline`: never written either.
    pub config: Option<&'a Path>,
    pub baseline: Option<&'a Path>,
    pub lang: Lang,
    pub quiet: bool,
    pub color: ColorChoice,
    pub show_exemptions: bool,
    pub fail_on: Option<Severity>,
}

/// Write the report; returns 2 when it could not be written, else 0.
pub(super) fn emit(report: &Report, how: &Emit<'_>) -> i32 {
    let options = options(how.lang, how.fail_on);
    let summary = render::summary_line(report, how.lang);
    let result = match (how.output, how.format) {
        (Some(path), format) => {
            let mut guard = guard(report, how.config);
            if let Some(baseline) = how.baseline {
                guard.protect(baseline, Role::Baseline);
            }
            let mut text = render::render(format, report, &options);
            if format == Format::Human && how.show_exemptions {
                let mut buffer = Vec::new();
                let _ = write_exemptions(report, how.lang, &mut buffer);
                text.push_str(&String::from_utf8_lossy(&buffer));
            }
            if let Err(e) = crate::output::write(path, text.as_bytes(), &guard) {
                eprintln!("ikp: {}", e.message.get(how.lang));
                return 2;
            }
            writeln!(std::io::stdout(), "{summary}")
        }
        (None, Format::Human) => {
            let mut out = StandardStream::stdout(how.color);
            let result = render::human::render(report, how.lang, how.quiet, &mut out);
            if how.show_exemptions {
                let _ = write_exemptions(report, how.lang, &mut out);
            }
            result
        }
        (None, format) => {
            let text = render::render(format, report, &options);
            let result = std::io::stdout().write_all(text.as_bytes());
            eprintln!("{summary}");
            result
        }
    };
    match result {
        // A closed pipe (`ikp check | head`) is not an error of the check.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("ikp: {e}");
            2
        }
        _ => 0,
    }
}

/// Render options for this run: the start time (or `SOURCE_DATE_EPOCH`, for reproducible
/// output) and the host name.
fn options(lang: Lang, fail_on: Option<Severity>) -> Options {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        });
    let hostname = ["HOSTNAME", "COMPUTERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|h| !h.trim().is_empty()))
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty())
        })
        .unwrap_or_else(|| "localhost".to_string());
    Options {
        lang,
        fail_on,
        timestamp: render::junit::timestamp(seconds),
        hostname,
    }
}

/// What a run must never write: every file it looked at, `--config`, and every `ikp.toml`
/// that governs (or could govern) one of the files. `ikp` never modifies what it reads.
pub(super) fn guard(report: &Report, config: Option<&Path>) -> Guard {
    let mut guard = Guard::new();
    let mut visited = std::collections::HashSet::new();
    for file in &report.files {
        guard.protect(&file.path, Role::Checked);
        if let Some(dir) = file.path.parent() {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            guard.protect_configs_above(dir, &mut visited);
        }
    }
    if let Some(config) = config {
        guard.protect(config, Role::Config);
    }
    guard
}

pub(super) fn write_exemptions(
    report: &Report,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if report.exempted.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "{}",
        match lang {
            Lang::Sv => "Undantagna fynd:",
            Lang::En => "Exempted findings:",
        }
    )?;
    for e in &report.exempted {
        let at = render::json::location(report, &e.finding.primary, lang);
        writeln!(
            out,
            "  {}:{}:{} {} {} — {}: {}",
            at.file,
            at.line,
            at.column,
            e.finding.rule,
            e.finding.message.get(lang),
            match lang {
                Lang::Sv => "motivering",
                Lang::En => "justification",
            },
            e.justification
        )?;
    }
    Ok(())
}
