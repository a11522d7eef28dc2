// SPDX-License-Identifier: GPL-2.0
/*
 * Translation of every rule action but NORMAL and flood: outputs, VLAN
 * push/pop/rewrite, set_field and its commit before each output, the
 * wildcards each one needs, and the refusals.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "test_xlate_fixtures.h"

static struct xfix x;
static struct fp_flow pkt;

#define A_MAC "02:00:00:00:00:0a"
#define B_MAC "02:00:00:00:00:0b"

/* Ports p1..p3 = datapath ports 1..3; a TCP/IPv4 packet from p1. */
static void setup(void)
{
	xfix_init(&x);
	xfix_trunk(&x, "p1", 1, NULL, 0);
	xfix_trunk(&x, "p2", 2, NULL, 0);
	xfix_trunk(&x, "p3", 3, NULL, 0);
	xfix_eth(&pkt, 1, A_MAC, B_MAC);
	xfix_ipv4(&pkt, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 40000, 80);
}

static void teardown(void)
{
	xfix_fini(&x);
}

TestSuite(xlate_actions, .init = setup, .fini = teardown);

static void add_vlan_act(enum fp_ract_type type, unsigned int arg)
{
	struct fp_ract *a = xfix_add(&x, type);

	if (type == FP_RACT_PUSH_VLAN)
		a->tpid = htons((uint16_t)arg);
	else if (type == FP_RACT_SET_VLAN_VID)
		a->vid = (uint16_t)arg;
	else if (type == FP_RACT_SET_VLAN_PCP)
		a->pcp = (uint8_t)arg;
}

#define RUN_OK() cr_assert_eq(xfix_run(&x, &pkt, true, 0), 0, "%s", x.err)

/* Outputs ------------------------------------------------------------ */

Test(xlate_actions, no_rule_drops_and_reads_nothing)
{
	cr_expect_eq(xfix_run_no_rule(&x, &pkt), 0);
	cr_expect_str_eq(x.text, "drop");
	cr_expect(fp_flow_is_zero(&x.out.wc));
}

Test(xlate_actions, empty_action_list_drops)
{
	RUN_OK();
	cr_expect_str_eq(x.text, "drop");
	cr_expect(fp_flow_is_zero(&x.out.wc));
	cr_expect_str_eq(x.out.note, "");
}

Test(xlate_actions, output_by_name_matches_in_port_only)
{
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "out:2");
	cr_expect_eq(x.out.wc.in_port, UINT32_MAX,
		     "the output depends on whether p2 is the input");
	x.out.wc.in_port = 0;
	cr_expect(fp_flow_is_zero(&x.out.wc), "nothing else was read");
}

Test(xlate_actions, classifier_wildcards_are_kept)
{
	x.wc_in.nw_dst = htonl(0xffffff00);
	x.wc_in.tp_dst = 0xffff;
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_eq(x.out.wc.nw_dst, htonl(0xffffff00));
	cr_expect_eq(x.out.wc.tp_dst, 0xffff);
}

Test(xlate_actions, output_to_missing_port_is_skipped_and_noted)
{
	xfix_output(&x, "p9");
	xfix_output(&x, "p3");
	RUN_OK();
	cr_expect_str_eq(x.text, "out:3");
	cr_expect_str_eq(x.out.note,
			 "action 1 (output:p9): bridge br0 has no such port, skipped");
}

Test(xlate_actions, output_to_the_input_port_is_skipped)
{
	xfix_output(&x, "p1");
	xfix_output(&x, "p3");
	RUN_OK();
	cr_expect_str_eq(x.text, "out:3");
	cr_expect(strstr(x.out.note, "output:p1"), "%s", x.out.note);
	cr_expect(strstr(x.out.note, "came in on it"), "%s", x.out.note);
}

Test(xlate_actions, in_port_sends_the_packet_back)
{
	pkt.in_port = 2;
	xfix_add(&x, FP_RACT_IN_PORT);
	xfix_output(&x, "p3");
	RUN_OK();
	cr_expect_str_eq(x.text, "out:2 out:3");
	cr_expect_eq(x.out.wc.in_port, UINT32_MAX);
}

Test(xlate_actions, unknown_action_type_is_refused)
{
	xfix_output(&x, "p2");
	xfix_add(&x, (enum fp_ract_type)77);
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EINVAL);
	cr_expect_str_eq(x.text, "drop", "nothing half-translated is left");
	cr_expect(strstr(x.err, "action 2"), "%s", x.err);
}

/* VLAN actions --------------------------------------------------------- */

