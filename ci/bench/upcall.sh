#!/bin/bash
# make bench-upcall: flow setup by flowpathd and by Debian's ovs-vswitchd 3.1
# on the same kernel datapath (openvswitch.ko), in one guest boot. Not a
# test: it prints figures and asserts none; it fails only when setting up
# fails. Run by ci/vm-run as a scenario (see the Makefile).
#
#   ns src [e0 10.0.0.1]--veth--[srcp] \                   / [dstp]--veth--[e0 10.0.0.2] ns dst
#     pktgen, ping                      br0 (one datapath)      UDP is dropped unread
#
# The same rules for both (flowpathd's config, ovs-ofctl add-flows):
#   priority=100,udp,tp_dst=P,actions=output:dstp   for P in [P0, P0+10000)
#   priority=10,in_port=srcp,actions=output:dstp
#   priority=10,in_port=dstp,actions=output:srcp
# A UDP packet to port P hits its own exact-match rule, so each destination
# port is a megaflow of its own in both (checked in the dump afterwards).
#
# 1. Setup rate: pktgen in ns src cycles through N destination ports
#    (N = 1000, 10000) as fast as it can, resending each until stopped, so
#    a lost upcall is retried. dpwatch.py polls the datapath's counters
#    every 10 ms from one long-lived process (real-time priority). Times
#    count from pktgen's first packet (its "started:", CLOCK_MONOTONIC);
#    t95 = the first poll that sees n_flows >= 95% of N. Rate = 0.95 N /
#    t95. Each figure is the median of all runs; the flows are flushed
#    before each run.
# 2. First-packet RTT: after flushing the flows, ping -c 20 -i 0.2 src ->
#    dst (static neighbours: no ARP); packet 1 takes an upcall and an
#    install each way, the others the kernel flow table. Several rounds.
#
# The two daemons never run together: each is stopped and its datapath
# deleted before the other starts. They take turns, BENCH_ROUNDS blocks
# each (so a host that gets busier or quieter hits both); a block starts
# the daemon, makes one throw-away run at the largest N, then BENCH_REPS
# runs per N and BENCH_PING_ROUNDS ping rounds, and stops it. Knobs, from
# the environment (a wrapper script given to ci/vm-run can set them):
# BENCH_N, BENCH_ROUNDS, BENCH_REPS, BENCH_PING_ROUNDS, BENCH_ORDER,
# BENCH_PKTGEN_DELAY_NS.
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"

BENCH=$FP_ROOT/ci/bench
N_LIST=${BENCH_N:-1000 10000}
N_RULES=10000
P0=20000
IDLE_MS=60000		# both: no flow expires during a run
DELAY_NS=${BENCH_PKTGEN_DELAY_NS:-0}
ROUNDS=${BENCH_ROUNDS:-3}	# blocks per daemon, alternating
REPS=${BENCH_REPS:-2}		# runs per N in a block
PING_ROUNDS=${BENCH_PING_ROUNDS:-3}	# per block
ORDER=${BENCH_ORDER:-ovs fpd}
DST_MAC=02:00:00:00:99:99	# nobody's: ns dst drops the UDP without a reply
WORK=$(mktemp -d /tmp/bench-upcall.XXXXXX)
fp_cleanup_add rm -rf "$WORK"
RESULTS=$WORK/results

BENCH_T0=$(date +%s)
say() { echo "bench: [$(($(date +%s) - BENCH_T0))s] $*"; }

# ---- the topology ---------------------------------------------------------

setup_hosts() {
	local ns
	for ns in src dst; do
		fp_netns_add $ns
		ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || fp_fail "sysctl in $ns"
		fp_veth e0 $ns ${ns}p ""
	done
	sysctl -qw net.ipv6.conf.srcp.disable_ipv6=1 net.ipv6.conf.dstp.disable_ipv6=1
	fp_addr src e0 10.0.0.1/24
	fp_addr dst e0 10.0.0.2/24
	# Static neighbours: the first ping is not held up by ARP.
	ip -n src neigh replace 10.0.0.2 lladdr "$(mac_of dst)" dev e0 nud permanent ||
		fp_fail "neighbour in src"
	ip -n dst neigh replace 10.0.0.1 lladdr "$(mac_of src)" dev e0 nud permanent ||
		fp_fail "neighbour in dst"
}

