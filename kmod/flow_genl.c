// SPDX-License-Identifier: GPL-2.0
/*
 * OVS_FLOW_CMD_*: the ovs_flow family, with openvswitch.ko's semantics:
 *
 *  - NEW adds a flow, or - if a flow the key would hit exists and neither
 *    NLM_F_CREATE nor NLM_F_EXCL is set - replaces that flow's actions,
 *    provided it is the same flow (same UFID and key, or same unmasked key
 *    for flows without UFID): else ENOENT. With CREATE/EXCL an existing
 *    flow is EEXIST. (Generic netlink reads NLM_F_EXCL as a dump flag, so
 *    Open vSwitch sends NLM_F_CREATE to mean "exclusive".)
 *  - SET replaces actions (optional) and clears stats (CLEAR) of an
 *    existing flow, by UFID or exact key; ENOENT if there is none.
 *  - DEL removes one flow by UFID or exact key, or all of them (neither).
 *  - GET answers one flow; a dump answers all, each trimmed by UFID_FLAGS.
 *
 * NEW, SET and DEL answer through the flow multicast group (genl_notify),
 * and to the requester when it sets NLM_F_ECHO. Replies are allocated
 * before fp_mutex is taken, when anyone will read them, so the locked part
 * only fails on a refusal. PROBE is accepted: it asks the reference to
 * keep refusals out of the kernel log, and we log none.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "actions.h"
#include "compat.h"
#include "datapath.h"
#include "flow_key.h"
#include "flow_table.h"
#include "genl.h"

#define FP_UFID_FLAGS	(OVS_UFID_F_OMIT_KEY | OVS_UFID_F_OMIT_MASK | \
			 OVS_UFID_F_OMIT_ACTIONS)

/* A parsed request. */
struct fp_flow_req {
	struct fp_flow_key key;		/* as given */
	struct fp_flow_key mask;
	struct fp_flow_id id;		/* len 0: no UFID */
	u32 ufid_flags;
	bool has_key;
};

static int fp_flow_parse_ufid_flags(struct genl_info *info, u32 *flags)
{
	struct nlattr *attr = info->attrs[OVS_FLOW_ATTR_UFID_FLAGS];

	*flags = attr ? nla_get_u32(attr) : 0;
	if (*flags & ~FP_UFID_FLAGS) {
		FP_SET_ERR_ATTR(info->extack, attr,
				"OVS_FLOW_ATTR_UFID_FLAGS: only OMIT_KEY, OMIT_MASK and OMIT_ACTIONS exist");
		return -EINVAL;
	}
	return 0;
}

/*
 * UFID, UFID_FLAGS, and KEY (with MASK if @with_mask, else an exact
 * match of the attributes given). The policy bounded the UFID's length.
 */
static int fp_flow_parse(struct genl_info *info, bool with_mask,
			 struct fp_flow_req *req)
{
	struct nlattr **a = info->attrs;
	int err;

	memset(req, 0, sizeof(*req));
	if (a[OVS_FLOW_ATTR_UFID]) {
		req->id.len = nla_len(a[OVS_FLOW_ATTR_UFID]);
		memcpy(req->id.ufid, nla_data(a[OVS_FLOW_ATTR_UFID]),
		       req->id.len);
	}
	err = fp_flow_parse_ufid_flags(info, &req->ufid_flags);
	if (err || !a[OVS_FLOW_ATTR_KEY])
		return err;
	if (!with_mask && a[OVS_FLOW_ATTR_MASK]) {
		FP_SET_ERR_ATTR(info->extack, a[OVS_FLOW_ATTR_MASK],
				"OVS_FLOW_ATTR_MASK: only NEW and SET take a mask; a flow is named by its exact key");
		return -EINVAL;
	}
	req->has_key = true;
	return fp_flow_key_from_nlattr(a[OVS_FLOW_ATTR_KEY],
				       with_mask ? a[OVS_FLOW_ATTR_MASK] : NULL,
				       &req->key, &req->mask, info->extack);
}

/* The datapath a request names in ovs_header.dp_ifindex. fp_mutex held. */
static struct fp_datapath *fp_flow_dp(struct net *net,
				      const struct ovs_header *hdr,
				      struct netlink_ext_ack *extack)
{
	struct fp_datapath *dp = fp_dp_find_by_ifindex(net, hdr->dp_ifindex);

