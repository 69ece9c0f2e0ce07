//! "What people told us": every question that is not about the respondent, in questionnaire
//! order, with its table and chart; statements on one scale together in a diverging chart.

use super::super::document::{Block, Section};
use super::super::pipeline::question_stem;
use super::super::published::Published;
use super::participation::other_answers_note;
use super::{Composer, heading, likert_runs, sentence};
use crate::chart::results;
use crate::privacy::disclosure::TableKind;
use crate::privacy::safe;
use crate::schema::QuestionType;
use crate::summary::QuestionSummary;
use crate::table::Table;

pub(super) fn section(composer: &Composer<'_>, published: &Published<'_>) -> Section {
    let mut section = Section::new("what-people-told-us", "What people told us");
    let source = composer.source_line();
    let schema = composer.dataset.schema();
    let questions: Vec<&QuestionSummary> = published
        .questions
        .iter()
        .map(|(question, _)| *question)
        .collect();
    let members = |ids: &[&QuestionSummary]| -> Vec<(&QuestionSummary, &Table)> {
        ids.iter()
            .filter_map(|question| {
                published
                    .question(&question.id)
                    .map(|(question, presented)| (*question, &presented.table))
            })
            .collect()
    };
    let mut done_groups: Vec<String> = Vec::new();
    let runs = likert_runs(&questions, |id| {
        schema.get(id).and_then(|question| question.group.clone())
    });
    for (position, (question, presented)) in published.questions.iter().enumerate() {
        let schema_question = schema.get(&question.id);
        let index = composer.question_index(&question.id);
        // Statements asked one after another on the same scale share a chart, sorted by net
        // agreement, before the first of them.
        if let Some(run) = runs
            .iter()
            .find(|run| run.start == position && !composer.small_sample)
        {
            let run_members = members(&questions[run.clone()]);
            let summaries: Vec<&QuestionSummary> =
                run_members.iter().map(|(question, _)| *question).collect();
            let title = results::likert_group_title(&summaries);
            if let Some(chart) = results::likert_group_chart(&title, &run_members, Some(&source)) {
                let mut subsection = Section::new(
                    format!("statements-{}", safe::file_name_part(&question.id, 40)),
                    title,
                );
                subsection.push(Block::chart(
                    format!("{}-statements", question_stem(index, &question.id)),
                    chart,
                ));
                section.subsections.push(subsection);
            }
        }
        // Statements of one grid share a chart, placed with the first of them.
        if let Some(group) = schema_question.and_then(|question| question.group.clone())
            && !done_groups.contains(&group)
            && !composer.small_sample
        {
            let grid: Vec<&QuestionSummary> = questions
                .iter()
                .copied()
                .filter(|other| {
                    schema
                        .get(&other.id)
                        .and_then(|question| question.group.as_deref())
                        == Some(group.as_str())
                })
                .collect();
            if let Some(chart) = results::likert_group_chart(
                &results::short_title(&group, None),
                &members(&grid),
                Some(&source),
            ) {
                let mut subsection = Section::new(
                    format!("grid-{}", safe::file_name_part(&group, 40)),
                    group.clone(),
                );
                subsection.push(Block::chart(
                    format!("{}-grid", question_stem(index, &question.id)),
                    chart,
                ));
                section.subsections.push(subsection);
            }
            done_groups.push(group);
        }
        let mut subsection = Section::new(
            format!("question-{}", safe::file_name_part(&question.id, 40)),
            heading(&question.text, &question.id),
        );
        if question.kind == QuestionType::FreeText {
            let themed = published
                .themes
                .iter()
                .any(|(themes, _)| themes.question == question.id);
            let themes_note = if themed {
                " Its themes are in the section on themes."
            } else {
                ""
            };
            subsection.push(Block::paragraph(format!(
                "A written answer: {} of {} respondents wrote something.{themes_note}",
                composer.count_words(TableKind::Other, question.all.base.count),
                composer.count_words(TableKind::Other, question.all.respondents)
            )));
            if composer.small_sample {
                written_answers(composer, published, &question.id, &mut subsection);
            }
        } else {
            let mut table = presented.table.clone();
            for note in &mut table.notes {
                *note = sentence(note);
            }
            subsection.push(Block::table(question_stem(index, &question.id), table));
            if let Some(chart) = &presented.chart {
                subsection.push(Block::chart(
                    question_stem(index, &question.id),
                    chart.clone(),
                ));
            }
            if let Some(note) = other_answers_note(composer, &question.id, TableKind::Other) {
                subsection.push(Block::Note { text: note });
            }
        }
        section.subsections.push(subsection);
    }
    section
}

