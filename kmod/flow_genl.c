// SPDX-License-Identifier: GPL-2.0
/*
 * OVS_FLOW_CMD_*: the ovs_flow family. There is no flow table in this
 * version: the family exists because Open vSwitch's dpif looks up all four,
 * and it answers truthfully - no flows to dump or flush, and anything that
 * needs a table is refused as not implemented.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/genetlink.h>
#include <net/sock.h>

#include "datapath.h"
#include "genl.h"

#define FP_NO_FLOW_TABLE \
	"flow table not implemented in this flowpath.ko version"

int fp_flow_cmd_unsupported(struct sk_buff *skb, struct genl_info *info)
{
	NL_SET_ERR_MSG_MOD(info->extack, FP_NO_FLOW_TABLE);
	return -EOPNOTSUPP;
}

/* Whether the datapath named by @hdr exists, taking fp_mutex. */
static bool fp_flow_dp_exists(struct net *net, const struct ovs_header *hdr)
{
	bool exists;

	fp_lock();
	exists = fp_dp_find_by_ifindex(net, hdr->dp_ifindex);
	fp_unlock();
	return exists;
}

/*
 * Deleting one flow (by KEY or UFID) needs a table. Deleting all of them
 * (neither given: a flush, which ovs-vswitchd does at start-up) leaves an
 * empty table empty, so it succeeds once the datapath is known to exist.
 */
int fp_flow_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	if (info->attrs[OVS_FLOW_ATTR_KEY] || info->attrs[OVS_FLOW_ATTR_UFID])
		return fp_flow_cmd_unsupported(skb, info);

	if (!fp_flow_dp_exists(genl_info_net(info), fp_genl_ovs_header(info))) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "ovs_header.dp_ifindex is not a datapath's in this network namespace");
		return -ENODEV;
	}
	return 0;
}

/* A datapath's flows: there are none. */
int fp_flow_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	if (!fp_flow_dp_exists(sock_net(skb->sk), fp_genl_dump_ovs_header(cb))) {
		NL_SET_ERR_MSG_MOD(cb->extack,
				   "ovs_header.dp_ifindex is not a datapath's in this network namespace");
		return -ENODEV;
	}
	return 0;
}
