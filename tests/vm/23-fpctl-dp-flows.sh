#!/bin/bash
# Datapath flows through fpctl: the same flows read by fpctl and by a real
# peer (ovs-dpctl from Open vSwitch 3.1) print the same, whichever of the
# two installed them; real traffic hits them; a thousand go in by batches;
# the kernel's refusals reach the user with a reason; upcalls reach several
# handler sockets, per CPU or per port; packets handed to the datapath with
# actions (OVS_PACKET_CMD_EXECUTE) come out where the actions say.
#
#   ns h1 [e0 10.0.0.1/24]---veth---[h1p] port 1 \
#                                                 dp0 (flows from fpctl / ovs-dpctl)
#   ns h2 [e0 10.0.0.2/24]---veth---[h2p] port 2 /
#
# FP_DATAPATH=openvswitch (default) or flowpath: both must pass the same
# checks. Where a refusal's text differs (flowpath.ko gives its reason in
# the extended ACK, openvswitch.ko gives none and fpctl explains the bare
# errno), refused() accepts either form; the errno must be the same.
. "$FP_ROOT/tests/vm/lib/common.sh"

datapath=${FP_DATAPATH:-openvswitch}
tmp=$(mktemp -d)
fp_cleanup_add rm -rf "$tmp"

fp() { "$FPCTL" "$@"; }

# Counters and ages differ between two reads; the rest must not.
normalise() {
	sed -E 's/packets:[0-9]+, bytes:[0-9]+, used:(never|[0-9.]+s)(, flags:[^,]*)?/packets:N, bytes:N, used:T/' |
		sort
}

# same_dumps WHAT [-m]: fpctl and ovs-dpctl print dp0's flows alike.
same_dumps() {
	local what=$1 m=${2:-}
	fp dp dump-flows $m dp0 >"$tmp/fp.dump" || fp_fail "fpctl dp dump-flows $m"
	ovs-dpctl dump-flows $m dp0 >"$tmp/ovs.dump" 2>/dev/null || fp_fail "ovs-dpctl dump-flows $m"
	normalise <"$tmp/fp.dump" >"$tmp/fp.norm"
	normalise <"$tmp/ovs.dump" >"$tmp/ovs.norm"
	if ! diff -u "$tmp/ovs.norm" "$tmp/fp.norm"; then
		fp_fail "$what: fpctl dump-flows $m differs from ovs-dpctl's (- ovs-dpctl, + fpctl)"
	fi
	[ -s "$tmp/fp.norm" ] || fp_fail "$what: no flows dumped"
	fp_log "ok: $what: $(wc -l <"$tmp/fp.norm") flows print the same in fpctl and ovs-dpctl dump-flows $m"
}

n_flows() { fp -j dp dump-flows dp0 | jq '.flows | length'; }

# refused CMD ERRNO_TEXT [EXPLANATION]: the regex of fpctl's report of a
# refusal: "kernel refused CMD: ERRNO_TEXT[: EXPLANATION]" for a bare errno
# (openvswitch.ko), "kernel refused CMD: flowpath: REASON (ERRNO_TEXT)"
# with flowpath.ko's extended ACK.
refused() {
	if [ "$datapath" = flowpath ]; then
		echo "kernel refused $1: flowpath: .*\($2\)"
	else
		echo "kernel refused $1: $2${3:+: $3}"
	fi
}

host() {
	fp_netns_add "$1"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 || fp_fail "sysctl in $1"
	fp_veth e0 "$1" "$1p" ""
	ip netns exec "$1" sysctl -qw net.ipv4.neigh.e0.mcast_solicit=1 ||
		fp_fail "sysctl in $1"
	ip -n "$1" link set e0 address "$3"
	fp_addr "$1" e0 "$2/24"
}

setup() {
	case $datapath in
	openvswitch)
		command -v ovs-dpctl >/dev/null || fp_skip "ovs-dpctl (openvswitch-switch) is not installed"
		modprobe openvswitch || fp_fail "modprobe openvswitch"
		fp_cleanup_add modprobe -r openvswitch ;;
	flowpath)
		fp_load_flowpath ;;
	*)
		fp_fail "FP_DATAPATH=$datapath: expected openvswitch or flowpath" ;;
	esac
	host h1 10.0.0.1 02:00:00:00:00:01
	host h2 10.0.0.2 02:00:00:00:00:02
	fp dp add dp0 || fp_fail "dp add dp0"
	fp_cleanup_add "[ -d /sys/module/$datapath ] && $FPCTL dp del dp0"
	fp dp add-if dp0 h1p && fp dp add-if dp0 h2p || fp_fail "add-if"
}

