// SPDX-License-Identifier: GPL-2.0
/*
 * The second step of parsing a key or mask (see flow_key_attrs.c for the
 * first): the collected attributes into struct fp_flow_key fields, then
 * the rules that tie a key's attributes together (an L3 attribute needs
 * its EtherType, an L4 one its IP protocol, and a mask may match a field
 * only if it matches exactly what that field depends on).
 *
 * The rules and the errno (-EINVAL) are openvswitch.ko's; the messages are
 * ours and name the attribute. Attributes for what this datapath does not
 * have (tunnels, conntrack, MPLS, NSH, L3 ports) are refused, each with
 * its reason, where openvswitch.ko would take them.
 */
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/openvswitch.h>
#include <net/ndisc.h>
#include <net/netlink.h>

#include "compat.h"
#include "flow_key_parse.h"
#include "genl.h"

static u32 fp_get_u32(const struct fp_key_parse *p, int type)
{
	return nla_get_u32(p->a[type]);
}

static const void *fp_get(const struct fp_key_parse *p, int type)
{
	return nla_data(p->a[type]);
}

/* An attribute for a feature this datapath does not have. */
static int fp_key_refuse(const struct fp_key_parse *p, int type,
			 const char *why)
{
	FP_SET_ERR_MSG_FMT(p->extack, "flow key: an attribute of a feature this datapath lacks",
			   "OVS_KEY_ATTR_%s: %s", fp_key_attr_name(type), why);
	NL_SET_BAD_ATTR(p->extack, p->a[type]);
	return -EINVAL;
}

/* A mask may carry a tunnel nest that wildcards everything (every nested
 * value zero, as openvswitch.ko's own masks have it); nothing else.
 */
static bool fp_key_tunnel_is_wildcard(const struct nlattr *tun)
{
	const struct nlattr *nla;
	int rem;

	nla_for_each_nested(nla, tun, rem)
		if (memchr_inv(nla_data(nla), 0, nla_len(nla)))
			return false;
	return !rem;
}

#define FP_KEY_CT_BITS	(FP_KEY_BIT(CT_STATE) | FP_KEY_BIT(CT_ZONE) |	\
			 FP_KEY_BIT(CT_MARK) | FP_KEY_BIT(CT_LABELS) |	\
			 FP_KEY_BIT(CT_ORIG_TUPLE_IPV4) |		\
			 FP_KEY_BIT(CT_ORIG_TUPLE_IPV6))

static int fp_key_parse_unsupported_meta(struct fp_key_parse *p, u64 *attrs)
{
	if (*attrs & FP_KEY_BIT(TUNNEL)) {
		if (!p->mask || !fp_key_tunnel_is_wildcard(p->a[OVS_KEY_ATTR_TUNNEL]))
			return fp_key_refuse(p, OVS_KEY_ATTR_TUNNEL,
					     "no tunnel ports, cannot match tunnel metadata");
		*attrs &= ~FP_KEY_BIT(TUNNEL);
	}
	if (*attrs & FP_KEY_CT_BITS)
		return fp_key_refuse(p, __ffs64(*attrs & FP_KEY_CT_BITS),
				     "no conntrack in this datapath");
	return 0;
}

static int fp_key_parse_in_port(struct fp_key_parse *p, u64 *attrs)
{
	u32 port;

	if (!(*attrs & FP_KEY_BIT(IN_PORT))) {
		if (!p->mask)
			p->out->in_port = FP_KEY_NO_IN_PORT;
		return 0;
	}
	*attrs &= ~FP_KEY_BIT(IN_PORT);
	port = fp_get_u32(p, OVS_KEY_ATTR_IN_PORT);
	if (p->mask) {
		/* A port is always matched exactly, whatever the mask says. */
		p->out->in_port = U32_MAX;
		return 0;
	}
	if (port >= FP_KEY_NO_IN_PORT) {
		FP_SET_ERR_MSG_FMT(p->extack, "OVS_KEY_ATTR_IN_PORT: port number too big",
				   "OVS_KEY_ATTR_IN_PORT: port %u is not below %u",
				   port, FP_KEY_NO_IN_PORT);
		NL_SET_BAD_ATTR(p->extack, p->a[OVS_KEY_ATTR_IN_PORT]);
		return -EINVAL;
	}
	p->out->in_port = port;
	return 0;
}

