/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the "fpctl dp" commands (cmd_dp.c, cmd_dp_watch.c). */
#ifndef FPCTL_CMD_DP_H
#define FPCTL_CMD_DP_H

#include "dp_client.h"
#include "dp_datapath.h"
#include "fpctl.h"

/* Prints "usage: fpctl dp <synopsis>" to stderr; returns FPCTL_USAGE. */
int dp_cmd_usage(const char *synopsis);

/*
 * True when name would be accepted by the kernel as a network device name
 * (what datapaths and ports are named by); prints why not otherwise.
 */
bool dp_cmd_valid_ifname(const char *cmd, const char *what, const char *name);

/*
 * Opens the client for ctx's family prefix and resolves the families in
 * fams[0..n). Returns FPCTL_OK, or FPCTL_FAILED after printing why.
 */
int dp_cmd_open(const struct fpctl_ctx *ctx, const char *cmd,
		struct dp_client *c, const enum dp_family *fams, size_t n);

/* Looks datapath name up; FPCTL_OK, or FPCTL_FAILED after printing why. */
int dp_cmd_find(struct dp_client *c, const char *cmd, const char *name,
		struct dp_datapath_info *dp);

/* Makes getopt() start over on a command's own words, quietly. */
void dp_cmd_getopt_reset(void);

/*
 * For a command whose only option is -j (when json is not NULL; it is set
 * when -j is there) or none: checks it got between min and max words
 * after its name. Returns the index of the first word, or -1 after
 * printing the usage.
 */
int dp_cmd_words(int argc, char **argv, int min, int max, bool *json,
		 const char *synopsis);

#endif
