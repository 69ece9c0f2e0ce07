//! engage's command-line tests: the real binary on the fixtures in `testdata/`, one module per
//! subcommand. Snapshots (insta) pin layouts and messages; numbers are checked by the core's
//! unit tests against worked values.

mod activity;
mod chart;
mod crosstab;
mod deliberation;
mod inspect;
mod learn;
mod participation;
mod published;
mod readme;
mod redact;
mod report;
mod summary;
mod themes;

use std::path::{Path, PathBuf};

/// The `engage` binary, ready to run, with colour and terminal detection out of the way.
pub(crate) fn engage() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("engage").expect("the engage binary is built");
    command.env("NO_COLOR", "1").env_remove("RUST_BACKTRACE");
    command
}

/// A path under the repository's `testdata/`.
pub(crate) fn testdata(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata")
        .join(relative)
}

/// The repository's root, so that paths in snapshots are short and stable.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A file under shared/realdata in the nearest folder above the repository that has one (the
/// repository's parent for a main checkout, further up for a worktree), if it is present.
pub(crate) fn realdata(relative: &str) -> Option<PathBuf> {
    let root = root().canonicalize().unwrap_or_else(|_| root());
    let found = root
        .ancestors()
        .skip(1)
        .map(|folder| folder.join("shared/realdata").join(relative))
        .find(|path| path.exists());
    if found.is_none() {
        eprintln!("skipped: shared/realdata/{relative} is absent");
    }
    found
}

/// What a run printed, for snapshots: exit code, stdout, stderr.
pub(crate) fn run(command: &mut assert_cmd::Command) -> (i32, String, String) {
    let output = command.output().expect("engage runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// One text block holding all three, for a snapshot.
pub(crate) fn transcript(command: &mut assert_cmd::Command) -> String {
    let (code, stdout, stderr) = run(command);
    format!("exit code: {code}\n--- stdout ---\n{stdout}--- stderr ---\n{stderr}")
}
