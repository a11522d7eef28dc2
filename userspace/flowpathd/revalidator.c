// SPDX-License-Identifier: GPL-2.0
/*
 * The revalidator thread: a pass every FPD_REVAL_INTERVAL_MS or when
 * kicked. A pass reads the datapaths (dumps), then decides with the flow
 * table's shards locked one at a time, then translates the few flows that
 * need it without any shard locked, then sends its deletes and modifies
 * in batches.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dp_upcall.h"
#include "log.h"
#include "reval_priv.h"

#define OPS_PER_BATCH 64

/* One pass may fail on every flow: a few lines say it as well. */
static struct fpd_ratelimit reval_rl = FPD_RATELIMIT_INIT(5);

/* A flow to translate again or to move: a copy, and whether to learn from it. */
struct todo {
	struct fpd_flow f;
	bool refresh;
	bool move;		/* its port's policy changed */
};

struct pass_ctx {
	struct fpd_revalidator *r;
	struct dp_state *dps;
	size_t n_dps;
	int64_t start;
	struct todo *todo;	/* to translate again */
	size_t n_todo, alloc_todo;
	struct fpd_flow *idle;	/* eviction candidates (ufid, dp, used) */
	size_t n_idle, alloc_idle;
	bool over_limit;
};

/* ---- reading the datapaths ---- */

struct dump_ctx {
	struct fpd_revalidator *r;
	int dp_ifindex;
};

struct counters {
	const struct fpd_dumped *f;
	uint64_t seq;
};

static int take_counters(struct fpd_flow *rec, void *arg)
{
	const struct counters *c = arg;
	const struct fpd_dumped *f = c->f;

	rec->dump_seq = c->seq;
	/*
	 * A flow the handler moved into tc left its kernel counters in
	 * carried: a dump from before that delete must not bring them back.
	 */
	if (rec->layer == FPD_LAYER_KMOD) {
		rec->kmod.packets = f->packets;
		rec->kmod.bytes = f->bytes;
		fpd_flow_sum(rec);
	}
	if (f->used_ms && (int64_t)f->used_ms > rec->used_ms)
		rec->used_ms = (int64_t)f->used_ms;
	return 0;
}

static void keep_stranger(struct fpd_revalidator *r, int dp_ifindex,
			  const struct fpd_dumped *f)
{
	struct stranger *s;
	uint8_t *buf;

	s = realloc(r->strangers, (r->n_strangers + 1) * sizeof(*s));
	if (!s)
		return;
	r->strangers = s;
	buf = malloc(f->key_len + f->mask_len + f->actions_len + 1);
	if (!buf)
		return;
	s = &r->strangers[r->n_strangers++];
	memset(s, 0, sizeof(*s));
	s->rec.ufid = f->ufid;
	s->rec.dp_ifindex = dp_ifindex;
	s->rec.kmod.packets = f->packets;
	s->rec.kmod.bytes = f->bytes;
	fpd_flow_sum(&s->rec);
	s->rec.used_ms = f->used_ms ? (int64_t)f->used_ms : r->now;
	s->rec.dump_seq = r->seq;
	s->key = buf;
	s->mask = buf + f->key_len;
	s->actions = s->mask + f->mask_len;
	s->key_len = f->key_len;
	s->mask_len = f->mask_len;
	s->actions_len = f->actions_len;
	memcpy(s->key, f->key, f->key_len);
	memcpy(s->mask, f->mask, f->mask_len);
	memcpy(s->actions, f->actions, f->actions_len);
}

static int dumped_one(const struct fpd_dumped *f, void *arg)
{
	struct dump_ctx *dc = arg;
	struct fpd_revalidator *r = dc->r;
	struct counters c = { f, r->seq };

	/* A flow without a UFID is someone else's (ovs-dpctl add-flow). */
	if (!f->has_ufid)
		return 0;
	if (fpd_flow_table_update(r->d->flows, &f->ufid, take_counters, &c) !=
	    -ENOENT)
		return 0;
	if (f->key)
		keep_stranger(r, dc->dp_ifindex, f);
	else
		r->full_dump = true;	/* its key comes with the next pass */
	return 0;
}

