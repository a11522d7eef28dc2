// SPDX-License-Identifier: GPL-2.0
/*
 * NORMAL and flood: learning, forwarding, flooding, aging, VLAN access and
 * trunk ports, and the wildcards of each case.
 *
 *   p1 access 10 (1)   p2 access 10 (2)   p3 access 20 (3)
 *   t1 trunk, all VLANs (4)              t2 trunk, VLANs 0 and 10 (5)
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "test_xlate_fixtures.h"

static struct xfix x;
static struct fp_flow pkt;

#define MAC_A "02:00:00:00:00:0a"
#define MAC_B "02:00:00:00:00:0b"
#define MAC_C "02:00:00:00:00:0c"
#define BCAST "ff:ff:ff:ff:ff:ff"

enum { P1 = 1, P2, P3, T1, T2 };

static void setup(void)
{
	static const uint16_t t2_vlans[] = { 0, 10 };

	xfix_init(&x);
	xfix_access(&x, "p1", P1, 10);
	xfix_access(&x, "p2", P2, 10);
	xfix_access(&x, "p3", P3, 20);
	xfix_trunk(&x, "t1", T1, NULL, 0);
	xfix_trunk(&x, "t2", T2, t2_vlans, 2);
	xfix_add(&x, FP_RACT_NORMAL);
}

static void teardown(void)
{
	xfix_fini(&x);
}

TestSuite(xlate_normal, .init = setup, .fini = teardown);

/* A frame from in_port, tagged with vid (or untagged for -1). */
static void frame(uint32_t in_port, const char *src, const char *dst, int vid)
{
	xfix_eth(&pkt, in_port, src, dst);
	if (vid >= 0)
		xfix_tag(&pkt, 0x8100, (uint16_t)vid, 0);
}

static void run_ok(uint64_t now)
{
	cr_assert_eq(xfix_run(&x, &pkt, true, now), 0, "%s", x.err);
}

/* Teaches the table that src lives behind in_port (in that port's VLAN). */
static void learn_from(uint32_t in_port, const char *src, int vid)
{
	frame(in_port, src, BCAST, vid);
	run_ok(0);
}

static void expect_l2_wc(uint16_t tci_mask)
{
	cr_expect_eq(x.out.wc.in_port, UINT32_MAX);
	cr_expect_eq(XFIX_WC(&x, dl_src), 0xffffffffffff);
	cr_expect_eq(XFIX_WC(&x, dl_dst), 0xffffffffffff);
	cr_expect_eq(XFIX_WC(&x, vlans[0].tci), tci_mask);
	cr_expect_eq(XFIX_WC(&x, vlans[0].tpid), 0);
	cr_expect_eq(XFIX_WC(&x, vlans[1].tci), 0);
	cr_expect_eq(x.out.wc.dl_type, 0, "L2 switching ignores the EtherType");
	cr_expect_eq(x.out.wc.nw_dst, 0);
}

Test(xlate_normal, unknown_unicast_floods_its_vlan)
{
	frame(P1, MAC_A, MAC_B, -1);
	run_ok(0);
	/* Untagged ports first, then one push for both trunks. */
	cr_expect_str_eq(x.text, "out:2 push(8100,vid=10,pcp=0) out:4 out:5");
	expect_l2_wc(0x1000);
	cr_expect(x.out.used_macs, "the lookup missed: a learn must revalidate");
}

Test(xlate_normal, learned_destination_gets_the_frame_alone)
{
	learn_from(P1, MAC_A, -1);
	frame(P2, MAC_B, MAC_A, -1);
	run_ok(1);
	cr_expect_str_eq(x.text, "out:1");
	expect_l2_wc(0x1000);
	cr_expect(x.out.used_macs);
	cr_expect_eq(x.out.mac_generation, fp_mac_table_generation(x.br.macs));
}

Test(xlate_normal, broadcast_floods_without_the_table)
{
	frame(P1, MAC_A, BCAST, -1);
	run_ok(0);
	cr_expect_str_eq(x.text, "out:2 push(8100,vid=10,pcp=0) out:4 out:5");
	cr_expect(!x.out.used_macs, "a flood by group address does not change on learning");
	cr_expect(x.out.learns, "but it keeps A's entry alive");
}

Test(xlate_normal, access_to_trunk_tags)
{
	learn_from(T1, MAC_C, 10);
	frame(P1, MAC_A, MAC_C, -1);
	run_ok(1);
	cr_expect_str_eq(x.text, "push(8100,vid=10,pcp=0) out:4");
	expect_l2_wc(0x1000);
}

Test(xlate_normal, trunk_to_access_untags)
{
	learn_from(P2, MAC_B, -1);
	frame(T1, MAC_C, MAC_B, 10);
	pkt.vlans[0].tci |= htons(5 << FP_VLAN_PCP_SHIFT);
	run_ok(1);
	cr_expect_str_eq(x.text, "pop out:2");
	expect_l2_wc(0x1fff);
}

