// SPDX-License-Identifier: GPL-2.0
/*
 * The ovs-dpctl text format: text -> attributes -> text for keys and
 * actions, what the kernel's dumps print as (with and without -m), and
 * malformed text refused with the place and the reason.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>

#include "odp_nla.h"
#include "odp_text.h"

static char out[2048];
static char err[FP_ODP_TEXT_ERR_LEN];

static const char *name_of(uint32_t port_no, void *arg)
{
	(void)arg;
	return port_no == 1 ? "h1p" : port_no == 2 ? "h2p" : NULL;
}

static int number_of(const char *name, size_t len, uint32_t *port_no,
		     void *arg)
{
	(void)arg;
	if (len == 3 && !strncmp(name, "h1p", 3))
		*port_no = 1;
	else if (len == 3 && !strncmp(name, "h2p", 3))
		*port_no = 2;
	else
		return -ENOENT;
	return 0;
}

static const struct fp_odp_port_names names = { name_of, number_of, NULL };

/* Parses s as a key and prints it back (masks given, not verbose). */
static const char *key_again(const char *s, const struct fp_odp_port_names *n)
{
	struct fp_odp_key k, m;

	cr_assert_eq(fp_odp_text_parse_key(s, n, &k, &m, err, sizeof(err)), 0,
		     "%s: %s", s, err);
	cr_assert_eq(fp_odp_text_format_key(k.buf, k.len, m.buf, m.len, false, n,
					    out, sizeof(out)), 0);
	return out;
}

static void key_round_trip(const char *s)
{
	cr_expect_str_eq(key_again(s, NULL), s);
}

Test(odp_text, keys_round_trip)
{
	key_round_trip("in_port(1),eth(src=00:11:22:33:44:55,dst=66:77:88:99:aa:bb/ff:ff:ff:00:00:00),eth_type(0x0800),ipv4(src=10.0.0.1/255.255.255.0,proto=6,frag=no),tcp(dst=80),tcp_flags(syn|ack)");
	key_round_trip("skb_priority(0x5),skb_mark(0x10/0xff),recirc_id(0x3),dp_hash(0x5/0xf),in_port(1),eth(),eth_type(0x0800),ipv4(proto=132,tos=0x4/0xfc,ttl=64),sctp(src=1/0xff)");
	key_round_trip("in_port(2),eth(),eth_type(0x88a8),vlan(vid=100),encap(eth_type(0x8100),vlan(vid=200,pcp=5),encap(eth_type(0x0800),ipv4(proto=1),icmp(type=8)))");
	key_round_trip("in_port(1),eth(),eth_type(0x8100),vlan(vid=10,pcp=3,cfi=0),encap(eth_type(0x0800),ipv4(proto=17),udp(src=53,dst=1024/0xfc00))");
	key_round_trip("in_port(1),eth(),eth_type(0x86dd),ipv6(src=2001:db8::/ffff:ffff::,dst=fe80::1,label=0x12345,proto=58,tclass=0x10,hlimit=3,frag=first),icmpv6(type=135,code=0),nd(target=fe80::2,sll=02:00:00:00:00:01,tll=02:00:00:00:00:02/ff:ff:ff:ff:ff:00)");
	key_round_trip("in_port(1),eth(),eth_type(0x0806),arp(sip=10.0.0.1,tip=10.0.0.0/255.0.0.0,op=1,sha=02:00:00:00:00:01)");
	key_round_trip("in_port(1),eth(),eth_type(0x0800),ipv4(frag=later)");
	key_round_trip("in_port(1),eth(),eth_type(0x0800),ipv4(proto=6),tcp_flags(+syn-ack)");
	key_round_trip("in_port(1),eth(),eth_type(0x0800),ipv4(ttl=0/0xf0),tcp_flags(-fin-syn)");
	cr_expect_str_eq(key_again("tcp_flags(0x12/0x13)", NULL), "tcp_flags(-fin+syn+ack)",
			 "numbers in, flag names out");
}

