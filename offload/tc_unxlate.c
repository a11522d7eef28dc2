// SPDX-License-Identifier: GPL-2.0
/*
 * Flower keys -> megaflow key and mask: tc_xlate_match.c read backwards.
 * It consumes the filter's mask as the forward direction consumes the
 * megaflow's: each flower key is moved into the megaflow field it came
 * from, under the same conditions (a tag only under a TPID, ports only
 * under a known IP protocol, ...), and cleared from a scratch copy of the
 * filter's mask; a bit left over is a key flowpath never writes there.
 *
 * What flowpath writes is also narrower than what flower takes (exact
 * EtherTypes, three fragment-flag combinations, ...). Those checks are
 * spelled out below with their reasons; and since an adopted filter is
 * later compared and replaced as if tc_xlate_match() had made it, the
 * result is finally translated forward again and must give the filter
 * back, key for key: whatever slipped past the checks is refused there.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/openvswitch.h>
#include <netinet/in.h>

#include "tc_unxlate.h"
#include "tc_xlate.h"

struct uctx {
	const struct tc_flower *f;
	struct tc_flower_key m;	/* the filter's mask, not consumed yet */
	struct fp_flow *key, *mask;
	char *why;
	size_t whylen;
};

struct kfield {
	const char *name;
	size_t off, len;
};

#define KF(f) { #f, offsetof(struct tc_flower_key, f),			\
		sizeof(((struct tc_flower_key *)0)->f) }

/* Every member of struct tc_flower_key, by the name refusals use. */
static const struct kfield kfields[] = {
	KF(dst_mac), KF(src_mac), KF(eth_type), KF(vlan_id), KF(vlan_prio),
	KF(vlan_eth_type), KF(cvlan_id), KF(cvlan_prio), KF(cvlan_eth_type),
	KF(num_of_vlans), KF(ip_proto), KF(ip_tos), KF(ip_ttl), KF(flags),
	KF(ipv4_src), KF(ipv4_dst), KF(ipv6_src), KF(ipv6_dst), KF(tp_src),
	KF(tp_dst), KF(tcp_flags), KF(icmp_type), KF(icmp_code), KF(arp_sip),
	KF(arp_tip), KF(arp_op), KF(arp_sha), KF(arp_tha),
};

#define N_KFIELDS (sizeof(kfields) / sizeof(kfields[0]))

static const char *const tag_name[] = { "vlan", "cvlan" };
/* Where the type at depth d (0: outside all tags) is held. */
static const char *const type_name[] = { "protocol", "vlan_eth_type", "cvlan_eth_type" };

