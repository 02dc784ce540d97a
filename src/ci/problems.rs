//! What a CI run holds against a page: the report's findings at the project's rule levels,
//! plus the project's thresholds (grade, formulas, jargon density, profile). Each becomes a
//! [`Problem`], the one type every CI output formats. Problems only read the report.

use super::config::{Config, Level, Thresholds};
use crate::report::{Finding, Report};
use crate::source::Span;

/// One thing to tell the author about a file.
#[derive(Debug, Clone)]
pub struct Problem {
    pub rule: &'static str,
    pub level: Level,
    pub message: String,
    /// Where in the file; thresholds about the whole file point at its start.
    pub span: Span,
    /// Stable across line moves: the finding's fingerprint, or the rule id for a threshold.
    pub fingerprint: String,
    /// Does this problem fail the run (its level reaches `fail_level`; with a baseline, and
    /// it is also new)?
    pub fails: bool,
}

/// A check that is not a rule of the registry but a project threshold or a baseline
/// comparison; described here for SARIF's rule list.
pub struct CiRule {
    pub id: &'static str,
    pub title: &'static str,
    pub help: &'static str,
}

pub const GRADE_ABOVE_MAX: CiRule = CiRule {
    id: "grade-above-max",
    title: "Reading grade above the project's maximum",
    help: "The consensus grade (median of seven grade formulas) is above `thresholds.max_grade` in legible.toml. Patient-health guidance (NIH, AMA) asks for grade 8 or below: shorten sentences and use everyday words.",
};

pub const FORMULA_OUT_OF_RANGE: CiRule = CiRule {
    id: "formula-out-of-range",
    title: "Readability formula outside the project's range",
    help: "A readability formula named in `thresholds.max` or `thresholds.min` of legible.toml is outside its limit. Each formula is cited in the report's documentation.",
};

pub const JARGON_DENSITY_ABOVE_MAX: CiRule = CiRule {
    id: "jargon-density-above-max",
    title: "Too much jargon",
    help: "The share of words in jargon terms and acronyms is above `thresholds.max_jargon_density`. Replace terms with the suggested plain words, or define them where first used.",
};

pub const PROFILE_FAILED: CiRule = CiRule {
    id: "profile-failed",
    title: "Health-literacy profile not met",
    help: "The page does not meet the health-literacy profile named in `thresholds.profile` (AMA: grade 6; NIH: grade 8; NHS: reading age 11).",
};

pub const GRADE_REGRESSED: CiRule = CiRule {
    id: "grade-regressed",
    title: "Reading grade rose since the baseline",
    help: "The page's consensus grade rose by more than `thresholds.grade_tolerance` since the baseline was written (`--write-baseline`).",
};

/// Every CI rule, for SARIF.
pub const CI_RULES: &[&CiRule] = &[
    &GRADE_ABOVE_MAX,
    &FORMULA_OUT_OF_RANGE,
    &JARGON_DENSITY_ABOVE_MAX,
    &PROFILE_FAILED,
    &GRADE_REGRESSED,
];

impl Problem {
    /// `path:line:col level rule message`, the form editors and CI logs link to the source.
    pub fn located(&self, path: &str) -> String {
        format!(
            "{path}:{}:{} {} {} {}",
            self.span.line,
            self.span.column,
            self.level.name(),
            self.rule,
            self.message
        )
    }

    /// A report finding at `level`.
    pub fn from_finding(finding: &Finding, level: Level) -> Problem {
        Problem {
            rule: finding.rule,
            level,
            message: finding.message.to_string(),
            span: finding.span,
            fingerprint: finding.fingerprint.to_string(),
            fails: false,
        }
    }

    /// A problem about the whole file, at its start; errors, since a project set the limit.
    pub fn whole_file(rule: &CiRule, key: &str, message: String) -> Problem {
        Problem {
            rule: rule.id,
            level: Level::Error,
            message,
            span: start_of_file(),
            fingerprint: format!("{}:{key}", rule.id),
            fails: false,
        }
    }
}

fn start_of_file() -> Span {
    Span {
        start: 0,
        end: 0,
        utf16_start: 0,
        utf16_end: 0,
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
    }
}

/// The problems of one report under a project's configuration, in source order (thresholds
/// about the whole file first): findings not turned off, and thresholds exceeded.
pub fn problems(report: &Report, config: &Config) -> Vec<Problem> {
    let mut found: Vec<Problem> = report
        .findings
        .iter()
        .filter_map(|f| {
            let level = config.level(f.rule, f.category.name(), f.severity);
            (level != Level::Off).then(|| Problem::from_finding(f, level))
        })
        .collect();
    found.extend(thresholds(report, &config.thresholds));
    found.sort_by_key(|p| p.span.start);
    found
}

