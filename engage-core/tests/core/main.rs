//! Integration tests of engage-core: one test binary, one module per concern, each working on
//! the fixtures in `testdata/`.

mod hostile;

use std::path::PathBuf;

/// A fixture in the workspace's `testdata/` folder.
pub(crate) fn testdata(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("testdata")
        .join(name)
}
