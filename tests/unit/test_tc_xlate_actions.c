// SPDX-License-Identifier: GPL-2.0
/*
 * Datapath actions -> tc actions (tc_xlate_actions, and tc_xlate_flow for
 * both halves). Action lists come from the odp_actions builder; the kinds
 * it cannot build (recirc, hash, masked rewrites of the IP protocol, ...)
 * are written as raw attributes.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/openvswitch.h>
#include <linux/tc_act/tc_csum.h>
#include <netinet/in.h>

#include "odp_actions.h"
#include "odp_nla.h"
#include "tc_xlate.h"

#define CSUM_IP4 TCA_CSUM_UPDATE_FLAG_IPV4HDR
#define CSUM_TCP TCA_CSUM_UPDATE_FLAG_TCP
#define CSUM_UDP TCA_CSUM_UPDATE_FLAG_UDP
#define CSUM_ICMP TCA_CSUM_UPDATE_FLAG_ICMP

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

static struct fp_flow key, to;
static struct fp_odp_actions a;
static struct tc_flower f;
static char why[TC_XLATE_WHY_LEN];

/* A TCP/IPv4 flow; `to` is what set_diff() rewrites it into. */
static void setup(void)
{
	fp_flow_zero(&key);
	key.in_port = 1;
	memcpy(key.dl_src, "\x02\x00\x00\x00\x00\x01", 6);
	memcpy(key.dl_dst, "\x02\x00\x00\x00\x00\x02", 6);
	key.dl_type = htons(ETH_P_IP);
	key.nw_proto = IPPROTO_TCP;
	key.nw_src = inet_addr("10.0.0.1");
	key.nw_dst = inet_addr("10.0.0.2");
	key.nw_ttl = 64;
	key.tp_src = htons(40000);
	key.tp_dst = htons(80);
	to = key;
	fp_odp_actions_init(&a);
	memset(&f, 0, sizeof(f));
	why[0] = '\0';
}

TestSuite(tc_xlate_actions, .init = setup);

static int xlate_raw(void)
{
	cr_assert_not(a.overflow);
	return tc_xlate_actions(a.buf, a.len, &key, lookup, NULL, &f, why, sizeof(why));
}

static void xlate_ok(size_t n_acts)
{
	cr_assert_eq(xlate_raw(), 0, "refused: %s", why);
	cr_assert_eq(f.n_acts, n_acts, "%zu tc actions, not %zu", f.n_acts, n_acts);
}

static void refused(int err, const char *words)
{
	cr_assert_eq(xlate_raw(), err, "accepted, or: %s", why);
	cr_expect_neq(strstr(why, words), NULL, "why \"%s\" says %s", why, words);
}

/* The rewrite from key to `to`, as set_masked() actions. */
static void put_diff(void)
{
	cr_assert_eq(fp_odp_put_set_diff(&a, &key, &to), 0);
}

static void raw(uint16_t type, const void *payload, size_t len)
{
	struct fp_nla_buf b = { .data = a.buf, .size = sizeof(a.buf), .len = a.len };

	fp_nla_put(&b, type, payload, len);
	a.len = b.len;
	a.overflow = b.overflow;
}

/* set() (mask NULL) or set_masked() of one key attribute. */
static void raw_set(uint16_t key_type, const void *val, const void *mask, size_t len)
{
	struct fp_nla_buf b = { .data = a.buf, .size = sizeof(a.buf), .len = a.len };
	uint8_t both[2 * sizeof(struct ovs_key_ipv6)];
	size_t nest;

	memcpy(both, val, len);
	if (mask)
		memcpy(both + len, mask, len);
	nest = fp_nla_nest_start(&b, mask ? OVS_ACTION_ATTR_SET_MASKED : OVS_ACTION_ATTR_SET);
	fp_nla_put(&b, key_type, both, mask ? 2 * len : len);
	fp_nla_nest_end(&b, nest);
	a.len = b.len;
	a.overflow = b.overflow;
}

static void expect_output(size_t i, int ifindex, bool mirror, bool ingress)
{
	cr_expect_eq(f.acts[i].kind, TC_ACT_OUTPUT, "act %zu is %d", i, f.acts[i].kind);
	cr_expect_eq(f.acts[i].out.ifindex, ifindex, "act %zu", i);
	cr_expect_eq(f.acts[i].out.mirror, mirror, "act %zu mirror", i);
	cr_expect_eq(f.acts[i].out.ingress, ingress, "act %zu ingress", i);
}

