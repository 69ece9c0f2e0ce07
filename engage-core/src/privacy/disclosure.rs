//! Disclosure control for published tables: small counts are withheld (primary suppression),
//! and so are further counts wherever a small one could otherwise be worked out from the totals
//! (secondary suppression), so that nobody can be identified from a published table.
//!
//! # What is controlled
//!
//! A [`Table`] says what its columns and rows hold ([`Role`], [`RowRole`]); the rule follows
//! those roles, never a column's position:
//!
//! - Every [`Cell::Count`] is a count of respondents, in whatever column it stands, and every
//!   [`Cell::Share`] stands for one (a group's percentage with the count behind it). Figures
//!   that describe no respondents (a row number, a cost, a population percentage) are
//!   [`Cell::Number`]s or [`Cell::Percent`]s in [`Role::Value`] or text columns.
//! - Totals a reader can subtract from: a [`RowRole::Total`] row (the sum of the body rows), a
//!   [`RowRole::Sum`] row (a top-two box), a [`Role::Total`] column (each row's total), and a
//!   total printed outside the rows ([`Table::total_outside`]: the base in a caption).
//! - Figures worked out from a count: [`Role::Percent`] and [`Role::Derived`] columns (an
//!   interval, an index) are withheld with the count they come from; a [`Role::Statistic`]
//!   column (a mean rank) with any count in its row; a [`RowRole::Statistic`] row (a mean, net
//!   agreement) with any body count or the total of its column; a [`Role::Cumulative`]
//!   column (responses so far) from the first withheld count of its column on. A [`RowRole::Aside`] row
//!   (answers left out of a summary) is controlled as counts but adds to no total.
//!
//! # The rule
//!
//! With a threshold `t` (default 5; 0 disables):
//!
//! 1. **Primary.** Every count from 1 to `t - 1`, totals included, is withheld: a count is
//!    shown as `<t` (`<5`), a share as `*`. Never the number and never 0. Zeros are shown (an
//!    empty cell says nobody, which identifies no one), except in a group too small to
//!    publish: where a group's base or a row's total is withheld as small, every count of that
//!    column or row is withheld too, zeros included ("none of the three chose X" tells
//!    something of each of them).
//! 2. **Secondary.** A total and the counts it sums form a *constraint*. A constraint whose
//!    total is shown (or printed outside the table) lets a reader subtract the shown counts
//!    from it, leaving the sum `S` of the withheld ones. The reader also knows each `<t` count
//!    is between 1 and `t - 1`, each count of a group too small to publish between 0 and
//!    `t - 1`, and each other withheld count at least `t` (zeros are otherwise never
//!    withheld). A constraint is *unsafe* when these facts pin down any withheld count
//!    exactly: with exactly one withheld count; when all of them are `<t` and `S` is their
//!    number (all ones) or their number times `t - 1` (all `t - 1`); when, with some
//!    withheld counts of `t` or more, `S` is the least it could be; in general, when the
//!    bounds of the others leave one count a single value.
//! 3. Constraints are checked in turn and repeatedly until all are safe. An unsafe constraint
//!    gets one more count withheld, shown as `*`: among its shown, non-zero counts, one that
//!    makes it safe if there is one; then preferring a count whose other constraints already
//!    withhold something (so the withholding does not spread); then the smallest. When no
//!    shown count is left, the constraint's own total is withheld (a total outside the table
//!    cannot be, and then the constraint is safe only if some other count can go).
//! 4. **Audit.** A reader can also combine the constraints: knowing bounds on one withheld
//!    count from one total narrows another through a second total. After step 3, every
//!    withheld count's bounds are narrowed through all constraints together until nothing
//!    changes; any count pinned to one value has one more count of one of its constraints
//!    withheld, and steps 3 and 4 run again.
//! 5. Percentages, intervals and statistics of withheld counts are withheld too (shown as
//!    `*`), since with their base they give the count back.
//!
//! A total that is not the sum of its counts (a multiple-choice question, where one respondent
//! can be counted in several rows) cannot be subtracted from, and is not a constraint.
//!
//! # Limits
//!
//! The audit narrows each count's range through one constraint at a time, repeatedly; it is not
//! a full linear-programming audit of every combination of constraints, nor protection against
//! differencing two published tables of the same people (a table and the same table for a
//! subgroup). Publishing few, coarse tables (age bands, not single years) remains the best
//! protection. A threshold of 2 protects nothing: `<2` can only mean 1.

use serde::{Deserialize, Serialize};

use crate::table::{Cell, Role, RowRole, Table};

/// The default threshold: counts below 5 are withheld.
pub const DEFAULT_THRESHOLD: u64 = 5;

/// The marker of a count withheld by secondary suppression, and of a withheld percentage.
pub const SECONDARY_MARKER: &str = "*";

/// Which published tables suppression applies to (`--suppress all|profile|none`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every table of counts.
    All,
    /// Tables that involve a respondent-profile question, and every cross-tabulation (the
    /// default).
    Profile,
    /// No table: small counts are published as they are.
    None,
}

impl Scope {
    /// Every scope, in the order they are documented.
    pub const ALL: [Scope; 3] = [Scope::All, Scope::Profile, Scope::None];

    /// The name used on the command line and in JSON.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::All => "all",
            Scope::Profile => "profile",
            Scope::None => "none",
        }
    }

    /// Parses `all`, `profile` or `none` (case-insensitive).
    #[must_use]
    pub fn parse(name: &str) -> Option<Scope> {
        let name = name.trim().to_ascii_lowercase();
        Scope::ALL.into_iter().find(|scope| scope.as_str() == name)
    }
}

/// What a table shows, for deciding whether suppression applies to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Counts of a respondent-profile question (age band, ethnic group, area...).
    Profile,
    /// A cross-tabulation of two questions.
    CrossTab,
    /// Any other table of counts.
    #[default]
    Other,
}

/// How small counts are withheld: a threshold and the tables it applies to.
///
/// ```
/// use engage_core::privacy::disclosure::{DisclosurePolicy, Scope, TableKind};
///
/// let policy = DisclosurePolicy::default().with_threshold(10).with_scope(Scope::All);
/// assert_eq!(policy.marker(), "<10");
/// assert!(policy.applies_to(TableKind::Other));
/// assert!(!DisclosurePolicy::default().applies_to(TableKind::Other));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DisclosurePolicy {
    threshold: u64,
    scope: Scope,
}

impl Default for DisclosurePolicy {
    fn default() -> DisclosurePolicy {
        DisclosurePolicy {
            threshold: DEFAULT_THRESHOLD,
            scope: Scope::Profile,
        }
    }
}

impl DisclosurePolicy {
    /// A policy that withholds nothing: every count as it is (`--suppress none`), for an
    /// analyst's own working tables, never for publication.
    #[must_use]
    pub fn none() -> DisclosurePolicy {
        DisclosurePolicy::default().with_scope(Scope::None)
    }

    /// Counts from 1 to `threshold - 1` are withheld; 0 (or 1) withholds nothing. Default: 5.
    #[must_use]
    pub fn with_threshold(mut self, threshold: u64) -> DisclosurePolicy {
        self.threshold = threshold;
        self
    }

    /// The tables suppression applies to. Default: [`Scope::Profile`].
    #[must_use]
    pub fn with_scope(mut self, scope: Scope) -> DisclosurePolicy {
        self.scope = scope;
        self
    }

    /// The threshold.
    #[must_use]
    pub fn threshold(&self) -> u64 {
        self.threshold
    }

