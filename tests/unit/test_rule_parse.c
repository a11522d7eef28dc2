// SPDX-License-Identifier: GPL-2.0
/*
 * The rule parser on well-formed input: every field lands on exactly the
 * bits it names (plus those of its protocol keyword), every action is
 * what it says.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "flow_field.h"
#include "test_rule_util.h"

#define OFF(m) offsetof(struct fp_flow, m)

struct field_case {
	const char *prefix;	/* protocol keywords the field needs */
	const char *field;	/* the token under test */
	size_t off;
	const char *value;	/* expected bytes at off, hex */
	const char *mask;
};

/* Network-order fields only; metadata (host order) is tested below. */
static const struct field_case cases[] = {
	{ "", "dl_src=00:11:22:33:44:55", OFF(dl_src), "001122334455", "ffffffffffff" },
	{ "", "eth_src=a:b:c:d:e:f", OFF(dl_src), "0a0b0c0d0e0f", "ffffffffffff" },
	{ "", "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00", OFF(dl_dst),
	  "010000000000", "010000000000" },
	{ "", "dl_dst=ff:ff:ff:ff:ff:ff/fe:ff:ff:ff:ff:ff", OFF(dl_dst),
	  "feffffffffff", "feffffffffff" },
	{ "", "eth_dst=00:00:5e:00:53:01", OFF(dl_dst), "00005e005301", "ffffffffffff" },
	{ "", "dl_type=0x88cc", OFF(dl_type), "88cc", "ffff" },
	{ "", "eth_type=2048", OFF(dl_type), "0800", "ffff" },
	{ "", "dl_vlan=10", OFF(vlans[0].tci), "100a", "1fff" },
	{ "", "dl_vlan=0xffff", OFF(vlans[0].tci), "0000", "ffff" },
	{ "", "dl_vlan_pcp=5", OFF(vlans[0].tci), "b000", "f000" },
	{ "", "vlan_pcp=7", OFF(vlans[0].tci), "f000", "f000" },
	{ "", "vlan_tci=0x1005/0x1fff", OFF(vlans[0].tci), "1005", "1fff" },
	{ "", "vlan_tci=0", OFF(vlans[0].tci), "0000", "ffff" },
	{ "", "vlan_vid=0x1000/0x1000", OFF(vlans[0].tci), "1000", "1000" },
	{ "", "vlan_vid=0x1064", OFF(vlans[0].tci), "1064", "1fff" },
	{ "ip", "nw_src=10.1.2.3/24", OFF(nw_src), "0a010200", "ffffff00" },
	{ "ip", "nw_dst=10.0.0.2", OFF(nw_dst), "0a000002", "ffffffff" },
	{ "ip", "nw_dst=192.168.7.9/255.255.0.255", OFF(nw_dst), "c0a80009",
	  "ffff00ff" },
	{ "ip", "ip_src=0.0.0.0/0", OFF(nw_src), "00000000", "00000000" },
	{ "ip", "ip_dst=1.2.3.4/32", OFF(nw_dst), "01020304", "ffffffff" },
	{ "arp", "nw_src=10.0.0.1", OFF(nw_src), "0a000001", "ffffffff" },
	{ "ip", "nw_proto=47", OFF(nw_proto), "2f", "ff" },
	{ "ipv6", "ip_proto=58", OFF(nw_proto), "3a", "ff" },
	{ "arp", "nw_proto=2", OFF(nw_proto), "02", "ff" },
	{ "ip", "nw_tos=0x28", OFF(nw_tos), "28", "fc" },
	{ "ip", "ip_dscp=10", OFF(nw_tos), "28", "fc" },
	{ "ipv6", "nw_ecn=3", OFF(nw_tos), "03", "03" },
	{ "ip", "ip_ecn=1", OFF(nw_tos), "01", "03" },
	{ "ip", "nw_ttl=64", OFF(nw_ttl), "40", "ff" },
	{ "ipv6", "ipv6_src=2001:db8::1", OFF(ipv6_src),
	  "20010db8000000000000000000000001", "ffffffffffffffffffffffffffffffff" },
	{ "ipv6", "ipv6_dst=2001:db8:ffff::/32", OFF(ipv6_dst),
	  "20010db8000000000000000000000000", "ffffffff000000000000000000000000" },
	{ "ipv6", "ipv6_dst=::1/::ffff", OFF(ipv6_dst),
	  "00000000000000000000000000000001", "0000000000000000000000000000ffff" },
	{ "ipv6", "ipv6_label=0x12345", OFF(ipv6_label), "00012345", "000fffff" },
	{ "ipv6", "ipv6_label=1/0xf", OFF(ipv6_label), "00000001", "0000000f" },
	{ "tcp", "tp_src=1024", OFF(tp_src), "0400", "ffff" },
	{ "udp", "tp_dst=0x1000/0xf000", OFF(tp_dst), "1000", "f000" },
	{ "udp", "tp_dst=0x1234/0xf000", OFF(tp_dst), "1000", "f000" },
	{ "sctp", "tp_dst=9", OFF(tp_dst), "0009", "ffff" },
	{ "tcp6", "tcp_dst=443", OFF(tp_dst), "01bb", "ffff" },
	{ "tcp", "tcp_src=0x0050/0xfff0", OFF(tp_src), "0050", "fff0" },
	{ "udp", "udp_src=53", OFF(tp_src), "0035", "ffff" },
	{ "udp6", "udp_dst=4789", OFF(tp_dst), "12b5", "ffff" },
	{ "sctp", "sctp_src=1", OFF(tp_src), "0001", "ffff" },
	{ "sctp6", "sctp_dst=2", OFF(tp_dst), "0002", "ffff" },
	{ "tcp", "tcp_flags=0x002", OFF(tcp_flags), "0002", "0fff" },
	{ "tcp6", "tcp_flags=0x010/0x012", OFF(tcp_flags), "0010", "0012" },
	{ "icmp", "icmp_type=8", OFF(tp_src), "0008", "00ff" },
	{ "icmp", "icmp_code=3", OFF(tp_dst), "0003", "00ff" },
	{ "icmp6", "icmpv6_type=128", OFF(tp_src), "0080", "00ff" },
	{ "icmp6", "icmpv6_code=0", OFF(tp_dst), "0000", "00ff" },
	{ "arp", "arp_op=2", OFF(nw_proto), "02", "ff" },
	{ "arp", "arp_spa=10.0.0.0/8", OFF(nw_src), "0a000000", "ff000000" },
	{ "rarp", "arp_tpa=10.0.0.9", OFF(nw_dst), "0a000009", "ffffffff" },
	{ "arp", "arp_sha=00:00:00:00:00:01", OFF(arp_sha), "000000000001",
	  "ffffffffffff" },
	{ "arp", "arp_tha=02:00:00:00:00:00/02:00:00:00:00:00", OFF(arp_tha),
	  "020000000000", "020000000000" },
	{ "icmp6,icmpv6_type=135", "nd_target=fe80::1", OFF(nd_target),
	  "fe800000000000000000000000000001", "ffffffffffffffffffffffffffffffff" },
	{ "icmp6,icmpv6_type=136", "nd_target=fe80::/10", OFF(nd_target),
	  "fe800000000000000000000000000000", "ffc00000000000000000000000000000" },
	{ "icmp6,icmpv6_type=135", "nd_sll=00:11:22:33:44:55", OFF(arp_sha),
	  "001122334455", "ffffffffffff" },
	{ "icmp6,icmpv6_type=136", "nd_tll=00:11:22:33:44:56", OFF(arp_tha),
	  "001122334456", "ffffffffffff" },
};