static void dump_all(struct fpd_revalidator *r, struct pass_ctx *pc)
{
	bool full = r->full_dump;
	size_t i;
	int err;

	r->full_dump = false;
	for (i = 0; i < pc->n_dps; i++) {
		struct dump_ctx dc = { r, pc->dps[i].dp_ifindex };

		err = fpd_dpif_dump(&r->dp, dc.dp_ifindex, !full, dumped_one, &dc);
		/* Both, always: flows in tc are missing from the first. */
		pc->dps[i].dumped = reval_dump_tc(r, &pc->dps[i]) && !err;
		/* No flow table (said by the handlers), or the bridge just went. */
		if (err && err != -EOPNOTSUPP && err != -ENODEV)
			fpd_log_ratelimited(&reval_rl, LOG_WARNING,
					    "revalidator: dumping the flows of dp ifindex %d: %s",
				dc.dp_ifindex, dp_client_error(&r->dp));
	}
}

/* ---- the bridges at the start of a pass ---- */

static void snapshot_ports(struct fpd *d, struct fpd_bridge *br,
			   struct dp_state *s)
{
	size_t i;

	pthread_rwlock_rdlock(&br->lock);
	s->ports = calloc(br->n_ports + 1, sizeof(*s->ports));
	for (i = 0; s->ports && i < br->n_ports; i++) {
		s->ports[i].odp_port = br->ports[i].odp_port;
		s->ports[i].ifindex = br->place[i].ifindex;
		s->ports[i].policy = fpd_port_policy(d, br, br->ports[i].odp_port);
	}
	s->n_ports = s->ports ? br->n_ports : 0;
	pthread_rwlock_unlock(&br->lock);
}

static void free_dps(struct pass_ctx *pc)
{
	size_t i;

	for (i = 0; i < pc->n_dps; i++)
		free(pc->dps[i].ports);
	free(pc->dps);
}

/* Whether f's port now wants another policy than it was placed under. */
static bool policy_moved(const struct dp_state *s, const struct fpd_flow *f)
{
	size_t i;

	for (i = 0; i < s->n_ports; i++)
		if (s->ports[i].odp_port == f->key.in_port)
			return s->ports[i].policy != f->policy;
	return false;
}

static int snapshot_bridges(struct fpd_revalidator *r, struct pass_ctx *pc)
{
	struct fpd *d = r->d;
	size_t i;

	pthread_rwlock_rdlock(&d->bridges_lock);
	pc->dps = calloc(d->n_bridges + 1, sizeof(*pc->dps));
	for (i = 0; pc->dps && i < d->n_bridges; i++) {
		struct fpd_bridge *br = d->bridges[i];
		struct dp_state *s = &pc->dps[i];

		/* Aged entries go first: flows that used them are stale now. */
		fp_mac_table_expire(br->macs, (uint64_t)r->now);
		s->dp_ifindex = br->dp_ifindex;
		s->gen = atomic_load(&br->gen);
		s->mac_gen = fp_mac_table_generation(br->macs);
		s->refresh_ms = fp_mac_table_get_aging(br->macs) / 4;
		snapshot_ports(d, br, s);
	}
	pc->n_dps = pc->dps ? d->n_bridges : 0;
	pthread_rwlock_unlock(&d->bridges_lock);
	return pc->dps ? 0 : -ENOMEM;
}

static const struct dp_state *dp_state(const struct pass_ctx *pc,
				       int dp_ifindex)
{
	size_t i;

	for (i = 0; i < pc->n_dps; i++)
		if (pc->dps[i].dp_ifindex == dp_ifindex)
			return &pc->dps[i];
	return NULL;
}

/* ---- deciding, shard by shard ---- */

static bool grow(void **v, size_t *alloc, size_t n, size_t size)
{
	void *g;

	if (n < *alloc)
		return true;
	g = realloc(*v, (*alloc ? *alloc * 2 : 64) * size);
	if (!g)
		return false;
	*v = g;
	*alloc = *alloc ? *alloc * 2 : 64;
	return true;
}

