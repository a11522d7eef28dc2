// SPDX-License-Identifier: GPL-2.0
/*
 * Action lists from userspace (OVS_FLOW_ATTR_ACTIONS, OVS_PACKET_ATTR_ACTIONS):
 * validation against the flow key, compilation into struct fp_act entries
 * for the packet path, and the copy of the list that replies give back.
 *
 * The rules are openvswitch.ko's, so that a list one module refuses the
 * other refuses with the same errno: lengths per action type, an output
 * port below 65535, a userspace action with a non-zero pid, a pushed VLAN
 * tag with an 802.1Q/802.1ad TPID and the CFI bit, a drop only last, lists
 * nested at most FP_ACTIONS_MAX_DEPTH deep (EOVERFLOW). Actions the
 * reference takes but this datapath cannot run (conntrack, MPLS, NSH,
 * meters, check_pkt_len, dec_ttl, psample) are refused with EOPNOTSUPP once
 * the reference's own checks pass, so EINVAL still means "invalid".
 * Process context only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/slab.h>
#include <net/mpls.h>

#include "actions_priv.h"
#include "flow_key.h"

/* dpctl's names, for messages. */
static const char *const fp_action_names[FP_ACTION_ATTR_MAX + 1] = {
	[OVS_ACTION_ATTR_UNSPEC] = "type 0",
	[OVS_ACTION_ATTR_OUTPUT] = "output",
	[OVS_ACTION_ATTR_USERSPACE] = "userspace",
	[OVS_ACTION_ATTR_SET] = "set",
	[OVS_ACTION_ATTR_PUSH_VLAN] = "push_vlan",
	[OVS_ACTION_ATTR_POP_VLAN] = "pop_vlan",
	[OVS_ACTION_ATTR_SAMPLE] = "sample",
	[OVS_ACTION_ATTR_RECIRC] = "recirc",
	[OVS_ACTION_ATTR_HASH] = "hash",
	[OVS_ACTION_ATTR_PUSH_MPLS] = "push_mpls",
	[OVS_ACTION_ATTR_POP_MPLS] = "pop_mpls",
	[OVS_ACTION_ATTR_SET_MASKED] = "set_masked",
	[OVS_ACTION_ATTR_CT] = "ct",
	[OVS_ACTION_ATTR_TRUNC] = "trunc",
	[OVS_ACTION_ATTR_PUSH_ETH] = "push_eth",
	[OVS_ACTION_ATTR_POP_ETH] = "pop_eth",
	[OVS_ACTION_ATTR_CT_CLEAR] = "ct_clear",
	[OVS_ACTION_ATTR_PUSH_NSH] = "push_nsh",
	[OVS_ACTION_ATTR_POP_NSH] = "pop_nsh",
	[OVS_ACTION_ATTR_METER] = "meter",
	[OVS_ACTION_ATTR_CLONE] = "clone",
	[OVS_ACTION_ATTR_CHECK_PKT_LEN] = "check_pkt_len",
	[OVS_ACTION_ATTR_ADD_MPLS] = "add_mpls",
	[OVS_ACTION_ATTR_DEC_TTL] = "dec_ttl",
	[FP_ACTION_ATTR_DROP] = "drop",
	[FP_ACTION_ATTR_PSAMPLE] = "psample",
};

