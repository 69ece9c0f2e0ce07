//! Integration tests of the `engage` binary: one test binary, one module per subcommand, each
//! running the real binary on fixtures from `testdata/` in a temporary folder.

mod redact;

use std::path::PathBuf;

use assert_cmd::Command;

/// A command running the `engage` binary built for these tests.
pub(crate) fn engage() -> Command {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("engage");
    // Output must not depend on the terminal the tests run in.
    command.env("NO_COLOR", "1");
    command
}

/// A fixture in the workspace's `testdata/` folder.
pub(crate) fn testdata(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("testdata")
        .join(name)
}
