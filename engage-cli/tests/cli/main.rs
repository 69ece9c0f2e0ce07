//! Integration tests of the `engage` binary: one module per subcommand, each running the real
//! binary on the fixtures in `testdata/`.

mod themes;

use std::path::PathBuf;

/// The `testdata/` folder of the workspace.
pub(crate) fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

/// The real data folder shared beside the workspace, when it is there.
pub(crate) fn realdata() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/realdata");
    let path = if path.is_dir() {
        path
    } else {
        PathBuf::from("/work/shared/realdata")
    };
    path.is_dir().then_some(path)
}

/// The binary, run from `testdata/` so that paths in its output are short and stable.
pub(crate) fn engage() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("engage"));
    command.current_dir(testdata()).env("NO_COLOR", "1");
    command
}

/// Exit code, stdout and stderr of a run, for snapshots.
pub(crate) fn transcript(output: &std::process::Output) -> String {
    format!(
        "exit code: {}\n----- stdout -----\n{}\n----- stderr -----\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
