// SPDX-License-Identifier: GPL-2.0
/*
 * The flow codec: every key fp_flow holds, through attributes and back;
 * the fix-ups the kernel's rules force on masks; what the encoder writes
 * for the kernel's "this header must be there" rules.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>

#include "odp_flow.h"
#include "odp_nla.h"
#include "odp_tree.h"

static void eth(struct fp_flow *f, uint16_t type)
{
	fp_flow_zero(f);
	f->in_port = 2;
	memcpy(f->dl_src, "\x02\x00\x00\x00\x00\x01", 6);
	memcpy(f->dl_dst, "\x02\x00\x00\x00\x00\x02", 6);
	f->dl_type = htons(type);
}

static void ipv4(struct fp_flow *f, uint8_t proto)
{
	eth(f, ETH_P_IP);
	f->nw_src = inet_addr("10.0.0.1");
	f->nw_dst = inet_addr("10.0.0.2");
	f->nw_proto = proto;
	f->nw_ttl = 64;
	f->nw_tos = 0x10;
}

static void ipv6(struct fp_flow *f, uint8_t proto)
{
	eth(f, ETH_P_IPV6);
	inet_pton(AF_INET6, "2001:db8::1", &f->ipv6_src);
	inet_pton(AF_INET6, "2001:db8::2", &f->ipv6_dst);
	f->ipv6_label = htonl(0xabcde);
	f->nw_proto = proto;
	f->nw_ttl = 255;
}

static void tag(struct fp_flow *f, int i, uint16_t tpid, uint16_t vid,
		uint16_t pcp)
{
	f->vlans[i].tpid = htons(tpid);
	f->vlans[i].tci = htons(FP_VLAN_PRESENT | vid | pcp << FP_VLAN_PCP_SHIFT);
}

/*
 * key/mask -> attributes -> key/mask. What comes back is the fixed-up
 * mask and the key under it, both as fp_odp_flow_to_attrs() left them.
 */
static void round_trip(const struct fp_flow *key, const struct fp_flow *mask)
{
	struct fp_odp_key ka, ma;
	struct fp_flow m = *mask, want, got, got_mask;

	cr_assert_eq(fp_odp_flow_to_attrs(key, &m, &ka, &ma), 0);
	fp_flow_apply_mask(&want, key, &m);
	cr_assert_eq(fp_odp_flow_from_attrs(ka.buf, ka.len, ma.buf, ma.len,
					    &got, &got_mask), 0);
	cr_expect_eq(memcmp(&got_mask, &m, sizeof(m)), 0, "mask changed");
	cr_expect_eq(memcmp(&got, &want, sizeof(want)), 0, "key changed");
}

/* The same, exact: every field of the key matched. */
static void round_trip_exact(const struct fp_flow *key)
{
	struct fp_flow mask;

	fp_flow_set_all(&mask);
	round_trip(key, &mask);
}

/* A packet's key, as an upcall or an execute carries it. */
static void packet_round_trip(const struct fp_flow *key)
{
	struct fp_odp_key ka;
	struct fp_flow got;

	cr_assert_eq(fp_odp_key_to_attrs(key, &ka), 0);
	cr_assert_eq(fp_odp_key_from_attrs(ka.buf, ka.len, &got), 0);
	cr_expect_eq(memcmp(&got, key, sizeof(got)), 0, "packet key changed");
}

static void every_way(const struct fp_flow *key)
{
	round_trip_exact(key);
	packet_round_trip(key);
}

Test(odp_flow, metadata_and_ethernet)
{
	struct fp_flow f;

	eth(&f, 0x88b5);
	f.skb_priority = 7;
	f.skb_mark = 0xbeef;
	f.recirc_id = 9;
	f.dp_hash = 0x12345678;
	every_way(&f);
}

Test(odp_flow, ipv4_tcp_udp_sctp_icmp)
{
	static const uint8_t protos[] = {
		IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_ICMP, 47,
	};
	struct fp_flow f;
	size_t i;

	for (i = 0; i < sizeof(protos); i++) {
		ipv4(&f, protos[i]);
		if (protos[i] == IPPROTO_ICMP) {
			f.tp_src = htons(8);
			f.tp_dst = htons(0);
		} else if (protos[i] != 47) {
			f.tp_src = htons(40000);
			f.tp_dst = htons(443);
		}
		if (protos[i] == IPPROTO_TCP)
			f.tcp_flags = htons(0x012);
		every_way(&f);
	}
}

