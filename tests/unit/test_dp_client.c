// SPDX-License-Identifier: GPL-2.0
/*
 * The client's own pieces, and its request loop against the one generic
 * netlink family every Linux kernel has: the host's controller (nlctrl).
 * No module is needed; a kernel without netlink skips those tests.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/openvswitch.h>

#include "dp_client.h"
#include "test_dp_fixtures.h"

Test(dp_client, family_ids_from_real_ctrl_replies)
{
	union dpf_buf b;
	uint16_t id = 0;

	cr_assert_eq(dp_ctrl_parse_family_id(dpf_load(&b, dpf_ctrl_reply_datapath,
			dpf_ctrl_reply_datapath_len), &id), 0);
	cr_expect_eq(id, 0x24);
	cr_assert_eq(dp_ctrl_parse_family_id(dpf_load(&b, dpf_ctrl_reply_vport,
			dpf_ctrl_reply_vport_len), &id), 0);
	cr_expect_eq(id, 0x25);
	cr_assert_eq(dp_ctrl_parse_family_id(dpf_load(&b, dpf_ctrl_reply_packet,
			dpf_ctrl_reply_packet_len), &id), 0);
	cr_expect_eq(id, 0x27);
}

Test(dp_client, truncated_ctrl_reply_is_rejected)
{
	union dpf_buf b;
	uint16_t id = 0;

	/* Cut inside the ops nest, after the id: still refused. */
	cr_expect_eq(dp_ctrl_parse_family_id(dpf_load(&b, dpf_ctrl_reply_datapath,
			100), &id), -EBADMSG);
}

Test(dp_client, family_names_follow_the_prefix)
{
	char name[GENL_NAMSIZ];

	cr_assert_eq(dp_family_name("ovs", DP_FAMILY_DATAPATH, name, sizeof(name)), 0);
	cr_expect_str_eq(name, "ovs_datapath");
	cr_assert_eq(dp_family_name("fp", DP_FAMILY_PACKET, name, sizeof(name)), 0);
	cr_expect_str_eq(name, "fp_packet");
	cr_expect_eq(dp_family_name("flowpa", DP_FAMILY_DATAPATH, name, sizeof(name)), 0);
	cr_expect_eq(dp_family_name("flowpat", DP_FAMILY_DATAPATH, name, sizeof(name)),
		     -ENAMETOOLONG, "flowpat_datapath is 16 characters");
}

Test(dp_client, command_names)
{
	cr_expect_str_eq(dp_cmd_name(DP_FAMILY_DATAPATH, OVS_DP_CMD_NEW), "OVS_DP_CMD_NEW");
	cr_expect_str_eq(dp_cmd_name(DP_FAMILY_VPORT, OVS_VPORT_CMD_SET), "OVS_VPORT_CMD_SET");
	cr_expect_str_eq(dp_cmd_name(DP_FAMILY_PACKET, OVS_PACKET_CMD_MISS),
			 "OVS_PACKET_CMD_MISS");
	cr_expect_str_eq(dp_cmd_name(DP_FAMILY_FLOW, 77), "an unknown command");
}

Test(dp_client, message_start_puts_all_three_headers)
{
	char buf[64] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = dp_client_msg_start(buf, 0x30, NLM_F_DUMP, 3, 2, -5);
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct ovs_header *ovs = (const void *)(genl + 1);

	cr_expect_eq(nlh->nlmsg_len, 16 + 4 + 4);
	cr_expect_eq(nlh->nlmsg_type, 0x30);
	cr_expect_eq(nlh->nlmsg_flags, NLM_F_DUMP);
	cr_expect_eq(genl->cmd, 3);
	cr_expect_eq(genl->version, 2);
	cr_expect_eq(ovs->dp_ifindex, -5);
}

Test(dp_client, overlong_prefix_is_refused_with_a_reason)
{
	struct dp_client c;

	cr_expect_eq(dp_client_init(&c, "toolongprefix"), -ENAMETOOLONG);
	cr_expect(strstr(dp_client_error(&c), "toolongprefix_datapath"),
		  "got: %s", dp_client_error(&c));
	dp_client_fini(&c);
}