static void add_todo(struct pass_ctx *pc, const struct fpd_flow *f,
		     bool refresh, bool move)
{
	struct todo *t;

	if (!grow((void **)&pc->todo, &pc->alloc_todo, pc->n_todo, sizeof(*t)))
		return;
	t = &pc->todo[pc->n_todo];
	t->f = *f;
	t->refresh = refresh;
	t->move = move;
	t->f.actions = malloc(f->actions_len + 1);
	if (!t->f.actions)
		return;
	memcpy(t->f.actions, f->actions, f->actions_len);
	pc->n_todo++;
}

static void add_idle(struct pass_ctx *pc, const struct fpd_flow *f)
{
	struct fpd_flow *c;

	if (!grow((void **)&pc->idle, &pc->alloc_idle, pc->n_idle, sizeof(*c)))
		return;
	c = &pc->idle[pc->n_idle++];
	memset(c, 0, sizeof(*c));
	c->ufid = f->ufid;
	c->dp_ifindex = f->dp_ifindex;
	c->used_ms = f->used_ms;
}

static bool stale(const struct dp_state *s, const struct fpd_flow *f)
{
	return f->gen != s->gen || (f->used_macs && f->mac_gen != s->mac_gen);
}

/* true: forget the record (its flow is no longer in the datapath). */
static bool decide(struct fpd_flow *f, void *arg)
{
	struct pass_ctx *pc = arg;
	struct fpd_revalidator *r = pc->r;
	const struct dp_state *s = dp_state(pc, f->dp_ifindex);
	bool refresh;

	if (!s)
		return true;		/* its bridge is gone */
	if (f->dump_seq != r->seq)
		return s->dumped && !f->placing && f->created_ms < pc->start;
	if (r->now - f->used_ms >= (int64_t)r->d->opts.idle_timeout_ms) {
		reval_delete(r, f, &r->pass.deleted_idle);
		return false;
	}
	refresh = f->used_macs && f->used_ms > f->learned_ms &&
		  r->now - f->learned_ms >= s->refresh_ms;
	if (policy_moved(s, f))
		add_todo(pc, f, false, true);
	else if (refresh || stale(s, f))
		add_todo(pc, f, refresh, false);
	else if (pc->over_limit)
		add_idle(pc, f);
	return false;
}

/* ---- translating, without shard locks ---- */

static void retranslate_all(struct fpd_revalidator *r, struct pass_ctx *pc)
{
	struct fpd_bridge *br;
	size_t i;

	pthread_rwlock_rdlock(&r->d->bridges_lock);
	for (i = 0; i < pc->n_todo; i++) {
		br = fpd_bridge_by_ifindex(r->d, pc->todo[i].f.dp_ifindex);
		if (br && pc->todo[i].move)
			reval_move(r, br, &pc->todo[i].f);
		else if (br)
			reval_retranslate(r, br, &pc->todo[i].f, pc->todo[i].refresh);
		free(pc->todo[i].f.actions);
	}
	pthread_rwlock_unlock(&r->d->bridges_lock);
}

/*
 * Strangers teach the MAC tables first, so that adopting a flow towards
 * a host does not find that host unknown merely because the flow of its
 * replies comes later in the dump.
 */
static void adopt_all(struct fpd_revalidator *r)
{
	struct fpd_bridge *br;
	size_t i;

	pthread_rwlock_rdlock(&r->d->bridges_lock);
	for (i = 0; i < r->n_strangers; i++) {
		br = fpd_bridge_by_ifindex(r->d, r->strangers[i].rec.dp_ifindex);
		if (br)
			reval_learn(r, br, &r->strangers[i]);
	}
	for (i = 0; i < r->n_strangers; i++) {
		br = fpd_bridge_by_ifindex(r->d, r->strangers[i].rec.dp_ifindex);
		if (br)
			reval_adopt(r, br, &r->strangers[i]);
		free(r->strangers[i].key);
	}
	for (i = 0; i < r->n_tc_strangers; i++) {
		br = fpd_bridge_by_ifindex(r->d, r->tc_strangers[i].dp_ifindex);
		if (br)
			reval_adopt_tc(r, br, &r->tc_strangers[i]);
	}
	pthread_rwlock_unlock(&r->d->bridges_lock);
	free(r->strangers);
	r->strangers = NULL;
	r->n_strangers = 0;
	free(r->tc_strangers);
	r->tc_strangers = NULL;
	r->n_tc_strangers = 0;
}

