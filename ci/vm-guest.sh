#!/bin/bash
# Runs inside the test guest as PID 1, after vm-init switched into the
# overlay of the host's root. Reads the job that ci/vm-run wrote (fpjob= on
# the kernel command line), runs each scenario in a clean state, checks the
# kernel log after each, and powers off. The host reads the @@FP- markers.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb

# What a scenario's kernel log must never contain.
BAD_KMSG='WARNING:|BUG:|Oops|refcount_t|leak|Call Trace|general protection|unregister_netdevice: waiting'

setup_guest() {
	# Not /tmp: the repo (and the job file) may live there on the host.
	mount -t tmpfs tmpfs /run
	mkdir -p /run/netns /dev/pts /dev/shm
	mount -t devpts devpts /dev/pts
	mount -t tmpfs tmpfs /dev/shm
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
	hostname fpguest
	ip link set lo up
	# Kernel messages go to dmesg, not into the scenario's output.
	echo "1 4 1 7" >/proc/sys/kernel/printk
}

# Namespaces die asynchronously and take the root-side peers of their
# veths with them; the next scenario may reuse those names, so wait (and
# delete what a scenario left in the root namespace itself).
wait_veths_gone() {
	local i dev

	for ((i = 0; i < 50; i++)); do
		[ -z "$(ip -o link show type veth)" ] && return
		sleep 0.1
	done
	for dev in $(ip -o link show type veth | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'); do
		ip link delete "$dev" 2>/dev/null
	done
}

# Leaves the machine as a scenario found it: its processes, namespaces and
# the modules it loaded. A module that refuses to unload is the scenario's
# failure (a leaked reference), reported by the caller.
reset_guest() {
	local pgid=$1 m ns

	kill -KILL -- "-$pgid" 2>/dev/null
	# Daemons (iperf3 -D) leave the scenario's process group: find them by
	# the namespace they hold open.
	for ns in $(ip netns list | cut -d' ' -f1); do
		ip netns pids "$ns" | xargs -r kill -KILL
	done
	ip -all netns delete 2>/dev/null
	wait_veths_gone
	for m in flowpath openvswitch netdevsim; do
		[ -d "/sys/module/$m" ] || continue
		rmmod "$m" 2>&1 || return 1
	done
	return 0
}

# A scenario may ask for more time than the default with a header line
# "# vm-timeout: SECS" (the conformance test runs ~90 cases, twice).
scenario_timeout() {
	local t
	t=$(sed -n 's/^# vm-timeout: *\([0-9][0-9]*\)$/\1/p' "$1" | head -n1)
	echo "${t:-$FP_SCENARIO_TIMEOUT}"
}

run_scenario() {
	local script=$1 name rc start kmsg verdict limit

	name=$(basename "$script" .sh)
	limit=$(scenario_timeout "$script")
	echo "@@FP-BEGIN $name"
	dmesg -C
	start=$(date +%s)
	(cd "$FP_ROOT" && exec setsid timeout -k 5 "$limit" bash "$script") </dev/null &
	wait $!
	rc=$?
	[ $rc -eq 124 ] && echo "vm-guest: $name timed out after ${limit}s"
	if ! reset_guest $!; then
		echo "vm-guest: $name left a module that does not unload"
		[ $rc -eq 0 ] && rc=1
	fi
	kmsg=$(dmesg | grep -E "$BAD_KMSG")
	if [ -n "$kmsg" ]; then
		echo "vm-guest: kernel log after $name:"
		dmesg | sed 's/^/  dmesg: /'
		# A scenario that passed (or skipped) still fails on a bad log.
		case $rc in 0 | 77) rc=99 ;; esac
	fi
	case $rc in
	0) verdict=PASS ;;
	77) verdict=SKIP ;;
	*) verdict=FAIL ;;
	esac
	echo "@@FP-END $name $verdict rc=$rc $(($(date +%s) - start))s"
}

main() {
	local job script

	setup_guest
	job=$(sed -n 's/.*fpjob=\([^ ]*\).*/\1/p' /proc/cmdline)
	# shellcheck source=/dev/null
	. "$job" || { echo "@@FP-BOOT-FAILED cannot read job $job"; poweroff -f; }
	export FP_ROOT FP_KVER FP_KMOD FP_CACHE FP_SCENARIO_TIMEOUT
	echo "@@FP-STARTED $(uname -r) cpus=$(nproc)"
	for script in "${FP_SCENARIOS[@]}"; do
		run_scenario "$script"
	done
	echo "@@FP-DONE"
	sync
	poweroff -f
}

main
