#!/bin/bash
# 71-kmod-ovs-vswitchd: Debian's Open vSwitch 3.1 (ovsdb-server +
# ovs-vswitchd, a fresh database in /tmp) runs a bridge on flowpath.ko as
# its kernel datapath: a NORMAL bridge over two veths carries ping and an
# iperf3 TCP stream, the megaflows OVS installs in the kernel count the
# traffic, and OVS logs no datapath error.
#
#   ns a [e0 10.0.0.1]--veth--[ap] \                / [bp]--veth--[e0 10.0.0.2] ns b
#                                   br0 (NORMAL) on system@ovs-system
#
# FP_DATAPATH=openvswitch runs it on the in-tree module (to prove the test),
# default flowpath. Needs -smp 4 (OVS 3.1 starts no handler with fewer).
. "$FP_ROOT/tests/vm/lib/common.sh"

command -v ovs-vswitchd >/dev/null || fp_skip "no ovs-vswitchd (openvswitch-switch)"
command -v iperf3 >/dev/null || fp_skip "no iperf3"
datapath=${FP_DATAPATH:-flowpath}
OVS=$(mktemp -d /tmp/ovs71.XXXXXX)
fp_cleanup_add rm -rf "$OVS"
export OVS_RUNDIR=$OVS OVS_LOGDIR=$OVS OVS_DBDIR=$OVS
LOG=$OVS/ovs-vswitchd.log

# A log line that says OVS could not use the datapath: an error, a failure,
# or a datapath-layer warning. Not the feature probes at start-up ("ct_state
# flow probe failed"): a datapath may lack a feature (conntrack, say) and
# OVS then does without it; those are listed, not failed on.
BAD_LOG='\|(ERR|EMER)\||failed to|\|(dpif|dpif_netlink|dpif_netlink_rtnl|netdev_linux|ofproto_dpif)(\([a-z0-9_]+\))?\|WARN\|'
PROBE_LOG='flow probe failed|Datapath does not support'

fail_with_log() {
	echo "---- ovs-vswitchd.log" >&2
	cat "$LOG" >&2
	fp_fail "$*"
}

load_datapath() {
	case $datapath in
	openvswitch)
		modprobe openvswitch || fp_fail "modprobe openvswitch"
		fp_cleanup_add modprobe -r openvswitch ;;
	flowpath)
		fp_load_flowpath ;;
	*) fp_fail "FP_DATAPATH=$datapath: openvswitch or flowpath" ;;
	esac
}

hosts_up() {
	local i=1 ns
	for ns in a b; do
		fp_netns_add $ns
		ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || fp_fail "sysctl in $ns"
		fp_veth e0 $ns ${ns}p ""
		fp_addr $ns e0 10.0.0.$i/24
		i=$((i + 1))
	done
}

ovs_up() {
	ovsdb-tool create "$OVS/conf.db" /usr/share/openvswitch/vswitch.ovsschema ||
		fp_fail "ovsdb-tool create"
	ovsdb-server "$OVS/conf.db" --remote=punix:"$OVS/db.sock" --pidfile --detach \
		--log-file || fp_fail "ovsdb-server"
	fp_cleanup_add "kill \$(cat $OVS/ovsdb-server.pid)"
	ovs-vsctl --no-wait init || fp_fail "ovs-vsctl init"
	ovs-vswitchd unix:"$OVS/db.sock" --pidfile --detach --log-file ||
		fail_with_log "ovs-vswitchd did not start"
	fp_cleanup_add "ovs-dpctl del-dp ovs-system"
	fp_cleanup_add "kill \$(cat $OVS/ovs-vswitchd.pid)"
	ovs-vsctl add-br br0 -- add-port br0 ap -- add-port br0 bp ||
		fail_with_log "ovs-vsctl add-br br0 with ports ap, bp"
	ovs-vsctl --timeout=20 wait-until Interface ap ofport'>'0 ||
		fail_with_log "port ap has no OpenFlow port number"
}