static int older(const void *a, const void *b)
{
	const struct fpd_flow *x = a, *y = b;

	return (x->used_ms > y->used_ms) - (x->used_ms < y->used_ms);
}

/* Deletes the idlest flows beyond the limit, after this pass's deletes. */
static void evict(struct fpd_revalidator *r, struct pass_ctx *pc)
{
	size_t count = fpd_flow_table_count(r->d->flows), dels = 0, excess, i;

	for (i = 0; i < r->n_ops; i++)
		dels += r->ops[i].op.type == FPD_OP_DEL;
	if (count <= dels || count - dels <= r->d->opts.flow_limit)
		return;
	excess = count - dels - r->d->opts.flow_limit;
	qsort(pc->idle, pc->n_idle, sizeof(pc->idle[0]), older);
	for (i = 0; i < excess && i < pc->n_idle; i++)
		reval_delete(r, &pc->idle[i], &r->pass.evicted);
}

/* ---- acting ---- */

static void count_delete(struct fpd_revalidator *r, struct reval_op *o)
{
	if (o->op.error && o->op.error != -ENOENT) {
		fpd_log_ratelimited(&reval_rl, LOG_WARNING,
				    "revalidator: could not delete a megaflow: %s",
			o->op.errmsg);
		return;
	}
	/* Gone either way (ENOENT: someone else deleted it). */
	fpd_flow_table_del(r->d->flows, &o->op.ufid);
	if (!o->op.error && o->counter)
		(*o->counter)++;
}

static int record_modify(struct fpd_flow *f, void *arg)
{
	const struct reval_op *o = arg;

	f->gen = o->gen;
	f->used_macs = o->used_macs;
	f->mac_gen = o->mac_gen;
	return 0;
}

static void count_modify(struct fpd_revalidator *r, struct reval_op *o)
{
	struct fpd_op del = { .type = FPD_OP_DEL };

	if (!o->op.error) {
		fpd_flow_table_set_actions(r->d->flows, &o->op.ufid,
					   o->op.actions, o->op.actions_len);
		fpd_flow_table_update(r->d->flows, &o->op.ufid, record_modify, o);
		(*o->counter)++;
		return;
	}
	/* A flow we cannot correct must not keep forwarding the old way. */
	fpd_log_ratelimited(&reval_rl, LOG_WARNING,
			    "revalidator: could not change a megaflow's actions (%s); deleting it",
		o->op.errmsg);
	del.dp_ifindex = o->op.dp_ifindex;
	del.ufid = o->op.ufid;
	del.layer = o->op.layer;
	del.tc = o->op.tc;
	fpd_dpif_run(&r->dp, &r->pl, &del, 1);
	fpd_flow_table_del(r->d->flows, &o->op.ufid);
}

static void run_ops(struct fpd_revalidator *r)
{
	struct fpd_op batch[OPS_PER_BATCH];
	size_t i, j, n;

	for (i = 0; i < r->n_ops; i += n) {
		n = r->n_ops - i < OPS_PER_BATCH ? r->n_ops - i : OPS_PER_BATCH;
		for (j = 0; j < n; j++)
			batch[j] = r->ops[i + j].op;
		fpd_dpif_run(&r->dp, &r->pl, batch, n);
		for (j = 0; j < n; j++) {
			struct reval_op *o = &r->ops[i + j];

			o->op = batch[j];
			if (o->op.type == FPD_OP_DEL)
				count_delete(r, o);
			else
				count_modify(r, o);
			free(o->actions);
		}
	}
	r->n_ops = 0;
}

/* ---- a pass ---- */

static void merge_counts(struct fpd_revalidator *r, int64_t took)
{
	struct fpd_reval_counts *c = &r->counts, *p = &r->pass;

	pthread_mutex_lock(&r->mutex);
	c->passes++;
	c->adopted += p->adopted;
	c->deleted_idle += p->deleted_idle;
	c->evicted += p->evicted;
	c->deleted_stale += p->deleted_stale;
	c->modified += p->modified;
	c->last_pass_ms = (uint64_t)took;
	pthread_cond_broadcast(&r->passed);
	pthread_mutex_unlock(&r->mutex);
	memset(p, 0, sizeof(*p));
}

