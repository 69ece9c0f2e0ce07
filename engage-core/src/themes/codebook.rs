//! The codebook: themes (id, label, optional parent, include and exclude terms) and the
//! options that change how terms match, read from TOML or from a CSV kept in Excel, and
//! validated when built.
//!
//! ```toml
//! questions = ["comments"]  # the questions it was written for (ids); see below
//! stem = "english"          # optional: match "appointments" with "appointment"
//! negation_window = 5       # words after a negator ("no problem") that it cancels; 0 = off
//! exclude_window = 8        # words either side of a match in which an exclude term cancels it
//!
//! [[theme]]
//! id = "services"
//! label = "Services"
//!
//! [[theme]]
//! id = "access"
//! label = "Access and waiting times"
//! parent = "services"            # themes form a hierarchy; counts roll up
//! include = ["appointment*", "waiting time", "walk in", "/walk[- ]?in centre/"]
//! exclude = ["parking"]          # a match with an exclude term nearby does not count
//! ```
//!
//! A codebook is written for a question: `questions` names the ids of the questions it codes,
//! so that a report does not apply a codebook written for comments on a service to answers
//! about, say, an academic subject. Without it, the user says which questions to code.
//!
//! The CSV form has the columns `theme_id, label, parent, include, exclude`, with the terms of
//! a cell separated by `;`. A row with `option` as its theme id sets an option: its name in the
//! label column, its value in the include column (`option, stem, , english`).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::evidence::{CommentCoding, Evidence, Suppressed};
use super::matcher::{self, MatchSettings, Matcher, ParsedTerm, Scratch, TermMatch, ThemeTerms};
pub use super::tree::Theme;
use super::tree::{ThemeTree, TreeError};
use crate::error::{Error, Location, Result};
use crate::ingest::side_table::{SideOptions, SideTable};

/// The negators used when a codebook names none. They are phrases that cancel a complaint
/// ("no problem with parking", "parking was not an issue" is not caught: the negator must come
/// first). Lone words such as "no" and "not" are deliberately absent: "no parking spaces" and
/// "not enough parking" are parking complaints, and "not happy with the parking" is one too.
pub const DEFAULT_NEGATORS: [&str; 27] = [
    "no problem",
    "no problems",
    "no real problems",
    "not a problem",
    "never a problem",
    "wasn't a problem",
    "was not a problem",
    "no issue",
    "no issues",
    "not an issue",
    "never an issue",
    "wasn't an issue",
    "no trouble",
    "no difficulty",
    "no difficulties",
    "no complaint",
    "no complaints",
    "nothing wrong",
    "no concerns",
    "no worries",
    "without any problem",
    "without any problems",
    "without problems",
    "didn't have any problems",
    "did not have any problems",
    "never had a problem",
    "never had any problems",
];

/// The default negation window: a negator cancels a match that starts at most this many words
/// after it.
pub const DEFAULT_NEGATION_WINDOW: usize = 5;

/// The default exclude window: an exclude term at most this many words from a match, in the
/// same sentence, cancels it.
pub const DEFAULT_EXCLUDE_WINDOW: usize = 8;

/// The largest window accepted; a larger one would amount to "anywhere in the comment".
const MAX_WINDOW: usize = 50;

/// Word stemming applied to text and literal terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stemming {
    /// Snowball English (Porter2): "appointments" and "appointment" match. It over-matches at
    /// times ("parks" and "parking" share a stem), so it is off unless asked for.
    English,
}

/// The options of a codebook: how terms match, and which questions it was written for.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CodebookOptions {
    /// The ids of the questions the codebook codes; empty when it does not say.
    pub questions: Vec<String>,
    /// Stemming of words, or none.
    pub stem: Option<Stemming>,
    /// How many words after a negator a match is cancelled; 0 turns negation off.
    pub negation_window: usize,
    /// The negators: words or phrases.
    pub negators: Vec<String>,
    /// How many words from a match, in the same sentence, an exclude term cancels it.
    pub exclude_window: usize,
}

impl Default for CodebookOptions {
    fn default() -> CodebookOptions {
        CodebookOptions {
            questions: Vec::new(),
            stem: None,
            negation_window: DEFAULT_NEGATION_WINDOW,
            negators: DEFAULT_NEGATORS
                .iter()
                .map(|text| (*text).to_string())
                .collect(),
            exclude_window: DEFAULT_EXCLUDE_WINDOW,
        }
    }
}

