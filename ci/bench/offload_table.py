#!/usr/bin/env python3
"""offload_table: the figures of make bench-offload.

    offload_table.py RESULTS HEADER_LINE...

RESULTS holds one JSON object per line, written by ci/bench/offload.sh:
  {"impl": "fpd"|"ovs", "label": "run", "n", "t95", "t100", "flows",
   "exact", "lost", "pps", "cpu_s", "sys_s", "poll_ms", ...}   an install-rate run
   (bench-upcall's run record; "flows" counts tc filters on srcp);
  {"impl": "tcb", "label": "run", "n", "secs", "user_s", "sys_s", "flows",
   "exact", "poll_ms"}   a tc -batch of n filters that took secs, and tc's
   CPU time over its life;
  {"impl": "fpd", "label": "fwd", "layer": "tc"|"kmod", "rx_pps",
   "pktgen_pps", "sent", "rx", "dp_hit", "dp_missed", "tc_filters",
   "dp_flows"}   a forwarding run (where the flows were before it);
  {"impl", "label": "pass", "ms", "flows"}   a revalidator pass sampled;
  {"impl", "label": "dump", "secs", "flows"}   a dump-flows command;
  {"impl": "ovs", "label": "refused", "why"}   ovs-vswitchd put nothing in tc.
Prints the header lines, then one section per figure, each with its own
columns. Figures are medians over the runs; a run that timed out counts as
infinitely slow.
"""

import math
import sys

from table import fmt, load_results, median, minmax, ratio

NAMES = {"fpd": "flowpathd", "tcb": "tc -batch", "ovs": "ovs-vswitchd",
         "tc": "tc-sw", "kmod": "kmod"}
LABEL_W = 58
COL_W = 15


def row(label, *cols):
    print("%-*s" % (LABEL_W, label) + "".join("%*s" % (COL_W, c) for c in cols))


def section(title, *heads):
    print()
    row("== " + title, *heads)


def install_rate(r):
    """Filters per second of one run; 0 for a run that timed out."""
    if r["impl"] == "tcb":
        return r["n"] / r["secs"] if r["secs"] and r["flows"] >= r["n"] else 0.0
    return 0.95 * r["n"] / r["t95"] if r["t95"] else 0.0


def seconds_all(r):
    if r["impl"] == "tcb":
        return r["secs"]
    return r["t100"] if r["t100"] is not None else math.inf


def install_rows(runs, n):
    impls = ("fpd", "tcb", "ovs")
    by = {i: [r for r in runs if r["impl"] == i and r["n"] == n] for i in impls}
    rate = {i: median([install_rate(r) for r in by[i]]) for i in impls}
    section("install into tc, N=%d" % n, *[NAMES[i] for i in impls],
            "fpd/tc", "fpd/ovs")
    row("filters/s (median; higher is better)", *[fmt_rate(rate[i]) for i in impls],
        ratio(rate["fpd"], rate["tcb"]), ratio(rate["fpd"], rate["ovs"]))
    row("  aim (issue 4): >= 0.8x tc -batch, >= 2x ovs-vswitchd", "", "", "",
        "0.80", "2.00")
    row("  range over %d runs" % max(len(v) for v in by.values()),
        *[spread([install_rate(r) for r in by[i]]) for i in impls])
    t_all = {i: median([seconds_all(r) for r in by[i]]) for i in impls}
    row("  seconds to all N filters (median)", *[fmt(t_all[i], 3) for i in impls],
        ratio(t_all["fpd"], t_all["tcb"]), ratio(t_all["fpd"], t_all["ovs"]))
    row("  filters on srcp when each run ended (min-max)",
        *[minmax([r["flows"] for r in by[i]]) for i in impls])
    row("  of them, exact udp dst filters (min)",
        *[fmt(min([r["exact"] for r in by[i]], default=None)) for i in impls])
    row("  upcalls lost in the kernel (n_lost, median)",
        fmt(median([r["lost"] for r in by["fpd"]])), "",
        fmt(median([r["lost"] for r in by["ovs"]])))
    cpu = {i: median([1000 * cpu_s(r) / r["flows"] for r in by[i] if r["flows"]])
           for i in impls}
    sys_ = {i: median([1000 * r["sys_s"] / r["flows"] for r in by[i]
                       if r["flows"] and r.get("sys_s") is not None]) for i in impls}
    row("  CPU s per 1000 filters, daemon or tc (median)", *[fmt(cpu[i], 3) for i in impls],
        ratio(cpu["fpd"], cpu["tcb"]), ratio(cpu["fpd"], cpu["ovs"]))
    row("    of it in the kernel (sys)", *[fmt(sys_[i], 3) for i in impls],
        ratio(sys_["fpd"], sys_["tcb"]), ratio(sys_["fpd"], sys_["ovs"]))
    row("  poller's dump, ms (median of run medians, max)",
        *[poll(by[i]) for i in impls])