# The four flows that carry IPv4 between h1 and h2: ARP and IP both ways.
forwarding_flows() {
	fp dp add-flow dp0 'in_port(1),eth(),eth_type(0x0806),arp()' 2 &&
		fp dp add-flow dp0 'in_port(2),eth(),eth_type(0x0806),arp()' 1 &&
		fp dp add-flow dp0 'in_port(h1p),eth(),eth_type(0x0800),ipv4(frag=no)' h2p &&
		fp dp add-flow dp0 'in_port(h2p),eth(),eth_type(0x0800),ipv4(frag=no)' h1p ||
		fp_fail "installing the forwarding flows"
}

# Every key attribute and action the codec knows, on ports that carry no
# traffic (a new flow must not overlap an installed one: EEXIST).
FLOWS=(
	'in_port(5),eth(src=00:11:22:33:44:55,dst=66:77:88:99:aa:bb/ff:ff:ff:00:00:00),eth_type(0x0800),ipv4(src=10.0.0.1/255.255.255.0,proto=6,frag=no),tcp(dst=80),tcp_flags(0/0)'
	'set(ipv4(src=1.2.3.4)),1'
	'in_port(5),eth(),eth_type(0x8100),vlan(vid=10,pcp=3),encap(eth_type(0x0800),ipv4(proto=17),udp(src=53))'
	'pop_vlan,1'
	'in_port(5),eth(),eth_type(0x88a8),vlan(vid=100),encap(eth_type(0x8100),vlan(vid=200),encap(eth_type(0x0800),ipv4(proto=1),icmp(type=8)))'
	'userspace(pid=1234),1'
	'in_port(5),eth(),eth_type(0x86dd),ipv6(src=fe80::1,proto=58),icmpv6(type=135),nd(target=fe80::2)'
	'drop'
	'ufid:12345678-1234-5678-9abc-def012345678,skb_priority(5),skb_mark(0x10/0xff),recirc_id(3),dp_hash(0x5/0xf),in_port(6),eth(),eth_type(0x0800),ipv4(proto=132,tos=0x4/0xfc,ttl=64),sctp(src=1/0xff)'
	'set(skb_priority(0x3)),set(skb_mark(0x7)),push_vlan(tpid=0x88a8,vid=7,pcp=1),1'
	'in_port(6),eth(),eth_type(0x0800),ipv4(proto=6),tcp(),tcp_flags(syn|ack)'
	'set(tcp(src=5/0xff)),userspace(pid=7,userdata(0102030405)),2'
	'in_port(7),eth(),eth_type(0x86dd),ipv6(src=2001:db8::/ffff:ffff::,label=0x12345,tclass=0x10,hlimit=3,frag=first),udp()'
	'1,2'
	'ufid:abcdef01-2345-6789-abcd-ef0123456789,in_port(7),eth(dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),arp(sip=10.0.0.9,op=2,tha=02:00:00:00:00:01)'
	'set(eth(src=02:00:00:00:00:09)),2'
)

