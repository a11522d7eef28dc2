#!/bin/bash
# Scenario 40 on flowpath.ko instead of openvswitch.ko: flowpathd must not
# care which kernel datapath it drives.
FP_DATAPATH=flowpath exec bash "$FP_ROOT/tests/vm/40-flowpathd-l2-normal.sh"