Test(xlate_actions, push_vlan_on_untagged)
{
	add_vlan_act(FP_RACT_PUSH_VLAN, 0x8100);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "push(8100,vid=0,pcp=0) out:2");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tci), 0x1000,
		     "only 'no tag yet' matters (a third tag is refused)");
	cr_expect_eq(XFIX_WC(&x, vlans[1].tci), 0);
}

Test(xlate_actions, push_then_mod_vid_is_one_push)
{
	add_vlan_act(FP_RACT_PUSH_VLAN, 0x8100);
	add_vlan_act(FP_RACT_SET_VLAN_VID, 10);
	add_vlan_act(FP_RACT_SET_VLAN_PCP, 5);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "push(8100,vid=10,pcp=5) out:2");
}

Test(xlate_actions, mod_vlan_vid_on_untagged_pushes_a_tag)
{
	add_vlan_act(FP_RACT_SET_VLAN_VID, 10);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "push(8100,vid=10,pcp=0) out:2");
}

Test(xlate_actions, mod_vlan_pcp_on_untagged_pushes_vid_0)
{
	add_vlan_act(FP_RACT_SET_VLAN_PCP, 3);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "push(8100,vid=0,pcp=3) out:2");
}

Test(xlate_actions, mod_vlan_vid_rewrites_the_tag_keeping_pcp)
{
	xfix_tag(&pkt, 0x8100, 5, 3);
	add_vlan_act(FP_RACT_SET_VLAN_VID, 10);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "pop push(8100,vid=10,pcp=3) out:2");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tci), 0xffff,
		     "the pushed tag carries the packet's PCP");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tpid), 0xffff);
}

Test(xlate_actions, mod_vlan_vid_to_the_same_vid_emits_nothing)
{
	xfix_tag(&pkt, 0x8100, 10, 3);
	add_vlan_act(FP_RACT_SET_VLAN_VID, 10);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "out:2");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tci), 0x1fff,
		     "a packet with another VID needs a rewrite: VID exact");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tpid), 0);
}

Test(xlate_actions, mod_vlan_pcp_rewrites_pcp)
{
	xfix_tag(&pkt, 0x8100, 5, 1);
	add_vlan_act(FP_RACT_SET_VLAN_PCP, 6);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "pop push(8100,vid=5,pcp=6) out:2");
}

Test(xlate_actions, pop_vlan_reads_only_the_present_bit)
{
	xfix_tag(&pkt, 0x8100, 5, 1);
	add_vlan_act(FP_RACT_POP_VLAN, 0);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "pop out:2");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tci), 0x1000);
	cr_expect_eq(XFIX_WC(&x, vlans[0].tpid), 0);
	cr_expect_eq(XFIX_WC(&x, vlans[1].tci), 0);
}

Test(xlate_actions, pop_vlan_on_untagged_does_nothing)
{
	add_vlan_act(FP_RACT_POP_VLAN, 0);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "out:2");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tci), 0x1000,
		     "a tagged packet would be popped");
}

Test(xlate_actions, pop_vlan_keeps_the_inner_tag)
{
	xfix_tag(&pkt, 0x8100, 100, 0);
	xfix_tag(&pkt, 0x88a8, 5, 0);
	add_vlan_act(FP_RACT_POP_VLAN, 0);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "pop out:2");
	cr_expect_eq(XFIX_WC(&x, vlans[1].tci), 0, "the inner tag is not read");
}

Test(xlate_actions, push_802_1ad_over_a_tag)
{
	xfix_tag(&pkt, 0x8100, 5, 0);
	add_vlan_act(FP_RACT_PUSH_VLAN, 0x88a8);
	add_vlan_act(FP_RACT_SET_VLAN_VID, 300);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "push(88a8,vid=300,pcp=0) out:2");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tci), 0x1000);
	cr_expect_eq(XFIX_WC(&x, vlans[1].tci), 0x1000,
		     "with two tags already, the push is refused");
}

Test(xlate_actions, a_third_tag_is_refused)
{
	xfix_tag(&pkt, 0x8100, 100, 0);
	xfix_tag(&pkt, 0x88a8, 5, 0);
	xfix_output(&x, "p3");
	add_vlan_act(FP_RACT_PUSH_VLAN, 0x8100);
	xfix_output(&x, "p2");
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EOPNOTSUPP);
	cr_expect_str_eq(x.text, "drop");
	cr_expect_str_eq(x.err, "action 2 (push_vlan): the packet already has 2 VLAN tags, the most a datapath flow can match");
}

