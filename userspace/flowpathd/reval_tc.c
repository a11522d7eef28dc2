// SPDX-License-Identifier: GPL-2.0
/*
 * The revalidator and the flows in tc: their counters, read from a dump of
 * each port's ingress filters, and moves between layers when a port's
 * policy changes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dp_upcall.h"
#include "log.h"
#include "reval_priv.h"
#include "tc_unxlate.h"
#include "tc_xlate.h"

static struct fpd_ratelimit tc_rl = FPD_RATELIMIT_INIT(5);

/* ---- counters ---- */

struct tc_seen {
	const struct tc_flower *f;
	uint64_t seq;
	int64_t now;
};

struct tc_dump_ctx {
	struct fpd_revalidator *r;
	int dp_ifindex;
};

static int take_tc_counters(struct fpd_flow *rec, void *arg)
{
	const struct tc_seen *c = arg;
	const struct tc_flower_stats *st = &c->f->stats;
	uint64_t sw = st->packets - (st->hw_packets <= st->packets ? st->hw_packets : 0);

	rec->dump_seq = c->seq;
	rec->tc_hw.packets = st->hw_packets;
	rec->tc_hw.bytes = st->hw_bytes;
	rec->tc_sw.packets = sw;
	rec->tc_sw.bytes = st->bytes - (st->hw_bytes <= st->bytes ? st->hw_bytes : 0) +
			   sw * FPD_TC_L2_BYTES;
	fpd_flow_sum(rec);
	if (st->packets && st->lastuse_ago_ms != UINT64_MAX &&
	    c->now - (int64_t)st->lastuse_ago_ms > rec->used_ms)
		rec->used_ms = c->now - (int64_t)st->lastuse_ago_ms;
	if (rec->layer != FPD_LAYER_KMOD)
		rec->layer = c->f->in_hw ? FPD_LAYER_HW : FPD_LAYER_TC;
	return 0;
}

static void keep_tc_stranger(struct fpd_revalidator *r, int dp_ifindex,
			     const struct tc_flower *f)
{
	struct tc_stranger *s;

	s = realloc(r->tc_strangers, (r->n_tc_strangers + 1) * sizeof(*s));
	if (!s)
		return;		/* the next pass finds it again */
	r->tc_strangers = s;
	s = &s[r->n_tc_strangers++];
	s->dp_ifindex = dp_ifindex;
	s->f = *f;
}

static int tc_dumped_one(const struct tc_flower *f, void *arg)
{
	struct tc_dump_ctx *dc = arg;
	struct fpd_revalidator *r = dc->r;
	struct tc_seen c = { f, r->seq, r->now };
	struct fp_ufid ufid;

	/* Ours carry a UFID as cookie; anything else is someone else's. */
	if (f->cookie_len != sizeof(ufid))
		return 0;
	memcpy(&ufid, f->cookie, sizeof(ufid));
	if (fpd_flow_table_update(r->d->flows, &ufid, take_tc_counters, &c) == -ENOENT)
		keep_tc_stranger(r, dc->dp_ifindex, f);
	return 0;
}

bool reval_dump_tc(struct fpd_revalidator *r, const struct dp_state *s)
{
	struct tc_dump_ctx dc = { r, s->dp_ifindex };
	bool ok = true;
	size_t i;

	if (!r->pl.tc_ok)
		return true;	/* nothing can have gone to tc */
	for (i = 0; i < s->n_ports; i++) {
		if (!s->ports[i].ifindex)
			continue;
		if (tc_client_dump(&r->pl.tc, s->ports[i].ifindex, tc_dumped_one, &dc) < 0) {
			fpd_log_ratelimited(&tc_rl, LOG_WARNING,
					    "revalidator: dumping the tc filters of ifindex %d: %s",
					    s->ports[i].ifindex, r->pl.tc.error);
			ok = false;
		}
	}
	return ok;
}

/* ---- adoption ---- */

static bool port_of(int ifindex, uint32_t *odp_port, void *arg)
{
	return fpd_place_port_of(arg, ifindex, odp_port);
}

/* The record of a filter, from what the filter says of itself. */
static bool tc_record(struct fpd_bridge *br, const struct tc_stranger *s,
		      struct fpd_flow *rec)
{
	char why[TC_XLATE_WHY_LEN];
	struct fp_ufid ufid;

	memset(rec, 0, sizeof(*rec));
	if (tc_unxlate_match(&s->f, port_of, br, &rec->key, &rec->mask, why,
			     sizeof(why)))
		return false;
	rec->dp_ifindex = s->dp_ifindex;
	fpd_ufid_make(&rec->ufid, rec->dp_ifindex, &rec->key, &rec->mask);
	memcpy(&ufid, s->f.cookie, sizeof(ufid));
	if (memcmp(&ufid, &rec->ufid, sizeof(ufid)))
		return false;	/* a cookie of someone else's */
	rec->layer = s->f.in_hw ? FPD_LAYER_HW : FPD_LAYER_TC;
	rec->tc.ifindex = s->f.ifindex;
	rec->tc.chain = s->f.chain;
	rec->tc.prio = s->f.prio;
	rec->tc.protocol = s->f.protocol;
	rec->tc.handle = s->f.handle;
	return true;
}

