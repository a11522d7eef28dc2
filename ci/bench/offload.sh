#!/bin/bash
# make bench-offload: megaflows into tc flower, by flowpathd (policy tc-sw)
# against `tc -batch` of the same filters and against Debian's ovs-vswitchd
# 3.1 with hw-offload=true tc-policy=skip_hw, in one guest boot. Not a
# test: it prints figures and asserts none; it fails only when setting up
# fails. Run by ci/vm-run as a scenario (see the Makefile).
#
# Topology, rules and traffic are bench-upcall's (ci/bench/upcall.sh, whose
# functions this script sources):
#
#   ns src [e0 10.0.0.1]--veth--[srcp] \                  / [dstp]--veth--[e0 10.0.0.2] ns dst
#     pktgen                            br0, tc on srcp       UDP is dropped unread
#
#   priority=100,udp,tp_dst=P,actions=output:dstp   for P in [P0, P0+10000)
#   and the in_port rules both ways at priority 10.
# Each UDP destination port is one megaflow, which lands as one tc flower
# filter on srcp's ingress: ipv4, udp, dst_port P, skip_hw, mirred egress
# redirect to dstp, with a cookie (flowpathd's: the UFID) and no per-CPU
# counters (no_percpu, as both daemons do).
#
# 1. Install rate. What grows is the count of filters really in the kernel
#    on srcp's ingress: dpwatch.py --tc-dev polls it (tcfilters.py: one
#    terse RTM_GETTFILTER dump per poll, from one process).
#    - flowpathd and ovs-vswitchd: pktgen cycles N ports as fast as it can,
#      as in bench-upcall; t95 counts from pktgen's first packet to the
#      first poll that sees 0.95 N filters. Rate 0.95 N / t95.
#    - tc -batch: the same N filters (same keys, flags and action, a
#      16-byte cookie each) written into a tc -batch that already runs and
#      has executed a first command (on another device), so that neither
#      its process start nor its look-ups of flower and mirred count. Rate
#      N / (first line written -> tc exits after its last answer). The
#      poller runs there too: all three carry its load.
# 2. Forwarding, flowpathd only: FWD_N flows in tc (tc-sw) or in the
#    kernel datapath's flow table (kmod: openvswitch.ko, the module
#    ovs-vswitchd runs on in part 1 too), moved from
#    one to the other by fpctl set-policy. pktgen sends FWD_PACKETS packets
#    over the FWD_N ports as fast as it can; figure: packets that reach ns
#    dst's e0 per second of pktgen's run. tc-sw/kmod pairs, medians.
# 3. Dump and merge, with the N_MAX flows of the last run still in tc:
#    - the revalidator's pass over them (flowpathd: upcall-stats
#      last_pass_ms; ovs-vswitchd: upcall/show "dump duration"), sampled
#      PASS_SAMPLES times: dump datapath and tc, merge counters, decide;
#    - the command a user types, process included: fpctl -j dump-flows br0
#      (answered from flowpathd's table, which the revalidator merges) and
#      ovs-appctl dpctl/dump-flows (which dumps datapath and tc there and
#      then), DUMP_RUNS times.
#
# Blocks take turns (BENCH_ORDER, default "tcb ovs fpd"; tcb is tc -batch),
# BENCH_ROUNDS rounds; a daemon's block starts it, makes one throw-away run
# at the largest N, then BENCH_REPS runs per N, the dumps, (flowpathd) the
# forwarding pairs, and stops it. Knobs, from the environment:
# BENCH_N, BENCH_ROUNDS, BENCH_REPS, BENCH_ORDER, BENCH_PKTGEN_DELAY_NS
# (as bench-upcall), BENCH_FWD_N, BENCH_FWD_PACKETS, BENCH_FWD_ROUNDS,
# BENCH_DUMP_RUNS, BENCH_PASS_SAMPLES. Defaults: N = 1000 and 10000, 3
# rounds, 1 run per N in a block, 1 tc-sw/kmod pair of 300,000 packets over
# 1,000 flows, 3 pass samples and 2 dump commands per daemon block.
BENCH_DEFS_ONLY=1 . "$FP_ROOT/ci/bench/upcall.sh"

