// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing datapath keys from text: "in_port(1),eth(),eth_type(0x0800),
 * ipv4(src=10.0.0.0/255.0.0.0,frag=no)". Every attribute named goes to
 * the key stream and, with its mask, to the mask stream; a field not named
 * is wildcarded, a field named without "/MASK" is exact.
 */
#include <errno.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "odp_text_scan.h"

/* ---- attributes that are one struct of named fields ---- */

enum ftype { F_U8, F_BE16, F_IPV4, F_IPV6, F_MAC, F_LABEL, F_FRAG };

struct field {
	const char *name;	/* with its "=" */
	enum ftype type;
	size_t off;
};

struct struct_attr {
	const char *name;	/* with its "(" */
	uint16_t type;
	size_t size;
	const struct field *fields;
};

#define F(n, t, s, m) { n "=", t, offsetof(struct s, m) }

static const struct field eth_fields[] = {
	F("src", F_MAC, ovs_key_ethernet, eth_src),
	F("dst", F_MAC, ovs_key_ethernet, eth_dst),
	{ NULL, 0, 0 },
};

static const struct field ipv4_fields[] = {
	F("src", F_IPV4, ovs_key_ipv4, ipv4_src),
	F("dst", F_IPV4, ovs_key_ipv4, ipv4_dst),
	F("proto", F_U8, ovs_key_ipv4, ipv4_proto),
	F("tos", F_U8, ovs_key_ipv4, ipv4_tos),
	F("ttl", F_U8, ovs_key_ipv4, ipv4_ttl),
	F("frag", F_FRAG, ovs_key_ipv4, ipv4_frag),
	{ NULL, 0, 0 },
};

static const struct field ipv6_fields[] = {
	F("src", F_IPV6, ovs_key_ipv6, ipv6_src),
	F("dst", F_IPV6, ovs_key_ipv6, ipv6_dst),
	F("label", F_LABEL, ovs_key_ipv6, ipv6_label),
	F("proto", F_U8, ovs_key_ipv6, ipv6_proto),
	F("tclass", F_U8, ovs_key_ipv6, ipv6_tclass),
	F("hlimit", F_U8, ovs_key_ipv6, ipv6_hlimit),
	F("frag", F_FRAG, ovs_key_ipv6, ipv6_frag),
	{ NULL, 0, 0 },
};

/* TCP, UDP and SCTP: the same two ports. */
static const struct field port_fields[] = {
	F("src", F_BE16, ovs_key_tcp, tcp_src),
	F("dst", F_BE16, ovs_key_tcp, tcp_dst),
	{ NULL, 0, 0 },
};

static const struct field icmp_fields[] = {
	F("type", F_U8, ovs_key_icmp, icmp_type),
	F("code", F_U8, ovs_key_icmp, icmp_code),
	{ NULL, 0, 0 },
};

static const struct field arp_fields[] = {
	F("sip", F_IPV4, ovs_key_arp, arp_sip),
	F("tip", F_IPV4, ovs_key_arp, arp_tip),
	F("op", F_BE16, ovs_key_arp, arp_op),
	F("sha", F_MAC, ovs_key_arp, arp_sha),
	F("tha", F_MAC, ovs_key_arp, arp_tha),
	{ NULL, 0, 0 },
};

static const struct field nd_fields[] = {
	F("target", F_IPV6, ovs_key_nd, nd_target),
	F("sll", F_MAC, ovs_key_nd, nd_sll),
	F("tll", F_MAC, ovs_key_nd, nd_tll),
	{ NULL, 0, 0 },
};

