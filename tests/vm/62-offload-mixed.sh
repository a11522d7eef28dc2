#!/bin/bash
# Mixed placement under policy tc-sw: a megaflow whose translation needs a
# userspace() action (a rule's controller action: a copy of each packet to
# flowpathd) lands in the kernel datapath, with tc's reason, while its
# neighbours land in tc; all forward, and flowpathd counts exactly the
# packets that went through the kmod megaflow.
#
#   h1 (10.0.0.1) --h1p\                      priority=40 ip,nw_dst=10.0.0.1 -> h1p  (tc)
#   h2 (10.0.0.2) --h2p-- br0 <-> flowpathd   priority=30 ip,nw_dst=10.0.0.3 -> h3p  (tc)
#   h3 (10.0.0.3) --h3p/                      priority=20 ip,nw_dst=10.0.0.2
#                                                 -> controller,h2p  (kmod: tc has
#                                                 no action that reaches flowpathd)
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"
. "$FP_ROOT/tests/vm/lib/offload.sh"

N=5		# echo requests h1 -> h2: the packet-ins to count
PAIRS=3		# echo requests per ordered pair afterwards

fpd_load_datapath

# A long idle timeout: the megaflows must outlive the restart at the end.
fpd_start --handlers 2 --idle-timeout 60000
for i in 1 2 3; do fpd_host h$i 10.0.0.$i h${i}p; done
fpd_static_arp h1 h2 h3
fpctl add-br br0 || fp_fail "add-br br0"
fp_cleanup_add "[ -d /sys/module/$FPD_DP_MODULE ] && $FPCTL dp del br0"
for i in 1 2 3; do fpctl add-port br0 h${i}p || fp_fail "add-port h${i}p"; done
fpctl set-policy tc-sw || fp_fail "set-policy tc-sw"
fpctl add-flow br0 priority=30,ip,nw_dst=10.0.0.3,actions=output:h3p || fp_fail "rule to h3"
fpctl add-flow br0 priority=20,ip,nw_dst=10.0.0.2,actions=controller,output:h2p || fp_fail "rule to h2"
fpctl add-flow br0 priority=40,ip,nw_dst=10.0.0.1,actions=output:h1p || fp_fail "rule to h1"
fp_expect_match 'priority=20,ip,nw_dst=10.0.0.2,actions=CONTROLLER,output:h2p' \
	"$(fpctl dump-rules br0)" "dump-rules prints the controller action back"

to() { off_flow_json h1p "$1"; }
# The megaflow from h1p to h2 sends a packet-in, then outputs to h2p.
to_h2() {
	fpd_json dump-flows -m br0 | jq -ec '[.[] | select(.match | test("in_port\\(h1p\\)")) |
		select(.actions | test("^userspace\\(pid=[0-9]+,userdata\\([0-9a-f]{32}\\)\\),h2p$"))] |
		if length == 1 then .[0] else empty end'
}
pins() { fpd_json packet-ins br0 | jq -e '.[0]'; }

# One request each sets the megaflows up (the handler executes it, with a
# packet-in for the one to h2), so that the N that follow all go through
# them however slowly the guest runs.
ip netns exec h1 ping -c 1 -W 10 10.0.0.3 >/dev/null || fp_fail "first ping h1 -> h3"
ip netns exec h1 ping -c 1 -W 10 10.0.0.2 >/dev/null || fp_fail "first ping h1 -> h2"
set_up() { to h3p && to_h2 && off_flow_json h2p h1p && off_flow_json h3p h1p; }
fpd_wait_until 5 "the megaflows both ways" set_up
ip netns exec h1 ping -c "$N" -i 0.1 -W 5 10.0.0.3 >/dev/null || fp_fail "ping h1 -> h3"
ip netns exec h1 ping -c "$N" -i 0.1 -W 5 10.0.0.2 >/dev/null || fp_fail "ping h1 -> h2"
fp_log "ok: both destinations answer"
settled() {
	[ "$(to h3p | jq .packets)" = "$N" ] && [ "$(to_h2 | jq .packets)" = "$N" ] &&
		[ "$(pins | jq .packet_ins)" = $((N + 1)) ]
}
fpd_wait_until 5 "counters of both megaflows, $((N + 1)) packet-ins" settled
h3=$(to h3p) h2=$(to_h2)
echo "to h3: $h3"
echo "to h2: $h2"
fp_expect_eq tc "$(jq -r .layer <<<"$h3")" "the h3 megaflow's layer"
fp_expect_eq null "$(jq -r .why <<<"$h3")" "nothing refused the h3 megaflow"
fp_expect_eq kmod "$(jq -r .layer <<<"$h2")" "the h2 megaflow's layer"
fp_expect_match 'userspace\(\): tc has no action that sends a packet up to flowpathd' \
	"$(jq -r .why <<<"$h2")" "the reason names the userspace action"
fp_expect_match "refused: tc cannot express the flow: userspace\(\)" \
	"$(fpctl explain "$(jq -r .ufid <<<"$h2")")" "explain gives tc's reason"
