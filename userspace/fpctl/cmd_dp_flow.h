/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the "fpctl dp" flow commands share (cmd_dp_flow*.c, cmd_dp_flows.c):
 * the datapath they act on with its port names, flows parsed from the
 * ovs-dpctl text format, and refusals worded for the user.
 */
#ifndef FPCTL_CMD_DP_FLOW_H
#define FPCTL_CMD_DP_FLOW_H

#include <net/if.h>

#include "cmd_dp.h"
#include "dp_flow.h"
#include "odp_actions.h"
#include "odp_flow.h"
#include "odp_text.h"

struct flow_port {
	uint32_t port_no;
	char name[IFNAMSIZ];
};

/* One command's session with one datapath. */
struct flow_cmd {
	const char *cmd;		/* "dp add-flow", for messages */
	struct dp_client c;
	bool open;
	struct dp_datapath_info dp;
	struct flow_port *ports;
	size_t n_ports;
	struct fp_odp_port_names names;	/* over ports */
};

/* A flow as text gives it: an optional UFID, then key and mask. */
struct text_flow {
	bool has_ufid;
	struct fp_ufid ufid;
	struct fp_odp_key key;
	struct fp_odp_key mask;
};

/*
 * Opens the client, finds datapath dp_name and learns its ports' names.
 * FPCTL_OK, or FPCTL_FAILED after printing why.
 */
int flow_cmd_open(const struct fpctl_ctx *ctx, struct flow_cmd *fc,
		  const char *dp_name);
void flow_cmd_close(struct flow_cmd *fc);

/*
 * Parses "[ufid:UUID[,| ]]KEY". With key_optional, "ufid:UUID" alone is a
 * flow too (its key_len 0). Returns 0, or -EINVAL with err set.
 */
int text_flow_parse(struct flow_cmd *fc, const char *s, bool key_optional,
		    struct text_flow *tf, char *err, size_t err_size);

/*
 * "kernel refused OVS_FLOW_CMD_NEW: File exists" and, when the kernel
 * gave none, a reason of our own: the rule of openvswitch.ko a key or mask
 * breaks (EINVAL), or what EEXIST and ENOENT mean for flows.
 */
void flow_refusal(char *buf, size_t size, const struct dp_flow_op *op,
		  bool modify_only);

/* Prints a flow as ovs-dpctl dump-flows does (verbose: -m). */
void flow_print_line(struct flow_cmd *fc, const struct dp_flow *f,
		     bool verbose);
/* The same as one JSON object, for -j. */
struct fp_json;
void flow_print_json(struct flow_cmd *fc, struct fp_json *j,
		     const struct dp_flow *f, bool verbose);

#endif
