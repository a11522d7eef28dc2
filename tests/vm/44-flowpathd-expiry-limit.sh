#!/bin/bash
# Idle expiry and the flow limit, checked against the kernel's own flow
# table (ovs-dpctl dump-flows, a real peer) as well as flowpathd's record.
#
#   ns h1 [10.0.0.1]--[h1p] \
#   ns h2 [10.0.0.2]--[h2p] -- br0 on openvswitch.ko, actions=normal
#   ns h3 [10.0.0.3]--[h3p] /
#
# 1. --idle-timeout 1000: megaflows a ping left are gone from the kernel
#    within a few revalidator passes; one kept busy stays, same UFID.
# 2. --flow-limit 4 after a SIGKILL: the restarted daemon adopts what it
#    finds, then evicts the idlest down to the limit, keeping the busy one.
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"

fpd_load_datapath
command -v ovs-dpctl >/dev/null || fp_skip "no ovs-dpctl to read the kernel's flows"

fpd_host h1 10.0.0.1 h1p
fpd_host h2 10.0.0.2 h2p
fpd_host h3 10.0.0.3 h3p
printf 'bridge br0\nport br0 h1p\nport br0 h2p\nport br0 h3p\nrule br0 actions=normal\n' >"$FPD_CONF"
fp_cleanup_add "[ -d /sys/module/$FPD_DP_MODULE ] && $FPCTL dp del br0"

kernel_flows() { ovs-dpctl dump-flows br0 | grep -c 'actions:'; }
ping_all() {
	local a b
	for a in 1 2 3; do
		for b in 1 2 3; do
			[ $a = $b ] || ip netns exec h$a ping -c 1 -W 2 10.0.0.$b >/dev/null ||
				fp_fail "ping h$a -> h$b"
		done
	done
}

# ---- 1. idle expiry ----
fpd_start --handlers 2 --idle-timeout 1000
ip netns exec h1 ping -c 1 -W 2 10.0.0.2 >/dev/null || fp_fail "ping h1 -> h2"
# Counted from the daemon: under TCG the kernel's copies may expire before
# ovs-dpctl has even started.
n=$(fpd_json upcall-stats | jq '.total.flows_put')
[ "$n" -ge 2 ] || fp_fail "only $n megaflows installed for a ping"
fp_log "ok: a ping installed $n megaflows"
no_flows() { [ "$(kernel_flows)" = 0 ]; }
fpd_wait_until 10 "idle megaflows leave the kernel" no_flows
fp_expect_eq 0 "$(fpd_json dump-flows | jq length)" "flowpathd's record after expiry"
[ "$(fpd_json upcall-stats | jq '.revalidator.deleted_idle')" -ge "$n" ] ||
	fp_fail "deleted_idle counts fewer than the $n expired megaflows"
fp_log "ok: idle megaflows expired, in the kernel and in flowpathd"

# A busy flow outlives several idle timeouts, under the same UFID.
ip netns exec h1 ping -i 0.2 10.0.0.2 >/dev/null 2>&1 &
pinger=$!
fp_cleanup_add "kill $pinger"
sleep 1
busy_ufid() {
	fpd_json dump-flows br0 | jq -r '[.[] | select(.match | contains("in_port(h1p)")) |
		select(.match | contains("eth_type(0x0800)")) | select(.actions == "h2p") | .ufid] | first'
}
ufid=$(busy_ufid)
[ -n "$ufid" ] && [ "$ufid" != null ] || fp_fail "no megaflow for the busy ping"
sleep 3
fp_expect_eq "$ufid" "$(busy_ufid)" "the busy megaflow's UFID after 3 idle timeouts"

# ---- 2. the flow limit, after a restart ----
# Many megaflows first, under a daemon that lets them live.
fpd_kill
fpd_start --handlers 2 --idle-timeout 60000
ping_all
before=$(kernel_flows)
fpd_kill
fpd_start --handlers 2 --idle-timeout 60000 --flow-limit 4
at_limit() { [ "$(kernel_flows)" -le 4 ]; }
fpd_wait_until 10 "the kernel's flows down to the limit" at_limit
stats=$(fpd_json upcall-stats)
echo "upcall-stats: $stats"
[ "$before" -ge 8 ] || fp_fail "only $before megaflows before the restart"
[ "$(jq '.revalidator.adopted' <<<"$stats")" -ge "$before" ] ||
	fp_fail "adopted fewer than the $before megaflows found"
[ "$(jq '.revalidator.evicted' <<<"$stats")" -ge 1 ] || fp_fail "nothing evicted"
fp_log "ok: $before megaflows found, adopted, evicted down to $(kernel_flows)"
fp_expect_eq "$ufid" "$(busy_ufid)" "the busy megaflow survived the eviction"

# At the limit new flows are not installed, yet forwarded.
ip netns exec h3 ping -c 2 -W 2 10.0.0.1 >/dev/null || fp_fail "ping h3 -> h1 at the limit"
at_limit || fp_fail "more than 4 megaflows after new traffic at the limit"
[ "$(fpd_json upcall-stats | jq '.total.executed')" -ge 2 ] ||
	fp_fail "packets at the limit were not executed"
fp_log "ok: at the limit, new flows are forwarded without megaflows"
kill $pinger
fpd_stop
