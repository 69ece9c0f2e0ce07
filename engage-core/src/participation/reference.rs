//! The reference population a sample is compared with: a tidy CSV of
//! `variable,category,population`, with an optional `includes` column that says which detailed
//! survey answers count as each category.
//!
//! ```text
//! # England and Wales, Census 2021 (lines starting with # are notes, kept for the report)
//! variable,category,population,includes
//! sex,Female,30420202,
//! sex,Male,29177340,
//! ethnicity,White,81.7%,White:*|White
//! ethnicity,"Asian, Asian British or Asian Welsh",9.3%,Asian*
//! ```
//!
//! - `variable` names a profile kind (`age`, `sex`, `ethnicity`, `disability`, `religion`,
//!   `sexual_orientation`, `area`, `capacity`, `channel`, or a synonym such as `gender` or
//!   `ethnic_group`) or a question id. A question id wins over a profile kind.
//! - `population` is, per variable, either counts (`30420202`, `"30,420,202"`), percentages
//!   (`81.7%`, summing to 100 within half a point), or shares (`0.817`, at most 1, summing to 1
//!   within 0.005). A row named `Total` (or `All usual residents`, `All persons`) is checked
//!   against the others and then left out.
//! - `includes` lists survey answers that count as the category, separated by `|`; an entry
//!   ending in `*` is a prefix (`White:*` takes "White: Irish" and "White: Roma"). Labels are
//!   compared without regard to case or punctuation, prefixes without regard to case.
//!
//! A `survey.toml` can add the same mapping for one survey, under `[participation.groups]`:
//!
//! ```toml
//! [participation.groups.ethnicity]
//! "White" = ["White - British", "White - other"]
//! ```
//!
//! Age bands need no mapping when both sides are bands of years: `16-24` in a survey is compared
//! with the reference's `15-19` and `20-24` (see the representation module).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::matching::{self, Pattern};
use crate::error::{Error, Location, Result};
use crate::ingest::side_table::{SideOptions, SideTable};
use crate::schema::SurveyConfig;

/// How a variable's populations were given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PopulationKind {
    /// Numbers of people.
    Counts,
    /// Percentages summing to 100.
    Percentages,
    /// Shares from 0 to 1 summing to 1.
    Shares,
}

/// One category of a reference variable.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferenceCategory {
    /// The category as written in the file.
    pub label: String,
    /// The population as given (a count, a percentage or a share).
    pub population: f64,
    /// The category's share of the variable's population, 0 to 1.
    pub share: f64,
    /// Survey answers counted as this category (from the file and the survey config); entries
    /// ending in `*` are prefixes.
    pub includes: Vec<String>,
    /// The row a spreadsheet shows the category on (0 when added in code).
    pub row: usize,
    #[serde(skip)]
    patterns: Vec<Pattern>,
}

impl ReferenceCategory {
    /// A category with a population and no includes (for building references in code).
    #[must_use]
    pub fn new(label: impl Into<String>, population: f64) -> ReferenceCategory {
        ReferenceCategory {
            label: label.into(),
            population,
            share: 0.0,
            includes: Vec::new(),
            row: 0,
            patterns: Vec::new(),
        }
    }

    /// This category with survey answers counted as it (`*` at the end for a prefix).
    #[must_use]
    pub fn with_includes(mut self, includes: &[&str]) -> ReferenceCategory {
        for include in includes {
            self.add_include(include);
        }
        self
    }

    fn add_include(&mut self, include: &str) {
        if let Some(pattern) = Pattern::parse(include) {
            self.includes.push(include.trim().to_string());
            self.patterns.push(pattern);
        }
    }

    /// How strongly an answer matches this category: `None` for no match.
    pub(crate) fn match_strength(&self, answer: &str, own_label: &str) -> Option<usize> {
        let folded = matching::fold(answer);
        if folded == matching::fold(own_label) {
            return Some(usize::MAX);
        }
        let kept = matching::fold_keeping_punctuation(answer);
        self.patterns
            .iter()
            .filter_map(|pattern| pattern.strength(&folded, &kept))
            .max()
    }
}

