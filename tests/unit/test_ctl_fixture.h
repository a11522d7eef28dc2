/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A daemon for the control commands' tests, without a kernel: bridge br0
 * built by hand (no datapath behind it) with its local port and ports p1
 * (can offload) and p2 (cannot), port p3 configured but detached, an empty
 * flow table, and a config file in a fresh temporary directory.
 */
#ifndef TEST_CTL_FIXTURE_H
#define TEST_CTL_FIXTURE_H

#include <stdint.h>
#include <stddef.h>

#include "../../userspace/flowpathd/bridge.h"
#include "../../userspace/flowpathd/ctl.h"
#include "../../userspace/flowpathd/flow_table.h"

#define CTLF_DP_IFINDEX 4000	/* br0's datapath: no netdev has it */
#define CTLF_P1_IFINDEX 4001	/* p1's, as placement probed it */
#define CTLF_P2_IFINDEX 4002

struct ctlf_result {
	int status;
	char *out, *err;
	size_t out_len, err_len;
};

extern struct fpd ctlf_d;
extern struct fpd_bridge *ctlf_br;	/* ports[0] br0, [1] p1, [2] p2 */

void ctlf_setup(void);
void ctlf_teardown(void);

/* Runs the words (NULL-terminated) with flags, as the socket would. */
struct ctlf_result ctlf_run(uint32_t flags, const char *word, ...);
void ctlf_done(struct ctlf_result *r);

/* The saved config file's contents (malloc'd), NULL when there is none. */
char *ctlf_saved_config(void);

#endif
