/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's record of the megaflows it installed (or adopted): by UFID,
 * the masked key and mask, the datapath actions, the counters of the last
 * dump, when it was last used, and the generations it was translated
 * under. Handlers add to it, the revalidator updates and removes, fpctl
 * dump-flows reads it.
 *
 * Locking: the table is split in shards by UFID, each with its own mutex,
 * so handlers installing different flows rarely meet. Every function locks
 * what it needs; callbacks run with one shard locked and must not call
 * back into the table.
 */
#ifndef FPD_FLOW_TABLE_H
#define FPD_FLOW_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dp_flow.h"
#include "flow.h"
#include "policy.h"

/* Where a megaflow lives, fastest first. */
enum fpd_layer {
	FPD_LAYER_KMOD,		/* the kernel datapath's flow table */
	FPD_LAYER_TC,		/* a tc flower filter, in software */
	FPD_LAYER_HW,		/* a tc flower filter the NIC holds (in_hw) */
};

/* "kmod", "tc", "hw". */
const char *fpd_layer_name(enum fpd_layer l);

/* Where a tc filter is, to read or delete it. */
struct fpd_tc_loc {
	int ifindex;
	uint32_t chain;
	uint16_t prio;
	uint16_t protocol;	/* network order */
	uint32_t handle;
};

struct fpd_counts {
	uint64_t packets;
	uint64_t bytes;
};

struct fpd_flow {
	struct fp_ufid ufid;
	int dp_ifindex;
	struct fp_flow key;		/* already masked */
	struct fp_flow mask;		/* as the kernel holds it */
	uint8_t *actions;		/* OVS_ACTION_ATTR_* stream */
	size_t actions_len;

	/* Placement: the layer, and why not a faster one (NULL: none
	 * refused). why points to an interned string (fpd_why_intern). */
	enum fpd_layer layer;
	enum fpd_policy policy;		/* the in_port's, when placed */
	struct fpd_tc_loc tc;		/* TC, HW */
	const char *why;

	/*
	 * Counters as of the last dump, per layer (tc bytes counted as the
	 * datapath counts them: with the Ethernet header), and what the flow
	 * carried from layers it left. packets/bytes: their sum.
	 */
	struct fpd_counts kmod, tc_sw, tc_hw, carried;
	uint64_t packets;
	uint64_t bytes;
	int64_t created_ms;		/* CLOCK_MONOTONIC */
	int64_t used_ms;		/* last packet, or created_ms */
	int64_t learned_ms;		/* last MAC refresh from its traffic */

	/* Translated under these (bridge.h): stale once they moved. */
	uint64_t gen;
	bool used_macs;
	uint64_t mac_gen;

	uint64_t dump_seq;		/* the last dump that saw it */
	/*
	 * A handler's new record whose flow is not yet in its layer: a dump
	 * that misses it proves nothing, so the revalidator keeps it. Cleared,
	 * with created_ms moved to then, once the flow is in.
	 */
	bool placing;
};

/* packets and bytes from the per-layer counters. */
void fpd_flow_sum(struct fpd_flow *f);

/*
 * The one stored copy of a reason string, for records to point at: few
 * distinct reasons, many flows. NULL for NULL or "" (and out of memory).
 */
const char *fpd_why_intern(const char *why);

/*
 * The UFID of a megaflow: a hash of its datapath, masked key and mask.
 * The mask counts, unlike for fp_ufid_from_key(): two megaflows may share
 * a masked key under different masks, and must not share a UFID.
 */
void fpd_ufid_make(struct fp_ufid *u, int dp_ifindex,
		   const struct fp_flow *masked_key,
		   const struct fp_flow *mask);

struct fpd_flow_table *fpd_flow_table_create(void);
void fpd_flow_table_destroy(struct fpd_flow_table *t);

/*
 * Adds a copy of f (actions included). -EEXIST when its UFID is there
 * already (the existing record is kept), -ENOMEM.
 */
int fpd_flow_table_add(struct fpd_flow_table *t, const struct fpd_flow *f);

/* Removes the record of ufid; -ENOENT if none. */
int fpd_flow_table_del(struct fpd_flow_table *t, const struct fp_ufid *ufid);

/*
 * Calls fn on the record of ufid with its shard locked; fn may change
 * anything but the UFID. Returns fn's value, or -ENOENT.
 */
int fpd_flow_table_update(struct fpd_flow_table *t, const struct fp_ufid *ufid,
			  int (*fn)(struct fpd_flow *f, void *arg), void *arg);

/* Replaces a record's actions (a copy of them); -ENOENT, -ENOMEM. */
int fpd_flow_table_set_actions(struct fpd_flow_table *t,
			       const struct fp_ufid *ufid,
			       const void *actions, size_t len);

size_t fpd_flow_table_count(struct fpd_flow_table *t);

/*
 * Copies of the records of datapath dp_ifindex (every datapath when it is
 * 0) into a malloc'd array; the copies own their actions. NULL with *n 0
 * when there are none or memory ran out (*oom says which).
 */
struct fpd_flow *fpd_flow_table_snapshot(struct fpd_flow_table *t,
					 int dp_ifindex, size_t *n,
					 bool *oom);
void fpd_flow_snapshot_free(struct fpd_flow *flows, size_t n);

/*
 * Calls fn on every record, one shard locked at a time; a record for
 * which fn returns true is removed. fn must not call into the table.
 */
void fpd_flow_table_sweep(struct fpd_flow_table *t,
			  bool (*fn)(struct fpd_flow *f, void *arg), void *arg);

/* Removes every record of datapath dp_ifindex (its bridge is gone). */
size_t fpd_flow_table_del_dp(struct fpd_flow_table *t, int dp_ifindex);

#endif
