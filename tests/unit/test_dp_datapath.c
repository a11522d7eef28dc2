// SPDX-License-Identifier: GPL-2.0
/* Datapath requests as the kernel will read them, and its replies. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "dp_datapath.h"
#include "test_dp_fixtures.h"

#define FAMILY 0x24
#define HDRS (sizeof(struct genlmsghdr) + sizeof(struct ovs_header))

static char buf[DP_REQ_BUF_SIZE] __attribute__((aligned(4)));

static const struct genlmsghdr *genl_of(const struct nlmsghdr *nlh)
{
	return mnl_nlmsg_get_payload(nlh);
}

static const struct ovs_header *ovs_of(const struct nlmsghdr *nlh)
{
	return (const void *)(genl_of(nlh) + 1);
}

struct attrs {
	const struct nlattr *tb[OVS_DP_ATTR_MAX + 1];
	int n;
};

static int collect(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;

	a->tb[mnl_attr_get_type(attr)] = attr;
	a->n++;
	return MNL_CB_OK;
}

Test(dp_datapath, new_request_has_name_and_upcall_pid)
{
	struct nlmsghdr *nlh = dp_datapath_build_new(buf, FAMILY, "dp0", 4242);
	struct attrs a = { .n = 0 };

	cr_assert_not_null(nlh);
	cr_expect_eq(nlh->nlmsg_type, FAMILY);
	cr_expect_eq(genl_of(nlh)->cmd, OVS_DP_CMD_NEW);
	/* 2: tells the kernel we know user features (see dp_datapath.c). */
	cr_expect_eq(genl_of(nlh)->version, OVS_DATAPATH_VERSION);
	cr_expect_eq(ovs_of(nlh)->dp_ifindex, 0);
	cr_assert_eq(mnl_attr_parse(nlh, HDRS, collect, &a), MNL_CB_OK);
	cr_expect_eq(a.n, 2);
	cr_assert_not_null(a.tb[OVS_DP_ATTR_NAME]);
	cr_expect_eq(mnl_attr_get_payload_len(a.tb[OVS_DP_ATTR_NAME]), 4,
		     "the name goes with its NUL");
	cr_expect_str_eq(mnl_attr_get_str(a.tb[OVS_DP_ATTR_NAME]), "dp0");
	cr_assert_not_null(a.tb[OVS_DP_ATTR_UPCALL_PID]);
	cr_expect_eq(mnl_attr_get_u32(a.tb[OVS_DP_ATTR_UPCALL_PID]), 4242);
}

Test(dp_datapath, del_request_names_the_datapath)
{
	struct nlmsghdr *nlh = dp_datapath_build_del(buf, FAMILY, "br-int");
	struct attrs a = { .n = 0 };

	cr_assert_not_null(nlh);
	cr_expect_eq(genl_of(nlh)->cmd, OVS_DP_CMD_DEL);
	cr_assert_eq(mnl_attr_parse(nlh, HDRS, collect, &a), MNL_CB_OK);
	cr_expect_eq(a.n, 1);
	cr_expect_str_eq(mnl_attr_get_str(a.tb[OVS_DP_ATTR_NAME]), "br-int");
}

Test(dp_datapath, get_without_name_is_a_dump)
{
	struct nlmsghdr *nlh = dp_datapath_build_get(buf, FAMILY, NULL);

	cr_expect_eq(nlh->nlmsg_flags & NLM_F_DUMP, NLM_F_DUMP);
	cr_expect_eq(genl_of(nlh)->cmd, OVS_DP_CMD_GET);
	cr_expect_eq(nlh->nlmsg_len, MNL_NLMSG_HDRLEN + HDRS, "no attributes");
	nlh = dp_datapath_build_get(buf, FAMILY, "dp0");
	cr_expect_eq(nlh->nlmsg_flags & NLM_F_DUMP, 0);
}

Test(dp_datapath, names_of_ifnamsiz_or_more_are_not_sent)
{
	cr_expect_not_null(dp_datapath_build_new(buf, FAMILY, "0123456789abcde", 0));
	cr_expect_null(dp_datapath_build_new(buf, FAMILY, "0123456789abcdef", 0));
	cr_expect_null(dp_datapath_build_del(buf, FAMILY, "0123456789abcdef"));
	cr_expect_null(dp_datapath_build_get(buf, FAMILY, "0123456789abcdef"));
}

Test(dp_datapath, parses_the_real_reply)
{
	union dpf_buf b;
	struct dp_datapath_info dp;

	cr_assert_eq(dp_datapath_parse(dpf_load(&b, dpf_dp_reply,
						dpf_dp_reply_len), &dp), 0);
	cr_expect_str_eq(dp.name, "dp0");
	cr_expect_eq(dp.dp_ifindex, 4);
	cr_expect(dp.has_stats);
	cr_expect_eq(dp.stats.n_hit + dp.stats.n_missed + dp.stats.n_lost, 0);
	cr_expect(dp.has_megaflow_stats);
	cr_expect(dp.has_user_features);
	cr_expect_eq(dp.user_features, 0);
	cr_expect(dp.has_masks_cache_size);
	cr_expect_eq(dp.masks_cache_size, 256);
}

