// SPDX-License-Identifier: GPL-2.0
/*
 * The controller action: the userspace() action it becomes, the pid it
 * carries and why, its cookie, controller:MAX_LEN, and the refusals.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <linux/openvswitch.h>
#include <stdio.h>
#include <string.h>

#include "packet_in.h"
#include "test_xlate_fixtures.h"

static struct xfix x;
static struct fp_flow pkt;
/* Three handlers' netlink port ids, as the daemon's sockets have them. */
static const uint32_t pids[] = { 1001, 1002, 1003 };

#define RUN_OK() cr_assert_eq(xfix_run(&x, &pkt, true, 0), 0, "%s", x.err)

/* Ports p1..p4 = datapath ports 1..4; rule 7 of run 0xabcd; ICMP from p1. */
static void setup(void)
{
	xfix_init(&x);
	for (uint32_t i = 1; i <= 4; i++) {
		char name[8];

		snprintf(name, sizeof(name), "p%u", i);
		xfix_trunk(&x, name, i, NULL, 0);
	}
	x.br.upcall_pids = pids;
	x.br.n_upcall_pids = 3;
	x.br.run_id = 0xabcd;
	x.rule_id = 7;
	xfix_eth(&pkt, 1, "02:00:00:00:00:0a", "02:00:00:00:00:0b");
	xfix_ipv4(&pkt, "10.0.0.1", "10.0.0.2", IPPROTO_ICMP, 8, 0);
}

static void teardown(void)
{
	xfix_fini(&x);
}

TestSuite(xlate_controller, .init = setup, .fini = teardown);

static void add_controller(uint16_t max_len)
{
	xfix_add(&x, FP_RACT_CONTROLLER)->max_len = max_len;
}

/* The one userspace() action of x's output, parsed. */
static struct fp_odp_action userspace_of(void)
{
	struct fp_odp_action list[8];
	size_t n, i;

	cr_assert_eq(fp_odp_actions_parse(x.out.odp.buf, x.out.odp.len, list, 8,
					  &n), 0);
	for (i = 0; i < n; i++)
		if (list[i].type == OVS_ACTION_ATTR_USERSPACE)
			return list[i];
	cr_assert_fail("no userspace() in %s", x.text);
	return list[0];
}

Test(xlate_controller, becomes_userspace_with_the_rule_cookie)
{
	struct fp_packet_in_cookie c;
	struct fp_odp_action u;

	add_controller(0);
	RUN_OK();
	cr_expect_str_eq(x.text, "ctl(pid=1002,run=43981,rule=7)");
	u = userspace_of();
	cr_assert_eq(u.userspace.userdata_len, FP_PACKET_IN_COOKIE_LEN);
	cr_expect_eq(memcmp(u.userspace.userdata, "fpPI", 4), 0,
		     "the cookie starts with its magic");
	cr_assert_eq(fp_packet_in_cookie_get(u.userspace.userdata,
					     u.userspace.userdata_len, &c), 0);
	cr_expect_eq(c.run, 0xabcd);
	cr_expect_eq(c.rule_id, 7);
}

Test(xlate_controller, pid_is_the_handler_of_in_port_mod_n)
{
	static const struct {
		uint32_t in_port;
		uint32_t pid;
	} cases[] = { { 1, 1002 }, { 2, 1003 }, { 3, 1001 }, { 4, 1002 } };

	add_controller(0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pkt.in_port = cases[i].in_port;
		RUN_OK();
		cr_expect_eq(userspace_of().userspace.pid, cases[i].pid,
			     "in_port %u", cases[i].in_port);
	}
}

Test(xlate_controller, reads_in_port_only)
{
	add_controller(0);
	RUN_OK();
	cr_expect_eq(x.out.wc.in_port, UINT32_MAX,
		     "the pid depends on in_port: it must be exact");
	x.out.wc.in_port = 0;
	cr_expect(fp_flow_is_zero(&x.out.wc), "nothing else was read");
}

/* The revalidator compares actions byte for byte: same flow, same bytes. */
Test(xlate_controller, same_packet_same_actions)
{
	struct fp_odp_actions first;

	add_controller(0);
	xfix_output(&x, "p2");
	RUN_OK();
	first = x.out.odp;
	pkt.nw_ttl = 3;			/* a bit the megaflow does not match */
	RUN_OK();
	cr_assert_eq(x.out.odp.len, first.len);
	cr_expect_eq(memcmp(x.out.odp.buf, first.buf, first.len), 0);
}

Test(xlate_controller, then_forward)
{
	add_controller(0);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "ctl(pid=1002,run=43981,rule=7) out:2");
}

Test(xlate_controller, max_len_truncates_the_copy)
{
	add_controller(100);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "trunc(100) ctl(pid=1002,run=43981,rule=7) out:2",
			 "trunc() cuts the next output or userspace() only");
}

/* The copy is of the packet as the actions so far made it. */
Test(xlate_controller, sends_the_rewritten_packet)
{
	fp_be32 dst = htonl(0x0a000009);

	XFIX_SET(&x, nw_dst, dst);
	add_controller(0);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text,
			 "set(ipv4:dst=10.0.0.9) ctl(pid=1002,run=43981,rule=7) out:2");
}

Test(xlate_controller, no_handler_sockets_refused)
{
	x.br.n_upcall_pids = 0;
	xfix_output(&x, "p2");
	add_controller(0);
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -ENOTCONN);
	cr_expect_str_eq(x.err, "action 2 (controller): bridge br0 has no upcall socket to send packets to flowpathd through");
	cr_expect_str_eq(x.text, "drop", "no half-made actions");
}

Test(xlate_controller, max_len_below_ethernet_header_refused)
{
	add_controller(13);
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EINVAL);
	cr_expect_neq(strstr(x.err, "MAX_LEN 13 is below 14 bytes"), NULL, "%s",
		      x.err);
}
