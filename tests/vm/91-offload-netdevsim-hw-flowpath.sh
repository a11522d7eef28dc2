#!/bin/bash
# Scenario 61 on flowpath.ko instead of openvswitch.ko: flowpathd must not
# care which kernel datapath it drives.
FP_DATAPATH=flowpath exec bash "$FP_ROOT/tests/vm/61-offload-netdevsim-hw.sh"
