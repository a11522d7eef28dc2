// SPDX-License-Identifier: GPL-2.0
/* Example filters and captured kernel messages; see test_tc_fixtures.h. */
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/tc_act/tc_csum.h>

#include "test_tc_fixtures.h"

/* ---- building blocks ---- */

static void mac(uint8_t *dst, uint8_t a, uint8_t b, uint8_t c, uint8_t d,
		uint8_t e, uint8_t f)
{
	dst[0] = a; dst[1] = b; dst[2] = c; dst[3] = d; dst[4] = e; dst[5] = f;
}

static void exact(void *mask, size_t len)
{
	memset(mask, 0xff, len);
}

/* An untagged filter for EtherType type at prio; the cookie names it. */
static void base(struct tc_flower *f, int ifindex, uint16_t prio, uint16_t type)
{
	size_t i;

	f->ifindex = ifindex;
	f->prio = prio;
	f->protocol = htons(type);
	f->key.eth_type = htons(type);
	f->mask.eth_type = 0xffff;
	f->cookie_len = TC_COOKIE_LEN;
	for (i = 0; i < TC_COOKIE_LEN; i++)
		f->cookie[i] = (uint8_t)(prio * 16 + i);
}

static void ip4(struct tc_flower *f, uint8_t proto)
{
	f->key.ip_proto = proto;
	f->mask.ip_proto = 0xff;
}

static struct tc_act *act(struct tc_flower *f, enum tc_act_kind kind)
{
	struct tc_act *a = &f->acts[f->n_acts++];

	a->kind = kind;
	return a;
}

static void output(struct tc_flower *f, int ifindex, bool mirror, bool ingress)
{
	struct tc_act *a = act(f, TC_ACT_OUTPUT);

	a->out.ifindex = ifindex;
	a->out.mirror = mirror;
	a->out.ingress = ingress;
}

/* ---- the examples: one per key kind and action kind ---- */

static void ex_eth(struct tc_flower *f, int ifindex, int out)
{
	(void)out;
	base(f, ifindex, 10, ETH_P_IP);
	mac(f->key.dst_mac, 0x02, 0, 0, 0, 0, 0x02);
	exact(f->mask.dst_mac, 6);
	mac(f->key.src_mac, 0x02, 0x11, 0x22, 0, 0, 0);
	mac(f->mask.src_mac, 0xff, 0xff, 0xff, 0, 0, 0);
	act(f, TC_ACT_DROP);
}

static void ex_ipv4_udp(struct tc_flower *f, int ifindex, int out)
{
	base(f, ifindex, 11, ETH_P_IP);
	ip4(f, IPPROTO_UDP);
	f->key.ipv4_src = htonl(0x0a000000);
	f->mask.ipv4_src = htonl(0xffffff00);
	f->key.ipv4_dst = htonl(0x0a000002);
	f->mask.ipv4_dst = htonl(0xffffffff);
	f->key.ip_tos = 0x10;
	f->mask.ip_tos = 0xfc;
	f->key.ip_ttl = 64;
	f->mask.ip_ttl = 0xff;
	f->key.tp_dst = htons(4000);
	f->mask.tp_dst = 0xffff;
	f->flags = TCA_CLS_FLAGS_SKIP_HW;
	output(f, out, false, false);
}

static void ex_ipv4_tcp(struct tc_flower *f, int ifindex, int out)
{
	base(f, ifindex, 12, ETH_P_IP);
	ip4(f, IPPROTO_TCP);
	f->key.tp_src = htons(0x1000);
	f->mask.tp_src = htons(0xf000);
	f->key.tp_dst = htons(80);
	f->mask.tp_dst = 0xffff;
	f->key.tcp_flags = htons(0x02);		/* SYN */
	f->mask.tcp_flags = htons(0x12);	/* without ACK */
	output(f, out, true, false);
	act(f, TC_ACT_DROP);
}

static void ex_icmp4(struct tc_flower *f, int ifindex, int out)
{
	base(f, ifindex, 13, ETH_P_IP);
	ip4(f, IPPROTO_ICMP);
	f->key.icmp_type = 8;
	f->mask.icmp_type = 0xff;
	f->key.icmp_code = 0;
	f->mask.icmp_code = 0xff;
	output(f, out, false, true);
}

