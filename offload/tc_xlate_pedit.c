// SPDX-License-Identifier: GPL-2.0
/*
 * A datapath header rewrite (set() / set_masked()) -> 32-bit pedit words.
 *
 * Each rewrite is first laid out as an image of the header it touches:
 * the new bytes at their offsets in the header, and a mask of the bytes
 * (bits) written. Every 4-byte word of the image with a mask bit set
 * becomes one key, so offsets are always 4-aligned as act_pedit wants.
 *
 * Mask convention: in our struct tc_pedit_word a mask bit set means the bit
 * is rewritten, and val carries no bit outside mask. The kernel's struct
 * tc_pedit_key is the other way round: it computes
 * (old & kmask) ^ kval, so a set bit of kmask is a bit KEPT; the codec
 * sends kmask = ~mask and kval = val (act_pedit.c, tcf_pedit_act()).
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>
#include <linux/tc_act/tc_csum.h>
#include <netinet/in.h>

#include "tc_xlate_int.h"

#define IMAGE_MAX 40	/* the IPv6 header, the largest rewritten */

struct image {
	uint8_t htype;
	size_t len;		/* bytes of the header covered, a multiple of 4 */
	uint8_t val[IMAGE_MAX];
	uint8_t mask[IMAGE_MAX];
};

/* What one set() asks for, and where the words go. */
struct pctx {
	const struct fp_odp_action *set;
	const uint8_t *mask;	/* set_masked()'s mask, or all ones for set() */
	const struct fp_flow *key;
	struct tc_act *pedit;
	uint32_t *csum;
	char *why;
	size_t whylen;
};

#define FAIL(c, err, ...) tc_xlate_fail((c)->why, (c)->whylen, err, __VA_ARGS__)

static void image_init(struct image *im, uint8_t htype, size_t len)
{
	memset(im, 0, sizeof(*im));
	im->htype = htype;
	im->len = len;
}

static void image_put(struct image *im, size_t off, const void *val,
		      const void *mask, size_t len)
{
	memcpy(im->val + off, val, len);
	memcpy(im->mask + off, mask, len);
}

static bool any_set(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--)
		if (*b++)
			return true;
	return false;
}

/* One word into the pedit; a word already there takes the new bits. */
static int add_word(struct pctx *c, uint8_t htype, uint32_t off, fp_be32 val,
		    fp_be32 mask)
{
	struct tc_pedit_word *k = c->pedit->pedit.keys;
	size_t i, n = c->pedit->pedit.n;

	for (i = 0; i < n; i++) {
		if (k[i].htype == htype && k[i].off == off) {
			k[i].val = (k[i].val & ~mask) | (val & mask);
			k[i].mask |= mask;
			return 0;
		}
	}
	if (n == TC_PEDIT_MAX_KEYS)
		return FAIL(c, -EOPNOTSUPP,
			    "the header rewrites need more than %d 32-bit pedit words",
			    TC_PEDIT_MAX_KEYS);
	k[n].htype = htype;
	k[n].off = off;
	k[n].val = val & mask;
	k[n].mask = mask;
	c->pedit->pedit.n = n + 1;
	return 0;
}

static int add_image(struct pctx *c, const struct image *im)
{
	fp_be32 val, mask;
	size_t off;
	int err;

	for (off = 0; off < im->len; off += 4) {
		memcpy(&mask, im->mask + off, 4);
		if (!mask)
			continue;
		memcpy(&val, im->val + off, 4);
		err = add_word(c, im->htype, (uint32_t)off, val, mask);
		if (err)
			return err;
	}
	return 0;
}

/*
 * An address rewrite makes stale the L4 checksums whose pseudo-header
 * holds the address. With the IP protocol not matched (0 in the masked
 * key) every such kind is asked for: act_csum only updates the one the
 * packet really has.
 */
