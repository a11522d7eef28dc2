// SPDX-License-Identifier: GPL-2.0
/* The registry of matchable and settable fields, and their value syntax. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow_field.h"

#define AT(member) offsetof(struct fp_flow, member), \
	sizeof(((struct fp_flow *)0)->member)
#define TCI offsetof(struct fp_flow, vlans[0].tci), sizeof(fp_be16)

#define M FP_FF_MASKABLE
#define HEX FP_FF_HEX
#define HOST FP_FF_HOST_ORDER

/*
 * Order matters twice: the formatter prints in this order, and where
 * names share storage it prints the first one whose prerequisite the rule
 * meets (arp_spa before nw_src, so an ARP rule shows arp_spa; tp_src
 * before tcp_src, so TCP and UDP rules print alike).
 */
const struct fp_field fp_fields[] = {
	{ "in_port", NULL, FP_FK_PORT, AT(in_port), 0, 0xffffffff, HOST,
	  FP_PREREQ_NONE, false, 0 },
	{ "skb_mark", "pkt_mark", FP_FK_UINT, AT(skb_mark), 0, 0xffffffff,
	  M | HEX | HOST, FP_PREREQ_NONE, true, FP_PREREQ_NONE },
	{ "skb_priority", NULL, FP_FK_UINT, AT(skb_priority), 0, 0xffffffff,
	  HEX | HOST, FP_PREREQ_NONE, false, 0 },
	{ "dl_src", "eth_src", FP_FK_MAC, AT(dl_src), 0, 0, M,
	  FP_PREREQ_NONE, true, FP_PREREQ_NONE },
	{ "dl_dst", "eth_dst", FP_FK_MAC, AT(dl_dst), 0, 0, M,
	  FP_PREREQ_NONE, true, FP_PREREQ_NONE },
	{ "dl_type", "eth_type", FP_FK_UINT, AT(dl_type), 0, 0xffff, HEX,
	  FP_PREREQ_NONE, false, 0 },
	{ "dl_vlan", NULL, FP_FK_UINT, TCI, 0, FP_VLAN_VID_MASK,
	  FP_FF_VLAN_TAGGED | FP_FF_VLAN_NONE, FP_PREREQ_NONE, true,
	  FP_PREREQ_NONE },
	{ "dl_vlan_pcp", "vlan_pcp", FP_FK_UINT, TCI, FP_VLAN_PCP_SHIFT, 0x7,
	  FP_FF_VLAN_TAGGED, FP_PREREQ_NONE, true, FP_PREREQ_NONE },
	/* The OpenFlow 1.2+ field: VID with the present bit, 0x1000. */
	{ "vlan_vid", NULL, FP_FK_UINT, TCI, 0,
	  FP_VLAN_PRESENT | FP_VLAN_VID_MASK, M | HEX, FP_PREREQ_NONE, true,
	  FP_PREREQ_NONE },
	{ "vlan_tci", NULL, FP_FK_UINT, TCI, 0, 0xffff, M | HEX,
	  FP_PREREQ_NONE, false, 0 },
	/* ARP keeps its opcode in nw_proto and spa/tpa in nw_src/nw_dst. */
	{ "arp_op", NULL, FP_FK_UINT, AT(nw_proto), 0, 0xff, 0,
	  FP_PREREQ_ARP, false, 0 },
	{ "arp_spa", NULL, FP_FK_IPV4, AT(nw_src), 0, 0, M,
	  FP_PREREQ_ARP, false, 0 },
	{ "arp_tpa", NULL, FP_FK_IPV4, AT(nw_dst), 0, 0, M,
	  FP_PREREQ_ARP, false, 0 },
	{ "arp_sha", NULL, FP_FK_MAC, AT(arp_sha), 0, 0, M,
	  FP_PREREQ_ARP, false, 0 },
	{ "arp_tha", NULL, FP_FK_MAC, AT(arp_tha), 0, 0, M,
	  FP_PREREQ_ARP, false, 0 },
	{ "nw_src", "ip_src", FP_FK_IPV4, AT(nw_src), 0, 0, M,
	  FP_PREREQ_IPV4_ARP, true, FP_PREREQ_IPV4 },
	{ "nw_dst", "ip_dst", FP_FK_IPV4, AT(nw_dst), 0, 0, M,
	  FP_PREREQ_IPV4_ARP, true, FP_PREREQ_IPV4 },
	{ "ipv6_src", NULL, FP_FK_IPV6, AT(ipv6_src), 0, 0, M,
	  FP_PREREQ_IPV6, true, FP_PREREQ_IPV6 },
	{ "ipv6_dst", NULL, FP_FK_IPV6, AT(ipv6_dst), 0, 0, M,
	  FP_PREREQ_IPV6, true, FP_PREREQ_IPV6 },
	{ "ipv6_label", NULL, FP_FK_UINT, AT(ipv6_label), 0, 0xfffff, M | HEX,
	  FP_PREREQ_IPV6, true, FP_PREREQ_IPV6 },
	{ "nw_proto", "ip_proto", FP_FK_UINT, AT(nw_proto), 0, 0xff, 0,
	  FP_PREREQ_IP_ANY_ARP, false, 0 },
	/* nw_tos is the DSCP part of the TOS byte, as in Open vSwitch. */
	{ "nw_tos", NULL, FP_FK_UINT, AT(nw_tos), 0, 0xfc, 0,
	  FP_PREREQ_IP_ANY, true, FP_PREREQ_IP_ANY },
	{ "ip_dscp", NULL, FP_FK_UINT, AT(nw_tos), 2, 0x3f, 0,
	  FP_PREREQ_IP_ANY, true, FP_PREREQ_IP_ANY },
	{ "nw_ecn", "ip_ecn", FP_FK_UINT, AT(nw_tos), 0, 0x3, 0,
	  FP_PREREQ_IP_ANY, true, FP_PREREQ_IP_ANY },
	{ "nw_ttl", NULL, FP_FK_UINT, AT(nw_ttl), 0, 0xff, 0,
	  FP_PREREQ_IP_ANY, true, FP_PREREQ_IP_ANY },
	/* ICMP type and code live in tp_src and tp_dst. */
	{ "icmp_type", NULL, FP_FK_UINT, AT(tp_src), 0, 0xff, 0,
	  FP_PREREQ_ICMPV4, false, 0 },
	{ "icmp_code", NULL, FP_FK_UINT, AT(tp_dst), 0, 0xff, 0,
	  FP_PREREQ_ICMPV4, false, 0 },
	{ "icmpv6_type", NULL, FP_FK_UINT, AT(tp_src), 0, 0xff, 0,
	  FP_PREREQ_ICMPV6, false, 0 },
	{ "icmpv6_code", NULL, FP_FK_UINT, AT(tp_dst), 0, 0xff, 0,
	  FP_PREREQ_ICMPV6, false, 0 },
	{ "tp_src", NULL, FP_FK_UINT, AT(tp_src), 0, 0xffff, M,
	  FP_PREREQ_TP, true, FP_PREREQ_TP },
	{ "tp_dst", NULL, FP_FK_UINT, AT(tp_dst), 0, 0xffff, M,
	  FP_PREREQ_TP, true, FP_PREREQ_TP },
	{ "tcp_src", NULL, FP_FK_UINT, AT(tp_src), 0, 0xffff, M,
	  FP_PREREQ_TCP, true, FP_PREREQ_TCP },
	{ "tcp_dst", NULL, FP_FK_UINT, AT(tp_dst), 0, 0xffff, M,
	  FP_PREREQ_TCP, true, FP_PREREQ_TCP },
	{ "udp_src", NULL, FP_FK_UINT, AT(tp_src), 0, 0xffff, M,
	  FP_PREREQ_UDP, true, FP_PREREQ_UDP },
	{ "udp_dst", NULL, FP_FK_UINT, AT(tp_dst), 0, 0xffff, M,
	  FP_PREREQ_UDP, true, FP_PREREQ_UDP },
	{ "sctp_src", NULL, FP_FK_UINT, AT(tp_src), 0, 0xffff, M,
	  FP_PREREQ_SCTP, true, FP_PREREQ_SCTP },
	{ "sctp_dst", NULL, FP_FK_UINT, AT(tp_dst), 0, 0xffff, M,
	  FP_PREREQ_SCTP, true, FP_PREREQ_SCTP },
	{ "tcp_flags", NULL, FP_FK_UINT, AT(tcp_flags), 0, 0xfff, M | HEX,
	  FP_PREREQ_TCP, false, 0 },
	{ "nd_target", NULL, FP_FK_IPV6, AT(nd_target), 0, 0, M,
	  FP_PREREQ_ND, false, 0 },
	{ "nd_sll", NULL, FP_FK_MAC, AT(arp_sha), 0, 0, M,
	  FP_PREREQ_ND_NS, false, 0 },
	{ "nd_tll", NULL, FP_FK_MAC, AT(arp_tha), 0, 0, M,
	  FP_PREREQ_ND_NA, false, 0 },
};

