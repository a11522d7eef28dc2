#!/bin/bash
# Scenario 46 on flowpath.ko: flowpathd at 1, 2 and 4 online CPUs, with
# per-CPU upcall dispatch over as many handlers, forwarding every pair.
FP_DATAPATH=flowpath exec bash "$FP_ROOT/tests/vm/46-flowpathd-cpus.sh"
