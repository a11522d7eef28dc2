// SPDX-License-Identifier: GPL-2.0
/*
 * The rule parser on malformed input: every refusal names the token it
 * refused and says why, word for word as a user will read it.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "test_rule_util.h"

struct err_case {
	const char *text;
	const char *err;
};

#define TP_NEEDS "needs a match on tcp, udp or sctp (nw_proto=6, 17 or 132 with ip or ipv6)"

static const struct err_case match_cases[] = {
	/* Values that are not what the field holds. */
	{ "nw_dst=10.0.0.300,ip,actions=drop",
	  "nw_dst=10.0.0.300: '10.0.0.300' is not an IPv4 address" },
	{ "ip,nw_src=10.0.0.0/33,actions=drop",
	  "nw_src=10.0.0.0/33: '33' is not a prefix length (0 to 32) or an IPv4 mask" },
	{ "ip,nw_dst=10.0.0.1/,actions=drop",
	  "nw_dst=10.0.0.1/: '' is not a prefix length (0 to 32) or an IPv4 mask" },
	{ "ip,nw_dst=,actions=drop", "nw_dst=: nw_dst needs a value" },
	{ "dl_src=00:11:22:33:44,actions=drop",
	  "dl_src=00:11:22:33:44: '00:11:22:33:44' is not an Ethernet address (xx:xx:xx:xx:xx:xx)" },
	{ "dl_src=00:11:22:33:44:555,actions=drop",
	  "dl_src=00:11:22:33:44:555: '00:11:22:33:44:555' is not an Ethernet address (xx:xx:xx:xx:xx:xx)" },
	{ "dl_dst=01:00:00:00:00:00/01:00:00:00:00,actions=drop",
	  "dl_dst=01:00:00:00:00:00/01:00:00:00:00: '01:00:00:00:00' is not an Ethernet mask (xx:xx:xx:xx:xx:xx)" },
	{ "ipv6,ipv6_src=2001:db8::g,actions=drop",
	  "ipv6_src=2001:db8::g: '2001:db8::g' is not an IPv6 address" },
	{ "ipv6,ipv6_dst=::/129,actions=drop",
	  "ipv6_dst=::/129: '129' is not a prefix length (0 to 128) or an IPv6 mask" },
	{ "tcp,tp_dst=abc,actions=drop", "tp_dst=abc: 'abc' is not a number" },
	{ "tcp,tp_dst=-1,actions=drop", "tp_dst=-1: '-1' is not a number" },
	{ "tcp,tp_dst=0x,actions=drop", "tp_dst=0x: '0x' is not a number" },
	{ "tcp,tp_dst=0x0x10,actions=drop", "tp_dst=0x0x10: '0x0x10' is not a number" },
	/* Ranges. */
	{ "tcp,tp_dst=70000,actions=drop",
	  "tp_dst=70000: '70000' is out of range for tp_dst (0 to 65535)" },
	{ "tcp,tp_dst=0x1000/0x10000,actions=drop",
	  "tp_dst=0x1000/0x10000: '0x10000' is out of range for tp_dst (0 to 65535)" },
	{ "dl_vlan=4096,actions=drop",
	  "dl_vlan=4096: '4096' is out of range for dl_vlan (0 to 4095, or 0xffff for no tag)" },
	{ "dl_vlan_pcp=8,actions=drop",
	  "dl_vlan_pcp=8: '8' is out of range for dl_vlan_pcp (0 to 7)" },
	{ "ip,nw_tos=3,actions=drop",
	  "nw_tos=3: '3' is out of range for nw_tos (bits 0xfc only)" },
	{ "icmp,icmp_type=256,actions=drop",
	  "icmp_type=256: '256' is out of range for icmp_type (0 to 255)" },
	{ "tcp,tcp_flags=0x1000,actions=drop",
	  "tcp_flags=0x1000: '0x1000' is out of range for tcp_flags (0 to 4095)" },
	{ "ipv6,ipv6_label=0x100000,actions=drop",
	  "ipv6_label=0x100000: '0x100000' is out of range for ipv6_label (0 to 1048575)" },
	{ "skb_mark=0x100000000,actions=drop",
	  "skb_mark=0x100000000: '0x100000000' is out of range for skb_mark (0 to 4294967295)" },
	{ "priority=70000,actions=drop",
	  "priority=70000: '70000' is out of range for priority (0 to 65535)" },
	{ "priority=high,actions=drop", "priority=high: 'high' is not a number" },
	{ "table=1,actions=drop", "table=1: flowpath has one table, table 0" },
	/* Masks where none is allowed. */
	{ "ip,nw_ttl=64/0xff,actions=drop",
	  "nw_ttl=64/0xff: nw_ttl cannot be masked ('/0xff')" },
	{ "dl_type=0x0800/0xff00,actions=drop",
	  "dl_type=0x0800/0xff00: dl_type cannot be masked ('/0xff00')" },
	/* Prerequisites, whatever the order. */
	{ "tp_dst=80,actions=drop", "tp_dst=80: tp_dst " TP_NEEDS },
	{ "ip,tp_dst=80,actions=drop", "tp_dst=80: tp_dst " TP_NEEDS },
	{ "icmp,tp_src=80,actions=drop", "tp_src=80: tp_src " TP_NEEDS },
	{ "udp,tcp_dst=80,actions=drop",
	  "tcp_dst=80: tcp_dst needs a match on tcp or tcp6 (nw_proto=6 with ip or ipv6)" },
	{ "tcp,udp_src=53,actions=drop",
	  "udp_src=53: udp_src needs a match on udp or udp6 (nw_proto=17 with ip or ipv6)" },
	{ "tcp,sctp_dst=1,actions=drop",
	  "sctp_dst=1: sctp_dst needs a match on sctp or sctp6 (nw_proto=132 with ip or ipv6)" },
	{ "udp,tcp_flags=2,actions=drop",
	  "tcp_flags=2: tcp_flags needs a match on tcp or tcp6 (nw_proto=6 with ip or ipv6)" },
	{ "icmp6,icmp_type=1,actions=drop",
	  "icmp_type=1: icmp_type needs a match on icmp (nw_proto=1 with ip)" },
	{ "icmp,icmpv6_code=1,actions=drop",
	  "icmpv6_code=1: icmpv6_code needs a match on icmp6 (nw_proto=58 with ipv6)" },
	{ "nw_src=10.0.0.1,actions=drop",
	  "nw_src=10.0.0.1: nw_src needs a match on ip, arp or rarp" },
	{ "ipv6,nw_dst=10.0.0.1,actions=drop",
	  "nw_dst=10.0.0.1: nw_dst needs a match on ip, arp or rarp" },
	{ "nw_proto=6,actions=drop",
	  "nw_proto=6: nw_proto needs a match on ip, ipv6, arp or rarp" },
	{ "arp,nw_ttl=1,actions=drop", "nw_ttl=1: nw_ttl needs a match on ip or ipv6" },
	{ "ip,ipv6_src=::1,actions=drop",
	  "ipv6_src=::1: ipv6_src needs a match on ipv6 (dl_type=0x86dd)" },
	{ "ip,arp_op=1,actions=drop",
	  "arp_op=1: arp_op needs a match on arp or rarp (dl_type=0x0806 or 0x8035)" },
	{ "icmp6,nd_target=fe80::1,actions=drop",
	  "nd_target=fe80::1: nd_target needs a match on icmp6 with icmpv6_type=135 or 136" },
	{ "icmp6,icmpv6_type=136,nd_sll=00:00:00:00:00:01,actions=drop",
	  "nd_sll=00:00:00:00:00:01: nd_sll needs a match on icmp6 with icmpv6_type=135" },
	{ "icmp6,icmpv6_type=135,nd_tll=00:00:00:00:00:01,actions=drop",
	  "nd_tll=00:00:00:00:00:01: nd_tll needs a match on icmp6 with icmpv6_type=136" },
	/* Repetition and contradiction. */
	{ "priority=1,priority=2,actions=drop", "priority=2: priority is given twice" },
	{ "ip,nw_dst=10.0.0.1,nw_dst=10.0.0.1,actions=drop",
	  "nw_dst=10.0.0.1: nw_dst is already matched by 'nw_dst=10.0.0.1'" },
	{ "tcp,nw_proto=17,actions=drop", "nw_proto=17: contradicts 'tcp'" },
	{ "ip,ipv6,actions=drop", "ipv6: contradicts 'ip'" },
	{ "tcp,tcp_dst=80,tp_dst=81,actions=drop", "tp_dst=81: contradicts 'tcp_dst=80'" },
	{ "dl_vlan=0xffff,dl_vlan_pcp=3,actions=drop",
	  "dl_vlan_pcp=3: contradicts 'dl_vlan=0xffff'" },
	{ "in_port=p1,in_port=p2,actions=drop",
	  "in_port=p2: in_port is already matched by 'in_port=p1'" },
	/* Unknown words. */
	{ "foo=1,actions=drop", "foo=1: 'foo' is not a field flowpath knows" },
	{ "cookie=0x5,actions=drop", "cookie=0x5: 'cookie' is not a field flowpath knows" },
	{ "bogus,actions=drop",
	  "bogus: not a protocol keyword (ip, ipv6, arp, rarp, icmp, icmp6, tcp, "
	  "tcp6, udp, udp6, sctp, sctp6) nor FIELD=VALUE" },
	{ "ip,actions", "actions: write actions=ACTION,..." },
	{ "in_port=nope,actions=drop", "in_port=nope: no port named 'nope'" },
	{ "in_port=,actions=drop", "in_port=: a port name is missing" },
	/* No actions at all. */
	{ "ip,nw_dst=10.0.0.1",
	  "ip,nw_dst=10.0.0.1: no actions (end the rule with actions=..., e.g. actions=drop)" },
	{ "", "(empty): no actions (end the rule with actions=..., e.g. actions=drop)" },
};