Test(xlate_normal, trunk_to_trunk_keeps_tag_and_priority)
{
	learn_from(T2, MAC_B, 10);
	frame(T1, MAC_C, MAC_B, 10);
	pkt.vlans[0].tci |= htons(5 << FP_VLAN_PCP_SHIFT);
	run_ok(1);
	cr_expect_str_eq(x.text, "out:5");
	expect_l2_wc(0x1fff);
}

Test(xlate_normal, vlans_are_isolated)
{
	learn_from(P2, MAC_B, -1);	/* B in VLAN 10 */
	frame(P3, MAC_A, MAC_B, -1);	/* from VLAN 20 */
	run_ok(1);
	cr_expect_str_eq(x.text, "push(8100,vid=20,pcp=0) out:4",
			 "only t1 carries VLAN 20; B's VLAN 10 entry is not used");
}

Test(xlate_normal, same_mac_in_two_vlans_is_two_hosts)
{
	learn_from(P2, MAC_B, -1);	/* B, VLAN 10, behind p2 */
	learn_from(P3, MAC_B, -1);	/* B, VLAN 20, behind p3 */
	frame(T1, MAC_C, MAC_B, 20);
	run_ok(1);
	cr_expect_str_eq(x.text, "pop out:3");
	frame(T1, MAC_C, MAC_B, 10);
	run_ok(1);
	cr_expect_str_eq(x.text, "pop out:2");
}

Test(xlate_normal, trunk_drops_vlans_it_does_not_carry)
{
	frame(T2, MAC_A, BCAST, 20);
	run_ok(0);
	cr_expect_str_eq(x.text, "drop");
	cr_expect_str_eq(x.out.note, "action 1 (normal): port t2 does not trunk VLAN 20, dropped");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tci), 0x1fff);
	cr_expect_eq(fp_mac_table_count(x.br.macs), 0, "nothing learned");
}

Test(xlate_normal, untagged_on_a_trunk_is_vlan_0)
{
	frame(T2, MAC_A, BCAST, -1);
	run_ok(0);
	cr_expect_str_eq(x.text, "out:4", "t1 carries VLAN 0, untagged");
	expect_l2_wc(0x1000);
}

Test(xlate_normal, trunk_without_vlan_0_drops_untagged)
{
	x.ports[4].trunks[0] = 1ull << 10;	/* t2: VLAN 10 only */
	frame(T2, MAC_A, BCAST, -1);
	run_ok(0);
	cr_expect_str_eq(x.text, "drop");
	cr_expect(strstr(x.out.note, "VLAN 0"), "%s", x.out.note);
}

Test(xlate_normal, vlan_4095_is_never_carried)
{
	frame(T1, MAC_A, BCAST, 4095);
	run_ok(0);
	cr_expect_str_eq(x.text, "drop");
}

Test(xlate_normal, tagged_frame_on_access_port_is_dropped)
{
	frame(P1, MAC_A, BCAST, 10);
	run_ok(0);
	cr_expect_str_eq(x.text, "drop");
	cr_expect_str_eq(x.out.note, "action 1 (normal): frame tagged with VLAN 10 on access port p1, dropped");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tci), 0x1fff);
}

Test(xlate_normal, priority_tagged_frame_on_access_port_is_its_vlan)
{
	frame(P1, MAC_A, BCAST, 0);
	pkt.vlans[0].tci |= htons(3 << FP_VLAN_PCP_SHIFT);
	run_ok(0);
	/* Trunks get the tag with VID 10 and the frame's priority; p2 gets
	 * it untagged. */
	cr_expect_str_eq(x.text, "pop push(8100,vid=10,pcp=3) out:4 out:5 pop out:2");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tci), 0xffff, "PCP is carried over");
}

Test(xlate_normal, destination_on_the_input_port_drops)
{
	learn_from(P1, MAC_B, -1);
	frame(P1, MAC_A, MAC_B, -1);
	run_ok(1);
	cr_expect_str_eq(x.text, "drop");
	cr_expect(strstr(x.out.note, "input port"), "%s", x.out.note);
	expect_l2_wc(0x1000);
}

Test(xlate_normal, link_local_destinations_are_not_forwarded)
{
	frame(P1, MAC_A, "01:80:c2:00:00:0e", -1);	/* LLDP */
	run_ok(0);
	cr_expect_str_eq(x.text, "drop");
	cr_expect(strstr(x.out.note, "link-local"), "%s", x.out.note);

	frame(P1, MAC_A, "01:80:c2:00:00:10", -1);	/* not reserved */
	run_ok(0);
	cr_expect_str_eq(x.text, "out:2 push(8100,vid=10,pcp=0) out:4 out:5");
}

Test(xlate_normal, multicast_source_is_dropped_not_learned)
{
	frame(P1, "03:00:00:00:00:01", BCAST, -1);
	run_ok(0);
	cr_expect_str_eq(x.text, "drop");
	cr_expect_eq(fp_mac_table_count(x.br.macs), 0);
}

