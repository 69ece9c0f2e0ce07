//! Fisher's exact test: the 2 x 2 test with one- and two-sided p-values, and the
//! Freeman-Halton extension to small r x c tables by complete enumeration under a cap on work.
//!
//! Both condition on the table's margins, so every table with the observed row and column
//! totals has the multivariate hypergeometric probability
//! P = Π rᵢ! Π cⱼ! / (n! Π nᵢⱼ!), computed from log-factorials. The two-sided p-value follows
//! R's `fisher.test`: the sum of P over all tables with P ≤ P(observed) × (1 + 1e-7), the
//! tolerance keeping tables that tie with the observed one in exact arithmetic.

use std::collections::HashMap;

use serde::Serialize;
use statrs::function::factorial::ln_factorial;

use super::random::SplitMix64;
use super::summation::NeumaierSum;
use crate::{Error, Location, Result};

/// R's relative tolerance for "as or less probable than the observed table".
const RELATIVE_TOLERANCE: f64 = 1e-7;

/// The default cap on the work of [`freeman_halton`], in steps (partial tables plus entries of
/// the completion lists). R's 4 x 4 job satisfaction table (96 people, 90 million tables) takes
/// 5.1 million steps, 0.3 s in an optimised build; at the cap the test gives up in under a
/// second, having used under 100 MB.
pub const DEFAULT_WORK_LIMIT: u64 = 10_000_000;

/// Fisher's exact test of a 2 x 2 table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FisherExact {
    /// The two-sided p-value (R's rule: tables no more probable than the observed one).
    pub p_value: f64,
    /// One-sided p-value against the alternative that the odds ratio is below 1:
    /// P(X ≤ a), where a is the top-left cell.
    pub p_less: f64,
    /// One-sided p-value against the alternative that the odds ratio is above 1: P(X ≥ a).
    pub p_greater: f64,
    /// The probability of the observed table given its margins.
    pub probability_observed: f64,
}

/// Fisher's exact test of the 2 x 2 table `[[a, b], [c, d]]` (rows are groups, columns
/// outcomes; R's `matrix(c(a, c, b, d), 2)`), conditional on its margins.
///
/// The only error is a table whose total does not fit in a `u64`.
///
/// ```
/// use engage_core::stats::fisher::fisher_exact_2x2;
///
/// // R's fisher.test help, the lady tasting tea: p = 0.4857 two-sided, 0.2429 "greater".
/// let test = fisher_exact_2x2([[3, 1], [1, 3]])?;
/// assert_eq!(format!("{:.4} {:.4}", test.p_value, test.p_greater), "0.4857 0.2429");
/// # Ok::<(), engage_core::Error>(())
/// ```
// a, b, c, d, n are the textbook names of the cells and total; longer names would hide that.
#[allow(clippy::many_single_char_names)]
pub fn fisher_exact_2x2(table: [[u64; 2]; 2]) -> Result<FisherExact> {
    let [[a, b], [c, d]] = table;
    let n = checked_total(table.iter().flatten().copied())?;
    let row_1 = a + b;
    let row_2 = c + d;
    let column_1 = a + c;
    let column_2 = b + d;
    // The top-left cell x ranges over max(0, r1 - c2)..=min(r1, c1); the other cells follow.
    let low = row_1.saturating_sub(column_2);
    let high = row_1.min(column_1);
    // ln(w(x + 1) / w(x)) for the hypergeometric weights w(x) = 1 / (x! (r1-x)! (c1-x)! (r2-c1+x)!).
    let ln_step_up = |x: u64| {
        let up = (row_1 - x) as f64 * (column_1 - x) as f64;
        let down = (x + 1) as f64 * (row_2 + x + 1 - column_1) as f64;
        (up / down).ln()
    };
    // Weights come from the ratio of neighbours, walking out from the mode, rather than from
    // differences of log-factorials: ln(n!) is so large for big tables that its rounding error
    // alone would cost digits (1e-10 relative at n = 100,000), while each step here costs one
    // rounding. The distribution is unimodal, so the walk stops where weights fall below e^-750
    // of the mode's, which are 0 in f64 anyway: a million respondents cost a few thousand steps.
    let mode = ((u128::from(row_1) + 1) * (u128::from(column_1) + 1) / (u128::from(n) + 2)) as u64;
    let mode = mode.clamp(low, high);
    let negligible = -750.0;
    let mut below = Vec::new();
    let (mut x, mut ln_w) = (mode, 0.0);
    while x > low {
        ln_w -= ln_step_up(x - 1);
        if ln_w <= negligible {
            break;
        }
        x -= 1;
        below.push(ln_w);
    }
    let first = x;
    let mut ln_weights: Vec<f64> = below.into_iter().rev().collect();
    ln_weights.push(0.0);
    let (mut x, mut ln_w) = (mode, 0.0);
    while x < high {
        ln_w += ln_step_up(x);
        if ln_w <= negligible {
            break;
        }
        x += 1;
        ln_weights.push(ln_w);
    }
    // An observed table outside the window is negligible too: nothing is as improbable.
    let observed = a
        .checked_sub(first)
        .and_then(|offset| ln_weights.get(offset as usize))
        .copied()
        .unwrap_or(f64::NEG_INFINITY);
    let threshold = observed + RELATIVE_TOLERANCE.ln_1p();
    let (mut total, mut less, mut greater, mut two_sided) = (
        NeumaierSum::default(),
        NeumaierSum::default(),
        NeumaierSum::default(),
        NeumaierSum::default(),
    );
    for (x, &ln_w) in (first..).zip(&ln_weights) {
        let w = ln_w.exp();
        total.add(w);
        if x <= a {
            less.add(w);
        }
        if x >= a {
            greater.add(w);
        }
        if ln_w <= threshold {
            two_sided.add(w);
        }
    }
    // The weights are relative to the mode's; dividing by their total makes them probabilities.
    let total = total.value();
    Ok(FisherExact {
        p_value: (two_sided.value() / total).min(1.0),
        p_less: (less.value() / total).min(1.0),
        p_greater: (greater.value() / total).min(1.0),
        probability_observed: (observed.exp() / total).min(1.0),
    })
}

