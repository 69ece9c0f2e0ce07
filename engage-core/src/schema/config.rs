//! `survey.toml`: the user's corrections to what ingest inferred, kept next to the export so a
//! re-run on late responses makes the same decisions.
//!
//! ```toml
//! [ingest]
//! sheet = "Responses"          # name or 1-based number
//! layout = "surveymonkey"      # skip detection
//!
//! [merge]                      # option merging for every question
//! "Agree strongly" = "Strongly agree"
//!
//! [questions.q5]
//! type = "likert"              # any question type
//! text = "Do you support the proposal?"
//! options = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree", "Don't know"]
//! profile = "age"              # or false to stop treating it as a profile question
//! rename = "support"           # a new id
//! exclude = false              # true leaves the question out
//! split = ";"                  # for multi_choice: how answers are joined in one cell
//! merge = { "Walk in centre" = "Walk-in centre" }
//!
//! [questions.visits]
//! range = [0, 30]              # numeric: answers outside are counted, not summarised
//!
//! [questions.heard]
//! options = ["Leaflet", "Social media", "Word of mouth"]
//! other = true                 # answers not among the options are typed "Other" text
//!
//! [participation]              # thresholds of `engage participation` (see ParticipationSection)
//! complete_threshold = 0.5
//!
//! [privacy]                    # disclosure control and what `engage redact` keeps
//! threshold = 5                # counts from 1 to 4 are withheld (0 withholds nothing)
//! suppress = "profile"         # which tables: all, profile (and cross-tabs), none
//! keep_personal = ["postcode"] # personal columns `engage redact` keeps ([] keeps none)
//!
//! [report]                     # the title page
//! title = "The future of the walk-in centre"
//! organisation = "Riverside Clinical Commissioning Group"
//! groups = ["capacity", "age"]  # what "Views by group" compares by
//! ```
//!
//! Every section is typed: a key engage does not know is an error naming the file and line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::Profile;
use crate::error::{Error, Location, Result};
use crate::privacy::disclosure::{DisclosurePolicy, Scope};
use crate::privacy::redact::KeepPersonal;

/// A parsed `survey.toml`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyConfig {
    /// The file it was read from, as the user named it; `None` for a config built in code.
    #[serde(skip)]
    file: Option<String>,
    /// Settings for reading the file.
    #[serde(default)]
    pub ingest: IngestSection,
    /// Option merges applied to every question: old label = new label.
    #[serde(default)]
    pub merge: BTreeMap<String, String>,
    /// Per-question overrides, by the id ingest gave the question.
    #[serde(default)]
    pub questions: BTreeMap<String, QuestionOverride>,
    /// Participation settings (completion threshold, under-representation index...).
    #[serde(default)]
    pub participation: ParticipationSection,
    /// Privacy settings (suppression threshold and scope, personal columns kept).
    #[serde(default)]
    pub privacy: PrivacySection,
    /// Report settings (title, organisation).
    #[serde(default)]
    pub report: ReportSection,
}

/// `[participation]`: thresholds of the participation analysis. Every key is optional; the
/// defaults are [`crate::participation::ParticipationOptions`]'s, and
/// [`crate::participation::ParticipationOptions::from_config`] checks the values.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipationSection {
    /// Without a platform's completion flag: the share of substantive questions answered for a
    /// response to count as complete, 0 to 1.
    pub complete_threshold: Option<f64>,
    /// The representation index below which a group is under-represented.
    pub under_represented_below: Option<f64>,
    /// Raking: the largest change in a margin at convergence.
    pub weight_tolerance: Option<f64>,
    /// Raking: the most iterations.
    pub weight_max_iterations: Option<usize>,
    /// Raking: weights trimmed to `[lower, upper]` times the mean weight.
    pub weight_trim: Option<[f64; 2]>,
    /// Raking: the reference variables to rake to (default: all).
    pub weight_variables: Option<Vec<String>>,
    /// Identical submissions: the fewest answered questions for two to count as copies.
    pub duplicate_min_answers: Option<usize>,
    /// Bursts: the window, in minutes.
    pub burst_window_minutes: Option<usize>,
    /// Bursts: the fewest responses in a window.
    pub burst_min_responses: Option<usize>,
    /// Bursts: how many times the usual rate.
    pub burst_factor: Option<f64>,
    /// Near-identical texts: the fewest words a text needs.
    pub text_min_words: Option<usize>,
    /// Near-identical texts: the word 3-shingle Jaccard similarity, 0 to 1.
    pub text_similarity: Option<f64>,
    /// Near-identical texts: the fewest responses in a group.
    pub text_min_responses: Option<usize>,
    /// Campaigns: the fewest responses.
    pub campaign_min_responses: Option<usize>,
    /// Campaigns: the fewest words.
    pub campaign_min_words: Option<usize>,
    /// `[participation.groups.VARIABLE]`: per reference variable, category label to the survey
    /// answers (or `prefix*` patterns) counted as it: one answer or a list.
    #[serde(default)]
    pub groups: BTreeMap<String, BTreeMap<String, Answers>>,
}

