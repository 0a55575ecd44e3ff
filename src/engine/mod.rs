//! The pipeline: files → spanned tree → schema check → typed model → links → rules →
//! findings. Everything here is deterministic: files are numbered in sorted path order before
//! any parallel work, and findings are sorted at the end.
//!
//! Documents are checked one link group at a time (a plan with its follow-ups; the KS points
//! stay loaded for the plans that link to them) and dropped when done, so memory does not
//! grow with the number of files: see [`run`].

#[cfg(feature = "fs")]
mod discover;
mod exemptions;
mod hint;
mod link;
mod load;
pub mod memory;
mod par;
mod surrogates;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[cfg(feature = "fs")]
pub use discover::{Discovered, discover};
use par::*;

#[cfg(feature = "fs")]
use crate::config::ConfigResolver;
use crate::config::{Config, ConfigError, RuleSetting};
use crate::finding::{Finding, Label, Severity, Text};
use crate::model::{DocKind, Document};
use crate::rules::{self, Context, Linked, Links};
use crate::source::{FileId, SourceFile};
use link::{LinkKey, LinkRecord, LinkTable, Linkable};

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
    /// Every file looked at, indexed by [`FileId`]. After [`check_lean`] only the files that
    /// findings, exemptions or notes point into keep their text.
    pub files: Vec<SourceFile>,
    /// Documents that loaded, in file order (empty after [`check_lean`]: see
    /// [`Report::document_count`]).
    pub documents: Vec<LoadedDocument>,
    /// How many documents loaded and were checked.
    pub document_count: usize,
    /// Who and when each loaded document is about, by file — kept in lean runs too, because
    /// fingerprints and baselines need it.
    pub identities: std::collections::BTreeMap<FileId, crate::model::DocIdentity>,
    /// Findings to report, sorted by file, position and rule.
    pub findings: Vec<Finding>,
    pub exempted: Vec<Exempted>,
    /// Findings recorded in the baseline given with `--baseline`: known, counted, not failed.
    pub baselined: Vec<Finding>,
    /// Notes on what was not checked and why (for example a follow-up whose plan is absent).
    pub notes: Vec<(FileId, Text)>,
    /// Files that could not be read or parsed at all.
    pub unreadable: usize,
    /// Configuration files that could not be used.
    pub config_errors: Vec<ConfigError>,
    /// YAML/JSON files that are not ikp documents and were skipped.
    pub skipped: usize,
    /// Those files, for `--verbose`.
    pub skipped_files: Vec<PathBuf>,
    /// Files of a directory walk left out by `include`/`exclude` in ikp.toml.
    pub excluded: Vec<PathBuf>,
    /// Documents whose rules did not run because they could not be read, parsed or
    /// validated (the unreadable ones included). Any makes the run fail.
    pub not_checked: usize,
    /// The configuration of every file checked: which ikp.toml (or the built-in default)
    /// governed which files, so a reviewer sees a weakened one.
    pub configs: Vec<ConfigUse>,
}

/// One configuration in use and the files it governed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigUse {
    /// The ikp.toml, or `None` for the built-in default profile.
    pub path: Option<PathBuf>,
    /// The profile it selects.
    pub profile: String,
    pub files: Vec<FileId>,
}

impl ConfigUse {
    /// The ikp.toml as shown, or the built-in default named as such.
    pub fn shown(&self, lang: crate::finding::Lang) -> String {
        match (&self.path, lang) {
            (Some(p), _) => {
                // Found by walking up, the path is absolute: shown from the working folder.
                let cwd = std::env::current_dir().unwrap_or_default();
                p.strip_prefix(&cwd).unwrap_or(p).display().to_string()
            }
            (None, crate::finding::Lang::Sv) => format!("inbyggd standard ({})", self.profile),
            (None, crate::finding::Lang::En) => format!("built-in default ({})", self.profile),
        }
    }
}