    /// The scope.
    #[must_use]
    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// True when some count can be withheld: a threshold of 2 or more and a scope other than
    /// [`Scope::None`].
    #[must_use]
    pub fn is_enabled(&self) -> bool {
        self.threshold >= 2 && self.scope != Scope::None
    }

    /// True when tables of this kind are suppressed under this policy.
    #[must_use]
    pub fn applies_to(&self, kind: TableKind) -> bool {
        self.is_enabled()
            && match self.scope {
                Scope::All => true,
                Scope::Profile => matches!(kind, TableKind::Profile | TableKind::CrossTab),
                Scope::None => false,
            }
    }

    /// True for a count that primary suppression withholds.
    #[must_use]
    pub fn is_small(&self, count: u64) -> bool {
        count >= 1 && count < self.threshold
    }

    /// A count as a caption or sentence about a table of `kind` may state it: the marker
    /// (`<5`) when the policy withholds it there, else the number with its thousands grouped.
    ///
    /// ```
    /// use engage_core::privacy::disclosure::{DisclosurePolicy, TableKind};
    ///
    /// let policy = DisclosurePolicy::default();
    /// assert_eq!(policy.count_words(TableKind::Profile, 3), "<5");
    /// assert_eq!(policy.count_words(TableKind::Profile, 1234), "1,234");
    /// assert_eq!(policy.count_words(TableKind::Other, 3), "3");
    /// ```
    #[must_use]
    pub fn count_words(&self, kind: TableKind, count: u64) -> String {
        if self.applies_to(kind) && self.is_small(count) {
            self.marker()
        } else {
            crate::table::group_thousands(count)
        }
    }

    /// The marker shown instead of a small count: `<5` for a threshold of 5.
    #[must_use]
    pub fn marker(&self) -> String {
        format!("<{}", self.threshold)
    }

    /// The rule in one sentence, for a report's methodology section.
    ///
    /// ```
    /// use engage_core::privacy::disclosure::DisclosurePolicy;
    ///
    /// assert_eq!(
    ///     DisclosurePolicy::default().describe(),
    ///     "In tables of respondent profile questions and in cross-tabulations, counts from 1 \
    ///      to 4 are shown as <5, and where such a count could be worked out from a total, \
    ///      another count is also withheld (shown as *), as are the percentages, intervals and \
    ///      statistics worked out from withheld counts, in charts and their descriptions too."
    /// );
    /// ```
    #[must_use]
    pub fn describe(&self) -> String {
        if !self.is_enabled() {
            return "Small counts were not suppressed: every count is shown as it is.".to_string();
        }
        let tables = match self.scope {
            Scope::All => "In every table of responses",
            Scope::Profile | Scope::None => {
                "In tables of respondent profile questions and in cross-tabulations"
            }
        };
        let small = if self.threshold == 2 {
            "counts of 1".to_string()
        } else {
            format!("counts from 1 to {}", self.threshold - 1)
        };
        format!(
            "{tables}, {small} are shown as {}, and where such a count could be worked out from \
             a total, another count is also withheld (shown as {SECONDARY_MARKER}), as are the \
             percentages, intervals and statistics worked out from withheld counts, in charts \
             and their descriptions too.",
            self.marker()
        )
    }

    /// A short note for under a table that had counts withheld.
    #[must_use]
    pub fn note(&self) -> String {
        let small = if self.threshold == 2 {
            "a count of 1".to_string()
        } else {
            format!("a count from 1 to {}", self.threshold - 1)
        };
        format!(
            "{}: {small}, withheld to protect identities; {SECONDARY_MARKER}: withheld so that a \
             small count cannot be worked out (a count, or a figure worked out from a withheld \
             count).",
            self.marker()
        )
    }

    /// Applies the rule to a table in place, when the policy [applies to](Self::applies_to) the
    /// table's [kind](Table::kind): withheld counts become [`Cell::Suppressed`] with
    /// [`marker`](Self::marker) or [`SECONDARY_MARKER`], the figures worked out from them
    /// become [`SECONDARY_MARKER`], and [`note`](Self::note) is added to the table's notes when
    /// anything was withheld. Apply it once, to a table of plain figures.
    ///
    /// ```
    /// use engage_core::privacy::disclosure::{DisclosurePolicy, TableKind};
    /// use engage_core::table::{Cell, Column, RowRole, Table};
    ///
    /// let mut table = Table::new(
    ///     "Age band",
    ///     &[Column::label("Age band"), Column::count("Count"), Column::percent("%", 1)],
    /// )
    /// .with_kind(TableKind::Profile);
    /// for (band, count) in [("16-24", 3), ("25-44", 12), ("45-64", 20)] {
    ///     table.push(vec![Cell::text(band), Cell::Count(count), Cell::percent(count as f64 / 0.35)]);
    /// }
    /// table.push_row(RowRole::Total, vec![Cell::text("Total"), Cell::Count(35), Cell::percent(100.0)]);
    /// let summary = DisclosurePolicy::default().apply(&mut table);
    /// assert_eq!(table.rows[0][1], Cell::Suppressed("<5".into()));
    /// assert_eq!(table.rows[1][1], Cell::Suppressed("*".into()));
    /// assert_eq!(table.rows[1][2], Cell::Suppressed("*".into()));
    /// assert_eq!((summary.primary, summary.secondary), (1, 1));
    /// ```
    pub fn apply(&self, table: &mut Table) -> SuppressionSummary {
        let mut summary = SuppressionSummary::default();
        if !self.applies_to(table.kind) {
            return summary;
        }
        let grid = CountGrid::of(table);
        let groups = self.small_groups(table);
        let states = grid.suppress(self.threshold, &groups);
        let marker = self.marker();
        for (row, cells) in table.rows.iter_mut().enumerate() {
            for (column, cell) in cells.iter_mut().enumerate() {
                let shown = match states[row][column] {
                    CellState::Shown => continue,
                    CellState::Primary => {
                        summary.primary += 1;
                        if matches!(
                            cell,
                            Cell::Count(_) | Cell::CountOf { .. } | Cell::Weighted { .. }
                        ) {
                            marker.clone()
                        } else {
                            SECONDARY_MARKER.to_string()
                        }
                    }
                    CellState::Secondary | CellState::Group => {
                        summary.secondary += 1;
                        SECONDARY_MARKER.to_string()
                    }
                };
                *cell = Cell::Suppressed(shown);
            }
        }
        summary.percents = withhold_worked_out(table);
        if summary.primary + summary.secondary > 0 {
            let note = self.note();
            if !table.notes.contains(&note) {
                table.notes.push(note);
            }
        }
        summary
    }
}

impl DisclosurePolicy {
    /// The counts of groups too small to publish: where a total row's cell (a group's base),
    /// a total column's cell (a row's total, when the rows are groups) or a total printed
    /// outside the table is small, every count of its column (or row), zeros included, since
    /// "none of the three chose X" tells something of each of them.
    fn small_groups(&self, table: &Table) -> Vec<At> {
        let small = |cell: Option<&Cell>| {
            cell.and_then(Cell::respondents)
                .is_some_and(|count| self.is_small(count))
        };
        let mut columns: Vec<usize> = Vec::new();
        let mut rows: Vec<usize> = Vec::new();
        // The small totals themselves stay withheld as small (`<5`): a group's size is known
        // to be at least 1. Their groups' counts are withheld alike, as `*`, so that a zero
        // among them does not show.
        let mut totals: Vec<At> = Vec::new();
        for (index, row) in table.rows.iter().enumerate() {
            if row.role != RowRole::Total {
                continue;
            }
            for (column, cell) in row.iter().enumerate() {
                if table.columns[column].role.is_count() && small(Some(cell)) {
                    columns.push(column);
                    totals.push((index, column));
                }
            }
        }
        for outside in &table.outside_totals {
            if outside.rows.is_empty() && self.is_small(outside.total) {
                columns.push(outside.column);
            }
        }
        for (column, role) in table.columns.iter().enumerate() {
            if table.rows_are_groups && role.role == Role::Total {
                for (index, row) in table.rows.iter().enumerate() {
                    if row.role != RowRole::Statistic && small(row.get(column)) {
                        rows.push(index);
                        totals.push((index, column));
                    }
                }
            }
        }
        let mut cells = Vec::new();
        for (index, row) in table.rows.iter().enumerate() {
            for (column, cell) in row.iter().enumerate() {
                if cell.respondents().is_some()
                    && (columns.contains(&column) || rows.contains(&index))
                    && !totals.contains(&(index, column))
                {
                    cells.push((index, column));
                }
            }
        }
        cells
    }
}

