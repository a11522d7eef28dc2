// SPDX-License-Identifier: GPL-2.0
/*
 * The normalised form dump-rules prints, that parsing it gives the rule
 * back, and the strict/loose comparisons of del-flows.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "test_rule_util.h"

struct fmt_case {
	const char *in;
	const char *out;
};

static const struct fmt_case cases[] = {
	{ "ip,nw_dst=10.0.0.2,priority=100,actions=output:p2",
	  "priority=100,ip,nw_dst=10.0.0.2,actions=output:p2" },
	{ "tp_dst=80 in_port=p1 tcp actions=normal",
	  "priority=32768,tcp,in_port=p1,tp_dst=80,actions=NORMAL" },
	{ "dl_type=0x0800,nw_proto=6,actions=drop", "priority=32768,tcp,actions=drop" },
	{ "dl_type=0x86dd,nw_proto=58,actions=drop", "priority=32768,icmp6,actions=drop" },
	{ "dl_type=0x88cc,actions=drop", "priority=32768,dl_type=0x88cc,actions=drop" },
	{ "ip,nw_proto=47,actions=drop", "priority=32768,ip,nw_proto=47,actions=drop" },
	/* Shared storage prints under the name the protocol gives it. */
	{ "icmp,icmp_type=8,icmp_code=0,actions=drop",
	  "priority=32768,icmp,icmp_type=8,icmp_code=0,actions=drop" },
	{ "icmp6,icmpv6_type=135,nd_target=fe80::1,nd_sll=00:00:00:00:00:01,actions=drop",
	  "priority=32768,icmp6,icmpv6_type=135,nd_target=fe80::1,nd_sll=00:00:00:00:00:01,actions=drop" },
	{ "arp,nw_src=10.0.0.1,nw_proto=1,actions=drop",
	  "priority=32768,arp,arp_op=1,arp_spa=10.0.0.1,actions=drop" },
	{ "udp,udp_dst=53,actions=drop", "priority=32768,udp,tp_dst=53,actions=drop" },
	/* VLANs. */
	{ "dl_vlan_pcp=3,dl_vlan=10,actions=drop",
	  "priority=32768,dl_vlan=10,dl_vlan_pcp=3,actions=drop" },
	{ "vlan_vid=0x1064,actions=drop", "priority=32768,dl_vlan=100,actions=drop" },
	{ "vlan_tci=0x1000/0x1000,actions=drop",
	  "priority=32768,vlan_tci=0x1000/0x1000,actions=drop" },
	{ "vlan_tci=0,actions=drop", "priority=32768,dl_vlan=0xffff,actions=drop" },
	{ "vlan_tci=0x0000/0x1000,actions=drop",
	  "priority=32768,vlan_tci=0x0000/0x1000,actions=drop" },
	/* TOS: DSCP and ECN. */
	{ "ip,ip_dscp=10,actions=drop", "priority=32768,ip,nw_tos=40,actions=drop" },
	{ "ipv6,nw_ecn=1,nw_tos=0x28,actions=drop",
	  "priority=32768,ipv6,nw_tos=40,nw_ecn=1,actions=drop" },
	/* Masks: values are shown masked, CIDR where it is one. */
	{ "ip,nw_src=10.1.2.3/8,actions=drop", "priority=32768,ip,nw_src=10.0.0.0/8,actions=drop" },
	{ "ip,nw_src=10.1.2.3/255.0.255.0,actions=drop",
	  "priority=32768,ip,nw_src=10.0.2.0/255.0.255.0,actions=drop" },
	{ "udp6,ipv6_src=2001:db8::1/32,actions=drop",
	  "priority=32768,udp6,ipv6_src=2001:db8::/32,actions=drop" },
	{ "tcp,tp_dst=0x1234/0xf000,actions=drop",
	  "priority=32768,tcp,tp_dst=0x1000/0xf000,actions=drop" },
	{ "dl_dst=03:00:00:00:00:00/01:00:00:00:00:00,actions=drop",
	  "priority=32768,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=drop" },
	{ "pkt_mark=0x5/0xf,skb_priority=3,actions=drop",
	  "priority=32768,skb_mark=0x5/0xf,skb_priority=0x3,actions=drop" },
	/* Actions. */
	{ "actions=in_port,flood,pop_vlan,push_vlan:0x88a8,mod_vlan_vid:5,mod_vlan_pcp:2",
	  "priority=32768,actions=IN_PORT,FLOOD,pop_vlan,push_vlan:0x88a8,mod_vlan_vid:5,mod_vlan_pcp:2" },
	{ "actions=p3,output:p4", "priority=32768,actions=output:p3,output:p4" },
	{ "actions=set_field:0x1/0x1->pkt_mark,set_field:5->dl_vlan,set_field:2->vlan_pcp",
	  "priority=32768,actions=set_field:0x1/0x1->skb_mark,mod_vlan_vid:5,mod_vlan_pcp:2" },
	{ "ip,actions=set_field:10.0.0.1->nw_dst,set_field:10.0.0.0/8->nw_src,set_field:1->ip_ecn",
	  "priority=32768,ip,actions=mod_nw_dst:10.0.0.1,set_field:10.0.0.0/8->nw_src,set_field:1->nw_ecn" },
	{ "tcp,actions=set_field:80->tcp_dst,set_field:12->ip_dscp",
	  "priority=32768,tcp,actions=mod_tp_dst:80,mod_nw_tos:48" },
	{ "actions=", "priority=32768,actions=drop" },
	{ "ip,actions=controller,output:p2", "priority=32768,ip,actions=CONTROLLER,output:p2" },
	{ "actions=output:controller,Controller:128",
	  "priority=32768,actions=CONTROLLER,CONTROLLER:128" },
};

