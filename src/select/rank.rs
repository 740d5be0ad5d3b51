//! scikit-learn's `rank_test_<scorer>` in `n log n`: higher means rank first, tied
//! means share the smallest rank (`scipy.stats.rankdata(-means, method="min")`), and a
//! `NaN` mean ranks after every number (scikit-learn puts failed candidates last).
//!
//! ```
//! use tunelab::select::rank::rank;
//! assert_eq!(rank(&[0.5, 0.9, 0.9, f64::NAN, 0.1]), [3, 1, 1, 5, 4]);
//! ```

use crate::collect::CollectVec;

/// Ranks of `means`, higher is better: ties share the smallest rank, `NaN` ranks last
/// (one more than the count of numbers). `0.0` and `-0.0` tie. `O(n log n)`: the
/// numbers are sorted once and each rank is a binary search.
pub fn rank(means: &[f64]) -> Vec<usize> {
    let mut sorted: Vec<f64> = means.iter().copied().filter(|v| !v.is_nan()).collect_vec();
    // -0.0 sorts before 0.0 here, but `<=` below sees them as equal: the partition holds.
    crate::sort::sort_f64(&mut sorted);
    let numbers = sorted.len();
    means
        .iter()
        .map(|&m| {
            if m.is_nan() {
                numbers + 1
            } else {
                // 1 + how many are strictly greater than m.
                1 + numbers - sorted.partition_point(|&v| v <= m)
            }
        })
        .collect_vec()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::rank;
    use proptest::prelude::*;

    /// The quadratic ranking `select::search` used before (kept to test against).
    fn rank_quadratic(means: &[f64]) -> Vec<usize> {
        means
            .iter()
            .map(|&m| {
                if m.is_nan() {
                    means.iter().filter(|v| !v.is_nan()).count() + 1
                } else {
                    1 + means.iter().filter(|&&v| v > m).count()
                }
            })
            .collect()
    }

    #[test]
    fn ties_share_the_smallest_rank_and_nan_is_last() {
        assert_eq!(rank(&[0.5, 0.9, 0.9, f64::NAN, 0.1]), [3, 1, 1, 5, 4]);
        assert_eq!(rank(&[0.0, -0.0, f64::NAN, f64::NAN]), [1, 1, 3, 3]);
        assert_eq!(rank(&[f64::NEG_INFINITY, f64::INFINITY, 1.0]), [3, 1, 2]);
        assert!(rank(&[]).is_empty());
    }

    /// Values drawn from a small set, so ties, NaN, infinities and both zeros are common.
    fn mean() -> impl Strategy<Value = f64> {
        prop_oneof![
            4 => prop::sample::select(vec![
                0.0, -0.0, 0.5, 0.9, 1.0, -1.0, 0.3333333333333333, f64::NAN,
                f64::INFINITY, f64::NEG_INFINITY, f64::MIN_POSITIVE, -f64::MAX,
            ]),
            1 => any::<f64>(),
        ]
    }

    proptest! {
        #[test]
        fn equals_the_quadratic_ranking(means in prop::collection::vec(mean(), 0..200)) {
            prop_assert_eq!(rank(&means), rank_quadratic(&means));
        }
    }
}
