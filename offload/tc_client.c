// SPDX-License-Identifier: GPL-2.0
/*
 * The tc client: one NETLINK_ROUTE socket with extended acks, one request
 * at a time to its end (the ack, the error, or a dump's DONE), every
 * failure turned into a sentence in c->error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "dp_batch.h"
#include "dp_extack.h"
#include "tc_client.h"
#include "tc_client_impl.h"
#include "tc_nl.h"

/* Dumps come in reads of at most 32 KiB; twice that is safe. */
#define TC_RX_SIZE (64 * 1024)

void tc_client_set_error(struct tc_client *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->error, sizeof(c->error), fmt, ap);
	va_end(ap);
}

void tc_client_describe(char *buf, size_t len, const char *op,
			const struct dp_extack *e)
{
	const char *why = strerror(-e->error);

	if (e->msg[0])
		snprintf(buf, len, "kernel refused %s: %s (%s)", op, e->msg, why);
	else if (e->has_miss_type)
		snprintf(buf, len, "kernel refused %s: attribute %u is missing (%s)",
			 op, e->miss_type, why);
	else
		snprintf(buf, len, "kernel refused %s: %s", op, why);
}

int tc_client_init(struct tc_client *c)
{
	int on = 1, err;

	memset(c, 0, sizeof(*c));
	c->rx_size = TC_RX_SIZE;
	c->rx = malloc(c->rx_size);
	if (!c->rx) {
		tc_client_set_error(c, "out of memory");
		return -ENOMEM;
	}
	c->nl = mnl_socket_open(NETLINK_ROUTE);
	if (!c->nl) {
		err = -errno;
		tc_client_set_error(c, "cannot open a route netlink socket: %s", strerror(-err));
		return err;
	}
	/* Without them a refusal loses its reason, not its errno: go on. */
	mnl_socket_setsockopt(c->nl, NETLINK_EXT_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(c->nl, NETLINK_CAP_ACK, &on, sizeof(on));
	if (mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		tc_client_set_error(c, "cannot bind the route netlink socket: %s",
				    strerror(-err));
		return err;
	}
	c->portid = mnl_socket_get_portid(c->nl);
	return 0;
}

void tc_client_fini(struct tc_client *c)
{
	if (c->nl)
		mnl_socket_close(c->nl);
	if (c->batch) {
		dp_batch_fini(c->batch);
		free(c->batch);
	}
	free(c->rx);
	c->nl = NULL;
	c->rx = NULL;
	c->batch = NULL;
}

/* ---- one request, to its end ---- */

struct transact {
	tc_reply_fn cb;
	void *arg;
	struct dp_extack ext;
	bool refused;
	int cb_err;		/* the first reply cb refused */
};

/* A reply we cannot take fails the request once its end has arrived. */
static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct transact *t = data;
	int err;

	if (t->cb && !t->cb_err) {
		err = t->cb(nlh, t->arg);
		if (err)
			t->cb_err = err;
	}
	return MNL_CB_OK;
}

static int end_cb(const struct nlmsghdr *nlh, void *data)
{
	struct transact *t = data;
	int err = dp_extack_parse(nlh, &t->ext);

	if (!err && t->ext.error) {
		t->refused = true;
		err = t->ext.error;
	}
	if (!err)
		return MNL_CB_STOP;
	errno = -err;
	return MNL_CB_ERROR;
}

