//! The disclosure options every command that prints counts shares: which tables withhold
//! small counts, and below what.

use engage_core::SurveyConfig;
use engage_core::privacy::disclosure::{DisclosurePolicy, Scope};

/// `--suppress` and `--threshold`.
#[derive(Debug, clap::Args)]
pub(crate) struct DisclosureArgs {
    /// Which tables withhold small counts (and the percentages, charts and sentences worked
    /// out from them): tables of profile questions and cross-tabulations (the default), every
    /// table of responses, or none [default: `suppress` under [privacy] in survey.toml, else
    /// profile].
    #[arg(long, value_name = "SCOPE", value_parser = ["all", "profile", "none"])]
    suppress: Option<String>,
    /// Counts from 1 up to this number less one are withheld (0 withholds nothing) [default:
    /// `threshold` under [privacy] in survey.toml, else 5].
    #[arg(long, value_name = "N")]
    threshold: Option<u64>,
}

impl DisclosureArgs {
    /// The policy: these options, else the config's `[privacy]` section, else the defaults.
    pub(crate) fn policy(&self, config: Option<&SurveyConfig>) -> DisclosurePolicy {
        let DisclosureArgs {
            suppress,
            threshold,
        } = self;
        let mut policy = DisclosurePolicy::default();
        if let Some(config) = config {
            policy = config.privacy.disclosure(policy);
        }
        if let Some(scope) = suppress.as_deref().and_then(Scope::parse) {
            policy = policy.with_scope(scope);
        }
        if let Some(threshold) = *threshold {
            policy = policy.with_threshold(threshold);
        }
        policy
    }
}