/// The sum of counts, or an error when it does not fit in a `u64`.
fn checked_total(counts: impl IntoIterator<Item = u64>) -> Result<u64> {
    counts
        .into_iter()
        .try_fold(0u64, u64::checked_add)
        .ok_or_else(|| {
            Error::unsupported(
                Location::default(),
                "expected a table total below 2^64, found a larger one",
            )
        })
}

/// The Freeman-Halton exact test of an r x c table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FreemanHalton {
    /// The p-value: the probability of all tables with the observed margins that are no more
    /// probable than the observed table.
    pub p_value: f64,
    /// The probability of the observed table given its margins.
    pub probability_observed: f64,
    /// How many tables have the observed margins (all of them are accounted for).
    pub tables: u64,
}

/// The Freeman-Halton extension of Fisher's exact test to an r x c table of counts, by
/// enumerating every table with the observed margins; `None` when that would take more than
/// `work_limit` steps ([`DEFAULT_WORK_LIMIT`] is a sensible value).
///
/// Empty rows and columns are dropped (they do not change the conditional distribution). A
/// table with fewer than two non-empty rows or columns has only itself for company: p = 1.
/// For a 2 x 2 table the p-value is the two-sided one of [`fisher_exact_2x2`].
///
/// The enumeration fills the columns with the smallest totals one by one and, for each way of
/// doing so, looks up the last two columns in a list built once per remaining row-total vector
/// and sorted by probability. The work is the number of partial tables plus the length of those
/// lists, far below the number of tables. Sums are compensated (Neumaier), because the tens of
/// millions of terms would otherwise cost digits from the tenth on. Table probabilities come
/// from log-factorials, so their relative accuracy is about ln(n!) × 1e-16: 1e-13 for a hundred
/// people, 1e-11 for ten thousand.
pub fn freeman_halton<R: AsRef<[u64]>>(
    table: &[R],
    work_limit: u64,
) -> Result<Option<FreemanHalton>> {
    let mut cells = live_cells(table)?;
    let live_columns = cells.first().map_or(0, Vec::len);
    // Fewer rows make shorter lists at the end (a column of r cells has fewer ways to be
    // filled), so put the shorter side as rows.
    if cells.len() > live_columns {
        cells = (0..live_columns)
            .map(|c| cells.iter().map(|row| row[c]).collect())
            .collect();
    }
    if cells.len() < 2 {
        return Ok(Some(FreemanHalton {
            p_value: 1.0,
            probability_observed: 1.0,
            tables: 1,
        }));
    }
    checked_total(cells.iter().flatten().copied())?;
    let row_totals: Vec<u64> = cells.iter().map(|row| row.iter().sum()).collect();
    let mut column_totals: Vec<u64> = (0..cells[0].len())
        .map(|c| cells.iter().map(|row| row[c]).sum())
        .collect();
    let n: u64 = row_totals.iter().sum();
    let ln_factorials = LnFactorials::up_to(n);
    let observed_ln_weight = -cells
        .iter()
        .flatten()
        .map(|&count| ln_factorials.get(count))
        .sum::<f64>();
    let constant = row_totals
        .iter()
        .chain(&column_totals)
        .map(|&total| ln_factorials.get(total))
        .sum::<f64>()
        - ln_factorials.get(n);

    column_totals.sort_unstable();
    let (head, tail) = column_totals.split_at(column_totals.len() - 2);
    let mut search = Search {
        ln_factorials: &ln_factorials,
        work: 0,
        work_limit,
        prefixes: HashMap::new(),
    };
    let mut remaining = row_totals.clone();
    if !search.fill_head(head, &mut remaining, 0.0) {
        return Ok(None);
    }

    let threshold = observed_ln_weight + RELATIVE_TOLERANCE.ln_1p();
    let mut total = NeumaierSum::default();
    let mut at_most_observed = NeumaierSum::default();
    let mut tables = 0u64;
    // Sorted, so that the order of summation, and with it the last digit of the result, is the
    // same from run to run.
    let mut prefixes: Vec<(Vec<u64>, Vec<f64>)> =
        std::mem::take(&mut search.prefixes).into_iter().collect();
    prefixes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (remaining, prefix_ln_weights) in prefixes {
        let Some(completions) = search.completions(&remaining, tail[0]) else {
            return Ok(None);
        };
        tables += completions.ln_weights.len() as u64 * prefix_ln_weights.len() as u64;
        let all = completions.cumulative[completions.ln_weights.len()];
        for prefix in prefix_ln_weights {
            // Each term is a probability (at most 1), so nothing overflows; tables too
            // improbable to represent contribute nothing measurable.
            let scale = (constant + prefix + completions.largest).exp();
            let limit = threshold - prefix;
            let count = completions.ln_weights.partition_point(|&w| w <= limit);
            at_most_observed.add(scale * completions.cumulative[count]);
            total.add(scale * all);
        }
    }
    // Dividing by the total (1 in exact arithmetic) cancels the rounding shared by both sums.
    let p_value = (at_most_observed.value() / total.value()).min(1.0);
    Ok(Some(FreemanHalton {
        p_value,
        probability_observed: (constant + observed_ln_weight).exp().min(1.0),
        tables,
    }))
}

