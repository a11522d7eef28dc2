#!/usr/bin/env python3
"""table: the figures of make bench-upcall, flowpathd beside ovs-vswitchd.

    table.py RESULTS HEADER_LINE...

RESULTS holds one JSON object per line, written by ci/bench/upcall.sh:
a setup-rate run {"impl": "fpd"|"ovs", "label": "run", "n", "t95", "t100",
"flows", "lost", "exact", "pps", "cpu_s", "busiest_s", "window_s", ...}
(times in seconds from pktgen's first packet, null when not reached before
the run's timeout; cpu_s the daemon's CPU time during the run, busiest_s
that of its busiest thread, run_s the run's length from pktgen's first
packet to dpwatch's last poll), or a ping round
{"impl", "label": "ping", "rtt_ms": [20 RTTs in icmp_seq order]}.
Prints the header lines, then the table. Figures are medians over the
runs; a run that timed out counts as infinitely slow.
"""

import json
import math
import statistics
import sys

IMPLS = ("fpd", "ovs")
W = (56, 14, 14, 9)


def median(values):
    return statistics.median(values) if values else None


def fmt(v, digits=0):
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    if math.isinf(v):
        return "timeout"
    return "%.*f" % (digits, v)


def ratio(a, b, digits=2):
    if a is None or b is None or not b or math.isinf(a) or math.isinf(b):
        return "-"
    return "%.*f" % (digits, a / b)


def row(label, f, o, r=""):
    print("%-*s %*s %*s %*s" % (W[0], label, W[1], f, W[2], o, W[3], r))


def rate_rows(runs, n):
    by = {i: [r for r in runs if r["impl"] == i and r["n"] == n] for i in IMPLS}
    t95 = {i: median([r["t95"] if r["t95"] is not None else math.inf
                      for r in by[i]]) for i in IMPLS}
    t100 = {i: median([r["t100"] if r["t100"] is not None else math.inf
                       for r in by[i]]) for i in IMPLS}
    rate = {}
    spread = {}
    for i in IMPLS:
        t = t95[i]
        rate[i] = None if t is None else (0.0 if math.isinf(t) else 0.95 * n / t)
        each = sorted(0.95 * n / r["t95"] for r in by[i] if r["t95"])
        spread[i] = "%.0f-%.0f" % (each[0], each[-1]) if each else "-"
        if any(r["t95"] is None for r in by[i]):
            spread[i] += " +%d timeout" % sum(r["t95"] is None for r in by[i])
    row("new megaflows/s, N=%d (to 95%% of N; higher is better)" % n,
        fmt(rate["fpd"]) if rate["fpd"] else fmt(t95["fpd"]),
        fmt(rate["ovs"]) if rate["ovs"] else fmt(t95["ovs"]),
        ratio(rate["fpd"], rate["ovs"]))
    row("  range over %d runs" % max(len(by["fpd"]), len(by["ovs"])),
        spread["fpd"], spread["ovs"])
    row("  seconds to 95% of N (median)", fmt(t95["fpd"], 3), fmt(t95["ovs"], 3),
        ratio(t95["fpd"], t95["ovs"]))
    row("  seconds to 100% of N (median)", fmt(t100["fpd"], 3), fmt(t100["ovs"], 3),
        ratio(t100["fpd"], t100["ovs"]))
    row("  datapath flows when each run ended (min-max)",
        *[minmax([r["flows"] for r in by[i]]) for i in IMPLS])
    row("  of them, exact udp dst megaflows in the dump (min)",
        *[fmt(min([r["exact"] for r in by[i]], default=None)) for i in IMPLS])
    row("  upcalls lost in the kernel (n_lost, median)",
        *[fmt(median([r["lost"] for r in by[i]])) for i in IMPLS])
    row("  pktgen packets/s (median)",
        *[fmt(median([r["pps"] for r in by[i]])) for i in IMPLS])
    cpu = {i: median([1000 * r["cpu_s"] / r["flows"] for r in by[i] if r["flows"]])
           for i in IMPLS}
    row("  daemon CPU s per 1000 megaflows (median; lower is better)",
        fmt(cpu["fpd"], 3), fmt(cpu["ovs"], 3), ratio(cpu["fpd"], cpu["ovs"]))
    # CPU time comes in 10 ms ticks: too coarse for a run shorter than 0.5 s.
    row("  busiest daemon thread, % busy during the run (median)",
        *[fmt(median([100 * r["busiest_s"] / r["run_s"] for r in by[i]
                      if r.get("run_s") and r["run_s"] >= 0.5])) for i in IMPLS])


def minmax(values):
    if not values:
        return "-"
    lo, hi = min(values), max(values)
    return str(lo) if lo == hi else "%d-%d" % (lo, hi)


def ping_rows(pings):
    first = {}
    rest = {}
    for i in IMPLS:
        rounds = [p["rtt_ms"] for p in pings if p["impl"] == i]
        first[i] = median([r[0] for r in rounds if r[0] is not None])
        rest[i] = median([t for r in rounds for t in r[1:] if t is not None])
    n = max(len([p for p in pings if p["impl"] == i]) for i in IMPLS)
    row("first-packet RTT, ms (median of %d rounds; lower is better)" % n,
        fmt(first["fpd"], 2), fmt(first["ovs"], 2), ratio(first["fpd"], first["ovs"]))
    row("later-packet RTT, ms (median of packets 2-20)",
        fmt(rest["fpd"], 3), fmt(rest["ovs"], 3), ratio(rest["fpd"], rest["ovs"]))
    row("first / later", ratio(first["fpd"], rest["fpd"], 1) + "x",
        ratio(first["ovs"], rest["ovs"], 1) + "x")


def load_results(doc):
    """The JSON lines of the results file named by argv[1]; None (after
    printing doc) when there is no argument."""
    if len(sys.argv) < 2:
        print(doc, file=sys.stderr)
        return None
    with open(sys.argv[1]) as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    results = load_results(__doc__)
    if results is None:
        return 2
    runs = [r for r in results if r["label"] == "run"]
    pings = [r for r in results if r["label"] == "ping"]
    print()
    for line in sys.argv[2:]:
        print("== " + line)
    row("figure", "flowpathd", "ovs-vswitchd", "fpd/ovs")
    for n in sorted({r["n"] for r in runs}):
        rate_rows(runs, n)
    if pings:
        ping_rows(pings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