impl CodebookOptions {
    /// With the ids of the questions the codebook codes (default: none named).
    #[must_use]
    pub fn with_questions(mut self, questions: Vec<String>) -> CodebookOptions {
        self.questions = questions;
        self
    }

    /// With stemming (default: none).
    #[must_use]
    pub fn with_stem(mut self, stem: Option<Stemming>) -> CodebookOptions {
        self.stem = stem;
        self
    }

    /// With a negation window in words (default: [`DEFAULT_NEGATION_WINDOW`]; 0 turns negation
    /// off).
    #[must_use]
    pub fn with_negation_window(mut self, words: usize) -> CodebookOptions {
        self.negation_window = words;
        self
    }

    /// With these negators (default: [`DEFAULT_NEGATORS`]).
    #[must_use]
    pub fn with_negators(mut self, negators: Vec<String>) -> CodebookOptions {
        self.negators = negators;
        self
    }

    /// With an exclude window in words (default: [`DEFAULT_EXCLUDE_WINDOW`]).
    #[must_use]
    pub fn with_exclude_window(mut self, words: usize) -> CodebookOptions {
        self.exclude_window = words;
        self
    }
}

/// Where in a file each part of a theme was written, for error messages.
#[derive(Clone, Debug, Default)]
struct Rows {
    theme: Option<usize>,
    include: Vec<Option<usize>>,
    exclude: Vec<Option<usize>>,
}

/// Builds a [`Codebook`], validating everything in [`CodebookBuilder::build`].
#[derive(Clone, Debug, Default)]
pub struct CodebookBuilder {
    themes: Vec<(Theme, Rows)>,
    options: CodebookOptions,
    options_row: Option<usize>,
    file: Option<String>,
}

impl CodebookBuilder {
    /// Adds a theme.
    #[must_use]
    pub fn theme(mut self, theme: Theme) -> CodebookBuilder {
        self.themes.push((theme, Rows::default()));
        self
    }

    /// Sets the options (default: [`CodebookOptions::default`]).
    #[must_use]
    pub fn options(mut self, options: CodebookOptions) -> CodebookBuilder {
        self.options = options;
        self
    }

    /// Names the file the codebook came from, for error messages and reports.
    #[must_use]
    pub fn file(mut self, file: impl Into<String>) -> CodebookBuilder {
        self.file = Some(file.into());
        self
    }

    fn theme_at(mut self, theme: Theme, rows: Rows) -> CodebookBuilder {
        self.themes.push((theme, rows));
        self
    }