/// Every written answer to a question of a small sample, redacted: under each theme when the
/// question was coded (an answer under each of its themes, then those no theme fits), else in
/// the order of the sheet.
fn written_answers(
    composer: &Composer<'_>,
    published: &Published<'_>,
    id: &str,
    subsection: &mut Section,
) {
    let quote = |text: &str| Block::Quote {
        text: text.to_string(),
        attribution: None,
    };
    if let Some((themes, _)) = published
        .themes
        .iter()
        .find(|(themes, _)| themes.question == id && !themes.comments.is_empty())
    {
        let total = themes.comments.len();
        for theme in themes.themes.iter().filter(|theme| theme.parent.is_none()) {
            let answers: Vec<&str> = themes
                .comments
                .iter()
                .filter(|comment| comment.themes.contains(&theme.id))
                .map(|comment| comment.text.as_str())
                .collect();
            if answers.is_empty() {
                continue;
            }
            subsection.push(Block::paragraph(format!(
                "{} ({} of {total}):",
                theme.label,
                answers.len()
            )));
            for text in answers {
                subsection.push(quote(text));
            }
        }
        let uncoded: Vec<&str> = themes
            .comments
            .iter()
            .filter(|comment| comment.themes.is_empty())
            .map(|comment| comment.text.as_str())
            .collect();
        if !uncoded.is_empty() {
            let coder = if composer.coded_by_model() {
                "the model"
            } else {
                "the codebook"
            };
            subsection.push(Block::paragraph(format!(
                "No theme of {coder} ({} of {total}):",
                uncoded.len()
            )));
            for text in uncoded {
                subsection.push(quote(text));
            }
        }
        return;
    }
    let Some(Ok(answers)) = composer.redacted.map(|redacted| redacted.texts(id)) else {
        return;
    };
    let answers: Vec<String> = answers
        .into_iter()
        .flatten()
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty())
        .collect();
    if answers.is_empty() {
        return;
    }
    let groups = draft_groups(&answers);
    if groups.is_empty() {
        subsection.push(Block::paragraph(format!(
            "Every answer, in the order of the sheet, with personal data removed ({}):",
            answers.len()
        )));
        for text in &answers {
            subsection.push(quote(text));
        }
        return;
    }
    let total = answers.len();
    subsection.push(Block::paragraph(format!(
        "Every answer, with personal data removed ({total}), in a draft grouping that engage made from the words the answers share. No person has reviewed it: read it as a starting point for coding, not as a finding."
    )));
    let mut grouped = vec![false; total];
    for (label, members) in &groups {
        subsection.push(Block::paragraph(format!(
            "Draft group \u{201c}{label}\u{201d} ({} of {total}):",
            members.len()
        )));
        for &member in members {
            grouped[member] = true;
            subsection.push(quote(&answers[member]));
        }
    }
    let rest: Vec<&String> = answers
        .iter()
        .zip(&grouped)
        .filter(|(_, grouped)| !**grouped)
        .map(|(text, _)| text)
        .collect();
    if !rest.is_empty() {
        subsection.push(Block::paragraph(format!(
            "In no draft group ({} of {total}):",
            rest.len()
        )));
        for text in rest {
            subsection.push(quote(text));
        }
    }
}

/// Fewer answers than this are listed in the order of the sheet, not grouped.
const FEWEST_TO_GROUP: usize = 6;

/// A draft grouping of a small sample's answers (`themes discover`, about three answers a
/// group, at most eight groups): each group's label and its answers (indices, in the order
/// of the sheet). Empty when there are too few answers or no words they share.
fn draft_groups(answers: &[String]) -> Vec<(String, Vec<usize>)> {
    use crate::themes::discover::{DiscoverOptions, discover};
    if answers.len() < FEWEST_TO_GROUP {
        return Vec::new();
    }
    let texts: Vec<&str> = answers.iter().map(String::as_str).collect();
    let options = DiscoverOptions::default().with_themes((answers.len() / 3).clamp(2, 8));
    discover(&texts, &options)
        .themes
        .into_iter()
        .map(|theme| {
            let mut members = theme.members;
            members.sort_unstable();
            (theme.label, members)
        })
        .filter(|(_, members)| !members.is_empty())
        .collect()
}
