#!/bin/bash
# Scenario 23 on flowpath.ko: the same flows, traffic, batches, refusals
# (same errnos; flowpath.ko says why in the extended ACK), executed packets
# and upcall dispatch, per CPU and per port, as on openvswitch.ko.
FP_DATAPATH=flowpath exec bash "$FP_ROOT/tests/vm/23-fpctl-dp-flows.sh"
