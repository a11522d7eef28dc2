# Offload helpers for scenario scripts (after common.sh and flowpathd.sh).
#
#   off_two_hosts          h1 (10.0.0.1) and h2 (10.0.0.2) on br0 through
#                          h1p and h2p, static ARP both ways, and the rules
#                          ip,in_port=h1p -> h2p and back at priority 10
#   off_flow_json IN OUT   the one megaflow of dump-flows -m from port IN
#                          whose actions are OUT (JSON), or fails
#   off_tc_filters DEV     `tc -s -j filter show dev DEV ingress`
#   off_tc_by_cookie DEV UFID  the filter on DEV whose cookie is UFID's bytes

off_two_hosts() {
	fpd_host h1 10.0.0.1 h1p
	fpd_host h2 10.0.0.2 h2p
	fpd_static_arp h1 h2
	fpctl add-br br0 || fp_fail "add-br br0"
	fp_cleanup_add "[ -d /sys/module/$FPD_DP_MODULE ] && $FPCTL dp del br0"
	fpctl add-port br0 h1p || fp_fail "add-port h1p"
	fpctl add-port br0 h2p || fp_fail "add-port h2p"
	fpctl add-flow br0 priority=10,ip,in_port=h1p,actions=output:h2p || fp_fail "rule h1p -> h2p"
	fpctl add-flow br0 priority=10,ip,in_port=h2p,actions=output:h1p || fp_fail "rule h2p -> h1p"
}

off_flow_json() {
	fpd_json dump-flows -m br0 | jq -ec --arg in "$1" --arg out "$2" \
		'[.[] | select(.match | test("in_port\\(" + $in + "\\)")) |
		 select(.actions == $out)] | if length == 1 then .[0] else empty end'
}

off_tc_filters() { tc -s -j filter show dev "$1" ingress; }

# The cookie is the UFID's 16 bytes as stored (host-order words).
off_ufid_cookie() {
	python3 - "$1" <<'PY'
import struct, sys, uuid
u = sys.argv[1].removeprefix("ufid:")
h = u.replace("-", "")
w = [int(h[0:8], 16), int(h[8:16], 16), int(h[16:24], 16), int(h[24:32], 16)]
print(struct.pack("<4I", *w).hex())
PY
}

off_tc_by_cookie() {
	local cookie
	cookie=$(off_ufid_cookie "$2")
	off_tc_filters "$1" | jq -ec --arg c "$cookie" \
		'[.[] | select(.options.actions[0].cookie? == $c)] | if length == 1 then .[0] else empty end'
}

# The netdev of netdevsimID whose phys_port_name is NAME.
off_nsim_port() {
	local d
	for d in $(fp_nsim_netdevs "$1"); do
		[ "$(cat "/sys/class/net/$d/phys_port_name")" = "$2" ] && { echo "$d"; return; }
	done
	fp_fail "netdevsim$1 has no port $2"
}

# A netdevsim "cable" between NS's port A and this namespace's port B.
off_nsim_cable() {
	local ns=$1 a=$2 b=$3 aidx
	aidx=$(ip -n "$ns" -o link show "$a" | cut -d: -f1)
	exec 8</var/run/netns/"$ns" 9</proc/self/ns/net
	echo "8:$aidx 9:$(cat "/sys/class/net/$b/ifindex")" >/sys/bus/netdevsim/link_device ||
		fp_fail "netdevsim link_device $ns/$a <-> $b"
	exec 8<&- 9<&-
}