impl Report {
    /// Exit code: 2 when input or configuration could not be used, 1 when a finding is at or
    /// above `fail_on` or a document's rules did not run (whatever the baseline, exemptions
    /// and severities say), else 0. `fail_on = None` (`--fail-on never`) fails only on 2.
    pub fn exit_code(&self, fail_on: Option<Severity>) -> i32 {
        if self.unreadable > 0 || !self.config_errors.is_empty() {
            return 2;
        }
        match fail_on {
            Some(_) if self.not_checked > 0 => 1,
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

    /// How many documents loaded and were checked (also after [`check_lean`]).
    pub fn document_count(&self) -> usize {
        self.document_count.max(self.documents.len())
    }
}

/// Check files and directories on disk. The report holds every loaded document and the text
/// of every file; [`check_lean`] keeps only what the findings need.
#[cfg(feature = "fs")]
pub fn check(options: &CheckOptions) -> Result<Report, ConfigError> {
    check_with(options, Retain::Everything)
}

/// Check files and directories on disk, keeping only what the findings need: peak memory is
/// bounded by the documents of one link group per thread and by the findings, not by the
/// number of files. The report's `documents` is empty (use [`Report::document_count`]), and a
/// file keeps its text only when a finding, an exemption or a note points into it.
#[cfg(feature = "fs")]
pub fn check_lean(options: &CheckOptions) -> Result<Report, ConfigError> {
    check_with(options, Retain::Findings)
}

/// Check documents held in memory (tests, editors): `config` is the text of an `ikp.toml`.
pub fn check_sources(
    sources: Vec<(PathBuf, String)>,
    config: Option<&str>,
) -> Result<Report, ConfigError> {
    let config = Arc::new(match config {
        Some(text) => {
            let config = Config::from_text(text, None)?;
            validate_rules(&config).map_err(|message| ConfigError {
                path: None,
                message,
            })?;
            config
        }
        None => Config::builtin_default()?,
    });
    let mut sources = sources;
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    let inputs = sources
        .into_iter()
        .map(|(path, text)| Input {
            path,
            explicit: true,
            content: Some(text.into_bytes()),
            config: config.clone(),
        })
        .collect();
    run(inputs, Report::default(), Retain::Everything).map(|(report, _)| report)
}

/// What a run keeps for its [`Report`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retain {
    /// Every loaded document and the text of every file.
    Everything,
    /// The text of the files that findings point into; no documents.
    Findings,
}

/// One file to check and the configuration that governs it.
struct Input {
    path: PathBuf,
    explicit: bool,
    /// The bytes of a file held in memory; `None` reads it from disk.
    content: Option<Vec<u8>>,
    config: Arc<Config>,
}

/// How a run went inside (for tests and diagnostics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct RunStats {
    /// Groups checked together (KS points not counted).
    groups: usize,
    /// Documents checked again because the guess gave them the wrong links.
    rechecked: usize,
    /// Documents whose rules saw other links than the real ones after that (always 0).
    still_wrong: usize,
}

/// What only the engine knows of a configuration: the rule codes. An unknown code is an
/// error, and so is turning a loading or schema code (IKP9xx) off or down: those findings say
/// that a document's rules did not run, and a configuration that hid them would make the gate
/// pass a document nobody checked. Refusing (rather than ignoring the line with a note) tells
/// the author at once that the line does not do what they meant.
pub fn validate_rules(config: &Config) -> Result<(), String> {
    for (code, setting) in &config.rules {
        if !rules::is_known_code(code) {
            return Err(format!(
                "okänd regel «{code}» under [regler] (se `ikp rules`)"
            ));
        }
        if rules::is_loading_code(code) && *setting != RuleSetting::Error {
            return Err(format!(
                "{code} under [regler] kan inte stängas av eller sänkas: IKP9xx betyder att ett dokument inte kunde läsas eller kontrolleras, och då ska kontrollen alltid misslyckas; ta bort raden och rätta dokumentet"
            ));
        }
    }
    Ok(())
}