const size_t fp_n_fields = sizeof(fp_fields) / sizeof(fp_fields[0]);

const struct fp_field *fp_field_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < fp_n_fields; i++) {
		const struct fp_field *f = &fp_fields[i];

		if (!strcmp(f->name, name) || (f->alias && !strcmp(f->alias, name)))
			return f;
	}
	return NULL;
}

/* The field's storage as an integer: big-endian bytes, or a host u32. */
static uint64_t storage_get(const struct fp_field *f, const struct fp_flow *flow)
{
	const uint8_t *p = (const uint8_t *)flow + f->offset;
	uint64_t v = 0;
	uint32_t u32;
	int i;

	if (f->flags & FP_FF_HOST_ORDER) {
		memcpy(&u32, p, sizeof(u32));
		return u32;
	}
	for (i = 0; i < f->size; i++)
		v = v << 8 | p[i];
	return v;
}

static void storage_put(const struct fp_field *f, struct fp_flow *flow,
			uint64_t v)
{
	uint8_t *p = (uint8_t *)flow + f->offset;
	uint32_t u32 = (uint32_t)v;
	int i;

	if (f->flags & FP_FF_HOST_ORDER) {
		memcpy(p, &u32, sizeof(u32));
		return;
	}
	for (i = f->size - 1; i >= 0; i--, v >>= 8)
		p[i] = v & 0xff;
}

