// SPDX-License-Identifier: GPL-2.0
/*
 * The ovs_packet family. Frames go up to userspace as OVS_PACKET_CMD_MISS
 * (no flow matched) or OVS_PACKET_CMD_ACTION (a userspace action), both
 * built by one function with openvswitch.ko's attributes in its order:
 * KEY, USERDATA, ACTIONS, MRU, LEN, HASH, PACKET. Frames come down with
 * OVS_PACKET_CMD_EXECUTE: a frame, its metadata as a key, and actions.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <net/genetlink.h>

#include "actions.h"
#include "actions_priv.h"
#include "compat.h"
#include "datapath.h"
#include "flow_key.h"
#include "genl.h"
#include "upcall.h"
#include "vport.h"

/* The frame as on the wire: an accelerated VLAN tag counts. */
static unsigned int fp_upcall_frame_len(const struct sk_buff *skb)
{
	return skb->len + (skb_vlan_tag_present(skb) ? VLAN_HLEN : 0);
}

static size_t fp_upcall_msg_size(const struct fp_upcall_info *info,
				 unsigned int frame_len)
{
	size_t size = NLMSG_ALIGN(sizeof(struct ovs_header)) +
		      fp_flow_key_nlattr_size() +
		      nla_total_size(sizeof(u32)) +		/* LEN */
		      nla_total_size(sizeof(u64)) +		/* HASH */
		      nla_total_size(frame_len);		/* PACKET */

	if (info->userdata)
		size += nla_total_size(nla_len(info->userdata));
	if (info->actions)
		size += nla_total_size(info->actions_len);
	if (info->mru)
		size += nla_total_size(sizeof(u16));
	return size;
}

/*
 * OVS_PACKET_ATTR_PACKET: the first @len bytes of the frame as it was on
 * the wire, so an accelerated VLAN tag goes back between the addresses and
 * the EtherType.
 */
static int fp_upcall_put_frame(struct sk_buff *msg, const struct sk_buff *skb,
			       unsigned int len)
{
	const unsigned int addrs = 2 * ETH_ALEN;
	struct nlattr *nla;
	__be16 tag[2];
	u8 *data;

	nla = nla_reserve(msg, OVS_PACKET_ATTR_PACKET, len);
	if (!nla)
		return -EMSGSIZE;
	data = nla_data(nla);
	if (!skb_vlan_tag_present(skb))
		return skb_copy_bits(skb, 0, data, len);

	tag[0] = skb->vlan_proto;
	tag[1] = htons(skb_vlan_tag_get(skb));
	if (skb_copy_bits(skb, 0, data, min(len, addrs)))
		return -EFAULT;
	if (len <= addrs)
		return 0;
	memcpy(data + addrs, tag, min(len - addrs, (unsigned int)VLAN_HLEN));
	if (len <= addrs + VLAN_HLEN)
		return 0;
	return skb_copy_bits(skb, addrs, data + addrs + VLAN_HLEN,
			     len - addrs - VLAN_HLEN);
}

/* OVS_PACKET_ATTR_HASH: the skb's hash as it is, with its kind bits. */
static int fp_upcall_put_hash(struct sk_buff *msg, const struct sk_buff *skb)
{
	u64 hash = skb_get_hash_raw(skb);

	if (skb->sw_hash)
		hash |= FP_PACKET_HASH_SW_BIT;
	if (skb->l4_hash)
		hash |= FP_PACKET_HASH_L4_BIT;
	return nla_put(msg, OVS_PACKET_ATTR_HASH, sizeof(hash), &hash);
}

/* Everything between the key and the frame. */
static int fp_upcall_put_extras(struct sk_buff *msg,
				const struct fp_upcall_info *info,
				const struct sk_buff *skb, unsigned int full)
{
	struct nlattr *nest;

	if (info->userdata &&
	    nla_put(msg, OVS_PACKET_ATTR_USERDATA, nla_len(info->userdata),
		    nla_data(info->userdata)))
		return -EMSGSIZE;
	if (info->actions) {
		nest = nla_nest_start_noflag(msg, OVS_PACKET_ATTR_ACTIONS);
		if (!nest || (info->actions_len &&
			      nla_append(msg, info->actions_len, info->actions)))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	if (info->mru && nla_put_u16(msg, OVS_PACKET_ATTR_MRU, info->mru))
		return -EMSGSIZE;
	if (info->cutlen < full &&
	    nla_put_u32(msg, OVS_PACKET_ATTR_LEN, full))
		return -EMSGSIZE;
	return fp_upcall_put_hash(msg, skb);
}

/* One non-GSO frame. Does not consume @skb. */
static int fp_upcall_send(struct fp_datapath *dp, struct sk_buff *skb,
			  const struct fp_flow_key *key,
			  const struct fp_upcall_info *info)
{
	unsigned int full, len;
	struct ovs_header *hdr;
	struct sk_buff *msg;
	int err;

	/* Userspace sees frames as on the wire: finish offloaded checksums. */
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		err = skb_checksum_help(skb);
		if (err)
			return err;
	}
	full = fp_upcall_frame_len(skb);
	len = min(full, info->cutlen);
	if (nla_attr_size(len) > U16_MAX)
		return -EFBIG;

	msg = genlmsg_new(fp_upcall_msg_size(info, len), GFP_ATOMIC);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &fp_packet_family, 0, info->cmd);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}
	hdr->dp_ifindex = fp_dp_ifindex(dp);
	err = fp_flow_key_to_nlattr(key, msg, OVS_PACKET_ATTR_KEY);
	if (!err)
		err = fp_upcall_put_extras(msg, info, skb, full);
	if (!err)
		err = fp_upcall_put_frame(msg, skb, len);
	if (err)
		goto err_free;
	genlmsg_end(msg, hdr);

	/* Never blocks: a full receiver is -EAGAIN, counted as lost. */
	return genlmsg_unicast(dp->net, msg, info->portid);

