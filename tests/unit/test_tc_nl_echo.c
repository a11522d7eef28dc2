// SPDX-License-Identifier: GPL-2.0
/*
 * The echo check (what the kernel says it installed against what we
 * asked) and the client's refusals that need no kernel.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/pkt_cls.h>

#include "tc_client.h"
#include "tc_nl.h"
#include "test_tc_fixtures.h"

static struct tc_flower req, echo;
static char why[TC_NL_WHY_LEN];

static void both(const char *name)
{
	tcf_example_build(tcf_example_find(name), &req, 5, 7);
	echo = req;
	echo.handle = 1;
}

static int check(void)
{
	why[0] = '\0';
	return tc_nl_check_echo(&req, &echo, why, sizeof(why));
}

Test(tc_nl_echo, the_same_filter_passes_and_kernel_only_fields_do_not_count)
{
	both("pedit");
	echo.in_hw = true;
	echo.in_hw_count = 3;
	echo.stats.packets = 10;
	echo.flags |= TCA_CLS_FLAGS_VERBOSE;
	cr_expect_eq(check(), 0, "%s", why);
}

Test(tc_nl_echo, a_different_mask_is_named)
{
	both("ipv4_udp");
	echo.mask.tp_dst = htons(0xff00);
	cr_expect_eq(check(), -EPROTO);
	cr_expect(strstr(why, "mask") && strstr(why, "tp_dst"), "why: %s", why);
	both("qinq");
	echo.key.cvlan_id = 301;
	cr_expect_eq(check(), -EPROTO);
	cr_expect(strstr(why, "cvlan_id"), "why: %s", why);
}

/* "Untagged" is what keeps a protocol-all filter off tagged frames. */
Test(tc_nl_echo, a_lost_number_of_vlans_is_named)
{
	both("ipv4_udp");
	req.key.num_of_vlans = 0;
	req.mask.num_of_vlans = 0xff;
	echo = req;
	echo.handle = 1;
	cr_expect_eq(check(), 0, "%s", why);
	echo.mask.num_of_vlans = 0;
	cr_expect_eq(check(), -EPROTO);
	cr_expect(strstr(why, "num_of_vlans"), "why: %s", why);
}

Test(tc_nl_echo, place_and_flags_must_match)
{
	both("eth");
	echo.prio = 99;
	cr_expect_eq(check(), -EPROTO, "prio asked for");
	req.prio = 0;
	cr_expect_eq(check(), 0, "prio left to the kernel: %s", why);
	both("eth");
	echo.chain = 1;
	cr_expect_eq(check(), -EPROTO);
	cr_expect(strstr(why, "chain"), "why: %s", why);
	both("ipv4_udp");
	echo.flags = 0;
	cr_expect_eq(check(), -EPROTO, "skip_hw dropped");
	both("eth");
	req.handle = 2;
	cr_expect_eq(check(), -EPROTO, "handle asked for");
}

Test(tc_nl_echo, actions_and_cookie_must_match)
{
	both("ipv4_tcp");
	echo.n_acts = 1;
	cr_expect_eq(check(), -EPROTO);
	cr_expect(strstr(why, "actions"), "why: %s", why);
	both("ipv4_tcp");
	echo.acts[0].out.ifindex = 8;
	cr_expect_eq(check(), -EPROTO);
	cr_expect(strstr(why, "action 1") && strstr(why, "mirred"), "why: %s", why);
	both("pedit");
	echo.acts[0].pedit.keys[2].val ^= htonl(1);
	cr_expect_eq(check(), -EPROTO);
	both("qinq");
	echo.acts[0].vlan.prio = 0;
	cr_expect_eq(check(), -EPROTO);
	both("eth");
	echo.cookie[15] ^= 1;
	cr_expect_eq(check(), -EPROTO);
	cr_expect(strstr(why, "cookie"), "why: %s", why);
}

Test(tc_client, refusals_that_need_no_kernel)
{
	struct tc_client c;
	struct tc_flower f;

	cr_assert_eq(tc_client_init(&c), 0, "%s", c.error);
	tcf_example_build(tcf_example_find("eth"), &f, 1, 1);
	cr_expect_eq(tc_client_del(&c, &f), -EINVAL, "handle 0");
	cr_expect(strstr(c.error, "whole classifier"), "error: %s", c.error);
	f.flags = TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW;
	cr_expect_eq(tc_client_put(&c, &f), -EINVAL);
	cr_expect(strstr(c.error, "cannot put the filter: skip_hw and skip_sw"),
		  "error: %s", c.error);
	tc_client_fini(&c);
	tc_client_fini(&c);	/* twice is harmless */
}

Test(tc_client, a_batch_reports_each_filter)
{
	struct tc_client c;
	struct tc_flower fs[3];
	struct tc_put_result res[3] = { { .err = 1 }, { .err = 1 }, { .err = 1 } };
	int err;

	cr_assert_eq(tc_client_init(&c), 0, "%s", c.error);
	tcf_example_build(tcf_example_find("eth"), &fs[0], 1, 1);
	fs[0].protocol = 0;
	fs[1] = fs[0];
	fs[2] = fs[0];
	fs[2].acts[0].kind = TC_ACT_OUTPUT;	/* output to ifindex 0 */
	fs[2].protocol = htons(0x0800);
	err = tc_client_put_batch(&c, fs, 3, res);
	cr_expect_eq(err, -EINVAL);
	cr_expect_eq(res[0].err, -EINVAL);
	cr_expect_eq(res[1].err, -EINVAL);
	cr_expect_eq(res[2].err, -EINVAL);
	cr_expect(strstr(c.error, "filter 0: a filter needs a protocol"), "error: %s", c.error);
	/* Each filter keeps its own reason, not only the first's. */
	cr_expect(strstr(res[1].why, "a filter needs a protocol"), "why: %s", res[1].why);
	cr_expect_neq(strcmp(res[2].why, ""), 0);
	tc_client_fini(&c);
}
