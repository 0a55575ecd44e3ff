//! Writing files. Everything `ikp` writes goes through [`write_atomic`]: a temporary file in
//! the same directory, flushed to disk, then renamed over the target, so a reader never sees a
//! half-written file and an interrupted run leaves the old file intact.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::finding::Text;
use crate::text;

/// Why a file could not be written; the message names the path and what to do.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub message: Text,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message.sv)
    }
}

impl std::error::Error for WriteError {}

/// The directory a file will be written to (`.` for a bare file name).
fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What a protected file is to this run; it names the file in the refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A file this run checks (or looked at).
    Checked,
    /// An `ikp.toml` in use (or one that could be: any above a checked file).
    Config,
    /// The baseline given with `--baseline`.
    Baseline,
}

/// The files a run must never write: its inputs, its configuration and its baseline.
/// Compared by canonical path and, on Unix, by device and inode, so a hard link or a path
/// through a symlinked directory is recognised too.
#[derive(Debug, Default)]
pub struct Guard {
    protected: Vec<(PathBuf, Option<FileKey>, Role)>,
}

/// A file's device and inode (Unix), which a hard link shares.
type FileKey = (u64, u64);

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

impl Guard {
    pub fn new() -> Self {
        Guard::default()
    }

    /// Never write `path` (a file that does not exist protects nothing).
    pub fn protect(&mut self, path: &Path, role: Role) {
        let Ok(canonical) = path.canonicalize() else {
            return;
        };
        let id = std::fs::metadata(&canonical)
            .ok()
            .as_ref()
            .and_then(file_id);
        self.protected.push((canonical, id, role));
    }

    /// Protect every `ikp.toml` in the directories from `dir` up to the root: whichever the
    /// lookup chose for a file there is among them. `visited` keeps this linear over many
    /// files in the same directories.
    pub fn protect_configs_above(
        &mut self,
        dir: &Path,
        visited: &mut std::collections::HashSet<PathBuf>,
    ) {
        let Ok(start) = dir.canonicalize() else {
            return;
        };
        for ancestor in start.ancestors() {
            if !visited.insert(ancestor.to_path_buf()) {
                break;
            }
            let candidate = ancestor.join(crate::config::CONFIG_FILE_NAME);
            if candidate.is_file() {
                self.protect(&candidate, Role::Config);
            }
        }
    }

    fn role_of(&self, canonical: &Path, id: Option<(u64, u64)>) -> Option<Role> {
        let mut matching = self
            .protected
            .iter()
            .filter(|(p, pid, _)| p == canonical || (id.is_some() && *pid == id))
            .map(|(_, _, role)| *role);
        // The configuration or the baseline in use is protected even when it also lies in
        // the checked folder and looks like ikp's own output.
        let first = matching.next()?;
        Some(matching.fold(first, |a, b| if a == Role::Checked { b } else { a }))
    }
}

/// Is the file at `path` something ikp wrote: its JSON (`version` + `tool.name = "ikp"`), its
/// SARIF (`runs[].tool.driver.name = "ikp"`), its GitLab Code Quality array (every element an
/// IKP check), or a baseline? Such a file lying in a checked folder is not a document (it has
/// no `typ`), so the next run may replace it.
pub fn is_own_output(path: &Path) -> bool {
    /// Larger files are not ours to guess about (our outputs are bounded far below this).
    const MAX: u64 = 256 * 1024 * 1024;
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() > MAX {
        return false;
    }
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return false;
    };
    let ikp = |v: &serde_json::Value| v.as_str() == Some("ikp");
    match &value {
        serde_json::Value::Object(map) if map.contains_key("typ") => false,
        serde_json::Value::Object(map) => {
            let json = map.contains_key("version") && ikp(&value["tool"]["name"]);
            let sarif = value["runs"].as_array().is_some_and(|runs| {
                !runs.is_empty() && runs.iter().all(|r| ikp(&r["tool"]["driver"]["name"]))
            });
            json || sarif
        }
        serde_json::Value::Array(items) => items.iter().all(|i| {
            i["check_name"]
                .as_str()
                .is_some_and(|c| c.starts_with("IKP"))
                && i["fingerprint"].is_string()
        }),
        _ => false,
    }
}

/// What an existing target is.
enum Existing {
    Absent,
    /// A regular file: its permissions are kept.
    File(std::fs::Permissions),
}

/// Check, before any work, that `path` can be written: its directory exists, and it is
/// absent or a regular file (not a directory, a device, a FIFO, a socket or a symlink).
pub fn check_target(path: &Path) -> Result<(), WriteError> {
    inspect(path).map(|_| ())
}

