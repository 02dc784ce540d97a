#!/usr/bin/env python3
"""Compares the service's throughput and p99 under two builds (or two settings) with wrk.

This machine changes speed from one minute to the next, by more than most changes to the
service make, so one run of each build says little. Both servers are started once, then short
wrk runs alternate between them; each pair's ratio (second over first, in requests per second)
is taken within the same minute, and the median of the ratios is printed with every run.

The machine is a virtual one, and its host sometimes takes a core away for about a tenth of a
second (the "steal" of /proc/stat): a run in which that happened has a p99 of 50 to 140 ms
whichever server it measures. Each run prints the time stolen during it, and the median is
printed again over the pairs in which none was.

Usage (from the repository root):

    python3 scripts/alternate_load.py FIRST SECOND [--pairs 8] [--seconds 3] [--connections 64]

FIRST and SECOND are the programs to serve with (e.g. a build of main and of a branch); an
argument of the form `NAME=VALUE,NAME=VALUE:PROGRAM` also sets environment variables for that
server. Each server listens on 127.0.0.1 only. Needs `wrk`; posts benches/post.lua's article.
"""

import argparse
import os
import re
import statistics
import subprocess
import time
import urllib.request

ARTICLE = "tests/fixtures/health_article.html"


def start(spec, port):
    """Starts `legible serve` from PROGRAM or `ENV:PROGRAM` on `port` and waits until it answers."""
    env = dict(os.environ)
    if ":" in spec and "=" in spec.split(":", 1)[0]:
        settings, spec = spec.split(":", 1)
        env.update(pair.split("=", 1) for pair in settings.split(","))
    server = subprocess.Popen(
        [spec, "serve", "--addr", f"127.0.0.1:{port}", "--log-format", "off"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(ARTICLE, "rb") as f:
        article = f.read()
    for _ in range(100):
        try:
            for _ in range(3):  # warm up: the first requests fault in the allocator's memory
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/v1/analyze", data=article,
                    headers={"Content-Type": "text/html"})
                urllib.request.urlopen(request, timeout=10).read()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"{spec} did not answer on port {port}")


def stolen_ms():
    """CPU time the host has taken from this machine's cores so far (/proc/stat), in ms."""
    with open("/proc/stat") as f:
        ticks = int(f.readline().split()[8])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def wait_until_idle(port):
    """Waits until the server has no analysis in flight (its /metrics gauge).

    wrk closes its connections as its run ends, but the server still analyses the requests it
    had already read, each holding one of the 64 slots; a run that starts at once with 64 new
    connections would find some slots taken and be answered 503 (seen once, in a soak that
    followed a 10 s run at once). Each run measures an idle server instead.
    """
    for _ in range(100):
        metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read()
        if re.search(rb"^legible_analyses_in_flight 0$", metrics, re.MULTILINE):
            return
        time.sleep(0.05)
    raise SystemExit(f"the server on port {port} still had analyses in flight after 5 s")


def run_wrk(port, seconds, connections):
    """One wrk run on an idle server: requests per second, p50 and p99 (ms), its errors and the
    time stolen."""
    wait_until_idle(port)
    before = stolen_ms()
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-s", "benches/post.lua", f"http://127.0.0.1:{port}/v1/analyze"],
        capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50, p99 = (to_ms(re.search(rf"\s{p}%\s+([\d.]+\w+)", out).group(1)) for p in (50, 99))
    errors = re.findall(r"(Non-2xx or 3xx responses: \d+|Socket errors: .*)", out)
    return rps, p50, p99, errors, stolen_ms() - before


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    servers = [start(args.first, 18401), start(args.second, 18402)]
    ratios, unstolen = [], []
    try:
        for pair in range(args.pairs):
            runs = [run_wrk(port, args.seconds, args.connections) for port in (18401, 18402)]
            for name, (rps, p50, p99, errors, stolen) in zip(("first", "second"), runs):
                print(f"pair {pair + 1} {name}: {rps:.1f} requests/s, p50 {p50:.2f} ms, "
                      f"p99 {p99:.2f} ms, {stolen:.0f} ms stolen {' '.join(errors)}")
            ratios.append(runs[1][0] / runs[0][0])
            if runs[0][4] == 0 and runs[1][4] == 0:
                unstolen.append(ratios[-1])
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    print("ratios (second / first):", " ".join(f"{r:.3f}" for r in ratios))
    print(f"median ratio {statistics.median(ratios):.3f}")
    if unstolen:
        print(f"median ratio of the {len(unstolen)} pairs with no time stolen "
              f"{statistics.median(unstolen):.3f}")


if __name__ == "__main__":
    main()