static void put_hex(struct fp_flow *f, size_t off, const char *hex)
{
	uint8_t *p = (uint8_t *)f + off;
	unsigned int byte;

	for (; *hex; hex += 2, p++) {
		cr_assert_eq(sscanf(hex, "%2x", &byte), 1);
		*p |= (uint8_t)byte;
	}
}

static void check_field(const struct field_case *c)
{
	struct fp_rule base, r;
	char text[256];

	snprintf(text, sizeof(text), "%s%sactions=drop", c->prefix,
		 *c->prefix ? "," : "");
	parse_ok(&base, text);
	snprintf(text, sizeof(text), "%s%s%s,actions=drop", c->prefix,
		 *c->prefix ? "," : "", c->field);
	parse_ok(&r, text);
	put_hex(&base.match, c->off, c->value);
	put_hex(&base.mask, c->off, c->mask);
	cr_expect(!memcmp(&r.match, &base.match, sizeof(r.match)),
		  "%s: match is not %s", text, c->value);
	cr_expect(!memcmp(&r.mask, &base.mask, sizeof(r.mask)),
		  "%s: mask is not %s", text, c->mask);
}

Test(rule_parse, every_field_sets_exactly_its_bits)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_field(&cases[i]);
}

/* Every name in the registry is exercised by the table above or below. */
Test(rule_parse, every_registered_field_has_a_case)
{
	static const char *const elsewhere[] = { "in_port", "skb_mark",
		"pkt_mark", "skb_priority" };
	size_t i, j, len;
	bool found;

	for (i = 0; i < fp_n_fields; i++) {
		const char *names[2] = { fp_fields[i].name, fp_fields[i].alias };
		int k;

		for (k = 0; k < 2 && names[k]; k++) {
			found = false;
			len = strlen(names[k]);
			for (j = 0; j < sizeof(cases) / sizeof(cases[0]); j++)
				found |= !strncmp(cases[j].field, names[k], len) &&
					 cases[j].field[len] == '=';
			for (j = 0; j < 4; j++)
				found |= !strcmp(elsewhere[j], names[k]);
			cr_expect(found, "no test case for %s", names[k]);
		}
	}
}