/**
 * fp_key_parse_metadata - the metadata attributes into @p->out
 * @p: the parse
 * @attrs: the pass's attribute bits; the ones used are cleared
 *
 * A key without IN_PORT matches no port (FP_KEY_NO_IN_PORT). ETHERTYPE
 * without ETHERNET makes an L3 flow in openvswitch.ko; this datapath has
 * only Ethernet ports, so a key refuses it (in a mask it only means the
 * addresses are wildcarded: the EtherType is then matched exactly).
 */
int fp_key_parse_metadata(struct fp_key_parse *p, u64 *attrs)
{
	struct fp_flow_key *o = p->out;
	int err;

	if (*attrs & FP_KEY_BIT(DP_HASH))
		o->dp_hash = fp_get_u32(p, OVS_KEY_ATTR_DP_HASH);
	if (*attrs & FP_KEY_BIT(RECIRC_ID))
		o->recirc_id = fp_get_u32(p, OVS_KEY_ATTR_RECIRC_ID);
	if (*attrs & FP_KEY_BIT(PRIORITY))
		o->priority = fp_get_u32(p, OVS_KEY_ATTR_PRIORITY);
	if (*attrs & FP_KEY_BIT(SKB_MARK))
		o->skb_mark = fp_get_u32(p, OVS_KEY_ATTR_SKB_MARK);
	*attrs &= ~(FP_KEY_BIT(DP_HASH) | FP_KEY_BIT(RECIRC_ID) |
		    FP_KEY_BIT(PRIORITY) | FP_KEY_BIT(SKB_MARK));

	err = fp_key_parse_in_port(p, attrs);
	if (!err)
		err = fp_key_parse_unsupported_meta(p, attrs);
	if (err)
		return err;

	if ((*attrs & FP_KEY_BIT(ETHERNET)) || !(*attrs & FP_KEY_BIT(ETHERTYPE)))
		return 0;
	if (!p->mask)
		return fp_key_refuse(p, OVS_KEY_ATTR_ETHERTYPE,
				     "without ETHERNET: L3 frames, no such ports here");
	o->eth.type = htons(0xffff);
	*attrs &= ~FP_KEY_BIT(ETHERTYPE);
	return 0;
}

/* The payload EtherType: at least 0x600 in a key, always exact in a mask. */
static int fp_key_parse_ethertype(struct fp_key_parse *p)
{
	__be16 type = nla_get_be16(p->a[OVS_KEY_ATTR_ETHERTYPE]);

	if (p->mask) {
		p->out->eth.type = htons(0xffff);
		return 0;
	}
	if (!eth_proto_is_802_3(type)) {
		FP_SET_ERR_MSG_FMT(p->extack, "OVS_KEY_ATTR_ETHERTYPE: an 802.3 length, not a type",
				   "OVS_KEY_ATTR_ETHERTYPE: 0x%04x is below 0x600, a length",
				   ntohs(type));
		NL_SET_BAD_ATTR(p->extack, p->a[OVS_KEY_ATTR_ETHERTYPE]);
		return -EINVAL;
	}
	p->out->eth.type = type;
	return 0;
}

static int fp_key_parse_l2(struct fp_key_parse *p, u64 *attrs)
{
	const struct ovs_key_ethernet *eth;

	if (!(*attrs & FP_KEY_BIT(ETHERNET))) {
		if (p->key->eth.type)
			return 0;
		NL_SET_ERR_MSG_MOD(p->extack,
				   "flow key: OVS_KEY_ATTR_ETHERNET is missing");
		return -EINVAL;
	}
	eth = fp_get(p, OVS_KEY_ATTR_ETHERNET);
	ether_addr_copy(p->out->eth.src, eth->eth_src);
	ether_addr_copy(p->out->eth.dst, eth->eth_dst);
	*attrs &= ~FP_KEY_BIT(ETHERNET);

	if (*attrs & FP_KEY_BIT(VLAN)) {
		FP_SET_ERR_ATTR(p->extack, p->a[OVS_KEY_ATTR_VLAN],
				"OVS_KEY_ATTR_VLAN: only after an ETHERTYPE of 0x8100 or 0x88a8, with an ENCAP");
		return -EINVAL;
	}
	if (*attrs & FP_KEY_BIT(ETHERTYPE)) {
		*attrs &= ~FP_KEY_BIT(ETHERTYPE);
		return fp_key_parse_ethertype(p);
	}
	if (!p->mask)
		p->out->eth.type = htons(ETH_P_802_2);
	return 0;
}

