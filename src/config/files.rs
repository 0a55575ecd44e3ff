//! `include` and `exclude` in ikp.toml: which files a directory walk checks, as Ruff has them.
//! Patterns are globs relative to the folder of the ikp.toml that names them. A pattern without
//! `/` also matches a file or folder name anywhere below (`arkiv`, `*.bak.yaml`); one with `/`
//! matches the path from that folder (`2019/**`, `utkast/*.yaml`).
//!
//! A file named on the command line is always checked, as in Ruff: naming it is asking for it.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// The compiled `include`/`exclude` of one ikp.toml.
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    /// The folder the patterns are relative to (absolute, lexically normalised).
    base: PathBuf,
    /// `None`: every YAML/JSON file the walk finds.
    include: Option<Patterns>,
    exclude: Option<Patterns>,
}

#[derive(Debug, Clone)]
struct Patterns {
    /// Patterns with a `/`, matched against the whole relative path.
    paths: GlobSet,
    /// Patterns without a `/`, matched against each component.
    names: GlobSet,
}

impl Patterns {
    fn new(patterns: &[String], key: &str) -> Result<Option<Patterns>, String> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let mut paths = GlobSetBuilder::new();
        let mut names = GlobSetBuilder::new();
        for pattern in patterns {
            let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
            let glob = glob(trimmed).map_err(|e| {
                format!("mönstret «{pattern}» under {key} är inget giltigt glob-mönster: {e}")
            })?;
            if trimmed.contains('/') {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        let build = |b: GlobSetBuilder| {
            b.build()
                .map_err(|e| format!("mönstren under {key} kan inte användas: {e}"))
        };
        Ok(Some(Patterns {
            paths: build(paths)?,
            names: build(names)?,
        }))
    }

    fn matches(&self, relative: &Path) -> bool {
        if self.paths.is_match(relative) {
            return true;
        }
        // A folder's path matches too, so `utkast/2019` excludes what lies below it.
        let mut prefix = PathBuf::new();
        for part in relative.components() {
            prefix.push(part);
            if self.names.is_match(part.as_os_str()) || self.paths.is_match(&prefix) {
                return true;
            }
        }
        false
    }
}

fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    // `*` stays within one folder, `**` crosses folders (as in .gitignore).
    GlobBuilder::new(pattern).literal_separator(true).build()
}

impl FileFilter {
    /// Compile the patterns of the ikp.toml in `base`.
    pub fn new(base: &Path, include: &[String], exclude: &[String]) -> Result<FileFilter, String> {
        Ok(FileFilter {
            base: absolute(base),
            include: Patterns::new(include, "include")?,
            exclude: Patterns::new(exclude, "exclude")?,
        })
    }

    /// Whether a file found in a directory walk is checked. Files outside the base folder
    /// (possible with `--config`) are judged by their path from the base as far as it goes:
    /// only `exclude` names can match them.
    pub fn admits(&self, file: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let file = absolute(file);
        let relative = match file.strip_prefix(&self.base) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => file.file_name().map(PathBuf::from).unwrap_or(file.clone()),
        };
        if let Some(include) = &self.include
            && !include.matches(&relative)
        {
            return false;
        }
        !self.exclude.as_ref().is_some_and(|e| e.matches(&relative))
    }
}

/// The absolute form of a path, `.` and `..` resolved lexically (the file need not exist).
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(include: &[&str], exclude: &[&str]) -> FileFilter {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        FileFilter::new(Path::new("/r"), &own(include), &own(exclude)).unwrap()
    }

    #[test]
    fn exclude_names_match_anywhere_and_paths_from_the_base() {
        let f = filter(&[], &["arkiv", "utkast/*.yaml", "*.bak.json"]);
        assert!(!f.admits(Path::new("/r/arkiv/2019/plan.yaml")));
        assert!(!f.admits(Path::new("/r/a/arkiv/plan.yaml")));
        assert!(!f.admits(Path::new("/r/utkast/plan.yaml")));
        assert!(f.admits(Path::new("/r/a/utkast/plan.yaml")));
        assert!(!f.admits(Path::new("/r/x/plan.bak.json")));
        assert!(f.admits(Path::new("/r/sn/2025/plan.yaml")));
    }

    #[test]
    fn include_narrows_the_walk() {
        let f = filter(&["planer/**"], &["planer/gamla"]);
        assert!(f.admits(Path::new("/r/planer/sn/plan.yaml")));
        assert!(!f.admits(Path::new("/r/.github/ci.yml")));
        assert!(!f.admits(Path::new("/r/planer/gamla/plan.yaml")));
    }

    #[test]
    fn a_broken_pattern_is_an_error_in_swedish() {
        let err = FileFilter::new(Path::new("/r"), &[], &["[a".to_string()]).unwrap_err();
        assert!(err.starts_with("mönstret «[a» under exclude"), "{err}");
    }
}
