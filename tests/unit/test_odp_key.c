// SPDX-License-Identifier: GPL-2.0
/*
 * Packet keys (what an upcall carries) built the way the kernel nests
 * them, and ways they go wrong: fp_odp_key_from_attrs().
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_ether.h>

#include "odp_flow.h"

static char buf[1024] __attribute__((aligned(4)));

/* The key attributes are built inside a throwaway message's payload. */
static struct nlmsghdr *key_start(void)
{
	return mnl_nlmsg_put_header(buf);
}

static int parse(struct nlmsghdr *nlh, struct fp_flow *key)
{
	return fp_odp_key_from_attrs(mnl_nlmsg_get_payload(nlh),
				     mnl_nlmsg_get_payload_len(nlh), key);
}

static void put_be16(struct nlmsghdr *nlh, uint16_t type, uint16_t v)
{
	mnl_attr_put_u16(nlh, type, htons(v));
}

Test(odp_key, metadata_and_udp)
{
	struct nlmsghdr *nlh = key_start();
	struct ovs_key_ipv4 ip = { .ipv4_proto = IPPROTO_UDP, .ipv4_ttl = 64 };
	struct ovs_key_udp udp = { .udp_src = htons(5000), .udp_dst = htons(53) };
	struct fp_flow k;

	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_RECIRC_ID, 7);
	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_DP_HASH, 0xabcd);
	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_PRIORITY, 6);
	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_SKB_MARK, 0x55);
	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_IN_PORT, 9);
	put_be16(nlh, OVS_KEY_ATTR_ETHERTYPE, ETH_P_IP);
	mnl_attr_put(nlh, OVS_KEY_ATTR_IPV4, sizeof(ip), &ip);
	mnl_attr_put(nlh, OVS_KEY_ATTR_UDP, sizeof(udp), &udp);
	cr_assert_eq(parse(nlh, &k), 0);
	cr_expect_eq(k.recirc_id, 7);
	cr_expect_eq(k.dp_hash, 0xabcd);
	cr_expect_eq(k.skb_priority, 6);
	cr_expect_eq(k.skb_mark, 0x55);
	cr_expect_eq(k.in_port, 9);
	cr_expect_eq(k.dl_type, htons(ETH_P_IP));
	cr_expect_eq(k.nw_proto, IPPROTO_UDP);
	cr_expect_eq(k.nw_ttl, 64);
	cr_expect_eq(ntohs(k.tp_src), 5000);
	cr_expect_eq(ntohs(k.tp_dst), 53);
}

/* QinQ: 802.1ad outside, 802.1Q inside, IPv6 in the middle. */
Test(odp_key, two_vlan_tags)
{
	struct nlmsghdr *nlh = key_start();
	struct nlattr *outer, *inner;
	struct fp_flow k;

	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_IN_PORT, 2);
	put_be16(nlh, OVS_KEY_ATTR_ETHERTYPE, ETH_P_8021AD);
	put_be16(nlh, OVS_KEY_ATTR_VLAN, 0x1000 | 100);
	outer = mnl_attr_nest_start(nlh, OVS_KEY_ATTR_ENCAP);
	put_be16(nlh, OVS_KEY_ATTR_ETHERTYPE, ETH_P_8021Q);
	put_be16(nlh, OVS_KEY_ATTR_VLAN, 0x1000 | 200);
	inner = mnl_attr_nest_start(nlh, OVS_KEY_ATTR_ENCAP);
	put_be16(nlh, OVS_KEY_ATTR_ETHERTYPE, ETH_P_IPV6);
	mnl_attr_nest_end(nlh, inner);
	mnl_attr_nest_end(nlh, outer);
	cr_assert_eq(parse(nlh, &k), 0);
	cr_assert(fp_flow_has_vlan(&k, 0));
	cr_assert(fp_flow_has_vlan(&k, 1));
	cr_expect_eq(k.vlans[0].tpid, htons(ETH_P_8021AD));
	cr_expect_eq(ntohs(k.vlans[0].tci) & 0xfff, 100);
	cr_expect_eq(k.vlans[1].tpid, htons(ETH_P_8021Q));
	cr_expect_eq(ntohs(k.vlans[1].tci) & 0xfff, 200);
	cr_expect_eq(k.dl_type, htons(ETH_P_IPV6));
}

Test(odp_key, tag_of_a_frame_cut_after_it_has_no_encap)
{
	struct nlmsghdr *nlh = key_start();
	struct fp_flow k;

	put_be16(nlh, OVS_KEY_ATTR_ETHERTYPE, ETH_P_8021Q);
	put_be16(nlh, OVS_KEY_ATTR_VLAN, 0);
	cr_assert_eq(parse(nlh, &k), 0);
	cr_expect_not(fp_flow_has_vlan(&k, 0), "no TCI: no tag");
	cr_expect_eq(k.vlans[0].tpid, htons(ETH_P_8021Q), "but its TPID was seen");
	cr_expect_eq(k.dl_type, 0, "what follows is unknown");
}