static void format(const struct fp_rule *r, char *buf, size_t size)
{
	int n = fp_rule_format(r, FP_RULE_PARSE_FULL, &test_ports, buf, size);

	cr_assert_lt((size_t)n, size);
	cr_assert_eq((size_t)n, strlen(buf));
}

Test(rule_format, normalised_form)
{
	struct fp_rule r;
	char buf[FP_RULE_TEXT_MAX];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse_ok(&r, cases[i].in);
		format(&r, buf, sizeof(buf));
		cr_expect_str_eq(buf, cases[i].out, "for '%s'", cases[i].in);
	}
}

/* Rules using every field and action; formatting then parsing is identity. */
static const char *const corpus[] = {
	"priority=7,in_port=p1,dl_src=00:11:22:33:44:55,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=drop",
	"skb_mark=0x10/0xf0,skb_priority=2,dl_vlan=4095,dl_vlan_pcp=7,actions=NORMAL",
	"vlan_tci=0x0123/0x0fff,actions=FLOOD",
	"vlan_vid=0x1000/0x1000,dl_type=0x88cc,actions=IN_PORT",
	"arp,arp_op=2,arp_spa=10.0.0.0/8,arp_tpa=10.0.0.9,arp_sha=00:00:00:00:00:01,"
	"arp_tha=02:00:00:00:00:00/02:00:00:00:00:00,actions=output:p9",
	"rarp,nw_src=1.2.3.4,actions=drop",
	"ip,nw_src=10.1.2.3/24,nw_dst=192.168.7.9/255.255.0.255,nw_proto=47,"
	"nw_tos=0x28,nw_ecn=2,nw_ttl=1,actions=drop",
	"ipv6,ipv6_src=2001:db8::1,ipv6_dst=::1/::ffff,ipv6_label=0x12345/0xfffff,actions=drop",
	"ipv6,ipv6_label=1/0xf,ip_dscp=63,actions=drop",
	"tcp,tp_src=1024,tp_dst=0x1000/0xf000,tcp_flags=0x010/0x012,actions=drop",
	"tcp6,tcp_src=0x0050/0xfff0,tcp_dst=443,actions=drop",
	"udp,udp_src=53,udp_dst=0/1,actions=drop",
	"sctp6,sctp_src=1,sctp_dst=2,actions=drop",
	"icmp,icmp_type=3,icmp_code=1,actions=drop",
	"icmp6,icmpv6_type=136,icmpv6_code=0,nd_target=fe80::/10,nd_tll=00:11:22:33:44:56,actions=drop",
	"icmp6,icmpv6_type=135,nd_sll=00:11:22:33:44:55,actions=drop",
	"priority=0,actions=mod_dl_src:00:11:22:33:44:55,mod_dl_dst:02:00:00:00:00:01,"
	"push_vlan:0x8100,mod_vlan_vid:10,mod_vlan_pcp:3,pop_vlan,output:p2",
	"priority=65535,ip,actions=mod_nw_src:10.0.0.1,mod_nw_dst:10.0.0.2,mod_nw_tos:0x20,"
	"mod_nw_ttl:9,set_field:3->nw_ecn,set_field:0xff/0xff->skb_mark",
	"udp6,actions=mod_tp_src:1000,mod_tp_dst:53,set_field:2001:db8::1->ipv6_src,"
	"set_field:fe80::/64->ipv6_dst,set_field:0x12345->ipv6_label",
	"sctp,actions=set_field:7->sctp_dst,set_field:01:00:00:00:00:00/01:00:00:00:00:00->eth_dst",
	"ip,nw_dst=10.0.0.2,actions=controller,output:p2",
	"tcp,actions=mod_tp_dst:80,controller:64,push_vlan:0x8100,controller:65535,output:p3",
};