def cpu_s(r):
    """CPU seconds of the daemon during the run, or of tc over its life."""
    return r["user_s"] + r["sys_s"] if r["impl"] == "tcb" else r["cpu_s"]


def fmt_rate(v):
    return "timeout" if v == 0 else fmt(v)


def spread(rates):
    each = sorted(x for x in rates if x)
    text = "-" if not each else "%.0f-%.0f" % (each[0], each[-1]) if len(each) > 1 \
        else "%.0f" % each[0]
    timeouts = sum(1 for x in rates if not x)
    return text + (" +%d t/o" % timeouts if timeouts else "")


def poll(runs):
    meds = [r["poll_ms"][0] for r in runs if r.get("poll_ms")]
    maxes = [r["poll_ms"][1] for r in runs if r.get("poll_ms")]
    if not meds:
        return "-"
    return "%.0f, %.0f" % (median(meds), max(maxes))


def forwarding_rows(fwd):
    if not fwd:
        return
    by = {layer: [r for r in fwd if r["layer"] == layer] for layer in ("tc", "kmod")}
    pps = {layer: median([r["rx_pps"] for r in by[layer]]) for layer in by}
    section("forwarding, flowpathd's flows", "tc-sw", "kmod", "tc/kmod")
    row("packets/s received by ns dst (median of %d; higher is better)"
        % max(len(v) for v in by.values()),
        fmt(pps["tc"]), fmt(pps["kmod"]), ratio(pps["tc"], pps["kmod"]))
    row("  range", *[spread([r["rx_pps"] for r in by[layer]]) for layer in by])
    row("  packets received / sent (min)",
        *[fmt(min([r["rx"] / r["sent"] for r in by[layer]], default=None), 3)
          for layer in by])
    row("  flows in the other layer too (max; see offload.sh)",
        fmt(max([r["dp_flows"] for r in by["tc"]], default=None)),
        fmt(max([r["tc_filters"] for r in by["kmod"]], default=None)))
    row("  datapath lookups / packets sent (median)",
        *[fmt(median([(r["dp_hit"] + r["dp_missed"]) / r["sent"] for r in by[layer]]), 3)
          for layer in by])


def dump_rows(results):
    passes = {i: [r for r in results if r["label"] == "pass" and r["impl"] == i]
              for i in ("fpd", "ovs")}
    dumps = {i: [r for r in results if r["label"] == "dump" and r["impl"] == i]
             for i in ("fpd", "ovs")}
    if not any(passes.values()) and not any(dumps.values()):
        return
    section("dump and merge", "flowpathd", "ovs-vswitchd", "fpd/ovs")
    ms = {i: median([r["ms"] for r in passes[i]]) for i in passes}
    row("revalidator pass, ms (median of %d; lower is better)"
        % max(len(v) for v in passes.values()),
        fmt(ms["fpd"]), fmt(ms["ovs"]), ratio(ms["fpd"], ms["ovs"]))
    row("  flows it went over (min-max)", *[minmax([r["flows"] for r in passes[i]])
                                           for i in passes])
    secs = {i: median([r["secs"] for r in dumps[i]]) for i in dumps}
    row("dump-flows command, s (median of %d; lower is better)"
        % max(len(v) for v in dumps.values()),
        fmt(secs["fpd"], 2), fmt(secs["ovs"], 2), ratio(secs["fpd"], secs["ovs"]))
    row("  flows it listed (min-max)", *[minmax([r["flows"] for r in dumps[i]])
                                        for i in dumps])


def main():
    results = load_results(__doc__)
    if results is None:
        return 2
    print()
    for line in sys.argv[2:]:
        print("== " + line)
    for r in results:
        if r["label"] == "refused":
            print("== ovs-vswitchd put no flow in tc: " + r["why"].replace("\n", " | "))
    runs = [r for r in results if r["label"] == "run"]
    for n in sorted({r["n"] for r in runs}):
        install_rows(runs, n)
    forwarding_rows([r for r in results if r["label"] == "fwd"])
    dump_rows(results)
    print()
    print("fpd/tc, fpd/ovs: flowpathd's figure over the other's; for rates above 1 favours"
          " flowpathd, for times and CPU below 1 does. dump-flows: fpctl -j dump-flows br0"
          " vs ovs-appctl dpctl/dump-flows, process start included.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
