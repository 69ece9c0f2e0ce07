//! The questions of a dataset: ids, wording, types, options in form order, profile flags.
//!
//! A [`Schema`] is built by ingest from the export's headers and values (`infer` holds the
//! table-driven heuristics, [`scale`] the known answer scales) and can be overridden by a
//! `survey.toml` ([`config`]).

pub mod config;
pub(crate) mod infer;
pub(crate) mod joined;
pub(crate) mod order;
pub mod scale;

use serde::Serialize;

pub use config::SurveyConfig;
pub use scale::{Scale, ScalePoint, ScaleSides};

/// What kind of answer a question collects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// Export metadata: ids, timestamps, IP addresses, collector, status.
    Metadata,
    /// Personal data (name, email, phone, address, postcode, GPS location): never analysed or
    /// published.
    Personal,
    /// One answer from a list of options.
    SingleChoice,
    /// Any number of answers from a list of options.
    MultiChoice,
    /// An ordered agreement, satisfaction, likelihood, importance or frequency scale.
    Likert,
    /// Yes or no.
    YesNo,
    /// A number.
    Numeric,
    /// A date or date and time.
    Date,
    /// Options put in order of preference.
    Ranking,
    /// Open text.
    FreeText,
}

impl QuestionType {
    /// All types, in the order they are documented.
    pub const ALL: [QuestionType; 10] = [
        QuestionType::Metadata,
        QuestionType::Personal,
        QuestionType::SingleChoice,
        QuestionType::MultiChoice,
        QuestionType::Likert,
        QuestionType::YesNo,
        QuestionType::Numeric,
        QuestionType::Date,
        QuestionType::Ranking,
        QuestionType::FreeText,
    ];

    /// The `snake_case` name used in JSON and `survey.toml`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionType::Metadata => "metadata",
            QuestionType::Personal => "personal",
            QuestionType::SingleChoice => "single_choice",
            QuestionType::MultiChoice => "multi_choice",
            QuestionType::Likert => "likert",
            QuestionType::YesNo => "yes_no",
            QuestionType::Numeric => "numeric",
            QuestionType::Date => "date",
            QuestionType::Ranking => "ranking",
            QuestionType::FreeText => "free_text",
        }
    }

    /// Parses the `snake_case` name.
    #[must_use]
    pub fn parse(name: &str) -> Option<QuestionType> {
        let name = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        QuestionType::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }

    /// True for the types whose answers come from a list of options.
    #[must_use]
    pub fn is_categorical(self) -> bool {
        matches!(
            self,
            QuestionType::SingleChoice
                | QuestionType::MultiChoice
                | QuestionType::Likert
                | QuestionType::YesNo
                | QuestionType::Ranking
        )
    }

    /// True for the types that hold several answers per respondent (a list column).
    #[must_use]
    pub fn is_list(self) -> bool {
        matches!(self, QuestionType::MultiChoice | QuestionType::Ranking)
    }

    /// True for questions that are analysed (not metadata or personal data).
    #[must_use]
    pub fn is_substantive(self) -> bool {
        !matches!(self, QuestionType::Metadata | QuestionType::Personal)
    }
}

impl std::fmt::Display for QuestionType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which respondent-profile variable a question records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// Age or age band.
    Age,
    /// Sex or gender.
    Sex,
    /// Ethnic group.
    Ethnicity,
    /// Disability or long-term condition.
    Disability,
    /// Religion or belief.
    Religion,
    /// Sexual orientation.
    SexualOrientation,
    /// Where the respondent lives: postcode district, ward, area.
    Area,
    /// In what capacity they respond (resident, patient, staff, organisation) or their sector.
    Capacity,
    /// How they took part or heard about the consultation.
    Channel,
}

impl Profile {
    /// All profile kinds.
    pub const ALL: [Profile; 9] = [
        Profile::Age,
        Profile::Sex,
        Profile::Ethnicity,
        Profile::Disability,
        Profile::Religion,
        Profile::SexualOrientation,
        Profile::Area,
        Profile::Capacity,
        Profile::Channel,
    ];

