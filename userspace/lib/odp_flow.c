// SPDX-License-Identifier: GPL-2.0
/*
 * fp_flow -> OVS_KEY_ATTR_* attributes, and the mask fix-ups that make the
 * result acceptable to openvswitch.ko. The other direction is in
 * odp_flow_parse.c, the explanations of refusals in odp_flow_check.c.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <netinet/in.h>

#include "odp_flow.h"
#include "odp_nla.h"

#define ND_SOLICIT 135
#define ND_ADVERT 136

static const fp_be16 be16_ones = 0xffff;

/* ---- mask fix-ups ---- */

static bool nd_masked(const struct fp_flow *m)
{
	static const uint8_t zero_mac[6];

	return !IN6_IS_ADDR_UNSPECIFIED(&m->nd_target) ||
	       memcmp(m->arp_sha, zero_mac, 6) || memcmp(m->arp_tha, zero_mac, 6);
}

static bool l4_masked(const struct fp_flow *m)
{
	return m->tp_src || m->tp_dst || m->tcp_flags;
}

static bool l3_masked(const struct fp_flow *m)
{
	return m->nw_src || m->nw_dst || m->nw_proto || m->nw_tos ||
	       m->nw_ttl || m->nw_frag || m->ipv6_label ||
	       !IN6_IS_ADDR_UNSPECIFIED(&m->ipv6_src) ||
	       !IN6_IS_ADDR_UNSPECIFIED(&m->ipv6_dst) || nd_masked(m) ||
	       l4_masked(m);
}

static void clear_nd(struct fp_flow *m)
{
	memset(&m->nd_target, 0, sizeof(m->nd_target));
	memset(m->arp_sha, 0, sizeof(m->arp_sha));
	memset(m->arp_tha, 0, sizeof(m->arp_tha));
}

static void clear_l4(struct fp_flow *m)
{
	m->tp_src = m->tp_dst = m->tcp_flags = 0;
}

static void clear_ipv6(struct fp_flow *m)
{
	memset(&m->ipv6_src, 0, sizeof(m->ipv6_src));
	memset(&m->ipv6_dst, 0, sizeof(m->ipv6_dst));
	m->ipv6_label = 0;
}

static void clear_l3(struct fp_flow *m)
{
	m->nw_src = m->nw_dst = 0;
	m->nw_proto = m->nw_tos = m->nw_ttl = m->nw_frag = 0;
	clear_ipv6(m);
	clear_nd(m);
	clear_l4(m);
}

/* The datapath's ICMP type and code are one byte each. */
static void icmp_bytes(struct fp_flow *m)
{
	m->tp_src &= htons(0x00ff);
	m->tp_dst &= htons(0x00ff);
	m->tcp_flags = 0;
}

/*
 * nd() is only allowed with an exact ICMPv6 type, and only exists for
 * solicitations and advertisements: for other types the kernel's key has
 * no ND fields (they are zero), so a mask on them matches nothing more.
 */
static void fixup_nd(const struct fp_flow *key, struct fp_flow *m)
{
	if (!nd_masked(m))
		return;
	m->tp_src = htons(0x00ff);
	if (key->tp_src != htons(ND_SOLICIT) && key->tp_src != htons(ND_ADVERT))
		clear_nd(m);
}

static void fixup_l4(const struct fp_flow *key, struct fp_flow *m, bool v6)
{
	switch (key->nw_proto) {
	case IPPROTO_TCP:
		m->tcp_flags &= htons(0x0fff);
		clear_nd(m);
		return;
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		m->tcp_flags = 0;
		clear_nd(m);
		return;
	case IPPROTO_ICMP:
		if (v6)
			break;
		icmp_bytes(m);
		clear_nd(m);
		return;
	case IPPROTO_ICMPV6:
		if (!v6)
			break;
		icmp_bytes(m);
		fixup_nd(key, m);
		return;
	}
	clear_l4(m);
	clear_nd(m);
}

