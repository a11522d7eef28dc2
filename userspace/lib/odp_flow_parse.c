// SPDX-License-Identifier: GPL-2.0
/*
 * OVS_KEY_ATTR_* attributes (a packet's key, or a flow's key and mask)
 * -> struct fp_flow. The inverse of odp_flow.c, and stricter than the
 * kernel where the kernel would be lenient about what it sends back.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <netinet/in.h>

#include "odp_flow.h"
#include "odp_tree.h"

struct dec {
	const struct fp_odp_tree *kt;
	const struct fp_odp_tree *mt;	/* NULL: every key attribute exact */
	struct fp_flow *f;
	struct fp_flow *m;
};

/*
 * The mask of the key attribute (type, level), len bytes: the mask
 * stream's attribute, all zeros when that stream lacks it, all ones when
 * there is no mask stream. scratch holds the latter two.
 */
static const void *mask_of(const struct dec *d, int level, unsigned int type,
			   size_t len, void *scratch)
{
	const struct nlattr *a;

	if (!d->mt) {
		memset(scratch, 0xff, len);
		return scratch;
	}
	a = fp_odp_get(d->mt, level, type);
	if (a)
		return mnl_attr_get_payload(a);
	memset(scratch, 0, len);
	return scratch;
}

static const void *key_of(const struct dec *d, int level, unsigned int type)
{
	const struct nlattr *a = fp_odp_get(d->kt, level, type);

	return a ? mnl_attr_get_payload(a) : NULL;
}

static void take_u32(const struct dec *d, unsigned int type, uint32_t *v,
		     uint32_t *m)
{
	const uint32_t *k = key_of(d, 0, type);
	uint32_t scratch;

	if (!k)
		return;
	memcpy(v, k, 4);
	memcpy(m, mask_of(d, 0, type, 4, &scratch), 4);
}

/*
 * in_port is exact or absent in the kernel; its dumps show the mask of the
 * 16-bit port as 0xffff with 0xffff above it, so only the low half counts.
 */
static void take_metadata(const struct dec *d)
{
	struct fp_flow *f = d->f, *m = d->m;

	take_u32(d, OVS_KEY_ATTR_RECIRC_ID, &f->recirc_id, &m->recirc_id);
	take_u32(d, OVS_KEY_ATTR_DP_HASH, &f->dp_hash, &m->dp_hash);
	take_u32(d, OVS_KEY_ATTR_PRIORITY, &f->skb_priority, &m->skb_priority);
	take_u32(d, OVS_KEY_ATTR_SKB_MARK, &f->skb_mark, &m->skb_mark);
	take_u32(d, OVS_KEY_ATTR_IN_PORT, &f->in_port, &m->in_port);
	m->in_port = m->in_port & 0xffff ? UINT32_MAX : 0;
}

static void take_ethernet(const struct dec *d)
{
	const struct ovs_key_ethernet *k = key_of(d, 0, OVS_KEY_ATTR_ETHERNET);
	const struct ovs_key_ethernet *m;
	struct ovs_key_ethernet scratch;

	if (!k)
		return;
	m = mask_of(d, 0, OVS_KEY_ATTR_ETHERNET, sizeof(*m), &scratch);
	memcpy(d->f->dl_src, k->eth_src, 6);
	memcpy(d->f->dl_dst, k->eth_dst, 6);
	memcpy(d->m->dl_src, m->eth_src, 6);
	memcpy(d->m->dl_dst, m->eth_dst, 6);
}

static fp_be16 get_be16(const void *p)
{
	fp_be16 v;

	memcpy(&v, p, 2);
	return v;
}

static bool is_tpid(fp_be16 t)
{
	return t == htons(ETH_P_8021Q) || t == htons(ETH_P_8021AD);
}

/*
 * Tag i: the level's EtherType is its TPID, VLAN its TCI. Returns 1 when
 * the rest of the frame follows in the next level, 0 for a frame cut right
 * after the TPID (TCI 0, empty or missing ENCAP), or a negative errno.
 */
