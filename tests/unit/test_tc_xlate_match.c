// SPDX-License-Identifier: GPL-2.0
/*
 * Megaflow match -> flower keys (tc_xlate_match). Most megaflows here go
 * through fp_odp_flow_fixup_mask() first, so they are the ones the
 * datapath really holds (untagged frames match "no tag" exactly, ...);
 * a few are built by hand to reach the refusals of inconsistent masks.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/openvswitch.h>
#include <netinet/in.h>

#include "odp_flow.h"
#include "tc_xlate.h"

/* Datapath ports 1, 2 and 4 are devices 11, 12, 14; 3 is internal (13). */
static bool lookup(uint32_t odp_port, struct tc_port *p, void *arg)
{
	(void)arg;
	if (odp_port < 1 || odp_port > 4)
		return false;
	p->ifindex = (int)odp_port + 10;
	p->internal = odp_port == 3;
	return true;
}

static struct fp_flow key, mask;
static struct tc_flower f;
static char why[TC_XLATE_WHY_LEN];

/* A TCP/IPv4 packet from port 1, nothing of it matched yet but in_port. */
static void setup(void)
{
	fp_flow_zero(&key);
	fp_flow_zero(&mask);
	memset(&f, 0x5a, sizeof(f));	/* what the match leaves must show */
	why[0] = '\0';
	key.in_port = 1;
	memcpy(key.dl_src, "\x02\x00\x00\x00\x00\x01", 6);
	memcpy(key.dl_dst, "\x02\x00\x00\x00\x00\x02", 6);
	key.dl_type = htons(ETH_P_IP);
	key.nw_proto = IPPROTO_TCP;
	key.nw_src = inet_addr("10.0.0.1");
	key.nw_dst = inet_addr("10.0.0.2");
	key.nw_tos = 0x10;
	key.nw_ttl = 64;
	key.tp_src = htons(40000);
	key.tp_dst = htons(80);
	key.tcp_flags = htons(0x002);
	mask.in_port = UINT32_MAX;
}

TestSuite(tc_xlate_match, .init = setup);

static int xlate_raw(void)
{
	return tc_xlate_match(&key, &mask, lookup, NULL, &f, why, sizeof(why));
}

/* The megaflow as the datapath holds it, translated; must succeed. */
static void xlate_ok(void)
{
	fp_odp_flow_fixup_mask(&key, &mask);
	cr_assert_eq(xlate_raw(), 0, "refused: %s", why);
}

/* The hand-built mask as it is; must be refused naming field. */
static void refused_raw(const char *field)
{
	cr_assert_eq(xlate_raw(), -EOPNOTSUPP, "accepted, or %s", why);
	cr_expect_neq(strstr(why, field), NULL, "why \"%s\" names %s", why, field);
}

/* The megaflow as the datapath holds it; must be refused naming field. */
static void refused(const char *field)
{
	fp_odp_flow_fixup_mask(&key, &mask);
	refused_raw(field);
}

static void ipv6(const char *src, const char *dst)
{
	key.dl_type = htons(ETH_P_IPV6);
	key.nw_src = key.nw_dst = 0;
	cr_assert_eq(inet_pton(AF_INET6, src, &key.ipv6_src), 1);
	cr_assert_eq(inet_pton(AF_INET6, dst, &key.ipv6_dst), 1);
}

static void tag(int i, uint16_t tpid, uint16_t pcp, uint16_t vid)
{
	key.vlans[i].tpid = htons(tpid);
	key.vlans[i].tci = htons(pcp << FP_VLAN_PCP_SHIFT | FP_VLAN_PRESENT | vid);
}

/* ---- in_port, metadata ---- */