/* Argument length per action type; -1: variable (checked by its parser). */
static const int fp_action_lens[FP_ACTION_ATTR_MAX + 1] = {
	[OVS_ACTION_ATTR_OUTPUT] = sizeof(u32),
	[OVS_ACTION_ATTR_USERSPACE] = -1,
	[OVS_ACTION_ATTR_SET] = -1,
	[OVS_ACTION_ATTR_PUSH_VLAN] = sizeof(struct ovs_action_push_vlan),
	[OVS_ACTION_ATTR_SAMPLE] = -1,
	[OVS_ACTION_ATTR_RECIRC] = sizeof(u32),
	[OVS_ACTION_ATTR_HASH] = sizeof(struct ovs_action_hash),
	[OVS_ACTION_ATTR_PUSH_MPLS] = sizeof(struct ovs_action_push_mpls),
	[OVS_ACTION_ATTR_POP_MPLS] = sizeof(__be16),
	[OVS_ACTION_ATTR_SET_MASKED] = -1,
	[OVS_ACTION_ATTR_CT] = -1,
	[OVS_ACTION_ATTR_TRUNC] = sizeof(struct ovs_action_trunc),
	[OVS_ACTION_ATTR_PUSH_ETH] = sizeof(struct ovs_action_push_eth),
	[OVS_ACTION_ATTR_PUSH_NSH] = -1,
	[OVS_ACTION_ATTR_METER] = sizeof(u32),
	[OVS_ACTION_ATTR_CLONE] = -1,
	[OVS_ACTION_ATTR_CHECK_PKT_LEN] = -1,
	[OVS_ACTION_ATTR_ADD_MPLS] = sizeof(struct ovs_action_add_mpls),
	[OVS_ACTION_ATTR_DEC_TTL] = -1,
	[FP_ACTION_ATTR_DROP] = sizeof(u32),
	[FP_ACTION_ATTR_PSAMPLE] = -1,
};

/*
 * What the list has done to the frame's L2 so far, as the reference
 * tracks it: a pushed tag counts for later checks, EtherType changes only
 * through MPLS (which we refuse), so it stays the key's.
 */
struct fp_acts_l2 {
	__be16 eth_type;
	__be16 vlan_tci;
};

static int fp_acts_parse_list(struct fp_acts_builder *b,
			      const struct nlattr *list, u32 depth,
			      struct fp_acts_l2 l2);

/* The first walk only counts: entries are written to a scratch one. */
static struct fp_act *fp_acts_at(struct fp_acts_builder *b, u32 idx)
{
	return b->ops ? &b->ops[idx] : &b->scratch;
}

struct fp_act *fp_acts_add(struct fp_acts_builder *b, enum fp_act_kind kind)
{
	struct fp_act *act = fp_acts_at(b, b->n_ops++);

	memset(act, 0, sizeof(*act));
	act->kind = kind;
	return act;
}

/* Appends an attribute of @len bytes to the reply copy; its offset. */
u32 fp_canon_put(struct fp_acts_builder *b, u16 type,
			const void *data, u32 len)
{
	u32 off = b->canon_len;

	if (b->canon) {
		struct nlattr *nla = (struct nlattr *)(b->canon + off);

		nla->nla_type = type;
		nla->nla_len = nla_attr_size(len);
		if (data)
			memcpy(nla_data(nla), data, len);
		memset((u8 *)nla_data(nla) + len, 0, nla_padlen(len));
	}
	b->canon_len += nla_total_size(len);
	return off;
}

void fp_canon_nest_end(struct fp_acts_builder *b, u32 start)
{
	if (b->canon)
		((struct nlattr *)(b->canon + start))->nla_len =
			b->canon_len - start;
}

/* Copies @a with its type stripped of NLA_F_* bits, as the reference. */
static u32 fp_canon_copy(struct fp_acts_builder *b, const struct nlattr *a)
{
	return fp_canon_put(b, nla_type(a), nla_data(a), nla_len(a));
}

static int fp_acts_unsupported(struct fp_acts_builder *b,
			       const struct nlattr *a)
{
	FP_ACT_ERR(b, a, "this action is not supported by flowpath",
		   "action %s is not supported by this datapath",
		   fp_action_names[nla_type(a)]);
	return -EOPNOTSUPP;
}

static const struct nla_policy fp_userspace_policy[OVS_USERSPACE_ATTR_MAX + 1] = {
	[OVS_USERSPACE_ATTR_PID] = { .type = NLA_U32 },
	[OVS_USERSPACE_ATTR_USERDATA] = { .type = NLA_UNSPEC },
	[OVS_USERSPACE_ATTR_EGRESS_TUN_PORT] = { .type = NLA_U32 },
};

/*
 * USERSPACE: parsed as liberally as the reference (unknown attributes
 * skipped). EGRESS_TUN_PORT is accepted and has no effect: it only ever
 * yields tunnel metadata for a tunnel port, and this datapath has none -
 * which is also what openvswitch.ko does for a port that is not a tunnel.
 */
