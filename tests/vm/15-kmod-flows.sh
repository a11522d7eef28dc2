#!/bin/bash
# flowpath.ko's flow table: flows added, modified, read and deleted by
# ovs-dpctl (Open vSwitch 3.1, the real peer) and by fpctl, named by key or
# by UFID; traffic between two namespaces forwarded by the flows it hits,
# with the flow and datapath counters matching the packets; many masks;
# 100,000 flows added from a file, dumped and flushed; per-CPU upcall
# dispatch and the masks cache. The raw-netlink semantics checks
# (tests/vm/lib/kmod_flows.py) run first against openvswitch.ko, which
# proves their expectations, then against flowpath.ko.
#
#   ns h1 [e0 10.0.0.1/24]---veth---[h1p] port 1 \
#                                                 dp0 (flowpath.ko)
#   ns h2 [e0 10.0.0.2/24]---veth---[h2p] port 2 /
. "$FP_ROOT/tests/vm/lib/common.sh"

command -v ovs-dpctl >/dev/null || fp_skip "ovs-dpctl (openvswitch-switch) is not installed"
tmp=$(mktemp -d)
fp_cleanup_add rm -rf "$tmp"
flows_py="$FP_ROOT/tests/vm/lib/kmod_flows.py"
N_BIG=${FP_FLOWS_BIG:-100000}

fp() { "$FPCTL" "$@"; }