#[cfg(feature = "fs")]
fn check_with(options: &CheckOptions, retain: Retain) -> Result<Report, ConfigError> {
    let mut resolver = ConfigResolver::new(options.config.as_deref(), validate_rules)?;
    let discovered = discover(&options.paths);
    let mut report = Report::default();
    let mut inputs = Vec::new();
    for found in discovered.files {
        match resolver.for_file(&found.path) {
            Ok(config) if !found.explicit && !config.files.admits(&found.path) => {
                report.excluded.push(found.path);
            }
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
    for (path, message) in discovered.notes {
        let file = report.files.len();
        report.files.push(SourceFile::new(&path, String::new()));
        report.notes.push((file, message));
    }
    run(inputs, report, retain).map(|(report, _)| report)
}

/// How loading a file ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Loaded,
    Skipped,
    Unreadable,
    Invalid,
}

/// A loaded document and what checking it gave.
struct Checked {
    file: FileId,
    /// The document itself; dropped after checking in lean mode.
    loaded: Option<LoadedDocument>,
    key: LinkKey,
    /// The links its rules saw, to compare with the real ones.
    saw: LinkRecord,
    /// What its rules found, before the configuration's severities and the exemptions.
    findings: Vec<Finding>,
    grants: Vec<exemptions::Grant>,
}

/// What processing one file left behind.
struct FileResult {
    source: SourceFile,
    outcome: Outcome,
    /// Findings of loading (read, syntax, schema).
    findings: Vec<Finding>,
    checked: Option<Checked>,
}

impl FileResult {
    fn load(file: FileId, input: &Input) -> FileResult {
        let loaded = load::load_file(
            file,
            &input.path,
            input.explicit,
            input.content.clone(),
            &input.config,
        );
        let (outcome, checked) = match loaded.state {
            load::State::Loaded(doc) => {
                let loaded = LoadedDocument {
                    file,
                    doc: *doc,
                    config: input.config.clone(),
                };
                let checked = Checked {
                    file,
                    key: LinkKey::of(&loaded.doc),
                    grants: exemptions::grants(&loaded),
                    loaded: Some(loaded),
                    saw: LinkRecord::default(),
                    findings: Vec::new(),
                };
                (Outcome::Loaded, Some(checked))
            }
            load::State::Skipped => (Outcome::Skipped, None),
            load::State::Unreadable => (Outcome::Unreadable, None),
            load::State::Invalid => (Outcome::Invalid, None),
        };
        FileResult {
            source: loaded.source,
            outcome,
            findings: loaded.findings,
            checked,
        }
    }
}

/// The pipeline after discovery.
///
/// 1. A quick look at each file's top-level keys guesses its link key (`hint.rs`); linking
///    on the guesses splits the files into groups: a plan with its follow-ups, or one file.
/// 2. KS points (small, linked from many plans) are loaded and checked first, and kept.
/// 3. The groups are loaded and checked in parallel; each is dropped when done, keeping only
///    findings (and, in lean mode, the text of the files they point into).
/// 4. Linking again on the real keys of the loaded documents gives the notes and shows any
///    document whose links the guess got wrong; only those are checked again, with their
///    real links.
///
/// The result is the same as checking all documents together.
fn run(
    inputs: Vec<Input>,
    mut report: Report,
    retain: Retain,
) -> Result<(Report, RunStats), ConfigError> {
    let base = report.files.len();

    // 1. Guessed keys, links between them, and the groups they make.
    let hints: Vec<Option<LinkKey>> = inputs.par_iter().map(guess_key).collect();
    let guessed = linkables(&inputs, base, hints.iter().map(Option::as_ref));
    let guessed_links = link::link(&guessed, &std::collections::HashSet::new());
    drop(guessed);
    let is_ks = |i: usize| matches!(&hints[i], Some(k) if k.kind == DocKind::KsPoints);
    let (ks_files, groups) = groups(&inputs, base, &is_ks, &guessed_links);
    let mut stats = RunStats {
        groups: groups.len(),
        ..RunStats::default()
    };

    // 2. KS points.
    let mut results: Vec<Option<FileResult>> = (0..inputs.len()).map(|_| None).collect();
    let ks_results: Vec<(usize, FileResult)> = ks_files
        .par_iter()
        .map(|&i| {
            let mut result = FileResult::load(base + i, &inputs[i]);
            if let Some(c) = &mut result.checked
                && let Some(loaded) = &c.loaded
            {
                c.findings = check_document(loaded, &result.source, Links::default());
            }
            (i, result)
        })
        .collect();
    {
        let resident: HashMap<FileId, (&LoadedDocument, &SourceFile)> = ks_results
            .iter()
            .filter_map(|(_, r)| {
                let loaded = r.checked.as_ref()?.loaded.as_ref()?;
                Some((loaded, &r.source))
            })
            .filter(|(d, _)| d.doc.kind() == DocKind::KsPoints)
            .map(|(d, s)| (d.file, (d, s)))
            .collect();

        // 3. The groups, in parallel.
        let checked: Vec<Vec<(usize, FileResult)>> = groups
            .par_iter()
            .map(|group| check_group(group, &inputs, base, &guessed_links, &resident, retain))
            .collect();
        for (i, result) in checked.into_iter().flatten() {
            results[i] = Some(result);
        }
    }
    for (i, mut result) in ks_results {
        if retain == Retain::Findings
            && let Some(c) = &mut result.checked
        {
            c.loaded = None;
        }
        results[i] = Some(result);
    }
    let mut results: Vec<FileResult> = results
        .into_iter()
        .enumerate()
        .map(|(i, r)| r.unwrap_or_else(|| FileResult::load(base + i, &inputs[i])))
        .collect();

    // 4. The real links.
    let real = linkables(
        &inputs,
        base,
        results.iter().map(|r| r.checked.as_ref().map(|c| &c.key)),
    );
    // Files that did not load, so a `plan:` naming one says so.
    let failed: std::collections::HashSet<PathBuf> = results
        .iter()
        .zip(&inputs)
        .filter(|(r, _)| matches!(r.outcome, Outcome::Invalid | Outcome::Unreadable))
        .map(|(_, input)| link::absolute(&input.path))
        .collect();
    let mut real_links = link::link(&real, &failed);
    drop(real);
    let wrong: Vec<usize> = (0..results.len())
        .filter(|&i| {
            results[i]
                .checked
                .as_ref()
                .is_some_and(|c| c.saw != real_links.record(base + i))
        })
        .collect();
    stats.rechecked = wrong.len();
    let rechecked: Vec<Rechecked> = wrong
        .par_iter()
        .map(|&i| recheck(i, &inputs, base, &real_links.record(base + i)))
        .collect();
    let mut restored: HashMap<FileId, SourceFile> = HashMap::new();
    for r in rechecked {
        if let Some(c) = &mut results[r.index].checked {
            c.findings = r.findings;
            c.saw = r.saw;
        }
        restored.extend(r.sources);
    }
    stats.still_wrong = results
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            r.checked
                .as_ref()
                .is_some_and(|c| c.saw != real_links.record(base + i))
        })
        .count();

    // Findings with each file's severities, then exemptions.
    let mut findings = std::mem::take(&mut report.findings);
    findings.append(&mut real_links.findings);
    let mut grants = Vec::new();
    for result in &mut results {
        findings.append(&mut result.findings);
        if let Some(c) = &mut result.checked {
            findings.append(&mut c.findings);
            grants.append(&mut c.grants);
        }
    }
    apply_config(&mut findings, &inputs, base);
    let (kept, exempted, exemption_findings) = exemptions::apply(findings, grants);
    report.findings = kept;
    report.findings.extend(exemption_findings);
    report.exempted = exempted;
    report.notes.append(&mut real_links.notes);

    // The files, and what is kept of them.
    let referenced = referenced_files(&report);
    let mut configs: Vec<ConfigUse> = Vec::new();
    for (i, result) in results.into_iter().enumerate() {
        let file = base + i;
        if let Some(checked) = &result.checked {
            report.identities.insert(file, checked.key.identity());
        }
        match result.outcome {
            Outcome::Loaded => report.document_count += 1,
            Outcome::Skipped => {
                report.skipped += 1;
                report.skipped_files.push(inputs[i].path.clone());
            }
            Outcome::Unreadable => {
                report.unreadable += 1;
                report.not_checked += 1;
            }
            Outcome::Invalid => report.not_checked += 1,
        }
        if result.outcome != Outcome::Skipped {
            let config = &inputs[i].config;
            match configs.iter_mut().find(|c| c.path == config.source) {
                Some(used) => used.files.push(file),
                None => configs.push(ConfigUse {
                    path: config.source.clone(),
                    profile: config.profile.name.clone(),
                    files: vec![file],
                }),
            }
        }
        let mut source = result.source;
        if retain == Retain::Findings && !referenced.contains(&file) {
            source = SourceFile::new(&source.path, String::new());
        } else if source.text.is_empty()
            && let Some(full) = restored.remove(&file)
        {
            source = full;
        }
        report.files.push(source);
        if retain == Retain::Everything
            && let Some(loaded) = result.checked.and_then(|c| c.loaded)
        {
            report.documents.push(loaded);
        }
    }
    configs.sort_by(|a, b| (a.path.is_none(), &a.path).cmp(&(b.path.is_none(), &b.path)));
    report.configs = configs;
    sort_findings(&mut report);
    // Bounded output: at most a fixed number of findings per file, the rest summarised.
    crate::rules::cap_findings(&mut report.findings);
    Ok((report, stats))
}

