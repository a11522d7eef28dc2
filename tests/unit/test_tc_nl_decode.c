// SPDX-License-Identifier: GPL-2.0
/*
 * The tc flower codec, decoder side, on messages built by hand: the
 * kernel's forms (dump EtherTypes, counters, tcf_t, 64-bit packet counts),
 * attributes a newer kernel may add (skipped), and malformed or foreign
 * input (refused, with the reason).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/gen_stats.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/rtnetlink.h>
#include <linux/tc_act/tc_gact.h>
#include <linux/tc_act/tc_mirred.h>

#include "tc_nl.h"
#include "test_tc_fixtures.h"

static uint8_t buf[TC_NL_MSG_SIZE] __attribute__((aligned(4)));
static char why[TC_NL_WHY_LEN];
static struct tc_flower got;

/* A filter message with kind "flower", chain 0, prio 3, protocol IP. */
static struct nlmsghdr *start(void)
{
	struct tc_flower f;

	memset(&f, 0, sizeof(f));
	f.ifindex = 4;
	f.prio = 3;
	f.handle = 1;
	f.protocol = htons(ETH_P_IP);
	memset(buf, 0, sizeof(buf));
	return tc_nl_filter_ref(buf, RTM_NEWTFILTER, 0, &f);
}

static void put_gact(struct nlmsghdr *nlh, uint16_t order, int action)
{
	struct tc_gact p = { .action = action };
	struct nlattr *a = mnl_attr_nest_start(nlh, order), *o;

	mnl_attr_put_strz(nlh, TCA_ACT_KIND, "gact");
	o = mnl_attr_nest_start(nlh, TCA_ACT_OPTIONS);
	mnl_attr_put(nlh, TCA_GACT_PARMS, sizeof(p), &p);
	mnl_attr_nest_end(nlh, o);
	mnl_attr_nest_end(nlh, a);
}

static int parse(struct nlmsghdr *nlh)
{
	why[0] = '\0';
	return tc_nl_parse_filter(nlh, &got, why, sizeof(why));
}

Test(tc_nl_decode, dump_form_ethertypes_read_like_request_form)
{
	struct nlmsghdr *nlh = start();
	struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
	struct nlattr *opts;

	/* What fl_dump_key() gives for "protocol 802.1Q flower vlan_id 100
	 * vlan_ethtype ip": the innermost type in ETH_TYPE, not the TPID. */
	tcm->tcm_info = (3u << 16) | htons(ETH_P_8021Q);
	opts = mnl_attr_nest_start(nlh, TCA_OPTIONS);
	mnl_attr_put_u16(nlh, TCA_FLOWER_KEY_ETH_TYPE, htons(ETH_P_IP));
	mnl_attr_put_u16(nlh, TCA_FLOWER_KEY_VLAN_ID, 100);
	mnl_attr_put_u16(nlh, TCA_FLOWER_KEY_VLAN_ETH_TYPE, htons(ETH_P_IP));
	mnl_attr_put_u32(nlh, TCA_FLOWER_IN_HW_COUNT, 0);
	mnl_attr_nest_end(nlh, opts);
	cr_assert_eq(parse(nlh), 0, "%s", why);
	cr_expect_eq(got.protocol, htons(ETH_P_8021Q));
	cr_expect_eq(got.key.eth_type, htons(ETH_P_IP));
	cr_expect_eq(got.key.vlan_eth_type, htons(ETH_P_IP));
	cr_expect_eq(got.key.vlan_id, 100);
	cr_expect_eq(got.mask.vlan_id, 0xffff);
	cr_expect_eq(got.mask.vlan_prio, 0, "prio not matched");
	cr_expect_eq(got.n_acts, 0);
}

