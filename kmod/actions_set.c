// SPDX-License-Identifier: GPL-2.0
/*
 * Header rewrites (SET, SET_MASKED) on a frame in the packet path, with
 * every checksum kept right:
 *  - IPv4 addresses, TOS, TTL: the header checksum, incrementally;
 *  - addresses of IPv4 and IPv6: the TCP/UDP/ICMPv6 checksum, whose
 *    pseudo-header holds them, for any ip_summed (inet_proto_csum_replace*
 *    knows CHECKSUM_PARTIAL and CHECKSUM_COMPLETE); a UDP checksum of 0
 *    (none, IPv4) stays 0;
 *  - ports: the L4 checksum; under CHECKSUM_PARTIAL it holds only the
 *    pseudo-header, which ports are not part of;
 *  - anything under CHECKSUM_COMPLETE whose change no other checksum field
 *    compensates (Ethernet addresses, the IPv6 header's first 8 bytes):
 *    skb->csum, by pulling the old bytes out of it and pushing the new in.
 * L4 rewrites skip later fragments: they carry no L4 header.
 *
 * The frame was prepared by actions_exec.c: data and mac header at the
 * Ethernet header, network header at L3. Writes go through
 * skb_ensure_writable() first (frames may be clones or non-linear); since
 * it may move the data, header pointers are taken only after it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/sctp.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/dsfield.h>
#include <net/ipv6.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/skbuff.h>

#include "actions_priv.h"
#include "flow_key.h"

#define FP_MASKED(old, val, mask)	(((val) & (mask)) | ((old) & ~(mask)))

/*
 * Where the L4 header of an IPv4 or IPv6 frame starts, and its protocol;
 * -1 if there is none to rewrite (bad header, later fragment).
 */
static int fp_set_l4_offset(const struct sk_buff *skb, __be16 eth_type,
			    u8 *proto)
{
	int l3 = skb_network_offset(skb);

	if (eth_type == htons(ETH_P_IP)) {
		const struct iphdr *iph;
		struct iphdr _iph;

		iph = skb_header_pointer(skb, l3, sizeof(_iph), &_iph);
		if (!iph || iph->ihl < 5 || iph->frag_off & htons(IP_OFFSET))
			return -1;
		*proto = iph->protocol;
		return l3 + iph->ihl * 4;
	}
	if (eth_type == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6;
		struct ipv6hdr _ip6;
		__be16 frag = 0;
		int off;

		ip6 = skb_header_pointer(skb, l3, sizeof(_ip6), &_ip6);
		if (!ip6)
			return -1;
		*proto = ip6->nexthdr;
		off = ipv6_skip_exthdr(skb, l3 + sizeof(*ip6), proto, &frag);
		return off < 0 || (frag & htons(~0x7)) ? -1 : off;
	}
	return -1;
}

/* Size of the L4 header whose checksum covers the IP addresses. */
static unsigned int fp_set_l4_csum_hdrlen(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return sizeof(struct tcphdr);
	case IPPROTO_UDP:
		return sizeof(struct udphdr);
	case IPPROTO_ICMPV6:
		return sizeof(struct icmp6hdr);
	default:
		return 0;
	}
}

/*
 * Makes the L4 header writable if the frame has one whose checksum covers
 * the addresses; returns its offset, -1 if there is none to update (no
 * such protocol, a frame cut before it), -ENOMEM if it could not be made
 * writable (the frame is then dropped, not sent with a stale checksum).
 */
static int fp_set_l4_for_addr(struct sk_buff *skb, __be16 eth_type)
{
	unsigned int hlen;
	u8 proto;
	int l4;

	l4 = fp_set_l4_offset(skb, eth_type, &proto);
	if (l4 < 0)
		return -1;
	hlen = fp_set_l4_csum_hdrlen(proto);
	if (!hlen || (proto == IPPROTO_ICMPV6 && eth_type != htons(ETH_P_IPV6)) ||
	    skb->len < l4 + hlen)
		return -1;
	return skb_ensure_writable(skb, l4 + hlen) ? -ENOMEM : l4;
}

