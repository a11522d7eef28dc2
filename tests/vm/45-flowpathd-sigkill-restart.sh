#!/bin/bash
# flowpathd killed with SIGKILL and started again under traffic: the
# megaflows stay in the kernel and keep forwarding while no daemon runs,
# and the new daemon adopts them as they are (same UFIDs, nothing changed
# or deleted), learning its MAC table back from them.
#
#   ns h1 [10.0.0.1]--[h1p] \
#   ns h2 [10.0.0.2]--[h2p] -- br0 on openvswitch.ko, actions=normal
#   ns h3 [10.0.0.3]--[h3p] /
#
# Traffic across the kill: pings h1 -> h2 every 50 ms (none may be lost)
# and an iperf3 stream h1 -> h3 (no 0.5 s interval may be empty).
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"

fpd_load_datapath

fpd_host h1 10.0.0.1 h1p
fpd_host h2 10.0.0.2 h2p
fpd_host h3 10.0.0.3 h3p
# Permanent ARP entries. A host that answers pings never confirms its
# neighbour, so its entry learned from the first ARP goes stale and it
# probes with unicast ARP 5 s later: a new megaflow, which no daemon
# installs while none runs. Three probes lost in the restart window and
# the entry fails, taking ~3 s of echo replies with it (one run in four on
# flowpath.ko). Only the flows that exist when the daemon dies are
# promised to go on forwarding.
fpd_static_arp h1 h2 h3
printf 'bridge br0\nport br0 h1p\nport br0 h2p\nport br0 h3p\nrule br0 actions=normal\n' >"$FPD_CONF"
conf_before=$(cat "$FPD_CONF")
fpd_start --handlers 2
fp_cleanup_add "[ -d /sys/module/$FPD_DP_MODULE ] && $FPCTL dp del br0"

for a in 1 2 3; do
	for b in 1 2 3; do
		[ $a = $b ] || ip netns exec h$a ping -c 1 -W 2 10.0.0.$b >/dev/null ||
			fp_fail "ping h$a -> h$b"
	done
done
ip netns exec h3 iperf3 -s -1 -D -B 10.0.0.3 >/dev/null || fp_fail "iperf3 server in h3"
listening() { ip netns exec h3 ss -ltn | grep -q ':5201 '; }
fpd_wait_until 10 "iperf3 server listening" listening

ip netns exec h1 ping -i 0.05 -W 1 10.0.0.2 >"$FPD_DIR/ping.out" 2>&1 &
pinger=$!
fp_cleanup_add "kill $pinger"
ip netns exec h1 iperf3 -c 10.0.0.3 -t 8 -i 0.5 -J >"$FPD_DIR/iperf.json" 2>&1 &
iperf=$!
sleep 2

# The megaflows of the ping and the stream: used in the last second.
busy() {
	fpd_json dump-flows br0 | jq -r '[.[] | select(.packets > 0) | select(.used_ms < 1000) |
		select(.match | contains("eth_type(0x0800)")) | .ufid] | sort | join(" ")'
}
ufids=$(busy)
[ "$(wc -w <<<"$ufids")" -ge 2 ] || fp_fail "fewer than 2 busy megaflows: '$ufids'"
fpd_kill
# Counted once the daemon is gone: a handler may install a last megaflow
# while it is being killed.
kernel_before=$(ovs-dpctl dump-flows br0 | grep -c actions:)
fp_log "flowpathd killed with $kernel_before megaflows in the kernel"
sleep 2
fp_expect_eq "$kernel_before" "$(ovs-dpctl dump-flows br0 | grep -c actions:)" \
	"megaflows in the kernel while no daemon runs"

fpd_start --handlers 2
adopted() { [ "$(fpd_json upcall-stats | jq '.revalidator.adopted')" -ge "$kernel_before" ]; }
fpd_wait_until 10 "the new daemon adopts every megaflow" adopted
# The same flows, not reinstalled: every busy UFID is in the new record.
all_ufids=$(fpd_json dump-flows br0 | jq -r '[.[].ufid] | join(" ")')
for u in $ufids; do
	grep -qw -- "$u" <<<"$all_ufids" || fp_fail "busy megaflow $u is not among the adopted: $all_ufids"
done
fp_log "ok: the busy megaflows kept their UFIDs: $ufids"
stats=$(fpd_json upcall-stats)
echo "upcall-stats: $stats"
fp_expect_eq "0 0" "$(jq -r '"\(.revalidator.modified) \(.revalidator.deleted_stale)"' <<<"$stats")" \
	"megaflows modified and deleted as stale on adoption"
[ "$(fpd_json dump-macs br0 | jq length)" -ge 3 ] ||
	fp_fail "the MAC table was not learned back: $(fpctl dump-macs br0)"
fp_log "ok: adopted as they were, MACs learned back from them"
fp_expect_eq "$conf_before" "$(cat "$FPD_CONF")" "the config after the restart"

wait $iperf || fp_fail "iperf3 across the restart: $(cat "$FPD_DIR/iperf.json")"
empty=$(jq '[.intervals[] | select(.sum.bytes == 0)] | length' "$FPD_DIR/iperf.json")
fp_expect_eq 0 "$empty" "empty 0.5 s intervals of the stream across the kill"
kill -INT $pinger
wait $pinger
tail -n 3 "$FPD_DIR/ping.out"
# 20 pings a second for 10 s and more: at least 150 answered.
fp_expect_ping_unbroken "$FPD_DIR/ping.out" 150 "no ping lost across the kill"
fp_log "ok: forwarding never stopped"
fpd_stop