	if (!dp)
		NL_SET_ERR_MSG_MOD(extack,
				   "ovs_header.dp_ifindex is not a datapath's in this network namespace");
	return dp;
}

/* ---- replies ---- */

static size_t fp_flow_reply_size(const struct fp_actions *acts,
				 const struct fp_flow_id *id, u32 ufid_flags)
{
	size_t key = fp_flow_key_nlattr_size();
	size_t len = NLMSG_ALIGN(sizeof(struct ovs_header));

	/* UFID, or the unmasked key in its place. */
	len += fp_flow_id_is_ufid(id) ? nla_total_size(id->len) : key;
	if (fp_flow_id_is_ufid(id) && !(ufid_flags & OVS_UFID_F_OMIT_KEY))
		len += key;
	if (!(ufid_flags & OVS_UFID_F_OMIT_MASK))
		len += key;
	if (!(ufid_flags & OVS_UFID_F_OMIT_ACTIONS) && acts)
		len += fp_actions_nlattr_size(acts);
	return len + nla_total_size_64bit(sizeof(struct ovs_flow_stats)) +
	       nla_total_size(sizeof(u8)) +		/* TCP_FLAGS */
	       nla_total_size_64bit(sizeof(u64));	/* USED */
}

/*
 * A reply for a change, if anyone will read it: the requester (ECHO) or a
 * listener of the flow group. NULL when nobody will; ERR_PTR on no memory.
 */
static struct sk_buff *fp_flow_reply_new(const struct fp_actions *acts,
					 const struct fp_flow_id *id,
					 u32 ufid_flags, struct genl_info *info)
{
	struct sk_buff *reply;

	if (!(info->nlhdr->nlmsg_flags & NLM_F_ECHO) &&
	    !genl_has_listeners(&fp_flow_family, genl_info_net(info),
				FP_GENL_MCGRP))
		return NULL;
	reply = genlmsg_new(fp_flow_reply_size(acts, id, ufid_flags),
			    GFP_KERNEL);
	return reply ?: ERR_PTR(-ENOMEM);
}

/* Milliseconds of the monotonic clock at @used (jiffies), as the uAPI has. */
static u64 fp_flow_used_ms(unsigned long used)
{
	u64 now_ms = div_u64(ktime_get_ns(), NSEC_PER_MSEC);

	return now_ms - jiffies_to_msecs(jiffies - used);
}

/* USED, STATS and TCP_FLAGS, each only when there is something to say. */
static int fp_flow_put_stats(const struct fp_flow *flow, struct sk_buff *skb)
{
	struct ovs_flow_stats stats;
	struct fp_flow_stats_sum sum;
	u8 tcp_flags;

	fp_flow_stats_read(flow, &sum);
	stats.n_packets = sum.packets;
	stats.n_bytes = sum.bytes;
	tcp_flags = (u8)ntohs(sum.tcp_flags);

	if (sum.used &&
	    nla_put_u64_64bit(skb, OVS_FLOW_ATTR_USED,
			      fp_flow_used_ms(sum.used), OVS_FLOW_ATTR_PAD))
		return -EMSGSIZE;
	if (sum.packets &&
	    nla_put_64bit(skb, OVS_FLOW_ATTR_STATS, sizeof(stats), &stats,
			  OVS_FLOW_ATTR_PAD))
		return -EMSGSIZE;
	if (tcp_flags && nla_put_u8(skb, OVS_FLOW_ATTR_TCP_FLAGS, tcp_flags))
		return -EMSGSIZE;
	return 0;
}

/*
 * UFID, or the unmasked key for a flow without one; then the masked key
 * (UFID flows only) and the mask, as UFID_FLAGS allow.
 */
static int fp_flow_put_match(const struct fp_flow *flow, struct sk_buff *skb,
			     u32 ufid_flags)
{
	bool ufid = fp_flow_id_is_ufid(&flow->id);
	int err;

	if (ufid)
		err = nla_put(skb, OVS_FLOW_ATTR_UFID, flow->id.len,
			      flow->id.ufid);
	else
		err = fp_flow_key_to_nlattr(flow->unmasked, skb,
					    OVS_FLOW_ATTR_KEY);
	if (!err && ufid && !(ufid_flags & OVS_UFID_F_OMIT_KEY))
		err = fp_flow_key_to_nlattr(&flow->key, skb, OVS_FLOW_ATTR_KEY);
	if (!err && !(ufid_flags & OVS_UFID_F_OMIT_MASK))
		err = fp_flow_mask_to_nlattr(&flow->key, &flow->mask->key, skb,
					     OVS_FLOW_ATTR_MASK);
	return err;
}

