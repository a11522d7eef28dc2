#!/bin/bash
# flowpathd on flowpath.ko: the datapath takes per-CPU upcall dispatch and
# the megaflows flowpathd installs, so after the first packets of each pair
# traffic stays in the kernel: a TCP stream makes almost no upcalls and
# its bytes show on its megaflow, read both through flowpathd and from the
# datapath itself.
#
#   ns h1 [e0 10.0.0.1/24]---veth---[h1p] \
#   ns h2 [e0 10.0.0.2/24]---veth---[h2p] -- br0 on flowpath.ko <-> flowpathd
#   ns h3 [e0 10.0.0.3/24]---veth---[h3p] /    rule: actions=normal
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"

fp_load_flowpath

fpd_host h1 10.0.0.1 h1p
fpd_host h2 10.0.0.2 h2p
fpd_host h3 10.0.0.3 h3p

# The bridge comes from the config file this time.
cat >"$FPD_CONF" <<EOT
bridge br0
port br0 h1p
port br0 h2p
port br0 h3p
rule br0 actions=normal
EOT
fpd_start --handlers 2
fp_cleanup_add "[ -d /sys/module/flowpath ] && $FPCTL dp del br0"

show=$(fpd_json show br0)
echo "show: $show"
fp_expect_eq per-cpu "$(jq -r '.bridges[0].upcalls' <<<"$show")" \
	"flowpath.ko takes per-CPU upcall dispatch"
fp_expect_eq 4 "$(jq '.bridges[0].ports | length' <<<"$show")" "br0 has its 3 ports and br0"

for a in 1 2 3; do
	for b in 1 2 3; do
		[ $a = $b ] && continue
		ip netns exec h$a ping -c 3 -i 0.2 -W 2 10.0.0.$b >/dev/null ||
			fp_fail "ping h$a -> h$b through br0"
	done
done
fp_log "ok: all six pairs ping"

ip netns exec h3 iperf3 -s -1 -D -B 10.0.0.3 >/dev/null || fp_fail "iperf3 server in h3"
listening() { ip netns exec h3 ss -ltn | grep -q ':5201 '; }
fpd_wait_until 10 "iperf3 server listening" listening
iperf=$(ip netns exec h1 iperf3 -c 10.0.0.3 -t 3 -J) || fp_fail "iperf3 h1 -> h3: $iperf"
bytes=$(jq '.end.sum_received.bytes' <<<"$iperf")
[ "$bytes" -gt 1000000 ] || fp_fail "iperf3 moved only $bytes bytes"
fp_log "ok: iperf3 h1 -> h3 moved $bytes bytes"

# The stream's megaflow, as the datapath counts it.
kernel_bytes() {
	$FPCTL -j dp dump-flows br0 | jq '[.flows[] | select(.match | test("in_port\\(1\\)")) |
		select(.actions == "3") | .bytes] | max // 0'
}
fp_expect_eq true "$([ "$(kernel_bytes)" -gt $((bytes / 2)) ] && echo true)" \
	"the datapath's megaflow h1p -> h3p counted the stream ($(kernel_bytes) bytes)"
stream_bytes() {
	fpd_json dump-flows br0 | jq '[.[] | select(.match | test("in_port\\(h1p\\)")) |
		select(.actions == "h3p") | .bytes] | max // 0'
}
stream_counted() { [ "$(stream_bytes)" -gt $((bytes / 2)) ]; }
fpd_wait_until 5 "flowpathd's dump-flows shows the stream's bytes" stream_counted
flows=$(fpd_json dump-flows br0)
n=$(jq 'length' <<<"$flows")
[ "$n" -ge 6 ] || fp_fail "only $n megaflows after six pings and a stream"
fp_expect_eq true "$(jq 'all(.[]; .layer == "kmod")' <<<"$flows")" "every megaflow is in the kernel datapath"

stats=$(fpd_json upcall-stats)
echo "upcall-stats: $stats"
put=$(jq '.total.flows_put' <<<"$stats")
upcalls=$(jq '.total.upcalls' <<<"$stats")
fp_expect_eq 0 "$(jq '.total.put_errors' <<<"$stats")" "installs that failed"
[ "$put" -ge "$n" ] || fp_fail "$put megaflows installed, $n in dump-flows"
[ "$upcalls" -lt 200 ] || fp_fail "$upcalls upcalls: the stream went through userspace"
hit=$($FPCTL -j dp show br0 | jq '.datapaths[0].lookups.hit')
[ "$hit" -gt 500 ] || fp_fail "the datapath counted only $hit hits"
fp_log "ok: $upcalls upcalls, $put megaflows installed, $hit datapath hits"

fpd_stop
