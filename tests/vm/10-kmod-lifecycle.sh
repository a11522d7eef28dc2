#!/bin/bash
# 10-kmod-lifecycle: flowpath.ko loads, serves the Open vSwitch datapath
# uAPI well enough that Debian's own ovs-dpctl drives it exactly as it
# drives openvswitch.ko, lets go of deleted devices and namespaces, and
# unloads leaving no device and no family behind.
#
#   root namespace                              netns fpns
#   +-------------------------------+           +--------------------------+
#   | dp0 (internal, port 0)        |           | dpn (internal, port 0)   |
#   |  |-- va (port 1) <=veth=> vb  |           |  `-- nx (port 1) <=veth=> ny
#   |  `-- vi (internal, port 2)    |           +--------------------------+
#   +-------------------------------+
#
# The ovs-dpctl session runs first against openvswitch.ko: its transcript,
# with counters and log lines normalised away, is what flowpath.ko must
# produce. Then come what the reference cannot show: traffic accounting,
# namespace teardown, module parameters, unload with datapaths present.

. "$FP_ROOT/tests/vm/lib/common.sh"

command -v ovs-dpctl >/dev/null || fp_skip "no ovs-dpctl (openvswitch-switch)"
command -v genl >/dev/null || fp_skip "no genl (iproute2)"

FAMILIES=(ovs_datapath ovs_vport ovs_flow ovs_packet)
work=$(mktemp -d)
fp_cleanup_add rm -rf "$work"

# Drops what may differ between two correct datapaths: ovs-dpctl's log
# lines (timestamps, "does not support meters"), counter values (the
# reference counts device traffic from before the port was added) and the
# masks cache, which flowpath.ko does not have.
normalise() {
	sed -E -e '/^[0-9]{4}-[0-9]{2}-[0-9]{2}T/d' \
		-e '/^ *(caches:|masks-cache:)/d' \
		-e '/(RX|TX) |collisions:|lookups:|masks:/s/[0-9]+(\.[0-9]+)?/N/g'
}

# run CMD...: the command, its normalised output and its exit status.
run() {
	local out rc
	out=$("$@" 2>&1)
	rc=$?
	echo "\$ $*"
	[ -n "$out" ] && normalise <<<"$out"
	echo "rc=$rc"
}

link_state() {
	if ! ip link show "$1" >/dev/null 2>&1; then
		echo "$1: absent"
	else
		echo "$1: present $(ip -o link show "$1" | grep -o 'master [^ ]*')"
	fi
}

# inject DEV COUNT: COUNT broadcast frames of the local-experimental
# EtherType out of DEV, so the far end of its veth receives exactly those.
inject() {
	python3 - "$1" "$2" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
for _ in range(int(sys.argv[2])):
    s.send(bytes.fromhex("ffffffffffff" "020000000001" "88b5") + bytes(46))
EOF
}

# port_counter SHOW PORT RX|TX: that port's packet counter in "show -s".
port_counter() {
	sed -n "/port [0-9]*: $2\( \|\$\)/,/collisions/s/.*$3 packets:\([0-9]*\).*/\1/p" <<<"$1"
}

# Facts about misses after 5 frames arrive on va and the host sends 3 out
# of the internal port vi. ovs-dpctl registers no upcall socket (upcall pid
# 0), so every miss must also count as lost. An internal port's counters
# are its device's: what the host sends on vi is vi's TX.
traffic_facts() {
	local show hit='' missed='' lost='' rx vi_rx vi_tx

	inject vb 5 || fp_fail "cannot send frames out of vb"
	inject vi 3 || fp_fail "cannot send frames out of vi"
	show=$(ovs-dpctl show -s 2>/dev/null)
	# (No process substitution: the guest has no /dev/fd.)
	read -r hit missed lost <<<"$(sed -n \
		's/.*lookups: hit:\([0-9]*\) missed:\([0-9]*\) lost:\([0-9]*\).*/\1 \2 \3/p' <<<"$show")"
	rx=$(port_counter "$show" va RX)
	vi_rx=$(port_counter "$show" vi RX)
	vi_tx=$(port_counter "$show" vi TX)
	echo "hits: ${hit:-?}"
	echo "misses all lost: $([ "${missed:-0}" = "${lost:-x}" ] && echo yes || echo "no ($missed/$lost)")"
	echo "at least 5 misses: $([ "${missed:-0}" -ge 5 ] && echo yes || echo "no ($missed)")"
	echo "va received at least 5: $([ "${rx:-0}" -ge 5 ] && echo yes || echo "no ($rx)")"
	echo "vi: host-sent frames are TX: $([ "${vi_tx:-0}" -ge 3 ] && [ "$vi_rx" = 0 ] &&
		echo yes || echo "no (rx $vi_rx, tx $vi_tx)")"
}

# The same session for either module; prints its transcript.
session() {
	fp_veth va "" vb ""
	run ovs-dpctl add-dp dp0
	run ovs-dpctl add-dp dp0
	link_state dp0
	run setpriv --reuid=65534 --regid=65534 --clear-groups ovs-dpctl add-dp dpu
	run ovs-dpctl add-if dp0 va
	run ovs-dpctl add-if dp0 va
	run ovs-dpctl add-if dp0 lo
	run ovs-dpctl add-if dp0 vi,type=internal
	ip link set vi up
	link_state va
	link_state vi
	run ovs-dpctl show
	traffic_facts
	run ovs-dpctl show -s
	run ovs-dpctl dump-flows dp0
	run ip link del dp0
	run ovs-dpctl del-if dp0 va
	run ovs-dpctl del-if dp0 va
	link_state va
	run ovs-dpctl add-if dp0 va
	# Deleting an attached device takes its port with it, without hanging.
	run timeout 60 ip link del va
	run ovs-dpctl show
	run ovs-dpctl del-dp dp0
	run ovs-dpctl del-dp dp0
	link_state dp0
	link_state vi
}

