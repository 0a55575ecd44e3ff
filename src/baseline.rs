//! Baselines: today's findings recorded in a file so that a repository with many old findings
//! can adopt the gate at once. `ikp check --baseline FILE` then fails only on findings that
//! are not in it, and counts the known ones.
//!
//! A finding is recognised by its [fingerprint](crate::fingerprint), never by its line, so
//! edits elsewhere do not resurrect it. The file is JSON, versioned, and names the repository
//! it was made for (the municipalities, or for documents without `kommun` the nämnder, of the
//! documents checked), so that a baseline from another repository or from a newer `ikp` is
//! refused instead of silently passing everything.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::normalize_word;
use crate::engine::Report;
use crate::finding::{Lang, Text};
use crate::fingerprint::{self, Fingerprinter};
use crate::text;

/// The value of `format` in every baseline file.
pub const FORMAT: &str = "ikp-baseline";
/// The format version this `ikp` writes and reads.
pub const VERSION: u32 = 1;
/// The conventional file name, at the repository root.
pub const DEFAULT_FILE: &str = ".ikp-baseline.json";
/// A baseline larger than this is refused before it is read (a real one is a few hundred KB).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Always `ikp-baseline`.
    pub format: String,
    /// The format version; see [`VERSION`].
    pub version: u32,
    /// The `ikp` that wrote the file.
    pub tool: Tool,
    /// The repository identity: `kommun:<name>` for each municipality of the documents checked
    /// and `nämnd:<name>` for documents that name no municipality (normalised, sorted).
    pub repository: Vec<String>,
    /// The recorded findings, sorted by document, rule, entity and fingerprint.
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// One recorded finding. Only `fingerprint` decides a match; the rest is there so that a
/// person reviewing the baseline in a pull request sees what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    /// The document identity the fingerprint was made from (`plan|stockholm|servicenämnden|2025`).
    pub document: String,
    pub entity: String,
    /// Where the finding was when the baseline was made (informative only).
    pub file: String,
    pub message: String,
}

/// What applying a baseline to a report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    /// Findings found in the baseline (moved to `report.baselined`).
    pub known: usize,
    /// Baseline entries that matched no finding: fixed since, and ready to be pruned.
    pub unmatched: usize,
}

/// What pruning did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pruned {
    pub before: usize,
    pub removed: usize,
    /// Entries of documents that were not among the checked files, kept untouched.
    pub not_checked: usize,
}

/// The repository identity of the documents in a report (see [`Baseline::repository`]).
pub fn repository_identity(report: &Report) -> Vec<String> {
    let set: BTreeSet<String> = report
        .identities
        .values()
        .filter_map(|id| match (&id.municipality, &id.committee) {
            (Some(m), _) => Some(format!("kommun:{}", normalize_word(m))),
            (None, Some(c)) => Some(format!("nämnd:{}", normalize_word(c))),
            (None, None) => None,
        })
        .collect();
    set.into_iter().collect()
}

impl Baseline {
    /// A baseline recording every finding of `report` (exempted findings are not findings).
    pub fn from_report(report: &Report, lang: Lang) -> Baseline {
        let prints = Fingerprinter::new(report);
        let mut findings: Vec<Entry> = report
            .findings
            .iter()
            .map(|f| Entry {
                fingerprint: prints.of(f),
                rule: f.rule.to_string(),
                document: prints.document(f.primary.file).to_string(),
                entity: f.subject.entity.clone(),
                file: crate::source::repo_path(&report.files[f.primary.file].path)
                    .as_str()
                    .to_string(),
                message: f.message.get(lang).to_string(),
            })
            .collect();
        sort(&mut findings);
        Baseline {
            format: FORMAT.to_string(),
            version: VERSION,
            tool: this_tool(),
            repository: repository_identity(report),
            findings,
        }
    }

