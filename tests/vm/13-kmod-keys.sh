#!/bin/bash
# 13-kmod-keys: the flow keys of MISS upcalls, flowpath.ko against
# openvswitch.ko, for ~90 crafted frames: every key type (L2 with 802.2 and
# LLC/SNAP, one, two and three VLAN tags, IPv4 with options and fragments,
# ARP/RARP, IPv6 with extension headers and fragments, TCP/UDP/SCTP/ICMP,
# ICMPv6 and Neighbor Discovery with options) and truncated or malformed
# variants of each. Both modules must give byte-identical keys (attribute
# types, order, nesting, values), except for the conntrack attributes that
# only openvswitch.ko has (tests/vm/lib/kmod_keys.py drops those, and only
# those). Frames go out on an internal port (tags in the frame, priority 5
# and mark 0x42 from the socket) and from a veth peer in a namespace (the
# receiving stack moves the outer tag to skb->vlan_tci first).
#
#   [kki0] internal, port 1 \
#                            kk0 (upcalls to kmod_keys.py)
#   ns kkns [kkv1]---veth---[kkv0] port 2 /

. "$FP_ROOT/tests/vm/lib/common.sh"

keys=$FP_ROOT/tests/vm/lib/kmod_keys.py
command -v python3 >/dev/null || fp_skip "no python3"
tmp=$(mktemp -d)
fp_cleanup_add rm -rf "$tmp"

# No IPv6 autoconfiguration traffic on the ports (the script ignores
# upcalls of frames it did not send, but they cost time under TCG).
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
fp_netns_add kkns
ip netns exec kkns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1
fp_veth kkv0 "" kkv1 kkns

capture() {	# capture PREFIX OUT
	python3 "$keys" capture --prefix "$1" kkns kkv0 kkv1 "$2" ||
		fp_fail "capture of the keys ($1)"
	python3 "$keys" check "$2" || fp_fail "keys from $1 fail the sanity checks"
}

modprobe openvswitch || fp_fail "modprobe openvswitch"
fp_cleanup_add rmmod openvswitch
capture ovs "$tmp/openvswitch"
rmmod openvswitch || fp_fail "rmmod openvswitch"
fp_log "openvswitch.ko: $(wc -l <"$tmp/openvswitch") keys"

fp_load_flowpath
capture ovs "$tmp/flowpath"
fp_log "flowpath.ko: $(wc -l <"$tmp/flowpath") keys"

if ! diff -u "$tmp/openvswitch" "$tmp/flowpath"; then
	fp_fail "flowpath.ko's upcall keys differ from openvswitch.ko's (- openvswitch, + flowpath)"
fi
fp_log "ok: $(wc -l <"$tmp/flowpath") upcall keys identical to openvswitch.ko's"
