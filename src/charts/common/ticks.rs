//! Ranges, tick positions (linear and log10) and the numbers printed at them.

use crate::collect::CollectVec;

/// The finite values' range, widened when all are equal; `None` when there is none.
pub(crate) fn finite_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if lo > hi {
        return None;
    }
    Some(widen(lo, hi))
}

/// `(lo, hi)` made a usable, non-empty, finite range.
pub(crate) fn widen(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    let lo = lo.clamp(-1e300, 1e300);
    let hi = hi.clamp(-1e300, 1e300);
    if hi - lo > 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        return (lo, hi);
    }
    let d = (lo.abs() * 0.05).max(0.05);
    (lo - d, hi + d)
}

/// `(lo, hi)` with `frac` of its span added at each end.
pub(crate) fn pad(lo: f64, hi: f64, frac: f64) -> (f64, f64) {
    let d = (hi - lo) * frac;
    widen(lo - d, hi + d)
}

/// "Nice" tick positions (steps of 1, 2 or 5 × 10ⁿ) inside `lo..=hi`, at most about
/// `max_n` of them.
pub(crate) fn nice_ticks(lo: f64, hi: f64, max_n: usize) -> Vec<f64> {
    let max_n = max_n.max(2);
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return vec![lo];
    }
    let raw = span / max_n as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| span / s <= max_n as f64)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil();
    let mut ticks = Vec::new();
    let mut k = first;
    while k * step <= hi + step * 1e-9 && ticks.len() <= 2 * max_n + 2 {
        let v = k * step;
        ticks.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1.0;
    }
    ticks
}

/// Tick positions in log10 space (decades, or 1-2-5 within a decade when the range is
/// short) inside `lo..=hi`, at most about `max_n`.
pub(crate) fn log_ticks(lo: f64, hi: f64, max_n: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return vec![lo];
    }
    let (first, last) = (lo.ceil() as i64, hi.floor() as i64);
    let decades = (first..=last).count();
    let max_n = max_n.max(2);
    if decades >= 4 {
        let step = decades.div_ceil(max_n).max(1) as i64;
        return (first..=last)
            .filter(|e| e.rem_euclid(step) == 0)
            .map(|e| e as f64)
            .collect_vec();
    }
    // 1, 2, 5 per decade when that gives three ticks or more; else 1, 2, 3, 5 or every
    // digit (a loss from 0.22 to 1.1 would otherwise show only 0.5 and 1, nothing
    // near its lower half); else the first two-tick set found, or round numbers.
    let mut pair = None;
    for mantissas in [
        &[1.0f64, 2.0, 5.0][..],
        &[1.0, 2.0, 3.0, 5.0][..],
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0][..],
    ] {
        let mut ticks = Vec::new();
        for e in (lo.floor() as i64)..=(hi.ceil() as i64) {
            for m in mantissas {
                let t = e as f64 + m.log10();
                if t >= lo - 1e-9 && t <= hi + 1e-9 {
                    ticks.push(t);
                }
            }
        }
        if ticks.len() > max_n && decades >= 2 {
            return (first..=last).map(|e| e as f64).collect_vec();
        }
        if ticks.len() >= 3 && ticks.len() <= max_n.max(3) {
            return ticks;
        }
        if ticks.len() == 2 && pair.is_none() {
            pair = Some(ticks);
        }
    }
    if let Some(ticks) = pair {
        return ticks;
    }
    // Less than a decade: round numbers of the linear scale (2800, 3000, 3200), not
    // round exponents (whose labels would read 2818.3829).
    nice_ticks(10f64.powf(lo), 10f64.powf(hi), max_n)
        .into_iter()
        .filter(|&v| v > 0.0)
        .map(f64::log10)
        .collect_vec()
}

/// `lo` lowered to the tick just below it when the lowest tick of `lo..=hi` sits far
/// above it (more than a fifth of the span): a loss that ends at 0.33 on an axis
/// labelled 0.4 to 0.7 gets a 0.3 at its foot, so the reader can tell where the
/// curves end. The tick comes from the ticks of a range a third longer downwards
/// (the same 1-2-5 or every-digit set); `lo` as it was when there is none, or when
/// the lowest tick is already near it.
pub(crate) fn log_floor_to_tick(lo: f64, hi: f64, max_n: usize) -> f64 {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return lo;
    }
    let near = |ticks: &[f64]| ticks.first().is_some_and(|&t| t - lo <= 0.2 * span);
    if near(&log_ticks(lo, hi, max_n)) {
        return lo;
    }
    let below = log_ticks(lo - span / 3.0, hi, max_n)
        .into_iter()
        .filter(|&t| t < lo)
        .fold(f64::NEG_INFINITY, f64::max);
    if below.is_finite() && near(&log_ticks(below, hi, max_n)) {
        // A little room under the tick, as the rest of the range has.
        below - 0.02 * (hi - below)
    } else {
        lo
    }
}

