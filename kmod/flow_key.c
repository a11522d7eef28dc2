// SPDX-License-Identifier: GPL-2.0
/*
 * Flow key extraction: the L2 part (addresses, up to two VLAN tags, the
 * EtherType behind them, LLC/SNAP) and the dispatch to the L3 parsers in
 * flow_key_ipv4.c and flow_key_ipv6.c.
 *
 * The key is the one openvswitch.ko's key_extract() gives for the same
 * frame, field for field, including for truncated and malformed headers,
 * so that userspace sees the same upcalls and the same flows match. The
 * difference is in the means: openvswitch.ko pulls headers into the linear
 * area and moves skb->data; every read here goes through
 * skb_header_pointer() on a const skb, so a frame may be shared, paged or
 * shorter than the headers it claims and nothing is ever written to it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/llc.h>

#include "flow_key.h"
#include "flow_key_priv.h"

/* An LLC header with the SNAP SAPs, then the SNAP OUI and EtherType. */
struct fp_llc_snap {
	u8 dsap;
	u8 ssap;
	u8 ctrl;
	u8 oui[3];
	__be16 type;
};

/*
 * The payload EtherType, whose field is at *@off; moves *@off to the
 * network header. Values below 0x600 are 802.3 lengths: an LLC/SNAP header
 * with a zero OUI then carries the type, anything else is 802.2 (the
 * control byte is not looked at, as openvswitch.ko does not).
 */
static __be16 fp_flow_key_ethertype(const struct sk_buff *skb,
				    unsigned int *off)
{
	const struct fp_llc_snap *llc;
	struct fp_llc_snap _llc;
	const __be16 *type;
	__be16 _type;

	type = skb_header_pointer(skb, *off, sizeof(_type), &_type);
	if (!type)
		return 0;
	*off += sizeof(_type);
	if (eth_proto_is_802_3(*type))
		return *type;

	llc = skb_header_pointer(skb, *off, sizeof(_llc), &_llc);
	if (!llc || llc->dsap != LLC_SAP_SNAP || llc->ssap != LLC_SAP_SNAP ||
	    (llc->oui[0] | llc->oui[1] | llc->oui[2]))
		return htons(ETH_P_802_2);
	*off += sizeof(_llc);
	return eth_proto_is_802_3(llc->type) ? llc->type : htons(ETH_P_802_2);
}

/*
 * An in-frame tag whose TPID is at *@off. A tag counts only if the frame
 * also holds the EtherType after it; a cut one is left to be read as the
 * EtherType (openvswitch.ko's view: a frame 0x8100 with no tag). Returns
 * whether a tag was taken, and moves *@off past it.
 */
static bool fp_flow_key_tag(const struct sk_buff *skb, unsigned int *off,
			    struct fp_key_vlan *tag)
{
	const struct vlan_hdr *vh;
	struct vlan_hdr _vh;
	const __be16 *tpid;
	__be16 _tpid;

	tpid = skb_header_pointer(skb, *off, sizeof(_tpid), &_tpid);
	if (!tpid || !eth_type_vlan(*tpid))
		return false;
	if (skb->len < *off + sizeof(*tpid) + sizeof(_vh))
		return false;
	vh = skb_header_pointer(skb, *off + sizeof(*tpid), sizeof(_vh), &_vh);
	if (!vh)
		return false;
	tag->tpid = *tpid;
	tag->tci = vh->h_vlan_TCI | htons(VLAN_CFI_MASK);
	*off += VLAN_HLEN;
	return true;
}

/*
 * The outer tag (accelerated, or the first in the frame), then an inner
 * one in the frame. A missing or cut outer in-frame tag ends the search.
 */
static void fp_flow_key_vlans(const struct sk_buff *skb, unsigned int *off,
			      struct fp_flow_key *key)
{
	if (skb_vlan_tag_present(skb)) {
		key->vlan.tpid = skb->vlan_proto;
		key->vlan.tci = htons(skb_vlan_tag_get(skb) | VLAN_CFI_MASK);
	} else if (!fp_flow_key_tag(skb, off, &key->vlan)) {
		return;
	}
	fp_flow_key_tag(skb, off, &key->cvlan);
}

static void fp_flow_key_l3(const struct sk_buff *skb, unsigned int nh,
			   struct fp_flow_key *key)
{
	switch (ntohs(key->eth.type)) {
	case ETH_P_IP:
		fp_flow_key_ipv4(skb, nh, key);
		break;
	case ETH_P_ARP:
	case ETH_P_RARP:
		fp_flow_key_arp(skb, nh, key);
		break;
	case ETH_P_IPV6:
		fp_flow_key_ipv6(skb, nh, key);
		break;
	}
}

/*
 * fp_flow_key_extract_frame - the fields of @key read from the frame
 *
 * Everything but the metadata (priority ... dp_hash), which the caller
 * has set; the rest of @key must be zero. Returns -EINVAL if the frame is
 * shorter than an Ethernet header (openvswitch.ko drops those).
 */
int fp_flow_key_extract_frame(const struct sk_buff *skb,
			      struct fp_flow_key *key)
{
	unsigned int off = 2 * ETH_ALEN;
	const struct ethhdr *eth;
	struct ethhdr _eth;

	if (skb->len < ETH_HLEN)
		return -EINVAL;
	eth = skb_header_pointer(skb, 0, sizeof(_eth), &_eth);
	if (!eth)
		return -EINVAL;
	ether_addr_copy(key->eth.src, eth->h_source);
	ether_addr_copy(key->eth.dst, eth->h_dest);

	fp_flow_key_vlans(skb, &off, key);
	key->eth.type = fp_flow_key_ethertype(skb, &off);
	if (!key->eth.type)
		return -EINVAL;
	fp_flow_key_l3(skb, off, key);
	return 0;
}

/**
 * fp_flow_key_extract - fill @key from the frame in @skb
 * @skb: frame, data at the Ethernet header; only read
 * @in_port: datapath port it arrived on
 * @key: output, zeroed here as a whole first
 *
 * Metadata comes from the skb (priority, mark); recirc_id and dp_hash are
 * 0 for a frame that just arrived. Returns -EINVAL if @skb is shorter than
 * an Ethernet header. Packet path: any context, never sleeps.
 */
int fp_flow_key_extract(const struct sk_buff *skb, u32 in_port,
			struct fp_flow_key *key)
{
	memset(key, 0, sizeof(*key));
	key->priority = skb->priority;
	key->skb_mark = skb->mark;
	key->in_port = in_port;
	return fp_flow_key_extract_frame(skb, key);
}