static void pass(struct fpd_revalidator *r)
{
	struct pass_ctx pc = { .r = r };

	pc.start = r->now = dp_upcall_now_ms();
	r->seq++;
	if (snapshot_bridges(r, &pc))
		return;
	dump_all(r, &pc);
	r->now = dp_upcall_now_ms();
	adopt_all(r);
	pc.over_limit = fpd_flow_table_count(r->d->flows) > r->d->opts.flow_limit;
	fpd_flow_table_sweep(r->d->flows, decide, &pc);
	retranslate_all(r, &pc);
	evict(r, &pc);
	run_ops(r);
	free(pc.todo);
	free(pc.idle);
	free_dps(&pc);
	merge_counts(r, dp_upcall_now_ms() - pc.start);
}

/* ---- the thread ---- */

static bool wait_for_work(struct fpd_revalidator *r)
{
	struct timespec until;
	bool stop;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += FPD_REVAL_INTERVAL_MS * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&r->mutex);
	while (!r->stop && !r->kicked)
		if (pthread_cond_timedwait(&r->cond, &r->mutex, &until))
			break;
	r->kicked = false;
	stop = r->stop;
	pthread_mutex_unlock(&r->mutex);
	return !stop;
}

static void *reval_main(void *arg)
{
	struct fpd_revalidator *r = arg;

	/* The first pass runs at once: flows left by a previous run. */
	r->full_dump = true;
	do {
		pass(r);
	} while (wait_for_work(r));
	return NULL;
}

struct fpd_revalidator *fpd_revalidator_start(struct fpd *d, char *why,
					      size_t whylen)
{
	struct fpd_revalidator *r = calloc(1, sizeof(*r));
	pthread_condattr_t ca;
	int err;

	if (!r) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	r->d = d;
	pthread_mutex_init(&r->mutex, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&r->cond, &ca);
	pthread_cond_init(&r->passed, NULL);
	pthread_condattr_destroy(&ca);
	if (dp_client_init(&r->dp, d->opts.family_prefix)) {
		snprintf(why, whylen, "revalidator: %s", dp_client_error(&r->dp));
		fpd_revalidator_stop(r);
		return NULL;
	}
	memcpy(r->dp.family_id, d->dp.family_id, sizeof(r->dp.family_id));
	if (fpd_placer_init(&r->pl))
		fpd_log(LOG_WARNING, "revalidator: no tc socket (%s): flows in tc go unseen",
			r->pl.tc.error);
	err = pthread_create(&r->thread, NULL, reval_main, r);
	if (err) {
		snprintf(why, whylen, "cannot start the revalidator: %s", strerror(err));
		fpd_revalidator_stop(r);
		return NULL;
	}
	r->started = true;
	return r;
}

void fpd_revalidator_stop(struct fpd_revalidator *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->mutex);
	r->stop = true;
	pthread_cond_signal(&r->cond);
	pthread_cond_broadcast(&r->passed);
	pthread_mutex_unlock(&r->mutex);
	if (r->started)
		pthread_join(r->thread, NULL);
	dp_client_fini(&r->dp);
	fpd_placer_fini(&r->pl);
	pthread_cond_destroy(&r->cond);
	pthread_cond_destroy(&r->passed);
	pthread_mutex_destroy(&r->mutex);
	free(r->ops);
	free(r);
}

void fpd_revalidator_wait_first_pass(struct fpd_revalidator *r)
{
	pthread_mutex_lock(&r->mutex);
	while (!r->counts.passes && !r->stop)
		pthread_cond_wait(&r->passed, &r->mutex);
	pthread_mutex_unlock(&r->mutex);
}

void fpd_revalidator_kick(struct fpd_revalidator *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->mutex);
	r->kicked = true;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->mutex);
}

void fpd_revalidator_counts(struct fpd_revalidator *r,
			    struct fpd_reval_counts *c)
{
	pthread_mutex_lock(&r->mutex);
	*c = r->counts;
	pthread_mutex_unlock(&r->mutex);
}