/// One variable of the reference: its categories in file order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferenceVariable {
    /// The variable as written (`age`, `sex`, a question id).
    pub name: String,
    /// How the populations were given.
    pub kind: PopulationKind,
    /// The categories in file order.
    pub categories: Vec<ReferenceCategory>,
}

impl ReferenceVariable {
    /// A variable of population counts (for building references in code).
    pub fn counts(
        name: impl Into<String>,
        categories: Vec<ReferenceCategory>,
    ) -> Result<ReferenceVariable> {
        let mut variable = ReferenceVariable {
            name: name.into(),
            kind: PopulationKind::Counts,
            categories,
        };
        variable.set_shares(&Location::default())?;
        Ok(variable)
    }

    /// A variable of shares from 0 to 1 summing to 1 (for building references in code).
    pub fn shares(
        name: impl Into<String>,
        categories: Vec<ReferenceCategory>,
    ) -> Result<ReferenceVariable> {
        let mut variable = ReferenceVariable {
            name: name.into(),
            kind: PopulationKind::Shares,
            categories,
        };
        variable.check_sum(&Location::default())?;
        variable.set_shares(&Location::default())?;
        Ok(variable)
    }

    fn total(&self) -> f64 {
        self.categories
            .iter()
            .map(|category| category.population)
            .sum()
    }

    fn check_sum(&self, location: &Location) -> Result<()> {
        let total = self.total();
        let (expected, slack, what) = match self.kind {
            PopulationKind::Counts => return Ok(()),
            PopulationKind::Percentages => (100.0, 0.5, "percentages"),
            PopulationKind::Shares => (1.0, 0.005, "shares"),
        };
        if (total - expected).abs() > slack {
            return Err(Error::config(
                location.clone(),
                format!(
                    "variable \"{}\": {what} that sum to {}, expected {expected} (within {slack})",
                    self.name,
                    crate::table::plain_number(total)
                ),
            )
            .with_hint("give every category of the variable, or give counts instead"));
        }
        Ok(())
    }

    fn set_shares(&mut self, location: &Location) -> Result<()> {
        let total = self.total();
        if total <= 0.0 {
            return Err(Error::config(
                location.clone(),
                format!(
                    "variable \"{}\": every population is 0, expected at least one category with people in it",
                    self.name
                ),
            ));
        }
        for category in &mut self.categories {
            category.share = category.population / total;
        }
        Ok(())
    }

    /// The category with this label (compared without regard to case or punctuation).
    #[must_use]
    pub fn category(&self, label: &str) -> Option<&ReferenceCategory> {
        let folded = matching::fold(label);
        self.categories
            .iter()
            .find(|category| matching::fold(&category.label) == folded)
    }
}

/// A reference population: variables, their categories and populations, and the notes
/// (source, date, rounding) from the file's `#` lines.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Reference {
    /// The file, as the user named it.
    pub file: String,
    /// The `#` lines of the file, without the `#`: where the figures come from.
    pub notes: Vec<String>,
    /// The variables in file order.
    pub variables: Vec<ReferenceVariable>,
    /// Option merges from the survey config (old label to new), applied to category labels so
    /// that they meet the survey's merged answers.
    #[serde(skip)]
    merges: BTreeMap<String, String>,
    /// Per-question merges from the survey config.
    #[serde(skip)]
    question_merges: BTreeMap<String, BTreeMap<String, String>>,
}

/// Names a "total" row may have.
const TOTAL_ROWS: &[&str] = &[
    "total",
    "all",
    "all usual residents",
    "all persons",
    "all people",
    "total population",
];

/// How reference files are read: `#` lines are notes on where the figures come from.
const FILE_OPTIONS: SideOptions = SideOptions {
    notes: true,
    headerless: false,
    delimiter: None,
};

