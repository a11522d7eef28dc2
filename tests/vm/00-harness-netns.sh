#!/bin/bash
# The harness itself: two namespaces joined by a veth pair can ping, and the
# guest runs the kernel we asked for with the modules scenarios rely on.
#
#   ns a [va 10.0.0.1/24] ---veth--- [vb 10.0.0.2/24] ns b
. "$FP_ROOT/tests/vm/lib/common.sh"

fp_expect_eq "$FP_KVER" "$(uname -r)" "guest kernel"
for m in openvswitch cls_flower sch_ingress act_mirred psample; do
	modprobe "$m" || fp_fail "modprobe $m"
done
fp_log "ok: modules load from the host's /lib/modules/$FP_KVER"
modprobe -r act_mirred cls_flower sch_ingress openvswitch

fp_netns_add a
fp_netns_add b
fp_veth va a vb b
fp_addr a va 10.0.0.1/24
fp_addr b vb 10.0.0.2/24
out=$(ip netns exec a ping -c 2 -W 2 -i 0.2 10.0.0.2) || fp_fail "ping a->b: $out"
fp_expect_match ' 0% packet loss' "$out" "ping a->b over veth"