Test(xlate_normal, input_port_not_on_the_bridge_drops)
{
	frame(99, MAC_A, BCAST, -1);
	run_ok(0);
	cr_expect_str_eq(x.text, "drop");
	cr_expect_str_eq(x.out.note, "action 1 (normal): input port 99 is not on bridge br0, dropped");
	cr_expect_eq(x.out.wc.in_port, UINT32_MAX);
}

Test(xlate_normal, learning_records_port_and_vlan)
{
	struct fp_mac_info *e;
	uint8_t a[6];

	frame(T1, MAC_A, BCAST, 20);
	run_ok(42);
	cr_assert_eq(fp_mac_table_dump(x.br.macs, 42, &e), 1);
	xfix_mac(a, MAC_A);
	cr_expect_arr_eq(e[0].mac, a, 6);
	cr_expect_eq(e[0].vlan, 20);
	cr_expect_eq(e[0].port, T1);
	free(e);
}

Test(xlate_normal, without_may_learn_nothing_is_learned)
{
	frame(P1, MAC_A, BCAST, -1);
	cr_assert_eq(xfix_run(&x, &pkt, false, 0), 0);
	cr_expect_eq(fp_mac_table_count(x.br.macs), 0);
	cr_expect(x.out.learns, "a revalidator's re-translation may refresh it");
	frame(P2, MAC_B, MAC_A, -1);
	run_ok(0);
	cr_expect_str_eq(x.text, "out:1 push(8100,vid=10,pcp=0) out:4 out:5");
}

Test(xlate_normal, a_moved_host_is_followed)
{
	uint64_t g;

	learn_from(P1, MAC_A, -1);
	g = fp_mac_table_generation(x.br.macs);
	learn_from(P2, MAC_A, -1);
	cr_expect_neq(fp_mac_table_generation(x.br.macs), g,
		      "flows towards A's old port are stale");
	frame(T1, MAC_C, MAC_A, 10);
	run_ok(1);
	cr_expect_str_eq(x.text, "pop out:2");
}

Test(xlate_normal, aged_out_destination_is_flooded_again)
{
	learn_from(P2, MAC_B, -1);	/* at t = 0 */
	frame(P1, MAC_A, MAC_B, -1);
	run_ok(299999);
	cr_expect_str_eq(x.text, "out:2");
	frame(P1, MAC_A, MAC_B, -1);
	run_ok(300000);
	cr_expect_str_eq(x.text, "out:2 push(8100,vid=10,pcp=0) out:4 out:5");
}

Test(xlate_normal, learned_port_gone_from_the_bridge_floods)
{
	uint8_t b[6];

	xfix_mac(b, MAC_B);
	cr_assert_eq(fp_mac_learn(x.br.macs, b, 10, 77, 0), 1);
	frame(P1, MAC_A, MAC_B, -1);
	run_ok(0);
	cr_expect_str_eq(x.text, "out:2 push(8100,vid=10,pcp=0) out:4 out:5");
}

Test(xlate_normal, learned_port_moved_out_of_the_vlan_floods)
{
	learn_from(T2, MAC_B, 10);
	x.ports[4].trunks[0] = 1;	/* t2 now carries VLAN 0 only */
	frame(P1, MAC_A, MAC_B, -1);
	run_ok(1);
	cr_expect_str_eq(x.text, "out:2 push(8100,vid=10,pcp=0) out:4");
}

Test(xlate_normal, without_a_mac_table_normal_floods)
{
	fp_mac_table_destroy(x.br.macs);
	x.br.macs = NULL;
	frame(P1, MAC_A, MAC_B, -1);
	run_ok(0);
	cr_expect_str_eq(x.text, "out:2 push(8100,vid=10,pcp=0) out:4 out:5");
	cr_expect(!x.out.used_macs);
}

Test(xlate_normal, flood_action_is_vlan_aware_and_does_not_learn)
{
	x.acts.acts[0].type = FP_RACT_FLOOD;
	learn_from(P2, MAC_B, -1);
	cr_expect_eq(fp_mac_table_count(x.br.macs), 0);
	frame(T1, MAC_A, MAC_B, 20);
	run_ok(0);
	cr_expect_str_eq(x.text, "pop out:3");
	cr_expect(!x.out.learns);
	cr_expect_eq(XFIX_WC(&x, dl_src), 0, "flood reads no address");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tci), 0x1fff);
}

Test(xlate_normal, normal_after_pop_vlan_sees_the_popped_frame)
{
	x.acts.n = 0;
	xfix_add(&x, FP_RACT_POP_VLAN);
	xfix_add(&x, FP_RACT_NORMAL);
	frame(T1, MAC_A, BCAST, 10);
	run_ok(0);
	/* Untagged on t1 is VLAN 0: only t2 carries it besides t1. */
	cr_expect_str_eq(x.text, "pop out:5");
}

Test(xlate_normal, an_output_after_normal_sees_the_frame_as_before)
{
	learn_from(T1, MAC_C, 10);
	xfix_output(&x, "p2");
	frame(P1, MAC_A, MAC_C, -1);
	run_ok(1);
	cr_expect_str_eq(x.text, "push(8100,vid=10,pcp=0) out:4 pop out:2");
}
