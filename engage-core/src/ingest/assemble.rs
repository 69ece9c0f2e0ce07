//! From a layout's plan and the grid to questions and typed frame columns: blank rows dropped,
//! columns typed, grouped columns folded (one-column-per-option multi-selects, rankings, grid
//! rows), joined multi-selects split, "Other (please specify)" text attached to its question,
//! ids assigned.

use polars::prelude::Column;

use super::grid::Grid;
use super::header::{self, ColumnHeader};
use super::layouts::{Plan, role_is_personal};
use super::values::{self, ColumnValues};
use super::xform::FieldPath;
use crate::dataset::build;
use crate::error::{Error, Location, Result};
use crate::schema::infer::{self, Inferred};
use crate::schema::scale::{self, Scale};
use crate::schema::{Profile, Question, QuestionType, Role};

/// A question and its column of answers, before config overrides.
pub(crate) struct Built {
    pub(crate) question: Question,
    pub(crate) values: Values,
    /// This free-text part holds answers set apart from the question built just before it
    /// (a numeric question's typed answers), whatever that question's type.
    part_of_previous: bool,
}

/// A question's answers, typed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Values {
    Text(Vec<Option<String>>),
    Number(Vec<Option<f64>>),
    Date(Vec<Option<chrono::NaiveDateTime>>),
    List(Vec<Option<Vec<String>>>),
}

impl Built {
    /// A question and its answers, as a layout or a config builds them.
    pub(crate) fn new(question: Question, values: Values) -> Built {
        Built {
            question,
            values,
            part_of_previous: false,
        }
    }
}

impl Values {
    pub(crate) fn column(&self, name: &str) -> Column {
        match self {
            Values::Text(values) => build::text(name, values),
            Values::Number(values) => build::number(name, values),
            Values::Date(values) => build::date(name, values),
            Values::List(values) => build::list(name, values),
        }
    }

    pub(crate) fn answered(&self) -> usize {
        match self {
            Values::Text(values) => values.iter().flatten().count(),
            Values::Number(values) => values.iter().flatten().count(),
            Values::Date(values) => values.iter().flatten().count(),
            Values::List(values) => values.iter().flatten().count(),
        }
    }
}

/// The data rows of a sheet: every row after the header that is not blank.
pub(crate) fn data_rows(
    grid: &dyn Grid,
    plan: &Plan,
    location: &Location,
) -> Result<(Vec<usize>, usize)> {
    let start = plan.data_start();
    let mut rows = Vec::with_capacity(grid.height().saturating_sub(start));
    let mut blank = 0;
    for row in start..grid.height() {
        if grid.row_is_blank(row) {
            blank += 1;
        } else {
            rows.push(row);
        }
    }
    if rows.is_empty() {
        let message = if grid.height() == 0 || (0..grid.height()).all(|row| grid.row_is_blank(row))
        {
            "the sheet is empty".to_string()
        } else {
            format!(
                "found a header on row {} but no responses below it",
                grid.source_row(plan.start)
            )
        };
        return Err(Error::format(location.clone(), message).with_hint(
            "check that this is the export of responses, not a blank template or a summary",
        ));
    }
    Ok((rows, blank))
}

const CHECKED: &[&str] = &[
    "1", "y", "yes", "true", "x", "checked", "selected", "ticked", "\u{2713}", "\u{2714}",
];
const UNCHECKED: &[&str] = &[
    "0",
    "n",
    "no",
    "false",
    "not selected",
    "unchecked",
    "not checked",
];