N_LIST=$(tr ' ' '\n' <<<"${BENCH_N:-1000 10000}" | sort -n | tr '\n' ' ')
N_MAX=$(tr ' ' '\n' <<<"$N_LIST" | sort -n | tail -n1)
IDLE_MS=600000		# no flow expires while a block measures its dumps
ROUNDS=${BENCH_ROUNDS:-3}
REPS=${BENCH_REPS:-1}	# 3 rounds of 1 run: ~9 min on a quiet host
ORDER=${BENCH_ORDER:-tcb ovs fpd}
FWD_N=${BENCH_FWD_N:-1000}
FWD_PACKETS=${BENCH_FWD_PACKETS:-300000}
FWD_ROUNDS=${BENCH_FWD_ROUNDS:-1}
DUMP_RUNS=${BENCH_DUMP_RUNS:-2}
PASS_SAMPLES=${BENCH_PASS_SAMPLES:-3}
TCF=$BENCH/tcfilters.py

# A run counts the filters on srcp's ingress, not the datapath's flows.
tc_filters() { python3 "$TCF" count srcp; }
tc_udp_filters() { python3 "$TCF" udp srcp; }
COUNT_FLOWS=tc_filters
COUNT_EXACT=tc_udp_filters
DPWATCH_ARGS=(--tc-dev srcp)
# Set in the database before ovs-vswitchd starts: it reads them at start.
OVS_OTHER_CONFIG=(other_config:hw-offload=true other_config:tc-policy=skip_hw)
FPD_CONF_EXTRA=("policy tc-sw")

# bench_wait SECS WHAT CMD...: retries CMD until it succeeds; fails after
# SECS seconds (a deadline: a try may take seconds, as a Python start does).
bench_wait() {
	local secs=$1 what=$2 end
	shift 2
	end=$((SECONDS + secs))
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || fp_fail "$what: not within ${secs}s ($(layers))$(diag)"
		sleep 0.2
	done
}

# "F filters on srcp, D datapath flows" now.
layers() { echo "$(tc_filters) filters on srcp, $(dp_flows) datapath flows"; }

# What is where, for a failure message: some datapath flows and flowpathd's
# view of the flows outside tc.
diag() {
	[ -n "$DP" ] || return
	echo
	ovs-dpctl dump-flows "$DP" | head -n 5
	[ "$DP" = br0 ] && fpctl dump-flows -m --layer kmod br0 | head -n 5
}

record() {
	echo "$1" >>"$RESULTS"
	say "$2: $1"
}

# "SECONDS" between two $EPOCHREALTIME readings.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f\n", b - a }'; }

# ---- tc -----------------------------------------------------------------------

# Every filter on DEV's ingress goes; the qdisc stays.
tc_flush() { tc filter del dev "$1" ingress 2>/dev/null; }

# No ingress or clsact qdisc on the ports: a block starts from bare ports
# (ovs-vswitchd puts an ingress qdisc there, flowpathd a clsact).
bare_ports() {
	local dev kind
	for dev in srcp dstp; do
		for kind in clsact ingress; do
			tc qdisc del dev "$dev" "$kind" 2>/dev/null
		done
	done
}

# A clsact qdisc on a dummy that lives as long as the boot: the kernel's
# ingress/egress static keys then never flip when the ports' qdiscs come and
# go (multi-threaded TCG races with the kernel patching its code for that).
keep_tc_on() {
	ip link add tckeep type dummy || fp_fail "dummy tckeep"
	fp_cleanup_add ip link del tckeep
	ip link set tckeep up
	tc qdisc add dev tckeep clsact || fp_fail "clsact on tckeep"
}