static void expect_word(size_t act, size_t k, uint8_t htype, uint32_t off,
			uint32_t val, uint32_t mask)
{
	const struct tc_pedit_word *w = &f.acts[act].pedit.keys[k];

	cr_expect_eq(w->htype, htype, "key %zu htype %u", k, w->htype);
	cr_expect_eq(w->off, off, "key %zu off %u", k, w->off);
	cr_expect_eq(w->val, htonl(val), "key %zu val %#x", k, ntohl(w->val));
	cr_expect_eq(w->mask, htonl(mask), "key %zu mask %#x", k, ntohl(w->mask));
}

static void expect_csum(size_t i, uint32_t flags)
{
	cr_expect_eq(f.acts[i].kind, TC_ACT_CSUM, "act %zu is %d", i, f.acts[i].kind);
	cr_expect_eq(f.acts[i].csum_flags, flags, "flags %#x", f.acts[i].csum_flags);
}

/* ---- outputs and drops ---- */

Test(tc_xlate_actions, empty_list_is_a_drop)
{
	xlate_ok(1);
	cr_expect_eq(f.acts[0].kind, TC_ACT_DROP);
}

Test(tc_xlate_actions, last_output_is_a_redirect)
{
	fp_odp_put_output(&a, 2);
	xlate_ok(1);
	expect_output(0, 12, false, false);
}

Test(tc_xlate_actions, output_to_internal_port_goes_to_ingress)
{
	fp_odp_put_output(&a, 3);
	xlate_ok(1);
	expect_output(0, 13, false, true);
}

Test(tc_xlate_actions, outputs_before_the_last_are_mirrors)
{
	fp_odp_put_output(&a, 2);
	fp_odp_put_output(&a, 3);
	fp_odp_put_output(&a, 4);
	xlate_ok(3);
	expect_output(0, 12, true, false);
	expect_output(1, 13, true, true);
	expect_output(2, 14, false, false);
}

Test(tc_xlate_actions, list_not_ending_in_output_ends_in_drop)
{
	fp_odp_put_output(&a, 2);
	fp_odp_put_push_vlan(&a, htons(ETH_P_8021Q), htons(7));
	xlate_ok(3);
	expect_output(0, 12, true, false);
	cr_expect_eq(f.acts[1].kind, TC_ACT_VLAN_PUSH);
	cr_expect_eq(f.acts[2].kind, TC_ACT_DROP, "the packet is consumed");
}

Test(tc_xlate_actions, set_after_last_output_ends_in_drop)
{
	fp_odp_put_output(&a, 2);
	to.dl_dst[5] = 0x99;
	put_diff();
	xlate_ok(3);
	expect_output(0, 12, true, false);
	cr_expect_eq(f.acts[1].kind, TC_ACT_PEDIT);
	cr_expect_eq(f.acts[2].kind, TC_ACT_DROP);
}

Test(tc_xlate_actions, explicit_drop_action)
{
	uint32_t reason = 0;

	raw(24 /* OVS_ACTION_ATTR_DROP */, &reason, sizeof(reason));
	xlate_ok(1);
	cr_expect_eq(f.acts[0].kind, TC_ACT_DROP, "one drop, not two");
}

Test(tc_xlate_actions, output_to_unknown_port_refused)
{
	fp_odp_put_output(&a, 9);
	refused(-EOPNOTSUPP, "port 9");
}

/* ---- VLAN ---- */

Test(tc_xlate_actions, push_vlan_tpid_vid_prio)
{
	fp_odp_put_push_vlan(&a, htons(ETH_P_8021AD), htons(5 << 13 | 100));
	fp_odp_put_output(&a, 2);
	xlate_ok(2);
	cr_expect_eq(f.acts[0].kind, TC_ACT_VLAN_PUSH);
	cr_expect_eq(f.acts[0].vlan.tpid, htons(ETH_P_8021AD));
	cr_expect_eq(f.acts[0].vlan.vid, 100, "without the present bit");
	cr_expect_eq(f.acts[0].vlan.prio, 5);
	expect_output(1, 12, false, false);
}

Test(tc_xlate_actions, push_vlan_of_other_tpid_refused)
{
	fp_odp_put_push_vlan(&a, htons(0x9100), htons(100));
	refused(-EOPNOTSUPP, "0x9100");
}

Test(tc_xlate_actions, pop_vlan)
{
	fp_odp_put_pop_vlan(&a);
	fp_odp_put_output(&a, 2);
	xlate_ok(2);
	cr_expect_eq(f.acts[0].kind, TC_ACT_VLAN_POP);
}