    /// Validates and compiles the codebook. Errors name the theme and term: an empty include
    /// list (allowed only for a theme that has children), a term that is empty or has no words,
    /// a bad regex or `*`, a duplicate id, an unknown parent, a parent cycle.
    pub fn build(self) -> Result<Codebook> {
        let CodebookBuilder {
            themes,
            options,
            options_row,
            file,
        } = self;
        let location = |row: Option<usize>| {
            let mut location = file.as_deref().map(Location::file).unwrap_or_default();
            location.row = row;
            location
        };
        let fail = |row: Option<usize>, message: String| Error::config(location(row), message);
        if themes.is_empty() {
            return Err(Error::config(location(None), "the codebook has no themes")
                .with_hint("add a [[theme]] with an id, a label and include terms"));
        }
        for (name, window) in [
            ("negation_window", options.negation_window),
            ("exclude_window", options.exclude_window),
        ] {
            if window > MAX_WINDOW {
                return Err(fail(
                    options_row,
                    format!("{name} is {window}; expected at most {MAX_WINDOW} words"),
                ));
            }
        }
        let listed: Vec<Theme> = themes.iter().map(|(theme, _)| theme.clone()).collect();
        let tree = ThemeTree::new(listed.clone()).map_err(|error| {
            let position = match &error {
                TreeError::NoId(position)
                | TreeError::BadId(position)
                | TreeError::Duplicate(position)
                | TreeError::UnknownParent(position)
                | TreeError::Cycle(position, _) => *position,
            };
            let failure = fail(themes[position].1.theme, error.message(&listed));
            let parent = themes[position].0.parent.as_deref().unwrap_or("");
            let known: Vec<String> = listed.iter().map(|theme| theme.id.clone()).collect();
            match (&error, crate::error::closest(parent, &known)) {
                (TreeError::UnknownParent(_), Some(best)) => {
                    failure.with_hint(format!("did you mean \"{best}\"?"))
                }
                _ => failure,
            }
        })?;
        let mut compiled = Vec::with_capacity(themes.len());
        for (position, (theme, rows)) in themes.iter().enumerate() {
            if theme.include.is_empty() && !tree.has_children(position) {
                return Err(fail(
                    rows.theme,
                    format!(
                        "theme \"{}\" has no include terms; a theme needs terms unless other themes name it as their parent",
                        theme.id
                    ),
                ));
            }
            let mut terms = ThemeTerms::default();
            let mut seen: HashMap<String, bool> = HashMap::new();
            for (list, exclude, term_rows) in [
                (&theme.include, false, &rows.include),
                (&theme.exclude, true, &rows.exclude),
            ] {
                for (number, term) in list.iter().enumerate() {
                    let row = term_rows.get(number).copied().flatten().or(rows.theme);
                    let kind = if exclude { "exclude term" } else { "term" };
                    let parsed = matcher::parse_term(term).map_err(|message| {
                        fail(
                            row,
                            format!("theme \"{}\", {kind} \"{term}\": {message}", theme.id),
                        )
                    })?;
                    let key = term_key(&parsed);
                    if seen
                        .get(&key)
                        .is_some_and(|&was_exclude| was_exclude != exclude)
                    {
                        return Err(fail(
                            row,
                            format!(
                                "theme \"{}\", term \"{term}\": listed as both include and exclude",
                                theme.id
                            ),
                        ));
                    }
                    seen.insert(key, exclude);
                    if exclude {
                        terms.exclude.push(parsed);
                    } else {
                        terms.include.push(parsed);
                    }
                }
            }
            compiled.push(terms);
        }
        let mut negators = Vec::with_capacity(options.negators.len());
        for negator in &options.negators {
            match matcher::parse_term(negator) {
                Ok(ParsedTerm::Words {
                    words,
                    prefix: false,
                }) => negators.push(words),
                Ok(_) => {
                    return Err(fail(
                        options_row,
                        format!(
                            "negator \"{negator}\": expected a word or phrase, not a prefix or regex"
                        ),
                    ));
                }
                Err(message) => {
                    return Err(fail(
                        options_row,
                        format!("negator \"{negator}\": {message}"),
                    ));
                }
            }
        }
        let settings = MatchSettings {
            stem: options.stem.is_some(),
            negators,
            negation_window: options.negation_window,
            exclude_window: options.exclude_window,
        };
        let matcher = Matcher::new(&compiled, &settings)
            .map_err(|message| Error::config(location(None), message))?;
        Ok(Codebook {
            tree,
            options,
            file,
            matcher,
        })
    }
}

/// A key under which two spellings of the same term compare equal.
fn term_key(term: &ParsedTerm) -> String {
    match term {
        ParsedTerm::Words { words, prefix } => {
            format!("{}{}", words.join(" "), if *prefix { "*" } else { "" })
        }
        ParsedTerm::Regex(regex) => format!("/{}/", regex.as_str()),
    }
}

/// A validated, compiled codebook. It is `Send + Sync`: build one and share it across threads,
/// each with its own [`Scratch`].
pub struct Codebook {
    tree: ThemeTree,
    options: CodebookOptions,
    file: Option<String>,
    pub(crate) matcher: Matcher,
}

impl std::fmt::Debug for Codebook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Codebook")
            .field("file", &self.file)
            .field("options", &self.options)
            .field("themes", &self.tree.themes())
            .finish_non_exhaustive()
    }
}