Test(odp_key, llc_frame_has_no_eth_type)
{
	struct nlmsghdr *nlh = key_start();
	struct ovs_key_ethernet eth = { .eth_dst = { 1, 0x80, 0xc2, 0, 0, 0 } };
	struct fp_flow k;

	mnl_attr_put(nlh, OVS_KEY_ATTR_ETHERNET, sizeof(eth), &eth);
	cr_assert_eq(parse(nlh, &k), 0);
	cr_expect_eq(k.dl_type, htons(FP_ETH_TYPE_NONE));
	cr_expect_eq(k.dl_dst[1], 0x80);
}

Test(odp_key, attributes_we_do_not_know_are_skipped)
{
	struct nlmsghdr *nlh = key_start();
	struct nlattr *tun;
	struct fp_flow k;

	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_IN_PORT, 4);
	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_CT_STATE, 0x21);
	tun = mnl_attr_nest_start(nlh, OVS_KEY_ATTR_TUNNEL);
	mnl_attr_put_u64(nlh, OVS_TUNNEL_KEY_ATTR_ID, 42);
	mnl_attr_nest_end(nlh, tun);
	mnl_attr_put(nlh, 60, 3, "new");
	cr_assert_eq(parse(nlh, &k), 0);
	cr_expect_eq(k.in_port, 4);
}

Test(odp_key, wrong_length_is_rejected)
{
	struct nlmsghdr *nlh = key_start();
	uint8_t short_ipv4[8] = { 0 };
	struct fp_flow k;

	mnl_attr_put(nlh, OVS_KEY_ATTR_IPV4, sizeof(short_ipv4), short_ipv4);
	cr_expect_eq(parse(nlh, &k), -ERANGE);
}

Test(odp_key, longer_than_its_struct_is_rejected_too)
{
	struct nlmsghdr *nlh = key_start();
	struct fp_flow k;

	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_ETHERTYPE, 0x0800);
	cr_expect_eq(parse(nlh, &k), -ERANGE);
}

Test(odp_key, repeated_attribute_is_rejected)
{
	struct nlmsghdr *nlh = key_start();
	struct fp_flow k;

	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_IN_PORT, 1);
	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_IN_PORT, 2);
	cr_expect_eq(parse(nlh, &k), -EINVAL);
}

Test(odp_key, encap_without_a_tag_is_rejected)
{
	struct nlmsghdr *nlh = key_start();
	struct nlattr *encap;
	struct fp_flow k;

	put_be16(nlh, OVS_KEY_ATTR_ETHERTYPE, ETH_P_IP);
	encap = mnl_attr_nest_start(nlh, OVS_KEY_ATTR_ENCAP);
	put_be16(nlh, OVS_KEY_ATTR_ETHERTYPE, ETH_P_IP);
	mnl_attr_nest_end(nlh, encap);
	cr_expect_eq(parse(nlh, &k), -EINVAL);
}

Test(odp_key, three_tags_are_too_many)
{
	struct nlmsghdr *nlh = key_start();
	struct nlattr *n1, *n2, *n3;
	struct fp_flow k;

	put_be16(nlh, OVS_KEY_ATTR_ETHERTYPE, ETH_P_8021Q);
	put_be16(nlh, OVS_KEY_ATTR_VLAN, 0x1001);
	n1 = mnl_attr_nest_start(nlh, OVS_KEY_ATTR_ENCAP);
	put_be16(nlh, OVS_KEY_ATTR_ETHERTYPE, ETH_P_8021Q);
	put_be16(nlh, OVS_KEY_ATTR_VLAN, 0x1002);
	n2 = mnl_attr_nest_start(nlh, OVS_KEY_ATTR_ENCAP);
	put_be16(nlh, OVS_KEY_ATTR_ETHERTYPE, ETH_P_8021Q);
	put_be16(nlh, OVS_KEY_ATTR_VLAN, 0x1003);
	n3 = mnl_attr_nest_start(nlh, OVS_KEY_ATTR_ENCAP);
	put_be16(nlh, OVS_KEY_ATTR_ETHERTYPE, ETH_P_IP);
	mnl_attr_nest_end(nlh, n3);
	mnl_attr_nest_end(nlh, n2);
	mnl_attr_nest_end(nlh, n1);
	cr_expect_eq(parse(nlh, &k), -EINVAL);
}

Test(odp_key, truncated_nested_key_is_rejected)
{
	struct nlmsghdr *nlh = key_start();
	struct nlattr *encap;
	struct fp_flow k;

	put_be16(nlh, OVS_KEY_ATTR_ETHERTYPE, ETH_P_8021Q);
	put_be16(nlh, OVS_KEY_ATTR_VLAN, 0x1001);
	encap = mnl_attr_nest_start(nlh, OVS_KEY_ATTR_ENCAP);
	mnl_attr_put_u32(nlh, OVS_KEY_ATTR_IN_PORT, 1);
	mnl_attr_nest_end(nlh, encap);
	/* The nest says it is 2 bytes shorter than the attribute inside. */
	encap->nla_len -= 2;
	cr_expect_eq(parse(nlh, &k), -EBADMSG);
}