static int fp_acts_parse_userspace(struct fp_acts_builder *b,
				   const struct nlattr *a)
{
	struct nlattr *tb[OVS_USERSPACE_ATTR_MAX + 1];
	struct fp_act *act;
	u32 off;
	int err;

	err = nla_parse_nested_deprecated(tb, OVS_USERSPACE_ATTR_MAX, a,
					  fp_userspace_policy, b->extack);
	if (err)
		return err;
	if (!tb[OVS_USERSPACE_ATTR_PID] ||
	    !nla_get_u32(tb[OVS_USERSPACE_ATTR_PID])) {
		FP_ACT_ERR(b, a, "userspace action: needs a non-zero OVS_USERSPACE_ATTR_PID",
			   "action userspace: needs a non-zero OVS_USERSPACE_ATTR_PID");
		return -EINVAL;
	}
	act = fp_acts_add(b, FP_ACT_USERSPACE);
	act->user.pid = nla_get_u32(tb[OVS_USERSPACE_ATTR_PID]);
	act->user.with_actions = !!tb[OVS_USERSPACE_ATTR_ACTIONS];
	off = fp_canon_copy(b, a);
	if (tb[OVS_USERSPACE_ATTR_USERDATA])
		act->user.userdata_off = off + NLA_HDRLEN +
			((const u8 *)tb[OVS_USERSPACE_ATTR_USERDATA] -
			 (const u8 *)nla_data(a));
	return 0;
}

static int fp_acts_parse_push_vlan(struct fp_acts_builder *b,
				   const struct nlattr *a,
				   struct fp_acts_l2 *l2)
{
	const struct ovs_action_push_vlan *vlan = nla_data(a);

	if (!eth_type_vlan(vlan->vlan_tpid)) {
		FP_ACT_ERR(b, a, "push_vlan: the TPID must be 802.1Q or 802.1ad",
			   "action push_vlan: TPID %#06x is not 802.1Q or 802.1ad",
			   ntohs(vlan->vlan_tpid));
		return -EINVAL;
	}
	if (!(vlan->vlan_tci & htons(VLAN_CFI_MASK))) {
		FP_ACT_ERR(b, a, "push_vlan: the TCI must have the CFI bit (0x1000) set",
			   "action push_vlan: TCI %#06x lacks the CFI bit (0x1000)",
			   ntohs(vlan->vlan_tci));
		return -EINVAL;
	}
	fp_acts_add(b, FP_ACT_PUSH_VLAN)->vlan = *vlan;
	l2->vlan_tci = vlan->vlan_tci;
	return 0;
}

static int fp_acts_parse_hash(struct fp_acts_builder *b,
			      const struct nlattr *a)
{
	const struct ovs_action_hash *hash = nla_data(a);

	if (hash->hash_alg != OVS_HASH_ALG_L4 &&
	    hash->hash_alg != FP_HASH_ALG_SYM_L4) {
		FP_ACT_ERR(b, a, "hash: unknown hash algorithm",
			   "action hash: unknown algorithm %u", hash->hash_alg);
		return -EINVAL;
	}
	fp_acts_add(b, FP_ACT_HASH)->hash = *hash;
	return 0;
}

static int fp_acts_parse_trunc(struct fp_acts_builder *b,
			       const struct nlattr *a)
{
	const struct ovs_action_trunc *trunc = nla_data(a);

	if (trunc->max_len < ETH_HLEN) {
		FP_ACT_ERR(b, a, "trunc: cannot cut a frame below its Ethernet header",
			   "action trunc: max_len %u is below the Ethernet header",
			   trunc->max_len);
		return -EINVAL;
	}
	fp_acts_add(b, FP_ACT_TRUNC)->max_len = trunc->max_len;
	return 0;
}

static int fp_acts_parse_output(struct fp_acts_builder *b,
				const struct nlattr *a)
{
	u32 port = nla_get_u32(a);

	if (port >= USHRT_MAX) {
		FP_ACT_ERR(b, a, "output: port numbers are below 65535",
			   "action output: port %u is not below 65535", port);
		return -EINVAL;
	}
	fp_acts_add(b, FP_ACT_OUTPUT)->port = port;
	return 0;
}