/*
 * The actions, last. A flow whose actions do not fit beside what @skb
 * already holds goes into the next message of a dump (error); alone in a
 * message (@first) it is sent without them rather than never.
 */
static int fp_flow_put_actions(const struct fp_flow *flow, struct sk_buff *skb,
			       bool first)
{
	const struct fp_actions *acts = fp_deref(flow->acts);
	unsigned char *mark = skb_tail_pointer(skb);
	int err = fp_actions_to_nlattr(acts, skb, OVS_FLOW_ATTR_ACTIONS);

	if (!err)
		return 0;
	if (!first)
		return err;
	nlmsg_trim(skb, mark);
	return 0;
}

static int fp_flow_fill(const struct fp_flow *flow, int dp_ifindex,
			struct sk_buff *skb, u32 portid, u32 seq, u32 flags,
			u8 cmd, u32 ufid_flags)
{
	bool first = skb->len == 0;
	struct ovs_header *hdr;
	int err;

	hdr = genlmsg_put(skb, portid, seq, &fp_flow_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	hdr->dp_ifindex = dp_ifindex;

	err = fp_flow_put_match(flow, skb, ufid_flags);
	if (!err)
		err = fp_flow_put_stats(flow, skb);
	if (!err && !(ufid_flags & OVS_UFID_F_OMIT_ACTIONS))
		err = fp_flow_put_actions(flow, skb, first);
	if (err) {
		genlmsg_cancel(skb, hdr);
		return err;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* A reply sized for @flow: failing to fill it is our bug. */
static void fp_flow_fill_reply(const struct fp_flow *flow,
			       struct fp_datapath *dp, struct sk_buff *reply,
			       struct genl_info *info, u8 cmd, u32 ufid_flags)
{
	WARN_ON_ONCE(fp_flow_fill(flow, fp_dp_ifindex(dp), reply,
				  info->snd_portid, info->snd_seq, 0, cmd,
				  ufid_flags));
}

static void fp_flow_notify(struct sk_buff *reply, struct genl_info *info)
{
	if (reply)
		genl_notify(&fp_flow_family, reply, info, FP_GENL_MCGRP,
			    GFP_KERNEL);
}

/* ---- NEW ---- */

/*
 * Whether @flow is the one @req names: same masked key for a UFID flow,
 * same unmasked key for one without, compared over the bytes the request
 * matches.
 */
static bool fp_flow_is_named_by(const struct fp_flow *flow,
				const struct fp_flow_req *req)
{
	const struct fp_flow_key *mine = flow->unmasked ?: &flow->key;

	return fp_flow_key_equal_in(mine, &req->key, &req->mask);
}

/* NEW on an existing flow: new actions for it, if the request may. */
static struct fp_flow *fp_flow_new_existing(struct fp_datapath *dp,
					    struct fp_flow *flow,
					    const struct fp_flow_req *req,
					    struct genl_info *info)
{
	if (info->nlhdr->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a flow matching this key exists (NLM_F_CREATE/NLM_F_EXCL: not modifying it)");
		return ERR_PTR(-EEXIST);
	}
	if (fp_flow_is_named_by(flow, req))
		return flow;
	/* An overlapping flow; the one named by the key may exist too. */
	flow = fp_flow_id_is_ufid(&flow->id) ? NULL :
	       fp_flow_table_find_exact(dp->table, &req->key);
	if (!flow) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the key overlaps a different flow: remove it first, or give its exact key or UFID");
		return ERR_PTR(-ENOENT);
	}
	return flow;
}

/*
 * The locked part of NEW: insert @new, or give its actions to the flow it
 * names. Consumes @new (and, through it, its actions) on every path.
 */
static int fp_flow_new_locked(struct fp_datapath *dp, struct fp_flow *new,
			      const struct fp_flow_req *req,
			      struct sk_buff *reply, struct genl_info *info)
{
	struct fp_flow *flow = NULL;
	struct fp_actions *old;
	int err;

	if (fp_flow_id_is_ufid(&req->id))
		flow = fp_flow_table_find_ufid(dp->table, &req->id);
	if (!flow)
		flow = fp_flow_table_find(dp->table, &req->key);
	if (!flow) {
		err = fp_flow_table_insert(dp->table, new, &req->mask);
		if (err) {
			fp_flow_free(new);
			return err;
		}
		if (reply)
			fp_flow_fill_reply(new, dp, reply, info,
					   OVS_FLOW_CMD_NEW, req->ufid_flags);
		return 0;
	}

	flow = fp_flow_new_existing(dp, flow, req, info);
	if (IS_ERR(flow)) {
		fp_flow_free(new);
		return PTR_ERR(flow);
	}
	old = rcu_replace_pointer(flow->acts, fp_deref(new->acts),
				  fp_lockdep_held());
	RCU_INIT_POINTER(new->acts, NULL);
	fp_flow_free(new);
	if (reply)
		fp_flow_fill_reply(flow, dp, reply, info, OVS_FLOW_CMD_NEW,
				   req->ufid_flags);
	fp_actions_free_rcu(old);
	return 0;
}

/* A flow for @req with @acts from the request, not yet in any table. */
static struct fp_flow *fp_flow_build(const struct fp_flow_req *req,
				     struct genl_info *info)
{
	struct fp_actions *acts;
	struct fp_flow *flow;

	flow = fp_flow_alloc(&req->id, &req->key);
	if (!flow)
		return ERR_PTR(-ENOMEM);
	fp_flow_key_mask(&flow->key, &req->key, &req->mask);
	acts = fp_actions_parse(genl_info_net(info),
				info->attrs[OVS_FLOW_ATTR_ACTIONS], &flow->key,
				info->extack);
	if (IS_ERR(acts)) {
		fp_flow_free(flow);
		return ERR_CAST(acts);
	}
	RCU_INIT_POINTER(flow->acts, acts);
	return flow;
}

/* NEW needs a key and actions. */
static int fp_flow_new_check(struct genl_info *info)
{
	if (!info->attrs[OVS_FLOW_ATTR_KEY]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "OVS_FLOW_ATTR_KEY is required to add a flow");
		return -EINVAL;
	}
	if (!info->attrs[OVS_FLOW_ATTR_ACTIONS]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "OVS_FLOW_ATTR_ACTIONS is required to add a flow (an empty nest drops)");
		return -EINVAL;
	}
	return 0;
}

