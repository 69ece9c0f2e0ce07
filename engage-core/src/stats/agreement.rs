//! Agreement between coders: Cohen's kappa for two coders, Krippendorff's alpha for any number
//! of coders with missing codes (nominal, ordinal, interval and ratio), and percent agreement.
//!
//! Both coefficients compare observed agreement with the agreement expected by chance. When
//! the codes do not vary at all (every item given the same code) chance agreement is perfect
//! and the coefficient is undefined; it is then `None`, not a misleading 1 or a NaN.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{check_non_negative, summation};
use crate::{Error, Location, Result};

/// Cohen's kappa for two coders.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CohensKappa {
    /// κ = (pₒ − pₑ) / (1 − pₑ); `None` when pₑ = 1 (both coders used one and the same code
    /// throughout, so agreement cannot be told apart from chance).
    pub kappa: Option<f64>,
    /// pₒ, the share of items (0 to 1) both coders coded the same.
    pub observed_agreement: f64,
    /// pₑ, the share expected by chance from each coder's own code frequencies.
    pub expected_agreement: f64,
    /// The number of items (a weighted total when built from a weighted table).
    pub n: f64,
}

/// Cohen's (unweighted, nominal) kappa between two coders' codes for the same items.
///
/// ```
/// use engage_core::stats::agreement::cohens_kappa;
///
/// let a = ["yes", "yes", "no", "no", "yes"];
/// let b = ["yes", "no", "no", "no", "yes"];
/// let kappa = cohens_kappa(&a, &b)?;
/// assert_eq!(kappa.observed_agreement, 0.8);
/// # Ok::<(), engage_core::Error>(())
/// ```
pub fn cohens_kappa<T: Ord>(coder_a: &[T], coder_b: &[T]) -> Result<CohensKappa> {
    check_same_length(coder_a.len(), coder_b.len())?;
    let mut codes: BTreeMap<&T, usize> = BTreeMap::new();
    for code in coder_a.iter().chain(coder_b) {
        let next = codes.len();
        codes.entry(code).or_insert(next);
    }
    let k = codes.len();
    let mut table = vec![vec![0.0; k]; k];
    for (a, b) in coder_a.iter().zip(coder_b) {
        table[codes[a]][codes[b]] += 1.0;
    }
    cohens_kappa_from_table(&table)
}

/// Cohen's kappa from a square agreement table: rows are coder A's codes, columns coder B's
/// in the same order, cells the (possibly weighted) number of items.
pub fn cohens_kappa_from_table<R: AsRef<[f64]>>(table: &[R]) -> Result<CohensKappa> {
    let k = table.len();
    for (r, row) in table.iter().enumerate() {
        let row = row.as_ref();
        if row.len() != k {
            return Err(Error::data(
                Location::default(),
                format!(
                    "row {}: expected a square table of {k} columns (one per code), found {}",
                    r + 1,
                    row.len()
                ),
            ));
        }
        for (c, &count) in row.iter().enumerate() {
            check_non_negative(&format!("row {}, column {}", r + 1, c + 1), count)?;
        }
    }
    let n = summation::sum(table.iter().flat_map(|row| row.as_ref().iter().copied()));
    if n == 0.0 {
        return Err(Error::data(
            Location::default(),
            "expected at least one item coded by both coders, found none",
        ));
    }
    let observed = summation::sum((0..k).map(|i| table[i].as_ref()[i])) / n;
    let expected = summation::sum((0..k).map(|i| {
        let row: f64 = summation::sum(table[i].as_ref().iter().copied());
        let column: f64 = summation::sum(table.iter().map(|r| r.as_ref()[i]));
        (row / n) * (column / n)
    }));
    // pₑ can come out a rounding error above pₒ = 1; compare with a tolerance of a few ulp.
    let kappa = if 1.0 - expected > 1e-12 {
        Some((observed - expected) / (1.0 - expected))
    } else {
        None
    };
    Ok(CohensKappa {
        kappa,
        observed_agreement: observed,
        expected_agreement: expected,
        n,
    })
}

