// SPDX-License-Identifier: GPL-2.0
/*
 * One key attribute as text, "ipv4(src=10.0.0.1,proto=6)", field by field
 * and the way ovs-dpctl 3.1 shows masks: partial ones after a '/', empty
 * ones left out unless verbose.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "odp_text_out.h"
#include "odp_tree.h"

/* ---- masks: wildcard, exact ---- */

/* Whether every meaningful mask byte is c (0x00 or 0xff), per attribute
 * type; types this format has no rule for are neither. */
bool fp_text_mask_is(const struct nlattr *ma, uint8_t c)
{
	const uint8_t *p = mnl_attr_get_payload(ma);
	size_t len = mnl_attr_get_payload_len(ma), i;
	uint32_t label;
	uint16_t flags;

	switch (mnl_attr_get_type(ma)) {
	case OVS_KEY_ATTR_TCP_FLAGS:
		memcpy(&flags, p, 2);
		return (ntohs(flags) & 0x0fff) == (c ? 0x0fff : 0);
	case OVS_KEY_ATTR_IPV6:
		memcpy(&label, p + offsetof(struct ovs_key_ipv6, ipv6_label), 4);
		if ((ntohl(label) & 0xfffff) != (c ? 0xfffffu : 0))
			return false;
		for (i = 0; i < len; i++)
			if (i - offsetof(struct ovs_key_ipv6, ipv6_label) >= 4 &&
			    p[i] != c)
				return false;
		return true;
	case OVS_KEY_ATTR_ARP:
		len = offsetof(struct ovs_key_arp, arp_tha) + 6;
		break;
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4:
		len = offsetof(struct ovs_key_ct_tuple_ipv4, ipv4_proto) + 1;
		break;
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6:
		len = offsetof(struct ovs_key_ct_tuple_ipv6, ipv6_proto) + 1;
		break;
	case OVS_KEY_ATTR_ENCAP:
	case OVS_KEY_ATTR_UNSPEC:
		return false;
	default:
		if (!fp_odp_key_attr_name(mnl_attr_get_type(ma)))
			return false;
		break;
	}
	for (i = 0; i < len; i++)
		if (p[i] != c)
			return false;
	return true;
}

static bool mask_empty(const struct nlattr *ma)
{
	return !ma || fp_odp_is_zero(mnl_attr_get_payload(ma),
				     mnl_attr_get_payload_len(ma));
}

/* ---- fields: "name=value[/mask]," (mask NULL: exact) ---- */

