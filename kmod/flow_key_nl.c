// SPDX-License-Identifier: GPL-2.0
/*
 * A flow key, or a flow's mask, as a nest of OVS_KEY_ATTR_* attributes:
 * what MISS upcalls carry (OVS_PACKET_ATTR_KEY) and flow replies and dumps
 * show (OVS_FLOW_ATTR_KEY, OVS_FLOW_ATTR_MASK).
 *
 * The attributes, their order and their nesting are openvswitch.ko's
 * (__ovs_nla_put_key), because userspace compares keys byte for byte
 * (ovs-vswitchd's ukey checks) and the differential tests compare both
 * modules' output. Which attributes appear is always decided by the key;
 * a mask only supplies the values. Conntrack attributes are left out:
 * this datapath has no conntrack, and a key without them reads as "no
 * conntrack state" to every userspace.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/openvswitch.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/netlink.h>

#include "flow_key.h"

/*
 * One emission: @key decides what is put, @out gives the values (the key
 * itself, or the mask), @mask says which.
 */
struct fp_key_put {
	const struct fp_flow_key *key;
	const struct fp_flow_key *out;
	bool mask;
	struct sk_buff *msg;
};

/* Upper bound of what fp_flow_key_to_nlattr()/fp_flow_mask_to_nlattr()
 * add: the longest path (two tags, IPv6, ICMPv6 with ND).
 */
size_t fp_flow_key_nlattr_size(void)
{
	return nla_total_size(0) +				/* the nest */
	       3 * nla_total_size(sizeof(u32)) +	/* RECIRC, DP_HASH, PRIO */
	       nla_total_size(0) + nla_total_size(sizeof(u8)) + /* TUNNEL */
	       2 * nla_total_size(sizeof(u32)) +	/* IN_PORT, SKB_MARK */
	       nla_total_size(sizeof(struct ovs_key_ethernet)) +
	       2 * (nla_total_size(sizeof(__be16)) +	/* ETHERTYPE (TPID) */
		    nla_total_size(sizeof(__be16)) +	/* VLAN */
		    nla_total_size(0)) +		/* ENCAP */
	       nla_total_size(sizeof(__be16)) +		/* ETHERTYPE */
	       nla_total_size(sizeof(struct ovs_key_ipv6)) +
	       nla_total_size(sizeof(struct ovs_key_ipv6_exthdrs)) +
	       nla_total_size(sizeof(struct ovs_key_icmpv6)) +
	       nla_total_size(sizeof(struct ovs_key_nd));
}

/*
 * The metadata. A mask always carries a TUNNEL nest (with a zero TTL, the
 * one field openvswitch.ko always puts), since its tunnel key is matched
 * by every flow; IN_PORT is absent from a key that matches no port.
 */
static int fp_key_put_meta(const struct fp_key_put *p)
{
	const struct fp_flow_key *o = p->out;
	struct sk_buff *msg = p->msg;
	struct nlattr *tun;
	u32 in_port;

	if (nla_put_u32(msg, OVS_KEY_ATTR_RECIRC_ID, o->recirc_id) ||
	    nla_put_u32(msg, OVS_KEY_ATTR_DP_HASH, o->dp_hash) ||
	    nla_put_u32(msg, OVS_KEY_ATTR_PRIORITY, o->priority))
		return -EMSGSIZE;
	if (p->mask) {
		tun = nla_nest_start_noflag(msg, OVS_KEY_ATTR_TUNNEL);
		if (!tun || nla_put_u8(msg, OVS_TUNNEL_KEY_ATTR_TTL, 0))
			return -EMSGSIZE;
		nla_nest_end(msg, tun);
	}

	if (p->key->in_port != FP_KEY_NO_IN_PORT) {
		in_port = (p->mask ? 0xffff0000 : 0) | o->in_port;
		if (nla_put_u32(msg, OVS_KEY_ATTR_IN_PORT, in_port))
			return -EMSGSIZE;
	} else if (p->mask && o->in_port == FP_KEY_NO_IN_PORT) {
		if (nla_put_u32(msg, OVS_KEY_ATTR_IN_PORT, U32_MAX))
			return -EMSGSIZE;
	}
	return nla_put_u32(msg, OVS_KEY_ATTR_SKB_MARK, o->skb_mark);
}