static const struct err_case action_cases[] = {
	{ "actions=output:p9x", "output:p9x: no port named 'p9x'" },
	{ "actions=nosuchport", "nosuchport: no port named 'nosuchport'" },
	{ "actions=output:averyveryverylongportname",
	  "output:averyveryverylongportname: 'averyveryverylongportname' is "
	  "longer than a port name can be (15 characters)" },
	{ "actions=output:", "output:: a port name is missing" },
	{ "actions=output", "output: output needs an argument (output:...)" },
	{ "actions=frobnicate:1", "frobnicate:1: 'frobnicate' is not an action flowpath knows" },
	{ "actions=controller(reason=no_match)",
	  "controller(reason=no_match): not an action flowpath knows" },
	{ "actions=controller:abc", "controller:abc: 'abc' is not a number" },
	{ "actions=controller:", "controller:: '' is not a number" },
	{ "actions=controller:-1", "controller:-1: '-1' is not a number" },
	{ "actions=controller:65536", "controller:65536: '65536' is out of range (0 to 65535)" },
	{ "actions=controller:13",
	  "controller:13: MAX_LEN 13 is below 14 bytes (an Ethernet header); write controller alone for whole packets" },
	{ "actions=controller:0",
	  "controller:0: MAX_LEN 0 is below 14 bytes (an Ethernet header); write controller alone for whole packets" },
	{ "actions=output:p1,priority=5",
	  "priority=5: not an action flowpath knows (actions= must come last)" },
	{ "actions=drop,output:p1", "drop: drop must be the only action" },
	{ "actions=output:p1,drop", "drop: drop must be the only action" },
	{ "actions=push_vlan:0x0800",
	  "push_vlan:0x0800: '0x0800' is not a VLAN TPID (0x8100 or 0x88a8)" },
	{ "actions=push_vlan:dot1q", "push_vlan:dot1q: 'dot1q' is not a number" },
	{ "actions=mod_vlan_vid:4096", "mod_vlan_vid:4096: '4096' is out of range (0 to 4095)" },
	{ "actions=mod_vlan_pcp:8", "mod_vlan_pcp:8: '8' is out of range (0 to 7)" },
	{ "actions=mod_vlan_vid", "mod_vlan_vid: mod_vlan_vid needs an argument (mod_vlan_vid:...)" },
	{ "actions=mod_dl_src", "mod_dl_src: mod_dl_src needs a value (mod_dl_src:VALUE)" },
	{ "actions=mod_dl_src:00:11:22:33:44:55/ff:ff:ff:ff:ff:00",
	  "mod_dl_src:00:11:22:33:44:55/ff:ff:ff:ff:ff:00: mod_dl_src takes no mask (set_field can mask)" },
	{ "actions=mod_dl_dst:nope",
	  "mod_dl_dst:nope: 'nope' is not an Ethernet address (xx:xx:xx:xx:xx:xx)" },
	{ "actions=mod_nw_dst:10.0.0.1",
	  "mod_nw_dst:10.0.0.1: writing nw_dst needs a match on ip (dl_type=0x0800)" },
	{ "arp,actions=mod_nw_src:10.0.0.1",
	  "mod_nw_src:10.0.0.1: writing nw_src needs a match on ip (dl_type=0x0800)" },
	{ "icmp,actions=mod_tp_dst:80", "mod_tp_dst:80: writing tp_dst " TP_NEEDS },
	{ "ip,actions=mod_nw_tos:3", "mod_nw_tos:3: '3' is out of range for nw_tos (bits 0xfc only)" },
	{ "ip,actions=mod_nw_ttl:256", "mod_nw_ttl:256: '256' is out of range for nw_ttl (0 to 255)" },
	{ "actions=set_field:1->dl_type", "set_field:1->dl_type: dl_type cannot be written" },
	{ "actions=set_field:1->in_port", "set_field:1->in_port: in_port cannot be written" },
	{ "arp,actions=set_field:1.2.3.4->arp_spa",
	  "set_field:1.2.3.4->arp_spa: arp_spa cannot be written" },
	{ "actions=set_field:10.0.0.1", "set_field:10.0.0.1: write set_field:VALUE->FIELD" },
	{ "actions=set_field:->nw_dst", "set_field:->nw_dst: write set_field:VALUE->FIELD" },
	{ "actions=set_field:1->nosuch", "set_field:1->nosuch: 'nosuch' is not a field flowpath knows" },
	{ "tcp,actions=set_field:70000->tcp_dst",
	  "set_field:70000->tcp_dst: '70000' is out of range for tcp_dst (0 to 65535)" },
	{ "actions=set_field:0xffff->dl_vlan", "set_field:0xffff->dl_vlan: pop_vlan removes a tag" },
	{ "actions=set_field:5->vlan_vid",
	  "set_field:5->vlan_vid: a vlan_vid value needs the present bit 0x1000 (pop_vlan removes a tag)" },
	{ "actions=set_field:0x1005/0x1ff0->vlan_vid",
	  "set_field:0x1005/0x1ff0->vlan_vid: vlan_vid cannot be written in part" },
	{ "actions=set_field:0x1/0x1->vlan_pcp",
	  "set_field:0x1/0x1->vlan_pcp: dl_vlan_pcp cannot be masked ('/0x1')" },
};

