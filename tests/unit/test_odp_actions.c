// SPDX-License-Identifier: GPL-2.0
/* The datapath action builder, the header rewrites and the list parser. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/openvswitch.h>

#include "odp_actions.h"
#include "odp_nla.h"

#define MAX_LIST 16

static struct fp_odp_action list[MAX_LIST];

static size_t parse_ok(const struct fp_odp_actions *a)
{
	size_t n;

	cr_assert_not(a->overflow);
	cr_assert_eq(fp_odp_actions_parse(a->buf, a->len, list, MAX_LIST, &n), 0);
	return n;
}

static void ipv4_flow(struct fp_flow *f)
{
	fp_flow_zero(f);
	f->in_port = 1;
	memcpy(f->dl_src, "\x02\x00\x00\x00\x00\x01", 6);
	memcpy(f->dl_dst, "\x02\x00\x00\x00\x00\x02", 6);
	f->dl_type = htons(ETH_P_IP);
	f->nw_src = inet_addr("10.0.0.1");
	f->nw_dst = inet_addr("10.0.0.2");
	f->nw_proto = IPPROTO_TCP;
	f->nw_ttl = 64;
	f->tp_src = htons(40000);
	f->tp_dst = htons(80);
}

Test(odp_actions, built_actions_parse_back)
{
	struct fp_odp_actions a;
	size_t n;

	fp_odp_actions_init(&a);
	fp_odp_put_push_vlan(&a, htons(ETH_P_8021AD), htons(0x2000 | 100));
	fp_odp_put_output(&a, 2);
	fp_odp_put_pop_vlan(&a);
	fp_odp_put_userspace(&a, 4242, "cookie", 6);
	fp_odp_put_userspace(&a, 7, NULL, 0);
	n = parse_ok(&a);
	cr_assert_eq(n, 5);
	cr_expect_eq(list[0].type, OVS_ACTION_ATTR_PUSH_VLAN);
	cr_expect_eq(list[0].push_vlan.tpid, htons(ETH_P_8021AD));
	cr_expect_eq(list[0].push_vlan.tci, htons(0x3000 | 100),
		     "PCP 1, VID 100, and the present bit the kernel requires");
	cr_expect_eq(list[1].type, OVS_ACTION_ATTR_OUTPUT);
	cr_expect_eq(list[1].port, 2);
	cr_expect_eq(list[2].type, OVS_ACTION_ATTR_POP_VLAN);
	cr_expect_eq(list[2].len, 0);
	cr_expect_eq(list[3].userspace.pid, 4242);
	cr_expect_eq(list[3].userspace.userdata_len, 6);
	cr_expect_eq(memcmp(list[3].userspace.userdata, "cookie", 6), 0);
	cr_expect_eq(list[4].userspace.pid, 7);
	cr_expect_null(list[4].userspace.userdata);
}

Test(odp_actions, trunc_parses_back_as_the_kernel_sizes_it)
{
	struct fp_odp_actions a;
	struct ovs_action_trunc t;
	size_t n;

	fp_odp_actions_init(&a);
	fp_odp_put_trunc(&a, 100);
	fp_odp_put_userspace(&a, 9, NULL, 0);
	n = parse_ok(&a);
	cr_assert_eq(n, 2);
	cr_expect_eq(list[0].type, OVS_ACTION_ATTR_TRUNC);
	cr_assert_eq(list[0].len, sizeof(t));
	memcpy(&t, list[0].data, sizeof(t));
	cr_expect_eq(t.max_len, 100);
	cr_expect_eq(list[1].type, OVS_ACTION_ATTR_USERSPACE);
}

Test(odp_actions, builder_stops_whole_on_overflow)
{
	struct fp_odp_actions a;
	size_t len_before;
	int i;

	fp_odp_actions_init(&a);
	for (i = 0; i < FP_ODP_ACTIONS_MAX / 8; i++)
		fp_odp_put_output(&a, i);
	cr_expect_not(a.overflow, "exactly full");
	len_before = a.len;
	fp_odp_put_userspace(&a, 1, "x", 1);
	fp_odp_put_pop_vlan(&a);
	cr_expect(a.overflow);
	cr_expect_eq(a.len, len_before, "nothing half-written");
}

Test(odp_actions, set_diff_ethernet_ipv4_tcp_masks_whole_fields)
{
	struct fp_flow from, to;
	const struct ovs_key_ethernet *ev, *em;
	const struct ovs_key_ipv4 *iv, *im;
	const struct ovs_key_tcp *tv, *tm;
	struct fp_odp_actions a;

	ipv4_flow(&from);
	to = from;
	to.dl_dst[5] = 0x99;
	to.nw_src = inet_addr("192.168.1.1");
	to.nw_ttl = 63;
	to.tp_dst = htons(8080);
	fp_odp_actions_init(&a);
	cr_assert_eq(fp_odp_put_set_diff(&a, &from, &to), 0);
	cr_assert_eq(parse_ok(&a), 3);

	cr_expect_eq(list[0].type, OVS_ACTION_ATTR_SET_MASKED);
	cr_expect_eq(list[0].set.key_type, OVS_KEY_ATTR_ETHERNET);
	ev = list[0].set.value;
	em = list[0].set.mask;
	cr_expect_arr_eq(ev->eth_dst, to.dl_dst, 6);
	cr_expect_eq(memcmp(em->eth_dst, "\xff\xff\xff\xff\xff\xff", 6), 0,
		     "the whole address, not the one byte that changed");
	cr_expect_eq(memcmp(em->eth_src, "\0\0\0\0\0\0", 6), 0);
	cr_expect_eq(memcmp(ev->eth_src, "\0\0\0\0\0\0", 6), 0,
		     "no value bits outside the mask (the kernel refuses them)");

	cr_expect_eq(list[1].set.key_type, OVS_KEY_ATTR_IPV4);
	iv = list[1].set.value;
	im = list[1].set.mask;
	cr_expect_eq(iv->ipv4_src, to.nw_src);
	cr_expect_eq(im->ipv4_src, 0xffffffff);
	cr_expect_eq(im->ipv4_dst, 0);
	cr_expect_eq(iv->ipv4_ttl, 63);
	cr_expect_eq(im->ipv4_ttl, 0xff);
	cr_expect_eq(im->ipv4_proto, 0, "proto is not writeable");
	cr_expect_eq(im->ipv4_frag, 0, "frag is not writeable");

	cr_expect_eq(list[2].set.key_type, OVS_KEY_ATTR_TCP);
	tv = list[2].set.value;
	tm = list[2].set.mask;
	cr_expect_eq(tv->tcp_dst, htons(8080));
	cr_expect_eq(tm->tcp_dst, 0xffff);
	cr_expect_eq(tm->tcp_src, 0);
}

Test(odp_actions, set_diff_ipv6_udp_sctp_and_metadata)
{
	struct fp_flow from, to;
	const struct ovs_key_ipv6 *m6;
	struct fp_odp_actions a;

	fp_flow_zero(&from);
	from.dl_type = htons(ETH_P_IPV6);
	from.nw_proto = IPPROTO_UDP;
	inet_pton(AF_INET6, "2001:db8::1", &from.ipv6_src);
	to = from;
	to.ipv6_label = htonl(0x12345);
	inet_pton(AF_INET6, "2001:db8::99", &to.ipv6_src);
	to.tp_src = htons(53);
	to.skb_priority = 3;
	to.skb_mark = 0x77;
	fp_odp_actions_init(&a);
	cr_assert_eq(fp_odp_put_set_diff(&a, &from, &to), 0);
	cr_assert_eq(parse_ok(&a), 4);
	cr_expect_eq(list[0].type, OVS_ACTION_ATTR_SET);
	cr_expect_eq(list[0].set.key_type, OVS_KEY_ATTR_PRIORITY);
	cr_expect_eq(*(const uint32_t *)list[0].set.value, 3);
	cr_expect_null(list[0].set.mask);
	cr_expect_eq(list[1].set.key_type, OVS_KEY_ATTR_SKB_MARK);
	cr_expect_eq(list[2].set.key_type, OVS_KEY_ATTR_IPV6);
	m6 = list[2].set.mask;
	cr_expect_eq(m6->ipv6_label, htonl(0x000fffff),
		     "only the label's 20 bits are writeable");
	cr_expect_eq(m6->ipv6_dst[0], 0);
	cr_expect_eq(m6->ipv6_src[3], 0xffffffff);
	cr_expect_eq(list[3].set.key_type, OVS_KEY_ATTR_UDP);

	from.nw_proto = to.nw_proto = IPPROTO_SCTP;
	fp_odp_actions_init(&a);
	cr_assert_eq(fp_odp_put_set_diff(&a, &from, &to), 0);
	cr_assert_eq(parse_ok(&a), 4);
	cr_expect_eq(list[3].set.key_type, OVS_KEY_ATTR_SCTP);
}

Test(odp_actions, set_diff_of_equal_flows_is_empty)
{
	struct fp_flow f;
	struct fp_odp_actions a;

	ipv4_flow(&f);
	fp_odp_actions_init(&a);
	cr_expect_eq(fp_odp_put_set_diff(&a, &f, &f), 0);
	cr_expect_eq(a.len, 0);
}

/* Each rewrite the datapath has no action for, refused without output. */
Test(odp_actions, set_diff_refuses_what_cannot_be_set)
{
	struct fp_flow from, to;
	struct fp_odp_actions a;
	int i;

	for (i = 0; i < 7; i++) {
		ipv4_flow(&from);
		to = from;
		switch (i) {
		case 0:
			to.nw_proto = IPPROTO_UDP;
			break;
		case 1:
			to.dl_type = htons(ETH_P_IPV6);
			break;
		case 2:
			to.tcp_flags = htons(0x02);
			break;
		case 3:
			from.nw_proto = to.nw_proto = IPPROTO_ICMP;
			to.tp_src = htons(0);
			break;
		case 4:
			from.dl_type = to.dl_type = htons(ETH_P_ARP);
			to.nw_src = inet_addr("10.9.9.9");
			break;
		case 5:
			to.ipv6_src.s6_addr[0] = 0x20;
			break;
		case 6:
			from.nw_frag = to.nw_frag = OVS_FRAG_TYPE_LATER;
			to.tp_dst = htons(1);
			break;
		}
		to.dl_src[0] = 0x0a;	/* settable, but must not be emitted */
		fp_odp_actions_init(&a);
		cr_expect_eq(fp_odp_put_set_diff(&a, &from, &to), -EOPNOTSUPP,
			     "case %d", i);
		cr_expect_eq(a.len, 0, "case %d emitted actions", i);
	}
}

