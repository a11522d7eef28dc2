// SPDX-License-Identifier: GPL-2.0
/*
 * The ovs_packet family: frames the datapath cannot handle go to userspace
 * as OVS_PACKET_CMD_MISS upcalls; userspace would send frames back with
 * OVS_PACKET_CMD_EXECUTE, which needs actions this version does not have.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <net/genetlink.h>

#include "compat.h"
#include "datapath.h"
#include "flow_key.h"
#include "genl.h"
#include "upcall.h"
#include "vport.h"

/* The frame travels in one attribute, whose length is a u16. */
#define FP_UPCALL_MAX_FRAME	(U16_MAX - NLA_HDRLEN)

static unsigned int fp_upcall_frame_len(const struct sk_buff *skb)
{
	return skb->len + (skb_vlan_tag_present(skb) ? VLAN_HLEN : 0);
}

static size_t fp_upcall_msg_size(unsigned int frame_len)
{
	return NLMSG_ALIGN(sizeof(struct ovs_header)) +
	       fp_flow_key_nlattr_size() +
	       nla_total_size(frame_len);
}

/*
 * OVS_PACKET_ATTR_PACKET: the frame as it was on the wire, so an
 * accelerated VLAN tag goes back between the addresses and the EtherType.
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
	if (skb_copy_bits(skb, 0, data, addrs))
		return -EFAULT;
	memcpy(data + addrs, tag, VLAN_HLEN);
	return skb_copy_bits(skb, addrs, data + addrs + VLAN_HLEN,
			     skb->len - addrs);
}

/* One non-GSO frame to @portid. Does not consume @skb. */
static int fp_upcall_send(struct fp_datapath *dp, struct fp_vport *vport,
			  struct sk_buff *skb, u32 portid)
{
	struct fp_flow_key key;
	struct ovs_header *hdr;
	struct sk_buff *msg;
	unsigned int len;
	int err;

	/* Userspace sees frames as on the wire: finish offloaded checksums. */
	if (skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb)) {
		err = skb_checksum_help(skb);
		if (err)
			return err;
	}
	err = fp_flow_key_extract(skb, vport->port_no, &key);
	if (err)
		return err;
	len = fp_upcall_frame_len(skb);
	if (len > FP_UPCALL_MAX_FRAME)
		return -EMSGSIZE;

	msg = genlmsg_new(fp_upcall_msg_size(len), GFP_ATOMIC);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &fp_packet_family, 0, OVS_PACKET_CMD_MISS);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}
	hdr->dp_ifindex = fp_dp_ifindex(dp);
	err = fp_flow_key_to_nlattr(&key, msg, OVS_PACKET_ATTR_KEY);
	if (err)
		goto err_free;
	err = fp_upcall_put_frame(msg, skb, len);
	if (err)
		goto err_free;
	genlmsg_end(msg, hdr);

	/* Never blocks: a full receiver is -EAGAIN, counted as lost. */
	return genlmsg_unicast(dp->net, msg, portid);

err_free:
	nlmsg_free(msg);
	return err;
}

/*
 * GSO frames (from GRO on an attached device, or TSO from the host through
 * an internal port) are segmented here and sent as one upcall each, since
 * userspace handles wire-sized frames only. The first failure stops the
 * burst and makes the whole frame count as lost.
 */
static int fp_upcall_send_gso(struct fp_datapath *dp, struct fp_vport *vport,
			      struct sk_buff *skb, u32 portid)
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
			err = fp_upcall_send(dp, vport, seg, portid);
		if (err)
			kfree_skb(seg);
		else
			consume_skb(seg);
	}
	return err;
}

/**
 * fp_upcall_miss - send a frame to userspace as OVS_PACKET_CMD_MISS
 * @dp: its datapath
 * @vport: the port it arrived on (chooses the receiving Netlink port)
 * @skb: the frame; not consumed
 *
 * Returns 0 if userspace got it, or why not: -ENOTCONN when the port has
 * upcalls off (id 0), -EAGAIN/-ENOBUFS/-ECONNREFUSED from the receiver,
 * -ENOMEM. Packet path: RCU read side, BH disabled, never sleeps.
 */
int fp_upcall_miss(struct fp_datapath *dp, struct fp_vport *vport,
		   struct sk_buff *skb)
{
	u32 portid = fp_vport_upcall_portid(vport, skb);

	if (!portid)
		return -ENOTCONN;
	if (skb_is_gso(skb))
		return fp_upcall_send_gso(dp, vport, skb, portid);
	return fp_upcall_send(dp, vport, skb, portid);
}

int fp_packet_cmd_execute(struct sk_buff *skb, struct genl_info *info)
{
	NL_SET_ERR_MSG_MOD(info->extack,
			   "OVS_PACKET_CMD_EXECUTE: packet execution is not implemented in this flowpath.ko version");
	return -EOPNOTSUPP;
}
