//! Progress reporting and cancellation for long work.
//!
//! The core takes a `&mut dyn Progress`; front ends decide how to show it (the GUI sends events to the
//! UI thread, the CLI drives a terminal bar). [`Progress::advance`] returning `false` asks the core to stop:
//! it then returns [`crate::Error::Cancelled`] without leaving half-written state behind.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Receives progress from long-running core functions.
pub trait Progress {
    /// Announces the size of the work (in units the task chooses: bytes, rows, sentences) and what it is.
    fn start(&mut self, total: u64, what: &str) {
        let _ = (total, what);
    }

    /// Reports `n` more units done. Returns `false` if the work should stop.
    fn advance(&mut self, n: u64) -> bool;
}

/// Progress that is never shown and never cancels.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn advance(&mut self, _n: u64) -> bool {
        true
    }
}

/// A cancellation flag shared between a worker and whoever may cancel it.
#[derive(Debug, Default, Clone)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    /// A flag that is not set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the work to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether cancellation was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Progress that only honours a [`CancelFlag`] (for background work whose progress is not shown).
impl Progress for CancelFlag {
    fn advance(&mut self, _n: u64) -> bool {
        !self.is_cancelled()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_flag_stops_work() {
        let flag = CancelFlag::new();
        let mut worker_side = flag.clone();
        assert!(worker_side.advance(1));
        flag.cancel();
        assert!(!worker_side.advance(1));
        assert!(NoProgress.advance(u64::MAX));
    }
}