/// One survey answer or several.
#[derive(Clone, Debug, PartialEq, Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum Answers {
    /// `"White" = "White - British"`.
    One(String),
    /// `"White" = ["White - British", "White - other*"]`.
    Many(Vec<String>),
}

impl Answers {
    /// The answers as a list.
    #[must_use]
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Answers::One(answer) => vec![answer.clone()],
            Answers::Many(answers) => answers.clone(),
        }
    }
}

/// `[privacy]`: disclosure control in published outputs, and the personal columns
/// `engage redact` keeps. Command-line options, when given, win.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacySection {
    /// Counts from 1 up to this number less one are withheld; 0 withholds nothing.
    pub threshold: Option<u64>,
    /// Which tables withhold small counts: `all`, `profile` (profile tables and cross-tabs)
    /// or `none`.
    pub suppress: Option<Scope>,
    /// The personal columns (by question id) `engage redact` keeps; an empty list keeps none.
    pub keep_personal: Option<Vec<String>>,
}

impl PrivacySection {
    /// `policy` with this section's threshold and scope where it gives them.
    #[must_use]
    pub fn disclosure(&self, mut policy: DisclosurePolicy) -> DisclosurePolicy {
        if let Some(threshold) = self.threshold {
            policy = policy.with_threshold(threshold);
        }
        if let Some(scope) = self.suppress {
            policy = policy.with_scope(scope);
        }
        policy
    }

    /// The personal columns `engage redact` keeps, when this section says: none for an empty
    /// list, else only those named.
    #[must_use]
    pub fn keep_personal(&self) -> Option<KeepPersonal> {
        self.keep_personal.as_ref().map(|ids| {
            if ids.is_empty() {
                KeepPersonal::None
            } else {
                KeepPersonal::Only(ids.clone())
            }
        })
    }
}

/// `[report]`: the report's title page.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSection {
    /// The title.
    pub title: Option<String>,
    /// Who publishes it.
    pub organisation: Option<String>,
    /// The questions "Views by group" compares answers by (question ids), in place of the
    /// capacity and profile questions.
    pub groups: Option<Vec<String>>,
}

/// `[ingest]`: how to read the file.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct IngestSection {
    /// The sheet to read (name or 1-based number).
    pub sheet: Option<String>,
    /// The layout, skipping detection.
    pub layout: Option<String>,
}

/// `[questions.ID]`: corrections for one question.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionOverride {
    /// The question type.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The wording.
    pub text: Option<String>,
    /// Options in the form's order (scale order for Likert).
    pub options: Option<Vec<String>>,
    /// A profile kind, or `false` to clear the profile flag.
    pub profile: Option<ProfileSetting>,
    /// A new id.
    pub rename: Option<String>,
    /// Leave the question out.
    #[serde(default)]
    pub exclude: bool,
    /// For multi-choice answers joined in one cell: the separator.
    pub split: Option<String>,
    /// Option merges for this question: old label = new label.
    #[serde(default)]
    pub merge: BTreeMap<String, String>,
    /// For a numeric question, the valid range `[low, high]`, inclusive.
    pub range: Option<[f64; 2]>,
    /// The form's "Other" option, for exports that write the typed text in the answer cell
    /// (Google Forms, Microsoft Forms): `true` for "Other", or the option's label. Answers not
    /// among `options` are then counted under it and their text kept in a free-text part
    /// `<id>_other`. Needs `options`.
    pub other: Option<OtherSetting>,
}