/* Parses the nested list @list of container entry @idx into it. */
static int fp_acts_parse_inner(struct fp_acts_builder *b, u32 idx,
			       const struct nlattr *list, u32 depth,
			       struct fp_acts_l2 l2)
{
	u32 start = b->canon_len;
	struct fp_act *act;
	int err;

	err = fp_acts_parse_list(b, list, depth + 1, l2);
	if (err)
		return err;
	act = fp_acts_at(b, idx);
	act->n_inner = b->n_ops - idx - 1;
	act->inner_off = start;
	act->inner_len = b->canon_len - start;
	return 0;
}

/* CLONE: the nested list itself is the argument. */
static int fp_acts_parse_clone(struct fp_acts_builder *b,
			       const struct nlattr *a, u32 depth,
			       struct fp_acts_l2 l2)
{
	u32 idx = b->n_ops, start;
	int err;

	if (nla_len(a) && nla_len(a) < NLA_HDRLEN) {
		FP_ACT_ERR(b, a, "clone: the nested action list is malformed",
			   "action clone: %d bytes cannot hold an action",
			   nla_len(a));
		return -EINVAL;
	}
	fp_acts_add(b, FP_ACT_CLONE);
	start = fp_canon_put(b, OVS_ACTION_ATTR_CLONE, NULL, 0);
	err = fp_acts_parse_inner(b, idx, a, depth, l2);
	fp_canon_nest_end(b, start);
	return err;
}

/* SAMPLE's nested attributes, checked as strictly as the reference does. */
static int fp_acts_sample_attrs(struct fp_acts_builder *b,
				const struct nlattr *a,
				const struct nlattr **tb)
{
	const struct nlattr *nla;
	int rem;

	nla_for_each_nested(nla, a, rem) {
		int type = nla_type(nla);

		if (!type || type > OVS_SAMPLE_ATTR_MAX || tb[type]) {
			FP_ACT_ERR(b, nla, "sample: unknown or repeated attribute",
				   "action sample: attribute %d unknown or repeated",
				   type);
			return -EINVAL;
		}
		tb[type] = nla;
	}
	if (rem) {
		FP_ACT_ERR(b, a, "sample: trailing bytes after its attributes",
			   "action sample: %d trailing bytes", rem);
		return -EINVAL;
	}
	return 0;
}

static int fp_acts_parse_sample(struct fp_acts_builder *b,
				const struct nlattr *a, u32 depth,
				struct fp_acts_l2 l2)
{
	const struct nlattr *tb[OVS_SAMPLE_ATTR_MAX + 1] = {};
	const struct nlattr *prob, *list;
	u32 idx = b->n_ops, outer, inner;
	int err;

	err = fp_acts_sample_attrs(b, a, tb);
	if (err)
		return err;
	prob = tb[OVS_SAMPLE_ATTR_PROBABILITY];
	list = tb[OVS_SAMPLE_ATTR_ACTIONS];
	if (!prob || nla_len(prob) != sizeof(u32)) {
		FP_ACT_ERR(b, a, "sample: needs a u32 OVS_SAMPLE_ATTR_PROBABILITY",
			   "action sample: needs a u32 OVS_SAMPLE_ATTR_PROBABILITY");
		return -EINVAL;
	}
	if (!list || (nla_len(list) && nla_len(list) < NLA_HDRLEN)) {
		FP_ACT_ERR(b, a, "sample: needs a list in OVS_SAMPLE_ATTR_ACTIONS",
			   "action sample: needs a list in OVS_SAMPLE_ATTR_ACTIONS");
		return -EINVAL;
	}
	fp_acts_add(b, FP_ACT_SAMPLE)->probability = nla_get_u32(prob);

	/* Replies put the probability first, as openvswitch.ko does. */
	outer = fp_canon_put(b, OVS_ACTION_ATTR_SAMPLE, NULL, 0);
	fp_canon_put(b, OVS_SAMPLE_ATTR_PROBABILITY, nla_data(prob),
		     sizeof(u32));
	inner = fp_canon_put(b, OVS_SAMPLE_ATTR_ACTIONS, NULL, 0);
	err = fp_acts_parse_inner(b, idx, list, depth, l2);
	fp_canon_nest_end(b, inner);
	fp_canon_nest_end(b, outer);
	return err;
}

