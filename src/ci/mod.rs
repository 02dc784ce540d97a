//! `legible check`: many files in CI. Finds the HTML and Markdown files, analyses them in
//! parallel on every core, holds each report against the project's `legible.toml` (rule
//! levels, thresholds) and optionally a baseline, and writes text, JSON, SARIF, JUnit or GitHub
//! output. The reports are the only source: nothing here re-reads or re-measures a page.
//!
//! Exit codes (as Vale and pa11y-ci): 0 pass; 1 findings or thresholds failed; 2 usage,
//! configuration or input error.

pub mod baseline;
pub mod config;
pub mod files;
mod github;
mod junit;
pub mod problems;
pub mod sarif;
mod text;

use crate::lexicon::glossary::Glossary;
use crate::report::Report;
use crate::Options;
use config::Config;
use problems::Problem;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub use sarif::sarif_log;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Github,
}

/// What fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Any problem at `fail_level` or above, and any threshold exceeded.
    Findings,
    /// Only what is new since `--baseline` (and grades that rose beyond the tolerance).
    Regression,
}

/// A `legible check` invocation.
#[derive(Debug, Clone)]
pub struct Request {
    /// Files, directories or globs; none means the working directory.
    pub inputs: Vec<PathBuf>,
    pub config: Option<PathBuf>,
    pub format: Format,
    pub baseline: Option<PathBuf>,
    pub write_baseline: Option<PathBuf>,
    pub fail_on: FailOn,
}

/// One checked file.
#[derive(Debug, Clone)]
pub struct Checked {
    /// As given or found, with `/` separators.
    pub path: String,
    pub report: Report,
    pub problems: Vec<Problem>,
}

impl Checked {
    pub fn fails(&self) -> bool {
        self.problems.iter().any(|p| p.fails)
    }

    /// How many of the file's problems are at `level`, for the summary tables.
    pub fn count(&self, level: config::Level) -> usize {
        self.problems.iter().filter(|p| p.level == level).count()
    }

    /// The consensus grade to one decimal, or "-" when the file has too little text for one.
    pub fn grade(&self) -> String {
        self.report
            .readability
            .consensus_grade
            .map_or_else(|| "-".to_string(), |g| format!("{g:.1}"))
    }
}

/// Runs a check and writes its output to `out`. `Ok(true)` when it passed; `Err` is a usage,
/// configuration or input error (exit code 2).
pub fn run(request: &Request, out: &mut dyn Write) -> Result<bool, String> {
    if request.fail_on == FailOn::Regression && request.baseline.is_none() {
        return Err("--fail-on regression needs --baseline FILE".to_string());
    }
    let cwd = std::env::current_dir().map_err(|e| format!("no working directory: {e}"))?;
    let config = Config::find(request.config.as_deref(), &cwd)?;
    let inputs = if request.inputs.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        request.inputs.clone()
    };
    let paths = files::collect(&inputs, &config.ignore, &config.root)?;
    if paths.is_empty() {
        return Err("no .html, .htm or .md file to check".to_string());
    }
    let options = options(&config)?;
    let reports = analyse_all(&paths, &options)?;
    let mut checked: Vec<Checked> = paths
        .iter()
        .zip(reports)
        .map(|(path, report)| Checked {
            path: files::display(path),
            problems: problems::problems(&report, &config),
            report,
        })
        .collect();
    for file in &mut checked {
        problems::mark_failing(&mut file.problems, config.fail_level());
    }
    let improved = match &request.baseline {
        Some(path) if request.fail_on == FailOn::Regression => {
            let tolerance = config
                .thresholds
                .grade_tolerance
                .unwrap_or(baseline::DEFAULT_GRADE_TOLERANCE);
            baseline::compare(
                &mut checked,
                &baseline::load(path)?,
                config.fail_level(),
                tolerance,
            )
        }
        _ => Vec::new(),
    };
    if let Some(path) = &request.write_baseline {
        baseline::write(path, &baseline::of(&checked))?;
    }
    let only_failing = request.fail_on == FailOn::Regression;
    write_output(request.format, &checked, &improved, only_failing, out)?;
    if request.format == Format::Github {
        append_step_summary(&checked, &improved)?;
    }
    Ok(!checked.iter().any(Checked::fails))
}

/// Analysis options from the configuration: allowed terms, glossary, the profile to judge.
fn options(config: &Config) -> Result<Options, String> {
    let glossary = config
        .glossary_path()
        .map(|path| Glossary::load(&path).map(Arc::new))
        .transpose()?;
    Ok(Options {
        allow_terms: config.allow_terms.clone(),
        glossary,
        profile: config.thresholds.profile.unwrap_or_default(),
        ..Options::default()
    })
}

