//! The index of a result's grid: an [`Axis`] per parameter, its distinct values and
//! each candidate's value among them, built in one pass with a small fast hasher.

use crate::collect::CollectVec;
use std::collections::HashMap;

use crate::model::ParamValue;
use crate::select::SearchResult;

/// No value: the candidate's grid does not set the parameter.
const UNSET: u32 = u32::MAX;

/// A grid parameter: its distinct values and each candidate's value among them.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The parameter's name (`C`).
    pub name: String,
    /// Whether every value is a number.
    pub numeric: bool,
    /// The distinct values: ascending when all are numbers, else in the order the
    /// candidates first use them. Values equal as [`ParamValue`]s are one value
    /// (`0` and `-0`); every `NaN` is one value too.
    pub values: Vec<ParamValue>,
    /// Per candidate, the index of its value in `values` ([`UNSET`] where its grid does
    /// not set the parameter).
    codes: Vec<u32>,
}

impl Axis {
    /// The index in [`Axis::values`] of candidate `i`'s value, or `None` where the
    /// candidate's grid does not set the parameter.
    pub fn code(&self, i: usize) -> Option<usize> {
        self.codes
            .get(i)
            .copied()
            .filter(|&c| c != UNSET)
            .map(|c| c as usize)
    }
}

/// A [`ParamValue`] as a hash key, equal where the values are.
#[derive(Hash, PartialEq, Eq)]
enum Key<'a> {
    Num(u64),
    Bool(bool),
    Str(&'a str),
}

fn key(v: &ParamValue) -> Key<'_> {
    match v {
        // 0 == -0 as numbers; all NaN as one.
        ParamValue::Num(n) if *n == 0.0 => Key::Num(0),
        ParamValue::Num(n) if n.is_nan() => Key::Num(f64::NAN.to_bits()),
        ParamValue::Num(n) => Key::Num(n.to_bits()),
        ParamValue::Bool(b) => Key::Bool(*b),
        ParamValue::Str(s) => Key::Str(s),
    }
}

/// A small fast hasher for the index's keys (parameter names and value bits): the
/// multiply-rotate step of rustc's FxHasher with splitmix64's finaliser, so numbers
/// that differ only in high bits (1, 2, 4, …) still spread over the buckets. The keys
/// come from the result, not from an adversary, so SipHash's protection buys nothing.
#[derive(Default)]
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// The axes of a result's candidates, in the order their names first appear.
pub(super) fn index_axes(result: &SearchResult) -> Vec<Axis> {
    struct Building<'a> {
        name: &'a str,
        seen: FastMap<Key<'a>, u32>,
        values: Vec<&'a ParamValue>,
        codes: Vec<u32>,
    }
    let params = result.cv_results.params();
    let n = params.len();
    let mut by_name: FastMap<&str, usize> = FastMap::default();
    let mut axes: Vec<Building<'_>> = Vec::new();
    // The axis of the k-th parameter of the previous candidate: candidates of one grid
    // name the same parameters in the same order, so the name look-up is mostly skipped.
    let mut at_position: Vec<usize> = Vec::new();
    for (i, candidate) in params.iter().enumerate() {
        for (k, (name, value)) in candidate.iter().enumerate() {
            let a = match at_position.get(k) {
                Some(&a) if axes.get(a).is_some_and(|b| b.name == name) => a,
                _ => {
                    let a = *by_name.entry(name.as_str()).or_insert_with(|| {
                        axes.push(Building {
                            name,
                            seen: FastMap::default(),
                            values: Vec::new(),
                            codes: vec![UNSET; n],
                        });
                        axes.len() - 1
                    });
                    if let Some(slot) = at_position.get_mut(k) {
                        *slot = a;
                    } else {
                        at_position.push(a);
                    }
                    a
                }
            };
            let Some(axis) = axes.get_mut(a) else {
                continue;
            };
            let next = axis.values.len() as u32;
            let code = *axis.seen.entry(key(value)).or_insert(next);
            if code == next {
                axis.values.push(value);
            }
            if let Some(slot) = axis.codes.get_mut(i) {
                *slot = code;
            }
        }
    }
    axes.into_iter()
        .map(|b| {
            let numeric = b.values.iter().all(|v| matches!(v, ParamValue::Num(_)));
            let mut values: Vec<ParamValue> = b.values.into_iter().cloned().collect_vec();
            let mut codes = b.codes;
            if numeric {
                // Ascending (stable, as the first-appearance list was sorted before).
                let mut order: Vec<usize> = (0..values.len()).collect_vec();
                crate::sort::sort_by(&mut order, &|&a, &b| {
                    num(&values[a]).total_cmp(&num(&values[b]))
                });
                let mut new_code = vec![0u32; values.len()];
                for (new, &old) in order.iter().enumerate() {
                    new_code[old] = new as u32;
                }
                for c in codes.iter_mut().filter(|c| **c != UNSET) {
                    *c = new_code[*c as usize];
                }
                values = order.iter().map(|&o| values[o].clone()).collect_vec();
            }
            Axis {
                name: b.name.to_string(),
                numeric,
                values,
                codes,
            }
        })
        .collect_vec()
}

pub(super) fn num(v: &ParamValue) -> f64 {
    match v {
        ParamValue::Num(n) => *n,
        _ => f64::NAN,
    }
}
