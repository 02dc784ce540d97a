//! The default output, for people reading a CI log: one line per problem in the
//! `path:line:col level rule message` form editors and Vale use (against a baseline, only the
//! new ones that fail), then a table of files with their grade and counts, then what improved
//! since the baseline.

use super::config::Level;
use super::Checked;
use std::fmt::Write;

pub fn render(files: &[Checked], improved: &[String], only_failing: bool) -> String {
    let mut out = String::new();
    for file in files {
        for p in file.problems.iter().filter(|p| p.fails || !only_failing) {
            let _ = writeln!(out, "{}", p.located(&file.path));
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(files));
    for line in improved {
        let _ = writeln!(out, "improved: {line}");
    }
    out
}

/// The per-file table and a closing count.
fn summary(files: &[Checked]) -> String {
    let width = files.iter().map(|f| f.path.len()).max().unwrap_or(4).max(4);
    let mut out = format!(
        "{:<width$}  {:>5}  {:>6}  {:>8}  {:>4}  result\n",
        "file", "grade", "errors", "warnings", "info"
    );
    for file in files {
        let grade = file.grade();
        let _ = writeln!(
            out,
            "{:<width$}  {grade:>5}  {:>6}  {:>8}  {:>4}  {}",
            file.path,
            file.count(Level::Error),
            file.count(Level::Warning),
            file.count(Level::Info),
            if file.fails() { "fail" } else { "pass" }
        );
    }
    let failing = files.iter().filter(|f| f.fails()).count();
    let _ = writeln!(out, "{} file(s) checked, {failing} failing", files.len());
    out
}
