//! `engage`: the command line front end of engage-core. Each subcommand lives in
//! `cmd/<name>.rs` with its clap `Args` and a `run` function; this file parses, dispatches and
//! turns errors into one line on stderr and an exit code (0 success, 1 a requested check
//! failed, 2 bad input or usage, 101 an internal error: a bug in engage).

mod cmd;
mod disclosure;
mod input;
mod output;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn survey and consultation exports into participation, summaries, themes, charts and an
/// interim report.
#[derive(Debug, Parser)]
#[command(name = "engage", version, about, long_about = None, propagate_version = true, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print nothing on stderr but errors (no progress, no warnings).
    // clap numbers subcommands and arguments with one display-order counter, so without a fixed
    // place this flag would move in every subcommand's help whenever a subcommand is added.
    #[arg(long, short, global = true, display_order = 900)]
    quiet: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    Deliberation(cmd::deliberation::Args),
    Inspect(cmd::inspect::Args),
    Redact(cmd::redact::Args),
    Report(cmd::report::Args),
    Summary(cmd::summary::Args),
    Crosstab(cmd::crosstab::Args),
    Participation(cmd::participation::Args),
    Activity(cmd::activity::Args),
    Chart(cmd::chart::Args),
    Themes(cmd::themes::Args),
}

/// Settings every subcommand may use.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Global {
    pub(crate) quiet: bool,
}

/// The last panic's message and place, kept by the panic hook for `main` to print.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Panics are not for users, so the hook prints nothing and keeps what happened. engage-core
/// catches the spreadsheet reader's panics on damaged files and returns an error, printed as any
/// other; a panic that reaches `main` is a bug in engage, printed there as one line saying so,
/// with where (exit code 101, as Rust's own). With RUST_BACKTRACE set, Rust's message and
/// backtrace are printed as usual.
fn quiet_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let place = info
            .location()
            .map(|location| format!("{}:{}", location.file(), location.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|text| (*text).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("{message} at {place}"));
        }
        if std::env::var_os("RUST_BACKTRACE").is_some() && !place.contains("/calamine-") {
            default(info);
        }
    }));
}

fn main() -> ExitCode {
    quiet_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let global = Global { quiet: cli.quiet };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli, global)));
    outcome.unwrap_or_else(|_| {
        let what = LAST_PANIC
            .lock()
            .ok()
            .and_then(|mut last| last.take())
            .unwrap_or_default();
        eprintln!(
            "engage: internal error (a bug in engage, not in your file): {what}\nhint: please report it with the command you ran; RUST_BACKTRACE=1 shows more"
        );
        ExitCode::from(101)
    })
}

/// Runs the subcommand and turns its result into an exit code.
fn run(cli: Cli, global: Global) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let result = match cli.command {
        Command::Deliberation(args) => cmd::deliberation::run(args, global, &mut stdout),
        Command::Inspect(args) => cmd::inspect::run(args, global, &mut stdout),
        Command::Redact(args) => cmd::redact::run(args, global, &mut stdout),
        Command::Report(args) => cmd::report::run(args, global, &mut stdout),
        Command::Summary(args) => cmd::summary::run(args, global, &mut stdout),
        Command::Crosstab(args) => cmd::crosstab::run(args, global, &mut stdout),
        Command::Participation(args) => cmd::participation::run(args, global, &mut stdout),
        Command::Activity(args) => cmd::activity::run(args, global, &mut stdout),
        Command::Chart(args) => cmd::chart::run(args, global, &mut stdout),
        Command::Themes(args) => cmd::themes::run(args, global, &mut stdout),
    };
    match result {
        Ok(code) => {
            if let Err(error) = stdout.flush()
                && error.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            code
        }
        Err(error) => report(&error),
    }
}

/// Prints `engage: error: ...`, the cause chain, and a `hint:` line; a broken pipe (the reader
/// of our output went away, as with `| head`) exits quietly.
fn report(error: &anyhow::Error) -> ExitCode {
    if error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    }) {
        return ExitCode::SUCCESS;
    }
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "engage: error: {error}");
    // engage-core's errors already say what went wrong with their cause; other errors (writing
    // output) show their chain.
    if error.downcast_ref::<engage_core::Error>().is_none() {
        for cause in error.chain().skip(1) {
            let _ = writeln!(stderr, "  caused by: {cause}");
        }
    }
    if let Some(hint) = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<engage_core::Error>())
        .and_then(engage_core::Error::hint)
    {
        let _ = writeln!(stderr, "hint: {hint}");
    }
    ExitCode::from(2)
}
