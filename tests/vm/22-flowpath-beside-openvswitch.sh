#!/bin/bash
# flowpath.ko loaded with family_prefix=fp beside the in-tree openvswitch.ko:
# scenario 20 runs on flowpath through the fp_* families while an
# openvswitch datapath with a port stays untouched, then both unload.
. "$FP_ROOT/tests/vm/lib/common.sh"

modprobe openvswitch || fp_fail "modprobe openvswitch"
fp_cleanup_add modprobe -r openvswitch
fp_veth ovsp "" ovspeer ""
"$FPCTL" dp add ovsdp || fp_fail "dp add ovsdp on openvswitch.ko"
"$FPCTL" dp add-if ovsdp ovsp || fp_fail "add-if ovsp on openvswitch.ko"

FP_DATAPATH=flowpath FP_FAMILY_PREFIX=fp bash "$FP_ROOT/tests/vm/20-fpctl-dp-openvswitch.sh" ||
	fp_fail "scenario 20 on flowpath.ko with family_prefix=fp"

ports=$("$FPCTL" -j dp show ovsdp | jq -r '[.datapaths[0].ports[].name] | join(" ")')
fp_expect_eq "ovsdp ovsp" "$ports" "openvswitch's datapath after flowpath came and went"
"$FPCTL" dp del ovsdp || fp_fail "dp del ovsdp"
rmmod openvswitch || fp_fail "rmmod openvswitch"