Test(tc_nl_decode, flags_in_hw_and_counters_of_the_first_action)
{
	struct nlmsghdr *nlh = start();
	struct gnet_stats_basic all = { .bytes = 1000, .packets = 10 };
	struct gnet_stats_basic hw = { .bytes = 600, .packets = 6 };
	struct tcf_t tm = { .lastuse = 250, .firstuse = 900 };
	uint64_t pkt64 = 5000000000ull;
	struct nlattr *opts, *acts, *a, *o, *st;
	struct tc_gact p = { .action = TC_ACT_SHOT };

	opts = mnl_attr_nest_start(nlh, TCA_OPTIONS);
	mnl_attr_put_u32(nlh, TCA_FLOWER_FLAGS, TCA_CLS_FLAGS_SKIP_SW | TCA_CLS_FLAGS_IN_HW);
	mnl_attr_put_u32(nlh, TCA_FLOWER_IN_HW_COUNT, 2);
	acts = mnl_attr_nest_start(nlh, TCA_FLOWER_ACT);
	a = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, TCA_ACT_KIND, "gact");
	st = mnl_attr_nest_start(nlh, TCA_ACT_STATS);
	mnl_attr_put(nlh, TCA_STATS_BASIC, sizeof(all), &all);
	mnl_attr_put(nlh, TCA_STATS_PKT64, sizeof(pkt64), &pkt64);
	mnl_attr_put(nlh, TCA_STATS_BASIC_HW, sizeof(hw), &hw);
	mnl_attr_nest_end(nlh, st);
	mnl_attr_put(nlh, TCA_ACT_COOKIE, 3, "abc");
	o = mnl_attr_nest_start(nlh, TCA_ACT_OPTIONS);
	mnl_attr_put(nlh, TCA_GACT_PARMS, sizeof(p), &p);
	mnl_attr_put(nlh, TCA_GACT_TM, sizeof(tm), &tm);
	mnl_attr_nest_end(nlh, o);
	mnl_attr_nest_end(nlh, a);
	mnl_attr_nest_end(nlh, acts);
	mnl_attr_nest_end(nlh, opts);
	cr_assert_eq(parse(nlh), 0, "%s", why);
	cr_expect_eq(got.flags, TCA_CLS_FLAGS_SKIP_SW, "in_hw is not a request flag");
	cr_expect(got.in_hw);
	cr_expect_eq(got.in_hw_count, 2);
	cr_expect_eq(got.stats.packets, pkt64, "PKT64 replaces the u32 count");
	cr_expect_eq(got.stats.bytes, 1000);
	cr_expect_eq(got.stats.hw_packets, 6);
	cr_expect_eq(got.stats.hw_bytes, 600);
	cr_expect_eq(got.stats.lastuse_ago_ms, 2500, "250 ticks of USER_HZ 100");
	cr_expect_eq(got.cookie_len, 3);
	cr_expect_eq(memcmp(got.cookie, "abc", 3), 0);
	cr_expect_eq(got.n_acts, 1);
	cr_expect_eq(got.acts[0].kind, TC_ACT_DROP);
}

Test(tc_nl_decode, unused_action_reads_never)
{
	struct nlmsghdr *nlh = start();
	struct tcf_t tm = { .install = 30, .lastuse = 30, .firstuse = 0 };
	struct tc_mirred p = { .action = TC_ACT_STOLEN, .eaction = TCA_INGRESS_REDIR,
			       .ifindex = 9 };
	struct nlattr *opts, *acts, *a, *o;

	opts = mnl_attr_nest_start(nlh, TCA_OPTIONS);
	acts = mnl_attr_nest_start(nlh, TCA_FLOWER_ACT);
	a = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, TCA_ACT_KIND, "mirred");
	o = mnl_attr_nest_start(nlh, TCA_ACT_OPTIONS);
	mnl_attr_put(nlh, TCA_MIRRED_PARMS, sizeof(p), &p);
	mnl_attr_put(nlh, TCA_MIRRED_TM, sizeof(tm), &tm);
	mnl_attr_nest_end(nlh, o);
	mnl_attr_nest_end(nlh, a);
	mnl_attr_nest_end(nlh, acts);
	mnl_attr_nest_end(nlh, opts);
	cr_assert_eq(parse(nlh), 0, "%s", why);
	cr_expect_eq(got.stats.lastuse_ago_ms, UINT64_MAX);
	cr_expect_eq(got.acts[0].out.ifindex, 9);
	cr_expect(got.acts[0].out.ingress);
	cr_expect_not(got.acts[0].out.mirror);
}

