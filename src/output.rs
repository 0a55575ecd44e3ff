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

/// Check, before any work, that `path` can be written: its directory exists and it is not
/// itself a directory.
pub fn check_target(path: &Path) -> Result<(), WriteError> {
    let dir = directory_of(path);
    let shown = path.display();
    let dir_shown = dir.display();
    if !dir.is_dir() {
        return Err(WriteError {
            path: path.to_path_buf(),
            message: text!(
                "katalogen «{dir_shown}» finns inte, så «{shown}» kan inte skrivas; skapa katalogen eller välj en annan sökväg",
                "the directory «{dir_shown}» does not exist, so «{shown}» cannot be written; create it or choose another path"
            ),
        });
    }
    if path.is_dir() {
        return Err(WriteError {
            path: path.to_path_buf(),
            message: text!(
                "«{shown}» är en katalog; ange ett filnamn, till exempel {shown}/rapport.html",
                "«{shown}» is a directory; give a file name, for example {shown}/rapport.html"
            ),
        });
    }
    Ok(())
}

/// Write `bytes` to `path` atomically (temporary file in the same directory + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    check_target(path)?;
    let dir = directory_of(path);
    let shown = path.display();
    let fail = |e: std::io::Error| WriteError {
        path: path.to_path_buf(),
        message: text!(
            "kan inte skriva «{shown}»: {e}",
            "cannot write «{shown}»: {e}"
        ),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ikp-").suffix(".tmp");
    // A report is an ordinary file: readable as the umask allows, not private like a temp file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    // The temporary file is removed if the rename fails.
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
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
