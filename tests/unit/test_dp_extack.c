// SPDX-License-Identifier: GPL-2.0
/* The end of a request: acks, errors with and without extack, DONE. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "dp_extack.h"
#include "test_dp_fixtures.h"

Test(dp_extack, real_policy_refusal_gives_text_and_offset)
{
	union dpf_buf b;
	struct dp_extack e;

	cr_assert_eq(dp_extack_parse(dpf_load(&b, dpf_err_extack,
					      dpf_err_extack_len), &e), 0);
	cr_expect_eq(e.error, -ERANGE);
	cr_expect_str_eq(e.msg, "Attribute failed policy validation");
	cr_expect(e.has_offset);
	/* The 2-byte TYPE: after nlmsghdr, genlmsghdr, ovs_header, NAME. */
	cr_expect_eq(e.offset, 0x20);
	cr_expect_not(e.has_miss_type);
}

Test(dp_extack, real_ack_is_success)
{
	union dpf_buf b;
	struct dp_extack e;

	cr_assert_eq(dp_extack_parse(dpf_load(&b, dpf_ack, dpf_ack_len), &e), 0);
	cr_expect_eq(e.error, 0);
	cr_expect_str_eq(e.msg, "");
}

Test(dp_extack, real_error_without_tlvs)
{
	union dpf_buf b;
	struct dp_extack e;

	cr_assert_eq(dp_extack_parse(dpf_load(&b, dpf_err_enoent,
					      dpf_err_enoent_len), &e), 0);
	cr_expect_eq(e.error, -ENOENT);
	cr_expect_str_eq(e.msg, "");
	cr_expect_not(e.has_offset);
}

Test(dp_extack, real_done_is_success)
{
	union dpf_buf b;
	struct dp_extack e;

	cr_assert_eq(dp_extack_parse(dpf_load(&b, dpf_done, dpf_done_len), &e), 0);
	cr_expect_eq(e.error, 0);
}

/* A DONE that ends a failed dump, as netlink_dump_done() builds it. */
static struct nlmsghdr *done_with(char *buf, int error, const char *msg)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	int *status;

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	status = mnl_nlmsg_put_extra_header(nlh, sizeof(*status));
	*status = error;
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	return nlh;
}

Test(dp_extack, failed_dump_done_carries_error_and_text)
{
	char buf[256] __attribute__((aligned(4)));
	struct dp_extack e;

	cr_assert_eq(dp_extack_parse(done_with(buf, -EMSGSIZE, "dump too big"),
				     &e), 0);
	cr_expect_eq(e.error, -EMSGSIZE);
	cr_expect_str_eq(e.msg, "dump too big");
}

/*
 * Without NETLINK_CAP_ACK the kernel echoes the whole request before the
 * TLVs: their offset depends on the echoed length.
 */
static struct nlmsghdr *uncapped_error(char *buf, const char *msg,
				       uint32_t miss_type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *err;
	struct nlmsghdr *req;
	char *req_payload;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_ACK_TLVS;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err) + 12);
	err->error = -EINVAL;
	req = &err->msg;
	req->nlmsg_len = sizeof(*req) + 12;
	req_payload = (char *)(req + 1);
	memset(req_payload, 0xee, 12);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, miss_type);
	return nlh;
}

Test(dp_extack, uncapped_error_skips_the_echoed_request)
{
	char buf[256] __attribute__((aligned(4)));
	struct dp_extack e;

	cr_assert_eq(dp_extack_parse(uncapped_error(buf, "missing name", 3), &e), 0);
	cr_expect_eq(e.error, -EINVAL);
	cr_expect_str_eq(e.msg, "missing name");
	cr_expect(e.has_miss_type);
	cr_expect_eq(e.miss_type, 3);
}

Test(dp_extack, long_text_is_cut_not_overflowed)
{
	char buf[1024] __attribute__((aligned(4)));
	char text[600];
	struct dp_extack e;

	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	cr_assert_eq(dp_extack_parse(done_with(buf, -EINVAL, text), &e), 0);
	cr_expect_eq(strlen(e.msg), sizeof(e.msg) - 1);
}

/* ---- malformed ---- */

Test(dp_extack, truncated_extack_is_rejected)
{
	union dpf_buf b;
	struct dp_extack e;

	/* Cut inside the MSG attribute's text. */
	cr_expect_eq(dp_extack_parse(dpf_load(&b, dpf_err_extack, 50), &e),
		     -EBADMSG);
}

Test(dp_extack, error_shorter_than_nlmsgerr_is_rejected)
{
	union dpf_buf b;
	struct dp_extack e;

	cr_expect_eq(dp_extack_parse(dpf_load(&b, dpf_err_enoent, 24), &e),
		     -EBADMSG);
}

Test(dp_extack, echo_longer_than_the_message_is_rejected)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = uncapped_error(buf, "x", 1);
	struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct dp_extack e;

	err->msg.nlmsg_len = 4000;
	cr_expect_eq(dp_extack_parse(nlh, &e), -EBADMSG);
}

Test(dp_extack, text_without_nul_is_rejected)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = done_with(buf, -EINVAL, NULL);
	struct dp_extack e;

	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put(nlh, NLMSGERR_ATTR_MSG, 4, "abcd");
	cr_expect_eq(dp_extack_parse(nlh, &e), -EBADMSG);
}

Test(dp_extack, offset_of_wrong_size_is_rejected)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = done_with(buf, -EINVAL, NULL);
	struct dp_extack e;

	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_u16(nlh, NLMSGERR_ATTR_OFFS, 20);
	cr_expect_eq(dp_extack_parse(nlh, &e), -EBADMSG);
}

Test(dp_extack, positive_error_is_rejected)
{
	union dpf_buf b;
	struct nlmsghdr *nlh = dpf_load(&b, dpf_err_enoent, dpf_err_enoent_len);
	struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct dp_extack e;

	err->error = 2;
	cr_expect_eq(dp_extack_parse(nlh, &e), -EBADMSG);
}

Test(dp_extack, other_message_types_are_not_ends)
{
	union dpf_buf b;
	struct dp_extack e;

	cr_expect_eq(dp_extack_parse(dpf_load(&b, dpf_dp_reply,
					      dpf_dp_reply_len), &e), -EINVAL);
}
