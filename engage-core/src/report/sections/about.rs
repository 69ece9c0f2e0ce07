//! "About this report" (how it was made) and the appendix of the questions as asked.

use super::super::document::{Block, Section};
use super::{Composer, file_name, kind_words, options_words};
use crate::privacy::disclosure::TableKind;
use crate::schema::{QuestionType, Role};
use crate::table::{Cell, Column, Table, group_thousands};

/// "About this report": the source, the base, intervals, weighting, disclosure control,
/// redaction, the codebook and the population figures used, and how the export was read.
pub(super) fn methodology(composer: &Composer<'_>) -> Section {
    let source = composer.dataset.source();
    let mut section = Section::new("methodology", "About this report");
    let mut items = vec![format!(
        "Source: {} ({} export{}).",
        composer.file_name,
        source
            .layout
            .map_or("spreadsheet", |layout| layout.display_name()),
        source
            .sheet
            .as_ref()
            .map(|sheet| format!(", sheet \"{sheet}\""))
            .unwrap_or_default()
    )];
    items.push(format!(
        "Respondents: {}. How completion was judged: {}.",
        composer.count_words(TableKind::Other, composer.participation.respondents),
        composer.participation.completion.description
    ));
    match composer.period() {
        Some((first, last)) if first == last => {
            items.push(format!("Responses received on {first}."));
        }
        Some(_) => {
            items.push(format!(
                "Responses received {}.",
                composer.period_words().unwrap_or_default()
            ));
        }
        None => {}
    }
    if composer.small_sample {
        items.push(format!(
            "The figures describe the {} people who took part (interviews, a group, an event's tables), not a population: answers are counted (\u{201c}7 of 11\u{201d}), without percentages, intervals, charts or tests between groups, and every written answer is given, with personal data removed: under its themes when a codebook or model coded the question, otherwise in a draft grouping by the words answers share, labelled as a draft.",
            composer.count_words(TableKind::Other, composer.participation.respondents)
        ));
    }
    if !composer.small_sample {
        items.push("Percentages are of those who answered each question (its base, given with each table); \"Don't know\" and similar answers are shown but left out of a scale's base. Intervals are 95% Wilson score intervals.".to_string());
    }
    match (&composer.participation.weights, composer.options.weights) {
        (Some(weights), true) => items.push(format!(
            "Figures are weighted by raking to the population in {} (design effect {:.2}, effective sample size {:.0}).",
            composer.participation.reference.as_ref().map_or("the reference file", |reference| file_name(&reference.file)),
            weights.design_effect,
            weights.effective_sample_size
        )),
        _ => items.push("Figures are not weighted: they describe the people who responded, not the whole population.".to_string()),
    }
    items.push(composer.options.disclosure.describe());
    items.push(format!(
        "Personal data (names, those of people listed in a household roster too, email addresses, phone numbers, postal addresses, postcodes, locations such as GPS points and what3words addresses, NHS and National Insurance numbers, web and IP addresses) is not published: personal columns are left out and {} {} replaced in written comments before any quote was chosen. Names are only found when the export holds them in a column or the writer introduces them (\"my name is\"); read quotes before publishing.",
        group_thousands(composer.redaction.counts.total() as u64),
        if composer.redaction.counts.total() == 1 { "item was" } else { "items were" }
    ));
    if let Some(note) = &composer.coding_note {
        items.push(note.clone());
    } else if let Some(codebook) = composer.inputs.codebook {
        items.push(format!("Written comments were coded against a codebook of {} themes{}; a comment can have several themes. Every count can be traced to the words that matched (engage themes --coding).", codebook.themes().len(), codebook.file().map(|file| format!(" ({})", file_name(file))).unwrap_or_default()));
    } else if let Some(model) = composer.inputs.model {
        // Questions the user had the model code besides the one it learned on.
        let others: Vec<String> = composer
            .themes
            .iter()
            .flat_map(|themes| &themes.questions)
            .filter(|question| !model.learned_on(&question.question, &question.text))
            .map(|question| format!("\u{201c}{}\u{201d}", question.text))
            .collect();
        let others = if others.is_empty() {
            String::new()
        } else {
            format!(
                " As asked, it coded {}, {} it did not learn on: these figures may not hold there.",
                others.join(", "),
                if others.len() == 1 {
                    "a question"
                } else {
                    "questions"
                }
            )
        };
        // Themes with too few examples to learn or to measure: their counts are guesses.
        let few: Vec<&str> = model
            .evaluation()
            .themes
            .iter()
            .filter(|theme| theme.examples < crate::themes::learn::FEW_EXAMPLES)
            .map(|theme| theme.label.as_str())
            .collect();
        let few = match few.as_slice() {
            [] => String::new(),
            [label] => format!(
                " The theme \u{201c}{label}\u{201d} had fewer than {} hand-coded examples: its count is the least reliable, and coding more comments with it is what firms it up.",
                crate::themes::learn::FEW_EXAMPLES
            ),
            labels => format!(
                " {} of the {} themes had fewer than {} hand-coded examples each: their counts are the least reliable, and coding more comments with them is what firms them up.",
                labels.len(),
                model.themes().len(),
                crate::themes::learn::FEW_EXAMPLES
            ),
        };
        items.push(format!(
            "{} ({}){few} A comment {}.{others} Each decision can be traced to the words that drove it, with the model's confidence (engage themes --model --coding).",
            model.learned_from().sentence(),
            match model.kind() {
                crate::themes::learn::LabelKind::SingleLabel => "Accuracy is the share of comments given the theme a person gave them; F1 runs from 0, no agreement, to 1, full agreement, and macro-F1 is its mean over the themes.",
                crate::themes::learn::LabelKind::MultiLabel => "F1 runs from 0, no agreement, to 1, full agreement: macro-F1 is its mean over the themes, micro-F1 counts every decision alike.",
            },
            match model.kind() {
                crate::themes::learn::LabelKind::SingleLabel => "has the one theme the model finds most likely",
                crate::themes::learn::LabelKind::MultiLabel => "can have several themes",
            }
        ));
    }
    if let Some(reference) = &composer.participation.reference {
        // The reference file's notes are wrapped lines of prose: they read as one paragraph.
        let notes = reference
            .notes
            .iter()
            .map(|line| line.trim())
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        items.push(format!(
            "Population figures: {}. {notes}",
            file_name(&reference.file)
        ));
    }
    section.push(Block::List { items });
    if !source.decisions.is_empty() || !source.warnings.is_empty() {
        let mut notes = source.decisions.clone();
        notes.extend(
            source
                .warnings
                .iter()
                .map(|warning| format!("Warning: {warning}")),
        );
        section.push(Block::paragraph("How the export was read:"));
        section.push(Block::List { items: notes });
    }
    section
}

/// The questions as asked (personal and IP-address columns left out).
pub(super) fn appendix(composer: &Composer<'_>) -> Section {
    let mut section = Section::new("questions", "Appendix: the questions");
    let mut table = Table::new(
        "Questions as asked",
        &[
            Column::value("#"),
            Column::label("Question"),
            Column::text("Type"),
            Column::text("Options"),
        ],
    );
    for (index, question) in composer.dataset.schema().questions().iter().enumerate() {
        if matches!(question.kind, QuestionType::Personal)
            || question
                .role
                .is_some_and(|role| matches!(role, Role::IpAddress))
        {
            continue;
        }
        table.push(vec![
            Cell::number(index as f64 + 1.0, 0),
            Cell::text(&question.text),
            Cell::text(kind_words(question)),
            Cell::text(options_words(question)),
        ]);
    }
    section.push(Block::table("questions", table));
    section
}
