/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compiled form of an action list, shared by its parser
 * (actions_parse.c, actions_set_parse.c) and its runner (actions_exec.c,
 * actions_set.c). Nothing outside the actions files looks inside.
 */
#ifndef _FP_ACTIONS_PRIV_H
#define _FP_ACTIONS_PRIV_H

#include <linux/openvswitch.h>
#include <linux/types.h>
#include <net/netlink.h>

#include "actions.h"
#include "compat.h"
#include "genl.h"

struct fp_flow_key;

/*
 * Nesting of action lists (clone, sample) the parser accepts: as
 * openvswitch.ko, a list nested deeper than this is refused with EOVERFLOW.
 */
#define FP_ACTIONS_MAX_DEPTH	16

/* What a compiled action does. */
enum fp_act_kind {
	FP_ACT_OUTPUT,
	FP_ACT_USERSPACE,
	FP_ACT_SET,		/* SET and SET_MASKED alike */
	FP_ACT_PUSH_VLAN,
	FP_ACT_POP_VLAN,
	FP_ACT_SAMPLE,
	FP_ACT_CLONE,
	FP_ACT_RECIRC,
	FP_ACT_HASH,
	FP_ACT_TRUNC,
	FP_ACT_DROP,
};

/* The header a SET rewrites. */
enum fp_set_field {
	FP_SET_PRIORITY,
	FP_SET_SKB_MARK,
	FP_SET_ETHERNET,
	FP_SET_IPV4,
	FP_SET_IPV6,
	FP_SET_TCP,
	FP_SET_UDP,
	FP_SET_SCTP,
};

union fp_set_value {
	u32 u32;				/* priority, skb_mark */
	struct ovs_key_ethernet eth;
	struct ovs_key_ipv4 ipv4;
	struct ovs_key_ipv6 ipv6;
	struct ovs_key_tcp tcp;
	struct ovs_key_udp udp;
	struct ovs_key_sctp sctp;
};

/*
 * A rewrite: new = (old & ~mask) | (value & mask). A plain SET is stored
 * with the mask of every writable bit, as openvswitch.ko converts it.
 */
struct fp_act_set {
	enum fp_set_field field;
	union fp_set_value value;
	union fp_set_value mask;
};

/*
 * struct fp_act - one compiled action
 * @kind: what it does
 * @last: nothing follows it in its list, so it may consume the frame
 *	instead of working on a clone
 * @n_inner: CLONE, SAMPLE: the inner list is the @n_inner entries that
 *	follow this one (nested lists included)
 * @inner_off, @inner_len: CLONE, SAMPLE: where the inner list's attributes
 *	are in fp_actions.attrs (for a userspace action inside it that
 *	asks for the actions)
 * The union holds each kind's argument; USERSPACE's userdata is an offset
 * into fp_actions.attrs (0: none).
 */
struct fp_act {
	u8 kind;
	bool last;
	u32 n_inner;
	u32 inner_off;
	u32 inner_len;
	union {
		u32 port;
		u32 recirc_id;
		u32 max_len;
		struct ovs_action_hash hash;
		struct ovs_action_push_vlan vlan;
		u32 probability;
		struct {
			u32 pid;
			u32 userdata_off;
			bool with_actions;
		} user;
		struct fp_act_set set;
	};
};

/*
 * struct fp_acts_builder - the parser's state. The parser walks the
 * request twice with the same code: first with @ops and @canon NULL, to
 * validate and count, then into the allocation sized by the first walk.
 * The second walk cannot fail.
 */
struct fp_acts_builder {
	struct fp_act *ops;
	u32 n_ops;
	u8 *canon;
	u32 canon_len;
	const struct fp_flow_key *key;
	struct netlink_ext_ack *extack;
	struct fp_act scratch;		/* first walk: written, never read */
};

/* A refusal of @attr: errno stays with the caller. */
#define FP_ACT_ERR(b, attr, fallback, fmt, ...) do {			\
	FP_SET_ERR_MSG_FMT((b)->extack, fallback, fmt, ##__VA_ARGS__);	\
	NL_SET_BAD_ATTR((b)->extack, attr);				\
} while (0)

/* actions_parse.c */
struct fp_act *fp_acts_add(struct fp_acts_builder *b, enum fp_act_kind kind);
u32 fp_canon_put(struct fp_acts_builder *b, u16 type, const void *data,
		 u32 len);
void fp_canon_nest_end(struct fp_acts_builder *b, u32 start);

/* actions_set_parse.c: SET (@masked false) and SET_MASKED. */
int fp_acts_parse_set(struct fp_acts_builder *b, const struct nlattr *a,
		      __be16 eth_type, bool masked);

/* actions_exec.c: fp_actions_execute() with the MRU of an EXECUTE. */
int fp_actions_run(struct fp_datapath *dp, struct sk_buff *skb,
		   struct fp_flow_key *key, const struct fp_actions *acts,
		   u16 mru);

/* actions_set.c: applies @set to @skb and to @key. */
int fp_set_execute(struct sk_buff *skb, struct fp_flow_key *key,
		   const struct fp_act_set *set);

#endif /* _FP_ACTIONS_PRIV_H */
