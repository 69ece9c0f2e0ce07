//! Complete and partial responses, from the platform's own flag where the export has one:
//! a status column (SurveyGizmo/Alchemer `Status`: Complete, Partial), Qualtrics `Finished`
//! (else `Progress` = 100), LimeSurvey `submitdate` (else `lastpage`); otherwise the share of
//! substantive questions answered, against a threshold.

use serde::Serialize;

use super::LabelCount;
use crate::dataset::Dataset;
use crate::error::Result;
use crate::ingest::layouts::Layout;
use crate::schema::{Question, Role};

/// How completion was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompletionMethod {
    /// A status column with values such as Complete and Partial.
    Status,
    /// A finished flag (Qualtrics `Finished`: 1 or 0, True or False).
    Finished,
    /// Percent of the form completed (Qualtrics `Progress`): 100 is complete.
    Progress,
    /// LimeSurvey's `submitdate`: empty for a response never submitted.
    SubmitDate,
    /// LimeSurvey's `lastpage`: complete when the respondent reached the last page seen by
    /// anyone.
    LastPage,
    /// The share of substantive questions answered, against a threshold.
    AnsweredShare,
    /// Not judged: the export has no completion flag and too few questions that say whether
    /// someone stopped part-way (every respondent's status is [`Status::Other`]).
    NotJudged,
}

/// One respondent's completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Finished the form.
    Complete,
    /// Stopped part-way.
    Partial,
    /// Another platform status (disqualified, screened out, test), or none recorded.
    Other,
}

/// Complete and partial responses.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Completion {
    /// How completion was decided.
    pub method: CompletionMethod,
    /// The column (question id) the flag came from, for platform flags.
    pub column: Option<String>,
    /// The rule in words, for the methodology section.
    pub description: String,
    /// Complete responses.
    pub complete: usize,
    /// Partial responses.
    pub partial: usize,
    /// Other statuses with their counts (for example "Disqualified"), and blanks as
    /// "(not recorded)".
    pub other: Vec<LabelCount>,
    /// The answered-share threshold, for [`CompletionMethod::AnsweredShare`].
    pub threshold: Option<f64>,
    /// Each respondent's status, in dataset order.
    #[serde(skip)]
    pub statuses: Vec<Status>,
}

/// Words platforms use for a complete response.
const COMPLETE: &[&str] = &[
    "complete",
    "completed",
    "finished",
    "submitted",
    "done",
    "true",
    "yes",
    "1",
];
/// Words platforms use for a partial response.
const PARTIAL: &[&str] = &[
    "partial",
    "incomplete",
    "in progress",
    "unfinished",
    "not finished",
    "not submitted",
    "false",
    "no",
    "0",
];

fn classify(value: &str) -> Option<Status> {
    let folded = crate::schema::scale::normalise(value);
    if COMPLETE.contains(&folded.as_str()) {
        Some(Status::Complete)
    } else if PARTIAL.contains(&folded.as_str()) {
        Some(Status::Partial)
    } else {
        None
    }
}

