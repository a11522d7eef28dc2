// SPDX-License-Identifier: GPL-2.0
/*
 * The tc flower codec, encoder side: every example filter (one per key
 * kind and action kind) survives encode -> decode unchanged, the wire
 * form is what cls_flower reads, and filters the kernel would take
 * differently than asked are refused with a reason.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/rtnetlink.h>

#include "tc_nl.h"
#include "test_tc_fixtures.h"

static uint8_t buf[TC_NL_MSG_SIZE] __attribute__((aligned(4)));
static char why[TC_NL_WHY_LEN];

static struct nlmsghdr *encode(const struct tc_flower *f)
{
	struct nlmsghdr *nlh = NULL;
	int err = tc_nl_new_filter(buf, sizeof(buf), NLM_F_CREATE, f, &nlh,
				   why, sizeof(why));

	cr_assert_eq(err, 0, "encoding failed: %d %s", err, why);
	return nlh;
}

static int encode_err(const struct tc_flower *f)
{
	struct nlmsghdr *nlh;

	why[0] = '\0';
	return tc_nl_new_filter(buf, sizeof(buf), 0, f, &nlh, why, sizeof(why));
}

static void build(const char *name, struct tc_flower *f)
{
	const struct tcf_example *ex = tcf_example_find(name);

	cr_assert_not_null(ex, "no example %s", name);
	tcf_example_build(ex, f, 5, 7);
}

/* The attribute type of the TCA_OPTIONS nest, or NULL. */
static const struct nlattr *option(const struct nlmsghdr *nlh, uint16_t type)
{
	const struct nlattr *a, *o;

	mnl_attr_for_each(a, nlh, sizeof(struct tcmsg)) {
		if (mnl_attr_get_type(a) != TCA_OPTIONS)
			continue;
		mnl_attr_for_each_nested(o, a)
			if (mnl_attr_get_type(o) == type)
				return o;
	}
	return NULL;
}

