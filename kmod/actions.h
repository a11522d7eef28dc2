/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FP_ACTIONS_H
#define _FP_ACTIONS_H

#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <net/netlink.h>

struct fp_datapath;
struct fp_flow_key;

struct fp_act;

/*
 * struct fp_actions - a flow's (or an EXECUTE's) actions, validated once
 * when they arrive. The packet path runs @ops, a compiled form it walks
 * without re-checking; replies give back @attrs, the list as userspace
 * wrote it. Both live in this one allocation.
 * @rcu: frees it after the packet path's readers
 * @len: bytes of @attrs
 * @n_ops: entries of @ops
 * @ops: the compiled actions (actions_priv.h)
 * @attrs: the OVS_ACTION_ATTR_* stream in userspace's form, as
 *	openvswitch.ko gives it back (attribute types without NLA_F_* bits)
 */
struct fp_actions {
	struct rcu_head rcu;
	u32 len;
	u32 n_ops;
	const struct fp_act *ops;
	struct nlattr attrs[];
};

/*
 * Validates the OVS_FLOW_ATTR_ACTIONS / OVS_PACKET_ATTR_ACTIONS nest @attr
 * against the flow @key it will run on (a set of IPv4 fields needs an IPv4
 * flow, and so on, as openvswitch.ko checks). Returns the copy, or an
 * ERR_PTR with an extack message naming the action and the reason.
 * Process context, may sleep.
 */
struct fp_actions *fp_actions_parse(struct net *net, const struct nlattr *attr,
				    const struct fp_flow_key *key,
				    struct netlink_ext_ack *extack);
void fp_actions_free(struct fp_actions *acts);		/* now */
void fp_actions_free_rcu(struct fp_actions *acts);	/* after a grace period */

/* Upper bound of the bytes fp_actions_to_nlattr() adds, and the adding. */
size_t fp_actions_nlattr_size(const struct fp_actions *acts);
int fp_actions_to_nlattr(const struct fp_actions *acts, struct sk_buff *msg,
			 int attrtype);

/*
 * Runs @acts on @skb (data at the Ethernet header, @key extracted from
 * it). Consumes @skb whatever happens. Packet path: RCU read side, BH
 * disabled, never sleeps.
 */
int fp_actions_execute(struct fp_datapath *dp, struct sk_buff *skb,
		       struct fp_flow_key *key, const struct fp_actions *acts);

/* Per-CPU state of the packet path's action runs; module init and exit. */
int fp_actions_init(void);
void fp_actions_exit(void);

#endif /* _FP_ACTIONS_H */
