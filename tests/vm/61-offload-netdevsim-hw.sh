#!/bin/bash
# Placement policy hw (the default) on a switchdev port: netdevsim takes no
# flower filter in hardware, so a skip_sw filter is refused; the megaflow
# lands in the kernel datapath with the kernel's reason, and traffic still
# flows. A veth port cannot offload at all: its flows say why.
#
#   ns tor [p1 10.0.0.9] == netdevsim "cable" == [uplink p1 of netdevsim10, switchdev,
#                                                  hw-tc-offload on] \
#                                                          br0 (openvswitch.ko) <-> flowpathd
#   ns h1  [e0 10.0.0.1] ------------- veth ------------- [h1p]    /   policy hw
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/netdevsim.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"
. "$FP_ROOT/tests/vm/lib/offload.sh"

fp_nsim_load
fp_nsim_new 10 2
fp_nsim_switchdev 10
fp_nsim_new 20 1
up0=$(off_nsim_port 10 p1)
tor_if=$(off_nsim_port 20 p1)
fp_netns_add tor
ip netns exec tor sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link set "$tor_if" netns tor || fp_fail "move $tor_if to tor"
fp_addr tor "$tor_if" 10.0.0.9/24
ip -n tor link set "$tor_if" up
ip link set "$up0" up
off_nsim_cable tor "$tor_if" "$up0"
ethtool -K "$up0" hw-tc-offload on || fp_fail "hw-tc-offload on $up0"

fpd_load_datapath
fpd_host h1 10.0.0.1 h1p
fpd_start --handlers 2
fpctl add-br br0 || fp_fail "add-br br0"
fp_cleanup_add "[ -d /sys/module/$FPD_DP_MODULE ] && $FPCTL dp del br0"
fpctl add-port br0 h1p || fp_fail "add-port h1p"
fpctl add-port br0 "$up0" || fp_fail "add-port $up0"
fpctl add-flow br0 actions=normal || fp_fail "add-flow normal"
fp_expect_eq hw "$(fpd_json show | jq -r '.policy')" "the default policy"

ip netns exec tor ping -c 5 -i 0.2 -W 2 10.0.0.1 >/dev/null || fp_fail "ping tor -> h1 through br0"
fp_log "ok: tor pings h1 through the switchdev uplink"

flows=$(fpd_json dump-flows -m br0)
echo "dump-flows -m: $flows"
from_up=$(jq -c --arg p "$up0" '[.[] | select(.match | test("in_port\\(" + $p + "\\)"))]' <<<"$flows")
[ "$(jq length <<<"$from_up")" -ge 1 ] || fp_fail "no megaflow from $up0"
fp_expect_eq true "$(jq 'all(.[]; .layer == "kmod")' <<<"$from_up")" "flows from the uplink are in kmod"
why=$(jq -r '.[0].why' <<<"$from_up")
fp_log "why not hw: $why"
fp_expect_match 'tc refused the filter: .*BPF' "$why" "the reason is netdevsim's refusal"
from_veth=$(jq -r '[.[] | select(.match | test("in_port\\(h1p\\)"))][0].why' <<<"$flows")
fp_expect_match 'h1p is not a switchdev port' "$from_veth" "a veth port's flows say why"
explain=$(fpctl explain "$(jq -r '.[0].ufid' <<<"$from_up")") || fp_fail "explain"
echo "$explain"
fp_expect_match 'BPF' "$explain" "explain gives the kernel's reason"
fp_expect_eq 0 "$(tc -j filter show dev "$up0" ingress | jq '[.[] | select(.options.actions)] | length')" \
	"no filter stayed on the uplink"

fpd_stop
