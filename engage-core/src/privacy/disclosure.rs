//! Disclosure control for published count tables: small counts are withheld (primary
//! suppression), and so are further counts wherever a small one could otherwise be worked out
//! from the totals (secondary suppression), so that nobody can be identified from a table of
//! who took part.
//!
//! # The rule
//!
//! With a threshold `t` (default 5; 0 disables):
//!
//! 1. **Primary.** Every count from 1 to `t - 1`, totals included, is shown as `<t` (`<5`):
//!    never the number and never 0. Zeros are shown: an empty cell says nobody, which
//!    identifies no one.
//! 2. **Secondary.** A total and the counts it sums form a *constraint*: a row with its row
//!    total, a column with its column total, and the row (column) of totals with the grand
//!    total. A constraint whose total is shown lets a reader subtract the shown counts from it,
//!    leaving the sum `S` of the withheld ones. The reader also knows each `<t` count is
//!    between 1 and `t - 1` and each other withheld count is at least `t` (zeros are never
//!    withheld). A constraint is *unsafe* when these facts pin down any withheld count exactly:
//!    that is, when it has exactly one withheld count; or when all of them are `<t` and `S` is
//!    their number (all ones) or their number times `t - 1` (all `t - 1`); or when, with some
//!    withheld counts of `t` or more, `S` is the least it could be (every `<t` count is 1 and
//!    every other withheld count is exactly `t`).
//! 3. Constraints are checked in order (rows, the row of totals, columns, the column of
//!    totals) and repeatedly until all are safe. An unsafe constraint gets one more count
//!    withheld, shown as `*`: among its shown, non-zero counts, one that makes it safe if there
//!    is one; then preferring a count whose other row or column already has a withheld count
//!    (so the withholding does not spread); then the smallest. When no shown count is left, the
//!    constraint's own total is withheld.
//! 4. Percentages of withheld counts are withheld too (shown as `*`), since a percentage and
//!    its base give the count back.
//!
//! A total that is not the sum of its counts (a multiple-choice question, where one respondent
//! can be counted in several rows) cannot be subtracted from, and is not treated as a
//! constraint.
//!
//! # Limits
//!
//! The check looks at one row or column at a time. It guarantees that no withheld count can
//! be worked out from a single row or column and its total, but it is not a full audit against
//! a reader who solves all the rows and columns together as a system of equations, nor against
//! differencing two published tables of the same people. Publishing few, coarse tables (age
//! bands, not single years) remains the best protection. A threshold of 2 protects nothing:
//! `<2` can only mean 1.

use serde::Serialize;