void reval_adopt_tc(struct fpd_revalidator *r, struct fpd_bridge *br,
		    const struct tc_stranger *s)
{
	struct tc_seen c = { &s->f, r->seq, r->now };
	struct fpd_xlate *x = malloc(sizeof(*x));
	const char *stale;
	struct fpd_flow rec;
	bool keep;

	pthread_rwlock_rdlock(&br->lock);
	keep = tc_record(br, s, &rec);
	pthread_rwlock_unlock(&br->lock);
	if (!x || !keep) {
		free(x);
		return;
	}
	stale = !reval_still_valid(br, &rec.key, &rec.mask, false, x) ?
		"no rule makes this megaflow any more" : NULL;
	rec.actions = x->out.odp.buf;
	rec.actions_len = x->out.odp.len;
	pthread_rwlock_rdlock(&br->lock);
	rec.policy = fpd_port_policy(r->d, br, rec.key.in_port);
	if (!stale && rec.policy == FPD_POLICY_KMOD)
		stale = "its port's policy is kmod now";
	else if (!stale && !fpd_place_same_acts(br, &rec, &s->f))
		stale = "its actions are not what the rules give now";
	pthread_rwlock_unlock(&br->lock);
	keep = !stale;
	if (stale)
		fpd_log_ratelimited(&tc_rl, LOG_INFO, "revalidator: deleting a tc filter left by a previous flowpathd: %s",
				    stale);
	rec.gen = x->gen;
	rec.used_macs = x->out.used_macs;
	rec.mac_gen = x->out.mac_generation;
	rec.created_ms = rec.learned_ms = rec.used_ms = r->now;
	take_tc_counters(&rec, &c);
	if (!keep)
		reval_delete(r, &rec, &r->pass.deleted_stale);
	else if (fpd_flow_table_add(r->d->flows, &rec) == 0)
		r->pass.adopted++;
	free(x);
}

/* ---- moves ---- */

/* Puts rec in the datapath's table; 0 or -errno (logged). */
static int put_kmod(struct fpd_revalidator *r, const struct fpd_flow *rec)
{
	struct fp_odp_key k, m;
	struct fp_flow mask = rec->mask;
	struct fpd_op op = { .type = FPD_OP_PUT };

	fp_odp_flow_to_attrs(&rec->key, &mask, &k, &m);
	op.dp_ifindex = rec->dp_ifindex;
	op.ufid = rec->ufid;
	op.key = k.buf;
	op.key_len = k.len;
	op.mask = m.buf;
	op.mask_len = m.len;
	op.actions = rec->actions;
	op.actions_len = rec->actions_len;
	fpd_dpif_run(&r->dp, &r->pl, &op, 1);
	if (op.error && op.error != -EEXIST)
		fpd_log_ratelimited(&tc_rl, LOG_WARNING, "revalidator: moving a flow to the datapath: %s",
				    op.errmsg);
	return op.error == -EEXIST ? 0 : op.error;
}

/* Deletes rec from the layer it was in; its last counters in *last. */
static int del_old(struct fpd_revalidator *r, const struct fpd_flow *rec,
		   struct fpd_counts *last)
{
	struct fpd_op op = { .type = FPD_OP_DEL };

	op.dp_ifindex = rec->dp_ifindex;
	op.ufid = rec->ufid;
	op.layer = rec->layer;
	op.tc = rec->tc;
	fpd_dpif_run(&r->dp, &r->pl, &op, 1);
	*last = op.last;
	return op.error == -ENOENT ? 0 : op.error;
}

/* The record after a move: old counters carried, the new place taken. */
static int moved(struct fpd_flow *f, void *arg)
{
	const struct fpd_flow *to = arg;
	struct fpd_counts *old = f->layer == FPD_LAYER_KMOD ? &f->kmod :
				 f->layer == FPD_LAYER_HW ? &f->tc_hw : &f->tc_sw;

	/* What the old layer counted, at least as much as the last dump saw. */
	if (to->carried.packets > old->packets) {
		old->packets = to->carried.packets;
		old->bytes = to->carried.bytes;
	}
	f->carried.packets += f->kmod.packets + f->tc_sw.packets + f->tc_hw.packets;
	f->carried.bytes += f->kmod.bytes + f->tc_sw.bytes + f->tc_hw.bytes;
	memset(&f->kmod, 0, sizeof(f->kmod));
	memset(&f->tc_sw, 0, sizeof(f->tc_sw));
	memset(&f->tc_hw, 0, sizeof(f->tc_hw));
	fpd_flow_sum(f);
	f->layer = to->layer;
	f->policy = to->policy;
	f->tc = to->tc;
	f->why = to->why;
	return 0;
}

/* Policy only: same layer, nothing to move. */
static int repoliced(struct fpd_flow *f, void *arg)
{
	const struct fpd_flow *to = arg;

	f->policy = to->policy;
	f->why = to->why;
	return 0;
}

void reval_move(struct fpd_revalidator *r, struct fpd_bridge *br,
		const struct fpd_flow *rec)
{
	struct fpd_flow to = *rec;
	struct fpd_counts last = { 0 };
	bool was_tc = rec->layer != FPD_LAYER_KMOD, in_tc;

	/* tc holds one filter per match and priority: the old one goes first. */
	if (was_tc && del_old(r, rec, &last))
		return;		/* still there: try again next pass */
	in_tc = fpd_place_tc(&r->pl, r->d, br, &to);
	if (!in_tc) {
		to.layer = FPD_LAYER_KMOD;
		if (!(rec->layer == FPD_LAYER_KMOD) && put_kmod(r, &to)) {
			/* Nowhere now: the next packet's upcall places it. */
			fpd_flow_table_del(r->d->flows, &rec->ufid);
			return;
		}
	}
	if (!was_tc && in_tc)
		del_old(r, rec, &last);
	if (!was_tc && !in_tc) {
		fpd_flow_table_update(r->d->flows, &rec->ufid, repoliced, &to);
		return;
	}
	to.carried = last;
	fpd_flow_table_update(r->d->flows, &rec->ufid, moved, &to);
	r->pass.modified++;
}