Test(rule_parse, metadata_fields_in_host_order)
{
	struct fp_rule r;

	parse_ok(&r, "in_port=p3,skb_mark=0x50/0xf0,skb_priority=7,actions=drop");
	cr_expect_eq(r.match.in_port, 3);
	cr_expect_eq(r.mask.in_port, 0xffffffff);
	cr_expect_eq(r.match.skb_mark, 0x50);
	cr_expect_eq(r.mask.skb_mark, 0xf0);
	cr_expect_eq(r.match.skb_priority, 7);
	cr_expect_eq(r.mask.skb_priority, 0xffffffff);
	parse_ok(&r, "pkt_mark=12,actions=drop");
	cr_expect_eq(r.match.skb_mark, 12);
	cr_expect_eq(r.mask.skb_mark, 0xffffffff);
}

struct proto_case {
	const char *kw;
	uint16_t dl_type;
	int nw_proto;
};

Test(rule_parse, protocol_keywords)
{
	static const struct proto_case protos[] = {
		{ "ip", 0x0800, -1 }, { "ipv6", 0x86dd, -1 },
		{ "arp", 0x0806, -1 }, { "rarp", 0x8035, -1 },
		{ "icmp", 0x0800, 1 }, { "icmp6", 0x86dd, 58 },
		{ "tcp", 0x0800, 6 }, { "tcp6", 0x86dd, 6 },
		{ "udp", 0x0800, 17 }, { "udp6", 0x86dd, 17 },
		{ "sctp", 0x0800, 132 }, { "sctp6", 0x86dd, 132 },
	};
	struct fp_rule r;
	char text[64];
	size_t i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		snprintf(text, sizeof(text), "%s,actions=drop", protos[i].kw);
		parse_ok(&r, text);
		cr_expect_eq(ntohs(r.match.dl_type), protos[i].dl_type, "%s", text);
		cr_expect_eq(r.mask.dl_type, 0xffff, "%s", text);
		cr_expect_eq(r.mask.nw_proto, protos[i].nw_proto < 0 ? 0 : 0xff,
			     "%s", text);
		if (protos[i].nw_proto >= 0)
			cr_expect_eq(r.match.nw_proto, protos[i].nw_proto, "%s", text);
	}
}

Test(rule_parse, keyword_and_field_may_agree)
{
	struct fp_rule a, b;

	parse_ok(&a, "tcp,actions=drop");
	parse_ok(&b, "dl_type=0x0800,nw_proto=6,tcp,actions=drop");
	expect_same_rule(&a, &b);
}

Test(rule_parse, priority_default_and_bounds)
{
	struct fp_rule r;

	parse_ok(&r, "actions=drop");
	cr_expect_eq(r.priority, 32768);
	cr_expect(fp_flow_is_zero(&r.mask));
	parse_ok(&r, "priority=0,actions=drop");
	cr_expect_eq(r.priority, 0);
	parse_ok(&r, "priority=65535,actions=drop");
	cr_expect_eq(r.priority, 65535);
	parse_ok(&r, "priority=0x10,table=0,actions=drop");
	cr_expect_eq(r.priority, 16);
}

Test(rule_parse, prerequisites_in_any_order)
{
	struct fp_rule a, b;

	parse_ok(&a, "tp_dst=80,nw_dst=10.0.0.2,tcp,actions=drop");
	parse_ok(&b, "tcp,nw_dst=10.0.0.2,tp_dst=80,actions=drop");
	expect_same_rule(&a, &b);
}

Test(rule_parse, spaces_separate_like_commas_and_text_is_kept)
{
	static const char *text =
		"priority=5 ip\tnw_dst=10.0.0.1  actions=mod_vlan_vid:5, output:p1";
	struct fp_rule a, b;

	parse_ok(&a, text);
	parse_ok(&b, "priority=5,ip,nw_dst=10.0.0.1,actions=mod_vlan_vid:5,output:p1");
	expect_same_rule(&a, &b);
	cr_expect_str_eq(a.text, text);
}