static void check_cases(const struct err_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		cr_expect_str_eq(parse_err(cases[i].text), cases[i].err,
				 "for '%s'", cases[i].text);
}

Test(rule_errors, match_refusals_name_token_and_reason)
{
	check_cases(match_cases, sizeof(match_cases) / sizeof(match_cases[0]));
}

Test(rule_errors, action_refusals_name_token_and_reason)
{
	check_cases(action_cases, sizeof(action_cases) / sizeof(action_cases[0]));
}

Test(rule_errors, too_many_actions)
{
	char text[512] = "actions=";
	int i;

	for (i = 0; i <= FP_RULE_MAX_ACTIONS; i++)
		strcat(text, i ? ",p1" : "p1");
	cr_expect_str_eq(parse_err(text), "p1: more than 32 actions");
}

Test(rule_errors, too_long)
{
	char text[FP_RULE_TEXT_MAX + 1];

	memset(text, ' ', FP_RULE_TEXT_MAX);
	text[FP_RULE_TEXT_MAX] = '\0';
	memcpy(text, "actions=drop", 12);
	cr_expect_str_eq(parse_err(text),
			 "rule of 1024 characters refused: at most 1023 are accepted");
	text[FP_RULE_TEXT_MAX - 1] = '\0';
	{
		struct fp_rule r;

		parse_ok(&r, text);
	}
}

