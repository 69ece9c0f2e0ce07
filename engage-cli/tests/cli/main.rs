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

/// Runs `engage ARGS` in a temporary directory holding the given files, so that messages name
/// them as given.
pub(crate) fn in_directory(files: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let directory = tempfile::tempdir().expect("temporary directory");
    for (name, text) in files {
        std::fs::write(directory.path().join(name), text).expect("write a file");
    }
    run(engage().current_dir(directory.path()).args(args))
}

/// A survey of three men and one woman, and a reference population of half and half, for
/// raking by hand: the men weigh 2/3 each and the woman 2 (mean 1); Kish's design effect is
/// n Σw² / (Σw)² = 4 (3 · 4/9 + 4) / 16 = 4/3 and the effective sample size 16 / (16/3) = 3.
/// The men answer Yes, Yes, No and the woman No: weighted Yes (2/3 + 2/3) / 4 = 1/3.
pub(crate) const RAKING_FILES: [(&str, &str); 2] = [
    (
        "survey.csv",
        "ID,What is your sex?,Do you support the plan?\n1,Male,Yes\n2,Male,Yes\n3,Male,No\n4,Female,No\n",
    ),
    (
        "reference.csv",
        "variable,category,population\nsex,Female,50\nsex,Male,50\n",
    ),
];

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
