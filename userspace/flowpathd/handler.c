// SPDX-License-Identifier: GPL-2.0
/*
 * Upcall handler threads: receive a batch, translate each upcall, then
 * install the megaflows in the datapath and execute the packets in one
 * batch of requests (puts first: a packet's execute never waits on another
 * round trip), then move the megaflows whose policy says tc into tc.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "dp_upcall.h"
#include "dpif.h"
#include "flow_table.h"
#include "handler.h"
#include "log.h"
#include "odp_flow.h"
#include "odp_text.h"
#include "packet_ins.h"
#include "placement.h"

#define BATCH_MAX 64

/* Refusals come per packet: a few per second across all handlers. */
static struct fpd_ratelimit put_errors_rl = FPD_RATELIMIT_INIT(5);
static struct fpd_ratelimit drops_rl = FPD_RATELIMIT_INIT(5);
#define UPCALL_RCVBUF (4 * 1024 * 1024)
/* How long a handler waits for upcalls before it looks at the stop flag. */
#define POLL_MS 200

/*
 * One upcall of a batch, with what translation made of it. The upcall
 * points into the socket's buffer, which stays put until the next receive:
 * the whole batch is done by then.
 */
struct upcall {
	struct dp_upcall up;
	struct fpd_xlate x;
	bool install;
	struct fpd_flow rec;		/* what the flow table will hold */
	struct fp_odp_key fkey, fmask;
};

/* Counters written by their handler only, read by upcall-stats. */
struct handler_stats {
	atomic_uint_fast64_t upcalls, batches, flows_put, flows_existed;
	atomic_uint_fast64_t put_errors, no_flow_table, executed, exec_errors;
	atomic_uint_fast64_t dropped, overruns, packet_ins, flows_to_tc;
};

struct handler {
	struct fpd *d;
	unsigned int idx;
	struct dp_upcall_sock *sock;	/* its own, in the shared set */
	struct dp_client dp;
	struct fpd_placer pl;		/* its tc socket */
	struct fpd_tc_batch tcb;	/* a batch's filters, put together */
	pthread_t thread;
	struct handler_stats stats;
	struct dp_upcall ups[BATCH_MAX];
	struct upcall batch[BATCH_MAX];
	struct fpd_op ops[2 * BATCH_MAX];	/* puts, then executes */
};

struct fpd_handlers {
	struct fpd *d;
	unsigned int n;
	bool started;
	atomic_bool stop;
	struct dp_upcall_handlers socks;	/* socks.socks[i] is h[i]'s */
	struct handler *h;
};

static void count(atomic_uint_fast64_t *c)
{
	atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}

/* ---- receiving ---- */

/*
 * An upcall other than a miss. A packet-in (a controller action's copy,
 * OVS_PACKET_CMD_ACTION with our cookie) is recorded on its bridge: the
 * flow that sent it forwarded the packet, so nothing is installed or
 * executed. Any other is not ours: dropped.
 */
static void take_not_miss(struct handler *h, const struct dp_upcall *up)
{
	if (up->cmd == OVS_PACKET_CMD_ACTION && !fpd_packet_in_receive(h->d, up))
		count(&h->stats.packet_ins);
	else
		count(&h->stats.dropped);
}

/*
 * Waits up to POLL_MS for a first upcall, then takes what else is queued,
 * up to BATCH_MAX; keeps the misses. Returns how many, or a negative errno
 * when the socket failed.
 */
static int receive_batch(struct handler *h)
{
	struct fpd_handlers *hs = h->d->handlers;
	int64_t deadline = dp_upcall_now_ms() + POLL_MS;
	int n, i, kept = 0;

	n = dp_upcall_recv_batch_shared(h->sock, hs->socks.socks, hs->socks.n,
					h->d->opts.upcall_share, h->ups,
					BATCH_MAX, deadline);
	atomic_store_explicit(&h->stats.overruns, h->sock->n_overruns,
			      memory_order_relaxed);
	if (n == -ETIMEDOUT || n == -EINTR)
		return 0;
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		count(&h->stats.upcalls);
		if (h->ups[i].cmd != OVS_PACKET_CMD_MISS) {
			take_not_miss(h, &h->ups[i]);
			continue;
		}
		h->batch[kept++].up = h->ups[i];
	}
	return kept;
}

/* ---- translating ---- */

static void log_drop(struct handler *h, const struct upcall *u,
		     const char *why)
{
	count(&h->stats.dropped);
	fpd_log_ratelimited(&drops_rl, LOG_DEBUG,
			    "handler %u: dropped a packet of dp ifindex %d: %s",
			    h->idx, u->up.dp_ifindex, why);
}

