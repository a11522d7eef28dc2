#!/bin/bash
# Mixed placement under policy tc-sw: a megaflow tc cannot express lands in
# the kernel datapath, with the translation's reason, while its neighbours
# land in tc; both forward.
#
#   h1 (10.0.0.1) --h1p\                      priority=40 ip,nw_dst=10.0.0.1 -> h1p  (tc)
#   h2 (10.0.0.2) --h2p-- br0 <-> flowpathd   priority=30 ip,nw_dst=10.0.0.3 -> h3p  (tc)
#   h3 (10.0.0.3) --h3p/                      priority=20 ip,skb_mark=0,nw_dst=10.0.0.2 -> h2p
#                                                 (flower has no skb_mark key: kmod)
#
# The skb_mark rule has the lowest priority: a packet that a higher rule
# takes never consults it, so its megaflow does not match skb_mark; a
# reply to h1 matched it would, had the rule been above.
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"
. "$FP_ROOT/tests/vm/lib/offload.sh"

modprobe openvswitch || fp_fail "modprobe openvswitch"
fp_cleanup_add modprobe -r openvswitch

fpd_start --handlers 2
for i in 1 2 3; do fpd_host h$i 10.0.0.$i h${i}p; done
off_static_arp h1 h2 h3
fpctl add-br br0 || fp_fail "add-br br0"
fp_cleanup_add "[ -d /sys/module/openvswitch ] && $FPCTL dp del br0"
for i in 1 2 3; do fpctl add-port br0 h${i}p || fp_fail "add-port h${i}p"; done
fpctl set-policy tc-sw || fp_fail "set-policy tc-sw"
fpctl add-flow br0 priority=30,ip,nw_dst=10.0.0.3,actions=output:h3p || fp_fail "rule to h3"
fpctl add-flow br0 priority=20,ip,skb_mark=0,nw_dst=10.0.0.2,actions=output:h2p || fp_fail "rule to h2"
fpctl add-flow br0 priority=40,ip,nw_dst=10.0.0.1,actions=output:h1p || fp_fail "rule to h1"

ip netns exec h1 ping -c 5 -i 0.1 -W 2 10.0.0.3 >/dev/null || fp_fail "ping h1 -> h3"
ip netns exec h1 ping -c 5 -i 0.1 -W 2 10.0.0.2 >/dev/null || fp_fail "ping h1 -> h2"
fp_log "ok: both destinations answer"

to() { off_flow_json h1p "$1"; }
settled() { [ "$(to h3p | jq .packets)" = 4 ] && [ "$(to h2p | jq .packets)" = 4 ]; }
fpd_wait_until 5 "counters of both megaflows" settled
h3=$(to h3p) h2=$(to h2p)
echo "to h3: $h3"
echo "to h2: $h2"
fp_expect_eq tc "$(jq -r .layer <<<"$h3")" "the h3 megaflow's layer"
fp_expect_eq null "$(jq -r .why <<<"$h3")" "nothing refused the h3 megaflow"
fp_expect_eq kmod "$(jq -r .layer <<<"$h2")" "the h2 megaflow's layer"
fp_expect_match 'skb_mark' "$(jq -r .why <<<"$h2")" "the reason names the field"
fp_expect_eq tc "$(off_flow_json h3p h1p | jq -r .layer)" "the reply megaflow's layer"
fp_expect_eq 4 "$(jq '.layers.kmod.packets' <<<"$h2")" "the datapath counted the h2 megaflow"
off_tc_by_cookie h1p "$(jq -r .ufid <<<"$h3")" >/dev/null || fp_fail "no tc filter for the h3 megaflow"
off_tc_by_cookie h1p "$(jq -r .ufid <<<"$h2")" >/dev/null && fp_fail "a tc filter for the h2 megaflow"

fpd_stop