/// A Monte Carlo estimate of the Freeman-Halton p-value, for tables whose margins admit too
/// many tables to enumerate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MonteCarloExact {
    /// The estimated p-value, (1 + tables no more probable than the observed) / (1 +
    /// simulations), as R's `fisher.test(simulate.p.value = TRUE)` counts it: never 0.
    pub p_value: f64,
    /// The number of random tables drawn.
    pub simulations: u64,
    /// The estimate's standard error, sqrt(p (1 - p) / simulations).
    pub standard_error: f64,
}

/// The Freeman-Halton p-value estimated from `simulations` random tables with the observed
/// margins, drawn from their exact conditional distribution under independence (each row's
/// cells a multivariate hypergeometric draw from what the rows before it left, sampled cell by
/// cell by inversion from the mode), with a generator started from `seed`, so the same table
/// and seed give the same p-value on every machine. The work is about simulations × cells ×
/// the spread of a cell's distribution, whatever the number of respondents.
///
/// Empty rows and columns are dropped, as by [`freeman_halton`]; a table with fewer than two
/// non-empty rows or columns has p = 1.
pub fn freeman_halton_monte_carlo<R: AsRef<[u64]>>(
    table: &[R],
    simulations: u64,
    seed: u64,
) -> Result<MonteCarloExact> {
    let cells = live_cells(table)?;
    if simulations == 0 {
        return Err(Error::unsupported(
            Location::default(),
            "expected at least one simulation, found 0",
        ));
    }
    if cells.len() < 2 || cells[0].len() < 2 {
        return Ok(MonteCarloExact {
            p_value: 1.0,
            simulations,
            standard_error: 0.0,
        });
    }
    let n = checked_total(cells.iter().flatten().copied())?;
    let ln_factorials = LnFactorials::up_to(n);
    let ln_weight = |table: &[Vec<u64>]| -> f64 {
        -table
            .iter()
            .flatten()
            .map(|&count| ln_factorials.get(count))
            .sum::<f64>()
    };
    let threshold = ln_weight(&cells) + RELATIVE_TOLERANCE.ln_1p();
    let row_totals: Vec<u64> = cells.iter().map(|row| row.iter().sum()).collect();
    let column_totals: Vec<u64> = (0..cells[0].len())
        .map(|c| cells.iter().map(|row| row[c]).sum())
        .collect();
    let mut random = SplitMix64::new(seed);
    let mut drawn = vec![vec![0u64; column_totals.len()]; row_totals.len()];
    let mut at_most_observed = 0u64;
    let mut left = column_totals.clone();
    for _ in 0..simulations {
        left.copy_from_slice(&column_totals);
        let mut pool = n;
        for (row, &total) in row_totals.iter().enumerate() {
            let mut to_place = total;
            let mut pool_in_row = pool;
            for column in 0..left.len() {
                let count = if column + 1 == left.len() {
                    to_place
                } else {
                    hypergeometric(
                        &mut random,
                        &ln_factorials,
                        pool_in_row,
                        left[column],
                        to_place,
                    )
                };
                drawn[row][column] = count;
                to_place -= count;
                pool_in_row -= left[column];
            }
            for (column, count) in drawn[row].iter().enumerate() {
                left[column] -= count;
            }
            pool -= total;
        }
        if ln_weight(&drawn) <= threshold {
            at_most_observed += 1;
        }
    }
    let p_value = (1 + at_most_observed) as f64 / (1 + simulations) as f64;
    Ok(MonteCarloExact {
        p_value,
        simulations,
        standard_error: (p_value * (1.0 - p_value) / simulations as f64).sqrt(),
    })
}

