//! Finding the header: title rows and blank rows skipped, one to three header rows combined,
//! blank group headers forward-filled, sub-labels split from question stems, names made unique,
//! and question ids derived from vendor codes or header text.

use std::collections::HashMap;

use super::grid::Grid;
use crate::schema::Role;

/// One source column as the header describes it.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct ColumnHeader {
    /// 0-based grid column.
    pub(crate) index: usize,
    /// The full header as shown to users, unique within the file.
    pub(crate) name: String,
    /// A vendor's code for the column (`Q3_1`, `Q2[SQ001]`, `group/question`), when it has one.
    pub(crate) code: Option<String>,
    /// The question wording (for a grouped column, the shared question).
    pub(crate) stem: String,
    /// The sub-label of a grouped column: an option, a grid row, a sub-field.
    pub(crate) item: Option<String>,
    /// Columns with the same key are parts of one question (options of a multi-select, rows of
    /// a grid, items of a ranking).
    pub(crate) group: Option<String>,
    /// What the layout knows this column is (metadata, personal data).
    pub(crate) role: Option<Role>,
    /// The layout knows this column is the "Other (please specify)" text of its group or of the
    /// question before it.
    pub(crate) other_text: bool,
    /// The layout knows this column is open text (`SurveyMonkey`'s `Open-Ended Response`).
    pub(crate) open_text: bool,
}

/// Text of a row's cells, trimmed, `""` for blanks.
pub(crate) fn row_text(grid: &dyn Grid, row: usize) -> Vec<String> {
    (0..grid.width())
        .map(|column| clean_header(&grid.cell(row, column).display()))
        .collect()
}

/// Header text with non-breaking and repeated spaces folded, line breaks made spaces.
pub(crate) fn clean_header(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for ch in text.chars() {
        if ch.is_whitespace() || ch == '\u{a0}' || ch.is_control() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
    }
    out.replace("_x000D_", "")
}

/// The first header row: blank rows and title rows (one or two cells in an otherwise wide
/// sheet) are skipped.
pub(crate) fn find_header_start(grid: &dyn Grid) -> usize {
    let scan = grid.height().min(40);
    let filled: Vec<usize> = (0..scan).map(|row| grid.filled(row)).collect();
    let widest = filled.iter().copied().max().unwrap_or(0);
    if widest <= 2 {
        return filled.iter().position(|&count| count > 0).unwrap_or(0);
    }
    let threshold = (widest as f64 * 0.2).ceil().max(2.0) as usize;
    filled
        .iter()
        .position(|&count| count >= threshold)
        .unwrap_or(0)
}

/// Generic words some tools put in a second header row over single-column questions.
fn generic_sub_label(text: &str) -> bool {
    matches!(
        text.to_ascii_lowercase().as_str(),
        "response" | "open-ended response" | "answer" | "comments:" | "comment" | "value"
    )
}

/// How many header rows a sheet without a known layout has, starting at `start` (1 to 3).
///
/// A row below the header continues it when the header has group cells (a filled cell followed
/// by blanks, as merged cells read) that this row fills in, and this row leaves the header's
/// single columns blank or generic ("Response"), which a respondent's row would not. A third
/// row must also add labels where the second left group cells blank.
pub(crate) fn count_generic_header_rows(grid: &dyn Grid) -> impl Fn(usize) -> usize + '_ {
    move |start| {
        let top = row_text(grid, start);
        let spans = group_spans(&top);
        if spans.iter().all(|span| span.len() < 2) {
            return 1;
        }
        let mut rows = 1;
        let mut previous = top.clone();
        while rows < 3 && start + rows + 1 < grid.height() {
            let row = start + rows;
            let below = row_text(grid, row);
            let all_text = (0..grid.width()).all(|column| {
                matches!(
                    grid.cell(row, column),
                    super::grid::CellRef::Text(_) | super::grid::CellRef::Empty
                )
            });
            let singles: Vec<usize> = spans
                .iter()
                .filter(|span| span.len() == 1)
                .map(|span| span.start)
                .collect();
            let singles_blank = singles
                .iter()
                .filter(|&&column| below[column].is_empty() || generic_sub_label(&below[column]))
                .count();
            let group_columns: Vec<usize> = spans
                .iter()
                .filter(|span| span.len() >= 2)
                .flat_map(Clone::clone)
                .collect();
            let group_filled = group_columns
                .iter()
                .filter(|&&column| !below[column].is_empty())
                .count();
            let adds_labels = group_columns
                .iter()
                .any(|&column| previous[column].is_empty() && !below[column].is_empty());
            let shape = if rows == 1 {
                group_filled * 10 >= group_columns.len() * 9
            } else {
                adds_labels
            };
            if !(all_text && shape && singles_blank * 2 >= singles.len() && group_filled >= 2) {
                break;
            }
            previous = below;
            rows += 1;
        }
        rows
    }
}