/* ---- against the host kernel's generic netlink controller ---- */

static void open_or_skip(struct dp_client *c, const char *prefix)
{
	if (dp_client_init(c, prefix))
		cr_skip_test("no generic netlink here: %s", dp_client_error(c));
}

static struct nlmsghdr *ctrl_request(char *buf, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	return nlh;
}

static int id_cb(const struct nlmsghdr *nlh, void *arg)
{
	return dp_ctrl_parse_family_id(nlh, arg);
}

Test(dp_client_kernel, request_gets_its_reply_and_ack)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = ctrl_request(buf, 0);
	struct dp_client c;
	uint16_t id = 0;

	open_or_skip(&c, NULL);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	cr_expect_eq(dp_client_transact(&c, nlh, id_cb, &id), 0, "%s",
		     dp_client_error(&c));
	cr_expect_eq(id, GENL_ID_CTRL);
	dp_client_fini(&c);
}

static int count_cb(const struct nlmsghdr *nlh, void *arg)
{
	uint16_t id;

	if (dp_ctrl_parse_family_id(nlh, &id) == 0 && id == GENL_ID_CTRL)
		(*(int *)arg)++;
	return 0;
}

Test(dp_client_kernel, dump_runs_to_done)
{
	char buf[256] __attribute__((aligned(4)));
	struct dp_client c;
	int seen = 0;

	open_or_skip(&c, NULL);
	cr_expect_eq(dp_client_transact(&c, ctrl_request(buf, NLM_F_DUMP),
					count_cb, &seen), 0, "%s",
		     dp_client_error(&c));
	cr_expect_eq(seen, 1, "nlctrl is in the dump once");
	dp_client_fini(&c);
}

Test(dp_client_kernel, refusal_carries_the_extack_text)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = ctrl_request(buf, 0);
	struct dp_client c;
	int err;

	open_or_skip(&c, NULL);
	/* CTRL_ATTR_FAMILY_ID is a u16: one byte breaks the policy. */
	mnl_attr_put(nlh, CTRL_ATTR_FAMILY_ID, 1, "\x10");
	err = dp_client_transact(&c, nlh, NULL, NULL);
	cr_expect_eq(err, -ERANGE);
	cr_expect_str_eq(dp_client_error(&c),
			 "kernel refused CTRL_CMD_GETFAMILY: Attribute failed policy validation (Numerical result out of range)");
	/* The socket is clean for the next request. */
	nlh = ctrl_request(buf, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	cr_expect_eq(dp_client_transact(&c, nlh, NULL, NULL), 0);
	dp_client_fini(&c);
}

Test(dp_client_kernel, missing_family_says_which_and_why)
{
	struct dp_client c;
	uint16_t id;

	open_or_skip(&c, "fpnone");
	cr_expect_eq(dp_client_family(&c, DP_FAMILY_VPORT, &id), -ENOENT);
	cr_expect_str_eq(dp_client_error(&c),
			 "generic netlink family fpnone_vport not found: is openvswitch.ko or flowpath.ko loaded?");
	dp_client_fini(&c);
}

static int refuse_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(*(int *)arg)++;
	return -EMSGSIZE;
}

Test(dp_client_kernel, reply_callback_error_fails_the_request_after_its_end)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	struct dp_client c;
	int calls = 0;

	open_or_skip(&c, NULL);
	cr_expect_eq(dp_client_transact(&c, ctrl_request(buf, NLM_F_DUMP),
					refuse_cb, &calls), -EMSGSIZE);
	cr_expect_eq(calls, 1, "the rest of the dump is dropped");
	cr_expect(strstr(dp_client_error(&c),
			 "cannot understand the kernel's reply to CTRL_CMD_GETFAMILY"),
		  "got: %s", dp_client_error(&c));
	/* The rest of the dump was drained: the next request works. */
	nlh = ctrl_request(buf, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	cr_expect_eq(dp_client_transact(&c, nlh, NULL, NULL), 0, "%s",
		     dp_client_error(&c));
	dp_client_fini(&c);
}
