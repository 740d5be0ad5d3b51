//! Sorting with one copy of the sort code.
//!
//! Each `slice::sort_by` with its own closure or element type is its own instantiation
//! of the standard library's sort (driftsort, 1–6 KB of wasm apiece: sorting was 94 KB
//! of the module). [`sort_by`] sorts the positions `0..n` with the order as a `&dyn Fn`
//! and then moves the elements, so every call shares one copy of the sort. For the
//! charts, views and generators (short lists, once per result), not for loops that sort
//! in a fit.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stably (as `slice::sort_by`, with the same result).
pub(crate) fn sort_by<T>(v: &mut [T], cmp: &dyn Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(v.len(), &|a, b| cmp(&v[a], &v[b]));
    // Position i takes the element at order[i]: follow each cycle of the permutation.
    let mut placed = vec![false; v.len()];
    for start in 0..v.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// `0..n` sorted stably by `cmp` on positions: the one instantiation of the sort.
fn sorted_positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Sorts `v` ascending by `f64::total_cmp` (NaN last, −0 before +0).
pub(crate) fn sort_f64(v: &mut [f64]) {
    sort_by(v, &f64::total_cmp);
}

/// Sorts `v` ascending (integers, tuples: stable or not, the result is the same).
pub(crate) fn sort_ord<T: Ord>(v: &mut [T]) {
    sort_by(v, &T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_order_as_the_standard_sorts() {
        let mut a = vec![3.0, -0.0, f64::NAN, 0.0, -2.5, 1e300, f64::NEG_INFINITY];
        let mut b = a.clone();
        sort_f64(&mut a);
        b.sort_by(f64::total_cmp);
        assert_eq!(a.map_bits(), b.map_bits());
        let mut u = vec![5usize, 1, 4, 1, 0, 9];
        sort_ord(&mut u);
        assert_eq!(u, [0, 1, 1, 4, 5, 9]);
        // Stable: equal keys keep their order.
        let mut pairs = vec![(1, 'a'), (0, 'b'), (1, 'c'), (0, 'd')];
        sort_by(&mut pairs, &|x, y| x.0.cmp(&y.0));
        assert_eq!(pairs, [(0, 'b'), (0, 'd'), (1, 'a'), (1, 'c')]);
        // Longer permutations with cycles of every length, against the standard sort.
        for n in [0usize, 1, 2, 3, 17, 100] {
            let mut v: Vec<(u64, usize)> = (0..n).map(|i| ((i as u64 * 7919) % 13, i)).collect();
            let mut w = v.clone();
            sort_by(&mut v, &|x, y| x.0.cmp(&y.0));
            w.sort_by_key(|x| x.0);
            assert_eq!(v, w);
        }
    }

    trait Bits {
        fn map_bits(&self) -> Vec<u64>;
    }
    impl Bits for Vec<f64> {
        fn map_bits(&self) -> Vec<u64> {
            self.iter().map(|x| x.to_bits()).collect()
        }
    }
}
