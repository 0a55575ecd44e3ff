//! Writing a file atomically: the bytes go to a temporary file in the target's directory,
//! which is flushed to disk and then renamed over the target. A reader (or a CI step that
//! uploads the report) sees the old file or the whole new one, never half of it; on any
//! error the temporary file is removed and the target is untouched.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::finding::Text;
use crate::text;

/// Write `bytes` to `path` atomically. The error says in Swedish and English what went wrong.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Text> {
    let shown = path.display().to_string();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir_shown = dir.display().to_string();
    if path.file_name().is_none() {
        return Err(text!(
            "kan inte skriva till «{shown}»: ange ett filnamn",
            "cannot write to «{shown}»: give a file name"
        ));
    }
    match std::fs::metadata(&dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(text!(
                "kan inte skriva {shown}: «{dir_shown}» är ingen katalog",
                "cannot write {shown}: «{dir_shown}» is not a directory"
            ));
        }
        Err(_) => {
            return Err(text!(
                "kan inte skriva {shown}: katalogen «{dir_shown}» finns inte",
                "cannot write {shown}: the directory «{dir_shown}» does not exist"
            ));
        }
    }
    if path.is_dir() {
        return Err(text!(
            "kan inte skriva {shown}: det är en katalog",
            "cannot write {shown}: it is a directory"
        ));
    }
    let io = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::PermissionDenied {
            text!(
                "kan inte skriva {shown}: ingen skrivrätt i katalogen «{dir_shown}» ({e})",
                "cannot write {shown}: no permission to write in «{dir_shown}» ({e})"
            )
        } else {
            text!("kan inte skriva {shown}: {e}", "cannot write {shown}: {e}")
        }
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io)?;
    temp.write_all(bytes).map_err(io)?;
    temp.flush().map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    // The temporary file is private (0600); give the result the permissions a new file
    // would have, or keep those of the file it replaces.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions).map_err(io)?;
    }
    // On failure the `PersistError` owns the temporary file and removes it when dropped.
    temp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_and_replaces_leaving_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("rapport med mellanslag.sarif");
        write_atomically(&target, b"first").unwrap();
        write_atomically(&target, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "second");
        assert_eq!(entries(dir.path()), ["rapport med mellanslag.sarif"]);
    }

    #[test]
    fn missing_directory_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("finns-inte").join("rapport.json");
        let err = write_atomically(&target, b"x").unwrap_err();
        assert!(err.sv.contains("finns inte"), "{}", err.sv);
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn a_directory_as_target_is_an_error_and_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("Älvsjö")).unwrap();
        let err = write_atomically(&dir.path().join("Älvsjö"), b"x").unwrap_err();
        assert!(err.sv.contains("är en katalog"), "{}", err.sv);
        assert_eq!(entries(dir.path()), ["Älvsjö"]);
    }

    /// `/sys` refuses new files even to root, so this holds whoever runs the tests.
    #[cfg(target_os = "linux")]
    #[test]
    fn unwritable_directory_is_an_error() {
        let err = write_atomically(Path::new("/sys/ikp-rapport.json"), b"x").unwrap_err();
        assert!(
            err.sv.contains("kan inte skriva /sys/ikp-rapport.json"),
            "{}",
            err.sv
        );
        assert!(!Path::new("/sys/ikp-rapport.json").exists());
    }
}
