//! The analysis pool, where analyses that could take long run (documents over
//! `analyze::ON_WORKER_MAX_BYTES`, batches, Markdown): one thread a core (the service makes it
//! so), all taking analyses from one queue in the order the requests arrived.
//!
//! Each of actix's workers has a blocking pool of its own, so analyses were queued per worker:
//! a request waited behind those of its own worker, and was served after later ones whenever
//! its worker's queue was the longer. One queue shared by every worker serves requests in the
//! order they arrived, however many workers feed it, and as many threads as cores keep the
//! cores busy without analyses taking turns in time slices.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// Work for a pool thread.
type Job = Box<dyn FnOnce() + Send>;

/// A fixed set of threads that run jobs in the order they were given. Dropping the pool lets
/// each thread finish the jobs queued and end.
pub struct Pool {
    queue: Sender<Job>,
}

/// The job ended without a result: it panicked (the panic is reported on stderr as any other),
/// or the pool could not start it.
#[derive(Debug, PartialEq, Eq)]
pub struct JobFailed;

impl Pool {
    /// A pool of `threads` threads (at least one), named `legible-analysis-N`.
    pub fn new(threads: usize) -> std::io::Result<Pool> {
        let (queue, jobs) = channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        for n in 0..threads.max(1) {
            let jobs = Arc::clone(&jobs);
            std::thread::Builder::new()
                .name(format!("legible-analysis-{n}"))
                .spawn(move || run_jobs(&jobs))?;
        }
        Ok(Pool { queue })
    }

    /// Runs `work` on a pool thread once the jobs queued before it have started, and waits for
    /// its result without holding up the async worker that awaits it.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, JobFailed> {
        let (result, answer) = oneshot::channel();
        let job: Job = Box::new(move || {
            // The requester may have gone; its result is then dropped with the channel.
            let _ = result.send(work());
        });
        self.queue.send(job).map_err(|_| JobFailed)?;
        answer.await.map_err(|_| JobFailed)
    }
}

/// A pool thread's loop: the next job, until the pool is dropped. A job that panics drops its
/// result's sender, which its requester sees as [`JobFailed`]; the thread goes on to the next.
fn run_jobs(jobs: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while taking a job, never while running one.
        let next = match jobs.lock() {
            Ok(jobs) => jobs.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(job) = next else { return };
        let _ = catch_unwind(AssertUnwindSafe(job));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn jobs_give_their_results_and_a_panic_fails_only_its_own_job() {
        let pool = Pool::new(1).expect("a thread");
        assert_eq!(pool.run(|| 6 * 7).await, Ok(42));
        let failed = pool.run(|| -> u8 { panic!("a job that fails") }).await;
        assert_eq!(failed, Err(JobFailed));
        assert_eq!(pool.run(|| "still serving").await, Ok("still serving"));
    }

    #[actix_web::test]
    async fn one_thread_runs_jobs_in_the_order_they_were_given() {
        let pool = Pool::new(1).expect("a thread");
        let order = Arc::new(Mutex::new(Vec::new()));
        let runs = (0..20).map(|n| {
            let order = Arc::clone(&order);
            pool.run(move || order.lock().unwrap().push(n))
        });
        for run in futures_util::future::join_all(runs).await {
            run.expect("each job runs");
        }
        assert_eq!(*order.lock().unwrap(), (0..20).collect::<Vec<_>>());
    }
}
