//! Preprocessing.