Test(odp_flow, ipv4_fragments)
{
	struct fp_flow f;

	ipv4(&f, IPPROTO_UDP);
	f.nw_frag = OVS_FRAG_TYPE_FIRST;
	f.tp_src = htons(5);
	every_way(&f);
	ipv4(&f, IPPROTO_UDP);
	f.nw_frag = OVS_FRAG_TYPE_LATER;	/* no L4 header, no ports */
	every_way(&f);
}

Test(odp_flow, ipv6_udp_and_icmpv6_nd)
{
	struct fp_flow f;

	ipv6(&f, IPPROTO_UDP);
	f.tp_src = htons(546);
	f.tp_dst = htons(547);
	every_way(&f);

	ipv6(&f, IPPROTO_ICMPV6);
	f.tp_src = htons(135);
	inet_pton(AF_INET6, "2001:db8::2", &f.nd_target);
	memcpy(f.arp_sha, "\x02\x00\x00\x00\x00\x01", 6);
	every_way(&f);

	f.tp_src = htons(136);
	memset(f.arp_sha, 0, 6);
	memcpy(f.arp_tha, "\x02\x00\x00\x00\x00\x03", 6);
	every_way(&f);

	ipv6(&f, IPPROTO_ICMPV6);
	f.tp_src = htons(128);		/* echo request: no nd() */
	every_way(&f);
}

Test(odp_flow, arp_and_rarp)
{
	struct fp_flow f;

	eth(&f, ETH_P_ARP);
	f.nw_src = inet_addr("10.0.0.1");
	f.nw_dst = inet_addr("10.0.0.2");
	f.nw_proto = 2;		/* reply */
	memcpy(f.arp_sha, "\x02\x00\x00\x00\x00\x01", 6);
	memcpy(f.arp_tha, "\x02\x00\x00\x00\x00\x02", 6);
	every_way(&f);
	f.dl_type = htons(ETH_P_RARP);
	every_way(&f);
}

Test(odp_flow, one_tag_and_qinq)
{
	struct fp_flow f;

	ipv4(&f, IPPROTO_UDP);
	tag(&f, 0, ETH_P_8021Q, 10, 3);
	every_way(&f);

	ipv6(&f, IPPROTO_TCP);
	tag(&f, 0, ETH_P_8021AD, 100, 0);
	tag(&f, 1, ETH_P_8021Q, 200, 5);
	every_way(&f);
}

Test(odp_flow, llc_frame_has_no_eth_type)
{
	struct fp_flow f;
	struct fp_odp_key ka, ma;
	struct fp_odp_tree kt, mt;
	struct fp_flow m;

	eth(&f, FP_ETH_TYPE_NONE);
	every_way(&f);
	fp_flow_set_all(&m);
	cr_assert_eq(fp_odp_flow_to_attrs(&f, &m, &ka, &ma), 0);
	cr_assert_eq(fp_odp_tree_parse(ka.buf, ka.len, &kt), 0);
	cr_assert_eq(fp_odp_tree_parse(ma.buf, ma.len, &mt), 0);
	cr_expect_null(fp_odp_get(&kt, 0, OVS_KEY_ATTR_ETHERTYPE),
		       "the kernel refuses EtherTypes below 0x600");
	cr_expect_not_null(fp_odp_get(&mt, 0, OVS_KEY_ATTR_ETHERTYPE),
			   "but matches \"no EtherType\" through the mask");
}

/* ---- masks ---- */

Test(odp_flow, megaflow_round_trips_with_wildcards)
{
	struct fp_flow f, m;

	ipv4(&f, IPPROTO_TCP);
	f.tp_dst = htons(80);
	fp_flow_zero(&m);
	m.in_port = UINT32_MAX;
	m.dl_type = 0xffff;
	m.nw_src = htonl(0xffffff00);
	m.nw_proto = 0xff;
	m.tp_dst = htons(0xfff0);
	round_trip(&f, &m);

	/* Nothing but the port: eth_type and all L3 wildcarded. */
	fp_flow_zero(&m);
	m.in_port = UINT32_MAX;
	round_trip(&f, &m);
}

static struct fp_flow fixed(const struct fp_flow *key, struct fp_flow m)
{
	fp_odp_flow_fixup_mask(key, &m);
	return m;
}

