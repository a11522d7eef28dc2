/* SPDX-License-Identifier: GPL-2.0 */
/* Between revalidator.c (the thread, dumps, batches) and reval_flow.c. */
#ifndef FPD_REVAL_PRIV_H
#define FPD_REVAL_PRIV_H

#include <pthread.h>
#include <stdbool.h>

#include "bridge.h"
#include "dpif.h"
#include "flow_table.h"
#include "odp_flow.h"
#include "placement.h"
#include "revalidator.h"

/* A port of a bridge as a pass saw it. */
struct reval_port {
	uint32_t odp_port;
	int ifindex;
	enum fpd_policy policy;		/* in force */
};

/* A bridge as the pass saw it at its start. */
struct dp_state {
	int dp_ifindex;
	bool dumped;		/* its dumps worked: what they lacked is gone */
	uint64_t gen, mac_gen;
	int64_t refresh_ms;	/* MAC refresh period: a quarter of aging */
	struct reval_port *ports;
	size_t n_ports;
};

/* A flow the dump found and the table does not know, copied. */
struct stranger {
	struct fpd_flow rec;		/* ufid, dp, counters */
	uint8_t *key, *mask, *actions;	/* attribute streams */
	size_t key_len, mask_len, actions_len;
};

/* A flowpath filter found in tc that the table does not know (a restart). */
struct tc_stranger {
	int dp_ifindex;
	struct tc_flower f;
};

/* A pending delete or modify, with the attributes it owns. */
struct reval_op {
	struct fpd_op op;
	/*
	 * MODIFY: the new actions, then the key and mask (the kernel checks
	 * new actions against them), in one allocation.
	 */
	uint8_t *actions;
	int64_t used_ms;		/* DELETE: for eviction, the idlest */
	uint64_t *counter;		/* what to count when it succeeds */
	uint64_t gen, mac_gen;		/* MODIFY: for the record */
	bool used_macs;
};

struct fpd_revalidator {
	struct fpd *d;
	struct dp_client dp;
	struct fpd_placer pl;		/* tc: dumps, moves, deletes */
	pthread_t thread;
	bool started;

	pthread_mutex_t mutex;		/* these five */
	pthread_cond_t cond;
	pthread_cond_t passed;		/* counts.passes moved */
	bool stop;
	bool kicked;
	struct fpd_reval_counts counts;

	/* The revalidator thread's own. */
	struct fpd_reval_counts pass;	/* added to counts after each pass */
	uint64_t seq;			/* of the current dump */
	bool full_dump;			/* keys wanted: a stranger was seen */
	struct stranger *strangers;
	size_t n_strangers;
	struct tc_stranger *tc_strangers;
	size_t n_tc_strangers;
	struct reval_op *ops;
	size_t n_ops, alloc_ops;
	int64_t now;
};

/* reval_flow.c: deciding. r->ops collects what to do. */

/*
 * Translates rec again (learning its sources when refresh): keeps it,
 * or queues a MODIFY or a DEL.
 */
void reval_retranslate(struct fpd_revalidator *r, struct fpd_bridge *br,
		       const struct fpd_flow *rec, bool refresh);
void reval_delete(struct fpd_revalidator *r, const struct fpd_flow *rec,
		  uint64_t *counter);
/* Learns the source of a stranger, before any is adopted. */
void reval_learn(struct fpd_revalidator *r, struct fpd_bridge *br,
		 const struct stranger *s);
void reval_adopt(struct fpd_revalidator *r, struct fpd_bridge *br,
		 struct stranger *s);
/*
 * Translates key (already masked by mask) again; true when the result
 * still has exactly this mask, with its actions in *x.
 */
bool reval_still_valid(struct fpd_bridge *br, const struct fp_flow *key,
		       const struct fp_flow *mask, bool may_learn,
		       struct fpd_xlate *x);
/* Room for one more op; NULL when out of memory (the op is skipped). */
struct reval_op *reval_new_op(struct fpd_revalidator *r,
			      enum fpd_op_type type,
			      const struct fpd_flow *rec);

/* reval_tc.c: the flows in tc. */

/*
 * Takes the counters of the flowpath filters on s's ports into their
 * records (marking them seen by this pass); false when a dump failed.
 */
bool reval_dump_tc(struct fpd_revalidator *r, const struct dp_state *s);

/*
 * Adopts a filter a previous flowpathd left, when it is ours (its match
 * gives back the UFID in its cookie) and a rule still produces it with
 * the same actions under a tc policy; deletes it when ours but stale.
 */
void reval_adopt_tc(struct fpd_revalidator *r, struct fpd_bridge *br,
		    const struct tc_stranger *s);

/*
 * Moves rec to the layer its port's policy now gives (br locked for
 * reading by the caller's d->bridges_lock), carrying its counters.
 */
void reval_move(struct fpd_revalidator *r, struct fpd_bridge *br,
		const struct fpd_flow *rec);

#endif
