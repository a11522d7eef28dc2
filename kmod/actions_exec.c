// SPDX-License-Identifier: GPL-2.0
/*
 * Running compiled action lists on frames. Packet path only: RCU read
 * side, BH disabled (so preemption too), never sleeping.
 *
 * DOC: Nesting and keys
 *
 * Every list run - a flow's or an EXECUTE's, a clone's or a sample's, the
 * lookup after a recirculation, a frame re-entering the datapath through
 * an internal port - takes one level of a per-CPU depth counter. Past
 * FP_EXEC_MAX_DEPTH the frame is dropped: that bounds the stack and breaks
 * recirculation or port loops. Each level owns one per-CPU key slot: a
 * nested list that is not the last action gets a copy of the key there,
 * so what it rewrites does not leak into the actions after it (a last one
 * may use the key in place, nothing follows). Unlike openvswitch.ko there
 * is no deferred-action queue: nothing is postponed, everything runs
 * depth-first.
 *
 * A frame's key is kept current through rewrites. Two changes it cannot
 * follow - a VLAN push onto a frame that already has an accelerated tag,
 * a pop that brings an inner tag up - mark it stale (as the reference
 * does); a recirculation then extracts it again from the frame.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/jhash.h>
#include <linux/llc.h>
#include <linux/percpu.h>
#include <linux/random.h>

#include "actions_priv.h"
#include "datapath.h"
#include "flow_key.h"
#include "upcall.h"
#include "vport.h"

/*
 * The deepest list the parser takes is FP_ACTIONS_MAX_DEPTH + 1 levels;
 * a few more allow recirculations and internal-port re-entries.
 */
#define FP_EXEC_MAX_DEPTH	(FP_ACTIONS_MAX_DEPTH + 5)

struct fp_exec_cpu {
	unsigned int depth;
	struct fp_flow_key keys[FP_EXEC_MAX_DEPTH];
};

static struct fp_exec_cpu __percpu *fp_exec_cpus;

/*
 * struct fp_exec - one list run
 * @dp: the datapath
 * @acts: the whole compiled list (its attrs hold userdata and lists)
 * @key: the frame's key
 * @cutlen: bytes the next output or upcall keeps (trunc); U32_MAX: all
 * @mru: maximum received fragment size EXECUTE gave, 0 if none
 * @key_stale: see DOC above
 */
struct fp_exec {
	struct fp_datapath *dp;
	const struct fp_actions *acts;
	struct fp_flow_key *key;
	u32 cutlen;
	u16 mru;
	bool key_stale;
};

static int fp_exec_list(struct fp_exec *x, struct sk_buff *skb,
			const struct fp_act *ops, u32 n_ops,
			const struct nlattr *attrs, u32 attrs_len);

/* Takes a level; returns its key slot, or NULL past the limit. */
static struct fp_flow_key *fp_exec_enter(void)
{
	struct fp_exec_cpu *cpu = this_cpu_ptr(fp_exec_cpus);
	unsigned int depth = ++cpu->depth;

	return depth <= FP_EXEC_MAX_DEPTH ? &cpu->keys[depth - 1] : NULL;
}

static void fp_exec_leave(void)
{
	this_cpu_dec(fp_exec_cpus->depth);
}

static void fp_exec_too_deep(struct fp_datapath *dp)
{
	char name[IFNAMSIZ];

	fp_dp_copy_name(dp, name);
	net_crit_ratelimited("%s: datapath %s: actions nested or recirculated more than %d deep, frame dropped (a loop?)\n",
			     KBUILD_MODNAME, name, FP_EXEC_MAX_DEPTH);
}

/* The EtherType at @off, or 0 if the frame ends before it. */
static __be16 fp_exec_type_at(const struct sk_buff *skb, unsigned int off)
{
	__be16 _type, *type = skb_header_pointer(skb, off, sizeof(_type), &_type);

	return type ? *type : 0;
}

/*
 * Offset of L3 and the EtherType the kernel's helpers expect in
 * skb->protocol, for a frame whose outer tag (if any) is accelerated: an
 * inner tag's TPID when one is in the frame (so skb_vlan_pop() finds it),
 * else the payload type, looked up in LLC/SNAP for 802.3 frames.
 */
