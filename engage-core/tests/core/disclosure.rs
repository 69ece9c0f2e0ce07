//! Disclosure control, as a reader of the published outputs meets it: for random exports with
//! many small counts, every table of every kind (question summaries unsplit and split by a
//! group, cross-tabs, participation, profiles, themes) and every chart drawn from them is
//! checked for
//!
//! 1. no count from 1 to the threshold less one, and no percentage standing for one, shown
//!    anywhere (tables, their text, CSV, Markdown and JSON forms, chart descriptions);
//! 2. no withheld count that a reader can work out from the totals shown: an attacker written
//!    here, independently of the library's rule, narrows each withheld count's range through
//!    every sum the table publishes (rows, columns, totals, the base) until nothing changes,
//!    and must not pin any to one value.

use std::fmt::Write as _;

use engage_core::chart::Chart;
use engage_core::privacy::disclosure::{DisclosurePolicy, Scope};
use engage_core::summary::present;
use engage_core::summary::{CrosstabOptions, PercentOf, SummaryOptions, crosstab, summarise};
use engage_core::table::{Cell, Role, RowRole, Table};
use engage_core::{IngestOptions, ParticipationOptions, read_reader};
use proptest::prelude::*;

const THRESHOLD: u64 = 5;

fn policy() -> DisclosurePolicy {
    DisclosurePolicy::default()
        .with_scope(Scope::All)
        .with_threshold(THRESHOLD)
}

/// A small consultation export: a capacity question (the groups), a yes/no, a Likert item, a
/// multi-choice question, a ranking and a date, with answers drawn so that many categories
/// are small.
fn export(rows: &[(usize, usize, usize, usize, usize, usize)]) -> String {
    const CAPACITY: [&str; 4] = ["Resident", "Patient", "Staff", "Organisation"];
    const SUPPORT: [&str; 3] = ["Yes", "No", ""];
    const SCALE: [&str; 6] = [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
        "Don't know",
    ];
    const SERVICES: [&str; 5] = ["GP", "GP;Pharmacy", "Pharmacy;Dentist", "Dentist", ""];
    let mut csv = String::from(
        "Respondent,Submitted,In what capacity are you responding?,Do you support the proposal?,The centre should stay at its current site,Which services have you used?,When did you last visit?\n",
    );
    for (index, (capacity, support, scale, services, day, visit)) in rows.iter().enumerate() {
        let _ = writeln!(
            csv,
            "{},2024-01-{:02} 10:00:00,{},{},{},{},2023-{:02}-15",
            index + 1,
            1 + day % 20,
            CAPACITY[capacity % 4],
            SUPPORT[support % 3],
            SCALE[scale % 6],
            SERVICES[services % 5],
            1 + visit % 12,
        );
    }
    csv
}

/// Every published text of a table and chart, to scan.
fn rendered(table: &Table) -> Vec<String> {
    vec![
        table.to_text(200),
        table.to_csv(),
        table.to_markdown(),
        serde_json::to_string(table).unwrap(),
    ]
}

/// 1: no shown cell stands for a count from 1 to the threshold less one.
fn check_no_small(table: &Table) -> Result<(), TestCaseError> {
    for row in &table.rows {
        for cell in row.iter() {
            if let Some(count) = cell.respondents() {
                prop_assert!(
                    !(1..THRESHOLD).contains(&count),
                    "{}: a cell stands for {count}: {:?}\n{}",
                    table.title,
                    cell,
                    table.to_text(200)
                );
            }
        }
    }
    Ok(())
}

/// A withheld or shown count, as a reader sees it.
#[derive(Clone, Copy, Debug)]
enum Seen {
    Shown(u64),
    /// `<5`: 1 to the threshold less one.
    Small,
    /// A count shown as `*`.
    Withheld,
    /// A share shown as `*`.
    Hidden,
}

/// A share or count, as a reader sees it: a shown share stands for its count.
fn seen_share(cell: &Cell) -> Option<Seen> {
    match cell {
        Cell::Share { count, .. } => Some(Seen::Shown(*count)),
        other => seen(other),
    }
}

fn seen(cell: &Cell) -> Option<Seen> {
    match cell {
        Cell::Count(count) => Some(Seen::Shown(*count)),
        Cell::Suppressed(marker) if marker.starts_with('<') => Some(Seen::Small),
        Cell::Suppressed(_) => Some(Seen::Withheld),
        _ => None,
    }
}

