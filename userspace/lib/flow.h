/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct fp_flow: what the slow path knows of a packet, and - used as a
 * mask - which bits of it a decision depended on.
 *
 * One layout serves as packet key, rule match, rule mask and megaflow
 * wildcards, so the classifier can compare and OR them word by word. Two
 * rules keep that sound: every fp_flow is zeroed before it is filled (no
 * stray bytes in padding), and the struct is a whole number of 64-bit words.
 *
 * Byte order: packet header fields are in network byte order, exactly as in
 * the packet and in the datapath's OVS_KEY_ATTR_* structs; metadata
 * (in_port, skb_priority, skb_mark, recirc_id, dp_hash) is in host order,
 * as the datapath's u32 attributes are.
 */
#ifndef FP_FLOW_H
#define FP_FLOW_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint16_t fp_be16;
typedef uint32_t fp_be32;

#define FP_FLOW_MAX_VLANS 2
/* In fp_vlan.tci: the tag is present (the kernel's VLAN_CFI convention). */
#define FP_VLAN_PRESENT 0x1000
#define FP_VLAN_VID_MASK 0x0fff
#define FP_VLAN_PCP_SHIFT 13
/* dl_type of an 802.2 frame (no EtherType): below every valid type. */
#define FP_ETH_TYPE_NONE 0x05ff

struct fp_vlan {
	fp_be16 tpid;	/* 0x8100 or 0x88a8; 0 when no tag */
	fp_be16 tci;	/* PCP | FP_VLAN_PRESENT | VID */
};

struct fp_flow {
	/*
	 * Metadata, host byte order. _Alignas: the members alone would only
	 * align the struct to 4, and the word helpers read it as uint64_t;
	 * embedded after an int (struct fp_rule, struct fp_ract) it would
	 * otherwise sit 4 bytes off a word boundary (UBSan: misaligned load).
	 */
	_Alignas(uint64_t) uint32_t in_port;	/* datapath port number */
	uint32_t skb_priority;
	uint32_t skb_mark;
	uint32_t recirc_id;
	uint32_t dp_hash;

	/* Ethernet. */
	uint8_t dl_dst[6];
	uint8_t dl_src[6];
	struct fp_vlan vlans[FP_FLOW_MAX_VLANS];	/* outermost first */
	fp_be16 dl_type;	/* inside all tags */

	/* IP header bytes. ARP keeps its opcode's low byte in nw_proto. */
	uint8_t nw_proto;
	uint8_t nw_tos;		/* DSCP and ECN, as in the header */
	uint8_t nw_ttl;		/* TTL or hop limit */
	uint8_t nw_frag;	/* OVS_FRAG_TYPE_* */

	/* TCP/UDP/SCTP ports; ICMP/ICMPv6 type in tp_src, code in tp_dst. */
	fp_be16 tp_src;
	fp_be16 tp_dst;
	fp_be16 tcp_flags;	/* low 12 bits */

	/* IPv4, or ARP's spa/tpa. */
	fp_be32 nw_src;
	fp_be32 nw_dst;
	fp_be32 ipv6_label;	/* low 20 bits */
	struct in6_addr ipv6_src;
	struct in6_addr ipv6_dst;
	struct in6_addr nd_target;
	/* ARP sha/tha, or IPv6 ND's source/target link-layer addresses. */
	uint8_t arp_sha[6];
	uint8_t arp_tha[6];

	uint8_t pad[4];		/* the size stays a multiple of 8; always 0 */
};

#define FP_FLOW_U64S (sizeof(struct fp_flow) / sizeof(uint64_t))

_Static_assert(sizeof(struct fp_flow) % sizeof(uint64_t) == 0,
	       "struct fp_flow must be a whole number of 64-bit words");
_Static_assert(_Alignof(struct fp_flow) >= _Alignof(uint64_t),
	       "struct fp_flow must be aligned for 64-bit word access");

/* Word access for the classifier and hashing. */
static inline const uint64_t *fp_flow_u64(const struct fp_flow *f)
{
	return (const uint64_t *)(const void *)f;
}

static inline uint64_t *fp_flow_u64_rw(struct fp_flow *f)
{
	return (uint64_t *)(void *)f;
}

/* All bits of *f zero / one. */
void fp_flow_zero(struct fp_flow *f);
void fp_flow_set_all(struct fp_flow *mask);

/* dst = src & mask, for every bit. */
void fp_flow_apply_mask(struct fp_flow *dst, const struct fp_flow *src,
			const struct fp_flow *mask);

/* (a & mask) == (b & mask). */
bool fp_flow_equal_masked(const struct fp_flow *a, const struct fp_flow *b,
			  const struct fp_flow *mask);

/* wc |= mask. */
void fp_flow_or(struct fp_flow *wc, const struct fp_flow *mask);

/* True if every bit set in a is also set in b. */
bool fp_flow_mask_subset(const struct fp_flow *a, const struct fp_flow *b);

bool fp_flow_is_zero(const struct fp_flow *f);

/* Hash of (f & mask), seeded; equal masked flows hash equal. */
uint32_t fp_flow_hash_masked(const struct fp_flow *f,
			     const struct fp_flow *mask, uint32_t basis);

/* Whether a tag is present at level i (0 = outermost). */
static inline bool fp_flow_has_vlan(const struct fp_flow *f, int i)
{
	return (f->vlans[i].tci & htons(FP_VLAN_PRESENT)) != 0;
}

#endif
