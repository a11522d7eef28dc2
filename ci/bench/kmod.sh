#!/bin/bash
# make bench-kmod: the kernel datapaths side by side, openvswitch.ko and
# flowpath.ko, with the same flows and the same traffic, in one guest boot.
# Not a test: it prints figures and asserts none; a measurement that fails
# is reported and the others go on (exit 1 at the end if any failed). Run
# by ci/vm-run as a scenario (see the Makefile).
#
#   ns src [e0 10.0.0.1]--veth--[srcp] port 1 \            / [dstp] port 2--veth--[e0] ns dst
#     pktgen: 64-byte UDP               dp0 (fpctl flows)          counted, dropped
#
# The two modules share the uAPI's family names, so they take turns: load,
# measure, delete dp0, unload; BENCH_ROUNDS rounds, alternating.
#
# 1. Forwarding rate: FWD_PACKETS 64-byte frames (pkt_size 60 + FCS) from
#    pktgen in ns src, counted by ns dst's e0 rx_packets, per second of
#    pktgen's run, with
#      - 1 flow:  in_port(1),eth(),eth_type(0x0800),ipv4(frag=no) -> 2
#      - N = 1,000 and 10,000 flows, one per UDP destination port, over 20
#        masks (flow i: udp(dst=P0+i) exact, plus ipv4(src=10.0.0.1/L)
#        with L = 8 + i % 20), and pktgen cycling over those N ports, so
#        every packet hits a flow and every mask is used.
#    Misses are counted too (they would be upcalls; nobody listens).
# 2. Install rate: the N flows above, and 100,000 flows of one mask, by
#    `fpctl dp add-flows dp0 FILE`, timed from fpctl's start to its exit.
# 3. Memory per flow: (Slab + VmallocUsed + Percpu) of /proc/meminfo after
#    installing the 100,000 flows minus before, per flow (caches dropped
#    before each read).
# Knobs from the environment (a wrapper script given to ci/vm-run can set
# them): BENCH_ROUNDS (2), BENCH_FWD_PACKETS (300000), BENCH_ORDER
# ("ovs fp"), BENCH_MEM_FLOWS (100000).
. "$FP_ROOT/tests/vm/lib/common.sh"
BENCH_DEFS_ONLY=1 . "$FP_ROOT/ci/bench/upcall.sh"

ROUNDS=${BENCH_ROUNDS:-2}
FWD_PACKETS=${BENCH_FWD_PACKETS:-300000}
ORDER=${BENCH_ORDER:-ovs fp}
MEM_FLOWS=${BENCH_MEM_FLOWS:-100000}
N_MASKS=20
WORK=$(mktemp -d /tmp/bench-kmod.XXXXXX)
fp_cleanup_add rm -rf "$WORK"
RESULTS=$WORK/results
FAILED=0
declare -A MODULE=([ovs]=openvswitch [fp]=flowpath)

# ---- flows files --------------------------------------------------------------

# Flow files for fpctl dp add-flows: one flow per line, "MATCH ACTIONS".
write_flow_files() {
	python3 - "$WORK" "$P0" "$N_MASKS" "$MEM_FLOWS" <<'PY' || fp_fail "writing the flow files"
import sys
work, p0, masks, mem = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with open(work + "/flows-1", "w") as f:
    f.write("in_port(1),eth(),eth_type(0x0800),ipv4(frag=no) 2\n")
for n in (1000, 10000):
    with open("%s/flows-%d" % (work, n), "w") as f:
        for i in range(n):
            plen = 8 + i % masks
            mask = ".".join(str((0xffffffff << (32 - plen) >> s) & 0xff) for s in (24, 16, 8, 0))
            f.write("in_port(1),eth(),eth_type(0x0800),ipv4(src=10.0.0.1/%s,proto=17,frag=no),"
                    "udp(dst=%d) 2\n" % (mask, p0 + i))
with open(work + "/flows-mem", "w") as f:
    for i in range(mem):
        f.write("in_port(1),eth(),eth_type(0x0800),ipv4(src=11.%d.%d.%d,frag=no) 2\n"
                % (i >> 16, (i >> 8) & 255, i & 255))
PY
}

