use crate::collect::CollectVec;
use serde::{Deserialize, Deserializer};

fn nan(v: Option<f64>) -> f64 {
    v.unwrap_or(f64::NAN)
}

/// `null` → `NaN`.
pub(crate) fn one<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(nan(Option::<f64>::deserialize(d)?))
}

/// `[lo, null]` → `(lo, NaN)`.
pub(crate) fn pair<'de, D: Deserializer<'de>>(d: D) -> Result<(f64, f64), D::Error> {
    let (a, b) = <(Option<f64>, Option<f64>)>::deserialize(d)?;
    Ok((nan(a), nan(b)))
}

/// `[1.0, null]` → `[1.0, NaN]`.
pub(crate) fn vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    Ok(Vec::<Option<f64>>::deserialize(d)?
        .into_iter()
        .map(nan)
        .collect_vec())
}

/// Rows of [`vec`].
pub(crate) fn grid<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<f64>>, D::Error> {
    Ok(Vec::<Vec<Option<f64>>>::deserialize(d)?
        .into_iter()
        .map(|row| row.into_iter().map(nan).collect_vec())
        .collect_vec())
}

/// `[[x, y], [null, y]]` → points with `NaN` for `null`.
pub(crate) fn points<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(f64, f64)>, D::Error> {
    Ok(Vec::<(Option<f64>, Option<f64>)>::deserialize(d)?
        .into_iter()
        .map(|(x, y)| (nan(x), nan(y)))
        .collect_vec())
}
