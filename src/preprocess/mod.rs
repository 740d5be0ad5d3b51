//! Preprocessing steps of the pipeline, each fitted on a training fold only:
//! [`PolynomialFeatures`] (expansion to products of features) and
//! [`StandardScaler`] (centring and scaling), in that order, as in scikit-learn's
//! `make_pipeline(PolynomialFeatures(d, include_bias=False), StandardScaler(), model)`.

mod poly;
mod scaler;

pub use self::poly::{
    MAX_DEGREE, MAX_OUTPUT_FEATURES, PolynomialFeatures, check_degree, output_count,
};
pub use self::scaler::StandardScaler;
