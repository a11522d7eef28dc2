// SPDX-License-Identifier: GPL-2.0
/*
 * The codec's attribute plumbing: a writer that stops at the end of the
 * caller's buffer instead of overrunning it, and a reader into tables.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dp_attr.h"
#include "tc_nl_impl.h"

void tc_nl_put(struct tc_nl_out *o, uint16_t type, size_t len,
	       const void *data)
{
	if (o->full)
		return;
	if (!mnl_attr_put_check(o->nlh, o->size, type, len, data))
		o->full = true;
}

void tc_nl_put_u8(struct tc_nl_out *o, uint16_t type, uint8_t v)
{
	tc_nl_put(o, type, sizeof(v), &v);
}

void tc_nl_put_u16(struct tc_nl_out *o, uint16_t type, uint16_t v)
{
	tc_nl_put(o, type, sizeof(v), &v);
}

void tc_nl_put_u32(struct tc_nl_out *o, uint16_t type, uint32_t v)
{
	tc_nl_put(o, type, sizeof(v), &v);
}

void tc_nl_put_str(struct tc_nl_out *o, uint16_t type, const char *s)
{
	tc_nl_put(o, type, strlen(s) + 1, s);
}

struct nlattr *tc_nl_nest(struct tc_nl_out *o, uint16_t type)
{
	struct nlattr *nest;

	if (o->full)
		return NULL;
	nest = mnl_attr_nest_start_check(o->nlh, o->size, type);
	if (!nest)
		o->full = true;
	return nest;
}

void tc_nl_nest_end(struct tc_nl_out *o, struct nlattr *nest)
{
	if (nest && !o->full)
		mnl_attr_nest_end(o->nlh, nest);
}

int tc_nl_fail(char *why, size_t whylen, int err, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return err;
}

struct nest_table {
	const struct nlattr **tb;
	int max;
};

static int table_cb(const struct nlattr *attr, void *data)
{
	struct nest_table *t = data;
	int type = mnl_attr_get_type(attr);

	/* A newer kernel's attributes are none of our business. */
	if (type <= t->max)
		t->tb[type] = attr;
	return MNL_CB_OK;
}

int tc_nl_parse_nest(const struct nlattr *nest, const struct nlattr **tb,
		     int max)
{
	struct nest_table t = { .tb = tb, .max = max };

	memset(tb, 0, sizeof(*tb) * (size_t)(max + 1));
	return dp_attr_parse_nested(nest, table_cb, &t) ? -EBADMSG : 0;
}

int tc_nl_get(const struct nlattr *a, void *dst, size_t len)
{
	return tc_nl_get_min(a, dst, len, len);
}

int tc_nl_get_min(const struct nlattr *a, void *dst, size_t min, size_t len)
{
	size_t got = mnl_attr_get_payload_len(a);

	if (got < min || (min == len && got != len))
		return -EBADMSG;
	memset(dst, 0, len);
	memcpy(dst, mnl_attr_get_payload(a), got < len ? got : len);
	return 0;
}

const char *tc_nl_get_str(const struct nlattr *a)
{
	return mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0 ? NULL
		: mnl_attr_get_str(a);
}