Test(tc_xlate_match, in_port_only_is_untagged_any_type)
{
	xlate_ok();
	cr_expect_eq(f.ifindex, 11);
	cr_expect_eq(f.protocol, htons(ETH_P_ALL));
	cr_expect_eq(f.mask.eth_type, 0, "no EtherType key under protocol all");
	cr_expect_eq(f.mask.num_of_vlans, 0xff,
		     "'no tag' must still be matched: protocol all takes tagged frames too");
	cr_expect_eq(f.key.num_of_vlans, 0);
	cr_expect_eq(f.mask.vlan_id, 0);
	cr_expect_eq(f.mask.ip_proto, 0);
	cr_expect_eq(f.mask.ipv4_dst, 0, "key bits outside the mask are not matched");
	cr_expect_eq(f.key.ipv4_dst, 0);
}

Test(tc_xlate_match, nothing_of_the_tags_matched_is_any_frame)
{
	/* Hand-built: not even "no tag", so tagged frames belong too. */
	cr_assert_eq(xlate_raw(), 0, "refused: %s", why);
	cr_expect_eq(f.protocol, htons(ETH_P_ALL));
	cr_expect_eq(f.mask.num_of_vlans, 0);
}

Test(tc_xlate_match, in_port_unmatched_refused)
{
	mask.in_port = 0;
	refused_raw("in_port");
}

Test(tc_xlate_match, in_port_partial_mask_refused)
{
	mask.in_port = 0xff;
	refused_raw("in_port");
}

Test(tc_xlate_match, in_port_unknown_refused)
{
	key.in_port = 9;
	refused("in_port 9");
}

Test(tc_xlate_match, recirc_id_zero_accepted_other_refused)
{
	mask.recirc_id = UINT32_MAX;
	xlate_ok();
	key.recirc_id = 5;
	refused("recirc_id");
}

Test(tc_xlate_match, skb_mark_refused)
{
	key.skb_mark = 7;
	mask.skb_mark = 0xff;
	refused("skb_mark");
}

Test(tc_xlate_match, skb_priority_refused)
{
	mask.skb_priority = UINT32_MAX;
	refused("skb_priority");
}

Test(tc_xlate_match, dp_hash_refused)
{
	key.dp_hash = 0x10;
	mask.dp_hash = 0xf0;
	refused("dp_hash");
}

/* ---- Ethernet, EtherType ---- */

Test(tc_xlate_match, eth_addresses_with_masks)
{
	memcpy(mask.dl_dst, "\xff\xff\xff\x00\x00\x00", 6);
	memset(mask.dl_src, 0xff, 6);
	key.dl_dst[5] = 0x77;	/* under a zero mask: not matched */
	xlate_ok();
	cr_expect_arr_eq(f.key.dst_mac, "\x02\x00\x00\x00\x00\x00", 6);
	cr_expect_arr_eq(f.mask.dst_mac, "\xff\xff\xff\x00\x00\x00", 6);
	cr_expect_arr_eq(f.key.src_mac, key.dl_src, 6);
	cr_expect_arr_eq(f.mask.src_mac, "\xff\xff\xff\xff\xff\xff", 6);
}

Test(tc_xlate_match, eth_type_is_the_protocol)
{
	mask.dl_type = 0xffff;
	xlate_ok();
	cr_expect_eq(f.protocol, htons(ETH_P_IP));
	cr_expect_eq(f.key.eth_type, htons(ETH_P_IP));
	cr_expect_eq(f.mask.eth_type, 0xffff);
	cr_expect_eq(f.mask.num_of_vlans, 0, "an IP protocol already excludes tags");
}

Test(tc_xlate_match, eth_type_partial_mask_refused)
{
	mask.dl_type = htons(0xff00);
	mask.vlans[0].tci = 0xffff;	/* "no tag", as the datapath has it */
	refused_raw("dl_type");
}

Test(tc_xlate_match, eth_type_of_an_802_2_frame_refused)
{
	key.dl_type = htons(FP_ETH_TYPE_NONE);
	mask.dl_type = 0xffff;
	refused("dl_type");
}

Test(tc_xlate_match, eth_type_without_tag_presence_refused)
{
	/* Hand-built: IPv4 with or without a tag, which flower cannot say. */
	mask.dl_type = 0xffff;
	refused_raw("vlan_tci");
}