Test(xlate_actions, bad_tpid_vid_pcp_are_refused)
{
	add_vlan_act(FP_RACT_PUSH_VLAN, 0x0800);
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EINVAL);
	cr_expect(strstr(x.err, "TPID 0x0800"), "%s", x.err);

	x.acts.n = 0;
	add_vlan_act(FP_RACT_SET_VLAN_VID, 4096);
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EINVAL);
	cr_expect_str_eq(x.err, "action 1 (mod_vlan_vid): VLAN ID 4096 is above 4095");

	x.acts.n = 0;
	add_vlan_act(FP_RACT_SET_VLAN_PCP, 8);
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EINVAL);
	cr_expect(strstr(x.err, "priority 8"), "%s", x.err);
}

Test(xlate_actions, each_output_gets_the_tags_of_its_moment)
{
	xfix_tag(&pkt, 0x8100, 5, 0);
	xfix_output(&x, "p1");	/* the input: skipped */
	xfix_output(&x, "p3");
	add_vlan_act(FP_RACT_POP_VLAN, 0);
	xfix_output(&x, "p2");
	add_vlan_act(FP_RACT_SET_VLAN_VID, 7);
	xfix_output(&x, "p3");
	RUN_OK();
	cr_expect_str_eq(x.text, "out:3 pop out:2 push(8100,vid=7,pcp=0) out:3");
}

Test(xlate_actions, a_new_tag_equal_to_the_old_one_depends_on_all_its_bits)
{
	/* pop, push, vid 5: the same tag as the packet's only if its PCP is
	 * 0 - the PCP of the arriving tag decides. */
	xfix_tag(&pkt, 0x8100, 5, 0);
	add_vlan_act(FP_RACT_POP_VLAN, 0);
	add_vlan_act(FP_RACT_PUSH_VLAN, 0x8100);
	add_vlan_act(FP_RACT_SET_VLAN_VID, 5);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "out:2");
	cr_expect_eq(XFIX_WC(&x, vlans[0].tci), 0xffff);
	cr_expect_eq(XFIX_WC(&x, vlans[0].tpid), 0xffff);

	pkt.vlans[0].tci |= htons(2 << FP_VLAN_PCP_SHIFT);
	RUN_OK();
	cr_expect_str_eq(x.text, "pop push(8100,vid=5,pcp=0) out:2");
}

/* set_field -------------------------------------------------------------- */

static uint32_t ip4(const char *s)
{
	return inet_addr(s);
}

Test(xlate_actions, set_commits_once_before_several_outputs)
{
	XFIX_SET(&x, nw_dst, ip4("10.0.0.9"));
	xfix_output(&x, "p2");
	xfix_output(&x, "p3");
	RUN_OK();
	cr_expect_str_eq(x.text, "set(ipv4:dst=10.0.0.9) out:2 out:3");
	cr_expect_eq(x.out.wc.nw_dst, UINT32_MAX,
		     "a packet already at 10.0.0.9 gets no set: match the old value");
	cr_expect_eq(x.out.wc.dl_type, 0xffff, "set(ipv4) needs an IPv4 match");
	cr_expect_eq(x.out.wc.nw_src, 0);
	cr_expect_eq(x.out.wc.nw_proto, 0);
}

Test(xlate_actions, changes_between_outputs_are_committed_at_each)
{
	XFIX_SET(&x, nw_dst, ip4("10.0.0.9"));
	xfix_output(&x, "p2");
	XFIX_SET(&x, tp_dst, htons(8080));
	xfix_output(&x, "p3");
	RUN_OK();
	cr_expect_str_eq(x.text,
			 "set(ipv4:dst=10.0.0.9) out:2 set(tcp:dst=8080) out:3");
	cr_expect_eq(x.out.wc.nw_proto, 0xff, "set(tcp) needs a TCP match");
	cr_expect_eq(x.out.wc.nw_frag, 0xff, "a later fragment has no ports");
	cr_expect_eq(x.out.wc.tp_dst, 0xffff);
	cr_expect_eq(x.out.wc.tp_src, 0);
}

Test(xlate_actions, two_fields_of_one_header_share_a_set)
{
	XFIX_SET(&x, nw_src, ip4("192.0.2.1"));
	XFIX_SET(&x, nw_dst, ip4("192.0.2.2"));
	XFIX_SET(&x, nw_ttl, 9);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text,
			 "set(ipv4:src=192.0.2.1,dst=192.0.2.2,ttl=9) out:2");
}

Test(xlate_actions, setting_the_value_it_has_emits_no_set)
{
	XFIX_SET(&x, nw_dst, ip4("10.0.0.2"));
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "out:2");
	cr_expect_eq(x.out.wc.nw_dst, UINT32_MAX);
}

