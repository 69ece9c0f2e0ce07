//! Many tests at once: the Benjamini-Hochberg adjustment, which controls the false discovery
//! rate (the expected share of reported differences that are not real) across a family of
//! tests.

/// Benjamini-Hochberg adjusted p-values (q-values), in the order given: the i-th smallest of
/// m p-values becomes `min over j >= i of p_(j) m / j`, capped at 1. A test whose q-value is at
/// most `alpha` is a discovery at false discovery rate `alpha`; this is R's
/// `p.adjust(p, "BH")`. NaN p-values are treated as 1.
#[must_use]
pub fn benjamini_hochberg(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len();
    let clean = |p: f64| if p.is_nan() { 1.0 } else { p.clamp(0.0, 1.0) };
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| clean(p_values[a]).total_cmp(&clean(p_values[b])));
    let mut adjusted = vec![1.0; m];
    let mut running = 1.0f64;
    for (rank, &index) in order.iter().enumerate().rev() {
        let q = clean(p_values[index]) * m as f64 / (rank + 1) as f64;
        running = running.min(q).min(1.0);
        adjusted[index] = running;
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn close(actual: &[f64], expected: &[f64]) {
        assert_eq!(actual.len(), expected.len());
        for (a, e) in actual.iter().zip(expected) {
            assert!(
                (a - e).abs() < 1e-12,
                "expected {expected:?}, found {actual:?}"
            );
        }
    }

    /// By hand: p = 0.01, 0.04, 0.03, 0.005 (m = 4). Sorted, p x m / rank: 0.005 x 4 / 1 =
    /// 0.02, 0.01 x 4 / 2 = 0.02, 0.03 x 4 / 3 = 0.04, 0.04 x 4 / 4 = 0.04; running minimum
    /// from the largest leaves them so. R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") gives
    /// 0.02 0.04 0.04 0.02.
    #[test]
    fn adjusted_by_hand() {
        close(
            &benjamini_hochberg(&[0.01, 0.04, 0.03, 0.005]),
            &[0.02, 0.04, 0.04, 0.02],
        );
        // p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH"): every q is 0.05.
        close(
            &benjamini_hochberg(&[0.01, 0.02, 0.03, 0.04, 0.05]),
            &[0.05; 5],
        );
        // The running minimum: 0.001 x 3 / 1 = 0.003; 0.04 x 3 / 2 = 0.06 is lowered to
        // 0.045 x 3 / 3 = 0.045.
        close(
            &benjamini_hochberg(&[0.045, 0.001, 0.04]),
            &[0.045, 0.003, 0.045],
        );
        // Capped at 1, NaN as 1, nothing for nothing.
        close(&benjamini_hochberg(&[0.9, 0.8, f64::NAN]), &[1.0, 1.0, 1.0]);
        assert!(benjamini_hochberg(&[]).is_empty());
    }
}