static unsigned int fp_exec_l3(const struct sk_buff *skb, __be16 *proto)
{
	static const u8 snap[] = { LLC_SAP_SNAP, LLC_SAP_SNAP, 0x03, 0, 0, 0 };
	unsigned int off = 2 * ETH_ALEN;
	__be16 type = fp_exec_type_at(skb, off);
	u8 _llc[sizeof(snap)];
	const u8 *llc;

	if (eth_type_vlan(type)) {
		*proto = type;
		return off + VLAN_HLEN + sizeof(type);
	}
	*proto = type;
	if (eth_proto_is_802_3(type))
		return off + sizeof(type);
	*proto = htons(ETH_P_802_2);
	llc = skb_header_pointer(skb, off + sizeof(type), sizeof(_llc), _llc);
	if (!llc || memcmp(llc, snap, sizeof(snap)))
		return off + sizeof(type);
	*proto = fp_exec_type_at(skb, off + sizeof(type) + sizeof(snap));
	return off + 2 * sizeof(type) + sizeof(snap);
}

/*
 * Puts the frame in the shape the kernel's VLAN and checksum helpers
 * expect, as openvswitch.ko's key extraction leaves it: data and mac
 * header at the Ethernet header, an in-frame outer tag moved into the
 * accelerated tag, skb->protocol, network header and mac_len set.
 */
static int fp_exec_prepare(struct sk_buff *skb)
{
	unsigned int l3;
	__be16 proto;
	u16 tci;
	int err;

	skb_reset_mac_header(skb);
	if (!skb_vlan_tag_present(skb) && skb->len >= VLAN_ETH_HLEN &&
	    eth_type_vlan(fp_exec_type_at(skb, 2 * ETH_ALEN))) {
		proto = fp_exec_type_at(skb, 2 * ETH_ALEN);
		err = __skb_vlan_pop(skb, &tci);
		if (err)
			return err;
		__vlan_hwaccel_put_tag(skb, proto, tci);
	}
	l3 = fp_exec_l3(skb, &proto);
	skb->protocol = proto;
	skb_set_network_header(skb, min(l3, skb->len));
	skb_reset_mac_len(skb);
	return 0;
}

static void fp_exec_output(struct fp_exec *x, struct sk_buff *skb, u32 port)
{
	struct fp_vport *vport = fp_dp_port_lookup(x->dp, port);

	if (unlikely(!vport))
		goto drop;
	if (x->cutlen < skb->len && pskb_trim_rcsum(skb, x->cutlen))
		goto drop;
	/* No conntrack, no reassembly: frames over the MRU are not refragmented. */
	if (unlikely(x->mru && skb->len > x->mru + vport->dev->hard_header_len)) {
		net_warn_ratelimited("%s: %s: dropped a %u-byte frame over its MRU %u\n",
				     KBUILD_MODNAME, vport->dev->name, skb->len,
				     x->mru);
		goto drop;
	}
	fp_vport_send(vport, skb);
	return;
drop:
	kfree_skb(skb);
}

static void fp_exec_userspace(struct fp_exec *x, struct sk_buff *skb,
			      const struct fp_act *act,
			      const struct nlattr *attrs, u32 attrs_len)
{
	const u8 *base = (const u8 *)x->acts->attrs;
	struct fp_upcall_info info = {
		.cmd = OVS_PACKET_CMD_ACTION,
		.portid = fp_upcall_action_portid(x->dp, act->user.pid),
		.mru = x->mru,
		.cutlen = x->cutlen,
	};

	if (act->user.userdata_off)
		info.userdata = (const struct nlattr *)(base +
							act->user.userdata_off);
	if (act->user.with_actions) {
		info.actions = attrs;
		info.actions_len = attrs_len;
	}
	fp_upcall_action(x->dp, skb, x->key, &info);
}

static int fp_exec_push_vlan(struct fp_exec *x, struct sk_buff *skb,
			     const struct ovs_action_push_vlan *vlan)
{
	int err;

	if (skb_vlan_tag_present(skb)) {
		x->key_stale = true;
	} else {
		x->key->vlan.tpid = vlan->vlan_tpid;
		x->key->vlan.tci = vlan->vlan_tci;
	}
	err = skb_vlan_push(skb, vlan->vlan_tpid,
			    ntohs(vlan->vlan_tci) & ~VLAN_CFI_MASK);
	skb_reset_mac_len(skb);
	return err;
}

