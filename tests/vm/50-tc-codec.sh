#!/bin/bash
# flowpath's tc flower codec and client against the guest kernel, through
# build/tcnl, with iproute2 as the independent reader:
#
#   netns a: va 10.0.0.1/24 <--veth--> netns b: vb 10.0.0.2/24 (clsact)
#
# - every example filter (one per key kind and action kind, tcnl list) is
#   put on vb's ingress; "tc -j filter show" must decode the same keys,
#   masks, actions and cookies, and our dump must list every chain;
# - UDP packets from a must move our decoder's counters of the filter that
#   drops them, by as many packets and bytes as tc reports;
# - a get reads a filter back as the dump did; del leaves nothing;
# - a batched install of many filters against "tc -batch" (ratio logged);
# - netdevsim with hw-tc-offload on: skip_sw refused with the kernel's
#   reason, skip_hw accepted.
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/netdevsim.sh"

TCNL=$FP_ROOT/build/tcnl
[ -x "$TCNL" ] || fp_fail "no $TCNL: run make userspace first"
modprobe -a cls_flower sch_ingress act_mirred act_gact act_vlan act_pedit act_csum ||
	fp_fail "modprobe of the tc modules"

fp_netns_add a
fp_netns_add b
fp_veth va a vb b
fp_addr a va 10.0.0.1/24
fp_addr b vb 10.0.0.2/24
tcnl_b() { ip netns exec b "$TCNL" "$@"; }