static void field_eth(struct fp_text_out *o, const char *name,
		      const uint8_t *k, const uint8_t *m, bool verbose)
{
	static const uint8_t ones[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	if (!verbose && m && fp_odp_is_zero(m, 6))
		return;
	fp_text_put(o, "%s=%02x:%02x:%02x:%02x:%02x:%02x", name, k[0], k[1],
		    k[2], k[3], k[4], k[5]);
	if (m && memcmp(m, ones, 6))
		fp_text_put(o, "/%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1],
			    m[2], m[3], m[4], m[5]);
	fp_text_put(o, ",");
}

static void field_ipv4(struct fp_text_out *o, const char *name, uint32_t k,
		       const uint32_t *m, bool verbose)
{
	char a[INET_ADDRSTRLEN];

	if (!verbose && m && !*m)
		return;
	fp_text_put(o, "%s=%s", name, inet_ntop(AF_INET, &k, a, sizeof(a)));
	if (m && *m != 0xffffffff)
		fp_text_put(o, "/%s", inet_ntop(AF_INET, m, a, sizeof(a)));
	fp_text_put(o, ",");
}

static void field_in6(struct fp_text_out *o, const char *name, const void *k,
		      const void *m, bool verbose)
{
	static const uint8_t ones[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	char a[INET6_ADDRSTRLEN];

	if (!verbose && m && fp_odp_is_zero(m, 16))
		return;
	fp_text_put(o, "%s=%s", name, inet_ntop(AF_INET6, k, a, sizeof(a)));
	if (m && memcmp(m, ones, 16))
		fp_text_put(o, "/%s", inet_ntop(AF_INET6, m, a, sizeof(a)));
	fp_text_put(o, ",");
}

static void field_label(struct fp_text_out *o, uint32_t k, const uint32_t *m,
			bool verbose)
{
	if (!verbose && m && !*m)
		return;
	fp_text_put(o, "label=%#x", ntohl(k));
	if (m && (ntohl(*m) & 0xfffff) != 0xfffff)
		fp_text_put(o, "/%#x", ntohl(*m));
	fp_text_put(o, ",");
}

/* u8 in decimal (hex is true: "%#x"), the mask always in hex. */
static void field_u8(struct fp_text_out *o, const char *name, uint8_t k,
		     const uint8_t *m, bool verbose, bool hex)
{
	if (!verbose && m && !*m)
		return;
	fp_text_put(o, hex ? "%s=%#x" : "%s=%u", name, k);
	if (m && *m != 0xff)
		fp_text_put(o, "/%#x", *m);
	fp_text_put(o, ",");
}

static void field_be16(struct fp_text_out *o, const char *name, uint16_t k,
		       const uint16_t *m, bool verbose)
{
	if (!verbose && m && !*m)
		return;
	fp_text_put(o, "%s=%u", name, ntohs(k));
	if (m && *m != 0xffff)
		fp_text_put(o, "/%#x", ntohs(*m));
	fp_text_put(o, ",");
}

/* The fragment type is an enumeration: no partial masks, not even -m. */
static void field_frag(struct fp_text_out *o, uint8_t k, const uint8_t *m)
{
	static const char *const names[] = { "no", "first", "later" };

	if (m && *m && *m != 0xff)
		fp_text_put(o, "error: partial mask not supported for frag (%#x),",
			    *m);
	else if (!m || *m)
		fp_text_put(o, "frag=%s,", k < 3 ? names[k] : "<error>");
}

#define MASK(m, field) ((m) ? &(m)->field : NULL)

void fp_text_vlan_tci(struct fp_text_out *o, uint16_t tci, uint16_t mask,
		      bool verbose)
{
	uint16_t t = ntohs(tci), m = ntohs(mask);

	if (verbose || (t & 0xfff) || (m & 0xfff)) {
		fp_text_put(o, "vid=%u", t & 0xfff);
		if ((m & 0xfff) != 0xfff)
			fp_text_put(o, "/0x%x", m & 0xfff);
		fp_text_put(o, ",");
	}
	if (verbose || t >> 13 || m >> 13) {
		fp_text_put(o, "pcp=%u", t >> 13);
		if (m >> 13 != 7)
			fp_text_put(o, "/0x%x", m >> 13);
		fp_text_put(o, ",");
	}
	if (!(t & 0x1000))
		fp_text_put(o, "cfi=0,");
	fp_text_chomp(o, ',');
}

/* ---- flags ---- */

static const char *tcp_flag_name(uint32_t bit)
{
	static const char *const names[] = {
		"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
		"[200]", "[400]", "[800]",
	};
	int i = __builtin_ctz(bit);

	return i < 12 ? names[i] : NULL;
}

static const char *ct_state_name(uint32_t bit)
{
	static const char *const names[] = {
		"new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat",
	};
	int i = __builtin_ctz(bit);

	return i < 8 ? names[i] : NULL;
}

typedef const char *(*flag_name_fn)(uint32_t bit);

/* "syn|ack", lowest bit first; bits without a name as one hex number. */
static void flags_exact(struct fp_text_out *o, flag_name_fn name,
			uint32_t flags)
{
	uint32_t bad = 0;

	if (!flags) {
		fp_text_put(o, "0");
		return;
	}
	while (flags) {
		uint32_t bit = flags & -flags;

		if (name(bit))
			fp_text_put(o, "%s|", name(bit));
		else
			bad |= bit;
		flags &= ~bit;
	}
	if (bad)
		fp_text_put(o, "0x%x|", bad);
	fp_text_chomp(o, '|');
}

/* "+syn-ack": each matched bit, set or clear. */
static void flags_masked(struct fp_text_out *o, flag_name_fn name,
			 uint32_t flags, uint32_t mask, uint32_t all)
{
	if (mask == all) {
		flags_exact(o, name, flags);
		return;
	}
	if (!mask) {
		fp_text_put(o, "0/0");
		return;
	}
	while (mask) {
		uint32_t bit = mask & -mask;

		fp_text_put(o, "%s%s", flags & bit ? "+" : "-",
			    name(bit) ? name(bit) : "[Unknown]");
		mask &= ~bit;
	}
}

/* A 128-bit value (conntrack labels) as ovs-dpctl shows it: the number
 * in hex, most significant byte first, without leading zeros. */
static void u128_hex(struct fp_text_out *o, const uint8_t *p)
{
	bool printed = false;
	int i;

	for (i = 15; i >= 0; i--) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		uint8_t v = p[i];
#else
		uint8_t v = p[15 - i];
#endif
		if (!v && !printed)
			continue;
		fp_text_put(o, printed ? "%02x" : "0x%x", v);
		printed = true;
	}
	if (!printed)
		fp_text_put(o, "0");
}

/* ---- one attribute ---- */

static uint32_t u32_of(const struct nlattr *a)
{
	return mnl_attr_get_u32(a);
}

static void attr_u32(struct fp_text_out *o, const struct nlattr *a,
		     const struct nlattr *ma, bool exact)
{
	fp_text_put(o, "%#x", u32_of(a));
	if (!exact)
		fp_text_put(o, "/%#x", u32_of(ma));
}

static void attr_in_port(struct fp_text_out *o, const struct nlattr *a,
			 const struct nlattr *ma, bool exact,
			 const struct fp_odp_port_names *names)
{
	const char *name;

	if (!exact) {
		fp_text_put(o, "%u/%#x", u32_of(a), u32_of(ma));
		return;
	}
	name = names && names->name ? names->name(u32_of(a), names->arg) : NULL;
	if (name)
		fp_text_put(o, "%s", name);
	else
		fp_text_put(o, "%u", u32_of(a));
}

static void attr_conntrack(struct fp_text_out *o, const struct nlattr *a,
			   const struct nlattr *ma, bool exact, bool verbose)
{
	const uint8_t *mp = ma ? mnl_attr_get_payload(ma) : NULL;
	uint32_t m32 = mask_empty(ma) ? 0 : u32_of(ma);

	switch (mnl_attr_get_type(a)) {
	case OVS_KEY_ATTR_CT_STATE:
		if (verbose) {
			fp_text_put(o, "%#x", u32_of(a));
			if (!exact)
				fp_text_put(o, "/%#x", m32);
		} else if (!exact) {
			flags_masked(o, ct_state_name, u32_of(a), m32, UINT32_MAX);
		} else {
			flags_exact(o, ct_state_name, u32_of(a));
		}
		break;
	case OVS_KEY_ATTR_CT_ZONE:
		if (!verbose && mask_empty(ma))
			break;
		fp_text_put(o, "%#x", mnl_attr_get_u16(a));
		if (!exact)
			fp_text_put(o, "/%#x", mnl_attr_get_u16(ma));
		break;
	case OVS_KEY_ATTR_CT_MARK:
		if (!verbose && mask_empty(ma))
			break;
		attr_u32(o, a, ma, exact);
		break;
	case OVS_KEY_ATTR_CT_LABELS:
		if (!verbose && (!mp || fp_odp_is_zero(mp, 16)))
			break;
		u128_hex(o, mnl_attr_get_payload(a));
		if (mp && !fp_text_mask_is(ma, 0xff)) {
			fp_text_put(o, "/");
			u128_hex(o, mp);
		}
		break;
	}
}

static void attr_ct_tuple4(struct fp_text_out *o, const void *kp,
			   const void *mp, bool verbose)
{
	const struct ovs_key_ct_tuple_ipv4 *k = kp, *m = mp;

	field_ipv4(o, "src", k->ipv4_src, MASK(m, ipv4_src), verbose);
	field_ipv4(o, "dst", k->ipv4_dst, MASK(m, ipv4_dst), verbose);
	field_u8(o, "proto", k->ipv4_proto, MASK(m, ipv4_proto), verbose, false);
	field_be16(o, "tp_src", k->src_port, MASK(m, src_port), verbose);
	field_be16(o, "tp_dst", k->dst_port, MASK(m, dst_port), verbose);
}

static void attr_ct_tuple6(struct fp_text_out *o, const void *kp,
			   const void *mp, bool verbose)
{
	const struct ovs_key_ct_tuple_ipv6 *k = kp, *m = mp;

	field_in6(o, "src", k->ipv6_src, MASK(m, ipv6_src), verbose);
	field_in6(o, "dst", k->ipv6_dst, MASK(m, ipv6_dst), verbose);
	field_u8(o, "proto", k->ipv6_proto, MASK(m, ipv6_proto), verbose, false);
	field_be16(o, "src_port", k->src_port, MASK(m, src_port), verbose);
	field_be16(o, "dst_port", k->dst_port, MASK(m, dst_port), verbose);
}

static void attr_ipv4(struct fp_text_out *o, const void *kp, const void *mp,
		      bool verbose)
{
	const struct ovs_key_ipv4 *k = kp, *m = mp;

	field_ipv4(o, "src", k->ipv4_src, MASK(m, ipv4_src), verbose);
	field_ipv4(o, "dst", k->ipv4_dst, MASK(m, ipv4_dst), verbose);
	field_u8(o, "proto", k->ipv4_proto, MASK(m, ipv4_proto), verbose, false);
	field_u8(o, "tos", k->ipv4_tos, MASK(m, ipv4_tos), verbose, true);
	field_u8(o, "ttl", k->ipv4_ttl, MASK(m, ipv4_ttl), verbose, false);
	field_frag(o, k->ipv4_frag, MASK(m, ipv4_frag));
}

static void attr_ipv6(struct fp_text_out *o, const void *kp, const void *mp,
		      bool verbose)
{
	const struct ovs_key_ipv6 *k = kp, *m = mp;

	field_in6(o, "src", k->ipv6_src, MASK(m, ipv6_src), verbose);
	field_in6(o, "dst", k->ipv6_dst, MASK(m, ipv6_dst), verbose);
	field_label(o, k->ipv6_label, MASK(m, ipv6_label), verbose);
	field_u8(o, "proto", k->ipv6_proto, MASK(m, ipv6_proto), verbose, false);
	field_u8(o, "tclass", k->ipv6_tclass, MASK(m, ipv6_tclass), verbose, true);
	field_u8(o, "hlimit", k->ipv6_hlimit, MASK(m, ipv6_hlimit), verbose, false);
	field_frag(o, k->ipv6_frag, MASK(m, ipv6_frag));
}

static void attr_arp(struct fp_text_out *o, const void *kp, const void *mp,
		     bool verbose)
{
	const struct ovs_key_arp *k = kp, *m = mp;

	field_ipv4(o, "sip", k->arp_sip, MASK(m, arp_sip), verbose);
	field_ipv4(o, "tip", k->arp_tip, MASK(m, arp_tip), verbose);
	field_be16(o, "op", k->arp_op, MASK(m, arp_op), verbose);
	field_eth(o, "sha", k->arp_sha, m ? m->arp_sha : NULL, verbose);
	field_eth(o, "tha", k->arp_tha, m ? m->arp_tha : NULL, verbose);
}

static void attr_nd(struct fp_text_out *o, const void *kp, const void *mp,
		    bool verbose)
{
	const struct ovs_key_nd *k = kp, *m = mp;

	field_in6(o, "target", k->nd_target, m ? m->nd_target : NULL, verbose);
	field_eth(o, "sll", k->nd_sll, m ? m->nd_sll : NULL, verbose);
	field_eth(o, "tll", k->nd_tll, m ? m->nd_tll : NULL, verbose);
}

/* TCP, UDP and SCTP keys share one layout. */
static void attr_ports(struct fp_text_out *o, const void *kp, const void *mp,
		       bool verbose)
{
	const struct ovs_key_tcp *k = kp, *m = mp;

	field_be16(o, "src", k->tcp_src, MASK(m, tcp_src), verbose);
	field_be16(o, "dst", k->tcp_dst, MASK(m, tcp_dst), verbose);
}

static void attr_icmp(struct fp_text_out *o, const void *kp, const void *mp,
		      bool verbose)
{
	const struct ovs_key_icmp *k = kp, *m = mp;

	field_u8(o, "type", k->icmp_type, MASK(m, icmp_type), verbose, false);
	field_u8(o, "code", k->icmp_code, MASK(m, icmp_code), verbose, false);
}

static void attr_eth(struct fp_text_out *o, const void *kp, const void *mp,
		     bool verbose)
{
	const struct ovs_key_ethernet *k = kp, *m = mp;

	field_eth(o, "src", k->eth_src, m ? m->eth_src : NULL, verbose);
	field_eth(o, "dst", k->eth_dst, m ? m->eth_dst : NULL, verbose);
}

static void attr_generic(struct fp_text_out *o, const struct nlattr *a,
			 const struct nlattr *ma, bool exact)
{
	fp_text_hex(o, mnl_attr_get_payload(a), mnl_attr_get_payload_len(a), ' ');
	if (!exact) {
		fp_text_put(o, "/");
		fp_text_hex(o, mnl_attr_get_payload(ma),
			    mnl_attr_get_payload_len(ma), ' ');
	}
}

/* What a tag encloses; an empty mask stream means "all exact" there. */
static void attr_encap(struct fp_text_out *o, const struct nlattr *a,
		       const struct nlattr *ma, bool verbose,
		       const struct fp_odp_port_names *names)
{
	const void *inner = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a);

	if (!len)
		return;
	if (ma && mnl_attr_get_payload_len(ma))
		fp_text_key_stream(o, inner, len, mnl_attr_get_payload(ma),
				   mnl_attr_get_payload_len(ma), true, verbose,
				   names);
	else
		fp_text_key_stream(o, inner, len, NULL, 0, false, verbose, names);
}