static bool fp_acts_mpls_may_follow(__be16 eth_type)
{
	return eth_type == htons(ETH_P_IP) || eth_type == htons(ETH_P_IPV6) ||
	       eth_type == htons(ETH_P_ARP) || eth_type == htons(ETH_P_RARP) ||
	       eth_p_mpls(eth_type);
}

/*
 * MPLS, Ethernet push/pop and NSH pop: what the reference refuses as
 * invalid is EINVAL here too; what it would run we cannot (EOPNOTSUPP).
 * This datapath only carries Ethernet frames.
 */
static int fp_acts_parse_l2_change(struct fp_acts_builder *b,
				   const struct nlattr *a,
				   const struct fp_acts_l2 *l2)
{
	bool tagged = l2->vlan_tci & htons(VLAN_CFI_MASK);
	const struct ovs_action_push_mpls *push = nla_data(a);
	const struct ovs_action_add_mpls *add = nla_data(a);
	bool invalid;

	switch (nla_type(a)) {
	case OVS_ACTION_ATTR_PUSH_MPLS:
		invalid = !eth_p_mpls(push->mpls_ethertype) || tagged ||
			  !fp_acts_mpls_may_follow(l2->eth_type);
		break;
	case OVS_ACTION_ATTR_ADD_MPLS:
		invalid = !eth_p_mpls(add->mpls_ethertype) ||
			  ((add->tun_flags & OVS_MPLS_L3_TUNNEL_FLAG_MASK) &&
			   (tagged || !fp_acts_mpls_may_follow(l2->eth_type)));
		break;
	case OVS_ACTION_ATTR_POP_MPLS:
		invalid = tagged || !eth_p_mpls(l2->eth_type) ||
			  nla_get_be16(a) == htons(ETH_P_TEB);
		break;
	case OVS_ACTION_ATTR_PUSH_ETH:
		invalid = true;		/* the frame has one already */
		break;
	case OVS_ACTION_ATTR_POP_ETH:
		invalid = tagged;
		break;
	default:			/* POP_NSH */
		invalid = l2->eth_type != htons(ETH_P_NSH);
		break;
	}
	if (!invalid)
		return fp_acts_unsupported(b, a);
	FP_ACT_ERR(b, a, "this action does not apply to the frame at this point",
		   "action %s does not apply to this frame (tag/EtherType)",
		   fp_action_names[nla_type(a)]);
	return -EINVAL;
}

/*
 * psample: checked as the reference checks it (a nest with a u32 GROUP and
 * at most a 16-byte COOKIE) before it is refused as unsupported, so that a
 * malformed one is EINVAL on both modules. It matters beyond psample: Open
 * vSwitch 3.1 numbers its own userspace-only "drop" 25, which lands here,
 * malformed, and which openvswitch.ko refuses with EINVAL.
 */
static int fp_acts_parse_psample(struct fp_acts_builder *b,
				 const struct nlattr *a)
{
	static const struct nla_policy policy[FP_PSAMPLE_ATTR_MAX + 1] = {
		[FP_PSAMPLE_ATTR_GROUP] = { .type = NLA_U32 },
		[FP_PSAMPLE_ATTR_COOKIE] = { .type = NLA_BINARY,
					     .len = FP_PSAMPLE_COOKIE_MAX },
	};
	struct nlattr *tb[FP_PSAMPLE_ATTR_MAX + 1];
	int err;

	err = nla_parse_nested(tb, FP_PSAMPLE_ATTR_MAX, a, policy, NULL);
	if (err || !tb[FP_PSAMPLE_ATTR_GROUP]) {
		FP_ACT_ERR(b, a, "psample: a nest with a u32 group is needed",
			   "action psample: a nest with a u32 GROUP is needed");
		return -EINVAL;
	}
	return fp_acts_unsupported(b, a);
}

