// SPDX-License-Identifier: GPL-2.0
/*
 * The match: struct tc_flower_key/mask <-> TCA_FLOWER_KEY_* attributes.
 *
 * cls_flower reads most keys only under a condition on others (TCP ports
 * only when ip_proto is 6, ICMP only under IPv4 + proto 1, ...) and
 * ignores them otherwise without a word: a filter asked to match a port
 * would match every packet. So each key states what it needs, and a key
 * whose need is not met is refused here.
 *
 * EtherTypes: in a request TCA_FLOWER_KEY_ETH_TYPE is the outermost type
 * (the filter's protocol, a TPID when tagged) and VLAN_ETH_TYPE /
 * CVLAN_ETH_TYPE what follows each tag; the kernel's dump puts the
 * innermost type in ETH_TYPE instead. The decoder therefore takes the
 * tags' types when the protocol is a TPID and ETH_TYPE otherwise, which
 * reads both forms the same.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>

#include "tc_nl_impl.h"

#define KOFF(field) offsetof(struct tc_flower_key, field)
#define KLEN(field) sizeof(((struct tc_flower_key *)0)->field)

/* What a key needs matched exactly for cls_flower to read it. */
enum key_need {
	NEED_NONE,
	NEED_IP,	/* innermost EtherType IPv4 or IPv6 */
	NEED_IPV4,
	NEED_IPV6,
	NEED_TCP,	/* IP and ip_proto 6 */
	NEED_UDP,
	NEED_SCTP,
	NEED_ICMP4,	/* IPv4 and ip_proto 1 */
	NEED_ICMP6,	/* IPv6 and ip_proto 58 */
	NEED_ARP,	/* ARP or RARP */
};

struct key_attr {
	uint16_t type;
	uint16_t mask_type;	/* 0: flower matches the key only exactly */
	enum key_need need;
};

struct key_field {
	const char *name;
	size_t off, len;
	const char *needs;	/* the need in words, for refusals */
	struct key_attr attrs[3];	/* by need; the first met is used */
};