/// Decides each respondent's completion. `threshold` is the share of substantive questions
/// (0 to 1) a respondent must answer to count as complete when the export has no flag.
pub fn completion(dataset: &Dataset, threshold: f64) -> Result<Completion> {
    let schema = dataset.schema();
    if let Some(question) = schema.with_role(Role::Status)
        && let Some(found) = from_flag(dataset, question, CompletionMethod::Status)?
    {
        return Ok(found);
    }
    if let Some(question) = schema.with_role(Role::Finished)
        && let Some(found) = from_flag(dataset, question, CompletionMethod::Finished)?
    {
        return Ok(found);
    }
    if let Some(question) = schema.with_role(Role::Progress) {
        let progress = dataset.numbers(&question.id)?;
        if progress.iter().any(Option::is_some) {
            let statuses: Vec<Status> = progress
                .iter()
                .map(|value| match value {
                    Some(value) if *value >= 100.0 => Status::Complete,
                    Some(_) => Status::Partial,
                    None => Status::Other,
                })
                .collect();
            return Ok(tally(
                CompletionMethod::Progress,
                Some(question.id.clone()),
                format!(
                    "complete when \"{}\" (percent of the form completed) is 100",
                    question.columns.first().unwrap_or(&question.id)
                ),
                statuses,
                Vec::new(),
                None,
            ));
        }
    }
    if dataset.source().layout == Some(Layout::LimeSurvey) {
        if let Some(question) = schema.with_role(Role::Submitted) {
            let submitted = dataset.answered(&question.id)?;
            if submitted.iter().any(|answered| *answered) {
                let statuses = submitted
                    .iter()
                    .map(|answered| {
                        if *answered {
                            Status::Complete
                        } else {
                            Status::Partial
                        }
                    })
                    .collect();
                return Ok(tally(
                    CompletionMethod::SubmitDate,
                    Some(question.id.clone()),
                    format!(
                        "complete when LimeSurvey's \"{}\" is filled in (an empty submit date means the response was never submitted)",
                        question.columns.first().unwrap_or(&question.id)
                    ),
                    statuses,
                    Vec::new(),
                    None,
                ));
            }
        }
        if let Some(question) = schema.with_role(Role::LastPage) {
            let pages = dataset.numbers(&question.id)?;
            let last = pages.iter().flatten().copied().fold(f64::NAN, f64::max);
            if last.is_finite() {
                let statuses = pages
                    .iter()
                    .map(|page| match page {
                        Some(page) if *page >= last => Status::Complete,
                        Some(_) => Status::Partial,
                        None => Status::Other,
                    })
                    .collect();
                return Ok(tally(
                    CompletionMethod::LastPage,
                    Some(question.id.clone()),
                    format!(
                        "complete when LimeSurvey's \"{}\" is the last page anyone reached ({})",
                        question.columns.first().unwrap_or(&question.id),
                        crate::table::plain_number(last)
                    ),
                    statuses,
                    Vec::new(),
                    None,
                ));
            }
        }
    }
    answered_share(dataset, threshold)
}

fn from_flag(
    dataset: &Dataset,
    question: &Question,
    method: CompletionMethod,
) -> Result<Option<Completion>> {
    let values = dataset.texts(&question.id)?;
    let recognised = values
        .iter()
        .flatten()
        .filter(|value| classify(value).is_some())
        .count();
    let given = values.iter().flatten().count();
    // A column called "Status" can hold something else (Qualtrics' response type is 0, 1, 2...
    // but is not marked as a status); trust it only when most values read as a completion.
    if given == 0 || recognised * 2 < given {
        return Ok(None);
    }
    let mut other: Vec<LabelCount> = Vec::new();
    let statuses = values
        .iter()
        .map(
            |value| match value.as_deref().map(|value| (value, classify(value))) {
                Some((_, Some(status))) => status,
                Some((value, None)) => {
                    count_into(&mut other, value.trim());
                    Status::Other
                }
                None => {
                    count_into(&mut other, "(not recorded)");
                    Status::Other
                }
            },
        )
        .collect();
    let column = question.columns.first().unwrap_or(&question.id);
    let description = match method {
        CompletionMethod::Finished => {
            format!("complete when \"{column}\" says the response was finished (1, True or Yes)")
        }
        _ => format!("as recorded in the export's \"{column}\" column (Complete or Partial)"),
    };
    other.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    Ok(Some(tally(
        method,
        Some(question.id.clone()),
        description,
        statuses,
        other,
        None,
    )))
}

fn count_into(counts: &mut Vec<LabelCount>, label: &str) {
    match counts.iter_mut().find(|entry| entry.label == label) {
        Some(entry) => entry.count += 1,
        None => counts.push(LabelCount {
            label: label.to_string(),
            count: 1,
        }),
    }
}

/// The fewest questions the answered share is judged on: with fewer, one skipped question
/// makes a respondent partial or not, and the figure says more about the form than about
/// people stopping part-way.
const FEWEST_JUDGED_QUESTIONS: usize = 3;

/// Values that tick a box: an indicator column holds one of them and blanks.
const TICKS: [&str; 9] = [
    "1", "x", "yes", "true", "\u{2713}", "\u{2714}", "ticked", "checked", "selected",
];