/// The percentage (0 to 100) of items that two coders coded the same.
pub fn percent_agreement<T: PartialEq>(coder_a: &[T], coder_b: &[T]) -> Result<f64> {
    check_same_length(coder_a.len(), coder_b.len())?;
    if coder_a.is_empty() {
        return Err(Error::data(
            Location::default(),
            "expected at least one item coded by both coders, found none",
        ));
    }
    let same = coder_a.iter().zip(coder_b).filter(|(a, b)| a == b).count();
    Ok(100.0 * same as f64 / coder_a.len() as f64)
}

fn check_same_length(a: usize, b: usize) -> Result<()> {
    if a == b {
        Ok(())
    } else {
        Err(Error::data(
            Location::default(),
            format!(
                "expected both coders to code the same items, found {a} codes from the first and {b} from the second"
            ),
        ))
    }
}

/// The level of measurement of the codes, which sets how much two different codes disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Codes are labels: two codes agree or they do not (themes, categories).
    Nominal,
    /// Codes are ranks: disagreement grows with how many coded values lie between them
    /// (Likert scales).
    Ordinal,
    /// Codes are numbers: disagreement is the squared difference.
    Interval,
    /// Codes are non-negative numbers with a true zero: disagreement is the squared difference
    /// relative to the sum.
    Ratio,
}

/// Krippendorff's alpha for a set of units coded by several coders.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct KrippendorffAlpha {
    /// α = 1 − Dₒ / Dₑ; `None` when there are no pairable values or they do not vary (Dₑ = 0).
    pub alpha: Option<f64>,
    /// The observed disagreement Dₒ.
    pub observed_disagreement: f64,
    /// The disagreement expected by chance Dₑ.
    pub expected_disagreement: f64,
    /// The number of pairable values n: codes in units that at least two coders coded.
    pub pairable_values: usize,
    /// The number of units that at least two coders coded.
    pub pairable_units: usize,
    /// The level of measurement used.
    pub level: Level,
}

/// Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's alpha-reliability") for
/// reliability data given one row per unit (a comment, say), one entry per coder, `None` where
/// that coder did not code the unit.
///
/// Units with fewer than two codes cannot be compared and are left out. Codes are numbers;
/// for nominal data they are only labels (map text codes to 0, 1, 2...), for ordinal data only
/// their order matters, and ratio data must not be negative.
///
/// ```
/// use engage_core::stats::agreement::{krippendorff_alpha, Level};
///
/// // Two coders, four comments, one missing code.
/// let units = [[Some(1.0), Some(1.0)], [Some(0.0), Some(0.0)], [Some(1.0), Some(0.0)], [Some(1.0), None]];
/// let alpha = krippendorff_alpha(&units, Level::Nominal)?;
/// assert_eq!(alpha.pairable_values, 6);
/// # Ok::<(), engage_core::Error>(())
/// ```
pub fn krippendorff_alpha<R: AsRef<[Option<f64>]>>(
    units: &[R],
    level: Level,
) -> Result<KrippendorffAlpha> {
    // The distinct codes, in order, as indexes into the coincidence matrix.
    let mut values: Vec<f64> = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        for (coder, &code) in unit.as_ref().iter().enumerate() {
            let Some(code) = code else { continue };
            if !code.is_finite() || (level == Level::Ratio && code < 0.0) {
                let expected = if level == Level::Ratio {
                    "a finite number of at least 0 for ratio data"
                } else {
                    "a finite number"
                };
                return Err(Error::data(
                    Location::default(),
                    format!(
                        "unit {}, coder {}: expected {expected}, found {code}",
                        u + 1,
                        coder + 1
                    ),
                ));
            }
            values.push(code);
        }
    }
    values.sort_unstable_by(f64::total_cmp);
    values.dedup();
    let k = values.len();
    let index = |code: f64| {
        values
            .binary_search_by(|probe| probe.total_cmp(&code))
            .expect("every code was collected")
    };

    // The coincidence matrix: o[c][k] = Σ over units of (number of c-k pairs) / (mᵤ − 1).
    let mut coincidences = vec![vec![0.0; k]; k];
    let mut pairable_units = 0;
    let mut counts = vec![0usize; k];
    for unit in units {
        let codes: Vec<usize> = unit.as_ref().iter().flatten().map(|&c| index(c)).collect();
        let m = codes.len();
        if m < 2 {
            continue;
        }
        pairable_units += 1;
        for &c in &codes {
            counts[c] += 1;
        }
        let present: Vec<usize> = (0..k).filter(|&c| counts[c] > 0).collect();
        for &c in &present {
            for &d in &present {
                let pairs = counts[c] * (counts[d] - usize::from(c == d));
                coincidences[c][d] += pairs as f64 / (m - 1) as f64;
            }
        }
        for &c in &codes {
            counts[c] = 0;
        }
    }
    let marginals: Vec<f64> = coincidences
        .iter()
        .map(|row| summation::sum(row.iter().copied()))
        .collect();
    let n = summation::sum(marginals.iter().copied());
    let pairable_values = n.round() as usize;

    let delta = difference_function(level, &values, &marginals);
    let mut observed = summation::NeumaierSum::default();
    let mut expected = summation::NeumaierSum::default();
    for c in 0..k {
        for d in 0..k {
            let distance = delta(c, d);
            observed.add(coincidences[c][d] * distance);
            expected.add(marginals[c] * marginals[d] * distance);
        }
    }
    let (observed_disagreement, expected_disagreement) = if n > 1.0 {
        (observed.value() / n, expected.value() / (n * (n - 1.0)))
    } else {
        (0.0, 0.0)
    };
    let alpha = if expected_disagreement > 0.0 {
        Some(1.0 - observed_disagreement / expected_disagreement)
    } else {
        None
    };
    Ok(KrippendorffAlpha {
        alpha,
        observed_disagreement,
        expected_disagreement,
        pairable_values,
        pairable_units,
        level,
    })
}

/// The squared difference function δ²(c, k) of the level, over code indexes.
fn difference_function<'a>(
    level: Level,
    values: &'a [f64],
    marginals: &'a [f64],
) -> Box<dyn Fn(usize, usize) -> f64 + 'a> {
    match level {
        Level::Nominal => Box::new(|c, d| if c == d { 0.0 } else { 1.0 }),
        Level::Ordinal => Box::new(move |c, d| {
            // (Σ_{g from c to k} n_g − (n_c + n_k) / 2)², over the codes in order.
            let (low, high) = (c.min(d), c.max(d));
            let between = summation::sum(marginals[low..=high].iter().copied())
                - f64::midpoint(marginals[c], marginals[d]);
            between * between
        }),
        Level::Interval => Box::new(move |c, d| {
            let difference = values[c] - values[d];
            difference * difference
        }),
        Level::Ratio => Box::new(move |c, d| {
            let sum = values[c] + values[d];
            if sum == 0.0 {
                0.0
            } else {
                let ratio = (values[c] - values[d]) / sum;
                ratio * ratio
            }
        }),
    }
}

#[cfg(test)]
// Oracle values are copied digit for digit from their source (mpmath prints 19-20 digits), so
// they can be compared by eye; grouping or trimming them would make that harder.
#[allow(clippy::unreadable_literal, clippy::excessive_precision)]
mod tests {
    use super::*;
    use crate::stats::assert_close;
    use proptest::prelude::*;