typedef void (*struct_fmt)(struct fp_text_out *o, const void *k,
			   const void *m, bool verbose);

/* The attributes whose payload is one struct of named fields. */
static struct_fmt struct_formatter(unsigned int type)
{
	switch (type) {
	case OVS_KEY_ATTR_ETHERNET:
		return attr_eth;
	case OVS_KEY_ATTR_IPV4:
		return attr_ipv4;
	case OVS_KEY_ATTR_IPV6:
		return attr_ipv6;
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_UDP:
	case OVS_KEY_ATTR_SCTP:
		return attr_ports;
	case OVS_KEY_ATTR_ICMP:
	case OVS_KEY_ATTR_ICMPV6:
		return attr_icmp;
	case OVS_KEY_ATTR_ARP:
		return attr_arp;
	case OVS_KEY_ATTR_ND:
		return attr_nd;
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4:
		return attr_ct_tuple4;
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6:
		return attr_ct_tuple6;
	}
	return NULL;
}

static void attr_body(struct fp_text_out *o, const struct nlattr *a,
		      const struct nlattr *ma, bool exact, bool verbose,
		      const struct fp_odp_port_names *names)
{
	unsigned int type = mnl_attr_get_type(a);
	struct_fmt fmt = struct_formatter(type);
	uint16_t v16;

	if (fmt) {
		fmt(o, mnl_attr_get_payload(a), ma ? mnl_attr_get_payload(ma) : NULL,
		    verbose);
		fp_text_chomp(o, ',');
		return;
	}
	switch (type) {
	case OVS_KEY_ATTR_ENCAP:
		attr_encap(o, a, ma, verbose, names);
		break;
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_SKB_MARK:
	case OVS_KEY_ATTR_DP_HASH:
	case OVS_KEY_ATTR_RECIRC_ID:
		attr_u32(o, a, ma, exact);
		break;
	case OVS_KEY_ATTR_CT_STATE:
	case OVS_KEY_ATTR_CT_ZONE:
	case OVS_KEY_ATTR_CT_MARK:
	case OVS_KEY_ATTR_CT_LABELS:
		attr_conntrack(o, a, ma, exact, verbose);
		break;
	case OVS_KEY_ATTR_IN_PORT:
		attr_in_port(o, a, ma, exact, names);
		break;
	case OVS_KEY_ATTR_VLAN:
		fp_text_vlan_tci(o, mnl_attr_get_u16(a),
				 ma ? mnl_attr_get_u16(ma) : 0xffff, verbose);
		break;
	case OVS_KEY_ATTR_ETHERTYPE:
		fp_text_put(o, "0x%04x", ntohs(mnl_attr_get_u16(a)));
		if (!exact)
			fp_text_put(o, "/0x%04x", ntohs(mnl_attr_get_u16(ma)));
		break;
	case OVS_KEY_ATTR_TCP_FLAGS:
		v16 = ntohs(mnl_attr_get_u16(a));
		if (exact)
			flags_exact(o, tcp_flag_name, v16);
		else
			flags_masked(o, tcp_flag_name, v16,
				     ntohs(mnl_attr_get_u16(ma)) & 0x0fff, 0x0fff);
		break;
	default:
		attr_generic(o, a, ma, exact);
		break;
	}
}

void fp_text_key_attr(struct fp_text_out *o, const struct nlattr *a,
		      const struct nlattr *ma, bool verbose,
		      const struct fp_odp_port_names *names)
{
	const char *name = fp_odp_key_attr_name(mnl_attr_get_type(a));

	if (name)
		fp_text_put(o, "%s(", name);
	else
		fp_text_put(o, "key%u(", mnl_attr_get_type(a));
	attr_body(o, a, ma, ma ? fp_text_mask_is(ma, 0xff) : true, verbose, names);
	fp_text_put(o, ")");
}