static const struct struct_attr struct_attrs[] = {
	{ "eth(", OVS_KEY_ATTR_ETHERNET, sizeof(struct ovs_key_ethernet), eth_fields },
	{ "ipv4(", OVS_KEY_ATTR_IPV4, sizeof(struct ovs_key_ipv4), ipv4_fields },
	{ "ipv6(", OVS_KEY_ATTR_IPV6, sizeof(struct ovs_key_ipv6), ipv6_fields },
	{ "tcp(", OVS_KEY_ATTR_TCP, sizeof(struct ovs_key_tcp), port_fields },
	{ "udp(", OVS_KEY_ATTR_UDP, sizeof(struct ovs_key_udp), port_fields },
	{ "sctp(", OVS_KEY_ATTR_SCTP, sizeof(struct ovs_key_sctp), port_fields },
	{ "icmp(", OVS_KEY_ATTR_ICMP, sizeof(struct ovs_key_icmp), icmp_fields },
	{ "icmpv6(", OVS_KEY_ATTR_ICMPV6, sizeof(struct ovs_key_icmpv6), icmp_fields },
	{ "arp(", OVS_KEY_ATTR_ARP, sizeof(struct ovs_key_arp), arp_fields },
	{ "nd(", OVS_KEY_ATTR_ND, sizeof(struct ovs_key_nd), nd_fields },
};

#define N_STRUCT_ATTRS (sizeof(struct_attrs) / sizeof(struct_attrs[0]))

static bool scan_frag(struct fp_scan *sc, uint8_t *k, uint8_t *m)
{
	static const char *const names[] = { "no", "first", "later" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (fp_scan_word(sc, names[i])) {
			*k = i;
			*m = 0xff;
			return true;
		}
	}
	return false;
}

static bool scan_addr(struct fp_scan *sc, enum ftype t, uint8_t *p)
{
	switch (t) {
	case F_MAC:
		return fp_scan_mac(sc, p);
	case F_IPV4:
		return fp_scan_ipv4(sc, p);
	default:
		return fp_scan_ipv6(sc, p);
	}
}

/* value [/mask] of an address-like field: the mask defaults to all ones. */
static bool scan_addr_masked(struct fp_scan *sc, enum ftype t, uint8_t *k,
			     uint8_t *m)
{
	if (!scan_addr(sc, t, k))
		return false;
	memset(m, 0xff, t == F_MAC ? 6 : t == F_IPV4 ? 4 : 16);
	return !fp_scan_word(sc, "/") || scan_addr(sc, t, m);
}

static bool scan_number_field(struct fp_scan *sc, enum ftype t, uint8_t *k,
			      uint8_t *m)
{
	uint64_t v, mv, max = t == F_U8 ? 0xff : t == F_BE16 ? 0xffff : 0xfffff;
	uint16_t v16, m16;
	uint32_t v32, m32;

	if (!fp_scan_uint_masked(sc, max, &v, &mv))
		return false;
	switch (t) {
	case F_U8:
		*k = v;
		*m = mv;
		break;
	case F_BE16:
		v16 = htons(v);
		m16 = htons(mv);
		memcpy(k, &v16, 2);
		memcpy(m, &m16, 2);
		break;
	default:	/* F_LABEL */
		v32 = htonl(v);
		m32 = htonl(mv);
		memcpy(k, &v32, 4);
		memcpy(m, &m32, 4);
		break;
	}
	return true;
}

static bool scan_field(struct fp_scan *sc, const struct field *f, uint8_t *k,
		       uint8_t *m)
{
	switch (f->type) {
	case F_FRAG:
		return scan_frag(sc, k + f->off, m + f->off);
	case F_MAC:
	case F_IPV4:
	case F_IPV6:
		return scan_addr_masked(sc, f->type, k + f->off, m + f->off);
	default:
		return scan_number_field(sc, f->type, k + f->off, m + f->off);
	}
}

/* "src, dst, proto": the names of fields, for errors. */
static const char *field_help(const struct field *fields, char *help,
			      size_t size)
{
	size_t n = 0;
	int i;

	help[0] = '\0';
	for (i = 0; fields[i].name && n < size; i++)
		n += snprintf(help + n, size - n, "%s%.*s", i ? ", " : "",
			      (int)strlen(fields[i].name) - 1, fields[i].name);
	return help;
}

