// SPDX-License-Identifier: GPL-2.0
/* OVS_PACKET_CMD_EXECUTE requests: what they carry and what they refuse. */
#include <criterion/criterion.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "dp_packet.h"
#include "odp_actions.h"
#include "odp_flow.h"

struct attrs {
	const struct nlattr *tb[OVS_PACKET_ATTR_MAX + 1];
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct attrs *t = data;

	if (mnl_attr_get_type(a) <= OVS_PACKET_ATTR_MAX)
		t->tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

static uint8_t buf[8192] __attribute__((aligned(4)));

Test(dp_packet, execute_carries_packet_key_actions_and_mru)
{
	static const uint8_t frame[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct fp_odp_actions acts;
	struct fp_odp_key key;
	struct fp_flow k;
	struct dp_packet_op op;
	struct nlmsghdr *nlh;
	struct attrs t = { { NULL } };
	struct fp_flow back;

	fp_flow_zero(&k);
	k.in_port = 3;
	k.dl_type = htons(0x0806);
	cr_assert_eq(fp_odp_key_to_attrs(&k, &key), 0);
	fp_odp_actions_init(&acts);
	fp_odp_put_output(&acts, 1);
	memset(&op, 0, sizeof(op));
	op.packet = frame;
	op.packet_len = sizeof(frame);
	op.key = key.buf;
	op.key_len = key.len;
	op.actions = acts.buf;
	op.actions_len = acts.len;
	op.mru = 1400;
	nlh = dp_packet_build_execute(buf, sizeof(buf), 0x27, 6, &op);
	cr_assert_not_null(nlh);
	cr_expect_eq(((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd,
		     OVS_PACKET_CMD_EXECUTE);
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr) + sizeof(struct ovs_header),
		       attr_cb, &t);
	cr_assert_not_null(t.tb[OVS_PACKET_ATTR_PACKET]);
	cr_expect_eq(mnl_attr_get_payload_len(t.tb[OVS_PACKET_ATTR_PACKET]), 60);
	cr_assert_not_null(t.tb[OVS_PACKET_ATTR_KEY]);
	cr_assert_eq(fp_odp_key_from_attrs(mnl_attr_get_payload(t.tb[OVS_PACKET_ATTR_KEY]),
					   mnl_attr_get_payload_len(t.tb[OVS_PACKET_ATTR_KEY]),
					   &back), 0);
	cr_expect_eq(back.in_port, 3);
	cr_assert_not_null(t.tb[OVS_PACKET_ATTR_ACTIONS]);
	cr_assert_not_null(t.tb[OVS_PACKET_ATTR_MRU]);
	cr_expect_eq(mnl_attr_get_u16(t.tb[OVS_PACKET_ATTR_MRU]), 1400);

	op.mru = 0;
	nlh = dp_packet_build_execute(buf, sizeof(buf), 0x27, 6, &op);
	memset(&t, 0, sizeof(t));
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr) + sizeof(struct ovs_header),
		       attr_cb, &t);
	cr_expect_null(t.tb[OVS_PACKET_ATTR_MRU], "no MRU unless reassembled");
}

Test(dp_packet, what_does_not_fit_is_refused)
{
	static uint8_t big[70000];
	struct dp_packet_op op;

	memset(&op, 0, sizeof(op));
	op.packet = big;
	op.packet_len = 2000;
	cr_expect_null(dp_packet_build_execute(buf, 1024, 0x27, 6, &op),
		       "a buffer too small");
	op.packet_len = sizeof(big);
	cr_expect_null(dp_packet_build_execute(big, sizeof(big), 0x27, 6, &op),
		       "a packet longer than a netlink attribute can say");
}
