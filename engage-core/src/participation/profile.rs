//! Who took part: a table for each respondent-profile question (and each question asked for with
//! `--by`), with counts and percentages of those who answered, the base and the "no answer"
//! count shown apart.

use serde::Serialize;

use crate::dataset::Dataset;
use crate::error::{Error, Location, Result};
use crate::schema::{Profile, Question, QuestionType};

/// One answer of a profile table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProfileRow {
    /// The answer.
    pub label: String,
    /// Respondents who gave it.
    pub count: usize,
    /// As a percentage of those who answered the question.
    pub percent: f64,
}

/// One profile question's answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProfileTable {
    /// The question id.
    pub question: String,
    /// The wording.
    pub text: String,
    /// The profile variable, for profile questions.
    pub profile: Option<Profile>,
    /// True for a multi-choice question: percentages add up to more than 100.
    pub multiple: bool,
    /// Respondents who answered: the base of the percentages.
    pub base: usize,
    /// Respondents who did not answer.
    pub no_answer: usize,
    /// The answers in questionnaire order, then any others (most frequent first).
    pub rows: Vec<ProfileRow>,
}

/// The profile table of one question. Categorical questions only: free text, numbers and dates
/// are refused with a message naming the question.
pub fn profile_table(dataset: &Dataset, question: &Question) -> Result<ProfileTable> {
    if !question.kind.is_categorical() {
        let hint = match question.kind {
            QuestionType::FreeText => "free text has no categories to count; theme it instead",
            QuestionType::Numeric => {
                "band the numbers with `type = \"single_choice\"` in survey.toml, or choose a categorical question"
            }
            _ => "choose a single- or multi-choice question (`engage inspect` lists them)",
        };
        return Err(Error::unsupported(
            Location::default().with_question(&question.id),
            format!(
                "cannot profile respondents by a {} question, expected a categorical one",
                question.kind
            ),
        )
        .with_hint(hint));
    }
    let counts = dataset.option_counts(&question.id)?;
    let base = dataset.answered_count(&question.id)?;
    let rows = counts
        .into_iter()
        .map(|(label, count)| ProfileRow {
            percent: if base > 0 {
                100.0 * count as f64 / base as f64
            } else {
                0.0
            },
            label,
            count,
        })
        .collect();
    Ok(ProfileTable {
        question: question.id.clone(),
        text: question.text.clone(),
        profile: question.profile,
        multiple: question.kind.is_list(),
        base,
        no_answer: dataset.respondents() - base,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{IngestOptions, read_reader};

    #[test]
    fn percentages_are_of_those_who_answered() {
        let data = read_reader(
            "ID,What is your sex?\n1,Female\n2,Female\n3,Male\n4,\n5,Prefer not to say\n"
                .as_bytes(),
            "t.csv",
            &IngestOptions::default(),
        )
        .unwrap();
        let table = profile_table(&data, data.question("sex").unwrap()).unwrap();
        assert_eq!((table.base, table.no_answer), (4, 1));
        let female = table.rows.iter().find(|row| row.label == "Female").unwrap();
        assert_eq!(female.count, 2);
        assert!((female.percent - 50.0).abs() < 1e-12);
        let total: f64 = table.rows.iter().map(|row| row.percent).sum();
        assert!((total - 100.0).abs() < 1e-9);
    }
}