/* A tag: its TPID as ETHERTYPE (exact in a mask), its TCI as VLAN. */
static int fp_key_put_tag(const struct fp_key_put *p,
			  const struct fp_key_vlan *tag)
{
	__be16 tpid = p->mask ? htons(0xffff) : tag->tpid;

	if (nla_put_be16(p->msg, OVS_KEY_ATTR_ETHERTYPE, tpid) ||
	    nla_put_be16(p->msg, OVS_KEY_ATTR_VLAN, tag->tci))
		return -EMSGSIZE;
	return 0;
}

/*
 * The tags, each followed by an ENCAP nest holding the rest of the key.
 * A tag whose TCI is 0 (cut short in the frame) has an empty ENCAP. On
 * success *@more says whether the L3 part follows; the caller closes the
 * nests in @encap[] in any case.
 */
static int fp_key_put_tags(const struct fp_key_put *p, struct nlattr **encap,
			   bool *more)
{
	const struct fp_flow_key *k = p->key;
	bool tagged_type = eth_type_vlan(k->eth.type);

	*more = true;
	if (!k->vlan.tci && !tagged_type)
		return 0;
	if (fp_key_put_tag(p, &p->out->vlan))
		return -EMSGSIZE;
	encap[0] = nla_nest_start_noflag(p->msg, OVS_KEY_ATTR_ENCAP);
	if (!encap[0])
		return -EMSGSIZE;
	if (!k->vlan.tci) {
		*more = false;
		return 0;
	}

	if (!k->cvlan.tci && !tagged_type)
		return 0;
	if (fp_key_put_tag(p, &p->out->cvlan))
		return -EMSGSIZE;
	encap[1] = nla_nest_start_noflag(p->msg, OVS_KEY_ATTR_ENCAP);
	if (!encap[1])
		return -EMSGSIZE;
	*more = !!k->cvlan.tci;
	return 0;
}

static int fp_key_put_ipv4(const struct fp_key_put *p)
{
	const struct fp_flow_key *o = p->out;
	struct ovs_key_ipv4 ip = {
		.ipv4_src = o->ipv4.src,
		.ipv4_dst = o->ipv4.dst,
		.ipv4_proto = o->ip.proto,
		.ipv4_tos = o->ip.tos,
		.ipv4_ttl = o->ip.ttl,
		.ipv4_frag = o->ip.frag,
	};

	return nla_put(p->msg, OVS_KEY_ATTR_IPV4, sizeof(ip), &ip);
}

static int fp_key_put_ipv6(const struct fp_key_put *p)
{
	const struct fp_flow_key *o = p->out;
	struct ovs_key_ipv6_exthdrs ext = { .hdrs = o->ipv6.exthdrs };
	struct ovs_key_ipv6 ip = {
		.ipv6_label = o->ipv6.label,
		.ipv6_proto = o->ip.proto,
		.ipv6_tclass = o->ip.tos,
		.ipv6_hlimit = o->ip.ttl,
		.ipv6_frag = o->ip.frag,
	};

	memcpy(ip.ipv6_src, &o->ipv6.src, sizeof(ip.ipv6_src));
	memcpy(ip.ipv6_dst, &o->ipv6.dst, sizeof(ip.ipv6_dst));
	if (nla_put(p->msg, OVS_KEY_ATTR_IPV6, sizeof(ip), &ip) ||
	    nla_put(p->msg, OVS_KEY_ATTR_IPV6_EXTHDRS, sizeof(ext), &ext))
		return -EMSGSIZE;
	return 0;
}

