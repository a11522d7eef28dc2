// SPDX-License-Identifier: GPL-2.0
/*
 * OVS_DP_CMD_*: the ovs_datapath family's requests.
 *
 * As with openvswitch.ko, NEW, DEL and SET answer through the datapath
 * multicast group; the requester gets its copy by setting NLM_F_ECHO.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "datapath.h"
#include "genl.h"
#include "vport.h"

static size_t fp_dp_reply_size(void)
{
	return NLMSG_ALIGN(sizeof(struct ovs_header)) +
	       nla_total_size(IFNAMSIZ) +			/* NAME */
	       nla_total_size_64bit(sizeof(struct ovs_dp_stats)) +
	       nla_total_size_64bit(sizeof(struct ovs_dp_megaflow_stats)) +
	       nla_total_size(sizeof(u32)) +			/* USER_FEATURES */
	       nla_total_size(sizeof(u32)) +			/* MASKS_CACHE_SIZE */
	       nla_total_size(sizeof(u32) * nr_cpu_ids);	/* PER_CPU_PIDS */
}

/*
 * The per-CPU ids, when per-CPU dispatch is on and userspace gave them;
 * as many as there are CPUs at most, like openvswitch.ko. fp_mutex held.
 */
static int fp_dp_put_cpu_pids(struct fp_datapath *dp, struct sk_buff *skb)
{
	const struct fp_upcall_pids *pids = fp_deref(dp->cpu_pids);

	if (!(dp->user_features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU) || !pids)
		return 0;
	return nla_put(skb, OVS_DP_ATTR_PER_CPU_PIDS,
		       min(pids->n, nr_cpu_ids) * sizeof(u32), pids->ids);
}

static struct sk_buff *fp_dp_reply_new(void)
{
	return genlmsg_new(fp_dp_reply_size(), GFP_KERNEL);
}