Test(tc_xlate_match, l3_field_without_eth_type_refused)
{
	mask.nw_dst = 0xffffffff;
	mask.vlans[0].tci = 0xffff;
	refused_raw("nw_dst");
	cr_expect_neq(strstr(why, "dl_type"), NULL, "%s", why);
}

Test(tc_xlate_match, l3_field_of_other_eth_type_refused)
{
	key.dl_type = htons(0x8847);	/* MPLS: flower has no nw_tos for it */
	mask.dl_type = 0xffff;
	mask.nw_tos = 0xff;
	mask.vlans[0].tci = 0xffff;
	refused_raw("nw_tos");
}

/* ---- VLAN ---- */

Test(tc_xlate_match, one_tag_id_prio_and_inner_type)
{
	tag(0, ETH_P_8021Q, 5, 100);
	mask.vlans[0].tci = htons(0xefff);	/* pcp, present, vid */
	xlate_ok();
	cr_expect_eq(f.protocol, htons(ETH_P_8021Q), "the outer TPID");
	cr_expect_eq(f.key.vlan_id, 100);
	cr_expect_eq(f.mask.vlan_id, UINT16_MAX);
	cr_expect_eq(f.key.vlan_prio, 5);
	cr_expect_eq(f.mask.vlan_prio, UINT8_MAX);
	cr_expect_eq(f.key.vlan_eth_type, htons(ETH_P_IP), "what follows the tag");
	cr_expect_eq(f.mask.vlan_eth_type, 0xffff);
	cr_expect_eq(f.key.eth_type, htons(ETH_P_IP));
	cr_expect_eq(f.mask.cvlan_id, 0);
	cr_expect_eq(f.mask.cvlan_eth_type, 0);
}

Test(tc_xlate_match, qinq_outer_and_inner_tags)
{
	tag(0, ETH_P_8021AD, 0, 10);
	tag(1, ETH_P_8021Q, 3, 20);
	ipv6("2001:db8::1", "2001:db8::2");
	mask.vlans[0].tci = htons(FP_VLAN_PRESENT | FP_VLAN_VID_MASK);
	mask.vlans[1].tci = htons(0xf000 | FP_VLAN_VID_MASK);
	xlate_ok();
	cr_expect_eq(f.protocol, htons(ETH_P_8021AD));
	cr_expect_eq(f.key.vlan_id, 10);
	cr_expect_eq(f.mask.vlan_prio, 0, "outer priority not matched");
	cr_expect_eq(f.key.vlan_eth_type, htons(ETH_P_8021Q), "the inner TPID");
	cr_expect_eq(f.key.cvlan_id, 20);
	cr_expect_eq(f.mask.cvlan_id, UINT16_MAX);
	cr_expect_eq(f.key.cvlan_prio, 3);
	cr_expect_eq(f.key.cvlan_eth_type, htons(ETH_P_IPV6));
	cr_expect_eq(f.mask.cvlan_eth_type, 0xffff);
	cr_expect_eq(f.key.eth_type, htons(ETH_P_IPV6));
}

Test(tc_xlate_match, tag_present_any_id)
{
	tag(0, ETH_P_8021Q, 0, 100);
	mask.vlans[0].tci = htons(FP_VLAN_PRESENT);
	xlate_ok();
	cr_expect_eq(f.protocol, htons(ETH_P_8021Q));
	cr_expect_eq(f.mask.vlan_id, 0);
	cr_expect_eq(f.mask.vlan_prio, 0);
}

Test(tc_xlate_match, vlan_id_partial_mask_refused)
{
	tag(0, ETH_P_8021Q, 0, 100);
	mask.vlans[0].tci = htons(FP_VLAN_PRESENT | 0x0f0);
	refused("vlan_tci");
}

Test(tc_xlate_match, vlan_prio_partial_mask_refused)
{
	tag(0, ETH_P_8021Q, 4, 100);
	mask.vlans[0].tci = htons(0x8000 | FP_VLAN_PRESENT);
	refused("priority");
}