mac_of() { ip netns exec "$1" cat /sys/class/net/e0/address; }

write_rules() {
	local p
	for ((p = P0; p < P0 + N_RULES; p++)); do
		echo "priority=100,udp,tp_dst=$p,actions=output:dstp"
	done
	echo "priority=10,in_port=srcp,actions=output:dstp"
	echo "priority=10,in_port=dstp,actions=output:srcp"
}

# ---- pktgen ---------------------------------------------------------------
# Its commands act on the namespace of the writing process: all run in src.

# pg FILE CMD...: each CMD written to /proc/net/pktgen/FILE, from ns src.
pg() {
	local file=$1 script="" c
	shift
	for c in "$@"; do
		script+="echo '$c' >/proc/net/pktgen/$file || exit 1; "
	done
	ip netns exec src sh -c "$script" || fp_fail "pktgen $file: $*"
}

pktgen_setup() {
	pg kpktgend_0 rem_device_all "add_device e0"
	pg e0 "count 0" "clone_skb 0" "pkt_size 60" "delay $DELAY_NS" \
		"dst_mac $DST_MAC" "src_min 10.0.0.1" "src_max 10.0.0.1" "dst 10.0.0.2" \
		"udp_src_min 9" "udp_src_max 9" "udp_dst_min $P0"
}

# pktgen_range N: destination ports P0 .. P0+N-1, each in turn.
pktgen_range() { pg e0 "udp_dst_max $((P0 + $1))"; }	# exclusive

PG_PID=
pktgen_start() {
	ip netns exec src sh -c 'echo start >/proc/net/pktgen/pgctrl' &
	PG_PID=$!
}

pktgen_stop() {
	ip netns exec src sh -c 'echo stop >/proc/net/pktgen/pgctrl'
	wait "$PG_PID" 2>/dev/null
	PG_PID=
}

# "STARTED_US SENT PPS" of the last run: when its first packet left
# (ktime_get(), CLOCK_MONOTONIC, in us), how many it sent, at what rate.
pktgen_result() {
	ip netns exec src cat /proc/net/pktgen/e0 | tr '\n' ' ' | sed -n \
		's/.*started: \([0-9]*\)us.*Result: OK: [^,]*, \([0-9]*\) (.* \([0-9]*\)pps.*/\1 \2 \3/p'
}

# ---- datapath counters ------------------------------------------------------

DP=
dp_flows() { ovs-dpctl show "$DP" | sed -n 's/^ *flows: *\([0-9]*\).*/\1/p'; }

# What a run counts and checks, as function names, and dpwatch.py's extra
# options: the datapath's flows here; bench-offload counts tc filters.
COUNT_FLOWS=dp_flows
COUNT_EXACT=count_exact_udp
DPWATCH_ARGS=()

# flows_gone SECS: whether the flow count reaches 0 within SECS.
flows_gone() {
	local i
	for ((i = 0; i < $1 * 5; i++)); do
		[ "$($COUNT_FLOWS)" = 0 ] && return 0
		sleep 0.2
	done
	return 1
}

wait_flows_zero() {
	flows_gone 20 || fp_fail "$DP still has '$($COUNT_FLOWS)' flows ($COUNT_FLOWS) after a flush"
}

# flush IMPL: IMPL's flush until no flow is left. A handler still working
# through the upcalls queued in a burst may install a flow after the first
# flush (seen once with ovs-vswitchd after 191,025 lost upcalls), and with
# the benches' long idle timeout it would stay.
flush() {
	local try
	for ((try = 1; try <= 3; try++)); do
		"${1}_flush"
		flows_gone 10 && return 0
	done
	fp_fail "$DP still has '$($COUNT_FLOWS)' flows ($COUNT_FLOWS) after 3 flushes"
}

