//! The pipeline: files → spanned tree → schema check → typed model → links → rules →
//! findings. Everything here is deterministic: files are numbered in sorted path order before
//! any parallel work, and findings are sorted at the end.

mod discover;
mod exemptions;
mod link;
mod load;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use discover::{Discovered, discover};

use crate::config::{Config, ConfigError, ConfigResolver};
use crate::finding::{Finding, Label, Severity, Text};
use crate::model::Document;
use crate::rules::{self, Context};
use crate::source::{FileId, SourceFile};

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    /// `--config`: one `ikp.toml` for every file instead of the nearest one.
    pub config: Option<PathBuf>,
}

/// A document that loaded and validated.
#[derive(Debug, Clone)]
pub struct LoadedDocument {
    pub file: FileId,
    pub doc: Document,
    pub config: Arc<Config>,
}

/// A finding that an `undantag` in the document exempts.
#[derive(Debug, Clone)]
pub struct Exempted {
    pub finding: Finding,
    pub justification: String,
    /// Where the exemption is written.
    pub exemption: Label,
}

/// The result of a run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every file looked at, indexed by [`FileId`].
    pub files: Vec<SourceFile>,
    /// Documents that loaded, in file order.
    pub documents: Vec<LoadedDocument>,
    /// Findings to report, sorted by file, position and rule.
    pub findings: Vec<Finding>,
    pub exempted: Vec<Exempted>,
    /// Notes on what was not checked and why (for example a follow-up whose plan is absent).
    pub notes: Vec<(FileId, Text)>,
    /// Files that could not be read or parsed at all.
    pub unreadable: usize,
    /// Configuration files that could not be used.
    pub config_errors: Vec<ConfigError>,
    /// YAML/JSON files that are not ikp documents and were skipped.
    pub skipped: usize,
}

impl Report {
    /// Exit code: 2 when input or configuration could not be used, 1 when a finding is at or
    /// above `fail_on`, else 0.
    pub fn exit_code(&self, fail_on: Option<Severity>) -> i32 {
        if self.unreadable > 0 || !self.config_errors.is_empty() {
            return 2;
        }
        match fail_on {
            Some(level) if self.findings.iter().any(|f| f.severity >= level) => 1,
            _ => 0,
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id)
    }
}

/// One file to check and the configuration that governs it.
struct Input {
    path: PathBuf,
    explicit: bool,
    content: Option<String>,
    config: Arc<Config>,
}

/// Check files and directories on disk.
pub fn check(options: &CheckOptions) -> Result<Report, ConfigError> {
    let mut resolver = ConfigResolver::new(options.config.as_deref())?;
    let discovered = discover(&options.paths);
    let mut report = Report::default();
    let mut inputs = Vec::new();
    for found in discovered.files {
        match resolver.for_file(&found.path) {
            Ok(config) => inputs.push(Input {
                path: found.path,
                explicit: found.explicit,
                content: None,
                config,
            }),
            Err(e) => {
                if !report.config_errors.contains(&e) {
                    report.config_errors.push(e);
                }
            }
        }
    }
    for (path, message) in discovered.errors {
        let file = report.files.len();
        report.files.push(SourceFile::new(&path, String::new()));
        report.unreadable += 1;
        report.findings.push(load::read_error(file, message));
    }
    run(inputs, report)
}

/// Check documents held in memory (tests, editors): `config` is the text of an `ikp.toml`.
pub fn check_sources(
    sources: Vec<(PathBuf, String)>,
    config: Option<&str>,
) -> Result<Report, ConfigError> {
    let config = Arc::new(match config {
        Some(text) => Config::from_text(text, None)?,
        None => Config::builtin_default()?,
    });
    let mut sources = sources;
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    let inputs = sources
        .into_iter()
        .map(|(path, text)| Input {
            path,
            explicit: true,
            content: Some(text),
            config: config.clone(),
        })
        .collect();
    run(inputs, Report::default())
}