/* Fills u->rec and the key/mask attributes of its megaflow. */
static void prepare_flow(struct upcall *u, int64_t now)
{
	struct fpd_flow *r = &u->rec;

	memset(r, 0, sizeof(*r));
	r->dp_ifindex = u->up.dp_ifindex;
	r->mask = u->x.out.wc;
	/* The codec widens the mask where the kernel insists on it. */
	fp_odp_flow_to_attrs(&u->up.key, &r->mask, &u->fkey, &u->fmask);
	fp_flow_apply_mask(&r->key, &u->up.key, &r->mask);
	fpd_ufid_make(&r->ufid, r->dp_ifindex, &r->key, &r->mask);
	r->actions = u->x.out.odp.buf;
	r->actions_len = u->x.out.odp.len;
	r->created_ms = r->used_ms = r->learned_ms = now;
	r->placing = true;
	r->gen = u->x.gen;
	r->used_macs = u->x.out.used_macs;
	r->mac_gen = u->x.out.mac_generation;
}

/* Classifies and translates u; false when the packet is to be dropped. */
static bool translate(struct handler *h, struct upcall *u)
{
	char why[FPD_WHY_LEN] = "no bridge has this datapath";
	struct fpd_bridge *br;
	int err;

	pthread_rwlock_rdlock(&h->d->bridges_lock);
	br = fpd_bridge_by_ifindex(h->d, u->up.dp_ifindex);
	err = br ? fpd_bridge_translate(br, &u->up.key, true, &u->x, why,
					sizeof(why)) : -ENODEV;
	pthread_rwlock_unlock(&h->d->bridges_lock);
	if (err)
		log_drop(h, u, why);
	else if (u->x.out.note[0])
		fpd_log_ratelimited(&drops_rl, LOG_DEBUG, "handler %u: %s", h->idx,
				    u->x.out.note);
	return !err;
}

/*
 * Whether to install u's megaflow: not without a flow table, not past the
 * flow limit (the revalidator makes room), not twice in one batch.
 */
static bool want_install(struct handler *h, struct upcall *batch, int i)
{
	int j;

	if (fpd_no_flow_table(h->d))
		return false;
	if (fpd_flow_table_count(h->d->flows) >= h->d->opts.flow_limit)
		return false;
	for (j = 0; j < i; j++)
		if (batch[j].install && !memcmp(&batch[j].rec.ufid,
						&batch[i].rec.ufid,
						sizeof(batch[i].rec.ufid)))
			return false;
	return true;
}

/* ---- installing and executing ---- */

/* The refused flow as ovs-dpctl would print it: what to report upstream. */
static void log_put_error(struct handler *h, const struct fpd_op *op)
{
	char text[2048];

	if (fp_odp_text_format_key(op->key, op->key_len, op->mask, op->mask_len,
				   false, NULL, text, sizeof(text)))
		text[0] = '\0';
	fpd_log_ratelimited(&put_errors_rl, LOG_WARNING,
			    "handler %u: megaflow %s not installed: %s", h->idx,
			    text, op->errmsg);
}

static void put_failed(struct handler *h, const struct fpd_op *op)
{
	if (op->error == -EEXIST) {
		/* Another handler, or a flow not yet adopted: it is there. */
		count(&h->stats.flows_existed);
	} else if (op->error == -EOPNOTSUPP) {
		count(&h->stats.no_flow_table);
		atomic_store(&h->d->no_flow_table_until,
			     dp_upcall_now_ms() + FPD_NO_FLOW_TABLE_RETRY_MS);
		fpd_log_once(&h->d->said_no_flow_table, LOG_WARNING,
			     "the datapath has no flow table (%s): every packet now goes through flowpathd, which forwards it, slowly",
			     op->errmsg);
	} else {
		count(&h->stats.put_errors);
		log_put_error(h, op);
	}
	/* The record was made for a flow that is not ours in the kernel. */
	fpd_flow_table_del(h->d->flows, &op->ufid);
}

/*
 * The flow is in its layer now: from here a dump that does not list it
 * means it is gone. A pass that began before this moment keeps it.
 */
static int placed(struct fpd_flow *f, void *arg)
{
	(void)arg;
	f->placing = false;
	f->created_ms = f->used_ms = dp_upcall_now_ms();
	return 0;
}