/* A reply as ovs_dp_cmd_fill_info() builds it, with our own values. */
static struct nlmsghdr *reply(const char *name, bool with_stats)
{
	struct nlmsghdr *nlh = dp_client_msg_start(buf, FAMILY, 0,
						   OVS_DP_CMD_GET, 2, 17);
	struct ovs_dp_stats st = { .n_hit = 10, .n_missed = 3, .n_lost = 1,
				   .n_flows = 2 };
	struct ovs_dp_megaflow_stats mf = { .n_mask_hit = 12, .n_masks = 5 };

	if (name)
		mnl_attr_put_strz(nlh, OVS_DP_ATTR_NAME, name);
	if (with_stats) {
		mnl_attr_put(nlh, OVS_DP_ATTR_STATS, sizeof(st), &st);
		mnl_attr_put(nlh, OVS_DP_ATTR_MEGAFLOW_STATS, sizeof(mf), &mf);
	}
	return nlh;
}

Test(dp_datapath, parses_counters)
{
	struct dp_datapath_info dp;

	cr_assert_eq(dp_datapath_parse(reply("br0", true), &dp), 0);
	cr_expect_eq(dp.dp_ifindex, 17);
	cr_expect_eq(dp.stats.n_hit, 10);
	cr_expect_eq(dp.stats.n_missed, 3);
	cr_expect_eq(dp.stats.n_lost, 1);
	cr_expect_eq(dp.stats.n_flows, 2);
	cr_expect_eq(dp.megaflow_stats.n_mask_hit, 12);
	cr_expect_eq(dp.megaflow_stats.n_masks, 5);
	cr_expect_not(dp.has_user_features);
}

Test(dp_datapath, unknown_attributes_are_skipped)
{
	struct nlmsghdr *nlh = reply("br0", false);
	struct dp_datapath_info dp;

	mnl_attr_put_u64(nlh, OVS_DP_ATTR_MAX + 7, 99);
	cr_expect_eq(dp_datapath_parse(nlh, &dp), 0);
	cr_expect_str_eq(dp.name, "br0");
}

Test(dp_datapath, longer_stats_from_a_later_kernel_are_taken)
{
	struct nlmsghdr *nlh = dp_client_msg_start(buf, FAMILY, 0, 3, 2, 1);
	uint64_t longer[6] = { 5, 6, 7, 8, 100, 200 };
	struct dp_datapath_info dp;

	mnl_attr_put_strz(nlh, OVS_DP_ATTR_NAME, "x");
	mnl_attr_put(nlh, OVS_DP_ATTR_STATS, sizeof(longer), longer);
	cr_assert_eq(dp_datapath_parse(nlh, &dp), 0);
	cr_expect_eq(dp.stats.n_hit, 5);
	cr_expect_eq(dp.stats.n_flows, 8);
}

/* ---- malformed ---- */

Test(dp_datapath, truncated_real_reply_is_rejected)
{
	union dpf_buf b;
	struct dp_datapath_info dp;

	/* Cut inside OVS_DP_ATTR_STATS. */
	cr_expect_eq(dp_datapath_parse(dpf_load(&b, dpf_dp_reply, 48), &dp),
		     -EBADMSG);
}

Test(dp_datapath, short_stats_are_rejected)
{
	struct nlmsghdr *nlh = reply("br0", false);
	uint64_t three[3] = { 1, 2, 3 };
	struct dp_datapath_info dp;

	mnl_attr_put(nlh, OVS_DP_ATTR_STATS, sizeof(three), three);
	cr_expect_eq(dp_datapath_parse(nlh, &dp), -ERANGE);
}

Test(dp_datapath, user_features_of_wrong_size_are_rejected)
{
	struct nlmsghdr *nlh = reply("br0", false);
	struct dp_datapath_info dp;

	mnl_attr_put_u16(nlh, OVS_DP_ATTR_USER_FEATURES, 1);
	cr_expect_eq(dp_datapath_parse(nlh, &dp), -ERANGE);
}

Test(dp_datapath, name_without_nul_is_rejected)
{
	struct nlmsghdr *nlh = reply(NULL, false);
	struct dp_datapath_info dp;

	mnl_attr_put(nlh, OVS_DP_ATTR_NAME, 4, "dp00");
	cr_expect_eq(dp_datapath_parse(nlh, &dp), -ERANGE);
}

Test(dp_datapath, name_too_long_for_a_netdev_is_rejected)
{
	struct dp_datapath_info dp;

	cr_expect_eq(dp_datapath_parse(reply("0123456789abcdef", false), &dp),
		     -ENAMETOOLONG);
}

Test(dp_datapath, reply_without_name_is_rejected)
{
	struct dp_datapath_info dp;

	cr_expect_eq(dp_datapath_parse(reply(NULL, true), &dp), -EBADMSG);
}

Test(dp_datapath, reply_without_ovs_header_is_rejected)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct dp_datapath_info dp;

	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	cr_expect_eq(dp_datapath_parse(nlh, &dp), -EBADMSG);
}
