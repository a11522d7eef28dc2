// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "dp_batch.h"

/* An answer that has not come after this long is not coming. */
#define DP_BATCH_TIMEOUT_MS 10000

int dp_batch_init(struct dp_batch *b)
{
	memset(b, 0, sizeof(*b));
	b->buf = malloc(DP_BATCH_BUF_SIZE);
	return b->buf ? 0 : -ENOMEM;
}

void dp_batch_fini(struct dp_batch *b)
{
	free(b->buf);
	b->buf = NULL;
}

void *dp_batch_room(struct dp_batch *b, size_t want)
{
	if (b->n == DP_BATCH_MAX_MSGS || DP_BATCH_BUF_SIZE - b->len < want)
		return NULL;
	/* Builders write headers with memset-free puts: start clean. */
	memset(b->buf + b->len, 0, MNL_NLMSG_HDRLEN);
	return b->buf + b->len;
}

void dp_batch_add(struct dp_batch *b, struct nlmsghdr *nlh, size_t op)
{
	nlh->nlmsg_flags |= NLM_F_REQUEST;
	b->op[b->n++] = op;
	b->len += MNL_ALIGN(nlh->nlmsg_len);
}

/* ---- answers ---- */

static void end_one(struct dp_batch *b, size_t i, const struct dp_extack *e,
		    const struct dp_batch_handler *h, void *arg)
{
	if (!b->open[i])
		return;
	b->open[i] = 0;
	b->n_open--;
	h->done(b->op[i], e, arg);
}

/* Requests before i that are still open were done without a word. */
static void end_before(struct dp_batch *b, size_t i,
		       const struct dp_batch_handler *h, void *arg)
{
	static const struct dp_extack ok;
	size_t j;

	for (j = 0; j < i && b->n_open; j++)
		end_one(b, j, &ok, h, arg);
}

bool dp_batch_take(struct dp_batch *b, uint32_t portid,
		   const struct nlmsghdr *nlh,
		   const struct dp_batch_handler *h, void *arg)
{
	size_t i = nlh->nlmsg_seq - b->seq0;
	struct dp_extack e;

	if (nlh->nlmsg_pid != portid || i >= b->n || !b->open[i])
		return false;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		end_before(b, i, h, arg);
		if (dp_extack_parse(nlh, &e)) {
			memset(&e, 0, sizeof(e));
			e.error = -EBADMSG;
		}
		end_one(b, i, &e, h, arg);
	} else if (nlh->nlmsg_type >= NLMSG_MIN_TYPE && h->reply) {
		h->reply(b->op[i], nlh, arg);
	}
	return true;
}

static int wait_readable(struct dp_client *c)
{
	struct pollfd pfd = { .fd = mnl_socket_get_fd(c->nl), .events = POLLIN };
	int n = poll(&pfd, 1, DP_BATCH_TIMEOUT_MS);

	if (n > 0 || (n < 0 && errno == EINTR))
		return 0;
	return n < 0 ? -errno : -ETIMEDOUT;
}

/*
 * The kernel handles a batch inside our sendmsg(), so its answers are
 * mostly queued already: read first, wait only when the queue is empty.
 */
static int receive(struct dp_client *c, struct dp_batch *b,
		   const struct dp_batch_handler *h, void *arg)
{
	const struct nlmsghdr *nlh;
	ssize_t n;
	int left, err;

	while (b->n_open) {
		n = recv(mnl_socket_get_fd(c->nl), c->rx, c->rx_size, MSG_DONTWAIT);
		if (n < 0 && errno == EAGAIN) {
			err = wait_readable(c);
			if (err)
				return err;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		left = (int)n;
		for (nlh = c->rx; mnl_nlmsg_ok(nlh, left);
		     nlh = mnl_nlmsg_next(nlh, &left))
			dp_batch_take(b, c->portid, nlh, h, arg);
	}
	return 0;
}

/* Requests the kernel never answered get the reason the wait ended. */
static void fail_open(struct dp_batch *b, int err,
		      const struct dp_batch_handler *h, void *arg)
{
	struct dp_extack e = { .error = err };
	size_t i;

	for (i = 0; i < b->n; i++)
		end_one(b, i, &e, h, arg);
}

void dp_batch_seal(struct dp_client *c, struct dp_batch *b)
{
	struct nlmsghdr *nlh;
	size_t off, i;

	b->seq0 = c->seq + 1;
	b->n_open = b->n;
	for (i = 0, off = 0; i < b->n; i++) {
		nlh = (struct nlmsghdr *)(b->buf + off);
		nlh->nlmsg_seq = ++c->seq;
		if (i == b->n - 1)
			nlh->nlmsg_flags |= NLM_F_ACK;
		b->open[i] = 1;
		off += MNL_ALIGN(nlh->nlmsg_len);
	}
}

int dp_batch_send(struct dp_client *c, struct dp_batch *b,
		  const struct dp_batch_handler *h, void *arg)
{
	size_t n = b->n;
	int err = 0;

	if (!n)
		return 0;
	dp_batch_seal(c, b);
	if (mnl_socket_sendto(c->nl, b->buf, b->len) < 0) {
		err = -errno;
		dp_client_set_error(c, "cannot send a batch of %zu requests: %s",
				    n, strerror(-err));
	} else {
		err = receive(c, b, h, arg);
		if (err)
			dp_client_set_error(c, "%zu of a batch of %zu requests got no answer: %s",
					    b->n_open, n, strerror(-err));
	}
	if (err)
		fail_open(b, err, h, arg);
	b->len = b->n = 0;
	return err;
}
