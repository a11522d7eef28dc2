// SPDX-License-Identifier: GPL-2.0
/*
 * Flower filter -> megaflow (tc_unxlate_match), checked as the inverse of
 * tc_xlate_match: megaflows from a hand-written table and random ones are
 * translated forward (those it refuses are skipped), back again, and must
 * come out as they went in; the filter made from the result must be the
 * same filter. Then filters flowpath never writes, each refused with why.
 *
 * Most megaflows go through fp_odp_flow_fixup_mask() first, as the
 * datapath's do: for those the inverse is exact. Hand-built ones ("raw")
 * also reach the two places the forward translation forgets something
 * (recirc_id 0 matched or not; the mask of a "no tag" level beyond its
 * present bit); for them the expected result is canonical() below.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/openvswitch.h>
#include <netinet/in.h>

#include "odp_flow.h"
#include "tc_unxlate.h"
#include "tc_xlate.h"

/* Datapath ports 1..4 are devices 11..14, both ways. */
static bool lookup(uint32_t odp_port, struct tc_port *p, void *arg)
{
	(void)arg;
	if (odp_port < 1 || odp_port > 4)
		return false;
	p->ifindex = (int)odp_port + 10;
	p->internal = false;
	return true;
}

static bool port_of(int ifindex, uint32_t *odp_port, void *arg)
{
	(void)arg;
	if (ifindex < 11 || ifindex > 14)
		return false;
	*odp_port = (uint32_t)ifindex - 10;
	return true;
}

/* ---- comparing megaflows, naming the field that differs ---- */

struct ffield {
	const char *name;
	size_t off, len;
};

#define FF(f) { #f, offsetof(struct fp_flow, f), sizeof(((struct fp_flow *)0)->f) }

static const struct ffield ffields[] = {
	FF(in_port), FF(skb_priority), FF(skb_mark), FF(recirc_id),
	FF(dp_hash), FF(dl_dst), FF(dl_src), FF(vlans[0].tpid),
	FF(vlans[0].tci), FF(vlans[1].tpid), FF(vlans[1].tci), FF(dl_type),
	FF(nw_proto), FF(nw_tos), FF(nw_ttl), FF(nw_frag), FF(tp_src),
	FF(tp_dst), FF(tcp_flags), FF(nw_src), FF(nw_dst), FF(ipv6_label),
	FF(ipv6_src), FF(ipv6_dst), FF(nd_target), FF(arp_sha), FF(arp_tha),
	FF(pad),
};

static const char *first_diff(const struct fp_flow *a, const struct fp_flow *b)
{
	const uint8_t *pa = (const void *)a, *pb = (const void *)b;
	size_t i;

	for (i = 0; i < sizeof(ffields) / sizeof(ffields[0]); i++)
		if (memcmp(pa + ffields[i].off, pb + ffields[i].off, ffields[i].len))
			return ffields[i].name;
	return memcmp(a, b, sizeof(*a)) ? "(padding)" : NULL;
}

/*
 * What the inverse gives for a megaflow the forward translation accepts:
 * recirc_id not matched (only 0 is accepted, matched or not) and, from the
 * first level matched as "no tag", the datapath's form of "no tag" (TCI 0
 * exactly, TPID not matched) on every level, whatever else was masked.
 */
static void canonical(const struct fp_flow *key, const struct fp_flow *mask,
		      struct fp_flow *ck, struct fp_flow *cm)
{
	int i;

	*cm = *mask;
	cm->recirc_id = 0;
	memset(cm->pad, 0, sizeof(cm->pad));
	for (i = 0; i < FP_FLOW_MAX_VLANS; i++) {
		if (!(mask->vlans[i].tci & htons(FP_VLAN_PRESENT)))
			break;
		if (!fp_flow_has_vlan(key, i)) {
			for (; i < FP_FLOW_MAX_VLANS; i++) {
				cm->vlans[i].tpid = 0;
				cm->vlans[i].tci = 0xffff;
			}
			break;
		}
	}
	fp_flow_apply_mask(ck, key, cm);
}

