/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translation internals shared by xlate*.c; not for other users.
 *
 * Two copies of the packet's headers travel through a translation:
 *   work - the packet as the rule's actions so far have made it;
 *   base - the packet as the datapath actions emitted so far make it.
 * Actions change work only. Before each output, xlate_commit() emits the
 * datapath actions that turn base into work (VLAN pops and pushes, masked
 * sets) and makes base equal to work, so several outputs after one change
 * share one set action.
 *
 * Wildcards always refer to the packet as it arrived. Header fields keep
 * their place in work, but VLAN tags move when tags are pushed or popped:
 * origin[i] says which tag of the arriving packet work's tag i is (its VID
 * or PCP may have been rewritten since), or XLATE_TAG_NEW for a tag an
 * action pushed, whose contents depend on no packet bit.
 */
#ifndef FP_XLATE_CTX_H
#define FP_XLATE_CTX_H

#include <stdarg.h>

#include "xlate.h"

#define XLATE_TAG_NEW (-1)

struct xlate_tags {
	int8_t origin[FP_FLOW_MAX_VLANS];
};

struct xlate_ctx {
	const struct fp_xlate_in *in;
	struct fp_xlate_out *out;
	const struct fp_xport *in_port;	/* NULL: not one of the bridge's */
	struct fp_flow work, base;
	struct xlate_tags work_tags, base_tags;
	size_t act;			/* index of the action being translated */
	char *err;
	size_t errlen;
};

/* xlate.c */
int xlate_fail(struct xlate_ctx *ctx, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void xlate_note(struct xlate_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Commits pending header changes, then outputs to port. */
int xlate_output(struct xlate_ctx *ctx, uint32_t odp_port);
/* The input port, with in_port un-wildcarded: the caller decides by it. */
const struct fp_xport *xlate_input_port(struct xlate_ctx *ctx);

/* xlate_vlan.c: work's VLAN tags, with the wildcards each step needs. */
int xlate_vlan_count(const struct fp_flow *f);
bool xlate_vlan_present(struct xlate_ctx *ctx);
uint16_t xlate_vlan_vid(struct xlate_ctx *ctx);
int xlate_vlan_push(struct xlate_ctx *ctx, fp_be16 tpid, fp_be16 tci);
void xlate_vlan_pop(struct xlate_ctx *ctx);
void xlate_vlan_set_tci(struct xlate_ctx *ctx, fp_be16 value, fp_be16 mask);

/* xlate_commit.c */
int xlate_commit(struct xlate_ctx *ctx);

/* xlate_set.c */
int xlate_set_field(struct xlate_ctx *ctx, const struct fp_flow *value,
		    const struct fp_flow *mask);

/* xlate_controller.c */
int xlate_controller(struct xlate_ctx *ctx, uint16_t max_len);

/* xlate_normal.c */
int xlate_normal(struct xlate_ctx *ctx);
int xlate_flood(struct xlate_ctx *ctx);

#endif