err_free:
	nlmsg_free(msg);
	return err;
}

/*
 * GSO frames (from GRO on an attached device, or TSO from the host through
 * an internal port) are segmented here and sent as one upcall each, with
 * the key of the whole, since userspace handles wire-sized frames only.
 * The first failure stops the burst and makes the whole frame count as
 * lost.
 */
static int fp_upcall_send_gso(struct fp_datapath *dp, struct sk_buff *skb,
			      const struct fp_flow_key *key,
			      const struct fp_upcall_info *info)
{
	struct sk_buff *segs, *seg, *next;
	int err = 0;

	segs = __skb_gso_segment(skb, NETIF_F_SG, false);
	if (IS_ERR(segs))
		return PTR_ERR(segs);
	if (!segs)
		return -EINVAL;

	skb_list_walk_safe(segs, seg, next) {
		if (!err)
			err = fp_upcall_send(dp, seg, key, info);
		if (err)
			kfree_skb(seg);
		else
			consume_skb(seg);
	}
	return err;
}

/*
 * Sends @skb (not consumed) to userspace. Returns 0, or why not:
 * -ENOTCONN when upcalls are off (id 0), -EAGAIN/-ENOBUFS/-ECONNREFUSED
 * from the receiver, -ENOMEM, -EFBIG for a frame no attribute can hold.
 * Packet path: RCU read side, BH disabled, never sleeps.
 */
static int fp_upcall(struct fp_datapath *dp, struct sk_buff *skb,
		     const struct fp_flow_key *key,
		     const struct fp_upcall_info *info)
{
	if (!info->portid)
		return -ENOTCONN;
	if (skb_is_gso(skb))
		return fp_upcall_send_gso(dp, skb, key, info);
	return fp_upcall_send(dp, skb, key, info);
}

/**
 * fp_upcall_miss - send a frame no flow matched up as OVS_PACKET_CMD_MISS
 * @dp: its datapath
 * @vport: the port it arrived on (chooses the receiving Netlink port)
 * @skb: the frame; not consumed
 * @key: its key (after a recirculation, with the recirc_id)
 *
 * See fp_upcall() for the return values.
 */
int fp_upcall_miss(struct fp_datapath *dp, struct fp_vport *vport,
		   struct sk_buff *skb, const struct fp_flow_key *key)
{
	struct fp_upcall_info info = {
		.cmd = OVS_PACKET_CMD_MISS,
		.portid = fp_vport_upcall_portid(vport, skb),
		.cutlen = U32_MAX,
	};

	return fp_upcall(dp, skb, key, &info);
}

int fp_upcall_action(struct fp_datapath *dp, struct sk_buff *skb,
		     const struct fp_flow_key *key,
		     const struct fp_upcall_info *info)
{
	struct fp_dp_pcpu_stats *stats;
	int err = fp_upcall(dp, skb, key, info);

	if (err) {
		stats = this_cpu_ptr(dp->stats);
		u64_stats_update_begin(&stats->syncp);
		u64_stats_inc(&stats->n_lost);
		u64_stats_update_end(&stats->syncp);
	}
	return err;
}

/*
 * With OVS_DP_F_DISPATCH_UPCALL_PER_CPU every upcall, the userspace
 * action's too, goes to the current CPU's handler, as in openvswitch.ko;
 * the action's own pid then only has to be non-zero.
 */
u32 fp_upcall_action_portid(const struct fp_datapath *dp, u32 pid)
{
	if (READ_ONCE(dp->user_features) & OVS_DP_F_DISPATCH_UPCALL_PER_CPU)
		return fp_dp_cpu_upcall_portid(dp);
	return pid;
}