Test(odp_flow, fixup_widens_what_the_kernel_needs_exact)
{
	struct fp_flow f, m, r;

	ipv4(&f, IPPROTO_TCP);
	fp_flow_zero(&m);
	m.in_port = 0x00ff;
	m.tp_dst = htons(0x00ff);
	r = fixed(&f, m);
	cr_expect_eq(r.in_port, UINT32_MAX, "in_port is exact or nothing");
	cr_expect_eq(r.dl_type, 0xffff, "L4 needs eth_type exact");
	cr_expect_eq(r.nw_proto, 0xff, "L4 needs the proto exact");
	cr_expect_eq(r.tp_dst, htons(0x00ff), "the caller's bits stay");
	cr_expect_eq(r.vlans[0].tci, 0xffff, "untagged: \"no tag\" is matched");
	cr_expect_eq(r.vlans[1].tci, 0xffff);

	fp_flow_zero(&m);
	m.nw_dst = htonl(0xff000000);
	m.nw_frag = 0x01;
	r = fixed(&f, m);
	cr_expect_eq(r.dl_type, 0xffff, "L3 needs eth_type exact");
	cr_expect_eq(r.nw_proto, 0, "L3 alone leaves the proto open");
	cr_expect_eq(r.nw_frag, 0xff, "frag is an enumeration: all or nothing");
}

Test(odp_flow, fixup_tags)
{
	struct fp_flow f, m, r;

	ipv4(&f, IPPROTO_UDP);
	tag(&f, 0, ETH_P_8021Q, 10, 0);
	fp_flow_zero(&m);
	m.vlans[0].tci = htons(FP_VLAN_VID_MASK);
	r = fixed(&f, m);
	cr_expect_eq(r.vlans[0].tpid, 0xffff, "a tag's TPID is always exact");
	cr_expect_eq(r.vlans[0].tci, htons(FP_VLAN_VID_MASK | FP_VLAN_PRESENT),
		     "and so is its present bit");
	cr_expect_eq(r.vlans[1].tci, 0xffff, "no inner tag: matched as absent");
	cr_expect_eq(r.vlans[1].tpid, 0);
}

/* What the daemon's VLAN rules produce when a caller leaves dl_type open. */
Test(odp_flow, a_tagged_megaflow_matches_the_inner_eth_type)
{
	struct fp_odp_key ka, ma;
	struct fp_odp_tree mt;
	struct fp_flow f, m;
	char why[256];

	ipv4(&f, IPPROTO_UDP);
	tag(&f, 0, ETH_P_8021Q, 10, 0);
	fp_flow_zero(&m);
	m.in_port = UINT32_MAX;
	m.vlans[0].tci = htons(FP_VLAN_VID_MASK);
	cr_assert_eq(fp_odp_flow_to_attrs(&f, &m, &ka, &ma), 0);
	cr_expect_eq(m.dl_type, 0xffff, "openvswitch.ko refuses encap() without eth_type");
	cr_assert_eq(fp_odp_tree_parse(ma.buf, ma.len, &mt), 0);
	cr_assert_not_null(fp_odp_get(&mt, 1, OVS_KEY_ATTR_ETHERTYPE),
			   "the mask's encap() has eth_type");
	cr_expect_not(fp_odp_flow_explain(ka.buf, ka.len, ma.buf, ma.len, why,
					  sizeof(why)), "%s", why);
	round_trip(&f, &m);
}

Test(odp_flow, fixup_clears_fields_the_key_cannot_have)
{
	struct fp_flow f, m, r;

	ipv4(&f, IPPROTO_ICMP);
	fp_flow_set_all(&m);
	r = fixed(&f, m);
	cr_expect_eq(r.tp_src, htons(0x00ff), "ICMP types are one byte");
	cr_expect_eq(r.tcp_flags, 0);
	cr_expect(IN6_IS_ADDR_UNSPECIFIED(&r.ipv6_src), "no IPv6 in IPv4");
	cr_expect_eq(r.arp_sha[0], 0);

	ipv4(&f, IPPROTO_TCP);
	f.nw_frag = OVS_FRAG_TYPE_LATER;
	fp_flow_zero(&m);
	m.tp_dst = 0xffff;
	m.nw_frag = 0xff;
	r = fixed(&f, m);
	cr_expect_eq(r.tp_dst, 0, "later fragments have no ports");

	eth(&f, ETH_P_ARP);
	fp_flow_set_all(&m);
	r = fixed(&f, m);
	cr_expect_eq(r.nw_proto, 0xff, "ARP's opcode stays");
	cr_expect_eq(r.nw_ttl, 0);
	cr_expect_eq(r.tp_src, 0);
}