/* "name=value[/mask]" fields separated by commas, up to ")". */
static int scan_fields(struct fp_scan *sc, const struct struct_attr *sa,
		       uint8_t *k, uint8_t *m)
{
	const struct field *f;
	char help[128];

	while (!fp_scan_word(sc, ")")) {
		const char *at = sc->s;

		for (f = sa->fields; f->name; f++)
			if (fp_scan_word(sc, f->name))
				break;
		if (!f->name)
			return fp_scan_fail(sc, at, "%.*s() has no such field (it has %s)",
					    (int)strlen(sa->name) - 1, sa->name,
					    field_help(sa->fields, help, sizeof(help)));
		if (!scan_field(sc, f, k, m))
			return fp_scan_fail(sc, sc->s, "bad value for %.*s",
					    (int)strlen(f->name) - 1, f->name);
		if (*sc->s != ')' && !fp_scan_word(sc, ","))
			return fp_scan_fail(sc, sc->s, "expected ',' or ')'");
	}
	return 0;
}

static int scan_struct_attr(struct fp_scan *sc, const struct struct_attr *sa,
			    struct fp_nla_buf *k, struct fp_nla_buf *m)
{
	uint8_t kv[64] = { 0 }, mv[64] = { 0 };
	int err;

	err = scan_fields(sc, sa, kv, mv);
	if (err)
		return err;
	fp_nla_put(k, sa->type, kv, sa->size);
	fp_nla_put(m, sa->type, mv, sa->size);
	return 0;
}

/* ---- attributes of one value ---- */

/* "NAME(value[/mask])" for the u32 metadata; recirc_id is exact only. */
static int scan_u32_attr(struct fp_scan *sc, uint16_t type, bool maskable,
			 struct fp_nla_buf *k, struct fp_nla_buf *m)
{
	const char *at = sc->s;
	uint64_t v, mv = UINT32_MAX;
	bool ok;

	ok = maskable ? fp_scan_uint_masked(sc, UINT32_MAX, &v, &mv)
		      : fp_scan_uint(sc, UINT32_MAX, &v);
	if (!ok || !fp_scan_word(sc, ")"))
		return fp_scan_fail(sc, at, "expected a 32-bit number%s and ')'",
				    maskable ? " (with an optional /MASK)" : "");
	fp_nla_put_u32(k, type, v);
	fp_nla_put_u32(m, type, mv);
	return 0;
}

/* in_port(NUMBER[/MASK]) or in_port(NAME) when names are known. */
static int scan_in_port(struct fp_scan *sc, struct fp_nla_buf *k,
			struct fp_nla_buf *m)
{
	const struct fp_odp_port_names *names = sc->names;
	const char *at = sc->s;
	size_t len = strcspn(sc->s, ")");
	uint32_t port;

	if (fp_scan_uint(sc, UINT32_MAX, &(uint64_t){ 0 })) {
		sc->s = at;
		return scan_u32_attr(sc, OVS_KEY_ATTR_IN_PORT, true, k, m);
	}
	if (!names || !names->number || !sc->s[len] ||
	    names->number(sc->s, len, &port, names->arg))
		return fp_scan_fail(sc, at, "in_port() wants a port number%s",
				    names && names->number ? " or the name of a port of the datapath" : "");
	sc->s += len + 1;
	fp_nla_put_u32(k, OVS_KEY_ATTR_IN_PORT, port);
	fp_nla_put_u32(m, OVS_KEY_ATTR_IN_PORT, UINT32_MAX);
	return 0;
}

static int scan_eth_type(struct fp_scan *sc, struct fp_nla_buf *k,
			 struct fp_nla_buf *m)
{
	const char *at = sc->s;
	uint64_t v, mv;

	if (!fp_scan_uint_masked(sc, 0xffff, &v, &mv) || !fp_scan_word(sc, ")"))
		return fp_scan_fail(sc, at, "eth_type() wants a 16-bit number such as 0x0800, and ')'");
	fp_nla_put_u16(k, OVS_KEY_ATTR_ETHERTYPE, htons(v));
	fp_nla_put_u16(m, OVS_KEY_ATTR_ETHERTYPE, htons(mv));
	return 0;
}

