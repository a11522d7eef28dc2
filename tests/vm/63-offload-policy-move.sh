#!/bin/bash
# A megaflow moves between layers when its port's policy changes at run
# time, and keeps its counters: 10 packets through tc, then kmod, then 10
# through the kernel datapath; 20 in all, and back again.
#
#   ns h1 [e0 10.0.0.1]--veth--[h1p] \
#                                     br0 <-> flowpathd
#   ns h2 [e0 10.0.0.2]--veth--[h2p] /   ip,in_port=h1p -> h2p and back
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"
. "$FP_ROOT/tests/vm/lib/offload.sh"

fpd_load_datapath

fpd_start --handlers 2
off_two_hosts
fpctl set-policy tc-sw || fp_fail "set-policy tc-sw"
ip netns exec h1 ping -c 1 -W 2 10.0.0.2 >/dev/null || fp_fail "first ping"
layer_is() { [ "$(off_flow_json h1p h2p | jq -r .layer)" = "$1" ]; }
fpd_wait_until 5 "the megaflow in tc" layer_is tc
ip netns exec h1 ping -c 10 -i 0.05 -W 2 10.0.0.2 >/dev/null || fp_fail "10 pings through tc"
count_is() { [ "$(off_flow_json h1p h2p | jq .packets)" = "$1" ]; }
fpd_wait_until 5 "10 packets counted in tc" count_is 10
ufid=$(off_flow_json h1p h2p | jq -r .ufid)

fpctl set-policy h1p kmod || fp_fail "set-policy h1p kmod"
fpd_wait_until 5 "the megaflow moved to kmod" layer_is kmod
flow=$(off_flow_json h1p h2p)
echo "after the move: $flow"
fp_expect_eq "$ufid" "$(jq -r .ufid <<<"$flow")" "the same megaflow"
fp_expect_eq 10 "$(jq .packets <<<"$flow")" "the counters came along"
fp_expect_eq 10 "$(jq '.layers.carried.packets' <<<"$flow")" "carried from tc"
off_tc_by_cookie h1p "$ufid" >/dev/null && fp_fail "its tc filter is still there"
fp_expect_eq tc "$(off_flow_json h2p h1p | jq -r .layer)" "h2p's flows keep the global policy"

ip netns exec h1 ping -c 10 -i 0.05 -W 2 10.0.0.2 >/dev/null || fp_fail "10 pings through kmod"
fpd_wait_until 5 "20 packets in all" count_is 20
fp_expect_eq 10 "$(off_flow_json h1p h2p | jq '.layers.kmod.packets')" "the datapath's share"

fpctl set-policy h1p default || fp_fail "set-policy h1p default"
fpd_wait_until 5 "the megaflow back in tc" layer_is tc
ip netns exec h1 ping -c 5 -i 0.05 -W 2 10.0.0.2 >/dev/null || fp_fail "5 pings through tc again"
fpd_wait_until 5 "25 packets in all" count_is 25
fp_log "ok: tc -> kmod -> tc, $(off_flow_json h1p h2p | jq -c '{packets, layers}')"

fpd_stop
