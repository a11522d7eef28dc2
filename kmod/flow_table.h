/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FP_FLOW_TABLE_H
#define _FP_FLOW_TABLE_H

#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "flow_key.h"

struct fp_actions;

/*
 * The interface between the flow table (flow_table.c, flow_mask.c, flow.c,
 * flow_genl.c: the ovs_flow family) and the packet path (datapath.c,
 * actions.c). The table owns struct fp_flow and its memory; the packet path
 * only looks flows up under RCU, reads their actions and credits their
 * stats. The locking story is at the top of flow_table.c.
 */

/* OVS uses 128-bit flow ids; the uAPI allows any length from 1 to this. */
#define FP_UFID_MAX_LEN		16

/*
 * OVS_DP_ATTR_MASKS_CACHE_SIZE of a new datapath, as openvswitch.ko's
 * (fp_flow_table_set_cache_size() says what else is accepted).
 */
#define FP_MASK_CACHE_DEFAULT	256

/*
 * The largest: a per-CPU array of 8-byte entries as big as the smallest
 * per-CPU unit, openvswitch.ko's bound, enforced by the attribute policy
 * (ERANGE) as there.
 */
#define FP_MASK_CACHE_ENTRY_SIZE	8
#define FP_MASK_CACHE_MAX	(PCPU_MIN_UNIT_SIZE / FP_MASK_CACHE_ENTRY_SIZE)

/**
 * struct fp_flow_id - how userspace names a flow
 * @len: length of @ufid, 1 to FP_UFID_MAX_LEN; 0 when the flow is named by
 *	its unmasked key (ovs-dpctl sends no UFID)
 * @ufid: the UFID, zero-padded
 */
struct fp_flow_id {
	u32 len;
	u8 ufid[FP_UFID_MAX_LEN];
};

/**
 * struct fp_flow_mask - a megaflow mask shared by every flow that has it
 * @rcu: freed after the packet path's readers
 * @users: flows that use it (fp_mutex)
 * @start: first byte of the key the mask touches, rounded down to a long
 * @end: byte after the last one it touches, rounded up to a long
 * @key: the mask itself; zero outside [@start, @end)
 */
struct fp_flow_mask {
	struct rcu_head rcu;
	unsigned int users;
	u16 start;
	u16 end;
	struct fp_flow_key key;
};

/* A flow's counters on one CPU (or the shared ones): see flow.c. */
struct fp_flow_stats {
	spinlock_t lock;
	u64 packets;
	u64 bytes;
	unsigned long used;	/* jiffies of the last frame, 0 = never */
	__be16 tcp_flags;
};

/* A flow's membership of one of the table's hash tables (see flow_table.c). */
struct fp_hnode {
	struct hlist_node link[2];
	u32 hash;
};

/**
 * struct fp_flow - a datapath flow (megaflow)
 * @by_key: in the table's masked-key hash
 * @by_ufid: in the table's UFID hash (UFID flows only)
 * @mask: its mask (counted in @mask->users)
 * @id: how userspace names it
 * @unmasked: the key as given, for flows without a UFID (they are found by
 *	it); NULL for UFID flows
 * @acts: actions; replaced under fp_mutex, read under RCU
 * @rcu: freed after the packet path's readers
 * @key: the key with @mask applied: what frames are compared with
 * @shared_owner: the CPU that writes @shared without contention (the
 *	first to credit the flow), or -1 before any frame
 * @shared: the counters of @shared_owner, and of CPUs without their own
 * @stats: one entry per CPU (nr_cpu_ids), allocated on that CPU's first
 *	frame unless it owns @shared (see flow.c)
 */
struct fp_flow {
	struct fp_hnode by_key;
	struct fp_hnode by_ufid;
	struct fp_flow_mask *mask;
	struct fp_flow_id id;
	struct fp_flow_key *unmasked;
	struct fp_actions __rcu *acts;
	struct rcu_head rcu;
	struct fp_flow_key key;
	int shared_owner;
	struct fp_flow_stats shared;
	struct fp_flow_stats __rcu *stats[];
};

