#!/bin/bash
# Placement policy tc-sw on veth ports: megaflows land in tc flower (in
# software), traffic flows through them, and the counters fpctl shows are
# those of the packets sent.
#
#   ns h1 [e0 10.0.0.1]--veth--[h1p] \
#                                     br0 (openvswitch.ko) <-> flowpathd, policy tc-sw
#   ns h2 [e0 10.0.0.2]--veth--[h2p] /   rules: ip,in_port=h1p -> h2p and back
#
# One ping makes the megaflows (its packets go up as upcalls); the next 20
# go through tc only: the filter's counters and fpctl's merged ones are 20
# packets and 20 frames of 98 bytes (tc counts from the IP header: flowpath
# adds the Ethernet header back). Then an iperf3 stream, and the filters
# carry flowpath's cookie: the megaflow's UFID.
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"
. "$FP_ROOT/tests/vm/lib/offload.sh"

fpd_load_datapath

fpd_start --handlers 2
off_two_hosts
fpctl set-policy tc-sw || fp_fail "set-policy tc-sw"
fp_expect_match '^policy tc-sw$' "$(cat "$FPD_CONF")" "the config file keeps the policy"

ip netns exec h1 ping -c 1 -W 2 10.0.0.2 >/dev/null || fp_fail "first ping h1 -> h2"
in_tc() { [ "$(off_flow_json h1p h2p | jq -r .layer)" = tc ]; }
fpd_wait_until 5 "the h1p -> h2p megaflow in tc" in_tc
ip netns exec h1 ping -c 20 -i 0.05 -W 2 10.0.0.2 >/dev/null || fp_fail "20 pings h1 -> h2"

counted() { [ "$(off_flow_json h1p h2p | jq .packets)" = 20 ]; }
fpd_wait_until 5 "fpctl counts the 20 pings" counted
flow=$(off_flow_json h1p h2p)
echo "megaflow: $flow"
fp_expect_eq 1960 "$(jq .bytes <<<"$flow")" "merged bytes of 20 98-byte frames"
fp_expect_eq 20 "$(jq '.layers.tc.packets' <<<"$flow")" "the tc layer's packets"
fp_expect_eq 0 "$(jq '.layers.kmod.packets' <<<"$flow")" "the kernel datapath saw none"

ufid=$(jq -r .ufid <<<"$flow")
filter=$(off_tc_by_cookie h1p "$ufid") || fp_fail "no filter on h1p with cookie $ufid: $(off_tc_filters h1p)"
echo "filter: $filter"
fp_expect_eq 20 "$(jq '.options.actions[0].stats.packets' <<<"$filter")" "tc's own count"
fp_expect_eq true "$(jq '.options.skip_hw // false' <<<"$filter")" "tc-sw filters are skip_hw"
fp_expect_eq 1 "$(tc -j filter show dev h2p ingress | jq '[.[] | select(.options.actions)] | length')" \
	"one filter on h2p: the reply direction"

ip netns exec h2 iperf3 -s -1 -D -B 10.0.0.2 >/dev/null || fp_fail "iperf3 server in h2"
listening() { ip netns exec h2 ss -ltn | grep -q ':5201 '; }
fpd_wait_until 10 "iperf3 server listening" listening
iperf=$(ip netns exec h1 iperf3 -c 10.0.0.2 -t 2 -J) || fp_fail "iperf3 h1 -> h2: $iperf"
bytes=$(jq '.end.sum_received.bytes' <<<"$iperf")
[ "$bytes" -gt 1000000 ] || fp_fail "iperf3 moved only $bytes bytes"
fp_log "ok: iperf3 through tc moved $bytes bytes"
stream() { [ "$(off_flow_json h1p h2p | jq .bytes)" -gt "$bytes" ]; }
fpd_wait_until 5 "the megaflow counts the stream" stream
stats=$(fpd_json upcall-stats)
[ "$(jq '.total.upcalls' <<<"$stats")" -lt 50 ] || fp_fail "the stream went through upcalls: $stats"

fpd_stop