static void add_put(struct fpd_op *op, const struct upcall *u)
{
	memset(op, 0, sizeof(*op));
	op->type = FPD_OP_PUT;
	op->dp_ifindex = u->up.dp_ifindex;
	op->ufid = u->rec.ufid;
	op->key = u->fkey.buf;
	op->key_len = u->fkey.len;
	op->mask = u->fmask.buf;
	op->mask_len = u->fmask.len;
	op->actions = u->x.out.odp.buf;
	op->actions_len = u->x.out.odp.len;
}

/*
 * The policy of the flow's in_port now. The record holds it from the
 * start: one placed under another is what the revalidator moves, and this
 * one is not to move while promote() has yet to offer it to tc.
 */
static enum fpd_policy policy_now(struct handler *h, const struct fpd_flow *rec)
{
	enum fpd_policy p = FPD_POLICY_DEFAULT;
	struct fpd_bridge *br;

	pthread_rwlock_rdlock(&h->d->bridges_lock);
	br = fpd_bridge_by_ifindex(h->d, rec->dp_ifindex);
	if (br) {
		pthread_rwlock_rdlock(&br->lock);
		p = fpd_port_policy(h->d, br, rec->key.in_port);
		pthread_rwlock_unlock(&br->lock);
	}
	pthread_rwlock_unlock(&h->d->bridges_lock);
	return p;
}

/*
 * Records the batch's new megaflows and appends their puts to h->ops;
 * returns how many. The record comes first, so the revalidator never
 * takes the flow for a stranger.
 */
static size_t add_puts(struct handler *h, int n)
{
	size_t k = 0;
	int j;

	for (j = 0; j < n; j++) {
		struct upcall *u = &h->batch[j];

		if (!u->install)
			continue;
		u->rec.policy = policy_now(h, &u->rec);
		if (fpd_flow_table_add(h->d->flows, &u->rec)) {
			u->install = false;	/* another handler's */
			continue;
		}
		add_put(&h->ops[k++], u);
	}
	return k;
}

/* Appends, from h->ops[k], the executes of the packets to forward. */
static size_t add_executes(struct handler *h, int n, const bool *forward,
			   size_t k)
{
	int j;

	for (j = 0; j < n; j++) {
		struct upcall *u = &h->batch[j];
		struct fpd_op *op = &h->ops[k];

		if (!forward[j] || !u->x.out.odp.len)
			continue;	/* dropped: nothing to send */
		memset(op, 0, sizeof(*op));
		op->type = FPD_OP_EXECUTE;
		op->dp_ifindex = u->up.dp_ifindex;
		op->key = u->up.key_attrs;
		op->key_len = u->up.key_attrs_len;
		op->actions = u->x.out.odp.buf;
		op->actions_len = u->x.out.odp.len;
		op->packet = u->up.packet;
		op->packet_len = u->up.packet_len;
		/* A reassembled packet goes out in fragments no bigger than these. */
		op->mru = u->up.has_mru ? u->up.mru : 0;
		k++;
	}
	return k;
}

static bool put_done(struct handler *h, const struct fpd_op *op)
{
	if (op->error) {
		put_failed(h, op);
		return false;
	}
	count(&h->stats.flows_put);
	fpd_flow_table_update(h->d->flows, &op->ufid, placed, NULL);
	return true;
}

static void execute_done(struct handler *h, const struct fpd_op *op)
{
	if (!op->error) {
		count(&h->stats.executed);
		return;
	}
	count(&h->stats.exec_errors);
	if (op->error == -EOPNOTSUPP)
		fpd_log_once(&h->d->said_no_execute, LOG_ERR,
			     "the datapath cannot execute packets (%s): packets it has no flow for are lost",
			     op->errmsg);
	fpd_log_ratelimited(&drops_rl, LOG_DEBUG,
			    "handler %u: packet not executed: %s", h->idx,
			    op->errmsg);
}

/* The puts, then the executes, in one round trip; a refused put's upcall
 * has nothing more to install. */
static void install_and_execute(struct handler *h, int n, const bool *forward)
{
	size_t k = add_puts(h, n), i = 0;
	int j;

	k = add_executes(h, n, forward, k);
	fpd_dpif_run(&h->dp, &h->pl, h->ops, k);
	for (j = 0; j < n; j++)
		if (h->batch[j].install && !put_done(h, &h->ops[i++]))
			h->batch[j].install = false;
	for (; i < k; i++)
		execute_done(h, &h->ops[i]);
}

/* ---- promoting to tc ---- */

