//! Built-in Iris.