static void fixup_ip(const struct fp_flow *key, struct fp_flow *m, bool v6)
{
	if (v6) {
		m->nw_src = m->nw_dst = 0;
		m->ipv6_label &= htonl(0x000fffff);
	} else {
		clear_ipv6(m);
		clear_nd(m);
	}
	/* The fragment type is an enumeration: a partial mask means nothing. */
	m->nw_frag = m->nw_frag ? 0xff : 0;
	if (!l4_masked(m) && !nd_masked(m))
		return;
	/* Later fragments have no L4 header; the kernel's key has zeros. */
	if (m->nw_frag && key->nw_frag == OVS_FRAG_TYPE_LATER) {
		clear_l4(m);
		clear_nd(m);
		return;
	}
	m->nw_proto = 0xff;
	fixup_l4(key, m, v6);
}

/* ARP keeps spa/tpa, the opcode's low byte, sha and tha; nothing else. */
static void fixup_arp(struct fp_flow *m)
{
	m->nw_tos = m->nw_ttl = m->nw_frag = 0;
	clear_ipv6(m);
	memset(&m->nd_target, 0, sizeof(m->nd_target));
	clear_l4(m);
}

/*
 * A tag's TPID and "present" bit are matched whenever a tag is there; where
 * the frame has no (more) tags, the kernel matches "no tag" exactly.
 */
static void fixup_vlans(const struct fp_flow *key, struct fp_flow *m)
{
	int i;

	for (i = 0; i < FP_FLOW_MAX_VLANS && fp_flow_has_vlan(key, i); i++) {
		m->vlans[i].tpid = be16_ones;
		m->vlans[i].tci |= htons(FP_VLAN_PRESENT);
	}
	for (; i < FP_FLOW_MAX_VLANS; i++) {
		m->vlans[i].tpid = key->vlans[i].tpid ? be16_ones : 0;
		m->vlans[i].tci = be16_ones;
	}
}

void fp_odp_flow_fixup_mask(const struct fp_flow *key, struct fp_flow *m)
{
	m->in_port = m->in_port ? UINT32_MAX : 0;
	memset(m->pad, 0, sizeof(m->pad));
	fixup_vlans(key, m);
	/*
	 * Under a tag the EtherType is exact too: openvswitch.ko refuses a
	 * megaflow whose encap() has no EtherType with a bare EINVAL.
	 */
	if (l3_masked(m) || m->dl_type || fp_flow_has_vlan(key, 0))
		m->dl_type = be16_ones;
	if (!m->dl_type)
		return;
	switch (ntohs(key->dl_type)) {
	case ETH_P_IP:
		fixup_ip(key, m, false);
		break;
	case ETH_P_IPV6:
		fixup_ip(key, m, true);
		break;
	case ETH_P_ARP:
	case ETH_P_RARP:
		fixup_arp(m);
		break;
	default:
		clear_l3(m);
		break;
	}
}

/* ---- encoding ---- */

struct enc {
	struct fp_nla_buf k, m;
	bool with_mask;
	struct fp_flow v;		/* key & mask: what is written */
	const struct fp_flow *mask;
};

static void put2(struct enc *e, uint16_t type, const void *kv, const void *mv,
		 size_t len)
{
	fp_nla_put(&e->k, type, kv, len);
	if (e->with_mask)
		fp_nla_put(&e->m, type, mv, len);
}

static void put_meta(struct enc *e, uint16_t type, uint32_t v, uint32_t m)
{
	if (m)
		put2(e, type, &v, &m, sizeof(v));
}

static void put_metadata(struct enc *e)
{
	const struct fp_flow *v = &e->v, *m = e->mask;

	put_meta(e, OVS_KEY_ATTR_RECIRC_ID, v->recirc_id, m->recirc_id);
	put_meta(e, OVS_KEY_ATTR_DP_HASH, v->dp_hash, m->dp_hash);
	put_meta(e, OVS_KEY_ATTR_PRIORITY, v->skb_priority, m->skb_priority);
	put_meta(e, OVS_KEY_ATTR_IN_PORT, v->in_port, m->in_port);
	put_meta(e, OVS_KEY_ATTR_SKB_MARK, v->skb_mark, m->skb_mark);
}

static void put_ethernet(struct enc *e)
{
	struct ovs_key_ethernet k, m;

	memcpy(k.eth_src, e->v.dl_src, 6);
	memcpy(k.eth_dst, e->v.dl_dst, 6);
	memcpy(m.eth_src, e->mask->dl_src, 6);
	memcpy(m.eth_dst, e->mask->dl_dst, 6);
	put2(e, OVS_KEY_ATTR_ETHERNET, &k, &m, sizeof(k));
}

