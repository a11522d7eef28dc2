/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the flow key's files (flow_key*.c) share and nobody else needs.
 */
#ifndef _FP_FLOW_KEY_PRIV_H
#define _FP_FLOW_KEY_PRIV_H

#include <linux/skbuff.h>

#include "flow_key.h"

/*
 * The IPv6 extension-header bits of OVS_KEY_ATTR_IPV6_EXTHDRS (OpenFlow
 * 1.2's OFPIEH12_*, which openvswitch.ko keeps in its own flow.h).
 */
enum {
	FP_IEH_NONEXT	= 1 << 0,	/* "no next header" met */
	FP_IEH_ESP	= 1 << 1,
	FP_IEH_AUTH	= 1 << 2,
	FP_IEH_DEST	= 1 << 3,	/* one or two destination options */
	FP_IEH_FRAG	= 1 << 4,
	FP_IEH_ROUTER	= 1 << 5,
	FP_IEH_HOP	= 1 << 6,
	FP_IEH_UNREP	= 1 << 7,	/* a header repeated */
	FP_IEH_UNSEQ	= 1 << 8,	/* not in RFC 8200's order */
};

/* flow_key.c: the frame's fields of a key whose metadata is set. */
int fp_flow_key_extract_frame(const struct sk_buff *skb,
			      struct fp_flow_key *key);

/* flow_key_ipv4.c: the L3/L4 fields of an IPv4 or ARP frame whose network
 * header is at @nh.
 */
void fp_flow_key_ipv4(const struct sk_buff *skb, unsigned int nh,
		      struct fp_flow_key *key);
void fp_flow_key_arp(const struct sk_buff *skb, unsigned int nh,
		     struct fp_flow_key *key);
/* Ports of TCP, UDP or SCTP (key->ip.proto) at @th. */
void fp_flow_key_ports(const struct sk_buff *skb, unsigned int th,
		       struct fp_flow_key *key);

/* flow_key_ipv6.c */
void fp_flow_key_ipv6(const struct sk_buff *skb, unsigned int nh,
		      struct fp_flow_key *key);

#endif /* _FP_FLOW_KEY_PRIV_H */