static int take_tag(const struct dec *d, int i)
{
	const void *tpid = key_of(d, i, OVS_KEY_ATTR_ETHERTYPE);
	const struct nlattr *encap = fp_odp_get(d->kt, i, OVS_KEY_ATTR_ENCAP);
	fp_be16 tci = get_be16(key_of(d, i, OVS_KEY_ATTR_VLAN));
	fp_be16 scratch;

	if (!tpid || !is_tpid(get_be16(tpid)))
		return -EINVAL;
	d->f->vlans[i].tpid = get_be16(tpid);
	d->f->vlans[i].tci = tci;
	d->m->vlans[i].tpid = 0xffff;
	if (!(tci & htons(FP_VLAN_PRESENT))) {
		d->m->vlans[i].tci = 0xffff;
		if (tci || (encap && mnl_attr_get_payload_len(encap)))
			return -EINVAL;
		return 0;
	}
	if (!encap)
		return -EINVAL;
	/* Without a VLAN mask the kernel matches the whole TCI. */
	if (d->mt && !fp_odp_get(d->mt, i, OVS_KEY_ATTR_VLAN))
		d->m->vlans[i].tci = 0xffff;
	else
		d->m->vlans[i].tci = get_be16(mask_of(d, i, OVS_KEY_ATTR_VLAN, 2,
						      &scratch));
	return 1;
}

/* Returns the level the payload is at, -1 for a cut frame, or -errno. */
static int take_tags(const struct dec *d)
{
	int i, ret;

	for (i = 0; i < FP_FLOW_MAX_VLANS; i++) {
		if (!fp_odp_get(d->kt, i, OVS_KEY_ATTR_VLAN))
			break;
		ret = take_tag(d, i);
		if (ret <= 0) {
			for (i++; i < FP_FLOW_MAX_VLANS; i++)
				d->m->vlans[i].tci = 0xffff;
			return ret < 0 ? ret : -1;
		}
	}
	if (fp_odp_get(d->kt, i, OVS_KEY_ATTR_VLAN))
		return -EINVAL;		/* a third tag */
	for (ret = i; i < FP_FLOW_MAX_VLANS; i++)
		d->m->vlans[i].tci = 0xffff;
	return ret;
}

static void take_eth_type(const struct dec *d, int lv)
{
	const void *k = key_of(d, lv, OVS_KEY_ATTR_ETHERTYPE);
	fp_be16 scratch;

	if (k) {
		d->f->dl_type = get_be16(k);
		d->m->dl_type = get_be16(mask_of(d, lv, OVS_KEY_ATTR_ETHERTYPE,
						 2, &scratch));
		return;
	}
	/* No EtherType: an 802.2 frame, matched as such by a mask of ones. */
	d->f->dl_type = htons(FP_ETH_TYPE_NONE);
	if (!d->mt || fp_odp_get(d->mt, lv, OVS_KEY_ATTR_ETHERTYPE))
		d->m->dl_type = 0xffff;
}

static int take_ipv4(const struct dec *d, int lv)
{
	const struct ovs_key_ipv4 *k = key_of(d, lv, OVS_KEY_ATTR_IPV4);
	const struct ovs_key_ipv4 *m;
	struct ovs_key_ipv4 scratch;

	if (!k)
		return 0;
	if (k->ipv4_frag > OVS_FRAG_TYPE_MAX)
		return -EINVAL;
	m = mask_of(d, lv, OVS_KEY_ATTR_IPV4, sizeof(*m), &scratch);
	d->f->nw_src = k->ipv4_src;
	d->f->nw_dst = k->ipv4_dst;
	d->f->nw_proto = k->ipv4_proto;
	d->f->nw_tos = k->ipv4_tos;
	d->f->nw_ttl = k->ipv4_ttl;
	d->f->nw_frag = k->ipv4_frag;
	d->m->nw_src = m->ipv4_src;
	d->m->nw_dst = m->ipv4_dst;
	d->m->nw_proto = m->ipv4_proto;
	d->m->nw_tos = m->ipv4_tos;
	d->m->nw_ttl = m->ipv4_ttl;
	d->m->nw_frag = m->ipv4_frag;
	return 0;
}