/* Sets bits [shift, shift + width) of *k and *m from "value[/mask]". */
static bool scan_tci_bits(struct fp_scan *sc, int width, int shift,
			  uint16_t *k, uint16_t *m)
{
	uint64_t max = (1u << width) - 1, v, mv;
	uint16_t bits = max << shift;

	if (!fp_scan_uint_masked(sc, max, &v, &mv))
		return false;
	*k = (*k & ~bits) | v << shift;
	*m = (*m & ~bits) | mv << shift;
	return true;
}

/* vlan(vid=V,pcp=P,cfi=C): the tag-present (CFI) bit is set and matched
 * unless cfi= says otherwise. */
static int scan_vlan(struct fp_scan *sc, struct fp_nla_buf *k,
		     struct fp_nla_buf *m)
{
	uint16_t tk = 0x1000, tm = 0x1000;

	while (!fp_scan_word(sc, ")")) {
		const char *at = sc->s;
		bool ok;

		if (fp_scan_word(sc, "vid="))
			ok = scan_tci_bits(sc, 12, 0, &tk, &tm);
		else if (fp_scan_word(sc, "pcp="))
			ok = scan_tci_bits(sc, 3, 13, &tk, &tm);
		else if (fp_scan_word(sc, "cfi="))
			ok = scan_tci_bits(sc, 1, 12, &tk, &tm);
		else
			return fp_scan_fail(sc, at, "vlan() has vid=, pcp= and cfi=");
		if (!ok)
			return fp_scan_fail(sc, at, "value out of range (vid 0-4095, pcp 0-7, cfi 0-1)");
		if (*sc->s != ')' && !fp_scan_word(sc, ","))
			return fp_scan_fail(sc, sc->s, "expected ',' or ')'");
	}
	fp_nla_put_u16(k, OVS_KEY_ATTR_VLAN, htons(tk));
	fp_nla_put_u16(m, OVS_KEY_ATTR_VLAN, htons(tm));
	return 0;
}

static int tcp_flag_bit(const char *s, size_t len)
{
	static const char *const names[] = {
		"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
		"[200]", "[400]", "[800]",
	};
	size_t i;

	for (i = 0; i < 12; i++)
		if (strlen(names[i]) == len && !strncmp(s, names[i], len))
			return 1 << i;
	return 0;
}

/* "syn|ack" (those bits exact), "+syn-ack" (just those), or N[/M]. */
static bool scan_flag_list(struct fp_scan *sc, uint64_t *v, uint64_t *mv)
{
	bool masked = *sc->s == '+' || *sc->s == '-';

	*v = 0;
	*mv = masked ? 0 : 0x0fff;
	while (*sc->s != ')') {
		char sign = masked ? *sc->s++ : '+';
		size_t len = strcspn(sc->s, masked ? "+-)" : "|)");
		int bit = tcp_flag_bit(sc->s, len);

		if (!bit || (masked && sign != '+' && sign != '-'))
			return false;
		*v |= sign == '+' ? bit : 0;
		*mv |= masked ? bit : 0;
		sc->s += len;
		if (!masked && *sc->s == '|' && sc->s[1] != ')')
			sc->s++;
	}
	return true;
}

static int scan_tcp_flags(struct fp_scan *sc, struct fp_nla_buf *k,
			  struct fp_nla_buf *m)
{
	const char *at = sc->s;
	uint64_t v, mv;
	bool ok;

	if (*sc->s >= '0' && *sc->s <= '9')
		ok = fp_scan_uint_masked(sc, 0x0fff, &v, &mv);
	else
		ok = scan_flag_list(sc, &v, &mv);
	if (!ok || !fp_scan_word(sc, ")"))
		return fp_scan_fail(sc, at, "tcp_flags() wants flags (fin, syn, rst, psh, ack, urg, ece, cwr, ns) as 'syn|ack', '+syn-ack' or a number");
	fp_nla_put_u16(k, OVS_KEY_ATTR_TCP_FLAGS, htons(v));
	fp_nla_put_u16(m, OVS_KEY_ATTR_TCP_FLAGS, htons(mv));
	return 0;
}

