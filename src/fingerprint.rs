//! Fingerprints: a finding's identity, built from what it is about and never from where it is
//! written. Baselines, SARIF `partialFingerprints` and GitLab's `fingerprint` all use it.
//!
//! The inputs are the rule, the document's identity (kind, kommun, nämnd, år — or, for a file
//! that did not load, its path), the entity's key (`risk:70`, `kontroll:K1`,
//! `uppföljning:K3/tillfälle:t1`) and a digest of the normalised offending content. Inserting a
//! risk above, reordering controls, re-indenting or renaming the file leaves all of these
//! unchanged; a changed value that still breaks the rule changes the content digest.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::config::normalize_word;
use crate::engine::Report;
use crate::finding::Finding;
use crate::source::{FileId, repo_path};

/// The key under which SARIF carries the fingerprint in `partialFingerprints`. The suffix is
/// the version of the recipe: change the recipe, bump it.
pub const SARIF_KEY: &str = "ikpFingerprint/v1";

/// Prefix of what is hashed, so a future recipe can never collide with this one.
const RECIPE: &str = "ikp-fingerprint-v1";

/// Hex digits kept of the SHA-256 digest: 128 bits, far from any accidental collision
/// among the few thousand findings of a repository, and short enough to read in a diff.
const HEX_DIGITS: usize = 32;

/// Fingerprints for the findings of one report. Document keys are computed once per file.
pub struct Fingerprinter {
    documents: HashMap<FileId, String>,
    fallback: HashMap<FileId, String>,
}

impl Fingerprinter {
    pub fn new(report: &Report) -> Self {
        let documents = report
            .identities
            .iter()
            .map(|(file, id)| {
                let key = [
                    id.kind.typ().to_string(),
                    id.municipality
                        .as_deref()
                        .map(normalize_word)
                        .unwrap_or_default(),
                    id.committee
                        .as_deref()
                        .map(normalize_word)
                        .unwrap_or_default(),
                    id.year.to_string(),
                ]
                .join("|");
                (*file, key)
            })
            .collect();
        let fallback = report
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (i, format!("fil|{}", repo_path(&f.path).as_str())))
            .collect();
        Fingerprinter {
            documents,
            fallback,
        }
    }

    /// The identity of the document in `file`: `plan|stockholm|servicenämnden|2025`, or
    /// `fil|<path>` for a file that did not load as a document.
    pub fn document(&self, file: FileId) -> &str {
        self.documents
            .get(&file)
            .or_else(|| self.fallback.get(&file))
            .map(String::as_str)
            .unwrap_or("fil|")
    }

    /// The fingerprint of a finding: 32 lower-case hex digits.
    pub fn of(&self, finding: &Finding) -> String {
        fingerprint(
            finding.rule,
            self.document(finding.primary.file),
            &finding.subject.entity,
            &finding.subject.content,
        )
    }
}

impl Fingerprinter {
    /// One fingerprint per finding of `findings` (in their order), unique among them: the
    /// first of several findings about the very same thing keeps [`Fingerprinter::of`], each
    /// repeat gets [`nth_occurrence`]. SARIF, GitLab and JSON all use these, so a finding has
    /// the same fingerprint in every format, and no two results share one.
    pub fn unique(&self, findings: &[Finding]) -> Vec<String> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        findings
            .iter()
            .map(|f| {
                let base = self.of(f);
                let n = seen.entry(base.clone()).or_default();
                let print = nth_occurrence(&base, *n);
                *n += 1;
                print
            })
            .collect()
    }
}

/// The fingerprint of (rule, document identity, entity, content).
pub fn fingerprint(rule: &str, document: &str, entity: &str, content: &str) -> String {
    let content_digest = hex(&Sha256::digest(normalize_word(content).as_bytes()));
    let mut hasher = Sha256::new();
    // Fields are joined with a byte that cannot occur in any of them (they are text).
    for part in [
        RECIPE,
        &rule.to_ascii_uppercase(),
        document,
        &normalize_word(entity),
        &content_digest,
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    let mut out = hex(&hasher.finalize());
    out.truncate(HEX_DIGITS);
    out
}

/// A fingerprint made unique within one report: the first occurrence of `base` keeps it, the
/// n-th repeat (n ≥ 1, two findings about the very same thing) gets a derived one. For formats
/// whose consumers require unique fingerprints (GitLab Code Quality).
pub fn nth_occurrence(base: &str, n: usize) -> String {
    if n == 0 {
        return base.to_string();
    }
    fingerprint("", base, &format!("#{n}"), "")
}

/// Is `text` shaped like a fingerprint (for reading baselines)?
pub fn is_well_formed(text: &str) -> bool {
    text.len() == HEX_DIGITS
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_inputs_same_fingerprint_and_whitespace_or_case_do_not_matter() {
        let a = fingerprint(
            "IKP004",
            "plan|stockholm|servicenämnden|2025",
            "risk:70",
            "sannolikhet, konsekvens",
        );
        let b = fingerprint(
            "ikp004",
            "plan|stockholm|servicenämnden|2025",
            "risk:70",
            "  Sannolikhet,   konsekvens ",
        );
        assert_eq!(a, b);
        assert!(is_well_formed(&a));
    }

    #[test]
    fn every_part_counts() {
        let base = fingerprint("IKP004", "plan|s|n|2025", "risk:70", "x");
        assert_ne!(base, fingerprint("IKP005", "plan|s|n|2025", "risk:70", "x"));
        assert_ne!(base, fingerprint("IKP004", "plan|s|n|2026", "risk:70", "x"));
        assert_ne!(base, fingerprint("IKP004", "plan|s|n|2025", "risk:71", "x"));
        assert_ne!(base, fingerprint("IKP004", "plan|s|n|2025", "risk:70", "y"));
    }

    #[test]
    fn recognises_well_formed_fingerprints() {
        assert!(is_well_formed("0123456789abcdef0123456789abcdef"));
        assert!(!is_well_formed("0123456789ABCDEF0123456789abcdef"));
        assert!(!is_well_formed("0123"));
    }
}
