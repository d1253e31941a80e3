//! Background jobs: long work runs on a worker thread, reports progress, can be cancelled, and hands its
//! result back to the UI thread as [`Command`]s that the app applies in one place (or into a [`Pending`]
//! slot that a view takes).
//!
//! Main types: [`Jobs`] (the running jobs, drawn in the status bar) and [`JobProgress`] (the core's
//! [`Progress`] for a job: counts, cancellation, and a throttled repaint request).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use crate::{CancelFlag, Progress};

use super::command::Command;

/// What a finished job asks the app to do, applied on the UI thread.
pub type JobResult = Vec<Command>;

/// One running job.
struct Job {
    id: u64,
    label: String,
    what: Arc<std::sync::Mutex<String>>,
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
    cancel: CancelFlag,
}

/// The running background jobs.
pub struct Jobs {
    next_id: u64,
    running: Vec<Job>,
    tx: Sender<(u64, JobResult)>,
    rx: Receiver<(u64, JobResult)>,
}

impl Default for Jobs {
    fn default() -> Self {
        let (tx, rx) = channel();
        Jobs {
            next_id: 1,
            running: Vec::new(),
            tx,
            rx,
        }
    }
}

/// The [`Progress`] a job's core function reports to.
pub struct JobProgress {
    what: Arc<std::sync::Mutex<String>>,
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
    cancel: CancelFlag,
    ctx: egui::Context,
    last_repaint: Instant,
}

impl Progress for JobProgress {
    fn start(&mut self, total: u64, what: &str) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
        if let Ok(mut w) = self.what.lock() {
            *w = what.to_string();
        }
        self.ctx.request_repaint();
    }

    fn advance(&mut self, n: u64) -> bool {
        self.done.fetch_add(n, Ordering::Relaxed);
        // Repainting on every call would flood the UI thread; 20 times a second is smooth enough.
        if self.last_repaint.elapsed() > Duration::from_millis(50) {
            self.last_repaint = Instant::now();
            self.ctx.request_repaint();
        }
        !self.cancel.is_cancelled()
    }
}

impl JobProgress {
    /// Whether the user asked this job to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }
}

impl Jobs {
    /// Starts `work` on a worker thread. Its returned closure is applied to the app state when it ends.
    pub fn spawn(
        &mut self,
        ctx: &egui::Context,
        label: impl Into<String>,
        work: impl FnOnce(&mut JobProgress) -> JobResult + Send + 'static,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let job = Job {
            id,
            label: label.into(),
            what: Default::default(),
            done: Default::default(),
            total: Default::default(),
            cancel: CancelFlag::new(),
        };
        let mut progress = JobProgress {
            what: job.what.clone(),
            done: job.done.clone(),
            total: job.total.clone(),
            cancel: job.cancel.clone(),
            ctx: ctx.clone(),
            last_repaint: Instant::now(),
        };
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        let label = job.label.clone();
        self.running.push(job);
        let spawned = std::thread::Builder::new()
            .name(format!("duizhao-job-{id}"))
            .spawn(move || {
                // A bug in the work must not leave its progress bar spinning for ever: the job ends
                // either way, and a panic is reported as an error.
                let result =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&mut progress)))
                        .unwrap_or_else(|panic| {
                            vec![Command::Error(panic_message(&label, &panic))]
                        });
                // The receiver lives as long as the app; if it is gone the app is closing anyway.
                let _ = tx.send((id, result));
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            let label = self.running.pop().map(|j| j.label).unwrap_or_default();
            let _ = self.tx.send((
                id,
                vec![Command::Error(format!(
                    "{label} could not start: the system refused a worker thread ({e})."
                ))],
            ));
        }
        id
    }

    /// Collects the results of finished jobs.
    pub fn finished(&mut self) -> Vec<JobResult> {
        let mut out = Vec::new();
        while let Ok((id, result)) = self.rx.try_recv() {
            self.running.retain(|j| j.id != id);
            out.push(result);
        }
        out
    }

    /// Whether any job is running.
    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Asks every running job to stop.
    pub fn cancel_all(&self) {
        for j in &self.running {
            j.cancel.cancel();
        }
    }

    /// Draws the running jobs (label, progress bar, Cancel) in a horizontal layout.
    pub fn ui(&self, ui: &mut egui::Ui) {
        for job in &self.running {
            let done = job.done.load(Ordering::Relaxed);
            let total = job.total.load(Ordering::Relaxed);
            let what = job.what.lock().map(|w| w.clone()).unwrap_or_default();
            let text = if what.is_empty() {
                job.label.clone()
            } else {
                format!("{} — {what}", job.label)
            };
            if job.cancel.is_cancelled() {
                ui.add(egui::Spinner::new());
                ui.label(format!("{} — cancelling…", job.label));
                continue;
            }
            if total > 0 {
                let fraction = (done as f32 / total as f32).clamp(0.0, 1.0);
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(160.0)
                        .show_percentage(),
                );
            } else {
                ui.add(egui::Spinner::new());
            }
            ui.label(text);
            if ui
                .small_button("Cancel")
                .on_hover_text("Stop this task")
                .clicked()
            {
                job.cancel.cancel();
            }
        }
    }
}

