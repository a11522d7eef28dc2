#!/bin/bash
# flowpathd killed with SIGKILL while 1,000 megaflows sit in tc (policy
# tc-sw), then restarted with 100 of the rules gone from its config: a
# ping through tc loses nothing during the restart; the new daemon adopts
# the 900 filters a rule still produces and deletes the 100 others. (The
# idle timeout is long: these megaflows carry one packet each.)
#
#   ns h1 [e0 10.0.0.1]--veth--[h1p] \
#                                     br0 <-> flowpathd, policy tc-sw
#   ns h2 [e0 10.0.0.2]--veth--[h2p] /  udp,tp_dst=P -> h2p for P in 1..1000,
#                                       icmp,in_port=h1p -> h2p and back
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"
. "$FP_ROOT/tests/vm/lib/offload.sh"

fpd_load_datapath
fpd_host h1 10.0.0.1 h1p
fpd_host h2 10.0.0.2 h2p
fpd_static_arp h1 h2

write_conf() {
	echo "policy tc-sw"
	echo "bridge br0"
	echo "port br0 h1p"
	echo "port br0 h2p"
	echo "rule br0 priority=5,icmp,in_port=h1p,actions=output:h2p"
	echo "rule br0 priority=5,icmp,in_port=h2p,actions=output:h1p"
	for ((p = 1; p <= $1; p++)); do
		echo "rule br0 priority=10,udp,tp_dst=$p,actions=output:h2p"
	done
} 
N=${FP_OFFLOAD_RESTART_N:-1000} KEEP=$((N * 9 / 10))
write_conf $N >"$FPD_CONF"
fpd_start --handlers 2 --idle-timeout 600000
fp_cleanup_add "[ -d /sys/module/$FPD_DP_MODULE ] && $FPCTL dp del br0"

udp_flows() { fpd_json dump-flows br0 | jq '[.[] | select(.match | test("udp")) | select(.layer == "tc")] | length'; }
ip netns exec h1 python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for p in range(1, int(__import__("sys").argv[1]) + 1):
    s.sendto(b"x" * 18, ("10.0.0.2", p))' "$N"
all_in() { [ "$(udp_flows)" = $N ]; }
fpd_wait_until 60 "$N udp megaflows in tc" all_in
filters() { tc -j filter show dev h1p ingress | jq '[.[] | select(.options.actions)] | length'; }
fp_log "ok: $N udp megaflows in tc"

# A steady ping through tc across the kill and the restart.
ip netns exec h1 ping -c 1 -W 2 10.0.0.2 >/dev/null || fp_fail "first ping"
sleep 1
before=$(filters)	# the udp ones and the ping's
fp_log "$before filters on h1p"
ip netns exec h1 ping -c 100 -i 0.05 -W 1 10.0.0.2 >"$FPD_DIR/ping.out" 2>&1 &
ping_pid=$!
sleep 1
fpd_kill
write_conf $KEEP >"$FPD_CONF"
fpd_start --handlers 2 --idle-timeout 600000
wait $ping_pid
cat "$FPD_DIR/ping.out" | tail -n 3
grep -q ' 0% packet loss' "$FPD_DIR/ping.out" || fp_fail "the ping lost packets across the restart"
fp_log "ok: no ping lost while flowpathd restarted"

nine() { [ "$(udp_flows)" = $KEEP ] && [ "$(filters)" = $((before - N + KEEP)) ]; }
if ! nine; then
	sleep 5
	nine || {
		echo "after the restart: $(udp_flows) udp megaflows in tc, $(filters) filters on h1p"
		fpd_json upcall-stats | head -c 1500; echo
		tail -n 20 "$FPD_LOG"
		fpd_json dump-flows br0 | jq -c '.[0:2]'
		fp_fail "$KEEP megaflows adopted and $((N - KEEP)) filters removed: not so"
	}
fi
stats=$(fpd_json upcall-stats)
echo "upcall-stats: $(jq -c '.revalidator // .' <<<"$stats" | head -c 400)"
ports=$(tc -j filter show dev h1p ingress | jq -r '[.[] | .options.keys.dst_port? // empty] | max')
fp_expect_eq $KEEP "$ports" "the highest udp port left in tc"
fpd_stop