# expect_rc WANT WHAT CMD...: CMD's exit status; its stdout in $out, stderr in $err.
expect_rc() {
	local want=$1 what=$2 rc
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
	[ "$rc" = "$want" ] ||
		fp_fail "$what: '$*' exited $rc, expected $want; stdout: $out; stderr: $err"
	fp_log "ok: $what (exit $rc)${err:+: ${err:0:300}}"
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

dp_up() {
	fp dp add dp0 || fp_fail "dp add dp0"
	fp dp add-if dp0 h1p && fp dp add-if dp0 h2p || fp_fail "add-if"
}

dp_down() { fp dp del dp0 || fp_fail "dp del dp0"; }

show() { fp -j dp show dp0 | jq -r ".datapaths[0].$1"; }
n_flows() { show flows; }
flow_of() { fp -j dp dump-flows dp0 | jq -r ".flows[] | select(.match == \"$1\") | .$2"; }
cache_hits() { ovs-dpctl show dp0 2>/dev/null | sed -n 's/^ *cache: hit:\([0-9]*\).*/\1/p'; }

# The raw-netlink checks, on the module loaded now.
netlink_semantics() {
	local module=$1
	python3 "$flows_py" semantics || fp_fail "$module: flow family semantics"
	python3 "$flows_py" cache || fp_fail "$module: masks cache"
	dp_up
	python3 "$flows_py" per-cpu h1 h1p 10.0.0.2 dp0 || fp_fail "$module: per-CPU dispatch"
	dp_down
	fp_log "ok: $module answers the flow family, the cache and per-CPU dispatch as expected"
}

# ovs-dpctl and fpctl on the same flows: either tool reads what the other
# wrote, and the errnos of add/mod are the reference's.
tools_on_flows() {
	local k='in_port(1),eth(),eth_type(0x0806),arp()'
	expect_rc 0 "ovs-dpctl add-flow" ovs-dpctl add-flow dp0 "$k" 2
	expect_rc 1 "ovs-dpctl add-flow of the same flow" ovs-dpctl add-flow dp0 "$k" 2
	fp_expect_match 'File exists' "$err" "EEXIST"
	expect_rc 0 "fpctl dp mod-flow" fp dp mod-flow dp0 "$k" 'h2p,h1p'
	fp_expect_match '^in_port\(1\),eth\(\),eth_type\(0x0806\), packets:0, bytes:0, used:never, actions:2,1$' \
		"$(ovs-dpctl dump-flows dp0 2>/dev/null)" "ovs-dpctl sees fpctl's new actions"
	expect_rc 1 "ovs-dpctl mod-flow of a missing flow" \
		ovs-dpctl mod-flow dp0 'in_port(2),eth(),eth_type(0x0806),arp()' 1
	fp_expect_match 'No such file or directory' "$err" "ENOENT"
	expect_rc 0 "ovs-dpctl mod-flow --may-create" \
		ovs-dpctl mod-flow --may-create dp0 'in_port(2),eth(),eth_type(0x0806),arp()' 1
	expect_rc 0 "fpctl add-flow with a UFID" fp dp add-flow dp0 \
		'ufid:00000000-0000-0000-0000-0000000000b1,in_port(3),eth(),eth_type(0x0800),ipv4(frag=no)' 1
	expect_rc 0 "ovs-dpctl get-flow by UFID" ovs-dpctl get-flow dp0 ufid:00000000-0000-0000-0000-0000000000b1
	fp_expect_match 'in_port\(3\),eth\(\),eth_type\(0x0800\),ipv4\(frag=no\), packets:0, bytes:0, used:never, actions:1' \
		"$out" "ovs-dpctl get-flow"
	expect_rc 1 "fpctl get-flow by key of a UFID flow" fp dp get-flow dp0 'in_port(3),eth(),eth_type(0x0800),ipv4(frag=no)'
	fp_expect_match 'No such file or directory' "$err" "a UFID flow is not named by its key"
	fp_expect_eq 3 "$(n_flows)" "flows in the datapath"
	fp_expect_eq 3 "$(ovs-dpctl dump-flows dp0 2>/dev/null | wc -l)" "flows ovs-dpctl dumps"
	expect_rc 0 "ovs-dpctl del-flow by key" ovs-dpctl del-flow dp0 "$k"
	expect_rc 0 "fpctl del-flow by UFID" fp dp del-flow dp0 ufid:00000000-0000-0000-0000-0000000000b1
	expect_rc 0 "ovs-dpctl del-flows (flush)" ovs-dpctl del-flows dp0
	fp_expect_eq 0 "$(n_flows)" "flows left"
	fp_expect_eq 0 "$(show masks.total)" "masks left"
}

forwarding_flows() {
	fp dp add-flow dp0 'in_port(1),eth(),eth_type(0x0806),arp()' 2 &&
		fp dp add-flow dp0 'in_port(2),eth(),eth_type(0x0806),arp()' 1 &&
		fp dp add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 2 &&
		fp dp add-flow dp0 'in_port(2),eth(),eth_type(0x0800),ipv4(frag=no)' 1 ||
		fp_fail "installing the forwarding flows"
}

IP12='in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)'
IP21='in_port(2),eth(),eth_type(0x0800),ipv4(frag=no)'

# h1 pings h2 through the four flows: each flow and the datapath count it.
traffic() {
	local hit0 missed0 mask0 hit1 missed1 mask1 p12 p21 a12 a21 ago
	forwarding_flows
	fp_expect_eq 2 "$(show masks.total)" "two masks (ARP's, IPv4's)"
	hit0=$(show lookups.hit) missed0=$(show lookups.missed) mask0=$(show masks.hit)
	ip netns exec h1 ping -c 5 -i 0.2 -W 2 10.0.0.2 >/dev/null ||
		fp_fail "h1 cannot ping h2 through the flows"
	fp_log "ok: h1 pings h2 through dp0's flows"
	hit1=$(show lookups.hit) missed1=$(show lookups.missed) mask1=$(show masks.hit)
	p12=$(flow_of "$IP12" packets) p21=$(flow_of "$IP21" packets)
	a12=$(flow_of 'in_port(1),eth(),eth_type(0x0806)' packets)
	a21=$(flow_of 'in_port(2),eth(),eth_type(0x0806)' packets)
	fp_expect_eq 5 "$p12" "echo requests counted by h1's IPv4 flow"
	fp_expect_eq 5 "$p21" "echo replies counted by h2's IPv4 flow"
	fp_expect_eq 490 "$(flow_of "$IP12" bytes)" "bytes of the 5 requests (98 each)"
	fp_expect_eq "$((p12 + p21 + a12 + a21))" "$((hit1 - hit0))" "datapath hits = the flows' packets"
	fp_expect_eq "$missed0" "$missed1" "no packet missed"
	[ $((mask1 - mask0)) -ge $((hit1 - hit0)) ] || fp_fail "masks hit $mask0 -> $mask1 for $((hit1 - hit0)) hits"
	ago=$(flow_of "$IP12" used_ms_ago)
	[ "$ago" != null ] && [ "$ago" -ge 0 ] && [ "$ago" -lt 30000 ] ||
		fp_fail "the flow was used ${ago}ms ago, by the monotonic clock userspace reads"
	fp_log "ok: flows counted $p12+$p21 IPv4 and $a12+$a21 ARP packets; hits $hit0 -> $hit1, masks hit $mask0 -> $mask1"
	# A frame that matches no flow is a miss (and goes up: nobody listens, so lost).
	ip netns exec h1 bash -c 'printf x >/dev/udp/10.0.0.2/9' 2>/dev/null
	sleep 0.5
	fp_expect_eq 6 "$(flow_of "$IP12" packets)" "a UDP datagram hits the IPv4 flow too"
	fp dp del-flow dp0 "$IP12" || fp_fail "del-flow"
	ip netns exec h1 ping -c 1 -W 1 10.0.0.2 >/dev/null
	fp_expect_eq $((missed1 + 1)) "$(show lookups.missed)" "without h1's IPv4 flow the request misses"
	fp_expect_eq 2 "$(show masks.total)" "deleting one of two IPv4 flows keeps their mask"
	fp dp add-flow dp0 "$IP12" 2 || fp_fail "add-flow"
}

# 25 masks (IPv4 source prefixes /8 to /32) beside the forwarding flows:
# traffic still finds its flow, and the mask cache answers most lookups.
many_masks() {
	local hits0 cache0 cache1
	awk 'BEGIN {
		for (p = 8; p <= 32; p++) {
			m = 4294967296 - 2 ^ (32 - p)
			printf "in_port(9),eth(),eth_type(0x0800),ipv4(src=%d.0.0.0/%d.%d.%d.%d,frag=no) drop\n",
				p, int(m / 16777216) % 256, int(m / 65536) % 256, int(m / 256) % 256, m % 256
		}
	}' >"$tmp/masks"
	expect_rc 0 "add-flows of 25 masks" fp dp add-flows dp0 "$tmp/masks"
	fp_expect_eq 27 "$(show masks.total)" "masks: 25 and the forwarding flows' 2"
	fp_expect_eq 29 "$(n_flows)" "flows"
	hits0=$(flow_of "$IP12" packets) cache0=$(cache_hits)
	ip netns exec h1 ping -c 10 -i 0.1 -W 2 10.0.0.2 >/dev/null || fp_fail "ping over 27 masks"
	fp_expect_eq $((hits0 + 10)) "$(flow_of "$IP12" packets)" "the pings still hit their flow"
	cache1=$(cache_hits)
	# 20 lookups, on up to 4 CPUs each with its own cache: 8 cold at worst.
	[ -n "$cache1" ] && [ $((cache1 - cache0)) -ge 10 ] ||
		fp_fail "mask cache hits $cache0 -> $cache1 for 20 packets of one connection"
	fp_log "ok: the mask cache answered $((cache1 - cache0)) lookups"
	expect_rc 0 "del-flows of the 25" fp dp del-flows dp0 "$tmp/masks"
	fp_expect_eq 2 "$(show masks.total)" "each mask went with its last flow"
}

