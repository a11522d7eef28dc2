// SPDX-License-Identifier: GPL-2.0
/*
 * dump-flows (with -m, --layer, -j) and explain, on megaflow records put
 * in the flow table by hand with their layer, policy, tc location,
 * refusal reason and per-layer counters set, as placement leaves them.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "test_ctl_fixture.h"
#include "../../userspace/lib/dp_upcall.h"
#include "../../userspace/lib/odp_actions.h"

#define WHY_A "tc refused the filter: netdevsim: only offload of BPF classifiers supported"
#define UFID_A "ufid:11111111-2222-3333-4444-555566666666"
#define UFID_B "ufid:aaaaaaaa-bbbb-cccc-dddd-eeeeffffffff"
#define UFID_C "ufid:01020304-0506-0708-090a-0b0c0d0e0f10"

/* A record entering through in_port, output to out_port. */
static void add(const uint32_t ufid[4], uint32_t in_port, uint32_t out_port,
		void (*set)(struct fpd_flow *f))
{
	struct fp_odp_actions a;
	struct fpd_flow f;

	memset(&f, 0, sizeof(f));
	memcpy(f.ufid.u32, ufid, sizeof(f.ufid.u32));
	f.dp_ifindex = CTLF_DP_IFINDEX;
	f.key.in_port = in_port;
	f.mask.in_port = UINT32_MAX;
	fp_odp_actions_init(&a);
	fp_odp_put_output(&a, out_port);
	f.actions = a.buf;
	f.actions_len = a.len;
	f.created_ms = f.used_ms = dp_upcall_now_ms();
	set(&f);
	fpd_flow_sum(&f);
	cr_assert_eq(fpd_flow_table_add(ctlf_d.flows, &f), 0);
}

/* p1 -> p2: tc refused it on p1 (policy hw); moved once, counters carried. */
static void set_a(struct fpd_flow *f)
{
	f->layer = FPD_LAYER_KMOD;
	f->policy = FPD_POLICY_HW;
	f->why = fpd_why_intern(WHY_A);
	f->kmod = (struct fpd_counts){ 3, 294 };
	f->carried = (struct fpd_counts){ 10, 980 };
}

/* p2 -> p1 in tc software, on p2's ingress (an ifindex no netdev has). */
static void set_b(struct fpd_flow *f)
{
	f->layer = FPD_LAYER_TC;
	f->policy = FPD_POLICY_TC_SW;
	f->tc = (struct fpd_tc_loc){ .ifindex = CTLF_P2_IFINDEX, .chain = 0,
				     .prio = 3, .protocol = htons(0x0800),
				     .handle = 1 };
	f->tc_sw = (struct fpd_counts){ 20, 1960 };
}

/* In hardware, on ifindex 1: lo in every namespace, a name the kernel gives. */
static void set_c(struct fpd_flow *f)
{
	f->layer = FPD_LAYER_HW;
	f->policy = FPD_POLICY_HW;
	f->tc = (struct fpd_tc_loc){ .ifindex = 1, .chain = 0, .prio = 4,
				     .protocol = htons(0x86dd), .handle = 0x10 };
	f->tc_hw = (struct fpd_counts){ 5, 500 };
}

static void setup(void)
{
	static const uint32_t a[4] = { 0x11111111, 0x22223333, 0x44445555, 0x66666666 };
	static const uint32_t b[4] = { 0xaaaaaaaa, 0xbbbbcccc, 0xddddeeee, 0xffffffff };
	static const uint32_t c[4] = { 0x01020304, 0x05060708, 0x090a0b0c, 0x0d0e0f10 };

	ctlf_setup();
	add(a, 1, 2, set_a);
	add(b, 2, 1, set_b);
	add(c, 1, 2, set_c);
}

TestSuite(ctl_flows, .init = setup, .fini = ctlf_teardown);

/* The line of dump-flows output that holds ufid, NULL if none. */
static char *line_of(const char *out, const char *ufid)
{
	const char *s = strstr(out, ufid), *b, *e;

	if (!s)
		return NULL;
	for (b = s; b > out && b[-1] != '\n'; b--)
		;
	e = strchr(s, '\n');
	return strndup(b, e ? (size_t)(e - b) : strlen(b));
}

static size_t lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(ctl_flows, dump_flows_says_each_flows_layer_and_merged_counters)
{
	struct ctlf_result r = ctlf_run(0, "dump-flows", NULL);
	char *a, *b, *c;

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(lines(r.out), 3, "each megaflow once: %s", r.out);
	a = line_of(r.out, UFID_A);
	b = line_of(r.out, UFID_B);
	c = line_of(r.out, UFID_C);
	cr_assert(a && b && c, "%s", r.out);
	cr_expect(strstr(a, "br0: " UFID_A ", in_port(p1),eth(), layer:kmod, packets:13, bytes:1274, used:") == a,
		  "%s", a);
	cr_expect(strstr(a, "s, actions:p2") && !strstr(a, "policy:"), "%s", a);
	cr_expect(strstr(b, ", layer:tc, packets:20, bytes:1960, used:"), "%s", b);
	cr_expect(strstr(c, ", layer:hw, packets:5, bytes:500, used:"), "%s", c);
	free(a);
	free(b);
	free(c);
	ctlf_done(&r);
}

