//! The one error type of engage-core, and the location every data error carries.

use std::fmt;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in the input something was found: file, sheet, row, column and question.
///
/// Rows are 1-based, as a spreadsheet program shows them. Every part is optional: an error about
/// a whole file names only the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The input file, as the user named it.
    pub file: Option<String>,
    /// The sheet of a workbook.
    pub sheet: Option<String>,
    /// The 1-based row, as a spreadsheet program numbers it.
    pub row: Option<usize>,
    /// For delimited text, the 1-based line of the file where the row starts, when it differs
    /// from the row: answers holding line breaks make a record span several lines.
    pub line: Option<usize>,
    /// The column header (or letter when there is no header).
    pub column: Option<String>,
    /// The question id.
    pub question: Option<String>,
}

impl Location {
    /// A location naming only a file.
    #[must_use]
    pub fn file(file: impl Into<String>) -> Location {
        Location {
            file: Some(file.into()),
            ..Location::default()
        }
    }

    /// This location with a sheet name.
    #[must_use]
    pub fn with_sheet(mut self, sheet: impl Into<String>) -> Location {
        self.sheet = Some(sheet.into());
        self
    }

    /// This location with a 1-based row number.
    #[must_use]
    pub fn with_row(mut self, row: usize) -> Location {
        self.row = Some(row);
        self
    }

    /// This location with the 1-based line of a delimited-text file where its row starts. It is
    /// shown only when it differs from the row.
    #[must_use]
    pub fn with_line(mut self, line: usize) -> Location {
        self.line = Some(line);
        self
    }

    /// This location with a column name.
    #[must_use]
    pub fn with_column(mut self, column: impl Into<String>) -> Location {
        self.column = Some(column.into());
        self
    }

    /// This location with a question id.
    #[must_use]
    pub fn with_question(mut self, question: impl Into<String>) -> Location {
        self.question = Some(question.into());
        self
    }

    /// True when no part is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self == &Location::default()
    }
}

impl fmt::Display for Location {
    /// `file: sheet "S", row R (line L), column "C", question Q`, leaving out the parts not set
    /// and the line when it is the row.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(sheet) = &self.sheet {
            parts.push(format!("sheet \"{sheet}\""));
        }
        match (self.row, self.line) {
            (Some(row), Some(line)) if line != row => {
                parts.push(format!("row {row} (line {line})"));
            }
            (Some(row), _) => parts.push(format!("row {row}")),
            (None, Some(line)) => parts.push(format!("line {line}")),
            (None, None) => {}
        }
        if let Some(column) = &self.column {
            parts.push(format!("column \"{column}\""));
        }
        if let Some(question) = &self.question {
            parts.push(format!("question \"{question}\""));
        }
        match (&self.file, parts.is_empty()) {
            (Some(file), true) => write!(f, "{file}"),
            (Some(file), false) => write!(f, "{file}: {}", parts.join(", ")),
            (None, _) => write!(f, "{}", parts.join(", ")),
        }
    }
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input could not be opened or read from disk.
    Io {
        /// What was being read.
        location: Location,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is not in a format engage reads, or not what its name says it is.
    Format {
        /// The file (and sheet) concerned.
        location: Location,
        /// What was found and what was expected.
        message: String,
    },
    /// A value in the data is not what was expected.
    Data {
        /// Where the value is.
        location: Location,
        /// What was found and what was expected.
        message: String,
    },
    /// A configuration file (survey config, codebook, reference population) is invalid.
    Config {
        /// The file and entry concerned.
        location: Location,
        /// What was found and what was expected.
        message: String,
    },
    /// A question id was asked for that the dataset does not have.
    UnknownQuestion {
        /// The id asked for.
        id: String,
        /// The ids that do exist, in questionnaire order.
        known: Vec<String>,
    },
    /// The operation does not apply to this data (for example a cross-tab of free text).
    Unsupported {
        /// Where, when known.
        location: Location,
        /// Why it does not apply.
        message: String,
    },
    /// An output could not be written.
    Output {
        /// The output path.
        path: String,
        /// The operating system's or writer's message.
        message: String,
    },
}

/// The error type of engage-core: a boxed [`ErrorKind`] plus an optional hint for the user.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    hint: Option<String>,
}

impl Error {
    /// Wraps a kind with no hint.
    #[must_use]
    pub fn new(kind: ErrorKind) -> Error {
        Error {
            inner: Box::new(Inner { kind, hint: None }),
        }
    }

