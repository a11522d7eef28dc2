// SPDX-License-Identifier: GPL-2.0
/* Vport requests as the kernel will read them, and its replies. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "dp_vport.h"
#include "test_dp_fixtures.h"

#define FAMILY 0x25
#define HDRS (sizeof(struct genlmsghdr) + sizeof(struct ovs_header))

static char buf[DP_REQ_BUF_SIZE] __attribute__((aligned(4)));

static const struct genlmsghdr *genl_of(const struct nlmsghdr *nlh)
{
	return mnl_nlmsg_get_payload(nlh);
}

static int dp_ifindex_of(const struct nlmsghdr *nlh)
{
	return ((const struct ovs_header *)(genl_of(nlh) + 1))->dp_ifindex;
}

struct attrs {
	const struct nlattr *tb[OVS_VPORT_ATTR_MAX + 1];
	int n;
};

static int collect(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;

	a->tb[mnl_attr_get_type(attr)] = attr;
	a->n++;
	return MNL_CB_OK;
}

Test(dp_vport, new_request_names_port_type_pid_and_datapath)
{
	struct nlmsghdr *nlh;
	struct attrs a = { .n = 0 };

	nlh = dp_vport_build_new(buf, FAMILY, 7, "veth0", OVS_VPORT_TYPE_NETDEV, 99);
	cr_assert_not_null(nlh);
	cr_expect_eq(nlh->nlmsg_type, FAMILY);
	cr_expect_eq(genl_of(nlh)->cmd, OVS_VPORT_CMD_NEW);
	cr_expect_eq(genl_of(nlh)->version, OVS_VPORT_VERSION);
	cr_expect_eq(dp_ifindex_of(nlh), 7);
	cr_assert_eq(mnl_attr_parse(nlh, HDRS, collect, &a), MNL_CB_OK);
	cr_expect_eq(a.n, 3);
	cr_expect_str_eq(mnl_attr_get_str(a.tb[OVS_VPORT_ATTR_NAME]), "veth0");
	cr_expect_eq(mnl_attr_get_u32(a.tb[OVS_VPORT_ATTR_TYPE]),
		     OVS_VPORT_TYPE_NETDEV);
	cr_expect_eq(mnl_attr_get_u32(a.tb[OVS_VPORT_ATTR_UPCALL_PID]), 99);
}

/* What a slow path with several handlers adds a port with. */
Test(dp_vport, new_request_lists_every_handler_pid)
{
	static const uint32_t pids[3] = { 21, 22, 23 };
	static uint32_t many[2048];
	struct nlmsghdr *nlh;
	struct attrs a = { .n = 0 };

	nlh = dp_vport_build_new_pids(buf, FAMILY, 7, "veth0",
				      OVS_VPORT_TYPE_NETDEV, pids, 3);
	cr_assert_not_null(nlh);
	cr_expect_eq(genl_of(nlh)->cmd, OVS_VPORT_CMD_NEW);
	cr_assert_eq(mnl_attr_parse(nlh, HDRS, collect, &a), MNL_CB_OK);
	cr_assert_eq(mnl_attr_get_payload_len(a.tb[OVS_VPORT_ATTR_UPCALL_PID]),
		     sizeof(pids));
	cr_expect_eq(memcmp(mnl_attr_get_payload(a.tb[OVS_VPORT_ATTR_UPCALL_PID]),
			    pids, sizeof(pids)), 0);
	cr_expect_null(dp_vport_build_new_pids(buf, FAMILY, 7, "veth0", 1, pids, 0),
		       "the kernel needs at least one pid");
	cr_expect_null(dp_vport_build_new_pids(buf, FAMILY, 7, "veth0", 1, many,
					       2048), "does not fit");
}