/* fp_mutex held. */
static int fp_dp_fill(struct fp_datapath *dp, struct sk_buff *skb, u32 portid,
		      u32 seq, u32 flags, u8 cmd)
{
	struct ovs_dp_megaflow_stats mega;
	struct ovs_dp_stats stats;
	struct ovs_header *hdr;
	char name[IFNAMSIZ];

	hdr = genlmsg_put(skb, portid, seq, &fp_dp_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	hdr->dp_ifindex = fp_dp_ifindex(dp);
	fp_dp_copy_name(dp, name);
	fp_dp_get_stats(dp, &stats, &mega);

	if (nla_put_string(skb, OVS_DP_ATTR_NAME, name) ||
	    nla_put_64bit(skb, OVS_DP_ATTR_STATS, sizeof(stats), &stats,
			  OVS_DP_ATTR_PAD) ||
	    nla_put_64bit(skb, OVS_DP_ATTR_MEGAFLOW_STATS, sizeof(mega), &mega,
			  OVS_DP_ATTR_PAD) ||
	    nla_put_u32(skb, OVS_DP_ATTR_USER_FEATURES, dp->user_features) ||
	    nla_put_u32(skb, OVS_DP_ATTR_MASKS_CACHE_SIZE,
			fp_dp_masks_cache_size(dp)) ||
	    fp_dp_put_cpu_pids(dp, skb)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The reply was sized for this: failing is our bug, not the request's. */
static void fp_dp_fill_reply(struct fp_datapath *dp, struct sk_buff *reply,
			     struct genl_info *info, u8 cmd)
{
	WARN_ON_ONCE(fp_dp_fill(dp, reply, info->snd_portid, info->snd_seq, 0,
				cmd));
}

/* The datapath a request names: OVS_DP_ATTR_NAME, else dp_ifindex. */
static struct fp_datapath *fp_dp_lookup(struct genl_info *info)
{
	struct nlattr *name = info->attrs[OVS_DP_ATTR_NAME];
	struct net *net = genl_info_net(info);
	struct fp_datapath *dp;

	if (name) {
		dp = fp_dp_find_by_name(net, nla_data(name));
		if (!dp)
			FP_SET_ERR_ATTR(info->extack, name,
					"no datapath of that name in this network namespace");
		return dp;
	}
	dp = fp_dp_find_by_ifindex(net, fp_genl_ovs_header(info)->dp_ifindex);
	if (!dp)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "ovs_header.dp_ifindex is not a datapath's in this network namespace (or give OVS_DP_ATTR_NAME)");
	return dp;
}

/*
 * OVS_DP_ATTR_USER_FEATURES, into @p if present. Open vSwitch probes
 * features by setting them and reading EOPNOTSUPP as "not there", so bits
 * we do not implement are refused, never silently accepted.
 */
static int fp_dp_parse_features(struct genl_info *info, struct fp_dp_params *p)
{
	struct nlattr *attr = info->attrs[OVS_DP_ATTR_USER_FEATURES];
	u32 unsupported;

	if (!attr)
		return 0;
	unsupported = nla_get_u32(attr) & ~FP_DP_FEATURES;
	if (unsupported) {
		FP_SET_ERR_MSG_FMT(info->extack,
				   "OVS_DP_ATTR_USER_FEATURES: only UNALIGNED, VPORT_PIDS and DISPATCH_UPCALL_PER_CPU are supported",
				   "OVS_DP_ATTR_USER_FEATURES: bits %#x unsupported",
				   unsupported);
		NL_SET_BAD_ATTR(info->extack, attr);
		return -EOPNOTSUPP;
	}
	p->has_features = true;
	p->user_features = nla_get_u32(attr);
	return 0;
}

/* OVS_DP_ATTR_PER_CPU_PIDS: an array of u32 Netlink port ids. */
static int fp_dp_parse_cpu_pids(struct genl_info *info, struct fp_dp_params *p)
{
	struct nlattr *attr = info->attrs[OVS_DP_ATTR_PER_CPU_PIDS];
	u32 n;

	if (!attr)
		return 0;
	if (nla_len(attr) % sizeof(u32)) {
		FP_SET_ERR_ATTR(info->extack, attr,
				"OVS_DP_ATTR_PER_CPU_PIDS must be an array of u32 Netlink port ids");
		return -EINVAL;
	}
	n = nla_len(attr) / sizeof(u32);
	p->cpu_pids = kmalloc(struct_size(p->cpu_pids, ids, n), GFP_KERNEL);
	if (!p->cpu_pids)
		return -ENOMEM;
	p->cpu_pids->n = n;
	nla_memcpy(p->cpu_pids->ids, attr, n * sizeof(u32));
	return 0;
}

/* What NEW and SET may both change. */
static int fp_dp_parse_change(struct genl_info *info, struct fp_dp_params *p)
{
	struct nlattr *cache = info->attrs[OVS_DP_ATTR_MASKS_CACHE_SIZE];
	int err;

	err = fp_dp_parse_features(info, p);
	if (err)
		return err;
	if (cache) {
		p->has_cache_size = true;
		p->cache_size = nla_get_u32(cache);
	}
	return fp_dp_parse_cpu_pids(info, p);
}

/*
 * OVS_DP_CMD_NEW: NAME required; UPCALL_PID (port 0's upcalls; absent
 * means none), USER_FEATURES, MASKS_CACHE_SIZE, PER_CPU_PIDS and IFINDEX
 * (of port 0's device) optional.
 */
static int fp_dp_parse_new(struct genl_info *info, struct fp_dp_params *p)
{
	struct nlattr **a = info->attrs;
	u32 upcall_pid = 0;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, OVS_DP_ATTR_NAME)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "OVS_DP_ATTR_NAME (the datapath's name) is required");
		return -EINVAL;
	}
	err = fp_genl_check_ifname(a[OVS_DP_ATTR_NAME], info->extack);
	if (err)
		return err;
	err = fp_dp_parse_change(info, p);
	if (err)
		return err;

	p->name = nla_data(a[OVS_DP_ATTR_NAME]);
	if (a[OVS_DP_ATTR_IFINDEX])
		p->ifindex = nla_get_s32(a[OVS_DP_ATTR_IFINDEX]);
	if (a[OVS_DP_ATTR_UPCALL_PID])
		upcall_pid = nla_get_u32(a[OVS_DP_ATTR_UPCALL_PID]);
	p->upcall_pids = fp_upcall_pids_single(upcall_pid);
	return p->upcall_pids ? 0 : -ENOMEM;
}