/// One draw of the number of successes in `draws` taken without replacement from `population`
/// items of which `successes` are successes, by inversion: the probabilities are summed from
/// the mode outwards, alternately above and below, until they pass a uniform number.
fn hypergeometric(
    random: &mut SplitMix64,
    ln_factorials: &LnFactorials,
    population: u64,
    successes: u64,
    draws: u64,
) -> u64 {
    let failures = population - successes;
    let low = draws.saturating_sub(failures);
    let high = draws.min(successes);
    if low == high {
        return low;
    }
    // ln C(successes, x) + ln C(failures, draws - x) - ln C(population, draws), with the terms
    // that do not depend on x summed once.
    let constant = ln_factorials.get(successes) + ln_factorials.get(failures)
        - ln_factorials.get(population)
        + ln_factorials.get(draws)
        + ln_factorials.get(population - draws);
    let ln_probability = |x: u64| {
        constant
            - ln_factorials.get(x)
            - ln_factorials.get(successes - x)
            - ln_factorials.get(draws - x)
            - ln_factorials.get(failures - (draws - x))
    };
    let mode = (((draws + 1) as f64 * (successes + 1) as f64 / (population + 2) as f64) as u64)
        .clamp(low, high);
    let target = random.next_f64();
    let mut sum = ln_probability(mode).exp();
    if target < sum {
        return mode;
    }
    let (mut below, mut above) = (mode, mode);
    loop {
        let can_rise = above < high;
        let can_fall = below > low;
        if !can_rise && !can_fall {
            // Rounding left the probabilities a hair short of 1: the mode is the likeliest.
            return mode;
        }
        if can_rise {
            above += 1;
            sum += ln_probability(above).exp();
            if target < sum {
                return above;
            }
        }
        if can_fall {
            below -= 1;
            sum += ln_probability(below).exp();
            if target < sum {
                return below;
            }
        }
    }
}

/// The table's cells without its empty rows and columns, after checking every row has the
/// first row's length.
fn live_cells<R: AsRef<[u64]>>(table: &[R]) -> Result<Vec<Vec<u64>>> {
    let columns = super::rectangular(table)?;
    let mut cells: Vec<Vec<u64>> = table
        .iter()
        .map(|row| row.as_ref().to_vec())
        .filter(|row| row.iter().any(|&count| count > 0))
        .collect();
    let live_columns: Vec<usize> = (0..columns)
        .filter(|&c| cells.iter().any(|row| row[c] > 0))
        .collect();
    for row in &mut cells {
        *row = live_columns.iter().map(|&c| row[c]).collect();
    }
    Ok(cells)
}

/// ln(k!), looked up in a table for the small k of the inner loops rather than recomputed.
struct LnFactorials(Vec<f64>);

impl LnFactorials {
    /// The table stops at a million entries (8 MB); larger k are computed when asked for.
    const TABLE_LIMIT: u64 = 1 << 20;

    fn up_to(n: u64) -> LnFactorials {
        // statrs takes the log of an exact table of factorials up to 170! and uses its Lanczos
        // ln Γ beyond, both accurate to a few ulp; a running sum of ln k would drift instead.
        LnFactorials((0..=n.min(Self::TABLE_LIMIT)).map(ln_factorial).collect())
    }

    fn get(&self, k: u64) -> f64 {
        self.0
            .get(k as usize)
            .copied()
            .unwrap_or_else(|| ln_factorial(k))
    }
}

/// The ways of filling the last two columns for one vector of remaining row totals, sorted by
/// log-weight, with the running sums of their weights relative to the largest.
struct Completions {
    ln_weights: Vec<f64>,
    largest: f64,
    /// `cumulative[k]` is the compensated sum of exp(w − largest) over the first k entries.
    cumulative: Vec<f64>,
}

/// The state of the enumeration: partial tables grouped by what they leave for the last two
/// columns, and the work done so far.
struct Search<'a> {
    ln_factorials: &'a LnFactorials,
    work: u64,
    work_limit: u64,
    /// Remaining row totals after the head columns → log-weights (−Σ ln nᵢⱼ!) of the partial
    /// tables that leave them.
    prefixes: HashMap<Vec<u64>, Vec<f64>>,
}