/* ---- header rewrites ---- */

Test(tc_xlate_actions, eth_dst_rewrite_pedit_words)
{
	memcpy(to.dl_dst, "\x0a\x0b\x0c\x0d\x0e\x0f", 6);
	put_diff();
	fp_odp_put_output(&a, 2);
	xlate_ok(2);
	cr_assert_eq(f.acts[0].kind, TC_ACT_PEDIT);
	cr_assert_eq(f.acts[0].pedit.n, 2);
	expect_word(0, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_ETH, 0, 0x0a0b0c0d, 0xffffffff);
	expect_word(0, 1, TCA_PEDIT_KEY_EX_HDR_TYPE_ETH, 4, 0x0e0f0000, 0xffff0000);
	expect_output(1, 12, false, false);	/* no csum: Ethernet has none */
}

Test(tc_xlate_actions, eth_src_rewrite_pedit_words)
{
	memcpy(to.dl_src, "\x0a\x0b\x0c\x0d\x0e\x0f", 6);
	put_diff();
	xlate_ok(2);
	cr_assert_eq(f.acts[0].pedit.n, 2);
	expect_word(0, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_ETH, 4, 0x00000a0b, 0x0000ffff);
	expect_word(0, 1, TCA_PEDIT_KEY_EX_HDR_TYPE_ETH, 8, 0x0c0d0e0f, 0xffffffff);
}

Test(tc_xlate_actions, ipv4_dst_rewrite_pedit_and_csum)
{
	to.nw_dst = inet_addr("192.168.1.2");
	put_diff();
	fp_odp_put_output(&a, 2);
	xlate_ok(3);
	cr_assert_eq(f.acts[0].pedit.n, 1);
	expect_word(0, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_IP4, 16, 0xc0a80102, 0xffffffff);
	expect_csum(1, CSUM_IP4 | CSUM_TCP);
	expect_output(2, 12, false, false);
}

Test(tc_xlate_actions, ipv4_ttl_and_tos_rewrite_only_ip_checksum)
{
	to.nw_ttl = 63;
	to.nw_tos = 0xb8;
	put_diff();
	xlate_ok(3);
	cr_assert_eq(f.acts[0].pedit.n, 2);
	expect_word(0, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_IP4, 0, 0x00b80000, 0x00ff0000);
	expect_word(0, 1, TCA_PEDIT_KEY_EX_HDR_TYPE_IP4, 8, 0x3f000000, 0xff000000);
	expect_csum(1, CSUM_IP4);
}

Test(tc_xlate_actions, ipv4_src_rewrite_of_udp_flow)
{
	key.nw_proto = to.nw_proto = IPPROTO_UDP;
	to.nw_src = inet_addr("10.9.9.9");
	put_diff();
	xlate_ok(3);
	expect_word(0, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_IP4, 12, 0x0a090909, 0xffffffff);
	expect_csum(1, CSUM_IP4 | CSUM_UDP);
}

Test(tc_xlate_actions, ipv4_rewrite_of_icmp_flow_no_l4_checksum)
{
	key.nw_proto = to.nw_proto = IPPROTO_ICMP;
	to.nw_src = inet_addr("10.9.9.9");
	put_diff();
	xlate_ok(3);
	expect_csum(1, CSUM_IP4);
}

Test(tc_xlate_actions, tcp_port_rewrite)
{
	to.tp_dst = htons(8080);
	put_diff();
	fp_odp_put_output(&a, 2);
	xlate_ok(3);
	cr_assert_eq(f.acts[0].pedit.n, 1);
	expect_word(0, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_TCP, 0, 8080, 0x0000ffff);
	expect_csum(1, CSUM_TCP);
}

Test(tc_xlate_actions, udp_port_rewrite)
{
	key.nw_proto = to.nw_proto = IPPROTO_UDP;
	to.tp_src = htons(5353);
	put_diff();
	xlate_ok(3);
	expect_word(0, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_UDP, 0, 5353u << 16, 0xffff0000);
	expect_csum(1, CSUM_UDP);
}

static void ipv6_flow(uint8_t proto)
{
	key.dl_type = htons(ETH_P_IPV6);
	key.nw_src = key.nw_dst = 0;
	key.nw_proto = proto;
	cr_assert_eq(inet_pton(AF_INET6, "2001:db8::1", &key.ipv6_src), 1);
	cr_assert_eq(inet_pton(AF_INET6, "2001:db8::2", &key.ipv6_dst), 1);
	to = key;
}

