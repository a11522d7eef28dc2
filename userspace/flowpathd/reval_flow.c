// SPDX-License-Identifier: GPL-2.0
/*
 * The revalidator's judgement of one flow: keep, change its actions,
 * delete it; and of a flow found in a datapath: adopt it or delete it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "odp_flow.h"
#include "reval_priv.h"

struct reval_op *reval_new_op(struct fpd_revalidator *r,
			      enum fpd_op_type type,
			      const struct fpd_flow *rec)
{
	struct reval_op *o;

	if (r->n_ops == r->alloc_ops) {
		size_t alloc = r->alloc_ops ? r->alloc_ops * 2 : 64;

		o = realloc(r->ops, alloc * sizeof(*o));
		if (!o)
			return NULL;
		r->ops = o;
		r->alloc_ops = alloc;
	}
	o = &r->ops[r->n_ops++];
	memset(o, 0, sizeof(*o));
	o->op.type = type;
	o->op.dp_ifindex = rec->dp_ifindex;
	o->op.ufid = rec->ufid;
	o->op.layer = rec->layer;
	o->op.tc = rec->tc;
	o->used_ms = rec->used_ms;
	return o;
}

void reval_delete(struct fpd_revalidator *r, const struct fpd_flow *rec,
		  uint64_t *counter)
{
	struct reval_op *o = reval_new_op(r, FPD_OP_DEL, rec);

	if (o)
		o->counter = counter;
}

/* New actions for rec, applied (and recorded) once the kernel took them. */
static void modify(struct fpd_revalidator *r, const struct fpd_flow *rec,
		   const struct fpd_xlate *x)
{
	struct reval_op *o = reval_new_op(r, FPD_OP_MODIFY, rec);
	struct fp_odp_key *k, *m;
	struct fp_flow mask = rec->mask;

	if (!o)
		return;
	if (rec->layer != FPD_LAYER_KMOD) {
		/* A filter is replaced, not edited: the next packet places it anew. */
		r->n_ops--;
		reval_delete(r, rec, &r->pass.deleted_stale);
		return;
	}
	o->actions = malloc(sizeof(*k) * 2 + x->out.odp.len);
	if (!o->actions) {
		r->n_ops--;
		return;
	}
	k = (struct fp_odp_key *)o->actions;
	m = k + 1;
	fp_odp_flow_to_attrs(&rec->key, &mask, k, m);
	memcpy(m + 1, x->out.odp.buf, x->out.odp.len);
	o->op.key = k->buf;
	o->op.key_len = k->len;
	o->op.mask = m->buf;
	o->op.mask_len = m->len;
	o->op.actions = m + 1;
	o->op.actions_len = x->out.odp.len;
	o->counter = &r->pass.modified;
	o->gen = x->gen;
	o->used_macs = x->out.used_macs;
	o->mac_gen = x->out.mac_generation;
}

static bool same_actions(const struct fpd_xlate *x, const void *actions,
			 size_t len)
{
	return x->out.odp.len == len && !memcmp(x->out.odp.buf, actions, len);
}

bool reval_still_valid(struct fpd_bridge *br, const struct fp_flow *key,
		       const struct fp_flow *mask, bool may_learn,
		       struct fpd_xlate *x)
{
	char why[FPD_WHY_LEN];
	struct fp_flow wc;

	if (fpd_bridge_translate(br, key, may_learn, x, why, sizeof(why)))
		return false;
	wc = x->out.wc;
	fp_odp_flow_fixup_mask(key, &wc);
	return !memcmp(&wc, mask, sizeof(wc));
}

struct new_gen {
	const struct fpd_xlate *x;
	int64_t learned_ms;
};

static int record_gen(struct fpd_flow *f, void *arg)
{
	const struct new_gen *ng = arg;

	f->gen = ng->x->gen;
	f->used_macs = ng->x->out.used_macs;
	f->mac_gen = ng->x->out.mac_generation;
	if (ng->learned_ms)
		f->learned_ms = ng->learned_ms;
	return 0;
}

void reval_retranslate(struct fpd_revalidator *r, struct fpd_bridge *br,
		       const struct fpd_flow *rec, bool refresh)
{
	struct new_gen ng = { 0 };
	struct fpd_xlate *x = malloc(sizeof(*x));

	if (!x)
		return;		/* next pass */
	if (!reval_still_valid(br, &rec->key, &rec->mask, refresh, x)) {
		reval_delete(r, rec, &r->pass.deleted_stale);
	} else if (!same_actions(x, rec->actions, rec->actions_len)) {
		modify(r, rec, x);
	} else {
		ng.x = x;
		ng.learned_ms = refresh ? r->now : 0;
		fpd_flow_table_update(r->d->flows, &rec->ufid, record_gen, &ng);
	}
	free(x);
}

/* ---- flows found in a datapath ---- */

static int parse_stranger(const struct stranger *s, struct fp_flow *key,
			  struct fp_flow *mask)
{
	struct fp_flow flow;
	int err;

	err = fp_odp_flow_from_attrs(s->key, s->key_len, s->mask, s->mask_len,
				     &flow, mask);
	if (!err)
		fp_flow_apply_mask(key, &flow, mask);
	return err;
}

/*
 * A flow in the datapath had a first packet, as an upcall, within the
 * idle timeout: its source was where it says then, packets or not since.
 */
void reval_learn(struct fpd_revalidator *r, struct fpd_bridge *br,
		 const struct stranger *s)
{
	struct fp_flow key, mask;
	struct fpd_xlate *x;
	char why[FPD_WHY_LEN];

	(void)r;
	if (parse_stranger(s, &key, &mask))
		return;
	x = malloc(sizeof(*x));
	if (x)
		fpd_bridge_translate(br, &key, true, x, why, sizeof(why));
	free(x);
}

void reval_adopt(struct fpd_revalidator *r, struct fpd_bridge *br,
		 struct stranger *s)
{
	struct fpd_flow *rec = &s->rec;
	struct fpd_xlate *x = malloc(sizeof(*x));

	if (!x)
		return;
	if (parse_stranger(s, &rec->key, &rec->mask) ||
	    !reval_still_valid(br, &rec->key, &rec->mask, false, x)) {
		reval_delete(r, rec, &r->pass.deleted_stale);
		free(x);
		return;
	}
	rec->gen = x->gen;
	rec->used_macs = x->out.used_macs;
	rec->mac_gen = x->out.mac_generation;
	rec->created_ms = rec->learned_ms = r->now;
	/* The record holds the kernel's actions until a MODIFY changes them. */
	rec->actions = s->actions;
	rec->actions_len = s->actions_len;
	if (fpd_flow_table_add(r->d->flows, rec) == 0) {
		r->pass.adopted++;
		if (!same_actions(x, s->actions, s->actions_len))
			modify(r, rec, x);
	}
	rec->actions = NULL;
	free(x);
}
