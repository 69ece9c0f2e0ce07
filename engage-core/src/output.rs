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
///
/// Errors name `path` and say why in words (the folder does not exist, permission denied),
/// never the temporary file's name.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let shown = path.display().to_string();
    let directory = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    if !directory.is_dir() {
        let message = if directory.exists() {
            format!("{} is not a folder", directory.display())
        } else {
            format!("the folder {} does not exist", directory.display())
        };
        return Err(Error::output(&shown, message));
    }
    if path.is_dir() {
        return Err(Error::output(&shown, "a folder of that name is in the way"));
    }
    let reason = |error: &std::io::Error| reason(error, &directory);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".engage-").suffix(".partial");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder
        .tempfile_in(&directory)
        .map_err(|error| Error::output(&shown, reason(&error)))?;
    temporary
        .write_all(bytes)
        .map_err(|error| Error::output(&shown, reason(&error)))?;
    temporary
        .as_file()
        .sync_all()
        .map_err(|error| Error::output(&shown, reason(&error)))?;
    temporary
        .persist(path)
        .map_err(|error| Error::output(&shown, reason(&error.error)))?;
    Ok(())
}

/// Why writing failed, in words, without the temporary file's name (which `tempfile` puts in
/// its errors' text).
fn reason(error: &std::io::Error, directory: &Path) -> String {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => {
            format!("permission denied in the folder {}", directory.display())
        }
        std::io::ErrorKind::NotFound => {
            format!("the folder {} does not exist", directory.display())
        }
        std::io::ErrorKind::StorageFull => "the disk is full".to_string(),
        std::io::ErrorKind::ReadOnlyFilesystem => {
            format!("the folder {} is read-only", directory.display())
        }
        _ => {
            // The operating system's own words, without any path `tempfile` added.
            let text = error.raw_os_error().map_or_else(
                || error.kind().to_string(),
                |code| std::io::Error::from_raw_os_error(code).to_string(),
            );
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_lowercase().chain(chars).collect()
            })
        }
    }
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
        // Regression: the message showed tempfile's `.engage-XXXX.partial` path.
        let error = write_file(Path::new("/nonexistent-folder/out.csv"), b"x").unwrap_err();
        assert_eq!(
            error.to_string(),
            "/nonexistent-folder/out.csv: cannot write: the folder /nonexistent-folder does not exist"
        );
        let directory = tempfile::tempdir().unwrap();
        let file = directory.path().join("a-file");
        std::fs::write(&file, b"x").unwrap();
        let error = write_file(&file.join("out.csv"), b"x").unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with(&format!("cannot write: {} is not a folder", file.display())),
            "{error}"
        );
        let error = write_file(directory.path(), b"x").unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("cannot write: a folder of that name is in the way"),
            "{error}"
        );
    }
}
