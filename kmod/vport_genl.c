// SPDX-License-Identifier: GPL-2.0
/*
 * OVS_VPORT_CMD_*: the ovs_vport family's requests, and the notification
 * sent when an attached device disappears under a vport.
 *
 * As with openvswitch.ko, NEW, DEL and SET answer through the vport
 * multicast group; the requester gets its copy by setting NLM_F_ECHO.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "datapath.h"
#include "genl.h"
#include "vport.h"

static size_t fp_vport_reply_size(u32 n_upcall_pids)
{
	return NLMSG_ALIGN(sizeof(struct ovs_header)) +
	       nla_total_size(sizeof(u32)) +			/* PORT_NO */
	       nla_total_size(sizeof(u32)) +			/* TYPE */
	       nla_total_size(IFNAMSIZ) +			/* NAME */
	       nla_total_size(n_upcall_pids * sizeof(u32)) +	/* UPCALL_PID */
	       nla_total_size_64bit(sizeof(struct ovs_vport_stats)) +
	       nla_total_size(sizeof(u32));			/* IFINDEX */
}

static struct sk_buff *fp_vport_reply_new(u32 n_upcall_pids)
{
	return genlmsg_new(fp_vport_reply_size(n_upcall_pids), GFP_KERNEL);
}

/* A reply for @vport as it is now. fp_mutex held. */
static struct sk_buff *fp_vport_reply_for(const struct fp_vport *vport)
{
	return fp_vport_reply_new(fp_vport_upcall_pids(vport)->n);
}