# The bridge must be on the kernel datapath (not a userspace fallback) with
# both ports in it.
check_datapath() {
	local show
	show=$(ovs-appctl dpif/show) || fail_with_log "ovs-appctl dpif/show"
	fp_log "dpif/show: $(tr -s ' \n' ' ' <<<"$show")"
	fp_expect_match '^system@ovs-system:' "$show" "br0 runs on the kernel datapath system@ovs-system"
	show=$(ovs-dpctl show ovs-system 2>&1) || fail_with_log "ovs-dpctl show: $show"
	fp_expect_match 'port [0-9]+: ap' "$show" "ap is a port of the kernel datapath"
	fp_expect_match 'port [0-9]+: bp' "$show" "bp is a port of the kernel datapath"
	[ "$datapath" = flowpath ] && fp_expect_match '^flowpath ' "$(lsmod | grep -E '^(flowpath|openvswitch) ')" \
		"flowpath.ko is the module serving it"
	fp_log "datapath features: $(ovs-appctl dpif/show-dp-features br0 | tr -s ' \n' ' ')"
}

traffic() {
	local out bytes
	out=$(ip netns exec a ping -c 5 -i 0.2 -W 3 10.0.0.2 2>&1) ||
		fail_with_log "ping a -> b through br0: $out"
	fp_log "ok: ping a -> b: $(grep -o '[0-9]* received' <<<"$out")"
	ip netns exec b iperf3 -s -1 -p 5201 >"$OVS/iperf-s.log" 2>&1 &
	fp_cleanup_add "kill $! 2>/dev/null"
	sleep 1
	out=$(ip netns exec a iperf3 -c 10.0.0.2 -p 5201 -t 3 -J 2>&1) ||
		fail_with_log "iperf3 a -> b: $(tail -n 20 <<<"$out")"
	bytes=$(jq '.end.sum_received.bytes' <<<"$out")
	[ "${bytes:-0}" -gt 0 ] 2>/dev/null || fail_with_log "iperf3 received '$bytes' bytes"
	fp_log "ok: iperf3 a -> b: $bytes bytes, $(jq '.end.sum_received.bits_per_second / 1e6 | floor' <<<"$out") Mbit/s"
}

# Megaflows in the kernel with non-zero counters: TCP one way and the other.
check_megaflows() {
	local dump hit
	dump=$(ovs-appctl dpctl/dump-flows --names) || fail_with_log "dpctl/dump-flows"
	echo "$dump" | sed 's/^/   /'
	hit=$(grep -E 'eth_type\(0x0800\)' <<<"$dump" | grep -Evc 'packets:0,')
	[ "$hit" -ge 2 ] || fail_with_log "$hit IPv4 megaflows with packets in the kernel, expected at least 2"
	fp_expect_match 'in_port\(ap\).*packets:[1-9][0-9]*' "$dump" "a megaflow from ap counts packets"
	fp_expect_match 'in_port\(bp\).*packets:[1-9][0-9]*' "$dump" "a megaflow from bp counts packets"
	dump=$(ovs-dpctl show -s ovs-system)
	fp_log "datapath: $(grep -E 'lookups|flows' <<<"$dump" | tr -s ' \n' ' ')"
}

check_log() {
	fp_log "features the datapath lacks, by OVS's probes: $(grep -o 'Datapath does not support .*' "$LOG" |
		sed 's/Datapath does not support //' | sort -u | tr '\n' ';')"
	if grep -E "$BAD_LOG" "$LOG" | grep -Evq "$PROBE_LOG"; then
		grep -E "$BAD_LOG" "$LOG" | grep -Ev "$PROBE_LOG" >&2
		fail_with_log "ovs-vswitchd logged datapath errors"
	fi
	fp_log "ok: no datapath error in ovs-vswitchd.log ($(wc -l <"$LOG") lines)"
}

load_datapath
hosts_up
ovs_up
check_datapath
traffic
check_megaflows
check_log
ovs-appctl -t ovs-vswitchd exit --cleanup || fail_with_log "ovs-vswitchd exit --cleanup"
fp_log "ok: ovs-vswitchd ran br0 on $datapath.ko"