static const struct fp_ract *only_action(struct fp_rule *r, const char *text)
{
	parse_ok(r, text);
	cr_assert_eq(r->actions.n, 1, "%s: %zu actions", text, r->actions.n);
	return &r->actions.acts[0];
}

static void expect_type(const char *text, enum fp_ract_type type)
{
	struct fp_rule r;

	cr_expect_eq(only_action(&r, text)->type, type, "%s", text);
}

Test(rule_parse, port_actions)
{
	struct fp_rule r;

	cr_expect_str_eq(only_action(&r, "actions=output:p2")->port, "p2");
	cr_expect_eq(only_action(&r, "actions=output:p2")->type, FP_RACT_OUTPUT);
	cr_expect_str_eq(only_action(&r, "actions=p3")->port, "p3");
	expect_type("actions=in_port", FP_RACT_IN_PORT);
	expect_type("actions=output:in_port", FP_RACT_IN_PORT);
	expect_type("actions=IN_PORT", FP_RACT_IN_PORT);
	expect_type("actions=normal", FP_RACT_NORMAL);
	expect_type("actions=NORMAL", FP_RACT_NORMAL);
	expect_type("actions=output:NORMAL", FP_RACT_NORMAL);
	expect_type("actions=flood", FP_RACT_FLOOD);
	expect_type("actions=FLOOD", FP_RACT_FLOOD);
}

Test(rule_parse, controller_actions)
{
	struct fp_rule r;

	expect_type("actions=controller", FP_RACT_CONTROLLER);
	expect_type("actions=CONTROLLER", FP_RACT_CONTROLLER);
	expect_type("actions=output:controller", FP_RACT_CONTROLLER);
	cr_expect_eq(only_action(&r, "actions=controller")->max_len, 0,
		     "alone: the whole packet");
	cr_expect_eq(only_action(&r, "actions=controller:128")->max_len, 128);
	cr_expect_eq(only_action(&r, "actions=controller:14")->max_len, 14);
	cr_expect_eq(only_action(&r, "actions=controller:0xffff")->max_len, 65535);
	parse_ok(&r, "ip,actions=controller,output:p2");
	cr_assert_eq(r.actions.n, 2);
	cr_expect_eq(r.actions.acts[0].type, FP_RACT_CONTROLLER);
	cr_expect_eq(r.actions.acts[1].type, FP_RACT_OUTPUT);
}

Test(rule_parse, drop_is_no_action)
{
	struct fp_rule r;

	parse_ok(&r, "actions=drop");
	cr_expect_eq(r.actions.n, 0);
	parse_ok(&r, "actions=");
	cr_expect_eq(r.actions.n, 0);
}

Test(rule_parse, vlan_actions)
{
	struct fp_rule r;

	cr_expect_eq(only_action(&r, "actions=push_vlan:0x8100")->tpid, htons(0x8100));
	cr_expect_eq(only_action(&r, "actions=push_vlan:0x88a8")->tpid, htons(0x88a8));
	expect_type("actions=push_vlan:0x8100", FP_RACT_PUSH_VLAN);
	expect_type("actions=pop_vlan", FP_RACT_POP_VLAN);
	expect_type("actions=strip_vlan", FP_RACT_POP_VLAN);
	cr_expect_eq(only_action(&r, "actions=mod_vlan_vid:4095")->vid, 4095);
	expect_type("actions=mod_vlan_vid:1", FP_RACT_SET_VLAN_VID);
	cr_expect_eq(only_action(&r, "actions=mod_vlan_pcp:7")->pcp, 7);
	expect_type("actions=mod_vlan_pcp:7", FP_RACT_SET_VLAN_PCP);
	/* set_field on the VLAN fields becomes the VLAN actions. */
	cr_expect_eq(only_action(&r, "actions=set_field:5->dl_vlan")->vid, 5);
	expect_type("actions=set_field:5->dl_vlan", FP_RACT_SET_VLAN_VID);
	cr_expect_eq(only_action(&r, "actions=set_field:0x1064->vlan_vid")->vid, 100);
	cr_expect_eq(only_action(&r, "actions=set_field:3->dl_vlan_pcp")->pcp, 3);
	expect_type("actions=set_field:3->vlan_pcp", FP_RACT_SET_VLAN_PCP);
}

