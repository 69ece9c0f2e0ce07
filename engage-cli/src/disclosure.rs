//! The disclosure options every command that prints counts shares: which tables withhold
//! small counts, and below what.

use engage_core::privacy::disclosure::{DEFAULT_THRESHOLD, DisclosurePolicy, Scope};

/// `--suppress` and `--threshold`.
#[derive(Debug, clap::Args)]
pub(crate) struct DisclosureArgs {
    /// Which tables withhold small counts (and the percentages, charts and sentences worked
    /// out from them): tables of profile questions and cross-tabulations (the default), every
    /// table of responses, or none.
    #[arg(long, value_name = "SCOPE", value_parser = ["all", "profile", "none"])]
    suppress: Option<String>,
    /// Counts from 1 up to this number less one are withheld (0 withholds nothing) [default: 5].
    #[arg(long, value_name = "N")]
    threshold: Option<u64>,
}

impl DisclosureArgs {
    /// The policy: these options, else the defaults.
    pub(crate) fn policy(&self) -> DisclosurePolicy {
        let DisclosureArgs {
            suppress,
            threshold,
        } = self;
        DisclosurePolicy::default()
            .with_threshold(threshold.unwrap_or(DEFAULT_THRESHOLD))
            .with_scope(
                suppress
                    .as_deref()
                    .and_then(Scope::parse)
                    .unwrap_or(Scope::Profile),
            )
    }
}