impl Search<'_> {
    /// Fills the head columns in every way; false when the work limit is reached.
    fn fill_head(&mut self, head: &[u64], remaining: &mut Vec<u64>, ln_weight: f64) -> bool {
        let Some((&column_total, rest)) = head.split_first() else {
            // Look up before inserting: most partial tables share a state with an earlier one,
            // and cloning the key for each would dominate the enumeration.
            match self.prefixes.get_mut(remaining.as_slice()) {
                Some(weights) => weights.push(ln_weight),
                None => {
                    self.prefixes.insert(remaining.clone(), vec![ln_weight]);
                }
            }
            return self.tick();
        };
        let bounds = remaining.clone();
        for_each_column(&bounds, column_total, &mut |column| {
            let mut weight = ln_weight;
            for (left, &count) in remaining.iter_mut().zip(column) {
                *left -= count;
                weight -= self.ln_factorials.get(count);
            }
            let keep_going = self.tick() && self.fill_head(rest, remaining, weight);
            for (left, &count) in remaining.iter_mut().zip(column) {
                *left += count;
            }
            keep_going
        })
    }

    /// Every way to split `remaining` row totals into a column of `first_total` and the last
    /// column; `None` when the work limit is reached.
    fn completions(&mut self, remaining: &[u64], first_total: u64) -> Option<Completions> {
        let mut ln_weights = Vec::new();
        let ln_factorials = self.ln_factorials;
        let finished = for_each_column(remaining, first_total, &mut |column| {
            let weight: f64 = column
                .iter()
                .zip(remaining)
                .map(|(&count, &left)| ln_factorials.get(count) + ln_factorials.get(left - count))
                .sum();
            ln_weights.push(-weight);
            self.tick()
        });
        if !finished {
            return None;
        }
        ln_weights.sort_unstable_by(f64::total_cmp);
        let largest = *ln_weights
            .last()
            .expect("a feasible state has a completion");
        let mut cumulative = Vec::with_capacity(ln_weights.len() + 1);
        let mut running = NeumaierSum::default();
        cumulative.push(0.0);
        for &w in &ln_weights {
            running.add((w - largest).exp());
            cumulative.push(running.value());
        }
        Some(Completions {
            ln_weights,
            largest,
            cumulative,
        })
    }

    /// Counts one step of work; false once the limit is passed.
    fn tick(&mut self) -> bool {
        self.work += 1;
        self.work <= self.work_limit
    }
}

/// Calls `visit` with every column of non-negative counts that sums to `total` with each count
/// at most its bound, stopping early (and returning false) when `visit` returns false.
fn for_each_column(bounds: &[u64], total: u64, visit: &mut dyn FnMut(&[u64]) -> bool) -> bool {
    // room_after[i] is how much rows after i can still take, so each count is chosen within
    // the range that leaves the rest feasible and no branch is a dead end.
    let mut room_after = vec![0u64; bounds.len() + 1];
    for i in (0..bounds.len()).rev() {
        room_after[i] = room_after[i + 1] + bounds[i];
    }
    if room_after[0] < total {
        return true;
    }
    let mut column = vec![0u64; bounds.len()];
    fill(bounds, &room_after, 0, total, &mut column, visit)
}

fn fill(
    bounds: &[u64],
    room_after: &[u64],
    index: usize,
    left: u64,
    column: &mut [u64],
    visit: &mut dyn FnMut(&[u64]) -> bool,
) -> bool {
    if index + 1 == bounds.len() {
        column[index] = left;
        return visit(column);
    }
    let low = left.saturating_sub(room_after[index + 1]);
    let high = left.min(bounds[index]);
    for count in low..=high {
        column[index] = count;
        if !fill(bounds, room_after, index + 1, left - count, column, visit) {
            return false;
        }
    }
    true
}

#[cfg(test)]
// Oracle values are copied digit for digit from their source (mpmath prints 19-20 digits), so
// they can be compared by eye; grouping or trimming them would make that harder.
#[allow(clippy::unreadable_literal, clippy::excessive_precision)]
mod tests {
    use super::*;
    use crate::stats::{assert_close, assert_relative};
    use proptest::prelude::*;

    /// R `fisher.test` help, `TeaTasting` = matrix(c(3, 1, 1, 3), 2): "greater" p = 0.2429
    /// (help page) and two-sided 0.4857 (Penn State STAT 504 TeaLady.out). Exact rationals
    /// 17/70, 17/35, 69/70, P(observed) 8/35 (stats-oracles.md 4a).
    #[test]
    fn tea_tasting_matches_r() {
        let test = fisher_exact_2x2([[3, 1], [1, 3]]).unwrap();
        assert_close(test.p_greater, 17.0 / 70.0, 1e-14);
        assert_close(test.p_value, 17.0 / 35.0, 1e-14);
        assert_close(test.p_less, 69.0 / 70.0, 1e-14);
        assert_close(test.probability_observed, 8.0 / 35.0, 1e-14);
        assert!((test.p_greater - 0.2429).abs() < 5e-5);
        assert!((test.p_value - 0.4857).abs() < 5e-5);
    }