/* A flow that stays in the kernel datapath: the policy, and why not tc. */
static int stays(struct fpd_flow *f, void *arg)
{
	const struct fpd_flow *rec = arg;

	f->policy = rec->policy;
	f->why = rec->why;
	return 0;
}

/*
 * The flow is in tc and its kernel flow gone: what that counted (at
 * least what a dump saw) is carried. The revalidator reads no kernel
 * counters into a flow outside the kernel layer, so a dump taken before
 * the delete cannot count them twice.
 */
static int promoted(struct fpd_flow *f, void *arg)
{
	const struct fpd_flow *to = arg;

	if (to->kmod.packets > f->kmod.packets)
		f->kmod = to->kmod;
	f->carried.packets += f->kmod.packets;
	f->carried.bytes += f->kmod.bytes;
	memset(&f->kmod, 0, sizeof(f->kmod));
	fpd_flow_sum(f);
	f->layer = to->layer;
	f->policy = to->policy;
	f->tc = to->tc;
	f->why = NULL;
	return placed(f, NULL);
}

/*
 * Offers the batch's installed megaflows to tc, as their ports' policies
 * say, all in one batch of filters. Each record learns where it is and
 * why: rec.layer is TC or HW for those tc took.
 */
static void offer_to_tc(struct handler *h, int n)
{
	struct fpd_bridge *br;
	int j;

	h->tcb.n = 0;
	pthread_rwlock_rdlock(&h->d->bridges_lock);
	for (j = 0; j < n; j++) {
		struct upcall *u = &h->batch[j];

		if (!u->install)
			continue;
		br = fpd_bridge_by_ifindex(h->d, u->rec.dp_ifindex);
		if (br)
			fpd_place_tc_queue(&h->pl, h->d, br, &u->rec, &h->tcb);
	}
	fpd_place_tc_commit(&h->pl, &h->tcb);
	pthread_rwlock_unlock(&h->d->bridges_lock);
}

static void add_del_kmod(struct fpd_op *op, const struct upcall *u)
{
	memset(op, 0, sizeof(*op));
	op->type = FPD_OP_DEL;
	op->dp_ifindex = u->rec.dp_ifindex;
	op->ufid = u->rec.ufid;
	op->layer = FPD_LAYER_KMOD;
}

/*
 * Every new megaflow went into the kernel datapath first, with its
 * packet: microseconds, after which its packets are forwarded there
 * instead of coming up while tc takes the filter, a thousand times
 * slower (a generator at full rate over 1,000 flows made ~9 upcalls per
 * flow before its filter was in). Now tc gets those the policy sends it,
 * and each filter tc takes replaces its kernel flow; tc sees the packets
 * first, so none is lost or counted twice in the swap.
 */
static void promote(struct handler *h, int n)
{
	size_t k = 0, i = 0;
	int j;

	offer_to_tc(h, n);
	for (j = 0; j < n; j++) {
		struct upcall *u = &h->batch[j];

		if (!u->install)
			continue;
		if (u->rec.layer == FPD_LAYER_KMOD)
			fpd_flow_table_update(h->d->flows, &u->rec.ufid, stays,
					      &u->rec);
		else
			add_del_kmod(&h->ops[k++], u);
	}
	if (!k)
		return;
	fpd_dpif_run(&h->dp, &h->pl, h->ops, k);
	for (j = 0; j < n; j++) {
		struct upcall *u = &h->batch[j];
		const struct fpd_op *op;

		if (!u->install || u->rec.layer == FPD_LAYER_KMOD)
			continue;
		op = &h->ops[i++];
		if (op->error && op->error != -ENOENT)
			fpd_log_ratelimited(&put_errors_rl, LOG_WARNING,
					    "handler %u: a flow now in tc keeps an idle copy in the datapath: %s",
					    h->idx, op->errmsg);
		count(&h->stats.flows_to_tc);
		u->rec.kmod = op->last;
		fpd_flow_table_update(h->d->flows, &u->rec.ufid, promoted,
				      &u->rec);
	}
}

static void handle_batch(struct handler *h, int n)
{
	int64_t now = dp_upcall_now_ms();
	bool forward[BATCH_MAX];
	int i;

	count(&h->stats.batches);
	for (i = 0; i < n; i++) {
		struct upcall *u = &h->batch[i];

		forward[i] = translate(h, u);
		u->install = false;
		if (!forward[i])
			continue;
		prepare_flow(u, now);
		u->install = want_install(h, h->batch, i);
	}
	install_and_execute(h, n, forward);
	promote(h, n);
}

