//! `par_iter` with and without threads. With the `parallel` feature it is rayon's; without it
//! (the browser page: wasm32 has no threads) the same call is the ordinary sequential
//! iterator, so the engine's code is one and the same. Output order never depends on it:
//! results are collected in input order and findings sorted at the end.

#[cfg(feature = "parallel")]
pub(super) use rayon::prelude::*;

/// The sequential stand-in for rayon's `IntoParallelRefIterator`.
#[cfg(not(feature = "parallel"))]
pub(super) trait ParIter<T> {
    fn par_iter(&self) -> std::slice::Iter<'_, T>;
}

#[cfg(not(feature = "parallel"))]
impl<T> ParIter<T> for [T] {
    fn par_iter(&self) -> std::slice::Iter<'_, T> {
        self.iter()
    }
}
