#!/bin/bash
# Scenario 63 on flowpath.ko instead of openvswitch.ko: flowpathd must not
# care which kernel datapath it drives.
FP_DATAPATH=flowpath exec bash "$FP_ROOT/tests/vm/63-offload-policy-move.sh"
