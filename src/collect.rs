//! `collect_vec`: an iterator into a `Vec` through one plain loop.
//!
//! `Iterator::collect` into a `Vec` is three generic functions per call site (the
//! specialised `from_iter`, `extend_trusted` or `extend_desugared`, and the adapter's
//! `fold`); at `opt-level = "s"` they stay apart, and over a few hundred call sites
//! they were about a tenth of the wasm module. For code outside the hot loops.

/// [`CollectVec::collect_vec`] for every iterator.
pub(crate) trait CollectVec: Iterator + Sized {
    /// The items in a `Vec`, as `collect::<Vec<_>>()` gives them.
    fn collect_vec(self) -> Vec<Self::Item> {
        let mut out = Vec::with_capacity(self.size_hint().0);
        for item in self {
            out.push(item);
        }
        out
    }
}

impl<I: Iterator> CollectVec for I {}