/// A number for a tick label, with as many decimals as `step` needs.
pub(crate) fn fmt_step(v: f64, step: f64) -> String {
    if !v.is_finite() {
        return fmt_num(v);
    }
    let a = v.abs();
    if a != 0.0 && !(1e-4..1e6).contains(&a) {
        return format!("{v:.1e}");
    }
    // Enough decimals to write the step itself: 2.5 needs one (ticks −5, −2.5, 0,
    // 2.5, 5, not −5, −2, 0, 2, 5).
    let decimals = if step > 0.0 && step.is_finite() {
        (0..=6)
            .find(|&d| {
                let scaled = step * 10f64.powi(d);
                (scaled - scaled.round()).abs() <= 1e-6 * scaled.max(1.0)
            })
            .unwrap_or(6) as usize
    } else {
        3
    };
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string()
    } else {
        s
    }
}

/// A number in a short, readable form (`0.001`, `100`, `2.5e-7`, `1.2e9`).
pub(crate) fn fmt_num(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    let a = v.abs();
    if a == 0.0 {
        return "0".into();
    }
    if !(1e-4..1e6).contains(&a) {
        let s = format!("{v:.1e}");
        return s.replace(".0e", "e");
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// A tick label for the log10-space position `t`.
pub(crate) fn fmt_log(t: f64) -> String {
    fmt_num(10f64.powf(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ticks_under_one_decade_label_the_lower_half_too() {
        // A loss falling from 1.1 to 0.22: 1, 2, 5 would label only 0.5 and 1.
        for max_n in [2, 3, 4, 6, 8] {
            let ticks = log_ticks(0.22f64.log10(), 1.1f64.log10(), max_n);
            let labels: Vec<String> = ticks.iter().map(|&t| fmt_log(t)).collect();
            assert!(
                labels.len() >= 3 && labels.len() <= max_n.max(3),
                "{labels:?}"
            );
            assert!(ticks[0] < 0.45f64.log10(), "{labels:?}");
        }
    }

    #[test]
    fn a_log_axis_whose_lowest_label_is_far_above_its_foot_gets_one_below() {
        // The momentum lesson's loss: 0.33 to 0.72, labelled 0.4 … 0.7 before.
        let (lo, hi) = (0.33f64.log10(), 0.72f64.log10());
        for max_n in [4, 6, 8] {
            let foot = log_floor_to_tick(lo, hi, max_n);
            let ticks = log_ticks(foot, hi, max_n);
            let labels: Vec<String> = ticks.iter().map(|&t| fmt_log(t)).collect();
            assert_eq!(
                labels.first().map(String::as_str),
                Some("0.3"),
                "{labels:?}"
            );
            assert!(foot < lo && foot > 0.28f64.log10(), "{foot}");
        }
        // Already labelled near its foot: unchanged.
        let (lo, hi) = (0.39f64.log10(), 0.72f64.log10());
        assert_eq!(log_floor_to_tick(lo, hi, 6), lo);
        // 0.41 … 0.72 is labelled from 0.5: lowered to 0.4.
        let foot = log_floor_to_tick(0.41f64.log10(), hi, 6);
        assert_eq!(fmt_log(log_ticks(foot, hi, 6)[0]), "0.4");
        // Decades: 1 at the foot of 0.9 … 1000 is near enough.
        let (lo, hi) = (0.9f64.log10(), 3.0);
        assert_eq!(log_floor_to_tick(lo, hi, 6), lo);
    }

    #[test]
    fn log_ticks_of_a_short_range_are_never_fewer_than_before() {
        // 1, 2, 5 gave two ticks here; a sparse axis keeps two rather than one.
        for (lo, hi) in [(0.0015f64, 0.0098f64), (0.025, 0.176)] {
            for max_n in [2, 3] {
                let ticks = log_ticks(lo.log10(), hi.log10(), max_n);
                assert!(ticks.len() >= 2, "{lo}..{hi} at {max_n}: {ticks:?}");
            }
        }
    }

    #[test]
    fn log_ticks_within_a_decade_are_round_numbers() {
        // A loss between 2 800 and 3 400 (diabetes' squared errors).
        let ticks = log_ticks(2800f64.log10(), 3400f64.log10(), 5);
        let labels: Vec<String> = ticks.iter().map(|&t| fmt_log(t)).collect();
        assert!(labels.len() >= 2, "{labels:?}");
        for l in &labels {
            let v: f64 = l.parse().unwrap_or(f64::NAN);
            assert!(v % 100.0 == 0.0, "{l} is not a round tick ({labels:?})");
        }
        // Several decades: the decades themselves.
        assert_eq!(log_ticks(-2.0, 3.0, 8), [-2.0, -1.0, 0.0, 1.0, 2.0, 3.0]);
    }
}