# "EXACT PORTS ALL": megaflows in the dump whose match is one exact UDP
# destination port, how many distinct ports they cover, and all flows.
count_exact_udp() {
	ovs-dpctl dump-flows "$DP" >"$WORK/dump" 2>&1 || fp_fail "dump-flows $DP"
	local exact ports
	exact=$(grep -Ec 'udp\((src=[0-9]+,)?dst=[0-9]+\)' "$WORK/dump")
	ports=$(grep -Eo 'udp\((src=[0-9]+,)?dst=[0-9]+\)' "$WORK/dump" |
		sed 's/.*dst=//; s/)//' | sort -u | wc -l)
	echo "$exact $ports $(wc -l <"$WORK/dump")"
}

# "H handler and R revalidator threads" of process PID, by thread name.
threads() {
	local h r
	h=$(cat /proc/"$1"/task/*/comm | grep -c '^handler')
	r=$(cat /proc/"$1"/task/*/comm | grep -c '^revalidator')
	echo "$h handler and $r revalidator threads"
}

# "TID USER SYS" for each thread of process PID: its CPU ticks in user
# space and in the kernel.
thread_ticks() {
	local t
	for t in /proc/"$1"/task/*; do
		awk -v tid="${t##*/}" '{ print tid, $14, $15 }' "$t/stat" 2>/dev/null
	done
}

# thread_cpu PID BEFORE T0: "CPU BUSIEST WINDOW SYS" in seconds since T0
# (date +%s.%N) and the thread_ticks snapshot BEFORE: CPU time of all of
# PID's threads, of its busiest thread, the wall time, and how much of the
# CPU time was spent in the kernel.
thread_cpu() {
	local hz
	hz=$(getconf CLK_TCK)
	thread_ticks "$1" | awk -v hz="$hz" -v t0="$3" -v now="$(date +%s.%N)" '
		NR == FNR { before[$1] = $2 + $3; sys0[$1] = $3; next }
		{ d = $2 + $3 - before[$1]; total += d; sys += $3 - sys0[$1]; if (d > max) max = d }
		END { printf "%.2f %.2f %.3f %.2f\n", total / hz, max / hz, now - t0, sys / hz }' "$2" -
}

DAEMON_PID=

# ---- ovs-vswitchd -----------------------------------------------------------

OVS=$WORK/ovs
OVS_OTHER_CONFIG=()	# more other_config:KEY=VALUE, set before vswitchd starts
ovs_start() {
	mkdir -p "$OVS"
	export OVS_RUNDIR=$OVS OVS_LOGDIR=$OVS OVS_DBDIR=$OVS
	ovsdb-tool create "$OVS/conf.db" /usr/share/openvswitch/vswitch.ovsschema ||
		fp_fail "ovsdb-tool create"
	ovsdb-server "$OVS/conf.db" --remote=punix:"$OVS/db.sock" --pidfile --detach \
		--log-file || fp_fail "ovsdb-server"
	fp_cleanup_add "kill \$(cat $OVS/ovsdb-server.pid)"
	ovs-vsctl --no-wait init || fp_fail "ovs-vsctl init"
	ovs-vsctl --no-wait set Open_vSwitch . other_config:max-idle=$IDLE_MS \
		"${OVS_OTHER_CONFIG[@]}" || fp_fail "other_config: max-idle ${OVS_OTHER_CONFIG[*]}"
	ovs-vswitchd unix:"$OVS/db.sock" --pidfile --detach --log-file ||
		fp_fail "ovs-vswitchd: $(tail -n 20 "$OVS/ovs-vswitchd.log")"
	fp_cleanup_add "kill \$(cat $OVS/ovs-vswitchd.pid)"
	fp_cleanup_add "ovs-dpctl del-dp ovs-system"
	say "ovs-vswitchd started"
	ovs-vsctl add-br br0 -- set bridge br0 fail-mode=secure ||
		fp_fail "ovs-vsctl add-br"
	ovs-vsctl add-port br0 srcp -- set interface srcp ofport_request=1 ||
		fp_fail "add-port srcp"
	ovs-vsctl add-port br0 dstp -- set interface dstp ofport_request=2 ||
		fp_fail "add-port dstp"
	ovs-ofctl del-flows br0 || fp_fail "ovs-ofctl del-flows"
	say "ovs-vswitchd has its ports; adding the rules"
	# One bundle (OpenFlow 1.4 transaction): much faster than flow by flow.
	ovs-ofctl --bundle add-flows br0 "$WORK/rules" 2>"$OVS/add-flows.err" ||
		ovs-ofctl add-flows br0 "$WORK/rules" 2>>"$OVS/add-flows.err" ||
		fp_fail "ovs-ofctl add-flows: $(tail -n 5 "$OVS/add-flows.err")"
	local n
	n=$(ovs-ofctl dump-aggregate br0 | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')
	[ "$n" = $((N_RULES + 2)) ] || fp_fail "ovs-vswitchd has $n rules, not $((N_RULES + 2))"
	DP=ovs-system
	DAEMON_PID=$(cat "$OVS/ovs-vswitchd.pid")
	IMPL_INFO[ovs]="$(ovs-vswitchd --version | head -n1 | sed 's/.*) //'), $(
		threads "$(cat "$OVS/ovs-vswitchd.pid")")"
	say "ovs-vswitchd up: $n rules on br0, datapath $DP, ${IMPL_INFO[ovs]}"
}