Test(tc_xlate_match, inner_vlan_id_partial_mask_refused)
{
	tag(0, ETH_P_8021AD, 0, 10);
	tag(1, ETH_P_8021Q, 0, 20);
	mask.vlans[1].tci = htons(FP_VLAN_PRESENT | 0x00f);
	refused("cvlan_tci");
}

Test(tc_xlate_match, unknown_tpid_refused)
{
	tag(0, 0x9100, 0, 100);
	refused("TPID 0x9100");
}

Test(tc_xlate_match, tagged_any_type_counts_the_tags)
{
	/* Hand-built: one tag, then no second one, any EtherType. */
	tag(0, ETH_P_8021Q, 0, 7);
	mask.vlans[0].tpid = 0xffff;
	mask.vlans[0].tci = htons(FP_VLAN_PRESENT | FP_VLAN_VID_MASK);
	mask.vlans[1].tci = 0xffff;
	cr_assert_eq(xlate_raw(), 0, "refused: %s", why);
	cr_expect_eq(f.protocol, htons(ETH_P_8021Q));
	cr_expect_eq(f.key.vlan_id, 7);
	cr_expect_eq(f.mask.vlan_eth_type, 0);
	cr_expect_eq(f.key.num_of_vlans, 1);
	cr_expect_eq(f.mask.num_of_vlans, 0xff);
}

/* ---- IP ---- */

Test(tc_xlate_match, ipv4_addresses_tos_ttl_with_masks)
{
	mask.nw_src = htonl(0xffffff00);
	mask.nw_dst = 0xffffffff;
	mask.nw_tos = 0xfc;
	mask.nw_ttl = 0xff;
	xlate_ok();
	cr_expect_eq(f.protocol, htons(ETH_P_IP));
	cr_expect_eq(f.key.ipv4_src, inet_addr("10.0.0.0"));
	cr_expect_eq(f.mask.ipv4_src, htonl(0xffffff00));
	cr_expect_eq(f.key.ipv4_dst, inet_addr("10.0.0.2"));
	cr_expect_eq(f.mask.ipv4_dst, 0xffffffff);
	cr_expect_eq(f.key.ip_tos, 0x10);
	cr_expect_eq(f.mask.ip_tos, 0xfc);
	cr_expect_eq(f.key.ip_ttl, 64);
	cr_expect_eq(f.mask.ip_ttl, 0xff);
	cr_expect_eq(f.mask.ip_proto, 0, "not matched, not widened");
}

Test(tc_xlate_match, ip_proto_exact)
{
	mask.nw_proto = 0xff;
	xlate_ok();
	cr_expect_eq(f.key.ip_proto, IPPROTO_TCP);
	cr_expect_eq(f.mask.ip_proto, 0xff);
}

Test(tc_xlate_match, ip_proto_partial_mask_refused)
{
	mask.nw_proto = 0x0f;
	refused("nw_proto");
}