Test(odp_flow, fixup_nd_needs_an_exact_type)
{
	struct fp_flow f, m, r;

	ipv6(&f, IPPROTO_ICMPV6);
	f.tp_src = htons(135);
	fp_flow_zero(&m);
	m.nd_target.s6_addr[15] = 0xff;
	r = fixed(&f, m);
	cr_expect_eq(r.tp_src, htons(0x00ff));
	cr_expect_eq(r.nw_proto, 0xff);
	cr_expect_eq(r.nd_target.s6_addr[15], 0xff);

	f.tp_src = htons(1);	/* not ND: its key has no ND fields */
	r = fixed(&f, m);
	cr_expect_eq(r.nd_target.s6_addr[15], 0);
}

/* ---- what the encoder writes ---- */

static void encode(const struct fp_flow *key, struct fp_flow *m,
		   struct fp_odp_tree *kt, struct fp_odp_tree *mt)
{
	static struct fp_odp_key ka, ma;
	char why[256];

	cr_assert_eq(fp_odp_flow_to_attrs(key, m, &ka, &ma), 0);
	cr_assert_eq(fp_odp_tree_parse(ka.buf, ka.len, kt), 0);
	cr_assert_eq(fp_odp_tree_parse(ma.buf, ma.len, mt), 0);
	cr_expect_not(fp_odp_flow_explain(ka.buf, ka.len, ma.buf, ma.len, why,
					  sizeof(why)),
		      "the checker objects to the encoder: %s", why);
}

Test(odp_flow, headers_the_key_implies_are_written_even_unmatched)
{
	struct fp_odp_tree kt, mt;
	struct fp_flow f, m;

	ipv4(&f, IPPROTO_TCP);
	fp_flow_zero(&m);
	m.in_port = UINT32_MAX;
	m.dl_type = 0xffff;
	encode(&f, &m, &kt, &mt);
	cr_expect_not_null(fp_odp_get(&kt, 0, OVS_KEY_ATTR_IPV4),
			   "eth_type 0x0800 needs ipv4() in the key");
	cr_expect(fp_odp_is_zero(mnl_attr_get_payload(fp_odp_get(&mt, 0,
				 OVS_KEY_ATTR_IPV4)), 12), "but no IPv4 field matched");
	cr_expect_null(fp_odp_get(&kt, 0, OVS_KEY_ATTR_TCP),
		       "proto wildcarded: no tcp()");

	m.nw_proto = 0xff;
	encode(&f, &m, &kt, &mt);
	cr_expect_not_null(fp_odp_get(&kt, 0, OVS_KEY_ATTR_TCP));
	cr_expect_not_null(fp_odp_get(&kt, 0, OVS_KEY_ATTR_TCP_FLAGS),
			   "proto 6 needs tcp_flags() too");

	ipv4(&f, IPPROTO_TCP);
	tag(&f, 0, ETH_P_8021Q, 5, 0);
	fp_flow_zero(&m);
	m.tp_src = 0xffff;
	encode(&f, &m, &kt, &mt);
	cr_expect_not_null(fp_odp_get(&kt, 1, OVS_KEY_ATTR_TCP),
			   "inside the tag's encap()");
	cr_expect_not_null(fp_odp_get(&mt, 0, OVS_KEY_ATTR_ENCAP));
}

/* ---- malformed input ---- */

static uint8_t raw[512] __attribute__((aligned(4)));

static int parse_key(const struct fp_nla_buf *b)
{
	struct fp_flow f;

	return fp_odp_key_from_attrs(b->data, b->len, &f);
}

static void put_tag(struct fp_nla_buf *b, uint16_t tpid, uint16_t tci)
{
	fp_nla_put_u16(b, OVS_KEY_ATTR_ETHERTYPE, htons(tpid));
	fp_nla_put_u16(b, OVS_KEY_ATTR_VLAN, htons(tci));
}