ovs_flush() { ovs-appctl revalidator/purge >/dev/null || fp_fail "revalidator/purge"; }

ovs_stop() {
	ovs-appctl -t ovs-vswitchd exit --cleanup || fp_fail "ovs-vswitchd exit"
	ovs-appctl -t ovsdb-server exit || fp_fail "ovsdb-server exit"
	sleep 0.5
	ovs-dpctl del-dp ovs-system 2>/dev/null
	ovs-dpctl dump-dps | grep -q . && fp_fail "a datapath outlived ovs-vswitchd: $(ovs-dpctl dump-dps)"
	unset OVS_RUNDIR OVS_LOGDIR OVS_DBDIR
	rm -rf "$OVS"
	ip link set srcp up && ip link set dstp up
}

# ---- flowpathd --------------------------------------------------------------

FPD_CONF_EXTRA=()	# lines the config starts with (a policy, say)
fpd_up() {
	{
		[ ${#FPD_CONF_EXTRA[@]} = 0 ] || printf '%s\n' "${FPD_CONF_EXTRA[@]}"
		echo "bridge br0"
		echo "port br0 srcp"
		echo "port br0 dstp"
		sed 's/^/rule br0 /' "$WORK/rules"
	} >"$FPD_CONF"
	: >"$FPD_LOG"	# fpd_start waits for this start's "serving"
	fpd_start --idle-timeout $IDLE_MS
	fp_cleanup_add "[ -d /sys/module/openvswitch ] && $FPCTL dp del br0"
	local n
	n=$(fpctl dump-rules br0 | wc -l)
	[ "$n" = $((N_RULES + 2)) ] || fp_fail "flowpathd has $n rules, not $((N_RULES + 2))"
	DP=br0
	DAEMON_PID=$FPD_PID
	# Its threads have no names: the handlers are in upcall-stats.
	IMPL_INFO[fpd]="$(fpd_json upcall-stats | jq '.handlers | length') handler and 1 revalidator threads"
	say "flowpathd up: $n rules on br0, datapath $DP, ${IMPL_INFO[fpd]}"
}

fpd_flush() {
	fpctl dp del-flows br0 || fp_fail "fpctl dp del-flows"
	fpd_wait_forgotten
}


# The revalidator forgets a vanished flow at its next pass (0.5 s). Its
# count, not a dump: dump-flows -j of 10,000 flows takes seconds in TCG.
fpd_wait_forgotten() {
	local i
	for ((i = 0; i < 50; i++)); do
		[ "$(fpd_json upcall-stats | jq .megaflows)" = 0 ] && return 0
		sleep 0.2
	done
	fp_fail "flowpathd still remembers flows after a flush"
}

fpd_down() {
	fpd_json upcall-stats >"$WORK/fpd-stats"
	say "flowpathd upcall-stats: $(jq -c .total "$WORK/fpd-stats")"
	say "flowpathd upcalls, batches, flows put per handler: $(jq -c '[.handlers[] | [.upcalls, .batches, .flows_put]]' "$WORK/fpd-stats")"
	fpd_stop
	fpctl dp del br0 || fp_fail "fpctl dp del br0"
	ip link set srcp up && ip link set dstp up
}

# ---- the measurements -------------------------------------------------------

# rate IMPL N LABEL: one setup-rate run, recorded in $RESULTS unless LABEL
# is "warmup". Times count from pktgen's first packet.
rate() {
	local impl=$1 n=$2 label=$3 timeout out json dump pg wpid t0 cpu
	timeout=$((n >= 10000 ? 120 : 60))
	flush "$impl"
	pktgen_range "$n"
	out=$WORK/watch-$impl-$n-$label
	# Real-time, so that its 10 ms polls run on time on busy vCPUs.
	chrt -f 50 python3 "$BENCH/dpwatch.py" "$DP" "$n" "$timeout" "${DPWATCH_ARGS[@]}" \
		>"$out" 2>&1 &
	wpid=$!
	fp_wait_for "$out" '^ready' 60
	thread_ticks "$DAEMON_PID" >"$WORK/ticks0"
	t0=$(date +%s.%N)
	pktgen_start
	wait $wpid
	cpu=$(thread_cpu "$DAEMON_PID" "$WORK/ticks0" "$t0")
	pktgen_stop
	pg=$(pktgen_result)
	json=$(tail -n1 "$out")
	jq -e . >/dev/null <<<"$json" || fp_fail "dpwatch: $(cat "$out")"
	[ -n "$pg" ] || fp_fail "no pktgen result: $(ip netns exec src cat /proc/net/pktgen/e0)"
	sleep 1		# upcalls still queued land before the dump
	dump=$($COUNT_EXACT)
	# dpwatch counted from the first poll that saw a miss; count from
	# pktgen's first packet instead (both CLOCK_MONOTONIC).
	json=$(jq -c --arg pg "$pg" --arg dump "$dump" --arg cpu "$cpu" --arg impl "$impl" \
		--arg lbl "$label" '
		($pg | split(" ") | map(tonumber)) as [$us, $sent, $pps] |
		($dump | split(" ") | map(tonumber)) as [$exact, $ports, $all] |
		($cpu | split(" ") | map(tonumber)) as [$cpu_s, $busiest_s, $window_s, $sys_s] |
		(if .t0_mono then .t0_mono - $us / 1e6 else 0 end) as $off |
		def from_start: if . == null then null else . + $off | . * 1e4 | round / 1e4 end;
		{impl: $impl, "label": $lbl, n: .target, t95: (.t95 | from_start),
		 t100: (.t100 | from_start), flows, lost, missed, timeout, no_traffic,
		 first_miss_ms: ($off * 1e4 | round / 10), at_t0, poll_ms,
		 marks: (.marks | map_values(from_start)),
		 sent: $sent, pps: $pps, exact: $exact, ports: $ports, all: $all,
		 cpu_s: $cpu_s, sys_s: $sys_s, busiest_s: $busiest_s, window_s: $window_s,
		 run_s: (if .end_mono then .end_mono - $us / 1e6 | . * 1e3 | round / 1e3 else null end)}' <<<"$json")
	say "$impl $label: $json"
	[ "$impl" = ovs ] && say "ovs upcall/show: $(ovs-appctl upcall/show | tr -s ' \n' ' ')"
	[ "$label" = warmup ] || echo "$json" >>"$RESULTS"
}

# ping_rounds IMPL: PING_ROUNDS rounds of flush, then ping -c 20.
ping_rounds() {
	local impl=$1 r out rtts
	ip netns exec src ping -c 3 -i 0.2 -W 2 10.0.0.2 >/dev/null ||
		fp_fail "$impl: warm-up ping src -> dst"
	for ((r = 1; r <= PING_ROUNDS; r++)); do
		flush "$impl"
		sleep 1
		out=$(ip netns exec src ping -c 20 -i 0.2 -W 2 10.0.0.2) ||
			fp_fail "$impl: ping round $r: $out"
		# RTTs in order of icmp_seq; a lost reply is null.
		rtts=$(awk '/icmp_seq=/ {
			seq = $0; sub(/.*icmp_seq=/, "", seq); sub(/ .*/, "", seq)
			t = $0; sub(/.*time=/, "", t); sub(/ .*/, "", t); rtt[seq] = t }
			END { for (i = 1; i <= 20; i++) printf "%s%s", (i > 1 ? "," : ""), (i in rtt ? rtt[i] : "null") }' <<<"$out")
		echo "{\"impl\": \"$impl\", \"label\": \"ping\", \"rtt_ms\": [$rtts]}" >>"$RESULTS"
		say "$impl ping round $r: RTTs ms $rtts"
	done
}

# A fixed amount of CPU work, in ms: slower when the host is busy (other
# guests); printed beside each block so that a disturbed run shows.
cpu_check() {
	python3 -c 'import time
t = time.perf_counter()
sum(i * i for i in range(300000))
print(round((time.perf_counter() - t) * 1000))'
}

run_impl() {
	local impl=$1 n rep
	say "$impl block begins; CPU check: $(cpu_check) ms"
	case $impl in
	ovs) ovs_start ;;
	fpd) fpd_up ;;
	esac
	# At the largest N: ovs-vswitchd's first 10,000-flow run after a start
	# took 1.4-1.7x as long as its later ones (flowpathd's did not).
	rate "$impl" "$(tr ' ' '\n' <<<"$N_LIST" | sort -n | tail -n1)" warmup
	for ((rep = 1; rep <= REPS; rep++)); do
		for n in $N_LIST; do
			rate "$impl" "$n" run
		done
	done
	ping_rounds "$impl"
	say "$impl block ends; CPU check: $(cpu_check) ms"
	case $impl in
	ovs) ovs_stop ;;
	fpd) fpd_down ;;
	esac
}