Test(tc_xlate_match, ipv6_addresses_with_masks)
{
	ipv6("2001:db8::1", "2001:db8:1::2");
	memset(&mask.ipv6_src, 0xff, 8);	/* a /64 */
	memset(&mask.ipv6_dst, 0xff, 16);
	mask.nw_ttl = 0xff;
	xlate_ok();
	cr_expect_eq(f.protocol, htons(ETH_P_IPV6));
	cr_expect_arr_eq(&f.key.ipv6_src, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	cr_expect_arr_eq(&f.mask.ipv6_src, "\xff\xff\xff\xff\xff\xff\xff\xff\0\0\0\0\0\0\0\0", 16);
	cr_expect_arr_eq(&f.key.ipv6_dst, &key.ipv6_dst, 16);
	cr_expect_eq(f.key.ip_ttl, 64, "the hop limit");
	cr_expect_eq(f.mask.ipv4_src, 0);
}

Test(tc_xlate_match, ipv6_label_refused)
{
	ipv6("2001:db8::1", "2001:db8::2");
	key.ipv6_label = htonl(0x12345);
	mask.ipv6_label = htonl(0xfffff);
	refused("ipv6_label");
}

Test(tc_xlate_match, fragment_none_first_later)
{
	mask.nw_frag = 0xff;
	key.nw_frag = OVS_FRAG_TYPE_NONE;
	xlate_ok();
	cr_expect_eq(f.key.flags, 0);
	cr_expect_eq(f.mask.flags, TC_FLOWER_FRAG);

	key.nw_frag = OVS_FRAG_TYPE_FIRST;
	xlate_ok();
	cr_expect_eq(f.key.flags, TC_FLOWER_FRAG | TC_FLOWER_FRAG_FIRST);
	cr_expect_eq(f.mask.flags, TC_FLOWER_FRAG | TC_FLOWER_FRAG_FIRST);

	key.nw_frag = OVS_FRAG_TYPE_LATER;
	xlate_ok();
	cr_expect_eq(f.key.flags, TC_FLOWER_FRAG);
	cr_expect_eq(f.mask.flags, TC_FLOWER_FRAG | TC_FLOWER_FRAG_FIRST,
		     "a fragment, and not the first");
}

Test(tc_xlate_match, fragment_partial_mask_refused)
{
	key.nw_frag = OVS_FRAG_TYPE_FIRST;
	mask.nw_frag = 0x01;
	mask.dl_type = 0xffff;
	mask.vlans[0].tci = 0xffff;
	refused_raw("nw_frag");
}

/* ---- transport ---- */

Test(tc_xlate_match, tcp_ports_and_flags)
{
	mask.tp_src = htons(0xff00);
	mask.tp_dst = 0xffff;
	mask.tcp_flags = htons(0x0012);
	xlate_ok();
	cr_expect_eq(f.key.ip_proto, IPPROTO_TCP, "widened to exact by the datapath");
	cr_expect_eq(f.key.tp_src, htons(40000 & 0xff00));
	cr_expect_eq(f.mask.tp_src, htons(0xff00));
	cr_expect_eq(f.key.tp_dst, htons(80));
	cr_expect_eq(f.mask.tp_dst, 0xffff);
	cr_expect_eq(f.key.tcp_flags, htons(0x002));
	cr_expect_eq(f.mask.tcp_flags, htons(0x012));
}

Test(tc_xlate_match, udp_ports)
{
	key.nw_proto = IPPROTO_UDP;
	key.tcp_flags = 0;
	mask.tp_dst = 0xffff;
	xlate_ok();
	cr_expect_eq(f.key.ip_proto, IPPROTO_UDP);
	cr_expect_eq(f.key.tp_dst, htons(80));
	cr_expect_eq(f.mask.tp_src, 0);
}

Test(tc_xlate_match, sctp_ports)
{
	key.nw_proto = IPPROTO_SCTP;
	mask.tp_src = 0xffff;
	xlate_ok();
	cr_expect_eq(f.key.ip_proto, IPPROTO_SCTP);
	cr_expect_eq(f.key.tp_src, htons(40000));
	cr_expect_eq(f.mask.tp_src, 0xffff);
}

Test(tc_xlate_match, icmp_type_and_code)
{
	key.nw_proto = IPPROTO_ICMP;
	key.tp_src = htons(8);
	key.tp_dst = htons(0);
	mask.tp_src = mask.tp_dst = 0xffff;
	xlate_ok();
	cr_expect_eq(f.key.icmp_type, 8);
	cr_expect_eq(f.mask.icmp_type, 0xff);
	cr_expect_eq(f.key.icmp_code, 0);
	cr_expect_eq(f.mask.icmp_code, 0xff);
	cr_expect_eq(f.mask.tp_src, 0, "not as ports");
}

Test(tc_xlate_match, icmpv6_type_and_code)
{
	ipv6("2001:db8::1", "2001:db8::2");
	key.nw_proto = IPPROTO_ICMPV6;
	key.tp_src = htons(128);
	key.tp_dst = htons(0);
	mask.tp_src = 0xffff;
	xlate_ok();
	cr_expect_eq(f.protocol, htons(ETH_P_IPV6));
	cr_expect_eq(f.key.icmp_type, 128);
	cr_expect_eq(f.mask.icmp_type, 0xff);
	cr_expect_eq(f.mask.icmp_code, 0);
}

Test(tc_xlate_match, nd_target_refused)
{
	ipv6("2001:db8::1", "ff02::1:ff00:2");
	key.nw_proto = IPPROTO_ICMPV6;
	key.tp_src = htons(135);
	cr_assert_eq(inet_pton(AF_INET6, "2001:db8::2", &key.nd_target), 1);
	memset(&mask.nd_target, 0xff, 16);
	refused("nd_target");
}

Test(tc_xlate_match, nd_source_link_layer_address_refused)
{
	ipv6("2001:db8::1", "ff02::1:ff00:2");
	key.nw_proto = IPPROTO_ICMPV6;
	key.tp_src = htons(135);
	memcpy(key.arp_sha, "\x02\0\0\0\0\x01", 6);
	memset(mask.arp_sha, 0xff, 6);
	refused("nd_sll");
}

Test(tc_xlate_match, ports_without_ip_proto_refused)
{
	/* Hand-built: flower would ignore the port and match every packet. */
	mask.dl_type = 0xffff;
	mask.vlans[0].tci = 0xffff;
	mask.tp_dst = 0xffff;
	refused_raw("tp_dst");
	cr_expect_neq(strstr(why, "nw_proto"), NULL, "%s", why);
}

Test(tc_xlate_match, ports_of_another_protocol_refused)
{
	key.nw_proto = 47;	/* GRE: no ports in flower */
	mask.nw_proto = 0xff;
	mask.dl_type = 0xffff;
	mask.vlans[0].tci = 0xffff;
	mask.tp_src = 0xffff;
	refused_raw("tp_src");
}

/* ---- ARP ---- */

Test(tc_xlate_match, arp_fields)
{
	key.dl_type = htons(ETH_P_ARP);
	key.nw_proto = 1;	/* request */
	memcpy(key.arp_sha, "\x02\0\0\0\0\x01", 6);
	memcpy(key.arp_tha, "\x02\0\0\0\0\x02", 6);
	mask.nw_src = htonl(0xffff0000);
	mask.nw_dst = 0xffffffff;
	mask.nw_proto = 0xff;
	memset(mask.arp_sha, 0xff, 6);
	memcpy(mask.arp_tha, "\xff\xff\xff\0\0\0", 6);
	xlate_ok();
	cr_expect_eq(f.protocol, htons(ETH_P_ARP));
	cr_expect_eq(f.key.arp_sip, inet_addr("10.0.0.0"));
	cr_expect_eq(f.mask.arp_sip, htonl(0xffff0000));
	cr_expect_eq(f.key.arp_tip, inet_addr("10.0.0.2"));
	cr_expect_eq(f.key.arp_op, 1);
	cr_expect_eq(f.mask.arp_op, 0xff);
	cr_expect_arr_eq(f.key.arp_sha, key.arp_sha, 6);
	cr_expect_arr_eq(f.mask.arp_tha, "\xff\xff\xff\0\0\0", 6);
	cr_expect_eq(f.mask.ipv4_src, 0, "spa is not an IPv4 source");
	cr_expect_eq(f.mask.ip_proto, 0, "the opcode is not an IP protocol");
}

Test(tc_xlate_match, tcp_flags_beyond_12_bits_refused)
{
	/* Hand-built: flower's key has the 12 flag bits only. */
	mask.dl_type = 0xffff;
	mask.vlans[0].tci = 0xffff;
	mask.nw_proto = 0xff;
	mask.tcp_flags = 0xffff;
	refused_raw("tcp_flags");
}
