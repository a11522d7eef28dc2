#!/usr/bin/env python3
"""kmod_table: the figures of make bench-kmod, flowpath.ko beside openvswitch.ko.

    kmod_table.py RESULTS HEADER_LINE...

RESULTS holds one JSON object per line, written by ci/bench/kmod.sh, with
"impl": "fp" (flowpath.ko) or "ovs" (openvswitch.ko) and
  {"label": "fwd", "n", "rx_pps", "sent", "rx", "hit", "missed"}  a forwarding run;
  {"label": "install", "set", "n", "secs", "rate"}  one fpctl dp add-flows;
  {"label": "mem", "n", "bytes_per_flow"}  the memory run;
  {"label": "failed", "what"}  a measurement that could not be made.
Prints the header lines, then a markdown table: medians over the rounds,
and the ratio flowpath/openvswitch (above 1: flowpath forwards or installs
faster, or uses more memory per flow).
"""

import sys

from table import fmt, load_results, median, ratio

IMPLS = ("fp", "ovs")


def pick(results, label, key, value, **where):
    return median([r[value] for r in results if r["label"] == label and r[key] == where[key]
                   and r["impl"] == where["impl"]])


def figures(results):
    """(label, {impl: value}, digits) rows of the table."""
    rows = []
    for n in sorted({r["n"] for r in results if r["label"] == "fwd"}):
        rows.append(("forwarding, %s flow%s (packets/s)" % (format(n, ","), "s" if n > 1 else ""),
                     {i: pick(results, "fwd", "n", "rx_pps", n=n, impl=i) for i in IMPLS}, 0))
        missed = {i: pick(results, "fwd", "n", "missed", n=n, impl=i) for i in IMPLS}
        if any(missed.values()):
            rows.append(("  of which missed every flow (packets)", missed, 0))
    # The 1-flow install times fpctl's start-up, not the datapath: left out.
    for s in sorted({r["set"] for r in results if r["label"] == "install" and r["n"] > 1}, key=int):
        rows.append(("install, %s flows (flows/s)" % format(int(s), ","),
                     {i: pick(results, "install", "set", "rate", set=s, impl=i) for i in IMPLS}, 0))
    for n in sorted({r["n"] for r in results if r["label"] == "mem"}):
        rows.append(("memory per flow, %s flows (bytes)" % format(n, ","),
                     {i: pick(results, "mem", "n", "bytes_per_flow", n=n, impl=i) for i in IMPLS}, 0))
    return rows


def main():
    results = load_results(__doc__)
    if results is None:
        return 2
    print()
    for line in sys.argv[2:]:
        print("== " + line)
    print()
    print("| figure | flowpath.ko | openvswitch.ko | flowpath/openvswitch |")
    print("|---|---:|---:|---:|")
    for label, v, digits in figures(results):
        print("| %s | %s | %s | %s |" % (label, fmt(v["fp"], digits), fmt(v["ovs"], digits),
                                         ratio(v["fp"], v["ovs"])))
    failed = [r for r in results if r["label"] == "failed"]
    if failed:
        print()
        print("Measurements that failed (their figures are '-'):")
        for r in failed:
            print("- %s: %s" % (r["impl"], r["what"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
