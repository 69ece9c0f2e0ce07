//! Reading hand-coded comments to learn from: any export engage reads, with the comments in
//! one column and the coding beside them (one 0/1 column per theme, or one column naming each
//! comment's theme), or the coding sheet `engage themes --format csv --coding` writes,
//! corrected by hand. All of it goes through [`read_training`], so that the reading can move
//! onto a shared reader of side files without touching learning.

use std::path::Path;

use super::{LabelKind, TrainingComment, TrainingSet};
use crate::dataset::Dataset;
use crate::error::{Error, Location, Result};
use crate::ingest::IngestOptions;
use crate::schema::{Question, QuestionType, Role};
use crate::themes::sheet::{CodedComments, mark, read_coded_comments};
use crate::themes::tree::Theme;

/// Which columns hold the hand coding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelColumns {
    /// One column naming each comment's theme: a single-label set. A blank cell is a comment
    /// not coded yet, left out.
    Single(String),
    /// These columns, one per theme, each cell 1 (or yes, true, x) or 0, blank (or no,
    /// false); a multi-choice question counts as one column per option.
    Multi(Vec<String>),
    /// Every column other than the comments and the metadata whose answers are only such
    /// marks, with at least one 1.
    Detect,
}

/// What to read from a training file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainingSpec {
    /// The comments' column: a question id as `engage inspect` shows it, or its header text.
    pub question: String,
    /// The coding's columns.
    pub labels: LabelColumns,
}

/// Reads hand-coded comments from a file: a coding sheet in the long form (columns
/// `respondent_id`, `question`, `theme` and `comment`), or any export engage reads with the
/// columns of `spec`. Comments left blank are skipped.
pub fn read_training(
    path: &Path,
    spec: &TrainingSpec,
    ingest: &IngestOptions,
) -> Result<TrainingSet> {
    let file = path.display().to_string();
    let is_text = path.extension().is_some_and(|extension| {
        matches!(
            extension.to_string_lossy().to_ascii_lowercase().as_str(),
            "csv" | "tsv" | "txt"
        )
    });
    if is_text {
        let bytes = std::fs::read(path).map_err(|error| Error::io(Location::file(&file), error))?;
        if let Some(comments) = read_coded_comments(&bytes, &file)? {
            return from_coding_sheet(comments, spec, &file);
        }
    }
    let dataset = crate::ingest::read_path(path, ingest)?;
    from_dataset(&dataset, spec)
}

/// A question by id, or by its header text (exactly, then ignoring case), as people may
/// type either; an unknown name is an error naming the file, with the closest id as a hint.
pub fn find_question<'a>(dataset: &'a Dataset, name: &str) -> Result<&'a Question> {
    let questions = dataset.schema().questions();
    let wanted = name.trim();
    if let Some(question) = dataset.schema().get(wanted) {
        return Ok(question);
    }
    questions
        .iter()
        .find(|question| question.text.trim() == wanted)
        .or_else(|| {
            questions
                .iter()
                .find(|question| question.text.trim().eq_ignore_ascii_case(wanted))
        })
        .ok_or_else(|| {
            Error::unknown_question(wanted, dataset.schema().ids()).in_file(&dataset.source().file)
        })
}