/*
 * Forward, back, and forward again. False when the forward translation
 * refuses the megaflow (nothing to check); otherwise asserts that the
 * inverse gives (key & mask, mask), in canonical form when raw.
 */
static bool round_trip(const struct fp_flow *key, const struct fp_flow *mask,
		       bool raw, const char *what, struct tc_flower *fout)
{
	struct fp_flow k2, m2, ck, cm;
	struct tc_flower f, f2;
	char why[TC_UNXLATE_WHY_LEN] = "";
	const char *d;

	memset(&f, 0, sizeof(f));
	memset(&f2, 0, sizeof(f2));
	if (tc_xlate_match(key, mask, lookup, NULL, &f, why, sizeof(why)))
		return false;
	if (fout)
		*fout = f;
	if (raw) {
		canonical(key, mask, &ck, &cm);
	} else {
		fp_flow_apply_mask(&ck, key, mask);
		cm = *mask;
	}
	cr_assert_eq(tc_unxlate_match(&f, port_of, NULL, &k2, &m2, why, sizeof(why)),
		     0, "%s: the inverse refused its own filter: %s", what, why);
	d = first_diff(&m2, &cm);
	cr_assert_null(d, "%s: mask differs at %s", what, d);
	d = first_diff(&k2, &ck);
	cr_assert_null(d, "%s: key differs at %s", what, d);
	cr_assert_eq(tc_xlate_match(&k2, &m2, lookup, NULL, &f2, why, sizeof(why)),
		     0, "%s: %s", what, why);
	cr_assert_eq(f2.ifindex, f.ifindex, "%s", what);
	cr_assert_eq(f2.protocol, f.protocol, "%s", what);
	cr_assert(!memcmp(&f2.key, &f.key, sizeof(f.key)) &&
		  !memcmp(&f2.mask, &f.mask, sizeof(f.mask)),
		  "%s: the filter of the inverse differs", what);
	return true;
}

/* ---- the hand-written table ---- */

static void set_bytes(void *p, uint8_t b, size_t len)
{
	memset(p, b, len);
}

static void mac(uint8_t *m, const char *s)
{
	memcpy(m, s, 6);
}

static void ip6(struct in6_addr *a, const char *s)
{
	cr_assert_eq(inet_pton(AF_INET6, s, a), 1);
}

static void tag(struct fp_flow *k, struct fp_flow *m, int i, uint16_t tpid,
		uint16_t pcp, uint16_t vid, uint16_t tci_mask)
{
	k->vlans[i].tpid = htons(tpid);
	m->vlans[i].tpid = 0xffff;
	k->vlans[i].tci = htons(pcp << FP_VLAN_PCP_SHIFT | FP_VLAN_PRESENT | vid);
	m->vlans[i].tci = htons(tci_mask | FP_VLAN_PRESENT);
}

static void v4(struct fp_flow *k, struct fp_flow *m, uint8_t proto)
{
	k->dl_type = htons(ETH_P_IP);
	m->dl_type = 0xffff;
	k->nw_proto = proto;
	m->nw_proto = 0xff;
	k->nw_src = inet_addr("10.1.2.3");
	k->nw_dst = inet_addr("192.168.7.9");
	k->nw_tos = 0xb9;
	k->nw_ttl = 63;
	k->tp_src = htons(40000);
	k->tp_dst = htons(53);
	k->tcp_flags = htons(0x0012);
}

static void v6(struct fp_flow *k, struct fp_flow *m, uint8_t proto)
{
	v4(k, m, proto);
	k->dl_type = htons(ETH_P_IPV6);
	ip6(&k->ipv6_src, "2001:db8::1");
	ip6(&k->ipv6_dst, "fe80::1:2ff:fe00:7");
}

static void b_in_port_only(struct fp_flow *k, struct fp_flow *m)
{
	(void)k;
	(void)m;
}

static void b_eth(struct fp_flow *k, struct fp_flow *m)
{
	mac(k->dl_dst, "\x01\x00\x5e\x00\x00\x01");
	mac(m->dl_dst, "\x01\x00\x00\x00\x00\x00");
	mac(k->dl_src, "\x02\xaa\xbb\xcc\xdd\xee");
	set_bytes(m->dl_src, 0xff, 6);
}

