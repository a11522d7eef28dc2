// SPDX-License-Identifier: GPL-2.0
/*
 * Megaflow key and mask -> flower keys, by consuming the mask: each field
 * flower can hold is copied into the filter and cleared from a scratch
 * copy of the mask; a bit still set at the end is a field flower has no
 * key for, and the flow is refused with its name.
 *
 * Flower silently ignores keys whose prerequisite is not matched (ports
 * without ip_proto, IP fields without an IP EtherType), which would make
 * the filter wider than the megaflow; such megaflows are refused here,
 * naming the field, rather than handed to the kernel.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/openvswitch.h>
#include <netinet/in.h>

#include "tc_xlate_int.h"

struct mctx {
	struct fp_flow v;	/* key & mask: the values matched */
	struct fp_flow m;	/* the part of the mask not consumed yet */
	struct tc_flower *f;
	char *why;
	size_t whylen;
};

/* Where the tags end, as far as the megaflow says. */
enum tags_end {
	TAGS_END,	/* "no (more) tag" is matched */
	TAGS_UNKNOWN,	/* whether a (further) tag follows is not matched */
	TAGS_FULL,	/* two tags: fp_flow has no room for a third */
};

struct field {
	const char *name;
	size_t off, len;
};

#define FIELD(f) { #f, offsetof(struct fp_flow, f), sizeof(((struct fp_flow *)0)->f) }
#define VLAN_FIELD(name, i, f)						\
	{ name, offsetof(struct fp_flow, vlans[i].f), sizeof(fp_be16) }

/* Every field of struct fp_flow, in order, by the name refusals use. */
static const struct field fields[] = {
	FIELD(in_port), FIELD(skb_priority), FIELD(skb_mark),
	FIELD(recirc_id), FIELD(dp_hash), FIELD(dl_dst), FIELD(dl_src),
	VLAN_FIELD("vlan_tpid", 0, tpid), VLAN_FIELD("vlan_tci", 0, tci),
	VLAN_FIELD("cvlan_tpid", 1, tpid), VLAN_FIELD("cvlan_tci", 1, tci),
	FIELD(dl_type), FIELD(nw_proto), FIELD(nw_tos), FIELD(nw_ttl),
	FIELD(nw_frag), FIELD(tp_src), FIELD(tp_dst), FIELD(tcp_flags),
	FIELD(nw_src), FIELD(nw_dst), FIELD(ipv6_label), FIELD(ipv6_src),
	FIELD(ipv6_dst), FIELD(nd_target), FIELD(arp_sha), FIELD(arp_tha),
};

/* The IP/ARP part of fp_flow, and its L4 part. */
#define L3_LO offsetof(struct fp_flow, nw_proto)
#define L3_HI offsetof(struct fp_flow, pad)
#define L4_LO offsetof(struct fp_flow, tp_src)
#define L4_HI offsetof(struct fp_flow, nw_src)

static bool bytes_zero(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--)
		if (*b++)
			return false;
	return true;
}

/* The first field starting in [lo, hi) with a bit set in m, or NULL. */
static const char *first_masked(const struct fp_flow *m, size_t lo, size_t hi)
{
	const uint8_t *b = (const void *)m;
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].off >= lo && fields[i].off < hi &&
		    !bytes_zero(b + fields[i].off, fields[i].len))
			return fields[i].name;
	return NULL;
}

/* Copies a value and its mask into the filter, and consumes the mask. */
static void take(void *key, void *mask, const void *v, void *m, size_t len)
{
	memcpy(key, v, len);
	memcpy(mask, m, len);
	memset(m, 0, len);
}

