#!/bin/bash
# make demo: a virtual switchdev host in the guest, and flowpath on it.
#
#   netdevsim10: a SmartNIC in switchdev mode
#     uplink p1 (eth0) ======== wire (netdevsim link_device) ==== netdevsim20 p1
#     uplink p2                                                  in netns "tor"
#     VF representors pf0vf0, pf0vf1                             10.0.0.9/24
#
#   netns vm1 [e0 10.0.0.1] --veth-- vm1p \
#   netns vm2 [e0 10.0.0.2] --veth-- vm2p  > bridge br0: flowpath.ko's datapath,
#   uplink p1 (hw-tc-offload on)       ---/  flowpathd, actions=normal
#
# Each megaflow lands in the fastest layer its in_port's policy allows: the
# veth ports (policy tc-sw) put theirs in tc flower; the uplink (policy hw,
# the default) asks the NIC, which refuses (netdevsim offloads only BPF),
# so its flows land in flowpath.ko's flow table with the NIC's reason.
# Then the counters of each layer, the filters with their cookies, why a
# flow is where it is, and a burst of new flows that passes through the
# kernel while tc takes their filters.
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/netdevsim.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"
. "$FP_ROOT/tests/vm/lib/offload.sh"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

step "1. A SmartNIC: netdevsim in switchdev mode, 2 uplinks, 2 VFs"
fp_nsim_load
fp_nsim_new 10 2
fp_nsim_switchdev 10
fp_nsim_vfs 10 2
show devlink port show
show "$FPCTL" eswitch

step "2. A cable from uplink p1 to a top-of-rack port in netns 'tor'"
fp_netns_add tor
ip netns exec tor sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
fp_nsim_new 20 1
tor_if=$(off_nsim_port 20 p1) || exit 1
ip link set "$tor_if" netns tor
fp_addr tor "$tor_if" 10.0.0.9/24
ip -n tor link set "$tor_if" up
up0=$(off_nsim_port 10 p1) || exit 1
ip link set "$up0" up
off_nsim_cable tor "$tor_if" "$up0"
echo "linked tor/$tor_if <-> $up0 (uplink p1)"
ethtool -K "$up0" hw-tc-offload on || fp_fail "hw-tc-offload on $up0"
ethtool -k "$up0" | grep hw-tc-offload

step "3. flowpath.ko and flowpathd: bridge br0 = vm1p, vm2p, uplink p1; actions=normal"
fp_load_flowpath
FPD_DP_MODULE=flowpath
for vm in vm1 vm2; do
	fp_netns_add $vm
	ip netns exec $vm sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	fp_veth e0 $vm ${vm}p ""
done
fp_addr vm1 e0 10.0.0.1/24
fp_addr vm2 e0 10.0.0.2/24
fpd_start --handlers 2
fp_cleanup_add "[ -d /sys/module/flowpath ] && $FPCTL dp del br0"
show fpctl add-br br0
show fpctl add-port br0 vm1p policy=tc-sw
show fpctl add-port br0 vm2p policy=tc-sw
show fpctl add-port br0 "$up0"
show fpctl add-flow br0 priority=100,udp,tp_dst=9,actions=drop
show fpctl add-flow br0 priority=0,actions=normal
show fpctl show br0
show fpctl get-policy br0

step "4. Traffic: vm1 pings vm2 (veth to veth), tor pings vm1 across the wire"
show ip netns exec vm1 ping -c 3 -i 0.3 -W 2 10.0.0.2
show ip netns exec tor ping -c 3 -i 0.3 -W 2 10.0.0.1
show ip netns exec vm1 python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("10.0.0.2", 9))'
sleep 1	# the revalidator refreshes counters every 0.5 s

step "5. Where the megaflows landed: tc for the veth ports, kmod for the uplink (the NIC refused)"
show fpctl dump-flows -m br0
up_ufid=$(fpd_json dump-flows br0 | jq -r --arg p "$up0" \
	'[.[] | select(.match | test("in_port\\(" + $p + "\\)"))][0].ufid')
show fpctl explain "$up_ufid"
echo
echo "The filters in tc, each with its megaflow's UFID as cookie:"
show tc -s filter show dev vm1p ingress
echo
echo "The flows in flowpath.ko's table, as Open vSwitch's own tool reads them:"
show ovs-dpctl dump-flows br0

step "6. A burst of 300 new UDP flows from vm1: the first packet of each comes up, the rest pass through the kernel until tc has the filter"
ip netns exec vm1 python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for r in range(10):
    for p in range(1000, 1300):
        s.sendto(b"x" * 18, ("10.0.0.2", p))'
burst='[.[] | select(.match | test("udp\\(.*dst=1[0-2][0-9][0-9][),/]"))]'
settled() { [ "$(fpd_json dump-flows --layer tc br0 | jq "$burst | length")" = 300 ]; }
fpd_wait_until 30 "300 udp megaflows in tc" settled
sleep 1
fpd_json dump-flows -m br0 | jq -r "$burst"' |
	"\(length) megaflows, \(map(.packets) | add) packets: \(map(.layers.tc.packets) | add) counted in tc, \(map(.layers.carried.packets) | add) carried from their kernel copies"'
show fpctl upcall-stats
echo
echo "Every megaflow is in the fastest layer its port's policy allows, with the"
echo "reason when a faster one refused it; its counters add up every layer it"
echo "passed through. Next on real hardware: policy hw puts them in the NIC."