int fp_flow_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct fp_datapath *dp;
	struct fp_flow_req req;
	struct sk_buff *reply;
	struct fp_flow *flow;
	int err;

	err = fp_flow_new_check(info) ?: fp_flow_parse(info, true, &req);
	if (err)
		return err;
	flow = fp_flow_build(&req, info);
	if (IS_ERR(flow))
		return PTR_ERR(flow);
	reply = fp_flow_reply_new(fp_deref(flow->acts), &req.id,
				  req.ufid_flags, info);
	if (IS_ERR(reply)) {
		fp_flow_free(flow);
		return PTR_ERR(reply);
	}

	fp_lock();
	dp = fp_flow_dp(genl_info_net(info), fp_genl_ovs_header(info),
			info->extack);
	if (dp) {
		err = fp_flow_new_locked(dp, flow, &req, reply, info);
	} else {
		fp_flow_free(flow);
		err = -ENODEV;
	}
	fp_unlock();

	if (err) {
		nlmsg_free(reply);
		return err;
	}
	fp_flow_notify(reply, info);
	return 0;
}

/* ---- finding one flow (SET, GET, DEL) ---- */

/* The flow @req names: by UFID if it has one, else by exact key. */
static struct fp_flow *fp_flow_find_named(struct fp_datapath *dp,
					  const struct fp_flow_req *req,
					  struct netlink_ext_ack *extack)
{
	struct fp_flow *flow;

	if (fp_flow_id_is_ufid(&req->id))
		flow = fp_flow_table_find_ufid(dp->table, &req->id);
	else
		flow = fp_flow_table_find_exact(dp->table, &req->key);
	if (flow)
		return flow;
	if (fp_flow_id_is_ufid(&req->id))
		NL_SET_ERR_MSG_MOD(extack,
				   "no flow with this UFID in the datapath");
	else
		NL_SET_ERR_MSG_MOD(extack,
				   "no flow with exactly this key in the datapath (flows with a UFID are named by it)");
	return NULL;
}