# ---- main -------------------------------------------------------------------

main() {
	local round impl
	modprobe openvswitch || fp_fail "modprobe openvswitch"
	fp_cleanup_add modprobe -r openvswitch
	modprobe pktgen || fp_fail "modprobe pktgen"
	fp_cleanup_add modprobe -r pktgen
	setup_hosts
	pktgen_setup
	write_rules >"$WORK/rules"
	: >"$RESULTS"
	for ((round = 1; round <= ROUNDS; round++)); do
		for impl in $ORDER; do
			run_impl "$impl"
		done
	done
	python3 "$BENCH/table.py" "$RESULTS" \
		"kernel $(uname -r), $(nproc) CPUs (QEMU TCG, -smp $(nproc)), datapath openvswitch.ko" \
		"flowpathd: ${IMPL_INFO[fpd]}; ovs-vswitchd ${IMPL_INFO[ovs]}" \
		"rules: $N_RULES x udp,tp_dst=P -> output:dstp, + 2 in_port rules; pktgen: 60-byte UDP, delay $DELAY_NS ns" \
		"$ROUNDS blocks per daemon, alternating ($ORDER); per block: a warm-up, $REPS runs per N, $PING_ROUNDS ping rounds" \
		"setup rate = 0.95 N / (pktgen's first packet -> first 10 ms poll with n_flows >= 0.95 N); fpd/ovs: a rate above 1, a time or CPU below 1 favours flowpathd" ||
		fp_fail "table.py"
}

declare -A IMPL_INFO=([fpd]="?" [ovs]="?")
# BENCH_DEFS_ONLY=1: only the definitions, for a script that sources this one.
[ "${BENCH_DEFS_ONLY:-0}" = 1 ] || main