    /// A [`ErrorKind::Format`] error.
    #[must_use]
    pub fn format(location: Location, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Format {
            location,
            message: message.into(),
        })
    }

    /// A [`ErrorKind::Data`] error.
    #[must_use]
    pub fn data(location: Location, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Data {
            location,
            message: message.into(),
        })
    }

    /// A [`ErrorKind::Config`] error.
    #[must_use]
    pub fn config(location: Location, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Config {
            location,
            message: message.into(),
        })
    }

    /// A [`ErrorKind::Unsupported`] error.
    #[must_use]
    pub fn unsupported(location: Location, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Unsupported {
            location,
            message: message.into(),
        })
    }

    /// An [`ErrorKind::Io`] error.
    #[must_use]
    pub fn io(location: Location, source: std::io::Error) -> Error {
        Error::new(ErrorKind::Io { location, source })
    }

    /// An [`ErrorKind::Output`] error.
    #[must_use]
    pub fn output(path: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Output {
            path: path.into(),
            message: message.into(),
        })
    }

    /// An [`ErrorKind::UnknownQuestion`] error, hinting at the closest known id.
    #[must_use]
    pub fn unknown_question(id: &str, known: Vec<String>) -> Error {
        let hint = closest(id, &known).map(|best| format!("did you mean \"{best}\"?"));
        let error = Error::new(ErrorKind::UnknownQuestion {
            id: id.to_string(),
            known,
        });
        match hint {
            Some(hint) => error.with_hint(hint),
            None => error,
        }
    }

    /// This error with a hint telling the user what to try.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.inner.hint = Some(hint.into());
        self
    }

    /// Sets the file of the location when it is not set yet.
    #[must_use]
    pub fn in_file(mut self, file: &str) -> Error {
        if let Some(location) = self.location_mut()
            && location.file.is_none()
        {
            location.file = Some(file.to_string());
        }
        self
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// A suggestion for the user, when there is one.
    #[must_use]
    pub fn hint(&self) -> Option<&str> {
        self.inner.hint.as_deref()
    }

    /// Where the problem is, when it concerns a place in the input.
    #[must_use]
    pub fn location(&self) -> Option<&Location> {
        match &self.inner.kind {
            ErrorKind::Io { location, .. }
            | ErrorKind::Format { location, .. }
            | ErrorKind::Data { location, .. }
            | ErrorKind::Config { location, .. }
            | ErrorKind::Unsupported { location, .. } => Some(location),
            ErrorKind::UnknownQuestion { .. } | ErrorKind::Output { .. } => None,
        }
    }

    fn location_mut(&mut self) -> Option<&mut Location> {
        match &mut self.inner.kind {
            ErrorKind::Io { location, .. }
            | ErrorKind::Format { location, .. }
            | ErrorKind::Data { location, .. }
            | ErrorKind::Config { location, .. }
            | ErrorKind::Unsupported { location, .. } => Some(location),
            ErrorKind::UnknownQuestion { .. } | ErrorKind::Output { .. } => None,
        }
    }

    /// True when the error is the user's input or request (exit code 2 in the CLI), false when
    /// writing an output failed.
    #[must_use]
    pub fn is_input_error(&self) -> bool {
        !matches!(self.inner.kind, ErrorKind::Output { .. })
    }
}

fn with_location(f: &mut fmt::Formatter<'_>, location: &Location, message: &str) -> fmt::Result {
    if location.is_empty() {
        write!(f, "{message}")
    } else {
        write!(f, "{location}: {message}")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            ErrorKind::Io { location, source } => {
                let message = match source.kind() {
                    std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
                    std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                    _ => lowercase_first(&source.to_string()),
                };
                with_location(f, location, &message)
            }
            ErrorKind::Format { location, message }
            | ErrorKind::Data { location, message }
            | ErrorKind::Config { location, message }
            | ErrorKind::Unsupported { location, message } => with_location(f, location, message),
            ErrorKind::UnknownQuestion { id, known } => {
                let shown: Vec<&str> = known.iter().take(30).map(String::as_str).collect();
                let more = if known.len() > shown.len() {
                    format!(" and {} more", known.len() - shown.len())
                } else {
                    String::new()
                };
                write!(
                    f,
                    "no question with id \"{id}\"; the questions are: {}{more}",
                    shown.join(", ")
                )
            }
            ErrorKind::Output { path, message } => write!(f, "{path}: cannot write: {message}"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("hint", &self.inner.hint)
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.kind {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The candidate closest to `wanted` by edit distance, when it is close enough to be a likely
/// typo (at most a third of the length of the longer string).
#[must_use]
pub(crate) fn closest<'a>(wanted: &str, candidates: &'a [String]) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .iter()
        .map(|candidate| {
            (
                edit_distance(&wanted_lower, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, candidate)| {
            let longest = wanted.chars().count().max(candidate.chars().count());
            *distance <= longest.div_ceil(3).max(1)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate.as_str())
}

/// Levenshtein distance over chars.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_lists_only_the_parts_set() {
        let location = Location::file("a.xlsx")
            .with_sheet("Responses")
            .with_row(14)
            .with_column("Q3");
        assert_eq!(
            location.to_string(),
            "a.xlsx: sheet \"Responses\", row 14, column \"Q3\""
        );
        assert_eq!(Location::file("a.csv").to_string(), "a.csv");
    }

    #[test]
    fn a_line_is_shown_beside_its_row_only_when_they_differ() {
        let location = Location::file("a.csv").with_row(997).with_column("B");
        assert_eq!(
            location.clone().with_line(998).to_string(),
            "a.csv: row 997 (line 998), column \"B\""
        );
        assert_eq!(
            location.with_line(997).to_string(),
            "a.csv: row 997, column \"B\""
        );
        assert_eq!(
            Location::file("a.csv").with_line(3).to_string(),
            "a.csv: line 3"
        );
    }

    #[test]
    fn unknown_question_hints_the_closest_id() {
        let error =
            Error::unknown_question("q_age", vec!["age".into(), "q_agee".into(), "sex".into()]);
        assert_eq!(error.hint(), Some("did you mean \"q_agee\"?"));
        assert!(
            error
                .to_string()
                .starts_with("no question with id \"q_age\"")
        );
        let none = Error::unknown_question("zzzzzz", vec!["age".into()]);
        assert_eq!(none.hint(), None);
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
