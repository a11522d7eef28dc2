#!/bin/bash
# flowpathd as an L2 learning switch on openvswitch.ko: three hosts on one
# bridge whose only rule is actions=normal.
#
#   ns h1 [e0 10.0.0.1/24]---veth---[h1p] \
#   ns h2 [e0 10.0.0.2/24]---veth---[h2p] -- br0 (datapath br0) <-> flowpathd
#   ns h3 [e0 10.0.0.3/24]---veth---[h3p] /       rule: actions=normal
#
# Every pair pings, an iperf3 TCP stream runs h1 -> h3, and the megaflows
# flowpathd installed are there in dump-flows with their counters: the
# stream went through the kernel's flow table, not through upcalls. A bad
# rule is refused with its token and reason and loses nothing.
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"

fpd_load_datapath

fpd_host h1 10.0.0.1 h1p
fpd_host h2 10.0.0.2 h2p
fpd_host h3 10.0.0.3 h3p

fpd_start --handlers 2
fp_cleanup_add "[ -d /sys/module/$FPD_DP_MODULE ] && $FPCTL dp del br0"
fpctl add-br br0 || fp_fail "add-br br0"
for p in h1p h2p h3p; do
	fpctl add-port br0 $p || fp_fail "add-port br0 $p"
done
fpctl add-flow br0 actions=normal || fp_fail "add-flow br0 actions=normal"

show=$(fpd_json show br0)
echo "show: $show"
fp_expect_eq "br0:0 h1p:1 h2p:2 h3p:3" \
	"$(jq -r '[.bridges[0].ports[] | "\(.name):\(.port_no)"] | join(" ")' <<<"$show")" \
	"br0's ports and their datapath numbers"
fp_expect_match '^port br0 h3p$' "$(cat "$FPD_CONF")" "the config file has the ports"
fp_expect_match '^rule br0 actions=normal$' "$(cat "$FPD_CONF")" "the config file has the rule"

# Every pair, both ways; the first ping of a pair floods, later ones unicast.
for a in 1 2 3; do
	for b in 1 2 3; do
		[ $a = $b ] && continue
		ip netns exec h$a ping -c 3 -i 0.2 -W 2 10.0.0.$b >/dev/null ||
			fp_fail "ping h$a -> h$b through br0"
	done
done
fp_log "ok: all six pairs ping"

macs=$(fpd_json dump-macs br0)
fp_expect_eq 3 "$(jq 'length' <<<"$macs")" "MACs learned on br0"

ip netns exec h3 iperf3 -s -1 -D -B 10.0.0.3 >/dev/null || fp_fail "iperf3 server in h3"
listening() { ip netns exec h3 ss -ltn | grep -q ':5201 '; }
fpd_wait_until 10 "iperf3 server listening" listening
iperf=$(ip netns exec h1 iperf3 -c 10.0.0.3 -t 3 -J) || fp_fail "iperf3 h1 -> h3: $iperf"
bytes=$(jq '.end.sum_received.bytes' <<<"$iperf")
[ "$bytes" -gt 1000000 ] || fp_fail "iperf3 moved only $bytes bytes"
fp_log "ok: iperf3 h1 -> h3 moved $bytes bytes"

# The revalidator refreshes counters every 0.5 s: the stream's megaflow
# (h1's MAC to h3's, out of h3p) must show most of those bytes.
stream_bytes() {
	fpd_json dump-flows br0 | jq '[.[] | select(.match | test("in_port\\(h1p\\)")) |
		select(.actions == "h3p") | .bytes] | max // 0'
}
stream_counted() { [ "$(stream_bytes)" -gt $((bytes / 2)) ]; }
fpd_wait_until 5 "dump-flows shows the stream's bytes" stream_counted
flows=$(fpd_json dump-flows br0)
echo "dump-flows: $flows"
fp_log "ok: megaflow h1p -> h3p carried $(stream_bytes) bytes"
n=$(jq 'length' <<<"$flows")
[ "$n" -ge 6 ] || fp_fail "only $n megaflows after six pings and a stream"
fp_expect_eq true "$(jq 'all(.[]; .ufid != "" and .age_ms >= .used_ms)' <<<"$flows")" \
	"every megaflow has a ufid, and was used after it was made"
text=$(fpctl dump-flows br0) || fp_fail "dump-flows br0"
echo "$text"
fp_expect_match '^br0: ufid:[0-9a-f-]+, .*in_port\(h1p\).*packets:[0-9]+, bytes:[0-9]+, used:[0-9.]+s, age:[0-9.]+s, actions:h3p' \
	"$text" "dump-flows text shows counters, used and age"

# Each miss was installed once; the stream itself made no upcalls.
stats=$(fpd_json upcall-stats)
echo "upcall-stats: $stats"
put=$(jq '.total.flows_put' <<<"$stats")
upcalls=$(jq '.total.upcalls' <<<"$stats")
[ "$put" -ge "$n" ] || fp_fail "$put megaflows installed, $n in dump-flows"
[ "$upcalls" -lt 200 ] || fp_fail "$upcalls upcalls: the stream went through userspace"
fp_log "ok: $upcalls upcalls, $put megaflows installed"

# A bad rule: refused with exit 2, its token and reason; nothing lost.
if out=$(fpctl add-flow br0 priority=10,ip,nw_dst=10.0.0.300,actions=drop 2>&1); then
	fp_fail "a rule with nw_dst=10.0.0.300 was accepted"
else
	rc=$?
fi
fp_expect_eq 2 "$rc" "exit status of a bad rule"
fp_expect_match "10\.0\.0\.300" "$out" "the refusal names the token"
fp_log "refusal: $out"
fp_expect_eq "priority=32768,actions=NORMAL" "$(fpctl dump-rules br0)" "rules after the refusal"
ip netns exec h2 ping -c 1 -W 2 10.0.0.1 >/dev/null || fp_fail "ping h2 -> h1 after the refusal"

fpd_stop
[ -e "$FPD_SOCK" ] && fp_fail "the control socket outlived the daemon"
fp_log "ok: flowpathd stopped and removed its socket"