/* Requests naming one flow need KEY or UFID. */
static int fp_flow_parse_named(struct genl_info *info, bool with_mask,
			       struct fp_flow_req *req, const char *what)
{
	int err = fp_flow_parse(info, with_mask, req);

	if (err)
		return err;
	if (!req->has_key && !fp_flow_id_is_ufid(&req->id)) {
		FP_SET_ERR_MSG_FMT(info->extack,
				   "OVS_FLOW_ATTR_KEY or OVS_FLOW_ATTR_UFID is required",
				   "%s needs OVS_FLOW_ATTR_KEY or OVS_FLOW_ATTR_UFID",
				   what);
		return -EINVAL;
	}
	return 0;
}

/* ---- SET ---- */

/* SET's new actions, checked against the masked key; NULL if none given. */
static struct fp_actions *fp_flow_set_actions(const struct fp_flow_req *req,
					      struct genl_info *info)
{
	struct nlattr *attr = info->attrs[OVS_FLOW_ATTR_ACTIONS];
	struct fp_flow_key masked;

	if (!attr)
		return NULL;
	if (!req->has_key) {
		FP_SET_ERR_ATTR(info->extack, attr,
				"OVS_FLOW_ATTR_ACTIONS: new actions are checked against the key: give OVS_FLOW_ATTR_KEY too");
		return ERR_PTR(-EINVAL);
	}
	fp_flow_key_mask(&masked, &req->key, &req->mask);
	return fp_actions_parse(genl_info_net(info), attr, &masked,
				info->extack);
}

/* The locked part of SET. On success @acts belongs to the flow. */
static int fp_flow_set_locked(struct fp_datapath *dp,
			      const struct fp_flow_req *req,
			      struct fp_actions *acts, struct sk_buff **reply,
			      struct genl_info *info)
{
	struct fp_actions *old = NULL;
	struct fp_flow *flow;

	flow = fp_flow_find_named(dp, req, info->extack);
	if (!flow)
		return -ENOENT;
	if (!*reply) {
		/* Without new actions the size was unknown until now. */
		*reply = fp_flow_reply_new(fp_deref(flow->acts), &flow->id,
					   req->ufid_flags, info);
		if (IS_ERR(*reply))
			return PTR_ERR(*reply);
	}
	if (acts)
		old = rcu_replace_pointer(flow->acts, acts, fp_lockdep_held());
	if (info->attrs[OVS_FLOW_ATTR_CLEAR])
		fp_flow_stats_clear(flow);
	if (*reply)
		fp_flow_fill_reply(flow, dp, *reply, info, OVS_FLOW_CMD_SET,
				   req->ufid_flags);
	if (old)
		fp_actions_free_rcu(old);
	return 0;
}

int fp_flow_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply = NULL;
	struct fp_actions *acts;
	struct fp_datapath *dp;
	struct fp_flow_req req;
	int err;

	err = fp_flow_parse_named(info, true, &req, "OVS_FLOW_CMD_SET");
	if (err)
		return err;
	acts = fp_flow_set_actions(&req, info);
	if (IS_ERR(acts))
		return PTR_ERR(acts);
	if (acts) {
		reply = fp_flow_reply_new(acts, &req.id, req.ufid_flags, info);
		if (IS_ERR(reply)) {
			fp_actions_free(acts);
			return PTR_ERR(reply);
		}
	}

	fp_lock();
	dp = fp_flow_dp(genl_info_net(info), fp_genl_ovs_header(info),
			info->extack);
	err = dp ? fp_flow_set_locked(dp, &req, acts, &reply, info) : -ENODEV;
	fp_unlock();

	if (err) {
		if (!IS_ERR_OR_NULL(reply))
			nlmsg_free(reply);
		if (acts)
			fp_actions_free(acts);
		return err;
	}
	fp_flow_notify(reply, info);
	return 0;
}

/* ---- GET ---- */