/// The label of the form's "Other" option, or `true` for "Other".
#[derive(Clone, Debug, PartialEq, Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum OtherSetting {
    /// `other = "Something else"`.
    Label(String),
    /// `other = true` ("Other"), or `false` (nothing folded).
    Flag(bool),
}

impl OtherSetting {
    /// The label answers are counted under, or `None` for `other = false`.
    #[must_use]
    pub fn label(&self) -> Option<&str> {
        match self {
            OtherSetting::Label(label) => Some(label),
            OtherSetting::Flag(true) => Some("Other"),
            OtherSetting::Flag(false) => None,
        }
    }
}

/// A profile kind, or `false`.
#[derive(Clone, Debug, PartialEq, Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum ProfileSetting {
    /// `profile = "age"`.
    Kind(String),
    /// `profile = false` (or `true`, which asks for the kind to be inferred from the wording).
    Flag(bool),
}

impl ProfileSetting {
    /// The profile this setting asks for: `None` clears it. `Err` for an unknown name.
    pub(crate) fn resolve(&self, text: &str) -> std::result::Result<Option<Profile>, String> {
        match self {
            ProfileSetting::Flag(false) => Ok(None),
            ProfileSetting::Flag(true) => Ok(Some(
                super::infer::profile_from_header(text).unwrap_or(Profile::Capacity),
            )),
            ProfileSetting::Kind(name) => Profile::parse(name).map(Some).ok_or_else(|| {
                let known: Vec<&str> = Profile::ALL
                    .iter()
                    .map(|profile| profile.as_str())
                    .collect();
                format!(
                    "unknown profile \"{name}\"; expected one of {}",
                    known.join(", ")
                )
            }),
        }
    }
}

impl SurveyConfig {
    /// Parses TOML text; `file` names it in errors, and later in errors about its values.
    pub fn parse(text: &str, file: &str) -> Result<SurveyConfig> {
        let mut config: SurveyConfig = toml::from_str(text).map_err(|error| {
            let line = error
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            let message = error.message().trim().to_string();
            let mut location = Location::file(file);
            // A config file has lines, not spreadsheet rows.
            location.line = line;
            Error::config(location, lower_first(&message))
        })?;
        config.file = Some(file.to_string());
        Ok(config)
    }

    /// The file the config was read from, as the user named it (`survey.toml` for a config
    /// built in code), for messages.
    #[must_use]
    pub fn file(&self) -> &str {
        self.file.as_deref().unwrap_or("survey.toml")
    }

    /// A location in the config: its file and the key (`participation.text_similarity`).
    #[must_use]
    pub fn location(&self, key: &str) -> Location {
        Location::file(self.file()).with_column(key)
    }

    /// Reads and parses a file.
    pub fn read(path: &Path) -> Result<SurveyConfig> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|error| Error::io(Location::file(&file), error))?;
        SurveyConfig::parse(&text, &file)
    }

    /// The config that sits next to a data file: `<name>.survey.toml`, else `survey.toml`.
    #[must_use]
    pub fn beside(data: &Path) -> Option<std::path::PathBuf> {
        let directory = data.parent()?;
        let stem = data.file_stem()?.to_string_lossy();
        [
            directory.join(format!("{stem}.survey.toml")),
            directory.join("survey.toml"),
        ]
        .into_iter()
        .find(|path| path.is_file())
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_config_parses() {
        let config = SurveyConfig::parse(
            r#"
[ingest]
sheet = "Responses"
[merge]
"Agree strongly" = "Strongly agree"
[questions.q5]
type = "likert"
options = ["Disagree", "Agree"]
profile = false
[questions.age]
profile = "age"
rename = "age_band"
"#,
            "survey.toml",
        )
        .unwrap();
        assert_eq!(config.ingest.sheet.as_deref(), Some("Responses"));
        assert_eq!(config.merge["Agree strongly"], "Strongly agree");
        assert_eq!(
            config.questions["q5"].profile,
            Some(ProfileSetting::Flag(false))
        );
        assert_eq!(config.questions["age"].rename.as_deref(), Some("age_band"));
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let error =
            SurveyConfig::parse("[questions.q1]\ntyp = \"likert\"\n", "survey.toml").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("survey.toml: line 2: unknown field `typ`"),
            "{error}"
        );
    }
}
