#!/bin/bash
# fpctl eswitch lists what a switchdev NIC shows the kernel, checked against
# sysfs and ethtool: netdevsim's eswitch in switchdev mode, its uplinks and
# VF representors on one switch id, a second device on a switch of its own.
#
#   netdevsim10 (switchdev)  uplinks p1 p2, VF representors pf0vf0 pf0vf1
#   netdevsim11 (legacy)     uplink p1
#
# Then the devices go away, and so must the list.
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/netdevsim.sh"

[ -x "$FPCTL" ] || fp_fail "no $FPCTL: run make userspace first"

# The netdev of netdevsim$1 whose phys_port_name is $2.
nsim_port() {
	local d
	for d in $(fp_nsim_netdevs "$1"); do
		[ "$(cat "/sys/class/net/$d/phys_port_name")" = "$2" ] && { echo "$d"; return; }
	done
	fp_fail "netdevsim$1 has no netdev with phys_port_name $2"
}

# hw-tc-offload of $1 as the reference tool shows it: on or off.
tc_offload() { ethtool -k "$1" | sed -n 's/^hw-tc-offload: \([a-z]*\).*/\1/p'; }

# Checks fpctl's JSON ($1) against the expected switches ($2):
# {switch_id: {"devlink": [instances],
#              "ports": [[name, role, port, pf, vf, hw_tc_offload, role_source]]}}
# with ports in the order fpctl must list them.
check_json() {
	python3 - "$1" "$2" <<'PY'
import json, sys
got = json.loads(sys.argv[1])
want = json.loads(sys.argv[2])
switches = {s["switch_id"]: s for s in got["switches"]}
if len(switches) != len(got["switches"]):
    sys.exit("a switch id is listed twice")
if sorted(switches) != sorted(want):
    sys.exit(f"switch ids: want {sorted(want)}, got {sorted(switches)}")
for sid, w in want.items():
    s = switches[sid]
    if s["devlink"] != w["devlink"]:
        sys.exit(f"switch {sid}: devlink {s['devlink']}, want {w['devlink']}")
    rows = [[p["name"], p["role"], p["port"], p["pf"], p["vf"],
             p["hw_tc_offload"], p["role_source"]] for p in s["ports"]]
    if rows != w["ports"]:
        sys.exit(f"switch {sid}:\n  want {w['ports']}\n  got  {rows}")
    for p in s["ports"]:
        dl = p["devlink_port"]
        if p["role_source"] == "devlink":
            if not dl or not dl.startswith(w["devlink"][0] + "/"):
                sys.exit(f"{p['name']}: devlink port {dl}")
        elif dl is not None:
            sys.exit(f"{p['name']}: devlink port {dl} but role from {p['role_source']}")
PY
}

# Created first, so that the cleanup deletes it after the devices.
fp_netns_add cont
fp_nsim_load

out=$("$FPCTL" eswitch) || fp_fail "fpctl eswitch failed: $out"
fp_expect_eq "no switchdev ports" "$out" "fpctl eswitch before any device"

fp_nsim_new 10 2
fp_nsim_switchdev 10
fp_nsim_vfs 10 2
fp_nsim_new 11 1
fp_expect_eq 4 "$(fp_nsim_netdevs 10 | wc -l)" "netdevs of netdevsim10 (2 ports, 2 VF reps)"
up1=$(nsim_port 10 p1) up2=$(nsim_port 10 p2)
vf0=$(nsim_port 10 pf0vf0) vf1=$(nsim_port 10 pf0vf1)
other=$(nsim_port 11 p1)
fp_log "netdevsim10: p1=$up1 p2=$up2 pf0vf0=$vf0 pf0vf1=$vf1; netdevsim11: p1=$other"

sid=$(cat "/sys/class/net/$up1/phys_switch_id")
sid11=$(cat "/sys/class/net/$other/phys_switch_id")
[ -n "$sid" ] && [ "$sid" != "$sid11" ] || fp_fail "switch ids '$sid' and '$sid11'"
for d in $up2 $vf0 $vf1; do
	fp_expect_eq "$sid" "$(cat "/sys/class/net/$d/phys_switch_id")" "sysfs switch id of $d"
done

# One representor offloads, the others do not: the column must tell.
ethtool -K "$vf1" hw-tc-offload on || fp_fail "ethtool -K $vf1 hw-tc-offload on"
declare -A tc
for d in $up1 $up2 $vf0 $vf1 $other; do
	tc[$d]=$(tc_offload "$d")