/* The L4 checksum field at @l4 for @proto, or NULL (UDP without one). */
static __sum16 *fp_set_l4_check(struct sk_buff *skb, int l4, u8 proto)
{
	struct udphdr *uh;

	switch (proto) {
	case IPPROTO_TCP:
		return &((struct tcphdr *)(skb->data + l4))->check;
	case IPPROTO_ICMPV6:
		return &((struct icmp6hdr *)(skb->data + l4))->icmp6_cksum;
	default:
		uh = (struct udphdr *)(skb->data + l4);
		return uh->check || skb->ip_summed == CHECKSUM_PARTIAL ?
		       &uh->check : NULL;
	}
}

static void fp_set_fix_udp_zero(__sum16 *check, u8 proto)
{
	/* 0 means "no checksum" to UDP: a computed 0 is sent as 0xffff. */
	if (proto == IPPROTO_UDP && !*check)
		*check = CSUM_MANGLED_0;
}

static void fp_set_ipv4_addr(struct sk_buff *skb, int l4, u8 proto,
			     __be32 *addr, __be32 new)
{
	struct iphdr *iph = ip_hdr(skb);
	__sum16 *check = l4 >= 0 ? fp_set_l4_check(skb, l4, proto) : NULL;

	if (check) {
		inet_proto_csum_replace4(check, skb, *addr, new, true);
		fp_set_fix_udp_zero(check, proto);
	}
	csum_replace4(&iph->check, *addr, new);
	*addr = new;
	skb_clear_hash(skb);
	nf_reset_ct(skb);
}

static int fp_set_ipv4(struct sk_buff *skb, struct fp_flow_key *key,
		       const struct ovs_key_ipv4 *v,
		       const struct ovs_key_ipv4 *m)
{
	int l3 = skb_network_offset(skb), l4 = -1;
	struct iphdr *iph;
	u8 proto = 0;

	if (skb_ensure_writable(skb, l3 + sizeof(*iph)))
		return -ENOMEM;
	if (m->ipv4_src || m->ipv4_dst) {
		l4 = fp_set_l4_for_addr(skb, htons(ETH_P_IP));
		if (l4 == -ENOMEM)
			return l4;
		if (l4 >= 0)
			proto = ip_hdr(skb)->protocol;
	}
	iph = ip_hdr(skb);
	if (m->ipv4_src && FP_MASKED(iph->saddr, v->ipv4_src, m->ipv4_src) != iph->saddr) {
		fp_set_ipv4_addr(skb, l4, proto, &iph->saddr,
				 FP_MASKED(iph->saddr, v->ipv4_src, m->ipv4_src));
		key->ipv4.src = iph->saddr;
	}
	if (m->ipv4_dst && FP_MASKED(iph->daddr, v->ipv4_dst, m->ipv4_dst) != iph->daddr) {
		fp_set_ipv4_addr(skb, l4, proto, &iph->daddr,
				 FP_MASKED(iph->daddr, v->ipv4_dst, m->ipv4_dst));
		key->ipv4.dst = iph->daddr;
	}
	if (m->ipv4_tos) {
		ipv4_change_dsfield(iph, ~m->ipv4_tos, v->ipv4_tos & m->ipv4_tos);
		key->ip.tos = iph->tos;
	}
	if (m->ipv4_ttl) {
		u8 ttl = FP_MASKED(iph->ttl, v->ipv4_ttl, m->ipv4_ttl);

		csum_replace2(&iph->check, htons(iph->ttl << 8), htons(ttl << 8));
		iph->ttl = ttl;
		key->ip.ttl = ttl;
	}
	return 0;
}

static bool fp_set_ipv6_mask_set(const __be32 *mask)
{
	return mask[0] | mask[1] | mask[2] | mask[3];
}

/*
 * Rewrites one IPv6 address (@addr points into the header) to its masked
 * new value; @l4 < 0 or !@csum: no L4 checksum to follow it.
 */
static void fp_set_ipv6_addr(struct sk_buff *skb, int l4, u8 proto, bool csum,
			     __be32 *addr, const __be32 *v, const __be32 *m,
			     struct in6_addr *key_addr)
{
	__be32 new[4];
	__sum16 *check;
	int i;