/// The header's columns as spans: a filled cell and the blank cells after it.
fn group_spans(top: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    for (column, text) in top.iter().enumerate() {
        match spans.last_mut() {
            Some(span) if text.is_empty() => span.end = column + 1,
            _ if text.is_empty() => {}
            _ => spans.push(column..column + 1),
        }
    }
    // Trailing blanks after the last filled cell are not a group unless something sits below;
    // the caller checks fill below, so spans stay as found.
    spans
}

/// Combines header rows into column headers: the first row is the stem (forward-filled over
/// blank group cells), the last non-blank lower row the item.
pub(crate) fn combine_rows(rows: &[Vec<String>]) -> Vec<ColumnHeader> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut headers = Vec::with_capacity(width);
    let mut current_stem = String::new();
    let mut group_index = 0usize;
    for column in 0..width {
        let top = rows
            .first()
            .and_then(|row| row.get(column))
            .cloned()
            .unwrap_or_default();
        let lower: Vec<String> = rows
            .iter()
            .skip(1)
            .filter_map(|row| row.get(column).cloned())
            .filter(|text| !text.is_empty())
            .collect();
        if !top.is_empty() {
            current_stem = top;
            group_index += 1;
        }
        let item = lower
            .last()
            .cloned()
            .filter(|text| !generic_sub_label(text));
        let stem = if current_stem.is_empty() {
            item.clone().unwrap_or_default()
        } else {
            current_stem.clone()
        };
        let open_text = lower
            .last()
            .is_some_and(|text| text.eq_ignore_ascii_case("open-ended response"));
        headers.push(ColumnHeader {
            index: column,
            name: String::new(),
            code: None,
            group: item.as_ref().map(|_| format!("{group_index}:{stem}")),
            stem,
            item,
            role: None,
            other_text: false,
            open_text,
        });
    }
    fill_names(&mut headers);
    headers
}

/// Sets each header's display name from stem and item and makes names unique (` (2)`...).
pub(crate) fn fill_names(headers: &mut [ColumnHeader]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (position, header) in headers.iter_mut().enumerate() {
        let base = match &header.item {
            Some(item) if !item.is_empty() && *item != header.stem => {
                format!("{} [{item}]", header.stem)
            }
            _ => header.stem.clone(),
        };
        let base = if base.is_empty() {
            format!(
                "Column {}",
                super::grid::column_letter(header.index.max(position))
            )
        } else {
            base
        };
        let count = seen.entry(base.to_lowercase()).or_insert(0);
        *count += 1;
        header.name = if *count == 1 {
            base
        } else {
            format!("{base} ({count})")
        };
    }
}

/// One-row headers: each cell is a column's header; stems and items split by [`split_item`].
pub(crate) fn single_row(row: &[String]) -> Vec<ColumnHeader> {
    let mut headers: Vec<ColumnHeader> = row
        .iter()
        .enumerate()
        .map(|(index, text)| ColumnHeader {
            index,
            stem: text.clone(),
            ..ColumnHeader::default()
        })
        .collect();
    group_by_pattern(&mut headers);
    fill_names(&mut headers);
    headers
}

/// Splits `Question [Item]` (Google Forms grids, `LimeSurvey` full headings), `Item:Question`
/// (SurveyGizmo/Alchemer checkboxes) and `3. Item.` (`SurveyMonkey` flattened) into stem and item,
/// and groups consecutive columns that share a stem. A lone column keeps its whole header.
pub(crate) fn group_by_pattern(headers: &mut [ColumnHeader]) {
    let splits: Vec<Option<(String, String)>> = headers
        .iter()
        .map(|header| split_item(&header.stem))
        .collect();
    let mut index = 0;
    while index < headers.len() {
        let Some((stem, _)) = &splits[index] else {
            index += 1;
            continue;
        };
        let mut end = index + 1;
        while end < headers.len() && splits[end].as_ref().is_some_and(|(other, _)| other == stem) {
            end += 1;
        }
        // Bracketed items are grouped even alone (a one-row grid is still a grid row); the
        // other patterns need two columns to be believed.
        let bracketed = headers[index].stem.ends_with(']');
        if end - index >= 2 || bracketed {
            for position in index..end {
                if let Some((stem, item)) = &splits[position] {
                    headers[position].stem.clone_from(stem);
                    headers[position].item = Some(item.clone());
                    headers[position].group = Some(format!("{index}:{stem}"));
                }
            }
        }
        index = end;
    }
}