static int take_ipv6(const struct dec *d, int lv)
{
	const struct ovs_key_ipv6 *k = key_of(d, lv, OVS_KEY_ATTR_IPV6);
	const struct ovs_key_ipv6 *m;
	struct ovs_key_ipv6 scratch;

	if (!k)
		return 0;
	if (k->ipv6_frag > OVS_FRAG_TYPE_MAX || k->ipv6_label & htonl(0xfff00000))
		return -EINVAL;
	m = mask_of(d, lv, OVS_KEY_ATTR_IPV6, sizeof(*m), &scratch);
	memcpy(&d->f->ipv6_src, k->ipv6_src, 16);
	memcpy(&d->f->ipv6_dst, k->ipv6_dst, 16);
	d->f->ipv6_label = k->ipv6_label;
	d->f->nw_proto = k->ipv6_proto;
	d->f->nw_tos = k->ipv6_tclass;
	d->f->nw_ttl = k->ipv6_hlimit;
	d->f->nw_frag = k->ipv6_frag;
	memcpy(&d->m->ipv6_src, m->ipv6_src, 16);
	memcpy(&d->m->ipv6_dst, m->ipv6_dst, 16);
	d->m->ipv6_label = m->ipv6_label & htonl(0x000fffff);
	d->m->nw_proto = m->ipv6_proto;
	d->m->nw_tos = m->ipv6_tclass;
	d->m->nw_ttl = m->ipv6_hlimit;
	d->m->nw_frag = m->ipv6_frag;
	return 0;
}

/* The kernel keeps ARP's opcode in one byte: it refuses larger ones. */
static int take_arp(const struct dec *d, int lv)
{
	const struct ovs_key_arp *k = key_of(d, lv, OVS_KEY_ATTR_ARP);
	const struct ovs_key_arp *m;
	struct ovs_key_arp scratch;

	if (!k)
		return 0;
	if (ntohs(k->arp_op) > 0xff)
		return -EINVAL;
	m = mask_of(d, lv, OVS_KEY_ATTR_ARP, sizeof(*m), &scratch);
	d->f->nw_src = k->arp_sip;
	d->f->nw_dst = k->arp_tip;
	d->f->nw_proto = ntohs(k->arp_op);
	memcpy(d->f->arp_sha, k->arp_sha, 6);
	memcpy(d->f->arp_tha, k->arp_tha, 6);
	d->m->nw_src = m->arp_sip;
	d->m->nw_dst = m->arp_tip;
	d->m->nw_proto = ntohs(m->arp_op) & 0xff;
	memcpy(d->m->arp_sha, m->arp_sha, 6);
	memcpy(d->m->arp_tha, m->arp_tha, 6);
	return 0;
}

/* TCP, UDP and SCTP: the same two ports. */
static void take_ports(const struct dec *d, int lv, unsigned int type)
{
	const struct ovs_key_tcp *k = key_of(d, lv, type);
	const struct ovs_key_tcp *m;
	struct ovs_key_tcp scratch;

	if (!k)
		return;
	m = mask_of(d, lv, type, sizeof(*m), &scratch);
	d->f->tp_src = k->tcp_src;
	d->f->tp_dst = k->tcp_dst;
	d->m->tp_src = m->tcp_src;
	d->m->tp_dst = m->tcp_dst;
}

static void take_icmp(const struct dec *d, int lv, unsigned int type)
{
	const struct ovs_key_icmp *k = key_of(d, lv, type);
	const struct ovs_key_icmp *m;
	struct ovs_key_icmp scratch;

	if (!k)
		return;
	m = mask_of(d, lv, type, sizeof(*m), &scratch);
	d->f->tp_src = htons(k->icmp_type);
	d->f->tp_dst = htons(k->icmp_code);
	d->m->tp_src = htons(m->icmp_type);
	d->m->tp_dst = htons(m->icmp_code);
}

