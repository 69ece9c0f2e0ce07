//! How alike two groupings of the same items are: the adjusted Rand index of their contingency
//! table.

fn pairs(count: usize) -> f64 {
    let count = count as f64;
    count * (count - 1.0) / 2.0
}

/// The adjusted Rand index (Hubert and Arabie 1985) of two groupings of the same items, given
/// as their contingency table: `table[i][j]` items are in group i of the first grouping and
/// group j of the second (a short row counts as zeros). 1 for identical groupings whatever the
/// labels, about 0 for chance agreement, negative below chance. When there is nothing to
/// disagree on (fewer than two items, or both groupings put everyone in one group) it is 1.
///
/// ```
/// use engage_core::stats::partition::adjusted_rand_index;
///
/// // scikit-learn's example: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 4/7.
/// let index = adjusted_rand_index(&[vec![2, 0, 0], vec![0, 1, 1]]);
/// assert!((index - 4.0 / 7.0).abs() < 1e-12);
/// ```
#[must_use]
pub fn adjusted_rand_index(table: &[Vec<usize>]) -> f64 {
    let width = table.iter().map(Vec::len).max().unwrap_or(0);
    let n: usize = table.iter().flatten().sum();
    let index: f64 = table.iter().flatten().map(|&count| pairs(count)).sum();
    let rows: f64 = table.iter().map(|row| pairs(row.iter().sum())).sum();
    let columns: f64 = (0..width)
        .map(|column| {
            pairs(
                table
                    .iter()
                    .map(|row| row.get(column).copied().unwrap_or(0))
                    .sum(),
            )
        })
        .sum();
    let expected = if n < 2 {
        0.0
    } else {
        rows * columns / pairs(n)
    };
    let maximum = f64::midpoint(rows, columns);
    if (maximum - expected).abs() < f64::EPSILON {
        return 1.0;
    }
    (index - expected) / (maximum - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjusted_rand_index_by_hand() {
        // Two groupings of 6: first {0,1,2} {3,4,5}; second {0,1} {2,3} {4,5}.
        // Table [[2,1,0],[0,1,2]]: sum C(nij,2) = 1+0+0+0+0+1 = 2; rows C(3,2)*2 = 6;
        // columns C(2,2)*3 = 3; expected = 6*3/C(6,2) = 18/15 = 1.2; max = 4.5.
        // ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3 = 8/33.
        let ari = adjusted_rand_index(&[vec![2, 1, 0], vec![0, 1, 2]]);
        assert!((ari - 8.0 / 33.0).abs() < 1e-12, "{ari}");
        // Identical up to labels: 1.
        assert!((adjusted_rand_index(&[vec![0, 3], vec![4, 0]]) - 1.0).abs() < 1e-12);
        // Independent: [[2,2],[2,2]]: sum C(nij,2) = 4; rows = columns = 2*C(4,2) = 12;
        // expected = 144/C(8,2) = 144/28 = 36/7; max = 12. ARI = (4 - 36/7)/(12 - 36/7)
        // = (-8/7)/(48/7) = -1/6.
        let independent = adjusted_rand_index(&[vec![2, 2], vec![2, 2]]);
        assert!((independent + 1.0 / 6.0).abs() < 1e-12, "{independent}");
        // A short row counts as zeros: [[2],[0,1,1]] is [[2,0,0],[0,1,1]] (4/7).
        assert!((adjusted_rand_index(&[vec![2], vec![0, 1, 1]]) - 4.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn nothing_to_disagree_on_is_one() {
        assert_eq!(adjusted_rand_index(&[vec![5]]), 1.0);
        assert_eq!(adjusted_rand_index(&[vec![1]]), 1.0);
        assert_eq!(adjusted_rand_index(&[]), 1.0);
    }
}