/// Withholds the figures worked out from withheld counts: percentages and derived figures with
/// their column's figure, statistic columns with any count in their row, statistic rows with
/// any body count of their column. Returns how many were withheld.
fn withhold_worked_out(table: &mut Table) -> usize {
    let roles: Vec<Role> = table.columns.iter().map(|column| column.role).collect();
    // The column whose counts a column's figures come from (following percentages of
    // percentages), or the column itself.
    let source = |mut column: usize| {
        for _ in 0..roles.len() {
            match roles.get(column).and_then(|role| role.of()) {
                Some(of) if of != column => column = of,
                _ => break,
            }
        }
        column
    };
    let withheld = |cell: &Cell| matches!(cell, Cell::Suppressed(_));
    let mut count = 0;
    loop {
        let mut changed = Vec::new();
        for (row, cells) in table.rows.iter().enumerate() {
            for (column, cell) in cells.iter().enumerate() {
                // Labels and text are never figures; a worked-out column's text (a "yes"
                // under "Under-represented") is, since it says something of the count.
                let worked_out = matches!(
                    roles[column],
                    Role::Percent(_) | Role::Derived(_) | Role::Statistic | Role::Cumulative(_)
                );
                if withheld(cell)
                    || matches!(cell, Cell::Empty)
                    || (matches!(cell, Cell::Text(_)) && !worked_out)
                {
                    continue;
                }
                let by_column = roles[column]
                    .of()
                    .and_then(|of| cells.get(of))
                    .is_some_and(withheld);
                let by_row_statistic = roles[column] == Role::Statistic
                    && cells
                        .iter()
                        .zip(&roles)
                        .any(|(other, role)| role.is_count() && withheld(other));
                let by_statistic_row = table.rows[row].role == RowRole::Statistic && {
                    let counts = source(column);
                    table.rows.iter().any(|other| {
                        matches!(other.role, RowRole::Body | RowRole::Total)
                            && other.get(counts).is_some_and(withheld)
                    })
                };
                let by_running_total = match roles[column] {
                    Role::Cumulative(of) => table.rows[..=row]
                        .iter()
                        .any(|earlier| earlier.get(of).is_some_and(withheld)),
                    _ => false,
                };
                if by_column || by_row_statistic || by_statistic_row || by_running_total {
                    changed.push((row, column));
                }
            }
        }
        if changed.is_empty() {
            return count;
        }
        for (row, column) in changed {
            table.rows[row][column] = Cell::Suppressed(SECONDARY_MARKER.to_string());
            count += 1;
        }
    }
}

/// How many cells [`DisclosurePolicy::apply`] withheld.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SuppressionSummary {
    /// Small counts withheld.
    pub primary: usize,
    /// Counts withheld so that a small one cannot be worked out.
    pub secondary: usize,
    /// Percentages, intervals and statistics withheld because a count they come from was.
    pub percents: usize,
}

/// What happens to one count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    /// Shown as it is.
    Shown,
    /// Withheld because it is small (shown as `<5`).
    Primary,
    /// Withheld so that a small count cannot be worked out from the totals (shown as `*`).
    Secondary,
    /// Withheld because its group (a column or row whose total is small) is too small to
    /// publish anything about; it may be zero (shown as `*`).
    Group,
}

impl CellState {
    /// True for a withheld count.
    #[must_use]
    pub fn is_suppressed(self) -> bool {
        self != CellState::Shown
    }
}

/// Which margins a count matrix has: a last row of column totals, a last column of row totals
/// (with both, the bottom-right cell is the grand total).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Margins {
    /// The last row holds the column totals.
    pub total_row: bool,
    /// The last column holds the row totals.
    pub total_column: bool,
}

/// A cell of a grid: row and column.
type At = (usize, usize);

/// A total a reader can subtract from: a cell, which may itself be withheld, or a number
/// printed outside the table, which cannot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Total {
    Cell(At),
    Outside(u64),
}

/// A total and the cells it sums.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Constraint {
    parts: Vec<At>,
    total: Total,
}

/// Two sums, one inside the other (a top-two box inside the base): their difference is a sum
/// too, of the parts only the outer one has, which a reader can subtract from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Nested {
    outer: usize,
    inner: usize,
}

/// A sum as the audit reads it: its parts, and its own total, or the outer and inner totals
/// whose difference it is.
type Reading = (Vec<At>, Option<Total>, Option<(Total, Total)>);

/// The counts of a table (or matrix) and the constraints between them.
struct CountGrid {
    /// The count in each cell; `None` for cells that hold no count.
    counts: Vec<Vec<Option<u64>>>,
    constraints: Vec<Constraint>,
    /// Pairs of constraints, one's parts among the other's.
    nested: Vec<Nested>,
}