/// The stem and item of a header in one of the grouped patterns.
pub(crate) fn split_item(header: &str) -> Option<(String, String)> {
    let header = header.trim();
    // `Question [Item]`, the item possibly holding brackets itself.
    if header.ends_with(']')
        && let Some(open) = matching_open_bracket(header)
    {
        let stem = header[..open].trim();
        let item = header[open + 1..header.len() - 1].trim();
        if !stem.is_empty() && !item.is_empty() {
            return Some((stem.to_string(), item.to_string()));
        }
    }
    // `Other - Write In:Question` and `Item:Question` (SurveyGizmo); the item is short.
    if let Some((item, stem)) = header.split_once(':') {
        let item = item.trim();
        let stem = stem.trim_start_matches(':').trim();
        if !item.is_empty()
            && item.len() <= 80
            && stem.len() > item.len()
            && stem.contains(' ')
            && !item.contains('?')
        {
            return Some((stem.to_string(), item.to_string()));
        }
    }
    // `3. Python.` (SurveyMonkey two-row header flattened).
    if let Some((number, rest)) = header.split_once(". ")
        && !number.is_empty()
        && number.len() <= 4
        && number.chars().all(|c| c.is_ascii_digit())
        && rest.ends_with('.')
    {
        return Some((
            number.to_string(),
            rest.trim_end_matches('.').trim().to_string(),
        ));
    }
    None
}

fn matching_open_bracket(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (position, ch) in text.char_indices().rev() {
        match ch {
            ']' => depth += 1,
            '[' => {
                depth -= 1;
                if depth == 0 {
                    return Some(position);
                }
            }
            _ => {}
        }
    }
    None
}

const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "to",
    "do",
    "does",
    "you",
    "your",
    "yours",
    "is",
    "are",
    "was",
    "were",
    "what",
    "which",
    "how",
    "in",
    "on",
    "for",
    "with",
    "and",
    "or",
    "if",
    "any",
    "please",
    "that",
    "this",
    "these",
    "those",
    "be",
    "by",
    "at",
    "as",
    "have",
    "has",
    "would",
    "could",
    "should",
    "we",
    "our",
    "us",
    "it",
    "its",
    "from",
    "about",
    "there",
    "i",
    "me",
    "my",
    "can",
    "will",
    "tell",
    "following",
    "below",
];

/// A short, readable id from header text: a leading question number (`Q5.`, `5)`, `Q3a:`)
/// when there is one, else the first meaningful words, lowercase, joined with `_`.
pub(crate) fn slug(text: &str, max_length: usize) -> String {
    let text = text.trim();
    if let Some(number) = leading_question_number(text) {
        return number;
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let meaningful: Vec<&String> = words
        .iter()
        .filter(|word| !STOP_WORDS.contains(&word.as_str()))
        .collect();
    let chosen: Vec<&String> = if meaningful.is_empty() {
        words.iter().collect()
    } else {
        meaningful
    };
    let mut out = String::new();
    for word in chosen {
        let ascii: String = unicode_normalization::UnicodeNormalization::nfkd(word.as_str())
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if ascii.is_empty() {
            continue;
        }
        if !out.is_empty() && out.len() + 1 + ascii.len() > max_length {
            break;
        }
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&ascii);
    }
    if out.len() > max_length {
        out.truncate(max_length);
    }
    if out.is_empty() {
        out.push_str("column");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'q');
    }
    out
}

/// `Q5. Text` -> `q5`; `5) Text` -> `q5`; `Q3a: Text` -> `q3a`; `1.2 Text` -> `q1_2`.
fn leading_question_number(text: &str) -> Option<String> {
    let body = text.strip_prefix(['Q', 'q']).unwrap_or(text);
    let end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(body.len());
    let token = body[..end].trim_end_matches('.');
    let separator = body[end..].chars().next();
    let starts_with_digit = token.starts_with(|c: char| c.is_ascii_digit());
    let short = token.len() <= 6
        && token.chars().filter(char::is_ascii_alphabetic).count() <= 1
        && token.chars().take_while(char::is_ascii_digit).count() <= 3;
    let followed_by_text = matches!(separator, Some(' ' | ')' | ':' | '-'))
        && body[end..].chars().any(char::is_alphabetic)
        || body[..end].ends_with('.') && body[end..].starts_with(' ');
    if starts_with_digit
        && short
        && followed_by_text
        && token.chars().filter(|c| *c == '.').count() <= 1
    {
        return Some(format!("q{}", token.to_lowercase().replace('.', "_")));
    }
    None
}

