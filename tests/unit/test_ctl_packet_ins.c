// SPDX-License-Identifier: GPL-2.0
/*
 * Packet-ins on the daemon's side: what a handler records from an
 * OVS_PACKET_CMD_ACTION upcall, the ring of the last ones, and fpctl
 * packet-ins in text and JSON.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <linux/openvswitch.h>
#include <stdio.h>
#include <string.h>

#include "packet_in.h"
#include "test_ctl_fixture.h"
#include "test_xlate_fixtures.h"

#define RUN_ID 77
#define RULE "priority=20,ip,nw_dst=10.0.0.2,actions=CONTROLLER,output:p2"

static uint8_t cookie[FP_PACKET_IN_COOKIE_LEN];

static void setup(void)
{
	struct ctlf_result r;

	ctlf_setup();
	ctlf_br->run_id = RUN_ID;
	r = ctlf_run(0, "add-flow", "br0", RULE, NULL);	/* config id 1 */
	cr_assert_eq(r.status, 0, "%s", r.err);
	ctlf_done(&r);
}

TestSuite(ctl_packet_ins, .init = setup, .fini = ctlf_teardown);

/* An ACTION upcall from p1 of an ICMP echo 10.0.0.1 > 10.0.0.2. */
static struct dp_upcall upcall(uint32_t run, uint64_t rule_id)
{
	const struct fp_packet_in_cookie c = { .run = run, .rule_id = rule_id };
	struct dp_upcall up;

	memset(&up, 0, sizeof(up));
	up.cmd = OVS_PACKET_CMD_ACTION;
	up.dp_ifindex = CTLF_DP_IFINDEX;
	xfix_eth(&up.key, 1, "02:00:00:00:00:0a", "02:00:00:00:00:0b");
	xfix_ipv4(&up.key, "10.0.0.1", "10.0.0.2", IPPROTO_ICMP, 8, 0);
	up.packet = "x";
	up.packet_len = up.orig_len = 98;
	fp_packet_in_cookie_put(&c, cookie);
	up.userdata = cookie;
	up.userdata_len = sizeof(cookie);
	return up;
}

static void receive(const struct dp_upcall *up, int want)
{
	cr_assert_eq(fpd_packet_in_receive(&ctlf_d, up), want);
}

static void expect_out(const struct ctlf_result *r, const char *words)
{
	cr_expect_neq(strstr(r->out, words), NULL, "\"%s\" not in:\n%s", words,
		      r->out);
}

