#!/usr/bin/env python3
"""Make the branch profile that optimised builds use (pgo/legible-rustcX.Y.Z.profdata, see pgo/rustc).

Builds an instrumented legible in target/pgo-generate (twice: see BUILDS), runs it the way it is
used on the project's own articles (tests/fixtures), then merges the counts it wrote into
pgo/legible-rustcX.Y.Z.profdata, X.Y.Z being the release of the rustc in use (the only one
whose symbols it matches). The work, in proportion to how often each path runs in use:

- `legible bench` on each fixture and on a page of about 1 MB made of the patient article's
  body repeated (the one-document path, the service's hot loop);
- `legible analyze` on each fixture, in en-US and en-GB, and `legible check` on each;
- `legible serve`, with the patient article posted as HTML, as plain text, as JSON with
  options and in a batch for a few seconds, then stopped with SIGTERM (the service's request
  and JSON paths; the profile is written as the process exits).

Needs llvm-profdata from the toolchain's llvm-tools (`rustup component add llvm-tools`).
Run after changes to the hot paths, then `cargo clean` so that every crate, the dependencies
included, is compiled again with the new profile.

Usage: python3 scripts/pgo_profile.py [--seconds 3]
"""

import argparse
import http.client
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

FIXTURES = sorted(pathlib.Path("tests/fixtures").glob("*.html"))
ARTICLE = pathlib.Path("tests/fixtures/health_article.html")
TARGET = pathlib.Path("target/pgo-generate")
# The builds the profile serves. A build that includes an example, test or benchmark turns on
# more features of shared crates (those its dev-dependencies ask for), which changes every
# symbol's hash, so a profile of one build matches none of the other's functions: the program
# alone (`cargo build --release`, `cargo run --release`, the Dockerfile) and with the
# development targets (`cargo bench`, the examples, `cargo test --release`) each run the work
# below, and the profile holds both sets of counts.
BUILDS = [
    ("program", ["--bin", "legible"]),
    ("with-dev-targets", ["--bin", "legible", "--example", "stage_loop"]),
]
# Which of requests() the service gets, in turn.
MIX = [0, 0, 0, 0, 0, 1, 2, 3]


def rustc_facts():
    """rustc's release, host triple and sysroot."""
    version = subprocess.run(["rustc", "-vV"], check=True, capture_output=True, text=True).stdout
    facts = dict(line.split(": ", 1) for line in version.splitlines() if ": " in line)
    sysroot = subprocess.run(
        ["rustc", "--print", "sysroot"], check=True, capture_output=True, text=True
    ).stdout.strip()
    return facts["release"], facts["host"], pathlib.Path(sysroot)


def llvm_profdata(sysroot, host):
    tool = sysroot / "lib" / "rustlib" / host / "bin" / "llvm-profdata"
    if not tool.exists():
        sys.exit(f"{tool} is missing: run `rustup component add llvm-tools` first")
    return tool


def build_instrumented(name, targets, counts):
    """The release build of `targets`, instrumented by pgo/rustc (not through RUSTFLAGS, which
    would change the symbols' hashes and so match none of the optimised build's functions)."""
    env = dict(os.environ, LEGIBLE_PGO=f"generate:{counts.resolve()}")
    # Either would take pgo/rustc's place or change the hashes.
    for variable in ("RUSTFLAGS", "RUSTC_WRAPPER", "CARGO_BUILD_RUSTC_WRAPPER"):
        env.pop(variable, None)
    target_dir = TARGET / name
    subprocess.run(
        ["cargo", "build", "--release", *targets, "--target-dir", str(target_dir)],
        check=True,
        env=env,
    )
    return target_dir / "release" / "legible"


def big_page():
    """About 1 MB: the patient article's body repeated inside its page."""
    page = ARTICLE.read_text(encoding="utf-8")
    start, end = page.index("<article>") + len("<article>"), page.index("</article>")
    path = TARGET / "big.html"
    path.write_text(page[:start] + page[start:end] * 92 + page[end:], encoding="utf-8")
    return path


def run_commands(binary, seconds):
    for page in FIXTURES + [big_page()]:
        time_share = seconds if page == ARTICLE else max(1, seconds // 3)
        subprocess.run([binary, "bench", page, "--seconds", str(time_share)], check=True)
    for page in FIXTURES:
        for language in ("en-US", "en-GB"):
            subprocess.run(
                [binary, "analyze", "--language", language, page],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        # Exit status 1 is a page that fails its thresholds, which is a result, not an error.
        status = subprocess.run([binary, "check", page], stdout=subprocess.DEVNULL).returncode
        if status not in (0, 1):
            sys.exit(f"legible check {page} exited with {status}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def requests():
    """(path, content type, body) of the requests the service is trained on, in the proportions
    of MIX: mostly the HTML a CMS plugin posts."""
    html = ARTICLE.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]*>", " ", html)
    as_json = json.dumps({"html": html, "options": {"language": "en-GB"}})
    batch = json.dumps({"documents": [{"id": str(i), "html": html} for i in range(4)]})
    return [
        ("/v1/analyze", "text/html; charset=utf-8", html),
        ("/v1/analyze", "text/plain; charset=utf-8", text),
        ("/v1/analyze", "application/json", as_json),
        ("/v1/analyze/batch", "application/json", batch),
    ]


def run_service(binary, seconds):
    port = free_port()
    server = subprocess.Popen(
        [binary, "serve", "--addr", f"127.0.0.1:{port}", "--log-format", "off"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/readyz")
                connection.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit("the instrumented service did not start")
                time.sleep(0.1)
        kinds = requests()
        deadline, sent = time.monotonic() + seconds, 0
        while time.monotonic() < deadline:
            path, content_type, body = kinds[MIX[sent % len(MIX)]]
            connection.request("POST", path, body.encode(), {"Content-Type": content_type})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                sys.exit(f"{path} answered {response.status}")
            sent += 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            status = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    # The counts are written as the process exits; a service that did not exit cleanly left none.
    if status != 0:
        sys.exit(f"the instrumented service exited with {status}")
    print(f"service: {sent} requests")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=3)
    args = parser.parse_args()

    os.chdir(pathlib.Path(__file__).resolve().parent.parent)
    release, host, sysroot = rustc_facts()
    profdata = llvm_profdata(sysroot, host)
    counts = TARGET / "counts"
    shutil.rmtree(counts, ignore_errors=True)  # the counts of an earlier run
    binaries = [build_instrumented(name, targets, counts) for name, targets in BUILDS]
    os.environ["LLVM_PROFILE_FILE"] = str(counts.resolve() / "%p-%m.profraw")
    for binary in binaries:
        run_commands(binary, args.seconds)
        run_service(binary, args.seconds)
    runs = sorted(counts.glob("*.profraw"))
    # A file a process, per build: a bench a fixture and the 1 MB page, two analyses and a check
    # a fixture, and the service.
    expected = len(BUILDS) * ((len(FIXTURES) + 1) + 2 * len(FIXTURES) + len(FIXTURES) + 1)
    if len(runs) != expected:
        sys.exit(f"{len(runs)} runs wrote counts, not {expected}")
    profile = pathlib.Path(f"pgo/legible-rustc{release}.profdata")
    for stale in pathlib.Path("pgo").glob("legible-*.profdata"):
        stale.unlink()
    subprocess.run([profdata, "merge", "--sparse", "-o", profile, *runs], check=True)
    print(f"{profile}: {profile.stat().st_size} bytes; now `cargo clean` and build again")


if __name__ == "__main__":
    main()