static uint32_t l4_csum(const struct fp_flow *key, bool v6)
{
	uint32_t icmp6 = v6 ? TCA_CSUM_UPDATE_FLAG_ICMP : 0;

	switch (key->nw_proto) {
	case IPPROTO_TCP:
		return TCA_CSUM_UPDATE_FLAG_TCP;
	case IPPROTO_UDP:
		return TCA_CSUM_UPDATE_FLAG_UDP;
	case IPPROTO_ICMPV6:
		return icmp6;
	case 0:
		return TCA_CSUM_UPDATE_FLAG_TCP | TCA_CSUM_UPDATE_FLAG_UDP | icmp6;
	}
	return 0;
}

static int set_ethernet(struct pctx *c)
{
	const struct ovs_key_ethernet *v = c->set->set.value;
	const struct ovs_key_ethernet *m = (const void *)c->mask;
	struct image im;

	/* The header: destination first, then source. */
	image_init(&im, TCA_PEDIT_KEY_EX_HDR_TYPE_ETH, 12);
	image_put(&im, 0, v->eth_dst, m->eth_dst, 6);
	image_put(&im, 6, v->eth_src, m->eth_src, 6);
	return add_image(c, &im);
}

/*
 * proto and frag are not rewrites: set() must repeat the packet's (the
 * datapath checks), and a masked rewrite of them has no tc equivalent.
 */
static int check_proto_frag(struct pctx *c, const char *hdr, uint8_t proto_mask,
			    uint8_t frag_mask)
{
	if (!c->set->set.mask)
		return 0;
	if (proto_mask)
		return FAIL(c, -EOPNOTSUPP, "set of the %s protocol has no tc equivalent", hdr);
	if (frag_mask)
		return FAIL(c, -EOPNOTSUPP, "set of the %s fragment type has no tc equivalent", hdr);
	return 0;
}

static int set_ipv4(struct pctx *c)
{
	const struct ovs_key_ipv4 *v = c->set->set.value;
	const struct ovs_key_ipv4 *m = (const void *)c->mask;
	struct image im;
	int err;

	err = check_proto_frag(c, "ipv4", m->ipv4_proto, m->ipv4_frag);
	if (err)
		return err;
	image_init(&im, TCA_PEDIT_KEY_EX_HDR_TYPE_IP4, 20);
	image_put(&im, 1, &v->ipv4_tos, &m->ipv4_tos, 1);
	image_put(&im, 8, &v->ipv4_ttl, &m->ipv4_ttl, 1);
	image_put(&im, 12, &v->ipv4_src, &m->ipv4_src, 4);
	image_put(&im, 16, &v->ipv4_dst, &m->ipv4_dst, 4);
	if (any_set(im.mask, im.len))
		*c->csum |= TCA_CSUM_UPDATE_FLAG_IPV4HDR;
	if (m->ipv4_src || m->ipv4_dst)
		*c->csum |= l4_csum(c->key, false);
	return add_image(c, &im);
}

/* Word 0 of the IPv6 header: version (4 bits), traffic class (8), label (20). */
static fp_be32 ipv6_word0(uint8_t tclass, fp_be32 label)
{
	return htonl((uint32_t)tclass << 20 | (ntohl(label) & 0x000fffff));
}

static int set_ipv6(struct pctx *c)
{
	const struct ovs_key_ipv6 *v = c->set->set.value;
	const struct ovs_key_ipv6 *m = (const void *)c->mask;
	fp_be32 w0 = ipv6_word0(v->ipv6_tclass, v->ipv6_label);
	fp_be32 w0_mask = ipv6_word0(m->ipv6_tclass, m->ipv6_label);
	struct image im;
	int err;

	err = check_proto_frag(c, "ipv6", m->ipv6_proto, m->ipv6_frag);
	if (err)
		return err;
	image_init(&im, TCA_PEDIT_KEY_EX_HDR_TYPE_IP6, 40);
	image_put(&im, 0, &w0, &w0_mask, 4);
	image_put(&im, 7, &v->ipv6_hlimit, &m->ipv6_hlimit, 1);
	image_put(&im, 8, v->ipv6_src, m->ipv6_src, 16);
	image_put(&im, 24, v->ipv6_dst, m->ipv6_dst, 16);
	if (any_set(m->ipv6_src, 16) || any_set(m->ipv6_dst, 16))
		*c->csum |= l4_csum(c->key, true);
	return add_image(c, &im);
}