Test(rule_errors, no_port_lookup_no_ports)
{
	struct fp_rule r;
	char err[256];

	cr_expect_lt(fp_rule_parse(&r, "in_port=p1,actions=drop",
				   FP_RULE_PARSE_FULL, NULL, err, sizeof(err)), 0);
	cr_expect_str_eq(err, "in_port=p1: port 'p1' cannot be looked up here");
	cr_expect_lt(fp_rule_parse(&r, "actions=output:p1", FP_RULE_PARSE_FULL,
				   NULL, err, sizeof(err)), 0);
	cr_expect_str_eq(err, "output:p1: port 'p1' cannot be looked up here");
	cr_expect_eq(fp_rule_parse(&r, "actions=NORMAL", FP_RULE_PARSE_FULL,
				   NULL, err, sizeof(err)), 0);
}

Test(rule_errors, match_mode_refuses_actions)
{
	struct fp_rule r;
	char err[256];

	cr_expect_lt(fp_rule_parse(&r, "ip,actions=drop", FP_RULE_PARSE_MATCH,
				   &test_ports, err, sizeof(err)), 0);
	cr_expect_str_eq(err, "actions: a match is wanted here, without actions");
}

/* A short buffer gets a truncated, terminated message and no overrun. */
Test(rule_errors, small_error_buffer)
{
	struct fp_rule r;
	char err[12];

	memset(err, 'x', sizeof(err));
	cr_expect_lt(fp_rule_parse(&r, "nw_dst=10.0.0.300,ip,actions=drop",
				   FP_RULE_PARSE_FULL, &test_ports, err, 8), 0);
	cr_expect_str_eq(err, "nw_dst=");
	cr_expect_eq(err[8], 'x');
}
