// SPDX-License-Identifier: GPL-2.0
/*
 * Installing filters, one or many per sendmsg(), and checking each echo:
 * the kernel's own account of what it installed, read by the same decoder
 * as our request. A filter whose echo differs is deleted again and
 * reported as a failure: it would carry a megaflow other than asked.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "dp_batch.h"
#include "dp_client.h"
#include "tc_client.h"
#include "tc_client_impl.h"
#include "tc_nl.h"

#define PUT_FLAGS (NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO)

struct echo_check {
	struct tc_flower want;	/* the request, decoded */
	struct tc_flower got;	/* the echo, decoded */
	bool seen;
	int err;
	char why[TC_NL_WHY_LEN];
};

static int expect(struct echo_check *e, const struct nlmsghdr *req)
{
	memset(e, 0, sizeof(*e));
	return tc_nl_parse_filter(req, &e->want, e->why, sizeof(e->why));
}

static void take_echo(struct echo_check *e, const struct nlmsghdr *nlh)
{
	e->seen = true;
	e->err = tc_nl_parse_filter(nlh, &e->got, e->why, sizeof(e->why));
	if (!e->err)
		e->err = tc_nl_check_echo(&e->want, &e->got, e->why, sizeof(e->why));
}

/* The filter the kernel made of our request, deleted; c->error kept. */
static void discard(struct tc_client *c, const struct tc_flower *got)
{
	char keep[TC_WHY_LEN];

	if (!got->handle || !got->prio)
		return;
	memcpy(keep, c->error, sizeof(keep));
	tc_client_del(c, got);
	memcpy(c->error, keep, sizeof(keep));
}

static void adopt(struct tc_flower *f, const struct tc_flower *got)
{
	f->handle = got->handle;
	f->prio = got->prio;
	f->in_hw = got->in_hw;
	f->in_hw_count = got->in_hw_count;
}

/* 0 when the echo came and matched; else -EPROTO, the filter deleted. */
static int settle(struct tc_client *c, struct echo_check *e, const char *who)
{
	if (!e->seen) {
		tc_client_set_error(c, "%sthe kernel acknowledged RTM_NEWTFILTER without the echo asked for",
				    who);
		return -EPROTO;
	}
	if (!e->err)
		return 0;
	tc_client_set_error(c, "%sthe kernel's echo does not match the request: %s",
			    who, e->why);
	discard(c, &e->got);
	return -EPROTO;
}

static int echo_reply(const struct nlmsghdr *nlh, void *arg)
{
	take_echo(arg, nlh);
	return 0;
}

int tc_client_put(struct tc_client *c, struct tc_flower *f)
{
	static _Thread_local uint8_t buf[TC_NL_MSG_SIZE] __attribute__((aligned(4)));
	struct echo_check *e = malloc(sizeof(*e));
	struct nlmsghdr *nlh;
	char why[TC_NL_WHY_LEN];
	int err;

	if (!e) {
		tc_client_set_error(c, "out of memory");
		return -ENOMEM;
	}
	err = tc_nl_new_filter(buf, sizeof(buf), PUT_FLAGS, f, &nlh, why, sizeof(why));
	if (err) {
		tc_client_set_error(c, "cannot put the filter: %s", why);
	} else if ((err = expect(e, nlh))) {
		tc_client_set_error(c, "cannot read back our own request: %s", e->why);
	} else {
		err = tc_client_transact(c, nlh, "RTM_NEWTFILTER", echo_reply, e);
		if (!err)
			err = settle(c, e, "");
		if (!err)
			adopt(f, &e->got);
	}
	free(e);
	return err;
}

/* ---- batches ---- */

/* What the kernel made of message k, when its echo did not match. */
struct stray {
	bool bad;
	struct tc_flower_ref {
		int ifindex;
		uint32_t chain, handle;
		uint16_t prio;
		fp_be16 protocol;
	} ref;
};

struct batch_run {
	struct tc_client *c;
	struct dp_batch *b;
	struct tc_flower *fs;
	struct tc_put_result *res;
	int first_err;
	size_t req_off[DP_BATCH_MAX_MSGS];	/* message k of the batch */
	bool echoed[DP_BATCH_MAX_MSGS];
	struct stray stray[DP_BATCH_MAX_MSGS];
	struct echo_check e;
};

static void note_failure(struct batch_run *r, size_t i, int err, const char *why)
{
	r->res[i].err = err;
	snprintf(r->res[i].why, sizeof(r->res[i].why), "%s", why);
	if (r->first_err)
		return;
	r->first_err = err;
	tc_client_set_error(r->c, "filter %zu: %s", i, why);
}

static size_t msg_of(const struct batch_run *r, size_t op)
{
	size_t k;

	for (k = 0; k < r->b->n; k++)
		if (r->b->op[k] == op)
			return k;
	return DP_BATCH_MAX_MSGS;
}

static void keep_stray(struct stray *s, const struct tc_flower *got)
{
	s->bad = true;
	s->ref.ifindex = got->ifindex;
	s->ref.chain = got->chain;
	s->ref.handle = got->handle;
	s->ref.prio = got->prio;
	s->ref.protocol = got->protocol;
}