# The first filter on srcp in a line: its match keys (the port as P), its
# flags, and its actions without counters, indexes or cookie value, e.g.
# "eth_type=ipv4 ip_proto=udp dst_port=P skip_hw; mirred redirect egress
# dstp cookie:16B".
filter_shape() {
	local first prio proto handle
	first=$(python3 "$TCF" first srcp) || fp_fail "tcfilters first srcp"
	[ -n "$first" ] || { echo "no filter"; return; }
	read -r prio proto handle <<<"$first"
	tc -j filter get dev srcp ingress prio "$prio" protocol "$(printf '0x%04x' "$proto")" \
		handle "$handle" flower | jq -r '.[] | select(.options.handle) | .options |
		([.keys | to_entries[] | "\(.key)=\(if .key == "dst_port" then "P"
		  elif (.value | type) == "object" then (.value | tojson) else .value end)"] +
		 [if .skip_hw then "skip_hw" else empty end, if .skip_sw then "skip_sw" else empty end]
		 | join(" ")) + "; " +
		([.actions[] | [.kind, .mirred_action, .direction, .to_dev,
		  if .cookie then "cookie:\(.cookie | length / 2)B" else empty end,
		  if .no_percpu then "no_percpu" else empty end] | map(select(.)) | join(" ")]
		 | join(", "))' || fp_fail "tc filter get prio $prio handle $handle"
}

declare -A SHAPE=()
note_shape() {
	[ -n "${SHAPE[$1]:-}" ] && return
	SHAPE[$1]=$(filter_shape)
	say "$1 filter: ${SHAPE[$1]}"
}

# ---- tc -batch ------------------------------------------------------------------

TCB_MATCH="protocol ip flower skip_hw ip_proto udp"
TCB_ACTION="action mirred egress redirect dev dstp"
TCB_FLAGS="no_percpu"	# as flowpathd's actions (offload/tc_nl_act.c)
TCB_WARM="filter add dev tckeep ingress prio 1 $TCB_MATCH dst_port 1 $TCB_ACTION"

# batch_lines N: flowpathd's filters for ports P0 .. P0+N-1 as tc commands,
# a distinct 16-byte cookie each as flowpathd's UFIDs, counters not per CPU.
batch_lines() {
	local p
	for ((p = P0; p < P0 + $1; p++)); do
		printf 'filter add dev srcp ingress prio 1000 %s dst_port %d %s cookie %032x %s\n' \
			"$TCB_MATCH" "$p" "$TCB_ACTION" "$p" "$TCB_FLAGS"
	done
}

# tc_batch_timed N: "SECONDS USER SYS": the N filters through a tc -batch
# that runs already and has executed TCB_WARM; tc's CPU time in user space
# and in the kernel, over its whole life (from its parent shell's times).
tc_batch_timed() {
	local n=$1 fifo=$WORK/tc-batch.fifo tpid t0 t1
	rm -f "$fifo"
	mkfifo "$fifo" || fp_fail "mkfifo"
	bash -c 'tc -batch "$1" 2>"$2"; rc=$?; times >"$3"; exit $rc' tc-batch "$fifo" \
		"$WORK/tc-batch.err" "$WORK/tc-batch.times" &
	tpid=$!
	exec 5>"$fifo"
	echo "$TCB_WARM" >&5
	bench_wait 60 "tc -batch executes its first command" tckeep_has_filter
	t0=$EPOCHREALTIME
	cat "$WORK/batch-$n" >&5
	exec 5>&-
	wait "$tpid" || fp_fail "tc -batch of $n filters: $(cat "$WORK/tc-batch.err")"
	t1=$EPOCHREALTIME
	tc_flush tckeep
	# times: the shell's user and sys, then its children's: "0m1.234s 0m0.567s".
	echo "$(elapsed "$t0" "$t1") $(sed -n '2s/\([0-9]*\)m\([0-9.]*\)s/\1 \2/gp' \
		"$WORK/tc-batch.times" | awk '{ print $1 * 60 + $2, $3 * 60 + $4 }')"
}

tckeep_has_filter() { tc filter show dev tckeep ingress | grep -q handle; }

