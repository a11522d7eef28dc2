#!/bin/bash
# 12-kmod-stress: flowpath.ko's control plane churned for 15 s while frames
# flow through it (tests/vm/lib/kmod_stress.py): ports attached, detached,
# renumbered and pulled out from under it by deleting their veth; upcall ids
# and features changed; datapaths created and deleted, dumped meanwhile;
# namespaces born and killed with a datapath inside. At the end the
# datapath has exactly the ports a model of it predicts, every upcall not
# counted lost was received, the module unloads with the datapath still
# there, and every device it held is released. The runner fails the
# scenario on any WARN, BUG, lockdep splat or leak in the kernel log.
#
#   b0..b3 =veth= a0..a3 --(come and go)--+
#   t1 =veth= t0 --(tmp0..tmp2, in turn)   |
#   internal i0..i2 --(come and go)-------+-- dps --upcalls--> 2 receivers
#   netns (x N) [y =veth= x -- d]               (one loses some)
#
# FP_STRESS_SECONDS (default 15) and FP_STRESS_SEED repeat a run.

. "$FP_ROOT/tests/vm/lib/common.sh"

command -v python3 >/dev/null || fp_skip "no python3"
seconds=${FP_STRESS_SECONDS:-15}

# No IPv6: the only frames are the ones the stress sends, so upcalls can be
# counted exactly.
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 ||
	fp_fail "cannot turn IPv6 off"
for i in 0 1 2 3; do
	fp_veth "a$i" "" "b$i" ""
done
fp_veth t0 "" t1 ""

# shellcheck disable=SC2119 # no module parameters: the default prefix
fp_load_flowpath
python3 "$FP_ROOT/tests/vm/lib/kmod_stress.py" --seconds "$seconds" \
	${FP_STRESS_SEED:+--seed "$FP_STRESS_SEED"} || fp_fail "kmod_stress.py (see above)"

# dps and some ports are still there: unloading must take them down.
timeout 120 rmmod flowpath || fp_fail "rmmod flowpath after the stress"
left=$(ip -o link show | grep -oE '(dps|tmp[0-9]|i[0-9])[:@]' | tr '\n' ' ')
[ -z "$left" ] || fp_fail "devices of the datapaths left after rmmod: $left"
for dev in a0 a1 a2 a3 t0; do
	ip -d link show "$dev" | grep -q 'promiscuity 0' || fp_fail "$dev still promiscuous"
	ip link show "$dev" | grep -q master && fp_fail "$dev still has a master"
done
fp_log "ok: rmmod took dps down; a0..a3 and t0 released"
netns=$(ip netns list)
[ -z "$netns" ] || fp_fail "named namespaces left: $netns"
