/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What tc can do for flowpath on one device, found at start-up by trying:
 * each probe installs a filter that can match no packet (its source MAC is
 * a multicast address) at the lowest priority and deletes it right after.
 */
#ifndef FP_TC_PROBE_H
#define FP_TC_PROBE_H

#include <stdbool.h>

#include "tc_client.h"
#include "tc_flower.h"

#define TC_PROBE_N_ACTS (TC_ACT_CSUM + 1)	/* by enum tc_act_kind */
#define TC_PROBE_SUMMARY_LEN 512

struct tc_caps {
	bool clsact;		/* the clsact qdisc is there or could be added */
	bool flower;		/* a flower filter was accepted */
	bool chains;		/* in a chain other than 0 */
	bool act[TC_PROBE_N_ACTS];	/* each action kind, by enum tc_act_kind */
	bool skip_hw;		/* a software-only filter was accepted */
	bool skip_sw;		/* a hardware-only one was (the device offloads) */
	char skip_sw_why[TC_WHY_LEN];	/* why not: the kernel's refusal */
	/* "clsact yes, flower yes, chains yes, actions mirred gact ..." */
	char summary[TC_PROBE_SUMMARY_LEN];
};

/*
 * Probes ifindex (adding clsact if it has none). Returns 0 when the
 * probes ran, whatever they found, or the negative errno that kept them
 * from running (no clsact) with c->error set; caps is filled either way.
 */
int tc_probe(struct tc_client *c, int ifindex, struct tc_caps *caps);

#endif
