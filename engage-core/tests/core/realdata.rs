//! Every file under ../shared/realdata (other spreadsheet libraries' test suites, real survey
//! exports) is either read or refused with a one-line error naming the file; never a panic or a
//! hang. Skipped, with a message, when ../shared is absent.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use engage_core::{IngestOptions, read_path};

fn realdata() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/realdata");
    root.is_dir().then_some(root)
}

/// How long one file may take to be read or refused.
const LIMIT: Duration = Duration::from_mins(4);

fn files(root: &Path) -> Vec<PathBuf> {
    crate::walk(root, &|_| false)
        .into_iter()
        .filter(|path| {
            !path.file_name().is_some_and(|name| {
                matches!(
                    name.to_string_lossy().as_ref(),
                    "LICENSE.txt" | "MANIFEST.sha256" | "SOURCES.md" | "README.md"
                )
            })
        })
        .collect()
}

/// What happened to one file.
enum Outcome {
    Read,
    Refused(String),
    Panicked(String),
}

fn read_one(path: PathBuf) -> Outcome {
    let caught = std::panic::catch_unwind(move || read_path(&path, &IngestOptions::default()));
    match caught {
        Ok(Ok(_)) => Outcome::Read,
        Ok(Err(error)) => Outcome::Refused(error.to_string()),
        Err(panic) => Outcome::Panicked(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_string()))
                .unwrap_or_default(),
        ),
    }
}

#[test]
fn every_real_file_is_read_or_refused_cleanly() {
    let Some(root) = realdata() else {
        eprintln!("skipped: ../shared/realdata is absent");
        return;
    };
    let mut read = 0;
    let mut refused = 0;
    let mut problems = Vec::new();
    for path in files(&root) {
        let (sender, receiver) = mpsc::channel();
        let shown = path.display().to_string();
        let worker = path.clone();
        std::thread::spawn(move || {
            let _ = sender.send(read_one(worker));
        });
        // A hang never ends; a slow read ends within minutes. The limit leaves room for a debug
        // build on two cores shared with the other tests of this binary (the counts sweep, the
        // published-report scans): sheetjs's large_strings.xlsx takes 20 s alone, and went past
        // one minute under that load.
        match receiver.recv_timeout(LIMIT) {
            Ok(Outcome::Read) => read += 1,
            Ok(Outcome::Refused(message)) => {
                refused += 1;
                // The guards put in front of calamine for crafted files (found by fuzzing)
                // must not refuse any real file: none of these collections' files trips them.
                if [
                    "directory chain loops",
                    "a stream says it holds",
                    "the sheet's values span",
                    "a sheet's cells span",
                    "its shared strings say",
                    "content.xml ends inside",
                    "content.xml closes an element",
                ]
                .iter()
                .any(|guard| message.contains(guard))
                {
                    problems.push(format!("{shown}: refused by a fuzzing guard: {message}"));
                }
                if message.contains('\n') || !message.contains(&shown) {
                    problems.push(format!(
                        "{shown}: error is not one line naming the file: {message:?}"
                    ));
                }
            }
            Ok(Outcome::Panicked(message)) => {
                problems.push(format!("{shown}: panicked: {message}"));
            }
            Err(_) => problems.push(format!(
                "{shown}: did not finish within {} s",
                LIMIT.as_secs()
            )),
        }
    }
    eprintln!("realdata sweep: {read} read, {refused} refused");
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(read > 0);
}