#define F(field, needs_, ...) \
	{ #field, KOFF(field), KLEN(field), needs_, { __VA_ARGS__ } }

/* Keys written and read by table; EtherTypes, tags and flags by hand. */
static const struct key_field key_fields[] = {
	F(dst_mac, "", { TCA_FLOWER_KEY_ETH_DST, TCA_FLOWER_KEY_ETH_DST_MASK, NEED_NONE }),
	F(src_mac, "", { TCA_FLOWER_KEY_ETH_SRC, TCA_FLOWER_KEY_ETH_SRC_MASK, NEED_NONE }),
	F(ip_proto, "eth_type ipv4 or ipv6",
	  { TCA_FLOWER_KEY_IP_PROTO, 0, NEED_IP }),
	F(ip_tos, "eth_type ipv4 or ipv6",
	  { TCA_FLOWER_KEY_IP_TOS, TCA_FLOWER_KEY_IP_TOS_MASK, NEED_IP }),
	F(ip_ttl, "eth_type ipv4 or ipv6",
	  { TCA_FLOWER_KEY_IP_TTL, TCA_FLOWER_KEY_IP_TTL_MASK, NEED_IP }),
	F(ipv4_src, "eth_type ipv4",
	  { TCA_FLOWER_KEY_IPV4_SRC, TCA_FLOWER_KEY_IPV4_SRC_MASK, NEED_IPV4 }),
	F(ipv4_dst, "eth_type ipv4",
	  { TCA_FLOWER_KEY_IPV4_DST, TCA_FLOWER_KEY_IPV4_DST_MASK, NEED_IPV4 }),
	F(ipv6_src, "eth_type ipv6",
	  { TCA_FLOWER_KEY_IPV6_SRC, TCA_FLOWER_KEY_IPV6_SRC_MASK, NEED_IPV6 }),
	F(ipv6_dst, "eth_type ipv6",
	  { TCA_FLOWER_KEY_IPV6_DST, TCA_FLOWER_KEY_IPV6_DST_MASK, NEED_IPV6 }),
	F(tp_src, "ip_proto tcp, udp or sctp",
	  { TCA_FLOWER_KEY_TCP_SRC, TCA_FLOWER_KEY_TCP_SRC_MASK, NEED_TCP },
	  { TCA_FLOWER_KEY_UDP_SRC, TCA_FLOWER_KEY_UDP_SRC_MASK, NEED_UDP },
	  { TCA_FLOWER_KEY_SCTP_SRC, TCA_FLOWER_KEY_SCTP_SRC_MASK, NEED_SCTP }),
	F(tp_dst, "ip_proto tcp, udp or sctp",
	  { TCA_FLOWER_KEY_TCP_DST, TCA_FLOWER_KEY_TCP_DST_MASK, NEED_TCP },
	  { TCA_FLOWER_KEY_UDP_DST, TCA_FLOWER_KEY_UDP_DST_MASK, NEED_UDP },
	  { TCA_FLOWER_KEY_SCTP_DST, TCA_FLOWER_KEY_SCTP_DST_MASK, NEED_SCTP }),
	F(tcp_flags, "ip_proto tcp",
	  { TCA_FLOWER_KEY_TCP_FLAGS, TCA_FLOWER_KEY_TCP_FLAGS_MASK, NEED_TCP }),
	F(icmp_type, "ipv4 with ip_proto icmp or ipv6 with ip_proto icmpv6",
	  { TCA_FLOWER_KEY_ICMPV4_TYPE, TCA_FLOWER_KEY_ICMPV4_TYPE_MASK, NEED_ICMP4 },
	  { TCA_FLOWER_KEY_ICMPV6_TYPE, TCA_FLOWER_KEY_ICMPV6_TYPE_MASK, NEED_ICMP6 }),
	F(icmp_code, "ipv4 with ip_proto icmp or ipv6 with ip_proto icmpv6",
	  { TCA_FLOWER_KEY_ICMPV4_CODE, TCA_FLOWER_KEY_ICMPV4_CODE_MASK, NEED_ICMP4 },
	  { TCA_FLOWER_KEY_ICMPV6_CODE, TCA_FLOWER_KEY_ICMPV6_CODE_MASK, NEED_ICMP6 }),
	F(arp_sip, "eth_type arp or rarp",
	  { TCA_FLOWER_KEY_ARP_SIP, TCA_FLOWER_KEY_ARP_SIP_MASK, NEED_ARP }),
	F(arp_tip, "eth_type arp or rarp",
	  { TCA_FLOWER_KEY_ARP_TIP, TCA_FLOWER_KEY_ARP_TIP_MASK, NEED_ARP }),
	F(arp_op, "eth_type arp or rarp",
	  { TCA_FLOWER_KEY_ARP_OP, TCA_FLOWER_KEY_ARP_OP_MASK, NEED_ARP }),
	F(arp_sha, "eth_type arp or rarp",
	  { TCA_FLOWER_KEY_ARP_SHA, TCA_FLOWER_KEY_ARP_SHA_MASK, NEED_ARP }),
	F(arp_tha, "eth_type arp or rarp",
	  { TCA_FLOWER_KEY_ARP_THA, TCA_FLOWER_KEY_ARP_THA_MASK, NEED_ARP }),
};

#define N_KEY_FIELDS (sizeof(key_fields) / sizeof(key_fields[0]))

const struct tc_nl_field tc_nl_key_fields[] = {
	{ "eth_type", KOFF(eth_type), KLEN(eth_type) },
	{ "vlan_id", KOFF(vlan_id), KLEN(vlan_id) },
	{ "vlan_prio", KOFF(vlan_prio), KLEN(vlan_prio) },
	{ "vlan_eth_type", KOFF(vlan_eth_type), KLEN(vlan_eth_type) },
	{ "cvlan_id", KOFF(cvlan_id), KLEN(cvlan_id) },
	{ "cvlan_prio", KOFF(cvlan_prio), KLEN(cvlan_prio) },
	{ "cvlan_eth_type", KOFF(cvlan_eth_type), KLEN(cvlan_eth_type) },
	{ "flags", KOFF(flags), KLEN(flags) },
	/* A kernel before 6.0 ignores it: the echo says so, the flow stays out. */
	{ "num_of_vlans", KOFF(num_of_vlans), KLEN(num_of_vlans) },
#define T(field) { #field, KOFF(field), KLEN(field) }
	T(dst_mac), T(src_mac), T(ip_proto), T(ip_tos), T(ip_ttl),
	T(ipv4_src), T(ipv4_dst), T(ipv6_src), T(ipv6_dst), T(tp_src),
	T(tp_dst), T(tcp_flags), T(icmp_type), T(icmp_code), T(arp_sip),
	T(arp_tip), T(arp_op), T(arp_sha), T(arp_tha),
#undef T
};
const size_t tc_nl_n_key_fields =
	sizeof(tc_nl_key_fields) / sizeof(tc_nl_key_fields[0]);

/* ---- helpers ---- */

static const uint8_t *kbytes(const struct tc_flower_key *k, size_t off)
{
	return (const uint8_t *)k + off;
}

static bool all_zero(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

static bool all_ones(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++ != 0xff)
			return false;
	return true;
}

static bool is_tpid(fp_be16 type)
{
	return type == htons(ETH_P_8021Q) || type == htons(ETH_P_8021AD);
}

/* What the encoder knows exactly about the packet, for keys' needs. */
struct match_ctx {
	bool inner_known;
	fp_be16 inner;		/* innermost EtherType */
	bool proto_known;
	uint8_t proto;		/* ip_proto */
};

static bool need_met(enum key_need need, const struct match_ctx *m)
{
	bool ip4 = m->inner_known && m->inner == htons(ETH_P_IP);
	bool ip6 = m->inner_known && m->inner == htons(ETH_P_IPV6);
	bool p = m->proto_known;

	switch (need) {
	case NEED_NONE: return true;
	case NEED_IP: return ip4 || ip6;
	case NEED_IPV4: return ip4;
	case NEED_IPV6: return ip6;
	case NEED_TCP: return (ip4 || ip6) && p && m->proto == IPPROTO_TCP;
	case NEED_UDP: return (ip4 || ip6) && p && m->proto == IPPROTO_UDP;
	case NEED_SCTP: return (ip4 || ip6) && p && m->proto == IPPROTO_SCTP;
	case NEED_ICMP4: return ip4 && p && m->proto == IPPROTO_ICMP;
	case NEED_ICMP6: return ip6 && p && m->proto == IPPROTO_ICMPV6;
	case NEED_ARP:
		return m->inner_known && (m->inner == htons(ETH_P_ARP) ||
					  m->inner == htons(ETH_P_RARP));
	}
	return false;
}

/* ---- encoding: EtherTypes and tags ---- */

/* A tag's id and priority: exact only, the id below 4096, prio below 8. */
static int put_tag(struct tc_nl_out *o, const struct tc_flower *f, bool inner,
		   char *why, size_t whylen)
{
	const char *name = inner ? "cvlan" : "vlan";
	uint16_t id = inner ? f->key.cvlan_id : f->key.vlan_id;
	uint16_t id_mask = inner ? f->mask.cvlan_id : f->mask.vlan_id;
	uint8_t prio = inner ? f->key.cvlan_prio : f->key.vlan_prio;
	uint8_t prio_mask = inner ? f->mask.cvlan_prio : f->mask.vlan_prio;

	if (id_mask && id_mask != 0xffff && id_mask != 0x0fff)
		return tc_nl_fail(why, whylen, -EOPNOTSUPP,
				  "%s_id mask 0x%x: flower matches the VLAN id only exactly",
				  name, id_mask);
	if (prio_mask && prio_mask != 0xff && prio_mask != 0x07)
		return tc_nl_fail(why, whylen, -EOPNOTSUPP,
				  "%s_prio mask 0x%x: flower matches the VLAN priority only exactly",
				  name, prio_mask);
	if (id_mask && id > 0x0fff)
		return tc_nl_fail(why, whylen, -EINVAL, "%s_id %u is not a VLAN id", name, id);
	if (prio_mask && prio > 7)
		return tc_nl_fail(why, whylen, -EINVAL, "%s_prio %u is not a priority", name, prio);
	if (id_mask)
		tc_nl_put_u16(o, inner ? TCA_FLOWER_KEY_CVLAN_ID : TCA_FLOWER_KEY_VLAN_ID, id);
	if (prio_mask)
		tc_nl_put_u8(o, inner ? TCA_FLOWER_KEY_CVLAN_PRIO : TCA_FLOWER_KEY_VLAN_PRIO, prio);
	return 0;
}

static bool tag_matched(const struct tc_flower_key *m, bool inner)
{
	return inner ? m->cvlan_id || m->cvlan_prio || m->cvlan_eth_type
		     : m->vlan_id || m->vlan_prio || m->vlan_eth_type;
}

/* The type after a tag: exact, put as VLAN_ETH_TYPE or CVLAN_ETH_TYPE. */
static int put_next_type(struct tc_nl_out *o, fp_be16 key, fp_be16 mask,
			 bool inner, char *why, size_t whylen)
{
	if (mask != 0xffff)
		return tc_nl_fail(why, whylen, -EOPNOTSUPP,
				  "%s_eth_type mask 0x%04x: flower matches EtherTypes only exactly",
				  inner ? "cvlan" : "vlan", ntohs(mask));
	tc_nl_put(o, inner ? TCA_FLOWER_KEY_CVLAN_ETH_TYPE
			   : TCA_FLOWER_KEY_VLAN_ETH_TYPE, 2, &key);
	return 0;
}

/* One or two tags under a TPID protocol; finds the innermost type. */
static int put_tags(struct tc_nl_out *o, const struct tc_flower *f,
		    struct match_ctx *m, char *why, size_t whylen)
{
	const struct tc_flower_key *k = &f->key, *mk = &f->mask;
	int err = put_tag(o, f, false, why, whylen);

	if (err || !mk->vlan_eth_type) {
		if (!err && tag_matched(mk, true))
			err = tc_nl_fail(why, whylen, -EOPNOTSUPP,
					 "cvlan is matched but vlan_eth_type, the inner tag's TPID, is not");
		return err;
	}
	err = put_next_type(o, k->vlan_eth_type, mk->vlan_eth_type, false, why, whylen);
	if (err)
		return err;
	if (!is_tpid(k->vlan_eth_type)) {
		if (tag_matched(mk, true))
			return tc_nl_fail(why, whylen, -EOPNOTSUPP,
					  "cvlan is matched but vlan_eth_type 0x%04x is not a TPID",
					  ntohs(k->vlan_eth_type));
		m->inner_known = true;
		m->inner = k->vlan_eth_type;
		return 0;
	}
	err = put_tag(o, f, true, why, whylen);
	if (err || !mk->cvlan_eth_type)
		return err;
	err = put_next_type(o, k->cvlan_eth_type, mk->cvlan_eth_type, true, why, whylen);
	m->inner_known = !err;
	m->inner = k->cvlan_eth_type;
	return err;
}

static int put_ether_types(struct tc_nl_out *o, const struct tc_flower *f,
			   struct match_ctx *m, char *why, size_t whylen)
{
	const struct tc_flower_key *mk = &f->mask;
	int err = 0;

	if (f->mask.num_of_vlans) {
		/* How many tags, when the megaflow says so but not what is inside. */
		if (f->mask.num_of_vlans != 0xff)
			return tc_nl_fail(why, whylen, -EOPNOTSUPP,
					  "num_of_vlans mask 0x%02x: flower matches it only exactly",
					  f->mask.num_of_vlans);
		tc_nl_put_u8(o, TCA_FLOWER_KEY_NUM_OF_VLANS, f->key.num_of_vlans);
	}
	if (f->protocol != htons(ETH_P_ALL))
		tc_nl_put(o, TCA_FLOWER_KEY_ETH_TYPE, 2, &f->protocol);
	if (is_tpid(f->protocol)) {
		err = put_tags(o, f, m, why, whylen);
	} else if (tag_matched(mk, false) || tag_matched(mk, true)) {
		return tc_nl_fail(why, whylen, -EOPNOTSUPP,
				  "a VLAN tag is matched but the protocol 0x%04x is not 802.1Q or 802.1ad",
				  ntohs(f->protocol));
	} else if (f->protocol != htons(ETH_P_ALL)) {
		m->inner_known = true;
		m->inner = f->protocol;
	}
	if (err || !mk->eth_type)
		return err;
	if (mk->eth_type != 0xffff)
		return tc_nl_fail(why, whylen, -EOPNOTSUPP,
				  "eth_type mask 0x%04x: flower matches EtherTypes only exactly",
				  ntohs(mk->eth_type));
	if (!m->inner_known || m->inner != f->key.eth_type)
		return tc_nl_fail(why, whylen, -EINVAL,
				  "eth_type 0x%04x is not what the protocol and tags say is inside",
				  ntohs(f->key.eth_type));
	return 0;
}

/* ---- encoding: the rest ---- */

static int put_flags(struct tc_nl_out *o, const struct tc_flower *f,
		     char *why, size_t whylen)
{
	uint32_t known = TC_FLOWER_FRAG | TC_FLOWER_FRAG_FIRST;
	uint32_t key, mask;

	if (!f->mask.flags)
		return 0;
	if (f->mask.flags & ~known)
		return tc_nl_fail(why, whylen, -EOPNOTSUPP,
				  "flags mask 0x%x: only the fragment flags are known",
				  f->mask.flags);
	/* The only big-endian u32s of flower: htonl, unlike the rest. */
	key = htonl(f->key.flags & f->mask.flags);
	mask = htonl(f->mask.flags);
	tc_nl_put(o, TCA_FLOWER_KEY_FLAGS, 4, &key);
	tc_nl_put(o, TCA_FLOWER_KEY_FLAGS_MASK, 4, &mask);
	return 0;
}

static int put_field(struct tc_nl_out *o, const struct key_field *kf,
		     const struct tc_flower *f, const struct match_ctx *m,
		     char *why, size_t whylen)
{
	const uint8_t *key = kbytes(&f->key, kf->off);
	const uint8_t *mask = kbytes(&f->mask, kf->off);
	uint8_t val[16];
	size_t i;

	for (i = 0; i < 3 && kf->attrs[i].type; i++)
		if (need_met(kf->attrs[i].need, m))
			break;
	if (i == 3 || !kf->attrs[i].type)
		return tc_nl_fail(why, whylen, -EOPNOTSUPP,
				  "%s is matched but flower reads it only under %s matched exactly",
				  kf->name, kf->needs);
	if (!kf->attrs[i].mask_type && !all_ones(mask, kf->len))
		return tc_nl_fail(why, whylen, -EOPNOTSUPP,
				  "%s has a partial mask: flower matches it only exactly", kf->name);
	/* Bits outside the mask would be dumped back as if they mattered. */
	for (size_t b = 0; b < kf->len; b++)
		val[b] = key[b] & mask[b];
	tc_nl_put(o, kf->attrs[i].type, kf->len, val);
	if (kf->attrs[i].mask_type)
		tc_nl_put(o, kf->attrs[i].mask_type, kf->len, mask);
	return 0;
}

int tc_nl_put_keys(struct tc_nl_out *o, const struct tc_flower *f,
		   char *why, size_t whylen)
{
	struct match_ctx m = { 0 };
	size_t i;
	int err;

	err = put_ether_types(o, f, &m, why, whylen);
	if (!err)
		err = put_flags(o, f, why, whylen);
	m.proto_known = f->mask.ip_proto == 0xff;
	m.proto = f->key.ip_proto;
	for (i = 0; !err && i < N_KEY_FIELDS; i++)
		if (!all_zero(kbytes(&f->mask, key_fields[i].off), key_fields[i].len))
			err = put_field(o, &key_fields[i], f, &m, why, whylen);
	return err;
}

/* ---- decoding ---- */

static int get_field(const struct nlattr *const *tb, const struct key_field *kf,
		     struct tc_flower *f)
{
	uint8_t *key = (uint8_t *)&f->key + kf->off;
	uint8_t *mask = (uint8_t *)&f->mask + kf->off;
	size_t i, b;

	for (i = 0; i < 3 && kf->attrs[i].type; i++) {
		const struct key_attr *a = &kf->attrs[i];

		if (!tb[a->type])
			continue;
		if (tc_nl_get(tb[a->type], key, kf->len))
			return -EBADMSG;
		/* Flower takes a missing mask as an exact match. */
		if (a->mask_type && tb[a->mask_type]) {
			if (tc_nl_get(tb[a->mask_type], mask, kf->len))
				return -EBADMSG;
		} else {
			memset(mask, 0xff, kf->len);
		}
		for (b = 0; b < kf->len; b++)
			key[b] &= mask[b];
		return 0;
	}
	return 0;
}

static int get_be16(const struct nlattr *a, fp_be16 *key, fp_be16 *mask)
{
	if (tc_nl_get(a, key, 2))
		return -EBADMSG;
	*mask = 0xffff;
	return 0;
}

static int get_tag(const struct nlattr *const *tb, bool inner,
		   struct tc_flower *f)
{
	const struct nlattr *id = tb[inner ? TCA_FLOWER_KEY_CVLAN_ID : TCA_FLOWER_KEY_VLAN_ID];
	const struct nlattr *prio = tb[inner ? TCA_FLOWER_KEY_CVLAN_PRIO : TCA_FLOWER_KEY_VLAN_PRIO];
	uint16_t *kid = inner ? &f->key.cvlan_id : &f->key.vlan_id;
	uint8_t *kprio = inner ? &f->key.cvlan_prio : &f->key.vlan_prio;

	if (id) {
		if (tc_nl_get(id, kid, 2))
			return -EBADMSG;
		*kid &= 0x0fff;
		*(inner ? &f->mask.cvlan_id : &f->mask.vlan_id) = 0xffff;
	}
	if (prio) {
		if (tc_nl_get(prio, kprio, 1))
			return -EBADMSG;
		*kprio &= 7;
		*(inner ? &f->mask.cvlan_prio : &f->mask.vlan_prio) = 0xff;
	}
	return 0;
}

/* Tags under a TPID protocol; the innermost known type becomes eth_type. */
static int get_tags(const struct nlattr *const *tb, struct tc_flower *f)
{
	struct tc_flower_key *k = &f->key, *m = &f->mask;
	const struct nlattr *next = tb[TCA_FLOWER_KEY_VLAN_ETH_TYPE];
	const struct nlattr *cnext = tb[TCA_FLOWER_KEY_CVLAN_ETH_TYPE];

	if (get_tag(tb, false, f))
		return -EBADMSG;
	if (!next)
		return 0;
	if (get_be16(next, &k->vlan_eth_type, &m->vlan_eth_type))
		return -EBADMSG;
	if (!is_tpid(k->vlan_eth_type)) {
		k->eth_type = k->vlan_eth_type;
		m->eth_type = 0xffff;
		return 0;
	}
	if (get_tag(tb, true, f))
		return -EBADMSG;
	if (!cnext)
		return 0;
	if (get_be16(cnext, &k->cvlan_eth_type, &m->cvlan_eth_type))
		return -EBADMSG;
	k->eth_type = k->cvlan_eth_type;
	m->eth_type = 0xffff;
	return 0;
}

static int get_flags(const struct nlattr *const *tb, struct tc_flower *f)
{
	uint32_t key, mask = 0xffffffff;

	if (!tb[TCA_FLOWER_KEY_FLAGS])
		return 0;
	if (tc_nl_get(tb[TCA_FLOWER_KEY_FLAGS], &key, 4) ||
	    (tb[TCA_FLOWER_KEY_FLAGS_MASK] &&
	     tc_nl_get(tb[TCA_FLOWER_KEY_FLAGS_MASK], &mask, 4)))
		return -EBADMSG;
	f->mask.flags = ntohl(mask);
	f->key.flags = ntohl(key) & f->mask.flags;
	return 0;
}

int tc_nl_parse_keys(const struct nlattr *const *tb, struct tc_flower *f,
		     char *why, size_t whylen)
{
	size_t i;
	int err;

	if (is_tpid(f->protocol))
		err = get_tags(tb, f);
	else
		err = tb[TCA_FLOWER_KEY_ETH_TYPE]
			? get_be16(tb[TCA_FLOWER_KEY_ETH_TYPE], &f->key.eth_type,
				   &f->mask.eth_type)
			: 0;
	if (err)
		return tc_nl_fail(why, whylen, err, "a malformed EtherType or VLAN key");
	if (get_flags(tb, f))
		return tc_nl_fail(why, whylen, -EBADMSG, "a malformed TCA_FLOWER_KEY_FLAGS");
	if (tb[TCA_FLOWER_KEY_NUM_OF_VLANS]) {
		if (tc_nl_get(tb[TCA_FLOWER_KEY_NUM_OF_VLANS], &f->key.num_of_vlans, 1))
			return tc_nl_fail(why, whylen, -EBADMSG,
					  "a malformed TCA_FLOWER_KEY_NUM_OF_VLANS");
		f->mask.num_of_vlans = 0xff;
	}
	for (i = 0; i < N_KEY_FIELDS; i++)
		if (get_field(tb, &key_fields[i], f))
			return tc_nl_fail(why, whylen, -EBADMSG,
					  "the attribute for %s is not %zu bytes",
					  key_fields[i].name, key_fields[i].len);
	return 0;
}
