//! JUnit XML, which most CI systems show as a test report: one test case per file, failed when
//! the file has a failing problem, the problems listed in the failure's text.

use super::Checked;
use std::fmt::Write;

pub fn render(files: &[Checked]) -> String {
    let failures = files.iter().filter(|f| f.fails()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"legible\" tests=\"{}\" failures=\"{failures}\">",
        files.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"legible check\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        files.len()
    );
    for file in files {
        let name = escape(&file.path);
        let _ = write!(out, "    <testcase name=\"{name}\" classname=\"legible\"");
        let failing: Vec<_> = file.problems.iter().filter(|p| p.fails).collect();
        if failing.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        let lines: String = failing
            .iter()
            .map(|p| p.located(&file.path) + "\n")
            .collect();
        let _ = write!(
            out,
            ">\n      <failure message=\"{} failing problem(s)\" type=\"legible\">{}</failure>\n    </testcase>\n",
            failing.len(),
            escape(&lines)
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Escapes text for XML content and attribute values; drops characters XML 1.0 cannot hold.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' => {}
            c => out.push(c),
        }
    }
    out
}