Test(xlate_actions, a_set_back_to_the_original_value_is_undone_by_a_set)
{
	XFIX_SET(&x, nw_dst, ip4("10.0.0.9"));
	xfix_output(&x, "p2");
	XFIX_SET(&x, nw_dst, ip4("10.0.0.2"));
	xfix_output(&x, "p3");
	RUN_OK();
	cr_expect_str_eq(x.text,
			 "set(ipv4:dst=10.0.0.9) out:2 set(ipv4:dst=10.0.0.2) out:3");
}

Test(xlate_actions, changes_after_the_last_output_are_dropped)
{
	xfix_output(&x, "p2");
	XFIX_SET(&x, nw_dst, ip4("10.0.0.9"));
	add_vlan_act(FP_RACT_PUSH_VLAN, 0x8100);
	RUN_OK();
	cr_expect_str_eq(x.text, "out:2");
}

Test(xlate_actions, ethernet_addresses)
{
	uint8_t mac[6];

	xfix_mac(mac, "02:00:00:00:00:99");
	xfix_set(&x, offsetof(struct fp_flow, dl_src), mac, 6);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "set(eth:src=02:00:00:00:00:99) out:2");
	cr_expect_eq(XFIX_WC(&x, dl_src), 0xffffffffffff);
	cr_expect_eq(XFIX_WC(&x, dl_dst), 0);
	cr_expect_eq(x.out.wc.dl_type, 0, "any Ethernet frame has addresses");
}

Test(xlate_actions, ipv6_destination_and_udp_port)
{
	struct in6_addr dst;

	xfix_ipv6(&pkt, "2001:db8::1", "2001:db8::2", IPPROTO_UDP, 5000, 53);
	inet_pton(AF_INET6, "2001:db8::99", &dst);
	XFIX_SET(&x, ipv6_dst, dst);
	XFIX_SET(&x, tp_dst, htons(5353));
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text,
			 "set(ipv6:dst=2001:db8::99) set(udp:dst=5353) out:2");
}

Test(xlate_actions, skb_priority_and_mark)
{
	XFIX_SET(&x, skb_priority, 7);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "set(priority=7) out:2");
}

Test(xlate_actions, icmp_type_is_refused)
{
	xfix_ipv4(&pkt, "10.0.0.1", "10.0.0.2", IPPROTO_ICMP, 8, 0);
	XFIX_SET(&x, tp_src, htons(0));
	xfix_output(&x, "p2");
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EOPNOTSUPP);
	cr_expect_str_eq(x.err, "action 1 (set_field): the datapath has no action that rewrites ICMP type or code");
	cr_expect_str_eq(x.text, "drop");
}

Test(xlate_actions, arp_addresses_are_refused)
{
	pkt.dl_type = htons(0x0806);
	pkt.nw_proto = 1;
	XFIX_SET(&x, nw_dst, ip4("10.0.0.9"));
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EOPNOTSUPP);
	cr_expect(strstr(x.err, "ARP"), "%s", x.err);
}

Test(xlate_actions, fields_without_a_set_action_are_refused)
{
	XFIX_SET(&x, dl_type, htons(0x86dd));
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EOPNOTSUPP);
	cr_expect_str_eq(x.err, "action 1 (set_field): the datapath has no action that rewrites dl_type");

	x.acts.n = 0;
	XFIX_SET(&x, in_port, 3);
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EOPNOTSUPP);
	cr_expect(strstr(x.err, "in_port"), "%s", x.err);
}

Test(xlate_actions, a_field_the_packet_lacks_is_skipped_and_noted)
{
	/* mod_nw_dst on an IPv6 packet: nothing to rewrite, as in OVS. */
	xfix_ipv6(&pkt, "2001:db8::1", "2001:db8::2", IPPROTO_TCP, 1, 2);
	XFIX_SET(&x, nw_dst, ip4("10.0.0.9"));
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "out:2");
	cr_expect_str_eq(x.out.note, "action 1 (set_field): the packet has no nw_dst to rewrite, skipped");
	cr_expect_eq(x.out.wc.dl_type, 0xffff, "an IPv4 packet would be rewritten");
	cr_expect_eq(x.out.wc.nw_dst, 0);
}

Test(xlate_actions, ports_of_a_later_fragment_are_not_rewritten)
{
	pkt.nw_frag = 2;	/* OVS_FRAG_TYPE_LATER */
	XFIX_SET(&x, tp_dst, htons(8080));
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "out:2");
	cr_expect_eq(x.out.wc.nw_frag, 0xff);
}