static void b_lldp(struct fp_flow *k, struct fp_flow *m)
{
	k->dl_type = htons(0x88cc);
	m->dl_type = 0xffff;
	b_eth(k, m);
}

static void b_tcp4(struct fp_flow *k, struct fp_flow *m)
{
	v4(k, m, IPPROTO_TCP);
	m->nw_src = m->nw_dst = UINT32_MAX;
	m->tp_src = m->tp_dst = 0xffff;
	m->tcp_flags = htons(0x0fff);
	m->nw_tos = 0xff;
	m->nw_ttl = 0xff;
}

static void b_prefixes4(struct fp_flow *k, struct fp_flow *m)
{
	v4(k, m, IPPROTO_UDP);
	m->nw_src = htonl(0xffffff00);
	m->nw_dst = htonl(0xfff00000);
	m->nw_tos = 0xfc;	/* DSCP only */
	m->nw_ttl = 0x80;
	m->tp_dst = htons(0xff00);
}

static void b_sctp4(struct fp_flow *k, struct fp_flow *m)
{
	v4(k, m, IPPROTO_SCTP);
	m->tp_src = 0xffff;
}

static void b_icmp4(struct fp_flow *k, struct fp_flow *m)
{
	v4(k, m, IPPROTO_ICMP);
	k->tp_src = htons(8);
	k->tp_dst = htons(3);
	m->tp_src = m->tp_dst = htons(0x00ff);
}

static void b_gre4(struct fp_flow *k, struct fp_flow *m)
{
	v4(k, m, 47);
	m->nw_dst = UINT32_MAX;
}

static void b_icmp6(struct fp_flow *k, struct fp_flow *m)
{
	v6(k, m, IPPROTO_ICMPV6);
	k->tp_src = htons(128);
	m->tp_src = htons(0x00f0);
	set_bytes(&m->ipv6_src, 0xff, 8);
}

static void b_tcp6_flags(struct fp_flow *k, struct fp_flow *m)
{
	v6(k, m, IPPROTO_TCP);
	m->tcp_flags = htons(0x0002);
	set_bytes(&m->ipv6_dst, 0xff, 16);
	m->nw_ttl = 0xff;
}

static void b_frag_none(struct fp_flow *k, struct fp_flow *m)
{
	v4(k, m, IPPROTO_UDP);
	k->nw_frag = OVS_FRAG_TYPE_NONE;
	m->nw_frag = 0xff;
	m->tp_dst = 0xffff;
}

static void b_frag_first(struct fp_flow *k, struct fp_flow *m)
{
	v6(k, m, IPPROTO_UDP);
	k->nw_frag = OVS_FRAG_TYPE_FIRST;
	m->nw_frag = 0xff;
}

static void b_frag_later(struct fp_flow *k, struct fp_flow *m)
{
	v4(k, m, IPPROTO_UDP);
	k->nw_frag = OVS_FRAG_TYPE_LATER;
	m->nw_frag = 0xff;
	m->nw_src = UINT32_MAX;
}

static void b_arp(struct fp_flow *k, struct fp_flow *m)
{
	k->dl_type = htons(ETH_P_ARP);
	m->dl_type = 0xffff;
	k->nw_src = inet_addr("10.0.0.1");
	k->nw_dst = inet_addr("10.0.0.2");
	m->nw_src = m->nw_dst = UINT32_MAX;
	k->nw_proto = 1;
	m->nw_proto = 0xff;
	mac(k->arp_sha, "\x02\x00\x00\x00\x00\x01");
	set_bytes(m->arp_sha, 0xff, 6);
	mac(k->arp_tha, "\x00\x00\x00\x00\x00\x00");
	set_bytes(m->arp_tha, 0xff, 6);
}

static void b_rarp(struct fp_flow *k, struct fp_flow *m)
{
	b_arp(k, m);
	k->dl_type = htons(ETH_P_RARP);
	k->nw_proto = 3;
	m->arp_sha[0] = 0;
}