families_present() {
	local f have

	have=$(fp_genl_families)
	for f in "$@"; do
		grep -qx "$f" <<<"$have" || return 1
	done
}

families_absent() {
	local f have

	have=$(fp_genl_families)
	for f in "$@"; do
		grep -qx "$f" <<<"$have" && return 1
	done
	return 0
}

# ---- the reference: openvswitch.ko ----
if modprobe openvswitch 2>/dev/null; then
	session >"$work/reference"
	rmmod openvswitch || fp_fail "cannot unload openvswitch.ko after the reference session"
else
	fp_fail "modprobe openvswitch failed: no reference to compare with"
fi

# ---- flowpath.ko ----
# shellcheck disable=SC2119 # no module parameters: the default prefix
fp_load_flowpath
families_present "${FAMILIES[@]}" || fp_fail "families missing after insmod: $(fp_genl_families | tr '\n' ' ')"
fp_log "ok: families ${FAMILIES[*]} registered"
for f in datapath vport flow; do
	genl ctrl get name "ovs_$f" | grep -q "name: ovs_$f" ||
		fp_fail "family ovs_$f has no multicast group ovs_$f"
done
fp_log "ok: multicast groups ovs_datapath, ovs_vport, ovs_flow"

session >"$work/flowpath"
if ! diff -u "$work/reference" "$work/flowpath" >"$work/diff"; then
	cat "$work/diff"
	fp_fail "ovs-dpctl session differs from openvswitch.ko's (- reference, + flowpath)"
fi
fp_log "ok: ovs-dpctl session identical to openvswitch.ko's ($(grep -c '^\$' "$work/flowpath") commands)"
for fact in "misses all lost: yes" "at least 5 misses: yes" \
	"va received at least 5: yes" "vi: host-sent frames are TX: yes" "hits: 0"; do
	grep -qx "$fact" "$work/flowpath" || fp_fail "expected '$fact' in: $(cat "$work/flowpath")"
done
fp_log "ok: every frame missed, was counted on its port, and was lost (no upcall socket)"

# ---- a namespace that dies with a datapath and an attached veth in it ----
fp_netns_add fpns
ip -n fpns link add nx type veth peer name ny || fp_fail "veth in fpns"
ip -n fpns link set nx up
ip netns exec fpns ovs-dpctl add-dp dpn 2>/dev/null || fp_fail "add-dp in fpns"
ip netns exec fpns ovs-dpctl add-if dpn nx 2>/dev/null || fp_fail "add-if in fpns"
out=$(ip netns exec fpns ovs-dpctl show 2>/dev/null)
fp_expect_match 'port 1: nx' "$out" "fpns datapath has nx"
out=$(ovs-dpctl show 2>/dev/null)
[ -z "$out" ] || fp_fail "the root namespace sees fpns's datapath: $out"
fp_log "ok: the root namespace does not see fpns's datapath"
timeout 60 ip netns delete fpns || fp_fail "ip netns delete fpns"

# ---- unload with a datapath and an attached device still there ----
fp_veth vu "" vw ""
ovs-dpctl add-dp dpz 2>/dev/null || fp_fail "add-dp dpz"
ovs-dpctl add-if dpz vu 2>/dev/null || fp_fail "add-if dpz vu"
fp_expect_match 'promiscuity 1' "$(ip -d link show vu)" "vu promiscuous while attached"
# Also waits for fpns's cleanup: a namespace exit stuck in flowpath hangs it.
timeout 120 rmmod flowpath || fp_fail "rmmod flowpath with dpz present"
link_out=$(link_state dpz)
fp_expect_eq "dpz: absent" "$link_out" "dpz after rmmod"
fp_expect_eq "vu: present " "$(link_state vu)" "vu after rmmod (no master)"
fp_expect_match 'promiscuity 0' "$(ip -d link show vu)" "vu no longer promiscuous"
families_absent "${FAMILIES[@]}" || fp_fail "families left after rmmod: $(fp_genl_families | tr '\n' ' ')"
fp_log "ok: no family left after rmmod"

# ---- family_prefix ----
for bad in abcdefg a-b ""; do
	dmesg -C
	if insmod "$FP_KMOD" family_prefix="$bad" 2>/dev/null; then
		rmmod flowpath
		fp_fail "family_prefix='$bad' was accepted"
	fi
	fp_expect_match 'flowpath: family_prefix' "$(dmesg)" "family_prefix='$bad' refused with a reason"
done

modprobe openvswitch || fp_fail "modprobe openvswitch"
fp_cleanup_add rmmod openvswitch
dmesg -C
fp_expect_fail "default prefix beside openvswitch.ko" insmod "$FP_KMOD"
fp_expect_match 'ovs_datapath already exists' "$(dmesg)" "the refusal names the clash"
insmod "$FP_KMOD" family_prefix=fp || fp_fail "insmod family_prefix=fp beside openvswitch.ko"
families_present fp_datapath fp_vport fp_flow fp_packet ovs_datapath ||
	fp_fail "families with prefix fp: $(fp_genl_families | tr '\n' ' ')"
fp_log "ok: fp_* families beside openvswitch.ko's ovs_*"
rmmod flowpath || fp_fail "rmmod flowpath (prefix fp)"
families_present ovs_datapath || fp_fail "rmmod flowpath took openvswitch.ko's family away"
families_absent fp_datapath fp_vport fp_flow fp_packet || fp_fail "fp_* families left"
rmmod openvswitch || fp_fail "rmmod openvswitch"
fp_log "ok: both unloaded cleanly"
