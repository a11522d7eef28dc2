// SPDX-License-Identifier: GPL-2.0
/*
 * Printing datapath keys and masks the way ovs-dpctl dump-flows does: the
 * writer and the attribute stream. One attribute is odp_text_attr.c, the
 * parser odp_text_parse.c, the actions odp_text_actions.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "odp_text_out.h"
#include "odp_tree.h"

/* ---- the writer ---- */

void fp_text_init(struct fp_text_out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->len = 0;
	if (size)
		buf[0] = '\0';
}

void fp_text_put(struct fp_text_out *o, const char *fmt, ...)
{
	size_t room = o->len < o->size ? o->size - o->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += n;
}

void fp_text_chomp(struct fp_text_out *o, char c)
{
	if (o->len && o->len < o->size && o->buf[o->len - 1] == c)
		o->buf[--o->len] = '\0';
}

int fp_text_result(const struct fp_text_out *o)
{
	return o->len < o->size ? 0 : -ENOSPC;
}

void fp_text_hex(struct fp_text_out *o, const void *p, size_t len, char sep)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++) {
		if (i && sep)
			fp_text_put(o, "%c", sep);
		fp_text_put(o, "%02x", b[i]);
	}
}

/* ---- a stream ---- */

/* Whether a's (and ma's) length is what its type needs; if not, says so. */
static bool length_ok(struct fp_text_out *o, const struct nlattr *a,
		      const struct nlattr *ma)
{
	int want = fp_odp_key_attr_len(mnl_attr_get_type(a));
	bool bad_key, bad_mask;

	if (want < 0)
		return true;
	bad_key = mnl_attr_get_payload_len(a) != (size_t)want;
	bad_mask = ma && mnl_attr_get_payload_len(ma) != (size_t)want;
	if (!bad_key && !bad_mask)
		return true;
	fp_text_put(o, "key%u(", mnl_attr_get_type(a));
	if (bad_key)
		fp_text_put(o, "(bad key length %u, expected %d)(",
			    (unsigned int)mnl_attr_get_payload_len(a), want);
	fp_text_hex(o, mnl_attr_get_payload(a), mnl_attr_get_payload_len(a), ' ');
	if (ma) {
		fp_text_put(o, "/");
		if (bad_mask)
			fp_text_put(o, "(bad mask length %u, expected %d)(",
				    (unsigned int)mnl_attr_get_payload_len(ma), want);
		fp_text_hex(o, mnl_attr_get_payload(ma),
			    mnl_attr_get_payload_len(ma), ' ');
	}
	fp_text_put(o, ")");
	return false;
}

static const struct nlattr *find_attr(const void *attrs, size_t len,
				      unsigned int type)
{
	const struct nlattr *attr;

	if (!attrs)
		return NULL;
	mnl_attr_for_each_payload(attrs, len)
		if (mnl_attr_get_type(attr) == type)
			return attr;
	return NULL;
}

/* Zeroes the payloads of the attributes in [p, p + len), keeping the
 * headers of ENCAPs' attributes: a wildcard mask shaped like a key. */
static void zero_payloads(void *p, size_t len)
{
	struct nlattr *attr;

	mnl_attr_for_each_payload(p, len) {
		if (mnl_attr_get_type(attr) == OVS_KEY_ATTR_ENCAP)
			zero_payloads(mnl_attr_get_payload(attr),
				      mnl_attr_get_payload_len(attr));
		else
			memset(mnl_attr_get_payload(attr), 0,
			       mnl_attr_get_payload_len(attr));
	}
}

/*
 * Where the mask stream has no attribute for a key attribute, it is
 * wildcarded; -m still shows it, with a mask of zeros of its shape.
 */
static const struct nlattr *wildcard_like(const struct nlattr *a,
					  uint8_t *scratch, size_t size)
{
	size_t len = MNL_ALIGN(a->nla_len);

	if (len > size)
		return NULL;
	memcpy(scratch, a, len);
	zero_payloads(scratch, len);
	return (const struct nlattr *)scratch;
}

static bool is_nested(unsigned int type)
{
	return fp_odp_key_attr_len(type) == FP_ODP_LEN_NESTED;
}

static void leftover(struct fp_text_out *o, size_t len, const void *at,
		     size_t left)
{
	if (left == len)
		fp_text_put(o, "<empty>");
	fp_text_put(o, ",***%u leftover bytes*** (", (unsigned int)left);
	fp_text_hex(o, at, left, 0);
	fp_text_put(o, ")");
}

/*
 * Without -m an attribute whose mask is all zeros is left out, but eth()
 * always shows: without it the kernel would read the key as an L3 packet.
 * Whatever was printed, eth() included, is followed by a comma before the
 * next attribute, so the text parses back.
 */
void fp_text_key_stream(struct fp_text_out *o, const void *key,
			size_t key_len, const void *mask, size_t mask_len,
			bool has_mask, bool verbose,
			const struct fp_odp_port_names *names)
{
	uint8_t scratch[1024] __attribute__((aligned(4)));
	const struct nlattr *a, *ma;
	bool first = true, has_ethtype = false;
	int left = (int)key_len;

	if (!key_len) {
		fp_text_put(o, "<empty>");
		return;
	}
	for (a = key; mnl_attr_ok(a, left); left -= MNL_ALIGN(a->nla_len),
	     a = mnl_attr_next(a)) {
		unsigned int type = mnl_attr_get_type(a);
		bool wild = false;

		ma = has_mask && mask_len ? find_attr(mask, mask_len, type) : NULL;
		if (!length_ok(o, a, ma))
			continue;
		has_ethtype |= type == OVS_KEY_ATTR_ETHERTYPE;
		if (has_mask && mask_len)
			wild = ma ? fp_text_mask_is(ma, 0) : true;
		if (verbose || !wild || is_nested(type)) {
			if (wild && !ma)
				ma = wildcard_like(a, scratch, sizeof(scratch));
			if (!first)
				fp_text_put(o, ",");
			fp_text_key_attr(o, a, ma, verbose, names);
			first = false;
		} else if (type == OVS_KEY_ATTR_ETHERNET) {
			fp_text_put(o, "%seth()", first ? "" : ",");
			first = false;
		}
	}
	if (left > 0)
		leftover(o, key_len, a, left);
	ma = has_ethtype ? NULL : find_attr(mask, mask_len, OVS_KEY_ATTR_ETHERTYPE);
	if (ma)
		fp_text_put(o, "%seth_type(0/0x%04x)", first ? "" : ",",
			    ntohs(mnl_attr_get_u16(ma)));
}

int fp_odp_text_format_key(const void *key, size_t key_len, const void *mask,
			   size_t mask_len, bool verbose,
			   const struct fp_odp_port_names *names, char *buf,
			   size_t size)
{
	struct fp_text_out o;

	fp_text_init(&o, buf, size);
	fp_text_key_stream(&o, key, key_len, mask, mask_len, mask != NULL,
			   verbose, names);
	return fp_text_result(&o);
}