static void ipv4_key(const struct fp_flow *f, struct ovs_key_ipv4 *k)
{
	k->ipv4_src = f->nw_src;
	k->ipv4_dst = f->nw_dst;
	k->ipv4_proto = f->nw_proto;
	k->ipv4_tos = f->nw_tos;
	k->ipv4_ttl = f->nw_ttl;
	k->ipv4_frag = f->nw_frag;
}

static void ipv6_key(const struct fp_flow *f, struct ovs_key_ipv6 *k)
{
	memcpy(k->ipv6_src, &f->ipv6_src, 16);
	memcpy(k->ipv6_dst, &f->ipv6_dst, 16);
	k->ipv6_label = f->ipv6_label;
	k->ipv6_proto = f->nw_proto;
	k->ipv6_tclass = f->nw_tos;
	k->ipv6_hlimit = f->nw_ttl;
	k->ipv6_frag = f->nw_frag;
}

static void arp_key(const struct fp_flow *f, struct ovs_key_arp *k)
{
	memset(k, 0, sizeof(*k));
	k->arp_sip = f->nw_src;
	k->arp_tip = f->nw_dst;
	k->arp_op = htons(f->nw_proto);
	memcpy(k->arp_sha, f->arp_sha, 6);
	memcpy(k->arp_tha, f->arp_tha, 6);
}

static void nd_key(const struct fp_flow *f, struct ovs_key_nd *k)
{
	memcpy(k->nd_target, &f->nd_target, 16);
	memcpy(k->nd_sll, f->arp_sha, 6);
	memcpy(k->nd_tll, f->arp_tha, 6);
}

static void put_ports(struct enc *e, uint16_t type)
{
	struct ovs_key_tcp k = { e->v.tp_src, e->v.tp_dst };
	struct ovs_key_tcp m = { e->mask->tp_src, e->mask->tp_dst };

	/* TCP, UDP and SCTP keys share one layout: two be16 ports. */
	put2(e, type, &k, &m, sizeof(k));
}

static void put_icmp(struct enc *e, uint16_t type)
{
	struct ovs_key_icmp k = { ntohs(e->v.tp_src), ntohs(e->v.tp_dst) };
	struct ovs_key_icmp m = { ntohs(e->mask->tp_src), ntohs(e->mask->tp_dst) };

	put2(e, type, &k, &m, sizeof(k));
}

static void put_nd(struct enc *e)
{
	struct ovs_key_nd k, m;

	if (e->v.tp_src != htons(ND_SOLICIT) && e->v.tp_src != htons(ND_ADVERT))
		return;
	nd_key(&e->v, &k);
	nd_key(e->mask, &m);
	put2(e, OVS_KEY_ATTR_ND, &k, &m, sizeof(k));
}

/* The kernel wants every L4 header the (masked) key says is there. */
static void put_l4(struct enc *e, bool v6)
{
	if (e->v.nw_frag == OVS_FRAG_TYPE_LATER)
		return;
	switch (e->v.nw_proto) {
	case IPPROTO_TCP:
		put_ports(e, OVS_KEY_ATTR_TCP);
		put2(e, OVS_KEY_ATTR_TCP_FLAGS, &e->v.tcp_flags,
		     &e->mask->tcp_flags, sizeof(fp_be16));
		break;
	case IPPROTO_UDP:
		put_ports(e, OVS_KEY_ATTR_UDP);
		break;
	case IPPROTO_SCTP:
		put_ports(e, OVS_KEY_ATTR_SCTP);
		break;
	case IPPROTO_ICMP:
		if (!v6)
			put_icmp(e, OVS_KEY_ATTR_ICMP);
		break;
	case IPPROTO_ICMPV6:
		if (v6) {
			put_icmp(e, OVS_KEY_ATTR_ICMPV6);
			put_nd(e);
		}
		break;
	}
}

