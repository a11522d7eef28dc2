/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Datapath flow keys: the nested OVS_KEY_ATTR_* attributes of an upcall
 * (and, later, of flows) parsed into a plain struct.
 *
 * This is the seed of the full key/mask codec: it knows the metadata,
 * Ethernet, up to two VLAN tags and the L3/L4 headers. Attributes it does
 * not know are skipped; those it knows are length-checked first and may
 * appear once per nesting level, as the kernel requires of its input.
 */
#ifndef FP_ODP_KEY_H
#define FP_ODP_KEY_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/openvswitch.h>

#define ODP_KEY_MAX_VLANS 2

struct odp_key {
	/* Bit (1 << OVS_KEY_ATTR_x) for each attribute seen, at any level. */
	uint64_t attrs;

	uint32_t in_port;		/* datapath port number */
	uint32_t priority;
	uint32_t skb_mark;
	uint32_t recirc_id;
	uint32_t dp_hash;

	struct ovs_key_ethernet eth;
	/*
	 * Outermost tag first. Host byte order; the TCI keeps the kernel's
	 * VLAN_CFI bit (0x1000), which says a tag was really there (a frame
	 * cut short after its TPID has a VLAN attribute of 0).
	 */
	unsigned int n_vlans;
	uint16_t vlan_tpid[ODP_KEY_MAX_VLANS];
	uint16_t vlan_tci[ODP_KEY_MAX_VLANS];
	/*
	 * The Ethernet type of the payload, inside any VLAN tags, host byte
	 * order. Absent for 802.2 frames: the kernel omits the attribute.
	 */
	bool has_eth_type;
	uint16_t eth_type;

	/* Network byte order, as the kernel sends them. */
	struct ovs_key_ipv4 ipv4;
	struct ovs_key_ipv6 ipv6;
	struct ovs_key_arp arp;
	struct ovs_key_tcp tcp;
	struct ovs_key_udp udp;
	struct ovs_key_sctp sctp;
	struct ovs_key_icmp icmp;
	struct ovs_key_icmpv6 icmpv6;
};

static inline bool odp_key_has(const struct odp_key *key, int attr)
{
	return attr >= 0 && attr < 64 && (key->attrs >> attr) & 1;
}

/*
 * Parses the attributes in [attrs, attrs + len) (the payload of an
 * OVS_PACKET_ATTR_KEY or OVS_FLOW_ATTR_KEY). Returns 0, -EBADMSG for a
 * truncated attribute, -ERANGE for a wrong length, -EINVAL for a repeated
 * attribute or VLAN tags without an Ethernet type or nested too deep.
 */
int odp_key_parse(const void *attrs, size_t len, struct odp_key *key);

#endif