Test(dp_vport, set_upcall_pid_names_the_port_by_number)
{
	struct nlmsghdr *nlh;
	struct attrs a = { .n = 0 };

	nlh = dp_vport_build_set_upcall_pid(buf, FAMILY, 7, 3, 1234);
	cr_expect_eq(genl_of(nlh)->cmd, OVS_VPORT_CMD_SET);
	cr_expect_eq(dp_ifindex_of(nlh), 7);
	cr_assert_eq(mnl_attr_parse(nlh, HDRS, collect, &a), MNL_CB_OK);
	cr_expect_eq(a.n, 2);
	cr_expect_eq(mnl_attr_get_u32(a.tb[OVS_VPORT_ATTR_PORT_NO]), 3);
	cr_expect_eq(mnl_attr_get_u32(a.tb[OVS_VPORT_ATTR_UPCALL_PID]), 1234);
}

Test(dp_vport, del_and_get_by_name_dump_without)
{
	struct nlmsghdr *nlh;
	struct attrs a = { .n = 0 };

	nlh = dp_vport_build_del(buf, FAMILY, 7, "veth1");
	cr_expect_eq(genl_of(nlh)->cmd, OVS_VPORT_CMD_DEL);
	cr_assert_eq(mnl_attr_parse(nlh, HDRS, collect, &a), MNL_CB_OK);
	cr_expect_str_eq(mnl_attr_get_str(a.tb[OVS_VPORT_ATTR_NAME]), "veth1");
	nlh = dp_vport_build_get(buf, FAMILY, 7, NULL);
	cr_expect_eq(nlh->nlmsg_flags & NLM_F_DUMP, NLM_F_DUMP);
	cr_expect_eq(dp_ifindex_of(nlh), 7, "a dump is of one datapath");
	nlh = dp_vport_build_get(buf, FAMILY, 7, "veth1");
	cr_expect_eq(nlh->nlmsg_flags & NLM_F_DUMP, 0);
	cr_expect_null(dp_vport_build_new(buf, FAMILY, 7, "0123456789abcdef", 1, 0));
}

Test(dp_vport, type_names_both_ways)
{
	cr_expect_str_eq(dp_vport_type_name(OVS_VPORT_TYPE_NETDEV), "netdev");
	cr_expect_str_eq(dp_vport_type_name(OVS_VPORT_TYPE_INTERNAL), "internal");
	cr_expect_null(dp_vport_type_name(OVS_VPORT_TYPE_UNSPEC));
	cr_expect_null(dp_vport_type_name(1000));
	cr_expect_eq(dp_vport_type_parse("geneve"), OVS_VPORT_TYPE_GENEVE);
	cr_expect_eq(dp_vport_type_parse("bogus"), OVS_VPORT_TYPE_UNSPEC);
}

Test(dp_vport, parses_the_real_reply)
{
	union dpf_buf b;
	struct dp_vport_info v;

	cr_assert_eq(dp_vport_parse(dpf_load(&b, dpf_vport_reply,
					     dpf_vport_reply_len), &v), 0);
	cr_expect_str_eq(v.name, "h1p");
	cr_expect_eq(v.port_no, 1);
	cr_expect_eq(v.type, OVS_VPORT_TYPE_NETDEV);
	cr_expect_eq(v.dp_ifindex, 4);
	cr_expect(v.has_ifindex);
	cr_expect_eq(v.ifindex, 2);
	cr_expect_not(v.has_netnsid);
	cr_expect(v.has_stats);
	/* h1p had sent 6 packets of its own (IPv6 chatter), 516 bytes. */
	cr_expect_eq(v.stats.tx_packets, 6);
	cr_expect_eq(v.stats.tx_bytes, 516);
	cr_expect_eq(v.stats.rx_packets, 0);
	cr_expect_eq(v.n_upcall_pids, 1);
	cr_expect_eq(v.upcall_pid, 0);
}

Test(dp_vport, parses_the_real_dump)
{
	union dpf_buf b;
	struct dp_vport_info v;

	cr_assert_eq(dp_vport_parse(dpf_load(&b, dpf_vport_dump_local,
					     dpf_vport_dump_local_len), &v), 0);
	cr_expect_str_eq(v.name, "dp0");
	cr_expect_eq(v.port_no, 0);
	cr_expect_eq(v.type, OVS_VPORT_TYPE_INTERNAL);
	cr_expect_eq(v.ifindex, 4, "the local port is the datapath's netdev");
	cr_assert_eq(dp_vport_parse(dpf_load(&b, dpf_vport_dump_h1p,
					     dpf_vport_dump_h1p_len), &v), 0);
	cr_expect_str_eq(v.name, "h1p");
}