/* ---- encap() and the dispatch ---- */

#define MAX_ENCAP_DEPTH 8

static int scan_encap(struct fp_scan *sc, struct fp_nla_buf *k,
		      struct fp_nla_buf *m)
{
	size_t kn, mn;
	int err = 0;

	if (sc->depth == MAX_ENCAP_DEPTH)
		return fp_scan_fail(sc, sc->s, "encap() nested too deep");
	sc->depth++;
	kn = fp_nla_nest_start(k, OVS_KEY_ATTR_ENCAP);
	mn = fp_nla_nest_start(m, OVS_KEY_ATTR_ENCAP);
	for (;;) {
		fp_scan_delims(sc);
		if (!*sc->s) {
			err = fp_scan_fail(sc, sc->s, "encap( is not closed");
			break;
		}
		if (fp_scan_word(sc, ")"))
			break;
		err = fp_scan_key_attr(sc, k, m);
		if (err)
			break;
	}
	fp_nla_nest_end(k, kn);
	fp_nla_nest_end(m, mn);
	sc->depth--;
	return err;
}

int fp_scan_key_attr(struct fp_scan *sc, struct fp_nla_buf *k,
		     struct fp_nla_buf *m)
{
	const char *at = sc->s;
	size_t i;

	if (fp_scan_word(sc, "skb_priority("))
		return scan_u32_attr(sc, OVS_KEY_ATTR_PRIORITY, true, k, m);
	if (fp_scan_word(sc, "skb_mark("))
		return scan_u32_attr(sc, OVS_KEY_ATTR_SKB_MARK, true, k, m);
	if (fp_scan_word(sc, "recirc_id("))
		return scan_u32_attr(sc, OVS_KEY_ATTR_RECIRC_ID, false, k, m);
	if (fp_scan_word(sc, "dp_hash("))
		return scan_u32_attr(sc, OVS_KEY_ATTR_DP_HASH, true, k, m);
	if (fp_scan_word(sc, "in_port("))
		return scan_in_port(sc, k, m);
	if (fp_scan_word(sc, "eth_type("))
		return scan_eth_type(sc, k, m);
	if (fp_scan_word(sc, "vlan("))
		return scan_vlan(sc, k, m);
	if (fp_scan_word(sc, "tcp_flags("))
		return scan_tcp_flags(sc, k, m);
	if (fp_scan_word(sc, "encap("))
		return scan_encap(sc, k, m);
	for (i = 0; i < N_STRUCT_ATTRS; i++)
		if (fp_scan_word(sc, struct_attrs[i].name))
			return scan_struct_attr(sc, &struct_attrs[i], k, m);
	return fp_scan_fail(sc, at, "unknown attribute (known: skb_priority, skb_mark, recirc_id, dp_hash, in_port, eth, vlan, encap, eth_type, ipv4, ipv6, tcp, tcp_flags, udp, sctp, icmp, icmpv6, arp, nd)");
}

int fp_odp_text_parse_key(const char *s, const struct fp_odp_port_names *names,
			  struct fp_odp_key *key, struct fp_odp_key *mask,
			  char *err, size_t err_size)
{
	struct fp_scan sc = {
		.input = s, .s = s, .err = err, .err_size = err_size,
		.names = names,
	};
	struct fp_nla_buf k, m;
	int ret;

	if (err_size)
		err[0] = '\0';
	fp_nla_init(&k, key->buf, sizeof(key->buf));
	fp_nla_init(&m, mask->buf, sizeof(mask->buf));
	for (fp_scan_delims(&sc); *sc.s; fp_scan_delims(&sc)) {
		ret = fp_scan_key_attr(&sc, &k, &m);
		if (ret)
			return ret;
	}
	if (k.overflow || m.overflow) {
		snprintf(err, err_size, "the key is longer than %d bytes of attributes",
			 FP_ODP_KEY_MAX);
		return -EMSGSIZE;
	}
	key->len = k.len;
	mask->len = m.len;
	return 0;
}