# compare_with_tc TCNL_SHOW_LINES TC_JSON: iproute2's reading of each filter
# (keys turned into tcnl's "key/mask" hex) must be ours, field for field.
compare_with_tc() {
	python3 - "$1" "$2" <<'PY'
import ipaddress, json, sys
ours = [json.loads(l) for l in sys.argv[1].splitlines()]
theirs = {(f["chain"], f["pref"]): f for f in json.loads(sys.argv[2]) if "options" in f}
PROTO = {"ip": "0800", "ipv6": "86dd", "arp": "0806", "802.1Q": "8100", "802.1ad": "88a8"}
ETH = {"ipv4": "0800", "ipv6": "86dd", "arp": "0806", "ip": "0800", "802.1Q": "8100"}
IPP = {"udp": "11", "tcp": "06", "icmp": "01", "icmpv6": "3a", "sctp": "84"}
HTYPE = {"eth": 1, "ipv4": 2, "ipv6": 3, "tcp": 4, "udp": 5}

def h(v, n):
    return format(v, "0%dx" % (2 * n))

def mac(s):
    a, _, p = s.partition("/")
    m = (1 << 48) - (1 << (48 - int(p))) if p else (1 << 48) - 1
    return a.replace(":", "") + "/" + h(m, 6)

def ip(s):
    n = ipaddress.ip_network(s, strict=False)
    b = n.max_prefixlen // 8
    return h(int(n.network_address), b) + "/" + h(int(n.netmask), b)

def num(k, n, key, mask=None):
    full = (1 << (8 * n)) - 1
    return h(int(key), n) + "/" + h(int(mask, 16) if mask else full, n)

def keys(k):
    out = {}
    for name, v in k.items():
        if name in ("dst_mac", "src_mac"): out[name] = mac(v)
        elif name == "eth_type": out["eth_type"] = ETH[v] + "/ffff"
        elif name == "ip_proto": out["ip_proto"] = IPP[v] + "/ff"
        elif name in ("dst_ip", "src_ip"):
            fam = "ipv6" if ":" in v else "ipv4"
            out[fam + "_" + name[:3]] = ip(v)
        elif name in ("dst_port", "src_port"):
            out["tp_" + name[:3]] = num(k, 2, v, k.get(name + "_mask"))
        elif name in ("ip_tos", "ip_ttl"):
            out[name] = num(k, 1, v, k.get(name + "_mask"))
        elif name in ("icmp_type", "icmp_code"): out[name] = num(k, 1, v)
        elif name in ("vlan_id", "cvlan_id"): out[name] = num(k, 2, v)
        elif name in ("vlan_prio", "cvlan_prio"): out[name] = num(k, 1, v)
        elif name in ("vlan_ethtype", "cvlan_ethtype"):
            out[name.replace("ethtype", "eth_type")] = ETH[v] + "/ffff"
        elif name in ("arp_sip", "arp_tip"): out[name] = ip(v)
        elif name in ("arp_sha", "arp_tha"): out[name] = mac(v)
        elif name == "arp_op": out[name] = {"request": "01", "reply": "02"}[v] + "/ff"
        elif name == "tcp_flags":
            a, _, m = v.partition("/")
            out[name] = num(k, 2, int(a, 16), m or None)
        elif name == "ip_flags":
            bits = {"frag": 1, "firstfrag": 2}
            out["flags"] = h(sum(bits[f] for f, on in v.items() if on), 4) + "/" + \
                           h(sum(bits[f] for f in v), 4)
        elif name.endswith("_mask"): pass
        else: sys.exit(f"tc key {name}={v}: not compared")
    return out

def act(a, t, where):
    if t["kind"] != a["kind"]:
        sys.exit(f"{where}: kind {t['kind']}, ours {a['kind']}")
    k = a["kind"]
    if k == "mirred":
        want = ("mirror" if a["mirror"] else "redirect", "ingress" if a["ingress"] else "egress")
        if (t["mirred_action"], t["direction"]) != want:
            sys.exit(f"{where}: mirred {t['mirred_action']} {t['direction']}, ours {want}")
    elif k == "vlan":
        if t["vlan_action"] != a["vlan"]:
            sys.exit(f"{where}: vlan {t['vlan_action']}, ours {a['vlan']}")
        if a["vlan"] != "pop" and (t["id"], t["priority"], PROTO[t["protocol"]]) != \
                (a["vid"], a["prio"], h(a["tpid"], 2)):
            sys.exit(f"{where}: vlan {t}, ours {a}")
    elif k == "pedit":
        tk = [f"{HTYPE[x['htype']]}+{x['offset']}:{int(x['val'], 16):08x}/"
              f"{~int(x['mask'], 16) & 0xffffffff:08x}" for x in t["keys"]]
        if tk != a["keys"]:
            sys.exit(f"{where}: pedit keys {tk}, ours {a['keys']}")
    elif k == "csum":
        names = {1: "iph", 2: "icmp", 4: "igmp", 8: "tcp", 16: "udp", 32: "udplite", 64: "sctp"}
        want = ", ".join(n for b, n in sorted(names.items()) if a["flags"] & b)
        if t["csum"] != want:
            sys.exit(f"{where}: csum {t['csum']}, ours {want}")

for f in ours:
    where = f"chain {f['chain']} prio {f['prio']}"
    t = theirs.pop((f["chain"], f["prio"]), None)
    if t is None:
        sys.exit(f"{where}: tc does not list it")
    o = t["options"]
    if o["handle"] != f["handle"] or PROTO[t["protocol"]] != f["protocol"]:
        sys.exit(f"{where}: handle/protocol {o['handle']} {t['protocol']}")
    if bool(o.get("skip_hw")) != bool(f["flags"] & 1) or o.get("in_hw", False) != f["in_hw"]:
        sys.exit(f"{where}: flags {o}")
    tk = keys(o.get("keys", {}))
    if tk != f["keys"]:
        sys.exit(f"{where}: keys\n  tc   {sorted(tk.items())}\n  ours {sorted(f['keys'].items())}")
    ta = o.get("actions", [])
    if len(ta) != len(f["actions"]):
        sys.exit(f"{where}: {len(ta)} actions, ours {len(f['actions'])}")
    if ta and ta[0].get("cookie", "") != f["cookie"]:
        sys.exit(f"{where}: cookie {ta[0].get('cookie')}, ours {f['cookie']}")
    for i, (a, x) in enumerate(zip(f["actions"], ta)):
        act(a, x, f"{where} action {i + 1}")
if theirs:
    sys.exit(f"tc lists filters our dump missed: {sorted(theirs)}")
PY
}

# ---- every example, read back by iproute2 ----
out=$(tcnl_b put vb vb all) || fp_fail "tcnl put all: $out"
echo "$out"
n_examples=$("$TCNL" list | wc -l)
fp_expect_eq "$n_examples" "$(grep -c '^put ' <<<"$out")" "examples installed"
ours=$(tcnl_b show vb) || fp_fail "tcnl show: $ours"
theirs=$(tc -n b -j -s filter show dev vb ingress) || fp_fail "tc filter show"
fp_expect_eq "$n_examples" "$(wc -l <<<"$ours")" "filters our dump lists (chain 7 too)"
grep -q '"chain":7,' <<<"$ours" || fp_fail "our dump misses the chain 7 filter: $ours"

err=$(compare_with_tc "$ours" "$theirs" 2>&1) ||
	fp_fail "iproute2 reads our filters differently:
$err"
fp_log "ok: iproute2 decodes the keys, masks, actions and cookies we encoded"

# ---- traffic moves our counters ----
ip netns exec a python3 - <<'PY' || fp_fail "sending UDP from netns a"
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(20):
    s.sendto(b"x" * 100, ("10.0.0.2", 9))
