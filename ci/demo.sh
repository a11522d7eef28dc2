#!/bin/bash
# make demo: a virtual switchdev host in the guest, and flowpath on it.
#
#   netdevsim10: a SmartNIC in switchdev mode
#     uplink p1 (eth0) ======== wire (netdevsim link_device) ==== netdevsim20 p1
#     uplink p2                                                  in netns "tor"
#     VF representors pf0vf0, pf0vf1                             10.0.0.9/24
#
#   netns vm1 [e0 10.0.0.1] --veth-- vm1p \
#   netns vm2 [e0 10.0.0.2] --veth-- vm2p  > datapath fp0 (flowpath.ko)
#   uplink p1, representors            ---/        |
#                                             upcalls to fpctl dp watch
#
# flowpath.ko has no flow table yet, so every packet that reaches fp0 is a
# miss and goes to userspace: steps 3-5 show where packets enter and how
# they arrive. Steps 6-7 run the slow path, flowpathd, on the in-tree
# openvswitch.ko (same uAPI) over the same ports: a learning switch whose
# megaflows land in that kernel flow table.
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/netdevsim.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

nsim_port() {
	local d
	for d in $(fp_nsim_netdevs "$1"); do
		[ "$(cat "/sys/class/net/$d/phys_port_name")" = "$2" ] && { echo "$d"; return; }
	done
	fp_fail "netdevsim$1 has no port $2"
}

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
tor_if=$(nsim_port 20 p1) || exit 1
ip link set "$tor_if" netns tor
fp_addr tor "$tor_if" 10.0.0.9/24
ip -n tor link set "$tor_if" up
up0=$(nsim_port 10 p1) || exit 1
ip link set "$up0" up
exec 8</var/run/netns/tor 9</proc/self/ns/net
tor_idx=$(ip -n tor -o link show "$tor_if" | cut -d: -f1)
echo "8:$tor_idx 9:$(cat "/sys/class/net/$up0/ifindex")" >/sys/bus/netdevsim/link_device ||
	fp_fail "netdevsim link_device"
echo "linked tor/$tor_if <-> $up0 (uplink p1)"

step "3. flowpath.ko: datapath fp0 with the uplink, the representors and two VMs"
fp_load_flowpath
for vm in vm1 vm2; do
	fp_netns_add $vm
	ip netns exec $vm sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	fp_veth e0 $vm ${vm}p ""
done
fp_addr vm1 e0 10.0.0.1/24
fp_addr vm2 e0 10.0.0.2/24
show "$FPCTL" dp add fp0
fp_cleanup_add "[ -d /sys/module/flowpath ] && $FPCTL dp del fp0"
for p in vm1p vm2p "$up0" $(nsim_port 10 pf0vf0) $(nsim_port 10 pf0vf1); do
	show "$FPCTL" dp add-if fp0 "$p"
done
show "$FPCTL" dp show fp0

step "4. Traffic: vm1 pings vm2, tor pings across the wire; every packet is a miss"
"$FPCTL" dp watch fp0 -n 6 -t 30 >/tmp/watch.out 2>/tmp/watch.err &
watch=$!
fp_wait_for /tmp/watch.err listening 30
cat /tmp/watch.err
ip netns exec vm1 ping -c 2 -i 0.3 -W 1 10.0.0.2 >/dev/null
ip netns exec tor ping -c 2 -i 0.3 -W 1 10.0.0.1 >/dev/null
wait $watch
cat /tmp/watch.out

step "5. Counters: fp0 missed every packet (no flows yet); lost = none"
show "$FPCTL" dp show fp0
"$FPCTL" dp del fp0
rmmod flowpath

step "6. flowpathd on openvswitch.ko: bridge br0 = vm1p, vm2p, uplink p1; actions=normal"
modprobe openvswitch
fp_cleanup_add modprobe -r openvswitch
fpd_start --handlers 2
fp_cleanup_add "[ -d /sys/module/openvswitch ] && $FPCTL dp del br0"
show fpctl add-br br0
for p in vm1p vm2p "$up0"; do
	show fpctl add-port br0 "$p"
done
show fpctl add-flow br0 priority=100,udp,tp_dst=9,actions=drop
show fpctl add-flow br0 actions=normal
show fpctl show br0

step "7. Traffic through the switch, and where the megaflows landed"
show ip netns exec vm1 ping -c 3 -i 0.3 -W 2 10.0.0.2
show ip netns exec tor ping -c 3 -i 0.3 -W 2 10.0.0.1
sleep 1	# the revalidator refreshes counters every 0.5 s
show fpctl dump-flows br0
show fpctl upcall-stats
echo
echo "Every megaflow landed in the kernel flow table (here openvswitch.ko's)."
echo "Next: flowpath.ko's own flow table, and tc flower placement in NIC"
echo "hardware and tc software before it (hw -> tc -> kmod)."