Test(rule_format, parse_of_format_is_identity)
{
	char once[FP_RULE_TEXT_MAX], twice[FP_RULE_TEXT_MAX];
	struct fp_rule a, b;
	size_t i;

	for (i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		parse_ok(&a, corpus[i]);
		format(&a, once, sizeof(once));
		parse_ok(&b, once);
		expect_same_rule(&a, &b);
		format(&b, twice, sizeof(twice));
		cr_expect_str_eq(once, twice, "for '%s'", corpus[i]);
	}
}

Test(rule_format, match_mode_and_actions_only)
{
	struct fp_rule r;
	char buf[256];

	parse_ok(&r, "priority=9,udp,tp_dst=53,actions=output:p1,NORMAL");
	fp_rule_format(&r, FP_RULE_PARSE_MATCH, &test_ports, buf, sizeof(buf));
	cr_expect_str_eq(buf, "priority=9,udp,tp_dst=53");
	fp_rule_actions_format(&r.actions, buf, sizeof(buf));
	cr_expect_str_eq(buf, "output:p1,NORMAL");
}

Test(rule_format, unknown_port_number_prints_as_number)
{
	struct fp_rule r;
	char buf[256];

	parse_ok(&r, "in_port=p4,actions=drop");
	r.match.in_port = 42;
	fp_rule_format(&r, FP_RULE_PARSE_MATCH, &test_ports, buf, sizeof(buf));
	cr_expect_str_eq(buf, "priority=32768,in_port=42");
	fp_rule_format(&r, FP_RULE_PARSE_MATCH, NULL, buf, sizeof(buf));
	cr_expect_str_eq(buf, "priority=32768,in_port=42");
}

/* Like snprintf: truncated but terminated, and the full length returned. */
Test(rule_format, short_buffer)
{
	struct fp_rule r;
	char buf[10], full[256];
	int n;

	parse_ok(&r, "ip,nw_dst=10.0.0.2,actions=output:p2");
	n = fp_rule_format(&r, FP_RULE_PARSE_FULL, &test_ports, full, sizeof(full));
	cr_expect_eq(fp_rule_format(&r, FP_RULE_PARSE_FULL, &test_ports, buf,
				    sizeof(buf)), n);
	cr_expect_str_eq(buf, "priority=");
	cr_expect_eq(fp_rule_format(&r, FP_RULE_PARSE_FULL, &test_ports, NULL, 0), n);
}

static void pattern(struct fp_rule *p, const char *text)
{
	char err[256];

	cr_assert_eq(fp_rule_parse(p, text, FP_RULE_PARSE_MATCH, &test_ports,
				   err, sizeof(err)), 0, "%s", err);
}

Test(rule_format, del_flows_strict)
{
	struct fp_rule r, p;

	parse_ok(&r, "priority=10,tcp,nw_dst=10.0.0.0/8,actions=drop");
	pattern(&p, "priority=10,nw_dst=10.0.0.0/8,tcp");
	cr_expect(fp_rule_same_match(&r, &p));
	pattern(&p, "priority=11,tcp,nw_dst=10.0.0.0/8");
	cr_expect_not(fp_rule_same_match(&r, &p));
	pattern(&p, "priority=10,tcp,nw_dst=10.0.0.0/16");
	cr_expect_not(fp_rule_same_match(&r, &p));
	pattern(&p, "priority=10,ip,nw_dst=10.0.0.0/8");
	cr_expect_not(fp_rule_same_match(&r, &p));
	/* No priority given means the default, as add-flow has it. */
	parse_ok(&r, "tcp,actions=drop");
	pattern(&p, "tcp");
	cr_expect(fp_rule_same_match(&r, &p));
}

Test(rule_format, del_flows_loose)
{
	struct fp_rule r, p;

	parse_ok(&r, "priority=10,tcp,nw_dst=10.1.0.0/16,tp_dst=80,actions=drop");
	pattern(&p, "");
	cr_expect(fp_rule_covered_by(&r, &p));
	pattern(&p, "ip");
	cr_expect(fp_rule_covered_by(&r, &p));
	pattern(&p, "tcp,nw_dst=10.0.0.0/8");
	cr_expect(fp_rule_covered_by(&r, &p));
	pattern(&p, "tcp,nw_dst=10.1.0.0/16,tp_dst=80,priority=1");
	cr_expect(fp_rule_covered_by(&r, &p));
	/* The pattern is narrower than the rule: some of its packets escape. */
	pattern(&p, "tcp,nw_dst=10.1.2.0/24");
	cr_expect_not(fp_rule_covered_by(&r, &p));
	pattern(&p, "udp");
	cr_expect_not(fp_rule_covered_by(&r, &p));
	pattern(&p, "tcp,nw_dst=10.2.0.0/16");
	cr_expect_not(fp_rule_covered_by(&r, &p));
	pattern(&p, "tcp,tp_src=1");
	cr_expect_not(fp_rule_covered_by(&r, &p));
}