/* What flow_genl.c reports about a flow. */
struct fp_flow_stats_sum {
	u64 packets;
	u64 bytes;
	unsigned long used;	/* jiffies, 0 = never */
	__be16 tcp_flags;
};

struct fp_flow_table;

/* The megaflow counters of OVS_DP_ATTR_MEGAFLOW_STATS that the table keeps. */
struct fp_flow_table_info {
	u32 n_flows;
	u32 n_masks;
	u32 cache_size;
};

/*
 * Table life: process context; destroy frees every flow (no readers left
 * once the datapath's ports are gone, but frees go through RCU anyway).
 */
struct fp_flow_table *fp_flow_table_new(void);
void fp_flow_table_destroy(struct fp_flow_table *table);
void fp_flow_table_get_info(const struct fp_flow_table *table,
			    struct fp_flow_table_info *info);
int fp_flow_table_set_cache_size(struct fp_flow_table *table, u32 size,
				 struct netlink_ext_ack *extack);

/*
 * Packet-path lookup; @n_mask_hit counts the masks tried (for
 * OVS_DP_ATTR_MEGAFLOW_STATS), @n_cache_hit whether the per-CPU mask cache
 * answered. @skb_hash may be 0 (no cache use). RCU read side, BH off.
 */
struct fp_flow *fp_flow_table_lookup(struct fp_flow_table *table,
				     const struct fp_flow_key *key,
				     u32 skb_hash, u32 *n_mask_hit,
				     u32 *n_cache_hit);

/* Control side, fp_mutex held. */
struct fp_flow *fp_flow_table_find(struct fp_flow_table *table,
				   const struct fp_flow_key *key);
struct fp_flow *fp_flow_table_find_ufid(struct fp_flow_table *table,
					const struct fp_flow_id *id);
struct fp_flow *fp_flow_table_find_exact(struct fp_flow_table *table,
					 const struct fp_flow_key *unmasked);
int fp_flow_table_insert(struct fp_flow_table *table, struct fp_flow *flow,
			 const struct fp_flow_key *mask);
void fp_flow_table_remove(struct fp_flow_table *table, struct fp_flow *flow);
int fp_flow_table_flush(struct fp_flow_table *table);
struct fp_flow *fp_flow_table_dump_next(struct fp_flow_table *table,
					u32 *bucket, u32 *skip);

/*
 * Keys as arrays of longs: @dst = @src & @mask; whether @a and @b are
 * equal over the bytes @mask touches (its range, not bit by bit).
 */
void fp_flow_key_mask(struct fp_flow_key *dst, const struct fp_flow_key *src,
		      const struct fp_flow_key *mask);
bool fp_flow_key_equal_in(const struct fp_flow_key *a,
			  const struct fp_flow_key *b,
			  const struct fp_flow_key *mask);

/*
 * flow.c: the flow allocator (module init/exit), a flow's life (process
 * context) and its counters.
 */
int fp_flow_cache_init(void);
void fp_flow_cache_exit(void);
struct fp_flow *fp_flow_alloc(const struct fp_flow_id *id,
			      const struct fp_flow_key *unmasked);
void fp_flow_free(struct fp_flow *flow);	/* now, never published */
void fp_flow_free_rcu(struct fp_flow *flow);	/* after a grace period */
void fp_flow_stats_read(const struct fp_flow *flow,
			struct fp_flow_stats_sum *sum);
void fp_flow_stats_clear(struct fp_flow *flow);
bool fp_flow_id_is_ufid(const struct fp_flow_id *id);

/* The actions the packet path runs (rcu_dereference'd; never NULL). */
const struct fp_actions *fp_flow_actions(const struct fp_flow *flow);

/*
 * Credits one frame of @len bytes and its TCP flags (from the key) to
 * @flow, and sets its "used" time. Packet path.
 */
void fp_flow_stats_credit(struct fp_flow *flow, unsigned int len,
			  __be16 tcp_flags);

#endif /* _FP_FLOW_TABLE_H */
