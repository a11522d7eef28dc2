# shellcheck shell=bash
# What conformance cases (tests/vm/lib/conform/cases/*.case) run with;
# sourced by tests/vm/70-kmod-conformance.sh. A case is a bash snippet that
# prints a transcript: the commands it runs, their normalised output and
# exit status, the frames the hosts received. The same case runs on
# openvswitch.ko and on flowpath.ko and the two transcripts must be equal.
#
# Topology each case starts from (fresh veths, so device counters are 0):
#
#   ns h1 [e0 02:00:00:00:00:01]--veth--[h1p] port 1 \
#   ns h2 [e0 02:00:00:00:00:02]--veth--[h2p] port 2  dp0 (port 0: dp0, internal, down)
#   ns h3 [e0 02:00:00:00:00:03]--veth--[h3p] port 3 /
#
# No host has an address and IPv6 is off everywhere, so nothing but the
# frames a case sends crosses the datapath (a case that wants the stack,
# like ping, gives addresses itself with host_addrs). A case whose first
# line is "# setup: none" gets the veths but no datapath.

CONFORM_DIR=$FP_ROOT/tests/vm/lib/conform
HOSTS=(h1 h2 h3)

# Removes what differs between two correct datapaths, or between two runs
# of the same one. Each rule, and why:
#  - a log line's timestamp and sequence number ("2026-...Z|00002|"): the
#    time is the run's; the number counts the lines before it, which the
#    next rule may drop.
#  - dpif_netlink's INFO lines about meters and the upcall dispatch mode:
#    ovs-dpctl probes them on every open, they answer no command under test,
#    and flowpath.ko has neither a meter family nor per-CPU dispatch (the
#    commands that would use them are not in these cases).
#  - "used:0.123s" -> "used:Ns": the age of the last hit; "never" is kept.
#  - "caches:"/"masks-cache:" and "cache: hit:H hit-rate:R" in show: the
#    per-CPU mask cache (OVS_DP_ATTR_MASKS_CACHE_SIZE, and its hit count in
#    the megaflow stats) is a lookup accelerator, not a behaviour; its hits
#    depend on which CPU a packet was handled on.
#  - in "masks: hit:H total:T hit/pkt:R" only T is kept: H counts masks
#    probed during lookups, which depends on the order a table tries them.
#  - "ct_state(0/0),ct_zone(0/0),ct_mark(0/0),ct_label(0/0)," in dump-flows
#    -m: openvswitch.ko reports its conntrack fields, fully wildcarded, in
#    every flow; flowpath.ko has no conntrack and refuses any ct match, so it
#    has none to report. Only the all-zero form is removed: a flow that
#    matched on conntrack would still differ.
conform_normalise() {
	sed -E \
		-e 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\|[0-9]+\|//' \
		-e '/^dpif_netlink\|INFO\|The kernel module does not support meters\.$/d' \
		-e '/^dpif_netlink\|INFO\|Datapath dispatch mode: /d' \
		-e 's/used:[0-9]+(\.[0-9]+)?s/used:Ns/g' \
		-e '/^  caches:$/d' -e '/^    masks-cache: /d' -e '/^  cache: hit:[0-9]+ hit-rate:/d' \
		-e 's/^(  masks: )hit:[0-9]+ (total:[0-9]+) hit\/pkt:[0-9.]+$/\1\2/' \
		-e 's/ct_state\(0\/0\),ct_zone\(0\/0\),ct_mark\(0\/0\),ct_label\(0\/0\),//g'
}

# dpctl ARGS...: "$ ovs-dpctl ARGS", the normalised output, "rc=N".
# dump-flows lists the flows in table order, which the uAPI leaves open:
# its lines are sorted.
dpctl() {
	local out rc
	out=$(timeout 60 ovs-dpctl "$@" 2>&1)
	rc=$?
	echo "\$ ovs-dpctl $*"
	out=$(conform_normalise <<<"$out")
	[ "$1" = dump-flows ] && out=$(sort <<<"$out")
	[ -n "$out" ] && echo "$out"
	echo "rc=$rc"
}

show() { dpctl show -s dp0; }
flows() { dpctl dump-flows "$@" dp0; }
flow() { dpctl add-flow dp0 "$@"; }

# send [-f HOST] [-p PRIO] SPEC...: the frames (see pkt.py) out of HOST's e0
# (default h1), and what the other hosts' e0 received.
send() {
	local from=h1 prio=() h to=()
	while :; do
		case $1 in
		-f) from=$2; shift 2 ;;
		-p) prio=(--prio "$2"); shift 2 ;;
		*) break ;;
		esac
	done
	for h in "${HOSTS[@]}"; do [ "$h" = "$from" ] || to+=("$h:e0"); done
	echo "\$ send from $from ${prio[*]} $*"
	python3 "$CONFORM_DIR/pkt.py" xfer --from "$from:e0" \
		--to "$(IFS=,; echo "${to[*]}")" "${prio[@]}" "$@" 2>&1
	echo "rc=$?"
}

# host_addrs: 10.0.0.N/24 on hN's e0, and static neighbours for the others
# (no ARP: the frames that cross are only the ones the case makes).
host_addrs() {
	local i j
	for i in 1 2 3; do
		ip -n "h$i" addr add "10.0.0.$i/24" dev e0
		for j in 1 2 3; do
			[ $i = $j ] || ip -n "h$i" neigh replace "10.0.0.$j" \
				lladdr "02:00:00:00:00:0$j" dev e0 nud permanent
		done
	done
}

# pingc HOST ADDR COUNT: how many of COUNT echo requests got a reply.
pingc() {
	local got
	got=$(ip netns exec "$1" ping -n -q -c "$3" -i 0.2 -W 2 "$2" 2>&1 |
		sed -n 's/.* \([0-9]*\) received.*/\1/p')
	echo "\$ ping from $1 to $2: ${got:-?} of $3 replies"
}

# ---- the topology (run by the driver, not by cases) ----------------------

conform_netns_up() {
	local h
	sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	for h in "${HOSTS[@]}"; do
		fp_netns_add "$h"
		ip netns exec "$h" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || fp_fail "sysctl in $h"
	done
}

# Fresh veth pairs: counters from 0, no address, no neighbour.
conform_veths() {
	local i h
	for i in 1 2 3; do
		h=h$i
		ip link del "${h}p" 2>/dev/null
		ip link add "${h}p" address "02:00:00:00:01:0$i" type veth \
			peer name e0 address "02:00:00:00:00:0$i" netns "$h" || return 1
		ip link set "${h}p" up && ip -n "$h" link set e0 up || return 1
	done
}

conform_veths_down() {
	local h
	for h in "${HOSTS[@]}"; do ip link del "${h}p" 2>/dev/null; done
}

# Deletes every datapath the module has (a case may leave some). fpctl,
# not ovs-dpctl: each ovs-dpctl run costs about a second under TCG.
conform_del_dps() {
	local dp
	for dp in $("$FPCTL" -j dp show 2>/dev/null | jq -r '.datapaths[].name'); do
		"$FPCTL" dp del "$dp" >/dev/null 2>&1
	done
}