static void ex_icmp6(struct tc_flower *f, int ifindex, int out)
{
	base(f, ifindex, 14, ETH_P_IPV6);
	ip4(f, IPPROTO_ICMPV6);
	inet_pton(AF_INET6, "fd00::", &f->key.ipv6_src);
	inet_pton(AF_INET6, "ffff:ffff:ffff:ffff::", &f->mask.ipv6_src);
	inet_pton(AF_INET6, "fd00::2", &f->key.ipv6_dst);
	exact(&f->mask.ipv6_dst, 16);
	f->key.ip_ttl = 255;			/* hop limit */
	f->mask.ip_ttl = 0xff;
	f->key.icmp_type = 128;
	f->mask.icmp_type = 0xff;
	output(f, out, true, true);
	act(f, TC_ACT_DROP);
}

static void ex_sctp(struct tc_flower *f, int ifindex, int out)
{
	base(f, ifindex, 15, ETH_P_IP);
	ip4(f, IPPROTO_SCTP);
	f->key.tp_src = htons(5000);
	f->mask.tp_src = 0xffff;
	f->key.tp_dst = htons(0x0100);
	f->mask.tp_dst = htons(0xff00);
	act(f, TC_ACT_CSUM)->csum_flags = TCA_CSUM_UPDATE_FLAG_IPV4HDR |
					 TCA_CSUM_UPDATE_FLAG_SCTP;
	output(f, out, false, false);
}

static void ex_arp(struct tc_flower *f, int ifindex, int out)
{
	base(f, ifindex, 16, ETH_P_ARP);
	f->key.arp_sip = htonl(0x0a000001);
	f->mask.arp_sip = htonl(0xffffffff);
	f->key.arp_tip = htonl(0x0a000000);
	f->mask.arp_tip = htonl(0xffffff00);
	f->key.arp_op = 1;
	f->mask.arp_op = 0xff;
	mac(f->key.arp_sha, 0x02, 0, 0, 0, 0, 0x01);
	exact(f->mask.arp_sha, 6);
	mac(f->key.arp_tha, 0, 0, 0, 0, 0, 0);
	mac(f->mask.arp_tha, 0xff, 0, 0, 0, 0, 0);
	output(f, out, false, false);
}

static void ex_vlan(struct tc_flower *f, int ifindex, int out)
{
	base(f, ifindex, 17, ETH_P_8021Q);
	f->key.eth_type = htons(ETH_P_IP);
	f->key.vlan_id = 100;
	f->mask.vlan_id = 0xffff;
	f->key.vlan_prio = 3;
	f->mask.vlan_prio = 0xff;
	f->key.vlan_eth_type = htons(ETH_P_IP);
	f->mask.vlan_eth_type = 0xffff;
	f->key.ipv4_dst = htonl(0x0a000002);
	f->mask.ipv4_dst = htonl(0xffffffff);
	act(f, TC_ACT_VLAN_POP);
	output(f, out, false, false);
}

static void ex_qinq(struct tc_flower *f, int ifindex, int out)
{
	struct tc_act *a;

	base(f, ifindex, 18, ETH_P_8021AD);
	f->key.eth_type = htons(ETH_P_IP);
	f->key.vlan_id = 200;
	f->mask.vlan_id = 0xffff;
	f->key.vlan_eth_type = htons(ETH_P_8021Q);
	f->mask.vlan_eth_type = 0xffff;
	f->key.cvlan_id = 300;
	f->mask.cvlan_id = 0xffff;
	f->key.cvlan_prio = 5;
	f->mask.cvlan_prio = 0xff;
	f->key.cvlan_eth_type = htons(ETH_P_IP);
	f->mask.cvlan_eth_type = 0xffff;
	a = act(f, TC_ACT_VLAN_MODIFY);
	a->vlan.tpid = htons(ETH_P_8021Q);
	a->vlan.vid = 42;
	a->vlan.prio = 1;
	output(f, out, false, false);
}

static void ex_frag(struct tc_flower *f, int ifindex, int out)
{
	struct tc_act *a;

	base(f, ifindex, 19, ETH_P_IP);
	f->key.flags = TC_FLOWER_FRAG;		/* a later fragment */
	f->mask.flags = TC_FLOWER_FRAG | TC_FLOWER_FRAG_FIRST;
	a = act(f, TC_ACT_VLAN_PUSH);
	a->vlan.tpid = htons(ETH_P_8021AD);
	a->vlan.vid = 7;
	a->vlan.prio = 2;
	output(f, out, false, false);
}

