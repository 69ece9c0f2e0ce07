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
        if let Some(run) = runs.iter().find(|run| run.start == position) {
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
                &results::short_title(&group),
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
