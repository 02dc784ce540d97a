//! The `legible` binary as a user runs it: reports on stdout, exit code 2 with a message on
//! stderr for bad input, the text-engine commands, and the service over a real socket.

#[path = "support/server.rs"]
mod server;

use serde_json::{json, Value};
use server::{free_addr, Server};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const ARTICLE: &str = "<!DOCTYPE html><html><body><nav><p>Skip to content.</p></nav>\
                       <main><p>Hello World. My name is Jonas.</p><img src=\"cat.png\"></main>\
                       </body></html>";

/// Runs `legible ARGS` with `stdin` as its standard input.
fn legible(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_legible"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the legible binary starts");
    // A command that fails before reading its input closes the pipe; that is not an error here.
    let _ = child.stdin.take().expect("stdin is piped").write_all(stdin);
    child.wait_with_output().expect("legible runs to the end")
}

/// A file under the temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!("legible-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("the temporary file is written");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("the temporary path is UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn stdout_text(output: &Output) -> &str {
    assert!(
        output.status.success(),
        "exit {:?}, stderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    std::str::from_utf8(&output.stdout).expect("stdout is UTF-8")
}

/// Asserts success and parses stdout as JSON.
fn stdout_json(output: &Output) -> Value {
    let text = stdout_text(output);
    serde_json::from_str(text).unwrap_or_else(|err| panic!("stdout is not JSON ({err}): {text}"))
}

/// Asserts exit code 2, a message on stderr and nothing on stdout; returns the message.
fn usage_error(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(!stderr.trim().is_empty(), "no message on stderr");
    assert!(
        output.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    stderr
}

/// The text of the `i`th sentence of a report.
fn sentence(report: &Value, i: usize) -> &Value {
    &report["sentences"][i]["text"]
}

/// Asserts the report of [`ARTICLE`] narrowed to its `<main>`.
fn assert_article_report(report: &Value) {
    assert_eq!(report["scope"], "main", "{report}");
    assert_eq!(report["stats"]["words"], 6, "{report}");
    assert_eq!(report["stats"]["sentences"], 2, "{report}");
    assert_eq!(sentence(report, 0), "Hello World.");
    assert_eq!(sentence(report, 1), "My name is Jonas.");
    let rules: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["rule"])
        .collect();
    assert!(
        rules.contains(&&Value::from("image-alt-missing")),
        "{rules:?}"
    );
}

// analyze

#[test]
fn analyze_html_file_prints_a_report() {
    let file = TempFile::new("article.html", ARTICLE.as_bytes());
    assert_article_report(&stdout_json(&legible(&["analyze", file.path()], b"")));
}

#[test]
fn analyze_text_file_reads_plain_text() {
    let file = TempFile::new("notes.txt", b"Hello World.\n\n<p>My name is Jonas.</p>\n");
    let report = stdout_json(&legible(&["analyze", file.path()], b""));
    assert_eq!(report["scope"], "text");
    assert_eq!(report["stats"]["paragraphs"], 2);
    assert_eq!(sentence(&report, 0), "Hello World.");
    assert_eq!(sentence(&report, 1), "<p>My name is Jonas.</p>");
}

#[test]
fn analyze_dash_reads_html_from_stdin() {
    assert_article_report(&stdout_json(&legible(
        &["analyze", "-"],
        ARTICLE.as_bytes(),
    )));
}

#[test]
fn analyze_scope_fragment_takes_the_whole_input() {
    let report = stdout_json(&legible(
        &["analyze", "--scope", "fragment", "-"],
        ARTICLE.as_bytes(),
    ));
    assert_eq!(report["scope"], "fragment");
    assert_eq!(sentence(&report, 0), "Skip to content.");
}

#[test]
fn analyze_missing_file_is_exit_2() {
    let missing =
        std::env::temp_dir().join(format!("legible-cli-{}-missing.html", std::process::id()));
    let message = usage_error(&legible(&["analyze", missing.to_str().unwrap()], b""));
    assert!(message.contains("missing.html"), "{message}");
}

#[test]
fn analyze_unknown_extension_is_exit_2() {
    let file = TempFile::new("article.docx", ARTICLE.as_bytes());
    let message = usage_error(&legible(&["analyze", file.path()], b""));
    assert!(message.contains("unknown file type"), "{message}");
}

#[test]
fn analyze_invalid_utf8_is_exit_2() {
    let file = TempFile::new("latin1.html", b"<p>caf\xe9</p>");
    let message = usage_error(&legible(&["analyze", file.path()], b""));
    assert!(message.contains("offset 6"), "{message}");
}

