// SPDX-License-Identifier: GPL-2.0
/* Upcalls the kernel really sent, and broken ones that must be refused. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_ether.h>

#include "dp_client.h"
#include "dp_upcall.h"
#include "test_dp_fixtures.h"

static const uint8_t h1_mac[ETH_ALEN] = { 0xba, 0x0b, 0xa7, 0xd0, 0x42, 0x63 };

Test(dp_upcall, real_arp_miss)
{
	union dpf_buf b;
	struct dp_upcall up;
	const struct fp_flow *k = &up.key;

	cr_assert_eq(dp_upcall_parse(dpf_load(&b, dpf_upcall_arp,
					      dpf_upcall_arp_len), &up), 0);
	cr_expect_eq(up.cmd, OVS_PACKET_CMD_MISS);
	cr_expect_eq(up.dp_ifindex, 4);
	cr_expect_eq(up.packet_len, 42);
	cr_expect_eq(up.orig_len, 42);
	cr_expect(up.has_hash);
	cr_expect_null(up.userdata);
	cr_expect_eq(k->in_port, 1);
	cr_expect_eq(k->dl_type, htons(ETH_P_ARP));
	cr_expect_not(fp_flow_has_vlan(k, 0));
	cr_expect_arr_eq(k->dl_src, h1_mac, ETH_ALEN);
	cr_expect_eq(k->nw_src, inet_addr("10.0.0.1"));
	cr_expect_eq(k->nw_dst, inet_addr("10.0.0.2"));
	cr_expect_eq(k->nw_proto, 1, "ARP request");
	cr_expect_arr_eq(k->arp_sha, h1_mac, ETH_ALEN);
	cr_expect_not_null(up.key_attrs);
	cr_expect_gt(up.key_attrs_len, 0);
	/* The packet itself: a broadcast from h1, ethertype ARP. */
	cr_expect_arr_eq((const uint8_t *)up.packet + ETH_ALEN, h1_mac, ETH_ALEN);
	cr_expect_eq(((const uint8_t *)up.packet)[12], 0x08);
	cr_expect_eq(((const uint8_t *)up.packet)[13], 0x06);
}

Test(dp_upcall, real_icmp_miss)
{
	union dpf_buf b;
	struct dp_upcall up;
	const struct fp_flow *k = &up.key;

	cr_assert_eq(dp_upcall_parse(dpf_load(&b, dpf_upcall_icmp,
					      dpf_upcall_icmp_len), &up), 0);
	cr_expect_eq(up.packet_len, 98);
	cr_expect_eq(k->dl_type, htons(ETH_P_IP));
	cr_expect_eq(k->nw_src, inet_addr("10.0.0.1"));
	cr_expect_eq(k->nw_dst, inet_addr("10.0.0.2"));
	cr_expect_eq(k->nw_proto, IPPROTO_ICMP);
	cr_expect_eq(k->nw_frag, OVS_FRAG_TYPE_NONE);
	cr_expect_eq(k->tp_src, htons(8), "echo request");
	cr_expect_eq(k->tp_dst, htons(0));
}

Test(dp_upcall, real_vlan_miss)
{
	union dpf_buf b;
	struct dp_upcall up;
	const struct fp_flow *k = &up.key;

	cr_assert_eq(dp_upcall_parse(dpf_load(&b, dpf_upcall_vlan,
					      dpf_upcall_vlan_len), &up), 0);
	cr_expect_eq(up.packet_len, 102);
	cr_assert(fp_flow_has_vlan(k, 0), "the kernel marks a present tag");
	cr_expect_not(fp_flow_has_vlan(k, 1));
	cr_expect_eq(k->vlans[0].tpid, htons(ETH_P_8021Q));
	cr_expect_eq(ntohs(k->vlans[0].tci) & 0x0fff, 10);
	cr_expect_eq(k->dl_type, htons(ETH_P_IP), "the type inside the tag");
	cr_expect_eq(k->nw_src, inet_addr("10.1.0.1"));
	cr_expect_eq(k->in_port, 1);
}