    /// The `snake_case` name used in JSON and `survey.toml`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Age => "age",
            Profile::Sex => "sex",
            Profile::Ethnicity => "ethnicity",
            Profile::Disability => "disability",
            Profile::Religion => "religion",
            Profile::SexualOrientation => "sexual_orientation",
            Profile::Area => "area",
            Profile::Capacity => "capacity",
            Profile::Channel => "channel",
        }
    }

    /// Parses the `snake_case` name (a few synonyms are accepted: `gender`, `ethnic_group`,
    /// `postcode`, `ward`, `sector`).
    #[must_use]
    pub fn parse(name: &str) -> Option<Profile> {
        let name = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let name = match name.as_str() {
            "gender" => "sex",
            "ethnic_group" | "ethnic" => "ethnicity",
            "postcode" | "ward" | "postcode_district" | "location" => "area",
            "sector" | "role" => "capacity",
            "age_band" | "age_group" => "age",
            other => other,
        }
        .to_string();
        Profile::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// What a metadata or personal column holds, when that matters to an analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The respondent's or response's id.
    RespondentId,
    /// When the response was started.
    Started,
    /// When the response was submitted or last saved.
    Submitted,
    /// A completion status text (`Complete`, `Partial`).
    Status,
    /// A completed flag (`1`/`0`, `True`/`False`).
    Finished,
    /// Percent of the form completed.
    Progress,
    /// The last page reached (`LimeSurvey`).
    LastPage,
    /// Time taken, in seconds.
    Duration,
    /// The collector, distribution channel or web link the response came through.
    Collector,
    /// The respondent's IP address.
    IpAddress,
    /// The language the form was taken in.
    Language,
    /// A person's name.
    Name,
    /// An email address.
    Email,
    /// A telephone number.
    Phone,
    /// A postal address.
    Address,
    /// A geographic position: a GPS point or one of its parts (latitude, longitude, altitude,
    /// accuracy), a trace or shape, a what3words address.
    Location,
    /// A full postcode.
    Postcode,
    /// An NHS number.
    NhsNumber,
    /// Any other metadata.
    Other,
}

/// One question of the survey, as the rest of engage sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Question {
    /// Stable id: the vendor's question id or a slug of the column header. Also the name of the
    /// question's column in the dataset's frame.
    pub id: String,
    /// The question's wording. For an item of a grouped question, the group's wording and the
    /// item's label: `stem [item]`.
    pub text: String,
    /// For an item of a grouped question (a grid's row, one of several answers asked for
    /// together), the item's own label, kept whole; `None` for a question asked on its own.
    /// [`Question::stem`] gives the wording without it.
    pub item: Option<String>,
    /// The kind of answer collected.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The options in the order the form gave them (scale order for Likert items, then any
    /// non-scale answers such as "Don't know"). Empty for open questions.
    pub options: Vec<String>,
    /// For Likert items, the scale: which options are points and in which order, and which are
    /// non-scale answers.
    pub scale: Option<Scale>,
    /// The header(s) of the source column(s) the question was built from.
    pub columns: Vec<String>,
    /// Where those columns are: 0-based columns of the sheet (from its first filled column) or
    /// file read, one per entry of
    /// [`Question::columns`]; empty for a question not read from a sheet (made in code, or
    /// Pol.is statements). For tools that go back to the raw cells.
    #[serde(skip)]
    pub sheet_columns: Vec<usize>,
    /// The profile variable this question records, when it is a respondent-profile question.
    pub profile: Option<Profile>,
    /// For metadata and personal columns, what they hold.
    pub role: Option<Role>,
    /// The id of the free-text question holding this question's "Other (please specify)" text.
    pub other: Option<String>,
    /// The id of the question this one is the "Other (please specify)" text of.
    pub other_of: Option<String>,
    /// The grid or group this question belongs to (a Likert grid's stem, a form section).
    pub group: Option<String>,
    /// For numeric questions, the valid range `[low, high]` (inclusive) given in `survey.toml`
    /// (`range = [0, 30]`). Summaries count answers outside it as out of range and leave them
    /// out of the figures. `None`: no range is known, and every answer is used.
    pub range: Option<[f64; 2]>,
}

impl Question {
    /// A question of the given type with no options, reading from one column of the same name.
    #[must_use]
    pub fn new(id: impl Into<String>, text: impl Into<String>, kind: QuestionType) -> Question {
        let id = id.into();
        Question {
            columns: vec![id.clone()],
            sheet_columns: Vec::new(),
            id,
            text: text.into(),
            item: None,
            kind,
            options: Vec::new(),
            scale: None,
            profile: None,
            role: None,
            other: None,
            other_of: None,
            group: None,
            range: None,
        }
    }

