// SPDX-License-Identifier: GPL-2.0
/*
 * Flow key extraction for IPv6: the fixed header, the extension-header
 * summary (OVS_KEY_ATTR_IPV6_EXTHDRS), fragments, the transport header
 * behind the extension headers, ICMPv6 and Neighbor Discovery. Same rules
 * as openvswitch.ko (see flow_key.c), quirks included: a broken extension
 * header chain gives protocol 59 ("no next header"), a later fragment
 * protocol 44, and malformed ND options keep what was read before them.
 */
#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/openvswitch.h>
#include <net/dsfield.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "flow_key.h"
#include "flow_key_priv.h"

/*
 * Adds extension header @self to the summary @bits: a repeat sets UNREP,
 * and any header before it outside @may_precede (or a second destination
 * options header) sets UNSEQ.
 */
static u16 fp_ieh_add(u16 bits, u16 self, u16 may_precede, int n_dest)
{
	if (bits & self)
		bits |= FP_IEH_UNREP;
	if ((bits & ~(may_precede | FP_IEH_UNREP)) || n_dest >= 2)
		bits |= FP_IEH_UNSEQ;
	return bits | self;
}

/* Destination options may come once before the routing header and once
 * before the payload; a third is a repeat.
 */
static u16 fp_ieh_add_dest(u16 bits, int n_dest)
{
	const u16 before_first = FP_IEH_HOP | FP_IEH_UNREP;
	const u16 before_second = FP_IEH_HOP | FP_IEH_DEST | FP_IEH_ROUTER |
				  FP_IEH_FRAG | FP_IEH_AUTH | FP_IEH_ESP |
				  FP_IEH_UNREP;

	if (n_dest == 0)
		return (bits & ~before_first ? bits | FP_IEH_UNSEQ : bits) |
		       FP_IEH_DEST;
	if (n_dest == 1)
		return bits & ~before_second ? bits | FP_IEH_UNSEQ : bits;
	return bits | FP_IEH_UNREP;
}

static u16 fp_ieh_account(u16 bits, u8 nexthdr, int *n_dest)
{
	switch (nexthdr) {
	case NEXTHDR_AUTH:
		return fp_ieh_add(bits, FP_IEH_AUTH, FP_IEH_HOP | FP_IEH_DEST |
				  FP_IEH_ROUTER | FP_IEH_FRAG, *n_dest);
	case NEXTHDR_DEST:
		return fp_ieh_add_dest(bits, (*n_dest)++);
	case NEXTHDR_FRAGMENT:
		return fp_ieh_add(bits, FP_IEH_FRAG, FP_IEH_HOP | FP_IEH_DEST |
				  FP_IEH_ROUTER, *n_dest);
	case NEXTHDR_ROUTING:
		return fp_ieh_add(bits, FP_IEH_ROUTER, FP_IEH_HOP | FP_IEH_DEST,
				  *n_dest);
	case NEXTHDR_HOP:
		/* Hop-by-hop belongs first and only there. */
		if (bits & FP_IEH_HOP)
			bits |= FP_IEH_UNREP;
		return bits ? bits | FP_IEH_UNSEQ : FP_IEH_HOP;
	}
	return bits;
}

/*
 * The OFPIEH12_* summary of the chain that starts with @nexthdr. Every
 * header is stepped over by its 8-octet length (as openvswitch.ko does,
 * AH and fragment included) and the walk stops at the first header the
 * frame does not hold. ESP is not an extension header to ipv6_ext_hdr(),
 * so the walk stops before it and its bit is never set, as there.
 */
static u16 fp_flow_key_ipv6_exthdrs(const struct sk_buff *skb,
				    unsigned int off, u8 nexthdr)
{
	const struct ipv6_opt_hdr *hp;
	struct ipv6_opt_hdr _hp;
	int n_dest = 0;
	u16 bits = 0;

	while (ipv6_ext_hdr(nexthdr)) {
		if (nexthdr == NEXTHDR_NONE)
			return bits | FP_IEH_NONEXT;
		bits = fp_ieh_account(bits, nexthdr, &n_dest);
		hp = skb_header_pointer(skb, off, sizeof(_hp), &_hp);
		if (!hp)
			break;
		nexthdr = hp->nexthdr;
		off += ipv6_optlen(hp);
	}
	return bits;
}