/* Actions whose argument is copied as is and compiled in one entry. */
static int fp_acts_parse_simple(struct fp_acts_builder *b,
				const struct nlattr *a, bool last,
				struct fp_acts_l2 *l2)
{
	switch (nla_type(a)) {
	case OVS_ACTION_ATTR_OUTPUT:
		return fp_acts_parse_output(b, a);
	case OVS_ACTION_ATTR_PUSH_VLAN:
		return fp_acts_parse_push_vlan(b, a, l2);
	case OVS_ACTION_ATTR_POP_VLAN:
		fp_acts_add(b, FP_ACT_POP_VLAN);
		l2->vlan_tci = 0;
		return 0;
	case OVS_ACTION_ATTR_RECIRC:
		fp_acts_add(b, FP_ACT_RECIRC)->recirc_id = nla_get_u32(a);
		return 0;
	case OVS_ACTION_ATTR_HASH:
		return fp_acts_parse_hash(b, a);
	case OVS_ACTION_ATTR_TRUNC:
		return fp_acts_parse_trunc(b, a);
	case FP_ACTION_ATTR_DROP:
		if (!last) {
			FP_ACT_ERR(b, a, "drop must be the last action of its list",
				   "action drop must be the last of its list");
			return -EINVAL;
		}
		fp_acts_add(b, FP_ACT_DROP);
		return 0;
	case OVS_ACTION_ATTR_PUSH_MPLS:
	case OVS_ACTION_ATTR_POP_MPLS:
	case OVS_ACTION_ATTR_ADD_MPLS:
	case OVS_ACTION_ATTR_PUSH_ETH:
	case OVS_ACTION_ATTR_POP_ETH:
	case OVS_ACTION_ATTR_POP_NSH:
		return fp_acts_parse_l2_change(b, a, l2);
	case OVS_ACTION_ATTR_CT:
	case OVS_ACTION_ATTR_CT_CLEAR:
	case OVS_ACTION_ATTR_PUSH_NSH:
	case OVS_ACTION_ATTR_METER:
	case OVS_ACTION_ATTR_CHECK_PKT_LEN:
	case OVS_ACTION_ATTR_DEC_TTL:
		return fp_acts_unsupported(b, a);
	case FP_ACTION_ATTR_PSAMPLE:
		return fp_acts_parse_psample(b, a);
	default:
		FP_ACT_ERR(b, a, "action type 0 is not an action",
			   "action type 0 is not an action");
		return -EINVAL;
	}
}

static int fp_acts_parse_one(struct fp_acts_builder *b, const struct nlattr *a,
			     bool last, u32 depth, struct fp_acts_l2 *l2)
{
	int type = nla_type(a);
	int err;

	if (type > FP_ACTION_ATTR_MAX) {
		FP_ACT_ERR(b, a, "unknown action type",
			   "unknown action type %d", type);
		return -EINVAL;
	}
	if (fp_action_lens[type] >= 0 && nla_len(a) != fp_action_lens[type]) {
		FP_ACT_ERR(b, a, "an action has the wrong argument length",
			   "action %s: argument of %d bytes, expected %d",
			   fp_action_names[type], nla_len(a),
			   fp_action_lens[type]);
		return -EINVAL;
	}
	switch (type) {
	case OVS_ACTION_ATTR_USERSPACE:
		return fp_acts_parse_userspace(b, a);
	case OVS_ACTION_ATTR_SET:
		return fp_acts_parse_set(b, a, l2->eth_type, false);
	case OVS_ACTION_ATTR_SET_MASKED:
		return fp_acts_parse_set(b, a, l2->eth_type, true);
	case OVS_ACTION_ATTR_CLONE:
		return fp_acts_parse_clone(b, a, depth, *l2);
	case OVS_ACTION_ATTR_SAMPLE:
		return fp_acts_parse_sample(b, a, depth, *l2);
	}
	err = fp_acts_parse_simple(b, a, last, l2);
	if (!err)
		fp_canon_copy(b, a);
	return err;
}

/*
 * One list, the payload of @list (the top-level nest, a clone, a sample's
 * OVS_SAMPLE_ATTR_ACTIONS). Marks its final entry "last".
 */