    /// Wikipedia "Cohen's kappa" worked examples; the first is also tutorialspoint's "Cohen's
    /// kappa coefficient" (pₒ = 0.70, κ = 0.4); exact rationals from Python `fractions`,
    /// statsmodels `cohens_kappa` agrees (stats-oracles.md section 6).
    #[test]
    fn kappa_matches_worked_examples() {
        let cases: [(&[&[f64]], f64, f64, f64); 4] = [
            (&[&[20.0, 5.0], &[10.0, 15.0]], 0.7, 0.5, 0.4),
            (&[&[45.0, 15.0], &[25.0, 15.0]], 0.6, 0.54, 3.0 / 23.0),
            (&[&[25.0, 35.0], &[5.0, 35.0]], 0.6, 0.46, 7.0 / 27.0),
            (
                &[&[10.0, 2.0, 3.0], &[1.0, 12.0, 2.0], &[2.0, 1.0, 17.0]],
                39.0 / 50.0,
                43.0 / 125.0,
                109.0 / 164.0,
            ),
        ];
        for (table, observed, expected, kappa) in cases {
            let result = cohens_kappa_from_table(table).unwrap();
            assert_close(result.observed_agreement, observed, 1e-14);
            assert_close(result.expected_agreement, expected, 1e-14);
            assert_close(result.kappa.unwrap(), kappa, 1e-13);
        }
    }

