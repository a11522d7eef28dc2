#!/bin/bash
# The packets of new flows that come while tc takes their filters, policy
# tc-sw. A handler puts each new megaflow into the kernel datapath with the
# packet that missed and moves it into tc once tc has the filter, so those
# packets are forwarded by the kernel instead of going up one by one. Here
# 200 new flows come at once, 20 rounds of a packet each: every packet
# arrives, each is counted once (by a layer, or as an executed upcall),
# every megaflow ends in tc, and no kernel copy stays behind.
#
#   ns h1 [e0 10.0.0.1]--veth--[h1p] \
#                                     br0 <-> flowpathd, policy tc-sw
#   ns h2 [e0 10.0.0.2]--veth--[h2p] /  udp,tp_dst=P -> h2p for P in 1..200
#
# The packets go to 10.0.0.99, which h1 resolves to h2's MAC: h2 drops
# them without an ICMP error that would go up too, counting each in its
# InAddrErrors (e0's own counter also sees the host's IPv6 chatter on h2p).
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"

N=200 ROUNDS=20 FRAME=60	# 14 + 20 + 8 + 18 bytes of payload
TOTAL=$((N * ROUNDS))

fpd_load_datapath
fpd_host h1 10.0.0.1 h1p
fpd_host h2 10.0.0.2 h2p
fpd_static_arp h1 h2
ip netns exec h1 ip neigh replace 10.0.0.99 \
	lladdr "$(ip netns exec h2 cat /sys/class/net/e0/address)" dev e0 nud permanent ||
	fp_fail "static ARP for 10.0.0.99"
{
	echo "policy tc-sw"
	printf 'bridge br0\nport br0 h1p\nport br0 h2p\n'
	for ((p = 1; p <= N; p++)); do
		echo "rule br0 priority=10,udp,in_port=h1p,tp_dst=$p,actions=output:h2p"
	done
} >"$FPD_CONF"
fpd_start --handlers 2 --idle-timeout 600000
fp_cleanup_add "[ -d /sys/module/$FPD_DP_MODULE ] && $FPCTL dp del br0"

rx() {
	ip netns exec h2 awk '$1 == "Ip:" { if (!col) { for (i = 2; i <= NF; i++)
		if ($i == "InAddrErrors") col = i } else print $col }' /proc/net/snmp
}
executed() { fpd_json upcall-stats | jq '.total.executed'; }
to_tc() { fpd_json upcall-stats | jq '.total.flows_to_tc'; }
rx0=$(rx) ex0=$(executed) tc0=$(to_tc)

ip netns exec h1 python3 -c '
import socket, sys
n, rounds = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for r in range(rounds):
    for p in range(1, n + 1):
        s.sendto(b"x" * 18, ("10.0.0.99", p))' $N $ROUNDS ||
	fp_fail "the burst from h1"

udp_flows() { fpd_json dump-flows -m br0 | jq -c '[.[] | select(.match | test("udp"))]'; }
all_in_tc() { [ "$(udp_flows | jq '[.[] | select(.layer == "tc")] | length')" = $N ]; }
fpd_wait_until 20 "$N udp megaflows in tc" all_in_tc
fp_log "ok: $N udp megaflows in tc"
fp_expect_eq $TOTAL $(($(rx) - rx0)) "packets h2 received"
fp_expect_eq $N $(($(to_tc) - tc0)) "megaflows the handlers moved into tc"

# Counters are as of the revalidator's last dump: wait for one after the
# burst. A packet counted twice would push the sum past TOTAL for good.
accounted() {
	local flows
	flows=$(udp_flows)
	echo $(($(jq '[.[].packets] | add' <<<"$flows") + $(executed) - ex0))
}
for ((i = 0; i < 100; i++)); do
	[ "$(accounted)" = $TOTAL ] && break
	sleep 0.1
done
fp_expect_eq $TOTAL "$(accounted)" "packets counted by a layer or executed from an upcall"
flows=$(udp_flows)
split=$(jq -c '{tc: ([.[].layers.tc.packets] | add), carried_from_kmod: ([.[].layers.carried.packets] | add),
	kmod_now: ([.[].layers.kmod.packets] | add)}' <<<"$flows")
fp_log "ok: $TOTAL packets: $split, $(($(executed) - ex0)) executed from upcalls"
fp_expect_eq $(($(jq '[.[].packets] | add' <<<"$flows") * FRAME)) \
	"$(jq '[.[].bytes] | add' <<<"$flows")" "bytes of $FRAME-byte frames in every layer"
fp_expect_eq 0 "$(ovs-dpctl dump-flows br0 | grep -c 'udp(')" \
	"udp flows left in the kernel datapath"
fpd_stop