Test(tc_xlate_actions, ipv6_dst_rewrite_words_and_csum)
{
	ipv6_flow(IPPROTO_TCP);
	cr_assert_eq(inet_pton(AF_INET6, "2001:db8:1:2:3:4:5:6", &to.ipv6_dst), 1);
	put_diff();
	xlate_ok(3);
	cr_assert_eq(f.acts[0].pedit.n, 4);
	expect_word(0, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_IP6, 24, 0x20010db8, 0xffffffff);
	expect_word(0, 1, TCA_PEDIT_KEY_EX_HDR_TYPE_IP6, 28, 0x00010002, 0xffffffff);
	expect_word(0, 2, TCA_PEDIT_KEY_EX_HDR_TYPE_IP6, 32, 0x00030004, 0xffffffff);
	expect_word(0, 3, TCA_PEDIT_KEY_EX_HDR_TYPE_IP6, 36, 0x00050006, 0xffffffff);
	expect_csum(1, CSUM_TCP);
}

Test(tc_xlate_actions, ipv6_src_rewrite_of_icmpv6_flow)
{
	ipv6_flow(IPPROTO_ICMPV6);
	to.ipv6_src.s6_addr[15] = 9;
	put_diff();
	xlate_ok(3);
	expect_word(0, 3, TCA_PEDIT_KEY_EX_HDR_TYPE_IP6, 20, 0x00000009, 0xffffffff);
	expect_csum(1, CSUM_ICMP);
}

Test(tc_xlate_actions, ipv6_tclass_label_hlimit_no_checksum)
{
	ipv6_flow(IPPROTO_UDP);
	to.nw_tos = 0xb8;
	to.ipv6_label = htonl(0x12345);
	to.nw_ttl = 1;
	put_diff();
	xlate_ok(2);
	cr_assert_eq(f.acts[0].pedit.n, 2);
	expect_word(0, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_IP6, 0, 0x0b812345, 0x0fffffff);
	expect_word(0, 1, TCA_PEDIT_KEY_EX_HDR_TYPE_IP6, 4, 0x00000001, 0x000000ff);
	cr_expect_eq(f.acts[1].kind, TC_ACT_DROP, "no csum: IPv6 has no header checksum");
}

Test(tc_xlate_actions, address_rewrite_of_unknown_protocol_asks_all)
{
	/* The masked key: ip_proto not matched, so any L4 checksum may be stale. */
	key.nw_proto = 0;
	to = key;
	to.nw_dst = inet_addr("10.0.0.9");
	put_diff();
	xlate_ok(3);
	expect_csum(1, CSUM_IP4 | CSUM_TCP | CSUM_UDP);
}

Test(tc_xlate_actions, consecutive_sets_are_one_pedit_one_csum)
{
	to.dl_dst[5] = 0x99;
	to.nw_dst = inet_addr("10.0.0.9");
	to.tp_dst = htons(8080);
	put_diff();	/* three set_masked() actions */
	fp_odp_put_output(&a, 2);
	xlate_ok(3);
	cr_assert_eq(f.acts[0].kind, TC_ACT_PEDIT);
	cr_expect_eq(f.acts[0].pedit.n, 4, "2 eth + 1 ip + 1 tcp words");
	expect_csum(1, CSUM_IP4 | CSUM_TCP);
	expect_output(2, 12, false, false);
}

Test(tc_xlate_actions, sets_between_outputs_apply_in_order)
{
	struct fp_flow mid;

	to.nw_dst = inet_addr("10.0.0.9");
	fp_odp_put_output(&a, 2);
	put_diff();
	fp_odp_put_output(&a, 4);
	mid = to;
	to.nw_dst = inet_addr("10.0.0.10");
	cr_assert_eq(fp_odp_put_set_diff(&a, &mid, &to), 0);
	fp_odp_put_output(&a, 3);
	xlate_ok(7);
	expect_output(0, 12, true, false);
	expect_word(1, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_IP4, 16, 0x0a000009, 0xffffffff);
	expect_csum(2, CSUM_IP4 | CSUM_TCP);
	expect_output(3, 14, true, false);
	expect_word(4, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_IP4, 16, 0x0a00000a, 0xffffffff);
	expect_csum(5, CSUM_IP4 | CSUM_TCP);
	expect_output(6, 13, false, true);
}