impl Reference {
    /// A reference built in code.
    #[must_use]
    pub fn new(file: impl Into<String>, variables: Vec<ReferenceVariable>) -> Reference {
        Reference {
            file: file.into(),
            variables,
            ..Reference::default()
        }
    }

    /// Reads a reference file: CSV as Excel saves it (UTF-8 with or without BOM, UTF-16 or
    /// Windows-1252, with `,` `;` tab or `|` between cells).
    pub fn read(path: impl AsRef<Path>) -> Result<Reference> {
        Reference::from_table(&SideTable::read(path.as_ref(), FILE_OPTIONS)?)
    }

    /// Parses reference CSV text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Reference> {
        Reference::from_table(&SideTable::parse(text.as_bytes(), file, FILE_OPTIONS)?)
    }

    fn from_table(table: &SideTable) -> Result<Reference> {
        let file = table.file.as_str();
        if table.is_empty() {
            return Err(Error::format(
                Location::file(file),
                "no header row, expected `variable,category,population`",
            ));
        }
        let (Some(variable_at), Some(category_at), Some(population_at)) = (
            table.column(&["variable"]),
            table.column(&["category"]),
            table.column(&["population"]),
        ) else {
            return Err(Error::format(
                table.header_location(),
                format!(
                    "the header is `{}`, expected `variable,category,population` (and optionally `includes`)",
                    // A file that is not a reference (a whole export) has a long first line:
                    // enough of it to recognise.
                    crate::table::truncate(&table.header.join(","), 80)
                ),
            ));
        };
        let includes_at = table.column(&["includes"]);

        let mut variables: Vec<ReferenceVariable> = Vec::new();
        let mut totals: Vec<(usize, f64, usize, bool)> = Vec::new();
        let mut percent_seen: Vec<(bool, bool)> = Vec::new();
        for record in &table.records {
            let row = record.row;
            let cell = |at: usize| record.cell(at);
            let variable = cell(variable_at);
            let category = cell(category_at);
            let population = cell(population_at);
            if variable.is_empty() {
                return Err(Error::config(
                    table.cell_location(record, variable_at),
                    "the variable is empty, expected a profile kind (age, sex, ethnicity...) or a question id",
                ));
            }
            if category.is_empty() {
                return Err(Error::config(
                    table.cell_location(record, category_at),
                    "the category is empty, expected a label such as \"Female\" or \"16-24\"",
                ));
            }
            let (value, percent) = parse_population(population).ok_or_else(|| {
                Error::config(
                    table.cell_location(record, population_at),
                    format!(
                        "expected a count, a percentage or a share of at least 0, found \"{population}\""
                    ),
                )
            })?;
            let index = if let Some(index) = variables
                .iter()
                .position(|known| matching::fold(&known.name) == matching::fold(variable))
            {
                index
            } else {
                variables.push(ReferenceVariable {
                    name: variable.to_string(),
                    kind: PopulationKind::Counts,
                    categories: Vec::new(),
                });
                totals.push((0, 0.0, 0, false));
                percent_seen.push((false, false));
                variables.len() - 1
            };
            if percent {
                percent_seen[index].0 = true;
            } else {
                percent_seen[index].1 = true;
            }
            if percent_seen[index].0 && percent_seen[index].1 {
                return Err(Error::config(
                    table.cell_location(record, population_at),
                    format!(
                        "variable \"{variable}\" mixes percentages and plain numbers, expected one or the other"
                    ),
                ));
            }
            if TOTAL_ROWS.contains(&matching::fold(category).as_str()) {
                totals[index] = (row, value, 1, percent);
                continue;
            }
            let target = &mut variables[index];
            if let Some(existing) = target.category(category) {
                return Err(Error::config(
                    table.cell_location(record, category_at),
                    format!(
                        "category \"{category}\" of variable \"{variable}\" is already on row {}, expected each category once",
                        existing.row
                    ),
                ));
            }
            let mut entry = ReferenceCategory::new(category, value);
            entry.row = row;
            if let Some(at) = includes_at {
                for include in cell(at).split('|') {
                    entry.add_include(include);
                }
            }
            target.categories.push(entry);
        }
        if variables.is_empty() {
            return Err(Error::config(
                Location::file(file),
                "no categories, expected rows of `variable,category,population`",
            ));
        }
        for (index, variable) in variables.iter_mut().enumerate() {
            let first_row = variable
                .categories
                .first()
                .map_or(0, |category| category.row);
            let location = Location::file(file).with_row(first_row);
            if variable.categories.is_empty() {
                return Err(Error::config(
                    Location::file(file).with_row(totals[index].0),
                    format!(
                        "variable \"{}\" has only a total, expected its categories",
                        variable.name
                    ),
                ));
            }
            let all_fractions = variable
                .categories
                .iter()
                .all(|category| category.population <= 1.0);
            let any_fraction = variable
                .categories
                .iter()
                .any(|category| category.population.fract() != 0.0);
            variable.kind = if percent_seen[index].0 {
                PopulationKind::Percentages
            } else if all_fractions && any_fraction {
                PopulationKind::Shares
            } else {
                PopulationKind::Counts
            };
            variable.check_sum(&location)?;
            let (total_row, total, has_total, _) = totals[index];
            if has_total == 1 {
                let sum = variable.total();
                let slack = match variable.kind {
                    PopulationKind::Counts => 0.005 * total.max(1.0),
                    PopulationKind::Percentages => 0.5,
                    PopulationKind::Shares => 0.005,
                };
                if (sum - total).abs() > slack {
                    return Err(Error::config(
                        Location::file(file)
                            .with_row(total_row)
                            .with_column("population"),
                        format!(
                            "variable \"{}\": the categories sum to {}, but the total row says {}",
                            variable.name,
                            crate::table::plain_number(sum),
                            crate::table::plain_number(total)
                        ),
                    )
                    .with_hint(
                        "a category is missing or mistyped; the total row may be left out",
                    ));
                }
            }
            variable.set_shares(&location)?;
        }
        Ok(Reference {
            file: file.to_string(),
            notes: table
                .notes
                .iter()
                .filter(|note| !note.is_empty())
                .cloned()
                .collect(),
            variables,
            merges: BTreeMap::new(),
            question_merges: BTreeMap::new(),
        })
    }

    /// Applies a survey config: its option merges (so reference labels meet merged answers) and
    /// its `[participation.groups]` (survey answers counted as reference categories).
    pub fn with_config(mut self, config: &SurveyConfig) -> Result<Reference> {
        self.merges = config
            .merge
            .iter()
            .map(|(from, to)| (matching::fold(from), to.clone()))
            .collect();
        self.question_merges = config
            .questions
            .iter()
            .filter(|(_, setting)| !setting.merge.is_empty())
            .map(|(id, setting)| {
                (
                    id.clone(),
                    setting
                        .merge
                        .iter()
                        .map(|(from, to)| (matching::fold(from), to.clone()))
                        .collect(),
                )
            })
            .collect();
        let groups = super::ParticipationOptions::groups_from_config(config);
        self.add_groups(&groups, config.file())
    }

    /// Adds survey answers to categories: variable name to category label to the answers (or
    /// `prefix*` patterns) that count as it.
    pub fn with_groups(
        self,
        groups: &BTreeMap<String, BTreeMap<String, Vec<String>>>,
    ) -> Result<Reference> {
        self.add_groups(groups, "survey.toml")
    }

    /// [`Reference::with_groups`], naming `config_file` in errors.
    fn add_groups(
        mut self,
        groups: &BTreeMap<String, BTreeMap<String, Vec<String>>>,
        config_file: &str,
    ) -> Result<Reference> {
        let location = Location::file(config_file);
        for (variable_name, categories) in groups {
            let Some(variable) = self
                .variables
                .iter_mut()
                .find(|variable| matching::fold(&variable.name) == matching::fold(variable_name))
            else {
                let known: Vec<&str> = self
                    .variables
                    .iter()
                    .map(|variable| variable.name.as_str())
                    .collect();
                return Err(Error::config(
                    location.with_column(format!("participation.groups.{variable_name}")),
                    format!(
                        "\"{variable_name}\" is not a variable of the reference {}, expected one of {}",
                        self.file,
                        known.join(", ")
                    ),
                ));
            };
            for (category_label, answers) in categories {
                let folded = matching::fold(category_label);
                let Some(category) = variable
                    .categories
                    .iter_mut()
                    .find(|category| matching::fold(&category.label) == folded)
                else {
                    return Err(Error::config(
                        location.with_column(format!("participation.groups.{variable_name}")),
                        format!(
                            "\"{category_label}\" is not a category of \"{variable_name}\" in {}",
                            self.file
                        ),
                    ));
                };
                if answers.is_empty() {
                    return Err(Error::config(
                        location.with_column(format!("participation.groups.{variable_name}")),
                        format!(
                            "the group \"{category_label}\" is empty, expected the survey answers that count as it"
                        ),
                    ));
                }
                for answer in answers {
                    category.add_include(answer);
                }
            }
        }
        Ok(self)
    }

    /// The variable with this name (compared without regard to case or punctuation).
    #[must_use]
    pub fn variable(&self, name: &str) -> Option<&ReferenceVariable> {
        let folded = matching::fold(name);
        self.variables
            .iter()
            .find(|variable| matching::fold(&variable.name) == folded)
    }

    /// A category's label as the survey's merged answers spell it: the config's merges for the
    /// question, then its global merges, applied to the reference's label.
    pub(crate) fn merged_label<'a>(&'a self, question: &str, label: &'a str) -> &'a str {
        let folded = matching::fold(label);
        if let Some(to) = self
            .question_merges
            .get(question)
            .and_then(|merges| merges.get(&folded))
        {
            return to;
        }
        self.merges.get(&folded).map_or(label, String::as_str)
    }
}