	for (i = 0; i < 4; i++)
		new[i] = FP_MASKED(addr[i], v[i], m[i]);
	if (!memcmp(addr, new, sizeof(new)))
		return;
	check = csum && l4 >= 0 ? fp_set_l4_check(skb, l4, proto) : NULL;
	if (check) {
		inet_proto_csum_replace16(check, skb, addr, new, true);
		fp_set_fix_udp_zero(check, proto);
	}
	memcpy(addr, new, sizeof(new));
	memcpy(key_addr, new, sizeof(new));
	skb_clear_hash(skb);
	nf_reset_ct(skb);
}

/*
 * A routing header with segments left means the destination in the
 * pseudo-header is the final one, not this one: no L4 update then.
 */
static bool fp_set_ipv6_dst_in_csum(struct sk_buff *skb)
{
	int flags = IP6_FH_F_SKIP_RH;
	unsigned int off = 0;

	if (!ipv6_ext_hdr(ipv6_hdr(skb)->nexthdr))
		return true;
	return ipv6_find_hdr(skb, &off, NEXTHDR_ROUTING, NULL, &flags) !=
	       NEXTHDR_ROUTING;
}

/* Traffic class, flow label, hop limit: the first 8 bytes of the header. */
static void fp_set_ipv6_fixed(struct sk_buff *skb, struct fp_flow_key *key,
			      const struct ovs_key_ipv6 *v,
			      const struct ovs_key_ipv6 *m)
{
	struct ipv6hdr *ip6 = ipv6_hdr(skb);
	__be32 *word = (__be32 *)ip6;
	u32 label;

	skb_postpull_rcsum(skb, ip6, 8);
	if (m->ipv6_tclass) {
		ipv6_change_dsfield(ip6, ~m->ipv6_tclass,
				    v->ipv6_tclass & m->ipv6_tclass);
		key->ip.tos = ipv6_get_dsfield(ip6);
	}
	if (m->ipv6_label) {
		label = FP_MASKED(ntohl(*word), ntohl(v->ipv6_label),
				  ntohl(m->ipv6_label));
		*word = htonl(label);
		key->ipv6.label = htonl(label & 0x000fffff);
	}
	if (m->ipv6_hlimit) {
		ip6->hop_limit = FP_MASKED(ip6->hop_limit, v->ipv6_hlimit,
					   m->ipv6_hlimit);
		key->ip.ttl = ip6->hop_limit;
	}
	skb_postpush_rcsum(skb, ip6, 8);
}

static int fp_set_ipv6(struct sk_buff *skb, struct fp_flow_key *key,
		       const struct ovs_key_ipv6 *v,
		       const struct ovs_key_ipv6 *m)
{
	int l3 = skb_network_offset(skb), l4 = -1;
	bool dst_csum = true;
	struct ipv6hdr *ip6;
	u8 proto = 0;

	if (skb_ensure_writable(skb, l3 + sizeof(*ip6)))
		return -ENOMEM;
	if (fp_set_ipv6_mask_set(m->ipv6_src) ||
	    fp_set_ipv6_mask_set(m->ipv6_dst)) {
		l4 = fp_set_l4_for_addr(skb, htons(ETH_P_IPV6));
		if (l4 == -ENOMEM)
			return l4;
		if (l4 >= 0)
			fp_set_l4_offset(skb, htons(ETH_P_IPV6), &proto);
		dst_csum = fp_set_ipv6_dst_in_csum(skb);
	}
	ip6 = ipv6_hdr(skb);
	if (fp_set_ipv6_mask_set(m->ipv6_src))
		fp_set_ipv6_addr(skb, l4, proto, true, ip6->saddr.s6_addr32,
				 v->ipv6_src, m->ipv6_src, &key->ipv6.src);
	if (fp_set_ipv6_mask_set(m->ipv6_dst))
		fp_set_ipv6_addr(skb, l4, proto, dst_csum, ip6->daddr.s6_addr32,
				 v->ipv6_dst, m->ipv6_dst, &key->ipv6.dst);
	if (m->ipv6_tclass || m->ipv6_label || m->ipv6_hlimit)
		fp_set_ipv6_fixed(skb, key, v, m);
	return 0;
}