    /// The same 50-proposal example from the raw codes rather than the table.
    #[test]
    fn kappa_from_codes_matches_kappa_from_the_table() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        for (code_a, code_b, count) in [
            ("yes", "yes", 20),
            ("yes", "no", 5),
            ("no", "yes", 10),
            ("no", "no", 15),
        ] {
            a.extend(std::iter::repeat_n(code_a, count));
            b.extend(std::iter::repeat_n(code_b, count));
        }
        let kappa = cohens_kappa(&a, &b).unwrap();
        assert_close(kappa.kappa.unwrap(), 0.4, 1e-14);
        assert_eq!(kappa.n, 50.0);
        assert_close(percent_agreement(&a, &b).unwrap(), 70.0, 1e-14);
    }

    #[test]
    fn kappa_without_variation_is_undefined() {
        let kappa = cohens_kappa(&[1, 1, 1], &[1, 1, 1]).unwrap();
        assert_eq!(kappa.kappa, None);
        assert_eq!(kappa.observed_agreement, 1.0);
        assert!(cohens_kappa::<u8>(&[], &[]).is_err());
        assert_eq!(
            cohens_kappa(&[1, 2], &[1]).unwrap_err().to_string(),
            "expected both coders to code the same items, found 2 codes from the first and 1 from the second"
        );
        assert!(cohens_kappa_from_table(&[[1.0, 2.0]]).is_err());
    }

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 observers x 12
    /// units example with missing values, as copied in the R package jucor/krippendorff
    /// (data-raw/mwebreliability5.R). Published: nominal 0.743, ordinal 0.815, interval 0.849,
    /// ratio 0.797; exact rationals 113/152, 108577/133160, 951/1120, 18222619/22852465 from a
    /// coincidence matrix in Python fractions, which the `krippendorff` package matches to 1 ulp
    /// (stats-oracles.md section 6).
    #[test]
    fn alpha_matches_krippendorffs_own_example() {
        let observers: [[Option<f64>; 12]; 4] = [
            codes(&[1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0]),
            codes(&[1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3]),
            codes(&[0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0]),
            codes(&[1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0]),
        ];
        let units = transpose(&observers);
        let cases = [
            (Level::Nominal, 113.0 / 152.0, 0.743),
            (Level::Ordinal, 108_577.0 / 133_160.0, 0.815),
            (Level::Interval, 951.0 / 1120.0, 0.849),
            (Level::Ratio, 18_222_619.0 / 22_852_465.0, 0.797),
        ];
        for (level, exact, published) in cases {
            let alpha = krippendorff_alpha(&units, level).unwrap();
            assert_close(alpha.alpha.unwrap(), exact, 1e-13);
            assert!((alpha.alpha.unwrap() - published).abs() < 5e-4);
            assert_eq!(alpha.pairable_values, 40);
            assert_eq!(alpha.pairable_units, 11);
        }
    }

    /// The 3 coders x 15 units example of Wikipedia's "Krippendorff's alpha" page and the
    /// Python `krippendorff` docstring: nominal 0.691358 and interval 0.810845 published; exact
    /// 56/81, 643/793 and ordinal 112173/139048 (stats-oracles.md section 6).
    #[test]
    fn alpha_matches_the_wikipedia_example() {
        let coders: [[Option<f64>; 15]; 3] = [
            codes(&[0, 0, 0, 0, 0, 3, 4, 1, 2, 1, 1, 3, 3, 0, 3]),
            codes(&[1, 0, 2, 1, 3, 3, 4, 3, 0, 0, 0, 0, 0, 0, 0]),
            codes(&[0, 0, 2, 1, 3, 4, 4, 0, 2, 1, 1, 3, 3, 0, 4]),
        ];
        let units = transpose(&coders);
        let nominal = krippendorff_alpha(&units, Level::Nominal).unwrap();
        assert_close(nominal.alpha.unwrap(), 56.0 / 81.0, 1e-13);
        assert!((nominal.alpha.unwrap() - 0.691358).abs() < 5e-7);
        let interval = krippendorff_alpha(&units, Level::Interval).unwrap();
        assert_close(interval.alpha.unwrap(), 643.0 / 793.0, 1e-13);
        assert!((interval.alpha.unwrap() - 0.810845).abs() < 5e-7);
        let ordinal = krippendorff_alpha(&units, Level::Ordinal).unwrap();
        assert_close(ordinal.alpha.unwrap(), 112_173.0 / 139_048.0, 1e-13);
    }

    #[test]
    fn alpha_without_variation_or_pairs_is_undefined() {
        let same = [[Some(1.0), Some(1.0)], [Some(1.0), Some(1.0)]];
        assert_eq!(
            krippendorff_alpha(&same, Level::Nominal).unwrap().alpha,
            None
        );
        let unpaired = [[Some(1.0), None], [None, Some(2.0)]];
        let alpha = krippendorff_alpha(&unpaired, Level::Interval).unwrap();
        assert_eq!((alpha.alpha, alpha.pairable_values), (None, 0));
        let empty: [[Option<f64>; 2]; 0] = [];
        assert_eq!(
            krippendorff_alpha(&empty, Level::Nominal).unwrap().alpha,
            None
        );
    }

    #[test]
    fn alpha_refuses_bad_codes() {
        let nan = [[Some(f64::NAN), Some(1.0)]];
        assert_eq!(
            krippendorff_alpha(&nan, Level::Nominal)
                .unwrap_err()
                .to_string(),
            "unit 1, coder 1: expected a finite number, found NaN"
        );
        let negative = [[Some(-1.0), Some(1.0)]];
        assert!(krippendorff_alpha(&negative, Level::Ratio).is_err());
        assert!(krippendorff_alpha(&negative, Level::Interval).is_ok());
    }

    /// Codes written with 0 for "missing", as the oracle tables use ".".
    fn codes<const N: usize>(row: &[u8; N]) -> [Option<f64>; N] {
        row.map(|code| (code != 0).then_some(f64::from(code)))
    }

    fn transpose<const N: usize>(coders: &[[Option<f64>; N]]) -> Vec<Vec<Option<f64>>> {
        (0..N)
            .map(|unit| coders.iter().map(|coder| coder[unit]).collect())
            .collect()
    }

    proptest! {
        #[test]
        fn identical_codings_agree_perfectly(codes in prop::collection::vec(0u8..5, 1..200)) {
            let kappa = cohens_kappa(&codes, &codes).unwrap();
            prop_assert_eq!(kappa.observed_agreement, 1.0);
            prop_assert_eq!(percent_agreement(&codes, &codes).unwrap(), 100.0);
            let units: Vec<[Option<f64>; 2]> =
                codes.iter().map(|&c| [Some(f64::from(c)), Some(f64::from(c))]).collect();
            let alpha = krippendorff_alpha(&units, Level::Nominal).unwrap().alpha;
            if codes.iter().any(|&c| c != codes[0]) {
                // With two or more codes in use, perfect agreement is exactly 1.
                prop_assert_eq!(kappa.kappa, Some(1.0));
                prop_assert_eq!(alpha, Some(1.0));
            } else {
                // A single code leaves chance agreement perfect too: undefined, not 1.
                prop_assert_eq!(kappa.kappa, None);
                prop_assert_eq!(alpha, None);
            }
        }

        /// Two coders giving the same weighted counts: only the diagonal of the table is
        /// filled, so pₒ is 1 and κ is 1 whenever two or more codes are in use.
        #[test]
        fn kappa_of_a_diagonal_table_is_one(
            diagonal in prop::collection::vec(prop_oneof![Just(0.0), 0.01f64..1e6], 1..8),
        ) {
            let k = diagonal.len();
            let table: Vec<Vec<f64>> = (0..k)
                .map(|i| (0..k).map(|j| if i == j { diagonal[i] } else { 0.0 }).collect())
                .collect();
            let used = diagonal.iter().filter(|&&count| count > 0.0).count();
            match cohens_kappa_from_table(&table) {
                Ok(kappa) => {
                    prop_assert_eq!(kappa.observed_agreement, 1.0);
                    if used >= 2 {
                        prop_assert_eq!(kappa.kappa, Some(1.0));
                    } else {
                        prop_assert_eq!(kappa.kappa, None);
                    }
                }
                // An all-zero table has no items to agree on.
                Err(_) => prop_assert_eq!(used, 0),
            }
        }

        /// Any number of coders who never disagree, each leaving some units uncoded: α is 1 at
        /// every level of measurement whenever the pairable values vary, and undefined when
        /// they do not. Units coded by fewer than two coders do not count.
        #[test]
        fn alpha_is_one_for_identical_codings_with_missing_codes(
            units in prop::collection::vec(
                (0u8..6, prop::collection::vec(prop::bool::weighted(0.8), 2..6)),
                1..120,
            ),
        ) {
            let coders = units.iter().map(|(_, coded)| coded.len()).max().unwrap_or(2);
            let data: Vec<Vec<Option<f64>>> = units
                .iter()
                .map(|(code, coded)| {
                    (0..coders)
                        .map(|coder| coded.get(coder).copied().unwrap_or(false).then_some(f64::from(*code)))
                        .collect()
                })
                .collect();
            let pairable: Vec<u8> = units
                .iter()
                .filter(|(_, coded)| coded.iter().filter(|&&coded| coded).count() >= 2)
                .map(|(code, _)| *code)
                .collect();
            let varies = pairable.iter().any(|&code| code != pairable[0]);
            for level in [Level::Nominal, Level::Ordinal, Level::Interval, Level::Ratio] {
                let alpha = krippendorff_alpha(&data, level).unwrap();
                prop_assert_eq!(alpha.pairable_units, pairable.len());
                prop_assert_eq!(alpha.observed_disagreement, 0.0);
                prop_assert_eq!(alpha.alpha, varies.then_some(1.0), "level {:?}", level);
            }
        }

        #[test]
        fn kappa_is_at_most_one(
            pairs in prop::collection::vec((0u8..4, 0u8..4), 1..200),
        ) {
            let (a, b): (Vec<u8>, Vec<u8>) = pairs.into_iter().unzip();
            let kappa = cohens_kappa(&a, &b).unwrap();
            if let Some(kappa) = kappa.kappa {
                prop_assert!((-1.0 - 1e-12..=1.0 + 1e-12).contains(&kappa));
            }
        }
    }
}