impl CountGrid {
    /// The counts of a table, and the constraints its row and column roles and its totals
    /// outside the rows make.
    fn of(table: &Table) -> CountGrid {
        let counts: Vec<Vec<Option<u64>>> = table
            .rows
            .iter()
            .map(|row| row.iter().map(Cell::respondents).collect())
            .collect();
        let count_columns: Vec<usize> = table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, column)| matches!(column.role, Role::Count | Role::Share))
            .map(|(index, _)| index)
            .collect();
        let total_columns: Vec<usize> = table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, column)| column.role == Role::Total)
            .map(|(index, _)| index)
            .collect();
        let summed_columns: Vec<usize> = count_columns
            .iter()
            .chain(&total_columns)
            .copied()
            .collect();
        let body: Vec<usize> = table
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| row.role == RowRole::Body)
            .map(|(index, _)| index)
            .collect();
        let mut constraints = Vec::new();
        for (index, row) in table.rows.iter().enumerate() {
            let parts: &[usize] = match &row.role {
                RowRole::Total => &body,
                RowRole::Sum(rows) => rows,
                RowRole::Body | RowRole::Statistic | RowRole::Aside => continue,
            };
            for &column in &summed_columns {
                constraints.push(Constraint {
                    parts: parts.iter().map(|&part| (part, column)).collect(),
                    total: Total::Cell((index, column)),
                });
            }
        }
        for &total in &total_columns {
            for row in 0..table.rows.len() {
                if table.rows[row].role == RowRole::Statistic {
                    continue;
                }
                constraints.push(Constraint {
                    parts: count_columns.iter().map(|&column| (row, column)).collect(),
                    total: Total::Cell((row, total)),
                });
            }
        }
        for outside in &table.outside_totals {
            let rows: &[usize] = if outside.rows.is_empty() {
                &body
            } else {
                &outside.rows
            };
            constraints.push(Constraint {
                parts: rows.iter().map(|&row| (row, outside.column)).collect(),
                total: Total::Outside(outside.total),
            });
        }
        CountGrid::new(counts, constraints)
    }

    /// A matrix of counts with totals as its last row and column.
    fn matrix(counts: &[Vec<u64>], margins: Margins) -> CountGrid {
        let height = counts.len();
        let width = counts.iter().map(Vec::len).max().unwrap_or(0);
        let body_rows = height - usize::from(margins.total_row && height > 0);
        let body_columns = width - usize::from(margins.total_column && width > 0);
        let mut constraints = Vec::new();
        if margins.total_column && width > 0 {
            for row in 0..height {
                constraints.push(Constraint {
                    parts: (0..body_columns).map(|column| (row, column)).collect(),
                    total: Total::Cell((row, width - 1)),
                });
            }
        }
        if margins.total_row && height > 0 {
            for column in 0..width {
                constraints.push(Constraint {
                    parts: (0..body_rows).map(|row| (row, column)).collect(),
                    total: Total::Cell((height - 1, column)),
                });
            }
        }
        let counts = counts
            .iter()
            .map(|row| row.iter().copied().map(Some).collect())
            .collect();
        CountGrid::new(counts, constraints)
    }

    /// Keeps the constraints a reader can use: every member a count, and the parts adding up
    /// to the total (a multiple-choice base is not the sum of its rows).
    fn new(counts: Vec<Vec<Option<u64>>>, constraints: Vec<Constraint>) -> CountGrid {
        let value = |(row, column): At| -> Option<u64> {
            counts
                .get(row)
                .and_then(|cells| cells.get(column))
                .copied()?
        };
        let constraints = constraints
            .into_iter()
            .filter(|constraint| {
                let parts: Option<Vec<u64>> =
                    constraint.parts.iter().map(|&cell| value(cell)).collect();
                let total = match constraint.total {
                    Total::Cell(cell) => value(cell),
                    Total::Outside(total) => Some(total),
                };
                matches!((parts, total), (Some(parts), Some(total))
                    if !parts.is_empty() && parts.iter().sum::<u64>() == total)
            })
            .collect::<Vec<Constraint>>();
        let mut nested = Vec::new();
        for (outer, big) in constraints.iter().enumerate() {
            for (inner, small) in constraints.iter().enumerate() {
                if small.parts.len() < big.parts.len()
                    && small.parts.iter().all(|part| big.parts.contains(part))
                {
                    nested.push(Nested { outer, inner });
                }
            }
        }
        CountGrid {
            counts,
            constraints,
            nested,
        }
    }

    /// The value of a total.
    fn total_value(&self, total: Total) -> u64 {
        match total {
            Total::Cell(cell) => self.value(cell),
            Total::Outside(total) => total,
        }
    }

    /// True when the reader knows this total.
    fn known(total: Total, states: &[Vec<CellState>]) -> bool {
        match total {
            Total::Cell((row, column)) => !states[row][column].is_suppressed(),
            Total::Outside(_) => true,
        }
    }

    /// The constraints a reader can subtract from with these states: every constraint whose
    /// total is known, and the difference of every nested pair whose totals are both known,
    /// each with the cell to withhold when none of its parts can protect it (a difference's
    /// inner total).
    fn usable(&self, states: &[Vec<CellState>]) -> Vec<(Constraint, Option<At>)> {
        let mut out: Vec<(Constraint, Option<At>)> = self
            .constraints
            .iter()
            .filter(|constraint| Self::known(constraint.total, states))
            .map(|constraint| {
                let fallback = match constraint.total {
                    Total::Cell(cell) => Some(cell),
                    Total::Outside(_) => None,
                };
                (constraint.clone(), fallback)
            })
            .collect();
        for pair in &self.nested {
            let (outer, inner) = (&self.constraints[pair.outer], &self.constraints[pair.inner]);
            if !(Self::known(outer.total, states) && Self::known(inner.total, states)) {
                continue;
            }
            let parts = outer
                .parts
                .iter()
                .copied()
                .filter(|part| !inner.parts.contains(part))
                .collect();
            let total = self
                .total_value(outer.total)
                .saturating_sub(self.total_value(inner.total));
            let fallback = match (inner.total, outer.total) {
                (Total::Cell(cell), _) | (Total::Outside(_), Total::Cell(cell)) => Some(cell),
                _ => None,
            };
            out.push((
                Constraint {
                    parts,
                    total: Total::Outside(total),
                },
                fallback,
            ));
        }
        out
    }

    fn value(&self, (row, column): At) -> u64 {
        self.counts[row][column].unwrap_or(0)
    }

    /// The largest any count can be: every count of the table added up.
    fn grand(&self) -> u64 {
        self.counts
            .iter()
            .flatten()
            .map(|count| count.unwrap_or(0))
            .sum::<u64>()
    }

    /// What a reader knows of a cell in `state`: its exact value when shown; 1 to `t - 1` when
    /// withheld as small; 0 to `t - 1` in a group too small to publish; at least `t` when
    /// withheld to protect another (zeros are never withheld for that).
    fn bounds(&self, state: CellState, cell: At, threshold: u64) -> (u64, u64) {
        match state {
            CellState::Shown => (self.value(cell), self.value(cell)),
            CellState::Primary => (1, threshold - 1),
            CellState::Group => (0, threshold - 1),
            CellState::Secondary => (threshold, self.grand().max(threshold)),
        }
    }

    /// The state of every cell under `threshold`, with the cells of groups too small to
    /// publish (`groups`) withheld from the start: see the [module docs](self).
    fn suppress(&self, threshold: u64, groups: &[At]) -> Vec<Vec<CellState>> {
        let mut states: Vec<Vec<CellState>> = self
            .counts
            .iter()
            .map(|row| vec![CellState::Shown; row.len()])
            .collect();
        if threshold < 2 {
            return states;
        }
        for (row, cells) in self.counts.iter().enumerate() {
            for (column, count) in cells.iter().enumerate() {
                if count.is_some_and(|count| count >= 1 && count < threshold) {
                    states[row][column] = CellState::Primary;
                }
            }
        }
        for &(row, column) in groups {
            if let Some(state) = states.get_mut(row).and_then(|cells| cells.get_mut(column)) {
                *state = CellState::Group;
            }
        }
        // Each round withholds at least one more cell, so there are at most as many rounds as
        // cells.
        loop {
            self.secure_constraints(&mut states, threshold);
            let pinned = self.audit(&states, threshold);
            if pinned.is_empty() {
                return states;
            }
            // One more count withheld for the first pinned cell that has one to give. When
            // none has (every other count of their sums is zero or withheld already), what
            // pins them is the marker itself: several `<5`s adding up to a small total can
            // only be ones. Their sums' small counts are then marked `*` (0 to t - 1) instead.
            if !pinned.iter().any(|&cell| self.protect(&mut states, cell))
                && !self.blur(&mut states, &pinned)
            {
                return states;
            }
        }
    }

    /// True when a reader who knows a constraint's total and its shown parts, and the bounds
    /// of each withheld part, can work out any withheld part exactly (with `extra` withheld
    /// too, if given).
    fn pinned(
        &self,
        constraint: &Constraint,
        states: &[Vec<CellState>],
        threshold: u64,
        extra: Option<At>,
    ) -> bool {
        let state = |cell: At| {
            if Some(cell) == extra {
                CellState::Secondary
            } else {
                states[cell.0][cell.1]
            }
        };
        let total = match constraint.total {
            Total::Cell(cell) => self.value(cell),
            Total::Outside(total) => total,
        };
        let shown: u64 = constraint
            .parts
            .iter()
            .filter(|&&cell| !state(cell).is_suppressed())
            .map(|&cell| self.value(cell))
            .sum();
        let withheld: Vec<(u64, u64)> = constraint
            .parts
            .iter()
            .filter(|&&cell| state(cell).is_suppressed())
            .map(|&cell| self.bounds(state(cell), cell, threshold))
            .collect();
        if withheld.is_empty() {
            return false;
        }
        let sum = total.saturating_sub(shown);
        let low: u64 = withheld.iter().map(|bound| bound.0).sum();
        let high: u64 = withheld.iter().map(|bound| bound.1).sum();
        withheld.iter().any(|&(lo, hi)| {
            let least = lo.max(sum.saturating_sub(high - hi));
            let most = hi.min(sum.saturating_sub(low - lo));
            least == most
        })
    }

    /// Step 3 of the rule: constraint by constraint (and the difference of nested ones) until
    /// each is safe on its own.
    fn secure_constraints(&self, states: &mut [Vec<CellState>], threshold: u64) {
        loop {
            let mut changed = false;
            for (index, (constraint, fallback)) in self.usable(states).iter().enumerate() {
                if self.is_zero(constraint) {
                    // Nobody at all: every part is zero, which tells nothing of anyone.
                    continue;
                }
                if !self.pinned(constraint, states, threshold, None) {
                    continue;
                }
                let candidates: Vec<At> = constraint
                    .parts
                    .iter()
                    .copied()
                    .filter(|&cell| !states[cell.0][cell.1].is_suppressed() && self.value(cell) > 0)
                    .collect();
                let chosen = candidates.iter().copied().min_by_key(|&cell| {
                    let protects = !self.pinned(constraint, states, threshold, Some(cell));
                    (
                        !protects,
                        self.spread(states, index, cell),
                        self.value(cell),
                        cell,
                    )
                });
                // With no part left to withhold, the total goes (a difference's inner total);
                // a total printed outside the table cannot, and the counts are then as
                // protected as this table can make them.
                let Some(chosen) = chosen.or(*fallback) else {
                    continue;
                };
                if states[chosen.0][chosen.1].is_suppressed() {
                    continue;
                }
                states[chosen.0][chosen.1] = CellState::Secondary;
                changed = true;
            }
            if !changed {
                return;
            }
        }
    }

    /// True for a constraint whose total is zero: every part is zero too, and the reader may
    /// know it.
    fn is_zero(&self, constraint: &Constraint) -> bool {
        match constraint.total {
            Total::Cell(cell) => self.value(cell) == 0,
            Total::Outside(total) => total == 0,
        }
    }

    /// How many constraints other than `index` that withhold nothing yet would have to protect
    /// `cell` if it were withheld.
    fn spread(&self, states: &[Vec<CellState>], index: usize, cell: At) -> usize {
        self.constraints
            .iter()
            .enumerate()
            .filter(|(other, constraint)| {
                *other != index
                    && (constraint.parts.contains(&cell) || constraint.total == Total::Cell(cell))
                    && !constraint
                        .parts
                        .iter()
                        .copied()
                        .chain(match constraint.total {
                            Total::Cell(total) => Some(total),
                            Total::Outside(_) => None,
                        })
                        .any(|(row, column)| states[row][column].is_suppressed())
            })
            .count()
    }

    /// Step 4: narrows every withheld count's range through all constraints together, as a
    /// reader could; returns the withheld cells pinned to one value.
    fn audit(&self, states: &[Vec<CellState>], threshold: u64) -> Vec<At> {
        let mut bounds: std::collections::BTreeMap<At, (u64, u64)> =
            std::collections::BTreeMap::default();
        for (row, cells) in states.iter().enumerate() {
            for (column, state) in cells.iter().enumerate() {
                if state.is_suppressed() {
                    bounds.insert((row, column), self.bounds(*state, (row, column), threshold));
                }
            }
        }
        let range = |bounds: &std::collections::BTreeMap<At, (u64, u64)>, cell: At| {
            bounds.get(&cell).copied().unwrap_or_else(|| {
                let value = self.value(cell);
                (value, value)
            })
        };
        // The sums a reader can use: every constraint, and the difference of every nested
        // pair (its total the difference of the two totals' ranges).
        let mut sums: Vec<Reading> = self
            .constraints
            .iter()
            .map(|constraint| (constraint.parts.clone(), Some(constraint.total), None))
            .collect();
        for pair in &self.nested {
            let (outer, inner) = (&self.constraints[pair.outer], &self.constraints[pair.inner]);
            let parts = outer
                .parts
                .iter()
                .copied()
                .filter(|part| !inner.parts.contains(part))
                .collect();
            sums.push((parts, None, Some((outer.total, inner.total))));
        }
        let total_range =
            |bounds: &std::collections::BTreeMap<At, (u64, u64)>, total: Total| match total {
                Total::Cell(cell) => range(bounds, cell),
                Total::Outside(total) => (total, total),
            };
        // Each pass can only narrow ranges of whole numbers, so this ends; the cap keeps a
        // pathological table from taking long.
        for _ in 0..64 {
            let mut changed = false;
            for (parts_of, own_total, difference) in &sums {
                let constraint = Constraint {
                    parts: parts_of.clone(),
                    total: own_total.unwrap_or(Total::Outside(0)),
                };
                let total = match (own_total, difference) {
                    (Some(total), _) => total_range(&bounds, *total),
                    (None, Some((outer, inner))) => {
                        let (outer, inner) =
                            (total_range(&bounds, *outer), total_range(&bounds, *inner));
                        (
                            outer.0.saturating_sub(inner.1),
                            outer.1.saturating_sub(inner.0),
                        )
                    }
                    (None, None) => continue,
                };
                let parts: Vec<(u64, u64)> = constraint
                    .parts
                    .iter()
                    .map(|&cell| range(&bounds, cell))
                    .collect();
                let low_sum: u64 = parts.iter().map(|part| part.0).sum();
                let high_sum: u64 = parts.iter().map(|part| part.1).sum();
                for (position, &cell) in constraint.parts.iter().enumerate() {
                    let Some(&(low, high)) = bounds.get(&cell) else {
                        continue;
                    };
                    let others_low = low_sum - parts[position].0;
                    let others_high = high_sum - parts[position].1;
                    let new_low = low.max(total.0.saturating_sub(others_high));
                    let new_high = high.min(total.1.saturating_sub(others_low));
                    if (new_low, new_high) != (low, high) && new_low <= new_high {
                        bounds.insert(cell, (new_low, new_high));
                        changed = true;
                    }
                }
                if let Some(Total::Cell(cell)) = own_total
                    && let Some(&(low, high)) = bounds.get(cell)
                {
                    let new_low = low.max(low_sum);
                    let new_high = high.min(high_sum);
                    if (new_low, new_high) != (low, high) && new_low <= new_high {
                        bounds.insert(*cell, (new_low, new_high));
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        // A count pinned to zero by a total of zero is a zero the table shows anyway
        // ("nobody"): not a count given away.
        let public_zero = |cell: At| {
            self.constraints
                .iter()
                .any(|constraint| self.is_zero(constraint) && constraint.parts.contains(&cell))
        };
        bounds
            .iter()
            .filter(|&(&cell, &(low, high))| low == high && !(low == 0 && public_zero(cell)))
            .map(|(&cell, _)| cell)
            .collect()
    }

    /// Marks every small count (`<t`) of the constraints holding a pinned cell as withheld
    /// without saying it is small (`*`, 0 to `t - 1`); false when there was none.
    fn blur(&self, states: &mut [Vec<CellState>], pinned: &[At]) -> bool {
        let mut changed = false;
        for constraint in &self.constraints {
            let members = || {
                constraint
                    .parts
                    .iter()
                    .copied()
                    .chain(match constraint.total {
                        Total::Cell(total) => Some(total),
                        Total::Outside(_) => None,
                    })
            };
            if !members().any(|cell| pinned.contains(&cell)) {
                continue;
            }
            for (row, column) in members() {
                if states[row][column] == CellState::Primary {
                    states[row][column] = CellState::Group;
                    changed = true;
                }
            }
        }
        changed
    }

    /// Withholds one more shown, non-zero count of a constraint that holds `cell` (the
    /// smallest); false when there is none left.
    fn protect(&self, states: &mut [Vec<CellState>], cell: At) -> bool {
        let chosen = self
            .constraints
            .iter()
            .filter(|constraint| {
                constraint.parts.contains(&cell) || constraint.total == Total::Cell(cell)
            })
            .flat_map(|constraint| {
                constraint
                    .parts
                    .iter()
                    .copied()
                    .chain(match constraint.total {
                        Total::Cell(total) => Some(total),
                        Total::Outside(_) => None,
                    })
            })
            .filter(|&(row, column)| {
                !states[row][column].is_suppressed() && self.value((row, column)) > 0
            })
            .min_by_key(|&at| (self.value(at), at));
        match chosen {
            Some((row, column)) => {
                states[row][column] = CellState::Secondary;
                true
            }
            None => false,
        }
    }
}

/// The state of every cell of a count matrix, margins included, under threshold `threshold`:
/// see the [module docs](self) for the rule. The result has the shape of `counts`; cells
/// missing from a short row count as zero.
///
/// ```
/// use engage_core::privacy::disclosure::{suppress, CellState, Margins};
///
/// // One column of counts with its total: 3 is small, and 12 is withheld with it so that
/// // 35 - 20 - 0 = 15 cannot be split back into 12 and 3.
/// let states = suppress(&[vec![12], vec![3], vec![0], vec![20], vec![35]],
///                       Margins { total_row: true, total_column: false }, 5);
/// let column: Vec<CellState> = states.iter().map(|row| row[0]).collect();
/// use CellState::*;
/// assert_eq!(column, [Secondary, Primary, Shown, Shown, Shown]);
/// ```
#[must_use]
pub fn suppress(counts: &[Vec<u64>], margins: Margins, threshold: u64) -> Vec<Vec<CellState>> {
    CountGrid::matrix(counts, margins).suppress(threshold, &[])
}

/// A test's figure as published: exact, or in a band when the table it tests withholds
/// counts. With the margins shown, an exact chi-square statistic, p-value or Cramér's V is one
/// more equation in the withheld counts, and often pins them down (a reviewer recovered every
/// withheld cell of a real export's tables from V's 17 digits); a band leaves that open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TestFigure {
    /// The figure itself.
    Exact(f64),
    /// The band it falls in: for a p-value `<0.001`, `<0.01`, `<0.05` or `>=0.05`; for
    /// Cramér's V `<0.1`, `0.1-0.3`, `0.3-0.5` or `>=0.5` (Cohen's small, medium and large).
    Band(String),
}

impl TestFigure {
    /// A p-value (or a q-value), in a band when `banded`.
    #[must_use]
    pub fn p_value(p: f64, banded: bool) -> TestFigure {
        TestFigure::of(
            p,
            banded,
            &[(0.001, "<0.001"), (0.01, "<0.01"), (0.05, "<0.05")],
            ">=0.05",
        )
    }

    /// Cramér's V, in a band when `banded`.
    #[must_use]
    pub fn cramers_v(v: f64, banded: bool) -> TestFigure {
        TestFigure::of(
            v,
            banded,
            &[(0.1, "<0.1"), (0.3, "0.1-0.3"), (0.5, "0.3-0.5")],
            ">=0.5",
        )
    }

    /// `value`, or the first band whose upper limit it is below (`top` above them all).
    fn of(value: f64, banded: bool, bands: &[(f64, &str)], top: &str) -> TestFigure {
        if !banded {
            return TestFigure::Exact(value);
        }
        let band = bands
            .iter()
            .find(|(limit, _)| value < *limit)
            .map_or(top, |(_, band)| band);
        TestFigure::Band(band.to_string())
    }
}

/// The note on a test given in bands.
pub const BANDED_TEST_NOTE: &str = "counts are withheld in this table, so its test is given in bands (p below 0.001, 0.01 or 0.05; Cramér's V below 0.1, 0.1 to 0.3, 0.3 to 0.5, or 0.5 and over): exact figures could give the withheld counts away";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Column;
    use CellState::{Primary as P, Secondary as S, Shown as O};

    const BOTH: Margins = Margins {
        total_row: true,
        total_column: true,
    };
    const TOTAL_ROW: Margins = Margins {
        total_row: true,
        total_column: false,
    };

    #[test]
    fn one_way_table_hides_the_next_smallest_count() {
        // Counts 12, 3, 0, 20 with total 35. 3 is small (primary). Alone in its column, it
        // would be 35 - 12 - 0 - 20. The zero cannot protect it (a withheld zero would make
        // 3 + 0 = 3 recoverable), so the next smallest non-zero count, 12, is withheld.
        // Then the reader knows only that the two sum to 15, one 1-4 and one 5 or more.
        let states = suppress(
            &[vec![12], vec![3], vec![0], vec![20], vec![35]],
            TOTAL_ROW,
            5,
        );
        assert_eq!(states, [[S], [P], [O], [O], [O]]);
    }

    #[test]
    fn the_next_smallest_is_skipped_when_it_would_still_give_the_count_away() {
        // Counts 1, 5, 30 with total 36. Withholding 5 with the 1 leaves 1 + 5 = 6: the small
        // one is at least 1 and the other at least 5, so they must be exactly 1 and 5. Only
        // withholding 30 protects it: 1 + 30 = 31 splits as anything from 1 + 30 to 4 + 27.
        let states = suppress(&[vec![1], vec![5], vec![30], vec![36]], TOTAL_ROW, 5);
        assert_eq!(states, [[P], [O], [S], [O]]);
    }

    #[test]
    fn several_small_counts_that_add_up_to_their_minimum_are_protected() {
        // 1 and 1 withheld from a total of 22 with 20 shown: they sum to 2, and two counts of
        // at least 1 summing to 2 are both 1. Withholding 20 too protects them.
        let states = suppress(&[vec![1], vec![1], vec![20], vec![22]], TOTAL_ROW, 5);
        assert_eq!(states, [[P], [P], [S], [O]]);
        // 4 and 4 sum to 8, the most two counts below 5 can: both 4. Also protected.
        let states = suppress(&[vec![4], vec![4], vec![20], vec![28]], TOTAL_ROW, 5);
        assert_eq!(states, [[P], [P], [S], [O]]);
        // 2 and 3 sum to 5: 1+4, 2+3, 3+2 or 4+1. Nothing more is needed.
        let states = suppress(&[vec![2], vec![3], vec![20], vec![25]], TOTAL_ROW, 5);
        assert_eq!(states, [[P], [P], [O], [O]]);
    }

    #[test]
    fn cross_tab_gets_a_rectangle_not_a_cascade() {
        //         X   Y   Z | Total
        //   R1   10   2  15 |   27
        //   R2    8  12   9 |   29
        //   R3   20  14   6 |   40
        //   Tot  38  28  30 |   96
        // Primary: R1/Y = 2.
        // Row R1 has only it withheld: of 10 and 15 (both protect it, both open a new column),
        // the smaller, R1/X = 10, is withheld.
        // Column X now has only 10 withheld, which 38 - 8 - 20 gives back: of 8 and 20, both
        // open a new row, so the smaller, R2/X = 8.
        // Column Y has only the 2: of R2/Y = 12 and R3/Y = 14, 12 sits in row R2, which already
        // withholds 8, so it is chosen although it is not the smallest in its column.
        // Every row and column now withholds 0 or 2 cells: a rectangle. A reader who solves
        // all four equations together still finds R1/Y anywhere from 1 to 4.
        let counts = [
            vec![10, 2, 15, 27],
            vec![8, 12, 9, 29],
            vec![20, 14, 6, 40],
            vec![38, 28, 30, 96],
        ];
        let states = suppress(&counts, BOTH, 5);
        assert_eq!(
            states,
            [[S, P, O, O], [S, S, O, O], [O, O, O, O], [O, O, O, O],]
        );
    }

    #[test]
    fn a_small_row_total_is_protected_in_the_column_of_totals() {
        //         X   Y | Total
        //   R1    2   1 |    3
        //   R2   10  12 |   22
        //   Tot  12  13 |   25
        // Primary: 2, 1 and the row total 3. Row R1's total is withheld, so the row gives
        // nothing away. Column X: the 2 alone, so R2/X = 10 is withheld; column Y: the 1 alone,
        // so R2/Y = 12 (row R2 already withholds a cell). The column of totals: 3 alone is
        // 25 - 22, so R2's total 22 is withheld too. The column totals and 25 stay.
        let counts = [vec![2, 1, 3], vec![10, 12, 22], vec![12, 13, 25]];
        let states = suppress(&counts, BOTH, 5);
        assert_eq!(states, [[P, P, P], [S, S, S], [O, O, O]]);
    }

    #[test]
    fn the_total_is_withheld_when_no_count_can_protect() {
        // 1 and 5, total 6: withholding the 5 does not help (1 + 5 = 6 has one split), and
        // there is nothing else; the total goes too.
        let states = suppress(&[vec![1], vec![5], vec![6]], TOTAL_ROW, 5);
        assert_eq!(states, [[P], [S], [S]]);
    }

    #[test]
    fn totals_that_are_not_sums_are_not_constraints() {
        // A multiple-choice question: 20 respondents, 3 + 10 + 12 = 25 choices. The base
        // cannot be subtracted from, so only the 3 is withheld.
        let states = suppress(&[vec![3], vec![10], vec![12], vec![20]], TOTAL_ROW, 5);
        assert_eq!(states, [[P], [O], [O], [O]]);
    }

    #[test]
    fn no_margins_means_primary_only_and_zero_disables() {
        let counts = [vec![3, 10], vec![0, 7]];
        assert_eq!(suppress(&counts, Margins::default(), 5), [[P, O], [O, O]]);
        assert_eq!(suppress(&counts, BOTH, 0), [[O, O], [O, O]]);
        assert_eq!(suppress(&counts, Margins::default(), 10), [[P, O], [O, P]]);
    }

    #[test]
    fn every_constraint_ends_safe_on_a_larger_table() {
        // A 5 x 4 cross-tab with several small cells: after suppression, no row or column
        // with a shown total may withhold exactly one cell.
        let body = [
            [0, 3, 25, 40],
            [12, 1, 30, 9],
            [7, 22, 4, 16],
            [2, 18, 35, 11],
            [50, 6, 8, 0],
        ];
        let mut counts: Vec<Vec<u64>> = body
            .iter()
            .map(|row| {
                let mut row = row.to_vec();
                row.push(row.iter().sum());
                row
            })
            .collect();
        let totals: Vec<u64> = (0..5)
            .map(|column| counts.iter().map(|row| row[column]).sum())
            .collect();
        counts.push(totals);
        let states = suppress(&counts, BOTH, 5);
        let grid = CountGrid::matrix(&counts, BOTH);
        for constraint in &grid.constraints {
            let Total::Cell(total) = constraint.total else {
                continue;
            };
            if states[total.0][total.1].is_suppressed() {
                continue;
            }
            assert!(
                !grid.pinned(constraint, &states, 5, None),
                "{:?} pinned",
                constraint.parts
            );
        }
        // Every small count is withheld as primary; no zero is withheld.
        for (row, cells) in counts.iter().enumerate() {
            for (column, count) in cells.iter().enumerate() {
                assert_eq!(states[row][column] == P, (1..5).contains(count));
                if *count == 0 {
                    assert_eq!(states[row][column], O);
                }
            }
        }
    }

    fn profile_table(rows: &[(&str, u64)], total: bool) -> Table {
        let mut table = Table::new(
            "Ethnic group",
            &[
                Column::label("Group"),
                Column::count("Count"),
                Column::percent("%", 1),
            ],
        )
        .with_kind(TableKind::Profile);
        let sum: u64 = rows.iter().map(|(_, count)| count).sum();
        for (group, count) in rows {
            table.push(vec![
                Cell::text(*group),
                Cell::Count(*count),
                Cell::percent(100.0 * *count as f64 / sum as f64),
            ]);
        }
        if total {
            table.push_row(
                RowRole::Total,
                vec![Cell::text("Total"), Cell::Count(sum), Cell::percent(100.0)],
            );
        }
        table
    }

    #[test]
    fn tables_get_markers_percentages_and_a_note() {
        let mut table = profile_table(
            &[("White", 12), ("Mixed", 3), ("Other", 0), ("Asian", 20)],
            true,
        );
        let summary = DisclosurePolicy::default().apply(&mut table);
        assert_eq!(
            summary,
            SuppressionSummary {
                primary: 1,
                secondary: 1,
                percents: 2
            }
        );
        let shown: Vec<String> = table
            .rows
            .iter()
            .map(|row| format!("{} {}", row[1].display(), row[2].display()))
            .collect();
        assert_eq!(shown, ["* *", "<5 *", "0 0.0%", "20 57.1%", "35 100.0%"]);
        assert_eq!(table.notes.len(), 1);
        assert!(table.to_csv().contains("Mixed,<5,*"));
    }

    #[test]
    fn a_base_in_the_caption_is_a_total_too() {
        // Yes 210, No 3, base 213 printed in the caption: without the base known to the rule,
        // 213 - 210 would give the 3 back.
        let mut table = profile_table(&[("Yes", 210), ("No", 3)], false);
        table.total_outside(1, 213);
        DisclosurePolicy::default().apply(&mut table);
        let shown: Vec<String> = table.rows.iter().map(|row| row[1].display()).collect();
        assert_eq!(shown, ["*", "<5"]);
    }

    #[test]
    fn sum_rows_and_statistic_rows_follow_the_counts() {
        // A scale: Disagree 2 (small), Neither 10, Agree 30, Strongly agree 8; a top-two box
        // row (Agree + Strongly agree = 38) and a mean row. The box's parts are shown and
        // are not small, so it stays; the small count and, to protect it from the outside
        // base, one other are withheld; the mean, computed from all counts, is withheld.
        let mut table = Table::new(
            "Agreement",
            &[
                Column::label("Option"),
                Column::count("Count"),
                Column::percent("%", 1),
                Column::derived("95% CI low", 2),
            ],
        )
        .with_kind(TableKind::Other);
        for (label, count) in [
            ("Disagree", 2u32),
            ("Neither", 10),
            ("Agree", 30),
            ("Strongly agree", 8),
        ] {
            table.push(vec![
                Cell::text(label),
                Cell::Count(u64::from(count)),
                Cell::percent(f64::from(count) * 2.0),
                Cell::number(1.0, 1),
            ]);
        }
        table.push_row(
            RowRole::Sum(vec![2, 3]),
            vec![
                Cell::text("Top 2"),
                Cell::Count(38),
                Cell::percent(76.0),
                Cell::number(60.0, 1),
            ],
        );
        table.push_row(
            RowRole::Statistic,
            vec![
                Cell::text("Mean"),
                Cell::Empty,
                Cell::number(3.7, 2),
                Cell::Empty,
            ],
        );
        table.total_outside(1, 50);
        DisclosurePolicy::default()
            .with_scope(Scope::All)
            .apply(&mut table);
        let shown: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|row| row[1..].iter().map(Cell::display).collect())
            .collect();
        assert_eq!(shown[0], ["<5", "*", "*"]);
        assert_eq!(shown[4], ["38", "76.0%", "60.0"]);
        assert_eq!(shown[5], ["", "*", ""]);
        // Exactly one more count is withheld among the body rows, and Agree cannot be it
        // alone (Top 2 minus Strongly agree would give it back) unless Strongly agree goes too.
        let withheld: Vec<usize> = (0..4)
            .filter(|&row| matches!(table.rows[row][1], Cell::Suppressed(_)))
            .collect();
        assert!(withheld.len() >= 2, "{shown:?}");
        let agree = withheld.contains(&2);
        let strongly = withheld.contains(&3);
        assert_eq!(agree, strongly, "{shown:?}");
    }

    #[test]
    fn shares_are_controlled_as_the_counts_they_stand_for() {
        // A group's column of percentages with its base in a total row: 1 of 20 is 5%.
        let mut table = Table::new(
            "By group",
            &[Column::label("Option"), Column::share("Staff")],
        )
        .with_kind(TableKind::CrossTab);
        table.push_row(RowRole::Total, vec![Cell::text("Base"), Cell::Count(20)]);
        for (label, count) in [("Yes", 1u32), ("No", 12), ("Unsure", 7)] {
            table.push(vec![
                Cell::text(label),
                Cell::share(f64::from(count) * 5.0, u64::from(count)),
            ]);
        }
        DisclosurePolicy::default().apply(&mut table);
        let shown: Vec<String> = table.rows.iter().map(|row| row[1].display()).collect();
        // 1 is small; 20 - 12 - 7 would give it back, so the smallest other share, Unsure's 7,
        // is withheld too.
        assert_eq!(shown, ["20", "*", "60.0%", "*"]);
    }

    #[test]
    fn the_audit_catches_what_one_total_at_a_time_misses() {
        // Random 3 x 3 cross-tabs with margins and many small cells (a fixed generator, so the
        // test is the same every run). Securing each row and column on its own sometimes
        // leaves a count that a reader pins down by combining a row with a column; the audit
        // must find those, and after the full rule none may remain.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut caught = 0;
        for _ in 0..2000 {
            let mut counts: Vec<Vec<u64>> = (0..3)
                .map(|_| {
                    (0..3)
                        .map(|_| [0, 1, 2, 3, 6, 9, 15][(next() % 7) as usize])
                        .collect()
                })
                .collect();
            for row in &mut counts {
                row.push(row.iter().sum());
            }
            counts.push(
                (0..4)
                    .map(|column| counts.iter().map(|row| row[column]).sum())
                    .collect(),
            );
            let grid = CountGrid::matrix(&counts, BOTH);
            let mut states: Vec<Vec<CellState>> = counts
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|&count| if (1..5).contains(&count) { P } else { O })
                        .collect()
                })
                .collect();
            grid.secure_constraints(&mut states, 5);
            if !grid.audit(&states, 5).is_empty() {
                caught += 1;
            }
            let states = grid.suppress(5, &[]);
            assert!(
                grid.audit(&states, 5).is_empty(),
                "{counts:?} -> {states:?}"
            );
        }
        assert!(
            caught > 0,
            "no table needed the audit: the test proves nothing"
        );
    }

    #[test]
    fn a_cross_tab_with_a_total_column_in_the_middle_of_the_table() {
        // The same cross-tab as `cross_tab_gets_a_rectangle_not_a_cascade`, laid out with a
        // label column first and the total column before a percentage column.
        let mut table = Table::new(
            "Area by capacity",
            &[
                Column::label("Area"),
                Column::count("X"),
                Column::count("Y"),
                Column::count("Z"),
                Column::total("Total"),
                Column::percent("Y %", 2),
            ],
        )
        .with_kind(TableKind::CrossTab);
        for (label, cells) in [
            ("R1", [10, 2, 15, 27]),
            ("R2", [8, 12, 9, 29]),
            ("R3", [20, 14, 6, 40]),
            ("Total", [38, 28, 30, 96]),
        ] {
            let mut row = vec![Cell::text(label)];
            row.extend(cells.iter().map(|count| Cell::Count(*count)));
            row.push(Cell::percent(cells[1] as f64 / cells[3] as f64 * 100.0));
            if label == "Total" {
                table.push_row(RowRole::Total, row);
            } else {
                table.push(row);
            }
        }
        DisclosurePolicy::default().apply(&mut table);
        let shown: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|row| row[1..].iter().map(Cell::display).collect())
            .collect();
        assert_eq!(
            shown,
            [
                ["*", "<5", "15", "27", "*"],
                ["*", "*", "9", "29", "*"],
                ["20", "14", "6", "40", "35.0%"],
                ["38", "28", "30", "96", "29.2%"],
            ]
        );
    }

    #[test]
    fn scope_decides_which_tables_are_touched() {
        let mut table = Table::new(
            "Channel",
            &[Column::label("Channel"), Column::count("Count")],
        );
        table.push(vec![Cell::text("Post"), Cell::Count(2)]);
        let profile = DisclosurePolicy::default();
        assert_eq!(profile.apply(&mut table), SuppressionSummary::default());
        assert_eq!(table.rows[0][1], Cell::Count(2));
        let all = DisclosurePolicy::default().with_scope(Scope::All);
        assert_eq!(all.apply(&mut table).primary, 1);
        assert_eq!(table.rows[0][1], Cell::Suppressed("<5".into()));
        assert!(
            !DisclosurePolicy::default()
                .with_scope(Scope::None)
                .applies_to(TableKind::CrossTab)
        );
        assert!(!DisclosurePolicy::default().with_threshold(0).is_enabled());
        assert_eq!(Scope::parse(" Profile "), Some(Scope::Profile));
        assert_eq!(Scope::parse("some"), None);
    }

    #[test]
    fn descriptions_follow_the_threshold_and_scope() {
        let ten = DisclosurePolicy::default()
            .with_threshold(10)
            .with_scope(Scope::All);
        assert!(
            ten.describe()
                .starts_with("In every table of responses, counts from 1 to 9 are shown as <10,")
        );
        assert!(
            DisclosurePolicy::default()
                .with_threshold(2)
                .describe()
                .contains("counts of 1 are shown as <2")
        );
        assert!(
            DisclosurePolicy::default()
                .with_threshold(0)
                .describe()
                .contains("not suppressed")
        );
        assert_eq!(
            DisclosurePolicy::default().note(),
            "<5: a count from 1 to 4, withheld to protect identities; *: withheld so that a \
             small count cannot be worked out (a count, or a figure worked out from a withheld \
             count)."
        );
    }
}