Test(odp_text, wildcarded_attributes_vanish_but_eth_stays)
{
	cr_expect_str_eq(key_again("in_port(1),eth(),eth_type(0x0800),ipv4(),tcp()", NULL),
			 "in_port(1),eth(),eth_type(0x0800)");
	cr_expect_str_eq(key_again("eth(),in_port(1)", NULL), "eth(),in_port(1)",
			 "eth() first is still followed by a comma");
}

/* A key without in_port (an execute's, a hand-written one) starts at eth(). */
Test(odp_text, eth_first_is_followed_by_a_comma)
{
	cr_expect_str_eq(key_again("eth(),eth_type(0x0800),ipv4(proto=17),udp()", NULL),
			 "eth(),eth_type(0x0800),ipv4(proto=17)");
	key_round_trip("eth(),eth_type(0x0806),arp(op=1)");
}

Test(odp_text, port_names_both_ways)
{
	cr_expect_str_eq(key_again("in_port(h2p),eth(),eth_type(0x0806),arp()", &names),
			 "in_port(h2p),eth(),eth_type(0x0806)");
	cr_expect_str_eq(key_again("in_port(3),eth()", &names), "in_port(3),eth()");
}

/* ---- what kernel dumps print as ---- */

/*
 * openvswitch.ko's dump of "in_port(1),eth(),eth_type(0x0800),ipv4()":
 * every metadata attribute, conntrack ones included, zero masks where
 * nothing is matched.
 */
static void kernel_dump(struct fp_nla_buf *k, struct fp_nla_buf *m)
{
	static const uint8_t zero[40];

	fp_nla_put_u32(k, OVS_KEY_ATTR_RECIRC_ID, 0);
	fp_nla_put_u32(m, OVS_KEY_ATTR_RECIRC_ID, 0);
	fp_nla_put_u32(k, OVS_KEY_ATTR_DP_HASH, 0);
	fp_nla_put_u32(m, OVS_KEY_ATTR_DP_HASH, 0);
	fp_nla_put_u32(k, OVS_KEY_ATTR_PRIORITY, 0);
	fp_nla_put_u32(m, OVS_KEY_ATTR_PRIORITY, 0);
	fp_nla_put_u32(k, OVS_KEY_ATTR_IN_PORT, 1);
	fp_nla_put_u32(m, OVS_KEY_ATTR_IN_PORT, 0xffffffff);
	fp_nla_put_u32(k, OVS_KEY_ATTR_SKB_MARK, 0);
	fp_nla_put_u32(m, OVS_KEY_ATTR_SKB_MARK, 0);
	fp_nla_put_u32(k, OVS_KEY_ATTR_CT_STATE, 0);
	fp_nla_put_u32(m, OVS_KEY_ATTR_CT_STATE, 0);
	fp_nla_put_u16(k, OVS_KEY_ATTR_CT_ZONE, 0);
	fp_nla_put_u16(m, OVS_KEY_ATTR_CT_ZONE, 0);
	fp_nla_put_u32(k, OVS_KEY_ATTR_CT_MARK, 0);
	fp_nla_put_u32(m, OVS_KEY_ATTR_CT_MARK, 0);
	fp_nla_put(k, OVS_KEY_ATTR_CT_LABELS, zero, 16);
	fp_nla_put(m, OVS_KEY_ATTR_CT_LABELS, zero, 16);
	fp_nla_put(k, OVS_KEY_ATTR_ETHERNET, zero, 12);
	fp_nla_put(m, OVS_KEY_ATTR_ETHERNET, zero, 12);
	fp_nla_put_u16(k, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IP));
	fp_nla_put_u16(m, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
	fp_nla_put(k, OVS_KEY_ATTR_IPV4, zero, 12);
	fp_nla_put(m, OVS_KEY_ATTR_IPV4, zero, 12);
}