    /// This question with options.
    #[must_use]
    pub fn with_options(mut self, options: Vec<String>) -> Question {
        self.options = options;
        self
    }

    /// Makes this question one item of a group: its wording becomes `stem [item]` and its
    /// item `item`. An empty item leaves the stem alone as the wording.
    pub fn set_item(&mut self, stem: &str, item: &str) {
        let item = item.trim();
        if item.is_empty() {
            self.text = stem.to_string();
            self.item = None;
        } else {
            self.text = format!("{stem} [{item}]");
            self.item = Some(item.to_string());
        }
    }

    /// The wording the items of a group share: the text without its ` [item]`, or the whole
    /// text for a question asked on its own (or whose text `survey.toml` replaced).
    #[must_use]
    pub fn stem(&self) -> &str {
        stem(&self.text, self.item.as_deref())
    }

    /// True when the question is a respondent-profile question.
    #[must_use]
    pub fn is_profile(&self) -> bool {
        self.profile.is_some()
    }
}

/// A question's wording without its item: `text` less a trailing ` [item]`, the whole text
/// when there is no item or the text does not end with it. The item is a typed field of the
/// question; the text is never split to find one.
#[must_use]
pub fn stem<'a>(text: &'a str, item: Option<&str>) -> &'a str {
    item.and_then(|item| {
        text.strip_suffix(']')?
            .strip_suffix(item)?
            .strip_suffix('[')
            .map(str::trim_end)
    })
    .filter(|stem| !stem.is_empty())
    .unwrap_or(text)
}

/// The longest short title, in characters.
const TITLE_LENGTH: usize = 70;

/// A title from a question's wording, for charts, findings and overview tables: the question
/// itself when short, else its first words.
/// An item of a grouped question (`item`, see [`crate::Question::item`]) is kept whole after its
/// shortened stem, so that the items of one grid keep titles of their own.
#[must_use]
pub fn short_title(text: &str, item: Option<&str>) -> String {
    let stem = stem(text, item).trim();
    let Some(item) = item.filter(|_| stem != text) else {
        return shorten(text.trim(), TITLE_LENGTH);
    };
    // The stem keeps at least a few words when the item is long.
    let room = TITLE_LENGTH
        .saturating_sub(item.chars().count() + 3)
        .max(TITLE_LENGTH / 3);
    format!("{} [{item}]", shorten(stem, room))
}

/// `text` when it has at most `length` characters, else its first words and an ellipsis.
fn shorten(text: &str, length: usize) -> String {
    if text.chars().count() <= length {
        return text.to_string();
    }
    let mut title = String::new();
    for word in text.split_whitespace() {
        if title.chars().count() + word.chars().count() > length.saturating_sub(4) {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    format!("{}\u{2026}", title.trim_end_matches([',', ';', ':']))
}

/// The questions of a dataset in questionnaire order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Schema {
    questions: Vec<Question>,
}

impl Schema {
    /// A schema of these questions, in this order.
    #[must_use]
    pub fn new(questions: Vec<Question>) -> Schema {
        Schema { questions }
    }

    /// The questions in questionnaire order.
    #[must_use]
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The question with this id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|question| question.id == id)
    }

    /// The question with this id, or an error listing the ids that exist.
    pub fn require(&self, id: &str) -> crate::Result<&Question> {
        self.get(id)
            .ok_or_else(|| crate::Error::unknown_question(id, self.ids()))
    }

    /// Every id in questionnaire order.
    #[must_use]
    pub fn ids(&self) -> Vec<String> {
        self.questions
            .iter()
            .map(|question| question.id.clone())
            .collect()
    }

    /// The first question with this role.
    #[must_use]
    pub fn with_role(&self, role: Role) -> Option<&Question> {
        self.questions
            .iter()
            .find(|question| question.role == Some(role))
    }

    /// The respondent-profile questions in questionnaire order.
    pub fn profile_questions(&self) -> impl Iterator<Item = &Question> {
        self.questions
            .iter()
            .filter(|question| question.profile.is_some())
    }

    /// The questions that are analysed (everything but metadata and personal data).
    pub fn substantive(&self) -> impl Iterator<Item = &Question> {
        self.questions
            .iter()
            .filter(|question| question.kind.is_substantive())
    }

    /// The number of questions.
    #[must_use]
    pub fn len(&self) -> usize {
        self.questions.len()
    }

    /// True when there are no questions.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }
}
