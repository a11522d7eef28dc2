// SPDX-License-Identifier: GPL-2.0
/*
 * The decoder on real kernel messages (test_tc_fixtures.c has where they
 * come from): each echo is the example we put, canonical form and all;
 * counters after traffic; a dump's head entry and end; refusals with
 * their extack text.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/pkt_cls.h>

#include "dp_extack.h"
#include "tc_nl.h"
#include "test_tc_fixtures.h"

#define VB_IFINDEX 2	/* the veth the captures were taken on */

static union tcf_buf b;
static struct tc_flower want, got;
static char why[TC_NL_WHY_LEN];

static struct nlmsghdr *load(const char *name)
{
	const struct tcf_capture *cap = tcf_capture_find(name);

	cr_assert_not_null(cap, "no capture %s", name);
	return tcf_load(&b, cap->bytes, cap->len);
}

static int decode(const char *name)
{
	why[0] = '\0';
	return tc_nl_parse_filter(load(name), &got, why, sizeof(why));
}

Test(tc_nl_kernel, every_echo_is_the_example_put)
{
	static const char *const names[] = { "ipv4_udp", "ipv4_tcp", "icmp6", "arp",
		"vlan", "qinq", "frag", "pedit", "count" };
	char cap[32];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(cap, sizeof(cap), "echo_%s", names[i]);
		tcf_example_build(tcf_example_find(names[i]), &want, VB_IFINDEX, VB_IFINDEX);
		cr_assert_eq(decode(cap), 0, "%s: %s", cap, why);
		cr_expect_eq(tc_nl_check_echo(&want, &got, why, sizeof(why)), 0,
			     "%s: %s", cap, why);
		cr_expect_eq(memcmp(&want.key, &got.key, sizeof(got.key)), 0, "%s key", cap);
		cr_expect_eq(memcmp(&want.mask, &got.mask, sizeof(got.mask)), 0, "%s mask", cap);
		cr_expect_eq(got.handle, 1, "%s", cap);
		cr_expect_not(got.in_hw, "%s: a veth offloads nothing", cap);
		cr_expect_eq(got.in_hw_count, 0);
		cr_expect_eq(got.stats.packets, 0);
		cr_expect_eq(got.stats.lastuse_ago_ms, UINT64_MAX, "%s: never used", cap);
	}
}

Test(tc_nl_kernel, skip_hw_comes_back_and_not_in_hw_is_not_a_request_flag)
{
	cr_assert_eq(decode("echo_ipv4_udp"), 0, "%s", why);
	cr_expect_eq(got.flags, TCA_CLS_FLAGS_SKIP_HW);
	cr_expect_eq(got.chain, 0);
	cr_expect_eq(got.prio, 11);
	cr_expect_eq(got.protocol, htons(0x0800));
}

Test(tc_nl_kernel, counters_after_five_packets)
{
	cr_assert_eq(decode("get_count"), 0, "%s", why);
	cr_expect_eq(got.stats.packets, 5);
	/* 100 bytes of UDP payload: tc counts from the IP header on ingress. */
	cr_expect_eq(got.stats.bytes, 5 * 128);
	cr_expect_eq(got.stats.hw_packets, 0);
	cr_expect_eq(got.stats.hw_bytes, 0);
	cr_expect_lt(got.stats.lastuse_ago_ms, 60000, "used about a second before");
	cr_expect_eq(got.acts[0].kind, TC_ACT_DROP);
}

Test(tc_nl_kernel, dump_head_end_and_acks)
{
	struct dp_extack e;

	cr_expect_eq(decode("dump_head"), -ENODATA, "%s", why);
	cr_expect_eq(got.prio, 11);
	cr_assert_eq(dp_extack_parse(load("dump_done"), &e), 0);
	cr_expect_eq(e.error, 0);
	cr_assert_eq(dp_extack_parse(load("ack"), &e), 0);
	cr_expect_eq(e.error, 0);
	cr_expect_eq(decode("ack"), -EBADMSG, "an ack is not a filter");
}

Test(tc_nl_kernel, refusals_carry_their_errno_and_reason)
{
	struct dp_extack e;

	cr_assert_eq(dp_extack_parse(load("err_eexist"), &e), 0);
	cr_expect_eq(e.error, -EEXIST);
	cr_expect_str_eq(e.msg, "", "6.12 says nothing more for EEXIST");
	cr_assert_eq(dp_extack_parse(load("err_skip_sw_nsim"), &e), 0);
	cr_expect_eq(e.error, -EOPNOTSUPP);
	cr_expect_str_eq(e.msg, "netdevsim: only offload of BPF classifiers supported");
}

Test(tc_nl_kernel, truncated_real_echo_is_refused)
{
	const struct tcf_capture *cap = tcf_capture_find("echo_pedit");
	size_t len;
	int err;

	cr_assert_not_null(cap);
	for (len = 20; len < cap->len; len += 4) {
		tcf_load(&b, cap->bytes, len);
		err = tc_nl_parse_filter(&b.nlh, &got, why, sizeof(why));
		cr_expect(err == -EBADMSG || err == -ENODATA, "cut at %zu: %d", len, err);
	}
}

Test(tc_nl_kernel, a_changed_echo_fails_the_check)
{
	struct nlmsghdr *nlh = load("echo_ipv4_udp");
	uint8_t *p = (uint8_t *)nlh, *end = p + nlh->nlmsg_len;
	uint16_t hdr[3] = { 6, TCA_FLOWER_KEY_UDP_DST, htons(4000) };

	tcf_example_build(tcf_example_find("ipv4_udp"), &want, VB_IFINDEX, VB_IFINDEX);
	/* The attribute TCA_FLOWER_KEY_UDP_DST, port 4000: make it 4001. */
	for (; p + 6 <= end; p += 4)
		if (!memcmp(p, hdr, 6))
			break;
	cr_assert(p + 6 <= end, "no UDP_DST 4000 in the echo");
	p[5] ^= 1;
	cr_assert_eq(tc_nl_parse_filter(nlh, &got, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(tc_nl_check_echo(&want, &got, why, sizeof(why)), -EPROTO);
	cr_expect(strstr(why, "tp_dst"), "why: %s", why);
}
