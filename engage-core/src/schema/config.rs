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
//! ```
//!
//! Later sections (`[participation]`, `[privacy]`, `[report]`) are read by the modules they
//! configure and kept here as tables.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::Profile;
use crate::error::{Error, Location, Result};

/// A parsed `survey.toml`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyConfig {
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
    pub participation: toml::Table,
    /// Privacy settings (suppression threshold, redaction).
    #[serde(default)]
    pub privacy: toml::Table,
    /// Report settings (title, organisation, source line).
    #[serde(default)]
    pub report: toml::Table,
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
    /// Parses TOML text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<SurveyConfig> {
        toml::from_str(text).map_err(|error| {
            let line = error
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            let message = error.message().trim().to_string();
            let mut location = Location::file(file);
            location.row = line;
            Error::config(location, lower_first(&message))
        })
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
                .starts_with("survey.toml: row 2: unknown field `typ`"),
            "{error}"
        );
    }
}