fn thresholds(report: &Report, limits: &Thresholds) -> Vec<Problem> {
    let mut found = Vec::new();
    let grade = report.readability.consensus_grade;
    if let (Some(max), Some(grade)) = (limits.max_grade, grade) {
        if grade > max {
            found.push(Problem::whole_file(
                &GRADE_ABOVE_MAX,
                "consensus_grade",
                format!("consensus grade {grade:.1} is above the maximum of {max}"),
            ));
        }
    }
    let readability = serde_json::to_value(&report.readability).unwrap_or_default();
    let value = |name: &str| readability.get(name).and_then(serde_json::Value::as_f64);
    for (name, &max) in &limits.max {
        if let Some(v) = value(name).filter(|&v| v > max) {
            found.push(Problem::whole_file(
                &FORMULA_OUT_OF_RANGE,
                name,
                format!("{name} {v:.1} is above the maximum of {max}"),
            ));
        }
    }
    for (name, &min) in &limits.min {
        if let Some(v) = value(name).filter(|&v| v < min) {
            found.push(Problem::whole_file(
                &FORMULA_OUT_OF_RANGE,
                name,
                format!("{name} {v:.1} is below the minimum of {min}"),
            ));
        }
    }
    if let Some(max) = limits.max_jargon_density {
        let density = report.jargon.density;
        if density > max {
            found.push(Problem::whole_file(
                &JARGON_DENSITY_ABOVE_MAX,
                "density",
                format!(
                    "jargon density {:.1}% is above the maximum of {:.1}%",
                    density * 100.0,
                    max * 100.0
                ),
            ));
        }
    }
    if limits.profile.is_some() {
        if let Some(profile) = report.profiles.iter().find(|p| p.headline && !p.pass) {
            found.push(Problem::whole_file(
                &PROFILE_FAILED,
                "profile",
                format!("profile {}: {}", profile.target, profile.because),
            ));
        }
    }
    found
}

/// Marks the problems that fail without a baseline: those at `fail_level` or above.
pub fn mark_failing(problems: &mut [Problem], fail_level: Level) {
    for problem in problems {
        problem.fails = problem.level >= fail_level;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::profiles::ProfileId;

    const ARTICLE: &[u8] = include_bytes!("../../tests/fixtures/health_article.html");

    fn rules_fired(thresholds: Thresholds, profile: ProfileId) -> Vec<(&'static str, String)> {
        let options = crate::Options {
            profile,
            ..crate::Options::default()
        };
        let report = crate::analyze_html(ARTICLE, None, &options).unwrap();
        let config = Config {
            thresholds,
            rules: [("accessibility", Level::Off), ("readability", Level::Off)]
                .into_iter()
                .chain([("jargon", Level::Off), ("structure", Level::Off)])
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            ..Config::default()
        };
        problems(&report, &config)
            .into_iter()
            .map(|p| (p.rule, p.fingerprint))
            .collect()
    }

    #[test]
    fn every_threshold_fires_when_exceeded() {
        let strict = Thresholds {
            max_grade: Some(4.0),
            max: [("smog".to_string(), 3.0)].into_iter().collect(),
            min: [("flesch_reading_ease".to_string(), 95.0)]
                .into_iter()
                .collect(),
            max_jargon_density: Some(0.0),
            profile: Some(ProfileId::Ama),
            grade_tolerance: None,
        };
        let fired = rules_fired(strict, ProfileId::Ama);
        let ids: Vec<&str> = fired.iter().map(|(r, _)| *r).collect();
        assert_eq!(
            ids,
            [
                "grade-above-max",
                "formula-out-of-range",
                "formula-out-of-range",
                "jargon-density-above-max",
                "profile-failed"
            ]
        );
        assert_eq!(fired[1].1, "formula-out-of-range:smog");
    }

    #[test]
    fn no_threshold_fires_within_limits() {
        let loose = Thresholds {
            max_grade: Some(20.0),
            max: [("smog".to_string(), 20.0)].into_iter().collect(),
            min: [("flesch_reading_ease".to_string(), 0.0)]
                .into_iter()
                .collect(),
            max_jargon_density: Some(1.0),
            profile: None,
            grade_tolerance: None,
        };
        assert!(rules_fired(loose, ProfileId::Nih).is_empty());
    }
}
