// SPDX-License-Identifier: GPL-2.0
/*
 * Flow key extraction for IPv4 and ARP, and the transport ports that IPv4
 * and IPv6 share. Same rules as openvswitch.ko (see flow_key.c): a header
 * that is cut or malformed leaves its fields zero rather than failing the
 * frame, and lengths are checked against the frame, not against the IP
 * total length (padding counts, as it does there).
 */
#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/sctp.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <linux/openvswitch.h>

#include "flow_key.h"
#include "flow_key_priv.h"

/* An ARP header for Ethernet and IPv4 addresses: the only kind a key holds. */
struct fp_arp_eth_ipv4 {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	u8 sip[4];
	u8 tha[ETH_ALEN];
	u8 tip[4];
} __packed;

/* The TCP flags: the __be16 at offset 12, without the data offset. */
#define FP_TCP_FLAGS_WORD	6
#define FP_TCP_FLAGS_MASK	htons(0x0fff)

static void fp_flow_key_tcp(const struct sk_buff *skb, unsigned int th,
			    struct fp_flow_key *key)
{
	const struct tcphdr *tcp;
	struct tcphdr _tcp;
	unsigned int len;

	tcp = skb_header_pointer(skb, th, sizeof(_tcp), &_tcp);
	if (!tcp)
		return;
	/* A data offset below the header, or past the frame: no ports. */
	len = tcp->doff * 4;
	if (len < sizeof(_tcp) || skb->len < th + len)
		return;
	key->tp.src = tcp->source;
	key->tp.dst = tcp->dest;
	key->tp.flags = ((const __be16 *)tcp)[FP_TCP_FLAGS_WORD] &
			FP_TCP_FLAGS_MASK;
}

/* Source and destination are the first two __be16 of UDP and SCTP; each
 * counts only if the frame holds the whole fixed header.
 */
static void fp_flow_key_port_pair(const struct sk_buff *skb, unsigned int th,
				  unsigned int hdr_len, struct fp_flow_key *key)
{
	__be16 _ports[2];
	const __be16 *ports;

	if (skb->len < th + hdr_len)
		return;
	ports = skb_header_pointer(skb, th, sizeof(_ports), _ports);
	if (!ports)
		return;
	key->tp.src = ports[0];
	key->tp.dst = ports[1];
}

void fp_flow_key_ports(const struct sk_buff *skb, unsigned int th,
		       struct fp_flow_key *key)
{
	switch (key->ip.proto) {
	case IPPROTO_TCP:
		fp_flow_key_tcp(skb, th, key);
		break;
	case IPPROTO_UDP:
		fp_flow_key_port_pair(skb, th, sizeof(struct udphdr), key);
		break;
	case IPPROTO_SCTP:
		fp_flow_key_port_pair(skb, th, sizeof(struct sctphdr), key);
		break;
	}
}

/* ICMP type and code, kept in the low byte of the port fields; the whole
 * 8-byte header must be there.
 */
static void fp_flow_key_icmp(const struct sk_buff *skb, unsigned int th,
			     struct fp_flow_key *key)
{
	const struct icmphdr *icmp;
	struct icmphdr _icmp;

	icmp = skb_header_pointer(skb, th, sizeof(_icmp), &_icmp);
	if (!icmp)
		return;
	key->tp.src = htons(icmp->type);
	key->tp.dst = htons(icmp->code);
}

/**
 * fp_flow_key_ipv4 - IPv4 fields, then TCP/UDP/SCTP/ICMP ones
 *
 * A header that is cut or whose IHL is below 5 or past the frame gives a
 * key with EtherType IPv4 and every IP field zero. A later fragment has
 * no transport fields; the first one (MF set, or a UFO frame) has them.
 */
void fp_flow_key_ipv4(const struct sk_buff *skb, unsigned int nh,
		      struct fp_flow_key *key)
{
	const struct iphdr *ip;
	struct iphdr _ip;
	unsigned int ihl;

	ip = skb_header_pointer(skb, nh, sizeof(_ip), &_ip);
	if (!ip)
		return;
	ihl = ip->ihl * 4;
	if (ihl < sizeof(_ip) || skb->len < nh + ihl)
		return;

	key->ipv4.src = ip->saddr;
	key->ipv4.dst = ip->daddr;
	key->ip.proto = ip->protocol;
	key->ip.tos = ip->tos;
	key->ip.ttl = ip->ttl;

	if (ip->frag_off & htons(IP_OFFSET)) {
		key->ip.frag = OVS_FRAG_TYPE_LATER;
		return;
	}
	if ((ip->frag_off & htons(IP_MF)) ||
	    (skb_shinfo(skb)->gso_type & SKB_GSO_UDP))
		key->ip.frag = OVS_FRAG_TYPE_FIRST;

	if (key->ip.proto == IPPROTO_ICMP)
		fp_flow_key_icmp(skb, nh + ihl, key);
	else
		fp_flow_key_ports(skb, nh + ihl, key);
}

/*
 * ARP and RARP: only Ethernet/IPv4 ones are understood; others, and cut
 * ones, leave every ARP field zero. Only an opcode that fits a byte is
 * kept (in ip.proto), as openvswitch.ko does.
 */
void fp_flow_key_arp(const struct sk_buff *skb, unsigned int nh,
		     struct fp_flow_key *key)
{
	const struct fp_arp_eth_ipv4 *arp;
	struct fp_arp_eth_ipv4 _arp;

	arp = skb_header_pointer(skb, nh, sizeof(_arp), &_arp);
	if (!arp || arp->hdr.ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->hdr.ar_pro != htons(ETH_P_IP) ||
	    arp->hdr.ar_hln != ETH_ALEN ||
	    arp->hdr.ar_pln != sizeof(arp->sip))
		return;

	if (ntohs(arp->hdr.ar_op) <= U8_MAX)
		key->ip.proto = ntohs(arp->hdr.ar_op);
	memcpy(&key->ipv4.src, arp->sip, sizeof(key->ipv4.src));
	memcpy(&key->ipv4.dst, arp->tip, sizeof(key->ipv4.dst));
	ether_addr_copy(key->arp.sha, arp->sha);
	ether_addr_copy(key->arp.tha, arp->tha);
}
