//! Principal components of a vote matrix with missing votes: each missing vote is replaced by
//! its statement's mean vote, the columns are centred, and the leading eigenvectors of the
//! covariance matrix are found by subspace iteration with a Rayleigh-Ritz step (a small Jacobi
//! eigen solver). Everything is deterministic: the starting block is fixed and each
//! component's sign is normalised.

use serde::Serialize;

use crate::stats::random::SplitMix64;

/// The principal components of a vote matrix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pca {
    /// Each statement's mean vote over those who voted on it (what a missing vote becomes).
    pub center: Vec<f64>,
    /// The components, each a unit vector with one loading per statement, largest variance
    /// first. The sign is chosen so that the loading of largest magnitude is positive.
    pub components: Vec<Vec<f64>>,
    /// The variance along each component (the covariance matrix's eigenvalues, with the
    /// n − 1 divisor).
    pub variances: Vec<f64>,
    /// The total variance: the sum of every statement's variance.
    pub total_variance: f64,
    /// The share of the total variance each component explains, 0 to 1.
    pub explained: Vec<f64>,
}

impl Pca {
    /// A participant's coordinates on the components: the sum over the statements they voted on
    /// of (vote − mean) × loading (a missing vote, being the mean, adds nothing). These are
    /// the usual principal component scores of the mean-imputed row.
    #[must_use]
    pub fn project(&self, row: &[Option<f64>]) -> Vec<f64> {
        let mut point = vec![0.0; self.components.len()];
        for (index, value) in row.iter().enumerate() {
            let Some(value) = value else {
                continue;
            };
            let centred = value - self.center[index];
            for (coordinate, component) in point.iter_mut().zip(&self.components) {
                *coordinate += centred * component[index];
            }
        }
        point
    }
}

/// Pol.is's sparsity-aware scale for a participant's coordinates, √(columns / votes), so that
/// someone who voted on few statements is not drawn to the centre merely for lack of votes
/// (`polismath.math.pca/sparsity-aware-project-ptpt`).
///
/// Pol.is keeps moderated-out statements in its matrix as columns of zeros, so each counts
/// both as a column and as a vote of every participant: `zero_columns` of them make the scale
/// √((statements + zero_columns) / (votes + zero_columns)). With none, and a participant who
/// voted on everything, the scale is 1.
#[must_use]
pub fn sparsity_scale(statements: usize, votes: usize, zero_columns: usize) -> f64 {
    let votes = (votes + zero_columns).max(1);
    ((statements + zero_columns) as f64 / votes as f64).sqrt()
}

/// The first `count` principal components of `rows` (participants x statements, `None` where a
/// participant did not vote). Needs at least two rows and one column; a statement nobody voted
/// on has mean 0 and no variance.
#[must_use]
pub fn principal_components(rows: &[Vec<Option<f64>>], count: usize) -> Pca {
    let width = rows.first().map_or(0, Vec::len);
    let center: Vec<f64> = (0..width)
        .map(|column| {
            let (sum, n) = rows
                .iter()
                .filter_map(|row| row[column])
                .fold((0.0, 0usize), |(sum, n), value| (sum + value, n + 1));
            if n == 0 { 0.0 } else { sum / n as f64 }
        })
        .collect();
    // The covariance of the mean-imputed matrix: an imputed cell is exactly the mean, so it
    // contributes nothing and only voted cells are summed; the divisor counts every row.
    let mut covariance = vec![vec![0.0; width]; width];
    let mut centred: Vec<(usize, f64)> = Vec::with_capacity(width);
    for row in rows {
        centred.clear();
        centred.extend(
            row.iter()
                .enumerate()
                .filter_map(|(column, value)| value.map(|value| (column, value - center[column])))
                .filter(|(_, value)| *value != 0.0),
        );
        for &(i, a) in &centred {
            for &(j, b) in &centred {
                covariance[i][j] += a * b;
            }
        }
    }
    let divisor = rows.len().saturating_sub(1).max(1) as f64;
    for value in covariance.iter_mut().flatten() {
        *value /= divisor;
    }
    let total_variance: f64 = (0..width).map(|i| covariance[i][i]).sum();
    let count = count.min(width);
    let (variances, mut components) = leading_eigenvectors(&covariance, count);
    for component in &mut components {
        normalise_sign(component);
    }
    let explained = variances
        .iter()
        .map(|variance| {
            if total_variance > 0.0 {
                variance / total_variance
            } else {
                0.0
            }
        })
        .collect();
    Pca {
        center,
        components,
        variances,
        total_variance,
        explained,
    }
}

