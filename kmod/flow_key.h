/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FP_FLOW_KEY_H
#define _FP_FLOW_KEY_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/netlink.h>

/*
 * struct fp_flow_key - what the datapath knows about a frame, and (the same
 * struct) a megaflow's mask: a bit set in a mask means "this bit of the key
 * is matched". Masked lookup compares keys as arrays of longs, so:
 *  - every key is zeroed as a whole before it is filled (padding included);
 *  - fields are ordered by how often flows match them, metadata and L2
 *    first, IPv6 and ND last, so a table can compare only the range of
 *    longs its mask touches;
 *  - the size is a multiple of sizeof(long).
 * Byte order is the wire's for header fields, the host's for metadata.
 */
struct fp_key_eth {
	u8 src[ETH_ALEN];
	u8 dst[ETH_ALEN];
	/* Payload EtherType (inside the tags); ETH_P_802_2 for 802.3
	 * frames without one; a TPID if a tag is cut short (see below).
	 */
	__be16 type;
};

/* A VLAN tag. tci has VLAN_CFI_MASK set when a whole tag is present (Open
 * vSwitch's convention). A tag the frame cuts short is no tag: tpid and
 * tci stay 0 and its TPID is taken as eth.type, as openvswitch.ko does.
 */
struct fp_key_vlan {
	__be16 tpid;
	__be16 tci;
};

struct fp_key_ip {
	u8 proto;		/* IP protocol; for ARP, the opcode's low byte */
	u8 tos;			/* IPv4 TOS / IPv6 traffic class */
	u8 ttl;			/* IPv4 TTL / IPv6 hop limit */
	u8 frag;		/* OVS_FRAG_TYPE_* */
};

/* TCP, UDP, SCTP ports; ICMP/ICMPv6 type in src and code in dst (both in
 * the low byte of a __be16, as Open vSwitch keeps them).
 */
struct fp_key_tp {
	__be16 src;
	__be16 dst;
	__be16 flags;		/* TCP flags, low 12 bits */
};

struct fp_flow_key {
	/* Metadata, not read from the frame. */
	u32 priority;		/* skb->priority */
	u32 skb_mark;
	u32 in_port;		/* datapath port number */
	u32 recirc_id;
	u32 dp_hash;

	struct fp_key_eth eth;
	struct fp_key_vlan vlan;	/* outer tag (802.1Q or 802.1ad) */
	struct fp_key_vlan cvlan;	/* inner tag of a QinQ frame */
	struct fp_key_ip ip;
	struct fp_key_tp tp;

	union {
		struct {
			__be32 src;	/* also ARP sender/target IP */
			__be32 dst;
		} ipv4;
	};
	struct {
		u8 sha[ETH_ALEN];
		u8 tha[ETH_ALEN];
	} arp;

	struct {
		struct in6_addr src;
		struct in6_addr dst;
		__be32 label;		/* low 20 bits */
		u16 exthdrs;		/* OFPIEH12_* bits seen */
	} ipv6;
	struct {
		struct in6_addr target;
		u8 sll[ETH_ALEN];
		u8 tll[ETH_ALEN];
	} nd;
} __aligned(sizeof(long));

static_assert(sizeof(struct fp_flow_key) % sizeof(long) == 0);

/* The in_port of a key that matches no particular port (a flow put
 * without OVS_KEY_ATTR_IN_PORT), as openvswitch.ko's DP_MAX_PORTS.
 */
#define FP_KEY_NO_IN_PORT	USHRT_MAX

/* flow_key.c: the key of a frame that arrived on @in_port. */
int fp_flow_key_extract(const struct sk_buff *skb, u32 in_port,
			struct fp_flow_key *key);

/*
 * flow_key_nl.c: a key, or a flow's mask (which attributes appear is
 * decided by the flow's key), as a nest of OVS_KEY_ATTR_*; both need at
 * most fp_flow_key_nlattr_size() bytes.
 */
size_t fp_flow_key_nlattr_size(void);
int fp_flow_key_to_nlattr(const struct fp_flow_key *key, struct sk_buff *msg,
			  int attrtype);
int fp_flow_mask_to_nlattr(const struct fp_flow_key *key,
			   const struct fp_flow_key *mask, struct sk_buff *msg,
			   int attrtype);
/*
 * flow_key_parse.c: a flow's key and mask from OVS_FLOW_ATTR_KEY/_MASK
 * (@mask NULL: exact match of what the key has; @m NULL: the key alone),
 * with openvswitch.ko's rules and errno; and the key of an EXECUTE's
 * frame (metadata from @key, the rest from @skb). Process context.
 */
int fp_flow_key_from_nlattr(const struct nlattr *key, const struct nlattr *mask,
			    struct fp_flow_key *k, struct fp_flow_key *m,
			    struct netlink_ext_ack *extack);
int fp_flow_key_extract_userspace(struct sk_buff *skb, const struct nlattr *key,
				  struct fp_flow_key *k,
				  struct netlink_ext_ack *extack);

#endif /* _FP_FLOW_KEY_H */
