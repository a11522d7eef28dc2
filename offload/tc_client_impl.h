/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by tc_client*.c and tc_probe.c only: the request loop. */
#ifndef FP_TC_CLIENT_IMPL_H
#define FP_TC_CLIENT_IMPL_H

#include <libmnl/libmnl.h>

#include "dp_extack.h"
#include "tc_client.h"

/* One data reply of a request; non-zero fails it (after its end). */
typedef int (*tc_reply_fn)(const struct nlmsghdr *nlh, void *arg);

/*
 * Sends req (seq, NLM_F_REQUEST and, unless a dump, NLM_F_ACK set here)
 * and receives to its end, each data reply to cb (may be NULL). op names
 * the request in c->error. 0 or a negative errno; the kernel's refusal
 * with its extack text, or cb's error (cb writes c->error).
 */
int tc_client_transact(struct tc_client *c, struct nlmsghdr *req,
		       const char *op, tc_reply_fn cb, void *arg);

void tc_client_set_error(struct tc_client *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "kernel refused OP: extack text (strerror)" into buf. */
void tc_client_describe(char *buf, size_t len, const char *op,
			const struct dp_extack *e);

#endif