/// Flips a vector so that its entry of largest magnitude (the first, among equals) is
/// positive: eigenvectors are defined only up to sign, and a fixed sign keeps charts and
/// coordinates the same from run to run and machine to machine.
fn normalise_sign(vector: &mut [f64]) {
    let mut largest = 0.0f64;
    let mut sign = 1.0;
    for value in vector.iter() {
        if value.abs() > largest + 1e-12 {
            largest = value.abs();
            sign = value.signum();
        }
    }
    if sign < 0.0 {
        for value in vector.iter_mut() {
            *value = -*value;
        }
    }
}

/// The `count` largest eigenvalues of a symmetric positive semi-definite matrix and their unit
/// eigenvectors, by subspace (block power) iteration with Rayleigh-Ritz.
///
/// A block a few vectors wider than asked for converges at the rate of the gap between the
/// last wanted eigenvalue and the first one outside the block, and Rayleigh-Ritz separates
/// eigenvalues inside the block exactly, so close leading eigenvalues cost nothing extra. When
/// the block covers the whole matrix the first step is exact.
pub(crate) fn leading_eigenvectors(matrix: &[Vec<f64>], count: usize) -> (Vec<f64>, Vec<Vec<f64>>) {
    let size = matrix.len();
    let count = count.min(size);
    if count == 0 {
        return (Vec::new(), Vec::new());
    }
    let block = (count + 6).min(size);
    let mut basis: Vec<Vec<f64>> = if block == size {
        (0..size)
            .map(|i| (0..size).map(|j| f64::from(u8::from(i == j))).collect())
            .collect()
    } else {
        let mut random = SplitMix64::new(0x5eed_0f9c);
        (0..block)
            .map(|_| (0..size).map(|_| random.next_f64() - 0.5).collect())
            .collect()
    };
    orthonormalise(&mut basis);
    let mut values = vec![0.0; count];
    let mut vectors = vec![vec![0.0; size]; count];
    for _ in 0..2000 {
        let images: Vec<Vec<f64>> = basis
            .iter()
            .map(|vector| multiply(matrix, vector))
            .collect();
        // Rayleigh-Ritz: the matrix restricted to the block, solved exactly.
        let small: Vec<Vec<f64>> = basis
            .iter()
            .map(|left| images.iter().map(|right| dot(left, right)).collect())
            .collect();
        let (ritz_values, ritz_vectors) = symmetric_eigen(&small);
        let rotate = |from: &[Vec<f64>]| -> Vec<Vec<f64>> {
            (0..basis.len())
                .map(|column| {
                    let mut out = vec![0.0; size];
                    for (row, vector) in from.iter().enumerate() {
                        let weight = ritz_vectors[row][column];
                        for (slot, value) in out.iter_mut().zip(vector) {
                            *slot += weight * value;
                        }
                    }
                    out
                })
                .collect()
        };
        let ritz_basis = rotate(&basis);
        let ritz_images = rotate(&images);
        let scale = ritz_values
            .first()
            .copied()
            .unwrap_or(0.0)
            .abs()
            .max(1e-300);
        let converged = (0..count).all(|index| {
            let residual: f64 = ritz_images[index]
                .iter()
                .zip(&ritz_basis[index])
                .map(|(image, vector)| (image - ritz_values[index] * vector).powi(2))
                .sum::<f64>()
                .sqrt();
            residual <= 1e-11 * scale
        });
        values.copy_from_slice(&ritz_values[..count]);
        for (slot, vector) in vectors.iter_mut().zip(&ritz_basis) {
            slot.clone_from(vector);
        }
        if converged || block == size {
            break;
        }
        basis = ritz_images;
        orthonormalise(&mut basis);
    }
    for value in &mut values {
        // A semi-definite matrix has no negative eigenvalues; -1e-17 is rounding.
        *value = value.max(0.0);
    }
    (values, vectors)
}