tcb_run() {
	local n=$1 out wpid timed json
	tc_flush srcp
	wait_flows_zero
	out=$WORK/watch-tcb-$n
	chrt -f 50 python3 "$BENCH/dpwatch.py" - "$n" 120 --tc-dev srcp >"$out" 2>&1 &
	wpid=$!
	fp_wait_for "$out" '^ready' 60
	timed=$(tc_batch_timed "$n")
	wait "$wpid"
	json=$(tail -n1 "$out")
	jq -e . >/dev/null <<<"$json" || fp_fail "dpwatch: $(cat "$out")"
	json=$(jq -c --argjson n "$n" --arg timed "$timed" --arg dump "$(tc_udp_filters)" '
		($timed | split(" ") | map(tonumber)) as [$secs, $user, $sys] |
		($dump | split(" ") | map(tonumber)) as [$exact, $ports, $all] |
		{impl: "tcb", label: "run", n: $n, secs: $secs, user_s: $user, sys_s: $sys,
		 flows, exact: $exact, ports: $ports, all: $all, poll_ms, poll_t100: .t100}' <<<"$json")
	record "$json" "tcb run"
}

# The filters go first: flowpathd forgets a flow whose filter vanished.
fpd_flush() {
	tc_flush srcp
	tc_flush dstp
	fpctl dp del-flows br0 || fp_fail "fpctl dp del-flows"
	fpd_wait_forgotten
}

# ---- forwarding -------------------------------------------------------------------

dst_rx() { ip netns exec dst cat /sys/class/net/e0/statistics/rx_packets; }

# "HIT MISSED" of the datapath's lookups.
dp_lookups() {
	ovs-dpctl show "$DP" | sed -n 's/.*lookups: hit:\([0-9]*\) missed:\([0-9]*\).*/\1 \2/p'
}

# The length of pktgen's last run, in us.
pktgen_usec() {
	ip netns exec src cat /proc/net/pktgen/e0 | sed -n 's/.*Result: OK: \([0-9]*\)(.*/\1/p'
}

# Flows flowpathd left in both layers when it filled tc: a handler's tc put
# that met the flow's own filter (EEXIST) fell back to the datapath. They
# stay in both whatever the policy; tc, first on the way in, forwards them.
FWD_DOUBLES=0

# in_layer LAYER: the FWD_N flows are in LAYER (tc or kmod); in the other
# one are at most the FWD_DOUBLES.
in_layer() {
	local in_tc in_dp
	in_tc=$(tc_filters)
	in_dp=$(dp_flows)
	case $1 in
	tc) [ "$in_tc" -ge "$FWD_N" ] && [ "$in_dp" -le "$FWD_DOUBLES" ] ;;
	kmod) [ "$in_dp" -ge "$FWD_N" ] && [ "$in_tc" -le "$FWD_DOUBLES" ] ;;
	esac
}

