//! Baselines, as Lighthouse CI compares a build with the previous one: `--write-baseline`
//! records each file's consensus grade and the fingerprints of its problems; a later run with
//! `--baseline` fails only on what is new (a problem whose fingerprint the file did not have, at
//! or above `fail_level`) and on a grade that rose by more than `thresholds.grade_tolerance`,
//! and reports what improved. Fingerprints hash the rule and the flagged text, so moving lines
//! does not make a finding new.

use super::config::Level;
use super::problems::{Problem, GRADE_REGRESSED};
use super::Checked;
use crate::report::FINGERPRINT_VERSION;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// How far a grade may rise when the configuration does not say.
pub const DEFAULT_GRADE_TOLERANCE: f64 = 0.5;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    pub legible_version: String,
    /// The hash its fingerprints were made with ([`FINGERPRINT_VERSION`]); absent from the
    /// baselines of version 1, which did not record it.
    #[serde(default = "first_fingerprint_version")]
    pub fingerprint_version: u32,
    /// By the path as reported (relative to where `check` ran).
    pub files: BTreeMap<String, FileBaseline>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileBaseline {
    /// Consensus grade; `null` when the file had nothing to score.
    pub grade: Option<f64>,
    /// One entry per problem (a fingerprint may repeat).
    pub fingerprints: Vec<String>,
}

/// The baseline of a run.
pub fn of(files: &[Checked]) -> Baseline {
    Baseline {
        legible_version: env!("CARGO_PKG_VERSION").to_string(),
        fingerprint_version: FINGERPRINT_VERSION,
        files: files
            .iter()
            .map(|file| {
                let entry = FileBaseline {
                    grade: file.report.readability.consensus_grade,
                    fingerprints: file
                        .problems
                        .iter()
                        .filter(|p| p.rule != GRADE_REGRESSED.id)
                        .map(|p| p.fingerprint.clone())
                        .collect(),
                };
                (file.path.clone(), entry)
            })
            .collect(),
    }
}

fn first_fingerprint_version() -> u32 {
    1
}

/// The baseline in `path`. One whose fingerprints another hash made is refused: compared, every
/// problem would be new and every old one fixed.
pub fn load(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
    let baseline: Baseline =
        serde_json::from_str(&text).map_err(|e| format!("baseline {}: {e}", path.display()))?;
    if baseline.fingerprint_version != FINGERPRINT_VERSION {
        return Err(format!(
            "baseline {} holds version {} fingerprints, and this legible makes version {}: \
             write it again with --write-baseline",
            path.display(),
            baseline.fingerprint_version,
            FINGERPRINT_VERSION
        ));
    }
    Ok(baseline)
}

pub fn write(path: &Path, baseline: &Baseline) -> Result<(), String> {
    let text = serde_json::to_string_pretty(baseline).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n")
        .map_err(|e| format!("cannot write baseline {}: {e}", path.display()))
}

/// Marks as failing the problems that are new since `baseline` (at `fail_level` or above),
/// adds a failing problem where a grade rose beyond `tolerance`, and returns what improved.
pub fn compare(
    files: &mut [Checked],
    baseline: &Baseline,
    fail_level: Level,
    tolerance: f64,
) -> Vec<String> {
    let mut improved = Vec::new();
    for file in files {
        let before = baseline.files.get(&file.path);
        let mut known: HashMap<&str, usize> = HashMap::new();
        for fingerprint in before.iter().flat_map(|b| &b.fingerprints) {
            *known.entry(fingerprint).or_default() += 1;
        }
        for problem in &mut file.problems {
            let seen = known
                .get_mut(problem.fingerprint.as_str())
                .filter(|n| **n > 0);
            problem.fails = problem.level >= fail_level && seen.is_none();
            if let Some(count) = seen {
                *count -= 1;
            }
        }
        let fixed: usize = known.values().sum();
        if fixed > 0 {
            improved.push(format!("{}: {fixed} problem(s) fixed", file.path));
        }
        let (Some(was), Some(now)) = (
            before.and_then(|b| b.grade),
            file.report.readability.consensus_grade,
        ) else {
            continue;
        };
        if now - was > tolerance {
            let mut problem = Problem::whole_file(
                &GRADE_REGRESSED,
                "consensus_grade",
                format!("consensus grade rose from {was:.1} to {now:.1} (tolerance {tolerance})"),
            );
            problem.fails = true;
            file.problems.push(problem);
        } else if was - now > tolerance {
            improved.push(format!(
                "{}: consensus grade fell from {was:.1} to {now:.1}",
                file.path
            ));
        }
    }
    improved
}
