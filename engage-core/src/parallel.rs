//! Independent pieces of work shared among the machine's cores, with results in order: the
//! same output as doing them one after the other, sooner. Plain scoped threads, no global pool
//! and nothing left running afterwards, so that a server embedding the library keeps control.

use std::num::NonZero;
use std::sync::atomic::{AtomicUsize, Ordering};

std::thread_local! {
    /// A number of threads to use instead of the machine's cores, set by [`with_threads`].
    static THREADS: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// Runs `work` with [`map`] (called from this thread) using `threads` threads whatever the
/// machine has: for tests that a result does not depend on the number of cores.
#[cfg(test)]
pub(crate) fn with_threads<T>(threads: usize, work: impl FnOnce() -> T) -> T {
    let before = THREADS.with(|cell| cell.replace(Some(threads.max(1))));
    let result = work();
    THREADS.with(|cell| cell.set(before));
    result
}

/// `work(index, state)` for every index below `count`, on up to as many threads as the
/// machine has cores (never more than `count`); each thread starts from `S::default()` (buffers
/// to reuse between pieces). The results come back in index order. A panic in `work` is
/// passed on to the caller.
pub(crate) fn map<S: Default, T: Send>(
    count: usize,
    work: impl Fn(usize, &mut S) -> T + Sync,
) -> Vec<T> {
    let threads = THREADS
        .with(std::cell::Cell::get)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, NonZero::get))
        .min(count);
    if threads <= 1 {
        let mut state = S::default();
        return (0..count).map(|index| work(index, &mut state)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut state = S::default();
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= count {
                            return done;
                        }
                        done.push((index, work(index, &mut state)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_whatever_the_thread() {
        let squares = map(1_000, |index, calls: &mut usize| {
            *calls += 1;
            index * index
        });
        assert_eq!(squares, (0..1_000).map(|i| i * i).collect::<Vec<_>>());
        assert!(map(0, |index, (): &mut ()| index).is_empty());
    }

    #[test]
    #[should_panic(expected = "piece 7")]
    fn a_panic_reaches_the_caller() {
        map(20, |index, (): &mut ()| {
            assert!(index != 7, "piece 7");
        });
    }
}
