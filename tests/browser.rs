//! Browser tests of the editor's form in real Chromium: starts the server binary on a free
//! port and runs `tests/browser/run.mjs` (playwright-core driving Debian's `/usr/bin/chromium`,
//! axe-core injected into each page). `.ci/run` installs Chromium and the npm packages; when
//! `CI=true` anything missing fails the test, otherwise the test is skipped with the reason.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::Duration;

/// The server under test, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start() -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_legible"))
            .args(["serve", "--addr", &addr])
            .stdout(Stdio::null())
            .spawn()
            .expect("the legible binary starts");
        let server = Server {
            child,
            url: format!("http://{addr}"),
        };
        // Readiness, not timing: wait until the port accepts connections (at most 30 s).
        for _ in 0..300 {
            if TcpStream::connect(&addr).is_ok() {
                return server;
            }
            sleep(Duration::from_millis(100));
        }
        panic!("the server did not start listening on {addr}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the browser tests need and is missing, if anything.
fn missing(dir: &Path) -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "no Chromium at {chromium} (apt-get install chromium)"
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("no node on PATH".into());
    }
    for package in ["playwright-core", "axe-core"] {
        if !dir.join("node_modules").join(package).exists() {
            return Some(format!(
                "npm package {package} is not installed (npm ci in tests/browser)"
            ));
        }
    }
    None
}

#[test]
fn the_form_in_chromium_submits_is_keyboard_usable_accessible_and_inert_to_payloads() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if let Some(reason) = missing(&dir) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "browser tests cannot run under CI: {reason}"
        );
        eprintln!("skipping the browser tests: {reason}");
        return;
    }
    let server = Server::start();
    let output = Command::new("node")
        .arg(dir.join("run.mjs"))
        .arg(&server.url)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "browser checks failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("all browser checks passed"));
}