fn run(inputs: Vec<Input>, mut report: Report) -> Result<Report, ConfigError> {
    let base = report.files.len();
    let outcomes: Vec<load::FileOutcome> = inputs
        .into_par_iter()
        .enumerate()
        .map(|(i, input)| {
            load::load_file(
                base + i,
                &input.path,
                input.explicit,
                input.content,
                &input.config,
            )
            .with_config(input.config)
        })
        .collect();

    let mut documents = Vec::new();
    for outcome in outcomes {
        report.findings.extend(outcome.findings);
        match outcome.state {
            load::State::Loaded(doc) => documents.push(LoadedDocument {
                file: report.files.len(),
                doc: *doc,
                config: outcome.config,
            }),
            load::State::Skipped => report.skipped += 1,
            load::State::Unreadable => report.unreadable += 1,
            load::State::Invalid => {}
        }
        report.files.push(outcome.source);
    }

    let links = link::link(&documents, &report.files);
    let rule_findings: Vec<Vec<Finding>> = documents
        .par_iter()
        .enumerate()
        .map(|(i, loaded)| {
            let cx = Context {
                file: loaded.file,
                source: &report.files[loaded.file],
                doc: &loaded.doc,
                profile: &loaded.config.profile,
                lexicon: &loaded.config.lexicon,
                links: links.for_document(i, &documents, &report.files),
            };
            let mut out = Vec::new();
            for rule in rules::document_rules() {
                if rule.meta().kinds.first() == Some(&loaded.doc.kind())
                    && loaded
                        .config
                        .severity_of(rule.meta().code, rule.meta().default_severity)
                        .is_some()
                {
                    rule.check(&cx, &mut out);
                }
            }
            out
        })
        .collect();
    report.findings.extend(rule_findings.into_iter().flatten());
    report.notes.extend(links.notes);

    apply_config(&mut report.findings, &documents);
    let (kept, exempted, exemption_findings) =
        exemptions::apply(std::mem::take(&mut report.findings), &documents);
    report.findings = kept;
    report.findings.extend(exemption_findings);
    report.exempted = exempted;
    report.documents = documents;
    sort_findings(&mut report);
    Ok(report)
}

/// Apply each file's configured severity (or drop findings of rules turned off).
fn apply_config(findings: &mut Vec<Finding>, documents: &[LoadedDocument]) {
    let configs: std::collections::HashMap<FileId, &Config> = documents
        .iter()
        .map(|d| (d.file, d.config.as_ref()))
        .collect();
    findings.retain_mut(|f| {
        // Findings on files that did not load (syntax, schema) keep their default severity.
        let Some(config) = configs.get(&f.primary.file) else {
            return true;
        };
        match config.severity_of(f.rule, f.severity) {
            Some(severity) => {
                f.severity = severity;
                true
            }
            None => false,
        }
    });
}

fn sort_findings(report: &mut Report) {
    let files = &report.files;
    let key = |f: &Finding| {
        (
            files
                .get(f.primary.file)
                .map(|s| s.display.clone())
                .unwrap_or_default(),
            f.primary.span.start,
            f.rule,
            f.message.sv.clone(),
        )
    };
    report.findings.sort_by_cached_key(key);
    report.exempted.sort_by_cached_key(|e| key(&e.finding));
    report
        .notes
        .sort_by_key(|(file, text)| (files.get(*file).map(|s| s.display.clone()), text.sv.clone()));
}

impl Config {
    /// A configuration from the text of an `ikp.toml` (for tests and in-memory checks).
    pub fn from_text(text: &str, source: Option<&Path>) -> Result<Config, ConfigError> {
        let file: crate::config::ConfigFile = toml::from_str(text).map_err(|e| ConfigError {
            path: source.map(Path::to_path_buf),
            message: e.to_string(),
        })?;
        Config::resolve(file, source.map(Path::to_path_buf), text)
    }
}