__attribute__((format(printf, 2, 3)))
static int fail(struct uctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->why && c->whylen) {
		va_start(ap, fmt);
		vsnprintf(c->why, c->whylen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static const uint8_t *kbytes(const struct tc_flower_key *k, size_t off)
{
	return (const uint8_t *)k + off;
}

static bool bytes_zero(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

static bool is_tpid(fp_be16 type)
{
	return type == htons(ETH_P_8021Q) || type == htons(ETH_P_8021AD);
}

/* Flowpath writes key & mask, and the codec reads keys back masked. */
static int check_key_masked(struct uctx *c)
{
	const struct tc_flower_key *k = &c->f->key, *m = &c->f->mask;
	size_t i, b;

	for (i = 0; i < N_KFIELDS; i++)
		for (b = 0; b < kfields[i].len; b++)
			if (kbytes(k, kfields[i].off)[b] & ~kbytes(m, kfields[i].off)[b])
				return fail(c, "flower key %s has bits outside its mask: flowpath writes masked keys",
					    kfields[i].name);
	return 0;
}

/* Moves a flower key and its mask into a megaflow field; consumes the mask. */
static void give(void *key, void *mask, const void *fkey, void *fmask,
		 size_t len)
{
	memcpy(key, fkey, len);
	memcpy(mask, fmask, len);
	memset(fmask, 0, len);
}

#define GIVE(c, ff, kf)							\
	do {								\
		_Static_assert(sizeof((c)->key->ff) == sizeof((c)->m.kf), \
			       #ff " and " #kf " differ in size");	\
		give(&(c)->key->ff, &(c)->mask->ff, &(c)->f->key.kf,	\
		     &(c)->m.kf, sizeof((c)->m.kf));			\
	} while (0)

/* ---- the device and Ethernet ---- */

/* A filter sits on one device's ingress: in_port is always exact. */
static int un_in_port(struct uctx *c, tc_odp_port_fn port_of, void *arg)
{
	uint32_t port;

	if (!port_of(c->f->ifindex, &port, arg))
		return fail(c, "device %d is not a datapath port", c->f->ifindex);
	c->key->in_port = port;
	c->mask->in_port = UINT32_MAX;
	return 0;
}

/* ---- tags and the EtherType ---- */

/*
 * The type at depth d: the filter's protocol (ETH_P_ALL: not matched), or
 * the type after tag d-1, whose mask it consumes.
 */
static int type_at(struct uctx *c, int d, fp_be16 *type, bool *matched)
{
	fp_be16 *m = d == 1 ? &c->m.vlan_eth_type : &c->m.cvlan_eth_type;

	if (d == 0) {
		*type = c->f->protocol;
		*matched = *type != htons(ETH_P_ALL);
		return 0;
	}
	if (*m && *m != 0xffff)
		return fail(c, "%s mask %#06x: flowpath matches EtherTypes only exactly",
			    type_name[d], ntohs(*m));
	*type = d == 1 ? c->f->key.vlan_eth_type : c->f->key.cvlan_eth_type;
	*matched = *m != 0;
	*m = 0;
	return 0;
}

static int check_tag_masks(struct uctx *c, int i, uint16_t id,
			   uint16_t id_mask, uint8_t prio, uint8_t prio_mask)
{
	if (id_mask && id_mask != UINT16_MAX)
		return fail(c, "%s_id mask %#x: flowpath matches the VLAN id only exactly",
			    tag_name[i], id_mask);
	if (prio_mask && prio_mask != UINT8_MAX)
		return fail(c, "%s_prio mask %#x: flowpath matches the VLAN priority only exactly",
			    tag_name[i], prio_mask);
	if (id > FP_VLAN_VID_MASK)
		return fail(c, "%s_id %u is not a VLAN id", tag_name[i], id);
	if (prio > 7)
		return fail(c, "%s_prio %u is not a VLAN priority", tag_name[i], prio);
	return 0;
}

/* Tag i is there, with TPID tpid: the TCI's "present" bit is matched. */
static int un_tag(struct uctx *c, int i, fp_be16 tpid)
{
	const struct tc_flower_key *k = &c->f->key;
	uint16_t *id_mask = i ? &c->m.cvlan_id : &c->m.vlan_id;
	uint8_t *prio_mask = i ? &c->m.cvlan_prio : &c->m.vlan_prio;
	uint16_t id = i ? k->cvlan_id : k->vlan_id;
	uint8_t prio = i ? k->cvlan_prio : k->vlan_prio;
	uint16_t tci = FP_VLAN_PRESENT, tci_mask = FP_VLAN_PRESENT;
	int err = check_tag_masks(c, i, id, *id_mask, prio, *prio_mask);

	if (err)
		return err;
	if (*id_mask) {
		tci |= id;
		tci_mask |= FP_VLAN_VID_MASK;
	}
	if (*prio_mask) {
		tci |= (uint16_t)(prio << FP_VLAN_PCP_SHIFT);
		tci_mask |= (uint16_t)(7 << FP_VLAN_PCP_SHIFT);
	}
	*id_mask = 0;
	*prio_mask = 0;
	c->key->vlans[i].tpid = tpid;
	c->mask->vlans[i].tpid = 0xffff;
	c->key->vlans[i].tci = htons(tci);
	c->mask->vlans[i].tci = htons(tci_mask);
	return 0;
}

/* No tag at level i and below, as the datapath matches it: TCI 0 exactly. */
static void no_tag(struct uctx *c, int i)
{
	for (; i < FP_FLOW_MAX_VLANS; i++)
		c->mask->vlans[i].tci = 0xffff;
}

/* The EtherType inside d tags: the protocol or a tag's type, and eth_type. */
static int un_type(struct uctx *c, int d, fp_be16 type)
{
	if (ntohs(type) < ETH_P_802_3_MIN)
		return fail(c, "%s %#06x is not an EtherType flowpath matches",
			    type_name[d], ntohs(type));
	if (c->m.eth_type != 0xffff || c->f->key.eth_type != type)
		return fail(c, "eth_type %#06x (mask %#06x) is not %#06x, the type the protocol and tags say is inside",
			    ntohs(c->f->key.eth_type), ntohs(c->m.eth_type), ntohs(type));
	c->m.eth_type = 0;
	c->key->dl_type = type;
	c->mask->dl_type = 0xffff;
	if (d < FP_FLOW_MAX_VLANS)
		no_tag(c, d);
	return 0;
}

/*
 * No type at depth d: with num_of_vlans, the frame has exactly d tags
 * (flowpath writes it for "no more tags" without an EtherType); without,
 * whether more tags follow is not matched.
 */
static int un_no_type(struct uctx *c, int d)
{
	if (!c->m.num_of_vlans)
		return 0;
	if (c->m.num_of_vlans != UINT8_MAX || c->f->key.num_of_vlans != d ||
	    d == FP_FLOW_MAX_VLANS)
		return fail(c, "num_of_vlans %u (mask %#x) after %d tags: flowpath writes only the number of tags it matched, fewer than %d",
			    c->f->key.num_of_vlans, c->m.num_of_vlans, d,
			    FP_FLOW_MAX_VLANS);
	c->m.num_of_vlans = 0;
	no_tag(c, d);
	return 0;
}

static int un_l2(struct uctx *c)
{
	fp_be16 type = 0;
	bool matched = false;
	int d, err;

	GIVE(c, dl_dst, dst_mac);
	GIVE(c, dl_src, src_mac);
	for (d = 0;; d++) {
		err = type_at(c, d, &type, &matched);
		if (err)
			return err;
		if (!matched)
			return un_no_type(c, d);
		if (!is_tpid(type))
			return un_type(c, d, type);
		if (d == FP_FLOW_MAX_VLANS)
			return fail(c, "cvlan_eth_type %#06x is a TPID: flowpath matches two tags at most",
				    ntohs(type));
		err = un_tag(c, d, type);
		if (err)
			return err;
	}
}

/* ---- IP, ARP, transport ---- */

static int un_frag(struct uctx *c)
{
	const uint32_t both = TC_FLOWER_FRAG | TC_FLOWER_FRAG_FIRST;
	uint32_t k = c->f->key.flags, m = c->m.flags;

	if (!m)
		return 0;
	if (m == TC_FLOWER_FRAG && !k)
		c->key->nw_frag = OVS_FRAG_TYPE_NONE;
	else if (m == both && k == both)
		c->key->nw_frag = OVS_FRAG_TYPE_FIRST;
	else if (m == both && k == TC_FLOWER_FRAG)
		c->key->nw_frag = OVS_FRAG_TYPE_LATER;
	else
		return fail(c, "flags %#x (mask %#x) is not a fragment type flowpath writes",
			    k, m);
	c->mask->nw_frag = 0xff;
	c->m.flags = 0;
	return 0;
}

static int un_ip_proto(struct uctx *c)
{
	if (c->m.ip_proto && c->m.ip_proto != 0xff)
		return fail(c, "ip_proto mask %#04x: flowpath matches the IP protocol only exactly",
			    c->m.ip_proto);
	GIVE(c, nw_proto, ip_proto);
	return 0;
}

/* The 12 flag bits only: the rest stays in the mask, to be refused. */
static void un_tcp_flags(struct uctx *c)
{
	c->key->tcp_flags = c->f->key.tcp_flags & htons(0x0fff);
	c->mask->tcp_flags = c->m.tcp_flags & htons(0x0fff);
	c->m.tcp_flags &= htons(0xf000);
}

/* ICMP type and code go to the low byte of tp_src and tp_dst. */
static void un_icmp(struct uctx *c)
{
	c->key->tp_src = htons(c->f->key.icmp_type);
	c->mask->tp_src = htons(c->m.icmp_type);
	c->key->tp_dst = htons(c->f->key.icmp_code);
	c->mask->tp_dst = htons(c->m.icmp_code);
	c->m.icmp_type = c->m.icmp_code = 0;
}

static void un_l4(struct uctx *c, bool v6)
{
	if (!c->mask->nw_proto)
		return;
	switch (c->key->nw_proto) {
	case IPPROTO_TCP:
		un_tcp_flags(c);
		/* fall through */
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		GIVE(c, tp_src, tp_src);
		GIVE(c, tp_dst, tp_dst);
		break;
	case IPPROTO_ICMP:
		if (!v6)
			un_icmp(c);
		break;
	case IPPROTO_ICMPV6:
		if (v6)
			un_icmp(c);
		break;
	}
}

static int un_ip(struct uctx *c, bool v6)
{
	int err = un_frag(c);

	if (!err)
		err = un_ip_proto(c);
	if (err)
		return err;
	GIVE(c, nw_tos, ip_tos);
	GIVE(c, nw_ttl, ip_ttl);
	if (v6) {
		GIVE(c, ipv6_src, ipv6_src);
		GIVE(c, ipv6_dst, ipv6_dst);
	} else {
		GIVE(c, nw_src, ipv4_src);
		GIVE(c, nw_dst, ipv4_dst);
	}
	un_l4(c, v6);
	return 0;
}

/* ARP keeps spa/tpa in nw_src/nw_dst and its opcode's low byte in nw_proto. */
static void un_arp(struct uctx *c)
{
	GIVE(c, nw_src, arp_sip);
	GIVE(c, nw_dst, arp_tip);
	GIVE(c, nw_proto, arp_op);
	GIVE(c, arp_sha, arp_sha);
	GIVE(c, arp_tha, arp_tha);
}

static int un_l3(struct uctx *c)
{
	if (!c->mask->dl_type)
		return 0;
	switch (ntohs(c->key->dl_type)) {
	case ETH_P_IP:
		return un_ip(c, false);
	case ETH_P_IPV6:
		return un_ip(c, true);
	case ETH_P_ARP:
	case ETH_P_RARP:
		un_arp(c);
		return 0;
	}
	return 0;	/* any key of this type is left over, named below */
}

/* ---- what is left, and the check by the forward translation ---- */

static int check_consumed(struct uctx *c)
{
	size_t i;

	for (i = 0; i < N_KFIELDS; i++)
		if (!bytes_zero(kbytes(&c->m, kfields[i].off), kfields[i].len))
			return fail(c, "flower key %s is matched where flowpath never writes it (protocol %#06x)",
				    kfields[i].name, ntohs(c->f->protocol));
	return 0;
}

/* The forward translation's port lookup, knowing the filter's one port. */
struct one_port {
	uint32_t odp_port;
	int ifindex;
};

static bool lookup_one(uint32_t odp_port, struct tc_port *p, void *arg)
{
	const struct one_port *o = arg;

	if (odp_port != o->odp_port)
		return false;
	p->ifindex = o->ifindex;
	p->internal = false;	/* the match does not read it */
	return true;
}

static int check_forward(struct uctx *c)
{
	struct one_port o = { c->key->in_port, c->f->ifindex };
	char fwhy[TC_XLATE_WHY_LEN];
	struct tc_flower again;
	size_t i;

	memset(&again, 0, sizeof(again));
	if (tc_xlate_match(c->key, c->mask, lookup_one, &o, &again, fwhy,
			   sizeof(fwhy)))
		return fail(c, "the megaflow it implies is not one flowpath puts in tc: %s",
			    fwhy);
	if (again.protocol != c->f->protocol)
		return fail(c, "protocol %#06x is not the %#06x flowpath writes for the megaflow it implies",
			    ntohs(c->f->protocol), ntohs(again.protocol));
	for (i = 0; i < N_KFIELDS; i++) {
		size_t off = kfields[i].off, len = kfields[i].len;

		if (memcmp(kbytes(&again.key, off), kbytes(&c->f->key, off), len) ||
		    memcmp(kbytes(&again.mask, off), kbytes(&c->f->mask, off), len))
			return fail(c, "flower key %s is not what flowpath writes for the megaflow it implies",
				    kfields[i].name);
	}
	return 0;
}

int tc_unxlate_match(const struct tc_flower *f, tc_odp_port_fn port_of,
		     void *arg, struct fp_flow *key, struct fp_flow *mask,
		     char *why, size_t whylen)
{
	struct uctx c = { .f = f, .m = f->mask, .key = key, .mask = mask,
			  .why = why, .whylen = whylen };
	int err;

	fp_flow_zero(key);
	fp_flow_zero(mask);
	err = check_key_masked(&c);
	if (!err)
		err = un_in_port(&c, port_of, arg);
	if (!err)
		err = un_l2(&c);
	if (!err)
		err = un_l3(&c);
	if (!err)
		err = check_consumed(&c);
	if (!err)
		err = check_forward(&c);
	if (err) {
		fp_flow_zero(key);
		fp_flow_zero(mask);
	}
	return err;
}
