#!/bin/bash
# 11-kmod-bad-requests: every malformed, unsupported or unprivileged request
# of tests/vm/lib/kmod_bad_requests.py, one at a time, on flowpath.ko: each
# must be refused with its exact errno and an extack message that says what
# was refused and why (and, where there is one, points at the attribute).
# The cases openvswitch.ko refuses the same way run on it first, and must
# get the same errno there. Afterwards nothing is left and the module
# unloads (the runner also fails the scenario on a WARN, BUG or leak).
#
#   bva <=veth=> bvb    bva: port 7 of fpb0 (which also has internal fpbi1)
#   bvc <=veth=> bvd    bvc: port of fpb1
#   bvx <=veth=> bvy    bvx: free; the refused requests name it
#   bve <=veth=> bvf    bve: a port of bridge bbr0
#   bip0                an ipip tunnel, not an Ethernet device
#
# The datapaths are made by the case runner through netlink, identically
# for both modules, and it deletes them at the end.

. "$FP_ROOT/tests/vm/lib/common.sh"

runner=$FP_ROOT/tests/vm/lib/kmod_bad_requests.py
command -v python3 >/dev/null || fp_skip "no python3"

fp_veth bva "" bvb ""
fp_veth bvc "" bvd ""
fp_veth bvx "" bvy ""
fp_veth bve "" bvf ""
ip link add bbr0 type bridge || fp_fail "bridge bbr0"
fp_cleanup_add ip link delete bbr0
ip link set bve master bbr0 || fp_fail "bve into bbr0"
modprobe ipip || fp_fail "modprobe ipip"
ip link add bip0 type ipip local 192.0.2.1 remote 192.0.2.2 || fp_fail "ipip bip0"
fp_cleanup_add ip link delete bip0

failed=()

# ---- openvswitch.ko: the errno of every case it answers the same way ----
modprobe openvswitch || fp_fail "modprobe openvswitch"
fp_cleanup_add rmmod openvswitch
fp_log "openvswitch.ko"
python3 "$runner" --module openvswitch || failed+=(openvswitch.ko)
rmmod openvswitch || fp_fail "rmmod openvswitch after its cases"

# ---- flowpath.ko: errno, extack message and attribute of every case ----
# shellcheck disable=SC2119 # no module parameters: the default prefix
fp_load_flowpath
fp_log "flowpath.ko"
python3 "$runner" --module flowpath || failed+=(flowpath.ko)

timeout 60 rmmod flowpath || fp_fail "rmmod flowpath after the cases"
left=$(ip -o link show | grep -o 'fpb[^:@ ]*' | sort -u | tr '\n' ' ')
[ -z "$left" ] || fp_fail "devices left after rmmod: $left"
for dev in bva bvc; do
	fp_expect_match 'promiscuity 0' "$(ip -d link show "$dev")" "$dev released"
	ip link show "$dev" | grep -q master && fp_fail "$dev still has a master"
done
fp_genl_families | grep -q '^ovs_' && fp_fail "families left: $(fp_genl_families | tr '\n' ' ')"

[ ${#failed[@]} -eq 0 ] || fp_fail "cases failed on: ${failed[*]} (lines marked FAIL above)"
fp_log "ok: every case answered as expected, and flowpath.ko unloaded cleanly"
