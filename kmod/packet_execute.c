// SPDX-License-Identifier: GPL-2.0
/*
 * OVS_PACKET_CMD_EXECUTE: userspace hands the datapath a frame, the
 * metadata a frame cannot carry (as a key: in_port, priority, skb_mark,
 * recirc_id, dp_hash) and actions, which run on it at once as a flow's
 * would, with BH disabled under RCU. This is how a slow path forwards the
 * frames of its upcalls.
 *
 * Checks come in openvswitch.ko's order, so that a request wrong in two
 * ways fails the same way on both modules: attributes present (EINVAL),
 * the key (EINVAL), the actions against the key (EINVAL, EOVERFLOW,
 * EOPNOTSUPP), and only then the datapath (ENODEV). No lock is taken: the
 * datapath and ports are found under RCU, like the packet path finds them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <net/genetlink.h>

#include "actions.h"
#include "actions_priv.h"
#include "datapath.h"
#include "flow_key.h"
#include "genl.h"
#include "upcall.h"
#include "vport.h"

static int fp_execute_check_attrs(struct genl_info *info)
{
	struct nlattr **a = info->attrs;

	if (!a[OVS_PACKET_ATTR_PACKET])
		NL_SET_ERR_MSG_MOD(info->extack,
				   "EXECUTE needs OVS_PACKET_ATTR_PACKET, the frame");
	else if (!a[OVS_PACKET_ATTR_KEY])
		NL_SET_ERR_MSG_MOD(info->extack,
				   "EXECUTE needs OVS_PACKET_ATTR_KEY, the frame's metadata");
	else if (!a[OVS_PACKET_ATTR_ACTIONS])
		NL_SET_ERR_MSG_MOD(info->extack,
				   "EXECUTE needs OVS_PACKET_ATTR_ACTIONS");
	else
		return 0;
	return -EINVAL;
}

/* The frame as an skb, with the hash and MRU userspace gave. */
static struct sk_buff *fp_execute_frame(struct nlattr **a, u16 *mru)
{
	int len = nla_len(a[OVS_PACKET_ATTR_PACKET]);
	struct sk_buff *frame;
	u64 hash;

	frame = __dev_alloc_skb(NET_IP_ALIGN + len, GFP_KERNEL);
	if (!frame)
		return NULL;
	skb_reserve(frame, NET_IP_ALIGN);
	nla_memcpy(__skb_put(frame, len), a[OVS_PACKET_ATTR_PACKET], len);

	*mru = 0;
	if (a[OVS_PACKET_ATTR_MRU]) {
		*mru = nla_get_u16(a[OVS_PACKET_ATTR_MRU]);
		frame->ignore_df = 1;
	}
	if (a[OVS_PACKET_ATTR_HASH]) {
		hash = nla_get_u64(a[OVS_PACKET_ATTR_HASH]);
		__skb_set_hash(frame, (u32)hash,
			       !!(hash & FP_PACKET_HASH_SW_BIT),
			       !!(hash & FP_PACKET_HASH_L4_BIT));
	}
	return frame;
}

/*
 * The datapath whose local port has @ifindex. RCU read side: the
 * datapath and its ports are freed only after a grace period.
 */
static struct fp_datapath *fp_execute_dp(struct net *net, int ifindex)
{
	struct net_device *dev = dev_get_by_index_rcu(net, ifindex);
	struct fp_vport *vport = dev ? fp_internal_vport_from_dev(dev) : NULL;

	return vport && vport->port_no == OVSP_LOCAL ? vport->dp : NULL;
}

/* Runs @acts on @frame (consumed) in the datapath of @ifindex. */
static int fp_execute_run(struct genl_info *info, struct sk_buff *frame,
			  struct fp_flow_key *key,
			  const struct fp_actions *acts, u16 mru)
{
	const struct ovs_header *hdr = fp_genl_ovs_header(info);
	struct fp_datapath *dp;
	struct fp_vport *in;
	int err;

	rcu_read_lock();
	dp = fp_execute_dp(genl_info_net(info), hdr->dp_ifindex);
	if (!dp) {
		rcu_read_unlock();
		NL_SET_ERR_MSG_MOD(info->extack,
				   "no datapath has that ifindex (ovs_header.dp_ifindex)");
		kfree_skb(frame);
		return -ENODEV;
	}
	/* As openvswitch.ko: a frame from an unknown port comes from port 0. */
	in = fp_dp_port_lookup(dp, key->in_port);
	frame->dev = (in ? in : dp->local)->dev;

	local_bh_disable();
	err = fp_actions_run(dp, frame, key, acts, mru);
	local_bh_enable();
	rcu_read_unlock();
	return err;
}

int fp_packet_cmd_execute(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct fp_actions *acts;
	struct sk_buff *frame;
	struct fp_flow_key key;
	u16 mru;
	int err;

	err = fp_execute_check_attrs(info);
	if (err)
		return err;
	frame = fp_execute_frame(a, &mru);
	if (!frame)
		return -ENOMEM;
	err = fp_flow_key_extract_userspace(frame, a[OVS_PACKET_ATTR_KEY], &key,
					    info->extack);
	if (err)
		goto err_free_frame;
	acts = fp_actions_parse(genl_info_net(info), a[OVS_PACKET_ATTR_ACTIONS],
				&key, info->extack);
	if (IS_ERR(acts)) {
		err = PTR_ERR(acts);
		goto err_free_frame;
	}
	frame->priority = key.priority;
	frame->mark = key.skb_mark;

	err = fp_execute_run(info, frame, &key, acts, mru);
	fp_actions_free(acts);
	return err;

err_free_frame:
	kfree_skb(frame);
	return err;
}
