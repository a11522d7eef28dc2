#!/bin/bash
# fpctl dp against a kernel datapath: create it, attach ports, receive the
# upcalls of packets it cannot forward, see the refusals, delete it.
#
#   ns h1 [e0 10.0.0.1/24]---veth---[h1p] port 1 \
#                                                 dp0 --upcalls--> fpctl dp watch
#   ns h2 [e0 10.0.0.2/24]---veth---[h2p] port 2 /
#
# dp0 has no flows, so nothing is forwarded: every packet is a miss. The
# first packet of a ping to an unknown neighbour is its ARP request (42
# bytes); IPv6 is off in the namespaces so no DAD/MLD packet comes first.
#
# FP_DATAPATH=openvswitch (default: the in-tree module) or flowpath (the
# module built in this tree); FP_FAMILY_PREFIX=ovs (default) or the prefix
# flowpath.ko is loaded with.
. "$FP_ROOT/tests/vm/lib/common.sh"

datapath=${FP_DATAPATH:-openvswitch}
prefix=${FP_FAMILY_PREFIX:-ovs}
tmp=$(mktemp -d)
fp_cleanup_add rm -rf "$tmp"

fp() { "$FPCTL" --family-prefix "$prefix" "$@"; }

# stdout in $out and stderr in $err.
load_datapath() {
	case $datapath in
	openvswitch)
		modprobe openvswitch || fp_fail "modprobe openvswitch"
		fp_cleanup_add modprobe -r openvswitch ;;
	flowpath)
		if [ "$prefix" = ovs ]; then
			fp_load_flowpath
		else
			fp_load_flowpath family_prefix="$prefix"
		fi ;;
	*)
		fp_fail "FP_DATAPATH=$datapath: expected openvswitch or flowpath" ;;
	esac
}

unload_datapath() {
	case $datapath in
	openvswitch) rmmod openvswitch || fp_fail "rmmod openvswitch" ;;
	flowpath) fp_unload_flowpath ;;
	esac
}

# host NS IP: a namespace wired to port <NS>p in the root namespace. IPv6 is
# off and ARP asks once per ping, so each ping is exactly one packet into
# the datapath and no retransmission can reach the next watcher.
host() {
	fp_netns_add "$1"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 || fp_fail "sysctl in $1"
	fp_veth e0 "$1" "$1p" ""
	ip netns exec "$1" sysctl -qw net.ipv4.neigh.e0.mcast_solicit=1 ||
		fp_fail "sysctl in $1"
	fp_addr "$1" e0 "$2/24"
}

# watch_start [-j] ARGS...: fpctl [-j] dp watch ARGS in the background,
# returning once it listens.
watch_start() {
	local json=
	[ "$1" = -j ] && { json=-j; shift; }
	fp $json dp watch "$@" >"$tmp/watch.out" 2>"$tmp/watch.err" &
	watch_pid=$!
	fp_wait_for "$tmp/watch.err" 'listening on dp0' 30
}

# watch_end WANT_RC: waits for the watcher; its stdout in $lines.
watch_end() {
	local rc
	wait "$watch_pid"
	rc=$?
	lines=$(cat "$tmp/watch.out")
	echo "watch stdout: $lines"
	echo "watch stderr: $(cat "$tmp/watch.err")"
	[ "$rc" = "$1" ] || fp_fail "dp watch exited $rc, expected $1"
}

ping_from() {
	ip netns exec "$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1 &&
		fp_fail "ping from $1 to $2 got an answer through a datapath without flows"
}

show_json() { fp -j dp show "$@" || fp_fail "dp show -j $*"; }

load_datapath

fp_expect_rc 1 "unknown family prefix" "$FPCTL" --family-prefix nosuch dp show
fp_expect_match 'generic netlink family nosuch_datapath not found' "$err" \
	"missing family named"

host h1 10.0.0.1
host h2 10.0.0.2

fp_expect_rc 0 "dp add" fp dp add dp0
# Only while the module is there: asking would autoload openvswitch.
fp_cleanup_add "[ -d /sys/module/$datapath ] && $FPCTL --family-prefix $prefix dp del dp0"
fp_expect_eq "" "$out$err" "dp add is quiet"
fp_expect_rc 0 "add-if h1p" fp dp add-if dp0 h1p
fp_expect_rc 0 "add-if h2p" fp dp add-if dp0 h2p
fp_expect_eq "" "$out$err" "dp add-if is quiet"

json=$(show_json)
echo "dp show -j: $json"
fp_expect_eq "0:dp0:internal 1:h1p:netdev 2:h2p:netdev" \
	"$(jq -r '[.datapaths[] | select(.name == "dp0") | .ports[] |
		"\(.port_no):\(.name):\(.type)"] | join(" ")' <<<"$json")" \
	"dp0's ports in dp show -j"
text=$(fp dp show dp0) || fp_fail "dp show dp0"
echo "$text"
fp_expect_match '^  port 2: h2p \(netdev\)$' "$text" "dp show lists h2p"

# One miss from each side: the ARP request that starts each ping.
watch_start dp0 -n 1 -t 20
fp_expect_match 'listening on dp0 \(3 ports\)' "$(cat "$tmp/watch.err")" \
	"watch points all 3 ports at itself"
