//! `legible check` as CI runs it: a folder of pages under a `legible.toml`, exit codes, the
//! machine outputs (SARIF against the official schema, JUnit, GitHub workflow commands),
//! baselines; plus the library pieces it rests on (Markdown spans, suppressions).

use legible::{analyze_html, analyze_markdown, Options};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const HARD: &str = include_str!("fixtures/health_article.html");

const EASY: &str = "<!DOCTYPE html><html lang=\"en\"><head><title>Wash your hands</title></head>\
                    <body><main><h1>Wash your hands</h1><p>Wash your hands often. Use soap and \
                    water. Rub them for a short time. Then dry them well.</p></main></body></html>";

/// Line 5 holds an image without alt text.
const NOTES_MD: &str =
    "# Notes\n\nKeep this page short. Say one thing at a time.\n\n![](scan.png)\n";

const CONFIG: &str = "[thresholds]\nmax_grade = 8\n";

/// A temporary folder, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str, files: &[(&str, &str)]) -> Folder {
        let dir = std::env::temp_dir().join(format!("legible-check-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the temporary folder is made");
        let folder = Folder(dir);
        for (path, text) in files {
            folder.write(path, text);
        }
        folder
    }

    fn write(&self, path: &str, text: &str) {
        std::fs::write(self.0.join(path), text).expect("the file is written");
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `legible check ARGS` in `dir`.
fn check(dir: &Path, args: &[&str]) -> Output {
    check_with_env(dir, args, &[])
}

fn check_with_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_legible"));
    command
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("legible runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn site(name: &str) -> Folder {
    Folder::new(
        name,
        &[
            ("hard.html", HARD),
            ("easy.html", EASY),
            ("notes.md", NOTES_MD),
            ("legible.toml", CONFIG),
        ],
    )
}

#[test]
fn a_hard_page_and_an_image_without_alt_fail_with_their_positions() {
    let folder = site("fail");
    let output = check(&folder.0, &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}\n{}", stderr(&output));
    assert!(
        text.lines()
            .any(|l| l.starts_with("hard.html:1:1 error grade-above-max consensus grade")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("notes.md:5:1 error image-alt-missing ")),
        "{text}"
    );
    let row = |name: &str| {
        text.lines()
            .find(|l| {
                l.starts_with(name) && l.ends_with("pass")
                    || l.starts_with(name) && l.ends_with("fail")
            })
            .unwrap_or_else(|| panic!("no summary row for {name}: {text}"))
            .to_string()
    };
    assert!(row("hard.html").ends_with("fail"));
    assert!(row("notes.md").ends_with("fail"));
    assert!(row("easy.html").ends_with("pass"));
}

#[test]
fn the_easy_page_alone_passes() {
    let folder = site("pass");
    let output = check(&folder.0, &["easy.html"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(stdout(&output).contains("1 file(s) checked, 0 failing"));
}

#[test]
fn rule_levels_and_ignored_paths_come_from_the_config() {
    let folder = site("levels");
    folder.write(
        "legible.toml",
        "ignore = [\"hard.html\"]\n[rules]\n\"image-alt-missing\" = \"off\"\n",
    );
    let output = check(&folder.0, &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(!text.contains("hard.html") && !text.contains("image-alt-missing"));
    assert!(text.contains("2 file(s) checked"), "{text}");
}

#[test]
fn usage_config_and_input_errors_exit_2_with_a_message() {
    let folder = site("errors");
    let missing_config = check(&folder.0, &["--config", "nope.toml", "easy.html"]);
    assert_eq!(missing_config.status.code(), Some(2));
    assert!(stderr(&missing_config).contains("cannot read configuration nope.toml"));

    let missing_input = check(&folder.0, &["gone.html"]);
    assert_eq!(missing_input.status.code(), Some(2));
    assert!(stderr(&missing_input).contains("gone.html: no such file or directory"));

    folder.write("legible.toml", "[thresholds\nmax_grade = 8\n");
    let bad_toml = check(&folder.0, &["easy.html"]);
    assert_eq!(bad_toml.status.code(), Some(2));
    assert!(
        stderr(&bad_toml).contains("legible.toml"),
        "{}",
        stderr(&bad_toml)
    );

    folder.write("legible.toml", "[rules]\nno-such-rule = \"off\"\n");
    let bad_rule = check(&folder.0, &["easy.html"]);
    assert_eq!(bad_rule.status.code(), Some(2));
    assert!(stderr(&bad_rule).contains("no-such-rule"));

    folder.write("legible.toml", CONFIG);
    folder.write("broken.html", "");
    let empty = check(&folder.0, &["broken.html"]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(stderr(&empty).contains("broken.html: the document is empty"));

    let no_baseline = check(&folder.0, &["--fail-on", "regression", "easy.html"]);
    assert_eq!(no_baseline.status.code(), Some(2));
}

#[test]
fn globs_select_files() {
    let folder = site("globs");
    std::fs::create_dir_all(folder.path("docs/deep")).unwrap();
    folder.write("docs/deep/a.md", NOTES_MD);
    folder.write("docs/b.html", EASY);
    let output = check(&folder.0, &["--format", "json", "docs/**/*.md"]);
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["docs/deep/a.md"]);
    assert_eq!(json["pass"], false);
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let folder = site("sarif");
    let output = check(&folder.0, &["--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules
        .iter()
        .all(|r| r["help"]["text"].is_string() && r["helpUri"].is_string()));
    let results = run["results"].as_array().unwrap();
    let alt = results
        .iter()
        .find(|r| r["ruleId"] == "image-alt-missing")
        .expect("the missing alt text is a result");
    assert_eq!(alt["level"], "error");
    let location = &alt["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "notes.md");
    assert_eq!(location["region"]["startLine"], 5);
    assert_eq!(location["region"]["startColumn"], 1);
    assert_eq!(location["region"]["endColumn"], 14);
    assert!(alt["partialFingerprints"]["legibleFingerprint/v2"].is_string());
    // A schema that accepts anything would prove nothing: a broken log must fail.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

/// The official schema, as published, compiled for Draft 4.
///
/// Its two `language` patterns end in a lone `]`, which ECMAScript regexes (the dialect JSON
/// Schema names) read as a literal `]`, but which the validator's strict check of the `regex`
/// format rejects. Escaping it (`\]`) is the same regex in ECMAScript, so the schema keeps
/// its meaning; the count makes sure nothing else is touched.
fn sarif_validator() -> jsonschema::Validator {
    let published = include_str!("data/sarif-schema-2.1.0.json");
    let lone = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert_eq!(published.matches(lone).count(), 2);
    let escaped = published.replace(lone, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#);
    let schema: Value = serde_json::from_str(&escaped).expect("the schema is JSON");
    jsonschema::draft4::new(&schema).expect("the SARIF schema compiles")
}

#[test]
fn one_report_makes_a_valid_sarif_log() {
    let report = analyze_html(b"<p>Text.</p><img src=a.png>", None, &Options::default()).unwrap();
    let log = legible::ci::sarif_log(&[("page.html", &report)]);
    assert!(sarif_validator().is_valid(&log));
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "image-alt-missing");
}

#[test]
fn junit_output_parses_with_one_test_case_per_file() {
    let folder = site("junit");
    let output = check(&folder.0, &["--format", "junit"]);
    assert_eq!(output.status.code(), Some(1));
    let xml = stdout(&output);
    let doc = roxmltree::Document::parse(&xml).expect("JUnit is well-formed XML");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(failed, ["hard.html", "notes.md"]);
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("3"));
    assert_eq!(suite.attribute("failures"), Some("2"));
}

#[test]
fn github_output_is_well_formed_and_writes_a_step_summary() {
    let folder = site("github");
    let summary = folder.path("summary.md");
    let output = check_with_env(
        &folder.0,
        &["--format", "github", "hard.html", "notes.md"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(!text.is_empty());
    for line in text.lines() {
        let rest = line.strip_prefix("::").expect("a workflow command");
        let (command, rest) = rest.split_once(' ').expect("command and properties");
        assert!(["error", "warning", "notice"].contains(&command), "{line}");
        let (properties, message) = rest.split_once("::").expect("properties::message");
        assert!(!message.is_empty() && !message.contains('\n'));
        let keys: Vec<&str> = properties
            .split(',')
            .map(|p| {
                let (key, value) = p.split_once('=').expect("key=value");
                assert!(!value.contains(':'), "unescaped ':' in {line}");
                key
            })
            .collect();
        assert_eq!(
            keys,
            ["file", "line", "col", "endLine", "endColumn", "title"],
            "{line}"
        );
    }
    assert!(text.contains(
        "::error file=notes.md,line=5,col=1,endLine=5,endColumn=14,title=image-alt-missing::"
    ));
    let written = std::fs::read_to_string(&summary).expect("the step summary is written");
    assert!(written.contains("| `hard.html` |") && written.contains("fail"));
}

#[test]
fn a_baseline_passes_an_unchanged_tree_and_fails_a_page_made_harder() {
    let folder = site("baseline");
    let written = check(&folder.0, &["--write-baseline", "baseline.json"]);
    assert_eq!(written.status.code(), Some(1), "the tree has problems");
    let baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.path("baseline.json")).unwrap())
            .unwrap();
    assert!(baseline["files"]["hard.html"]["grade"].as_f64().unwrap() > 8.0);

    let unchanged = check(&folder.0, &["--baseline", "baseline.json"]);
    assert_eq!(unchanged.status.code(), Some(0), "{}", stdout(&unchanged));

    // The same findings after the lines moved are not new.
    folder.write("notes.md", &format!("\n\n\n{NOTES_MD}"));
    let moved = check(&folder.0, &["--baseline", "baseline.json"]);
    assert_eq!(moved.status.code(), Some(0), "{}", stdout(&moved));

    let harder = EASY.replace(
        "Wash your hands often.",
        "Consistent hand hygiene, incorporating antimicrobial surfactant preparations and \
         meticulous mechanical friction across all cutaneous surfaces, substantially diminishes \
         nosocomial transmission of pathogenic microorganisms.",
    );
    folder.write("easy.html", &harder);
    let regressed = check(&folder.0, &["--baseline", "baseline.json"]);
    let text = stdout(&regressed);
    assert_eq!(regressed.status.code(), Some(1), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("easy.html:1:1 error grade-regressed consensus grade rose")),
        "{text}"
    );
    let failing: Vec<&str> = text.lines().filter(|l| l.ends_with("  fail")).collect();
    assert_eq!(failing.len(), 1, "{text}");
    assert!(failing[0].starts_with("easy.html"));
    // Only what is new is listed: nothing of the unchanged pages.
    assert!(!text.contains("hard.html:"), "{text}");
}

#[test]
fn a_baseline_reports_what_improved() {
    let folder = site("improved");
    check(&folder.0, &["--write-baseline", "baseline.json"]);
    folder.write("notes.md", &NOTES_MD.replace("![]", "![A chest scan]"));
    let output = check(&folder.0, &["--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("improved: notes.md: 1 problem(s) fixed"));
}

#[test]
fn a_baseline_of_other_fingerprints_is_refused_not_compared() {
    let folder = site("old-baseline");
    check(&folder.0, &["--write-baseline", "baseline.json"]);
    let mut baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.path("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(baseline["fingerprint_version"], 2);
    // A baseline of version 1 did not say which hash made it.
    baseline
        .as_object_mut()
        .unwrap()
        .remove("fingerprint_version");
    folder.write("baseline.json", &baseline.to_string());
    let output = check(&folder.0, &["--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("holds version 1 fingerprints") && message.contains("--write-baseline"),
        "{message}"
    );
}

/// Markdown spans point at the `.md` source in every unit.
#[test]
fn markdown_spans_point_at_the_markdown_source() {
    let md = "# Caring for *your* wound\n\nKeep the dressing dry — for 2 days.\n\nAsk about \
              analgesia if it hurts.\n\n![](wound.png)\n";
    let report = analyze_markdown(md.as_bytes(), None, &Options::default()).unwrap();
    let sentence = report
        .sentences
        .iter()
        .find(|s| s.text.starts_with("Keep"))
        .unwrap();
    let span = sentence.span;
    assert_eq!(&md[span.range()], "Keep the dressing dry — for 2 days.");
    assert_eq!((span.line, span.column, span.end_line), (3, 1, 3));
    // The dash is one UTF-16 unit and three bytes.
    assert_eq!(span.utf16_end - span.utf16_start, span.end - span.start - 2);
    assert_eq!(
        span.end_column as usize,
        1 + "Keep the dressing dry — for 2 days.".chars().count()
    );

    let heading = &report.outline[0];
    assert_eq!(&md[heading.span.range()], "Caring for *your* wound");

    let alt = report
        .findings
        .iter()
        .find(|f| f.rule == "image-alt-missing")
        .unwrap();
    assert_eq!(&md[alt.span.range()], "![](wound.png)");
    assert_eq!(alt.excerpt, "![](wound.png)");
    assert_eq!((alt.span.line, alt.span.column), (7, 1));

    let term = report
        .jargon
        .terms
        .iter()
        .find(|t| t.normalized == "analgesia")
        .expect("analgesia is jargon");
    let at = term.spans[0];
    assert_eq!(&md[at.range()], "analgesia");
    assert_eq!(at.line, 5);
}

#[test]
fn comments_silence_rules_in_their_range_only() {
    let html = "<p>One.</p><!-- legible-disable image-alt-missing --><img src=a.png>\
                <!-- legible-enable --><img src=b.png>";
    let report = analyze_html(html.as_bytes(), None, &Options::default()).unwrap();
    let missing: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "image-alt-missing")
        .map(|f| &html[f.span.range()])
        .collect();
    assert_eq!(missing, ["<img src=b.png>"]);

    let by_category =
        "<!-- legible-disable accessibility --><p>One.</p><img src=a.png><img src=b.png>";
    let report = analyze_html(by_category.as_bytes(), None, &Options::default()).unwrap();
    assert!(!report
        .findings
        .iter()
        .any(|f| f.rule == "image-alt-missing"));
}

#[test]
fn an_ignored_element_is_not_analysed() {
    let html = "<p>Short and plain.</p><div data-legible-ignore><p>Quoted regulatory text \
                about pharmacokinetics.</p><img src=a.png></div>";
    let report = analyze_html(html.as_bytes(), None, &Options::default()).unwrap();
    assert!(report
        .sentences
        .iter()
        .all(|s| !s.text.contains("regulatory")));
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert!(report.jargon.terms.is_empty());
}

#[test]
fn suppressions_work_in_markdown() {
    let md = "Plain text here.\n\n<!-- legible-disable image-alt-missing -->\n\n![](a.png)\n\n<!-- legible-enable -->\n\n![](b.png)\n";
    let report = analyze_markdown(md.as_bytes(), None, &Options::default()).unwrap();
    let missing: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "image-alt-missing")
        .map(|f| &md[f.span.range()])
        .collect();
    assert_eq!(missing, ["![](b.png)"]);
}

/// Pieces of Markdown that stress the source map: escapes, entities, inline and block HTML,
/// images, links, emphasis, code, tables, non-ASCII text.
const MD_PIECES: &[&str] = &[
    "# Heading\n",
    "Plain words here. ",
    "\\*not emphasis\\* ",
    "&amp; &copy; &#8212; ",
    "*em* **strong** ~~gone~~ ",
    "`code` ",
    "![](a.png) ",
    "![alt *text*](b.png \"title\") ",
    "[link](https://example.org) ",
    "<span>inline</span> ",
    "\n\n<div data-legible-ignore>\n\nraw\n\n</div>\n\n",
    "<!-- legible-disable -->",
    "\n\n",
    "\n- item one\n- item two\n",
    "\n| a | b |\n|---|---|\n| c | d |\n",
    "Café — naïve 😀 ",
    "> quoted analgesia\n",
    "    indented code\n",
    "---\ntitle: x\n---\n",
    "## Dose {#dose}\n",
    "Note.[^1]\n\n[^1]: A footnote.\n",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    #[test]
    fn markdown_spans_are_always_valid_ranges_of_the_source(
        picks in proptest::collection::vec(0..MD_PIECES.len(), 1..40)
    ) {
        let md: String = picks.iter().map(|&i| MD_PIECES[i]).collect();
        let Ok(report) = analyze_markdown(md.as_bytes(), None, &Options::default()) else {
            return Ok(());
        };
        let spans = report
            .findings
            .iter()
            .map(|f| f.span)
            .chain(report.sentences.iter().map(|s| s.span))
            .chain(report.images.iter().map(|i| i.span))
            .chain(report.jargon.terms.iter().flat_map(|t| t.spans.clone()));
        for span in spans {
            let range = span.range();
            proptest::prop_assert!(range.start <= range.end && range.end <= md.len());
            proptest::prop_assert!(md.get(range.clone()).is_some(), "{span:?} in {md:?}");
            let line = md[..range.start].matches('\n').count() + 1;
            proptest::prop_assert_eq!(span.line as usize, line);
        }
    }
}