use crate::table::{Cell, Table};

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Counts of a respondent-profile question (age band, ethnic group, area...).
    Profile,
    /// A cross-tabulation of two questions.
    CrossTab,
    /// Any other table of counts.
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
    ///      to 4 are shown as <5, and where such a count could be worked out from a row or \
    ///      column total, another count in that row or column is also withheld (shown as *), \
    ///      as are the percentages of withheld counts."
    /// );
    /// ```
    #[must_use]
    pub fn describe(&self) -> String {
        if !self.is_enabled() {
            return "Small counts were not suppressed: every count is shown as it is.".to_string();
        }
        let tables = match self.scope {
            Scope::All => "In every table",
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
             a row or column total, another count in that row or column is also withheld (shown \
             as {SECONDARY_MARKER}), as are the percentages of withheld counts.",
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
             small count cannot be worked out from the totals.",
            self.marker()
        )
    }

    /// Applies the rule to the count and percentage cells of a table in place, when the policy
    /// [applies to](Self::applies_to) the layout's kind: withheld counts become
    /// [`Cell::Suppressed`] with [`marker`](Self::marker) or [`SECONDARY_MARKER`], the
    /// percentages of withheld counts become [`SECONDARY_MARKER`], and [`note`](Self::note) is
    /// added to the table's notes when anything was withheld.
    ///
    /// Only [`Cell::Count`] cells take part; any other cell in a count column counts as zero
    /// and is left alone, so apply this once, to a table of plain counts.
    ///
    /// ```
    /// use engage_core::privacy::disclosure::{DisclosurePolicy, TableKind, TableLayout};
    /// use engage_core::{Cell, Table};
    ///
    /// let mut table = Table::new("Age band", &["Age band", "Count"]);
    /// for (band, count) in [("16-24", 3), ("25-44", 12), ("45-64", 20), ("Total", 35)] {
    ///     table.push(vec![Cell::text(band), Cell::Count(count)]);
    /// }
    /// let layout = TableLayout::new(TableKind::Profile, &[1]).with_total_row(3);
    /// let summary = DisclosurePolicy::default().apply(&mut table, &layout);
    /// assert_eq!(table.rows[0][1], Cell::Suppressed("<5".into()));
    /// assert_eq!(table.rows[1][1], Cell::Suppressed("*".into()));
    /// assert_eq!((summary.primary, summary.secondary), (1, 1));
    /// ```
    pub fn apply(&self, table: &mut Table, layout: &TableLayout) -> SuppressionSummary {
        let mut summary = SuppressionSummary::default();
        if !self.applies_to(layout.kind) {
            return summary;
        }
        let body_rows: Vec<usize> = (0..table.rows.len())
            .filter(|row| Some(*row) != layout.total_row)
            .collect();
        let rows: Vec<usize> = body_rows.iter().copied().chain(layout.total_row).collect();
        let columns: Vec<usize> = layout
            .count_columns
            .iter()
            .copied()
            .filter(|column| Some(*column) != layout.total_column)
            .chain(layout.total_column)
            .collect();
        let count_at = |row: usize, column: usize| match table
            .rows
            .get(row)
            .and_then(|cells| cells.get(column))
        {
            Some(Cell::Count(count)) => *count,
            _ => 0,
        };
        let grid: Vec<Vec<u64>> = rows
            .iter()
            .map(|&row| {
                columns
                    .iter()
                    .map(|&column| count_at(row, column))
                    .collect()
            })
            .collect();
        let margins = Margins {
            total_row: layout.total_row.is_some(),
            total_column: layout.total_column.is_some(),
        };
        let states = suppress(&grid, margins, self.threshold);
        let marker = self.marker();
        for (grid_row, &row) in rows.iter().enumerate() {
            for (grid_column, &column) in columns.iter().enumerate() {
                let Some(cell) = table
                    .rows
                    .get_mut(row)
                    .and_then(|cells| cells.get_mut(column))
                else {
                    continue;
                };
                if !matches!(cell, Cell::Count(_)) {
                    continue;
                }
                match states[grid_row][grid_column] {
                    CellState::Shown => {}
                    CellState::Primary => {
                        *cell = Cell::Suppressed(marker.clone());
                        summary.primary += 1;
                    }
                    CellState::Secondary => {
                        *cell = Cell::Suppressed(SECONDARY_MARKER.to_string());
                        summary.secondary += 1;
                    }
                }
            }
        }
        for cells in &mut table.rows {
            for &(percent, count) in &layout.percent_columns {
                let withheld = matches!(cells.get(count), Some(Cell::Suppressed(_)));
                if let Some(cell) = cells.get_mut(percent)
                    && withheld
                    && !matches!(cell, Cell::Suppressed(_) | Cell::Empty)
                {
                    *cell = Cell::Suppressed(SECONDARY_MARKER.to_string());
                    summary.percents += 1;
                }
            }
        }
        if summary.primary + summary.secondary > 0 {
            let note = self.note();
            if !table.notes.contains(&note) {
                table.notes.push(note);
            }
        }
        summary
    }
}

/// Which cells of a [`Table`] hold counts, totals and percentages, for
/// [`DisclosurePolicy::apply`].
///
/// A total published outside the table (a base `n = 35` in the caption) must also be in the
/// table as a total row for the check to account for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableLayout {
    kind: TableKind,
    count_columns: Vec<usize>,
    percent_columns: Vec<(usize, usize)>,
    total_row: Option<usize>,
    total_column: Option<usize>,
}

impl TableLayout {
    /// A table of this kind whose counts are in these (0-based) columns. Default: no total row,
    /// no total column, no percentages.
    #[must_use]
    pub fn new(kind: TableKind, count_columns: &[usize]) -> TableLayout {
        TableLayout {
            kind,
            count_columns: count_columns.to_vec(),
            percent_columns: Vec::new(),
            total_row: None,
            total_column: None,
        }
    }

    /// Column `percent` holds percentages of the counts in column `count` (row by row).
    #[must_use]
    pub fn with_percent(mut self, percent: usize, count: usize) -> TableLayout {
        self.percent_columns.push((percent, count));
        self
    }

    /// Row `row` (0-based) holds the column totals. Default: none.
    #[must_use]
    pub fn with_total_row(mut self, row: usize) -> TableLayout {
        self.total_row = Some(row);
        self
    }