Test(odp_flow, malformed_keys_are_refused)
{
	struct ovs_key_arp arp = { .arp_op = htons(0x100) };
	struct ovs_key_ipv6 ip6 = { .ipv6_label = htonl(0x100000) };
	struct fp_nla_buf b;
	size_t n1, n2, n3;

	fp_nla_init(&b, raw, sizeof(raw));
	fp_nla_put_u32(&b, OVS_KEY_ATTR_ETHERTYPE, 0x0800);
	cr_expect_eq(parse_key(&b), -ERANGE, "eth_type of 4 bytes");

	fp_nla_init(&b, raw, sizeof(raw));
	fp_nla_put_u32(&b, OVS_KEY_ATTR_IN_PORT, 1);
	fp_nla_put_u32(&b, OVS_KEY_ATTR_IN_PORT, 2);
	cr_expect_eq(parse_key(&b), -EINVAL, "in_port twice");

	fp_nla_init(&b, raw, sizeof(raw));
	fp_nla_put_u32(&b, OVS_KEY_ATTR_IN_PORT, 1);
	b.len -= 1;
	cr_expect_eq(parse_key(&b), -EBADMSG, "cut short");

	fp_nla_init(&b, raw, sizeof(raw));
	put_tag(&b, ETH_P_8021Q, 0x1001);
	n1 = fp_nla_nest_start(&b, OVS_KEY_ATTR_ENCAP);
	put_tag(&b, ETH_P_8021Q, 0x1002);
	n2 = fp_nla_nest_start(&b, OVS_KEY_ATTR_ENCAP);
	put_tag(&b, ETH_P_8021Q, 0x1003);
	n3 = fp_nla_nest_start(&b, OVS_KEY_ATTR_ENCAP);
	fp_nla_put_u16(&b, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IP));
	fp_nla_nest_end(&b, n3);
	fp_nla_nest_end(&b, n2);
	fp_nla_nest_end(&b, n1);
	cr_expect_eq(parse_key(&b), -EINVAL, "three tags");

	fp_nla_init(&b, raw, sizeof(raw));
	put_tag(&b, ETH_P_IP, 0x1001);
	cr_expect_eq(parse_key(&b), -EINVAL, "a tag behind a non-VLAN type");

	fp_nla_init(&b, raw, sizeof(raw));
	fp_nla_put_u16(&b, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_ARP));
	fp_nla_put(&b, OVS_KEY_ATTR_ARP, &arp, sizeof(arp));
	cr_expect_eq(parse_key(&b), -EINVAL, "ARP opcode 256");

	fp_nla_init(&b, raw, sizeof(raw));
	fp_nla_put_u16(&b, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IPV6));
	fp_nla_put(&b, OVS_KEY_ATTR_IPV6, &ip6, sizeof(ip6));
	cr_expect_eq(parse_key(&b), -EINVAL, "a 21-bit flow label");
}

Test(odp_flow, masks_fp_flow_cannot_hold_are_refused)
{
	static uint8_t mraw[128] __attribute__((aligned(4)));
	struct fp_nla_buf k, m;
	struct fp_flow f, w;

	fp_nla_init(&k, raw, sizeof(raw));
	fp_nla_init(&m, mraw, sizeof(mraw));
	fp_nla_put_u32(&k, OVS_KEY_ATTR_CT_STATE, 0x21);
	fp_nla_put_u32(&m, OVS_KEY_ATTR_CT_STATE, 0);
	cr_expect_eq(fp_odp_flow_from_attrs(k.data, k.len, m.data, m.len, &f, &w),
		     0, "a conntrack field left open is fine");
	fp_nla_init(&m, mraw, sizeof(mraw));
	fp_nla_put_u32(&m, OVS_KEY_ATTR_CT_STATE, 0xff);
	cr_expect_eq(fp_odp_flow_from_attrs(k.data, k.len, m.data, m.len, &f, &w),
		     -EOPNOTSUPP, "matched, it would be silently dropped");

	fp_nla_init(&k, raw, sizeof(raw));
	fp_nla_init(&m, mraw, sizeof(mraw));
	fp_nla_put_u32(&k, OVS_KEY_ATTR_IN_PORT, 1);
	fp_nla_put_u32(&m, OVS_KEY_ATTR_SKB_MARK, 0xff);
	cr_expect_eq(fp_odp_flow_from_attrs(k.data, k.len, m.data, m.len, &f, &w),
		     -EINVAL, "a mask for something the key lacks");
}

/* ---- explaining the kernel's EINVAL ---- */