Test(ctl_flows, dump_flows_m_breaks_down_layers_policy_filter_and_reason)
{
	struct ctlf_result r = ctlf_run(0, "dump-flows", "-m", "br0", NULL);
	char *a = line_of(r.out, UFID_A), *b = line_of(r.out, UFID_B),
	     *c = line_of(r.out, UFID_C);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_assert(a && b && c, "%s", r.out);
	cr_expect(strstr(a, ", in_port(p1),eth(), layer:kmod, policy:hw, why:\"" WHY_A "\", "
			 "kmod:(packets:3,bytes:294), tc:(packets:0,bytes:0), "
			 "hw:(packets:0,bytes:0), carried:(packets:10,bytes:980), "
			 "packets:13, bytes:1274, used:"), "%s", a);
	cr_expect_null(strstr(a, "filter:("), "a kmod flow has no tc filter: %s", a);
	cr_expect(strstr(b, ", layer:tc, policy:tc-sw, "
			 "filter:(dev:p2,ifindex:4002,chain:0,prio:3,protocol:0x0800,handle:0x1), "
			 "kmod:(packets:0,bytes:0), tc:(packets:20,bytes:1960), "), "%s", b);
	cr_expect_null(strstr(b, "why:"), "nothing refused b: %s", b);
	cr_expect(strstr(c, ", layer:hw, policy:hw, "
			 "filter:(dev:lo,ifindex:1,chain:0,prio:4,protocol:0x86dd,handle:0x10), "),
		  "%s", c);
	free(a);
	free(b);
	free(c);
	ctlf_done(&r);
}

Test(ctl_flows, layer_filter)
{
	struct ctlf_result r = ctlf_run(0, "dump-flows", "--layer", "tc", NULL);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(lines(r.out), 1, "%s", r.out);
	cr_expect(strstr(r.out, UFID_B), "%s", r.out);
	ctlf_done(&r);
	r = ctlf_run(0, "dump-flows", "br0", "--layer=hw", "-m", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(lines(r.out), 1, "%s", r.out);
	cr_expect(strstr(r.out, UFID_C) && strstr(r.out, "filter:("), "%s", r.out);
	ctlf_done(&r);
	r = ctlf_run(CTL_F_JSON, "dump-flows", "--layer", "kmod", NULL);
	cr_expect(strstr(r.out, "[{\"bridge\":\"br0\",\"ufid\":\"11111111-") == r.out, "%s", r.out);
	cr_expect_null(strstr(r.out, "},{"), "one flow: %s", r.out);
	ctlf_done(&r);
}

/* dump-flows with the words, refused with status and message. */
static void bad_words(int status, const char *msg, const char *w1,
		      const char *w2, const char *w3)
{
	struct ctlf_result r = ctlf_run(0, "dump-flows", w1, w2, w3, NULL);

	cr_expect_eq(r.status, status, "%s %s: %s", w1, w2 ? w2 : "", r.err);
	cr_expect_str_eq(r.err, msg);
	cr_expect_str_eq(r.out, "");
	ctlf_done(&r);
}

Test(ctl_flows, dump_flows_refusals)
{
	bad_words(2, "'sw': not a layer (expected hw, tc or kmod)\n", "--layer", "sw", NULL);
	bad_words(2, "--layer wants hw, tc or kmod\n", "br0", "--layer", NULL);
	bad_words(2, "'-x': unknown option (expected -m or --layer hw|tc|kmod)\n", "-x", NULL, NULL);
	bad_words(2, "'br1': one bridge at most, and br0 was given\n", "br0", "br1", NULL);
	bad_words(1, "no bridge named br9\n", "-m", "br9", NULL);
}

Test(ctl_flows, dump_flows_json_has_layers_reason_and_filter)
{
	struct ctlf_result r = ctlf_run(CTL_F_JSON, "dump-flows", NULL);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "{\"bridge\":\"br0\",\"ufid\":\"11111111-2222-3333-4444-555566666666\","
			 "\"match\":\"in_port(p1),eth()\",\"layer\":\"kmod\",\"policy\":\"hw\","
			 "\"packets\":13,\"bytes\":1274,\"layers\":{\"kmod\":{\"packets\":3,\"bytes\":294},"
			 "\"tc\":{\"packets\":0,\"bytes\":0},\"hw\":{\"packets\":0,\"bytes\":0},"
			 "\"carried\":{\"packets\":10,\"bytes\":980}},\"used_ms\":"), "%s", r.out);
	cr_expect(strstr(r.out, ",\"why\":\"" WHY_A "\",\"tc\":null,\"actions\":\"p2\"}"),
		  "%s", r.out);
	cr_expect(strstr(r.out, ",\"why\":null,\"tc\":{\"dev\":\"p2\",\"ifindex\":4002,\"chain\":0,"
			 "\"prio\":3,\"protocol\":2048,\"handle\":1},\"actions\":\"p1\"}"), "%s", r.out);
	ctlf_done(&r);
}

