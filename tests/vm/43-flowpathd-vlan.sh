#!/bin/bash
# NORMAL with VLANs: access ports in VLANs 10 and 20, and a trunk carrying
# both, tagged, to a host with one VLAN interface per VLAN.
#
#   ns h1 [e0 10.0.10.1]--[h1p access=10] \
#   ns h2 [e0 10.0.10.2]--[h2p access=10]  \
#   ns h3 [e0 10.0.20.3]--[h3p access=20]   br0 <-> flowpathd, actions=normal
#   ns h4 [e0 10.0.10.4]--[h4p access=20]  /
#   ns tr [e0.10 10.0.10.9, e0.20 10.0.20.9]--[trp trunks=10,20]
#
# h4 sits in h1's subnet but in VLAN 20: it must not reach h1.
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"

fpd_load_datapath

fpd_host h1 10.0.10.1 h1p
fpd_host h2 10.0.10.2 h2p
fpd_host h3 10.0.20.3 h3p
fpd_host h4 10.0.10.4 h4p
fp_netns_add tr
ip netns exec tr sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1 || fp_fail "sysctl in tr"
fp_veth e0 tr trp ""
for v in 10 20; do
	ip -n tr link add link e0 name e0.$v type vlan id $v || fp_fail "vlan $v in tr"
	ip -n tr link set e0.$v up
	fp_addr tr e0.$v 10.0.$v.9/24
done

fpd_start --handlers 2
fp_cleanup_add "[ -d /sys/module/$FPD_DP_MODULE ] && $FPCTL dp del br0"
fpctl add-br br0 || fp_fail "add-br"
fpctl add-port br0 h1p access=10 || fp_fail "add-port h1p access=10"
fpctl add-port br0 h2p access=10 || fp_fail "add-port h2p access=10"
fpctl add-port br0 h3p access=20 || fp_fail "add-port h3p access=20"
fpctl add-port br0 h4p access=20 || fp_fail "add-port h4p access=20"
fpctl add-port br0 trp trunks=10,20 || fp_fail "add-port trp trunks=10,20"
fpctl add-flow br0 actions=normal || fp_fail "add-flow normal"

fp_expect_fail "access=4095" fpctl add-port br0 x0 access=4095
fp_expect_match '^port br0 trp trunks=10,20$' "$(cat "$FPD_CONF")" "the trunk in the config"
fp_expect_eq "access:10 access:10 access:20 access:20 trunk:10,20" \
	"$(fpd_json show br0 | jq -r '[.bridges[0].ports[1:][] |
		"\(.vlan_mode):\(if .vlan_mode == "access" then .tag else (.trunks | join(",")) end)"] | join(" ")')" \
	"the ports' VLAN settings in show"

ping_ok() { ip netns exec "$1" ping -c 2 -i 0.2 -W 2 "$2" >/dev/null; }
ping_ok h1 10.0.10.2 || fp_fail "h1 -> h2, both access 10"
ping_ok h1 10.0.10.9 || fp_fail "h1 -> tr over the trunk, VLAN 10"
ping_ok h3 10.0.20.9 || fp_fail "h3 -> tr over the trunk, VLAN 20"
ping_ok tr 10.0.10.2 || fp_fail "tr -> h2, tagged 10 in, untagged out"
fp_log "ok: access ports reach each other and the trunk, in their VLAN"

# Now, before they idle out: the megaflows of those pings.
flows=$(fpd_json dump-flows br0)
fp_expect_eq 0 "$(fpd_json upcall-stats | jq '.total.put_errors')" "megaflows the kernel refused"
echo "$flows" | jq -r '.[] | "\(.match) -> \(.actions)"'
fp_expect_eq true "$(jq '[.[] | select(.match | contains("in_port(h1p)")) |
	select(.actions | contains("push_vlan(vid=10"))] | length > 0' <<<"$flows")" \
	"h1's frames leave on the trunk tagged 10"
fp_expect_eq true "$(jq '[.[] | select(.match | contains("in_port(trp)")) |
	select(.match | contains("vlan(vid=10")) | select(.actions | contains("pop_vlan"))] |
	length > 0' <<<"$flows")" "the trunk's VLAN 10 frames reach access ports untagged"

ping_ok h4 10.0.10.1 && fp_fail "h4 (VLAN 20) reached h1 (VLAN 10)"
ping_ok h1 10.0.10.4 && fp_fail "h1 (VLAN 10) reached h4 (VLAN 20)"
fp_log "ok: VLAN 20 does not reach VLAN 10"

macs=$(fpd_json dump-macs br0)
fp_expect_eq "10 20" "$(jq -r '[.[] | select(.port == "trp") | .vlan] | sort | join(" ")' <<<"$macs")" \
	"tr's MAC learned on the trunk once per VLAN"
fpd_stop