/* The lines ovs-dpctl 3.1 printed for that flow in the test guest. */
Test(odp_text, kernel_dump_prints_as_ovs_dpctl_does)
{
	static uint8_t kb[512] __attribute__((aligned(4)));
	static uint8_t mb[512] __attribute__((aligned(4)));
	struct fp_nla_buf k, m;

	fp_nla_init(&k, kb, sizeof(kb));
	fp_nla_init(&m, mb, sizeof(mb));
	kernel_dump(&k, &m);
	cr_assert_eq(fp_odp_text_format_key(kb, k.len, mb, m.len, false, NULL,
					    out, sizeof(out)), 0);
	cr_expect_str_eq(out, "in_port(1),eth(),eth_type(0x0800)");
	cr_assert_eq(fp_odp_text_format_key(kb, k.len, mb, m.len, true, &names,
					    out, sizeof(out)), 0);
	cr_expect_str_eq(out, "recirc_id(0/0),dp_hash(0/0),skb_priority(0/0),in_port(h1p),skb_mark(0/0),ct_state(0/0),ct_zone(0/0),ct_mark(0/0),ct_label(0/0),eth(src=00:00:00:00:00:00/00:00:00:00:00:00,dst=00:00:00:00:00:00/00:00:00:00:00:00),eth_type(0x0800),ipv4(src=0.0.0.0/0.0.0.0,dst=0.0.0.0/0.0.0.0,proto=0/0,tos=0/0,ttl=0/0)");
}

/* Open vSwitch 3.1 predates IPV6_EXTHDRS (32): it shows it as bytes. */
Test(odp_text, attributes_ovs_3_1_does_not_know_print_as_bytes)
{
	static uint8_t kb[64] __attribute__((aligned(4)));
	static uint8_t mb[64] __attribute__((aligned(4)));
	struct fp_nla_buf k, m;

	fp_nla_init(&k, kb, sizeof(kb));
	fp_nla_init(&m, mb, sizeof(mb));
	fp_nla_put_u16(&k, OVS_KEY_ATTR_IPV6_EXTHDRS, 0);
	fp_nla_put_u16(&m, OVS_KEY_ATTR_IPV6_EXTHDRS, 0);
	cr_assert_eq(fp_odp_text_format_key(kb, k.len, mb, m.len, false, NULL,
					    out, sizeof(out)), 0);
	cr_expect_str_eq(out, "key32(00 00/00 00)");
}

Test(odp_text, a_small_buffer_is_reported_not_overrun)
{
	char small[10];

	cr_expect_eq(fp_odp_text_format_actions(NULL, 0, NULL, small, 4), -ENOSPC);
	cr_expect_eq(fp_odp_text_format_actions(NULL, 0, NULL, small, 5), 0);
	cr_expect_str_eq(small, "drop");
}

/* ---- actions ---- */

static const char *actions_again(const char *s, const struct fp_odp_port_names *n)
{
	struct fp_odp_actions a;

	cr_assert_eq(fp_odp_text_parse_actions(s, n, &a, err, sizeof(err)), 0,
		     "%s: %s", s, err);
	cr_assert_eq(fp_odp_text_format_actions(a.buf, a.len, n, out,
						sizeof(out)), 0);
	return out;
}

static void actions_round_trip(const char *s)
{
	cr_expect_str_eq(actions_again(s, NULL), s);
}

Test(odp_text, actions_round_trip)
{
	actions_round_trip("drop");
	actions_round_trip("2");
	actions_round_trip("push_vlan(vid=10,pcp=0),2");
	actions_round_trip("push_vlan(tpid=0x88a8,vid=100,pcp=0),push_vlan(vid=200,pcp=5),3,pop_vlan,1");
	actions_round_trip("set(ipv4(src=1.2.3.4))");
	actions_round_trip("set(tcp(src=5/0xff))");
	actions_round_trip("set(eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02))");
	actions_round_trip("set(ipv4(src=1.2.3.4,dst=5.6.7.8,proto=6,tos=0,ttl=64,frag=no))");
	actions_round_trip("set(skb_priority(0x3)),set(skb_mark(0x7)),1");
	actions_round_trip("userspace(pid=1234)");
	actions_round_trip("userspace(pid=7,userdata(0102030405)),2");
	actions_round_trip("recirc(0x5),trunc(100),ct_clear");
}