/// True when every answer to the question is the same tick (`1`, `x`, `Yes`), or the
/// question's own label (as checkbox columns hold): an indicator column, where a blank means
/// "not ticked", not "not answered". One-hot label columns (a 1 under each category that
/// applies) are mostly blank for everyone, and counting them as unanswered questions would call
/// every respondent partial.
fn is_indicator(dataset: &Dataset, question: &Question) -> Result<bool> {
    // A written answer is never a tick, even when only one person wrote something.
    if question.kind == crate::schema::QuestionType::FreeText {
        return Ok(false);
    }
    let values = dataset.texts(&question.id)?;
    let mut answers = values.iter().flatten().map(|value| value.trim());
    let Some(first) = answers.next() else {
        return Ok(false);
    };
    let folded = first.to_lowercase();
    let tick = TICKS.contains(&folded.as_str())
        || question
            .columns
            .iter()
            .any(|column| column.trim().eq_ignore_ascii_case(first));
    Ok(tick && answers.all(|value| value == first))
}

fn answered_share(dataset: &Dataset, threshold: f64) -> Result<Completion> {
    // "Other (please specify)" texts are only asked of those who chose Other: leaving them out
    // keeps a respondent who did not choose Other from looking less complete. Columns nobody
    // answered were asked of no one, and indicator columns are blank for "no".
    let mut questions: Vec<&Question> = Vec::new();
    let mut indicators = 0;
    let mut empty = 0;
    for question in dataset
        .schema()
        .substantive()
        .filter(|question| question.other_of.is_none())
    {
        if dataset.answered_count(&question.id)? == 0 {
            empty += 1;
        } else if is_indicator(dataset, question)? {
            indicators += 1;
        } else {
            questions.push(question);
        }
    }
    let left_out = match (indicators, empty) {
        (0, 0) => String::new(),
        (indicators, empty) => {
            let mut parts = Vec::new();
            if indicators > 0 {
                parts.push(format!(
                    "{indicators} indicator column{} (one value, blank for no)",
                    if indicators == 1 { "" } else { "s" }
                ));
            }
            if empty > 0 {
                parts.push(format!(
                    "{empty} column{} nobody answered",
                    if empty == 1 { "" } else { "s" }
                ));
            }
            format!(", leaving out {}", parts.join(" and "))
        }
    };
    let total = questions.len();
    if total < FEWEST_JUDGED_QUESTIONS {
        return Ok(tally(
            CompletionMethod::NotJudged,
            None,
            format!(
                "not judged, because the export has no completion flag and {total} question{} everyone could answer{left_out}{} {} too few to tell who stopped part-way",
                if total == 1 { "" } else { "s" },
                if left_out.is_empty() { "" } else { "," },
                if total == 1 { "is" } else { "are" }
            ),
            vec![Status::Other; dataset.respondents()],
            vec![LabelCount {
                label: "(not judged)".to_string(),
                count: dataset.respondents(),
            }],
            None,
        ));
    }
    let mut answered = vec![0usize; dataset.respondents()];
    for question in &questions {
        for (count, yes) in answered.iter_mut().zip(dataset.answered(&question.id)?) {
            *count += usize::from(yes);
        }
    }
    let statuses = answered
        .iter()
        .map(|&count| {
            if total > 0 && count as f64 >= threshold * total as f64 {
                Status::Complete
            } else {
                Status::Partial
            }
        })
        .collect();
    Ok(tally(
        CompletionMethod::AnsweredShare,
        None,
        format!(
            "no completion flag in the export: complete when at least {}% of the {total} substantive questions were answered{left_out}",
            crate::table::plain_number(100.0 * threshold)
        ),
        statuses,
        Vec::new(),
        Some(threshold),
    ))
}

