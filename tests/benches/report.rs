//! What the benchmark binaries share (`tests/benches/{decode,client}.rs` and
//! `codegen/benches/generate.rs` include this file): criterion's settings, and the table
//! of ratios printed at the end of a run, each benchmark against its baseline measured in
//! the same run.
//!
//! The ratios come from criterion's own estimates (`<criterion dir>/<id>/new/estimates.json`:
//! the time per iteration that criterion prints, the slope or the mean); an estimate written before this run started (a benchmark
//! that a filter skipped) is left out rather than compared with today's numbers.
//!
//! On a shared two-core machine the speed drifts by tens of percent from one benchmark to
//! the next, so rows may also carry a *paired* ratio ([`Paired`]): while criterion
//! measures a row, each of its samples is followed at once by the same number of runs of
//! the baseline, and the ratio is the row's total time over the baseline's, both taken in
//! the same moments, which cancels most of the drift.

// Each binary uses part of this module.
#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use criterion::{Bencher, Criterion};

/// Criterion with short defaults, so that each benchmark binary runs in about a minute
/// on two cores; the usual flags override them, e.g.
/// `cargo bench --bench decode -- --sample-size 100 --measurement-time 10`.
pub fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args()
}

/// Total time of each row and of its baseline, run in alternation, by benchmark id.
#[derive(Default)]
pub struct Paired(RefCell<BTreeMap<String, (Duration, Duration)>>);

impl Paired {
    /// Add one sample: the row's time and the baseline's right after it.
    pub fn record(&self, id: &str, measured: Duration, baseline: Duration) {
        let mut totals = self.0.borrow_mut();
        let total = totals.entry(id.to_owned()).or_default();
        total.0 += measured;
        total.1 += baseline;
    }

    /// The row's total time over its baseline's.
    pub fn ratio(&self, id: &str) -> Option<f64> {
        let totals = self.0.borrow();
        let (measured, baseline) = totals.get(id)?;
        (!baseline.is_zero()).then(|| measured.as_secs_f64() / baseline.as_secs_f64())
    }

    /// Benchmark `measured` as criterion's row `id`, each sample followed by as many runs
    /// of `baseline`, for the paired ratio.
    pub fn bench(
        &self,
        b: &mut Bencher<'_>,
        id: &str,
        mut measured: impl FnMut(),
        mut baseline: impl FnMut(),
    ) {
        b.iter_custom(|iterations| {
            let time = |routine: &mut dyn FnMut()| {
                let start = Instant::now();
                for _ in 0..iterations {
                    routine();
                }
                start.elapsed()
            };
            let measured_time = time(&mut measured);
            let baseline_time = time(&mut baseline);
            self.record(id, measured_time, baseline_time);
            measured_time
        });
    }
}

/// Ratios between benchmarks of this run.
pub struct Ratios {
    /// Paired ratios, recorded by the benchmarks as they run.
    pub paired: Paired,
    dir: PathBuf,
    started: SystemTime,
    lines: Vec<String>,
    /// Whether any comparison found its baseline measured in this run.
    measured: bool,
}

impl Ratios {
    /// Start collecting; call before the benchmarks run.
    pub fn new() -> Self {
        Ratios {
            paired: Paired::default(),
            dir: criterion_dir(),
            started: SystemTime::now(),
            lines: Vec::new(),
            measured: false,
        }
    }

    /// The time of one iteration of benchmark `id` (`group/function[/parameter]`), in
    /// nanoseconds, if it ran in this run.
    pub fn time_ns(&self, id: &str) -> Option<f64> {
        let path = self.dir.join(id).join("new").join("estimates.json");
        let fresh = std::fs::metadata(&path)
            .and_then(|meta| meta.modified())
            .is_ok_and(|modified| modified >= self.started);
        if !fresh {
            return None;
        }
        let text = std::fs::read_to_string(&path).ok()?;
        let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
        // The figure criterion itself prints: the slope of time over iterations when it
        // sampled linearly (which discounts a fixed cost per sample), else the mean.
        estimates
            .pointer("/slope/point_estimate")
            .or_else(|| estimates.pointer("/mean/point_estimate"))?
            .as_f64()
    }

    /// A table under `title`: each `(label, id)` with its time per iteration, its ratio
    /// to the first row (the baseline), and its paired ratio where it has one.
    pub fn compare(&mut self, title: &str, rows: &[(&str, &str)]) {
        let Some(((_, baseline_id), _)) = rows.split_first() else {
            return;
        };
        let Some(baseline) = self.time_ns(baseline_id) else {
            return;
        };
        self.measured = true;
        self.lines.push(title.to_owned());
        for (label, id) in rows {
            if let Some(time) = self.time_ns(id) {
                let paired = match self.paired.ratio(id) {
                    Some(ratio) => format!("  paired {ratio:>6.3}x"),
                    None => String::new(),
                };
                self.lines.push(format!(
                    "  {label:<44} {:>12}  {:>7.3}x{paired}",
                    format_ns(time),
                    time / baseline
                ));
            }
        }
    }

    /// Add a line of text to the summary.
    pub fn note(&mut self, line: String) {
        self.lines.push(line);
    }

    /// Print the summary (nothing when no benchmark of this binary ran, as under
    /// `cargo test --benches`, where criterion runs each once without measuring).
    pub fn print(&self) {
        if !self.measured {
            return;
        }
        println!(
            "\n== Ratios of this run (time per iteration as criterion estimates it; baseline first)"
        );
        for line in &self.lines {
            println!("{line}");
        }
    }
}

/// `1.234 ms`, `56.7 µs`...
pub fn format_ns(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.3} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.3} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

/// Where criterion writes its estimates, found the way criterion finds it:
/// `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`, else the target directory that
/// `cargo metadata` reports, else `target/criterion`.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .ok()
        .and_then(|output| serde_json::from_slice::<serde_json::Value>(&output.stdout).ok())
        .and_then(|metadata| {
            metadata["target_directory"]
                .as_str()
                .map(|dir| PathBuf::from(dir).join("criterion"))
        })
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}