static int fp_key_put_arp(const struct fp_key_put *p)
{
	const struct fp_flow_key *o = p->out;
	struct ovs_key_arp arp = {
		.arp_sip = o->ipv4.src,
		.arp_tip = o->ipv4.dst,
		.arp_op = htons(o->ip.proto),
	};

	ether_addr_copy(arp.arp_sha, o->arp.sha);
	ether_addr_copy(arp.arp_tha, o->arp.tha);
	return nla_put(p->msg, OVS_KEY_ATTR_ARP, sizeof(arp), &arp);
}

/* Source and destination ports of TCP, UDP and SCTP, all two __be16. */
static int fp_key_put_ports(const struct fp_key_put *p, int attrtype)
{
	__be16 ports[2] = { p->out->tp.src, p->out->tp.dst };

	BUILD_BUG_ON(sizeof(ports) != sizeof(struct ovs_key_tcp) ||
		     sizeof(ports) != sizeof(struct ovs_key_udp) ||
		     sizeof(ports) != sizeof(struct ovs_key_sctp));
	return nla_put(p->msg, attrtype, sizeof(ports), ports);
}

/* ICMP and ICMPv6: type and code from the low bytes of the ports. */
static int fp_key_put_icmp(const struct fp_key_put *p, int attrtype)
{
	u8 type_code[2] = { ntohs(p->out->tp.src), ntohs(p->out->tp.dst) };

	BUILD_BUG_ON(sizeof(type_code) != sizeof(struct ovs_key_icmp) ||
		     sizeof(type_code) != sizeof(struct ovs_key_icmpv6));
	return nla_put(p->msg, attrtype, sizeof(type_code), type_code);
}

static int fp_key_put_nd(const struct fp_key_put *p)
{
	struct ovs_key_nd nd;

	memcpy(nd.nd_target, &p->out->nd.target, sizeof(nd.nd_target));
	ether_addr_copy(nd.nd_sll, p->out->nd.sll);
	ether_addr_copy(nd.nd_tll, p->out->nd.tll);
	return nla_put(p->msg, OVS_KEY_ATTR_ND, sizeof(nd), &nd);
}

/* The transport attribute of an IPv4/IPv6 key that is not a later
 * fragment; ND follows an ICMPv6 solicitation or advertisement.
 */
static int fp_key_put_l4(const struct fp_key_put *p)
{
	const struct fp_flow_key *k = p->key;
	bool ipv6 = k->eth.type == htons(ETH_P_IPV6);

	switch (k->ip.proto) {
	case IPPROTO_TCP:
		if (fp_key_put_ports(p, OVS_KEY_ATTR_TCP))
			return -EMSGSIZE;
		return nla_put_be16(p->msg, OVS_KEY_ATTR_TCP_FLAGS,
				    p->out->tp.flags);
	case IPPROTO_UDP:
		return fp_key_put_ports(p, OVS_KEY_ATTR_UDP);
	case IPPROTO_SCTP:
		return fp_key_put_ports(p, OVS_KEY_ATTR_SCTP);
	case IPPROTO_ICMP:
		return ipv6 ? 0 : fp_key_put_icmp(p, OVS_KEY_ATTR_ICMP);
	case IPPROTO_ICMPV6:
		if (!ipv6)
			return 0;
		if (fp_key_put_icmp(p, OVS_KEY_ATTR_ICMPV6))
			return -EMSGSIZE;
		if (k->tp.src != htons(NDISC_NEIGHBOUR_SOLICITATION) &&
		    k->tp.src != htons(NDISC_NEIGHBOUR_ADVERTISEMENT))
			return 0;
		return fp_key_put_nd(p);
	}
	return 0;
}

/*
 * The payload EtherType and what follows it. 802.2 frames have no
 * ETHERTYPE in a key (a mask has it, if not zero); a third tag ends the
 * key, as nothing behind it is known.
 */