static void b_vlan_vid(struct fp_flow *k, struct fp_flow *m)
{
	tag(k, m, 0, ETH_P_8021Q, 5, 100, FP_VLAN_VID_MASK);
	v4(k, m, IPPROTO_TCP);
	m->tp_dst = 0xffff;
}

static void b_vlan_pcp(struct fp_flow *k, struct fp_flow *m)
{
	tag(k, m, 0, ETH_P_8021Q, 5, 100, 0xe000);
	k->dl_type = htons(ETH_P_ARP);
}

static void b_vlan_present_only(struct fp_flow *k, struct fp_flow *m)
{
	tag(k, m, 0, ETH_P_8021AD, 0, 4095, 0);
	v6(k, m, IPPROTO_UDP);
	m->nw_proto = 0;
}

static void b_qinq(struct fp_flow *k, struct fp_flow *m)
{
	tag(k, m, 0, ETH_P_8021AD, 7, 1, 0xffff);
	tag(k, m, 1, ETH_P_8021Q, 0, 4094, FP_VLAN_VID_MASK);
	v6(k, m, IPPROTO_UDP);
	m->tp_src = 0xffff;
}

static void b_qinq_q_q(struct fp_flow *k, struct fp_flow *m)
{
	tag(k, m, 0, ETH_P_8021Q, 3, 10, 0xe000);
	tag(k, m, 1, ETH_P_8021Q, 0, 20, 0);
	b_lldp(k, m);
}

/* Raw: nothing of the tags matched, so tagged frames belong too. */
static void r_any_frame(struct fp_flow *k, struct fp_flow *m)
{
	b_eth(k, m);
}

/* Raw: one tag, whether another follows not matched. */
static void r_tag_then_unknown(struct fp_flow *k, struct fp_flow *m)
{
	tag(k, m, 0, ETH_P_8021Q, 1, 7, FP_VLAN_VID_MASK);
}

/* Raw: one tag and no more, EtherType not matched (num_of_vlans 1). */
static void r_one_tag_exactly(struct fp_flow *k, struct fp_flow *m)
{
	tag(k, m, 0, ETH_P_8021Q, 1, 7, 0);
	m->vlans[1].tci = htons(FP_VLAN_PRESENT);
}

/* Raw: two tags, whatever follows. */
static void r_two_tags_any(struct fp_flow *k, struct fp_flow *m)
{
	tag(k, m, 0, ETH_P_8021AD, 1, 7, 0);
	tag(k, m, 1, ETH_P_8021Q, 1, 8, 0xffff);
}

/* Raw: the forgotten parts: recirc_id 0 exact, "no tag" over-masked. */
static void r_forgotten(struct fp_flow *k, struct fp_flow *m)
{
	m->recirc_id = UINT32_MAX;
	m->vlans[0].tpid = 0xffff;
	m->vlans[0].tci = htons(FP_VLAN_PRESENT | 0x0f00);
	m->vlans[1].tci = htons(0x1234);
	v4(k, m, IPPROTO_UDP);
}

struct hand {
	const char *name;
	void (*build)(struct fp_flow *k, struct fp_flow *m);
	bool raw;
};

#define H(f) { #f, f, false }
#define R(f) { #f, f, true }

static const struct hand hands[] = {
	H(b_in_port_only), H(b_eth), H(b_lldp), H(b_tcp4), H(b_prefixes4),
	H(b_sctp4), H(b_icmp4), H(b_gre4), H(b_icmp6), H(b_tcp6_flags),
	H(b_frag_none), H(b_frag_first), H(b_frag_later), H(b_arp), H(b_rarp),
	H(b_vlan_vid), H(b_vlan_pcp), H(b_vlan_present_only), H(b_qinq),
	H(b_qinq_q_q),
	R(r_any_frame), R(r_tag_then_unknown), R(r_one_tag_exactly),
	R(r_two_tags_any), R(r_forgotten),
};

