//! How engage's opinion groups compare with another grouping of the same participants
//! (Pol.is's own `group-id`): a confusion table, groups matched by overlap, and the adjusted
//! Rand index.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::stats::partition::adjusted_rand_index;

/// How engage's opinion groups compare with another grouping of the same participants (Pol.is's
/// own `group-id`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupComparison {
    /// The other grouping's labels, in order (columns of `confusion`).
    pub their_groups: Vec<String>,
    /// engage's group labels (rows of `confusion`).
    pub our_groups: Vec<String>,
    /// Participants in both groupings, by engage's group (rows) and theirs (columns).
    pub confusion: Vec<Vec<usize>>,
    /// Participants grouped by both.
    pub compared: usize,
    /// Participants only engage grouped, by engage's group.
    pub ours_only: Vec<usize>,
    /// Participants only the other grouping placed, by its group.
    pub theirs_only: Vec<usize>,
    /// The adjusted Rand index of the two groupings over the participants both placed: 1 for
    /// identical groupings (whatever the labels), about 0 for chance agreement.
    pub adjusted_rand_index: f64,
    /// Pairs of matched groups (engage's index, theirs), largest overlap first, each group used
    /// at most once.
    pub matched: Vec<(usize, usize)>,
    /// The share of compared participants whose two groups are a matched pair, 0 to 1.
    pub agreement: f64,
}

/// Compares two groupings of the same participants; `None` marks a participant a grouping
/// left out.
#[must_use]
pub fn compare_groups(
    ours: &[Option<usize>],
    our_labels: &[String],
    theirs: &[Option<String>],
) -> GroupComparison {
    let mut their_labels: BTreeSet<&str> = BTreeSet::new();
    for label in theirs.iter().flatten() {
        their_labels.insert(label);
    }
    // Numeric labels in numeric order (Pol.is's 0, 1, ... 10).
    let mut their_groups: Vec<String> = their_labels.iter().map(|s| (*s).to_string()).collect();
    if their_groups
        .iter()
        .all(|label| label.parse::<i64>().is_ok())
    {
        their_groups.sort_by_key(|label| label.parse::<i64>().unwrap_or_default());
    }
    let their_index: BTreeMap<&str, usize> = their_groups
        .iter()
        .enumerate()
        .map(|(position, label)| (label.as_str(), position))
        .collect();
    let mut confusion = vec![vec![0usize; their_groups.len()]; our_labels.len()];
    let mut compared = 0;
    let mut ours_only = vec![0; our_labels.len()];
    let mut theirs_only = vec![0; their_groups.len()];
    for (mine, other) in ours.iter().zip(theirs) {
        match (mine, other) {
            (Some(mine), Some(other)) => {
                confusion[*mine][their_index[other.as_str()]] += 1;
                compared += 1;
            }
            (Some(mine), None) => ours_only[*mine] += 1,
            (None, Some(other)) => theirs_only[their_index[other.as_str()]] += 1,
            (None, None) => {}
        }
    }
    let matched = match_groups(&confusion);
    let agreement = if compared == 0 {
        0.0
    } else {
        matched
            .iter()
            .map(|&(row, column)| confusion[row][column])
            .sum::<usize>() as f64
            / compared as f64
    };
    GroupComparison {
        their_groups,
        our_groups: our_labels.to_vec(),
        adjusted_rand_index: adjusted_rand_index(&confusion),
        confusion,
        compared,
        ours_only,
        theirs_only,
        matched,
        agreement,
    }
}

/// Greedy one-to-one matching of rows to columns by largest count (ties: lower row, then lower
/// column), skipping empty cells.
fn match_groups(confusion: &[Vec<usize>]) -> Vec<(usize, usize)> {
    let mut cells: Vec<(usize, usize, usize)> = confusion
        .iter()
        .enumerate()
        .flat_map(|(row, counts)| {
            counts
                .iter()
                .enumerate()
                .map(move |(column, &count)| (count, row, column))
        })
        .filter(|&(count, _, _)| count > 0)
        .collect();
    cells.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut rows, mut columns) = (BTreeSet::new(), BTreeSet::new());
    let mut matched = Vec::new();
    for (_, row, column) in cells {
        if !rows.contains(&row) && !columns.contains(&column) {
            rows.insert(row);
            columns.insert(column);
            matched.push((row, column));
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_matched_by_overlap_whatever_their_labels() {
        let ours = [Some(0), Some(0), Some(1), Some(1), Some(1), None, Some(0)];
        let theirs = [
            Some("1".to_string()),
            Some("1".to_string()),
            Some("0".to_string()),
            Some("0".to_string()),
            Some("1".to_string()),
            Some("0".to_string()),
            None,
        ];
        let comparison = compare_groups(&ours, &["A".into(), "B".into()], &theirs);
        assert_eq!(comparison.their_groups, ["0", "1"]);
        assert_eq!(comparison.confusion, [vec![0, 2], vec![2, 1]]);
        assert_eq!(comparison.matched, [(0, 1), (1, 0)]);
        assert_eq!(comparison.compared, 5);
        assert_eq!(comparison.ours_only, [1, 0]);
        assert_eq!(comparison.theirs_only, [1, 0]);
        assert!((comparison.agreement - 0.8).abs() < 1e-12);
    }
}
