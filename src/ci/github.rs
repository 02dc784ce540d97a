//! GitHub Actions workflow commands: one `::error file=…,line=…::message` line per problem
//! (GitHub shows them as annotations on the pull request, at most ten per step, so SARIF upload
//! is the complete view; against a baseline only the new problems that fail are annotated), and
//! a Markdown summary appended to `$GITHUB_STEP_SUMMARY`.

use super::config::Level;
use super::Checked;
use std::fmt::Write;

pub fn render(files: &[Checked], only_failing: bool) -> String {
    let mut out = String::new();
    for file in files {
        for p in file.problems.iter().filter(|p| p.fails || !only_failing) {
            let command = match p.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info | Level::Off => "notice",
            };
            let s = &p.span;
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&file.path),
                s.line,
                s.column,
                s.end_line,
                s.end_column,
                property(p.rule),
                data(&p.message)
            );
        }
    }
    out
}

/// The step summary: a table of files with grade, counts and result.
pub fn summary(files: &[Checked], improved: &[String]) -> String {
    let failing = files.iter().filter(|f| f.fails()).count();
    let mut out = format!(
        "## legible check\n\n{} file(s) checked, {failing} failing\n\n| File | Grade | Errors | Warnings | Info | Result |\n| --- | ---: | ---: | ---: | ---: | --- |\n",
        files.len()
    );
    for file in files {
        let grade = file.grade();
        let _ = writeln!(
            out,
            "| `{}` | {grade} | {} | {} | {} | {} |",
            file.path.replace('|', "\\|"),
            file.count(Level::Error),
            file.count(Level::Warning),
            file.count(Level::Info),
            if file.fails() { "❌ fail" } else { "✅ pass" }
        );
    }
    if !improved.is_empty() {
        out.push_str("\n**Improved since the baseline**\n\n");
        for line in improved {
            let _ = writeln!(out, "- {line}");
        }
    }
    out
}

/// Escapes a workflow command's message.
pub fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`, which delimit properties).
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_toolkit() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
