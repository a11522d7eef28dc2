/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FP_FLOW_TABLE_H
#define _FP_FLOW_TABLE_H

#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/types.h>

#include "flow_key.h"

struct fp_actions;

/*
 * The interface between the flow table (flow_table.c, flow_genl.c: the
 * ovs_flow family) and the packet path (datapath.c, actions.c). The table
 * owns struct fp_flow and its memory; the packet path only looks flows up
 * under RCU, reads their actions and credits their stats.
 */
struct fp_flow;
struct fp_flow_table;

/* Packet-path lookup; @n_mask_hit counts the masks tried (for
 * OVS_DP_ATTR_MEGAFLOW_STATS), @n_cache_hit whether the per-CPU mask cache
 * answered. @skb_hash may be 0 (no cache use). RCU read side. */
struct fp_flow *fp_flow_table_lookup(struct fp_flow_table *table,
				     const struct fp_flow_key *key,
				     u32 skb_hash, u32 *n_mask_hit,
				     u32 *n_cache_hit);

/* The actions the packet path runs (rcu_dereference'd; never NULL). */
const struct fp_actions *fp_flow_actions(const struct fp_flow *flow);

/* Credits one frame of @len bytes and its TCP flags (from the key) to
 * @flow, and sets its "used" time. Packet path. */
void fp_flow_stats_credit(struct fp_flow *flow, unsigned int len,
			  __be16 tcp_flags);

#endif /* _FP_FLOW_TABLE_H */
