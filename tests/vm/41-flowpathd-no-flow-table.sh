#!/bin/bash
# flowpathd on flowpath.ko, which has no flow table yet: every megaflow
# install is refused with EOPNOTSUPP, so flowpathd stops installing and
# forwards each packet itself (OVS_PACKET_CMD_EXECUTE). Slow, but the hosts
# still talk, and the log says why once rather than once per packet.
#
# flowpath.ko does not execute packets yet either: until it does, the
# scenario checks what holds (per-port dispatch, the refusals seen, said
# once, counted) and skips the forwarding part, naming the reason.
#
#   ns h1 [e0 10.0.0.1/24]---veth---[h1p] \
#   ns h2 [e0 10.0.0.2/24]---veth---[h2p] -- br0 on flowpath.ko <-> flowpathd
#   ns h3 [e0 10.0.0.3/24]---veth---[h3p] /    (upcalls per port)
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"

fp_load_flowpath

fpd_host h1 10.0.0.1 h1p
fpd_host h2 10.0.0.2 h2p
fpd_host h3 10.0.0.3 h3p

# The bridge comes from the config file this time.
cat >"$FPD_CONF" <<EOF
bridge br0
port br0 h1p
port br0 h2p
port br0 h3p
rule br0 actions=normal
EOF
fpd_start --handlers 2
fp_cleanup_add "[ -d /sys/module/flowpath ] && $FPCTL dp del br0"

show=$(fpd_json show br0)
echo "show: $show"
fp_expect_eq per-port "$(jq -r '.bridges[0].upcalls' <<<"$show")" \
	"flowpath.ko refuses per-CPU dispatch: upcalls per port"
fp_expect_eq 4 "$(jq '.bridges[0].ports | length' <<<"$show")" "br0 has its 3 ports and br0"

# The first packet meets the refusal of its install.
ip netns exec h1 ping -c 1 -W 2 10.0.0.2 >/dev/null
fpd_wait_until 10 "flowpathd says the datapath has no flow table" \
	grep -q 'has no flow table' "$FPD_LOG"
stats=$(fpd_json upcall-stats)
fp_expect_eq true "$(jq '.no_flow_table' <<<"$stats")" "upcall-stats says there is no flow table"
fp_expect_eq 1 "$(jq '.total.no_flow_table' <<<"$stats")" \
	"installs tried before flowpathd stopped trying"
if grep -q 'cannot execute packets' "$FPD_LOG"; then
	fp_expect_eq 1 "$(grep -c 'cannot execute packets' "$FPD_LOG")" \
		"the log says once that packets cannot be executed"
	fp_skip "flowpath.ko cannot execute packets yet ($(grep -o 'kernel refused OVS_PACKET_CMD_EXECUTE[^)]*)' "$FPD_LOG" | head -n1)): nothing to forward with"
fi

for a in 1 2 3; do
	for b in 1 2 3; do
		[ $a = $b ] && continue
		ip netns exec h$a ping -c 2 -i 0.2 -W 2 10.0.0.$b >/dev/null ||
			fp_fail "ping h$a -> h$b through br0 without a flow table"
	done
done
fp_log "ok: all six pairs ping, every packet through flowpathd"

ip netns exec h3 iperf3 -s -1 -D -B 10.0.0.3 >/dev/null || fp_fail "iperf3 server in h3"
listening() { ip netns exec h3 ss -ltn | grep -q ':5201 '; }
fpd_wait_until 10 "iperf3 server listening" listening
iperf=$(ip netns exec h1 iperf3 -c 10.0.0.3 -t 2 -J) || fp_fail "iperf3 h1 -> h3: $iperf"
bytes=$(jq '.end.sum_received.bytes' <<<"$iperf")
[ "$bytes" -gt 0 ] || fp_fail "iperf3 moved nothing"
fp_log "ok: iperf3 through the slow path moved $bytes bytes"

stats=$(fpd_json upcall-stats)
echo "upcall-stats: $stats"
fp_expect_eq 0 "$(jq '.total.flows_put' <<<"$stats")" "megaflows installed"
fp_expect_eq 0 "$(jq '.total.put_errors' <<<"$stats")" "installs failed otherwise"
executed=$(jq '.total.executed' <<<"$stats")
[ "$executed" -gt 100 ] || fp_fail "only $executed packets executed"
fp_log "ok: $executed packets forwarded by flowpathd"
fp_expect_eq 0 "$(fpd_json dump-flows | jq 'length')" "dump-flows with no flow table"
fp_expect_eq 1 "$(grep -c 'has no flow table' "$FPD_LOG")" "the log says it once"

fpd_stop