# fwd_run LAYER: FWD_PACKETS packets over the FWD_N ports, whose flows are
# in LAYER.
fwd_run() {
	local layer=$1 rx0 lk0 rx1 lk1 usec pg json where
	bench_wait 60 "$FWD_N flows in $layer" in_layer "$layer"
	where=$(tc_filters)" "$(dp_flows)
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
	[ -n "$usec" ] && [ -n "$pg" ] ||
		fp_fail "no pktgen result: $(ip netns exec src cat /proc/net/pktgen/e0)"
	pg e0 "count 0"		# after reading: a new parameter clears the result
	json=$(jq -nc --arg layer "$layer" --arg pg "$pg" --argjson usec "$usec" \
		--argjson rx "$((rx1 - rx0))" --arg lk0 "$lk0" --arg lk1 "$lk1" --arg where "$where" '
		($pg | split(" ") | map(tonumber)) as [$us, $sent, $pps] |
		($where | split(" ") | map(tonumber)) as [$in_tc, $in_dp] |
		($lk0 | split(" ") | map(tonumber)) as [$h0, $m0] |
		($lk1 | split(" ") | map(tonumber)) as [$h1, $m1] |
		{impl: "fpd", label: "fwd", layer: $layer, sent: $sent, rx: $rx, usec: $usec,
		 rx_pps: ($rx * 1e6 / $usec | round), pktgen_pps: $pps,
		 dp_hit: ($h1 - $h0), dp_missed: ($m1 - $m0), tc_filters: $in_tc, dp_flows: $in_dp}')
	record "$json" "fpd forwarding"
}

# fpd_move POLICY: every flow of flowpathd moves to POLICY's layer.
fpd_move() { fpctl set-policy "$1" >/dev/null || fp_fail "fpctl set-policy $1"; }

filters_at_least() { [ "$(tc_filters)" -ge "$1" ]; }

fwd_rounds() {
	local r
	say "forwarding: $FWD_N flows in tc first"
	flush fpd
	pktgen_range "$FWD_N"
	pktgen_start
	bench_wait 120 "$FWD_N filters on srcp" filters_at_least "$FWD_N"
	pktgen_stop
	sleep 1		# upcalls still queued are handled
	FWD_DOUBLES=$(dp_flows)
	say "forwarding: $(layers)"
	for ((r = 1; r <= FWD_ROUNDS; r++)); do
		fwd_run tc
		fpd_move kmod
		fwd_run kmod
		fpd_move tc-sw
	done
}

# ---- dump and merge ---------------------------------------------------------------

# "MS FLOWS" of the revalidator's last pass.
pass_fpd() { fpd_json upcall-stats | jq -r '"\(.revalidator.last_pass_ms) \(.megaflows)"'; }
pass_ovs() {
	ovs-appctl upcall/show | awk '/dump duration/ { ms = $4 + 0 }
		/offloaded flows/ { n += $4 } /flows *: \(current/ { sub(/\)/, "", $4); n += $4 }
		END { print ms, n }'
}

dump_fpd() { fpctl -j dump-flows br0 >"$WORK/dump-out" || fp_fail "fpctl -j dump-flows"; }
dump_ovs() { ovs-appctl dpctl/dump-flows >"$WORK/dump-out" || fp_fail "ovs-appctl dpctl/dump-flows"; }
dump_count_fpd() { jq length "$WORK/dump-out"; }
dump_count_ovs() { grep -c . "$WORK/dump-out"; }

dump_times() {
	local impl=$1 k t0 t1 pass
	# A pass over N_MAX flows takes about a second here: one sample each.
	for ((k = 1; k <= PASS_SAMPLES; k++)); do
		sleep 2
		pass=$("pass_$impl")
		record "$(jq -nc --arg impl "$impl" --arg p "$pass" '
			($p | split(" ") | map(tonumber)) as [$ms, $n] |
			{impl: $impl, label: "pass", ms: $ms, flows: $n}')" "$impl revalidator pass"
	done
	for ((k = 1; k <= DUMP_RUNS; k++)); do
		t0=$EPOCHREALTIME
		"dump_$impl"
		t1=$EPOCHREALTIME
		record "$(jq -nc --arg impl "$impl" --argjson secs "$(elapsed "$t0" "$t1")" \
			--argjson flows "$("dump_count_$impl")" \
			'{impl: $impl, label: "dump", secs: $secs, flows: $flows}')" "$impl dump-flows"
	done
}

# ---- the blocks ---------------------------------------------------------------------

OVS_OFFLOADS=1
# After ovs-vswitchd's warm-up run: did its flows land in tc?
ovs_check_offload() {
	local in_tc
	in_tc=$(tc_filters)
	say "ovs-vswitchd after its warm-up: $in_tc filters on srcp; dpctl/dump-flows type=tc: $(
		ovs-appctl dpctl/dump-flows type=tc | grep -c .), type=ovs: $(
		ovs-appctl dpctl/dump-flows type=ovs | grep -c .)"
	grep -E 'netdev_offload|\|tc\|' "$OVS/ovs-vswitchd.log" | head -n 12
	[ "$in_tc" -gt 0 ] && return
	OVS_OFFLOADS=0
	record "$(jq -nc --arg why "$(grep -Ei 'offload|tc' "$OVS/ovs-vswitchd.log" | tail -n 5)" \
		'{impl: "ovs", label: "refused", why: $why}')" "ovs-vswitchd put nothing in tc"
}