/*
 * The L4 header of a TCP or UDP frame, writable for @hlen bytes; -1 if the
 * frame has none (later fragment), -ENOMEM if it is cut short.
 */
static int fp_set_l4_ports_at(struct sk_buff *skb, struct fp_flow_key *key,
			      unsigned int hlen)
{
	u8 proto;
	int l4 = fp_set_l4_offset(skb, key->eth.type, &proto);

	if (l4 < 0)
		return -1;
	if (skb_ensure_writable(skb, l4 + hlen))
		return -ENOMEM;
	return l4;
}

static void fp_set_port(struct sk_buff *skb, __be16 *port, __be16 new,
			__sum16 *check)
{
	if (check)
		inet_proto_csum_replace2(check, skb, *port, new, false);
	*port = new;
}

static int fp_set_tcp(struct sk_buff *skb, struct fp_flow_key *key,
		      const struct ovs_key_tcp *v, const struct ovs_key_tcp *m)
{
	int l4 = fp_set_l4_ports_at(skb, key, sizeof(struct tcphdr));
	struct tcphdr *th;
	__be16 src, dst;

	if (l4 < 0)
		return l4 == -1 ? 0 : l4;
	th = (struct tcphdr *)(skb->data + l4);
	src = FP_MASKED(th->source, v->tcp_src, m->tcp_src);
	dst = FP_MASKED(th->dest, v->tcp_dst, m->tcp_dst);
	if (src != th->source || dst != th->dest) {
		fp_set_port(skb, &th->source, src, &th->check);
		fp_set_port(skb, &th->dest, dst, &th->check);
		skb_clear_hash(skb);
		nf_reset_ct(skb);
	}
	key->tp.src = src;
	key->tp.dst = dst;
	return 0;
}

/* A UDP checksum of 0 (IPv4: none) stays 0; so does a partial one. */
static int fp_set_udp(struct sk_buff *skb, struct fp_flow_key *key,
		      const struct ovs_key_udp *v, const struct ovs_key_udp *m)
{
	int l4 = fp_set_l4_ports_at(skb, key, sizeof(struct udphdr));
	struct udphdr *uh;
	__sum16 *check;
	__be16 src, dst;

	if (l4 < 0)
		return l4 == -1 ? 0 : l4;
	uh = (struct udphdr *)(skb->data + l4);
	check = uh->check && skb->ip_summed != CHECKSUM_PARTIAL ?
		&uh->check : NULL;
	src = FP_MASKED(uh->source, v->udp_src, m->udp_src);
	dst = FP_MASKED(uh->dest, v->udp_dst, m->udp_dst);
	if (src != uh->source || dst != uh->dest) {
		fp_set_port(skb, &uh->source, src, check);
		fp_set_port(skb, &uh->dest, dst, check);
		if (check)
			fp_set_fix_udp_zero(check, IPPROTO_UDP);
		skb_clear_hash(skb);
		nf_reset_ct(skb);
	}
	key->tp.src = src;
	key->tp.dst = dst;
	return 0;
}

/*
 * SCTP's CRC32c (Castagnoli, reflected polynomial), a bit at a time: port
 * rewrites of SCTP are rare, and computing it here spares flowpath.ko a
 * dependency on libcrc32c (insmod does not load dependencies).
 */
static u32 fp_crc32c(u32 crc, const u8 *p, unsigned int len)
{
	unsigned int bit;

	while (len--) {
		crc ^= *p++;
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0x82f63b78U & -(crc & 1));
	}
	return crc;
}

/* The checksum SCTP wants at @l4 (from there to the end: linear data). */
static __le32 fp_sctp_csum(struct sk_buff *skb, int l4)
{
	struct sctphdr *sh = (struct sctphdr *)(skb->data + l4);
	__le32 saved = sh->checksum;
	u32 crc;

	sh->checksum = 0;
	crc = fp_crc32c(~0U, skb->data + l4, skb->len - l4);
	sh->checksum = saved;
	return cpu_to_le32(~crc);
}

/*
 * The checksum covers the whole packet, so all of it is made linear and
 * writable. A frame whose checksum was wrong leaves wrong by the same
 * bits: rewriting a port must not make a corrupt frame look valid.
 */