/* fp_mutex held. */
static int fp_vport_fill(struct fp_vport *vport, struct sk_buff *skb,
			 u32 portid, u32 seq, u32 flags, u8 cmd)
{
	const struct fp_upcall_pids *pids = fp_vport_upcall_pids(vport);
	struct ovs_vport_stats stats;
	struct ovs_header *hdr;
	char name[IFNAMSIZ];

	hdr = genlmsg_put(skb, portid, seq, &fp_vport_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	hdr->dp_ifindex = fp_dp_ifindex(vport->dp);
	fp_vport_copy_name(vport, name);
	fp_vport_get_stats(vport, &stats);

	if (nla_put_u32(skb, OVS_VPORT_ATTR_PORT_NO, vport->port_no) ||
	    nla_put_u32(skb, OVS_VPORT_ATTR_TYPE, vport->ops->type) ||
	    nla_put_string(skb, OVS_VPORT_ATTR_NAME, name) ||
	    nla_put(skb, OVS_VPORT_ATTR_UPCALL_PID, pids->n * sizeof(u32),
		    pids->ids) ||
	    nla_put_64bit(skb, OVS_VPORT_ATTR_STATS, sizeof(stats), &stats,
			  OVS_VPORT_ATTR_PAD) ||
	    nla_put_u32(skb, OVS_VPORT_ATTR_IFINDEX, vport->dev->ifindex)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The reply was sized for this: failing is our bug, not the request's. */
static void fp_vport_fill_reply(struct fp_vport *vport, struct sk_buff *reply,
				struct genl_info *info, u8 cmd)
{
	WARN_ON_ONCE(fp_vport_fill(vport, reply, info->snd_portid,
				   info->snd_seq, 0, cmd));
}

static struct fp_vport *fp_vport_lookup_by_name(struct genl_info *info)
{
	const struct ovs_header *hdr = fp_genl_ovs_header(info);
	struct nlattr *name = info->attrs[OVS_VPORT_ATTR_NAME];
	struct fp_vport *vport;

	vport = fp_vport_find_by_name(genl_info_net(info), nla_data(name));
	if (!vport) {
		FP_SET_ERR_ATTR(info->extack, name,
				"no vport of that name in this network namespace");
		return ERR_PTR(-ENODEV);
	}
	if (hdr->dp_ifindex && hdr->dp_ifindex != fp_dp_ifindex(vport->dp)) {
		FP_SET_ERR_ATTR(info->extack, name,
				"that vport belongs to another datapath than ovs_header.dp_ifindex");
		return ERR_PTR(-ENODEV);
	}
	return vport;
}

/* OVS_VPORT_ATTR_PORT_NO, refused (EFBIG, as openvswitch.ko) if too big. */
static int fp_vport_get_port_no(const struct nlattr *attr, u32 *port_no,
				struct netlink_ext_ack *extack)
{
	*port_no = nla_get_u32(attr);
	if (*port_no >= FP_MAX_PORTS) {
		FP_SET_ERR_ATTR(extack, attr,
				"OVS_VPORT_ATTR_PORT_NO: port numbers must be below 65535");
		return -EFBIG;
	}
	return 0;
}

static struct fp_vport *fp_vport_lookup_by_number(struct genl_info *info)
{
	struct nlattr *port_no = info->attrs[OVS_VPORT_ATTR_PORT_NO];
	struct fp_datapath *dp;
	struct fp_vport *vport;
	u32 number;
	int err;

	err = fp_vport_get_port_no(port_no, &number, info->extack);
	if (err)
		return ERR_PTR(err);
	dp = fp_dp_find_by_ifindex(genl_info_net(info),
				   fp_genl_ovs_header(info)->dp_ifindex);
	if (!dp) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "ovs_header.dp_ifindex is not a datapath's in this network namespace");
		return ERR_PTR(-ENODEV);
	}
	vport = fp_dp_port_lookup(dp, number);
	if (!vport) {
		FP_SET_ERR_ATTR(info->extack, port_no,
				"the datapath has no port with that number");
		return ERR_PTR(-ENODEV);
	}
	return vport;
}

/*
 * The vport a request names: by OVS_VPORT_ATTR_NAME (namespace-wide,
 * checked against dp_ifindex if that is set), else by dp_ifindex and
 * OVS_VPORT_ATTR_PORT_NO. Open vSwitch sends both for a lookup by name, so
 * the name wins. fp_mutex held.
 */
static struct fp_vport *fp_vport_lookup(struct genl_info *info)
{
	if (info->attrs[OVS_VPORT_ATTR_NAME])
		return fp_vport_lookup_by_name(info);
	if (info->attrs[OVS_VPORT_ATTR_PORT_NO])
		return fp_vport_lookup_by_number(info);
	NL_SET_ERR_MSG_MOD(info->extack,
			   "name the vport with OVS_VPORT_ATTR_NAME, or OVS_VPORT_ATTR_PORT_NO and ovs_header.dp_ifindex");
	return ERR_PTR(-EINVAL);
}

static int fp_vport_check_type(struct genl_info *info)
{
	struct nlattr *attr = info->attrs[OVS_VPORT_ATTR_TYPE];

	switch (nla_get_u32(attr)) {
	case OVS_VPORT_TYPE_NETDEV:
	case OVS_VPORT_TYPE_INTERNAL:
		return 0;
	case OVS_VPORT_TYPE_GRE:
	case OVS_VPORT_TYPE_VXLAN:
	case OVS_VPORT_TYPE_GENEVE:
		FP_SET_ERR_ATTR(info->extack, attr,
				"OVS_VPORT_ATTR_TYPE: tunnel vports are not supported by this flowpath.ko");
		return -EOPNOTSUPP;
	default:
		FP_SET_ERR_ATTR(info->extack, attr,
				"OVS_VPORT_ATTR_TYPE: unknown vport type");
		return -EINVAL;
	}
}

/* Only tunnel vports have options, and we have no tunnel vports. */
static int fp_vport_refuse_options(struct genl_info *info)
{
	struct nlattr *attr = info->attrs[OVS_VPORT_ATTR_OPTIONS];

	if (!attr)
		return 0;
	FP_SET_ERR_ATTR(info->extack, attr,
			"OVS_VPORT_ATTR_OPTIONS: netdev and internal vports take no options");
	return -EINVAL;
}

/*
 * OVS_VPORT_CMD_NEW: NAME and TYPE required; PORT_NO (absent or 0: any
 * free number, as with openvswitch.ko) and UPCALL_PID (absent: no upcalls)
 * optional. On success @p->upcall_pids is allocated.
 */
static int fp_vport_parse_new(struct genl_info *info,
			      struct fp_vport_params *p)
{
	struct nlattr **a = info->attrs;
	struct fp_upcall_pids *pids;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, OVS_VPORT_ATTR_NAME)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "OVS_VPORT_ATTR_NAME (the device's name) is required");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, OVS_VPORT_ATTR_TYPE)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "OVS_VPORT_ATTR_TYPE (NETDEV or INTERNAL) is required");
		return -EINVAL;
	}
	err = fp_genl_check_ifname(a[OVS_VPORT_ATTR_NAME], info->extack);
	if (err)
		return err;
	err = fp_vport_check_type(info);
	if (err)
		return err;
	err = fp_vport_refuse_options(info);
	if (err)
		return err;
	p->port_no = FP_PORT_NO_ANY;
	if (a[OVS_VPORT_ATTR_PORT_NO]) {
		err = fp_vport_get_port_no(a[OVS_VPORT_ATTR_PORT_NO],
					   &p->port_no, info->extack);
		if (err)
			return err;
		if (p->port_no == OVSP_LOCAL)
			p->port_no = FP_PORT_NO_ANY;
	}

	pids = fp_upcall_pids_from_attr(a[OVS_VPORT_ATTR_UPCALL_PID],
					info->extack);
	if (IS_ERR(pids))
		return PTR_ERR(pids);

	p->name = nla_data(a[OVS_VPORT_ATTR_NAME]);
	p->type = nla_get_u32(a[OVS_VPORT_ATTR_TYPE]);
	p->upcall_pids = pids;
	return 0;
}