    /// R `fisher.test` help, Convictions = matrix(c(2, 10, 15, 3), 2) = [[2, 15], [10, 3]]
    /// (Fisher 1962): exact rationals (stats-oracles.md 4b; R prints 0.0004652 for "less").
    #[test]
    fn convictions_match_exact_rationals() {
        let test = fisher_exact_2x2([[2, 15], [10, 3]]).unwrap();
        assert_relative(test.p_less, 619.0 / 1330665.0, 1e-12);
        assert_relative(test.p_value, 3571.0 / 6653325.0, 1e-12);
        assert_relative(test.p_greater, 6653222.0 / 6653325.0, 1e-12);
        assert_relative(test.probability_observed, 2992.0 / 6653325.0, 1e-12);
    }

    /// Exact rationals, scipy `fisher_exact` agrees (stats-oracles.md 4d).
    #[test]
    fn two_by_two_tables_match_exact_rationals() {
        let test = fisher_exact_2x2([[8, 2], [1, 5]]).unwrap();
        assert_relative(test.p_value, 5.0 / 143.0, 1e-12);
        assert_relative(test.p_greater, 7.0 / 286.0, 1e-12);
        assert_relative(test.p_less, 1143.0 / 1144.0, 1e-12);

        let test = fisher_exact_2x2([[10, 20], [30, 40]]).unwrap();
        assert_relative(test.p_value, 782820179214422.0 / 1551749808409347.0, 1e-12);
        assert_relative(test.p_less, 0.2533310713617557, 1e-12);
        assert_relative(test.p_greater, 0.8676419647894413, 1e-12);
    }

    /// Larger tables, where differences of log-factorials would lose digits: exact integer
    /// sums of C(r1, x) C(r2, c1 - x) / C(n, c1) in Python (testdata/oracles/fisher_big.py,
    /// written for this test); scipy `fisher_exact` agrees to 4e-15.
    #[test]
    fn large_two_by_two_tables_match_exact_integer_sums() {
        let cases = [
            (
                [[5000, 5200], [4800, 5100]],
                0.45447563276825925,
                0.7800651581079688,
                0.22838154573633937,
                0.008446703844308177,
            ),
            (
                [[60, 40], [45, 55]],
                0.04716548538301928,
                0.9883816500328609,
                0.02358274269150964,
                0.011964392724370582,
            ),
            (
                [[1200, 800], [1100, 900]],
                0.0015395077387717407,
                0.9993835208020826,
                0.0007697538693858703,
                0.0001532746714684872,
            ),
        ];
        for (table, two_sided, less, greater, observed) in cases {
            let test = fisher_exact_2x2(table).unwrap();
            assert_relative(test.p_value, two_sided, 1e-12);
            assert_relative(test.p_less, less, 1e-12);
            assert_relative(test.p_greater, greater, 1e-12);
            assert_relative(test.probability_observed, observed, 1e-12);
        }
    }

    #[test]
    fn degenerate_two_by_two_tables_give_one() {
        for table in [[[0, 0], [0, 0]], [[5, 0], [3, 0]], [[4, 2], [0, 0]]] {
            let test = fisher_exact_2x2(table).unwrap();
            assert_eq!((test.p_value, test.p_less, test.p_greater), (1.0, 1.0, 1.0));
        }
    }

    /// Freeman-Halton on a 2 x 2 is Fisher's two-sided test.
    #[test]
    fn freeman_halton_of_a_two_by_two_is_fisher() {
        for table in [
            [[3, 1], [1, 3]],
            [[2, 15], [10, 3]],
            [[8, 2], [1, 5]],
            [[10, 20], [30, 40]],
        ] {
            let exact = freeman_halton(&table, DEFAULT_WORK_LIMIT).unwrap().unwrap();
            let fisher = fisher_exact_2x2(table).unwrap();
            assert_relative(exact.p_value, fisher.p_value, 1e-12);
            assert_relative(
                exact.probability_observed,
                fisher.probability_observed,
                1e-12,
            );
        }
    }