# ---- the datapath ---------------------------------------------------------------

dp_up() {
	case $1 in
	ovs) modprobe openvswitch ;;
	fp) insmod "$FP_KMOD" ;;
	esac || { say "cannot load ${MODULE[$1]}.ko"; return 1; }
	"$FPCTL" dp add dp0 && "$FPCTL" dp add-if dp0 srcp && "$FPCTL" dp add-if dp0 dstp ||
		{ say "${MODULE[$1]}.ko: cannot make dp0 with srcp, dstp"; return 1; }
}

dp_down() {
	"$FPCTL" dp del dp0 2>/dev/null
	case $1 in
	ovs) modprobe -r openvswitch ;;
	fp) rmmod flowpath ;;
	esac || fp_fail "cannot unload ${MODULE[$1]}.ko"
	ip link set srcp up && ip link set dstp up
}

dp_flow_count() { "$FPCTL" -j dp show dp0 | jq '.datapaths[0].flows'; }
dp_lookups() { "$FPCTL" -j dp show dp0 | jq -r '.datapaths[0].lookups | "\(.hit) \(.missed)"'; }

# flush: no flow left, or a failed measurement.
flush() {
	"$FPCTL" dp del-flows dp0 >/dev/null 2>&1
	[ "$(dp_flow_count)" = 0 ] || { say "dp0 keeps $(dp_flow_count) flows after del-flows"; return 1; }
}

# install IMPL FILE LABEL: the flows of FILE by one fpctl add-flows, timed;
# records {"label": "install", "n", "secs", "rate"}.
install() {
	local impl=$1 file=$2 label=$3 n t0 t1 got
	n=$(wc -l <"$file")
	t0=$(date +%s.%N)
	"$FPCTL" dp add-flows dp0 "$file" >"$WORK/add.out" 2>"$WORK/add.err" || {
		say "$impl: fpctl dp add-flows $label failed: $(head -n 3 "$WORK/add.err")"
		return 1
	}
	t1=$(date +%s.%N)
	got=$(dp_flow_count)
	[ "$got" = "$n" ] || { say "$impl: $got flows in dp0 after adding $n"; return 1; }
	record "$(jq -nc --arg impl "$impl" --arg lbl "$label" --argjson n "$n" \
		--arg t0 "$t0" --arg t1 "$t1" '
		(($t1 | tonumber) - ($t0 | tonumber)) as $s |
		{impl: $impl, label: "install", set: $lbl, n: $n, secs: $s, rate: ($n / $s | round)}')"
}

WARMUP=0
record() {
	say "$( [ $WARMUP = 1 ] && echo "warm-up: ")$1"
	[ $WARMUP = 1 ] || echo "$1" >>"$RESULTS"
}

dst_rx() { ip netns exec dst cat /sys/class/net/e0/statistics/rx_packets; }

# The length of pktgen's last run, in us.
pktgen_usec() {
	ip netns exec src cat /proc/net/pktgen/e0 | sed -n 's/.*Result: OK: \([0-9]*\)(.*/\1/p'
}

# forward IMPL N: FWD_PACKETS frames over N destination ports (1 flow: one
# port), counted at dst; records {"label": "fwd", "n", "rx_pps", ...}.
forward() {
	local impl=$1 n=$2 rx0 rx1 lk0 lk1 usec pg
	pktgen_range "$((n > 1 ? n : 1))"
	rx0=$(dst_rx)
	lk0=$(dp_lookups)
	pg e0 "count $FWD_PACKETS"
	pktgen_start
	wait "$PG_PID"
	PG_PID=
	rx1=$(dst_rx)
	lk1=$(dp_lookups)
	usec=$(pktgen_usec)
	pg=$(pktgen_result)
	pg e0 "count 0"		# after reading: a new parameter clears the result
	[ -n "$usec" ] && [ -n "$pg" ] ||
		{ say "$impl: no pktgen result: $(ip netns exec src cat /proc/net/pktgen/e0)"; return 1; }
	record "$(jq -nc --arg impl "$impl" --argjson n "$n" --arg pg "$pg" --argjson usec "$usec" \
		--argjson rx "$((rx1 - rx0))" --arg lk0 "$lk0" --arg lk1 "$lk1" '
		($pg | split(" ") | map(tonumber)) as [$us, $sent, $pps] |
		($lk0 | split(" ") | map(tonumber)) as [$h0, $m0] |
		($lk1 | split(" ") | map(tonumber)) as [$h1, $m1] |
		{impl: $impl, label: "fwd", n: $n, sent: $sent, rx: $rx, usec: $usec,
		 rx_pps: ($rx * 1e6 / $usec | round), pktgen_pps: $pps,
		 hit: ($h1 - $h0), missed: ($m1 - $m0)}')"
}

