//! engage-core's integration tests: one binary, one module per concern.

mod dependencies;
mod disclosure;
mod hostile;
mod inference;
mod published;
mod realdata;
mod sweep;

use std::path::{Path, PathBuf};

/// Every file under `root`, and every Pol.is export folder (a folder holding
/// `participants-votes.csv`: an input of its own), sorted; the folders for which `skip` is
/// true are not entered. The real-data tests choose from it.
pub(crate) fn walk(root: &Path, skip: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(directory) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&directory) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.join("participants-votes.csv").is_file() {
                    out.push(path.clone());
                }
                if !skip(&path) {
                    stack.push(path);
                }
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A fixture in the workspace's `testdata/` folder.
pub(crate) fn testdata(name: &str) -> PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("testdata")
        .join(name)
}
