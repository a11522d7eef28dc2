#!/bin/bash
# The same scenario as 20, on flowpath.ko under the Open vSwitch family names:
# fpctl cannot tell the two modules apart, which is the point.
FP_DATAPATH=flowpath FP_FAMILY_PREFIX=ovs exec bash "$FP_ROOT/tests/vm/20-fpctl-dp-openvswitch.sh"