fn checked(value: &str, item: &str) -> Option<bool> {
    let norm = scale::normalise(value);
    if norm == scale::normalise(item)
        || CHECKED.contains(&norm.as_str())
        || value.trim() == "\u{2713}"
    {
        Some(true)
    } else if UNCHECKED.contains(&norm.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// The text of a column for checking option-style values.
fn as_text(values: &ColumnValues) -> Vec<Option<String>> {
    values.clone().into_text()
}

/// Assembles every question of the sheet.
pub(crate) fn assemble(
    grid: &dyn Grid,
    plan: &Plan,
    rows: &[usize],
    notes: &mut Vec<String>,
) -> Vec<Built> {
    let mut columns: Vec<ColumnHeader> = plan
        .columns
        .iter()
        .filter(|column| !plan.skip_columns.contains(&column.index))
        .cloned()
        .collect();
    // Columns are typed and read on the machine's cores at once; their notes keep column order.
    let read_with_notes = crate::parallel::map(columns.len(), |index, (): &mut ()| {
        let column = &columns[index];
        let metadata = column.role.is_some();
        let mut column_notes = Vec::new();
        let values = values::read_column_noting(
            grid,
            column.index,
            rows,
            plan.missing_markers || metadata,
            &mut column_notes,
        );
        (values, column_notes)
    });
    let mut read: Vec<ColumnValues> = Vec::with_capacity(columns.len());
    for (values, column_notes) in read_with_notes {
        notes.extend(column_notes);
        read.push(values);
    }
    // Columns without a header: dropped when empty (a trailing delimiter, a formatted but unused
    // column); a row counter (pandas' unnamed index) is kept as metadata.
    let mut dropped = 0;
    let mut keep = Vec::with_capacity(columns.len());
    for (column, values) in columns.iter_mut().zip(&read) {
        let unnamed = column.stem.trim().is_empty() && column.item.is_none();
        if unnamed && values.clone().into_text().iter().all(Option::is_none) {
            dropped += 1;
            keep.push(false);
            continue;
        }
        if unnamed && is_row_counter(values) {
            column.stem = "Row number".to_string();
            column.role = Some(Role::Other);
            notes.push(format!(
                "column {} has no header and counts rows: kept as metadata \"Row number\"",
                super::grid::column_letter(column.index)
            ));
        }
        keep.push(true);
    }
    if dropped > 0 {
        notes.push(format!(
            "{dropped} column(s) with no header and no values ignored"
        ));
    }
    let mut kept = keep.iter();
    columns.retain(|_| *kept.next().unwrap_or(&true));
    let mut kept = keep.iter();
    read.retain(|_| *kept.next().unwrap_or(&true));
    let columns: Vec<&ColumnHeader> = columns.iter().collect();
    if !plan.unescape.is_empty() {
        for values in &mut read {
            if let ColumnValues::Text(texts) = values {
                for text in texts.iter_mut().flatten() {
                    for (from, to) in &plan.unescape {
                        if text.contains(from) {
                            *text = text.replace(from, to);
                        }
                    }
                }
            }
        }
    }
    let separator = plan.separator.map(super::layouts::Separator::as_str);
    let mut built: Vec<Built> = Vec::new();
    let mut index = 0;
    while index < columns.len() {
        let column = columns[index];
        let group_end = match &column.group {
            Some(key) => {
                let mut end = index + 1;
                while end < columns.len() && columns[end].group.as_ref() == Some(key) {
                    end += 1;
                }
                end
            }
            None => index + 1,
        };
        if column.group.is_some() {
            built.extend(assemble_group(
                &columns[index..group_end],
                &mut read[index..group_end],
                separator,
            ));
        } else {
            built.extend(assemble_single(
                column,
                taken(&mut read[index]),
                separator,
                built.last().map(|previous| &previous.question),
            ));
        }
        index = group_end;
    }
    attach_other_text(&mut built);
    assign_ids(&mut built);
    for part in built.iter().filter(|built| built.part_of_previous) {
        notes.push(format!(
            "{} answer(s) of \"{}\" are not numbers: kept as text in \"{}\"",
            part.values.answered(),
            part.question.other_of.as_deref().unwrap_or_default(),
            part.question.id
        ));
    }
    for built in &mut built {
        // Someone else's age (a child's, a household member's: a roster's field) is not the
        // respondent's profile.
        if built.question.profile.is_some()
            && !built.question.columns.is_empty()
            && built.question.columns.iter().all(|column| {
                FieldPath::parse(column).is_some_and(|path| path.is_about_someone_else())
            })
        {
            built.question.profile = None;
        }
    }
    built
}

/// An unnamed column counting rows 0..n-1 or 1..n.
fn is_row_counter(values: &ColumnValues) -> bool {
    let ColumnValues::Number(numbers) = values else {
        return false;
    };
    let Some(Some(first)) = numbers.first() else {
        return false;
    };
    (*first == 0.0 || *first == 1.0)
        && numbers
            .iter()
            .enumerate()
            .all(|(index, value)| *value == Some(first + index as f64))
}

fn code_id(code: &str) -> String {
    let mut id: String = code
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    while id.contains("__") {
        id = id.replace("__", "_");
    }
    let id = id.trim_matches('_').to_string();
    if id.is_empty() {
        "column".to_string()
    } else if id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("q{id}")
    } else {
        id
    }
}

fn is_other_header(header: &str) -> bool {
    let lower = header.to_lowercase();
    lower.contains("please specify")
        || lower.contains("other - write in")
        || lower.starts_with("if other")
        || lower.ends_with("[other]")
        || lower.ends_with("- other")
        || lower.contains("(other)")
        || lower.ends_with("_other")
}

fn question_from(header: &ColumnHeader, kind: QuestionType) -> Question {
    let mut question = Question::new(String::new(), header.name.clone(), kind);
    question.columns = vec![header.name.clone()];
    question.sheet_columns = vec![header.index];
    question
}

fn assemble_single(
    column: &ColumnHeader,
    values: ColumnValues,
    separator: Option<&'static str>,
    previous: Option<&Question>,
) -> Vec<Built> {
    let id_hint = column.code.clone();
    let text = column.stem.clone();
    // Personal and metadata columns keep their values but are never analysed.
    if let Some(role) = column.role {
        if role == Role::Postcode && values_are_districts(&values) {
            let mut question = question_from(column, QuestionType::SingleChoice);
            question.profile = Some(Profile::Area);
            question.text = text;
            let texts = values.into_text();
            question.options =
                infer::order_options(&infer::tally(texts.iter().flatten().map(String::as_str)));
            return vec![finish(question, id_hint, Values::Text(texts))];
        }
        let kind = if role_is_personal(role) {
            QuestionType::Personal
        } else {
            QuestionType::Metadata
        };
        let mut question = question_from(column, kind);
        question.role = Some(role);
        question.text = text;
        let values = match values {
            ColumnValues::Number(numbers)
                if matches!(role, Role::Progress | Role::Duration | Role::LastPage) =>
            {
                Values::Number(numbers)
            }
            ColumnValues::Date(dates) => Values::Date(dates),
            other => Values::Text(other.into_text()),
        };
        return vec![finish(question, id_hint, values)];
    }
    if is_identifier(&column.stem, &values) {
        let mut question = question_from(column, QuestionType::Metadata);
        question.role = Some(Role::Other);
        question.text = text;
        return vec![finish(question, id_hint, Values::Text(values.into_text()))];
    }
    let other_text = column.other_text
        || (is_other_header(&column.name)
            && previous.is_some_and(|question| question.kind.is_categorical()));
    // An open-ended box whose every answer is a number (a count, a percentage) asked for a
    // number: it is numeric, whatever the layout calls the box.
    let numeric_box = match &values {
        ColumnValues::Number(_) => true,
        ColumnValues::Text(texts) => infer::numbers_with_typed_answers(texts).is_some(),
        ColumnValues::Date(_) => false,
    };
    if column.open_text && !numeric_box || other_text {
        let mut question = question_from(column, QuestionType::FreeText);
        question.text = text;
        if other_text {
            question.other_of = previous
                .map(|question| question.id.clone())
                .or_else(|| Some(String::new()));
        }
        return vec![finish(question, id_hint, Values::Text(values.into_text()))];
    }
    let read = infer_values(&column.stem, values, separator);
    let mut question = question_from(column, read.inferred.kind);
    question.text = text;
    with_typed_part(question, id_hint, read)
}

/// A column named as an identifier ("Comment ID", "Case reference") whose values are all
/// different: metadata, not a question.
fn is_identifier(header: &str, values: &ColumnValues) -> bool {
    let lower = header.trim().to_lowercase();
    let named = lower.ends_with(" id")
        || lower.ends_with(" ref")
        || lower.ends_with(" reference")
        || lower.ends_with(" identifier")
        || lower.ends_with("_id")
        || lower.ends_with(" no.")
        || lower.ends_with(" no")
        || lower.ends_with(" number") && !lower.contains("phone") && !lower.contains("how many");
    // A column without a header (or pandas' "Unnamed: 0") holding a distinct whole number in
    // every row is the row number a script wrote with the data, not a question.
    let unnamed = lower.is_empty() || lower.starts_with("unnamed: ");
    if !named && !unnamed {
        return false;
    }
    let texts = values.clone().into_text();
    let answers: Vec<&String> = texts.iter().flatten().collect();
    let distinct: std::collections::HashSet<&&String> = answers.iter().collect();
    let unique = !answers.is_empty() && distinct.len() == answers.len();
    if named {
        return unique;
    }
    unique
        && answers.len() == texts.len()
        && answers
            .iter()
            .all(|answer| !answer.is_empty() && answer.bytes().all(|byte| byte.is_ascii_digit()))
}

/// Outward codes (postcode districts) rather than full postcodes: an area profile.
fn values_are_districts(values: &ColumnValues) -> bool {
    let ColumnValues::Text(texts) = values else {
        return false;
    };
    let answers: Vec<&String> = texts.iter().flatten().collect();
    !answers.is_empty()
        && answers
            .iter()
            .filter(|answer| crate::privacy::detect::is_outward_code(answer))
            .count()
            * 10
            >= answers.len() * 9
}

/// A column's inferred type and its answers in the question's storage, and the answers set
/// apart as text: the typed answers of a numeric column ("It varies", "~60"), in their rows.
struct Read {
    inferred: Inferred,
    values: Values,
    typed: Option<Vec<Option<String>>>,
}

/// Infers a column and converts its values to the question's storage.
fn infer_values(header: &str, values: ColumnValues, separator: Option<&'static str>) -> Read {
    match values {
        ColumnValues::Number(numbers) => {
            let inferred = infer::infer_number(header, &numbers);
            let values = if inferred.kind == QuestionType::Likert {
                Values::Text(
                    numbers
                        .iter()
                        .map(|value| value.map(crate::ingest::grid::format_number))
                        .collect(),
                )
            } else {
                Values::Number(numbers)
            };
            Read {
                inferred,
                values,
                typed: None,
            }
        }
        ColumnValues::Date(dates) => {
            let mut inferred = infer::infer_text(header, &[], None);
            inferred.kind = QuestionType::Date;
            inferred.profile = None;
            Read {
                inferred,
                values: Values::Date(dates),
                typed: None,
            }
        }
        ColumnValues::Text(texts) => {
            if let Some((numbers, typed)) = infer::numbers_with_typed_answers(&texts) {
                let read = infer_values(header, ColumnValues::Number(numbers), separator);
                return Read {
                    typed: typed.iter().any(Option::is_some).then_some(typed),
                    ..read
                };
            }
            let inferred = infer::infer_text(header, &texts, separator);
            let values = match &inferred.joined {
                Some(options) => Values::List(
                    texts
                        .iter()
                        .map(|text| text.as_ref().map(|text| options.split(text)))
                        .collect(),
                ),
                None => Values::Text(texts),
            };
            Read {
                inferred,
                values,
                typed: None,
            }
        }
    }
}

/// The free-text part that keeps a numeric question's typed answers, to follow it.
fn typed_part(numeric: &Question, hint: Option<&str>, typed: Vec<Option<String>>) -> Built {
    let mut part = Question::new(
        String::new(),
        format!("{} [answers that are not numbers]", numeric.text),
        QuestionType::FreeText,
    );
    part.columns.clone_from(&numeric.columns);
    part.sheet_columns.clone_from(&numeric.sheet_columns);
    part.other_of = Some(String::new());
    part.group.clone_from(&numeric.group);
    let mut built = finish(
        part,
        hint.map(|hint| format!("{hint}_text")),
        Values::Text(typed),
    );
    built.part_of_previous = true;
    built
}

/// A question built from a column's inferred type, followed by its typed answers' part if any.
fn with_typed_part(mut question: Question, hint: Option<String>, read: Read) -> Vec<Built> {
    let Read {
        inferred,
        values,
        typed,
    } = read;
    apply(&mut question, inferred);
    let part = typed.map(|typed| typed_part(&question, hint.as_deref(), typed));
    let mut out = vec![finish(question, hint, values)];
    out.extend(part);
    out
}

fn apply(question: &mut Question, inferred: Inferred) {
    question.kind = inferred.kind;
    question.options = inferred.options;
    question.scale = inferred.scale;
    question.profile = inferred.profile;
    if inferred.role.is_some() {
        question.role = inferred.role;
    }
}

fn finish(mut question: Question, id_hint: Option<String>, values: Values) -> Built {
    // The id is set in `assign_ids`; the hint travels in `id` until then.
    question.id = id_hint.unwrap_or_default();
    Built::new(question, values)
}

/// A group of columns sharing a question: options of a multi-select, items of a ranking, or
/// rows of a grid.
/// A column's values moved out for assembly, leaving an empty column: each column is assembled
/// once, and copying it would hold a second copy of every answer while the dataset is built.
fn taken(values: &mut ColumnValues) -> ColumnValues {
    std::mem::replace(values, ColumnValues::Text(Vec::new()))
}

fn assemble_group(
    columns: &[&ColumnHeader],
    read: &mut [ColumnValues],
    separator: Option<&'static str>,
) -> Vec<Built> {
    let stem = columns[0].stem.clone();
    let group_code = columns[0].code.as_ref().map(|code| group_code(code));
    let texts: Vec<Vec<Option<String>>> = read.iter().map(as_text).collect();
    // Option columns hold only "chosen"/"not chosen" values (the option's label, 1/0, Y, Yes/No,
    // True/False). A column nobody chose is empty or all "not chosen": it is still an option
    // when the group has other option columns.
    let option_like: Vec<bool> = columns
        .iter()
        .zip(&texts)
        .map(|(column, texts)| {
            let item = column.item.as_deref().unwrap_or("");
            !column.other_text
                && !column.open_text
                && !is_other_header(item)
                && texts
                    .iter()
                    .flatten()
                    .all(|value| checked(value, item).is_some())
        })
        .collect();
    let with_values = |position: usize| texts[position].iter().any(Option::is_some);
    let chosen_anywhere = (0..columns.len()).any(|position| {
        option_like[position]
            && texts[position].iter().flatten().any(|value| {
                checked(value, columns[position].item.as_deref().unwrap_or("")) == Some(true)
            })
    });
    let filled_options = (0..columns.len())
        .filter(|&position| option_like[position] && with_values(position))
        .count();
    let option_column: Vec<bool> = (0..columns.len())
        .map(|position| option_like[position] && (with_values(position) || filled_options >= 2))
        .collect();
    let options: usize = if chosen_anywhere || filled_options >= 2 {
        option_column.iter().filter(|&&option| option).count()
    } else {
        0
    };
    let n = texts.first().map_or(0, Vec::len);

    // Ranking: every column holds integer ranks within 1..=k, distinct within each row.
    if columns.len() >= 2 && is_ranking(read, columns.len()) {
        let items: Vec<String> = columns
            .iter()
            .map(|column| column.item.clone().unwrap_or_default())
            .collect();
        let lists: Vec<Option<Vec<String>>> = (0..n)
            .map(|row| {
                let mut ranked: Vec<(f64, &String)> = read
                    .iter()
                    .zip(&items)
                    .filter_map(|(values, item)| match values {
                        ColumnValues::Number(numbers) => numbers[row].map(|rank| (rank, item)),
                        _ => None,
                    })
                    .collect();
                ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
                (!ranked.is_empty())
                    .then(|| ranked.into_iter().map(|(_, item)| item.clone()).collect())
            })
            .collect();
        let mut question = Question::new(String::new(), stem.clone(), QuestionType::Ranking);
        question.columns = columns.iter().map(|column| column.name.clone()).collect();
        question.sheet_columns = columns.iter().map(|column| column.index).collect();
        question.options = items;
        return vec![finish(question, group_code, Values::List(lists))];
    }
    // LimeSurvey-style ranking: items are positions 1..k and cells hold the options.
    let rank_position = |item: &str| -> Option<usize> {
        item.trim()
            .to_ascii_lowercase()
            .trim_start_matches("rank")
            .trim()
            .parse::<usize>()
            .ok()
    };
    if columns.len() >= 2
        && columns.iter().enumerate().all(|(position, column)| {
            column.item.as_deref().and_then(rank_position) == Some(position + 1)
        })
        && read
            .iter()
            .all(|values| matches!(values, ColumnValues::Text(_)))
    {
        let lists: Vec<Option<Vec<String>>> = (0..n)
            .map(|row| {
                let ranked: Vec<String> = texts
                    .iter()
                    .filter_map(|texts| texts[row].clone())
                    .collect();
                (!ranked.is_empty()).then_some(ranked)
            })
            .collect();
        let counts = infer::tally(lists.iter().flatten().flatten().map(String::as_str));
        let mut question = Question::new(String::new(), stem.clone(), QuestionType::Ranking);
        question.columns = columns.iter().map(|column| column.name.clone()).collect();
        question.sheet_columns = columns.iter().map(|column| column.index).collect();
        question.options = infer::order_options(&counts);
        return vec![finish(question, group_code, Values::List(lists))];
    }

    if options >= 2
        || (options == 1
            && columns.len() == 1
            && columns[0]
                .code
                .as_deref()
                .is_some_and(|code| code.contains('[')))
    {
        let mut out = Vec::new();
        let items: Vec<(usize, String)> = columns
            .iter()
            .enumerate()
            .filter(|(position, _)| option_column[*position])
            .map(|(position, column)| (position, column.item.clone().unwrap_or_default()))
            .collect();
        // Explicit 0/No/False values mean the respondent saw the question and chose nothing.
        let lists: Vec<Option<Vec<String>>> = (0..n)
            .map(|row| {
                let mut chosen = Vec::new();
                let mut seen = false;
                for (position, item) in &items {
                    if let Some(value) = &texts[*position][row] {
                        seen = true;
                        if checked(value, item) == Some(true) {
                            chosen.push(item.clone());
                        }
                    }
                }
                seen.then_some(chosen)
            })
            .collect();
        let mut question = Question::new(String::new(), stem.clone(), QuestionType::MultiChoice);
        question.columns = items
            .iter()
            .map(|(position, _)| columns[*position].name.clone())
            .collect();
        question.sheet_columns = items
            .iter()
            .map(|(position, _)| columns[*position].index)
            .collect();
        question.options = items.iter().map(|(_, item)| item.clone()).collect();
        question.profile = infer::profile_from_header(&stem).filter(|profile| {
            matches!(
                profile,
                Profile::Channel | Profile::Disability | Profile::Capacity
            )
        });
        out.push(finish(question, group_code.clone(), Values::List(lists)));
        // The remaining columns: write-ins and comments, or questions of their own.
        for (position, column) in columns.iter().enumerate() {
            if option_column[position] {
                continue;
            }
            let item = column.item.clone().unwrap_or_default();
            let hint = group_code.as_ref().map(|code| {
                format!(
                    "{code}_{}",
                    code_id(if item.is_empty() { "other" } else { &item })
                )
            });
            if column.other_text
                || column.open_text
                || is_other_header(&item)
                || is_other_header(&column.name)
            {
                let mut question = question_from(column, QuestionType::FreeText);
                question.set_item(&stem, &item);
                question.other_of = (!column.open_text).then(String::new);
                out.push(finish(
                    question,
                    hint,
                    Values::Text(texts[position].clone()),
                ));
            } else {
                let column_read = infer_values(&column.name, taken(&mut read[position]), separator);
                let mut question = question_from(column, column_read.inferred.kind);
                question.set_item(&stem, &item);
                out.extend(with_typed_part(question, hint, column_read));
            }
        }
        return out;
    }

    // A grid: each column its own question. Worded scales are matched on the whole grid so that
    // every row gets the same options.
    let grid_scale: Option<Scale> = {
        let all: Vec<&str> = texts
            .iter()
            .flatten()
            .flatten()
            .map(String::as_str)
            .collect();
        let counts = infer::tally(all.into_iter());
        scale::match_worded(&counts)
    };
    let mut out = Vec::new();
    for (position, column) in columns.iter().enumerate() {
        let item = column.item.clone().unwrap_or_default();
        let hint = match (&group_code, &column.code) {
            (_, Some(code)) if code.contains('[') || code.contains('_') || code.contains('/') => {
                Some(code.clone())
            }
            (Some(group), _) => Some(format!("{group}_{}", header::slug(&item, 24))),
            (None, _) => Some(format!(
                "{}_{}",
                header::slug(&stem, 24),
                header::slug(&item, 24)
            )),
        };
        if column.other_text || column.open_text || is_other_header(&item) {
            let mut question = question_from(column, QuestionType::FreeText);
            question.set_item(&stem, &item);
            question.other_of = column.other_text.then(String::new);
            out.push(finish(
                question,
                hint,
                Values::Text(texts[position].clone()),
            ));
            continue;
        }
        let mut column_read = infer_values(&column.name, taken(&mut read[position]), separator);
        if let Some(scale) = &grid_scale {
            // Each distinct answer is matched once: a column of 100,000 answers holds a handful.
            let mut checked: std::collections::HashSet<&str> = std::collections::HashSet::new();
            let fits = texts[position].iter().flatten().all(|value| {
                !checked.insert(value.as_str())
                    || scale.position(value).is_some()
                    || scale.is_non_scale(value)
            });
            if fits
                && matches!(
                    column_read.inferred.kind,
                    QuestionType::Likert
                        | QuestionType::SingleChoice
                        | QuestionType::YesNo
                        | QuestionType::FreeText
                )
                && matches!(column_read.values, Values::Text(_))
            {
                column_read.inferred.kind = QuestionType::Likert;
                column_read.inferred.options = scale.options();
                column_read.inferred.scale = Some(scale.clone());
            }
        }
        let mut question = question_from(column, column_read.inferred.kind);
        question.set_item(&stem, &item);
        question.group = Some(stem.clone());
        out.extend(with_typed_part(question, hint, column_read));
    }
    out
}

/// The question code shared by a group's columns: `Q3_1` -> `Q3`, `Q2[SQ001]` -> `Q2`,
/// `group/q/opt` -> `q`.
fn group_code(code: &str) -> String {
    if let Some((base, _)) = code.split_once('[') {
        return base.to_string();
    }
    if let Some((base, suffix)) = code.rsplit_once('_')
        && suffix.chars().all(|c| c.is_ascii_digit())
        && !base.is_empty()
    {
        return base.to_string();
    }
    code.to_string()
}

fn is_ranking(read: &[ColumnValues], k: usize) -> bool {
    let columns: Vec<&Vec<Option<f64>>> = read
        .iter()
        .filter_map(|values| match values {
            ColumnValues::Number(numbers) => Some(numbers),
            _ => None,
        })
        .collect();
    if columns.len() != read.len() {
        return false;
    }
    let n = columns.first().map_or(0, |column| column.len());
    let mut any = false;
    for row in 0..n {
        let mut ranks: Vec<i64> = Vec::new();
        for column in &columns {
            if let Some(value) = column[row] {
                if value.fract() != 0.0 || value < 1.0 || value > k as f64 {
                    return false;
                }
                ranks.push(value as i64);
            }
        }
        let before = ranks.len();
        ranks.sort_unstable();
        ranks.dedup();
        if ranks.len() != before {
            return false;
        }
        any |= before >= 2;
    }
    any
}

/// Links "Other (please specify)" text to the choice question before it.
fn attach_other_text(built: &mut [Built]) {
    for index in 0..built.len() {
        if built[index].question.other_of.is_none() {
            continue;
        }
        // The question just before a part set apart from it, else the nearest categorical
        // question before this one.
        let target = if built[index].part_of_previous {
            index.checked_sub(1)
        } else {
            (0..index).rev().find(|&candidate| {
                built[candidate].question.kind.is_categorical()
                    && built[candidate].question.other_of.is_none()
            })
        };
        match target {
            Some(target) => {
                built[index].question.other_of = Some(format!("#{target}"));
                built[target].question.other = Some(format!("#{index}"));
            }
            None => built[index].question.other_of = None,
        }
    }
}

/// Ids from vendor codes, else from header text; unique; "Other" links rewritten to ids.
fn assign_ids(built: &mut [Built]) {
    let mut ids: Vec<String> = built
        .iter()
        .map(|built| {
            let question = &built.question;
            if question.id.is_empty() {
                let id = header::slug(question.stem(), 32);
                match &question.item {
                    Some(item) => format!("{id}_{}", header::slug(item, 24)),
                    None => id,
                }
            } else {
                code_id(&question.id)
            }
        })
        .collect();
    // A part set apart from the question before it is named after it: `<id>_text`.
    for index in 1..built.len() {
        if built[index].part_of_previous && built[index].question.id.is_empty() {
            ids[index] = format!("{}_text", ids[index - 1]);
        }
    }
    header::unique_ids(&mut ids);
    let resolve = |link: &Option<String>, ids: &[String]| -> Option<String> {
        link.as_ref()
            .and_then(|link| link.strip_prefix('#'))
            .and_then(|index| index.parse::<usize>().ok())
            .map(|index| ids[index].clone())
    };
    let others: Vec<(Option<String>, Option<String>)> = built
        .iter()
        .map(|built| {
            (
                resolve(&built.question.other, &ids),
                resolve(&built.question.other_of, &ids),
            )
        })
        .collect();
    for ((built, id), (other, other_of)) in built.iter_mut().zip(ids).zip(others) {
        built.question.id = id;
        built.question.other = other;
        built.question.other_of = other_of;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unnamed_row_number_column_is_metadata_but_unnamed_answers_are_not() {
        use crate::{IngestOptions, QuestionType, read_reader};
        // The UK RSE survey's public file starts with pandas' unnamed index column.
        let csv = ",Do you write code?,How many projects?\n1,Yes,3\n2,No,1\n3,Yes,3\n4,Yes,2\n";
        let dataset = read_reader(csv.as_bytes(), "rse.csv", &IngestOptions::default()).unwrap();
        let kinds: Vec<QuestionType> = dataset
            .schema()
            .questions()
            .iter()
            .map(|question| question.kind)
            .collect();
        assert_eq!(kinds[0], QuestionType::Metadata, "{kinds:?}");
        assert_eq!(kinds[2], QuestionType::Numeric);
        // Repeated numbers under a blank header are answers, not row numbers.
        let csv = ",Do you write code?\n1,Yes\n1,No\n2,Yes\n";
        let dataset = read_reader(csv.as_bytes(), "rse.csv", &IngestOptions::default()).unwrap();
        assert_ne!(dataset.schema().questions()[0].kind, QuestionType::Metadata);
    }

    #[test]
    fn codes_become_ids() {
        assert_eq!(code_id("Q3_1"), "q3_1");
        assert_eq!(code_id("likertagree2[affSat1]"), "likertagree2_affsat1");
        assert_eq!(code_id("5"), "q5");
        assert_eq!(group_code("Q2[SQ001]"), "Q2");
        assert_eq!(group_code("Q3_1"), "Q3");
    }

    #[test]
    fn checked_values_cover_vendor_styles() {
        assert_eq!(checked("GP", "GP"), Some(true));
        assert_eq!(checked("Y", "SQ001"), Some(true));
        assert_eq!(checked("True", "ambulance"), Some(true));
        assert_eq!(checked("0", "x"), Some(false));
        assert_eq!(checked("Something else", "GP"), None);
    }
}