/* ---- malformed streams ---- */

static uint8_t raw[256] __attribute__((aligned(4)));

static int parse_raw(struct fp_nla_buf *b, size_t *n)
{
	return fp_odp_actions_parse(b->data, b->len, list, MAX_LIST, n);
}

Test(odp_actions, parse_refuses_malformed_streams)
{
	struct fp_nla_buf b;
	size_t n, nest;
	int i;

	fp_nla_init(&b, raw, sizeof(raw));
	fp_nla_put_u16(&b, OVS_ACTION_ATTR_OUTPUT, 1);
	cr_expect_eq(parse_raw(&b, &n), -ERANGE, "output of 2 bytes");

	fp_nla_init(&b, raw, sizeof(raw));
	fp_nla_put_u32(&b, OVS_ACTION_ATTR_OUTPUT, 1);
	b.len -= 2;
	cr_expect_eq(parse_raw(&b, &n), -EBADMSG, "stream cut inside an action");

	fp_nla_init(&b, raw, sizeof(raw));
	nest = fp_nla_nest_start(&b, OVS_ACTION_ATTR_SET);
	fp_nla_put_u32(&b, OVS_KEY_ATTR_PRIORITY, 1);
	fp_nla_put_u32(&b, OVS_KEY_ATTR_SKB_MARK, 1);
	fp_nla_nest_end(&b, nest);
	cr_expect_eq(parse_raw(&b, &n), -EINVAL, "set() of two keys");

	fp_nla_init(&b, raw, sizeof(raw));
	nest = fp_nla_nest_start(&b, OVS_ACTION_ATTR_USERSPACE);
	fp_nla_put(&b, OVS_USERSPACE_ATTR_USERDATA, "ab", 2);
	fp_nla_nest_end(&b, nest);
	cr_expect_eq(parse_raw(&b, &n), -EINVAL, "userspace() without a pid");

	fp_nla_init(&b, raw, sizeof(raw));
	for (i = 0; i <= MAX_LIST; i++)
		fp_nla_put_u32(&b, OVS_ACTION_ATTR_OUTPUT, i);
	cr_expect_eq(parse_raw(&b, &n), -E2BIG);
	cr_expect_eq(n, MAX_LIST);
}

Test(odp_actions, unknown_actions_are_listed_raw)
{
	struct fp_nla_buf b;
	size_t n;

	fp_nla_init(&b, raw, sizeof(raw));
	fp_nla_put_u32(&b, OVS_ACTION_ATTR_RECIRC, 5);
	fp_nla_put(&b, 200, "xyz", 3);
	cr_assert_eq(parse_raw(&b, &n), 0);
	cr_assert_eq(n, 2);
	cr_expect_eq(list[0].type, OVS_ACTION_ATTR_RECIRC);
	cr_expect_eq(list[1].type, 200);
	cr_expect_eq(list[1].len, 3);
}