/// The TOML form, read with unknown keys refused so that a typo (`inlcude`) is an error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodebookFile {
    questions: Option<toml::Spanned<Vec<String>>>,
    stem: Option<toml::Spanned<String>>,
    negation_window: Option<toml::Spanned<usize>>,
    negators: Option<toml::Spanned<Vec<String>>>,
    exclude_window: Option<toml::Spanned<usize>>,
    #[serde(default, rename = "theme")]
    themes: Vec<ThemeFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    id: toml::Spanned<String>,
    label: Option<String>,
    parent: Option<String>,
    description: Option<String>,
    #[serde(default)]
    include: Vec<toml::Spanned<String>>,
    #[serde(default)]
    exclude: Vec<toml::Spanned<String>>,
}

impl Codebook {
    /// A builder that validates when built.
    #[must_use]
    pub fn builder() -> CodebookBuilder {
        CodebookBuilder::default()
    }

    /// Reads a codebook file: `.csv` (or `.tsv`, `.txt`) as the CSV form, anything else as
    /// TOML.
    pub fn read(path: impl AsRef<Path>) -> Result<Codebook> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|error| Error::io(Location::file(&file), error))?;
        let extension = path
            .extension()
            .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
        if matches!(extension.as_deref(), Some("csv" | "tsv" | "txt")) {
            Codebook::from_csv(&bytes, &file)
        } else {
            let text = String::from_utf8(bytes).map_err(|_| {
                Error::config(Location::file(&file), "the codebook is not UTF-8 text")
                    .with_hint("save the TOML file as UTF-8")
            })?;
            Codebook::from_toml(&text, &file)
        }
    }

    /// Parses the TOML form; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Codebook> {
        let line = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let parsed: CodebookFile = toml::from_str(text).map_err(|error| {
            let mut location = Location::file(file);
            location.row = error.span().map(|span| line(span.start));
            Error::config(location, lower_first(error.message().trim()))
        })?;
        let mut options = CodebookOptions::default();
        let mut options_row = None;
        if let Some(stem) = parsed.stem {
            options_row = Some(line(stem.span().start));
            options.stem = match stem.get_ref().trim().to_ascii_lowercase().as_str() {
                "english" => Some(Stemming::English),
                "" | "none" => None,
                other => {
                    let mut location = Location::file(file);
                    location.row = options_row;
                    return Err(Error::config(
                        location,
                        format!("stem = \"{other}\": expected \"english\" or \"none\""),
                    ));
                }
            };
        }
        if let Some(questions) = parsed.questions {
            options_row = Some(line(questions.span().start));
            options.questions = questions
                .into_inner()
                .into_iter()
                .map(|id| id.trim().to_string())
                .filter(|id| !id.is_empty())
                .collect();
        }
        if let Some(window) = parsed.negation_window {
            options_row = Some(line(window.span().start));
            options.negation_window = window.into_inner();
        }
        if let Some(window) = parsed.exclude_window {
            options_row = Some(line(window.span().start));
            options.exclude_window = window.into_inner();
        }
        if let Some(negators) = parsed.negators {
            options_row = Some(line(negators.span().start));
            options.negators = negators.into_inner();
        }
        let mut builder = Codebook::builder().options(options).file(file);
        builder.options_row = options_row;
        for theme in parsed.themes {
            let rows = Rows {
                theme: Some(line(theme.id.span().start)),
                include: theme
                    .include
                    .iter()
                    .map(|term| Some(line(term.span().start)))
                    .collect(),
                exclude: theme
                    .exclude
                    .iter()
                    .map(|term| Some(line(term.span().start)))
                    .collect(),
            };
            let id = theme.id.into_inner();
            builder = builder.theme_at(
                Theme {
                    label: theme.label.unwrap_or_else(|| id.clone()),
                    id,
                    parent: theme.parent.filter(|parent| !parent.trim().is_empty()),
                    description: theme.description,
                    include: theme
                        .include
                        .into_iter()
                        .map(toml::Spanned::into_inner)
                        .collect(),
                    exclude: theme
                        .exclude
                        .into_iter()
                        .map(toml::Spanned::into_inner)
                        .collect(),
                },
                rows,
            );
        }
        builder.build()
    }

    /// Parses the CSV form (any common encoding and delimiter, as Excel saves it): a header row
    /// with `theme_id` and `include` (and optionally `label`, `parent`, `exclude`,
    /// `description`), then one row per theme with the terms of a cell separated by `;`. A row
    /// whose theme id is `option` sets the option named in its label to the value in its
    /// include cell; a row whose theme id starts with `#` is a comment. Rows are numbered in
    /// errors as a spreadsheet shows them.
    pub fn from_csv(bytes: &[u8], file: &str) -> Result<Codebook> {
        let table = SideTable::parse(bytes, file, SideOptions::default())?;
        if table.is_empty() {
            return Err(Error::config(Location::file(file), "the codebook is empty"));
        }
        let column = |names: &[&str]| table.column(names);
        let id_column = column(&["theme_id", "id", "theme", "code"]).ok_or_else(|| {
            Error::config(
                table.header_location(),
                "no theme_id column; expected the columns theme_id, label, parent, include, exclude",
            )
        })?;
        let include_column = column(&["include", "terms", "include_terms", "keywords"]).ok_or_else(|| {
            Error::config(
                table.header_location(),
                "no include column; expected the columns theme_id, label, parent, include, exclude",
            )
        })?;
        let label_column = column(&["label", "name", "theme_label"]);
        let parent_column = column(&["parent", "parent_id", "parent_theme"]);
        let exclude_column = column(&["exclude", "exclude_terms"]);
        let description_column = column(&["description", "notes"]);
        let mut builder = Codebook::builder().file(file);
        for record in &table.records {
            let row = record.row;
            let cell = |column: Option<usize>| record.get(column).to_string();
            let id = cell(Some(id_column));
            if id.starts_with('#') {
                continue;
            }
            if id.eq_ignore_ascii_case("option") {
                let name = cell(label_column);
                let value = cell(Some(include_column));
                csv_option(&mut builder.options, &name, &value).map_err(|message| {
                    Error::config(Location::file(file).with_row(row), message)
                })?;
                builder.options_row = Some(row);
                continue;
            }
            let include = split_terms(&cell(Some(include_column)));
            let exclude = split_terms(&cell(exclude_column));
            let rows = Rows {
                theme: Some(row),
                include: vec![Some(row); include.len()],
                exclude: vec![Some(row); exclude.len()],
            };
            let label = cell(label_column);
            let parent = cell(parent_column);
            let description = cell(description_column);
            builder = builder.theme_at(
                Theme {
                    label: if label.is_empty() { id.clone() } else { label },
                    id,
                    parent: (!parent.is_empty()).then_some(parent),
                    description: (!description.is_empty()).then_some(description),
                    include,
                    exclude,
                },
                rows,
            );
        }
        builder.build()
    }

    /// The themes in codebook order.
    #[must_use]
    pub fn themes(&self) -> &[Theme] {
        self.tree.themes()
    }

    /// The themes with their hierarchy, as every coder has them.
    #[must_use]
    pub fn tree(&self) -> &ThemeTree {
        &self.tree
    }

    /// The options.
    #[must_use]
    pub fn options(&self) -> &CodebookOptions {
        &self.options
    }

    /// The ids of the questions the codebook was written for (its `questions` option); empty
    /// when it does not say.
    #[must_use]
    pub fn questions(&self) -> &[String] {
        &self.options.questions
    }

    /// The file the codebook was read from, when it was.
    #[must_use]
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The index of the theme with this id ([`ThemeTree::index_of`]).
    #[must_use]
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.tree.index_of(id)
    }

    /// The parent of a theme, by index ([`ThemeTree::parent_of`]).
    #[must_use]
    pub fn parent_of(&self, theme: usize) -> Option<usize> {
        self.tree.parent_of(theme)
    }

    /// A theme and all its ancestors, nearest first ([`ThemeTree::with_ancestors`]).
    #[must_use]
    pub fn with_ancestors(&self, theme: usize) -> Vec<usize> {
        self.tree.with_ancestors(theme)
    }

    /// A theme and all its ancestors, nearest first, without allocating
    /// ([`ThemeTree::lineage`]).
    pub fn lineage(&self, theme: usize) -> impl Iterator<Item = usize> + '_ {
        self.tree.lineage(theme)
    }

    /// True when `theme` is `ancestor` or lies under it ([`ThemeTree::is_within`]).
    #[must_use]
    pub fn is_within(&self, theme: usize, ancestor: usize) -> bool {
        self.tree.is_within(theme, ancestor)
    }

    /// How deep a theme sits in the hierarchy: 0 for a top-level theme ([`ThemeTree::depth`]).
    #[must_use]
    pub fn depth(&self, theme: usize) -> usize {
        self.tree.depth(theme)
    }

    /// Theme indices in display order: each top-level theme followed by its descendants
    /// ([`ThemeTree::display_order`]).
    #[must_use]
    pub fn display_order(&self) -> &[usize] {
        self.tree.display_order()
    }

    /// True when another theme names this one as its parent ([`ThemeTree::has_children`]).
    #[must_use]
    pub fn has_children(&self, theme: usize) -> bool {
        self.tree.has_children(theme)
    }

    /// Every include match in a text, with whether it counts (low level: indices into the
    /// codebook). Reuse one `scratch` per thread.
    pub fn find(&self, text: &str, scratch: &mut Scratch) -> Vec<TermMatch> {
        self.matcher.find(text, scratch)
    }

    /// Codes one comment: the themes it is coded with, with the evidence for each.
    #[must_use]
    pub fn code(&self, text: &str) -> CommentCoding {
        self.code_with(text, &mut Scratch::default())
    }

    /// [`Codebook::code`] reusing buffers across calls.
    pub fn code_with(&self, text: &str, scratch: &mut Scratch) -> CommentCoding {
        let matches = self.matcher.find(text, scratch);
        self.coding_of(text, &matches)
    }

    /// Turns low-level matches into a comment's coding: evidence for the matches that count,
    /// and for the others the reason they do not.
    #[must_use]
    pub fn coding_of(&self, text: &str, matches: &[TermMatch]) -> CommentCoding {
        let mut coding = CommentCoding::default();
        let slice = |start: usize, end: usize| text.get(start..end).unwrap_or("");
        for found in matches {
            let evidence = Evidence {
                theme: found.theme,
                term: found.term,
                start: found.start,
                end: found.end,
            };
            match found.status {
                matcher::MatchStatus::Counted => coding.evidence.push(evidence),
                matcher::MatchStatus::Negated { start, end } => {
                    coding.suppressed.push(Suppressed {
                        evidence,
                        reason: format!("negated by \"{}\"", slice(start, end)),
                    });
                }
                matcher::MatchStatus::Excluded { term, start, end } => {
                    coding.suppressed.push(Suppressed {
                        evidence,
                        reason: format!(
                            "excluded by term \"{}\" (\"{}\")",
                            self.themes()[found.theme]
                                .exclude
                                .get(term)
                                .map_or("", String::as_str),
                            slice(start, end)
                        ),
                    });
                }
            }
        }
        coding
    }

    /// The codebook as TOML that [`Codebook::from_toml`] reads back.
    #[must_use]
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        let defaults = CodebookOptions::default();
        if let Some(Stemming::English) = self.options.stem {
            out.push_str("stem = \"english\"\n");
        }
        if self.options.negation_window != defaults.negation_window {
            let _ = writeln!(out, "negation_window = {}", self.options.negation_window);
        }
        if self.options.exclude_window != defaults.exclude_window {
            let _ = writeln!(out, "exclude_window = {}", self.options.exclude_window);
        }
        if self.options.negators != defaults.negators {
            let _ = writeln!(out, "negators = {}", toml_list(&self.options.negators));
        }
        for theme in self.themes() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str("[[theme]]\n");
            let _ = writeln!(out, "id = {}", toml_string(&theme.id));
            let _ = writeln!(out, "label = {}", toml_string(&theme.label));
            if let Some(parent) = &theme.parent {
                let _ = writeln!(out, "parent = {}", toml_string(parent));
            }
            if let Some(description) = &theme.description {
                let _ = writeln!(out, "description = {}", toml_string(description));
            }
            if !theme.include.is_empty() {
                let _ = writeln!(out, "include = {}", toml_list(&theme.include));
            }
            if !theme.exclude.is_empty() {
                let _ = writeln!(out, "exclude = {}", toml_list(&theme.exclude));
            }
        }
        out
    }
}