static int fp_exec_pop_vlan(struct fp_exec *x, struct sk_buff *skb)
{
	int err = skb_vlan_pop(skb);

	if (skb_vlan_tag_present(skb)) {
		x->key_stale = true;
	} else {
		x->key->vlan.tpid = 0;
		x->key->vlan.tci = 0;
	}
	return err;
}

static void fp_exec_hash(struct fp_exec *x, struct sk_buff *skb,
			 const struct ovs_action_hash *act)
{
	u32 hash = act->hash_alg == FP_HASH_ALG_SYM_L4 ?
		   __skb_get_hash_symmetric(skb) : skb_get_hash(skb);

	hash = jhash_1word(hash, act->hash_basis);
	x->key->dp_hash = hash ? hash : 1;
}

/*
 * Runs the list nested in @act (clone, sample) on @skb, or on a clone of
 * it if actions follow. Consumes what it runs on.
 */
static int fp_exec_nested(struct fp_exec *x, struct sk_buff *skb,
			  const struct fp_act *act)
{
	struct fp_exec inner = *x;
	struct fp_flow_key *slot;
	int err;

	if (!act->last) {
		skb = skb_clone(skb, GFP_ATOMIC);
		if (!skb)
			return 0;	/* as openvswitch.ko: skip it */
	}
	slot = fp_exec_enter();
	if (unlikely(!slot)) {
		fp_exec_too_deep(x->dp);
		kfree_skb(skb);
		err = -ENETDOWN;
		goto out;
	}
	if (!act->last) {
		*slot = *x->key;
		inner.key = slot;
	}
	err = fp_exec_list(&inner, skb, act + 1, act->n_inner,
			   (const void *)((const u8 *)x->acts->attrs +
					  act->inner_off),
			   act->inner_len);
out:
	fp_exec_leave();
	return err;
}

static int fp_exec_sample(struct fp_exec *x, struct sk_buff *skb,
			  const struct fp_act *act)
{
	if (act->probability != U32_MAX &&
	    (!act->probability || get_random_u32() > act->probability)) {
		if (act->last)
			consume_skb(skb);
		return 0;
	}
	return fp_exec_nested(x, skb, act);
}

/* The key again from the frame, metadata kept. */
static int fp_exec_refresh_key(struct fp_exec *x, struct sk_buff *skb)
{
	struct fp_flow_key *key = x->key;
	u32 priority = key->priority, mark = key->skb_mark;
	u32 recirc_id = key->recirc_id, dp_hash = key->dp_hash;
	int err;

	err = fp_flow_key_extract(skb, key->in_port, key);
	key->priority = priority;
	key->skb_mark = mark;
	key->recirc_id = recirc_id;
	key->dp_hash = dp_hash;
	if (!err)
		x->key_stale = false;
	return err;
}

/* Looks the frame (a clone if actions follow) up again with @recirc_id. */
static int fp_exec_recirc(struct fp_exec *x, struct sk_buff *skb,
			  const struct fp_act *act)
{
	struct fp_flow_key *slot;
	int err;

	if (x->key_stale) {
		err = fp_exec_refresh_key(x, skb);
		if (err) {
			if (act->last)
				kfree_skb(skb);
			return err;
		}
	}
	if (!act->last) {
		skb = skb_clone(skb, GFP_ATOMIC);
		if (!skb)
			return 0;
	}
	slot = fp_exec_enter();
	if (likely(slot)) {
		*slot = *x->key;
		slot->recirc_id = act->recirc_id;
		fp_dp_recirc(x->dp, skb, slot);
		err = 0;
	} else {
		fp_exec_too_deep(x->dp);
		kfree_skb(skb);
		err = -ENETDOWN;
	}
	fp_exec_leave();
	return err;
}

/*
 * Actions that leave the frame to the list: 0 to go on, or an error (the
 * frame is then dropped).
 */