Test(tc_xlate_actions, same_word_rewritten_twice_merged)
{
	struct ovs_key_ethernet v, m;

	memset(&v, 0, sizeof(v));
	memset(&m, 0, sizeof(m));
	v.eth_dst[0] = 0xaa;
	m.eth_dst[0] = 0xff;
	raw_set(OVS_KEY_ATTR_ETHERNET, &v, &m, sizeof(v));
	v.eth_dst[0] = 0;
	m.eth_dst[0] = 0;
	v.eth_dst[1] = 0xbb;
	m.eth_dst[1] = 0xff;
	raw_set(OVS_KEY_ATTR_ETHERNET, &v, &m, sizeof(v));
	xlate_ok(2);
	cr_assert_eq(f.acts[0].pedit.n, 1);
	expect_word(0, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_ETH, 0, 0xaabb0000, 0xffff0000);
}

Test(tc_xlate_actions, unmasked_set_ipv4_rewrites_all_but_proto_frag)
{
	struct ovs_key_ipv4 v = {
		.ipv4_src = inet_addr("1.2.3.4"), .ipv4_dst = inet_addr("5.6.7.8"),
		.ipv4_proto = IPPROTO_TCP, .ipv4_tos = 0x04, .ipv4_ttl = 9,
	};

	raw_set(OVS_KEY_ATTR_IPV4, &v, NULL, sizeof(v));
	xlate_ok(3);
	cr_assert_eq(f.acts[0].pedit.n, 4);
	expect_word(0, 0, TCA_PEDIT_KEY_EX_HDR_TYPE_IP4, 0, 0x00040000, 0x00ff0000);
	expect_word(0, 1, TCA_PEDIT_KEY_EX_HDR_TYPE_IP4, 8, 0x09000000, 0xff000000);
	expect_word(0, 2, TCA_PEDIT_KEY_EX_HDR_TYPE_IP4, 12, 0x01020304, 0xffffffff);
	expect_word(0, 3, TCA_PEDIT_KEY_EX_HDR_TYPE_IP4, 16, 0x05060708, 0xffffffff);
	expect_csum(1, CSUM_IP4 | CSUM_TCP);
}

/* ---- refusals ---- */

Test(tc_xlate_actions, masked_ip_proto_rewrite_refused)
{
	struct ovs_key_ipv4 v, m;

	memset(&v, 0, sizeof(v));
	memset(&m, 0, sizeof(m));
	v.ipv4_proto = IPPROTO_UDP;
	m.ipv4_proto = 0xff;
	raw_set(OVS_KEY_ATTR_IPV4, &v, &m, sizeof(v));
	refused(-EOPNOTSUPP, "protocol");
}

Test(tc_xlate_actions, set_of_wrong_length_refused)
{
	uint8_t v[8] = { 0 };

	raw_set(OVS_KEY_ATTR_IPV4, v, NULL, sizeof(v));
	refused(-EINVAL, "8 bytes");
}

Test(tc_xlate_actions, set_skb_mark_refused)
{
	to.skb_mark = 7;
	put_diff();
	refused(-EOPNOTSUPP, "skb_mark");
}

Test(tc_xlate_actions, set_skb_priority_refused)
{
	to.skb_priority = 7;
	put_diff();
	refused(-EOPNOTSUPP, "skb_priority");
}

Test(tc_xlate_actions, set_sctp_ports_refused)
{
	key.nw_proto = to.nw_proto = IPPROTO_SCTP;
	to.tp_dst = htons(9);
	put_diff();
	refused(-EOPNOTSUPP, "sctp");
}

Test(tc_xlate_actions, userspace_refused)
{
	fp_odp_put_output(&a, 2);
	fp_odp_put_userspace(&a, 42, NULL, 0);
	refused(-EOPNOTSUPP, "userspace(): tc has no action that sends a packet up to flowpathd");
}

Test(tc_xlate_actions, recirc_refused)
{
	uint32_t id = 5;

	raw(OVS_ACTION_ATTR_RECIRC, &id, sizeof(id));
	refused(-EOPNOTSUPP, "recirc");
}

Test(tc_xlate_actions, hash_refused)
{
	struct ovs_action_hash h = { .hash_alg = OVS_HASH_ALG_L4, .hash_basis = 0 };

	raw(OVS_ACTION_ATTR_HASH, &h, sizeof(h));
	refused(-EOPNOTSUPP, "hash");
}

