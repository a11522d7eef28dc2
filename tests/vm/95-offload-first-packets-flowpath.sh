#!/bin/bash
# Scenario 65 on flowpath.ko instead of openvswitch.ko: flowpathd must not
# care which kernel datapath it drives.
FP_DATAPATH=flowpath exec bash "$FP_ROOT/tests/vm/65-offload-first-packets.sh"