static int fp_exec_in_place(struct fp_exec *x, struct sk_buff *skb,
			    const struct fp_act *act)
{
	switch (act->kind) {
	case FP_ACT_SET:
		return fp_set_execute(skb, x->key, &act->set);
	case FP_ACT_PUSH_VLAN:
		return fp_exec_push_vlan(x, skb, &act->vlan);
	case FP_ACT_POP_VLAN:
		return fp_exec_pop_vlan(x, skb);
	case FP_ACT_HASH:
		fp_exec_hash(x, skb, &act->hash);
		return 0;
	case FP_ACT_TRUNC:
		x->cutlen = act->max_len;
		return 0;
	}
	return 0;
}

/*
 * Runs one list on @skb and consumes it. Returns the first error of an
 * action that modifies the frame (the frame is then dropped), as
 * openvswitch.ko does; a failed output or upcall is not an error here.
 */
static int fp_exec_list(struct fp_exec *x, struct sk_buff *skb,
			const struct fp_act *ops, u32 n_ops,
			const struct nlattr *attrs, u32 attrs_len)
{
	const struct fp_act *act, *end = ops + n_ops;
	struct sk_buff *clone;
	int err = 0;

	for (act = ops; act < end; act += 1 + act->n_inner) {
		switch (act->kind) {
		case FP_ACT_OUTPUT:
			if (act->last) {
				fp_exec_output(x, skb, act->port);
				return 0;
			}
			clone = skb_clone(skb, GFP_ATOMIC);
			if (clone)
				fp_exec_output(x, clone, act->port);
			x->cutlen = U32_MAX;
			continue;
		case FP_ACT_USERSPACE:
			fp_exec_userspace(x, skb, act, attrs, attrs_len);
			x->cutlen = U32_MAX;
			if (act->last) {
				consume_skb(skb);
				return 0;
			}
			continue;
		case FP_ACT_SAMPLE:
			err = fp_exec_sample(x, skb, act);
			break;
		case FP_ACT_CLONE:
			err = fp_exec_nested(x, skb, act);
			break;
		case FP_ACT_RECIRC:
			err = fp_exec_recirc(x, skb, act);
			break;
		case FP_ACT_DROP:
			kfree_skb(skb);
			return 0;
		default:
			err = fp_exec_in_place(x, skb, act);
			if (unlikely(err)) {
				kfree_skb(skb);
				return err;
			}
			continue;
		}
		/*
		 * A nested run or a recirculation: last, it took the frame;
		 * else its failure drops the frame too, as in openvswitch.ko.
		 */
		if (act->last)
			return err;
		if (unlikely(err)) {
			kfree_skb(skb);
			return err;
		}
	}
	/* The list ended without sending the frame anywhere. */
	kfree_skb(skb);
	return 0;
}

int fp_actions_run(struct fp_datapath *dp, struct sk_buff *skb,
		   struct fp_flow_key *key, const struct fp_actions *acts,
		   u16 mru)
{
	struct fp_exec x = {
		.dp = dp,
		.acts = acts,
		.key = key,
		.cutlen = U32_MAX,
		.mru = mru,
	};
	int err;

	if (unlikely(!fp_exec_enter())) {
		fp_exec_too_deep(dp);
		kfree_skb(skb);
		err = -ENETDOWN;
		goto out;
	}
	err = fp_exec_prepare(skb);
	if (unlikely(err)) {
		kfree_skb(skb);
		goto out;
	}
	err = fp_exec_list(&x, skb, acts->ops, acts->n_ops, acts->attrs,
			   acts->len);
out:
	fp_exec_leave();
	return err;
}

/**
 * fp_actions_execute - run a flow's actions on a frame
 * @dp: the datapath the frame is in
 * @skb: the frame, data at the Ethernet header; consumed
 * @key: its key (updated by rewrites)
 * @acts: the flow's actions
 *
 * Returns 0 or the error of a rewrite that failed (the frame is dropped).
 * Packet path: RCU read side, BH disabled.
 */
int fp_actions_execute(struct fp_datapath *dp, struct sk_buff *skb,
		       struct fp_flow_key *key, const struct fp_actions *acts)
{
	return fp_actions_run(dp, skb, key, acts, 0);
}

int fp_actions_init(void)
{
	fp_exec_cpus = alloc_percpu(struct fp_exec_cpu);
	return fp_exec_cpus ? 0 : -ENOMEM;
}

void fp_actions_exit(void)
{
	free_percpu(fp_exec_cpus);
}