int fp_dp_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct fp_dp_params params = {};
	struct fp_datapath *dp;
	struct sk_buff *reply;
	int err;

	err = fp_dp_parse_new(info, &params);
	if (err)
		goto err_free_pids;
	reply = fp_dp_reply_new();
	if (!reply) {
		err = -ENOMEM;
		goto err_free_pids;
	}

	rtnl_lock();
	fp_lock();
	dp = fp_dp_create(genl_info_net(info), &params, info->extack);
	if (IS_ERR(dp)) {
		err = PTR_ERR(dp);
		goto err_unlock;
	}
	fp_dp_fill_reply(dp, reply, info, OVS_DP_CMD_NEW);
	fp_unlock();
	rtnl_unlock();
	kfree(params.cpu_pids);		/* not taken without per-CPU dispatch */

	genl_notify(&fp_dp_family, reply, info, FP_GENL_MCGRP, GFP_KERNEL);
	return 0;

err_unlock:
	fp_unlock();
	rtnl_unlock();
	nlmsg_free(reply);
err_free_pids:
	kfree(params.upcall_pids);
	kfree(params.cpu_pids);
	return err;
}

int fp_dp_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct fp_datapath *dp;
	struct sk_buff *reply;

	reply = fp_dp_reply_new();
	if (!reply)
		return -ENOMEM;

	rtnl_lock();
	fp_lock();
	dp = fp_dp_lookup(info);
	if (!dp) {
		fp_unlock();
		rtnl_unlock();
		nlmsg_free(reply);
		return -ENODEV;
	}
	fp_dp_fill_reply(dp, reply, info, OVS_DP_CMD_DEL);
	fp_dp_destroy(dp);
	fp_unlock();
	rtnl_unlock();

	genl_notify(&fp_dp_family, reply, info, FP_GENL_MCGRP, GFP_KERNEL);
	return 0;
}

int fp_dp_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct fp_datapath *dp;
	struct sk_buff *reply;

	reply = fp_dp_reply_new();
	if (!reply)
		return -ENOMEM;

	fp_lock();
	dp = fp_dp_lookup(info);
	if (!dp) {
		fp_unlock();
		nlmsg_free(reply);
		return -ENODEV;
	}
	fp_dp_fill_reply(dp, reply, info, OVS_DP_CMD_GET);
	fp_unlock();
	return genlmsg_reply(reply, info);
}

/*
 * OVS_DP_CMD_SET changes USER_FEATURES, MASKS_CACHE_SIZE, PER_CPU_PIDS.
 * UPCALL_PID is ignored, as by openvswitch.ko: port 0's upcall ids are
 * changed with OVS_VPORT_CMD_SET. Features absent are kept (openvswitch.ko
 * clears them).
 */
int fp_dp_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct fp_dp_params params = {};
	struct fp_datapath *dp;
	struct sk_buff *reply;
	int err;

	err = fp_dp_parse_change(info, &params);
	if (err)
		goto out;
	reply = fp_dp_reply_new();
	if (!reply) {
		err = -ENOMEM;
		goto out;
	}

	fp_lock();
	dp = fp_dp_lookup(info);
	err = dp ? fp_dp_change(dp, &params, info->extack) : -ENODEV;
	if (err) {
		fp_unlock();
		nlmsg_free(reply);
		goto out;
	}
	fp_dp_fill_reply(dp, reply, info, OVS_DP_CMD_SET);
	fp_unlock();

	genl_notify(&fp_dp_family, reply, info, FP_GENL_MCGRP, GFP_KERNEL);
out:
	kfree(params.cpu_pids);
	return err;
}

/* Every datapath of the requester's namespace; cb->args[0] = how many sent. */
int fp_dp_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	long done = cb->args[0], i = 0;
	struct fp_datapath *dp;

	fp_lock();
	list_for_each_entry(dp, fp_dp_list(net), node) {
		if (i >= done &&
		    fp_dp_fill(dp, skb, NETLINK_CB(cb->skb).portid,
			       cb->nlh->nlmsg_seq, NLM_F_MULTI, OVS_DP_CMD_GET))
			break;
		i++;
	}
	fp_unlock();

	cb->args[0] = i;
	return skb->len;
}