/* Where the chain of extension headers led. */
struct fp_ipv6_walk {
	unsigned int th;	/* transport header offset */
	u16 frag_off;		/* fragment offset, 0 if first or none */
	bool frag;		/* a fragment header was met */
};

/*
 * The length of the extension header @hp of type @nexthdr at @off, or 0
 * if the frame cannot hold the part of it that is read. A fragment header
 * records itself, and its offset, in @w.
 */
static unsigned int fp_ipv6_ext_len(const struct sk_buff *skb,
				    unsigned int off, u8 nexthdr,
				    const struct ipv6_opt_hdr *hp,
				    struct fp_ipv6_walk *w)
{
	const __be16 *frag_off;
	__be16 _frag_off;

	switch (nexthdr) {
	case NEXTHDR_ROUTING:
		if (skb->len < off + sizeof(struct ipv6_rt_hdr))
			return 0;
		break;
	case NEXTHDR_FRAGMENT:
		w->frag = true;
		frag_off = skb_header_pointer(skb, off +
					      offsetof(struct frag_hdr, frag_off),
					      sizeof(_frag_off), &_frag_off);
		if (!frag_off)
			return 0;
		w->frag_off = ntohs(*frag_off) & ~0x7;
		return sizeof(struct frag_hdr);
	case NEXTHDR_AUTH:
		return ipv6_authlen(hp);
	}
	return ipv6_optlen(hp);
}

/*
 * Walks the extension headers as ipv6_find_hdr() does for openvswitch.ko
 * (no target): returns the upper-layer protocol with w->th at its header,
 * or -1 if the chain is cut or leads nowhere. A non-first fragment
 * returns at once with w->frag_off set.
 */
static int fp_flow_key_ipv6_walk(const struct sk_buff *skb, unsigned int off,
				 u8 nexthdr, struct fp_ipv6_walk *w)
{
	const struct ipv6_opt_hdr *hp;
	struct ipv6_opt_hdr _hp;
	unsigned int len;

	while (ipv6_ext_hdr(nexthdr) && nexthdr != NEXTHDR_NONE) {
		hp = skb_header_pointer(skb, off, sizeof(_hp), &_hp);
		if (!hp)
			return -1;
		len = fp_ipv6_ext_len(skb, off, nexthdr, hp, w);
		if (!len)
			return -1;
		if (w->frag_off) {
			/* Only a fragment whose next header is the payload
			 * tells its protocol.
			 */
			if (ipv6_ext_hdr(hp->nexthdr) &&
			    hp->nexthdr != NEXTHDR_NONE) {
				w->frag_off = 0;
				return -1;
			}
			return hp->nexthdr;
		}
		if (skb->len - off < len)
			return -1;
		nexthdr = hp->nexthdr;
		off += len;
	}
	w->th = off;
	return nexthdr;
}

/* The link-layer address of an ND option at @off; false if the same
 * option already gave a non-zero one (the whole ND key is then void).
 */
static bool fp_flow_key_nd_lladdr(const u8 *opt, u8 *lladdr)
{
	if (!is_zero_ether_addr(lladdr))
		return false;
	ether_addr_copy(lladdr, opt + 2);
	return true;
}

/*
 * Neighbor solicitation/advertisement at @th, @len bytes to the frame's
 * end: the target, then the source/target link-layer address options of
 * 8 bytes. An option of length 0 or past the end stops the walk and keeps
 * what was read; a repeated address option clears the target and both
 * addresses. Options of other lengths are stepped over.
 */