fpctl_flows_read_alike() {
	local i
	for ((i = 0; i < ${#FLOWS[@]}; i += 2)); do
		fp_expect_rc 0 "fpctl dp add-flow #$((i / 2))" fp dp add-flow dp0 "${FLOWS[i]}" "${FLOWS[i + 1]}"
	done
	same_dumps "flows added by fpctl"
	same_dumps "flows added by fpctl, verbose" -m
	fp_expect_rc 0 "get-flow by ufid" fp dp get-flow dp0 ufid:abcdef01-2345-6789-abcd-ef0123456789
	fp_expect_eq "$(ovs-dpctl get-flow dp0 ufid:abcdef01-2345-6789-abcd-ef0123456789 2>/dev/null | normalise)" \
		"$(normalise <<<"$out")" "fpctl get-flow prints what ovs-dpctl get-flow does"
	fp_expect_match '"match":"in_port\(7\),eth\(dst=ff:ff:ff:ff:ff:ff\),eth_type\(0x0806\),arp\(sip=10.0.0.9,op=2/0xff,tha=02:00:00:00:00:01\)"' \
		"$(fp -j dp get-flow dp0 ufid:abcdef01-2345-6789-abcd-ef0123456789)" "get-flow -j"
	fp_expect_rc 0 "del-flows (all)" fp dp del-flows dp0
	fp_expect_eq 0 "$(n_flows)" "flows left after del-flows"
}

ovs_dpctl_flows_read_alike() {
	ovs-dpctl add-flow dp0 'in_port(1),eth(src=02:00:00:00:00:01),eth_type(0x0800),ipv4(dst=10.0.0.0/255.255.255.0,frag=no)' 2 &&
		ovs-dpctl add-flow dp0 'ufid:11111111-2222-3333-4444-555555555555,in_port(2),eth(),eth_type(0x8100),vlan(vid=42),encap(eth_type(0x86dd),ipv6(dst=2001:db8::1,proto=17),udp(dst=4789))' 'pop_vlan,1' &&
		ovs-dpctl add-flow dp0 'in_port(3),eth(),eth_type(0x0806),arp(op=1)' 'push_vlan(vid=5,pcp=2),1,2' &&
		ovs-dpctl add-flow dp0 'in_port(4),eth(),eth_type(0x0800),ipv4(proto=6),tcp(src=22),tcp_flags(+syn-ack)' 'userspace(pid=99)' ||
		fp_fail "ovs-dpctl add-flow"
	same_dumps "flows added by ovs-dpctl"
	same_dumps "flows added by ovs-dpctl, verbose" -m
	fp_expect_rc 0 "del-flow by ufid of a flow ovs-dpctl added" \
		fp dp del-flow dp0 ufid:11111111-2222-3333-4444-555555555555
	fp_expect_rc 0 "del-flow by key of a flow ovs-dpctl added" \
		fp dp del-flow dp0 'in_port(3),eth(),eth_type(0x0806),arp(op=1)'
	fp_expect_eq 2 "$(ovs-dpctl dump-flows dp0 2>/dev/null | wc -l)" "ovs-dpctl sees the deletions"
	fp dp del-flows dp0 || fp_fail "del-flows"
}

# ns h1 pings h2 and sends it UDP through the four forwarding flows.
traffic_hits_flows() {
	local hit0 hit1 ip12 arp12 missed0 missed1
	forwarding_flows
	hit0=$(fp -j dp show dp0 | jq '.datapaths[0].lookups.hit')
	missed0=$(fp -j dp show dp0 | jq '.datapaths[0].lookups.missed')
	ip netns exec h1 ping -c 3 -i 0.2 -W 2 10.0.0.2 >/dev/null ||
		fp_fail "h1 cannot ping h2 through the flows"
	fp_log "ok: h1 pings h2 through dp0's flows"
	for _ in 1 2 3 4 5; do
		ip netns exec h1 bash -c 'echo flowpath >/dev/udp/10.0.0.2/9999' ||
			fp_fail "sending UDP from h1"
	done
	hit1=$(fp -j dp show dp0 | jq '.datapaths[0].lookups.hit')
	missed1=$(fp -j dp show dp0 | jq '.datapaths[0].lookups.missed')
	ip12=$(fp -j dp dump-flows dp0 | jq '[.flows[] | select(.match | startswith("in_port(1),eth(),eth_type(0x0800)")) | .packets] | add')
	arp12=$(fp -j dp dump-flows dp0 | jq '[.flows[] | select(.match == "in_port(1),eth(),eth_type(0x0806)") | .packets] | add')
	[ "$ip12" -ge 8 ] || fp_fail "h1->h2 IPv4 flow counted $ip12 packets, expected 3 pings + 5 UDP"
	[ "$arp12" -ge 1 ] || fp_fail "h1->h2 ARP flow counted $arp12 packets"
	[ $((hit1 - hit0)) -ge 12 ] || fp_fail "datapath hits $hit0 -> $hit1"
	fp_expect_eq "$missed0" "$missed1" "no packet of that traffic missed the flows"
	fp_log "ok: flows counted $ip12 IPv4 and $arp12 ARP packets from h1; hits $hit0 -> $hit1"
	same_dumps "the forwarding flows with their counters"
	fp_expect_eq "$(ovs-dpctl dump-flows dp0 2>/dev/null | grep -o 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no), packets:[0-9]*, bytes:[0-9]*')" \
		"$(fp dp dump-flows dp0 | grep -o 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no), packets:[0-9]*, bytes:[0-9]*')" \
		"the counters themselves, as both read them"
}

modify_and_delete_with_counters() {
	local flow='ufid:00000000-0000-0000-0000-0000000000aa,in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)'
	fp dp del-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' || fp_fail "del-flow"
	fp_expect_rc 0 "add-flow with a ufid" fp dp add-flow dp0 "$flow" 2
	ip netns exec h1 ping -c 2 -i 0.2 -W 2 10.0.0.2 >/dev/null || fp_fail "ping through the ufid flow"
	fp_expect_eq 2 "$(fp -j dp get-flow dp0 ufid:00000000-0000-0000-0000-0000000000aa | jq '.flows[0].packets')" \
		"get-flow by ufid counts the pings"
	fp_expect_rc 0 "mod-flow --clear -s" fp dp mod-flow dp0 "$flow" 2 --clear -s
	fp_expect_match '^packets:2, bytes:196$' "$out" "mod-flow -s prints the counters from before"
	fp_expect_eq 0 "$(fp -j dp get-flow dp0 ufid:00000000-0000-0000-0000-0000000000aa | jq '.flows[0].packets')" \
		"--clear zeroed them"
	ip netns exec h1 ping -c 1 -W 2 10.0.0.2 >/dev/null || fp_fail "ping after mod-flow"
	fp_expect_rc 0 "del-flow -s" fp dp del-flow dp0 ufid:00000000-0000-0000-0000-0000000000aa -s
	fp_expect_match '^packets:1, bytes:98$' "$out" "del-flow -s prints the final counters"
	fp dp del-flows dp0 || fp_fail "del-flows"
}

a_thousand_flows_in_batches() {
	local i
	for ((i = 0; i < 1000; i++)); do
		echo "in_port(1),eth(),eth_type(0x0800),ipv4(src=10.1.$((i / 250)).$((i % 250 + 1)),frag=no) 2"
	done >"$tmp/flows"
	echo "# a comment, and an empty line, are skipped" >>"$tmp/flows"
	echo >>"$tmp/flows"
	fp_expect_rc 0 "add-flows of 1000 flows" fp dp add-flows dp0 "$tmp/flows"
	fp_expect_eq 1000 "$(n_flows)" "flows fpctl dumps"
	fp_expect_eq 1000 "$(ovs-dpctl dump-flows dp0 2>/dev/null | wc -l)" "flows ovs-dpctl dumps"
	fp_expect_eq 1000 "$(fp -j dp show dp0 | jq '.datapaths[0].flows')" "the datapath's flow count"
	fp_expect_rc 1 "add-flows of the same 1000 again" fp dp add-flows dp0 "$tmp/flows"
	fp_expect_eq 1000 "$(grep -Ec "$(refused OVS_FLOW_CMD_NEW 'File exists')" <<<"$err")" \
		"one refusal per line, each with its line number"
	fp_expect_match "$tmp/flows:517: kernel refused" "$err" "refusals name their line"
	fp_expect_rc 0 "del-flows of the 1000" fp dp del-flows dp0 "$tmp/flows"
	fp_expect_eq 0 "$(n_flows)" "flows left"
}

refusals_with_reasons() {
	forwarding_flows
	fp_expect_rc 1 "eth_type(0x0800) without ipv4()" \
		fp dp add-flow dp0 'in_port(5),eth(),eth_type(0x0800)' 2
	fp_expect_match "$(refused OVS_FLOW_CMD_NEW 'Invalid argument' 'eth_type\(0x0800\) needs ipv4\(\) in the key')" \
		"$err" "the kernel's EINVAL, explained"
	fp_expect_rc 1 "tcp() without tcp_flags()" \
		fp dp add-flow dp0 'in_port(5),eth(),eth_type(0x0800),ipv4(proto=6),tcp(dst=80)' 2
	fp_expect_match "$(refused OVS_FLOW_CMD_NEW 'Invalid argument' 'proto=6 needs tcp_flags\(\) in the key')" \
		"$err" "tcp_flags() is required"
	fp_expect_rc 1 "a flow already there" fp dp add-flow dp0 'in_port(1),eth(),eth_type(0x0806),arp()' 2
	fp_expect_match "$(refused OVS_FLOW_CMD_NEW 'File exists')" "$err" "EEXIST"
	fp_expect_rc 1 "a flow overlapping one there" \
		fp dp add-flow dp0 'in_port(1),eth(),eth_type(0x0806),arp(op=1)' 2
	fp_expect_rc 1 "mod-flow of a flow not there" fp dp mod-flow dp0 'in_port(9),eth(),eth_type(0x0806),arp()' 2
	fp_expect_match "$(refused OVS_FLOW_CMD_SET 'No such file or directory')" "$err" "ENOENT on SET"
	fp_expect_rc 0 "mod-flow --may-create of a flow not there" \
		fp dp mod-flow dp0 'in_port(9),eth(),eth_type(0x0806),arp()' 2 --may-create
	fp_expect_rc 1 "del-flow of an unknown ufid" fp dp del-flow dp0 ufid:99999999-9999-9999-9999-999999999999
	fp_expect_match "$(refused OVS_FLOW_CMD_DEL 'No such file or directory' 'no flow has that ufid')" \
		"$err" "ENOENT on DEL"
	fp_expect_rc 2 "a flow that does not parse" fp dp add-flow dp0 'in_port(1),eth(),ipv4(sorc=1.2.3.4)' 2
	fp_expect_match 'at column 23 .*ipv4\(\) has no such field' "$err" "syntax errors say where"
	fp_expect_rc 2 "an unknown port name" fp dp add-flow dp0 'in_port(1),eth(),eth_type(0x0806),arp()' nosuch0
	fp dp del-flows dp0 || fp_fail "del-flows"
}

# handlers_get N DISPATCH: upcalls of one ping reach fpctl's N handlers.
handlers_get() {
	local n=$1 dispatch=$2 want=$3
	fp dp watch dp0 -H "$n" --dispatch "$dispatch" -n 1 -t 20 >"$tmp/watch.out" 2>"$tmp/watch.err" &
	local pid=$!
	fp_wait_for "$tmp/watch.err" 'listening on dp0' 30
	fp_expect_match "$want" "$(cat "$tmp/watch.err")" "watch -H $n --dispatch $dispatch"
	# Forget h2's address: the ping's first packet is then an ARP request.
	ip -n h1 neigh flush all
	ip netns exec h1 ping -c 1 -W 1 10.0.0.2 >/dev/null 2>&1
	wait "$pid" || fp_fail "watch -H $n: $(cat "$tmp/watch.err")"
	fp_expect_match '^upcall miss dp=dp0 in_port=1 \(h1p\) len=42 eth_type=0x0806 handler=[0-9]+$' \
		"$(cat "$tmp/watch.out")" "the upcall, with the handler that got it"
}

upcall_handlers() {
	local features
	handlers_get 3 per-cpu 'listening on dp0 \(3 ports, upcalls per CPU, 3 handlers\)'
	features=$(fp -j dp show dp0 | jq '.datapaths[0].user_features')
	(((features & 8) == 8)) || fp_fail "per-CPU dispatch not on (features $features)"
	handlers_get 2 per-vport 'listening on dp0 \(3 ports, 2 handlers\)'
	features=$(fp -j dp show dp0 | jq '.datapaths[0].user_features')
	(((features & 8) == 0 && (features & 2) == 2)) ||
		fp_fail "per-port dispatch with VPORT_PIDS expected, features $features"
	fp_log "ok: per-port dispatch, features $features"
}

# A broadcast frame from h1's address, of a local experimental EtherType.
FRAME="ff:ff:ff:ff:ff:ff:02:00:00:00:00:01:88:b5 $(printf '00%.0s' {1..46})"

rx_packets() { ip netns exec "$1" cat /sys/class/net/e0/statistics/rx_packets; }

# OVS_PACKET_CMD_EXECUTE: 100 frames by batches out of port 2, one with a
# VLAN tag pushed on the way (h2's e0 counts them all).
packets_executed() {
	local before after
	before=$(rx_packets h2)
	fp_expect_rc 0 "execute 100 frames out of port 2" \
		fp dp execute dp0 'in_port(1)' 2 "$FRAME" -n 100
	fp_expect_rc 0 "execute with actions on the way" \
		fp dp execute dp0 'in_port(h1p),skb_mark(7)' 'push_vlan(vid=10,pcp=0),h2p' "$FRAME"
	after=$(rx_packets h2)
	fp_expect_eq 101 $((after - before)) "frames h2 received"
	fp_expect_rc 1 "execute with an action the packet does not suit" \
		fp dp execute dp0 'in_port(1)' 'set(ipv4(src=1.2.3.4)),2' "$FRAME"
	fp_expect_match 'kernel refused OVS_PACKET_CMD_EXECUTE.*Invalid argument' "$err" \
		"an IPv4 rewrite of a non-IP frame"
	fp_expect_rc 2 "a packet that is not hex" fp dp execute dp0 'in_port(1)' 2 'ff:zz'
}

setup
fpctl_flows_read_alike
ovs_dpctl_flows_read_alike
traffic_hits_flows
modify_and_delete_with_counters
a_thousand_flows_in_batches
refusals_with_reasons
packets_executed
upcall_handlers
fp dp del dp0 || fp_fail "dp del"
fp_log "ok: $datapath done"
