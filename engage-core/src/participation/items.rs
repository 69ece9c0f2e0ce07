//! Item response rates: for every substantive question, how many respondents answered it.

use serde::Serialize;

use crate::dataset::Dataset;
use crate::error::Result;
use crate::schema::QuestionType;

/// One question's response rate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemRate {
    /// The question id.
    pub question: String,
    /// The wording.
    pub text: String,
    /// For an item of a grouped question (a grid's row), its label: see
    /// [`crate::Question::item`].
    pub item: Option<String>,
    /// The question type.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// Respondents who answered.
    pub answered: usize,
    /// Answered as a percentage of all respondents.
    pub percent: f64,
    /// The question this is the "Other (please specify)" text of, if any: its rate is only
    /// meaningful among those who chose Other.
    pub other_of: Option<String>,
}

/// The response rate of every substantive question, in questionnaire order.
pub fn item_rates(dataset: &Dataset) -> Result<Vec<ItemRate>> {
    let respondents = dataset.respondents();
    dataset
        .schema()
        .substantive()
        .map(|question| {
            let answered = dataset.answered_count(&question.id)?;
            Ok(ItemRate {
                question: question.id.clone(),
                text: question.text.clone(),
                item: question.item.clone(),
                kind: question.kind,
                answered,
                percent: if respondents > 0 {
                    100.0 * answered as f64 / respondents as f64
                } else {
                    0.0
                },
                other_of: question.other_of.clone(),
            })
        })
        .collect()
}
