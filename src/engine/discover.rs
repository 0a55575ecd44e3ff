//! Finding the files to check. Directories are walked with `walkdir` in sorted order; hidden
//! directories (`.git`, `.github` …) and build output are not entered, and hidden files
//! (`.gitlab-ci.yml`, `.ikp-baseline.json` …) are not read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::finding::Text;
use crate::text;

#[derive(Debug, Clone)]
pub struct FoundFile {
    pub path: PathBuf,
    /// Named on the command line (rather than found in a directory).
    pub explicit: bool,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<FoundFile>,
    /// Paths that could not be walked: (path, why).
    pub errors: Vec<(PathBuf, Text)>,
    /// Things worth saying that lose nothing: a symbolic link back into a directory already
    /// being walked (its files are checked through the directory itself).
    pub notes: Vec<(PathBuf, Text)>,
    /// Whether the walk followed a symbolic link (so a file may have been reached twice).
    symlinks: bool,
}

pub(super) const EXTENSIONS: &[&str] = &["yaml", "yml", "json", "xlsx", "xlsm", "xls", "ods"];
pub(super) const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// The YAML and JSON files under `paths`, sorted and without duplicates.
pub fn discover(paths: &[PathBuf]) -> Discovered {
    let mut out = Discovered::default();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    for root in paths {
        match std::fs::metadata(root) {
            Err(e) => {
                let shown = root.display();
                out.errors.push((
                    root.clone(),
                    text!("kan inte läsa {shown}: {e}", "cannot read {shown}: {e}"),
                ));
            }
            Ok(meta) if meta.is_file() => out.files.push(FoundFile {
                path: root.clone(),
                explicit: true,
            }),
            Ok(_) => walk(root, &mut out),
        }
    }
    out.files.sort_by(|a, b| a.path.cmp(&b.path));
    // The same file may be reached twice: named and inside a named directory (`.` and
    // `./a.yaml` and `a.yaml`), or through a symbolic link. Check it once, under the first name.
    // One directory without links cannot repeat a file: then the paths need no resolving.
    if paths.len() == 1 && !out.symlinks {
        return out;
    }
    let mut seen: HashMap<PathBuf, usize> = HashMap::new();
    let mut files: Vec<FoundFile> = Vec::with_capacity(out.files.len());
    for found in out.files {
        let identity = std::fs::canonicalize(&found.path).unwrap_or_else(|_| found.path.clone());
        match seen.get(&identity) {
            Some(&i) => files[i].explicit |= found.explicit,
            None => {
                seen.insert(identity, files.len());
                files.push(found);
            }
        }
    }
    out.files = files;
    out
}

fn walk(root: &Path, out: &mut Discovered) {
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped_dir(e));
    for entry in walker {
        if entry.as_ref().is_ok_and(|e| e.path_is_symlink()) {
            out.symlinks = true;
        }
        match entry {
            Ok(e) if e.file_type().is_file() && has_our_extension(e.path()) && !is_hidden(&e) => {
                out.files.push(FoundFile {
                    path: e.path().to_path_buf(),
                    explicit: false,
                });
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                let shown = path.display().to_string();
                if let Some(ancestor) = e.loop_ancestor() {
                    let ancestor = ancestor.display().to_string();
                    out.notes.push((
                        path,
                        text!(
                            "{shown} är en symbolisk länk tillbaka till {ancestor} (en slinga); den följs inte, filerna där kontrolleras en gång",
                            "{shown} is a symbolic link back to {ancestor} (a loop); it is not followed, the files there are checked once"
                        ),
                    ));
                } else {
                    out.errors.push((
                        path,
                        text!("kan inte läsa {shown}: {e}", "cannot read {shown}: {e}"),
                    ));
                }
            }
        }
    }
}

fn is_skipped_dir(entry: &walkdir::DirEntry) -> bool {
    if !entry.file_type().is_dir() {
        return false;
    }
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.') || SKIPPED_DIRS.contains(&name.as_ref())
}

/// Hidden files in a walk are tool files (`.gitlab-ci.yml`, `.pre-commit-hooks.yaml`,
/// `.ikp-baseline.json`), never plans; named on the command line they are still checked.
fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
}

fn has_our_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}