int fp_vport_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct fp_vport_params params = {};
	struct fp_datapath *dp;
	struct fp_vport *vport;
	struct sk_buff *reply;
	int err;

	err = fp_vport_parse_new(info, &params);
	if (err)
		return err;
	reply = fp_vport_reply_new(params.upcall_pids->n);
	if (!reply) {
		err = -ENOMEM;
		goto err_free_pids;
	}

	rtnl_lock();
	fp_lock();
	dp = fp_dp_find_by_ifindex(genl_info_net(info),
				   fp_genl_ovs_header(info)->dp_ifindex);
	if (!dp) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "ovs_header.dp_ifindex is not a datapath's in this network namespace");
		err = -ENODEV;
		goto err_unlock;
	}
	vport = fp_dp_port_add(dp, &params, info->extack);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto err_unlock;
	}
	fp_vport_fill_reply(vport, reply, info, OVS_VPORT_CMD_NEW);
	fp_unlock();
	rtnl_unlock();

	genl_notify(&fp_vport_family, reply, info, FP_GENL_MCGRP, GFP_KERNEL);
	return 0;

err_unlock:
	fp_unlock();
	rtnl_unlock();
	nlmsg_free(reply);
err_free_pids:
	kfree(params.upcall_pids);
	return err;
}

int fp_vport_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply = NULL;
	struct fp_vport *vport;
	int err;

	rtnl_lock();
	fp_lock();
	vport = fp_vport_lookup(info);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto err_unlock;
	}
	if (vport->port_no == OVSP_LOCAL) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "port 0 is the datapath's local port: delete the datapath instead");
		err = -EINVAL;
		goto err_unlock;
	}
	/* Sized by the vport's upcall ids, so allocated here, before any change. */
	reply = fp_vport_reply_for(vport);
	if (!reply) {
		err = -ENOMEM;
		goto err_unlock;
	}
	fp_vport_fill_reply(vport, reply, info, OVS_VPORT_CMD_DEL);
	fp_dp_port_del(vport);
	fp_unlock();
	rtnl_unlock();

	genl_notify(&fp_vport_family, reply, info, FP_GENL_MCGRP, GFP_KERNEL);
	return 0;

err_unlock:
	fp_unlock();
	rtnl_unlock();
	return err;
}