/// The message for a job that panicked: what stopped, and the panic's own text when it has one.
fn panic_message(label: &str, panic: &Box<dyn std::any::Any + Send>) -> String {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!(
        "{label} stopped because of an internal error{}. Nothing was written; please report this.",
        if detail.is_empty() {
            String::new()
        } else {
            format!(" ({detail})")
        }
    )
}

/// A value a background job will deliver to a view: the job fills it, the view takes it on a later frame.
pub struct Pending<T>(Arc<std::sync::Mutex<Option<T>>>);

impl<T> Clone for Pending<T> {
    fn clone(&self) -> Self {
        Pending(self.0.clone())
    }
}

impl<T> Default for Pending<T> {
    fn default() -> Self {
        Pending(Arc::new(std::sync::Mutex::new(None)))
    }
}

impl<T> Pending<T> {
    /// Stores the value (called on the worker thread).
    pub fn set(&self, value: T) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(value);
        }
    }

    /// Takes the value if it has arrived.
    pub fn take(&self) -> Option<T> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

impl<T: Send + 'static> Pending<T> {
    /// Runs `work` on a thread of its own and repaints when its answer is in the slot returned. Not a job:
    /// for a lookup (a search on a team server) that nothing else waits for or shows as busy.
    pub fn run(ctx: &egui::Context, work: impl FnOnce() -> T + Send + 'static) -> Pending<T> {
        let pending = Pending::default();
        let (slot, ctx) = (pending.clone(), ctx.clone());
        std::thread::spawn(move || {
            slot.set(work());
            ctx.request_repaint();
        });
        pending
    }
}

impl<T> Pending<Vec<T>> {
    /// Appends a value under the lock, so that several jobs can deliver into one slot without losing any.
    pub fn push(&self, value: T) {
        if let Ok(mut slot) = self.0.lock() {
            slot.get_or_insert_with(Vec::new).push(value);
        }
    }
}

impl Jobs {
    /// Starts `work` on a worker thread and delivers its result into `pending` for a view to take.
    pub fn spawn_into<T: Send + 'static>(
        &mut self,
        ctx: &egui::Context,
        label: impl Into<String>,
        pending: &Pending<T>,
        work: impl FnOnce(&mut JobProgress) -> T + Send + 'static,
    ) -> u64 {
        let slot = pending.clone();
        self.spawn(ctx, label, move |progress| {
            slot.set(work(progress));
            Vec::new()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Waits for the jobs to end and returns what they handed back.
    fn wait(jobs: &mut Jobs) -> Vec<JobResult> {
        let start = Instant::now();
        let mut out = Vec::new();
        while jobs.is_busy() && start.elapsed() < Duration::from_secs(10) {
            out.extend(jobs.finished());
            std::thread::sleep(Duration::from_millis(5));
        }
        out
    }

    #[test]
    fn a_job_that_panics_ends_and_says_so() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::default();
        let slot: Pending<u32> = Pending::default();
        jobs.spawn_into(&ctx, "Importing x.tmx", &slot, |_| -> u32 {
            panic!("index out of bounds")
        });
        let results = wait(&mut jobs);
        assert!(!jobs.is_busy(), "the progress indicator ends");
        let said: Vec<String> = results
            .into_iter()
            .flatten()
            .filter_map(|c| match c {
                Command::Error(m) => Some(m),
                _ => None,
            })
            .collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("Importing x.tmx") && said[0].contains("index out of bounds"));
        assert!(slot.take().is_none());
    }

    #[test]
    fn a_cancelled_job_ends_too() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::default();
        let slot: Pending<bool> = Pending::default();
        jobs.spawn_into(&ctx, "Aligning", &slot, |p| {
            p.start(1_000_000, "beads");
            while p.advance(1) {
                std::thread::sleep(Duration::from_millis(1));
            }
            false
        });
        jobs.cancel_all();
        wait(&mut jobs);
        assert!(!jobs.is_busy());
        assert_eq!(slot.take(), Some(false));
    }
}