    /// Exact rationals by full enumeration (stats-oracles.md 4d): 13, 79 and 19 tables.
    #[test]
    fn small_r_by_c_tables_match_exact_rationals() {
        let cases: [(&[&[u64]], f64, f64, u64); 3] = [
            (&[&[3, 1, 0], &[0, 2, 4]], 1.0 / 30.0, 1.0 / 70.0, 13),
            (
                &[&[2, 0, 1], &[0, 3, 1], &[1, 0, 4]],
                4.0 / 77.0,
                1.0 / 308.0,
                79,
            ),
            (&[&[1, 2, 3], &[3, 2, 1]], 59.0 / 77.0, 8.0 / 77.0, 19),
        ];
        for (table, p, observed, tables) in cases {
            let test = freeman_halton(table, DEFAULT_WORK_LIMIT).unwrap().unwrap();
            assert_relative(test.p_value, p, 1e-12);
            assert_relative(test.probability_observed, observed, 1e-12);
            assert_eq!(test.tables, tables);
            // Transposing changes nothing.
            let transposed: Vec<Vec<u64>> = (0..table[0].len())
                .map(|c| table.iter().map(|row| row[c]).collect())
                .collect();
            let again = freeman_halton(&transposed, DEFAULT_WORK_LIMIT)
                .unwrap()
                .unwrap();
            assert_relative(again.p_value, p, 1e-12);
        }
    }

    /// Exact integer weights n! / Π nᵢⱼ! summed over every table by brute force in Python
    /// (testdata/oracles/freeman_halton.py, written for this test): 3368 and 10010 tables.
    #[test]
    fn medium_r_by_c_tables_match_brute_force() {
        let cases: [(&[&[u64]], f64, f64, u64); 2] = [
            (
                &[&[12, 5, 9, 7], &[3, 10, 6, 14]],
                0.017867822099003,
                0.00011014708752623787,
                3368,
            ),
            (
                &[&[8, 2, 5], &[3, 9, 4], &[1, 6, 10]],
                0.009158535625262606,
                1.229776565677304e-05,
                10010,
            ),
        ];
        for (table, p, observed, tables) in cases {
            let test = freeman_halton(table, DEFAULT_WORK_LIMIT).unwrap().unwrap();
            assert_relative(test.p_value, p, 1e-12);
            assert_relative(test.probability_observed, observed, 1e-12);
            assert_eq!(test.tables, tables);
        }
    }

    /// R `fisher.test(Job)` help example (Agresti 2002 p. 57, income by job satisfaction):
    /// R prints 0.7827. The full digits come from enumerating all 90,208,550 tables in Python
    /// with `math.fsum` (stats-oracles.md 4c, testdata/oracles/item4d.py); an uncompensated sum is
    /// already wrong at 5e-11, which is what this test guards against.
    #[test]
    fn job_satisfaction_matches_r_to_ten_digits() {
        let job = [[1, 3, 10, 6], [2, 3, 10, 7], [1, 6, 14, 12], [0, 1, 9, 11]];
        let test = freeman_halton(&job, DEFAULT_WORK_LIMIT).unwrap().unwrap();
        assert_eq!(test.tables, 90_208_550);
        assert_relative(test.probability_observed, 2.7422394683537665e-06, 1e-12);
        assert_relative(test.p_value, 0.7826849389663871, 1e-12);
        assert!((test.p_value - 0.7827).abs() < 5e-5);
    }

    #[test]
    fn freeman_halton_gives_up_above_the_work_limit() {
        let job = [[1, 3, 10, 6], [2, 3, 10, 7], [1, 6, 14, 12], [0, 1, 9, 11]];
        assert_eq!(freeman_halton(&job, 10_000).unwrap(), None);
        // A huge total is not a huge amount of work when the table has few completions; the
        // log-factorial table must not try to cover it.
        let huge = freeman_halton(&[[1_000_000_000, 1], [1, 0]], 1000)
            .unwrap()
            .unwrap();
        assert_eq!(huge.tables, 2);
        assert!(freeman_halton(&[[u64::MAX, 1], [1, 1]], 1000).is_err());
    }

    #[test]
    fn freeman_halton_drops_empty_rows_and_columns() {
        let padded: [&[u64]; 3] = [&[3, 0, 1, 0], &[0, 0, 0, 0], &[1, 0, 3, 0]];
        let test = freeman_halton(&padded, DEFAULT_WORK_LIMIT)
            .unwrap()
            .unwrap();
        assert_relative(test.p_value, 17.0 / 35.0, 1e-12);
        let single: [&[u64]; 2] = [&[3, 4], &[0, 0]];
        let test = freeman_halton(&single, DEFAULT_WORK_LIMIT)
            .unwrap()
            .unwrap();
        assert_eq!(test.p_value, 1.0);
        let ragged: [&[u64]; 2] = [&[1, 2], &[3]];
        assert!(freeman_halton(&ragged, DEFAULT_WORK_LIMIT).is_err());
    }