Test(tc_nl_decode, attributes_of_newer_kernels_are_skipped)
{
	struct nlmsghdr *nlh = start();
	struct nlattr *opts;

	mnl_attr_put_u32(nlh, 200, 7);			/* a new TCA_* */
	opts = mnl_attr_nest_start(nlh, TCA_OPTIONS);
	mnl_attr_put_u16(nlh, TCA_FLOWER_KEY_ETH_TYPE, htons(ETH_P_IP));
	mnl_attr_put_u32(nlh, 250, 7);			/* a new TCA_FLOWER_* */
	mnl_attr_nest_end(nlh, opts);
	cr_expect_eq(parse(nlh), 0, "%s", why);
	cr_expect_eq(got.key.eth_type, htons(ETH_P_IP));
}

Test(tc_nl_decode, classifier_head_and_foreign_filters_are_told_apart)
{
	struct nlmsghdr *nlh = start();
	struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);

	tcm->tcm_handle = 0;
	cr_expect_eq(parse(nlh), -ENODATA, "a dump's head entry: %s", why);
	cr_expect_eq(got.prio, 3);
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWTFILTER;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct tcmsg));
	mnl_attr_put_strz(nlh, TCA_KIND, "u32");
	cr_expect_eq(parse(nlh), -EOPNOTSUPP);
	cr_expect(strstr(why, "u32"), "why: %s", why);
}

Test(tc_nl_decode, foreign_actions_are_refused_by_name)
{
	struct nlmsghdr *nlh = start();
	struct nlattr *opts, *acts, *a, *o;

	opts = mnl_attr_nest_start(nlh, TCA_OPTIONS);
	acts = mnl_attr_nest_start(nlh, TCA_FLOWER_ACT);
	a = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, TCA_ACT_KIND, "skbedit");
	o = mnl_attr_nest_start(nlh, TCA_ACT_OPTIONS);
	mnl_attr_nest_end(nlh, o);
	mnl_attr_nest_end(nlh, a);
	mnl_attr_nest_end(nlh, acts);
	mnl_attr_nest_end(nlh, opts);
	cr_expect_eq(parse(nlh), -EOPNOTSUPP);
	cr_expect(strstr(why, "skbedit"), "why: %s", why);
}

Test(tc_nl_decode, gact_other_than_drop_is_not_ours)
{
	struct nlmsghdr *nlh = start();
	struct nlattr *opts = mnl_attr_nest_start(nlh, TCA_OPTIONS);
	struct nlattr *acts = mnl_attr_nest_start(nlh, TCA_FLOWER_ACT);

	put_gact(nlh, 1, TC_ACT_OK);
	mnl_attr_nest_end(nlh, acts);
	mnl_attr_nest_end(nlh, opts);
	cr_expect_eq(parse(nlh), -EOPNOTSUPP, "%s", why);
}

Test(tc_nl_decode, action_numbers_must_not_skip)
{
	struct nlmsghdr *nlh = start();
	struct nlattr *opts = mnl_attr_nest_start(nlh, TCA_OPTIONS);
	struct nlattr *acts = mnl_attr_nest_start(nlh, TCA_FLOWER_ACT);

	put_gact(nlh, 1, TC_ACT_SHOT);
	put_gact(nlh, 3, TC_ACT_SHOT);
	mnl_attr_nest_end(nlh, acts);
	mnl_attr_nest_end(nlh, opts);
	cr_expect_eq(parse(nlh), -EBADMSG);
	cr_expect(strstr(why, "action 3"), "why: %s", why);
}