static void put_l3(struct enc *e)
{
	union {
		struct ovs_key_ipv4 ipv4;
		struct ovs_key_ipv6 ipv6;
		struct ovs_key_arp arp;
	} k, m;

	switch (ntohs(e->v.dl_type)) {
	case ETH_P_IP:
		ipv4_key(&e->v, &k.ipv4);
		ipv4_key(e->mask, &m.ipv4);
		put2(e, OVS_KEY_ATTR_IPV4, &k, &m, sizeof(k.ipv4));
		put_l4(e, false);
		break;
	case ETH_P_IPV6:
		ipv6_key(&e->v, &k.ipv6);
		ipv6_key(e->mask, &m.ipv6);
		put2(e, OVS_KEY_ATTR_IPV6, &k, &m, sizeof(k.ipv6));
		put_l4(e, true);
		break;
	case ETH_P_ARP:
	case ETH_P_RARP:
		arp_key(&e->v, &k.arp);
		arp_key(e->mask, &m.arp);
		put2(e, OVS_KEY_ATTR_ARP, &k, &m, sizeof(k.arp));
		break;
	}
}

/*
 * What follows the tags. An 802.2 frame has no EtherType: the kernel says
 * so by leaving it out of the key, matching it with an all-ones mask.
 */
static void put_payload(struct enc *e)
{
	if (e->mask->dl_type) {
		if (e->v.dl_type != htons(FP_ETH_TYPE_NONE))
			fp_nla_put(&e->k, OVS_KEY_ATTR_ETHERTYPE, &e->v.dl_type, 2);
		if (e->with_mask)
			fp_nla_put(&e->m, OVS_KEY_ATTR_ETHERTYPE, &be16_ones, 2);
	}
	put_l3(e);
}

/* A tag is its TPID as the EtherType, its TCI, and the rest in ENCAP. */
static void put_tags(struct enc *e, int level)
{
	const struct fp_vlan *t = &e->v.vlans[level];
	size_t kn, mn = 0;

	if (level == FP_FLOW_MAX_VLANS || !t->tpid) {
		put_payload(e);
		return;
	}
	fp_nla_put(&e->k, OVS_KEY_ATTR_ETHERTYPE, &t->tpid, 2);
	fp_nla_put(&e->k, OVS_KEY_ATTR_VLAN, &t->tci, 2);
	kn = fp_nla_nest_start(&e->k, OVS_KEY_ATTR_ENCAP);
	/* A frame cut right after the TPID: a TCI of 0, nothing inside. */
	if (!(t->tci & htons(FP_VLAN_PRESENT))) {
		fp_nla_nest_end(&e->k, kn);
		if (e->with_mask)
			fp_nla_put(&e->m, OVS_KEY_ATTR_ETHERTYPE, &be16_ones, 2);
		return;
	}
	if (e->with_mask) {
		fp_nla_put(&e->m, OVS_KEY_ATTR_ETHERTYPE, &be16_ones, 2);
		fp_nla_put(&e->m, OVS_KEY_ATTR_VLAN, &e->mask->vlans[level].tci, 2);
		mn = fp_nla_nest_start(&e->m, OVS_KEY_ATTR_ENCAP);
	}
	put_tags(e, level + 1);
	fp_nla_nest_end(&e->k, kn);
	if (e->with_mask)
		fp_nla_nest_end(&e->m, mn);
}

static int encode(struct enc *e, struct fp_odp_key *k, struct fp_odp_key *m)
{
	fp_nla_init(&e->k, k->buf, sizeof(k->buf));
	fp_nla_init(&e->m, m ? m->buf : NULL, m ? sizeof(m->buf) : 0);
	put_metadata(e);
	put_ethernet(e);
	put_tags(e, 0);
	if (e->k.overflow || e->m.overflow)
		return -EMSGSIZE;
	k->len = e->k.len;
	if (m)
		m->len = e->m.len;
	return 0;
}

int fp_odp_flow_to_attrs(const struct fp_flow *key, struct fp_flow *mask,
			 struct fp_odp_key *key_attrs,
			 struct fp_odp_key *mask_attrs)
{
	struct enc e = { .with_mask = true, .mask = mask };

	fp_odp_flow_fixup_mask(key, mask);
	fp_flow_apply_mask(&e.v, key, mask);
	return encode(&e, key_attrs, mask_attrs);
}

int fp_odp_key_to_attrs(const struct fp_flow *key, struct fp_odp_key *attrs)
{
	struct fp_flow mask;
	struct enc e = { .with_mask = false, .mask = &mask };

	fp_flow_set_all(&mask);
	fp_odp_flow_fixup_mask(key, &mask);
	fp_flow_apply_mask(&e.v, key, &mask);
	return encode(&e, attrs, NULL);
}
