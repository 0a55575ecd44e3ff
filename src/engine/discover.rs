//! Finding the files to check. Directories are walked with `walkdir` in sorted order; hidden
//! directories (`.git`, `.github` …) and build output are not entered, and hidden files
//! (`.gitlab-ci.yml`, `.ikp-baseline.json` …) are not read.

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
}

const EXTENSIONS: &[&str] = &["yaml", "yml", "json"];
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

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
    out.files.dedup_by(|a, b| {
        let same = a.path == b.path;
        if same {
            b.explicit |= a.explicit;
        }
        same
    });
    out
}

fn walk(root: &Path, out: &mut Discovered) {
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped_dir(e));
    for entry in walker {
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
                let message = if e.loop_ancestor().is_some() {
                    text!(
                        "{shown} är en symbolisk länk i en slinga; den hoppas över",
                        "{shown} is a symbolic link in a loop; it is skipped"
                    )
                } else {
                    text!("kan inte läsa {shown}: {e}", "cannot read {shown}: {e}")
                };
                out.errors.push((path, message));
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
