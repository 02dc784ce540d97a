//! Hostile documents sent to the real service: each gets 200 or a 4xx problem, never a crash,
//! and the service keeps answering `/livez` afterwards. Time and memory of the same documents
//! are measured (not asserted) by `scripts/measure_hostile.py`; the figures are in
//! EVALUATION.md.

#[path = "support/server.rs"]
mod server;

use server::Server;

/// The service's default body limit (2 MiB).
const LIMIT: usize = 2 * 1024 * 1024;

/// The status line's code of an HTTP response.
fn status(response: &[u8]) -> u16 {
    let text = String::from_utf8_lossy(response);
    text.strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {:?}", &text[..text.len().min(200)]))
}

/// Posts `body` as HTML, asserts the status is one of `expected`, then that the service is
/// still up and healthy.
fn assert_survives(server: &mut Server, what: &str, body: &[u8], expected: &[u16]) {
    let response = server.send("POST", "/v1/analyze", Some("text/html"), body);
    let code = status(&response);
    assert!(
        expected.contains(&code),
        "{what}: got {code}, want {expected:?}"
    );
    if code >= 400 {
        let text = String::from_utf8_lossy(&response);
        assert!(
            text.to_ascii_lowercase()
                .contains("content-type: application/problem+json"),
            "{what}: a {code} without problem+json"
        );
    }
    server.assert_running();
    let livez = server.send("GET", "/livez", None, b"");
    assert_eq!(status(&livez), 200, "/livez after {what}");
}

#[test]
fn hostile_documents_get_an_answer_and_the_service_stays_up() {
    let mut server = Server::start();
    let deep = "<div>".repeat(100_000) + "<p>Deep text.</p>";
    assert_survives(&mut server, "100k-deep nesting", deep.as_bytes(), &[200]);
    let deep_lists = "<ul><li>".repeat(100_000) + "Deep text.";
    assert_survives(
        &mut server,
        "100k-deep lists",
        deep_lists.as_bytes(),
        &[200],
    );
    let stray = "<h1>".to_string() + &"<div></b>".repeat(100_000) + "x";
    assert_survives(&mut server, "stray end tags", stray.as_bytes(), &[200]);
    let spans = "<table><tr>".to_string() + &"<td rowspan=65534 colspan=1000>x".repeat(50_000);
    assert_survives(&mut server, "huge table spans", spans.as_bytes(), &[200]);
    let unclosed = "<p><b><i><span>x ".repeat(12_500);
    assert_survives(
        &mut server,
        "50k unclosed tags",
        unclosed.as_bytes(),
        &[200],
    );
    let tables = "<table><tr><td>x ".repeat(16_667);
    assert_survives(
        &mut server,
        "50k unclosed table tags",
        tables.as_bytes(),
        &[200],
    );
    let word = |len: usize| format!("<p>{}</p>", "a".repeat(len));
    assert_survives(
        &mut server,
        "1.9 MB word",
        word(1_900_000).as_bytes(),
        &[200],
    );
    let over = word(3_000_000);
    assert!(over.len() > LIMIT);
    assert_survives(&mut server, "3 MB word", over.as_bytes(), &[413]);
    let marks = format!("<p>a{}</p>", "\u{301}".repeat(500_000));
    assert_survives(
        &mut server,
        "combining-mark flood",
        marks.as_bytes(),
        &[200],
    );
    // Each image has a finding (no alt): an image's findings were once picked out of all the
    // page's findings, 300,000 times 300,000 tests (minutes; the client waits 60 s).
    let images = "<p>x</p>".to_string() + &"<img>".repeat(300_000);
    assert_survives(
        &mut server,
        "300k images without alt",
        images.as_bytes(),
        &[200],
    );
    let cycle = b"<table id=t><caption><a href=x aria-labelledby=t>x</a></caption></table>";
    assert_survives(&mut server, "a caption naming its own table", cycle, &[200]);
    let invalid = b"<p>valid, then \xff\xfe broken</p>";
    assert_survives(&mut server, "invalid UTF-8", invalid, &[400]);
    assert_survives(&mut server, "empty body", b"", &[400]);
}
