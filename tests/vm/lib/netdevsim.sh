# netdevsim helpers for scenario scripts (sourced after common.sh; bash).
#
# netdevsim is a simulated switchdev NIC: devices appear when an "ID NPORTS"
# line is written to /sys/bus/netdevsim/new_device, each port a netdev with
# a devlink port, a phys_switch_id and a phys_port_name. Debian does not ship
# it; ci/netdevsim-build.sh builds it on the host into
# $FP_CACHE/netdevsim-$FP_KVER/ before the guest boots.
#
#   fp_nsim_load               load netdevsim (skips the scenario if not built)
#   fp_nsim_new ID NPORTS      device netdevsimID with NPORTS physical ports
#   fp_nsim_switchdev ID       put its eswitch in switchdev mode
#   fp_nsim_vfs ID N           N VFs (and in switchdev mode their representors)
#   fp_nsim_netdevs ID         its netdevs' names, one per line, by ifindex
#   fp_nsim_del ID             delete the device and its netdevs
#   fp_nsim_unload             unload netdevsim

FP_NSIM_BUS=/sys/bus/netdevsim

fp_nsim_load() {
	local ko=$FP_CACHE/netdevsim-$FP_KVER/netdevsim.ko

	[ -f "$ko" ] || fp_skip "no $ko: ci/netdevsim-build.sh $FP_KVER builds it"
	# netdevsim.ko's only dependency; insmod does not resolve it.
	modprobe psample || fp_fail "modprobe psample (netdevsim needs it)"
	insmod "$ko" || fp_fail "insmod $ko"
	fp_cleanup_add "rmmod netdevsim"
}

fp_nsim_unload() {
	rmmod netdevsim || fp_fail "rmmod netdevsim"
}

fp_nsim_dir() { echo "$FP_NSIM_BUS/devices/netdevsim$1"; }

fp_nsim_new() {
	local id=$1 nports=$2 got

	echo "$id $nports" >"$FP_NSIM_BUS/new_device" ||
		fp_fail "netdevsim: cannot create device $id with $nports ports"
	fp_cleanup_add "echo $id >$FP_NSIM_BUS/del_device"
	# The bus probes the device within the write, netdevs included.
	got=$(fp_nsim_netdevs "$id" | wc -l)
	[ "$got" -eq "$nports" ] ||
		fp_fail "netdevsim$id: $got netdevs for $nports ports"
}

fp_nsim_switchdev() {
	devlink dev eswitch set "netdevsim/netdevsim$1" mode switchdev ||
		fp_fail "netdevsim$1: cannot switch the eswitch to switchdev mode"
}

fp_nsim_vfs() {
	echo "$2" >"$(fp_nsim_dir "$1")/sriov_numvfs" ||
		fp_fail "netdevsim$1: cannot set $2 VFs"
}

fp_nsim_netdevs() {
	local dir dev

	dir=$(fp_nsim_dir "$1")/net
	[ -d "$dir" ] || return 0
	for dev in "$dir"/*; do
		[ -e "$dev" ] || continue
		echo "$(cat "/sys/class/net/${dev##*/}/ifindex") ${dev##*/}"
	done | sort -n | cut -d' ' -f2
}

fp_nsim_del() {
	echo "$1" >"$FP_NSIM_BUS/del_device" ||
		fp_fail "netdevsim: cannot delete device $1"
}