fn refuse(path: &Path, message: Text) -> WriteError {
    WriteError {
        path: path.to_path_buf(),
        message,
    }
}

fn inspect(path: &Path) -> Result<Existing, WriteError> {
    let dir = directory_of(path);
    let shown = crate::escape::terminal(&path.display().to_string());
    let dir_shown = crate::escape::terminal(&dir.display().to_string());
    if !dir.is_dir() {
        return Err(refuse(
            path,
            text!(
                "katalogen «{dir_shown}» finns inte, så «{shown}» kan inte skrivas; skapa katalogen eller välj en annan sökväg",
                "the directory «{dir_shown}» does not exist, so «{shown}» cannot be written; create it or choose another path"
            ),
        ));
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Absent),
        Err(e) => {
            return Err(refuse(
                path,
                text!(
                    "kan inte skriva «{shown}»: {e}",
                    "cannot write «{shown}»: {e}"
                ),
            ));
        }
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(Existing::File(meta.permissions()));
    }
    if kind.is_dir() {
        return Err(refuse(
            path,
            text!(
                "«{shown}» är en katalog; ange ett filnamn, till exempel {shown}/rapport.html",
                "«{shown}» is a directory; give a file name, for example {shown}/rapport.html"
            ),
        ));
    }
    if kind.is_symlink() {
        // Refused rather than followed: an output path often lies in a checked-out repository
        // that a pull request controls, and a link planted there could point at any file
        // the CI user may write. Replacing the link would silently undo what the user set up.
        let target = std::fs::read_link(path)
            .map(|t| crate::escape::terminal(&t.display().to_string()))
            .unwrap_or_default();
        return Err(refuse(
            path,
            text!(
                "«{shown}» är en symbolisk länk (till «{target}»); ikp skriver inte genom länkar: ange målfilen direkt eller ta bort länken",
                "«{shown}» is a symbolic link (to «{target}»); ikp does not write through links: give the target file itself or remove the link"
            ),
        ));
    }
    Err(refuse(
        path,
        text!(
            "«{shown}» är ingen vanlig fil (en enhet, en namngiven pipe eller en socket); ikp skriver bara vanliga filer: välj en annan sökväg",
            "«{shown}» is not a regular file (a device, a named pipe or a socket); ikp only writes regular files: choose another path"
        ),
    ))
}

/// Write `bytes` to `path` atomically (temporary file in the same directory + rename), unless
/// `guard` protects it. An existing target keeps its permissions; the temporary file is
/// removed on every error and when the process is interrupted (SIGINT, SIGTERM).
pub fn write(path: &Path, bytes: &[u8], guard: &Guard) -> Result<(), WriteError> {
    let existing = inspect(path)?;
    let shown = crate::escape::terminal(&path.display().to_string());
    if let Existing::File(_) = existing
        && let Ok(canonical) = path.canonicalize()
    {
        let id = std::fs::metadata(&canonical)
            .ok()
            .as_ref()
            .and_then(file_id);
        let role = guard.role_of(&canonical, id);
        let message = match role {
            Some(Role::Checked) if is_own_output(&canonical) => None,
            Some(Role::Checked) => Some(text!(
                "{shown} är en av filerna som kontrolleras; ikp skriver aldrig över dem: välj en annan fil",
                "{shown} is one of the checked files; ikp never overwrites them: choose another file"
            )),
            Some(Role::Config) => Some(text!(
                "{shown} är en konfigurationsfil (ikp.toml) för de kontrollerade filerna; ikp skriver aldrig över den: välj en annan fil",
                "{shown} is a configuration file (ikp.toml) of the checked files; ikp never overwrites it: choose another file"
            )),
            Some(Role::Baseline) => Some(text!(
                "{shown} är baslinjen som används (--baseline); ikp skriver aldrig över den: välj en annan fil",
                "{shown} is the baseline in use (--baseline); ikp never overwrites it: choose another file"
            )),
            None => None,
        };
        if let Some(message) = message {
            return Err(refuse(path, message));
        }
    }
    let fail = |e: std::io::Error| {
        refuse(
            path,
            text!(
                "kan inte skriva «{shown}»: {e}",
                "cannot write «{shown}»: {e}"
            ),
        )
    };
    let dir = directory_of(path);
    let tmp = inflight::create(&dir).map_err(fail)?;
    let result = (|| {
        let mut file = &tmp.file;
        file.write_all(bytes)?;
        if let Existing::File(permissions) = &existing {
            // 600 stays 600: the report may hold what the target's owner keeps private.
            tmp.file.set_permissions(permissions.clone())?;
        }
        tmp.file.sync_all()
    })();
    match result {
        Ok(()) => tmp.persist(path).map_err(fail),
        Err(e) => Err(fail(e)),
    }
}