static void *handler_main(void *arg)
{
	struct handler *h = arg;
	struct fpd_handlers *hs = h->d->handlers;
	int n;

	while (!atomic_load(&hs->stop)) {
		n = receive_batch(h);
		if (n < 0) {
			fpd_log(LOG_ERR, "handler %u: %s; this handler stops", h->idx,
				h->sock->errmsg);
			break;
		}
		if (n)
			handle_batch(h, n);
	}
	return NULL;
}

/* ---- life ---- */

static int open_handler(struct fpd *d, struct fpd_handlers *hs,
			unsigned int idx, char *why, size_t whylen)
{
	struct handler *h = &hs->h[idx];

	h->d = d;
	h->idx = idx;
	h->sock = &hs->socks.socks[idx];
	if (dp_client_init(&h->dp, d->opts.family_prefix)) {
		snprintf(why, whylen, "handler %u: %s", idx, dp_client_error(&h->dp));
		return -EIO;
	}
	/* Resolved now, while the families are known to be there. */
	memcpy(h->dp.family_id, d->dp.family_id, sizeof(h->dp.family_id));
	if (fpd_placer_init(&h->pl))
		fpd_log(LOG_WARNING, "handler %u: no tc socket (%s): flows go to the datapath only",
			idx, h->pl.tc.error);
	return 0;
}

struct fpd_handlers *fpd_handlers_create(struct fpd *d, unsigned int n,
					 char *why, size_t whylen)
{
	struct fpd_handlers *hs = calloc(1, sizeof(*hs));
	unsigned int i;

	if (!hs || !(hs->h = calloc(n, sizeof(*hs->h)))) {
		snprintf(why, whylen, "out of memory");
		fpd_handlers_destroy(hs);
		return NULL;
	}
	hs->d = d;
	if (dp_upcall_handlers_open(&hs->socks, &d->dp, n, UPCALL_RCVBUF)) {
		snprintf(why, whylen, "%s", hs->socks.errmsg);
		fpd_handlers_destroy(hs);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		hs->n = i + 1;
		if (open_handler(d, hs, i, why, whylen)) {
			fpd_handlers_destroy(hs);
			return NULL;
		}
	}
	return hs;
}

int fpd_handlers_start(struct fpd_handlers *hs, char *why, size_t whylen)
{
	unsigned int i;
	int err;

	for (i = 0; i < hs->n; i++) {
		err = pthread_create(&hs->h[i].thread, NULL, handler_main, &hs->h[i]);
		if (err) {
			snprintf(why, whylen, "cannot start handler %u: %s", i,
				 strerror(err));
			atomic_store(&hs->stop, true);
			while (i--)
				pthread_join(hs->h[i].thread, NULL);
			return -err;
		}
	}
	hs->started = true;
	return 0;
}

void fpd_handlers_destroy(struct fpd_handlers *hs)
{
	unsigned int i;

	if (!hs)
		return;
	atomic_store(&hs->stop, true);
	for (i = 0; hs->started && i < hs->n; i++)
		pthread_join(hs->h[i].thread, NULL);
	for (i = 0; hs->h && i < hs->n; i++) {
		dp_client_fini(&hs->h[i].dp);
		fpd_placer_fini(&hs->h[i].pl);
	}
	dp_upcall_handlers_close(&hs->socks);
	free(hs->h);
	free(hs);
}

struct dp_upcall_handlers *fpd_handlers_socks(struct fpd_handlers *hs)
{
	return &hs->socks;
}

unsigned int fpd_handlers_n(const struct fpd_handlers *hs)
{
	return hs->n;
}

void fpd_handlers_counts(const struct fpd_handlers *hs, unsigned int i,
			 struct fpd_handler_counts *c)
{
	const struct handler_stats *s = &hs->h[i].stats;

	c->upcalls = atomic_load(&s->upcalls);
	c->batches = atomic_load(&s->batches);
	c->flows_put = atomic_load(&s->flows_put);
	c->flows_to_tc = atomic_load(&s->flows_to_tc);
	c->flows_existed = atomic_load(&s->flows_existed);
	c->put_errors = atomic_load(&s->put_errors);
	c->no_flow_table = atomic_load(&s->no_flow_table);
	c->executed = atomic_load(&s->executed);
	c->exec_errors = atomic_load(&s->exec_errors);
	c->dropped = atomic_load(&s->dropped);
	c->overruns = atomic_load(&s->overruns);
	c->packet_ins = atomic_load(&s->packet_ins);
}