static int fp_set_sctp(struct sk_buff *skb, struct fp_flow_key *key,
		       const struct ovs_key_sctp *v, const struct ovs_key_sctp *m)
{
	int l4 = fp_set_l4_ports_at(skb, key, sizeof(struct sctphdr));
	struct sctphdr *sh;
	__be16 src, dst;
	__le32 wrong;

	if (l4 < 0)
		return l4 == -1 ? 0 : l4;
	if (skb_ensure_writable(skb, skb->len))
		return -ENOMEM;
	sh = (struct sctphdr *)(skb->data + l4);
	src = FP_MASKED(sh->source, v->sctp_src, m->sctp_src);
	dst = FP_MASKED(sh->dest, v->sctp_dst, m->sctp_dst);
	if (src != sh->source || dst != sh->dest) {
		wrong = sh->checksum ^ fp_sctp_csum(skb, l4);
		skb_postpull_rcsum(skb, sh, sizeof(*sh));
		sh->source = src;
		sh->dest = dst;
		sh->checksum = fp_sctp_csum(skb, l4) ^ wrong;
		skb_postpush_rcsum(skb, sh, sizeof(*sh));
		skb_clear_hash(skb);
		nf_reset_ct(skb);
	}
	key->tp.src = src;
	key->tp.dst = dst;
	return 0;
}

static int fp_set_ethernet(struct sk_buff *skb, struct fp_flow_key *key,
			   const struct ovs_key_ethernet *v,
			   const struct ovs_key_ethernet *m)
{
	struct ethhdr *eth;
	int i;

	if (skb_ensure_writable(skb, ETH_HLEN))
		return -ENOMEM;
	eth = (struct ethhdr *)skb->data;
	skb_postpull_rcsum(skb, eth, 2 * ETH_ALEN);
	for (i = 0; i < ETH_ALEN; i++) {
		eth->h_source[i] = FP_MASKED(eth->h_source[i], v->eth_src[i],
					     m->eth_src[i]);
		eth->h_dest[i] = FP_MASKED(eth->h_dest[i], v->eth_dst[i],
					   m->eth_dst[i]);
	}
	skb_postpush_rcsum(skb, eth, 2 * ETH_ALEN);
	ether_addr_copy(key->eth.src, eth->h_source);
	ether_addr_copy(key->eth.dst, eth->h_dest);
	return 0;
}

/**
 * fp_set_execute - apply one SET/SET_MASKED to a frame and to its key
 * @skb: the frame, prepared (see above)
 * @key: its key, updated with the new values so that later actions
 *	(a userspace upcall, a recirculation) see them
 * @set: the compiled rewrite
 *
 * Returns 0, or -ENOMEM when the frame could not be made writable (it is
 * then dropped by the caller, as openvswitch.ko does). Packet path.
 */
int fp_set_execute(struct sk_buff *skb, struct fp_flow_key *key,
		   const struct fp_act_set *set)
{
	const union fp_set_value *v = &set->value, *m = &set->mask;

	switch (set->field) {
	case FP_SET_PRIORITY:
		skb->priority = FP_MASKED(skb->priority, v->u32, m->u32);
		key->priority = skb->priority;
		return 0;
	case FP_SET_SKB_MARK:
		skb->mark = FP_MASKED(skb->mark, v->u32, m->u32);
		key->skb_mark = skb->mark;
		return 0;
	case FP_SET_ETHERNET:
		return fp_set_ethernet(skb, key, &v->eth, &m->eth);
	case FP_SET_IPV4:
		return fp_set_ipv4(skb, key, &v->ipv4, &m->ipv4);
	case FP_SET_IPV6:
		return fp_set_ipv6(skb, key, &v->ipv6, &m->ipv6);
	case FP_SET_TCP:
		return fp_set_tcp(skb, key, &v->tcp, &m->tcp);
	case FP_SET_UDP:
		return fp_set_udp(skb, key, &v->udp, &m->udp);
	case FP_SET_SCTP:
		return fp_set_sctp(skb, key, &v->sctp, &m->sctp);
	}
	return 0;
}
