// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "dp_attr.h"

/*
 * True if the attributes in [payload, payload + len) cover it exactly.
 * The last attribute may lack its alignment padding: the kernel omits it
 * after an upcall's packet when the datapath has OVS_DP_F_UNALIGNED.
 */
static int attrs_cover(const void *payload, size_t len)
{
	const struct nlattr *attr = payload;
	int left = (int)len;

	while (mnl_attr_ok(attr, left)) {
		left -= MNL_ALIGN(attr->nla_len);
		attr = mnl_attr_next(attr);
	}
	return left <= 0;
}

static int run_callbacks(const void *payload, size_t len, mnl_attr_cb_t cb,
			 void *data)
{
	int ret;

	if (!attrs_cover(payload, len))
		return -EBADMSG;
	errno = 0;
	ret = mnl_attr_parse_payload(payload, len, cb, data);
	if (ret == MNL_CB_ERROR)
		return errno ? -errno : -EINVAL;
	return 0;
}

int dp_attr_parse_payload(const void *payload, size_t len, mnl_attr_cb_t cb,
			  void *data)
{
	return run_callbacks(payload, len, cb, data);
}

int dp_attr_parse(const struct nlmsghdr *nlh, size_t offset,
		  mnl_attr_cb_t cb, void *data)
{
	size_t len = mnl_nlmsg_get_payload_len(nlh);

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN || len < MNL_ALIGN(offset))
		return -EBADMSG;
	return run_callbacks(mnl_nlmsg_get_payload_offset(nlh, offset),
			     len - MNL_ALIGN(offset), cb, data);
}

int dp_attr_parse_nested(const struct nlattr *nest, mnl_attr_cb_t cb,
			 void *data)
{
	return run_callbacks(mnl_attr_get_payload(nest),
			     mnl_attr_get_payload_len(nest), cb, data);
}

struct attr_table {
	const struct nlattr **tb;
	int max;
	dp_attr_validate_fn validate;
};

static int table_cb(const struct nlattr *attr, void *data)
{
	const struct attr_table *t = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, t->max) < 0)
		return MNL_CB_OK;
	if (t->validate(attr, type) < 0) {
		errno = ERANGE;
		return MNL_CB_ERROR;
	}
	t->tb[type] = attr;
	return MNL_CB_OK;
}

int dp_attr_parse_table(const struct nlmsghdr *nlh, size_t offset,
			const struct nlattr **tb, int max,
			dp_attr_validate_fn validate)
{
	struct attr_table t = { .tb = tb, .max = max, .validate = validate };

	return dp_attr_parse(nlh, offset, table_cb, &t);
}

int dp_attr_copy_str(const struct nlattr *attr, char *dst, size_t size)
{
	const char *s = mnl_attr_get_str(attr);
	size_t len = strnlen(s, mnl_attr_get_payload_len(attr));

	if (len >= size)
		return -ENAMETOOLONG;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return 0;
}
