#!/usr/bin/env python3
"""The issue's load test on one server: a 10 s wrk run, then a 30 s soak with the server's RSS
sampled every 4 s, then SIGTERM, which must end the server with exit code 0.

Each run prints requests per second, p50, p99, its errors and the CPU time the host stole from
this virtual machine during it (see alternate_load.py: a stall of about 100 ms moves a short
run's p99 far more than a long one's).

Usage (from the repository root, after `cargo build --release`):

    python3 scripts/soak.py [PROGRAM] [--seconds 10] [--soak 30] [--connections 64]

PROGRAM defaults to target/release/legible; it listens on 127.0.0.1 only. Needs `wrk`; posts
benches/post.lua's article.
"""

import argparse
import signal
import threading
import time

from alternate_load import run_wrk, start

PORT = 18403


def rss_mb(pid):
    """The process's resident set, in MB, from /proc."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1000
    raise SystemExit(f"no VmRSS for process {pid}")


def report(name, run):
    rps, p50, p99, errors, stolen = run
    print(f"{name}: {rps:.1f} requests/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
          f"{stolen:.0f} ms stolen, errors: {' '.join(errors) or 'none'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("program", nargs="?", default="target/release/legible")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--soak", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    server = start(args.program, PORT)
    try:
        report(f"{args.seconds} s run", run_wrk(PORT, args.seconds, args.connections))
        samples, done = [], threading.Event()

        def sample():
            while not done.wait(4):
                samples.append(rss_mb(server.pid))

        sampler = threading.Thread(target=sample)
        sampler.start()
        soak = run_wrk(PORT, args.soak, args.connections)
        done.set()
        sampler.join()
        report(f"{args.soak} s soak", soak)
        print("RSS every 4 s (MB):", " ".join(f"{mb:.1f}" for mb in samples),
              f"; after: {rss_mb(server.pid):.1f}")
    finally:
        server.send_signal(signal.SIGTERM)
        started = time.monotonic()
        code = server.wait()
    print(f"exit code {code} on SIGTERM, after {time.monotonic() - started:.2f} s")


if __name__ == "__main__":
    main()
