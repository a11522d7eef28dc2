// SPDX-License-Identifier: GPL-2.0
/* The packet-in cookie and the one-line packet summary. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <linux/openvswitch.h>
#include <string.h>

#include "packet_in.h"
#include "test_xlate_fixtures.h"

Test(packet_in, cookie_round_trip)
{
	const struct fp_packet_in_cookie in = { .run = 0xdeadbeef, .rule_id = 1ull << 40 };
	struct fp_packet_in_cookie out = { 0 };
	uint8_t buf[FP_PACKET_IN_COOKIE_LEN];

	fp_packet_in_cookie_put(&in, buf);
	cr_expect_eq(memcmp(buf, "fpPI", 4), 0);
	cr_assert_eq(fp_packet_in_cookie_get(buf, sizeof(buf), &out), 0);
	cr_expect_eq(out.run, in.run);
	cr_expect_eq(out.rule_id, in.rule_id);
}

Test(packet_in, foreign_userdata_is_not_a_cookie)
{
	const struct fp_packet_in_cookie in = { .run = 1, .rule_id = 2 };
	struct fp_packet_in_cookie out;
	uint8_t buf[FP_PACKET_IN_COOKIE_LEN + 1] = { 0 };

	fp_packet_in_cookie_put(&in, buf);
	cr_expect_eq(fp_packet_in_cookie_get(NULL, 0, &out), -EINVAL, "none");
	cr_expect_eq(fp_packet_in_cookie_get(buf, FP_PACKET_IN_COOKIE_LEN - 1, &out),
		     -EINVAL, "short");
	cr_expect_eq(fp_packet_in_cookie_get(buf, sizeof(buf), &out), -EINVAL,
		     "long (an Open vSwitch cookie is 48 bytes)");
	buf[0] = 'F';
	cr_expect_eq(fp_packet_in_cookie_get(buf, FP_PACKET_IN_COOKIE_LEN, &out),
		     -EINVAL, "wrong magic");
}

static const char *summary(const struct fp_flow *f)
{
	static char buf[128];
	int n = fp_packet_in_summary(f, buf, sizeof(buf));

	cr_assert_eq((size_t)n, strlen(buf));
	return buf;
}

#define A "02:00:00:00:00:0a"
#define B "02:00:00:00:00:0b"

Test(packet_in, summary_ipv4)
{
	struct fp_flow f;

	xfix_eth(&f, 1, A, B);
	xfix_ipv4(&f, "10.0.0.1", "10.0.0.2", IPPROTO_ICMP, 8, 0);
	cr_expect_str_eq(summary(&f), "10.0.0.1 > 10.0.0.2 icmp echo-request");
	f.tp_src = htons(0);
	cr_expect_str_eq(summary(&f), "10.0.0.1 > 10.0.0.2 icmp echo-reply");
	f.tp_src = htons(3);
	f.tp_dst = htons(1);
	cr_expect_str_eq(summary(&f), "10.0.0.1 > 10.0.0.2 icmp type 3 code 1");
	xfix_ipv4(&f, "10.0.0.1", "10.0.0.2", IPPROTO_TCP, 40000, 80);
	cr_expect_str_eq(summary(&f), "10.0.0.1:40000 > 10.0.0.2:80 tcp");
	f.nw_frag = OVS_FRAG_TYPE_LATER;
	cr_expect_str_eq(summary(&f), "10.0.0.1 > 10.0.0.2 tcp fragment");
	xfix_ipv4(&f, "10.0.0.1", "10.0.0.2", 47, 0, 0);
	f.nw_frag = 0;
	cr_expect_str_eq(summary(&f), "10.0.0.1 > 10.0.0.2 proto 47");
}

Test(packet_in, summary_ipv6)
{
	struct fp_flow f;

	xfix_eth(&f, 1, A, B);
	xfix_ipv6(&f, "2001:db8::1", "2001:db8::2", IPPROTO_UDP, 5353, 53);
	cr_expect_str_eq(summary(&f), "2001:db8::1.5353 > 2001:db8::2.53 udp");
	xfix_ipv6(&f, "fe80::1", "ff02::1", IPPROTO_ICMPV6, 135, 0);
	cr_expect_str_eq(summary(&f), "fe80::1 > ff02::1 icmp6 type 135 code 0");
}

Test(packet_in, summary_arp)
{
	struct fp_flow f;

	xfix_eth(&f, 1, A, "ff:ff:ff:ff:ff:ff");
	f.dl_type = htons(0x0806);
	inet_pton(AF_INET, "10.0.0.1", &f.nw_src);
	inet_pton(AF_INET, "10.0.0.2", &f.nw_dst);
	f.nw_proto = 1;
	cr_expect_str_eq(summary(&f), "arp who-has 10.0.0.2 tell 10.0.0.1");
	f.nw_proto = 2;
	xfix_mac(f.arp_sha, A);
	cr_expect_str_eq(summary(&f), "arp reply 10.0.0.1 is-at 02:00:00:00:00:0a");
}

Test(packet_in, summary_other_and_vlan)
{
	struct fp_flow f;

	xfix_eth(&f, 1, A, B);
	f.dl_type = htons(0x88cc);
	cr_expect_str_eq(summary(&f), A " > " B " type 0x88cc");
	xfix_tag(&f, 0x8100, 10, 0);
	cr_expect_str_eq(summary(&f), A " > " B " type 0x88cc vlan 10");
}

Test(packet_in, summary_short_buffer)
{
	struct fp_flow f;
	char buf[8];
	int n;

	xfix_eth(&f, 1, A, B);
	xfix_ipv4(&f, "10.0.0.1", "10.0.0.2", IPPROTO_ICMP, 8, 0);
	n = fp_packet_in_summary(&f, buf, sizeof(buf));
	cr_expect_eq(n, (int)strlen("10.0.0.1 > 10.0.0.2 icmp echo-request"));
	cr_expect_str_eq(buf, "10.0.0.", "cut, terminated");
}