static void build(const struct hand *h, struct fp_flow *k, struct fp_flow *m)
{
	fp_flow_zero(k);
	fp_flow_zero(m);
	k->in_port = 2;
	m->in_port = UINT32_MAX;
	h->build(k, m);
	if (!h->raw)
		fp_odp_flow_fixup_mask(k, m);
}

TestSuite(tc_unxlate);

Test(tc_unxlate, hand_written_megaflows_come_back)
{
	struct fp_flow k, m;
	size_t i;

	for (i = 0; i < sizeof(hands) / sizeof(hands[0]); i++) {
		build(&hands[i], &k, &m);
		cr_assert(round_trip(&k, &m, hands[i].raw, hands[i].name, NULL),
			  "%s: the forward translation refused it", hands[i].name);
	}
}

/* ---- random megaflows ---- */

#define TRIALS 20000

static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

/* Random bytes, and a mask of none, all, a prefix or random bits. */
static void rand_field(void *key, void *mask, size_t len)
{
	uint8_t *k = key, *m = mask;
	size_t i, bits = rnd((uint32_t)len * 8 + 1);
	uint32_t how = rnd(4);

	for (i = 0; i < len; i++) {
		k[i] = (uint8_t)rnd(256);
		if (how == 0)
			m[i] = 0;
		else if (how == 1)
			m[i] = 0xff;
		else if (how == 2)
			m[i] = i * 8 + 8 <= bits ? 0xff
			     : i * 8 >= bits ? 0 : (uint8_t)(0xff00 >> (bits - i * 8));
		else
			m[i] = (uint8_t)rnd(256);
	}
}

#define RAND(k, m, f) rand_field(&(k)->f, &(m)->f, sizeof((k)->f))

/* What the megaflows drawn so far covered, so the test cannot pass empty. */
struct seen {
	unsigned accepted, raw, tags[3], ip4, ip6, arp, other, untyped;
	unsigned tcp, udp, sctp, icmp, icmp6, frag[3];
	unsigned num_of_vlans;	/* filters with "exactly n tags", n > 0 */
	unsigned forgotten;	/* raw megaflows that came back canonical */
};

static const uint16_t types[] = {
	ETH_P_IP, ETH_P_IPV6, ETH_P_ARP, ETH_P_RARP, 0x88cc, ETH_P_MPLS_UC,
};
static const uint8_t protos[] = {
	IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_ICMP, IPPROTO_ICMPV6, 47,
};

static void rand_tags(struct fp_flow *k, struct fp_flow *m, int n)
{
	static const uint16_t tci_masks[] = { 0, FP_VLAN_VID_MASK, 0xe000, 0xffff };
	int i;

	for (i = 0; i < n; i++)
		tag(k, m, i, rnd(2) ? ETH_P_8021Q : ETH_P_8021AD,
		    (uint16_t)rnd(8), (uint16_t)rnd(4096), tci_masks[rnd(4)]);
	/* Raw megaflows: what is said of the level after the last tag. */
	if (n < FP_FLOW_MAX_VLANS && rnd(2)) {
		m->vlans[n].tci = htons(FP_VLAN_PRESENT | (uint16_t)rnd(0x10000));
		m->vlans[n].tpid = rnd(2) ? 0xffff : 0;
		if (n + 1 < FP_FLOW_MAX_VLANS) {
			RAND(k, m, vlans[n + 1].tci);
			k->vlans[n + 1].tci = 0;	/* no tag there */
		}
	}
}

static void rand_l4(struct fp_flow *k, struct fp_flow *m)
{
	k->nw_proto = protos[rnd(sizeof(protos))];
	m->nw_proto = rnd(4) ? 0xff : 0;
	RAND(k, m, tp_src);
	RAND(k, m, tp_dst);
	if (k->nw_proto == IPPROTO_TCP)
		RAND(k, m, tcp_flags);
	if (k->nw_proto != IPPROTO_TCP && k->nw_proto != IPPROTO_UDP &&
	    k->nw_proto != IPPROTO_SCTP) {
		m->tp_src &= htons(0x00ff);
		m->tp_dst &= htons(0x00ff);
	}
}

