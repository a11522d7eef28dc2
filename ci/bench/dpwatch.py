#!/usr/bin/env python3
"""dpwatch: time how fast a datapath's flow count grows, from one process.

    dpwatch.py DP TARGET TIMEOUT [--interval SECONDS] [--wait SECONDS]
               [--tc-dev DEV]

Reads datapath DP's counters (OVS_DP_CMD_GET: hit, missed, lost, flows)
every --interval seconds (default 0.01) through one generic netlink socket,
so no poll costs a process start (70-450 ms in the TCG guest). Prints
"ready" once it has the baseline; the caller starts the traffic then.

t0 is the first poll that sees n_missed above the baseline: the first
packet reached the datapath and missed. From there it records when n_flows
first reaches each of 10, 25, 50, 75, 95 and 100 % of TARGET, and stops at
100 % or after TIMEOUT seconds from t0. --wait bounds the wait for the
first miss. With --tc-dev, the count that grows is not n_flows but the
tc filters on DEV's ingress (tcfilters.py: one terse dump per poll; "flows"
and "peak" are then filters), and a poll waits twice as long as the last
one took; "poll_ms" says how long a poll took (median, max): the
resolution of the marks. DP "-" with --tc-dev watches tc alone: t0 is the
first poll that sees a filter more than at the start. The result is one
JSON object on the last line of stdout:

    {"dp", "target", "t95", "t100", "flows", "peak", "hit", "missed",
     "lost", "polls", "timeout", "no_traffic", "marks": {"10": s, ...},
     "at_t0": {"missed", "flows"}, "t0_mono", "end_mono", "poll_ms"}

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
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tests", "vm", "lib"))
from fpnl import Ovs  # noqa: E402
from tcfilters import TcFilters, ifindex_of  # noqa: E402

MARKS = (10, 25, 50, 75, 95, 100)


class Source:
    """One poll's numbers: the datapath's (hit, missed, lost, n_flows),
    where n_flows is replaced by the tc filter count with tc_dev. dp "-"
    (tc_dev only): no datapath; its counters read 0 and the first miss is
    the first filter that appears."""

    def __init__(self, dp, tc_dev):
        self.ovs = self.tc = None
        if dp != "-":
            self.ovs = Ovs()
            self.ifindex = self.ovs.dp_get(dp)[0]
        elif not tc_dev:
            raise SystemExit("dpwatch: DP '-' needs --tc-dev")
        if tc_dev:
            self.tc = TcFilters()
            self.tc_ifindex = ifindex_of(tc_dev)

    def poll(self):
        hit, missed, lost, flows = (self.ovs.dp_stats(dp_ifindex=self.ifindex)
                                    if self.ovs else (0, 0, 0, 0))
        if self.tc:
            flows = self.tc.count(self.tc_ifindex)
        if not self.ovs:
            missed = flows		# "a miss": a filter appeared
        return hit, missed, lost, flows


def watch(src, base, args):
    """Polls src until 100 % of the target or a timeout; the result."""
    want = {m: math.ceil(args.target * m / 100) for m in MARKS}
    marks = {}
    t0 = at_t0 = None
    start = time.monotonic()
    peak = 0
    poll_s = []
    while True:
        # A tc dump of 10,000 filters takes ~150 ms in the TCG guest: wait
        # twice as long as the last poll took, so that the poller never
        # takes more than a third of a vCPU from what it measures.
        time.sleep(max(args.interval, 2 * poll_s[-1]) if src.tc and poll_s
                   else args.interval)
        before = time.monotonic()
        stats = src.poll()
        now = time.monotonic()
        poll_s.append(now - before)
        if t0 is None:
            if stats[1] > base[1]:
                t0 = now
                at_t0 = {"missed": stats[1] - base[1], "flows": stats[3]}
            elif now - start > args.wait:
                break
            else:
                continue
        peak = max(peak, stats[3])
        for m in MARKS:
            if m not in marks and stats[3] >= want[m]:
                marks[m] = round(now - t0, 4)
        if 100 in marks or now - t0 > args.timeout:
            break
    return {
        "dp": args.dp,
        "target": args.target,
        "t95": marks.get(95),
        "t100": marks.get(100),
        "flows": stats[3],
        "peak": peak,
        "hit": stats[0] - base[0],
        "missed": stats[1] - base[1],
        "lost": stats[2] - base[2],
        "polls": len(poll_s),
        "timeout": t0 is not None and 100 not in marks,
        "no_traffic": t0 is None,
        "marks": {str(m): t for m, t in sorted(marks.items())},
        "at_t0": at_t0,
        "t0_mono": t0,
        "end_mono": now,
        "poll_ms": [round(1e3 * statistics.median(poll_s), 1),
                    round(1e3 * max(poll_s), 1)],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dp")
    ap.add_argument("target", type=int)
    ap.add_argument("timeout", type=float)
    ap.add_argument("--interval", type=float, default=0.01)
    ap.add_argument("--wait", type=float, default=30.0)
    ap.add_argument("--tc-dev", help="count the tc filters on this device's ingress")
    args = ap.parse_args()

    src = Source(args.dp, args.tc_dev)
    base = src.poll()
    print("ready", flush=True)
    print(json.dumps(watch(src, base, args)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