PY
got=$(tcnl_b get vb count) || fp_fail "tcnl get count: $got"
echo "$got"
tc_count=$(tc -n b -j -s filter show dev vb ingress |
	python3 -c 'import json,sys
for f in json.load(sys.stdin):
    if f.get("pref") == 22 and "options" in f:
        s = f["options"]["actions"][0]["stats"]; print(s["packets"], s["bytes"])')
read -r tc_pkts tc_bytes <<<"$tc_count"
fp_expect_eq 20 "$tc_pkts" "packets tc counts on the count filter"
our=$(python3 -c 'import json,sys; s=json.loads(sys.argv[1])["stats"]
print(s["packets"], s["bytes"], s["lastuse_ms"] is not None)' "$got")
fp_expect_eq "20 $tc_bytes True" "$our" "our decoder's packets, bytes, lastuse"

# ---- get reads what the dump read; del leaves nothing ----
g=$(tcnl_b get vb qinq) || fp_fail "tcnl get qinq: $g"
d=$(grep '"prio":18,' <<<"$ours")
fp_expect_eq "$d" "$g" "get of qinq, as the dump had it"
tcnl_b del vb all || fp_fail "tcnl del all"
fp_expect_eq "" "$(tcnl_b show vb)" "our dump after del all"
fp_expect_eq "[]" "$(tc -n b -j filter show dev vb ingress)" "tc after del all"

# ---- install rate: batched puts against tc -batch, in this boot ----
N=2000
ip -n b link add d1 type dummy && ip -n b link add d2 type dummy || fp_fail "dummies"
ip -n b link set d1 up && ip -n b link set d2 up
tc -n b qdisc add dev d2 clsact || fp_fail "clsact on d2"
for ((i = 1; i <= N; i++)); do
	echo "filter add dev d2 ingress prio 100 handle $i protocol ip flower skip_hw ip_proto udp dst_port $i action drop cookie 606162636465666768696a6b6c6d6e6f"
done >/tmp/tc-batch
t0=$(date +%s%N)
tc -n b -batch /tmp/tc-batch || fp_fail "tc -batch"
t1=$(date +%s%N)
ours=$(tcnl_b batch d1 $N) || fp_fail "tcnl batch: $ours"
t2=$(date +%s%N)
fp_expect_eq "$N" "$(tc -n b filter show dev d1 ingress | grep -c handle)" "filters tcnl batch installed"
tc_ms=$(((t1 - t0) / 1000000)) ours_ms=$(((t2 - t1) / 1000000))
fp_log "install of $N filters: tc -batch ${tc_ms} ms, tcnl batch ${ours_ms} ms (process included; inside: $ours)"
fp_log "rate ratio tcnl/tc: $(python3 -c "print(round($tc_ms / max($ours_ms, 1), 2))")"

# ---- netdevsim: skip_sw refused with a reason, skip_hw taken ----
fp_nsim_load
fp_nsim_new 10 1
nsim=$(fp_nsim_netdevs 10)
ethtool -K "$nsim" hw-tc-offload on || fp_fail "ethtool -K $nsim hw-tc-offload on"
if out=$("$TCNL" -f skip_sw put "$nsim" "$nsim" count 2>&1); then
	fp_fail "skip_sw on netdevsim was accepted: $out"
fi
fp_log "skip_sw refused: $out"
tc_out=$(tc filter add dev "$nsim" ingress prio 22 protocol ip flower skip_sw ip_proto udp dst_port 9 action drop 2>&1) &&
	fp_fail "tc took skip_sw on netdevsim"
reason=$(sed -n 's/.*kernel refused RTM_NEWTFILTER: \(.*\) (.*/\1/p' <<<"$out")
[ -n "$reason" ] || fp_fail "no extack text in: $out"
grep -qF "$reason" <<<"$tc_out" || fp_fail "tc says '$tc_out', we say '$reason'"
fp_log "ok: the kernel's reason, as tc shows it too: $reason"
out=$("$TCNL" -f skip_hw put "$nsim" "$nsim" count) || fp_fail "skip_hw on netdevsim: $out"
fp_expect_match "in_hw 0" "$out" "skip_hw filter on netdevsim, not in hardware"
out=$("$TCNL" probe "$nsim") || fp_fail "probe: $out"
fp_log "probe $nsim: $out"
fp_expect_match "^clsact yes, flower yes, chains yes, actions mirred gact vlan pedit csum, skip_hw yes, skip_sw no: " \
	"$out" "probe summary on netdevsim"
fp_expect_eq 1 "$("$TCNL" show "$nsim" | wc -l)" "the probes left only our filter"
