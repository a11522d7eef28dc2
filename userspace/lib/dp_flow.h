/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Datapath flows (the ovs_flow family): put, modify, delete, get and dump,
 * one at a time or batched (many requests per sendmsg, each with its own
 * result), by key or by UFID.
 *
 * Keys, masks and actions are attribute streams (odp_flow.h builds them
 * from struct fp_flow, odp_text.h from text). A flow put with a UFID is
 * known to the kernel by it: dumps then carry the masked key, and can
 * leave key, mask and actions out (terse dumps, OVS_UFID_F_OMIT_*). A flow
 * put without one is known by its unmasked key, which dumps carry back.
 */
#ifndef FP_DP_FLOW_H
#define FP_DP_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/openvswitch.h>

#include "dp_batch.h"
#include "dp_client.h"
#include "dp_extack.h"

/* A flow's unique id: 128 bits, the kernel keeps the 16 bytes as given. */
struct fp_ufid {
	uint32_t u32[4];
};

#define FP_UFID_TEXT_LEN 42	/* "ufid:" + a UUID + NUL */

/* "ufid:12345678-1234-5678-9abc-def012345678", as ovs-dpctl writes it. */
void fp_ufid_format(const struct fp_ufid *ufid, char buf[FP_UFID_TEXT_LEN]);
/* Parses that form at the start of s; returns the characters used, or 0
 * when s does not start with one. */
size_t fp_ufid_parse(const char *s, struct fp_ufid *ufid);
/*
 * A UFID from a key's attributes: equal keys (as odp_flow.h writes them)
 * give equal UFIDs, so two handlers installing the same megaflow collide
 * on it in the kernel instead of creating two flows.
 */
void fp_ufid_from_key(const void *key, size_t len, uint32_t basis,
		      struct fp_ufid *ufid);

struct dp_flow_stats {
	uint64_t n_packets;
	uint64_t n_bytes;
	uint64_t used_ms;	/* last hit, on dp_flow_now_ms()'s clock; 0: never */
	uint8_t tcp_flags;	/* OR of the TCP flags seen */
};

/* The datapath's clock for used_ms (CLOCK_MONOTONIC, its seconds cut to
 * 32 bits, as the kernel computes OVS_FLOW_ATTR_USED). */
uint64_t dp_flow_now_ms(void);

/* A flow in a reply or a dump; the pointers are into the message. */
struct dp_flow {
	int dp_ifindex;
	bool has_ufid;
	struct fp_ufid ufid;
	const void *key;		/* NULL when omitted */
	size_t key_len;
	const void *mask;		/* NULL when omitted */
	size_t mask_len;
	bool has_actions;		/* an empty list (drop) has_actions */
	const void *actions;
	size_t actions_len;
	struct dp_flow_stats stats;
};

/* Parses one OVS_FLOW_CMD_* message; negative errno when malformed. */
int dp_flow_parse(const struct nlmsghdr *nlh, struct dp_flow *f);

enum {
	DP_FLOW_CREATE = 1 << 0,	/* may add the flow */
	DP_FLOW_MODIFY = 1 << 1,	/* may replace an existing flow's actions */
	DP_FLOW_ZERO_STATS = 1 << 2,	/* with MODIFY alone: clear its stats */
	DP_FLOW_PROBE = 1 << 3,		/* a feature probe: the kernel logs nothing */
};

enum dp_flow_op_type {
	DP_FLOW_OP_PUT,
	DP_FLOW_OP_DEL,
};

/*
 * One request of a batch and, after dp_flow_operate(), its result.
 * PUT: key and actions (actions_len 0: drop), mask (NULL: exact), flags:
 * CREATE alone adds and refuses an existing flow (EEXIST), CREATE|MODIFY
 * adds or replaces actions, MODIFY alone replaces (ENOENT when missing).
 * DEL: the flow by ufid if given, else by key.
 */
struct dp_flow_op {
	enum dp_flow_op_type type;
	const void *key;
	size_t key_len;
	const void *mask;
	size_t mask_len;
	const void *actions;
	size_t actions_len;
	const struct fp_ufid *ufid;	/* NULL: none */
	uint32_t flags;			/* PUT: DP_FLOW_* */
	bool want_stats;		/* DEL: final counters; PUT: the
					 * counters of a flow it modified */
	/* Results. */
	int error;			/* 0 or a negative errno */
	char errmsg[DP_EXTACK_MSG_LEN];	/* the kernel's reason, or "" */
	bool has_stats;
	struct dp_flow_stats stats;
};

/*
 * Runs ops[0..n) as batches. Returns 0 when every op has a result (each
 * may have failed on its own), or a negative errno with dp_client_error()
 * set when the socket failed; ops without an answer then carry it too.
 */
int dp_flow_operate(struct dp_client *c, int dp_ifindex,
		    struct dp_flow_op *ops, size_t n);

/*
 * Adds op to batch b (dp_batch.h) as request number i, its results reset;
 * false when b is full and must be sent first. A request that cannot be
 * built gets its error now and is not added (true all the same). With
 * dp_packet_batch_add(), what mixes puts and executes in one sendmsg().
 */
bool dp_flow_batch_add(struct dp_batch *b, uint16_t family, int dp_ifindex,
		       struct dp_flow_op *op, size_t i);

/* A negative errno fails the dump (or get). */
typedef int (*dp_flow_cb)(const struct dp_flow *f, void *arg);

/*
 * The flow with that ufid (if not NULL) or key. ufid_flags OVS_UFID_F_OMIT_*
 * leave key, mask or actions out of the reply. Negative errno; -ENOENT
 * when there is no such flow.
 */
int dp_flow_get(struct dp_client *c, int dp_ifindex, const void *key,
		size_t key_len, const struct fp_ufid *ufid,
		uint32_t ufid_flags, dp_flow_cb cb, void *arg);

/* Every flow of the datapath, each to cb. */
int dp_flow_dump(struct dp_client *c, int dp_ifindex, uint32_t ufid_flags,
		 dp_flow_cb cb, void *arg);

/* Deletes every flow of the datapath. */
int dp_flow_flush(struct dp_client *c, int dp_ifindex);

/* Request builders, for tests: the message in buf (size bytes), or NULL
 * when it does not fit. */
struct nlmsghdr *dp_flow_build_op(void *buf, size_t size, uint16_t family,
				  int dp_ifindex, const struct dp_flow_op *op);

#endif
