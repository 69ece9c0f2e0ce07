//! "Views by group": how the groups were compared, the differences that matter in words, the
//! overview of every test, and each difference's table and diverging chart; and the
//! comparisons for `report.json`.

use super::super::document::{Block, Section};
use super::super::json::ViewJson;
use super::super::pipeline::question_stem;
use super::super::published::Published;
use super::{Composer, sentence};
use crate::privacy::safe;
use crate::views::{Comparison, Verdict, present};

/// The file name stem of a comparison's table and chart:
/// `views-q05-stay-by-capacity` or `views-q12-comments-parking-by-age`.
fn stem(composer: &Composer<'_>, comparison: &Comparison) -> String {
    let mut stem = format!(
        "views-{}",
        question_stem(
            composer.question_index(&comparison.question),
            &comparison.question
        )
    );
    if let Some(theme) = &comparison.theme {
        stem.push('-');
        stem.push_str(&safe::file_name_part(theme, 24));
    }
    stem.push_str("-by-");
    stem.push_str(&safe::file_name_part(&comparison.by, 24));
    stem
}

/// The comparisons whose tables the section shows: those where the groups differ.
fn shown(comparison: &Comparison) -> bool {
    comparison.verdict == Verdict::Differs
}

/// The findings of the section, strongest association first.
pub(super) fn findings(published: &Published<'_>) -> Vec<String> {
    let mut found: Vec<(f64, &String)> = published
        .views
        .iter()
        .filter_map(|(comparison, presented)| {
            Some((
                comparison.cramers_v.unwrap_or(0.0),
                presented.finding.as_ref()?,
            ))
        })
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    found
        .into_iter()
        .map(|(_, finding)| finding.clone())
        .collect()
}

/// The section when nothing was compared: why, and how to name the groups.
pub(super) fn nothing_compared(composer: &Composer<'_>) -> Section {
    let mut section = Section::new("views-by-group", "Views by group");
    section.push(Block::paragraph(if composer.views.groupings.is_empty() {
        "Answers were not compared between groups: no question of this export was recognised as saying who responded (in what capacity, or a profile question such as age, sex or area). To compare by a question, name it with --by when making the report, or under [report] groups in survey.toml."
    } else {
        "Answers were not compared between groups: no scale, single-choice or yes/no question (or coded theme) had answers to compare by the groups."
    }));
    section
}

pub(super) fn section(composer: &Composer<'_>, published: &Published<'_>) -> Section {
    let views = composer.views;
    let mut section = Section::new("views-by-group", "Views by group");
    section.push(Block::paragraph(present::method(views)));
    let findings = findings(published);
    let described = findings.len();
    if !findings.is_empty() {
        section.push(Block::List { items: findings });
    }
    if let Some(alike) = present::alike(views, described) {
        section.push(Block::paragraph(alike));
    }
    for note in &views.notes {
        section.push(Block::note(sentence(note)));
    }
    section.push(Block::table("views-overview", present::overview(views)));
    for (comparison, presented) in &published.views {
        if !shown(comparison) {
            continue;
        }
        let stem = stem(composer, comparison);
        let mut subsection = Section::new(stem.clone(), presented.table.title.clone());
        let mut table = presented.table.clone();
        for note in &mut table.notes {
            *note = sentence(note);
        }
        subsection.push(Block::table(stem.clone(), table));
        subsection.push(Block::chart(stem, presented.chart.clone()));
        section.subsections.push(subsection);
    }
    section
}

/// Every comparison's test and result, with its table's id where the section shows it.
pub(super) fn json(composer: &Composer<'_>, published: &Published<'_>) -> Vec<ViewJson> {
    published
        .views
        .iter()
        .map(|(comparison, presented)| ViewJson {
            question: comparison.question.clone(),
            theme: comparison.theme.clone(),
            by: comparison.by.clone(),
            test: comparison.test.map(|test| {
                serde_json::to_value(test)
                    .ok()
                    .and_then(|value| value.as_str().map(str::to_string))
                    .unwrap_or_default()
            }),
            p_value: comparison.p_value,
            q_value: comparison.q_value,
            cramers_v: comparison.cramers_v,
            verdict: serde_json::to_value(comparison.verdict)
                .ok()
                .and_then(|value| value.as_str().map(str::to_string))
                .unwrap_or_default(),
            table: shown(comparison).then(|| stem(composer, comparison)),
            finding: presented.finding.clone(),
        })
        .collect()
}
