#!/usr/bin/env python3
"""dpwatch: time how fast a datapath's flow count grows, from one process.

    dpwatch.py DP TARGET TIMEOUT [--interval SECONDS] [--wait SECONDS]

Reads datapath DP's counters (OVS_DP_CMD_GET: hit, missed, lost, flows)
every --interval seconds (default 0.01) through one generic netlink socket,
so no poll costs a process start (70-450 ms in the TCG guest). Prints
"ready" once it has the baseline; the caller starts the traffic then.

t0 is the first poll that sees n_missed above the baseline: the first
packet reached the datapath and missed. From there it records when n_flows
first reaches each of 10, 25, 50, 75, 95 and 100 % of TARGET, and stops at
100 % or after TIMEOUT seconds from t0. --wait bounds the wait for the
first miss. The result is one JSON object on the last line of stdout:

    {"dp", "target", "t95", "t100", "flows", "peak", "hit", "missed",
     "lost", "polls", "timeout", "no_traffic", "marks": {"10": s, ...},
     "at_t0": {"missed", "flows"}, "t0_mono", "end_mono"}

Times are seconds from t0 (null when not reached). t0_mono and end_mono
(the last poll) are on CLOCK_MONOTONIC, the clock of the kernel's
ktime_get(), so that the caller may count from an earlier event it knows
(pktgen's "started:" time, say). hit/missed/lost are the growth of those
counters from the baseline to the last poll. at_t0 is what the poll that
set t0 saw: many misses or flows there mean the poller ran late (give it
a real-time priority).
Python 3 standard library only; fpnl.py comes from tests/vm/lib.
"""

import argparse
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tests", "vm", "lib"))
from fpnl import Ovs  # noqa: E402

MARKS = (10, 25, 50, 75, 95, 100)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dp")
    ap.add_argument("target", type=int)
    ap.add_argument("timeout", type=float)
    ap.add_argument("--interval", type=float, default=0.01)
    ap.add_argument("--wait", type=float, default=30.0)
    args = ap.parse_args()

    ovs = Ovs()
    ifindex = ovs.dp_get(args.dp)[0]
    base = ovs.dp_stats(dp_ifindex=ifindex)
    print("ready", flush=True)

    want = {m: math.ceil(args.target * m / 100) for m in MARKS}
    marks = {}
    polls = 0
    t0 = None
    start = time.monotonic()
    stats = base
    peak = 0
    at_t0 = None
    while True:
        time.sleep(args.interval)
        stats = ovs.dp_stats(dp_ifindex=ifindex)
        now = time.monotonic()
        polls += 1
        if t0 is None:
            if stats[1] > base[1]:
                t0 = now
                at_t0 = {"missed": stats[1] - base[1], "flows": stats[3]}
            elif now - start > args.wait:
                break
            else:
                continue
        flows = stats[3]
        peak = max(peak, flows)
        for m in MARKS:
            if m not in marks and flows >= want[m]:
                marks[m] = round(now - t0, 4)
        if 100 in marks or now - t0 > args.timeout:
            break

    result = {
        "dp": args.dp,
        "target": args.target,
        "t95": marks.get(95),
        "t100": marks.get(100),
        "flows": stats[3],
        "peak": peak,
        "hit": stats[0] - base[0],
        "missed": stats[1] - base[1],
        "lost": stats[2] - base[2],
        "polls": polls,
        "timeout": t0 is not None and 100 not in marks,
        "no_traffic": t0 is None,
        "marks": {str(m): t for m, t in sorted(marks.items())},
        "at_t0": at_t0,
        "t0_mono": t0,
        "end_mono": now,
    }
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
