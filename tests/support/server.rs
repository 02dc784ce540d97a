//! `legible serve` as a user runs it: the real binary on a free local port, spoken to over
//! plain HTTP/1.1, killed when dropped.
//!
//! Shared by the command-line tests (`tests/cli.rs`) and the hostile-input tests
//! (`tests/hostile.rs`).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// An address on 127.0.0.1 that nothing listens on (at the moment it is returned).
pub fn free_addr() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port is free");
    listener.local_addr().unwrap().to_string()
}

/// `legible serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    /// Starts the service and waits (up to about 10 s) until `legible healthcheck` passes.
    pub fn start() -> Server {
        let addr = free_addr();
        let child = Command::new(env!("CARGO_BIN_EXE_legible"))
            .args(["serve", "--addr", &addr])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("legible serve starts");
        let mut server = Server { child, addr };
        for _ in 0..100 {
            server.assert_running();
            let healthcheck = Command::new(env!("CARGO_BIN_EXE_legible"))
                .args(["healthcheck", "--addr", &server.addr])
                .stderr(Stdio::null())
                .status()
                .expect("legible healthcheck runs");
            if healthcheck.success() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("legible serve did not become healthy on {}", server.addr);
    }

    /// Panics when the service process has ended.
    pub fn assert_running(&mut self) {
        if let Some(status) = self.child.try_wait().expect("the server can be polled") {
            panic!("legible serve exited: {status}");
        }
    }

    /// Sends a request with `body` and returns the whole response. The body is written from
    /// another thread while the response is read, so a server that answers early (413 from
    /// the declared length) and closes is seen answering, not as a broken pipe.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Vec<u8> {
        let mut stream = TcpStream::connect(&self.addr).expect("the server accepts connections");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let content_type = content_type
            .map(|t| format!("Content-Type: {t}\r\n"))
            .unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{content_type}Content-Length: {}\r\n\
             Connection: close\r\n\r\n",
            self.addr,
            body.len()
        );
        let mut writer = stream.try_clone().expect("the stream can be cloned");
        let body = body.to_vec();
        let sender = std::thread::spawn(move || {
            // An early answer closes the connection; the rest of the body has nowhere to go.
            let _ = writer
                .write_all(head.as_bytes())
                .and_then(|()| writer.write_all(&body));
        });
        let mut response = Vec::new();
        // A reset after a complete early answer is not an error here; the status line says
        // whether an answer came.
        let _ = stream.read_to_end(&mut response);
        sender.join().expect("the request is sent");
        response
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