Test(xlate_actions, vlan_tci_with_present_bit_pushes_or_strips)
{
	XFIX_SET(&x, vlans[0].tci, htons(0x1005));
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "push(8100,vid=5,pcp=0) out:2");

	x.acts.n = 0;
	xfix_tag(&pkt, 0x8100, 7, 0);
	XFIX_SET(&x, vlans[0].tci, htons(0));
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "pop out:2");
}

Test(xlate_actions, vlan_vid_set_field_needs_a_tag)
{
	struct fp_ract *a = xfix_add(&x, FP_RACT_SET_FIELD);

	a->set.value.vlans[0].tci = htons(9);
	a->set.mask.vlans[0].tci = htons(FP_VLAN_VID_MASK);
	xfix_output(&x, "p2");
	RUN_OK();
	cr_expect_str_eq(x.text, "out:2");
	cr_expect(strstr(x.out.note, "skipped"), "%s", x.out.note);

	xfix_tag(&pkt, 0x8100, 7, 4);
	RUN_OK();
	cr_expect_str_eq(x.text, "pop push(8100,vid=9,pcp=4) out:2");
}

/*
 * Every byte of a set_field mask must be checked: for each one alone, the
 * translation either refuses it, notes a skip, or changes the packet. A
 * byte that does none of these was applied without a check.
 */
Test(xlate_actions, every_mask_byte_is_refused_skipped_or_applied)
{
	xfix_tag(&pkt, 0x8100, 7, 0);
	for (size_t ofs = 0; ofs < sizeof(struct fp_flow); ofs++) {
		struct fp_ract *a;

		x.acts.n = 0;
		a = xfix_add(&x, FP_RACT_SET_FIELD);
		((uint8_t *)&a->set.mask)[ofs] = 0xff;
		((uint8_t *)&a->set.value)[ofs] = 0x5a ^ ((uint8_t *)&pkt)[ofs];
		xfix_output(&x, "p2");
		x.out.note[0] = '\0';
		if (xfix_run(&x, &pkt, true, 0))
			continue;
		cr_expect(x.out.note[0] || strcmp(x.text, "out:2"),
			  "mask byte %zu was neither refused, skipped nor applied", ofs);
	}
}

Test(xlate_actions, ipv6_label_mask_beyond_20_bits_is_refused)
{
	struct fp_ract *a = xfix_add(&x, FP_RACT_SET_FIELD);

	xfix_ipv6(&pkt, "2001:db8::1", "2001:db8::2", IPPROTO_TCP, 1, 2);
	a->set.value.ipv6_label = htonl(0x12345);
	a->set.mask.ipv6_label = htonl(0xffffffff);
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EINVAL);
	cr_expect(strstr(x.err, "20 bits"), "%s", x.err);
}

/* Limits ----------------------------------------------------------------- */

Test(xlate_actions, actions_too_long_for_the_buffer_are_refused)
{
	xfix_ipv6(&pkt, "2001:db8::1", "2001:db8::2", IPPROTO_TCP, 1, 2);
	/*
	 * 16 x (one set_field rewriting Ethernet, IPv6, TCP, priority and
	 * mark to alternating values, then an output): five set actions and
	 * an output each time, more than 2048 bytes in all.
	 */
	for (int i = 0; i < 16; i++) {
		struct fp_ract *a = xfix_add(&x, FP_RACT_SET_FIELD);
		struct fp_flow *v = &a->set.value, *m = &a->set.mask;

		memset(v->dl_src, 2 + 4 * (i % 2), 6);
		memset(v->ipv6_src.s6_addr, 0x20 + i % 2, 16);
		v->tp_dst = htons((uint16_t)(100 + i % 2));
		v->skb_priority = (uint32_t)(1 + i % 2);
		v->skb_mark = (uint32_t)(1 + i % 2);
		memset(m->dl_src, 0xff, 6);
		memset(m->ipv6_src.s6_addr, 0xff, 16);
		m->tp_dst = 0xffff;
		m->skb_priority = m->skb_mark = UINT32_MAX;
		xfix_output(&x, "p2");
	}
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EMSGSIZE);
	cr_expect_str_eq(x.err, "bridge br0: the datapath actions exceed 2048 bytes");
	cr_expect_eq(x.out.odp.len, 0);

	x.acts.n = 20;	/* 10 rounds fit */
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), 0, "%s", x.err);
}

Test(xlate_actions, too_many_actions_are_refused)
{
	x.acts.n = FP_RULE_MAX_ACTIONS + 1;
	cr_expect_eq(xfix_run(&x, &pkt, true, 0), -EINVAL);
	cr_expect(strstr(x.err, "33 actions"), "%s", x.err);
}
