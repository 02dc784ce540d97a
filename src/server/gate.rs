//! Bounded analysis concurrency: at most `max` analyses run at once; the next request is
//! refused at once (503 with `Retry-After`) rather than queued, so one flood of large documents
//! cannot make every other client wait or exhaust memory.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Counts analyses in flight against a maximum.
#[derive(Debug)]
pub struct Gate {
    in_flight: AtomicUsize,
    max: usize,
}

/// One analysis slot, released when dropped (also when the client has gone away and the
/// analysis finishes on its own).
#[derive(Debug)]
pub struct Permit(Arc<Gate>);

impl Gate {
    /// A gate of `max` slots (at least one).
    pub fn new(max: usize) -> Gate {
        Gate {
            in_flight: AtomicUsize::new(0),
            max: max.max(1),
        }
    }

    /// A slot, or `None` when all are taken.
    pub fn try_enter(self: &Arc<Self>) -> Option<Permit> {
        self.in_flight
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max).then_some(n + 1)
            })
            .ok()
            .map(|_| Permit(Arc::clone(self)))
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }

    pub fn max(&self) -> usize {
        self.max
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_refused_when_taken_and_returned_when_dropped() {
        let gate = Arc::new(Gate::new(2));
        let first = gate.try_enter().expect("a first slot");
        let second = gate.try_enter().expect("a second slot");
        assert!(gate.try_enter().is_none());
        assert_eq!(gate.in_flight(), 2);
        drop(first);
        let third = gate.try_enter().expect("a slot once one is returned");
        drop((second, third));
        assert_eq!(gate.in_flight(), 0);
    }
}