/// A published sum: the cells it adds up, and the cell holding it.
type Sum = (Vec<(usize, usize)>, (usize, usize));

/// The difference of two nested sums: the parts only the outer one has, and the two totals.
type Difference = (Vec<(usize, usize)>, (usize, usize), (usize, usize));

/// Whether a cell is in a group the reader sees is too small to publish.
type SmallGroup<'a> = dyn Fn(&[Vec<Option<Seen>>], (usize, usize)) -> bool + 'a;

/// 2: an attacker who knows a list of sums over cells (the rows and columns of a cross-tab
/// with their totals), `<t` cells are 1 to t-1 and `*` cells at least t, narrows every
/// withheld cell's range until nothing changes; no cell may end pinned.
fn check_not_derivable(
    cells: &[Vec<Option<Seen>>],
    truth: &[Vec<u64>],
    sums: &[Sum],
    in_small_group: &SmallGroup<'_>,
) -> Result<(), TestCaseError> {
    let big = truth.iter().flatten().sum::<u64>().max(THRESHOLD);
    // A `*` is at least the threshold, unless it is in a group too small to publish (a row or
    // column whose total is `<5`): then it is 0 to the threshold less one, as the rule says.
    let in_small_group = |cell: (usize, usize)| in_small_group(cells, cell);
    let mut range: Vec<Vec<(u64, u64)>> = cells
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, cell)| match cell {
                    Some(Seen::Shown(count)) => (*count, *count),
                    Some(Seen::Small) => (1, THRESHOLD - 1),
                    // A `*` may be a count withheld to protect another (at least the
                    // threshold), a small share, or a count of a group too small to publish
                    // (zero to the threshold less one): all a reader can be sure of is that it
                    // is not negative, unless its group is seen to be small.
                    Some(Seen::Withheld | Seen::Hidden) if in_small_group((r, c)) => {
                        (0, THRESHOLD - 1)
                    }
                    Some(Seen::Withheld | Seen::Hidden) => (0, big),
                    // An empty cell: a percentage of a group with no one in its base, so no one.
                    None => (0, 0),
                })
                .collect()
        })
        .collect();
    // Sums inside sums (a top-two box inside a base): their difference is a sum as well.
    let mut nested: Vec<Difference> = Vec::new();
    for (outer, outer_total) in sums {
        for (inner, inner_total) in sums {
            if inner.len() < outer.len() && inner.iter().all(|part| outer.contains(part)) {
                let rest = outer
                    .iter()
                    .copied()
                    .filter(|part| !inner.contains(part))
                    .collect();
                nested.push((rest, *outer_total, *inner_total));
            }
        }
    }
    for _ in 0..100 {
        let mut changed = false;
        let all = sums
            .iter()
            .map(|(parts, total)| (parts, range[total.0][total.1], Some(*total)))
            .chain(nested.iter().map(|(parts, outer, inner)| {
                let (outer, inner) = (range[outer.0][outer.1], range[inner.0][inner.1]);
                (
                    parts,
                    (
                        outer.0.saturating_sub(inner.1),
                        outer.1.saturating_sub(inner.0),
                    ),
                    None,
                )
            }))
            .collect::<Vec<_>>();
        for (parts, total_range, total) in all {
            let low: u64 = parts.iter().map(|&(r, c)| range[r][c].0).sum();
            let high: u64 = parts.iter().map(|&(r, c)| range[r][c].1).sum();
            for &(r, c) in parts {
                let (lo, hi) = range[r][c];
                let new = (
                    lo.max(total_range.0.saturating_sub(high - hi)),
                    hi.min(total_range.1.saturating_sub(low - lo)),
                );
                if new != (lo, hi) && new.0 <= new.1 {
                    range[r][c] = new;
                    changed = true;
                }
            }
            let Some(total) = total else {
                continue;
            };
            let (lo, hi) = range[total.0][total.1];
            let new = (lo.max(low), hi.min(high));
            if new != (lo, hi) && new.0 <= new.1 {
                range[total.0][total.1] = new;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // A zero under a total of zero is "nobody", which the table says anyway.
    let public_zero = |cell: (usize, usize)| {
        sums.iter().any(|(parts, total)| {
            parts.contains(&cell) && matches!(cells[total.0][total.1], Some(Seen::Shown(0)))
        })
    };
    for (r, row) in cells.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if matches!(cell, Some(Seen::Small | Seen::Withheld | Seen::Hidden))
                && !public_zero((r, c))
            {
                // Pinned to its true value: given away. (Pinned to another value, the reader
                // has only fooled themselves.)
                let (lo, hi) = range[r][c];
                prop_assert!(
                    lo < hi || lo != truth[r][c],
                    "cell ({r}, {c}), really {}, is pinned to {lo} by the totals shown",
                    truth[r][c]
                );
            }
        }
    }
    Ok(())
}