/// A TOML basic string with everything escaped that needs it.
pub(crate) fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A one-line TOML array of strings.
pub(crate) fn toml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| toml_string(item)).collect();
    format!("[{}]", items.join(", "))
}

/// Sets one option from a CSV `option` row: the name in the label column, the value in the
/// include column.
fn csv_option(options: &mut CodebookOptions, name: &str, value: &str) -> Result<(), String> {
    let number = |value: &str| {
        value
            .trim()
            .parse::<usize>()
            .map_err(|_| format!("option {name} = \"{value}\": expected a whole number of words"))
    };
    match name
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '-'], "_")
        .as_str()
    {
        "stem" => {
            options.stem = match value.trim().to_ascii_lowercase().as_str() {
                "english" => Some(Stemming::English),
                "" | "none" => None,
                other => {
                    return Err(format!(
                        "option stem = \"{other}\": expected \"english\" or \"none\""
                    ));
                }
            };
        }
        "negation_window" => options.negation_window = number(value)?,
        "exclude_window" => options.exclude_window = number(value)?,
        "negators" => options.negators = split_terms(value),
        "questions" => options.questions = split_terms(value),
        _ => {
            return Err(format!(
                "unknown option \"{name}\"; expected questions, stem, negation_window, exclude_window or negators"
            ));
        }
    }
    Ok(())
}

