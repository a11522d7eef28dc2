/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Placement: the layer each new megaflow lands in, by the policy of the
 * port it enters through (policy.h), fastest first, falling back when a
 * layer refuses:
 *
 *   tc flower, skip_sw (hw) -> tc flower (tc / tc-sw) -> the datapath's table
 *
 * A refusal - the translation's reason, or the kernel's extack text - is
 * kept with the flow (fpd_flow.why). Handlers place new flows; the
 * revalidator moves flows whose port policy changed, carrying their
 * counters, and deletes flows from the layer they are in.
 *
 * Every tc filter carries its megaflow's UFID as cookie (TCA_ACT_COOKIE),
 * and sits on chain 0 at a priority chosen per (protocol, flower mask), as
 * hardware drivers want one mask per priority.
 */
#ifndef FPD_PLACEMENT_H
#define FPD_PLACEMENT_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "flow_table.h"
#include "policy.h"
#include "tc_client.h"

struct fpd;
struct fpd_bridge;

/* What placement knows of an attached port (bridge.h: place[i] of ports[i]). */
struct fpd_port_place {
	int ifindex;			/* 0: not found when attached */
	bool internal;			/* the bridge's local port */
	bool can_offload;		/* switchdev port with hw-tc-offload on */
	enum fpd_policy policy;		/* its override (DEFAULT: the global) */
	char why_not[120];		/* !can_offload: why */
};

/* Fills *pp for the port called name. */
void fpd_port_place_probe(const char *name, bool internal,
			  enum fpd_policy policy, struct fpd_port_place *pp);

/* A thread's placement tools: its own tc socket and what it has set up. */
struct fpd_placer {
	struct tc_client tc;
	bool tc_ok;			/* the socket opened */
	int clsact[64];			/* ifindexes known to have clsact */
	size_t n_clsact;
};

int fpd_placer_init(struct fpd_placer *pl);
void fpd_placer_fini(struct fpd_placer *pl);

/*
 * The policy in force for flows entering br through datapath port in_port
 * (br->lock held for reading).
 */
enum fpd_policy fpd_port_policy(struct fpd *d, struct fpd_bridge *br,
				uint32_t in_port);

/*
 * Tries to put rec's megaflow (key, mask, actions, ufid) in tc, as the
 * policy of its in_port says; br is its bridge (d->bridges_lock held for
 * reading; br->lock is taken here). true: it landed, rec->layer and
 * rec->tc say where. false: it belongs in the datapath's table, and
 * rec->why says why tc did not take it (NULL when the policy is kmod).
 * rec->policy is set either way.
 */
bool fpd_place_tc(struct fpd_placer *pl, struct fpd *d, struct fpd_bridge *br,
		  struct fpd_flow *rec);

/*
 * The same for many flows with one round trip to the kernel (handlers:
 * a batch's new megaflows). fpd_place_tc_queue() prepares rec's filter
 * into b (false, with rec->why, when tc cannot take it: it belongs in
 * the datapath), under the same locks as fpd_place_tc(); the records it
 * queued must stay put until fpd_place_tc_commit(), which installs them
 * all and tells each record where it landed (rec->layer != KMOD) or why
 * not. b->n = 0 starts a batch.
 */
#define FPD_TC_BATCH_MAX 64

struct fpd_tc_batch {
	size_t n;
	struct fpd_flow *recs[FPD_TC_BATCH_MAX];
	struct tc_flower fs[FPD_TC_BATCH_MAX];
	struct tc_put_result res[FPD_TC_BATCH_MAX];
};

bool fpd_place_tc_queue(struct fpd_placer *pl, struct fpd *d,
			struct fpd_bridge *br, struct fpd_flow *rec,
			struct fpd_tc_batch *b);
void fpd_place_tc_commit(struct fpd_placer *pl, struct fpd_tc_batch *b);

/*
 * Deletes the filter at loc; its last counters in *last when not NULL
 * (read just before). 0, -ENOENT when it was gone, or -errno with the
 * reason in pl->tc.error.
 */
int fpd_place_tc_del(struct fpd_placer *pl, const struct fpd_tc_loc *loc,
		     struct fpd_counts *last);

/*
 * For adoption (br->lock held for reading): the datapath port of device
 * ifindex in br; and whether filter f has the actions tc would get for
 * rec's datapath actions now.
 */
bool fpd_place_port_of(struct fpd_bridge *br, int ifindex, uint32_t *odp_port);
bool fpd_place_same_acts(struct fpd_bridge *br, const struct fpd_flow *rec,
			 const struct tc_flower *f);

/*
 * Deletes the tc filters of datapath dp_ifindex's flows (its bridge is
 * going: a filter left behind would go on forwarding). Returns how many.
 */
size_t fpd_place_forget_dp(struct fpd *d, int dp_ifindex);

/* tc counts bytes from the IP header on; the datapath from Ethernet's. */
#define FPD_TC_L2_BYTES 14

#endif
