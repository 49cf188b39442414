//! Work split over consecutive ranges of rows: in parallel with the `parallel` feature (rayon),
//! one after the other without it. Results come back in row order either way, so the output
//! never depends on the number of threads.

use std::ops::Range;

/// How many rows a range holds at least; below that, splitting costs more than it saves.
const MIN_RANGE: usize = 16_384;

/// The ranges `0..n` is split into: `per_thread` per thread (one without `parallel`).
fn ranges(n: usize, per_thread: usize) -> Vec<Range<usize>> {
    #[cfg(feature = "parallel")]
    let parts = rayon::current_num_threads() * per_thread;
    #[cfg(not(feature = "parallel"))]
    let parts = per_thread.min(1);
    let size = n.div_ceil(parts.max(1)).max(MIN_RANGE);
    (0..n)
        .step_by(size.max(1))
        .map(|a| a..(a + size).min(n))
        .collect()
}

/// `f` over `ranges`, in parallel with the `parallel` feature; results in order.
fn map<R: Send>(ranges: Vec<Range<usize>>, f: impl Fn(Range<usize>) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        ranges.into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        ranges.into_iter().map(f).collect()
    }
}

/// `f` over each of `items`, in parallel with the `parallel` feature; results in order.
#[cfg(feature = "table")]
pub(crate) fn each<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}

/// `f` over consecutive ranges covering `0..n` (a few per thread, so that uneven ranges even
/// out), results in order.
pub(crate) fn map_ranges<R: Send>(n: usize, f: impl Fn(Range<usize>) -> R + Sync + Send) -> Vec<R> {
    map(ranges(n, 4), f)
}

/// `f` over one range per thread covering `0..n` (for work that keeps a per-thread state as
/// large as the input), results in order.
pub(crate) fn map_per_thread<R: Send>(
    n: usize,
    f: impl Fn(Range<usize>) -> R + Sync + Send,
) -> Vec<R> {
    map(ranges(n, 1), f)
}

/// `f(state, i)` for every row `i` in `0..n`, in order, written in place (no pieces to join
/// afterwards); each piece of work starts with a `state` of its own from `init` (a memo).
pub(crate) fn rows<T: Send, S>(
    n: usize,
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, usize) -> T + Sync + Send,
) -> Vec<T> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let mut out = Vec::new();
        (0..n)
            .into_par_iter()
            .with_min_len(MIN_RANGE)
            .map_init(init, f)
            .collect_into_vec(&mut out);
        out
    }
    #[cfg(not(feature = "parallel"))]
    {
        let mut state = init();
        (0..n).map(|i| f(&mut state, i)).collect()
    }
}

/// As [`rows`], and each piece of work's state goes to `done` when the piece ends (to gather
/// what the states counted).
pub(crate) fn rows_gathering<T: Send, S: Default>(
    n: usize,
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, usize) -> T + Sync + Send,
    done: impl Fn(S) + Sync + Send,
) -> Vec<T> {
    /// A piece's state, handed over when the piece is dropped.
    struct Piece<'d, S: Default, D: Fn(S)> {
        state: S,
        done: &'d D,
    }
    impl<S: Default, D: Fn(S)> Drop for Piece<'_, S, D> {
        fn drop(&mut self) {
            (self.done)(std::mem::take(&mut self.state));
        }
    }
    rows(
        n,
        || Piece {
            state: init(),
            done: &done,
        },
        |piece, i| f(&mut piece.state, i),
    )
}

/// Appends `more` to `out` (taking it whole when `out` is empty, as for a table's first batch).
#[cfg_attr(not(feature = "table"), allow(dead_code))] // the table layer's readers
pub(crate) fn append<T>(out: &mut Vec<T>, more: Vec<T>) {
    if out.is_empty() {
        *out = more;
    } else {
        out.extend(more);
    }
}

/// `f` over one range per thread covering `0..n` parts that hold `rows` rows in all (all in
/// one range when the rows are few), results in order.
pub(crate) fn map_parts<R: Send>(
    n: usize,
    rows: usize,
    f: impl Fn(Range<usize>) -> R + Sync + Send,
) -> Vec<R> {
    let threads = ranges(rows, 1).len().max(1);
    let size = n.div_ceil(threads).max(1);
    map(
        (0..n).step_by(size).map(|a| a..(a + size).min(n)).collect(),
        f,
    )
}

/// Runs two closures, in parallel with the `parallel` feature.
#[cfg_attr(not(feature = "table"), allow(dead_code))] // the table layer's readers and writers
pub(crate) fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    #[cfg(feature = "parallel")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "parallel"))]
    {
        (a(), b())
    }
}

/// Sorts in place, in parallel with the `parallel` feature.
pub(crate) fn sort_unstable<T: Ord + Send>(v: &mut [T]) {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        v.par_sort_unstable();
    }
    #[cfg(not(feature = "parallel"))]
    v.sort_unstable();
}