start_block() {
	bare_ports
	case $1 in
	tcb) tc qdisc add dev srcp clsact || fp_fail "clsact on srcp" ;;
	ovs) ovs_start ;;
	fpd) fpd_up ;;
	esac
	[ "$1" = tcb ] && return
	rate "$1" "$N_MAX" warmup
	[ "$1" = ovs ] && ovs_check_offload
}

stop_block() {
	case $1 in
	ovs) ovs_stop ;;
	fpd) fpd_down ;;
	esac
	bare_ports
}

run_block() {
	local impl=$1 n rep
	if [ "$impl" = ovs ] && [ "$OVS_OFFLOADS" = 0 ]; then
		say "ovs block skipped: ovs-vswitchd put nothing in tc before"
		return
	fi
	say "$impl block begins; CPU check: $(cpu_check) ms"
	start_block "$impl"
	if [ "$impl" != ovs ] || [ "$OVS_OFFLOADS" = 1 ]; then
		for ((rep = 1; rep <= REPS; rep++)); do
			for n in $N_LIST; do
				if [ "$impl" = tcb ]; then tcb_run "$n"; else rate "$impl" "$n" run; fi
				note_shape "$impl"
			done
		done
		# The last run was at N_MAX: its flows are still in tc.
		[ "$impl" = tcb ] || dump_times "$impl"
	fi
	[ "$impl" = fpd ] && fwd_rounds
	say "$impl block ends; CPU check: $(cpu_check) ms"
	stop_block "$impl"
}

header() {
	local same="${SHAPE[tcb]:-?}, not"
	[ "${SHAPE[fpd]:-}" = "${SHAPE[tcb]:-}" ] && same=same
	echo "kernel $(uname -r), $(nproc) CPUs (QEMU TCG, -smp $(nproc)); kmod = openvswitch.ko, the kernel datapath of both daemons (make bench-kmod compares flowpath.ko with it)"
	echo "flowpathd: ${IMPL_INFO[fpd]}, policy tc-sw; ovs-vswitchd ${IMPL_INFO[ovs]}, hw-offload=true tc-policy=skip_hw"
	echo "a filter on srcp's ingress: flowpathd's: ${SHAPE[fpd]:-?}; tc -batch's: $same as flowpathd's; ovs-vswitchd's: ${SHAPE[ovs]:-?}"
	echo "rules: $N_RULES x udp,tp_dst=P -> output:dstp, + 2 in_port rules; pktgen: 60-byte UDP, delay $DELAY_NS ns; $ROUNDS rounds of blocks ($ORDER), $REPS runs per N each"
	echo "install rate: flowpathd, ovs: 0.95 N / (pktgen's first packet -> first poll seeing 0.95 N filters in the kernel); tc -batch: N / (first line written to a running, warmed-up tc -batch -> its exit)"
}

main() {
	local round impl n lines
	modprobe -a openvswitch pktgen cls_flower sch_ingress act_mirred ||
		fp_fail "modprobe openvswitch pktgen cls_flower sch_ingress act_mirred"
	fp_cleanup_add modprobe -r openvswitch
	fp_cleanup_add modprobe -r pktgen
	setup_hosts
	keep_tc_on
	pktgen_setup
	write_rules >"$WORK/rules"
	for n in $N_LIST; do batch_lines "$n" >"$WORK/batch-$n"; done
	: >"$RESULTS"
	for ((round = 1; round <= ROUNDS; round++)); do
		for impl in $ORDER; do
			run_block "$impl"
		done
	done
	header >"$WORK/header"
	mapfile -t lines <"$WORK/header"
	python3 "$BENCH/offload_table.py" "$RESULTS" "${lines[@]}" || fp_fail "offload_table.py"
}

# OFFLOAD_DEFS_ONLY=1: only the definitions, for a script that sources this one.
[ "${OFFLOAD_DEFS_ONLY:-0}" = 1 ] || main