int fp_flow_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct fp_datapath *dp;
	struct sk_buff *reply;
	struct fp_flow_req req;
	struct fp_flow *flow;
	int err;

	err = fp_flow_parse_named(info, false, &req, "OVS_FLOW_CMD_GET");
	if (err)
		return err;

	fp_lock();
	dp = fp_flow_dp(genl_info_net(info), fp_genl_ovs_header(info),
			info->extack);
	if (!dp) {
		err = -ENODEV;
		goto err_unlock;
	}
	flow = fp_flow_find_named(dp, &req, info->extack);
	if (!flow) {
		err = -ENOENT;
		goto err_unlock;
	}
	reply = genlmsg_new(fp_flow_reply_size(fp_deref(flow->acts), &flow->id,
					       req.ufid_flags), GFP_KERNEL);
	if (!reply) {
		err = -ENOMEM;
		goto err_unlock;
	}
	fp_flow_fill_reply(flow, dp, reply, info, OVS_FLOW_CMD_GET,
			   req.ufid_flags);
	fp_unlock();
	return genlmsg_reply(reply, info);

err_unlock:
	fp_unlock();
	return err;
}

/* ---- DEL ---- */

/*
 * One flow out. Its reply (with its final stats) is filled before it
 * leaves the table, while its mask is certainly alive.
 */
static int fp_flow_del_one(struct fp_datapath *dp,
			   const struct fp_flow_req *req,
			   struct genl_info *info, struct sk_buff **reply)
{
	struct fp_flow *flow = fp_flow_find_named(dp, req, info->extack);

	if (!flow)
		return -ENOENT;
	*reply = fp_flow_reply_new(fp_deref(flow->acts), &flow->id,
				   req->ufid_flags, info);
	if (IS_ERR(*reply)) {
		/* The flow goes anyway; listeners learn they lost an event. */
		netlink_set_err(genl_info_net(info)->genl_sock, 0, 0,
				PTR_ERR(*reply));
		*reply = NULL;
	} else if (*reply) {
		fp_flow_fill_reply(flow, dp, *reply, info, OVS_FLOW_CMD_DEL,
				   req->ufid_flags);
	}
	fp_flow_table_remove(dp->table, flow);
	fp_flow_free_rcu(flow);
	return 0;
}

int fp_flow_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply = NULL;
	struct fp_datapath *dp;
	struct fp_flow_req req;
	int err;

	err = fp_flow_parse(info, false, &req);
	if (err)
		return err;

	fp_lock();
	dp = fp_flow_dp(genl_info_net(info), fp_genl_ovs_header(info),
			info->extack);
	if (!dp)
		err = -ENODEV;
	else if (!req.has_key && !fp_flow_id_is_ufid(&req.id))
		err = fp_flow_table_flush(dp->table);
	else
		err = fp_flow_del_one(dp, &req, info, &reply);
	fp_unlock();

	if (!err)
		fp_flow_notify(reply, info);
	return err;
}

/* ---- dump ---- */

/* UFID_FLAGS of a dump request (the core checked it is a u32). */
static u32 fp_flow_dump_ufid_flags(const struct netlink_callback *cb)
{
	const struct nlattr *attr;

	attr = nlmsg_find_attr(cb->nlh, GENL_HDRLEN + sizeof(struct ovs_header),
			       OVS_FLOW_ATTR_UFID_FLAGS);
	return attr ? nla_get_u32(attr) & FP_UFID_FLAGS : 0;
}

/*
 * A datapath's flows, as many per message as fit. cb->args[0] is the
 * bucket the dump is in, cb->args[1] how many flows of it were sent.
 */
int fp_flow_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct ovs_header *hdr = fp_genl_dump_ovs_header(cb);
	u32 ufid_flags = fp_flow_dump_ufid_flags(cb);
	struct fp_datapath *dp;
	struct fp_flow *flow;

	fp_lock();
	dp = fp_flow_dp(sock_net(skb->sk), hdr, cb->extack);
	if (!dp) {
		fp_unlock();
		return -ENODEV;
	}
	for (;;) {
		u32 bucket = cb->args[0], skip = cb->args[1];

		flow = fp_flow_table_dump_next(dp->table, &bucket, &skip);
		if (!flow ||
		    fp_flow_fill(flow, hdr->dp_ifindex, skb,
				 NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				 NLM_F_MULTI, OVS_FLOW_CMD_GET, ufid_flags))
			break;
		cb->args[0] = bucket;
		cb->args[1] = skip;
	}
	fp_unlock();
	return skb->len;
}