/* TCP and UDP keys share one layout: source port, destination port. */
static int set_ports(struct pctx *c, uint8_t htype, uint32_t csum)
{
	const struct ovs_key_tcp *v = c->set->set.value;
	const struct ovs_key_tcp *m = (const void *)c->mask;
	struct image im;

	image_init(&im, htype, 4);
	image_put(&im, 0, &v->tcp_src, &m->tcp_src, 2);
	image_put(&im, 2, &v->tcp_dst, &m->tcp_dst, 2);
	if (m->tcp_src || m->tcp_dst)
		*c->csum |= csum;
	return add_image(c, &im);
}

static size_t key_len(uint16_t type)
{
	switch (type) {
	case OVS_KEY_ATTR_ETHERNET:
		return sizeof(struct ovs_key_ethernet);
	case OVS_KEY_ATTR_IPV4:
		return sizeof(struct ovs_key_ipv4);
	case OVS_KEY_ATTR_IPV6:
		return sizeof(struct ovs_key_ipv6);
	case OVS_KEY_ATTR_TCP:
		return sizeof(struct ovs_key_tcp);
	case OVS_KEY_ATTR_UDP:
		return sizeof(struct ovs_key_udp);
	}
	return 0;
}

static const char *key_name(uint16_t type)
{
	switch (type) {
	case OVS_KEY_ATTR_PRIORITY:
		return "skb_priority";
	case OVS_KEY_ATTR_SKB_MARK:
		return "skb_mark";
	case OVS_KEY_ATTR_SCTP:
		return "sctp";
	case OVS_KEY_ATTR_TUNNEL:
		return "tunnel";
	case OVS_KEY_ATTR_MPLS:
		return "mpls";
	case OVS_KEY_ATTR_ETHERTYPE:
		return "eth_type";
	case OVS_KEY_ATTR_VLAN:
		return "vlan";
	case OVS_KEY_ATTR_ARP:
		return "arp";
	case OVS_KEY_ATTR_ND:
		return "nd";
	case OVS_KEY_ATTR_CT_MARK:
		return "ct_mark";
	case OVS_KEY_ATTR_CT_LABELS:
		return "ct_label";
	}
	return NULL;
}

static int refuse_key(struct pctx *c, uint16_t type)
{
	const char *name = key_name(type);

	if (name)
		return FAIL(c, -EOPNOTSUPP, "set of %s has no tc equivalent", name);
	return FAIL(c, -EOPNOTSUPP, "set of key attribute %u has no tc equivalent", type);
}

int tc_xlate_pedit_set(const struct fp_odp_action *set,
		       const struct fp_flow *key, struct tc_act *pedit,
		       uint32_t *csum, char *why, size_t whylen)
{
	_Alignas(uint32_t) uint8_t ones[IMAGE_MAX];
	struct pctx c = {
		.set = set, .mask = set->set.mask ? set->set.mask : ones,
		.key = key, .pedit = pedit, .csum = csum,
		.why = why, .whylen = whylen,
	};
	size_t want = key_len(set->set.key_type);

	memset(ones, 0xff, sizeof(ones));
	if (!want)
		return refuse_key(&c, set->set.key_type);
	if (set->set.len != want)
		return FAIL(&c, -EINVAL, "set of key attribute %u holds %zu bytes, not %zu",
			    set->set.key_type, set->set.len, want);
	switch (set->set.key_type) {
	case OVS_KEY_ATTR_ETHERNET:
		return set_ethernet(&c);
	case OVS_KEY_ATTR_IPV4:
		return set_ipv4(&c);
	case OVS_KEY_ATTR_IPV6:
		return set_ipv6(&c);
	case OVS_KEY_ATTR_TCP:
		return set_ports(&c, TCA_PEDIT_KEY_EX_HDR_TYPE_TCP, TCA_CSUM_UPDATE_FLAG_TCP);
	default:
		return set_ports(&c, TCA_PEDIT_KEY_EX_HDR_TYPE_UDP, TCA_CSUM_UPDATE_FLAG_UDP);
	}
}