fn tally(
    method: CompletionMethod,
    column: Option<String>,
    description: String,
    statuses: Vec<Status>,
    other: Vec<LabelCount>,
    threshold: Option<f64>,
) -> Completion {
    let complete = statuses
        .iter()
        .filter(|status| **status == Status::Complete)
        .count();
    let partial = statuses
        .iter()
        .filter(|status| **status == Status::Partial)
        .count();
    let mut other = other;
    let recorded_other: usize = other.iter().map(|entry| entry.count).sum();
    let unexplained = statuses.len() - complete - partial - recorded_other;
    if unexplained > 0 {
        count_n(&mut other, "(not recorded)", unexplained);
    }
    Completion {
        method,
        column,
        description,
        complete,
        partial,
        other,
        threshold,
        statuses,
    }
}

fn count_n(counts: &mut Vec<LabelCount>, label: &str, n: usize) {
    match counts.iter_mut().find(|entry| entry.label == label) {
        Some(entry) => entry.count += n,
        None => counts.push(LabelCount {
            label: label.to_string(),
            count: n,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{IngestOptions, read_reader};

    fn dataset(csv: &str) -> Dataset {
        read_reader(csv.as_bytes(), "test.csv", &IngestOptions::default()).unwrap()
    }

    #[test]
    fn a_status_column_decides() {
        let data = dataset(
            "Time Started,Status,Q1\n2024-01-01 10:00,Complete,a\n2024-01-01 11:00,Partial,\n2024-01-02 09:00,Disqualified,b\n2024-01-02 10:00,Complete,c\n",
        );
        let completion = completion(&data, 0.5).unwrap();
        assert_eq!(completion.method, CompletionMethod::Status);
        assert_eq!((completion.complete, completion.partial), (2, 1));
        assert_eq!(
            completion.other,
            vec![LabelCount {
                label: "Disqualified".into(),
                count: 1
            }]
        );
    }

    #[test]
    fn without_a_flag_the_answered_share_decides() {
        let data = dataset(
            "ID,Do you agree?,Why?,What is your age?,Any comments?\n1,Agree,x,16-24,y\n2,Agree,,,\n3,Disagree,z,,\n",
        );
        let completion = completion(&data, 0.5).unwrap();
        assert_eq!(completion.method, CompletionMethod::AnsweredShare);
        // Respondent 2 answered 1 of 4, respondent 3 two of 4 (exactly half: complete).
        assert_eq!((completion.complete, completion.partial), (2, 1));
        assert_eq!(completion.statuses[1], Status::Partial);
    }

    /// Regression guard (the NHS FFT export called all 7,908 respondents partial): one-hot
    /// label columns, a 1 where a label applies and blank elsewhere, are indicators, not
    /// questions left unanswered. Here every respondent answered the three questions and
    /// ticked one or two of five labels: all complete, the indicators said in the rule.
    #[test]
    fn indicator_columns_do_not_make_respondents_partial() {
        let data = dataset(
            "Comment ID,Trust,How was your visit?,Comment,Staff,Parking,Food,Waiting,Noise\n\
             1,A,Very good,Kind staff,1,,,,\n\
             2,B,Poor,Long wait and no parking,,1,,1,\n\
             3,A,Good,Cold food,,,1,,\n\
             4,B,Very good,Quiet ward,,,,,1\n",
        );
        let completion = completion(&data, 0.5).unwrap();
        assert_eq!(completion.method, CompletionMethod::AnsweredShare);
        assert_eq!((completion.complete, completion.partial), (4, 0));
        assert!(
            completion.description.contains(
                "of the 3 substantive questions were answered, leaving out 5 indicator columns"
            ),
            "{}",
            completion.description
        );
    }

    /// With fewer than three questions to judge on, completion is not judged and the rule
    /// says why, rather than a figure nobody can trust.
    #[test]
    fn too_few_questions_are_not_judged() {
        let data = dataset("ID,Comment,Flag\n1,Good,1\n2,,1\n3,Bad,\n");
        let completion = completion(&data, 0.5).unwrap();
        assert_eq!(completion.method, CompletionMethod::NotJudged);
        assert_eq!((completion.complete, completion.partial), (0, 0));
        assert!(
            completion
                .statuses
                .iter()
                .all(|status| *status == Status::Other)
        );
        assert!(
            completion.description.starts_with("not judged"),
            "{}",
            completion.description
        );
    }
}