Test(ctl_packet_ins, credited_to_the_rule_with_port_and_summary)
{
	struct dp_upcall up = upcall(RUN_ID, 1);
	struct ctlf_result r;

	receive(&up, 0);
	receive(&up, 0);
	r = ctlf_run(0, "packet-ins", "br0", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	expect_out(&r, "bridge br0: 2 packet-ins\n");
	expect_out(&r, "  rule 1: 2  " RULE "\n");
	expect_out(&r, "  last 2, oldest first:\n");
	expect_out(&r, "  in_port p1  rule 1  98 bytes  10.0.0.1 > 10.0.0.2 icmp echo-request\n");
	ctlf_done(&r);
}

Test(ctl_packet_ins, a_previous_runs_flow_is_counted_apart)
{
	struct dp_upcall up = upcall(RUN_ID + 1, 1);
	struct ctlf_result r;

	receive(&up, 0);
	r = ctlf_run(0, "packet-ins", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	expect_out(&r, "bridge br0: 1 packet-ins\n");
	expect_out(&r, "  flows of a previous flowpathd: 1\n");
	expect_out(&r, "  in_port p1  rule ?  98 bytes");
	cr_expect_null(strstr(r.out, "rule 1:"), "not credited to this run's rule 1");
	ctlf_done(&r);
}

Test(ctl_packet_ins, not_ours_and_no_bridge_are_refused)
{
	struct dp_upcall up = upcall(RUN_ID, 1);
	struct fpd_packet_ins_snapshot s;

	up.userdata_len = 48;		/* an Open vSwitch cookie's size */
	receive(&up, -EINVAL);
	up = upcall(RUN_ID, 1);
	up.dp_ifindex = CTLF_DP_IFINDEX + 99;
	receive(&up, -ENODEV);
	cr_assert_eq(fpd_packet_ins_snapshot(&ctlf_br->packet_ins, &s), 0);
	cr_expect_eq(s.total, 0, "neither was counted");
	fpd_packet_ins_snapshot_free(&s);
}

Test(ctl_packet_ins, cut_packets_and_gone_ports_and_rules)
{
	struct dp_upcall up = upcall(RUN_ID, 1);
	struct ctlf_result r;

	up.packet_len = 64;
	up.orig_len = 1500;
	up.key.in_port = 9;		/* no port of br0 */
	receive(&up, 0);
	r = ctlf_run(0, "del-flows", "br0", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	ctlf_done(&r);
	r = ctlf_run(0, "packet-ins", "br0", NULL);
	expect_out(&r, "  rule 1: 1  (deleted)\n");
	expect_out(&r, "  in_port ?  rule 1  64 of 1500 bytes  ");
	ctlf_done(&r);
}

Test(ctl_packet_ins, json)
{
	struct dp_upcall up = upcall(RUN_ID, 1);
	struct ctlf_result r;

	receive(&up, 0);
	up = upcall(0, 5);
	receive(&up, 0);
	r = ctlf_run(CTL_F_JSON, "packet-ins", "br0", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	expect_out(&r, "\"bridge\":\"br0\",\"packet_ins\":2,\"rules\":[");
	expect_out(&r, "{\"rule_id\":1,\"packet_ins\":1,\"rule\":\"" RULE "\"}");
	expect_out(&r, "{\"rule_id\":0,\"packet_ins\":1,\"rule\":null}");
	expect_out(&r, "\"in_port\":\"p1\",\"port_no\":1,\"rule_id\":1,\"len\":98,"
		   "\"orig_len\":98,\"packet\":\"10.0.0.1 > 10.0.0.2 icmp echo-request\"}");
	ctlf_done(&r);
}

Test(ctl_packet_ins, unknown_bridge)
{
	struct ctlf_result r = ctlf_run(0, "packet-ins", "br9", NULL);

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "no bridge named br9\n");
	ctlf_done(&r);
}

/* The last FPD_PACKET_INS_KEPT stay, oldest first; counts keep counting. */
Test(ctl_packet_ins, ring_keeps_the_last_ones)
{
	struct fpd_packet_ins p;
	struct fpd_packet_ins_snapshot s;
	struct fpd_packet_in pin;
	size_t i, n = FPD_PACKET_INS_KEPT + 5;

	fpd_packet_ins_init(&p);
	for (i = 0; i < n; i++) {
		memset(&pin, 0, sizeof(pin));
		pin.len = i;
		pin.rule_id = 1 + i % 2;
		fpd_packet_ins_add(&p, &pin);
	}
	cr_assert_eq(fpd_packet_ins_snapshot(&p, &s), 0);
	cr_expect_eq(s.total, n);
	cr_assert_eq(s.n_kept, FPD_PACKET_INS_KEPT);
	for (i = 0; i < s.n_kept; i++)
		cr_expect_eq(s.kept[i].len, n - FPD_PACKET_INS_KEPT + i);
	cr_assert_eq(s.n_rules, 2);
	cr_expect_eq(s.rules[0].rule_id, 1);
	cr_expect_eq(s.rules[0].count, (n + 1) / 2);
	cr_expect_eq(s.rules[1].rule_id, 2);
	cr_expect_eq(s.rules[1].count, n / 2);
	fpd_packet_ins_snapshot_free(&s);
	fpd_packet_ins_fini(&p);
}
