/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct tc_flower: one tc flower filter with its actions, as flowpath
 * thinks of it. The pure translation (tc_xlate.h) fills it from a datapath
 * megaflow; the netlink codec (tc_nl.h) writes it as RTM_NEWTFILTER and
 * reads it back from the kernel's replies and dumps.
 *
 * Byte order: header fields in network order, as in the packet and in the
 * TCA_FLOWER_KEY_* attributes; vlan ids, priorities, flags, ifindexes and
 * counters in host order.
 *
 * key and mask hold the same fields; a field is matched when a bit of its
 * mask is set. Fields flower matches only exactly (the VLAN id and
 * priority, ip_proto, eth_type) have a mask of all ones or zero.
 */
#ifndef FP_TC_FLOWER_H
#define FP_TC_FLOWER_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"

#define TC_FLOWER_MAX_ACTS 16	/* the kernel takes 32 (TCA_ACT_MAX_PRIO) */
#define TC_PEDIT_MAX_KEYS 16	/* 32-bit words rewritten by one pedit */
#define TC_COOKIE_LEN 16	/* a UFID */

/* TCA_FLOWER_KEY_FLAGS bits (host order), as <linux/pkt_cls.h> has them. */
#define TC_FLOWER_FRAG (1u << 0)	/* TCA_FLOWER_KEY_FLAGS_IS_FRAGMENT */
#define TC_FLOWER_FRAG_FIRST (1u << 1)	/* TCA_FLOWER_KEY_FLAGS_FRAG_IS_FIRST */

struct tc_flower_key {
	uint8_t dst_mac[6];
	uint8_t src_mac[6];
	/*
	 * The EtherType inside all tags (TCA_FLOWER_KEY_ETH_TYPE): with no
	 * tag it equals the filter's protocol.
	 */
	fp_be16 eth_type;
	/* Outer tag (TCA_FLOWER_KEY_VLAN_*): the filter's protocol is its TPID. */
	uint16_t vlan_id;
	uint8_t vlan_prio;
	fp_be16 vlan_eth_type;	/* what follows the outer tag */
	/* Inner tag of QinQ (TCA_FLOWER_KEY_CVLAN_*). */
	uint16_t cvlan_id;
	uint8_t cvlan_prio;
	fp_be16 cvlan_eth_type;
	/*
	 * How many VLAN tags the frame has (TCA_FLOWER_KEY_NUM_OF_VLANS,
	 * Linux 6.0+; exact only). Needed where the protocol does not say
	 * it: a megaflow matches "untagged" exactly (odp_flow.c's fix-up
	 * always adds that) but not the EtherType, and protocol all alone
	 * would take tagged frames too. Added by the translation (tc_xlate).
	 */
	uint8_t num_of_vlans;
	uint8_t ip_proto;
	uint8_t ip_tos;
	uint8_t ip_ttl;
	uint32_t flags;		/* TC_FLOWER_FRAG* */
	fp_be32 ipv4_src;
	fp_be32 ipv4_dst;
	struct in6_addr ipv6_src;
	struct in6_addr ipv6_dst;
	/* TCP, UDP or SCTP ports (by ip_proto). */
	fp_be16 tp_src;
	fp_be16 tp_dst;
	fp_be16 tcp_flags;
	/* ICMP or ICMPv6 (by eth_type). */
	uint8_t icmp_type;
	uint8_t icmp_code;
	/* ARP: sip, tip, op (low byte), sha, tha. */
	fp_be32 arp_sip;
	fp_be32 arp_tip;
	uint8_t arp_op;
	uint8_t arp_sha[6];
	uint8_t arp_tha[6];
};

enum tc_act_kind {
	TC_ACT_OUTPUT,		/* act_mirred */
	TC_ACT_DROP,		/* act_gact, shot */
	TC_ACT_VLAN_PUSH,	/* act_vlan */
	TC_ACT_VLAN_POP,
	TC_ACT_VLAN_MODIFY,
	TC_ACT_PEDIT,		/* act_pedit, extended keys */
	TC_ACT_CSUM,		/* act_csum */
};

/* One 32-bit word of a header rewritten: bits of val where mask is set. */
struct tc_pedit_word {
	uint8_t htype;		/* TCA_PEDIT_KEY_EX_HDR_TYPE_* */
	uint32_t off;		/* byte offset in that header, 4-aligned */
	fp_be32 val;		/* network order, as the packet */
	fp_be32 mask;		/* network order: 1 = bit rewritten */
};

struct tc_act {
	enum tc_act_kind kind;
	union {
		struct {
			int ifindex;
			/* A copy (mirror) when more actions follow, else a redirect. */
			bool mirror;
			/* Into the device's receive path (an internal port's host side). */
			bool ingress;
		} out;
		struct {
			fp_be16 tpid;
			uint16_t vid;
			uint8_t prio;
		} vlan;			/* PUSH, MODIFY */
		struct {
			size_t n;
			struct tc_pedit_word keys[TC_PEDIT_MAX_KEYS];
		} pedit;
		uint32_t csum_flags;	/* TCA_CSUM_UPDATE_FLAG_* */
	};
};

/* Counters of a filter: its actions' TCA_ACT_STATS, hardware part apart. */
struct tc_flower_stats {
	uint64_t packets, bytes;	/* all, software and hardware */
	uint64_t hw_packets, hw_bytes;	/* the hardware's share */
	/* ms since the last packet (TCA_ACT_TM lastuse); UINT64_MAX: never seen */
	uint64_t lastuse_ago_ms;
};

struct tc_flower {
	int ifindex;		/* the device whose ingress hook holds it */
	uint32_t chain;
	uint16_t prio;		/* tc's preference; 0 lets the kernel pick */
	uint32_t handle;	/* 0 lets the kernel pick */
	fp_be16 protocol;	/* the filter's ETH_P_*: the outermost type */
	uint32_t flags;		/* TCA_CLS_FLAGS_SKIP_HW / _SKIP_SW */

	struct tc_flower_key key, mask;

	size_t n_acts;
	struct tc_act acts[TC_FLOWER_MAX_ACTS];
	/* Carried by the first action (TCA_ACT_COOKIE): the megaflow's UFID. */
	uint8_t cookie[TC_COOKIE_LEN];
	size_t cookie_len;

	/* Read from the kernel only. */
	bool in_hw;			/* TCA_CLS_FLAGS_IN_HW */
	uint32_t in_hw_count;
	struct tc_flower_stats stats;
};

#endif