/* The storage bits an integer field occupies, the VLAN present bit included. */
static uint64_t uint_bits(const struct fp_field *f)
{
	uint64_t bits = f->vmask << f->shift;

	if (f->flags & FP_FF_VLAN_TAGGED)
		bits |= FP_VLAN_PRESENT;
	return bits;
}

uint64_t fp_field_get_uint(const struct fp_field *f, const struct fp_flow *flow)
{
	return (storage_get(f, flow) >> f->shift) & f->vmask;
}

void fp_field_put_uint(const struct fp_field *f, struct fp_flow *flow,
		       uint64_t v)
{
	uint64_t s = storage_get(f, flow) & ~(f->vmask << f->shift);

	storage_put(f, flow, s | (v & f->vmask) << f->shift);
}

void fp_field_set_all(const struct fp_field *f, struct fp_flow *mask)
{
	if (f->kind == FP_FK_UINT || f->kind == FP_FK_PORT)
		storage_put(f, mask, storage_get(f, mask) | uint_bits(f));
	else
		memset((uint8_t *)mask + f->offset, 0xff, f->size);
}

/* Writes value/mask bytes of an address field, value & mask. */
static void put_bytes(const struct fp_field *f, struct fp_flow *value,
		      struct fp_flow *mask, const uint8_t *v, const uint8_t *m)
{
	uint8_t *vp = (uint8_t *)value + f->offset;
	uint8_t *mp = (uint8_t *)mask + f->offset;
	int i;

	for (i = 0; i < f->size; i++) {
		vp[i] = v[i] & m[i];
		mp[i] = m[i];
	}
}

