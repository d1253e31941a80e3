//! A terminal progress bar for long core work (an indicatif bar on standard error, hidden when quiet or
//! when standard error is not a terminal).

use duizhao::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Drives an indicatif bar from the core's [`Progress`] calls.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar, hidden when `quiet`.
    pub fn new(quiet: bool) -> Self {
        let bar = ProgressBar::hidden();
        if !quiet {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Bar { bar }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn start(&mut self, total: u64, what: &str) {
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.set_message(what.to_string());
    }

    fn advance(&mut self, n: u64) -> bool {
        self.bar.inc(n);
        true
    }
}
