/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the handlers and the revalidator ask of a datapath, in batches:
 * install, change and delete megaflows by UFID, execute packets, and dump
 * the flows with their counters; one batch may mix datapaths and kinds.
 * A narrow seam over dp_flow.h and dp_packet.h, which send many requests
 * per sendmsg(): every operation gets its own result, one refused put does
 * not fail its neighbours, and a refusal's text is ready for the log.
 * Not thread-safe per client: each thread has its own dp_client.
 */
#ifndef FPD_DPIF_H
#define FPD_DPIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/openvswitch.h>

#include "dp_client.h"
#include "flow_table.h"
#include "placement.h"

enum fpd_op_type {
	FPD_OP_PUT,		/* a new flow: NLM_F_CREATE | NLM_F_EXCL */
	/*
	 * New actions for an existing flow (SET). The kernel checks actions
	 * against a key and mask, so those come too (the flow's own).
	 */
	FPD_OP_MODIFY,
	FPD_OP_DEL,		/* by UFID */
	FPD_OP_EXECUTE,		/* a packet, with actions */
};

#define FPD_OP_ERRMSG_LEN 400

struct fpd_op {
	enum fpd_op_type type;
	int dp_ifindex;
	struct fp_ufid ufid;			/* PUT, MODIFY, DEL */
	const void *key;			/* OVS_KEY_ATTR_* stream */
	size_t key_len;
	const void *mask;			/* PUT, MODIFY */
	size_t mask_len;
	const void *actions;			/* PUT, MODIFY, EXECUTE */
	size_t actions_len;
	const void *packet;			/* EXECUTE */
	size_t packet_len;
	uint16_t mru;				/* EXECUTE: 0, or the upcall's */
	/* DEL: the layer the flow is in, and for tc where. */
	enum fpd_layer layer;
	struct fpd_tc_loc tc;

	/* Results. */
	int error;				/* 0 or a negative errno */
	struct fpd_counts last;			/* DEL: the flow's last counters */
	char errmsg[FPD_OP_ERRMSG_LEN];		/* what, and the kernel's why */
};

/*
 * Runs ops[0..n) and fills in each one's results: through the datapath
 * client c, and pl's tc socket for deletes of flows in tc.
 */
void fpd_dpif_run(struct dp_client *c, struct fpd_placer *pl,
		  struct fpd_op *ops, size_t n);

/* One flow of a dump; pointers valid during the callback only. */
struct fpd_dumped {
	struct fp_ufid ufid;
	bool has_ufid;
	const void *key;		/* NULL in a terse dump */
	size_t key_len;
	const void *mask;
	size_t mask_len;
	const void *actions;
	size_t actions_len;
	uint64_t packets;
	uint64_t bytes;
	uint64_t used_ms;		/* kernel's ms clock; 0: never used */
};

/*
 * Dumps the flows of datapath dp_ifindex: with their key, mask and
 * actions, or (terse) UFID and counters only. cb's non-zero return stops
 * nothing: the dump is read to its end and the first such value returned.
 * -EOPNOTSUPP when the datapath has no flow table.
 */
int fpd_dpif_dump(struct dp_client *c, int dp_ifindex, bool terse,
		  int (*cb)(const struct fpd_dumped *f, void *arg), void *arg);

#endif
