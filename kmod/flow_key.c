// SPDX-License-Identifier: GPL-2.0
/*
 * Flow key extraction from a frame, and its OVS_KEY_ATTR_* encoding. Every
 * read goes through skb_header_pointer(): frames may be non-linear, shared
 * or shorter than the headers they claim, and nothing here writes to them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/llc.h>
#include <linux/openvswitch.h>
#include <net/netlink.h>

#include "flow_key.h"

/* The LLC "unnumbered information" control byte that SNAP uses. */
#define FP_LLC_CTRL_UI	0x03

/* LLC/SNAP header with a zero OUI: the next two bytes are an EtherType. */
static const u8 fp_snap_ethertype_hdr[] = {
	LLC_SAP_SNAP, LLC_SAP_SNAP, FP_LLC_CTRL_UI, 0, 0, 0,
};

/*
 * The EtherType field at @off. Values below 0x600 are 802.3 lengths: the
 * type is then in an LLC/SNAP header if there is one, else it is 802.2.
 */
static __be16 fp_flow_key_ethertype(const struct sk_buff *skb,
				    unsigned int off)
{
	u8 buf[sizeof(fp_snap_ethertype_hdr) + sizeof(__be16)];
	const __be16 *type;
	__be16 _type, inner;
	const u8 *llc;

	type = skb_header_pointer(skb, off, sizeof(_type), &_type);
	if (!type)
		return 0;
	if (eth_proto_is_802_3(*type))
		return *type;

	llc = skb_header_pointer(skb, off + sizeof(_type), sizeof(buf), buf);
	if (!llc || memcmp(llc, fp_snap_ethertype_hdr,
			   sizeof(fp_snap_ethertype_hdr)))
		return htons(ETH_P_802_2);
	memcpy(&inner, llc + sizeof(fp_snap_ethertype_hdr), sizeof(inner));
	return eth_proto_is_802_3(inner) ? inner : htons(ETH_P_802_2);
}

/*
 * An in-frame tag: TPID at 12, TCI at 14, payload EtherType at 16. Returns
 * the offset of the payload EtherType, or 0 if the tag is cut short.
 */
static unsigned int fp_flow_key_vlan(const struct sk_buff *skb, __be16 tpid,
				     struct fp_flow_key *key)
{
	struct vlan_hdr _vh;
	const struct vlan_hdr *vh;

	key->vlan.tpid = tpid;
	vh = skb_header_pointer(skb, ETH_HLEN, sizeof(_vh), &_vh);
	if (!vh)
		return 0;
	key->vlan.tci = vh->h_vlan_TCI | htons(VLAN_CFI_MASK);
	return ETH_HLEN + offsetof(struct vlan_hdr, h_vlan_encapsulated_proto);
}

/**
 * fp_flow_key_extract - fill @key from the frame in @skb
 * @skb: frame, data at the Ethernet header
 * @in_port: datapath port it arrived on
 * @key: output
 *
 * One VLAN tag is decoded (accelerated or in the frame); an inner tag is
 * left as the payload EtherType. Returns -EINVAL if @skb is shorter than an
 * Ethernet header.
 */
int fp_flow_key_extract(const struct sk_buff *skb, u32 in_port,
			struct fp_flow_key *key)
{
	unsigned int type_off = offsetof(struct ethhdr, h_proto);
	const struct ethhdr *eth;
	struct ethhdr _eth;

	memset(key, 0, sizeof(*key));
	key->in_port = in_port;

	eth = skb_header_pointer(skb, 0, sizeof(_eth), &_eth);
	if (!eth)
		return -EINVAL;
	ether_addr_copy(key->eth.src, eth->h_source);
	ether_addr_copy(key->eth.dst, eth->h_dest);

	if (skb_vlan_tag_present(skb)) {
		key->vlan.tpid = skb->vlan_proto;
		key->vlan.tci = htons(skb_vlan_tag_get(skb) | VLAN_CFI_MASK);
	} else if (eth_type_vlan(eth->h_proto)) {
		type_off = fp_flow_key_vlan(skb, eth->h_proto, key);
		if (!type_off)
			return 0;
	}
	key->eth.type = fp_flow_key_ethertype(skb, type_off);
	return 0;
}

/* Upper bound of what fp_flow_key_to_nlattr() adds. */
size_t fp_flow_key_nlattr_size(void)
{
	return nla_total_size(0) +				/* the key */
	       nla_total_size(sizeof(u32)) +			/* IN_PORT */
	       nla_total_size(sizeof(struct ovs_key_ethernet)) +
	       nla_total_size(sizeof(__be16)) +			/* ETHERTYPE */
	       nla_total_size(sizeof(__be16)) +			/* VLAN */
	       nla_total_size(0) +				/* ENCAP */
	       nla_total_size(sizeof(__be16));			/* ETHERTYPE */
}

/*
 * The payload EtherType. Open vSwitch encodes 802.2 frames by leaving it
 * out, and so do we when the frame was too short to have one.
 */
static int fp_flow_key_put_ethertype(const struct fp_flow_key *key,
				     struct sk_buff *msg)
{
	if (!key->eth.type || key->eth.type == htons(ETH_P_802_2))
		return 0;
	return nla_put_be16(msg, OVS_KEY_ATTR_ETHERTYPE, key->eth.type);
}

/* A tagged frame: ETHERTYPE(tpid), VLAN(tci), ENCAP(payload type). */
static int fp_flow_key_put_vlan(const struct fp_flow_key *key,
				struct sk_buff *msg)
{
	struct nlattr *encap;

	if (nla_put_be16(msg, OVS_KEY_ATTR_ETHERTYPE, key->vlan.tpid) ||
	    nla_put_be16(msg, OVS_KEY_ATTR_VLAN, key->vlan.tci))
		return -EMSGSIZE;
	/* A truncated tag has nothing inside it. */
	if (!key->vlan.tci)
		return 0;
	encap = nla_nest_start_noflag(msg, OVS_KEY_ATTR_ENCAP);
	if (!encap || fp_flow_key_put_ethertype(key, msg))
		return -EMSGSIZE;
	nla_nest_end(msg, encap);
	return 0;
}

/**
 * fp_flow_key_to_nlattr - append @key as a nest of OVS_KEY_ATTR_*
 * @key: the key
 * @msg: message with fp_flow_key_nlattr_size() bytes of room
 * @attrtype: type of the nest (OVS_PACKET_ATTR_KEY, OVS_FLOW_ATTR_KEY)
 *
 * Nests carry no NLA_F_NESTED, as openvswitch.ko sends them.
 */
int fp_flow_key_to_nlattr(const struct fp_flow_key *key, struct sk_buff *msg,
			  int attrtype)
{
	struct ovs_key_ethernet eth;
	struct nlattr *nest;
	int err;

	nest = nla_nest_start_noflag(msg, attrtype);
	if (!nest)
		return -EMSGSIZE;

	ether_addr_copy(eth.eth_src, key->eth.src);
	ether_addr_copy(eth.eth_dst, key->eth.dst);
	err = -EMSGSIZE;
	if (nla_put_u32(msg, OVS_KEY_ATTR_IN_PORT, key->in_port) ||
	    nla_put(msg, OVS_KEY_ATTR_ETHERNET, sizeof(eth), &eth))
		goto err_cancel;

	if (key->vlan.tpid)
		err = fp_flow_key_put_vlan(key, msg);
	else
		err = fp_flow_key_put_ethertype(key, msg);
	if (err)
		goto err_cancel;

	nla_nest_end(msg, nest);
	return 0;

err_cancel:
	nla_nest_cancel(msg, nest);
	return err;
}
