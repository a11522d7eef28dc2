/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tc over rtnetlink (libmnl): the clsact qdisc flowpath's filters hang on,
 * and flower filters put, deleted, read and dumped. NETLINK_EXT_ACK is on:
 * a refusal comes back with the kernel's reason ("only offload of BPF
 * classifiers supported", ...) in why. Not thread-safe: one client per
 * thread.
 */
#ifndef FP_TC_CLIENT_H
#define FP_TC_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tc_flower.h"

#define TC_WHY_LEN 256

struct mnl_socket;

struct tc_client {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	void *rx;		/* receive buffer */
	size_t rx_size;
	char error[TC_WHY_LEN];	/* the last failure, for the caller's log */
	void *batch;		/* struct dp_batch of tc_client_put_batch() */
};

int tc_client_init(struct tc_client *c);
void tc_client_fini(struct tc_client *c);

/* Adds the clsact qdisc to ifindex unless it has one. 0 or -errno (why). */
int tc_client_ensure_clsact(struct tc_client *c, int ifindex);

/*
 * Installs f (NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO). On success the
 * kernel's echo is checked against the request and f->handle, f->prio,
 * f->in_hw and f->in_hw_count are taken from it. Returns 0 or a negative
 * errno with the reason (the kernel's extack text, or what differed in the
 * echo) in c->error.
 */
int tc_client_put(struct tc_client *c, struct tc_flower *f);

/* One filter's outcome in a batch: 0 or a negative errno, and why. */
struct tc_put_result {
	int err;
	char why[TC_WHY_LEN];	/* the kernel's extack text, or ours */
};

/*
 * Installs n filters as tc_client_put() does, many per sendmsg() (one
 * receive per batch of up to 64 when all goes well). res[i] gets filter
 * i's result and fs[i] its handle, prio and in_hw from the echo. Each
 * filter stands alone: one refused does not stop the others. Returns 0
 * when all were installed, else the first failure's errno with "filter i:
 * why" in c->error; a socket failure fails every filter not yet answered.
 */
int tc_client_put_batch(struct tc_client *c, struct tc_flower *fs, size_t n,
			struct tc_put_result *res);

/*
 * Deletes the filter f->ifindex/chain/prio/handle/protocol. Refuses a
 * handle or prio of 0, which the kernel reads as "the whole classifier".
 */
int tc_client_del(struct tc_client *c, const struct tc_flower *f);

/* Reads that filter back into *out (match, actions, cookie, stats). */
int tc_client_get(struct tc_client *c, const struct tc_flower *f,
		  struct tc_flower *out);

/*
 * Every flower filter on ifindex's ingress hook, all chains, to cb (which
 * may keep nothing past the call). cb's non-zero return stops nothing;
 * the first is returned.
 */
int tc_client_dump(struct tc_client *c, int ifindex,
		   int (*cb)(const struct tc_flower *f, void *arg), void *arg);

#endif