static bool explain(const struct fp_nla_buf *k, const struct fp_nla_buf *m,
		    char *why, size_t size)
{
	return fp_odp_flow_explain(k->data, k->len, m ? m->data : NULL,
				   m ? m->len : 0, why, size);
}

Test(odp_flow, explains_the_refusals_seen_from_openvswitch_ko)
{
	static uint8_t mraw[256] __attribute__((aligned(4)));
	struct ovs_key_ethernet e;
	struct ovs_key_ipv4 ip = { .ipv4_proto = IPPROTO_TCP };
	struct ovs_key_ipv4 ipm = { 0 };
	struct ovs_key_tcp tcp = { 0, htons(80) }, tcpm = { 0, 0xffff };
	struct fp_nla_buf k, m;
	char why[256];

	memset(&e, 0, sizeof(e));
	/* in_port(1),eth(),eth_type(0x0800) */
	fp_nla_init(&k, raw, sizeof(raw));
	fp_nla_put_u32(&k, OVS_KEY_ATTR_IN_PORT, 1);
	fp_nla_put(&k, OVS_KEY_ATTR_ETHERNET, &e, sizeof(e));
	fp_nla_put_u16(&k, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IP));
	cr_assert(explain(&k, NULL, why, sizeof(why)));
	cr_expect(strstr(why, "eth_type(0x0800) needs ipv4() in the key"), "%s", why);

	/* ...,ipv4(proto=6),tcp(dst=80): no tcp_flags() */
	fp_nla_put(&k, OVS_KEY_ATTR_IPV4, &ip, sizeof(ip));
	fp_nla_put(&k, OVS_KEY_ATTR_TCP, &tcp, sizeof(tcp));
	cr_assert(explain(&k, NULL, why, sizeof(why)));
	cr_expect(strstr(why, "proto=6 needs tcp_flags() in the key"), "%s", why);

	/* with tcp_flags, but the mask leaves the proto open */
	fp_nla_put_u16(&k, OVS_KEY_ATTR_TCP_FLAGS, 0);
	cr_expect_not(explain(&k, NULL, why, sizeof(why)), "%s", why);
	fp_nla_init(&m, mraw, sizeof(mraw));
	fp_nla_put_u32(&m, OVS_KEY_ATTR_IN_PORT, UINT32_MAX);
	fp_nla_put(&m, OVS_KEY_ATTR_ETHERNET, &e, sizeof(e));
	fp_nla_put_u16(&m, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
	fp_nla_put(&m, OVS_KEY_ATTR_IPV4, &ipm, sizeof(ipm));
	fp_nla_put(&m, OVS_KEY_ATTR_TCP, &tcpm, sizeof(tcpm));
	cr_assert(explain(&k, &m, why, sizeof(why)));
	cr_expect(strstr(why, "matching tcp() fields needs eth_type and the IP proto matched exactly"),
		  "%s", why);
}

Test(odp_flow, explains_a_tag_whose_encap_leaves_eth_type_open)
{
	static uint8_t mraw[256] __attribute__((aligned(4)));
	struct ovs_key_ethernet e;
	struct fp_nla_buf k, m;
	size_t kn, mn;
	char why[256];

	memset(&e, 0, sizeof(e));
	/* eth(),eth_type(0x8100),vlan(vid=10),encap() with mask encap() */
	fp_nla_init(&k, raw, sizeof(raw));
	fp_nla_put(&k, OVS_KEY_ATTR_ETHERNET, &e, sizeof(e));
	fp_nla_put_u16(&k, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_8021Q));
	fp_nla_put_u16(&k, OVS_KEY_ATTR_VLAN, htons(FP_VLAN_PRESENT | 10));
	kn = fp_nla_nest_start(&k, OVS_KEY_ATTR_ENCAP);
	fp_nla_nest_end(&k, kn);
	fp_nla_init(&m, mraw, sizeof(mraw));
	fp_nla_put(&m, OVS_KEY_ATTR_ETHERNET, &e, sizeof(e));
	fp_nla_put_u16(&m, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
	fp_nla_put_u16(&m, OVS_KEY_ATTR_VLAN, htons(FP_VLAN_PRESENT | 0xfff));
	mn = fp_nla_nest_start(&m, OVS_KEY_ATTR_ENCAP);
	fp_nla_nest_end(&m, mn);
	cr_assert(explain(&k, &m, why, sizeof(why)));
	cr_expect(strstr(why, "encap() must match eth_type exactly"), "%s", why);
}