    /// Column `column` (0-based) holds the row totals. Default: none.
    #[must_use]
    pub fn with_total_column(mut self, column: usize) -> TableLayout {
        self.total_column = Some(column);
        self
    }
}

/// How many cells [`DisclosurePolicy::apply`] withheld.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SuppressionSummary {
    /// Small counts withheld.
    pub primary: usize,
    /// Counts withheld so that a small one cannot be worked out.
    pub secondary: usize,
    /// Percentages withheld because their count was.
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

/// A total and the cells it sums.
struct Constraint {
    parts: Vec<(usize, usize)>,
    total: (usize, usize),
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
    let mut states: Vec<Vec<CellState>> = counts
        .iter()
        .map(|row| vec![CellState::Shown; row.len()])
        .collect();
    if threshold < 2 {
        return states;
    }
    let height = counts.len();
    let width = counts.iter().map(Vec::len).max().unwrap_or(0);
    let value = |(row, column): (usize, usize)| counts[row].get(column).copied().unwrap_or(0);
    for (row, cells) in counts.iter().enumerate() {
        for (column, count) in cells.iter().enumerate() {
            if *count >= 1 && *count < threshold {
                states[row][column] = CellState::Primary;
            }
        }
    }
    let constraints = constraints(height, width, margins)
        .into_iter()
        .filter(|constraint| {
            // A total that is not the sum of its parts (multiple choice) cannot be subtracted
            // from; cells missing from a ragged row cannot be withheld, so such a row is left
            // out too.
            constraint
                .parts
                .iter()
                .map(|&cell| value(cell))
                .sum::<u64>()
                == value(constraint.total)
                && std::iter::once(&constraint.total)
                    .chain(&constraint.parts)
                    .all(|&(row, column)| column < counts[row].len())
        })
        .collect::<Vec<_>>();
    let state = |states: &[Vec<CellState>], (row, column): (usize, usize)| states[row][column];
    loop {
        let mut changed = false;
        for (index, constraint) in constraints.iter().enumerate() {
            if state(&states, constraint.total).is_suppressed() {
                // The reader does not know this total, so there is nothing to subtract from.
                continue;
            }
            let hidden = |states: &[Vec<CellState>], extra: Option<(usize, usize)>| {
                let mut withheld: Vec<(u64, CellState)> = constraint
                    .parts
                    .iter()
                    .filter(|&&cell| state(states, cell).is_suppressed())
                    .map(|&cell| (value(cell), state(states, cell)))
                    .collect();
                if let Some(cell) = extra {
                    withheld.push((value(cell), CellState::Secondary));
                }
                withheld
            };
            let withheld = hidden(&states, None);
            if withheld.is_empty() || !pinned(&withheld, threshold) {
                continue;
            }
            let candidates: Vec<(usize, usize)> = constraint
                .parts
                .iter()
                .copied()
                .filter(|&cell| !state(&states, cell).is_suppressed() && value(cell) > 0)
                .collect();
            let chosen = candidates
                .iter()
                .copied()
                .min_by_key(|&cell| {
                    let protects = !pinned(&hidden(&states, Some(cell)), threshold);
                    // Withholding a cell whose other constraints already withhold something
                    // does not open a new row or column to protect.
                    let spreads = constraints
                        .iter()
                        .enumerate()
                        .filter(|(other, other_constraint)| {
                            *other != index
                                && (other_constraint.parts.contains(&cell)
                                    || other_constraint.total == cell)
                                && !other_constraint
                                    .parts
                                    .iter()
                                    .chain(std::iter::once(&other_constraint.total))
                                    .any(|&member| state(&states, member).is_suppressed())
                        })
                        .count();
                    (!protects, spreads, value(cell), cell)
                })
                .unwrap_or(constraint.total);
            states[chosen.0][chosen.1] = CellState::Secondary;
            changed = true;
        }
        if !changed {
            return states;
        }
    }
}

/// The constraints of a matrix: each body row with its row total, the row of totals with the
/// grand total, each body column with its column total, and the column of totals with the
/// grand total.
fn constraints(height: usize, width: usize, margins: Margins) -> Vec<Constraint> {
    let body_rows = height - usize::from(margins.total_row && height > 0);
    let body_columns = width - usize::from(margins.total_column && width > 0);
    let mut out = Vec::new();
    if margins.total_column && width > 0 {
        for row in 0..height {
            out.push(Constraint {
                parts: (0..body_columns).map(|column| (row, column)).collect(),
                total: (row, width - 1),
            });
        }
    }
    if margins.total_row && height > 0 {
        for column in 0..width {
            out.push(Constraint {
                parts: (0..body_rows).map(|row| (row, column)).collect(),
                total: (height - 1, column),
            });
        }
    }
    out
}