static struct nlmsghdr *reply(void)
{
	struct nlmsghdr *nlh = dp_client_msg_start(buf, FAMILY, 0,
						   OVS_VPORT_CMD_GET, 1, 9);

	mnl_attr_put_u32(nlh, OVS_VPORT_ATTR_PORT_NO, 5);
	mnl_attr_put_u32(nlh, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_INTERNAL);
	mnl_attr_put_strz(nlh, OVS_VPORT_ATTR_NAME, "int5");
	return nlh;
}

Test(dp_vport, per_handler_pids_and_netnsid)
{
	struct nlmsghdr *nlh = reply();
	uint32_t pids[4] = { 11, 12, 13, 14 };
	struct dp_vport_info v;

	mnl_attr_put(nlh, OVS_VPORT_ATTR_UPCALL_PID, sizeof(pids), pids);
	mnl_attr_put_u32(nlh, OVS_VPORT_ATTR_NETNSID, 3);
	cr_assert_eq(dp_vport_parse(nlh, &v), 0);
	cr_expect_eq(v.n_upcall_pids, 4);
	cr_expect_eq(v.upcall_pid, 11);
	cr_expect(v.has_netnsid);
	cr_expect_eq(v.netnsid, 3);
	cr_expect_not(v.has_stats);
}

/* ---- malformed ---- */

Test(dp_vport, truncated_real_reply_is_rejected)
{
	union dpf_buf b;
	struct dp_vport_info v;

	/* Cut inside OVS_VPORT_ATTR_STATS. */
	cr_expect_eq(dp_vport_parse(dpf_load(&b, dpf_vport_reply, 80), &v),
		     -EBADMSG);
}

Test(dp_vport, upcall_pids_not_in_u32s_are_rejected)
{
	struct nlmsghdr *nlh = reply();
	struct dp_vport_info v;

	mnl_attr_put(nlh, OVS_VPORT_ATTR_UPCALL_PID, 6, "\1\0\0\0\2\0");
	cr_expect_eq(dp_vport_parse(nlh, &v), -ERANGE);
}

Test(dp_vport, port_no_of_wrong_size_is_rejected)
{
	struct nlmsghdr *nlh = dp_client_msg_start(buf, FAMILY, 0, 3, 1, 9);
	struct dp_vport_info v;

	mnl_attr_put_u16(nlh, OVS_VPORT_ATTR_PORT_NO, 5);
	mnl_attr_put_u32(nlh, OVS_VPORT_ATTR_TYPE, 1);
	mnl_attr_put_strz(nlh, OVS_VPORT_ATTR_NAME, "x");
	cr_expect_eq(dp_vport_parse(nlh, &v), -ERANGE);
}

Test(dp_vport, reply_without_port_number_is_rejected)
{
	struct nlmsghdr *nlh = dp_client_msg_start(buf, FAMILY, 0, 3, 1, 9);
	struct dp_vport_info v;

	mnl_attr_put_u32(nlh, OVS_VPORT_ATTR_TYPE, 1);
	mnl_attr_put_strz(nlh, OVS_VPORT_ATTR_NAME, "x");
	cr_expect_eq(dp_vport_parse(nlh, &v), -EBADMSG);
}

Test(dp_vport, unknown_attributes_are_skipped)
{
	struct nlmsghdr *nlh = reply();
	struct dp_vport_info v;

	mnl_attr_put_u32(nlh, OVS_VPORT_ATTR_MAX + 1, 0xdead);
	cr_assert_eq(dp_vport_parse(nlh, &v), 0);
	cr_expect_str_eq(v.name, "int5");
	cr_expect_eq(v.port_no, 5);
}