ping_from h1 10.0.0.2
watch_end 0
fp_expect_eq "upcall miss dp=dp0 in_port=1 (h1p) len=42 eth_type=0x0806" \
	"$lines" "the miss of h1's ARP request"

watch_start -j dp0 -n 1 -t 20
ping_from h2 10.0.0.1
watch_end 0
fp_expect_eq '{"type":"miss","dp":"dp0","in_port":2,"port":"h2p","len":42,"eth_type":2054}' \
	"$lines" "the miss of h2's ARP request, as JSON"
fp_expect_eq true "$(show_json dp0 | jq '.datapaths[0].ports | all(.upcall_pid != 0)')" \
	"ports keep the watcher's upcall pid after it exits"

# Gone, the watcher leaves a stale pid: the kernel counts upcalls as lost.
lost_before=$(show_json dp0 | jq '.datapaths[0].lookups.lost')
ping_from h1 10.0.0.2
lost_after=$(show_json dp0 | jq '.datapaths[0].lookups.lost')
[ "$lost_after" -gt "$lost_before" ] ||
	fp_fail "lost upcalls $lost_before -> $lost_after after the watcher left"
fp_log "ok: upcalls to the stale pid are lost ($lost_before -> $lost_after)"
missed=$(show_json dp0 | jq '.datapaths[0].lookups.missed')
[ "$missed" -ge 3 ] || fp_fail "dp0 counted $missed misses, expected 3 or more"
fp_log "ok: dp0 counted $missed misses"

# -t without enough packets fails, and says so.
watch_start dp0 -n 1 -t 1
watch_end 1
fp_expect_match '0 of 1 upcalls arrived in 1 seconds' "$(cat "$tmp/watch.err")" \
	"watch -t reports the shortfall"

# A real peer: ovs-dpctl reads what fpctl made and, as Open vSwitch 3.1 does
# when it opens a datapath, switches it to per-CPU upcall dispatch, where
# the ports' pids no longer count. dp watch then points the CPUs at itself.
if [ "$prefix" = ovs ] && command -v ovs-dpctl >/dev/null; then
	dpctl=$(ovs-dpctl show dp0 2>&1) || fp_fail "ovs-dpctl show dp0: $dpctl"
	fp_expect_match 'port 2: h2p' "$dpctl" "ovs-dpctl sees the ports fpctl added"
	features=$(show_json dp0 | jq '.datapaths[0].user_features')
	if (((features & 8) == 0)); then
		fp_log "note: user features $features after ovs-dpctl: per-CPU watch not exercised"
	else
		watch_start dp0 -n 1 -t 20
		fp_expect_match 'listening on dp0 \(3 ports, upcalls per CPU\)' \
			"$(cat "$tmp/watch.err")" "watch sees per-CPU dispatch"
		ping_from h2 10.0.0.1
		watch_end 0
		fp_expect_eq "upcall miss dp=dp0 in_port=2 (h2p) len=42 eth_type=0x0806" \
			"$lines" "a miss through per-CPU dispatch"
		fp_expect_eq "$features" "$(show_json dp0 | jq '.datapaths[0].user_features')" \
			"watch keeps the datapath's features"
	fi
fi

# Refusals: exit 1 and the reason.
fp_expect_rc 1 "dp add of an existing datapath" fp dp add dp0
fp_expect_match '^fpctl: dp add: dp0: kernel refused OVS_DP_CMD_NEW: .*File exists' \
	"$err" "dp add refusal names the request and the reason"
fp_expect_rc 1 "add-if of a missing netdev" fp dp add-if dp0 nosuch0
fp_expect_match 'kernel refused OVS_VPORT_CMD_NEW: .*No such device' "$err" \
	"add-if refusal names the request and the reason"
fp_expect_rc 1 "show of a missing datapath" fp dp show nosuch
fp_expect_match 'no datapath named nosuch' "$err" "show of a missing datapath"
fp_expect_rc 2 "a name longer than IFNAMSIZ" fp dp add 0123456789abcdef
fp_expect_match 'longer than 15' "$err" "long names are refused before the kernel"

fp_expect_rc 0 "add-if --internal" fp dp add-if dp0 int0 --internal
fp_expect_eq "3:internal" "$(fp dp show -j dp0 |
	jq -r '.datapaths[0].ports[] | select(.name == "int0") | "\(.port_no):\(.type)"')" \
	"int0 is internal port 3 (dp show -j, -j after the command)"
ip link show int0 >/dev/null || fp_fail "no netdev int0 for the internal port"
fp_expect_rc 0 "del-if int0" fp dp del-if dp0 int0
fp_expect_rc 0 "del-if h2p" fp dp del-if dp0 h2p
fp_expect_eq "0 1" "$(show_json dp0 | jq -r '[.datapaths[0].ports[].port_no] | join(" ")')" \
	"ports left after del-if"
fp_expect_rc 1 "del-if of a detached port" fp dp del-if dp0 h2p

fp_expect_rc 0 "dp del" fp dp del dp0
fp_expect_eq "" "$(show_json | jq -r '.datapaths[].name')" "datapaths after dp del"
fp_expect_rc 1 "dp del of a deleted datapath" fp dp del dp0

unload_datapath
fp_log "ok: $datapath unloads"