/// Analyses every file, on as many threads as there are cores, taking files from a shared
/// counter so a slow file never holds up a whole share. Reports come back in input order;
/// every unreadable file is named in the error.
fn analyse_all(paths: &[PathBuf], options: &Options) -> Result<Vec<Report>, String> {
    let next = AtomicUsize::new(0);
    let progress = Progress::new(paths.len());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len());
    let results: Mutex<Vec<Option<Result<Report, String>>>> =
        Mutex::new(paths.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = paths.get(index) else {
                    break;
                };
                let result = analyse(path, options);
                if let Ok(mut slots) = results.lock() {
                    slots[index] = Some(result);
                }
                progress.tick();
            });
        }
    });
    progress.finish();
    let results = results
        .into_inner()
        .map_err(|_| "a worker failed".to_string())?;
    let (reports, errors): (Vec<_>, Vec<_>) = results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not analysed".to_string())))
        .partition(Result::is_ok);
    if errors.is_empty() {
        Ok(reports.into_iter().filter_map(Result::ok).collect())
    } else {
        Err(errors
            .into_iter()
            .filter_map(Result::err)
            .collect::<Vec<_>>()
            .join("\nlegible: "))
    }
}

fn analyse(path: &Path, options: &Options) -> Result<Report, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let report = match files::kind_of(path) {
        Some(files::Kind::Markdown) => crate::analyze_markdown(&bytes, None, options),
        _ => crate::analyze_html(&bytes, None, options),
    };
    report.map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes the run in `format`; `only_failing` keeps the per-problem lines of text and GitHub
/// output to what fails (the new problems, against a baseline).
fn write_output(
    format: Format,
    files: &[Checked],
    improved: &[String],
    only_failing: bool,
    out: &mut dyn Write,
) -> Result<(), String> {
    let text = match format {
        Format::Text => text::render(files, improved, only_failing),
        Format::Json => json(files, improved)?,
        Format::Sarif => {
            let by_file: Vec<(&str, &[Problem])> = files
                .iter()
                .map(|f| (f.path.as_str(), f.problems.as_slice()))
                .collect();
            serde_json::to_string_pretty(&sarif::log(&by_file)).map_err(|e| e.to_string())? + "\n"
        }
        Format::Junit => junit::render(files),
        Format::Github => github::render(files, only_failing),
    };
    out.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write output: {e}"))
}

/// The JSON output: each file's problems and full report, and the verdict.
fn json(files: &[Checked], improved: &[String]) -> Result<String, String> {
    let files: Vec<serde_json::Value> = files
        .iter()
        .map(|f| {
            let problems: Vec<serde_json::Value> = f
                .problems
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "rule": p.rule, "level": p.level, "message": p.message,
                        "span": p.span, "fingerprint": p.fingerprint, "fails": p.fails,
                    })
                })
                .collect();
            serde_json::json!({
                "path": f.path, "pass": !f.fails(), "problems": problems, "report": f.report,
            })
        })
        .collect();
    let pass = files.iter().all(|f| f["pass"] == true);
    let value = serde_json::json!({"pass": pass, "files": files, "improved": improved});
    serde_json::to_string_pretty(&value)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}

/// Appends the Markdown summary to the file GitHub Actions names in `$GITHUB_STEP_SUMMARY`.
fn append_step_summary(files: &[Checked], improved: &[String]) -> Result<(), String> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| format!("cannot open $GITHUB_STEP_SUMMARY: {e}"))?;
    file.write_all(github::summary(files, improved).as_bytes())
        .map_err(|e| format!("cannot write $GITHUB_STEP_SUMMARY: {e}"))
}

/// A one-line progress count on stderr, only when stderr is a terminal and the run is long
/// enough to wait for; CI logs stay clean.
struct Progress {
    total: usize,
    done: AtomicUsize,
    shown: bool,
}

/// Fewer files than this finish before a bar would be noticed.
const PROGRESS_MIN_FILES: usize = 50;

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            shown: total >= PROGRESS_MIN_FILES && std::io::stderr().is_terminal(),
        }
    }

    fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.shown && (done * 100 / self.total) != ((done - 1) * 100 / self.total) {
            let width = 30;
            let filled = done * width / self.total;
            eprint!(
                "\r[{}{}] {done}/{} files",
                "#".repeat(filled),
                " ".repeat(width - filled),
                self.total
            );
        }
    }

    fn finish(&self) {
        if self.shown {
            eprint!("\r{}\r", " ".repeat(50));
        }
    }
}