/* Splits "VALUE/MASK" at the slash: copies VALUE into buf; *mask or NULL. */
static int split_mask(const struct fp_field *f, const char *text, char *buf,
		      size_t size, const char **mask, char *err, size_t err_size)
{
	const char *slash = strchr(text, '/');
	size_t len = slash ? (size_t)(slash - text) : strlen(text);

	*mask = slash ? slash + 1 : NULL;
	if (slash && !(f->flags & FP_FF_MASKABLE)) {
		snprintf(err, err_size, "%s cannot be masked ('/%s')",
			 f->name, slash + 1);
		return -EINVAL;
	}
	if (len >= size) {
		snprintf(err, err_size, "'%s' is too long for %s", text,
			 f->name);
		return -EINVAL;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	return 0;
}

/* Decimal, or hex after 0x; the whole string, nothing else. */
static int parse_number(const char *s, uint64_t *v)
{
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s || strspn(s, base == 16 ? "0123456789abcdefABCDEF" :
			  "0123456789") != strlen(s))
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, base);
	if (*end)
		return -EINVAL;
	return errno ? -ERANGE : 0;
}

int fp_parse_uint(const char *s, uint64_t max, uint64_t *v)
{
	int ret = parse_number(s, v);

	if (!ret && *v > max)
		ret = -ERANGE;
	return ret;
}

/* Says what a value of f may be, for "out of range" messages. */
static void range_text(const struct fp_field *f, char *buf, size_t size)
{
	if ((f->vmask & (f->vmask + 1)) == 0)
		snprintf(buf, size, "0 to %llu", (unsigned long long)f->vmask);
	else
		snprintf(buf, size, "bits 0x%llx only",
			 (unsigned long long)f->vmask);
	if (f->flags & FP_FF_VLAN_NONE)
		strncat(buf, ", or 0xffff for no tag", size - strlen(buf) - 1);
}

static int parse_uint_part(const struct fp_field *f, const char *s,
			   uint64_t *v, char *err, size_t err_size)
{
	char range[64];
	int ret = parse_number(s, v);

	if (ret == -EINVAL) {
		snprintf(err, err_size, "'%s' is not a number", s);
		return ret;
	}
	if (ret || (*v & ~f->vmask)) {
		range_text(f, range, sizeof(range));
		snprintf(err, err_size, "'%s' is out of range for %s (%s)", s,
			 f->name, range);
		return -EINVAL;
	}
	return 0;
}

/* dl_vlan=0xffff: the frame has no VLAN tag (the whole TCI is zero). */
static bool is_vlan_none(const struct fp_field *f, const char *s)
{
	uint64_t v;

	return (f->flags & FP_FF_VLAN_NONE) && !parse_number(s, &v) &&
	       v == 0xffff;
}

