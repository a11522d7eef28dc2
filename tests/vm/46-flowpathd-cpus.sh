#!/bin/bash
# flowpathd with 1, 2 and 4 CPUs online: as many handlers as online CPUs
# by default, per-CPU upcall dispatch over all of them, and forwarding
# whatever the count (Open vSwitch 3.1 computes 0 handlers at 2 CPUs and
# loses every upcall). The guest boots with 4; CPUs go offline by sysfs.
#
#   ns h1 [10.0.0.1]--[h1p] \
#   ns h2 [10.0.0.2]--[h2p] -- br0 on openvswitch.ko (FP_DATAPATH=flowpath:
#                                 flowpath.ko), actions=normal
#   ns h3 [10.0.0.3]--[h3p] /
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"

[ "$(nproc --all)" -ge 4 ] || fp_skip "needs a guest with 4 CPUs (ci/vm-run --smp 4)"
[ -w /sys/devices/system/cpu/cpu1/online ] || fp_skip "CPUs cannot go offline here"
datapath=${FP_DATAPATH:-openvswitch}
if [ "$datapath" = flowpath ]; then
	fp_load_flowpath
else
	modprobe openvswitch || fp_fail "modprobe openvswitch"
	fp_cleanup_add modprobe -r openvswitch
fi
fp_cleanup_add "for c in 1 2 3; do echo 1 >/sys/devices/system/cpu/cpu\$c/online; done"

fpd_host h1 10.0.0.1 h1p
fpd_host h2 10.0.0.2 h2p
fpd_host h3 10.0.0.3 h3p
printf 'bridge br0\nport br0 h1p\nport br0 h2p\nport br0 h3p\nrule br0 actions=normal\n' >"$FPD_CONF"
fp_cleanup_add "[ -d /sys/module/$datapath ] && $FPCTL dp del br0"

# online N: CPUs 0..N-1 online, the others offline.
online() {
	local c
	for c in 1 2 3; do
		echo $((c < $1 ? 1 : 0)) >/sys/devices/system/cpu/cpu$c/online ||
			fp_fail "cpu$c online=$((c < $1 ? 1 : 0))"
	done
	fp_expect_eq "$1" "$(nproc)" "CPUs online"
}

ip netns exec h3 iperf3 -s -D -B 10.0.0.3 -I "$FPD_DIR/iperf3.pid" >/dev/null ||
	fp_fail "iperf3 server in h3"
fp_cleanup_add "kill \$(cat $FPD_DIR/iperf3.pid)"

for cpus in 1 2 4; do
	online $cpus
	# Each run starts without megaflows, so every pair needs upcalls.
	$FPCTL dp del br0 2>/dev/null
	fpd_start
	stats=$(fpd_json upcall-stats)
	fp_expect_eq "$cpus" "$(jq '.handlers | length' <<<"$stats")" "handlers at $cpus CPUs"
	fp_expect_eq per-cpu "$(fpd_json show br0 | jq -r '.bridges[0].upcalls')" \
		"upcall dispatch at $cpus CPUs"
	for a in 1 2 3; do
		for b in 1 2 3; do
			[ $a = $b ] || ip netns exec h$a ping -c 2 -i 0.2 -W 2 10.0.0.$b >/dev/null ||
				fp_fail "ping h$a -> h$b at $cpus CPUs"
		done
	done
	out=$(ip netns exec h1 iperf3 -c 10.0.0.3 -t 2 -J) || fp_fail "iperf3 at $cpus CPUs: $out"
	bytes=$(jq '.end.sum_received.bytes' <<<"$out")
	[ "$bytes" -gt 1000000 ] || fp_fail "iperf3 moved $bytes bytes at $cpus CPUs"
	stats=$(fpd_json upcall-stats)
	fp_expect_eq "0 0" "$(jq -r '"\(.total.overruns) \(.total.put_errors)"' <<<"$stats")" \
		"overruns and failed installs at $cpus CPUs"
	fp_log "ok: $cpus CPUs: every pair pings, iperf3 moved $bytes bytes, $(jq '.total.upcalls' <<<"$stats") upcalls"
	fpd_stop
done
