//! Checking files held in memory: the seam between the engine and whatever has no file
//! system (the browser page, an editor). It does what discovery and the configuration lookup
//! do on disk, on a list of (path, bytes):
//!
//! - in a folder, only `.yaml`/`.yml`/`.json` files are read; hidden files, hidden folders
//!   and `target`/`node_modules` are left out, as the walk does; files given one by one are
//!   read whatever their name, as files named on the command line are;
//! - each file is governed by the nearest `ikp.toml` among the files, in its folder or above
//!   (as `ikp check` finds it on disk), else by the profile chosen;
//! - then the very same pipeline runs ([`super::run`]): loading, limits, links, rules,
//!   exemptions, order.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::{Input, Report, Retain};
use crate::config::{CONFIG_FILE_NAME, Config, ConfigError, ConfigFile};

/// One file handed over in memory.
#[derive(Debug, Clone)]
pub struct MemoryFile {
    /// The path as the user knows it (`examples/stockholm/ikp.toml`); `/`-separated.
    pub path: PathBuf,
    /// The file's bytes, as read: decoding (UTF-8, byte-order mark) is the engine's.
    pub bytes: Vec<u8>,
    /// Given one by one (like a file named on the command line) rather than found in a
    /// folder.
    pub explicit: bool,
}

/// How to check files held in memory.
#[derive(Debug, Clone, Default)]
pub struct MemoryOptions {
    /// The profile for files that no `ikp.toml` among the files governs (`None`: the
    /// default profile).
    pub profile: Option<String>,
}

/// What a walk reads and where it does not go: the same lists as `discover.rs` (a test
/// keeps them equal; discovery is not built without the `fs` feature).
const EXTENSIONS: &[&str] = &["yaml", "yml", "json", "xlsx", "xlsm", "xls", "ods"];
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// Which of the files are checked and which are configuration, as discovery would see them.
#[derive(Debug, Default)]
pub struct Selection {
    /// Files to check, sorted by path, each once.
    pub files: Vec<MemoryFile>,
    /// The `ikp.toml` files by the folder they govern.
    pub configs: BTreeMap<PathBuf, MemoryFile>,
}

/// Sort the files into documents to check and configuration files; drop what a walk of the
/// folders would not read.
pub fn select(files: Vec<MemoryFile>) -> Selection {
    let mut selection = Selection::default();
    let mut by_path: BTreeMap<PathBuf, MemoryFile> = BTreeMap::new();
    for file in files {
        if file.path.file_name().and_then(|n| n.to_str()) == Some(CONFIG_FILE_NAME) {
            let dir = parent(&file.path);
            selection.configs.entry(dir).or_insert(file);
            continue;
        }
        if !file.explicit && !walk_reads(&file.path) {
            continue;
        }
        match by_path.get_mut(&file.path) {
            // The same file twice (picked and dropped): checked once.
            Some(first) => first.explicit |= file.explicit,
            None => {
                by_path.insert(file.path.clone(), file);
            }
        }
    }
    selection.files = by_path.into_values().collect();
    selection
}

/// Whether a walk of the folder the path starts in reads this file (see `discover.rs`): our
/// extensions, not hidden, not under a hidden or build folder below the starting folder.
fn walk_reads(path: &Path) -> bool {
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let Some((name, dirs)) = parts.split_last() else {
        return false;
    };
    let extension_ok = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)));
    // The first folder is the one given (depth 0 of the walk), which is entered whatever its
    // name.
    let skipped_dir = dirs
        .iter()
        .skip(1)
        .any(|d| d.starts_with('.') || SKIPPED_DIRS.contains(d));
    extension_ok && !name.starts_with('.') && !skipped_dir
}

fn parent(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Check files held in memory with the engine's pipeline (see the module's documentation).
/// A broken `ikp.toml` is reported in [`Report::config_errors`] and the files it governs are
/// not checked, as on disk; only a profile name that does not exist is an `Err`.
pub fn check_files(files: Vec<MemoryFile>, options: &MemoryOptions) -> Result<Report, ConfigError> {
    let selection = select(files);
    let default = Arc::new(match &options.profile {
        Some(name) => Config::resolve(
            ConfigFile {
                profil: Some(name.clone()),
                ..ConfigFile::default()
            },
            None,
            "",
        )?,
        None => Config::builtin_default()?,
    });
    let mut resolver = Resolver {
        configs: &selection.configs,
        by_dir: HashMap::new(),
        default,
    };
    let mut report = Report::default();
    let mut inputs = Vec::new();
    for file in selection.files {
        match resolver.for_dir(&parent(&file.path)) {
            Ok(config) => inputs.push(Input {
                path: file.path,
                explicit: file.explicit,
                content: Some(file.bytes),
                config,
            }),
            Err(e) => {
                if !report.config_errors.contains(&e) {
                    report.config_errors.push(e);
                }
            }
        }
    }
    super::run(inputs, report, Retain::Everything).map(|(report, _)| report)
}

/// The nearest `ikp.toml` among the files, each read once.
struct Resolver<'a> {
    configs: &'a BTreeMap<PathBuf, MemoryFile>,
    by_dir: HashMap<PathBuf, Result<Arc<Config>, ConfigError>>,
    default: Arc<Config>,
}