int fp_vport_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct fp_vport *vport;
	struct sk_buff *reply;

	fp_lock();
	vport = fp_vport_lookup(info);
	if (IS_ERR(vport)) {
		fp_unlock();
		return PTR_ERR(vport);
	}
	reply = fp_vport_reply_for(vport);
	if (!reply) {
		fp_unlock();
		return -ENOMEM;
	}
	fp_vport_fill_reply(vport, reply, info, OVS_VPORT_CMD_GET);
	fp_unlock();
	return genlmsg_reply(reply, info);
}

/* OVS_VPORT_CMD_SET: UPCALL_PID; TYPE, if given, must be the vport's. */
int fp_vport_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *type = info->attrs[OVS_VPORT_ATTR_TYPE];
	struct fp_upcall_pids *pids = NULL;
	struct sk_buff *reply;
	struct fp_vport *vport;
	int err;

	err = fp_vport_refuse_options(info);
	if (err)
		return err;
	if (info->attrs[OVS_VPORT_ATTR_UPCALL_PID]) {
		pids = fp_upcall_pids_from_attr(info->attrs[OVS_VPORT_ATTR_UPCALL_PID],
						info->extack);
		if (IS_ERR(pids))
			return PTR_ERR(pids);
	}

	fp_lock();
	vport = fp_vport_lookup(info);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto err_unlock;
	}
	if (type && nla_get_u32(type) != vport->ops->type) {
		FP_SET_ERR_ATTR(info->extack, type,
				"OVS_VPORT_ATTR_TYPE: a vport's type cannot change");
		err = -EINVAL;
		goto err_unlock;
	}
	reply = fp_vport_reply_new(pids ? pids->n :
				   fp_vport_upcall_pids(vport)->n);
	if (!reply) {
		err = -ENOMEM;
		goto err_unlock;
	}
	if (pids)
		fp_vport_set_upcall_pids(vport, pids);
	fp_vport_fill_reply(vport, reply, info, OVS_VPORT_CMD_SET);
	fp_unlock();

	genl_notify(&fp_vport_family, reply, info, FP_GENL_MCGRP, GFP_KERNEL);
	return 0;

err_unlock:
	fp_unlock();
	kfree(pids);
	return err;
}

/*
 * The ports of the datapath in the request's ovs_header, in hash order
 * (ascending for numbers below FP_PORT_HASH_BUCKETS). cb->args[0] is the
 * bucket to resume at, cb->args[1] how many of its vports were sent.
 */
int fp_vport_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	long bucket = cb->args[0], done = cb->args[1], i = 0;
	struct fp_datapath *dp;
	struct fp_vport *vport;

	fp_lock();
	dp = fp_dp_find_by_ifindex(sock_net(skb->sk),
				   fp_genl_dump_ovs_header(cb)->dp_ifindex);
	if (!dp) {
		fp_unlock();
		NL_SET_ERR_MSG_MOD(cb->extack,
				   "ovs_header.dp_ifindex is not a datapath's in this network namespace");
		return -ENODEV;
	}
	for (; bucket < FP_PORT_HASH_BUCKETS; bucket++, done = 0) {
		i = 0;
		hlist_for_each_entry(vport, &dp->ports[bucket], hash_node) {
			if (i >= done &&
			    fp_vport_fill(vport, skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, NLM_F_MULTI,
					  OVS_VPORT_CMD_GET))
				goto out;
			i++;
		}
	}
out:
	fp_unlock();
	cb->args[0] = bucket;
	cb->args[1] = i;
	return skb->len;
}

/*
 * Tells the vport group that @vport is going away because its device did.
 * Best effort: with no memory the listener misses it and catches up at its
 * next dump. fp_mutex held, process context.
 */
void fp_vport_genl_notify_gone(struct fp_vport *vport)
{
	struct net *net = vport->dp->net;
	struct sk_buff *msg;

	lockdep_assert_held(&fp_mutex);

	if (!genl_has_listeners(&fp_vport_family, net, FP_GENL_MCGRP))
		return;
	msg = fp_vport_reply_for(vport);
	if (!msg)
		return;
	if (WARN_ON_ONCE(fp_vport_fill(vport, msg, 0, 0, 0, OVS_VPORT_CMD_DEL))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&fp_vport_family, net, msg, 0, FP_GENL_MCGRP,
				GFP_KERNEL);
}