#[test]
fn analyze_empty_file_is_exit_2() {
    let file = TempFile::new("empty.html", b"");
    let message = usage_error(&legible(&["analyze", file.path()], b""));
    assert!(message.contains("empty"), "{message}");
}

#[test]
fn unknown_flag_is_exit_2() {
    usage_error(&legible(
        &["analyze", "--no-such-flag", "-"],
        ARTICLE.as_bytes(),
    ));
}

#[test]
fn unknown_subcommand_is_exit_2() {
    usage_error(&legible(&["no-such-command"], b""));
}

// The text engine and the registry

/// Asserts that `legible sentences` splits `input` into Hello World. / My name is Jonas.
fn assert_hello_jonas(input: &[u8]) {
    let sentences = stdout_json(&legible(&["sentences"], input));
    assert_eq!(sentences, json!(["Hello World.", "My name is Jonas."]));
}

#[test]
fn sentences_prints_a_json_array() {
    assert_hello_jonas(b"Hello World. My name is Jonas.");
}

#[test]
fn sentences_treats_newlines_as_whitespace() {
    assert_hello_jonas(b"Hello World.\nMy name\r\nis Jonas.\n");
}

#[test]
fn syllables_prints_one_count_per_line() {
    let output = legible(&["syllables"], b"cat\ntable\n");
    assert_eq!(stdout_text(&output).lines().collect::<Vec<_>>(), ["1", "2"]);
}

#[test]
fn rules_lists_the_registry() {
    let rules = stdout_json(&legible(&["rules"], b""));
    let rule = rules
        .as_array()
        .expect("rules is an array")
        .iter()
        .find(|r| r["id"] == "image-alt-missing")
        .unwrap_or_else(|| panic!("no image-alt-missing: {rules}"));
    assert!(
        rule["wcag"]
            .as_array()
            .is_some_and(|w| w.contains(&"1.1.1".into())),
        "{rule}"
    );
    for key in ["title", "category", "severity", "act", "help"] {
        assert!(rule.get(key).is_some(), "rule lacks {key:?}: {rule}");
    }
}

// The service

#[test]
fn healthcheck_fails_when_nothing_listens() {
    usage_error(&legible(&["healthcheck", "--addr", &free_addr()], b""));
}

#[test]
fn serve_answers_analyze_over_tcp() {
    let server = Server::start();
    let response = server.send(
        "POST",
        "/v1/analyze",
        Some("text/html; charset=utf-8"),
        ARTICLE.as_bytes(),
    );
    let response = String::from_utf8(response).expect("the response is UTF-8");
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("not an HTTP response: {response}"));
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    assert!(
        head.lines()
            .any(|l| l.eq_ignore_ascii_case("content-type: application/json")),
        "{head}"
    );
    let report: Value = serde_json::from_str(body).unwrap_or_else(|err| panic!("{err}: {body}"));
    assert_article_report(&report);
}

/// `legible analyze --as text --glossary FILE -` with the glossary's contents and stdin text.
fn analyze_with_glossary(name: &str, glossary: &[u8], text: &[u8]) -> Output {
    let glossary = TempFile::new(name, glossary);
    legible(
        &[
            "analyze",
            "--as",
            "text",
            "--glossary",
            glossary.path(),
            "-",
        ],
        text,
    )
}

#[test]
fn analyze_with_a_glossary_accepts_and_replaces_terms() {
    let output = analyze_with_glossary(
        "glossary.tsv",
        b"# house terms\nhysterectomy\tok\nuterus\tyour womb\n",
        b"After a hysterectomy the uterus is gone.",
    );
    let report = stdout_json(&output);
    let jargon: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["category"] == "jargon")
        .collect();
    assert!(
        !jargon.iter().any(|f| f["excerpt"] == "hysterectomy"),
        "{jargon:?}"
    );
    let uterus = jargon.iter().find(|f| f["excerpt"] == "uterus").unwrap();
    assert_eq!(uterus["suggestions"][0]["replace_with"], "your womb");
}

#[test]
fn a_malformed_glossary_is_exit_2_naming_the_line() {
    let message = usage_error(&analyze_with_glossary(
        "bad-glossary.tsv",
        b"uterus\twomb\nno tab on this line\n",
        b"Some text.",
    ));
    assert!(message.contains("line 2"), "{message}");
}