static int fp_key_bad_value(const struct fp_key_parse *p, int type,
			    const char *why)
{
	FP_SET_ERR_MSG_FMT(p->extack, "flow key: a field is out of range",
			   "OVS_KEY_ATTR_%s: %s", fp_key_attr_name(type), why);
	NL_SET_BAD_ATTR(p->extack, p->a[type]);
	return -EINVAL;
}

static int fp_key_parse_ipv4(struct fp_key_parse *p)
{
	const struct ovs_key_ipv4 *ip = fp_get(p, OVS_KEY_ATTR_IPV4);
	struct fp_flow_key *o = p->out;

	if (!p->mask && ip->ipv4_frag > OVS_FRAG_TYPE_MAX)
		return fp_key_bad_value(p, OVS_KEY_ATTR_IPV4,
					"fragment type above OVS_FRAG_TYPE_LATER");
	o->ip.proto = ip->ipv4_proto;
	o->ip.tos = ip->ipv4_tos;
	o->ip.ttl = ip->ipv4_ttl;
	o->ip.frag = ip->ipv4_frag;
	o->ipv4.src = ip->ipv4_src;
	o->ipv4.dst = ip->ipv4_dst;
	return 0;
}

static int fp_key_parse_ipv6(struct fp_key_parse *p)
{
	const struct ovs_key_ipv6 *ip = fp_get(p, OVS_KEY_ATTR_IPV6);
	struct fp_flow_key *o = p->out;

	if (!p->mask && ip->ipv6_frag > OVS_FRAG_TYPE_MAX)
		return fp_key_bad_value(p, OVS_KEY_ATTR_IPV6,
					"fragment type above OVS_FRAG_TYPE_LATER");
	if (!p->mask && (ip->ipv6_label & htonl(0xfff00000)))
		return fp_key_bad_value(p, OVS_KEY_ATTR_IPV6,
					"flow label wider than 20 bits");
	o->ipv6.label = ip->ipv6_label;
	o->ip.proto = ip->ipv6_proto;
	o->ip.tos = ip->ipv6_tclass;
	o->ip.ttl = ip->ipv6_hlimit;
	o->ip.frag = ip->ipv6_frag;
	memcpy(&o->ipv6.src, ip->ipv6_src, sizeof(o->ipv6.src));
	memcpy(&o->ipv6.dst, ip->ipv6_dst, sizeof(o->ipv6.dst));
	return 0;
}

static int fp_key_parse_arp(struct fp_key_parse *p)
{
	const struct ovs_key_arp *arp = fp_get(p, OVS_KEY_ATTR_ARP);
	struct fp_flow_key *o = p->out;

	if (!p->mask && (arp->arp_op & htons(0xff00)))
		return fp_key_bad_value(p, OVS_KEY_ATTR_ARP,
					"opcode above 255 (only the low byte is matched)");
	o->ipv4.src = arp->arp_sip;
	o->ipv4.dst = arp->arp_tip;
	o->ip.proto = ntohs(arp->arp_op);
	ether_addr_copy(o->arp.sha, arp->arp_sha);
	ether_addr_copy(o->arp.tha, arp->arp_tha);
	return 0;
}

/* The L3 attributes present, in openvswitch.ko's order. */
static int fp_key_parse_l3(struct fp_key_parse *p, u64 attrs)
{
	const struct ovs_key_ipv6_exthdrs *ext;
	int err = 0;

	if (attrs & FP_KEY_BIT(IPV4))
		err = fp_key_parse_ipv4(p);
	if (!err && (attrs & FP_KEY_BIT(IPV6)))
		err = fp_key_parse_ipv6(p);
	if (err)
		return err;
	if (attrs & FP_KEY_BIT(IPV6_EXTHDRS)) {
		ext = fp_get(p, OVS_KEY_ATTR_IPV6_EXTHDRS);
		p->out->ipv6.exthdrs = ext->hdrs;
	}
	if (attrs & FP_KEY_BIT(ARP))
		err = fp_key_parse_arp(p);
	if (!err && (attrs & FP_KEY_BIT(NSH)))
		err = fp_key_refuse(p, OVS_KEY_ATTR_NSH, "NSH is not supported");
	if (!err && (attrs & FP_KEY_BIT(MPLS)))
		err = fp_key_refuse(p, OVS_KEY_ATTR_MPLS, "MPLS is not supported");
	return err;
}