    /// Read and check a baseline file. Every problem is an error: a baseline that cannot be
    /// trusted must never let a check pass.
    pub fn read(path: &Path) -> Result<Baseline, Text> {
        let shown = path.display().to_string();
        let io = |e: std::io::Error| {
            text!(
                "kan inte läsa baslinjen {shown}: {e}",
                "cannot read the baseline {shown}: {e}"
            )
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let mut bytes = Vec::new();
        file.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(text!(
                "baslinjen {shown} är större än {MAX_BYTES} byte; det är ingen baslinje från ikp",
                "the baseline {shown} is larger than {MAX_BYTES} bytes; it is not an ikp baseline"
            ));
        }
        let text = String::from_utf8(bytes).map_err(|_| {
            text!(
                "baslinjen {shown} är inte UTF-8-text",
                "the baseline {shown} is not UTF-8 text"
            )
        })?;
        Baseline::parse(&text, &shown)
    }

    /// Parse the text of a baseline; `shown` names it in messages.
    pub fn parse(text: &str, shown: &str) -> Result<Baseline, Text> {
        let malformed = |why: String| {
            text!(
                "baslinjen {shown} är trasig: {why}; skapa den på nytt med `ikp baseline create`",
                "the baseline {shown} is malformed: {why}; create it again with `ikp baseline create`"
            )
        };
        // First only the head (other fields skipped without being kept), so that a newer
        // format is named as such even if its fields changed; then the whole file straight
        // into the typed form: memory stays proportional to the file (no generic JSON copy),
        // and serde refuses duplicate and unknown fields instead of keeping the last.
        #[derive(Deserialize)]
        struct Head {
            format: Option<serde_json::Value>,
            version: Option<serde_json::Value>,
            tool: Option<HeadTool>,
        }
        #[derive(Deserialize)]
        struct HeadTool {
            version: Option<serde_json::Value>,
        }
        let json_error = |e: serde_json::Error| {
            malformed(format!(
                "inte giltig JSON (rad {}, kolumn {}: {e})",
                e.line(),
                e.column()
            ))
        };
        serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(json_error)?;
        let head: Head =
            serde_json::from_str(text).map_err(|e| malformed(swedish_serde_error(&e)))?;
        if head.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(text!(
                "{shown} är ingen baslinje från ikp (fältet \"format\": \"{FORMAT}\" saknas)",
                "{shown} is not an ikp baseline (the field \"format\": \"{FORMAT}\" is missing)"
            ));
        }
        let version = head.version.as_ref().and_then(|v| v.as_u64());
        let writer = head
            .tool
            .as_ref()
            .and_then(|t| t.version.as_ref())
            .and_then(|v| v.as_str())
            .unwrap_or("okänd")
            .to_string();
        match version {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) if v > u64::from(VERSION) => {
                let ours = env!("CARGO_PKG_VERSION");
                return Err(text!(
                    "baslinjen {shown} har format {v} och skrevs av ikp {writer}; den här ikp ({ours}) läser bara format {VERSION}: uppdatera ikp",
                    "the baseline {shown} has format {v} and was written by ikp {writer}; this ikp ({ours}) reads only format {VERSION}: update ikp"
                ));
            }
            _ => {
                return Err(malformed(
                    "fältet \"version\" saknas eller är inget känt formatnummer".to_string(),
                ));
            }
        }
        let baseline: Baseline =
            serde_json::from_str(text).map_err(|e| malformed(swedish_serde_error(&e)))?;
        if baseline.repository.is_empty() {
            return Err(malformed(
                "fältet \"repository\" är tomt; en baslinje gäller ett visst repo (dess kommuner eller nämnder)".to_string(),
            ));
        }
        if let Some(bad) = baseline
            .findings
            .iter()
            .find(|e| !fingerprint::is_well_formed(&e.fingerprint))
        {
            return Err(malformed(format!(
                "fingeravtrycket «{}» är inte 32 hexadecimala tecken",
                bad.fingerprint
            )));
        }
        Ok(baseline)
    }

    /// The file's text: pretty JSON with a final newline, stable for a given set of findings
    /// so that re-creating an unchanged baseline gives no diff.
    pub fn to_json(&self) -> String {
        // Serializing plain structs of strings and numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// Refuse a baseline made for another repository: when both it and the checked documents
    /// name a repository identity and the two share nothing. (A subset is fine: a pre-commit
    /// hook may check a single file, and a new nämnd may join the repository.)
    pub fn check_repository(&self, report: &Report, shown: &str) -> Result<(), Text> {
        let ours = repository_identity(report);
        if ours.is_empty() {
            return Ok(());
        }
        let theirs: HashSet<&String> = self.repository.iter().collect();
        if ours.iter().any(|id| theirs.contains(id)) {
            return Ok(());
        }
        let (theirs, ours) = (describe(&self.repository), describe(&ours));
        Err(text!(
            "baslinjen {shown} är skapad för ett annat repo ({theirs}) än de kontrollerade dokumenten ({ours}); använd rätt baslinje eller skapa en ny med `ikp baseline create`",
            "the baseline {shown} was made for another repository ({theirs}) than the checked documents ({ours}); use the right baseline or create a new one with `ikp baseline create`"
        ))
    }

    /// Move every finding recorded in the baseline from `report.findings` to
    /// `report.baselined`. Entries are matched as a multiset: two identical findings need two
    /// entries, so a copy of a known problem is still new.
    pub fn apply(&self, report: &mut Report) -> Applied {
        let prints = Fingerprinter::new(report);
        let mut remaining = self.counts();
        let mut kept = Vec::new();
        let mut known = Vec::new();
        for finding in std::mem::take(&mut report.findings) {
            // A document that did not load was not checked: no baseline makes that known.
            if crate::rules::is_loading_code(finding.rule) {
                kept.push(finding);
                continue;
            }
            match remaining.get_mut(prints.of(&finding).as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    known.push(finding);
                }
                _ => kept.push(finding),
            }
        }
        report.findings = kept;
        report.baselined.extend(known);
        Applied {
            known: report.baselined.len(),
            unmatched: remaining.values().sum(),
        }
    }

    /// A copy without the entries that no longer occur in `report`. Entries of documents that
    /// were not checked in this run are kept as they are.
    pub fn prune(&self, report: &Report) -> (Baseline, Pruned) {
        let prints = Fingerprinter::new(report);
        let checked: HashSet<String> = (0..report.files.len())
            .flat_map(|file| {
                let fallback = format!(
                    "fil|{}",
                    crate::source::repo_path(&report.files[file].path).as_str()
                );
                [prints.document(file).to_string(), fallback]
            })
            .collect();
        let mut occurring: HashMap<String, usize> = HashMap::new();
        for f in &report.findings {
            *occurring.entry(prints.of(f)).or_default() += 1;
        }
        let mut pruned = Pruned {
            before: self.findings.len(),
            ..Pruned::default()
        };
        let mut findings = Vec::new();
        for entry in &self.findings {
            if !checked.contains(&entry.document) {
                pruned.not_checked += 1;
                findings.push(entry.clone());
                continue;
            }
            match occurring.get_mut(&entry.fingerprint) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    findings.push(entry.clone());
                }
                _ => pruned.removed += 1,
            }
        }
        let mut baseline = Baseline {
            tool: this_tool(),
            findings,
            ..self.clone()
        };
        sort(&mut baseline.findings);
        (baseline, pruned)
    }

    fn counts(&self) -> HashMap<&str, usize> {
        let mut counts = HashMap::new();
        for e in &self.findings {
            *counts.entry(e.fingerprint.as_str()).or_default() += 1;
        }
        counts
    }
}

/// serde's messages are English; the common one (a missing field) is said in Swedish, the rest
/// are kept as they are after a Swedish lead-in.
fn swedish_serde_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if let Some(field) = text
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        return format!("fältet \"{field}\" saknas");
    }
    if let Some(field) = text
        .strip_prefix("duplicate field `")
        .and_then(|rest| rest.split('`').next())
    {
        return format!("fältet \"{field}\" står två gånger");
    }
    if let Some(field) = text
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    {
        return format!("okänt fält \"{field}\"");
    }
    format!("oväntat innehåll ({text})")
}

fn this_tool() -> Tool {
    Tool {
        name: "ikp".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

fn sort(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        (&a.document, &a.rule, &a.entity, &a.fingerprint).cmp(&(
            &b.document,
            &b.rule,
            &b.entity,
            &b.fingerprint,
        ))
    });
}

fn describe(identity: &[String]) -> String {
    identity
        .iter()
        .map(|id| id.replacen(':', " ", 1))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
