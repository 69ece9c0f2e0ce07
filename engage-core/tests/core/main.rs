//! engage-core's integration tests: one binary, one module per concern.

mod dependencies;
mod disclosure;
mod hostile;
mod inference;
mod published;
mod realdata;
mod sweep;

use std::path::PathBuf;

/// A fixture in the workspace's `testdata/` folder.
pub(crate) fn testdata(name: &str) -> PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("testdata")
        .join(name)
}