/// Write `bytes` to `path` with nothing protected but what [`check_target`] refuses.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write(path, bytes, &Guard::new())
}

/// The temporary files being written, so that an interrupted run removes them. A signal is
/// received by a thread (signal-hook), never handled inside the signal handler: that thread
/// takes the lock, removes every file listed and ends the process while holding it, so no
/// new temporary file can appear after the clean-up.
mod inflight {
    use std::fs::File;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Mutex, Once};

    static FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static HANDLER: Once = Once::new();

    fn lock() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
        // A poisoned list is still the list.
        FILES.lock().unwrap_or_else(|e| e.into_inner())
    }

    #[cfg(unix)]
    fn install_handler() {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        HANDLER.call_once(|| {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("ikp-signals".into())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        let files = lock();
                        for path in files.iter() {
                            let _ = std::fs::remove_file(path);
                        }
                        // The shell's convention: 128 + the signal's number.
                        std::process::exit(128 + signal);
                    }
                });
        });
    }

    #[cfg(not(unix))]
    fn install_handler() {
        HANDLER.call_once(|| {});
    }

    /// A temporary file in the target's directory, listed until it is renamed or dropped.
    pub struct Temp {
        pub file: File,
        path: PathBuf,
        persisted: bool,
    }

    pub fn create(dir: &Path) -> std::io::Result<Temp> {
        install_handler();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let name = format!(".ikp-{}-{n}-{nanos:08x}.tmp", std::process::id());
            let path = dir.join(name);
            // Listed and created under the lock, so the clean-up sees every file that exists.
            let mut files = lock();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                // A report is an ordinary file: readable as the umask allows.
                options.mode(0o666);
            }
            match options.open(&path) {
                Ok(file) => {
                    files.push(path.clone());
                    return Ok(Temp {
                        file,
                        path,
                        persisted: false,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    impl Temp {
        /// Rename over `target`; on failure the temporary file is removed (by `Drop`).
        pub fn persist(mut self, target: &Path) -> std::io::Result<()> {
            let mut files = lock();
            std::fs::rename(&self.path, target)?;
            files.retain(|p| *p != self.path);
            self.persisted = true;
            Ok(())
        }
    }

    impl Drop for Temp {
        fn drop(&mut self) {
            if self.persisted {
                return;
            }
            let mut files = lock();
            let _ = std::fs::remove_file(&self.path);
            files.retain(|p| *p != self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leaving_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("rapport.html");
        write_atomic(&target, b"first").unwrap();
        write_atomic(&target, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("rapport.html")]);
    }

    #[test]
    fn missing_directory_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("saknas").join("rapport.html");
        let err = write_atomic(&target, b"x").unwrap_err();
        assert!(err.message.sv.contains("finns inte"), "{}", err.message.sv);
        assert!(!target.exists());
    }

    #[test]
    fn a_directory_as_target_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("Älvsjö")).unwrap();
        let err = write_atomic(&dir.path().join("Älvsjö"), b"x").unwrap_err();
        assert!(
            err.message.sv.contains("är en katalog"),
            "{}",
            err.message.sv
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("Älvsjö")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_link_to_a_protected_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.yaml");
        std::fs::write(&plan, "typ: plan\n").unwrap();
        let link = dir.path().join("rapport.html");
        std::fs::hard_link(&plan, &link).unwrap();
        let mut guard = Guard::new();
        guard.protect(&plan, Role::Checked);
        let err = write(&link, b"<html>", &guard).unwrap_err();
        assert!(
            err.message.sv.contains("är en av filerna som kontrolleras"),
            "{}",
            err.message.sv
        );
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), "typ: plan\n");
    }

    /// `/sys` refuses new files even to root, so this holds whoever runs the tests.
    #[cfg(target_os = "linux")]
    #[test]
    fn an_unwritable_directory_is_a_clear_error() {
        let err = write_atomic(Path::new("/sys/ikp-rapport.json"), b"x").unwrap_err();
        assert!(
            err.message
                .sv
                .contains("kan inte skriva «/sys/ikp-rapport.json»"),
            "{}",
            err.message.sv
        );
        assert!(!Path::new("/sys/ikp-rapport.json").exists());
    }
}
