// SPDX-License-Identifier: GPL-2.0
/* Packet-ins: the userspace() cookie and a one-line packet summary. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "odp_text_out.h"
#include "packet_in.h"

#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_IPV6 0x86dd
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8

void fp_packet_in_cookie_put(const struct fp_packet_in_cookie *c,
			     uint8_t buf[FP_PACKET_IN_COOKIE_LEN])
{
	memcpy(buf, FP_PACKET_IN_MAGIC, 4);
	memcpy(buf + 4, &c->run, sizeof(c->run));
	memcpy(buf + 8, &c->rule_id, sizeof(c->rule_id));
}

int fp_packet_in_cookie_get(const void *data, size_t len,
			    struct fp_packet_in_cookie *c)
{
	const uint8_t *b = data;

	if (!data || len != FP_PACKET_IN_COOKIE_LEN ||
	    memcmp(b, FP_PACKET_IN_MAGIC, 4))
		return -EINVAL;
	memcpy(&c->run, b + 4, sizeof(c->run));
	memcpy(&c->rule_id, b + 8, sizeof(c->rule_id));
	return 0;
}

/* ---- the summary ---- */

static const char *ip4(fp_be32 a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static void put_mac(struct fp_text_out *o, const uint8_t *m)
{
	fp_text_put(o, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
	    m[5]);
}

static bool has_ports(uint8_t proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_SCTP;
}

static const char *proto_name(uint8_t proto, bool v6)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_SCTP:
		return "sctp";
	case IPPROTO_ICMP:
		return v6 ? NULL : "icmp";
	case IPPROTO_ICMPV6:
		return v6 ? "icmp6" : NULL;
	}
	return NULL;
}

/* What follows the addresses: "tcp", "icmp echo-request", "proto 47". */
static void put_l4(struct fp_text_out *o, const struct fp_flow *k, bool v6)
{
	const char *name = proto_name(k->nw_proto, v6);
	unsigned int type = ntohs(k->tp_src), code = ntohs(k->tp_dst);

	if (!name) {
		fp_text_put(o, " proto %u", k->nw_proto);
		return;
	}
	fp_text_put(o, " %s", name);
	if (k->nw_frag & OVS_FRAG_TYPE_LATER)
		fp_text_put(o, " fragment");
	else if (!v6 && k->nw_proto == IPPROTO_ICMP && type == ICMP_ECHO_REQUEST)
		fp_text_put(o, " echo-request");
	else if (!v6 && k->nw_proto == IPPROTO_ICMP && type == ICMP_ECHO_REPLY)
		fp_text_put(o, " echo-reply");
	else if (!has_ports(k->nw_proto))
		fp_text_put(o, " type %u code %u", type, code);
}

/* "SRC[:PORT] > DST[:PORT]"; IPv6 ports after a dot, as tcpdump does. */
static void put_ends(struct fp_text_out *o, const char *src, const char *dst,
		     const struct fp_flow *k, char sep)
{
	bool ports = has_ports(k->nw_proto) && !(k->nw_frag & OVS_FRAG_TYPE_LATER);

	if (ports)
		fp_text_put(o, "%s%c%u > %s%c%u", src, sep, ntohs(k->tp_src), dst, sep,
		    ntohs(k->tp_dst));
	else
		fp_text_put(o, "%s > %s", src, dst);
}

static void put_ipv4(struct fp_text_out *o, const struct fp_flow *k)
{
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];

	put_ends(o, ip4(k->nw_src, s), ip4(k->nw_dst, d), k, ':');
	put_l4(o, k, false);
}

static void put_ipv6(struct fp_text_out *o, const struct fp_flow *k)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, &k->ipv6_src, s, sizeof(s));
	inet_ntop(AF_INET6, &k->ipv6_dst, d, sizeof(d));
	put_ends(o, s, d, k, '.');
	put_l4(o, k, true);
}

/* ARP keeps the low byte of its opcode in nw_proto (flow.h). */
static void put_arp(struct fp_text_out *o, const struct fp_flow *k)
{
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];

	ip4(k->nw_src, s);
	ip4(k->nw_dst, d);
	if (k->nw_proto == ARP_OP_REQUEST) {
		fp_text_put(o, "arp who-has %s tell %s", d, s);
	} else if (k->nw_proto == ARP_OP_REPLY) {
		fp_text_put(o, "arp reply %s is-at ", s);
		put_mac(o, k->arp_sha);
	} else {
		fp_text_put(o, "arp op %u %s > %s", k->nw_proto, s, d);
	}
}

int fp_packet_in_summary(const struct fp_flow *key, char *buf, size_t size)
{
	struct fp_text_out o = { buf, size, 0 };

	if (size)
		buf[0] = '\0';
	switch (ntohs(key->dl_type)) {
	case ETH_TYPE_IPV4:
		put_ipv4(&o, key);
		break;
	case ETH_TYPE_IPV6:
		put_ipv6(&o, key);
		break;
	case ETH_TYPE_ARP:
		put_arp(&o, key);
		break;
	default:
		put_mac(&o, key->dl_src);
		fp_text_put(&o, " > ");
		put_mac(&o, key->dl_dst);
		fp_text_put(&o, " type 0x%04x", ntohs(key->dl_type));
	}
	if (fp_flow_has_vlan(key, 0))
		fp_text_put(&o, " vlan %u", ntohs(key->vlans[0].tci) & FP_VLAN_VID_MASK);
	return (int)o.len;
}