static void rand_ip(struct fp_flow *k, struct fp_flow *m, bool is_v6)
{
	if (is_v6) {
		RAND(k, m, ipv6_src);
		RAND(k, m, ipv6_dst);
	} else {
		RAND(k, m, nw_src);
		RAND(k, m, nw_dst);
	}
	RAND(k, m, nw_tos);
	RAND(k, m, nw_ttl);
	if (rnd(2)) {
		k->nw_frag = (uint8_t)rnd(3);
		m->nw_frag = 0xff;
	}
	if (rnd(4))
		rand_l4(k, m);
}

static void rand_arp(struct fp_flow *k, struct fp_flow *m)
{
	RAND(k, m, nw_src);
	RAND(k, m, nw_dst);
	RAND(k, m, arp_sha);
	RAND(k, m, arp_tha);
	k->nw_proto = (uint8_t)rnd(3);
	m->nw_proto = rnd(2) ? 0xff : 0;
}

/* One field no flower key holds, now and then: refused, skipped. */
static void rand_unsupported(struct fp_flow *k, struct fp_flow *m)
{
	switch (rnd(40)) {
	case 0:
		RAND(k, m, skb_mark);
		break;
	case 1:
		RAND(k, m, ipv6_label);
		break;
	case 2:
		k->in_port = 9;
		break;
	}
}

static void rand_megaflow(struct fp_flow *k, struct fp_flow *m, bool raw)
{
	uint16_t type = types[rnd(sizeof(types) / sizeof(types[0]))];

	fp_flow_zero(k);
	fp_flow_zero(m);
	k->in_port = 1 + rnd(4);
	m->in_port = UINT32_MAX;
	RAND(k, m, dl_dst);
	RAND(k, m, dl_src);
	rand_tags(k, m, (int)rnd(3));
	if (rnd(5)) {
		k->dl_type = htons(type);
		m->dl_type = 0xffff;
	}
	if (type == ETH_P_IP || type == ETH_P_IPV6)
		rand_ip(k, m, type == ETH_P_IPV6);
	else if (type == ETH_P_ARP || type == ETH_P_RARP)
		rand_arp(k, m);
	rand_unsupported(k, m);
	if (raw)
		m->recirc_id = rnd(2) ? UINT32_MAX : 0;
	else
		fp_odp_flow_fixup_mask(k, m);
}

static void count(struct seen *s, const struct fp_flow *k,
		  const struct fp_flow *m, bool raw, const struct tc_flower *f)
{
	int n = fp_flow_has_vlan(k, 0) + fp_flow_has_vlan(k, 1);
	struct fp_flow ck, cm;

	canonical(k, m, &ck, &cm);
	s->accepted++;
	s->raw += raw;
	s->forgotten += memcmp(&cm, m, sizeof(cm)) != 0;
	s->num_of_vlans += f->mask.num_of_vlans && f->key.num_of_vlans;
	s->tags[n]++;
	if (!m->dl_type) {
		s->untyped++;
		return;
	}
	switch (ntohs(k->dl_type)) {
	case ETH_P_IP: s->ip4++; break;
	case ETH_P_IPV6: s->ip6++; break;
	case ETH_P_ARP: case ETH_P_RARP: s->arp++; break;
	default: s->other++; break;
	}
	if (m->nw_frag && m->dl_type && ntohs(k->dl_type) != ETH_P_ARP &&
	    ntohs(k->dl_type) != ETH_P_RARP)
		s->frag[k->nw_frag % 3]++;
	if (!m->tp_src && !m->tp_dst && !m->tcp_flags)
		return;
	s->tcp += k->nw_proto == IPPROTO_TCP;
	s->udp += k->nw_proto == IPPROTO_UDP;
	s->sctp += k->nw_proto == IPPROTO_SCTP;
	s->icmp += k->nw_proto == IPPROTO_ICMP;
	s->icmp6 += k->nw_proto == IPPROTO_ICMPV6;
}