Test(tc_xlate_actions, trunc_refused)
{
	struct ovs_action_trunc t = { .max_len = 100 };

	raw(OVS_ACTION_ATTR_TRUNC, &t, sizeof(t));
	refused(-EOPNOTSUPP, "trunc");
}

Test(tc_xlate_actions, sample_refused)
{
	raw(OVS_ACTION_ATTR_SAMPLE, NULL, 0);
	refused(-EOPNOTSUPP, "sample");
}

Test(tc_xlate_actions, too_many_tc_actions_refused)
{
	uint32_t i;

	for (i = 0; i <= TC_FLOWER_MAX_ACTS; i++)
		fp_odp_put_output(&a, 1 + i % 4);
	refused(-EOPNOTSUPP, "more than 16 tc actions");
}

Test(tc_xlate_actions, exactly_max_tc_actions_accepted)
{
	uint32_t i;

	for (i = 0; i < TC_FLOWER_MAX_ACTS; i++)
		fp_odp_put_output(&a, 1 + i % 4);
	xlate_ok(TC_FLOWER_MAX_ACTS);
}

Test(tc_xlate_actions, too_many_pedit_words_refused)
{
	struct fp_flow v6 = key, v6_to;

	/* 3 Ethernet + 4 IPv4 + 10 IPv6 words, all before one output. */
	memset(to.dl_dst, 0xee, 6);
	memset(to.dl_src, 0xdd, 6);
	to.nw_src = to.nw_dst = inet_addr("1.1.1.1");
	to.nw_tos = 4;
	to.nw_ttl = 1;
	put_diff();
	v6.dl_type = htons(ETH_P_IPV6);
	v6.nw_src = v6.nw_dst = 0;
	v6_to = v6;
	memset(&v6_to.ipv6_src, 0x11, 16);
	memset(&v6_to.ipv6_dst, 0x22, 16);
	v6_to.ipv6_label = htonl(1);
	v6_to.nw_ttl = 1;
	cr_assert_eq(fp_odp_put_set_diff(&a, &v6, &v6_to), 0);
	fp_odp_put_output(&a, 2);
	refused(-EOPNOTSUPP, "16 32-bit pedit words");
}

Test(tc_xlate_actions, too_many_datapath_actions_refused)
{
	int i;

	for (i = 0; i <= TC_XLATE_MAX_ODP_ACTS; i++)
		fp_odp_put_pop_vlan(&a);
	refused(-EOPNOTSUPP, "datapath actions");
}

Test(tc_xlate_actions, malformed_list_refused)
{
	fp_odp_put_output(&a, 2);
	a.len -= 2;	/* cut inside the attribute */
	refused(-EINVAL, "do not parse");
}

/* ---- both halves ---- */

Test(tc_xlate_actions, flow_reads_checksum_kind_from_the_masked_key)
{
	struct fp_flow mask;

	fp_flow_zero(&mask);
	mask.in_port = UINT32_MAX;
	mask.dl_type = 0xffff;
	mask.vlans[0].tci = 0xffff;
	mask.nw_dst = 0xffffffff;	/* ip_proto not matched: UDP belongs too */
	to.nw_dst = inet_addr("10.0.0.9");
	put_diff();
	fp_odp_put_output(&a, 2);
	memset(&f, 0x5a, sizeof(f));
	cr_assert_eq(tc_xlate_flow(&key, &mask, a.buf, a.len, lookup, NULL, &f,
				   why, sizeof(why)), 0, "refused: %s", why);
	cr_expect_eq(f.ifindex, 11);
	cr_expect_eq(f.protocol, htons(ETH_P_IP));
	cr_expect_eq(f.key.ipv4_dst, key.nw_dst);
	cr_expect_eq(f.chain, 0, "zeroed: placement's business");
	cr_expect_eq(f.cookie_len, 0);
	cr_assert_eq(f.n_acts, 3);
	expect_csum(1, CSUM_IP4 | CSUM_TCP | CSUM_UDP);
	expect_output(2, 12, false, false);
}

Test(tc_xlate_actions, flow_refused_by_its_match)
{
	struct fp_flow mask;

	fp_flow_zero(&mask);
	mask.in_port = UINT32_MAX;
	mask.skb_mark = 1;
	fp_odp_put_output(&a, 2);
	cr_assert_eq(tc_xlate_flow(&key, &mask, a.buf, a.len, lookup, NULL, &f,
				   why, sizeof(why)), -EOPNOTSUPP);
	cr_expect_neq(strstr(why, "skb_mark"), NULL, "%s", why);
}