fn multiply(matrix: &[Vec<f64>], vector: &[f64]) -> Vec<f64> {
    matrix.iter().map(|row| dot(row, vector)).collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Modified Gram-Schmidt, twice for accuracy. A vector that vanishes (the block is wider than
/// the matrix's rank) is replaced by a unit vector orthogonal to the others.
fn orthonormalise(vectors: &mut [Vec<f64>]) {
    let size = vectors.first().map_or(0, Vec::len);
    for index in 0..vectors.len() {
        for _ in 0..2 {
            for previous in 0..index {
                let projection = dot(&vectors[index], &vectors[previous]);
                let (done, rest) = vectors.split_at_mut(index);
                for (value, basis) in rest[0].iter_mut().zip(&done[previous]) {
                    *value -= projection * basis;
                }
            }
        }
        let norm = dot(&vectors[index], &vectors[index]).sqrt();
        if norm > 1e-200 {
            for value in &mut vectors[index] {
                *value /= norm;
            }
        } else {
            // Try each axis until one is independent of the vectors before.
            for axis in 0..size {
                let mut candidate = vec![0.0; size];
                candidate[axis] = 1.0;
                for previous in &vectors[..index] {
                    let projection = dot(&candidate, previous);
                    for (value, basis) in candidate.iter_mut().zip(previous) {
                        *value -= projection * basis;
                    }
                }
                let norm = dot(&candidate, &candidate).sqrt();
                if norm > 1e-6 {
                    vectors[index] = candidate.iter().map(|value| value / norm).collect();
                    break;
                }
            }
        }
    }
}

/// Rotates entries p and q of a row by a Jacobi rotation.
fn rotate_pair(row: &mut [f64], p: usize, q: usize, cosine: f64, sine: f64) {
    let (old_p, old_q) = (row[p], row[q]);
    row[p] = cosine * old_p - sine * old_q;
    row[q] = sine * old_p + cosine * old_q;
}

/// Eigenvalues (largest first) and eigenvectors (as the columns of the returned matrix) of a
/// small symmetric matrix, by the cyclic Jacobi method.
pub(crate) fn symmetric_eigen(matrix: &[Vec<f64>]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let size = matrix.len();
    let mut work: Vec<Vec<f64>> = matrix.to_vec();
    let mut rotations: Vec<Vec<f64>> = (0..size)
        .map(|i| (0..size).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    for _ in 0..100 {
        let off: f64 = (0..size)
            .flat_map(|i| (0..size).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| work[i][j] * work[i][j])
            .sum();
        let diagonal: f64 = (0..size).map(|i| work[i][i] * work[i][i]).sum();
        if off <= 1e-30 * diagonal.max(1e-300) {
            break;
        }
        for p in 0..size {
            for q in p + 1..size {
                if work[p][q].abs() < 1e-300 {
                    continue;
                }
                // The rotation that zeroes work[p][q] (Golub and Van Loan, algorithm 8.4.1).
                let theta = (work[q][q] - work[p][p]) / (2.0 * work[p][q]);
                let tangent = if theta == 0.0 {
                    1.0
                } else {
                    theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt())
                };
                let cosine = 1.0 / (tangent * tangent + 1.0).sqrt();
                let sine = tangent * cosine;
                // A ← Jᵀ A J: first the columns p and q, then the rows; V ← V J.
                for row in &mut work {
                    rotate_pair(row, p, q, cosine, sine);
                }
                let (upper, lower) = work.split_at_mut(q);
                for (x, y) in upper[p].iter_mut().zip(lower[0].iter_mut()) {
                    let (old_x, old_y) = (*x, *y);
                    *x = cosine * old_x - sine * old_y;
                    *y = sine * old_x + cosine * old_y;
                }
                for row in &mut rotations {
                    rotate_pair(row, p, q, cosine, sine);
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..size).collect();
    order.sort_by(|&x, &y| work[y][y].total_cmp(&work[x][x]).then(x.cmp(&y)));
    let values = order.iter().map(|&i| work[i][i]).collect();
    let vectors = (0..size)
        .map(|row| order.iter().map(|&column| rotations[row][column]).collect())
        .collect();
    (values, vectors)
}

/// Pol.is's power iteration (`pca/powerit-pca`), for the updates of a conversation: the first
/// `count` components of the centred rows given as sparse (column, value) entries over
/// `width` columns. Each starts from `start` (the previous update's component; ones where it
/// has no entry yet) and is found by power iteration with the earlier components factored
/// out, for at most 100 iterations, fewer once it stops changing. A component is a unit
/// vector, or zero when the rows have no variance left.
pub(crate) fn power_components(
    rows: &[Vec<(usize, f64)>],
    width: usize,
    start: &[Vec<f64>],
    count: usize,
) -> Vec<Vec<f64>> {
    const ITERATIONS: usize = 100;
    let mut components: Vec<Vec<f64>> = Vec::with_capacity(count);
    for index in 0..count {
        let mut vector: Vec<f64> = (0..width)
            .map(|column| {
                start
                    .get(index)
                    .and_then(|start| start.get(column))
                    .copied()
                    .unwrap_or(1.0)
            })
            .collect();
        let factor_out = |vector: &mut Vec<f64>, components: &[Vec<f64>]| {
            for component in components {
                let along = dot(vector, component);
                for (value, direction) in vector.iter_mut().zip(component) {
                    *value -= along * direction;
                }
            }
        };
        factor_out(&mut vector, &components);
        let norm = dot(&vector, &vector).sqrt();
        if norm == 0.0 {
            vector = vec![1.0; width];
            factor_out(&mut vector, &components);
        }
        let norm = dot(&vector, &vector).sqrt();
        if norm > 0.0 {
            for value in &mut vector {
                *value /= norm;
            }
        }
        for _ in 0..ITERATIONS {
            let mut product = vec![0.0; width];
            for row in rows {
                let along: f64 = row
                    .iter()
                    .map(|&(column, value)| value * vector[column])
                    .sum();
                if along != 0.0 {
                    for &(column, value) in row {
                        product[column] += along * value;
                    }
                }
            }
            factor_out(&mut product, &components);
            let norm = dot(&product, &product).sqrt();
            if norm == 0.0 {
                vector = vec![0.0; width];
                break;
            }
            for value in &mut product {
                *value /= norm;
            }
            let change: f64 = product
                .iter()
                .zip(&vector)
                .map(|(a, b)| (a - b) * (a - b))
                .sum::<f64>()
                .sqrt();
            vector = product;
            if change < 1e-12 {
                break;
            }
        }
        components.push(vector);
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-10,
            "expected {expected}, found {actual}"
        );
    }

    #[test]
    fn power_iteration_by_hand() {
        // The matrix of `pca_of_a_four_by_three_matrix_worked_by_hand` (centred already, its
        // passes left out of the sparse rows): XᵀX = [[2,2,0],[2,2,0],[0,0,2]]. From ones,
        // XᵀX (1,1,1) = (4,4,2), and the iteration settles on (1,1,0)/√2; the second, from
        // ones with the first factored out, (0,0,1) at once.
        let rows = [
            vec![(0, 1.0), (1, 1.0)],
            vec![(0, -1.0), (1, -1.0)],
            vec![(2, 1.0)],
            vec![(2, -1.0)],
        ];
        let found = power_components(&rows, 3, &[], 2);
        let half = 0.5_f64.sqrt();
        for (value, expected) in found[0].iter().zip([half, half, 0.0]) {
            close(*value, expected);
        }
        for (value, expected) in found[1].iter().zip([0.0, 0.0, 1.0]) {
            close(*value, expected);
        }
        // From the previous update's components, the same.
        let again = power_components(&rows, 3, &found, 2);
        for (again, found) in again.iter().flatten().zip(found.iter().flatten()) {
            close(*again, *found);
        }
    }

    #[test]
    fn jacobi_by_hand() {
        // [[2, 1], [1, 2]] has eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (1, -1)/√2.
        let (values, vectors) = symmetric_eigen(&[vec![2.0, 1.0], vec![1.0, 2.0]]);
        close(values[0], 3.0);
        close(values[1], 1.0);
        close(vectors[0][0].abs(), std::f64::consts::FRAC_1_SQRT_2);
        close(vectors[0][0] * vectors[1][0], 0.5);
        close(vectors[0][1] * vectors[1][1], -0.5);
    }

    #[test]
    fn pca_of_a_four_by_three_matrix_worked_by_hand() {
        // Votes of four participants on three statements:
        //   a: agree, agree, pass      ( 1,  1,  0)
        //   b: disagree, disagree, pass (-1, -1,  0)
        //   c: pass, pass, agree       ( 0,  0,  1)
        //   d: pass, pass, disagree    ( 0,  0, -1)
        // Column means are 0. XᵀX = [[2,2,0],[2,2,0],[0,0,2]], so the covariance (divisor 3)
        // is that over 3. Its eigenvalues: 4/3 on (1,1,0)/√2, 2/3 on (0,0,1), 0 on (1,-1,0)/√2.
        // Total variance = trace = 2/3 + 2/3 + 2/3 = 2; explained 4/3 / 2 = 2/3 and 1/3.
        // Scores on PC1: a = (1 + 1)/√2 = √2, b = −√2, c = d = 0; on PC2: c = 1, d = −1.
        let rows = vec![
            vec![Some(1.0), Some(1.0), Some(0.0)],
            vec![Some(-1.0), Some(-1.0), Some(0.0)],
            vec![Some(0.0), Some(0.0), Some(1.0)],
            vec![Some(0.0), Some(0.0), Some(-1.0)],
        ];
        let pca = principal_components(&rows, 2);
        close(pca.total_variance, 2.0);
        close(pca.variances[0], 4.0 / 3.0);
        close(pca.variances[1], 2.0 / 3.0);
        close(pca.explained[0], 2.0 / 3.0);
        close(pca.explained[1], 1.0 / 3.0);
        let root_half = std::f64::consts::FRAC_1_SQRT_2;
        for (actual, expected) in pca.components[0].iter().zip([root_half, root_half, 0.0]) {
            close(*actual, expected);
        }
        for (actual, expected) in pca.components[1].iter().zip([0.0, 0.0, 1.0]) {
            close(*actual, expected);
        }
        let scores: Vec<Vec<f64>> = rows.iter().map(|row| pca.project(row)).collect();
        let root_two = std::f64::consts::SQRT_2;
        for (score, expected) in
            scores
                .iter()
                .zip([[root_two, 0.0], [-root_two, 0.0], [0.0, 1.0], [0.0, -1.0]])
        {
            close(score[0], expected[0]);
            close(score[1], expected[1]);
        }
    }

    #[test]
    fn missing_votes_become_the_statement_mean() {
        // Three participants, two statements; b did not vote on the second.
        //   a: ( 1,  1)   b: (-1, -)   c: ( 0, -1)
        // Means: (0, 0). Imputed b = (-1, 0). Centred rows: (1,1), (-1,0), (0,-1).
        // XᵀX = [[2, 1], [1, 2]]; covariance (divisor 2) = [[1, 0.5], [0.5, 1]]:
        // eigenvalues 1.5 on (1,1)/√2 and 0.5 on (1,-1)/√2, total 2, explained 75% and 25%.
        // Scores on PC1: a = 2/√2 = √2, b = −1/√2, c = −1/√2. Pol.is's sparsity scaling
        // multiplies b's by √(2/1), and by √((2 + 3)/(1 + 3)) with three moderated-out columns.
        let rows = vec![
            vec![Some(1.0), Some(1.0)],
            vec![Some(-1.0), None],
            vec![Some(0.0), Some(-1.0)],
        ];
        let pca = principal_components(&rows, 2);
        close(pca.explained[0], 0.75);
        close(pca.explained[1], 0.25);
        close(pca.project(&rows[0])[0], std::f64::consts::SQRT_2);
        close(pca.project(&rows[1])[0], -std::f64::consts::FRAC_1_SQRT_2);
        close(pca.project(&rows[2])[0], -std::f64::consts::FRAC_1_SQRT_2);
        close(sparsity_scale(2, 1, 0), std::f64::consts::SQRT_2);
        close(sparsity_scale(2, 2, 0), 1.0);
        close(sparsity_scale(2, 1, 3), 1.25f64.sqrt());
    }

    #[test]
    fn subspace_iteration_matches_jacobi_on_a_larger_matrix() {
        // A 30 x 30 covariance-like matrix (B Bᵀ), too wide for the block to cover it.
        let mut random = SplitMix64::new(7);
        let b: Vec<Vec<f64>> = (0..30)
            .map(|_| (0..12).map(|_| random.next_f64() - 0.5).collect())
            .collect();
        let matrix: Vec<Vec<f64>> = (0..30)
            .map(|i| (0..30).map(|j| dot(&b[i], &b[j])).collect())
            .collect();
        let (values, vectors) = leading_eigenvectors(&matrix, 2);
        let (exact, exact_vectors) = symmetric_eigen(&matrix);
        for index in 0..2 {
            assert!((values[index] - exact[index]).abs() < 1e-9 * exact[0]);
            let column: Vec<f64> = exact_vectors.iter().map(|row| row[index]).collect();
            assert!((dot(&vectors[index], &column).abs() - 1.0).abs() < 1e-8);
        }
    }
}
