//! Health-literacy profiles: reading targets publishers must meet, each judged on the
//! consensus grade (the median of seven grade-level formulas, see
//! [`super::formulas::consensus`]) so that no single formula's quirks decide.
//!
//! - `ama`: grade 6 or below (American Medical Association, Weiss B. D. (2007), Health Literacy
//!   and Patient Safety: Help Patients Understand, 2nd ed.).
//! - `nih`: grade 8 or below (U.S. National Institutes of Health, Clear Communication: plain
//!   language guidance, "7th to 8th grade").
//! - `nhs`: reading age 9 to 11 (NHS digital service manual, content style guide). A UK
//!   reading age is a US grade plus 5 (grade 1 is ages 6–7), so reading age 11 is grade 6:
//!   the text passes at grade 6 or below, reported as a reading age.
//! - `custom`: grade at or below the `target_grade` option.

use serde::{Deserialize, Serialize};

/// A profile the caller can pick.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProfileId {
    Ama,
    #[default]
    Nih,
    Nhs,
    Custom,
}

/// Difference between a UK reading age and a US grade.
pub const READING_AGE_OFFSET: f64 = 5.0;

/// The verdict of one profile.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ProfileResult {
    pub id: ProfileId,
    /// The target, in words (`grade <= 8`, `reading age <= 11`).
    pub target: String,
    /// The highest passing grade; `null` for `custom` without a `target_grade`.
    pub max_grade: Option<f64>,
    /// The measure that decided (`consensus_grade`).
    pub measure: &'static str,
    /// Its value; `null` when the text has nothing to measure.
    pub value: Option<f64>,
    pub pass: bool,
    pub because: String,
    /// Whether this is the profile the request asked for (the first in the list).
    pub headline: bool,
}

/// The profiles to report: the chosen one first (marked `headline`), then the other standard
/// profiles; `custom` is reported only when chosen or when a target grade is given.
pub fn evaluate(
    consensus: Option<f64>,
    chosen: ProfileId,
    custom_grade: Option<f64>,
) -> Vec<ProfileResult> {
    let mut ids = vec![chosen];
    for id in [ProfileId::Ama, ProfileId::Nih, ProfileId::Nhs] {
        if id != chosen {
            ids.push(id);
        }
    }
    if chosen != ProfileId::Custom && custom_grade.is_some() {
        ids.push(ProfileId::Custom);
    }
    ids.into_iter()
        .map(|id| {
            let max_grade = match id {
                ProfileId::Ama => 6.0,
                ProfileId::Nih => 8.0,
                ProfileId::Nhs => 11.0 - READING_AGE_OFFSET,
                ProfileId::Custom => match custom_grade {
                    Some(grade) => grade,
                    None => return unset_custom(consensus),
                },
            };
            judge(id, max_grade, consensus, id == chosen)
        })
        .collect()
}

/// `custom` chosen without a `target_grade`: nothing to pass.
fn unset_custom(value: Option<f64>) -> ProfileResult {
    ProfileResult {
        id: ProfileId::Custom,
        target: "grade <= target_grade".to_string(),
        max_grade: None,
        measure: "consensus_grade",
        value,
        pass: false,
        because: "the custom profile needs the target_grade option".to_string(),
        headline: true,
    }
}

fn judge(id: ProfileId, max_grade: f64, value: Option<f64>, headline: bool) -> ProfileResult {
    let reading_age = id == ProfileId::Nhs;
    let target = if reading_age {
        format!("reading age <= {}", fmt(max_grade + READING_AGE_OFFSET))
    } else {
        format!("grade <= {}", fmt(max_grade))
    };
    let (pass, because) = match value {
        None => (false, "the text has no sentence to measure".to_string()),
        Some(grade) => {
            let pass = grade <= max_grade;
            let verdict = if pass { "at or below" } else { "above" };
            let because = if reading_age {
                format!(
                    "reading age {} (consensus grade {} + 5) is {verdict} {}",
                    fmt(grade + READING_AGE_OFFSET),
                    fmt(grade),
                    fmt(max_grade + READING_AGE_OFFSET)
                )
            } else {
                format!(
                    "consensus grade {} is {verdict} {}",
                    fmt(grade),
                    fmt(max_grade)
                )
            };
            (pass, because)
        }
    };
    ProfileResult {
        id,
        target,
        max_grade: Some(max_grade),
        measure: "consensus_grade",
        value,
        pass,
        because,
        headline,
    }
}