static void fp_flow_key_nd(const struct sk_buff *skb, unsigned int th,
			   unsigned int len, struct fp_flow_key *key)
{
	const unsigned int nd_len = sizeof(struct nd_msg);
	unsigned int off, opt_len;
	u8 _opt[8];
	const u8 *opt;

	if (len < nd_len ||
	    skb_copy_bits(skb, th + sizeof(struct icmp6hdr), &key->nd.target,
			  sizeof(key->nd.target)))
		return;

	for (off = th + nd_len, len -= nd_len; len >= sizeof(_opt);
	     off += opt_len, len -= opt_len) {
		opt = skb_header_pointer(skb, off, sizeof(_opt), _opt);
		if (!opt)
			return;
		opt_len = opt[1] * 8;
		if (!opt_len || opt_len > len)
			return;
		if (opt_len != sizeof(_opt))
			continue;
		if ((opt[0] == ND_OPT_SOURCE_LL_ADDR &&
		     !fp_flow_key_nd_lladdr(opt, key->nd.sll)) ||
		    (opt[0] == ND_OPT_TARGET_LL_ADDR &&
		     !fp_flow_key_nd_lladdr(opt, key->nd.tll))) {
			memset(&key->nd, 0, sizeof(key->nd));
			return;
		}
	}
}

/* ICMPv6 type and code in the port fields (the whole 8-byte header must be
 * there), and ND fields for a solicitation or advertisement of code 0.
 */
static void fp_flow_key_icmpv6(const struct sk_buff *skb, unsigned int th,
			       struct fp_flow_key *key)
{
	const struct icmp6hdr *icmp;
	struct icmp6hdr _icmp;

	icmp = skb_header_pointer(skb, th, sizeof(_icmp), &_icmp);
	if (!icmp)
		return;
	key->tp.src = htons(icmp->icmp6_type);
	key->tp.dst = htons(icmp->icmp6_code);
	if (icmp->icmp6_code == 0 &&
	    (icmp->icmp6_type == NDISC_NEIGHBOUR_SOLICITATION ||
	     icmp->icmp6_type == NDISC_NEIGHBOUR_ADVERTISEMENT))
		fp_flow_key_nd(skb, th, skb->len - th, key);
}

/* The fixed header's fields; false if the frame cannot hold it (the key
 * then has EtherType IPv6 and every IPv6 field zero).
 */
static bool fp_flow_key_ipv6_hdr(const struct sk_buff *skb, unsigned int nh,
				 struct fp_flow_key *key, u8 *nexthdr)
{
	const struct ipv6hdr *ip6;
	struct ipv6hdr _ip6;

	ip6 = skb_header_pointer(skb, nh, sizeof(_ip6), &_ip6);
	if (!ip6)
		return false;
	key->ipv6.exthdrs = fp_flow_key_ipv6_exthdrs(skb, nh + sizeof(_ip6),
						     ip6->nexthdr);
	key->ip.tos = ipv6_get_dsfield(ip6);
	key->ip.ttl = ip6->hop_limit;
	key->ipv6.label = *(const __be32 *)ip6 & IPV6_FLOWLABEL_MASK;
	key->ipv6.src = ip6->saddr;
	key->ipv6.dst = ip6->daddr;
	*nexthdr = ip6->nexthdr;
	return true;
}

/**
 * fp_flow_key_ipv6 - IPv6 fields, then the transport ones
 *
 * The protocol is the one behind the extension headers: 59 if the chain
 * is cut, 44 for a later fragment (which has no transport fields).
 */
void fp_flow_key_ipv6(const struct sk_buff *skb, unsigned int nh,
		      struct fp_flow_key *key)
{
	struct fp_ipv6_walk walk = {};
	int proto;
	u8 next;

	if (!fp_flow_key_ipv6_hdr(skb, nh, key, &next))
		return;
	key->ip.proto = NEXTHDR_NONE;
	proto = fp_flow_key_ipv6_walk(skb, nh + sizeof(struct ipv6hdr), next,
				      &walk);
	if (walk.frag_off) {
		key->ip.frag = OVS_FRAG_TYPE_LATER;
		key->ip.proto = NEXTHDR_FRAGMENT;
		return;
	}
	if (walk.frag)
		key->ip.frag = OVS_FRAG_TYPE_FIRST;
	if (proto < 0)
		return;
	if (skb_shinfo(skb)->gso_type & SKB_GSO_UDP)
		key->ip.frag = OVS_FRAG_TYPE_FIRST;

	key->ip.proto = proto;
	if (proto == NEXTHDR_ICMP)
		fp_flow_key_icmpv6(skb, walk.th, key);
	else
		fp_flow_key_ports(skb, walk.th, key);
}
