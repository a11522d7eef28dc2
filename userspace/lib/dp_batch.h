/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Batched requests: many netlink messages in one sendmsg() on a dp_client's
 * socket, each with its own sequence number, matched back by it. What
 * dp_flow, dp_packet and flowpathd's dpif use to put, delete and execute by
 * the hundred without a system call each.
 *
 * Only the last message asks for an ack (NLM_F_ACK). The kernel handles
 * the messages of one sendmsg() in order, answers a failed one with an
 * error whether asked or not and goes on; so an answer to message i means
 * every earlier message still unanswered succeeded, and the last one's ack
 * ends the batch. One receive for a batch that went well, instead of one
 * per message.
 *
 * A batch is bounded (DP_BATCH_MAX_MSGS messages, DP_BATCH_BUF_SIZE
 * bytes): its answers must fit in the socket's receive buffer, or the
 * kernel drops them, and a sendmsg() larger than the send buffer fails.
 */
#ifndef FP_DP_BATCH_H
#define FP_DP_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "dp_client.h"
#include "dp_extack.h"

#define DP_BATCH_MAX_MSGS 64
#define DP_BATCH_BUF_SIZE (128 * 1024)

struct dp_batch {
	uint8_t *buf;		/* DP_BATCH_BUF_SIZE bytes */
	size_t len;
	size_t n;
	size_t op[DP_BATCH_MAX_MSGS];	/* the caller's index of message i */
	/* Once sealed: message i has sequence seq0 + i; open until answered. */
	uint32_t seq0;
	size_t n_open;
	uint8_t open[DP_BATCH_MAX_MSGS];
};

int dp_batch_init(struct dp_batch *b);
void dp_batch_fini(struct dp_batch *b);

/*
 * Where the next message may be built: at least want bytes, or NULL when
 * the batch is full (send it first; want larger than an empty batch holds
 * is never satisfied).
 */
void *dp_batch_room(struct dp_batch *b, size_t want);

/* The message built at the last dp_batch_room(), answering for op. */
void dp_batch_add(struct dp_batch *b, struct nlmsghdr *nlh, size_t op);

struct dp_batch_handler {
	/* A data message answering op's request (NLM_F_ECHO); may be NULL. */
	void (*reply)(size_t op, const struct nlmsghdr *nlh, void *arg);
	/* op's request ended: e->error is 0 (acked) or the kernel's errno. */
	void (*done)(size_t op, const struct dp_extack *e, void *arg);
};

/*
 * Numbers the messages from the client's sequence counter, asks for the
 * last one's ack and marks them all unanswered (dp_batch_send() does this;
 * tests call it directly).
 */
void dp_batch_seal(struct dp_client *c, struct dp_batch *b);

/*
 * One message that arrived on the socket: if it answers one of the sealed
 * batch's requests (sent to portid, a sequence of the batch, still open),
 * hands it to h and returns true. An NLMSG_ERROR ends its request, and
 * before it, as succeeded, every earlier one still open.
 */
bool dp_batch_take(struct dp_batch *b, uint32_t portid,
		   const struct nlmsghdr *nlh,
		   const struct dp_batch_handler *h, void *arg);

/*
 * Sends the batch, receives every request's answer, and empties it.
 * Returns 0 when every request was answered (each with its own result),
 * or a negative errno with dp_client_error() set when the socket failed
 * or answers were lost (ENOBUFS); requests then without an answer get
 * done() with that errno.
 */
int dp_batch_send(struct dp_client *c, struct dp_batch *b,
		  const struct dp_batch_handler *h, void *arg);

#endif
