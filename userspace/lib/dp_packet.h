/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Executing actions on packets (OVS_PACKET_CMD_EXECUTE): what a slow path
 * does with the packet of an upcall once it has decided its fate, batched
 * like flow puts (many packets per sendmsg, a result for each).
 */
#ifndef FP_DP_PACKET_H
#define FP_DP_PACKET_H

#include <stddef.h>
#include <stdint.h>

#include "dp_batch.h"
#include "dp_client.h"
#include "dp_extack.h"

/*
 * One packet: its bytes from the Ethernet header, its key (at least
 * in_port; an upcall's key_attrs as they came), the actions (length 0:
 * drop) and, for a packet the kernel reassembled, the MRU it gave (0:
 * none). After dp_packet_execute(): the result.
 */
struct dp_packet_op {
	const void *packet;
	size_t packet_len;
	const void *key;
	size_t key_len;
	const void *actions;
	size_t actions_len;
	uint16_t mru;
	int error;			/* 0 or a negative errno */
	char errmsg[DP_EXTACK_MSG_LEN];	/* the kernel's reason, or "" */
};

/*
 * Executes ops[0..n) in batches. Returns 0 when every op has a result, or
 * a negative errno with dp_client_error() set when the socket failed (ops
 * without an answer carry it too). A packet too big for one request fails
 * alone with -EMSGSIZE.
 */
int dp_packet_execute(struct dp_client *c, int dp_ifindex,
		      struct dp_packet_op *ops, size_t n);

/* As dp_flow_batch_add(), for an execute. */
bool dp_packet_batch_add(struct dp_batch *b, uint16_t family, int dp_ifindex,
			 struct dp_packet_op *op, size_t i);

/* The request, for tests: into buf (size bytes), or NULL if too big. */
struct nlmsghdr *dp_packet_build_execute(void *buf, size_t size,
					 uint16_t family, int dp_ifindex,
					 const struct dp_packet_op *op);

#endif
