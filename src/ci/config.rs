//! `legible.toml`: what a project asks of its pages. Found upward from the working directory
//! (as Vale and markdownlint find theirs) or given with `--config`; every key is optional and
//! unknown keys are errors, so a typo never silently loosens a check.
//!
//! ```toml
//! fail_level = "error"          # findings at this level or above fail (info|warning|error)
//! ignore = ["vendor/**", "drafts/*.md"]
//! allow_terms = ["ibuprofen"]
//! glossary = "glossary.tsv"     # relative to this file; see `--glossary`
//!
//! [thresholds]
//! max_grade = 8                 # consensus grade
//! max = { smog = 9 }            # any grade formula of the report's `readability`
//! min = { flesch_reading_ease = 60 }
//! max_jargon_density = 0.05
//! profile = "nih"               # a health-literacy profile that must pass
//! grade_tolerance = 0.5         # baseline: how far a page's grade may rise
//!
//! [rules]                       # by rule id or category: off|info|warning|error
//! "link-new-window-no-warning" = "off"
//! jargon = "warning"
//! ```

use crate::checks::{Severity, REGISTRY};
use crate::measures::profiles::ProfileId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name looked for in the working directory and its ancestors.
pub const FILE_NAME: &str = "legible.toml";

/// How loud a finding is in CI, after the project's rule levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl From<Severity> for Level {
    fn from(severity: Severity) -> Level {
        match severity {
            Severity::Info => Level::Info,
            Severity::Warning => Level::Warning,
            Severity::Error => Level::Error,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Findings at this level or above fail the check (default `error`).
    pub fail_level: Option<Level>,
    pub thresholds: Thresholds,
    /// Level by rule id or category name; a rule id wins over its category.
    pub rules: BTreeMap<String, Level>,
    /// Paths left out, as globs relative to the configuration file's directory.
    pub ignore: Vec<String>,
    /// Terms never flagged as jargon in this project.
    pub allow_terms: Vec<String>,
    /// A glossary TSV (as `--glossary`), relative to the configuration file.
    pub glossary: Option<PathBuf>,
    /// The directory the configuration was read from (for `ignore` and `glossary`).
    #[serde(skip)]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// Highest consensus grade a page may have.
    pub max_grade: Option<f64>,
    /// Highest value of any readability formula, by its report name.
    pub max: BTreeMap<String, f64>,
    /// Lowest value of any readability formula (for reading ease, where higher is easier).
    pub min: BTreeMap<String, f64>,
    /// Highest share of words in jargon terms and acronyms (0 to 1).
    pub max_jargon_density: Option<f64>,
    /// A health-literacy profile every page must pass.
    pub profile: Option<ProfileId>,
    /// With a baseline: how much a page's consensus grade may rise before it fails.
    pub grade_tolerance: Option<f64>,
}

/// Readability formulas a threshold may name (the numeric fields of the report's
/// `readability`).
pub const FORMULAS: &[&str] = &[
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog",
    "coleman_liau",
    "automated_readability_index",
    "dale_chall",
    "linsear_write",
    "forcast",
    "consensus_grade",
    "passive_voice_percent",
];

impl Config {
    /// The configuration at `explicit`, else the first `legible.toml` from `start` upward,
    /// else the defaults (rooted at `start`).
    pub fn find(explicit: Option<&Path>, start: &Path) -> Result<Config, String> {
        if let Some(path) = explicit {
            return Config::load(path);
        }
        match start
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|p| p.is_file())
        {
            Some(path) => Config::load(&path),
            None => Ok(Config {
                root: start.to_path_buf(),
                ..Config::default()
            }),
        }
    }

    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read configuration {}: {e}", path.display()))?;
        let mut config: Config =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        config.root = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        config
            .validate()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(config)
    }

    /// Names that must exist: rule ids and categories, formulas.
    fn validate(&self) -> Result<(), String> {
        let categories = ["accessibility", "readability", "jargon", "structure"];
        for name in self.rules.keys() {
            if !categories.contains(&name.as_str()) && !REGISTRY.iter().any(|r| r.id == name) {
                return Err(format!(
                    "[rules]: no rule or category named {name:?} (see `legible rules`)"
                ));
            }
        }
        for name in self.thresholds.max.keys().chain(self.thresholds.min.keys()) {
            if !FORMULAS.contains(&name.as_str()) {
                return Err(format!(
                    "[thresholds]: no formula named {name:?} (one of {})",
                    FORMULAS.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// The level of a rule in this project: its own entry, else its category's, else the
    /// rule's severity.
    pub fn level(&self, rule: &str, category: &str, severity: Severity) -> Level {
        self.rules
            .get(rule)
            .or_else(|| self.rules.get(category))
            .copied()
            .unwrap_or(severity.into())
    }

    pub fn fail_level(&self) -> Level {
        self.fail_level.unwrap_or(Level::Error)
    }

    /// The glossary path, resolved against the configuration's directory.
    pub fn glossary_path(&self) -> Option<PathBuf> {
        self.glossary.as_ref().map(|g| self.root.join(g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        config.validate().map(|()| config)
    }

    #[test]
    fn reads_every_section() {
        let config = parse(
            r#"
            fail_level = "warning"
            ignore = ["vendor/**"]
            [thresholds]
            max_grade = 8
            max = { smog = 9 }
            profile = "ama"
            [rules]
            jargon = "off"
            "image-alt-missing" = "warning"
            "#,
        )
        .unwrap();
        assert_eq!(config.fail_level(), Level::Warning);
        assert_eq!(config.thresholds.max_grade, Some(8.0));
        assert_eq!(config.thresholds.profile, Some(ProfileId::Ama));
        assert_eq!(
            config.level("jargon-term", "jargon", Severity::Warning),
            Level::Off
        );
        assert_eq!(
            config.level("image-alt-missing", "accessibility", Severity::Error),
            Level::Warning
        );
        assert_eq!(
            config.level("heading-start", "structure", Severity::Warning),
            Level::Warning
        );
    }

    #[test]
    fn unknown_keys_rules_and_formulas_are_errors() {
        assert!(parse("max_grade = 8").unwrap_err().contains("max_grade"));
        assert!(parse("[rules]\nimage-alt = \"off\"")
            .unwrap_err()
            .contains("image-alt"));
        assert!(parse("[thresholds]\nmax = { fog = 9 }")
            .unwrap_err()
            .contains("fog"));
        assert!(parse("[rules]\njargon = \"loud\"").is_err());
    }
}