static void pedit_key(struct tc_act *a, uint8_t htype, uint32_t off,
		      uint32_t val, uint32_t mask)
{
	struct tc_pedit_key *k = &a->pedit.keys[a->pedit.n++];

	k->htype = htype;
	k->off = off;
	k->mask = htonl(mask);
	k->val = htonl(val & mask);
}

static void ex_pedit(struct tc_flower *f, int ifindex, int out)
{
	struct tc_act *a;

	base(f, ifindex, 20, ETH_P_IP);
	ip4(f, IPPROTO_UDP);
	f->key.tp_dst = htons(5000);
	f->mask.tp_dst = 0xffff;
	a = act(f, TC_ACT_PEDIT);
	pedit_key(a, 1, 0, 0x02000000, 0xffffffff);	/* eth dst, 4 bytes */
	pedit_key(a, 1, 4, 0x00630000, 0xffff0000);	/* and the last 2 */
	pedit_key(a, 2, 16, 0x0a000063, 0xffffffff);	/* ipv4 dst */
	pedit_key(a, 5, 0, 0x00001389, 0x0000ffff);	/* udp dst port */
	act(f, TC_ACT_CSUM)->csum_flags = TCA_CSUM_UPDATE_FLAG_IPV4HDR |
					 TCA_CSUM_UPDATE_FLAG_UDP;
	output(f, out, false, false);
}

static void ex_chain7(struct tc_flower *f, int ifindex, int out)
{
	(void)out;
	base(f, ifindex, 21, ETH_P_IP);
	f->chain = 7;
	ip4(f, IPPROTO_UDP);
	f->key.tp_dst = htons(7000);
	f->mask.tp_dst = 0xffff;
	act(f, TC_ACT_DROP);
}

/* The one traffic goes through: UDP to port 9 (discard), dropped. */
static void ex_count(struct tc_flower *f, int ifindex, int out)
{
	(void)out;
	base(f, ifindex, 22, ETH_P_IP);
	ip4(f, IPPROTO_UDP);
	f->key.tp_dst = htons(9);
	f->mask.tp_dst = 0xffff;
	act(f, TC_ACT_DROP);
}

const struct tcf_example tcf_examples[] = {
	{ "eth", ex_eth },
	{ "ipv4_udp", ex_ipv4_udp },
	{ "ipv4_tcp", ex_ipv4_tcp },
	{ "icmp4", ex_icmp4 },
	{ "icmp6", ex_icmp6 },
	{ "sctp", ex_sctp },
	{ "arp", ex_arp },
	{ "vlan", ex_vlan },
	{ "qinq", ex_qinq },
	{ "frag", ex_frag },
	{ "pedit", ex_pedit },
	{ "chain7", ex_chain7 },
	{ "count", ex_count },
};
const size_t tcf_n_examples = sizeof(tcf_examples) / sizeof(tcf_examples[0]);

const struct tcf_example *tcf_example_find(const char *name)
{
	size_t i;

	for (i = 0; i < tcf_n_examples; i++)
		if (!strcmp(tcf_examples[i].name, name))
			return &tcf_examples[i];
	return NULL;
}

void tcf_example_build(const struct tcf_example *ex, struct tc_flower *f,
		       int ifindex, int out_ifindex)
{
	memset(f, 0, sizeof(*f));
	f->stats.lastuse_ago_ms = UINT64_MAX;	/* as the decoder says "never" */
	ex->build(f, ifindex, out_ifindex);
}

struct nlmsghdr *tcf_load(union tcf_buf *buf, const uint8_t *bytes, size_t len)
{
	memset(buf, 0, sizeof(*buf));
	memcpy(buf->bytes, bytes, len < sizeof(buf->bytes) ? len : sizeof(buf->bytes));
	if (buf->nlh.nlmsg_len > len)
		buf->nlh.nlmsg_len = (uint32_t)len;
	return &buf->nlh;
}

const struct tcf_capture *tcf_capture_find(const char *name)
{
	size_t i;

	for (i = 0; i < tcf_n_captures; i++)
		if (!strcmp(tcf_captures[i].what, name))
			return &tcf_captures[i];
	return NULL;
}

/* ---- captured kernel messages (build/tcnl capture, in the guest) ---- */

const struct tcf_capture tcf_captures[] = {
	{ NULL, NULL, 0 },
};
const size_t tcf_n_captures = 0;