/// True when a reader who knows the sum of these withheld counts, that `<t` ones are between 1
/// and `t - 1` and that the others (`*`) are at least `t`, can work out any of them exactly.
fn pinned(withheld: &[(u64, CellState)], threshold: u64) -> bool {
    let small = withheld
        .iter()
        .filter(|(_, state)| *state == CellState::Primary)
        .count() as u64;
    let large = withheld.len() as u64 - small;
    let sum: u64 = withheld.iter().map(|(count, _)| count).sum();
    if withheld.len() == 1 {
        return true;
    }
    if large == 0 {
        // Each small count lies in [max(1, S - (k-1)(t-1)), min(t-1, S - (k-1))], one value
        // exactly when S = k (all ones) or S = k(t-1) (all t-1).
        sum == small || sum == small * (threshold - 1)
    } else {
        // Small counts lie in [1, S - (k-1) - mt] and large ones in [t, S - k - (m-1)t]: one
        // value exactly when S is its least, k + mt.
        sum == small + large * threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        for constraint in constraints(6, 5, BOTH) {
            if states[constraint.total.0][constraint.total.1].is_suppressed() {
                continue;
            }
            let withheld: Vec<(u64, CellState)> = constraint
                .parts
                .iter()
                .filter(|&&(row, column)| states[row][column].is_suppressed())
                .map(|&(row, column)| (counts[row][column], states[row][column]))
                .collect();
            assert!(
                withheld.is_empty() || !pinned(&withheld, 5),
                "{withheld:?} in {:?}",
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

    #[test]
    fn tables_get_markers_percentages_and_a_note() {
        let mut table = Table::new("Ethnic group", &["Group", "Count", "%"]);
        for (group, count, percent) in [
            ("White", 12, 34.3),
            ("Mixed", 3, 8.6),
            ("Other", 0, 0.0),
            ("Asian", 20, 57.1),
            ("Total", 35, 100.0),
        ] {
            table.push(vec![
                Cell::text(group),
                Cell::Count(count),
                Cell::percent(percent),
            ]);
        }
        let layout = TableLayout::new(TableKind::Profile, &[1])
            .with_percent(2, 1)
            .with_total_row(4);
        let summary = DisclosurePolicy::default().apply(&mut table, &layout);
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
    fn a_cross_tab_with_a_total_column_in_the_middle_of_the_table() {
        // The same cross-tab as `cross_tab_gets_a_rectangle_not_a_cascade`, laid out with a
        // label column first and the total column before a percentage column.
        let mut table = Table::new("Area by capacity", &["Area", "X", "Y", "Z", "Total", "Y %"]);
        for (label, cells) in [
            ("R1", [10, 2, 15, 27]),
            ("R2", [8, 12, 9, 29]),
            ("R3", [20, 14, 6, 40]),
            ("Total", [38, 28, 30, 96]),
        ] {
            let mut row = vec![Cell::text(label)];
            row.extend(cells.iter().map(|count| Cell::Count(*count)));
            row.push(Cell::percent(cells[1] as f64 / cells[3] as f64 * 100.0));
            table.push(row);
        }
        let layout = TableLayout::new(TableKind::CrossTab, &[1, 2, 3, 4])
            .with_total_row(3)
            .with_total_column(4)
            .with_percent(5, 2);
        DisclosurePolicy::default().apply(&mut table, &layout);
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
        let mut table = Table::new("Channel", &["Channel", "Count"]);
        table.push(vec![Cell::text("Post"), Cell::Count(2)]);
        let layout = TableLayout::new(TableKind::Other, &[1]);
        let profile = DisclosurePolicy::default();
        assert_eq!(
            profile.apply(&mut table, &layout),
            SuppressionSummary::default()
        );
        assert_eq!(table.rows[0][1], Cell::Count(2));
        let all = DisclosurePolicy::default().with_scope(Scope::All);
        assert_eq!(all.apply(&mut table, &layout).primary, 1);
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
                .starts_with("In every table, counts from 1 to 9 are shown as <10,")
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
             small count cannot be worked out from the totals."
        );
    }
}