/* TCP, UDP and SCTP: two __be16 ports. */
static void fp_key_parse_ports(struct fp_key_parse *p, int type)
{
	const __be16 *ports = fp_get(p, type);

	p->out->tp.src = ports[0];
	p->out->tp.dst = ports[1];
}

/* ICMP and ICMPv6: type and code bytes, kept in the port fields. */
static void fp_key_parse_icmp(struct fp_key_parse *p, int type)
{
	const u8 *type_code = fp_get(p, type);

	p->out->tp.src = htons(type_code[0]);
	p->out->tp.dst = htons(type_code[1]);
}

static void fp_key_parse_l4(struct fp_key_parse *p, u64 attrs)
{
	const struct ovs_key_nd *nd;

	if (attrs & FP_KEY_BIT(TCP))
		fp_key_parse_ports(p, OVS_KEY_ATTR_TCP);
	if (attrs & FP_KEY_BIT(TCP_FLAGS))
		p->out->tp.flags = nla_get_be16(p->a[OVS_KEY_ATTR_TCP_FLAGS]);
	if (attrs & FP_KEY_BIT(UDP))
		fp_key_parse_ports(p, OVS_KEY_ATTR_UDP);
	if (attrs & FP_KEY_BIT(SCTP))
		fp_key_parse_ports(p, OVS_KEY_ATTR_SCTP);
	if (attrs & FP_KEY_BIT(ICMP))
		fp_key_parse_icmp(p, OVS_KEY_ATTR_ICMP);
	if (attrs & FP_KEY_BIT(ICMPV6))
		fp_key_parse_icmp(p, OVS_KEY_ATTR_ICMPV6);
	if (attrs & FP_KEY_BIT(ND)) {
		nd = fp_get(p, OVS_KEY_ATTR_ND);
		memcpy(&p->out->nd.target, nd->nd_target,
		       sizeof(p->out->nd.target));
		ether_addr_copy(p->out->nd.sll, nd->nd_sll);
		ether_addr_copy(p->out->nd.tll, nd->nd_tll);
	}
}

#define FP_KEY_L3L4_BITS (FP_KEY_BIT(IPV4) | FP_KEY_BIT(IPV6) |		\
			  FP_KEY_BIT(IPV6_EXTHDRS) | FP_KEY_BIT(ARP) |	\
			  FP_KEY_BIT(NSH) | FP_KEY_BIT(MPLS) |		\
			  FP_KEY_BIT(TCP) | FP_KEY_BIT(TCP_FLAGS) |	\
			  FP_KEY_BIT(UDP) | FP_KEY_BIT(SCTP) |		\
			  FP_KEY_BIT(ICMP) | FP_KEY_BIT(ICMPV6) |	\
			  FP_KEY_BIT(ND))

/**
 * fp_key_parse_fields - every attribute of the pass into @p->out
 * @p: the parse
 * @attrs: the pass's attribute bits, after the tags were taken out
 *
 * Returns 0 or -EINVAL with an extack message; an attribute left over
 * (an ENCAP with no tag before it, type 0 ...) is refused too.
 */
int fp_key_parse_fields(struct fp_key_parse *p, u64 attrs)
{
	u64 left;
	int err;

	err = fp_key_parse_metadata(p, &attrs);
	if (!err)
		err = fp_key_parse_l2(p, &attrs);
	if (!err)
		err = fp_key_parse_l3(p, attrs);
	if (err)
		return err;
	fp_key_parse_l4(p, attrs);

	left = attrs & ~FP_KEY_L3L4_BITS;
	if (left) {
		FP_SET_ERR_MSG_FMT(p->extack, "flow key: an attribute is out of place",
				   "OVS_KEY_ATTR_%s: out of place in this %s",
				   fp_key_attr_name(__ffs64(left)),
				   p->mask ? "mask" : "key");
		NL_SET_BAD_ATTR(p->extack, p->a[__ffs64(left)]);
		return -EINVAL;
	}
	return 0;
}