static void assert_covered(const struct seen *s)
{
	const unsigned *all[] = {
		&s->raw, &s->tags[0], &s->tags[1], &s->tags[2], &s->ip4,
		&s->ip6, &s->arp, &s->other, &s->untyped, &s->tcp, &s->udp,
		&s->sctp, &s->icmp, &s->icmp6, &s->frag[0], &s->frag[1],
		&s->frag[2], &s->num_of_vlans, &s->forgotten,
	};
	size_t i;

	cr_assert_gt(s->accepted, TRIALS / 4, "only %u of %u accepted",
		     s->accepted, TRIALS);
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		cr_assert_gt(*all[i], 10, "coverage slot %zu reached only %u times",
			     i, *all[i]);
}

Test(tc_unxlate, random_megaflows_come_back)
{
	struct seen s = { 0 };
	struct fp_flow k, m;
	struct tc_flower f1;
	char what[64];
	unsigned i;

	rng = 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < TRIALS; i++) {
		bool raw = rnd(4) == 0;

		rand_megaflow(&k, &m, raw);
		snprintf(what, sizeof(what), "trial %u (%s)", i, raw ? "raw" : "datapath");
		if (round_trip(&k, &m, raw, what, &f1))
			count(&s, &k, &m, raw, &f1);
	}
	assert_covered(&s);
}

/* ---- filters flowpath never writes ---- */

static struct tc_flower f;
static struct fp_flow key, mask;
static char why[TC_UNXLATE_WHY_LEN];

/* The filter of a hand-written megaflow, as a starting point. */
static void filter_of(void (*b)(struct fp_flow *, struct fp_flow *))
{
	struct hand h = { "", b, false };
	struct fp_flow k, m;

	build(&h, &k, &m);
	memset(&f, 0, sizeof(f));
	cr_assert_eq(tc_xlate_match(&k, &m, lookup, NULL, &f, why, sizeof(why)), 0,
		     "%s", why);
	cr_assert_eq(tc_unxlate_match(&f, port_of, NULL, &key, &mask, why,
				      sizeof(why)), 0, "%s", why);
}

static void refused(const char *words)
{
	why[0] = '\0';
	cr_assert_eq(tc_unxlate_match(&f, port_of, NULL, &key, &mask, why,
				      sizeof(why)), -EINVAL, "accepted");
	cr_expect_neq(strstr(why, words), NULL, "why \"%s\" says \"%s\"", why, words);
	cr_expect(fp_flow_is_zero(&key) && fp_flow_is_zero(&mask),
		  "a refusal leaves a megaflow behind");
}

Test(tc_unxlate, tcp_flags_on_udp_refused)
{
	filter_of(b_prefixes4);
	f.key.tcp_flags = htons(0x0002);
	f.mask.tcp_flags = htons(0x0002);
	refused("tcp_flags");
}

Test(tc_unxlate, ports_without_ip_proto_refused)
{
	filter_of(b_vlan_present_only);
	f.key.tp_dst = htons(53);
	f.mask.tp_dst = 0xffff;
	refused("tp_dst");
}

Test(tc_unxlate, icmp_under_the_wrong_ip_version_refused)
{
	filter_of(b_icmp4);
	f.protocol = f.key.eth_type = htons(ETH_P_IPV6);
	refused("icmp_type");
}

Test(tc_unxlate, arp_key_under_ipv4_refused)
{
	filter_of(b_gre4);
	f.key.arp_op = 1;
	f.mask.arp_op = 0xff;
	refused("arp_op");
}

Test(tc_unxlate, ip_proto_partial_mask_refused)
{
	filter_of(b_gre4);
	f.mask.ip_proto = 0x0f;
	f.key.ip_proto &= 0x0f;
	refused("ip_proto mask");
}

Test(tc_unxlate, key_bits_outside_the_mask_refused)
{
	filter_of(b_prefixes4);
	f.key.ipv4_src |= htonl(0x000000ff);
	refused("ipv4_src has bits outside its mask");
}

Test(tc_unxlate, device_not_a_datapath_port_refused)
{
	filter_of(b_tcp4);
	f.ifindex = 99;
	refused("device 99 is not a datapath port");
}

