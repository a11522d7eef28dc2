// SPDX-License-Identifier: GPL-2.0
/* Strict attribute walking: every byte of a payload must be an attribute. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "dp_attr.h"

struct seen {
	int n;
	uint16_t types[8];
};

static int count_cb(const struct nlattr *attr, void *data)
{
	struct seen *s = data;

	if (s->n < 8)
		s->types[s->n] = mnl_attr_get_type(attr);
	s->n++;
	return MNL_CB_OK;
}

static int refuse_cb(const struct nlattr *attr, void *data)
{
	(void)attr;
	(void)data;
	errno = ERANGE;
	return MNL_CB_ERROR;
}

/* A message with a 4-byte fixed header and three attributes. */
static struct nlmsghdr *three_attrs(char *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	mnl_nlmsg_put_extra_header(nlh, 4);
	mnl_attr_put_u32(nlh, 1, 7);
	mnl_attr_put_strz(nlh, 2, "abc");
	mnl_attr_put_u16(nlh, 3, 9);
	return nlh;
}

Test(dp_attr, walks_every_attribute_after_the_header)
{
	char buf[256] __attribute__((aligned(4)));
	struct seen s = { 0 };

	cr_assert_eq(dp_attr_parse(three_attrs(buf), 4, count_cb, &s), 0);
	cr_expect_eq(s.n, 3);
	cr_expect_eq(s.types[0], 1);
	cr_expect_eq(s.types[2], 3);
}

Test(dp_attr, truncated_last_attribute_fails_instead_of_ending)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = three_attrs(buf);
	struct seen s = { 0 };

	/* Cut the u16 attribute in half: mnl_attr_parse alone stops quietly. */
	nlh->nlmsg_len -= 6;
	cr_expect_eq(dp_attr_parse(nlh, 4, count_cb, &s), -EBADMSG);
	s.n = 0;
	mnl_attr_parse(nlh, 4, count_cb, &s);
	cr_expect_eq(s.n, 2, "libmnl alone would have seen 2 attributes and no error");
}

Test(dp_attr, stray_bytes_after_the_attributes_fail)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = three_attrs(buf);
	struct seen s = { 0 };

	nlh->nlmsg_len += 4;
	memset((char *)nlh + nlh->nlmsg_len - 4, 0, 4);
	cr_expect_eq(dp_attr_parse(nlh, 4, count_cb, &s), -EBADMSG);
}

Test(dp_attr, last_attribute_may_lack_its_padding)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = three_attrs(buf);
	struct seen s = { 0 };

	/* The u16's two bytes of padding are not there (OVS_DP_F_UNALIGNED). */
	nlh->nlmsg_len -= 2;
	cr_expect_eq(dp_attr_parse(nlh, 4, count_cb, &s), 0);
	cr_expect_eq(s.n, 3);
}

Test(dp_attr, attribute_length_below_its_header_fails)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = three_attrs(buf);
	struct nlattr *first = mnl_nlmsg_get_payload_offset(nlh, 4);
	struct seen s = { 0 };

	first->nla_len = 2;
	cr_expect_eq(dp_attr_parse(nlh, 4, count_cb, &s), -EBADMSG);
}

Test(dp_attr, payload_shorter_than_the_fixed_header_fails)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct seen s = { 0 };

	mnl_nlmsg_put_extra_header(nlh, 4);
	cr_expect_eq(dp_attr_parse(nlh, 8, count_cb, &s), -EBADMSG);
}

Test(dp_attr, callback_errno_is_returned)
{
	char buf[256] __attribute__((aligned(4)));

	cr_expect_eq(dp_attr_parse(three_attrs(buf), 4, refuse_cb, NULL), -ERANGE);
}

Test(dp_attr, nested_attributes_are_checked_the_same_way)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *nest;
	struct seen s = { 0 };

	nest = mnl_attr_nest_start(nlh, 5);
	mnl_attr_put_u32(nlh, 1, 1);
	mnl_attr_put_u32(nlh, 2, 2);
	mnl_attr_nest_end(nlh, nest);
	cr_assert_eq(dp_attr_parse_nested(nest, count_cb, &s), 0);
	cr_expect_eq(s.n, 2);
	nest->nla_len -= 2;
	cr_expect_eq(dp_attr_parse_nested(nest, count_cb, &s), -EBADMSG);
}

Test(dp_attr, strings_are_copied_only_when_they_fit)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);
	char small[4], big[16];

	mnl_attr_put_strz(nlh, 1, "abcd");
	cr_expect_eq(dp_attr_copy_str(a, small, sizeof(small)), -ENAMETOOLONG);
	cr_assert_eq(dp_attr_copy_str(a, big, sizeof(big)), 0);
	cr_expect_str_eq(big, "abcd");
}