static void expect_round_trip(const struct tc_flower *f)
{
	static struct tc_flower got;
	struct nlmsghdr *nlh = encode(f);
	int err = tc_nl_parse_filter(nlh, &got, why, sizeof(why));

	cr_assert_eq(err, 0, "decoding our own request failed: %s", why);
	cr_expect_eq(tc_nl_check_echo(f, &got, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(memcmp(&f->key, &got.key, sizeof(got.key)), 0, "keys differ");
	cr_expect_eq(memcmp(&f->mask, &got.mask, sizeof(got.mask)), 0, "masks differ");
	cr_expect_eq(got.handle, f->handle);
	cr_expect_eq(got.prio, f->prio);
	cr_expect_eq(got.flags, f->flags);
	cr_expect_eq(got.stats.lastuse_ago_ms, UINT64_MAX);
}

Test(tc_nl, every_example_survives_a_round_trip)
{
	struct tc_flower f;
	size_t i;

	cr_assert_geq(tcf_n_examples, 12);
	for (i = 0; i < tcf_n_examples; i++) {
		tcf_example_build(&tcf_examples[i], &f, 5, 7);
		cr_log_info("example %s", tcf_examples[i].name);
		expect_round_trip(&f);
	}
}

/* How many actions of nlh carry TCA_ACT_FLAGS = NO_PERCPU_STATS. */
static size_t actions_without_percpu(const struct nlmsghdr *nlh)
{
	const struct nlattr *acts = option(nlh, TCA_FLOWER_ACT), *act, *a;
	size_t n = 0;

	cr_assert_not_null(acts, "no TCA_FLOWER_ACT");
	mnl_attr_for_each_nested(act, acts)
		mnl_attr_for_each_nested(a, act) {
			const struct nla_bitfield32 *bf = mnl_attr_get_payload(a);

			if (mnl_attr_get_type(a) != TCA_ACT_FLAGS)
				continue;
			cr_assert_eq(mnl_attr_get_payload_len(a), sizeof(*bf));
			n += bf->value == TCA_ACT_FLAGS_NO_PERCPU_STATS &&
			     bf->selector == TCA_ACT_FLAGS_NO_PERCPU_STATS;
		}
	return n;
}

Test(tc_nl, every_action_keeps_one_set_of_counters)
{
	struct tc_flower f;
	size_t i;

	for (i = 0; i < tcf_n_examples; i++) {
		tcf_example_build(&tcf_examples[i], &f, 5, 7);
		cr_expect_eq(actions_without_percpu(encode(&f)), f.n_acts,
			     "example %s: %zu actions", tcf_examples[i].name, f.n_acts);
	}
}

Test(tc_nl, header_says_where_the_filter_hangs)
{
	struct tc_flower f;
	const struct tcmsg *tcm;
	struct nlmsghdr *nlh;

	build("chain7", &f);
	f.handle = 0x42;
	nlh = encode(&f);
	tcm = mnl_nlmsg_get_payload(nlh);
	cr_expect_eq(nlh->nlmsg_type, RTM_NEWTFILTER);
	cr_expect_eq(nlh->nlmsg_flags, NLM_F_CREATE);
	cr_expect_eq(tcm->tcm_ifindex, 5);
	cr_expect_eq(tcm->tcm_parent, 0xfffffff2u, "clsact ingress is ffff:fff2");
	cr_expect_eq(tcm->tcm_info, (21u << 16) | htons(ETH_P_IP));
	cr_expect_eq(tcm->tcm_handle, 0x42);
}

Test(tc_nl, tagged_request_puts_the_tpid_as_eth_type)
{
	struct tc_flower f;
	struct nlmsghdr *nlh;
	fp_be16 v;

	build("qinq", &f);
	nlh = encode(&f);
	cr_assert_not_null(option(nlh, TCA_FLOWER_KEY_ETH_TYPE));
	v = mnl_attr_get_u16(option(nlh, TCA_FLOWER_KEY_ETH_TYPE));
	cr_expect_eq(v, htons(ETH_P_8021AD), "outermost type, as cls_flower reads it");
	v = mnl_attr_get_u16(option(nlh, TCA_FLOWER_KEY_VLAN_ETH_TYPE));
	cr_expect_eq(v, htons(ETH_P_8021Q));
	v = mnl_attr_get_u16(option(nlh, TCA_FLOWER_KEY_CVLAN_ETH_TYPE));
	cr_expect_eq(v, htons(ETH_P_IP));
	cr_expect_eq(mnl_attr_get_u16(option(nlh, TCA_FLOWER_KEY_CVLAN_ID)), 300);
	cr_expect_eq(mnl_attr_get_u8(option(nlh, TCA_FLOWER_KEY_CVLAN_PRIO)), 5);
}

Test(tc_nl, exact_keys_carry_no_mask_and_masked_keys_do)
{
	struct tc_flower f;
	struct nlmsghdr *nlh;

	build("ipv4_udp", &f);
	nlh = encode(&f);
	cr_expect_not_null(option(nlh, TCA_FLOWER_KEY_IP_PROTO));
	cr_expect_not_null(option(nlh, TCA_FLOWER_KEY_UDP_DST));
	cr_expect_not_null(option(nlh, TCA_FLOWER_KEY_UDP_DST_MASK));
	cr_expect_not_null(option(nlh, TCA_FLOWER_KEY_IPV4_SRC_MASK));
	cr_expect_null(option(nlh, TCA_FLOWER_KEY_UDP_SRC), "tp_src is not matched");
	cr_expect_null(option(nlh, TCA_FLOWER_KEY_TCP_DST));
	cr_expect_eq(mnl_attr_get_u32(option(nlh, TCA_FLOWER_FLAGS)), TCA_CLS_FLAGS_SKIP_HW);
}

Test(tc_nl, key_bits_outside_the_mask_are_not_sent)
{
	struct tc_flower f;
	struct nlmsghdr *nlh;

	build("ipv4_udp", &f);
	f.key.ipv4_src = htonl(0x0a0000ff);	/* host bits under a /24 */
	nlh = encode(&f);
	cr_expect_eq(mnl_attr_get_u32(option(nlh, TCA_FLOWER_KEY_IPV4_SRC)),
		     htonl(0x0a000000));
}

Test(tc_nl, fragment_flags_go_big_endian)
{
	struct tc_flower f;
	struct nlmsghdr *nlh;

	build("frag", &f);
	nlh = encode(&f);
	cr_expect_eq(mnl_attr_get_u32(option(nlh, TCA_FLOWER_KEY_FLAGS)),
		     htonl(TCA_FLOWER_KEY_FLAGS_IS_FRAGMENT));
	cr_expect_eq(mnl_attr_get_u32(option(nlh, TCA_FLOWER_KEY_FLAGS_MASK)),
		     htonl(TCA_FLOWER_KEY_FLAGS_IS_FRAGMENT | TCA_FLOWER_KEY_FLAGS_FRAG_IS_FIRST));
}

Test(tc_nl, canonical_forms_come_back_canonical)
{
	struct tc_flower f;
	static struct tc_flower got;

	/* A 12-bit VLAN id mask and a 3-bit priority mask mean "exact". */
	build("vlan", &f);
	f.mask.vlan_id = 0x0fff;
	f.mask.vlan_prio = 0x07;
	cr_assert_eq(tc_nl_parse_filter(encode(&f), &got, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(got.mask.vlan_id, 0xffff);
	cr_expect_eq(got.mask.vlan_prio, 0xff);
	/* An untagged filter's EtherType is implied by its protocol. */
	build("eth", &f);
	f.mask.eth_type = 0;
	f.key.eth_type = 0;
	cr_assert_eq(tc_nl_parse_filter(encode(&f), &got, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(got.key.eth_type, htons(ETH_P_IP));
	cr_expect_eq(got.mask.eth_type, 0xffff);
}

Test(tc_nl, vlan_push_without_tpid_is_sent_as_802_1q)
{
	struct tc_flower f;
	static struct tc_flower got;

	build("frag", &f);
	f.acts[0].vlan.tpid = 0;
	cr_assert_eq(tc_nl_parse_filter(encode(&f), &got, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(got.acts[0].kind, TC_ACT_VLAN_PUSH);
	cr_expect_eq(got.acts[0].vlan.tpid, htons(ETH_P_8021Q));
	cr_expect_eq(got.acts[0].vlan.vid, 7);
	cr_expect_eq(got.acts[0].vlan.prio, 2);
}

Test(tc_nl, reference_messages_name_the_filter_only)
{
	struct tc_flower f;
	struct nlmsghdr *nlh;
	const struct tcmsg *tcm;

	build("icmp6", &f);
	f.handle = 9;
	nlh = tc_nl_filter_ref(buf, RTM_DELTFILTER, 0, &f);
	tcm = mnl_nlmsg_get_payload(nlh);
	cr_expect_eq(nlh->nlmsg_type, RTM_DELTFILTER);
	cr_expect_eq(tcm->tcm_handle, 9);
	cr_expect_eq(tcm->tcm_info, (14u << 16) | htons(ETH_P_IPV6));
	cr_expect_null(option(nlh, TCA_FLOWER_KEY_ETH_TYPE), "no options");
	nlh = tc_nl_dump_filters(buf, 3);
	tcm = mnl_nlmsg_get_payload(nlh);
	cr_expect_eq(nlh->nlmsg_flags, NLM_F_DUMP);
	cr_expect_eq(tcm->tcm_ifindex, 3);
	cr_expect_eq(nlh->nlmsg_len, MNL_NLMSG_HDRLEN + sizeof(struct tcmsg),
		     "no TCA_CHAIN: every chain");
	nlh = tc_nl_new_clsact(buf, 3, NLM_F_CREATE);
	tcm = mnl_nlmsg_get_payload(nlh);
	cr_expect_eq(nlh->nlmsg_type, RTM_NEWQDISC);
	cr_expect_eq(tcm->tcm_parent, TC_H_CLSACT);
	cr_expect_eq(tcm->tcm_handle, 0xffff0000u);
}

/* ---- refusals ---- */

Test(tc_nl, port_without_exact_ip_proto_is_refused)
{
	struct tc_flower f;

	build("ipv4_udp", &f);
	f.mask.ip_proto = 0;
	f.key.ip_proto = 0;
	cr_expect_eq(encode_err(&f), -EOPNOTSUPP);
	cr_expect(strstr(why, "tp_dst") && strstr(why, "ip_proto"), "why: %s", why);
}

Test(tc_nl, partial_mask_on_an_exact_only_key_is_refused)
{
	struct tc_flower f;

	build("ipv4_udp", &f);
	f.mask.ip_proto = 0xf0;
	cr_expect_eq(encode_err(&f), -EOPNOTSUPP);
	cr_expect(strstr(why, "ip_proto") && strstr(why, "exactly"), "why: %s", why);
	build("vlan", &f);
	f.mask.vlan_id = 0x00ff;
	cr_expect_eq(encode_err(&f), -EOPNOTSUPP);
	cr_expect(strstr(why, "vlan_id"), "why: %s", why);
	build("eth", &f);
	f.mask.eth_type = 0xff00;
	cr_expect_eq(encode_err(&f), -EOPNOTSUPP);
}

Test(tc_nl, keys_of_another_protocol_are_refused)
{
	struct tc_flower f;

	build("icmp6", &f);
	f.key.ip_proto = IPPROTO_ICMP;	/* ICMPv4 under IPv6: ignored by flower */
	cr_expect_eq(encode_err(&f), -EOPNOTSUPP);
	cr_expect(strstr(why, "icmp_type"), "why: %s", why);
	build("arp", &f);
	f.protocol = htons(ETH_P_IP);
	f.key.eth_type = htons(ETH_P_IP);
	cr_expect_eq(encode_err(&f), -EOPNOTSUPP);
	cr_expect(strstr(why, "arp_sip"), "why: %s", why);
	build("ipv4_udp", &f);
	f.mask.ipv6_dst.s6_addr[0] = 0xff;
	cr_expect_eq(encode_err(&f), -EOPNOTSUPP);
	cr_expect(strstr(why, "ipv6_dst"), "why: %s", why);
}

Test(tc_nl, tags_without_a_tpid_protocol_are_refused)
{
	struct tc_flower f;

	build("ipv4_udp", &f);
	f.key.vlan_id = 5;
	f.mask.vlan_id = 0xffff;
	cr_expect_eq(encode_err(&f), -EOPNOTSUPP);
	cr_expect(strstr(why, "802.1Q"), "why: %s", why);
	build("vlan", &f);
	f.key.cvlan_id = 5;
	f.mask.cvlan_id = 0xffff;
	cr_expect_eq(encode_err(&f), -EOPNOTSUPP, "an inner tag after type 0x0800");
	build("vlan", &f);
	f.key.eth_type = htons(ETH_P_IPV6);
	cr_expect_eq(encode_err(&f), -EINVAL, "eth_type must be what follows the tag");
}

Test(tc_nl, actions_the_kernel_would_mangle_are_refused)
{
	struct tc_flower f;

	build("ipv4_tcp", &f);
	f.acts[0].out.mirror = false;	/* a redirect with a drop after it */
	cr_expect_eq(encode_err(&f), -EINVAL);
	cr_expect(strstr(why, "redirect"), "why: %s", why);
	build("pedit", &f);
	f.acts[0].pedit.keys[1].off = 6;
	cr_expect_eq(encode_err(&f), -EINVAL);
	cr_expect(strstr(why, "4-byte"), "why: %s", why);
	build("frag", &f);
	f.acts[0].vlan.vid = 4095;
	cr_expect_eq(encode_err(&f), -EINVAL);
	cr_expect(strstr(why, "4095"), "why: %s", why);
	build("ipv4_udp", &f);
	f.acts[0].out.ifindex = 0;
	cr_expect_eq(encode_err(&f), -EINVAL);
}

Test(tc_nl, filters_without_a_place_are_refused)
{
	struct tc_flower f;

	build("eth", &f);
	f.flags = TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW;
	cr_expect_eq(encode_err(&f), -EINVAL);
	build("eth", &f);
	f.flags = TCA_CLS_FLAGS_IN_HW;
	cr_expect_eq(encode_err(&f), -EINVAL, "in_hw is the kernel's to say");
	build("eth", &f);
	f.n_acts = 0;
	cr_expect_eq(encode_err(&f), -EINVAL, "a cookie needs an action");
	cr_expect(strstr(why, "cookie"), "why: %s", why);
	build("eth", &f);
	f.protocol = 0;
	cr_expect_eq(encode_err(&f), -EINVAL);
}

Test(tc_nl, small_buffer_is_refused_not_overrun)
{
	struct tc_flower f;
	struct nlmsghdr *nlh;
	size_t size;

	build("pedit", &f);
	for (size = 100; size < 400; size += 4) {
		memset(buf, 0xa5, sizeof(buf));
		cr_assert_eq(tc_nl_new_filter(buf, size, 0, &f, &nlh, why, sizeof(why)),
			     -EMSGSIZE, "size %zu", size);
		cr_expect_eq(buf[size], 0xa5, "wrote past %zu bytes", size);
	}
}