Test(dp_upcall, truncated_real_upcall_is_rejected)
{
	union dpf_buf b;
	struct dp_upcall up;

	/* Cut inside the packet attribute, the last one. */
	cr_expect_eq(dp_upcall_parse(dpf_load(&b, dpf_upcall_icmp,
					      dpf_upcall_icmp_len - 20), &up),
		     -EBADMSG);
	/* Cut inside the key. */
	cr_expect_eq(dp_upcall_parse(dpf_load(&b, dpf_upcall_icmp, 100), &up),
		     -EBADMSG);
}

/* ---- built ones ---- */

static char buf[4096] __attribute__((aligned(4)));

static struct nlmsghdr *upcall_start(uint8_t cmd)
{
	return dp_client_msg_start(buf, 0x27, 0, cmd, OVS_PACKET_VERSION, 4);
}

static void put_key(struct nlmsghdr *nlh, uint32_t in_port, uint16_t eth_type)
{
	struct nlattr *key = mnl_attr_nest_start(nlh, OVS_PACKET_ATTR_KEY);

	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_IN_PORT, in_port);
	mnl_attr_put_u16(nlh, OVS_KEY_ATTR_ETHERTYPE, htons(eth_type));
	mnl_attr_nest_end(nlh, key);
}

Test(dp_upcall, action_upcall_with_userdata_and_truncation)
{
	struct nlmsghdr *nlh = upcall_start(OVS_PACKET_CMD_ACTION);
	uint8_t frame[60] = { 0 };
	struct dp_upcall up;

	put_key(nlh, 3, ETH_P_IPV6);
	mnl_attr_put(nlh, OVS_PACKET_ATTR_USERDATA, 5, "hello");
	mnl_attr_put_u32(nlh, OVS_PACKET_ATTR_LEN, 1500);
	mnl_attr_put_u16(nlh, OVS_PACKET_ATTR_MRU, 1400);
	mnl_attr_put(nlh, OVS_PACKET_ATTR_PACKET, sizeof(frame), frame);
	cr_assert_eq(dp_upcall_parse(nlh, &up), 0);
	cr_expect_eq(up.cmd, OVS_PACKET_CMD_ACTION);
	cr_expect_eq(up.packet_len, 60);
	cr_expect_eq(up.orig_len, 1500);
	cr_expect_eq(up.userdata_len, 5);
	cr_expect_eq(memcmp(up.userdata, "hello", 5), 0);
	cr_expect(up.has_mru);
	cr_expect_eq(up.mru, 1400);
	cr_expect_eq(up.key.in_port, 3);
	cr_expect_eq(up.key.dl_type, htons(ETH_P_IPV6));
}

Test(dp_upcall, upcall_without_key_is_rejected)
{
	struct nlmsghdr *nlh = upcall_start(OVS_PACKET_CMD_MISS);
	struct dp_upcall up;

	mnl_attr_put(nlh, OVS_PACKET_ATTR_PACKET, 4, "abcd");
	cr_expect_eq(dp_upcall_parse(nlh, &up), -EBADMSG);
}

Test(dp_upcall, upcall_without_packet_is_rejected)
{
	struct nlmsghdr *nlh = upcall_start(OVS_PACKET_CMD_MISS);
	struct dp_upcall up;

	put_key(nlh, 1, ETH_P_IP);
	cr_expect_eq(dp_upcall_parse(nlh, &up), -EBADMSG);
}

Test(dp_upcall, hash_of_wrong_size_is_rejected)
{
	struct nlmsghdr *nlh = upcall_start(OVS_PACKET_CMD_MISS);
	struct dp_upcall up;

	put_key(nlh, 1, ETH_P_IP);
	mnl_attr_put_u32(nlh, OVS_PACKET_ATTR_HASH, 7);
	mnl_attr_put(nlh, OVS_PACKET_ATTR_PACKET, 4, "abcd");
	cr_expect_eq(dp_upcall_parse(nlh, &up), -ERANGE);
}

Test(dp_upcall, key_with_a_bad_attribute_fails_the_upcall)
{
	struct nlmsghdr *nlh = upcall_start(OVS_PACKET_CMD_MISS);
	struct nlattr *key;
	struct dp_upcall up;

	key = mnl_attr_nest_start(nlh, OVS_PACKET_ATTR_KEY);
	mnl_attr_put_u16(nlh, OVS_KEY_ATTR_IN_PORT, 1);
	mnl_attr_nest_end(nlh, key);
	mnl_attr_put(nlh, OVS_PACKET_ATTR_PACKET, 4, "abcd");
	cr_expect_eq(dp_upcall_parse(nlh, &up), -ERANGE);
}