/* A SET_FIELD action whose mask is the field's bytes [off, off + len). */
static void expect_set(const char *text, size_t off, const char *value,
		       const char *mask)
{
	struct fp_flow v, m;
	struct fp_rule r;
	const struct fp_ract *a = only_action(&r, text);

	cr_assert_eq(a->type, FP_RACT_SET_FIELD, "%s", text);
	fp_flow_zero(&v);
	fp_flow_zero(&m);
	put_hex(&v, off, value);
	put_hex(&m, off, mask);
	cr_expect(!memcmp(&a->set.value, &v, sizeof(v)), "%s: value", text);
	cr_expect(!memcmp(&a->set.mask, &m, sizeof(m)), "%s: mask", text);
}

Test(rule_parse, set_field_actions)
{
	expect_set("actions=mod_dl_src:00:11:22:33:44:55", OFF(dl_src),
		   "001122334455", "ffffffffffff");
	expect_set("actions=mod_dl_dst:02:00:00:00:00:01", OFF(dl_dst),
		   "020000000001", "ffffffffffff");
	expect_set("ip,actions=mod_nw_src:10.0.0.1", OFF(nw_src), "0a000001",
		   "ffffffff");
	expect_set("ip,actions=mod_nw_dst:10.0.0.2", OFF(nw_dst), "0a000002",
		   "ffffffff");
	expect_set("ipv6,actions=mod_nw_tos:0x20", OFF(nw_tos), "20", "fc");
	expect_set("ip,actions=mod_nw_ttl:9", OFF(nw_ttl), "09", "ff");
	expect_set("tcp,actions=mod_tp_src:1000", OFF(tp_src), "03e8", "ffff");
	expect_set("udp6,actions=mod_tp_dst:53", OFF(tp_dst), "0035", "ffff");
	expect_set("ip,actions=set_field:10.0.0.0/8->nw_dst", OFF(nw_dst),
		   "0a000000", "ff000000");
	expect_set("ipv6,actions=set_field:2001:db8::1->ipv6_src", OFF(ipv6_src),
		   "20010db8000000000000000000000001",
		   "ffffffffffffffffffffffffffffffff");
	expect_set("ipv6,actions=set_field:0x12345->ipv6_label", OFF(ipv6_label),
		   "00012345", "000fffff");
	expect_set("tcp,actions=set_field:80->tcp_dst", OFF(tp_dst), "0050", "ffff");
	expect_set("ip,actions=set_field:12->ip_dscp", OFF(nw_tos), "30", "fc");
	expect_set("ip,actions=set_field:1->nw_ecn", OFF(nw_tos), "01", "03");
	expect_set("actions=set_field:01:00:00:00:00:00/01:00:00:00:00:00->eth_dst",
		   OFF(dl_dst), "010000000000", "010000000000");
}

Test(rule_parse, set_field_on_metadata)
{
	struct fp_rule r;
	const struct fp_ract *a = only_action(&r, "actions=set_field:0x1/0x1->pkt_mark");

	cr_assert_eq(a->type, FP_RACT_SET_FIELD);
	cr_expect_eq(a->set.value.skb_mark, 1);
	cr_expect_eq(a->set.mask.skb_mark, 1);
	struct fp_flow rest = a->set.mask;

	rest.skb_mark = 0;
	cr_expect(fp_flow_is_zero(&rest));
}

Test(rule_parse, actions_keep_their_order)
{
	struct fp_rule r;

	parse_ok(&r, "actions=pop_vlan,output:p1,mod_vlan_vid:7,p2,NORMAL");
	cr_assert_eq(r.actions.n, 5);
	cr_expect_eq(r.actions.acts[0].type, FP_RACT_POP_VLAN);
	cr_expect_str_eq(r.actions.acts[1].port, "p1");
	cr_expect_eq(r.actions.acts[2].vid, 7);
	cr_expect_str_eq(r.actions.acts[3].port, "p2");
	cr_expect_eq(r.actions.acts[4].type, FP_RACT_NORMAL);
}

Test(rule_parse, thirty_two_actions_fit)
{
	char text[512] = "actions=";
	struct fp_rule r;
	int i;

	for (i = 0; i < FP_RULE_MAX_ACTIONS; i++)
		strcat(text, i ? ",p1" : "p1");
	parse_ok(&r, text);
	cr_expect_eq(r.actions.n, FP_RULE_MAX_ACTIONS);
}

Test(rule_parse, match_mode_for_del_flows)
{
	struct fp_rule r;
	char err[256] = "";

	cr_assert_eq(fp_rule_parse(&r, "tcp,tp_dst=80", FP_RULE_PARSE_MATCH,
				   &test_ports, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(r.match.tp_dst, htons(80));
	cr_assert_eq(fp_rule_parse(&r, "", FP_RULE_PARSE_MATCH, &test_ports,
				   err, sizeof(err)), 0, "%s", err);
	cr_expect(fp_flow_is_zero(&r.mask));
}
