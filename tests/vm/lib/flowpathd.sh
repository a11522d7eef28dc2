# flowpathd helpers for scenario scripts (sourced after common.sh; bash).
#
# Each scenario gets its own directory with the daemon's config, control
# socket and log, so nothing touches /etc/flowpath or /run/flowpath, and
# fpctl finds the daemon through $FLOWPATH_SOCKET.
#
#   fpd_start [OPTION...]  start build/flowpathd in the background with the
#                          scenario's config and socket (and OPTIONs), and
#                          wait until it serves; fails with its log if not
#   fpd_stop               SIGTERM; wait for it to exit (status 0 expected)
#   fpd_kill               SIGKILL: no goodbye, datapaths and flows stay
#   fpctl ARGS...          build/fpctl against the scenario's daemon
#   fpd_json ARGS...       fpctl -j ARGS..., failing the scenario if it fails
#   fpd_host NS IP PORT    namespace NS with e0 (IP/24, IPv6 off) wired by a
#                          veth pair to PORT in the root namespace
#   fpd_static_arp NS...   permanent ARP entries between the fpd_host NSs
#   fpd_wait_until SECS WHAT CMD...  retries CMD every 0.1 s until it
#                          succeeds, or fails the scenario after SECS
#   fpd_load_datapath      load the kernel datapath named by $FP_DATAPATH:
#                          openvswitch (default, the in-tree module) or
#                          flowpath (flowpath.ko); $FPD_DP_MODULE names it
#
# $FPD_CONF, $FPD_SOCK and $FPD_LOG name the files; $FPD_PID the process.

FPD=$FP_ROOT/build/flowpathd
FPD_DIR=$(mktemp -d /tmp/flowpathd.XXXXXX)
FPD_CONF=$FPD_DIR/flowpathd.conf
FPD_SOCK=$FPD_DIR/flowpathd.sock
FPD_LOG=$FPD_DIR/flowpathd.log
FPD_PID=
export FLOWPATH_SOCKET=$FPD_SOCK
fp_cleanup_add rm -rf "$FPD_DIR"

fpctl() { "$FPCTL" "$@"; }

# Every flowpathd scenario runs on either datapath: wrappers set
# FP_DATAPATH=flowpath to run one on flowpath.ko.
fpd_load_datapath() {
	FPD_DP_MODULE=${FP_DATAPATH:-openvswitch}
	case $FPD_DP_MODULE in
	openvswitch)
		modprobe openvswitch || fp_fail "modprobe openvswitch"
		fp_cleanup_add modprobe -r openvswitch ;;
	flowpath) fp_load_flowpath ;;
	*) fp_fail "FP_DATAPATH=$FP_DATAPATH: expected openvswitch or flowpath" ;;
	esac
}

fpd_json() {
	local out
	out=$("$FPCTL" -j "$@") || fp_fail "fpctl -j $*: exit $?: $out"
	printf '%s\n' "$out"
}

fpd_start() {
	[ -x "$FPD" ] || fp_fail "no $FPD: run make first"
	"$FPD" --config "$FPD_CONF" --socket "$FPD_SOCK" "$@" >>"$FPD_LOG" 2>&1 &
	FPD_PID=$!
	fp_cleanup_add "kill -KILL $FPD_PID"
	local i
	for ((i = 0; i < 300; i++)); do
		grep -q 'serving ' "$FPD_LOG" && return 0
		kill -0 "$FPD_PID" 2>/dev/null ||
			fp_fail "flowpathd exited while starting: $(cat "$FPD_LOG")"
		sleep 0.1
	done
	fp_fail "flowpathd did not start within 30s: $(cat "$FPD_LOG")"
}

fpd_stop() {
	local rc
	kill -TERM "$FPD_PID" || fp_fail "flowpathd (pid $FPD_PID) is not running"
	wait "$FPD_PID"
	rc=$?
	[ "$rc" = 0 ] || fp_fail "flowpathd exited $rc after SIGTERM: $(tail -n 20 "$FPD_LOG")"
	FPD_PID=
}

fpd_kill() {
	kill -KILL "$FPD_PID" || fp_fail "flowpathd (pid $FPD_PID) is not running"
	wait "$FPD_PID" 2>/dev/null
	FPD_PID=
}

fpd_host() {
	local ns=$1 ip=$2 port=$3
	fp_netns_add "$ns"
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 || fp_fail "sysctl in $ns"
	fp_veth e0 "$ns" "$port" ""
	fp_addr "$ns" e0 "$ip/24"
}

# Permanent ARP entries between the hosts NS... (each with e0), so that no
# ARP packet disturbs a count.
fpd_static_arp() {
	local a b mac ip
	for a in "$@"; do
		for b in "$@"; do
			[ "$a" = "$b" ] && continue
			mac=$(ip netns exec "$b" cat /sys/class/net/e0/address)
			ip=$(ip -n "$b" -4 -o addr show dev e0 | awk '{print $4}' | cut -d/ -f1)
			ip netns exec "$a" ip neigh replace "$ip" lladdr "$mac" dev e0 nud permanent ||
				fp_fail "static ARP $a -> $b"
		done
	done
}

fpd_wait_until() {
	local secs=$1 what=$2 i
	shift 2
	for ((i = 0; i < secs * 10; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	fp_fail "$what: not within ${secs}s"
}
