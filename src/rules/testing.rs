//! Helpers for rule tests: check YAML fixtures held in strings, the way the CLI would.

#![cfg(test)]

use std::path::PathBuf;

use crate::engine::{Report, check_sources};
use crate::finding::Finding;

/// Check one document (YAML text) with the built-in default profile (or the `ikp.toml` text
/// given) and return the findings of `code` only.
pub(crate) fn check_one(code: &str, yaml: &str) -> Vec<Finding> {
    check_with(code, &[("dok.yaml", yaml)], None)
}

/// Check several documents together (for cross-document rules); `files` are (name, text).
pub(crate) fn check_with(code: &str, files: &[(&str, &str)], config: Option<&str>) -> Vec<Finding> {
    let report = report(files, config);
    report
        .findings
        .into_iter()
        .filter(|f| f.rule == code)
        .collect()
}

fn report(files: &[(&str, &str)], config: Option<&str>) -> Report {
    let sources: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(name, text)| (PathBuf::from(name), (*text).to_string()))
        .collect();
    check_sources(sources, config).expect("test configuration is valid")
}