/* ---- handler dispatch requests ---- */

struct dp_attrs {
	const struct nlattr *tb[OVS_DP_ATTR_MAX + 1];
};

static int dp_attr_cb(const struct nlattr *a, void *data)
{
	struct dp_attrs *t = data;

	if (mnl_attr_get_type(a) <= OVS_DP_ATTR_MAX)
		t->tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

Test(dp_upcall, per_cpu_dispatch_request)
{
	static const uint32_t pids[4] = { 11, 12, 11, 12 };
	struct dp_attrs t = { { NULL } };
	struct nlmsghdr *nlh;

	nlh = dp_upcall_build_dp_features(buf, 0x24, "dp0",
					  OVS_DP_F_UNALIGNED | OVS_DP_F_DISPATCH_UPCALL_PER_CPU,
					  pids, 4);
	cr_assert_not_null(nlh);
	cr_expect_eq(((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd,
		     OVS_DP_CMD_SET);
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr) + sizeof(struct ovs_header),
		       dp_attr_cb, &t);
	cr_assert_not_null(t.tb[OVS_DP_ATTR_USER_FEATURES],
			   "always: a SET without them resets them to 0");
	cr_expect_eq(mnl_attr_get_u32(t.tb[OVS_DP_ATTR_USER_FEATURES]),
		     OVS_DP_F_UNALIGNED | OVS_DP_F_DISPATCH_UPCALL_PER_CPU);
	cr_assert_not_null(t.tb[OVS_DP_ATTR_PER_CPU_PIDS]);
	cr_expect_eq(mnl_attr_get_payload_len(t.tb[OVS_DP_ATTR_PER_CPU_PIDS]), 16,
		     "one pid per CPU");
	cr_expect_eq(memcmp(mnl_attr_get_payload(t.tb[OVS_DP_ATTR_PER_CPU_PIDS]),
			    pids, 16), 0);

	memset(&t, 0, sizeof(t));
	nlh = dp_upcall_build_dp_features(buf, 0x24, "dp0", OVS_DP_F_VPORT_PIDS,
					  NULL, 0);
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr) + sizeof(struct ovs_header),
		       dp_attr_cb, &t);
	cr_expect_null(t.tb[OVS_DP_ATTR_PER_CPU_PIDS], "per vport: no CPU pids");
	cr_expect_null(dp_upcall_build_dp_features(buf, 0x24, "a-name-far-too-long",
						   0, NULL, 0));
}

Test(dp_upcall, per_cpu_pids_that_do_not_fit_are_not_sent)
{
	static uint32_t many[2048];

	cr_expect_null(dp_upcall_build_dp_features(buf, 0x24, "dp0", 8, many,
						   2048));
	cr_expect_not_null(dp_upcall_build_dp_features(buf, 0x24, "dp0", 8,
						       many, 512));
}

Test(dp_upcall, per_vport_request_gives_every_handler)
{
	static const uint32_t pids[3] = { 21, 22, 23 };
	struct nlmsghdr *nlh;
	const struct nlattr *a;
	bool seen_pids = false;

	nlh = dp_upcall_build_vport_pids(buf, 0x25, 6, 2, pids, 3);
	cr_assert_not_null(nlh);
	cr_expect_eq(((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd,
		     OVS_VPORT_CMD_SET);
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr) + sizeof(struct ovs_header)) {
		if (mnl_attr_get_type(a) == OVS_VPORT_ATTR_UPCALL_PID) {
			seen_pids = true;
			cr_expect_eq(mnl_attr_get_payload_len(a), 12);
		}
		if (mnl_attr_get_type(a) == OVS_VPORT_ATTR_PORT_NO)
			cr_expect_eq(mnl_attr_get_u32(a), 2);
	}
	cr_expect(seen_pids);
	cr_expect_null(dp_upcall_build_vport_pids(buf, 0x25, 6, 2, pids, 0),
		       "a port needs at least one pid");
}