/// Makes ids unique by appending `_2`, `_3`..., never taking an id that another column
/// already has.
pub(crate) fn unique_ids(ids: &mut [String]) {
    let reserved: std::collections::HashSet<String> = ids.iter().cloned().collect();
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    for id in ids.iter_mut() {
        if used.contains(id.as_str()) {
            let mut n = 2;
            while used.contains(&format!("{id}_{n}")) || reserved.contains(&format!("{id}_{n}")) {
                n += 1;
            }
            *id = format!("{id}_{n}");
        }
        used.insert(id.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::grid::TextGrid;

    fn grid(rows: &[&[&str]]) -> TextGrid {
        let width = rows.iter().map(|row| row.len()).max().unwrap_or(0);
        TextGrid {
            rows: rows
                .iter()
                .map(|row| csv::StringRecord::from(row.to_vec()))
                .collect(),
            lines: (1..=rows.len()).collect(),
            sheet_rows: (1..=rows.len()).collect(),
            width,
        }
    }

    #[test]
    fn title_and_blank_rows_above_the_header_are_skipped() {
        let grid = grid(&[
            &["Walk-in centre consultation"],
            &[],
            &["id", "q1", "q2", "q3"],
            &["1", "a", "b", "c"],
        ]);
        assert_eq!(find_header_start(&grid), 2);
        let plain = grid_plain();
        assert_eq!(find_header_start(&plain), 0);
    }

    fn grid_plain() -> TextGrid {
        grid(&[&["id", "q1"], &["1", "a"]])
    }

    #[test]
    fn two_row_header_with_group_cells_is_found() {
        let grid = grid(&[
            &["Respondent ID", "Which services?", "", "", "Age"],
            &["", "GP", "Pharmacy", "A&E", ""],
            &["1", "GP", "", "A&E", "25-34"],
            &["2", "", "Pharmacy", "", "35-44"],
        ]);
        assert_eq!(count_generic_header_rows(&grid)(0), 2);
        let headers = combine_rows(&[row_text(&grid, 0), row_text(&grid, 1)]);
        assert_eq!(headers[2].stem, "Which services?");
        assert_eq!(headers[2].item.as_deref(), Some("Pharmacy"));
        assert_eq!(headers[2].name, "Which services? [Pharmacy]");
        assert_eq!(headers[1].group, headers[3].group);
        assert_eq!(headers[4].group, None);
    }

    #[test]
    fn a_data_row_is_not_taken_for_a_second_header_row() {
        let grid = grid(&[
            &["id", "colour", "", "size"],
            &["1", "red", "blue", "big"],
            &["2", "green", "", "small"],
        ]);
        assert_eq!(count_generic_header_rows(&grid)(0), 1);
    }

    #[test]
    fn patterns_split_stem_and_item() {
        assert_eq!(
            split_item("Rate these [Parking]"),
            Some(("Rate these".into(), "Parking".into()))
        );
        assert_eq!(split_item("Q2[SQ001]"), Some(("Q2".into(), "SQ001".into())));
        assert_eq!(
            split_item("Rust:What other language(s) do you use?"),
            Some(("What other language(s) do you use?".into(), "Rust".into()))
        );
        assert_eq!(
            split_item("3. Python."),
            Some(("3".into(), "Python".into()))
        );
        assert_eq!(split_item("What is your age?"), None);
        assert_eq!(
            split_item("Note: this is a plain question"),
            Some(("this is a plain question".into(), "Note".into()))
        );
    }

    #[test]
    fn a_lone_colon_header_is_not_grouped_but_a_lone_bracket_is() {
        let mut headers = single_row(&[
            "Note: this is a plain question".into(),
            "Grid [Row one]".into(),
        ]);
        group_by_pattern(&mut headers);
        assert_eq!(headers[0].item, None);
        assert_eq!(headers[1].item.as_deref(), Some("Row one"));
    }

    #[test]
    fn names_are_unique() {
        let headers = single_row(&["Comments".into(), "Comments".into(), String::new()]);
        let names: Vec<&str> = headers.iter().map(|header| header.name.as_str()).collect();
        assert_eq!(names, ["Comments", "Comments (2)", "Column C"]);
    }

    #[test]
    fn slugs_prefer_question_numbers_then_meaningful_words() {
        assert_eq!(slug("Q5. How satisfied are you?", 32), "q5");
        assert_eq!(slug("12) Any other comments?", 32), "q12");
        assert_eq!(slug("Q3a: Why?", 32), "q3a");
        assert_eq!(slug("What is your age?", 32), "age");
        assert_eq!(
            slug("How often do you use Jupyter Notebook?", 32),
            "often_use_jupyter_notebook"
        );
        assert_eq!(slug("2019 budget", 32), "q2019_budget");
        assert_eq!(slug("Café opening hours", 32), "cafe_opening_hours");
        assert_eq!(slug("???", 32), "column");
    }

    #[test]
    fn duplicate_ids_get_suffixes() {
        let mut ids = vec![
            "age".to_string(),
            "age".to_string(),
            "sex".to_string(),
            "age_2".to_string(),
        ];
        unique_ids(&mut ids);
        assert_eq!(ids, ["age", "age_3", "sex", "age_2"]);
    }
}