Test(ctl_flows, explain_a_flow_tc_refused)
{
	struct ctlf_result r = ctlf_run(0, "explain", UFID_A, NULL);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out,
		"megaflow " UFID_A " on bridge br0\n"
		"  match: in_port(p1),eth()\n"
		"  actions: p2\n"
		"  layer: kmod (tc did not take it)\n"
		"  refused: " WHY_A "\n"
		"  placed under policy: hw\n"
		"  in_port: p1 (port 1), policy hw (global), can offload\n"
		"  packets:13, bytes:1274: kmod:(packets:3,bytes:294), tc:(packets:0,bytes:0), "
		"hw:(packets:0,bytes:0), carried:(packets:10,bytes:980)\n");
	ctlf_done(&r);
}

Test(ctl_flows, explain_a_tc_flow_by_bare_uuid)
{
	struct ctlf_result r = ctlf_run(0, "explain", UFID_B + 5, NULL);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "  layer: tc (policy tc-sw keeps its tc filter out of hardware)\n"),
		  "%s", r.out);
	cr_expect_null(strstr(r.out, "refused:"), "%s", r.out);
	cr_expect(strstr(r.out, "  in_port: p2 (port 2), policy hw (global), cannot offload: p2 is not a switchdev port\n"),
		  "%s", r.out);
	cr_expect(strstr(r.out, "  tc filter: dev:p2,ifindex:4002,chain:0,prio:3,protocol:0x0800,handle:0x1\n"),
		  "%s", r.out);
	cr_expect(strstr(r.out, "  note: its port's policy is hw now: the revalidator moves it\n"),
		  "placed under tc-sw, p2's policy is hw: %s", r.out);
	ctlf_done(&r);
}

Test(ctl_flows, explain_follows_a_port_override)
{
	struct ctlf_result r = ctlf_run(0, "set-policy", "p1", "kmod", NULL);

	cr_expect_eq(r.status, 0, "%s", r.err);
	ctlf_done(&r);
	r = ctlf_run(0, "explain", UFID_C, NULL);
	cr_expect(strstr(r.out, "  layer: hw (the NIC holds its tc filter (in_hw))\n"), "%s", r.out);
	cr_expect(strstr(r.out, "  in_port: p1 (port 1), policy kmod (set on the port), can offload\n"),
		  "%s", r.out);
	cr_expect(strstr(r.out, "  tc filter: dev:lo,ifindex:1,"), "%s", r.out);
	cr_expect(strstr(r.out, "  note: its port's policy is kmod now: the revalidator moves it\n"),
		  "%s", r.out);
	ctlf_done(&r);
}

Test(ctl_flows, explain_json)
{
	struct ctlf_result r = ctlf_run(CTL_F_JSON, "explain", UFID_A, NULL);

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out,
		"{\"ufid\":\"11111111-2222-3333-4444-555566666666\",\"bridge\":\"br0\","
		"\"match\":\"in_port(p1),eth()\",\"actions\":\"p2\",\"layer\":\"kmod\","
		"\"summary\":\"tc did not take it\",\"why\":\"" WHY_A "\",\"placed_policy\":\"hw\","
		"\"in_port\":{\"port_no\":1,\"name\":\"p1\",\"policy\":\"hw\",\"override\":\"default\","
		"\"policy_from\":\"global\",\"can_offload\":true,\"why_not\":null},\"moving\":false,"
		"\"tc\":null,\"packets\":13,\"bytes\":1274,\"layers\":{\"kmod\":{\"packets\":3,\"bytes\":294},"
		"\"tc\":{\"packets\":0,\"bytes\":0},\"hw\":{\"packets\":0,\"bytes\":0},"
		"\"carried\":{\"packets\":10,\"bytes\":980}}}\n");
	ctlf_done(&r);
}

Test(ctl_flows, explain_an_unknown_or_malformed_ufid)
{
	struct ctlf_result r = ctlf_run(0, "explain", "ufid:00000000-0000-0000-0000-000000000001", NULL);

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "no megaflow ufid:00000000-0000-0000-0000-000000000001\n");
	cr_expect_str_eq(r.out, "");
	ctlf_done(&r);
	r = ctlf_run(0, "explain", "ufid:1234", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "'ufid:1234': not a UFID (expected ufid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, as dump-flows prints)\n");
	ctlf_done(&r);
	r = ctlf_run(0, "explain", UFID_A "0", NULL);
	cr_expect_eq(r.status, 2, "trailing characters: %s", r.err);
	ctlf_done(&r);
}

Test(ctl_flows, explain_a_flow_whose_port_left)
{
	static const uint32_t d[4] = { 1, 2, 3, 4 };
	struct ctlf_result r;

	add(d, 7, 1, set_a);
	r = ctlf_run(0, "explain", "ufid:00000001-0000-0002-0000-000300000004", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "  in_port: port 7, no longer attached\n"), "%s", r.out);
	cr_expect_null(strstr(r.out, "note:"), "%s", r.out);
	ctlf_done(&r);
}