# "Slab + VmallocUsed + Percpu" in kB, caches dropped first.
kernel_kb() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	awk '/^(Slab|VmallocUsed|Percpu):/ { kb += $2 } END { print kb }' /proc/meminfo
}

# memory IMPL: bytes per flow of MEM_FLOWS one-mask flows; their install
# rate on the way.
memory() {
	local impl=$1 kb0 kb1
	kb0=$(kernel_kb)
	install "$impl" "$WORK/flows-mem" "$MEM_FLOWS" || return 1
	kb1=$(kernel_kb)
	record "$(jq -nc --arg impl "$impl" --argjson n "$MEM_FLOWS" --argjson kb0 "$kb0" \
		--argjson kb1 "$kb1" '{impl: $impl, label: "mem", n: $n, kb0: $kb0, kb1: $kb1,
		bytes_per_flow: (($kb1 - $kb0) * 1024 / $n | round)}')"
}

# try WHAT CMD...: a failed measurement is reported, counted and skipped.
try() {
	local what=$1
	shift
	"$@" && return 0
	say "FAILED: $what"
	echo "{\"impl\": \"$CUR\", \"label\": \"failed\", \"what\": \"$what\"}" >>"$RESULTS"
	FAILED=$((FAILED + 1))
	return 1
}

round() {
	local impl=$1 n
	CUR=$impl
	say "$impl (${MODULE[$impl]}.ko) round begins; CPU check: $(cpu_check) ms"
	try "${MODULE[$impl]}.ko up" dp_up "$impl" || { dp_down "$impl" 2>/dev/null; return; }
	for n in 1 1000 10000; do
		try "$impl flush before N=$n" flush || continue
		if try "$impl install N=$n" install "$impl" "$WORK/flows-$n" "$n"; then
			WARMUP=1 forward "$impl" "$n"	# warm-up: caches, neighbours
			try "$impl forwarding N=$n" forward "$impl" "$n"
		fi
	done
	try "$impl flush before the memory run" flush && try "$impl memory" memory "$impl"
	flush
	dp_down "$impl"
	say "$impl round ends; CPU check: $(cpu_check) ms"
}

main() {
	local r impl
	[ -f "$FP_KMOD" ] || fp_fail "no $FP_KMOD: make kmod first"
	modprobe pktgen || fp_fail "modprobe pktgen"
	fp_cleanup_add modprobe -r pktgen
	fp_cleanup_add "$FPCTL dp del dp0"
	setup_hosts
	pktgen_setup
	write_flow_files
	: >"$RESULTS"
	for ((r = 1; r <= ROUNDS; r++)); do
		for impl in $ORDER; do
			round "$impl"
		done
	done
	python3 "$BENCH/kmod_table.py" "$RESULTS" \
		"kernel $(uname -r), $(nproc) CPUs (QEMU TCG, -smp $(nproc)); $ROUNDS rounds per module, alternating ($ORDER)" \
		"forwarding: $FWD_PACKETS 64-byte UDP frames from pktgen, counted at the receiving port; N flows over $N_MASKS masks (1: one flow)" \
		"install: fpctl dp add-flows of a file; memory: Slab+VmallocUsed+Percpu delta over $MEM_FLOWS flows" ||
		fp_fail "kmod_table.py"
	[ "$FAILED" = 0 ] || fp_fail "$FAILED measurements failed (see FAILED above)"
}

main