impl Resolver<'_> {
    fn for_dir(&mut self, dir: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        let result = match self.configs.get(dir) {
            Some(file) => match std::str::from_utf8(&file.bytes) {
                // The same checks as on disk: unknown codes, IKP9xx never off or down.
                Ok(text) => Config::from_text(text, Some(&file.path)).and_then(|config| {
                    super::validate_rules(&config).map_err(|message| ConfigError {
                        path: Some(file.path.clone()),
                        message,
                    })?;
                    Ok(Arc::new(config))
                }),
                Err(e) => Err(ConfigError {
                    path: Some(file.path.clone()),
                    message: format!("kan inte läsa filen: {e}"),
                }),
            },
            None => match dir.parent() {
                Some(up) if up != dir => self.for_dir(up),
                _ => Ok(self.default.clone()),
            },
        };
        self.by_dir.insert(dir.to_path_buf(), result.clone());
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Lang;

    fn file(path: &str, text: &str, explicit: bool) -> MemoryFile {
        MemoryFile {
            path: PathBuf::from(path),
            bytes: text.as_bytes().to_vec(),
            explicit,
        }
    }

    #[test]
    fn a_folder_is_read_as_a_walk_reads_it() {
        let s = select(vec![
            file("r/a.yaml", "", false),
            file("r/.hidden.yaml", "", false),
            file("r/.git/x.yaml", "", false),
            file("r/k/target/x.yaml", "", false),
            file("r/notes.txt", "", false),
            file("r/b.JSON", "", false),
            file("r/ikp.toml", "", false),
            file(".r/c.yml", "", false),
            file("loose.txt", "", true),
            file("r/a.yaml", "", true),
        ]);
        let paths: Vec<_> = s
            .files
            .iter()
            .map(|f| f.path.display().to_string())
            .collect();
        assert_eq!(paths, [".r/c.yml", "loose.txt", "r/a.yaml", "r/b.JSON"]);
        assert!(s.files[2].explicit);
        assert_eq!(s.configs.keys().collect::<Vec<_>>(), [&PathBuf::from("r")]);
    }

    const PLAN: &str = "typ: plan\nkommun: Teststad\nnämnd: Kulturnämnden\når: 2025\nrisker:\n  - nr: 7\n    händelse: Bidrag utan beslut\n";

    #[test]
    fn the_nearest_ikp_toml_governs_and_the_profile_is_the_fallback() {
        let files = || {
            vec![
                file("r/a/plan.yaml", PLAN, false),
                file("r/b/plan.yaml", PLAN, false),
                file("r/a/ikp.toml", "[regler]\nIKP004 = \"av\"\n", false),
            ]
        };
        let report = check_files(files(), &MemoryOptions::default()).unwrap();
        let ikp004: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == "IKP004")
            .map(|f| report.files[f.primary.file].display.clone())
            .collect();
        assert_eq!(ikp004, ["r/b/plan.yaml"]);

        let unknown = MemoryOptions {
            profile: Some("ingen-sådan".into()),
        };
        let err = check_files(files(), &unknown).unwrap_err();
        assert!(err.message.contains("okänd profil «ingen-sådan»"), "{err}");
    }

    #[test]
    fn a_broken_ikp_toml_is_a_config_error_and_its_files_are_not_checked() {
        let report = check_files(
            vec![
                file("r/a/plan.yaml", PLAN, false),
                file("r/b/plan.yaml", PLAN, false),
                file("r/a/ikp.toml", "[regler\n", false),
            ],
            &MemoryOptions::default(),
        )
        .unwrap();
        assert_eq!(report.config_errors.len(), 1);
        assert_eq!(
            report.config_errors[0].path.as_deref(),
            Some(Path::new("r/a/ikp.toml"))
        );
        assert_eq!(report.document_count(), 1);
        assert_eq!(report.exit_code(None), 2);
    }

    #[test]
    fn bytes_that_are_not_utf8_get_the_same_finding_as_on_disk() {
        let mut bad = file("r/plan.yaml", "typ: plan\n", false);
        bad.bytes.extend_from_slice(b"kommun: \xff\n");
        let report = check_files(vec![bad], &MemoryOptions::default()).unwrap();
        assert_eq!(report.findings.len(), 1);
        assert_eq!(
            report.findings[0].message.get(Lang::Sv),
            "filen är inte UTF-8-text (första ogiltiga byte på rad 2, byte 18); spara den som UTF-8"
        );
    }

    #[cfg(feature = "fs")]
    #[test]
    fn the_walk_rules_are_those_of_discovery() {
        assert_eq!(EXTENSIONS, super::super::discover::EXTENSIONS);
        assert_eq!(SKIPPED_DIRS, super::super::discover::SKIPPED_DIRS);
    }

    /// The examples, read into memory as the page reads a folder, give exactly what
    /// `ikp check --format json examples/` gives.
    #[cfg(feature = "fs")]
    #[test]
    fn the_examples_in_memory_give_the_same_json_as_on_disk() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut stack = vec![PathBuf::from("examples")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(root.join(&dir)).unwrap() {
                let entry = entry.unwrap();
                let path = dir.join(entry.file_name());
                if entry.file_type().unwrap().is_dir() {
                    stack.push(path);
                } else {
                    let bytes = std::fs::read(root.join(&path)).unwrap();
                    files.push(MemoryFile {
                        path,
                        bytes,
                        explicit: false,
                    });
                }
            }
        }
        let in_memory = check_files(files, &MemoryOptions::default()).unwrap();
        // `cargo test` runs in the package's folder, so `examples` is the path the CLI sees.
        let on_disk = super::super::check_lean(&super::super::CheckOptions {
            paths: vec![PathBuf::from("examples")],
            config: None,
        })
        .unwrap();
        // Seven YAML documents, two files that are not ikp documents, three workbook twins.
        assert_eq!(in_memory.files.len(), 12);
        assert_eq!(
            crate::render::json::render(&in_memory, Lang::Sv),
            crate::render::json::render(&on_disk, Lang::Sv)
        );
    }
}