/// A population cell: the number and whether it was a percentage. `None` when it is not a
/// finite number of at least 0.
fn parse_population(text: &str) -> Option<(f64, bool)> {
    let text = text.trim();
    let (text, percent) = match text.strip_suffix('%') {
        Some(rest) => (rest.trim(), true),
        None => (text, false),
    };
    let cleaned: String = text
        .chars()
        .filter(|ch| !matches!(ch, ',' | '_' | ' ' | '\u{a0}'))
        .collect();
    let value: f64 = cleaned.parse().ok()?;
    (value.is_finite() && value >= 0.0).then_some((value, percent))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\u{feff}# Census 2021\n# rounded\nvariable,category,population,includes\n\
        sex,Female,\"30,420,202\",\nsex,Male,29177340,\nsex,Total,59597542,\n\
        ethnicity,White,81.7%,White:*|White\nethnicity,Asian,9.3%,Asian*\nethnicity,Black,4.0%,\n\
        ethnicity,Mixed,2.9%,\nethnicity,Other,2.1%,\n";

    #[test]
    fn a_reference_file_parses_with_notes_totals_and_includes() {
        let reference = Reference::parse(SAMPLE, "ref.csv").unwrap();
        assert_eq!(reference.notes, vec!["Census 2021", "rounded"]);
        let sex = reference.variable("Sex").unwrap();
        assert_eq!(sex.kind, PopulationKind::Counts);
        assert_eq!(sex.categories.len(), 2);
        assert_eq!(sex.categories[0].population, 30_420_202.0);
        assert!((sex.categories[0].share - 30_420_202.0 / 59_597_542.0).abs() < 1e-15);
        assert_eq!(sex.categories[0].row, 4);
        let ethnicity = reference.variable("ethnicity").unwrap();
        assert_eq!(ethnicity.kind, PopulationKind::Percentages);
        assert!((ethnicity.categories[0].share - 0.817).abs() < 1e-12);
        let white = &ethnicity.categories[0];
        assert_eq!(white.includes, vec!["White:*", "White"]);
        assert!(white.match_strength("White: Irish", "White").is_some());
        assert!(
            white
                .match_strength("Mixed: White and Asian", "White")
                .is_none()
        );
    }

    #[test]
    fn shares_are_recognised_and_must_sum() {
        let reference = Reference::parse(
            "variable,category,population\nsex,F,0.51\nsex,M,0.49\n",
            "r.csv",
        )
        .unwrap();
        assert_eq!(reference.variables[0].kind, PopulationKind::Shares);
        let error = Reference::parse(
            "variable,category,population\nsex,F,0.51\nsex,M,0.39\n",
            "r.csv",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "r.csv: row 2: variable \"sex\": shares that sum to 0.9, expected 1 (within 0.005)"
        );
    }

    #[test]
    fn bad_rows_name_their_line_and_column() {
        for (text, message) in [
            (
                "variable,category,population\nsex,F,lots\n",
                "r.csv: row 2, column \"population\": expected a count, a percentage or a share of at least 0, found \"lots\"",
            ),
            (
                "variable,category,population\nsex,F,-3\n",
                "r.csv: row 2, column \"population\": expected a count, a percentage or a share of at least 0, found \"-3\"",
            ),
            (
                "variable,category,population\nsex,F,10\nsex,M,10\nsex,Total,30\n",
                "r.csv: row 4, column \"population\": variable \"sex\": the categories sum to 20, but the total row says 30",
            ),
            (
                "variable,category,population\nsex,F,0\nsex,M,0\n",
                "r.csv: row 2: variable \"sex\": every population is 0, expected at least one category with people in it",
            ),
            (
                "variable,category,population\nsex,F,1\nsex,f,2\n",
                "r.csv: row 3, column \"category\": category \"f\" of variable \"sex\" is already on row 2, expected each category once",
            ),
            (
                "Timestamp,How satisfied were you with your last visit to the walk-in centre?,The walk-in centre should stay at its current site\n",
                "r.csv: row 1: the header is `Timestamp,How satisfied were you with your last visit to the walk-in centre?,Th\u{2026}`, expected `variable,category,population` (and optionally `includes`)",
            ),
            (
                "var,cat,pop\n",
                "r.csv: row 1: the header is `var,cat,pop`, expected `variable,category,population` (and optionally `includes`)",
            ),
            (
                "variable,category,population\nsex,F,50%\nsex,M,30\n",
                "r.csv: row 3, column \"population\": variable \"sex\" mixes percentages and plain numbers, expected one or the other",
            ),
        ] {
            let error = Reference::parse(text, "r.csv").unwrap_err();
            assert_eq!(error.to_string(), message);
        }
    }

    #[test]
    fn config_groups_and_merges_apply() {
        let config = SurveyConfig::parse(
            "[merge]\n\"Woman\" = \"Female\"\n[participation.groups.ethnicity]\n\"Black\" = [\"Black - any\"]\n",
            "survey.toml",
        )
        .unwrap();
        let reference = Reference::parse(
            "variable,category,population\nsex,Woman,1\nsex,Man,1\nethnicity,Black,1\nethnicity,White,1\n",
            "r.csv",
        )
        .unwrap()
        .with_config(&config)
        .unwrap();
        assert_eq!(reference.merged_label("sex", "Woman"), "Female");
        assert_eq!(reference.merged_label("sex", "Man"), "Man");
        let black = &reference.variable("ethnicity").unwrap().categories[0];
        assert!(black.match_strength("black - ANY", "Black").is_some());
        let error = Reference::parse("variable,category,population\nsex,F,1\n", "r.csv")
            .unwrap()
            .with_config(&config)
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("\"ethnicity\" is not a variable of the reference r.csv"),
            "{error}"
        );
    }
}