/// The training set of an export: the comments of one question and the coding in others.
fn from_dataset(dataset: &Dataset, spec: &TrainingSpec) -> Result<TrainingSet> {
    let file = dataset.source().file.clone();
    let question = find_question(dataset, &spec.question)?;
    if question.kind != QuestionType::FreeText {
        return Err(Error::unsupported(
            Location::file(&file).with_question(&question.id),
            format!("the comment column is {}, not free text", question.kind),
        )
        .with_hint(format!(
            "name the column of comments with --question, or set its type to free_text in survey.toml{}",
            free_text_list(dataset)
        )));
    }
    let texts = dataset.text_values(&question.id)?;
    let respondents = dataset.respondent_ids()?;
    let location = |column: &Question| Location::file(&file).with_column(column_name(column));
    let answered: Vec<usize> = (0..texts.len())
        .filter(|&index| texts[index].is_some_and(|text| !text.trim().is_empty()))
        .collect();
    let mut training = match &spec.labels {
        LabelColumns::Single(name) => {
            let column = find_question(dataset, name)?;
            if column.id == question.id {
                return Err(Error::unsupported(
                    location(column),
                    "the label column is the comment column",
                ));
            }
            let values = dataset.texts(&column.id)?;
            let mut labels: Vec<String> = Vec::new();
            // The form's options first, in order, then any other value as it appears.
            for option in &column.options {
                labels.push(option.clone());
            }
            let mut comments = Vec::new();
            for &index in &answered {
                let Some(value) = values[index]
                    .as_deref()
                    .map(str::trim)
                    .filter(|value| !value.is_empty())
                else {
                    continue;
                };
                let theme = match labels.iter().position(|label| label == value) {
                    Some(theme) => theme,
                    None => {
                        labels.push(value.to_string());
                        labels.len() - 1
                    }
                };
                comments.push((index, vec![theme]));
            }
            let used: Vec<bool> = (0..labels.len())
                .map(|theme| comments.iter().any(|(_, themes)| themes[0] == theme))
                .collect();
            // Options nobody was coded with are left out: the form lists them, the coding
            // never used them.
            let keep: Vec<usize> = (0..labels.len()).filter(|&theme| used[theme]).collect();
            if keep.len() < 2 {
                return Err(Error::data(
                    location(column),
                    match keep.len() {
                        0 => "the label column is empty in every answered row".to_string(),
                        _ => format!(
                            "the label column has one value (\"{}\") in every coded comment, so there is nothing to tell apart",
                            labels[keep[0]]
                        ),
                    },
                ));
            }
            let themes = unique_themes(keep.iter().map(|&theme| labels[theme].clone()));
            let comments: Vec<(usize, Vec<usize>)> = comments
                .into_iter()
                .map(|(index, themes)| {
                    let position = keep.iter().position(|&theme| theme == themes[0]);
                    (index, position.into_iter().collect())
                })
                .collect();
            (LabelKind::SingleLabel, themes, comments)
        }
        LabelColumns::Multi(names) => {
            let mut columns: Vec<&Question> = Vec::new();
            for name in names {
                let column = find_question(dataset, name)?;
                if column.id == question.id {
                    return Err(Error::unsupported(
                        location(column),
                        "a label column is the comment column",
                    ));
                }
                if !columns.iter().any(|known| known.id == column.id) {
                    columns.push(column);
                }
            }
            multi_label(dataset, &columns, &answered, true)?
        }
        LabelColumns::Detect => {
            let columns: Vec<&Question> = dataset
                .schema()
                .questions()
                .iter()
                .filter(|column| {
                    column.id != question.id
                        && column.role.is_none()
                        && !matches!(
                            column.kind,
                            QuestionType::Metadata
                                | QuestionType::Personal
                                | QuestionType::MultiChoice
                        )
                })
                .collect();
            multi_label(dataset, &columns, &answered, false)?
        }
    };
    if training.1.is_empty() {
        return Err(Error::data(
            Location::file(&file),
            "no theme columns: expected columns of 1s and blanks (or 0/1, yes/no, true/false) beside the comments",
        )
        .with_hint("name them with --labels COLUMN, or name one column of theme names with --label COLUMN"));
    }
    let comments = std::mem::take(&mut training.2)
        .into_iter()
        .map(|(index, themes)| {
            let (respondent, row) = respondents[index].clone();
            TrainingComment {
                text: texts[index].unwrap_or("").to_string(),
                themes,
                respondent,
                row,
            }
        })
        .collect();
    Ok(TrainingSet {
        question: question.id.clone(),
        question_text: question.text.clone(),
        themes: training.1,
        kind: training.0,
        comments,
        file: Some(file),
    })
}

/// The comments' themes from 0/1 columns (or multi-choice questions, one theme per option).
/// `strict`: the columns were named, so a cell that is not a mark is an error; otherwise such
/// a column is not a theme column.
#[allow(clippy::type_complexity)]
fn multi_label(
    dataset: &Dataset,
    columns: &[&Question],
    answered: &[usize],
    strict: bool,
) -> Result<(LabelKind, Vec<Theme>, Vec<(usize, Vec<usize>)>)> {
    let file = &dataset.source().file;
    let rows = &dataset.source().rows;
    // Per theme: its id, label and which answered comments have it.
    let mut found: Vec<(String, String, Vec<bool>)> = Vec::new();
    'columns: for column in columns {
        if column.kind == QuestionType::MultiChoice {
            let choices = dataset.choices(&column.id)?;
            for option in &column.options {
                let marks = answered
                    .iter()
                    .map(|&index| {
                        choices[index]
                            .as_ref()
                            .is_some_and(|items| items.contains(&option.as_str()))
                    })
                    .collect();
                found.push((
                    format!("{}_{}", column.id, slug(option)),
                    option.clone(),
                    marks,
                ));
            }
            continue;
        }
        let values = dataset.texts(&column.id)?;
        let mut marks = Vec::with_capacity(answered.len());
        for &index in answered {
            let cell = values[index].as_deref().unwrap_or("");
            match mark(cell) {
                Some(value) => marks.push(value),
                None if strict => {
                    return Err(Error::data(
                        Location::file(file)
                            .with_row(rows.get(index).copied().unwrap_or(index + 2))
                            .with_column(column_name(column)),
                        format!(
                            "expected 1 or 0 (or blank) for a theme, found \"{}\"",
                            cell.trim()
                        ),
                    ));
                }
                None => continue 'columns,
            }
        }
        if !strict && !marks.contains(&true) {
            continue;
        }
        found.push((column.id.clone(), column.text.clone(), marks));
    }
    let themes = found
        .iter()
        .map(|(id, label, _)| Theme::new(id.clone(), label.clone()))
        .collect();
    let comments = answered
        .iter()
        .enumerate()
        .map(|(position, &index)| {
            let themes = (0..found.len())
                .filter(|&theme| found[theme].2[position])
                .collect();
            (index, themes)
        })
        .collect();
    Ok((LabelKind::MultiLabel, themes, comments))
}