static void take_tcp_flags(const struct dec *d, int lv)
{
	const void *k = key_of(d, lv, OVS_KEY_ATTR_TCP_FLAGS);
	fp_be16 scratch;

	if (!k)
		return;
	d->f->tcp_flags = get_be16(k);
	d->m->tcp_flags = get_be16(mask_of(d, lv, OVS_KEY_ATTR_TCP_FLAGS, 2,
					   &scratch));
}

static void take_nd(const struct dec *d, int lv)
{
	const struct ovs_key_nd *k = key_of(d, lv, OVS_KEY_ATTR_ND);
	const struct ovs_key_nd *m;
	struct ovs_key_nd scratch;

	if (!k)
		return;
	m = mask_of(d, lv, OVS_KEY_ATTR_ND, sizeof(*m), &scratch);
	memcpy(&d->f->nd_target, k->nd_target, 16);
	memcpy(d->f->arp_sha, k->nd_sll, 6);
	memcpy(d->f->arp_tha, k->nd_tll, 6);
	memcpy(&d->m->nd_target, m->nd_target, 16);
	memcpy(d->m->arp_sha, m->nd_sll, 6);
	memcpy(d->m->arp_tha, m->nd_tll, 6);
}

static int count_of(const struct dec *d, int lv, const unsigned int *types,
		    size_t n)
{
	int count = 0;
	size_t i;

	for (i = 0; i < n; i++)
		count += fp_odp_get(d->kt, lv, types[i]) != NULL;
	return count;
}

/* One network header and one transport header, or the fields collide. */
static int take_payload(const struct dec *d, int lv)
{
	static const unsigned int l3[] = {
		OVS_KEY_ATTR_IPV4, OVS_KEY_ATTR_IPV6, OVS_KEY_ATTR_ARP,
	};
	static const unsigned int l4[] = {
		OVS_KEY_ATTR_TCP, OVS_KEY_ATTR_UDP, OVS_KEY_ATTR_SCTP,
		OVS_KEY_ATTR_ICMP, OVS_KEY_ATTR_ICMPV6,
	};
	int err;

	if (count_of(d, lv, l3, 3) > 1 || count_of(d, lv, l4, 5) > 1)
		return -EINVAL;
	take_eth_type(d, lv);
	err = take_ipv4(d, lv);
	if (!err)
		err = take_ipv6(d, lv);
	if (!err)
		err = take_arp(d, lv);
	if (err)
		return err;
	take_ports(d, lv, OVS_KEY_ATTR_TCP);
	take_ports(d, lv, OVS_KEY_ATTR_UDP);
	take_ports(d, lv, OVS_KEY_ATTR_SCTP);
	take_icmp(d, lv, OVS_KEY_ATTR_ICMP);
	take_icmp(d, lv, OVS_KEY_ATTR_ICMPV6);
	take_tcp_flags(d, lv);
	take_nd(d, lv);
	return 0;
}

/* ---- what may appear where ---- */

enum place { P_META, P_TAG, P_ETHERTYPE, P_PAYLOAD, P_FOREIGN };

static enum place place_of(unsigned int type)
{
	switch (type) {
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_IN_PORT:
	case OVS_KEY_ATTR_SKB_MARK:
	case OVS_KEY_ATTR_DP_HASH:
	case OVS_KEY_ATTR_RECIRC_ID:
	case OVS_KEY_ATTR_ETHERNET:
		return P_META;
	case OVS_KEY_ATTR_VLAN:
	case OVS_KEY_ATTR_ENCAP:
		return P_TAG;
	case OVS_KEY_ATTR_ETHERTYPE:
		return P_ETHERTYPE;
	case OVS_KEY_ATTR_IPV4:
	case OVS_KEY_ATTR_IPV6:
	case OVS_KEY_ATTR_ARP:
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_UDP:
	case OVS_KEY_ATTR_SCTP:
	case OVS_KEY_ATTR_ICMP:
	case OVS_KEY_ATTR_ICMPV6:
	case OVS_KEY_ATTR_ND:
	case OVS_KEY_ATTR_TCP_FLAGS:
		return P_PAYLOAD;
	default:
		return P_FOREIGN;	/* conntrack, tunnel, MPLS, NSH, ... */
	}
}