static int fp_acts_parse_list(struct fp_acts_builder *b,
			      const struct nlattr *list, u32 depth,
			      struct fp_acts_l2 l2)
{
	const struct nlattr *a;
	u32 last_idx = U32_MAX;
	int rem, err;

	if (depth > FP_ACTIONS_MAX_DEPTH) {
		FP_ACT_ERR(b, list, "actions nested too deep",
			   "action lists nested deeper than %d",
			   FP_ACTIONS_MAX_DEPTH);
		return -EOVERFLOW;
	}
	nla_for_each_nested(a, list, rem) {
		last_idx = b->n_ops;
		err = fp_acts_parse_one(b, a, nla_is_last(a, rem), depth, &l2);
		if (err)
			return err;
	}
	if (rem > 0) {
		FP_ACT_ERR(b, list, "trailing bytes after the last action",
			   "%d trailing bytes after the last action", rem);
		return -EINVAL;
	}
	if (last_idx != U32_MAX)
		fp_acts_at(b, last_idx)->last = true;
	return 0;
}

static size_t fp_actions_alloc_size(u32 canon_len, u32 n_ops)
{
	return sizeof(struct fp_actions) + ALIGN(canon_len, 8) +
	       (size_t)n_ops * sizeof(struct fp_act);
}

/**
 * fp_actions_parse - validate and compile an action list
 * @net: the requester's namespace (unused for now: no action refers to
 *	namespace objects)
 * @attr: OVS_FLOW_ATTR_ACTIONS / OVS_PACKET_ATTR_ACTIONS
 * @key: the flow key (for a flow, the masked key) the actions will run on
 * @extack: why a list was refused
 *
 * Returns the compiled list (free with fp_actions_free*), or ERR_PTR:
 * -EINVAL, -EOVERFLOW, -EOPNOTSUPP, -ENOMEM. Process context.
 */
struct fp_actions *fp_actions_parse(struct net *net, const struct nlattr *attr,
				    const struct fp_flow_key *key,
				    struct netlink_ext_ack *extack)
{
	struct fp_acts_builder b = { .key = key, .extack = extack };
	struct fp_acts_l2 l2 = {
		.eth_type = key->eth.type,
		.vlan_tci = key->vlan.tci,
	};
	struct fp_actions *acts;
	int err;

	err = fp_acts_parse_list(&b, attr, 0, l2);
	if (err)
		return ERR_PTR(err);

	acts = kvzalloc(fp_actions_alloc_size(b.canon_len, b.n_ops),
			GFP_KERNEL);
	if (!acts)
		return ERR_PTR(-ENOMEM);
	acts->len = b.canon_len;
	acts->n_ops = b.n_ops;
	acts->ops = (struct fp_act *)((u8 *)acts->attrs +
				      ALIGN(b.canon_len, 8));

	/* The second walk writes what the first one counted. */
	b = (struct fp_acts_builder) {
		.ops = (struct fp_act *)acts->ops,
		.canon = (u8 *)acts->attrs,
		.key = key,
		.extack = extack,
	};
	err = fp_acts_parse_list(&b, attr, 0, l2);
	if (WARN_ON_ONCE(err || b.canon_len != acts->len ||
			 b.n_ops != acts->n_ops)) {
		kvfree(acts);
		return ERR_PTR(err ? err : -EINVAL);
	}
	return acts;
}

void fp_actions_free(struct fp_actions *acts)
{
	kvfree(acts);
}

static void fp_actions_free_cb(struct rcu_head *head)
{
	kvfree(container_of(head, struct fp_actions, rcu));
}

void fp_actions_free_rcu(struct fp_actions *acts)
{
	if (acts)
		call_rcu(&acts->rcu, fp_actions_free_cb);
}

size_t fp_actions_nlattr_size(const struct fp_actions *acts)
{
	return nla_total_size(acts->len);
}

/* The list as userspace gave it, nested in @attrtype (no NLA_F_NESTED). */
int fp_actions_to_nlattr(const struct fp_actions *acts, struct sk_buff *msg,
			 int attrtype)
{
	struct nlattr *nest = nla_nest_start_noflag(msg, attrtype);

	if (!nest)
		return -EMSGSIZE;
	if (acts->len && nla_append(msg, acts->len, acts->attrs)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}