/// A chart's description must name no figure of a withheld bar: the text around a withheld
/// label holds no number.
fn check_chart(chart: &Chart, table: &Table) -> Result<(), TestCaseError> {
    let alt = chart.alt_text();
    for row in &table.rows {
        let Some(label) = row.first().map(Cell::display) else {
            continue;
        };
        let withheld = row.iter().any(|cell| matches!(cell, Cell::Suppressed(_)));
        if withheld && !label.is_empty() {
            let quoted = format!("\"{label}\" at");
            prop_assert!(
                !alt.contains(&quoted),
                "the description gives a withheld figure: {alt}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_small_count_survives_and_none_can_be_worked_out(
        rows in proptest::collection::vec((0usize..4, 0usize..3, 0usize..6, 0usize..5, 0usize..20, 0usize..12), 6..60)
    ) {
        let csv = export(&rows);
        let dataset = read_reader(csv.as_bytes(), "export.csv", &IngestOptions::default()).unwrap();
        let policy = policy();
        let capacity = dataset
            .schema()
            .questions()
            .iter()
            .find(|question| question.text.starts_with("In what capacity"))
            .unwrap()
            .id
            .clone();
        // Question summaries, unsplit and split by capacity, with their charts.
        for by in [None, Some(capacity.clone())] {
            let mut options = SummaryOptions::default();
            if let Some(by) = &by {
                options = options.with_by(by.clone());
            }
            let summary = summarise(&dataset, &options).unwrap();
            for question in &summary.questions {
                let shown = present::question(&summary, question, &policy, None);
                check_no_small(&shown.table)?;
                if by.is_some() {
                    // The split table's figures as the reader sees them and as they are, and
                    // the sums it publishes in each group's column: the base row, each box.
                    let whole = present::table(&summary, question, &DisclosurePolicy::none());
                    let cells: Vec<Vec<Option<Seen>>> = shown
                        .table
                        .rows
                        .iter()
                        .zip(&whole.rows)
                        .map(|(row, original)| {
                            row.iter()
                                .zip(original.iter())
                                .map(|(cell, original)| match (cell, original) {
                                    (Cell::Suppressed(marker), Cell::Share { .. }) if marker == "*" => {
                                        Some(Seen::Hidden)
                                    }
                                    _ => seen_share(cell),
                                })
                                .collect()
                        })
                        .collect();
                    let truth: Vec<Vec<u64>> = whole
                        .rows
                        .iter()
                        .map(|row| row.iter().map(|cell| cell.respondents().unwrap_or(0)).collect())
                        .collect();
                    let body: Vec<usize> = whole
                        .rows
                        .iter()
                        .enumerate()
                        .filter(|(_, row)| row.role == RowRole::Body)
                        .map(|(index, _)| index)
                        .collect();
                    let mut sums = Vec::new();
                    #[allow(clippy::needless_range_loop)] // a column of every row, by index
                    for column in 1..whole.columns.len() {
                        for (index, row) in whole.rows.iter().enumerate() {
                            let parts: Vec<usize> = match &row.role {
                                RowRole::Total if question.kind != engage_core::QuestionType::MultiChoice => body.clone(),
                                RowRole::Sum(rows) => rows.clone(),
                                _ => continue,
                            };
                            let sum: u64 = parts.iter().map(|&part| truth[part][column]).sum();
                            if sum == truth[index][column] && truth[index][column] > 0 {
                                sums.push((parts.iter().map(|&part| (part, column)).collect(), (index, column)));
                            }
                        }
                    }
                    // A group too small to publish: its base (the first row) is `<5`.
                    let small_group = |cells: &[Vec<Option<Seen>>], (_, c): (usize, usize)| {
                        matches!(cells[0][c], Some(Seen::Small))
                    };
                    check_not_derivable(&cells, &truth, &sums, &small_group).map_err(|error| {
                        TestCaseError::fail(format!(
                            "{error}\n{}\n{}",
                            shown.table.to_text(120),
                            whole.to_text(120)
                        ))
                    })?;
                }
                for text in rendered(&shown.table) {
                    prop_assert!(!text.is_empty());
                }
                if let Some(chart) = &shown.chart {
                    check_chart(chart, &shown.table)?;
                }
            }
            // The JSON has no count of 1 to 4 left.
            let json = serde_json::to_value(summary.to_wire(&policy)).unwrap();
            let mut stack = vec![&json];
            while let Some(value) = stack.pop() {
                match value {
                    serde_json::Value::Object(map) => {
                        for (key, value) in map {
                            if matches!(key.as_str(), "count" | "base" | "answered" | "scale_base" | "dont_know")
                                && let Some(count) = value.as_u64()
                            {
                                prop_assert!(!(1..THRESHOLD).contains(&count), "{key}: {count} in the JSON");
                            }
                            stack.push(value);
                        }
                    }
                    serde_json::Value::Array(items) => stack.extend(items),
                    _ => {}
                }
            }
        }
        // Cross-tabs of every pair of categorical questions with capacity: the table of
        // counts and every table worked out from it, and the attacker on the counts.
        for question in dataset.schema().questions() {
            if !question.kind.is_categorical() || question.id == capacity {
                continue;
            }
            let Ok(table) = crosstab(&dataset, &capacity, &question.id, &CrosstabOptions::default()) else {
                continue;
            };
            let tables = table.tables(PercentOf::Column, &policy);
            for published in &tables {
                check_no_small(published)?;
            }
            if question.kind.is_list() {
                continue;
            }
            let counts = &tables[0];
            let width = counts.columns.len();
            let cells: Vec<Vec<Option<Seen>>> = counts
                .rows
                .iter()
                .map(|row| row.iter().skip(1).map(seen).collect())
                .collect();
            let truth: Vec<Vec<u64>> = (0..counts.rows.len())
                .map(|r| {
                    (0..width - 1)
                        .map(|c| {
                            if r < table.row.labels.len() {
                                if c < table.column.labels.len() {
                                    table.counts[r][c] as u64
                                } else {
                                    table.counts[r].iter().sum::<usize>() as u64
                                }
                            } else if c < table.column.labels.len() {
                                table.counts.iter().map(|row| row[c]).sum::<usize>() as u64
                            } else {
                                table.counts.iter().flatten().sum::<usize>() as u64
                            }
                        })
                        .collect()
                })
                .collect();
            let (rows_n, cols_n) = (table.row.labels.len(), table.column.labels.len());
            let mut sums = Vec::new();
            for r in 0..=rows_n {
                sums.push(((0..cols_n).map(|c| (r, c)).collect(), (r, cols_n)));
            }
            for c in 0..=cols_n {
                sums.push(((0..rows_n).map(|r| (r, c)).collect(), (rows_n, c)));
            }
            // A group too small to publish: its row's or column's total is `<5`.
            let last_row = cells.len() - 1;
            let small_group = move |cells: &[Vec<Option<Seen>>], (r, c): (usize, usize)| {
                let last_column = cells[r].len() - 1;
                matches!(cells[r][last_column], Some(Seen::Small))
                    || matches!(cells[last_row][c], Some(Seen::Small))
            };
            check_not_derivable(&cells, &truth, &sums, &small_group)?;
        }
        // Views by group: each comparison's table (groups in rows: a share of each answer,
        // the base, net agreement), its chart, and the attacker on the shares and bases.
        let views = engage_core::views::views_by_group(
            &dataset,
            None,
            &engage_core::views::ViewsOptions::default().with_groups(vec![capacity.clone()]),
        )
        .unwrap();
        for comparison in &views.comparisons {
            let shown = engage_core::views::present::comparison(comparison, &policy, None, None);
            let whole = engage_core::views::present::comparison(comparison, &DisclosurePolicy::none(), None, None);
            check_no_small(&shown.table)?;
            check_chart(&shown.chart, &shown.table)?;
            let answers = comparison.crosstab.row.labels.len();
            // The answers' shares and the base: columns 1 to answers + 1.
            let cells: Vec<Vec<Option<Seen>>> = shown
                .table
                .rows
                .iter()
                .map(|row| row.iter().skip(1).take(answers + 1).map(seen_share).collect())
                .collect();
            let truth: Vec<Vec<u64>> = whole
                .table
                .rows
                .iter()
                .map(|row| row.iter().skip(1).take(answers + 1).map(|cell| cell.respondents().unwrap_or(0)).collect())
                .collect();
            let last = cells.len() - 1;
            let mut sums = Vec::new();
            for r in 0..=last {
                sums.push(((0..answers).map(|c| (r, c)).collect(), (r, answers)));
            }
            for c in 0..=answers {
                sums.push(((0..last).map(|r| (r, c)).collect(), (last, c)));
            }
            let small_group = move |cells: &[Vec<Option<Seen>>], (r, _): (usize, usize)| {
                matches!(cells[r][answers], Some(Seen::Small))
            };
            check_not_derivable(&cells, &truth, &sums, &small_group).map_err(|error| {
                TestCaseError::fail(format!("{error}\n{}", shown.table.to_text(160)))
            })?;
            // A sentence names a group only with the share the table shows for it: every
            // answer the share adds up is shown in the group's row, and the sentence's figure
            // is that sum, rounded.
            if let Some(finding) = &shown.finding {
                for row in &shown.table.rows {
                    let group = row[0].display();
                    let named = format!("among \u{201c}{group}\u{201d}");
                    let Some(at) = finding.find(&named) else {
                        continue;
                    };
                    let mut shown_share = 0.0;
                    for &answer in &comparison.compared_rows {
                        match &row[1 + answer] {
                            Cell::Share { percent, .. } => shown_share += percent,
                            _ => prop_assert!(false, "{finding} names a group whose share is withheld\n{}", shown.table.to_text(160)),
                        }
                    }
                    let figure = format!("{shown_share:.0}%");
                    prop_assert!(
                        finding[..at].contains(&figure),
                        "{finding}: the table shows {figure} for {group}"
                    );
                }
            }
        }
        // Participation: every table, the profile charts, the timeline chart.
        let participation = engage_core::participation(&dataset, &ParticipationOptions::default()).unwrap();
        for published in participation.tables(&policy) {
            check_no_small(&published)?;
        }
        for profile in &participation.profiles {
            let shown = engage_core::participation::present::profile(profile, &policy, None);
            check_no_small(&shown.table)?;
            if let Some(chart) = &shown.chart {
                check_chart(chart, &shown.table)?;
            }
            // A single-choice profile with its total: the attacker on the one column.
            if !profile.multiple {
                let table = &shown.table;
                let cells: Vec<Vec<Option<Seen>>> = table.rows.iter().map(|row| vec![row.get(1).and_then(seen)]).collect();
                let truth: Vec<Vec<u64>> = profile.rows.iter().map(|row| vec![row.count as u64]).chain(std::iter::once(vec![profile.base as u64])).collect();
                let body = profile.rows.len();
                let small_total = |cells: &[Vec<Option<Seen>>], _: (usize, usize)| {
                    matches!(cells.last().and_then(|row| row[0]), Some(Seen::Small))
                };
                check_not_derivable(
                    &cells,
                    &truth,
                    &[((0..body).map(|r| (r, 0)).collect(), (body, 0))],
                    &small_total,
                )?;
            }
        }
        if let Some(timeline) = &participation.timeline {
            let (weeks, days, chart) = engage_core::participation::present::timeline(timeline, &policy, None);
            check_no_small(&weeks)?;
            check_no_small(&days)?;
            // The chart's description gives no count of a withheld day: any count it names
            // is shown in the days table.
            let alt = chart.alt_text();
            for row in &days.rows {
                if let (Some(Cell::Suppressed(_)), Some(date)) = (row.get(1), row.first()) {
                    prop_assert!(!alt.contains(&format!("{} (", date.display())), "{alt}");
                }
            }
            // Running totals stop at the first withheld day.
            let mut withheld = false;
            for row in &days.rows {
                withheld |= matches!(row.get(1), Some(Cell::Suppressed(_)));
                if withheld {
                    prop_assert!(matches!(row.get(2), Some(Cell::Suppressed(_))), "{}", days.to_text(80));
                }
            }
        }
        // Every column of every table above says what it holds.
        let summary = summarise(&dataset, &SummaryOptions::default()).unwrap();
        for table in summary.tables(&policy) {
            prop_assert!(table.columns.iter().any(|column| column.role == Role::Label));
            prop_assert!(table.rows.iter().all(|row| row.role != RowRole::Total || row.iter().any(|cell| cell.respondents().is_some() || matches!(cell, Cell::Suppressed(_)))));
        }
    }
}