    #[test]
    fn monte_carlo_agrees_with_the_enumeration() {
        // The Job table (exact p 0.7826849, above) and a small 3 x 3 table (exact p from the
        // enumeration, itself checked against exact rationals above): each estimate within
        // four standard errors of the exact value.
        let job = [[1, 3, 10, 6], [2, 3, 10, 7], [1, 6, 14, 12], [0, 1, 9, 11]];
        let small = [[3, 1, 0], [1, 4, 2], [0, 2, 5]];
        let exact_small = freeman_halton(&small, DEFAULT_WORK_LIMIT)
            .unwrap()
            .unwrap()
            .p_value;
        let cases: [(&[[u64; 4]], f64); 1] = [(&job, 0.782_684_938_966_387_1)];
        for (table, exact) in cases {
            let estimate = freeman_halton_monte_carlo(table, 20_000, 7).unwrap();
            assert_eq!(estimate.simulations, 20_000);
            assert!(
                (estimate.p_value - exact).abs() < 4.0 * estimate.standard_error,
                "{estimate:?} against {exact}"
            );
        }
        let estimate = freeman_halton_monte_carlo(&small, 20_000, 7).unwrap();
        assert!(
            (estimate.p_value - exact_small).abs() < 4.0 * estimate.standard_error,
            "{estimate:?} against {exact_small}"
        );
        // Same seed, same estimate; the seed matters.
        assert_eq!(
            freeman_halton_monte_carlo(&job, 2_000, 1).unwrap(),
            freeman_halton_monte_carlo(&job, 2_000, 1).unwrap()
        );
        // A strong association: nothing drawn is as improbable, so p = 1 / (1 + simulations).
        let strong = [[40, 0, 0], [0, 40, 0], [0, 0, 40]];
        let estimate = freeman_halton_monte_carlo(&strong, 999, 3).unwrap();
        assert!((estimate.p_value - 0.001).abs() < 1e-12, "{estimate:?}");
        // One live row: p = 1. No simulations: refused.
        let one_row: [&[u64]; 2] = [&[3, 4], &[0, 0]];
        assert_eq!(
            freeman_halton_monte_carlo(&one_row, 10, 1).unwrap().p_value,
            1.0
        );
        assert!(freeman_halton_monte_carlo(&job, 0, 1).is_err());
    }

    #[test]
    fn hypergeometric_draws_have_the_right_mean_and_variance() {
        // 30 draws from 100 items of which 20 are successes: mean 6, variance
        // 30 × 0.2 × 0.8 × 70 / 99 = 3.3939...
        let ln_factorials = LnFactorials::up_to(100);
        let mut random = SplitMix64::new(11);
        let draws: Vec<f64> = (0..40_000)
            .map(|_| hypergeometric(&mut random, &ln_factorials, 100, 20, 30) as f64)
            .collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        let variance =
            draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (draws.len() - 1) as f64;
        // Standard error of the mean: sqrt(3.39 / 40000) = 0.0092.
        assert!((mean - 6.0).abs() < 0.04, "{mean}");
        assert!(
            (variance - 30.0 * 0.2 * 0.8 * 70.0 / 99.0).abs() < 0.12,
            "{variance}"
        );
        // The support's ends are respected: 95 draws from 100 with 20 successes take 15 to 20.
        for _ in 0..1000 {
            let x = hypergeometric(&mut random, &ln_factorials, 100, 20, 95);
            assert!((15..=20).contains(&x), "{x}");
        }
    }

    proptest! {
        #[test]
        fn fisher_p_values_are_probabilities(cells in prop::array::uniform4(0u64..200)) {
            let table = [[cells[0], cells[1]], [cells[2], cells[3]]];
            let test = fisher_exact_2x2(table).unwrap();
            for p in [test.p_value, test.p_less, test.p_greater, test.probability_observed] {
                prop_assert!((0.0..=1.0).contains(&p), "p = {} for {:?}", p, table);
            }
            // The two one-sided tails share the observed table, so they cover everything.
            prop_assert!(test.p_less + test.p_greater >= 1.0 - 1e-9);
            prop_assert!(test.probability_observed <= test.p_value + 1e-12);
        }

        #[test]
        fn freeman_halton_p_values_are_probabilities(
            (columns, cells) in (1usize..4, 1usize..4)
                .prop_flat_map(|(r, c)| (Just(c), prop::collection::vec(0u64..8, r * c))),
        ) {
            let table: Vec<&[u64]> = cells.chunks(columns).collect();
            if let Some(test) = freeman_halton(&table, DEFAULT_WORK_LIMIT).unwrap() {
                prop_assert!((0.0..=1.0).contains(&test.p_value), "p = {} for {:?}", test.p_value, table);
                prop_assert!(test.probability_observed <= test.p_value + 1e-12);
                prop_assert!(test.tables >= 1);
            }
        }
    }
}