Test(tc_nl_decode, key_of_the_wrong_size_is_refused)
{
	struct nlmsghdr *nlh = start();
	struct nlattr *opts = mnl_attr_nest_start(nlh, TCA_OPTIONS);

	mnl_attr_put_u16(nlh, TCA_FLOWER_KEY_ETH_TYPE, htons(ETH_P_IP));
	mnl_attr_put_u16(nlh, TCA_FLOWER_KEY_IPV4_SRC, 0x0a00);
	mnl_attr_nest_end(nlh, opts);
	cr_expect_eq(parse(nlh), -EBADMSG);
	cr_expect(strstr(why, "ipv4_src"), "why: %s", why);
}

Test(tc_nl_decode, truncated_messages_are_refused)
{
	const struct tcf_example *ex = tcf_example_find("pedit");
	struct tc_flower f;
	struct nlmsghdr *nlh;
	uint32_t full, len;
	int err;

	tcf_example_build(ex, &f, 5, 7);
	cr_assert_eq(tc_nl_new_filter(buf, sizeof(buf), 0, &f, &nlh, why, sizeof(why)), 0);
	full = nlh->nlmsg_len;
	/* Any cut that is not on the outer attribute boundary must fail. */
	for (len = 36; len < full; len += 4) {
		nlh->nlmsg_len = len;
		err = parse(nlh);
		cr_expect(err == -EBADMSG || err == -ENODATA || err == 0,
			  "cut at %u: %d", len, err);
		if (err == 0)
			cr_expect_eq(len, full, "cut at %u parsed", len);
	}
	nlh->nlmsg_len = 30;
	cr_expect_eq(parse(nlh), -EBADMSG, "shorter than a tcmsg");
}

/* The attribute of type in nest (or in nlh's payload when nest is NULL). */
static struct nlattr *child(struct nlmsghdr *nlh, struct nlattr *nest, uint16_t type)
{
	struct nlattr *a;

	if (!nest) {
		mnl_attr_for_each(a, nlh, sizeof(struct tcmsg))
			if (mnl_attr_get_type(a) == type)
				return a;
		return NULL;
	}
	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

Test(tc_nl_decode, pedit_masks_are_inverted_and_add_is_not_ours)
{
	const struct tcf_example *ex = tcf_example_find("pedit");
	struct nlattr *opts, *act, *parms, *keys_ex, *key_ex, *cmd;
	struct tc_flower f;
	struct nlmsghdr *nlh;
	uint32_t kkey[6];

	tcf_example_build(ex, &f, 5, 7);
	cr_assert_eq(tc_nl_new_filter(buf, sizeof(buf), 0, &f, &nlh, why, sizeof(why)), 0);
	opts = child(nlh, NULL, TCA_OPTIONS);
	act = child(nlh, child(nlh, opts, TCA_FLOWER_ACT), 1);
	opts = child(nlh, act, TCA_ACT_OPTIONS);
	parms = child(nlh, opts, 4);		/* TCA_PEDIT_PARMS_EX */
	cr_assert_not_null(parms);
	cr_assert_eq(mnl_attr_get_payload_len(parms), 24 + 4 * 24);
	/* Key 2 rewrites the last two bytes of the destination MAC: the
	 * kernel keeps the rest (mask 1 = kept), val only where rewritten. */
	memcpy(kkey, (uint8_t *)mnl_attr_get_payload(parms) + 24 + 24, sizeof(kkey));
	cr_expect_eq(kkey[0], htonl(0x0000ffff), "kernel mask");
	cr_expect_eq(kkey[1], htonl(0x00630000), "val");
	cr_expect_eq(kkey[2], 4, "off");
	keys_ex = child(nlh, opts, 5);		/* TCA_PEDIT_KEYS_EX */
	key_ex = (struct nlattr *)mnl_attr_get_payload(keys_ex);
	cmd = child(nlh, key_ex, 2);		/* TCA_PEDIT_KEY_EX_CMD */
	cr_assert_not_null(cmd);
	cr_expect_eq(mnl_attr_get_u16(cmd), 0, "SET");
	*(uint16_t *)mnl_attr_get_payload(cmd) = 1;	/* ADD: never ours */
	cr_expect_eq(parse(nlh), -EOPNOTSUPP, "%s", why);
	cr_expect(strstr(why, "pedit"), "why: %s", why);
}
