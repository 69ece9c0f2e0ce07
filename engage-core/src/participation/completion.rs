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

fn answered_share(dataset: &Dataset, threshold: f64) -> Result<Completion> {
    // "Other (please specify)" texts are only asked of those who chose Other: leaving them out
    // keeps a respondent who did not choose Other from looking less complete.
    let questions: Vec<&Question> = dataset
        .schema()
        .substantive()
        .filter(|question| question.other_of.is_none())
        .collect();
    let mut answered = vec![0usize; dataset.respondents()];
    for question in &questions {
        for (count, yes) in answered.iter_mut().zip(dataset.answered(&question.id)?) {
            *count += usize::from(yes);
        }
    }
    let total = questions.len();
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
            "no completion flag in the export: complete when at least {}% of the {total} substantive questions were answered",
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
}