Test(odp_text, output_to_port_names)
{
	cr_expect_str_eq(actions_again("h2p,3", &names), "h2p,3");
	cr_expect_str_eq(actions_again("2", NULL), "2");
}

Test(odp_text, builder_output_prints_as_expected)
{
	struct fp_flow from, to;
	struct fp_odp_actions a;

	fp_flow_zero(&from);
	from.dl_type = htons(ETH_P_IP);
	from.nw_proto = 6;
	from.nw_ttl = 64;
	to = from;
	to.dl_dst[5] = 0x99;
	to.nw_src = inet_addr("192.168.1.1");
	to.nw_ttl = 63;
	to.tp_dst = htons(8080);
	fp_odp_actions_init(&a);
	fp_odp_put_push_vlan(&a, htons(0x8100), htons(10));
	cr_assert_eq(fp_odp_put_set_diff(&a, &from, &to), 0);
	fp_odp_put_output(&a, 4);
	cr_assert_eq(fp_odp_text_format_actions(a.buf, a.len, NULL, out,
						sizeof(out)), 0);
	cr_expect_str_eq(out, "push_vlan(vid=10,pcp=0),set(eth(dst=00:00:00:00:00:99)),set(ipv4(src=192.168.1.1,ttl=63)),set(tcp(dst=8080)),4");
}

/* ---- refusals ---- */

static void key_refused(const char *s, const char *why)
{
	struct fp_odp_key k, m;

	cr_expect_eq(fp_odp_text_parse_key(s, NULL, &k, &m, err, sizeof(err)),
		     -EINVAL, "%s was accepted", s);
	cr_expect(strstr(err, why), "%s: '%s' lacks '%s'", s, err, why);
}

static void actions_refused(const char *s, const char *why)
{
	struct fp_odp_actions a;

	cr_expect_eq(fp_odp_text_parse_actions(s, NULL, &a, err, sizeof(err)),
		     -EINVAL, "%s was accepted", s);
	cr_expect(strstr(err, why), "%s: '%s' lacks '%s'", s, err, why);
}

Test(odp_text, malformed_text_is_refused_with_the_place)
{
	key_refused("in_port(1),ipv4(sorc=1.2.3.4)",
		    "at column 17 ('sorc=1.2.3.4)'): ipv4() has no such field (it has src, dst, proto, tos, ttl, frag)");
	key_refused("in_port(1),eht()", "at column 12 ('eht()'): unknown attribute");
	key_refused("eth(src=00:11:22:33:44)", "bad value for src");
	key_refused("vlan(vid=4096)", "value out of range");
	key_refused("eth_type(0x0800", "eth_type() wants a 16-bit number");
	key_refused("encap(eth_type(0x0800)", "encap( is not closed");
	key_refused("ipv4(frag=sometimes)", "bad value for frag");
	key_refused("in_port(h1p)", "in_port() wants a port number");
	key_refused("tcp_flags(syn|bogus)", "tcp_flags() wants flags");
	key_refused("ipv4(src=1.2.3.4;dst=1.2.3.5)", "expected ',' or ')'");
	actions_refused("drop,2", "nothing may follow it");
	actions_refused("set(ipv4(src=10.0.0.1/255.0.0.0))", "bits outside its mask");
	actions_refused("userspace(pid=0)", "netlink port id other than 0");
	actions_refused("push_vlan(vid=10,prio=1)", "push_vlan() has tpid=, vid=, pcp= and cfi=");
	actions_refused("output:2", "unknown action");
}