static int parse_uint(const struct fp_field *f, const char *text,
		      struct fp_flow *value, struct fp_flow *mask,
		      char *err, size_t err_size)
{
	const char *mtext;
	char vtext[32];
	uint64_t v, m = f->vmask, bits, implied;
	int ret;

	ret = split_mask(f, text, vtext, sizeof(vtext), &mtext, err, err_size);
	if (ret)
		return ret;
	if (is_vlan_none(f, vtext)) {
		storage_put(f, value, 0);
		storage_put(f, mask, 0xffff);
		return 0;
	}
	ret = parse_uint_part(f, vtext, &v, err, err_size);
	if (!ret && mtext)
		ret = parse_uint_part(f, mtext, &m, err, err_size);
	if (ret)
		return ret;
	bits = uint_bits(f);
	implied = bits & ~(f->vmask << f->shift);	/* dl_vlan: tagged */
	v = (v & m) << f->shift | implied;
	m = m << f->shift | implied;
	storage_put(f, value, (storage_get(f, value) & ~bits) | v);
	storage_put(f, mask, (storage_get(f, mask) & ~bits) | m);
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* xx:xx:xx:xx:xx:xx, one or two hex digits per byte. */
static bool parse_mac(const char *s, uint8_t *mac)
{
	int i, n, d;

	for (i = 0; i < 6; i++) {
		mac[i] = 0;
		for (n = 0; n < 2 && (d = hex_digit(*s)) >= 0; n++, s++)
			mac[i] = mac[i] << 4 | d;
		if (!n || (i < 5 && *s++ != ':'))
			return false;
	}
	return *s == '\0';
}

/* A prefix length "N" (decimal digits only) as a mask of `bytes` bytes. */
static bool parse_prefix(const char *s, uint8_t *mask, int bytes)
{
	uint64_t len;
	int i;

	if (!*s || strspn(s, "0123456789") != strlen(s) ||
	    parse_number(s, &len) || len > (uint64_t)bytes * 8)
		return false;
	for (i = 0; i < bytes; i++, len = len > 8 ? len - 8 : 0)
		mask[i] = len >= 8 ? 0xff : (uint8_t)(0xff00 >> len);
	return true;
}

static bool parse_one_addr(enum fp_field_kind kind, const char *s,
			   uint8_t *out)
{
	switch (kind) {
	case FP_FK_MAC:
		return parse_mac(s, out);
	case FP_FK_IPV4:
		return inet_pton(AF_INET, s, out) == 1;
	case FP_FK_IPV6:
		return inet_pton(AF_INET6, s, out) == 1;
	default:
		return false;
	}
}

static const char *kind_text(enum fp_field_kind kind)
{
	switch (kind) {
	case FP_FK_MAC:
		return "an Ethernet address (xx:xx:xx:xx:xx:xx)";
	case FP_FK_IPV4:
		return "an IPv4 address";
	case FP_FK_IPV6:
		return "an IPv6 address";
	default:
		return "a value";
	}
}

static int parse_addr_mask(const struct fp_field *f, const char *s,
			   uint8_t *mask, char *err, size_t err_size)
{
	if (f->kind != FP_FK_MAC && parse_prefix(s, mask, f->size))
		return 0;
	if (parse_one_addr(f->kind, s, mask))
		return 0;
	if (f->kind == FP_FK_MAC)
		snprintf(err, err_size, "'%s' is not an Ethernet mask "
			 "(xx:xx:xx:xx:xx:xx)", s);
	else
		snprintf(err, err_size, "'%s' is not a prefix length (0 to %d) "
			 "or %s mask", s, f->size * 8,
			 f->kind == FP_FK_IPV4 ? "an IPv4" : "an IPv6");
	return -EINVAL;
}

static int parse_addr(const struct fp_field *f, const char *text,
		      struct fp_flow *value, struct fp_flow *mask,
		      char *err, size_t err_size)
{
	uint8_t v[16], m[16];
	char vtext[INET6_ADDRSTRLEN + 8];
	const char *mtext;
	int ret;

	ret = split_mask(f, text, vtext, sizeof(vtext), &mtext, err, err_size);
	if (ret)
		return ret;
	if (!parse_one_addr(f->kind, vtext, v)) {
		snprintf(err, err_size, "'%s' is not %s", vtext,
			 kind_text(f->kind));
		return -EINVAL;
	}
	memset(m, 0xff, sizeof(m));
	if (mtext) {
		ret = parse_addr_mask(f, mtext, m, err, err_size);
		if (ret)
			return ret;
	}
	put_bytes(f, value, mask, v, m);
	return 0;
}

int fp_field_parse(const struct fp_field *f, const char *text,
		   struct fp_flow *value, struct fp_flow *mask,
		   char *err, size_t err_size)
{
	if (!*text) {
		snprintf(err, err_size, "%s needs a value", f->name);
		return -EINVAL;
	}
	switch (f->kind) {
	case FP_FK_UINT:
		return parse_uint(f, text, value, mask, err, err_size);
	case FP_FK_MAC:
	case FP_FK_IPV4:
	case FP_FK_IPV6:
		return parse_addr(f, text, value, mask, err, err_size);
	case FP_FK_PORT:
		break;
	}
	snprintf(err, err_size, "%s takes a port name", f->name);
	return -EINVAL;
}

static bool all_ones(const uint8_t *p, int n)
{
	while (n--)
		if (*p++ != 0xff)
			return false;
	return true;
}

/* The prefix length of a CIDR mask, or -1 if the mask is not one. */
static int prefix_len(const uint8_t *m, int n)
{
	int i, len = 0;
	bool ended = false;

	for (i = 0; i < n; i++) {
		int b;

		for (b = 7; b >= 0; b--) {
			bool one = m[i] >> b & 1;

			if (one && ended)
				return -1;
			ended = ended || !one;
			len += one;
		}
	}
	return len;
}

#define ADDR_TEXT_MAX INET6_ADDRSTRLEN	/* >= 18 for a MAC */

static void format_one_addr(enum fp_field_kind kind, const uint8_t *a,
			    char text[ADDR_TEXT_MAX])
{
	if (kind == FP_FK_MAC)
		snprintf(text, ADDR_TEXT_MAX, "%02x:%02x:%02x:%02x:%02x:%02x",
			 a[0], a[1], a[2], a[3], a[4], a[5]);
	else
		inet_ntop(kind == FP_FK_IPV4 ? AF_INET : AF_INET6, a, text,
			  ADDR_TEXT_MAX);
}

/* "ADDR", "ADDR/LEN" for a CIDR mask (not MACs), else "ADDR/MASK". */
static int format_addr(const struct fp_field *f, const struct fp_flow *value,
		       const struct fp_flow *mask, char *buf, size_t size)
{
	const uint8_t *v = (const uint8_t *)value + f->offset;
	const uint8_t *m = (const uint8_t *)mask + f->offset;
	char vtext[ADDR_TEXT_MAX], mtext[ADDR_TEXT_MAX];
	uint8_t masked[16];
	int i, len;

	for (i = 0; i < f->size; i++)
		masked[i] = v[i] & m[i];
	format_one_addr(f->kind, masked, vtext);
	if (all_ones(m, f->size))
		return snprintf(buf, size, "%s", vtext);
	len = prefix_len(m, f->size);
	if (f->kind != FP_FK_MAC && len >= 0)
		return snprintf(buf, size, "%s/%d", vtext, len);
	format_one_addr(f->kind, m, mtext);
	return snprintf(buf, size, "%s/%s", vtext, mtext);
}

static int format_uint(const struct fp_field *f, const struct fp_flow *value,
		       const struct fp_flow *mask, char *buf, size_t size)
{
	uint64_t v = fp_field_get_uint(f, value);
	uint64_t m = fp_field_get_uint(f, mask);
	unsigned long long mv = v & m;

	if ((f->flags & FP_FF_VLAN_NONE) && storage_get(f, mask) == 0xffff &&
	    storage_get(f, value) == 0)
		return snprintf(buf, size, "0xffff");
	if (m != f->vmask)
		return snprintf(buf, size, "0x%llx/0x%llx", mv,
				(unsigned long long)m);
	if (!(f->flags & FP_FF_HEX))
		return snprintf(buf, size, "%llu", mv);
	/* 16-bit types (dl_type=0x0800) read best at full width. */
	if (f->vmask == 0xffff)
		return snprintf(buf, size, "0x%04llx", mv);
	return snprintf(buf, size, "0x%llx", mv);
}

int fp_field_format(const struct fp_field *f, const struct fp_flow *value,
		    const struct fp_flow *mask, char *buf, size_t size)
{
	switch (f->kind) {
	case FP_FK_UINT:
		return format_uint(f, value, mask, buf, size);
	case FP_FK_PORT:
		return snprintf(buf, size, "%llu", (unsigned long long)
				fp_field_get_uint(f, value));
	case FP_FK_MAC:
	case FP_FK_IPV4:
	case FP_FK_IPV6:
		break;
	}
	return format_addr(f, value, mask, buf, size);
}

static bool dl_type_is(const struct fp_flow *match, const struct fp_flow *mask,
		       uint16_t type)
{
	return mask->dl_type == htons(0xffff) && match->dl_type == htons(type);
}

static bool is_ip_any(const struct fp_flow *match, const struct fp_flow *mask)
{
	return dl_type_is(match, mask, 0x0800) || dl_type_is(match, mask, 0x86dd);
}

static bool is_arp(const struct fp_flow *match, const struct fp_flow *mask)
{
	return dl_type_is(match, mask, 0x0806) || dl_type_is(match, mask, 0x8035);
}

static bool proto_is(const struct fp_flow *match, const struct fp_flow *mask,
		     uint8_t proto)
{
	return is_ip_any(match, mask) && mask->nw_proto == 0xff &&
	       match->nw_proto == proto;
}

/* ICMPv6 with the type (in tp_src's low byte) matched exactly. */
static bool icmpv6_type_is(const struct fp_flow *match,
			   const struct fp_flow *mask, uint8_t type)
{
	return dl_type_is(match, mask, 0x86dd) && proto_is(match, mask, 58) &&
	       (ntohs(mask->tp_src) & 0xff) == 0xff &&
	       (ntohs(match->tp_src) & 0xff) == type;
}

bool fp_prereq_ok(enum fp_prereq p, const struct fp_flow *match,
		  const struct fp_flow *mask)
{
	switch (p) {
	case FP_PREREQ_NONE:
		return true;
	case FP_PREREQ_ARP:
		return is_arp(match, mask);
	case FP_PREREQ_IPV4:
		return dl_type_is(match, mask, 0x0800);
	case FP_PREREQ_IPV4_ARP:
		return dl_type_is(match, mask, 0x0800) || is_arp(match, mask);
	case FP_PREREQ_IPV6:
		return dl_type_is(match, mask, 0x86dd);
	case FP_PREREQ_IP_ANY:
		return is_ip_any(match, mask);
	case FP_PREREQ_IP_ANY_ARP:
		return is_ip_any(match, mask) || is_arp(match, mask);
	case FP_PREREQ_TCP:
		return proto_is(match, mask, 6);
	case FP_PREREQ_UDP:
		return proto_is(match, mask, 17);
	case FP_PREREQ_SCTP:
		return proto_is(match, mask, 132);
	case FP_PREREQ_TP:
		return proto_is(match, mask, 6) || proto_is(match, mask, 17) ||
		       proto_is(match, mask, 132);
	case FP_PREREQ_ICMPV4:
		return dl_type_is(match, mask, 0x0800) && proto_is(match, mask, 1);
	case FP_PREREQ_ICMPV6:
		return dl_type_is(match, mask, 0x86dd) && proto_is(match, mask, 58);
	case FP_PREREQ_ND:
		return icmpv6_type_is(match, mask, 135) ||
		       icmpv6_type_is(match, mask, 136);
	case FP_PREREQ_ND_NS:
		return icmpv6_type_is(match, mask, 135);
	case FP_PREREQ_ND_NA:
		return icmpv6_type_is(match, mask, 136);
	}
	return false;
}

const char *fp_prereq_text(enum fp_prereq p)
{
	static const char *const text[] = {
		[FP_PREREQ_NONE] = "nothing",
		[FP_PREREQ_ARP] = "arp or rarp (dl_type=0x0806 or 0x8035)",
		[FP_PREREQ_IPV4] = "ip (dl_type=0x0800)",
		[FP_PREREQ_IPV4_ARP] = "ip, arp or rarp",
		[FP_PREREQ_IPV6] = "ipv6 (dl_type=0x86dd)",
		[FP_PREREQ_IP_ANY] = "ip or ipv6",
		[FP_PREREQ_IP_ANY_ARP] = "ip, ipv6, arp or rarp",
		[FP_PREREQ_TCP] = "tcp or tcp6 (nw_proto=6 with ip or ipv6)",
		[FP_PREREQ_UDP] = "udp or udp6 (nw_proto=17 with ip or ipv6)",
		[FP_PREREQ_SCTP] = "sctp or sctp6 (nw_proto=132 with ip or ipv6)",
		[FP_PREREQ_TP] = "tcp, udp or sctp (nw_proto=6, 17 or 132 "
				 "with ip or ipv6)",
		[FP_PREREQ_ICMPV4] = "icmp (nw_proto=1 with ip)",
		[FP_PREREQ_ICMPV6] = "icmp6 (nw_proto=58 with ipv6)",
		[FP_PREREQ_ND] = "icmp6 with icmpv6_type=135 or 136",
		[FP_PREREQ_ND_NS] = "icmp6 with icmpv6_type=135",
		[FP_PREREQ_ND_NA] = "icmp6 with icmpv6_type=136",
	};

	return (size_t)p < sizeof(text) / sizeof(text[0]) ? text[p] : "?";
}
