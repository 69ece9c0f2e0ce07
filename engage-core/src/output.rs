//! Writing files so that nothing is lost or half-written: every file goes to a temporary name
//! in its destination folder and is renamed into place, so a reader (or an interrupted run)
//! never sees half a file, and an existing file is only replaced once the new one is complete.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically: a temporary sibling, then a rename.
///
/// The file is created with the usual permissions (read-write for the owner, readable by
/// others, as the user's umask allows), not the owner-only mode temporary files start with.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let shown = path.display().to_string();
    let directory = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".engage-").suffix(".partial");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder.tempfile_in(&directory).map_err(|error| {
        Error::output(
            &shown,
            format!("cannot create a file in {}: {error}", directory.display()),
        )
    })?;
    temporary
        .write_all(bytes)
        .map_err(|error| Error::output(&shown, error.to_string()))?;
    temporary
        .as_file()
        .sync_all()
        .map_err(|error| Error::output(&shown, error.to_string()))?;
    temporary
        .persist(path)
        .map_err(|error| Error::output(&shown, error.error.to_string()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_readable_by_others() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("out.csv");
        write_file(&path, b"first").unwrap();
        write_file(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        // No temporary files are left behind.
        assert_eq!(std::fs::read_dir(directory.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode & 0o600, 0o600);
            assert_ne!(mode, 0o600, "created owner-only like a temporary file");
        }
    }

    #[test]
    fn a_missing_folder_is_a_clear_error() {
        let error = write_file(Path::new("/nonexistent-folder/out.csv"), b"x").unwrap_err();
        assert!(error.to_string().starts_with("/nonexistent-folder/out.csv: cannot write: cannot create a file in /nonexistent-folder"), "{error}");
    }
}