/// A number as people write it: at most two decimals, no trailing zeros.
///
/// Written from the whole hundredths, as integers: a report says ten of these, and the float
/// formatting they were written with cost more than the rest of the profiles. Below
/// [`EXACT_CENTS`] hundredths the nearest `f64` to a number of two decimals is within far
/// less than half a hundredth of it, so `{:.2}` would have written the same digits; the
/// rare larger or non-finite value is written that way.
fn fmt(value: f64) -> String {
    let cents = (value * 100.0).round();
    if cents.abs() < EXACT_CENTS {
        // `is_sign_negative`, not `< 0.0`: `{:.2}` writes a rounded negative zero as "-0".
        let sign = if cents.is_sign_negative() { "-" } else { "" };
        let cents = cents.abs() as u64;
        let (whole, fraction) = (cents / 100, cents % 100);
        return match (fraction, fraction % 10) {
            (0, _) => format!("{sign}{whole}"),
            (_, 0) => format!("{sign}{whole}.{}", fraction / 10),
            _ => format!("{sign}{whole}.{fraction:02}"),
        };
    }
    let text = format!("{:.2}", cents / 100.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Hundredths below which [`fmt`] writes a value from its integer hundredths (2^40: values
/// up to about 1.1e10, whose `f64` spacing is some 2e-6).
const EXACT_CENTS: f64 = (1u64 << 40) as f64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_profile_comes_first_and_every_profile_says_why() {
        let results = evaluate(Some(7.25), ProfileId::Ama, None);
        let ids: Vec<ProfileId> = results.iter().map(|r| r.id).collect();
        assert_eq!(ids, [ProfileId::Ama, ProfileId::Nih, ProfileId::Nhs]);
        assert!(results[0].headline && !results[1].headline);
        assert!(!results[0].pass);
        assert_eq!(results[0].because, "consensus grade 7.25 is above 6");
        assert!(results[1].pass);
        assert_eq!(results[1].because, "consensus grade 7.25 is at or below 8");
        assert_eq!(results[2].target, "reading age <= 11");
        assert_eq!(
            results[2].because,
            "reading age 12.25 (consensus grade 7.25 + 5) is above 11"
        );
    }

    #[test]
    fn numbers_are_written_as_two_decimals_without_trailing_zeros() {
        let cases = [
            0.0,
            -0.0,
            -0.001,
            0.004,
            0.005,
            0.1,
            0.25,
            1.0,
            6.0,
            7.25,
            7.255,
            10.0,
            11.5,
            12.999,
            100.0,
            -1.5,
            -12.34,
            1234.5678,
            1e9 + 0.07,
            1e12,
            1e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for value in cases {
            let written = format!("{:.2}", (value * 100.0).round() / 100.0);
            let expected = written.trim_end_matches('0').trim_end_matches('.');
            assert_eq!(fmt(value), expected, "{value}");
        }
        for cents in -20_000..20_000 {
            let value = f64::from(cents) / 100.0 + 0.001;
            let written = format!("{:.2}", (value * 100.0).round() / 100.0);
            let expected = written.trim_end_matches('0').trim_end_matches('.');
            assert_eq!(fmt(value), expected, "{value}");
        }
    }

    #[test]
    fn custom_needs_a_grade_and_empty_text_fails() {
        let results = evaluate(Some(5.0), ProfileId::Custom, Some(5.0));
        assert_eq!(results[0].id, ProfileId::Custom);
        assert!(results[0].pass);
        assert_eq!(results[0].target, "grade <= 5");
        let unset = evaluate(Some(5.0), ProfileId::Custom, None);
        assert!(!unset[0].pass && unset[0].headline);
        let empty = evaluate(None, ProfileId::Nih, None);
        assert!(empty.iter().all(|r| !r.pass));
    }
}