#define TAKE(c, kf, ff)							\
	do {								\
		_Static_assert(sizeof((c)->f->key.kf) == sizeof((c)->v.ff), \
			       #kf " and " #ff " differ in size");	\
		take(&(c)->f->key.kf, &(c)->f->mask.kf, &(c)->v.ff,	\
		     &(c)->m.ff, sizeof((c)->v.ff));			\
	} while (0)

#define FAIL(c, ...) tc_xlate_fail((c)->why, (c)->whylen, -EOPNOTSUPP, __VA_ARGS__)

/* ---- metadata and Ethernet ---- */

static int match_in_port(struct mctx *c, tc_port_lookup_fn lookup, void *arg)
{
	struct tc_port p;

	if (!c->m.in_port)
		return FAIL(c, "in_port is not matched: a tc filter sits on one device's ingress");
	if (c->m.in_port != UINT32_MAX)
		return FAIL(c, "in_port is matched partially (mask %#x): a tc filter sits on one device's ingress",
			    c->m.in_port);
	if (!lookup(c->v.in_port, &p, arg))
		return FAIL(c, "in_port %u is not a known port", c->v.in_port);
	c->f->ifindex = p.ifindex;
	c->m.in_port = 0;
	return 0;
}

/* tc has no recirculation: only the first pass (recirc_id 0) is a match. */
static int match_recirc(struct mctx *c)
{
	if (c->v.recirc_id)
		return FAIL(c, "recirc_id %#x: tc flower has no recirculation (only recirc_id 0)",
			    c->v.recirc_id);
	c->m.recirc_id = 0;
	return 0;
}

static void match_eth(struct mctx *c)
{
	TAKE(c, dst_mac, dl_dst);
	TAKE(c, src_mac, dl_src);
}

/* ---- VLAN tags and the EtherType ---- */

static const char *const tci_name[] = { "vlan_tci", "cvlan_tci", "dl_type" };

static bool is_tpid(fp_be16 type)
{
	return type == htons(ETH_P_8021Q) || type == htons(ETH_P_8021AD);
}

/* The type at depth: the filter's protocol, or what follows tag depth-1. */
static void put_type(struct mctx *c, int depth, fp_be16 type)
{
	switch (depth) {
	case 0:
		c->f->protocol = type;
		break;
	case 1:
		c->f->key.vlan_eth_type = type;
		c->f->mask.vlan_eth_type = 0xffff;
		break;
	default:
		c->f->key.cvlan_eth_type = type;
		c->f->mask.cvlan_eth_type = 0xffff;
		break;
	}
}

/* Flower takes a tag's id and priority whole or not at all. */
static int check_tci_mask(struct mctx *c, int i)
{
	uint16_t m = ntohs(c->m.vlans[i].tci);
	uint16_t vid = m & FP_VLAN_VID_MASK, pcp = m >> FP_VLAN_PCP_SHIFT;

	if (vid && vid != FP_VLAN_VID_MASK)
		return FAIL(c, "%s: flower matches the VLAN id only exactly (mask %#05x)",
			    tci_name[i], vid);
	if (pcp && pcp != 7)
		return FAIL(c, "%s: flower matches the VLAN priority only exactly (mask %#x)",
			    tci_name[i], pcp);
	if (c->m.vlans[i].tpid != 0xffff)
		return FAIL(c, "%s: a tag's TPID is matched partially", tci_name[i]);
	if (!is_tpid(c->v.vlans[i].tpid))
		return FAIL(c, "%s: TPID %#06x is not a VLAN type flower knows (802.1Q, 802.1ad)",
			    tci_name[i], ntohs(c->v.vlans[i].tpid));
	return 0;
}

static int match_tag(struct mctx *c, int i)
{
	uint16_t m = ntohs(c->m.vlans[i].tci), v = ntohs(c->v.vlans[i].tci);
	uint16_t *id = i ? &c->f->key.cvlan_id : &c->f->key.vlan_id;
	uint16_t *id_mask = i ? &c->f->mask.cvlan_id : &c->f->mask.vlan_id;
	uint8_t *prio = i ? &c->f->key.cvlan_prio : &c->f->key.vlan_prio;
	uint8_t *prio_mask = i ? &c->f->mask.cvlan_prio : &c->f->mask.vlan_prio;
	int err = check_tci_mask(c, i);

	if (err)
		return err;
	if (m & FP_VLAN_VID_MASK) {
		*id = v & FP_VLAN_VID_MASK;
		*id_mask = UINT16_MAX;
	}
	if (m >> FP_VLAN_PCP_SHIFT) {
		*prio = v >> FP_VLAN_PCP_SHIFT;
		*prio_mask = UINT8_MAX;
	}
	put_type(c, i, c->v.vlans[i].tpid);
	memset(&c->m.vlans[i], 0, sizeof(c->m.vlans[i]));
	return 0;
}

/*
 * "No tag at level i": what the megaflow says of levels i.. is implied
 * (a frame without a tag there has zeros), provided it asks for zeros.
 */
static int match_no_tag(struct mctx *c, int i)
{
	size_t len = (FP_FLOW_MAX_VLANS - i) * sizeof(struct fp_vlan);

	if (!bytes_zero(&c->v.vlans[i], len))
		return FAIL(c, "%s: a tag that is not present but has a TPID or TCI (a frame cut inside its tag) cannot be matched in tc flower",
			    tci_name[i]);
	memset(&c->m.vlans[i], 0, len);
	return 0;
}

static int match_vlans(struct mctx *c, int *depth, enum tags_end *end)
{
	int i, err;

	for (i = 0; i < FP_FLOW_MAX_VLANS; i++) {
		const struct fp_vlan *m = &c->m.vlans[i];

		*depth = i;
		if (!(m->tci & htons(FP_VLAN_PRESENT))) {
			*end = TAGS_UNKNOWN;
			if (m->tci || m->tpid)
				return FAIL(c, "%s is matched but not whether the frame has that tag",
					    tci_name[i]);
			return 0;
		}
		if (!(c->v.vlans[i].tci & htons(FP_VLAN_PRESENT))) {
			*end = TAGS_END;
			return match_no_tag(c, i);
		}
		err = match_tag(c, i);
		if (err)
			return err;
	}
	*depth = FP_FLOW_MAX_VLANS;
	*end = TAGS_FULL;
	return 0;
}

/* The EtherType inside the tags; or, unmatched, how many tags there are. */
static int match_type(struct mctx *c, int depth, enum tags_end end)
{
	fp_be16 type = c->v.dl_type;

	if (!c->m.dl_type) {
		if (end == TAGS_END) {
			c->f->key.num_of_vlans = (uint8_t)depth;
			c->f->mask.num_of_vlans = UINT8_MAX;
		}
		return 0;
	}
	if (c->m.dl_type != 0xffff)
		return FAIL(c, "dl_type: flower matches the EtherType only exactly (mask %#06x)",
			    ntohs(c->m.dl_type));
	if (end == TAGS_UNKNOWN)
		return FAIL(c, "dl_type %#06x is matched but %s is not: flower cannot match an EtherType with and without a VLAN tag",
			    ntohs(type), tci_name[depth]);
	if (is_tpid(type))
		return FAIL(c, "dl_type %#06x is a VLAN TPID: tc flower matches two tags at most",
			    ntohs(type));
	if (ntohs(type) < ETH_P_802_3_MIN)
		return FAIL(c, "dl_type %#06x: an 802.2 frame has no EtherType for tc flower to match",
			    ntohs(type));
	put_type(c, depth, type);
	c->f->key.eth_type = type;
	c->f->mask.eth_type = 0xffff;
	c->m.dl_type = 0;
	return 0;
}

static int match_l2(struct mctx *c)
{
	enum tags_end end;
	int depth, err;

	match_eth(c);
	err = match_vlans(c, &depth, &end);
	return err ? err : match_type(c, depth, end);
}

/* ---- IP, ARP, transport ---- */

static int match_frag(struct mctx *c)
{
	uint32_t *k = &c->f->key.flags, *m = &c->f->mask.flags;

	if (!c->m.nw_frag)
		return 0;
	if (c->m.nw_frag != 0xff)
		return FAIL(c, "nw_frag: flower matches the fragment type only whole (mask %#x)",
			    c->m.nw_frag);
	switch (c->v.nw_frag) {
	case OVS_FRAG_TYPE_NONE:
		*m |= TC_FLOWER_FRAG;
		break;
	case OVS_FRAG_TYPE_FIRST:
		*k |= TC_FLOWER_FRAG | TC_FLOWER_FRAG_FIRST;
		*m |= TC_FLOWER_FRAG | TC_FLOWER_FRAG_FIRST;
		break;
	case OVS_FRAG_TYPE_LATER:
		*k |= TC_FLOWER_FRAG;
		*m |= TC_FLOWER_FRAG | TC_FLOWER_FRAG_FIRST;
		break;
	default:
		return FAIL(c, "nw_frag %u is not a fragment type", c->v.nw_frag);
	}
	c->m.nw_frag = 0;
	return 0;
}

static int match_ip_proto(struct mctx *c)
{
	if (!c->m.nw_proto)
		return 0;
	if (c->m.nw_proto != 0xff)
		return FAIL(c, "nw_proto: flower matches the IP protocol only exactly (mask %#04x)",
			    c->m.nw_proto);
	TAKE(c, ip_proto, nw_proto);
	return 0;
}

/* ICMP type and code are one byte each, in the low byte of tp_src/tp_dst. */
static void match_icmp(struct mctx *c)
{
	c->f->key.icmp_type = ntohs(c->v.tp_src) & 0xff;
	c->f->mask.icmp_type = ntohs(c->m.tp_src) & 0xff;
	c->f->key.icmp_code = ntohs(c->v.tp_dst) & 0xff;
	c->f->mask.icmp_code = ntohs(c->m.tp_dst) & 0xff;
	c->m.tp_src &= htons(0xff00);
	c->m.tp_dst &= htons(0xff00);
}

static void match_tcp_flags(struct mctx *c)
{
	/* The 12 bits after the data offset, as the flow dissector reads them. */
	c->f->key.tcp_flags = c->v.tcp_flags & htons(0x0fff);
	c->f->mask.tcp_flags = c->m.tcp_flags & htons(0x0fff);
	c->m.tcp_flags &= htons(0xf000);
}

/* ND has no flower key: refuse it under its own names, not ARP's. */
static int refuse_nd(struct mctx *c)
{
	if (!IN6_IS_ADDR_UNSPECIFIED(&c->m.nd_target))
		return FAIL(c, "cannot match nd_target in tc flower");
	if (!bytes_zero(c->m.arp_sha, sizeof(c->m.arp_sha)))
		return FAIL(c, "cannot match nd_sll in tc flower");
	if (!bytes_zero(c->m.arp_tha, sizeof(c->m.arp_tha)))
		return FAIL(c, "cannot match nd_tll in tc flower");
	return 0;
}

static int match_l4(struct mctx *c, bool v6)
{
	const char *left = first_masked(&c->m, L4_LO, L4_HI);

	if (!left)
		return 0;
	if (!c->f->mask.ip_proto)
		return FAIL(c, "%s is matched but nw_proto is not: flower needs the IP protocol for it",
			    left);
	switch (c->v.nw_proto) {
	case IPPROTO_TCP:
		match_tcp_flags(c);
		/* fall through */
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		TAKE(c, tp_src, tp_src);
		TAKE(c, tp_dst, tp_dst);
		break;
	case IPPROTO_ICMP:
		if (!v6)
			match_icmp(c);
		break;
	case IPPROTO_ICMPV6:
		if (v6)
			match_icmp(c);
		break;
	}
	return 0;
}

static int match_ip(struct mctx *c, bool v6)
{
	int err;

	err = match_frag(c);
	if (!err)
		err = match_ip_proto(c);
	if (!err && v6)
		err = refuse_nd(c);
	if (err)
		return err;
	TAKE(c, ip_tos, nw_tos);
	TAKE(c, ip_ttl, nw_ttl);
	if (v6) {
		TAKE(c, ipv6_src, ipv6_src);
		TAKE(c, ipv6_dst, ipv6_dst);
	} else {
		TAKE(c, ipv4_src, nw_src);
		TAKE(c, ipv4_dst, nw_dst);
	}
	return match_l4(c, v6);
}

/* ARP keeps spa/tpa in nw_src/nw_dst and its opcode's low byte in nw_proto. */
static void match_arp(struct mctx *c)
{
	TAKE(c, arp_sip, nw_src);
	TAKE(c, arp_tip, nw_dst);
	TAKE(c, arp_op, nw_proto);
	TAKE(c, arp_sha, arp_sha);
	TAKE(c, arp_tha, arp_tha);
}

static int match_l3(struct mctx *c)
{
	const char *left = first_masked(&c->m, L3_LO, L3_HI);

	if (!left)
		return 0;
	if (!c->f->mask.eth_type)
		return FAIL(c, "%s is matched but dl_type is not: flower needs the EtherType for it",
			    left);
	switch (ntohs(c->v.dl_type)) {
	case ETH_P_IP:
		return match_ip(c, false);
	case ETH_P_IPV6:
		return match_ip(c, true);
	case ETH_P_ARP:
	case ETH_P_RARP:
		match_arp(c);
		return 0;
	}
	return 0;	/* what is left is named below */
}

int tc_xlate_match(const struct fp_flow *key, const struct fp_flow *mask,
		   tc_port_lookup_fn lookup, void *arg, struct tc_flower *f,
		   char *why, size_t whylen)
{
	struct mctx c = { .f = f, .why = why, .whylen = whylen };
	const char *left;
	int err;

	fp_flow_apply_mask(&c.v, key, mask);
	c.m = *mask;
	memset(c.m.pad, 0, sizeof(c.m.pad));
	memset(&f->key, 0, sizeof(f->key));
	memset(&f->mask, 0, sizeof(f->mask));
	f->protocol = htons(ETH_P_ALL);
	err = match_in_port(&c, lookup, arg);
	if (!err)
		err = match_recirc(&c);
	if (!err)
		err = match_l2(&c);
	if (!err)
		err = match_l3(&c);
	if (err)
		return err;
	left = first_masked(&c.m, 0, sizeof(c.m));
	if (left)
		return FAIL(&c, "cannot match %s in tc flower", left);
	return 0;
}