static void batch_reply(size_t op, const struct nlmsghdr *nlh, void *arg)
{
	struct batch_run *r = arg;
	size_t k = msg_of(r, op);
	char why[TC_WHY_LEN];

	if (k == DP_BATCH_MAX_MSGS || r->echoed[k])
		return;
	r->echoed[k] = true;
	if (expect(&r->e, (const void *)(r->b->buf + r->req_off[k])))
		return;
	take_echo(&r->e, nlh);
	if (!r->e.err) {
		adopt(&r->fs[op], &r->e.got);
		return;
	}
	/* The socket is busy with the batch: delete it once it is done. */
	keep_stray(&r->stray[k], &r->e.got);
	snprintf(why, sizeof(why), "the kernel's echo does not match the request: %s",
		 r->e.why);
	note_failure(r, op, -EPROTO, why);
}

static void batch_done(size_t op, const struct dp_extack *e, void *arg)
{
	struct batch_run *r = arg;
	size_t k = msg_of(r, op);
	char why[TC_WHY_LEN];

	if (r->res[op].err)
		return;
	if (e->error) {
		tc_client_describe(why, sizeof(why), "RTM_NEWTFILTER", e);
		note_failure(r, op, e->error, why);
	} else if (k == DP_BATCH_MAX_MSGS || !r->echoed[k]) {
		note_failure(r, op, -EPROTO,
			     "the kernel acknowledged RTM_NEWTFILTER without the echo asked for");
	}
}

static const struct dp_batch_handler batch_handler = {
	.reply = batch_reply,
	.done = batch_done,
};

/*
 * dp_batch speaks to a dp_client, of which it uses only the socket, its
 * portid, the sequence counter and the receive buffer: lend it ours.
 */
static int send_batch(struct batch_run *r)
{
	struct tc_client *c = r->c;
	struct dp_client dc;
	int err;

	memset(&dc, 0, sizeof(dc));
	dc.nl = c->nl;
	dc.portid = c->portid;
	dc.seq = c->seq;
	dc.rx = c->rx;
	dc.rx_size = c->rx_size;
	err = dp_batch_send(&dc, r->b, &batch_handler, r);
	c->seq = dc.seq;
	if (err && !r->first_err)
		tc_client_set_error(c, "%s", dp_client_error(&dc));
	return err;
}

/* Filters whose echo did not match, deleted now that the socket is free. */
static void drop_strays(struct batch_run *r)
{
	struct tc_flower *f;
	size_t k;

	for (k = 0; k < DP_BATCH_MAX_MSGS; k++) {
		if (!r->stray[k].bad)
			continue;
		f = &r->e.got;
		memset(f, 0, sizeof(*f));
		f->ifindex = r->stray[k].ref.ifindex;
		f->chain = r->stray[k].ref.chain;
		f->handle = r->stray[k].ref.handle;
		f->prio = r->stray[k].ref.prio;
		f->protocol = r->stray[k].ref.protocol;
		discard(r->c, f);
	}
}

static int flush(struct batch_run *r)
{
	int err = send_batch(r);

	drop_strays(r);
	memset(r->echoed, 0, sizeof(r->echoed));
	memset(r->stray, 0, sizeof(r->stray));
	return err;
}

static struct dp_batch *client_batch(struct tc_client *c)
{
	struct dp_batch *b = c->batch;

	if (b)
		return b;
	b = malloc(sizeof(*b));
	if (b && dp_batch_init(b)) {
		free(b);
		b = NULL;
	}
	c->batch = b;
	return b;
}

/* Builds filter i into the batch: 0, -EAGAIN when the batch is full. */
static int add_one(struct batch_run *r, size_t i)
{
	struct dp_batch *b = r->b;
	struct nlmsghdr *nlh;
	char why[TC_NL_WHY_LEN];
	void *room = dp_batch_room(b, 1024);
	int err;

	if (!room)
		return -EAGAIN;
	err = tc_nl_new_filter(room, DP_BATCH_BUF_SIZE - b->len, PUT_FLAGS,
			       &r->fs[i], &nlh, why, sizeof(why));
	if (err == -EMSGSIZE && b->n)
		return -EAGAIN;
	if (err) {
		note_failure(r, i, err, why);
		return 0;
	}
	r->req_off[b->n] = b->len;
	dp_batch_add(b, nlh, i);
	return 0;
}

/* Filters never sent, after a socket failure: c->error says why. */
static void fail_rest(struct batch_run *r, size_t i, size_t n, int err)
{
	for (; i < n; i++) {
		r->res[i].err = err;
		snprintf(r->res[i].why, sizeof(r->res[i].why), "%s", r->c->error);
	}
}

int tc_client_put_batch(struct tc_client *c, struct tc_flower *fs, size_t n,
			struct tc_put_result *res)
{
	struct batch_run *r = calloc(1, sizeof(*r));
	size_t i = 0;
	int err = 0;

	if (!r || !(r->b = client_batch(c))) {
		free(r);
		tc_client_set_error(c, "out of memory");
		return -ENOMEM;
	}
	r->c = c;
	r->fs = fs;
	r->res = res;
	memset(res, 0, n * sizeof(*res));
	while (!err && i < n) {
		if (add_one(r, i) == -EAGAIN)
			err = flush(r);
		else
			i++;
	}
	if (!err)
		err = flush(r);
	if (err)
		fail_rest(r, i, n, err);
	if (!err)
		err = r->first_err;
	free(r);
	return err;
}