static int fp_key_put_l3(const struct fp_key_put *p)
{
	const struct fp_flow_key *k = p->key;
	int err = 0;

	if (k->eth.type == htons(ETH_P_802_2)) {
		if (p->mask && p->out->eth.type)
			return nla_put_be16(p->msg, OVS_KEY_ATTR_ETHERTYPE,
					    p->out->eth.type);
		return 0;
	}
	if (nla_put_be16(p->msg, OVS_KEY_ATTR_ETHERTYPE, p->out->eth.type))
		return -EMSGSIZE;

	switch (ntohs(k->eth.type)) {
	case ETH_P_IP:
		err = fp_key_put_ipv4(p);
		break;
	case ETH_P_IPV6:
		err = fp_key_put_ipv6(p);
		break;
	case ETH_P_ARP:
	case ETH_P_RARP:
		return fp_key_put_arp(p);
	default:
		return 0;
	}
	if (err || k->ip.frag == OVS_FRAG_TYPE_LATER)
		return err;
	return fp_key_put_l4(p);
}

static int fp_key_put_all(const struct fp_key_put *p)
{
	struct nlattr *encap[2] = { NULL, NULL };
	struct ovs_key_ethernet eth;
	bool more;
	int err, i;

	err = fp_key_put_meta(p);
	if (err)
		return err;
	ether_addr_copy(eth.eth_src, p->out->eth.src);
	ether_addr_copy(eth.eth_dst, p->out->eth.dst);
	if (nla_put(p->msg, OVS_KEY_ATTR_ETHERNET, sizeof(eth), &eth))
		return -EMSGSIZE;

	err = fp_key_put_tags(p, encap, &more);
	if (!err && more)
		err = fp_key_put_l3(p);
	if (err)
		return err;
	for (i = ARRAY_SIZE(encap) - 1; i >= 0; i--)
		if (encap[i])
			nla_nest_end(p->msg, encap[i]);
	return 0;
}

static int fp_key_put_nest(const struct fp_key_put *p, int attrtype)
{
	struct nlattr *nest;
	int err;

	nest = nla_nest_start_noflag(p->msg, attrtype);
	if (!nest)
		return -EMSGSIZE;
	err = fp_key_put_all(p);
	if (err) {
		nla_nest_cancel(p->msg, nest);
		return err;
	}
	nla_nest_end(p->msg, nest);
	return 0;
}

/**
 * fp_flow_key_to_nlattr - append @key as a nest of OVS_KEY_ATTR_*
 * @key: the key (of a frame, or a flow's masked key)
 * @msg: message with fp_flow_key_nlattr_size() bytes of room
 * @attrtype: type of the nest (OVS_PACKET_ATTR_KEY, OVS_FLOW_ATTR_KEY)
 *
 * Nests carry no NLA_F_NESTED, as openvswitch.ko sends them. Returns 0 or
 * -EMSGSIZE (with nothing added).
 */
int fp_flow_key_to_nlattr(const struct fp_flow_key *key, struct sk_buff *msg,
			  int attrtype)
{
	struct fp_key_put p = { .key = key, .out = key, .msg = msg };

	return fp_key_put_nest(&p, attrtype);
}

/**
 * fp_flow_mask_to_nlattr - append a flow's @mask as a nest of OVS_KEY_ATTR_*
 * @key: the flow's (masked) key: it decides which attributes appear
 * @mask: the mask: it gives their values
 * @msg: message with fp_flow_key_nlattr_size() bytes of room
 * @attrtype: type of the nest (OVS_FLOW_ATTR_MASK)
 */
int fp_flow_mask_to_nlattr(const struct fp_flow_key *key,
			   const struct fp_flow_key *mask, struct sk_buff *msg,
			   int attrtype)
{
	struct fp_key_put p = { .key = key, .out = mask, .mask = true,
				.msg = msg };

	return fp_key_put_nest(&p, attrtype);
}
