#!/bin/bash
# Scenario 23 on flowpath.ko, which has no flow table yet: flow requests
# are refused with its reason, dumps are empty, and upcall handlers fall
# back to per-port dispatch since it refuses per-CPU dispatch.
FP_DATAPATH=flowpath exec bash "$FP_ROOT/tests/vm/23-fpctl-dp-flows.sh"
