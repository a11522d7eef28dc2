// SPDX-License-Identifier: GPL-2.0
/*
 * The VLAN tags of the working copy of the packet (xlate_ctx.h): pushes,
 * pops and rewrites, each widening the wildcards by what it read of the
 * arriving packet.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "xlate_ctx.h"

/* Tags present from the outside in. */
int xlate_vlan_count(const struct fp_flow *f)
{
	int n = 0;

	while (n < FP_FLOW_MAX_VLANS && fp_flow_has_vlan(f, n))
		n++;
	return n;
}

/*
 * How many tags the arriving packet has: the present bit of each of its
 * tags and of the first level without one. Whether work has a tag at some
 * level, when no tag of the packet sits there, depends on that count.
 */
static void wc_packet_tag_count(struct xlate_ctx *ctx)
{
	int n = xlate_vlan_count(ctx->in->flow);

	for (int i = 0; i <= n && i < FP_FLOW_MAX_VLANS; i++)
		ctx->out->wc.vlans[i].tci |= htons(FP_VLAN_PRESENT);
}

/* Un-wildcards tci bits of work's outermost tag, which must be present. */
static void wc_outer_tag(struct xlate_ctx *ctx, fp_be16 tci_mask)
{
	int o = ctx->work_tags.origin[0];

	if (o != XLATE_TAG_NEW)
		ctx->out->wc.vlans[o].tci |= tci_mask | htons(FP_VLAN_PRESENT);
}

bool xlate_vlan_present(struct xlate_ctx *ctx)
{
	if (!fp_flow_has_vlan(&ctx->work, 0)) {
		wc_packet_tag_count(ctx);
		return false;
	}
	wc_outer_tag(ctx, 0);
	return true;
}

/* The outermost tag's VID; the caller checked that there is one. */
uint16_t xlate_vlan_vid(struct xlate_ctx *ctx)
{
	wc_outer_tag(ctx, htons(FP_VLAN_VID_MASK));
	return ntohs(ctx->work.vlans[0].tci) & FP_VLAN_VID_MASK;
}

/*
 * A new outermost tag. struct fp_flow describes two tags, so a third is
 * refused rather than pushed out of sight: later actions and the commit
 * could not see the tag it would hide.
 */
int xlate_vlan_push(struct xlate_ctx *ctx, fp_be16 tpid, fp_be16 tci)
{
	struct fp_flow *w = &ctx->work;
	int8_t *origin = ctx->work_tags.origin;
	int n = xlate_vlan_count(w);

	wc_packet_tag_count(ctx);
	if (n == FP_FLOW_MAX_VLANS)
		return xlate_fail(ctx, -EOPNOTSUPP,
				  "the packet already has %d VLAN tags, the most a datapath flow can match",
				  FP_FLOW_MAX_VLANS);
	memmove(&w->vlans[1], &w->vlans[0], sizeof(w->vlans[0]) * (size_t)n);
	memmove(&origin[1], &origin[0], sizeof(origin[0]) * (size_t)n);
	w->vlans[0].tpid = tpid;
	w->vlans[0].tci = tci | htons(FP_VLAN_PRESENT);
	origin[0] = XLATE_TAG_NEW;
	return 0;
}

/* Removes the outermost tag; nothing to do on an untagged packet. */
void xlate_vlan_pop(struct xlate_ctx *ctx)
{
	struct fp_flow *w = &ctx->work;
	int8_t *origin = ctx->work_tags.origin;
	int last = FP_FLOW_MAX_VLANS - 1;

	if (!xlate_vlan_present(ctx))
		return;
	memmove(&w->vlans[0], &w->vlans[1], sizeof(w->vlans[0]) * (size_t)last);
	memmove(&origin[0], &origin[1], sizeof(origin[0]) * (size_t)last);
	memset(&w->vlans[last], 0, sizeof(w->vlans[last]));
	origin[last] = XLATE_TAG_NEW;
}

/*
 * Rewrites the mask bits of the outermost tag's TCI, which must be
 * present. The old bits are un-wildcarded: whether the commit must replace
 * the tag depends on them, as for any rewritten field.
 */
void xlate_vlan_set_tci(struct xlate_ctx *ctx, fp_be16 value, fp_be16 mask)
{
	fp_be16 *tci = &ctx->work.vlans[0].tci;

	wc_outer_tag(ctx, mask);
	*tci = (fp_be16)((*tci & ~mask) | (value & mask));
}