done
fp_expect_eq "off on" "${tc[$vf0]} ${tc[$vf1]}" "ethtool: hw-tc-offload of $vf0 $vf1"

# Text: per switch (in switch id order) a header, then uplinks by port,
# then VF representors by VF. Blanks squeezed: widths are cosmetic.
sw10=$(printf '%s\n' "switch $sid (netdevsim/netdevsim10)" \
	"$up1 uplink port 1 p1 hw-tc-offload ${tc[$up1]}" \
	"$up2 uplink port 2 p2 hw-tc-offload ${tc[$up2]}" \
	"$vf0 vf-rep pf 0 vf 0 pf0vf0 hw-tc-offload ${tc[$vf0]}" \
	"$vf1 vf-rep pf 0 vf 1 pf0vf1 hw-tc-offload ${tc[$vf1]}")
sw11=$(printf '%s\n' "switch $sid11 (netdevsim/netdevsim11)" \
	"$other uplink port 1 p1 hw-tc-offload ${tc[$other]}")
if [[ $sid < $sid11 ]]; then want="$sw10"$'\n'"$sw11"; else want="$sw11"$'\n'"$sw10"; fi
out=$("$FPCTL" eswitch) || fp_fail "fpctl eswitch failed: $out"
echo "$out"
fp_expect_eq "$want" "$(tr -s ' ' <<<"$out" | sed 's/^ //')" "fpctl eswitch text"

json=$("$FPCTL" -j eswitch) || fp_fail "fpctl -j eswitch failed: $json"
echo "$json"
jb() { if [ "${tc[$1]}" = on ]; then echo true; else echo false; fi; }
want_json=$(cat <<EOJ
{"$sid": {"devlink": ["netdevsim/netdevsim10"], "ports": [
    ["$up1", "uplink", 1, null, null, $(jb "$up1"), "devlink"],
    ["$up2", "uplink", 2, null, null, $(jb "$up2"), "devlink"],
    ["$vf0", "vf-rep", null, 0, 0, $(jb "$vf0"), "devlink"],
    ["$vf1", "vf-rep", null, 0, 1, $(jb "$vf1"), "devlink"]]},
 "$sid11": {"devlink": ["netdevsim/netdevsim11"], "ports": [
    ["$other", "uplink", 1, null, null, $(jb "$other"), "devlink"]]}}
EOJ
)
err=$(check_json "$json" "$want_json" 2>&1) || fp_fail "fpctl -j eswitch: $err"
fp_log "ok: fpctl -j eswitch matches sysfs and ethtool"

# A representor moved into another namespace (as into a container) leaves
# its devlink instance behind. There fpctl must still find it, its role
# told by phys_port_name alone (VF 1, not 0: a pf/vf mix-up shows); here
# it must be gone from the list.
ip link set "$vf1" netns cont || fp_fail "cannot move $vf1 to netns cont"
json=$(ip netns exec cont "$FPCTL" -j eswitch) || fp_fail "fpctl -j eswitch in netns cont: $json"
echo "$json"
err=$(check_json "$json" "{\"$sid\": {\"devlink\": [], \"ports\": [
	[\"$vf1\", \"vf-rep\", null, 0, 1, $(jb "$vf1"), \"port-name\"]]}}" 2>&1) ||
	fp_fail "fpctl -j eswitch in netns cont: $err"
fp_log "ok: in netns cont, $vf1 is VF 1's representor by its port name"
out=$("$FPCTL" eswitch) || fp_fail "fpctl eswitch failed: $out"
grep -q "^  $vf1 " <<<"$out" && fp_fail "$vf1 left for netns cont but is still listed: $out"
fp_expect_eq 1 "$(grep -c ' vf-rep ' <<<"$out")" "VF representors left in the root netns"
ip -n cont link set "$vf1" netns 1 || fp_fail "cannot move $vf1 back"

fp_nsim_del 10
fp_nsim_del 11
out=$("$FPCTL" eswitch) || fp_fail "fpctl eswitch failed: $out"
fp_expect_eq "no switchdev ports" "$out" "fpctl eswitch after the devices are gone"
json=$("$FPCTL" -j eswitch) || fp_fail "fpctl -j eswitch failed: $json"
err=$(check_json "$json" '{}' 2>&1) || fp_fail "fpctl -j eswitch when empty: $err"
fp_log "ok: fpctl -j eswitch lists no switch"
fp_nsim_unload