fp_expect_eq tc "$(off_flow_json h3p h1p | jq -r .layer)" "the reply megaflow from h3's layer"
fp_expect_eq tc "$(off_flow_json h2p h1p | jq -r .layer)" "the reply megaflow from h2's layer"
fp_expect_eq "$N" "$(jq '.layers.kmod.packets' <<<"$h2")" "the datapath counted the h2 megaflow"
off_tc_by_cookie h1p "$(jq -r .ufid <<<"$h3")" >/dev/null || fp_fail "no tc filter for the h3 megaflow"
off_tc_by_cookie h2p "$(off_flow_json h2p h1p | jq -r .ufid)" >/dev/null ||
	fp_fail "no tc filter for the reply megaflow from h2"
off_tc_by_cookie h1p "$(jq -r .ufid <<<"$h2")" >/dev/null && fp_fail "a tc filter for the h2 megaflow"

# The first request was executed by the handler with the megaflow's
# actions, the N others went through the megaflow: N + 1 packet-ins, all
# of the rule, none of the tc neighbours'.
p=$(pins)
echo "packet-ins: $p"
fp_expect_eq 1 "$(jq '.rules | length' <<<"$p")" "one rule sent packet-ins"
fp_expect_eq $((N + 1)) "$(jq '.rules[0].packet_ins' <<<"$p")" "the controller rule's count"
fp_expect_match 'actions=CONTROLLER,output:h2p' "$(jq -r '.rules[0].rule' <<<"$p")" \
	"the count names its rule"
fp_expect_eq $((N + 1)) "$(jq '.last | length' <<<"$p")" "every packet-in is kept (fewer than 16)"
fp_expect_eq $((N + 1)) "$(jq '[.last[] | select(.in_port == "h1p" and
	.packet == "10.0.0.1 > 10.0.0.2 icmp echo-request" and .len == .orig_len)] | length' <<<"$p")" \
	"each kept one is an echo request from h1p, whole"
fp_expect_eq $((N + 1)) "$(fpd_json upcall-stats | jq .total.packet_ins)" "upcall-stats counts the packet-ins"
fp_expect_match "bridge br0: $((N + 1)) packet-ins" "$(fpctl packet-ins)" "the text form"

# Every ordered pair: requests and replies to 10.0.0.2 are packet-ins too.
for a in 1 2 3; do
	for b in 1 2 3; do
		[ "$a" = "$b" ] && continue
		ip netns exec h$a ping -c "$PAIRS" -i 0.1 -W 5 10.0.0.$b >/dev/null ||
			fp_fail "ping h$a -> h$b"
	done
done
fp_log "ok: every pair answers"
# To h2: h1's and h3's requests, and the replies to h2's own pings.
want=$((N + 1 + 4 * PAIRS))
all_in() { [ "$(pins | jq .packet_ins)" = "$want" ]; }
fpd_wait_until 5 "$want packet-ins after every pair pinged" all_in
p=$(pins)
fp_expect_eq "$want" "$(jq '.rules[0].packet_ins' <<<"$p")" "all of them the rule's"
fp_expect_eq 0 "$(fpd_json dump-flows -m br0 |
	jq '[.[] | select(.actions | test("userspace")) | select(.layer != "kmod")] | length')" \
	"no megaflow with a packet-in left the datapath"
fp_expect_eq 0 "$(fpd_json dump-flows -m br0 |
	jq '[.[] | select(.actions | test("userspace") | not) | select(.layer != "tc")] | length')" \
	"every other megaflow is in tc"

# A restarted flowpathd has new handler sockets and a new run id: it adopts
# the controller megaflow and rewrites its userspace() action, so the
# packet-ins that follow are credited to the rule, not to "a previous
# flowpathd".
before=$(to_h2 | jq -r .actions)
fpd_kill
fpd_start --handlers 2 --idle-timeout 60000
ip netns exec h1 ping -c "$PAIRS" -i 0.1 -W 5 10.0.0.2 >/dev/null || fp_fail "ping h1 -> h2 after the restart"
credited() { [ "$(pins | jq '[.rules[] | select(.rule != null) | .packet_ins] | add')" = "$PAIRS" ]; }
fpd_wait_until 5 "$PAIRS packet-ins credited to the rule after the restart" credited
p=$(pins)
echo "packet-ins after the restart: $p"
fp_expect_eq "$PAIRS" "$(jq .packet_ins <<<"$p")" "none from the old cookie"
after=$(to_h2 | jq -r .actions)
[ "$before" != "$after" ] || fp_fail "the adopted megaflow kept its old userspace() action: $after"
fp_log "ok: the adopted megaflow's action was rewritten: $before -> $after"
fp_expect_eq kmod "$(to_h2 | jq -r .layer)" "the adopted megaflow's layer"
[ "$(fpd_json upcall-stats | jq .revalidator.modified)" -ge 1 ] || fp_fail "the revalidator modified nothing"

fpd_stop