/// The training set of a long-form coding sheet: one question's comments and their themes.
fn from_coding_sheet(sheet: CodedComments, spec: &TrainingSpec, file: &str) -> Result<TrainingSet> {
    let CodedComments { comments, labels } = sheet;
    let questions: Vec<&str> = {
        let mut questions: Vec<&str> = comments
            .iter()
            .map(|(key, ..)| key.question.as_str())
            .collect();
        questions.dedup();
        questions.sort_unstable();
        questions.dedup();
        questions
    };
    let wanted = spec.question.trim();
    if !questions.is_empty() && !questions.contains(&wanted) {
        return Err(Error::unknown_question(
            wanted,
            questions
                .iter()
                .map(|question| (*question).to_string())
                .collect(),
        )
        .in_file(file));
    }
    let mine: Vec<&(
        crate::themes::sheet::CommentKey,
        std::collections::BTreeSet<String>,
        String,
    )> = comments
        .iter()
        .filter(|(key, _, text)| key.question == wanted && !text.trim().is_empty())
        .collect();
    // Themes in order of first appearance, or those named.
    let mut ids: Vec<String> = Vec::new();
    for (_, themes, _) in &mine {
        for theme in themes {
            if !ids.contains(theme) {
                ids.push(theme.clone());
            }
        }
    }
    let kind = match &spec.labels {
        LabelColumns::Single(_) => LabelKind::SingleLabel,
        LabelColumns::Multi(names) => {
            for name in names {
                if !ids.iter().any(|id| id == name) {
                    return Err(Error::data(
                        Location::file(file).with_column("theme"),
                        format!("theme \"{name}\" has no examples in the coding sheet"),
                    ));
                }
            }
            ids.retain(|id| names.contains(id));
            LabelKind::MultiLabel
        }
        LabelColumns::Detect => LabelKind::MultiLabel,
    };
    let mut training_comments = Vec::new();
    for (key, themes, text) in mine {
        let indices: Vec<usize> = ids
            .iter()
            .enumerate()
            .filter(|(_, id)| themes.contains(*id))
            .map(|(index, _)| index)
            .collect();
        if kind == LabelKind::SingleLabel {
            match indices.len() {
                // Not coded yet.
                0 => continue,
                1 => {}
                count => {
                    return Err(Error::data(
                        Location::file(file).with_row(key.row.unwrap_or(0)),
                        format!(
                            "respondent {}: {count} themes where a single-label model needs one",
                            key.respondent
                        ),
                    ));
                }
            }
        }
        training_comments.push(TrainingComment {
            text: text.clone(),
            themes: indices,
            respondent: key.respondent.clone(),
            row: key.row.unwrap_or(0),
        });
    }
    Ok(TrainingSet {
        question: wanted.to_string(),
        question_text: wanted.to_string(),
        themes: ids
            .iter()
            .map(|id| Theme::new(id.clone(), labels.get(id).unwrap_or(id).clone()))
            .collect(),
        kind,
        comments: training_comments,
        file: Some(file.to_string()),
    })
}

/// Themes named by their labels, with ids made from them and kept unique.
fn unique_themes(labels: impl Iterator<Item = String>) -> Vec<Theme> {
    let mut themes: Vec<Theme> = Vec::new();
    for label in labels {
        let base = slug(&label);
        let mut id = base.clone();
        let mut number = 2;
        while themes.iter().any(|theme| theme.id == id) {
            id = format!("{base}_{number}");
            number += 1;
        }
        themes.push(Theme::new(id, label));
    }
    themes
}

/// A theme id from a label: lowercase letters and digits, other runs as `_`.
fn slug(label: &str) -> String {
    let mut out = String::new();
    for ch in label.trim().chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    if out.is_empty() {
        "theme".to_string()
    } else {
        out
    }
}

/// The column a question came from, as the user sees it.
fn column_name(question: &Question) -> String {
    question
        .columns
        .first()
        .cloned()
        .unwrap_or_else(|| question.text.clone())
}

/// ", the free-text questions are: a, b" for a hint, or nothing when there are none.
fn free_text_list(dataset: &Dataset) -> String {
    let ids: Vec<&str> = dataset
        .questions_of(QuestionType::FreeText)
        .filter(|question| question.role != Some(Role::RespondentId))
        .map(|question| question.id.as_str())
        .collect();
    if ids.is_empty() {
        String::new()
    } else {
        format!("; the free-text questions are: {}", ids.join(", "))
    }
}