Test(tc_unxlate, eth_type_not_the_protocol_refused)
{
	filter_of(b_tcp4);
	f.key.eth_type = htons(ETH_P_IPV6);
	refused("eth_type 0x86dd");
}

Test(tc_unxlate, eth_type_missing_refused)
{
	filter_of(b_lldp);
	f.mask.eth_type = f.key.eth_type = 0;
	refused("eth_type");
}

Test(tc_unxlate, not_an_ethertype_refused)
{
	filter_of(b_lldp);
	f.protocol = f.key.eth_type = htons(ETH_P_802_2);
	refused("not an EtherType");
}

Test(tc_unxlate, vlan_id_mask_partial_refused)
{
	filter_of(b_vlan_vid);
	f.mask.vlan_id = 0x0fff;
	refused("vlan_id mask");
}

Test(tc_unxlate, vlan_key_under_an_untagged_protocol_refused)
{
	filter_of(b_tcp4);
	f.key.vlan_id = 5;
	f.mask.vlan_id = 0xffff;
	refused("vlan_id");
}

Test(tc_unxlate, three_tags_refused)
{
	filter_of(b_qinq);
	f.key.cvlan_eth_type = htons(ETH_P_8021Q);
	f.key.eth_type = htons(ETH_P_8021Q);
	refused("two tags at most");
}

Test(tc_unxlate, fragment_flags_flowpath_never_writes_refused)
{
	filter_of(b_frag_none);
	f.mask.flags = TC_FLOWER_FRAG | TC_FLOWER_FRAG_FIRST;
	refused("not a fragment type");
}

Test(tc_unxlate, num_of_vlans_not_the_tags_refused)
{
	filter_of(b_in_port_only);
	f.key.num_of_vlans = 1;
	refused("num_of_vlans 1");
}

Test(tc_unxlate, num_of_vlans_next_to_an_eth_type_refused)
{
	filter_of(b_lldp);
	f.mask.num_of_vlans = 0xff;
	refused("num_of_vlans");
}

/* ---- a filter as the kernel's dump decodes, field by field ---- */

Test(tc_unxlate, tagged_icmp_filter_fields)
{
	memset(&f, 0, sizeof(f));
	f.ifindex = 13;
	f.protocol = htons(ETH_P_8021Q);
	f.key.vlan_id = 100;
	f.mask.vlan_id = 0xffff;
	f.key.vlan_prio = 6;
	f.mask.vlan_prio = 0xff;
	f.key.vlan_eth_type = f.key.eth_type = htons(ETH_P_IP);
	f.mask.vlan_eth_type = f.mask.eth_type = 0xffff;
	f.key.ip_proto = IPPROTO_ICMP;
	f.mask.ip_proto = 0xff;
	f.key.icmp_type = 8;
	f.mask.icmp_type = 0xff;
	f.key.flags = TC_FLOWER_FRAG;
	f.mask.flags = TC_FLOWER_FRAG | TC_FLOWER_FRAG_FIRST;
	cr_assert_eq(tc_unxlate_match(&f, port_of, NULL, &key, &mask, why,
				      sizeof(why)), 0, "%s", why);
	cr_expect_eq(key.in_port, 3);
	cr_expect_eq(mask.in_port, UINT32_MAX);
	cr_expect_eq(key.vlans[0].tpid, htons(ETH_P_8021Q));
	cr_expect_eq(key.vlans[0].tci, htons(6 << 13 | FP_VLAN_PRESENT | 100));
	cr_expect_eq(mask.vlans[0].tci, 0xffff);
	cr_expect_eq(mask.vlans[1].tci, 0xffff, "no second tag, exactly");
	cr_expect_eq(mask.vlans[1].tpid, 0);
	cr_expect_eq(key.dl_type, htons(ETH_P_IP));
	cr_expect_eq(key.nw_frag, OVS_FRAG_TYPE_LATER);
	cr_expect_eq(key.tp_src, htons(8));
	cr_expect_eq(mask.tp_src, htons(0x00ff));
	cr_expect_eq(mask.tp_dst, 0, "icmp code not matched");
	cr_expect_eq(mask.recirc_id, 0);
}
