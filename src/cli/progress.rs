//! Progress on standard error, for scans long enough to wait for: drawn only
//! on a terminal, only once a scan has taken a quarter of a second, and
//! cleared before the report is written.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::scan::Stage;

/// A scan this quick never shows a bar that would only flicker.
const DELAY: Duration = Duration::from_millis(250);

pub struct ScanProgress {
    bar: ProgressBar,
    started: Instant,
    wanted: bool,
    shown: bool,
}

impl ScanProgress {
    /// `wanted` is false for `--quiet`; a standard error that is not a
    /// terminal (a CI log, a pipe) never gets a bar either.
    pub fn new(wanted: bool) -> Self {
        let style =
            ProgressStyle::with_template("{spinner} {msg} {pos}/{len} files [{bar:30}] {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        let bar = ProgressBar::hidden().with_style(style);
        ScanProgress {
            bar,
            started: Instant::now(),
            wanted,
            shown: false,
        }
    }

    pub fn update(&mut self, stage: Stage) {
        if !self.wanted {
            return;
        }
        if !self.shown && self.started.elapsed() >= DELAY {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        match stage {
            Stage::Reading { done, total } => {
                if self.bar.length() != Some(total as u64) {
                    self.bar.set_message("reading");
                    self.bar.set_length(total as u64);
                }
                self.bar.set_position(done as u64);
            }
            Stage::Judging => self.bar.set_message("judging across objects"),
        }
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}
