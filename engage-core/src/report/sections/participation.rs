//! "Who took part": responses over time, the headline participation figures, each profile
//! question, the comparison with the population, and duplicates and campaigns.

use super::super::document::{Block, Section};
use super::super::pipeline::question_stem;
use super::super::published::Published;
use super::{Composer, heading};
use crate::privacy::disclosure::TableKind;
use crate::privacy::safe;
use crate::table::group_thousands;

pub(super) fn section(composer: &Composer<'_>, published: &Published<'_>) -> Section {
    let participation = composer.participation;
    let mut section = Section::new("who-took-part", "Who took part");
    if let Some((weeks, _, chart)) = &published.timeline {
        section.push(Block::chart("responses-over-time", chart.clone()));
        section.push(Block::table("responses-per-week", weeks.clone()));
    }
    section.push(Block::table(
        "participation",
        published.participation.clone(),
    ));
    for (profile, presented) in &published.profiles {
        let index = composer.question_index(&profile.question);
        let mut subsection = Section::new(
            format!("profile-{}", safe::file_name_part(&profile.question, 40)),
            heading(&profile.text, &profile.question),
        );
        let stem = question_stem(index, &profile.question);
        subsection.push(Block::table(stem.clone(), presented.table.clone()));
        if let Some(chart) = &presented.chart {
            subsection.push(Block::chart(stem, chart.clone()));
        }
        if let Some(note) = other_answers_note(composer, &profile.question, TableKind::Profile) {
            subsection.push(Block::Note { text: note });
        }
        section.subsections.push(subsection);
    }
    if !published.representation.is_empty() {
        let mut subsection = Section::new("representativeness", "Compared with the population");
        subsection.push(Block::paragraph(format!(
            "The representation index is the share of respondents in a group divided by the group's share of the population, times 100: 100 means represented in proportion, below {} is marked as under-represented.",
            composer.options.participation.under_represented_below()
        )));
        for (representation, presented) in &published.representation {
            let stem = format!(
                "representation-{}",
                safe::file_name_part(&representation.variable, 30)
            );
            subsection.push(Block::table(stem.clone(), presented.table.clone()));
            if let Some(chart) = &presented.chart {
                subsection.push(Block::chart(stem, chart.clone()));
            }
        }
        section.subsections.push(subsection);
    }
    let duplicates = &participation.duplicates;
    let campaigns: Vec<String> = duplicates
        .texts
        .iter()
        .filter(|group| group.kind == crate::participation::TextGroupKind::Campaign)
        .map(|group| format!("{} responses with near-identical wording (a letter-writing campaign), beginning \u{201c}{}\u{201d}", group_thousands(group.responses as u64), group.excerpt))
        .collect();
    let mut notes = Vec::new();
    if !duplicates.exact.is_empty() {
        notes.push(format!(
            "{} group(s) of identical submissions (the same answers sent more than once)",
            duplicates.exact.len()
        ));
    }
    if !duplicates.identifiers.is_empty() {
        notes.push(format!(
            "{} identifier(s) used by more than one response",
            duplicates.identifiers.len()
        ));
    }
    notes.extend(campaigns);
    if !notes.is_empty() {
        let mut subsection = Section::new("duplicates", "Duplicates and campaigns");
        subsection.push(Block::paragraph("These responses are all counted; they are listed so readers can judge them. A campaign is evidence of strength of feeling, not noise."));
        subsection.push(Block::List { items: notes });
        section.subsections.push(subsection);
    }
    section
}

/// How many wrote their own answer under a question's "Other" option. The answers are not
/// published: they are short, personal and not coded.
pub(super) fn other_answers_note(
    composer: &Composer<'_>,
    id: &str,
    kind: TableKind,
) -> Option<String> {
    let other = composer
        .dataset
        .schema()
        .questions()
        .iter()
        .find(|question| question.other_of.as_deref() == Some(id))?;
    let written = composer
        .summary
        .questions
        .iter()
        .find(|question| question.id == other.id)?
        .all
        .base
        .count;
    let policy = &composer.options.disclosure;
    let written = if policy.applies_to(kind) && policy.is_small(written as u64) {
        format!("Fewer than {}", policy.threshold())
    } else {
        group_thousands(written as u64)
    };
    Some(format!(
        "{written} wrote their own answer under \"Other\" (column {}); those answers are not published here: read them in the export, or in the copy engage redact writes without personal data.",
        other.id
    ))
}
