#!/bin/bash
# OVS_PACKET_CMD_EXECUTE on flowpath.ko against openvswitch.ko, in one boot:
# the same requests (tests/vm/lib/kmod_execute.py) go to each module in
# turn, and what comes out must be the same - frames captured on the
# ports (with their IP/L4 checksums checked), frames that real UDP sockets
# in a namespace accepted after address and port rewrites (the receiving
# kernel checks the sums too), upcalls with their userdata, key, length
# and actions, and the errno of every refused action list.
#
#   datapath xdp0:  p1 ---- c1   (root namespace, raw capture)
#                   p2 ---- c2   (root namespace, raw capture)
#                   p3 ---- e0   (namespace h3: 10.9.0.2/24, fd00::2/64,
#                                 UDP sockets on 7777, 9999, [fd00::2]:7777)
source "$FP_ROOT/tests/vm/lib/common.sh"

tmp=$(mktemp -d)
fp_cleanup_add rm -rf "$tmp"

topology() {
	local i
	fp_netns_add h3
	for i in 1 2; do
		ip link add "p$i" type veth peer name "c$i" || fp_fail "veth p$i"
		fp_cleanup_add ip link delete "p$i"
		# The host's own IPv6 chatter would come up as misses.
		sysctl -qw "net.ipv6.conf.p$i.disable_ipv6=1" "net.ipv6.conf.c$i.disable_ipv6=1"
		ip link set "p$i" up && ip link set "c$i" up || fp_fail "link up p$i/c$i"
	done
	fp_veth p3 "" e0 h3
	sysctl -qw net.ipv6.conf.p3.disable_ipv6=1
	fp_addr h3 e0 10.9.0.2/24
	ip -n h3 addr add fd00::2/64 dev e0 nodad || fp_fail "fd00::2 on e0"
	ip -n h3 link show e0 | awk '/link\/ether/ {print $2}' >/tmp/fpexec-e0-mac
}

# run_on LABEL: the cases against the module that has the ovs_* families.
run_on() {
	fp_log "$1: executing"
	python3 "$FP_ROOT/tests/vm/lib/kmod_execute.py" "$tmp/$1" ||
		fp_fail "$1: the execute driver failed"
	fp_log "$1: $(wc -l <"$tmp/$1") compared cases"
}

# Checks that do not need the other module: each kind of action had the
# effect it should have on this one.
expect_effects() {
	local r=$tmp/$1
	line() { grep -m1 "^$1: " "$r"; }
	fp_expect_match '^output: errno=OK c2=02fe000000bb02fe000000aa0800' "$(line output)" "$1: output to port 2"
	fp_expect_match 'c1=.*c2=' "$(line output-twice)" "$1: two outputs"
	fp_expect_match "h3\\(AF_INET:7777<-10\\.9\\.0\\.1:5555 fpexec-udp4\\)" "$(line set-ipv4-to-h3)" \
		"$1: an IPv4-rewritten datagram reached a UDP socket"
	fp_expect_match "h3\\(AF_INET:9999<-10\\.9\\.0\\.1:6666 fpexec-udp4\\)" "$(line set-udp-ports-to-h3)" \
		"$1: a port-rewritten datagram reached a UDP socket"
	fp_expect_match "h3\\(AF_INET6:7777<-fd00::1:5555 fpexec-udp6\\)" "$(line set-ipv6-to-h3)" \
		"$1: an IPv6-rewritten datagram reached a UDP socket"
	fp_expect_match 'c2=02fe000000bb02fe000000aa81000' "$(line push-vlan)" "$1: VLAN pushed"
	fp_expect_match 'c2=02fe000000bb02fe000000aa88a8' "$(line push-vlan-twice)" "$1: 802.1ad tag outside"
	fp_expect_match 'c2=02fe000000bb02fe000000aa0800' "$(line pop-vlan)" "$1: VLAN popped"
	fp_expect_match 'upcall\(cmd=2 .*userdata=010203636f6f6b6965' "$(line userspace-userdata)" \
		"$1: ACTION upcall with its userdata"
	fp_expect_match 'upcall\(cmd=2 .*len=3c000000 .*packet=[0-9a-f]{40}\)' "$(line trunc-upcall)" \
		"$1: a cut upcall carries 20 bytes and the full length 60"
	fp_expect_match 'c2=[0-9a-f]{60}\[' "$(line trunc-output)" "$1: output cut at 30 bytes"
	fp_expect_match 'c1=[0-9a-f]{120}\[' "$(line trunc-output)" "$1: the next output whole"
	fp_expect_match '^sample-always: errno=OK c1=.* c2=' "$(line sample-always)" "$1: sample 100%"
	[[ $(line sample-never) == *c2=* ]] && fp_fail "$1: sample 0% let a frame through"
	fp_expect_match 'upcall\(cmd=1 key=.*' "$(line recirc-misses)" "$1: recirculation misses up"
	fp_expect_match '^bad-nested-17: errno=EOVERFLOW' "$(line bad-nested-17)" "$1: nesting limit"
	if grep -q 'BAD' "$r"; then
		grep 'BAD' "$r" >&2
		fp_fail "$1: a frame left with a wrong checksum"
	fi
	fp_log "ok: $1: every captured IP frame has valid checksums"
}

topology

modprobe openvswitch || fp_skip "no openvswitch module"
run_on openvswitch
expect_effects openvswitch
rmmod openvswitch || fp_fail "rmmod openvswitch"

fp_load_flowpath
run_on flowpath
expect_effects flowpath
cat "$tmp/flowpath.apart"

if ! diff -u "$tmp/openvswitch" "$tmp/flowpath" >"$tmp/diff"; then
	cat "$tmp/diff" >&2
	fp_fail "flowpath.ko and openvswitch.ko answered the same EXECUTEs differently"
fi
fp_log "ok: $(wc -l <"$tmp/flowpath") EXECUTEs answered alike by both modules"
grep -q '^ct: errno=EOPNOTSUPP' "$tmp/flowpath.apart" ||
	fp_fail "ct on flowpath.ko: expected EOPNOTSUPP"
fp_log "ok: actions only openvswitch.ko has are refused with EOPNOTSUPP"