fn linkables<'a>(
    inputs: &'a [Input],
    base: usize,
    keys: impl Iterator<Item = Option<&'a LinkKey>>,
) -> Vec<Linkable<'a>> {
    keys.zip(inputs)
        .enumerate()
        .filter_map(|(i, (key, input))| {
            key.map(|key| Linkable {
                file: base + i,
                path: &input.path,
                key,
            })
        })
        .collect()
}

/// The link key a file's text suggests (see `hint.rs`), read without loading the file.
fn guess_key(input: &Input) -> Option<LinkKey> {
    match &input.content {
        Some(bytes) => hint::hint(bytes),
        None => {
            let meta = std::fs::metadata(&input.path).ok()?;
            if !meta.is_file() || meta.len() > input.config.limits.max_byte {
                return None;
            }
            hint::hint(&std::fs::read(&input.path).ok()?)
        }
    }
}

/// Split the inputs into the KS-point files and groups of linked files (input indices, in
/// order). A group is a plan with its follow-ups, or a single file.
fn groups(
    inputs: &[Input],
    base: usize,
    is_ks: &dyn Fn(usize) -> bool,
    links: &LinkTable,
) -> (Vec<usize>, Vec<Vec<usize>>) {
    let n = inputs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (&file, record) in &links.records {
        if let Some(plan) = record.plan {
            let (a, b) = (
                root(&mut parent, file - base),
                root(&mut parent, plan - base),
            );
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut ks = Vec::new();
    let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        if is_ks(i) {
            ks.push(i);
        } else {
            let r = root(&mut parent, i);
            by_root.entry(r).or_default().push(i);
        }
    }
    let mut groups: Vec<Vec<usize>> = by_root.into_values().collect();
    groups.sort_unstable_by_key(|g| g[0]);
    (ks, groups)
}

/// Load and check one group of files, with the links the guessed keys give.
fn check_group(
    group: &[usize],
    inputs: &[Input],
    base: usize,
    links: &LinkTable,
    resident: &HashMap<FileId, (&LoadedDocument, &SourceFile)>,
    retain: Retain,
) -> Vec<(usize, FileResult)> {
    let mut results: Vec<(usize, FileResult)> = group
        .iter()
        .map(|&i| (i, FileResult::load(base + i, &inputs[i])))
        .collect();
    let found: Vec<Vec<Finding>>;
    let saw: Vec<LinkRecord>;
    {
        let mut available: HashMap<FileId, (&LoadedDocument, &SourceFile)> = HashMap::new();
        for (_, r) in &results {
            if let Some(loaded) = r.checked.as_ref().and_then(|c| c.loaded.as_ref()) {
                available.insert(loaded.file, (loaded, &r.source));
            }
        }
        let lookup = |file: FileId| {
            available
                .get(&file)
                .or_else(|| resident.get(&file))
                .copied()
        };
        (found, saw) = results
            .iter()
            .map(
                |(_, r)| match r.checked.as_ref().and_then(|c| c.loaded.as_ref()) {
                    Some(loaded) => {
                        let (links, saw) = links_for(&links.record(loaded.file), &lookup);
                        (check_document(loaded, &r.source, links), saw)
                    }
                    None => (Vec::new(), LinkRecord::default()),
                },
            )
            .unzip();
    }
    for (((_, r), findings), saw) in results.iter_mut().zip(found).zip(saw) {
        if let Some(c) = &mut r.checked {
            c.findings = findings;
            c.saw = saw;
            if retain == Retain::Findings {
                c.loaded = None;
            }
        }
    }
    if retain == Retain::Findings {
        drop_unreferenced_text(&mut results);
    }
    results
}

/// Lean mode: drop the text of files no finding (of this group) points into. Files with
/// exemptions keep theirs: exemption findings are made later and point at them.
fn drop_unreferenced_text(results: &mut [(usize, FileResult)]) {
    let mut referenced = BTreeSet::new();
    for (_, r) in results.iter() {
        let own = r.checked.iter().flat_map(|c| &c.findings);
        for f in r.findings.iter().chain(own) {
            referenced.insert(f.primary.file);
            referenced.extend(f.secondary.iter().map(|l| l.file));
        }
        // Exemptions, and a follow-up's `plan:` (IKP092 is found after the groups), are
        // pointed at later.
        if let Some(c) = &r.checked
            && (!c.grants.is_empty() || c.key.plan.is_some())
        {
            referenced.insert(c.file);
        }
    }
    for (_, r) in results.iter_mut() {
        let file = r.checked.as_ref().map(|c| c.file);
        let keep = file.is_some_and(|f| referenced.contains(&f)) || !r.findings.is_empty();
        if !keep {
            r.source = SourceFile::new(&r.source.path, String::new());
        }
    }
}

/// A document checked again with its real links.
struct Rechecked {
    index: usize,
    findings: Vec<Finding>,
    saw: LinkRecord,
    /// The files loaded for it, whose text a finding may need.
    sources: Vec<(FileId, SourceFile)>,
}

/// Check one document again with its real links, loading it and its linked documents anew.
fn recheck(i: usize, inputs: &[Input], base: usize, record: &LinkRecord) -> Rechecked {
    let mut files: Vec<FileId> = vec![base + i];
    files.extend(record.plan);
    files.extend(&record.follow_ups);
    files.extend(&record.ks_points);
    let loaded: Vec<FileResult> = files
        .iter()
        .map(|&f| FileResult::load(f, &inputs[f - base]))
        .collect();
    let (findings, saw) = {
        let available: HashMap<FileId, (&LoadedDocument, &SourceFile)> = loaded
            .iter()
            .filter_map(|r| {
                let loaded = r.checked.as_ref()?.loaded.as_ref()?;
                Some((loaded.file, (loaded, &r.source)))
            })
            .collect();
        let lookup = |file: FileId| available.get(&file).copied();
        let first = loaded.first().and_then(|r| {
            let doc = r.checked.as_ref()?.loaded.as_ref()?;
            Some((doc, &r.source))
        });
        match first {
            Some((doc, source)) => {
                let (links, saw) = links_for(record, &lookup);
                (check_document(doc, source, links), saw)
            }
            None => (Vec::new(), LinkRecord::default()),
        }
    };
    let sources = files
        .into_iter()
        .zip(loaded)
        .map(|(f, r)| (f, r.source))
        .collect();
    Rechecked {
        index: i,
        findings,
        saw,
        sources,
    }
}

type Lookup<'a, 'b> = dyn Fn(FileId) -> Option<(&'a LoadedDocument, &'a SourceFile)> + 'b;

/// The [`Links`] of a record, from the documents at hand, and the record of what was found.
fn links_for<'a>(record: &LinkRecord, lookup: &Lookup<'a, '_>) -> (Links<'a>, LinkRecord) {
    let mut links = Links::default();
    let mut saw = LinkRecord::default();
    if let Some(file) = record.plan
        && let Some((loaded, source)) = lookup(file)
        && let Document::Plan(doc) = &loaded.doc
    {
        links.plan = Some(Linked { file, source, doc });
        saw.plan = Some(file);
    }
    for &file in &record.follow_ups {
        if let Some((loaded, source)) = lookup(file)
            && let Document::FollowUp(doc) = &loaded.doc
        {
            links.follow_ups.push(Linked { file, source, doc });
            saw.follow_ups.push(file);
        }
    }
    for &file in &record.ks_points {
        if let Some((loaded, source)) = lookup(file)
            && let Document::KsPoints(doc) = &loaded.doc
        {
            links.ks_points.push(Linked { file, source, doc });
            saw.ks_points.push(file);
        }
    }
    (links, saw)
}