/*
 * A mask that matches nothing. The kernel dumps a nested mask for tunnel
 * metadata even when none is matched (TUNNEL holding a TTL of 0): a nest
 * counts as zero when every attribute in it has a zero payload.
 */
static bool mask_zero(const struct nlattr *a)
{
	const struct nlattr *attr;

	if (!a)
		return true;
	if (fp_odp_key_attr_len(mnl_attr_get_type(a)) != FP_ODP_LEN_NESTED)
		return fp_odp_is_zero(mnl_attr_get_payload(a),
				      mnl_attr_get_payload_len(a));
	mnl_attr_for_each_nested(attr, a)
		if (!fp_odp_is_zero(mnl_attr_get_payload(attr),
				    mnl_attr_get_payload_len(attr)))
			return false;
	return true;
}

/*
 * A key attribute at a level where it means nothing, or a mask on a field
 * fp_flow has no place for: the flow would be read as matching less than it
 * does. payload is the payload's level, or -1 for a cut frame.
 */
static int check_level(const struct dec *d, int lv, int payload)
{
	const struct nlattr *ma;
	unsigned int t;

	for (t = 1; t <= OVS_KEY_ATTR_MAX; t++) {
		const struct nlattr *ka = fp_odp_get(d->kt, lv, t);
		enum place p = place_of(t);

		ma = d->mt ? fp_odp_get(d->mt, lv, t) : NULL;
		if (!ka) {
			if (!mask_zero(ma) && t != OVS_KEY_ATTR_ETHERTYPE &&
			    t != OVS_KEY_ATTR_ENCAP)
				return -EINVAL;
			continue;
		}
		/* ENCAP and VLAN belong to the levels of tags only. */
		if ((p == P_META && lv) || (p == P_PAYLOAD && lv != payload) ||
		    (p == P_TAG && payload >= 0 && lv >= payload))
			return -EINVAL;
		if (p == P_FOREIGN && d->mt && !mask_zero(ma))
			return -EOPNOTSUPP;
	}
	return 0;
}

static int decode(struct dec *d)
{
	int payload, lv, err;

	take_metadata(d);
	take_ethernet(d);
	payload = take_tags(d);
	if (payload < -1)
		return payload;
	if (payload >= 0) {
		err = take_payload(d, payload);
		if (err)
			return err;
	}
	for (lv = 0; lv < d->kt->n_levels; lv++) {
		err = check_level(d, lv, payload);
		if (err)
			return err;
	}
	if (d->mt && d->mt->n_levels > d->kt->n_levels)
		return -EINVAL;
	return 0;
}

int fp_odp_key_from_attrs(const void *attrs, size_t len, struct fp_flow *key)
{
	struct fp_odp_tree kt;
	struct fp_flow mask;
	struct dec d = { .kt = &kt, .f = key, .m = &mask };
	int err;

	fp_flow_zero(key);
	fp_flow_zero(&mask);
	err = fp_odp_tree_parse(attrs, len, &kt);
	return err ? err : decode(&d);
}

int fp_odp_flow_from_attrs(const void *key, size_t key_len, const void *mask,
			   size_t mask_len, struct fp_flow *flow,
			   struct fp_flow *wc)
{
	struct fp_odp_tree kt, mt;
	struct dec d = { .kt = &kt, .mt = mask_len ? &mt : NULL,
			 .f = flow, .m = wc };
	int err;

	fp_flow_zero(flow);
	fp_flow_zero(wc);
	err = fp_odp_tree_parse(key, key_len, &kt);
	if (!err && mask_len)
		err = fp_odp_tree_parse(mask, mask_len, &mt);
	if (!err)
		err = decode(&d);
	if (err)
		return err;
	fp_flow_apply_mask(flow, flow, wc);
	return 0;
}