/// Splits a CSV cell of terms on `;`, keeping a `;` that sits inside a `/regex/`.
fn split_terms(cell: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut current = String::new();
    for ch in cell.chars() {
        let in_regex = {
            let trimmed = current.trim_start();
            trimmed.starts_with('/') && (trimmed.len() == 1 || !trimmed.trim_end().ends_with('/'))
        };
        if ch == ';' && !in_regex {
            terms.push(std::mem::take(&mut current));
        } else {
            current.push(ch);
        }
    }
    terms.push(current);
    terms
        .into_iter()
        .map(|term| term.trim().to_string())
        .filter(|term| !term.is_empty())
        .collect()
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|ch| ch.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
stem = "english"

[[theme]]
id = "services"
label = "Services"

[[theme]]
id = "access"
label = "Access and waiting times"
parent = "services"
include = ["appointment*", "waiting time", "walk in", "/walk[- ]?in centre/"]
exclude = ["parking"]

[[theme]]
id = "parking"
label = "Parking"
include = ["parking", "car park"]
"#;

    fn error_of(text: &str) -> String {
        Codebook::from_toml(text, "codebook.toml")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_issue_example_loads_with_its_hierarchy() {
        let codebook = Codebook::from_toml(SAMPLE, "codebook.toml").unwrap();
        assert_eq!(codebook.themes().len(), 3);
        assert_eq!(codebook.options().stem, Some(Stemming::English));
        let access = codebook.index_of("access").unwrap();
        assert_eq!(codebook.parent_of(access), codebook.index_of("services"));
        assert_eq!(codebook.depth(access), 1);
        assert_eq!(codebook.display_order(), [0, 1, 2]);
        assert!(codebook.has_children(0));
    }

    #[test]
    fn a_codebook_is_send_and_sync() {
        fn shared<T: Send + Sync>() {}
        shared::<Codebook>();
    }

    #[test]
    fn validation_errors_name_the_theme_the_term_and_the_row() {
        for (text, expected) in [
            (
                "[[theme]]\nid = \"a\"\nlabel = \"A\"\n",
                "codebook.toml: row 2: theme \"a\" has no include terms",
            ),
            (
                "[[theme]]\nid = \"a\"\ninclude = [\"x\"]\n[[theme]]\nid = \"a\"\ninclude = [\"y\"]\n",
                "codebook.toml: row 5: theme \"a\" is defined twice",
            ),
            (
                "[[theme]]\nid = \"a\"\ninclude = [\n  \"fine\",\n  \"/walk[/\",\n]\n",
                "codebook.toml: row 5: theme \"a\", term \"/walk[/\": invalid regex: unclosed character class",
            ),
            (
                "[[theme]]\nid = \"a\"\nparent = \"b\"\ninclude = [\"x\"]\n",
                "codebook.toml: row 2: theme \"a\": unknown parent \"b\"",
            ),
            (
                "[[theme]]\nid = \"a\"\nparent = \"b\"\ninclude = [\"x\"]\n[[theme]]\nid = \"b\"\nparent = \"a\"\ninclude = [\"y\"]\n",
                "codebook.toml: row 2: theme \"a\": the parents form a cycle: a -> b -> a",
            ),
            (
                "[[theme]]\nid = \"a\"\nparent = \"a\"\ninclude = [\"x\"]\n",
                "codebook.toml: row 2: theme \"a\": the parents form a cycle: a -> a",
            ),
            (
                "[[theme]]\nid = \"a\"\ninclude = [\"x\"]\nexclude = [\"\"]\n",
                "codebook.toml: row 4: theme \"a\", exclude term \"\": the term is empty",
            ),
            (
                "[[theme]]\nid = \"a\"\ninclude = [\"Parking\"]\nexclude = [\"parking\"]\n",
                "codebook.toml: row 4: theme \"a\", term \"parking\": listed as both include and exclude",
            ),
            (
                "[[theme]]\nid = \"a\"\ninlcude = [\"x\"]\n",
                "codebook.toml: row 3: unknown field `inlcude`",
            ),
            (
                "stem = \"latin\"\n[[theme]]\nid = \"a\"\ninclude = [\"x\"]\n",
                "codebook.toml: row 1: stem = \"latin\": expected \"english\" or \"none\"",
            ),
            ("", "codebook.toml: the codebook has no themes"),
            (
                "negators = [\"no*\"]\n[[theme]]\nid = \"a\"\ninclude = [\"x\"]\n",
                "codebook.toml: row 1: negator \"no*\": expected a word or phrase",
            ),
        ] {
            let error = error_of(text);
            assert!(error.starts_with(expected), "{text}\n{error}");
        }
    }

    #[test]
    fn an_unknown_parent_hints_the_closest_id() {
        let error = Codebook::builder()
            .theme(Theme::new("services", "Services").with_include(["service"]))
            .theme(
                Theme::new("a", "A")
                    .with_parent("servces")
                    .with_include(["x"]),
            )
            .build()
            .unwrap_err();
        assert_eq!(error.hint(), Some("did you mean \"services\"?"));
    }

    #[test]
    fn the_csv_form_matches_the_toml_form() {
        let csv = "Theme ID,Label,Parent,Include,Exclude\n\
                   services,Services,,,\n\
                   access,Access and waiting times,services,\"appointment*; waiting time;walk in; /walk[- ]?in centre/\",parking\n\
                   ,,,,\n\
                   # a note,,,,\n\
                   parking,Parking,,parking;car park,\n";
        let from_csv = Codebook::from_csv(csv.as_bytes(), "codebook.csv").unwrap();
        let from_toml = Codebook::from_toml(SAMPLE, "codebook.toml").unwrap();
        assert_eq!(from_csv.themes(), from_toml.themes());
        let error = Codebook::from_csv(b"theme_id,include\nx,\"/a[/\"\n", "c.csv").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("c.csv: row 2: theme \"x\", term \"/a[/\": invalid regex"),
            "{error}"
        );
        let with_options = Codebook::from_csv(
            b"theme_id,label,include\noption,stem,english\noption,Negation window,3\noption,negators,no problem;no issue\nx,X,wait\n",
            "c.csv",
        )
        .unwrap();
        assert_eq!(with_options.options().stem, Some(Stemming::English));
        assert_eq!(with_options.options().negation_window, 3);
        assert_eq!(with_options.options().negators, ["no problem", "no issue"]);
        let error = Codebook::from_csv(b"theme_id,label,include\noption,stm,english\n", "c.csv")
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("c.csv: row 2: unknown option \"stm\""),
            "{error}"
        );
        let error = Codebook::from_csv(b"name,terms\n", "c.csv").unwrap_err();
        assert!(error.to_string().contains("no theme_id column"), "{error}");
    }

    #[test]
    fn csv_terms_split_on_semicolons_outside_regexes() {
        assert_eq!(
            split_terms(" a ; b c;/x;y/; d* ;;"),
            ["a", "b c", "/x;y/", "d*"]
        );
    }

    #[test]
    fn to_toml_reads_back_the_same_codebook() {
        let codebook = Codebook::from_toml(SAMPLE, "codebook.toml").unwrap();
        let again = Codebook::from_toml(&codebook.to_toml(), "again.toml").unwrap();
        assert_eq!(again.themes(), codebook.themes());
        assert_eq!(again.options(), codebook.options());
    }
}