/// Run the rules for one document.
fn check_document(loaded: &LoadedDocument, source: &SourceFile, links: Links<'_>) -> Vec<Finding> {
    let cx = Context {
        file: loaded.file,
        source,
        doc: &loaded.doc,
        profile: &loaded.config.profile,
        lexicon: &loaded.config.lexicon,
        links,
    };
    let kind = loaded.doc.kind();
    let mut out = Vec::new();
    for rule in rules::document_rules() {
        let meta = rule.meta();
        if meta.reports_on(kind)
            && loaded
                .config
                .severity_of(meta.code, meta.default_severity)
                .is_some()
        {
            rule.check(&cx, &mut out);
        }
    }
    out
}

/// Every file a finding, an exempted finding or its exemption points into.
fn referenced_files(report: &Report) -> BTreeSet<FileId> {
    let mut files = BTreeSet::new();
    let mut add = |f: &Finding| {
        files.insert(f.primary.file);
        files.extend(f.secondary.iter().map(|l| l.file));
    };
    report.findings.iter().for_each(&mut add);
    for e in &report.exempted {
        add(&e.finding);
    }
    for e in &report.exempted {
        files.insert(e.exemption.file);
    }
    files
}

/// Apply each file's configured severity (or drop findings of rules turned off).
fn apply_config(findings: &mut Vec<Finding>, inputs: &[Input], base: usize) {
    findings.retain_mut(|f| {
        let Some(input) = f.primary.file.checked_sub(base).and_then(|i| inputs.get(i)) else {
            return true;
        };
        match input.config.severity_of(f.rule, f.severity) {
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

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "typ: plan\nkommun: Teststad\nnämnd: Kulturnämnden\når: 2025\nrisker:\n  - nr: 7\n    händelse: Bidrag utan beslut\n";

    fn run_sources(sources: &[(&str, &str)], retain: Retain) -> (Report, RunStats) {
        let config = Arc::new(Config::builtin_default().unwrap());
        let inputs = sources
            .iter()
            .map(|(path, text)| Input {
                path: PathBuf::from(path),
                explicit: true,
                content: Some(text.as_bytes().to_vec()),
                config: config.clone(),
            })
            .collect();
        run(inputs, Report::default(), retain).unwrap()
    }

    #[test]
    fn a_plan_and_its_follow_up_are_one_group() {
        let follow_up =
            "typ: uppföljning\nkommun: Teststad\nnämnd: Kulturnämnden\når: 2025\nplan: plan.yaml\n";
        let ks = "typ: ks-punkter\nkommun: Teststad\når: 2025\npunkter: []\n";
        let (report, stats) = run_sources(
            &[
                ("r/ks.yaml", ks),
                ("r/k/plan.yaml", PLAN),
                ("r/k/uppf.yaml", follow_up),
            ],
            Retain::Everything,
        );
        assert_eq!(
            stats,
            RunStats {
                groups: 1,
                ..RunStats::default()
            }
        );
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        assert_eq!(report.document_count(), 3);
    }

    /// Written so the quick look cannot read it (flow style, an anchor): the guesses are wrong,
    /// and the real links must still be found and used.
    #[test]
    fn documents_the_guess_misreads_are_checked_again_with_their_real_links() {
        let follow_up = "{typ: uppföljning, kommun: Teststad, nämnd: Kulturnämnden, år: 2025}\n";
        let ks = "typ: ks-punkter\nkommun: &k Teststad\når: 2025\npunkter: []\n";
        let (report, stats) = run_sources(
            &[
                ("r/ks.yaml", ks),
                ("r/k/plan.yaml", PLAN),
                ("r/k/uppf.yaml", follow_up),
            ],
            Retain::Findings,
        );
        // The plan saw neither its follow-up nor its KS points; the follow-up saw no plan.
        assert_eq!(stats.rechecked, 2);
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        assert_eq!(stats.still_wrong, 0);
        let plan = 1;
        // The plan's own finding is there once, with its text kept for showing.
        let ikp004: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == "IKP004")
            .collect();
        assert_eq!(ikp004.len(), 1);
        assert_eq!(report.files[plan].slice(ikp004[0].primary.span), "7");
    }

    #[cfg(feature = "fs")]
    #[test]
    fn lean_and_full_runs_report_the_same() {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let options = CheckOptions {
            paths: vec![examples],
            config: None,
        };
        let full = check(&options).unwrap();
        let lean = check_lean(&options).unwrap();
        assert_eq!(full.findings, lean.findings);
        assert_eq!(full.notes, lean.notes);
        assert_eq!(full.document_count(), lean.document_count());
        assert!(lean.documents.is_empty());
        for f in &lean.findings {
            assert!(
                !lean.files[f.primary.file].text.is_empty(),
                "text kept for {f}"
            );
        }
    }
}