static int receive_until_end(struct tc_client *c, uint32_t seq,
			     struct transact *t)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = end_cb,
		[NLMSG_DONE] = end_cb,
	};
	ssize_t n;
	int ret;

	do {
		n = mnl_socket_recvfrom(c->nl, c->rx, c->rx_size);
		if (n < 0)
			return -errno;
		ret = mnl_cb_run2(c->rx, (size_t)n, seq, c->portid, data_cb, t,
				  ctl, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	if (ret < 0)
		return errno ? -errno : -EIO;
	return 0;
}

int tc_client_transact(struct tc_client *c, struct nlmsghdr *req,
		       const char *op, tc_reply_fn cb, void *arg)
{
	struct transact t = { .cb = cb, .arg = arg };
	int err;

	req->nlmsg_seq = ++c->seq;
	req->nlmsg_flags |= NLM_F_REQUEST;
	if ((req->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		req->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(c->nl, req, req->nlmsg_len) < 0) {
		err = -errno;
		tc_client_set_error(c, "cannot send %s: %s", op, strerror(-err));
		return err;
	}
	err = receive_until_end(c, req->nlmsg_seq, &t);
	if (t.refused)
		tc_client_describe(c->error, sizeof(c->error), op, &t.ext);
	else if (err)
		tc_client_set_error(c, "%s failed: %s", op, strerror(-err));
	else if (t.cb_err)
		err = t.cb_err;	/* the callback wrote c->error */
	return err;
}

/* ---- the requests ---- */

int tc_client_ensure_clsact(struct tc_client *c, int ifindex)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	int err;

	nlh = tc_nl_new_clsact(buf, ifindex, NLM_F_CREATE | NLM_F_EXCL);
	err = tc_client_transact(c, nlh, "RTM_NEWQDISC clsact", NULL, NULL);
	return err == -EEXIST ? 0 : err;
}

int tc_client_del(struct tc_client *c, const struct tc_flower *f)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;

	if (!f->handle || !f->prio) {
		tc_client_set_error(c, "not deleting with handle 0x%x prio %u: the kernel would delete the whole classifier",
				    f->handle, f->prio);
		return -EINVAL;
	}
	nlh = tc_nl_filter_ref(buf, RTM_DELTFILTER, 0, f);
	return tc_client_transact(c, nlh, "RTM_DELTFILTER", NULL, NULL);
}

struct get_ctx {
	struct tc_client *c;
	struct tc_flower *out;
	bool seen;
};

static int get_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct get_ctx *g = arg;
	char why[TC_NL_WHY_LEN];
	int err = tc_nl_parse_filter(nlh, g->out, why, sizeof(why));

	if (err)
		tc_client_set_error(g->c, "cannot read the kernel's filter: %s", why);
	g->seen = !err;
	return err;
}

int tc_client_get(struct tc_client *c, const struct tc_flower *f,
		  struct tc_flower *out)
{
	char buf[256] __attribute__((aligned(4)));
	struct get_ctx g = { .c = c, .out = out };
	struct nlmsghdr *nlh;
	int err;

	nlh = tc_nl_filter_ref(buf, RTM_GETTFILTER, 0, f);
	err = tc_client_transact(c, nlh, "RTM_GETTFILTER", get_reply, &g);
	if (!err && !g.seen) {
		tc_client_set_error(c, "the kernel answered RTM_GETTFILTER with no filter");
		err = -EPROTO;
	}
	return err;
}

struct dump_ctx {
	struct tc_client *c;
	int (*cb)(const struct tc_flower *f, void *arg);
	void *arg;
	int cb_ret;		/* the user callback's first non-zero return */
	struct tc_flower f;
};

static int dump_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_ctx *d = arg;
	char why[TC_NL_WHY_LEN];
	int err, ret;

	err = tc_nl_parse_filter(nlh, &d->f, why, sizeof(why));
	/* Classifier heads and other people's filters are not ours to list. */
	if (err == -ENODATA || err == -EOPNOTSUPP)
		return 0;
	if (err) {
		tc_client_set_error(d->c, "cannot read a dumped filter: %s", why);
		return err;
	}
	ret = d->cb(&d->f, d->arg);
	if (ret && !d->cb_ret)
		d->cb_ret = ret;
	return 0;
}

int tc_client_dump(struct tc_client *c, int ifindex,
		   int (*cb)(const struct tc_flower *f, void *arg), void *arg)
{
	char buf[256] __attribute__((aligned(4)));
	struct dump_ctx *d = calloc(1, sizeof(*d));
	int err;

	if (!d) {
		tc_client_set_error(c, "out of memory");
		return -ENOMEM;
	}
	d->c = c;
	d->cb = cb;
	d->arg = arg;
	err = tc_client_transact(c, tc_nl_dump_filters(buf, ifindex),
				 "RTM_GETTFILTER dump", dump_reply, d);
	if (!err)
		err = d->cb_ret;
	free(d);
	return err;
}