# N_BIG flows from a file, in fpctl's batches; dumped, then flushed.
big_table() {
	local t0 t1
	seq 0 $((N_BIG - 1)) | awk '{ printf "in_port(9),eth(),eth_type(0x0800),ipv4(src=11.%d.%d.%d,frag=no) drop\n", int($1 / 65536), int($1 / 256) % 256, $1 % 256 }' >"$tmp/big"
	t0=$(date +%s)
	expect_rc 0 "add-flows of $N_BIG flows" fp dp add-flows dp0 "$tmp/big"
	t1=$(date +%s)
	fp_expect_eq $((N_BIG + 4)) "$(n_flows)" "the datapath's flow count"
	fp_expect_eq $((N_BIG + 4)) "$(fp dp dump-flows dp0 | wc -l)" "flows fpctl dumps"
	fp_expect_eq $((N_BIG + 4)) "$(fp dp dump-flows dp0 | sort -u | wc -l)" "no flow dumped twice"
	fp_expect_eq 3 "$(show masks.total)" "one mask for all of them"
	ip netns exec h1 ping -c 2 -i 0.2 -W 2 10.0.0.2 >/dev/null || fp_fail "ping beside $N_BIG flows"
	expect_rc 0 "get-flow of one of them" fp dp get-flow dp0 'in_port(9),eth(),eth_type(0x0800),ipv4(src=11.1.2.3,frag=no)'
	expect_rc 0 "del-flows (flush)" fp dp del-flows dp0
	fp_expect_eq 0 "$(n_flows)" "flows after the flush"
	fp_expect_eq 0 "$(show masks.total)" "masks after the flush"
	fp_log "ok: $N_BIG flows added in $((t1 - t0))s (TCG), dumped, flushed"
}

host h1 10.0.0.1 02:00:00:00:00:01
host h2 10.0.0.2 02:00:00:00:00:02

modprobe openvswitch || fp_fail "modprobe openvswitch"
netlink_semantics openvswitch.ko
modprobe -r openvswitch || fp_fail "modprobe -r openvswitch"

fp_load_flowpath
netlink_semantics flowpath.ko
dp_up
fp_cleanup_add "[ -d /sys/module/flowpath ] && $FPCTL dp del dp0"
tools_on_flows
traffic
many_masks
big_table
dp_down
fp_log "ok: flowpath.ko's flow table"
