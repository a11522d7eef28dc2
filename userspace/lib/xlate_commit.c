// SPDX-License-Identifier: GPL-2.0
/*
 * Committing: the datapath actions that turn base (the packet as emitted
 * actions leave it) into work (the packet as the rule's actions want it),
 * emitted just before an output. See xlate_ctx.h.
 */
#include <errno.h>
#include <string.h>

#include "xlate_ctx.h"

/* Every bit of the arriving packet's tag `origin`, if it is one. */
static void wc_whole_tag(struct xlate_ctx *ctx, int origin)
{
	if (origin == XLATE_TAG_NEW)
		return;
	ctx->out->wc.vlans[origin].tpid = 0xffff;
	ctx->out->wc.vlans[origin].tci = 0xffff;
}

/*
 * Whether base's tag b and work's tag w are the same bytes. Two tags of
 * the same origin differ only where actions rewrote them, and those bits
 * are already exact, so comparing them reads nothing new. Tags of
 * different origins are equal or not depending on the packet's own bits.
 */
static bool same_tag(struct xlate_ctx *ctx, int b, int w)
{
	int ob = ctx->base_tags.origin[b];
	int ow = ctx->work_tags.origin[w];

	if (ob != ow) {
		wc_whole_tag(ctx, ob);
		wc_whole_tag(ctx, ow);
	}
	return ctx->base.vlans[b].tpid == ctx->work.vlans[w].tpid &&
	       ctx->base.vlans[b].tci == ctx->work.vlans[w].tci;
}

/*
 * The datapath can only pop and push the outermost tag (it has no action
 * that rewrites a TCI in place), so: keep the innermost tags the two
 * stacks share, pop the rest of base's, push the rest of work's, innermost
 * first. A pushed tag that came from the packet (its VID or PCP rewritten)
 * carries the packet's other bits into the action: they become exact.
 */
static void commit_vlans(struct xlate_ctx *ctx)
{
	struct fp_odp_actions *odp = &ctx->out->odp;
	int nb = xlate_vlan_count(&ctx->base);
	int nw = xlate_vlan_count(&ctx->work);
	int keep = 0;

	while (keep < nb && keep < nw &&
	       same_tag(ctx, nb - 1 - keep, nw - 1 - keep))
		keep++;
	for (int i = 0; i < nb - keep; i++)
		fp_odp_put_pop_vlan(odp);
	for (int j = nw - keep - 1; j >= 0; j--) {
		fp_odp_put_push_vlan(odp, ctx->work.vlans[j].tpid,
				     ctx->work.vlans[j].tci);
		wc_whole_tag(ctx, ctx->work_tags.origin[j]);
	}
	memcpy(ctx->base.vlans, ctx->work.vlans, sizeof(ctx->base.vlans));
	ctx->base_tags = ctx->work_tags;
}

int xlate_commit(struct xlate_ctx *ctx)
{
	int err;

	/*
	 * xlate_set_field() refused every rewrite the datapath cannot do, so
	 * a failure here is a disagreement with the action builder: report it
	 * rather than emit actions that would rewrite less than asked.
	 */
	err = fp_odp_put_set_diff(&ctx->out->odp, &ctx->base, &ctx->work);
	if (err)
		return xlate_fail(ctx, err,
				  "the datapath action builder cannot rewrite the headers as asked (%s)",
				  strerror(-err));
	commit_vlans(ctx);
	ctx->base = ctx->work;
	return 0;
}
