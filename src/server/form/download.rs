//! Downloads of the form's report: the same input, answered as a file in an output format.
//! A format is one entry of [`FORMATS`]; the form shows a button for each (posting the form to
//! its path) and the server answers each path, so a new output format is one entry here.

use crate::ci::sarif_log;
use crate::report::Report;

/// An output format the form offers as a download.
pub struct Format {
    /// Where the form posts to get it.
    pub path: &'static str,
    /// The text of the form's button.
    pub label: &'static str,
    /// The suggested file name.
    pub filename: &'static str,
    pub media_type: &'static str,
    /// Writes the report in this format.
    pub write: fn(&Report) -> Result<Vec<u8>, String>,
}

pub const FORMATS: &[Format] = &[
    Format {
        path: "/report.json",
        label: "Download the JSON report",
        filename: "legible-report.json",
        media_type: "application/json",
        write: json,
    },
    Format {
        path: "/report.sarif",
        label: "Download SARIF",
        filename: "legible-report.sarif",
        media_type: "application/sarif+json",
        write: sarif,
    },
];

/// The report as the JSON API returns it.
fn json(report: &Report) -> Result<Vec<u8>, String> {
    serde_json::to_vec_pretty(report).map_err(|err| err.to_string())
}

/// The findings as a SARIF 2.1.0 log, as `legible check --format sarif` writes it; the
/// submitted article is its one artifact.
fn sarif(report: &Report) -> Result<Vec<u8>, String> {
    serde_json::to_vec_pretty(&sarif_log(&[("article", report)])).map_err(|err| err.to_string())
}
