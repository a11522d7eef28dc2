/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The datapath flow codec: struct fp_flow (and its mask) <-> the nested
 * OVS_KEY_ATTR_* attributes of OVS_FLOW_ATTR_KEY / OVS_FLOW_ATTR_MASK and
 * OVS_PACKET_ATTR_KEY.
 *
 * Encoding writes what openvswitch.ko (net/openvswitch/flow_netlink.c)
 * accepts, and its rules decide more than the attribute layout:
 *  - a key attribute is required for every header the key says is there
 *    (eth_type 0x0800 needs ipv4(), proto 6 needs tcp() and tcp_flags(),
 *    ICMPv6 neighbour solicitations and advertisements need nd(), ...);
 *  - a mask may only cover L3 fields when eth_type is matched exactly, and
 *    L4 fields when the IP protocol is; in_port is exact or absent; a VLAN
 *    tag's TPID and "present" bit are always exact, so is the EtherType
 *    inside the tag, and untagged frames always match "no tag";
 *  - fragments after the first carry no L4 fields at all.
 * fp_odp_flow_fixup_mask() applies these rules to a mask, so the megaflow
 * the caller keeps is the one the kernel will really hold.
 *
 * Byte order follows flow.h: the attributes' network-order fields are
 * copied as they are, the u32 metadata attributes are host order.
 */
#ifndef FP_ODP_FLOW_H
#define FP_ODP_FLOW_H

#include <stddef.h>
#include <stdint.h>
#include <linux/openvswitch.h>

#include "flow.h"

/* Room for any key or mask this codec writes (the largest is ~300 bytes). */
#define FP_ODP_KEY_MAX 512

/* One attribute stream: the payload of a KEY or MASK nest. */
struct fp_odp_key {
	size_t len;
	uint8_t buf[FP_ODP_KEY_MAX] __attribute__((aligned(4)));
};

/*
 * Widens *mask where the datapath requires it, given the flow's key:
 * in_port all-or-nothing; eth_type exact when any L3/L4 bit is matched;
 * the IP protocol exact when any L4 bit is; ICMPv6 type exact under an ND
 * match; the fragment type all-or-nothing; VLAN TPIDs and "present" bits
 * exact, the TCI of absent tags exact, and eth_type exact under a tag. Bits of fields the datapath has
 * no place for under this key (IPv6 addresses of an ARP flow, the high
 * byte of an ICMP type, L4 ports of later fragments, ...) are cleared:
 * every packet of that kind has them zero, so the match is unchanged.
 */
void fp_odp_flow_fixup_mask(const struct fp_flow *key, struct fp_flow *mask);

/*
 * Writes the key and mask attributes of a megaflow. *mask is fixed up
 * first (see above) and left as the kernel will hold it; the key written is
 * key & mask. Returns 0, or -EMSGSIZE (cannot happen with FP_ODP_KEY_MAX).
 */
int fp_odp_flow_to_attrs(const struct fp_flow *key, struct fp_flow *mask,
			 struct fp_odp_key *key_attrs,
			 struct fp_odp_key *mask_attrs);

/* The key of one packet (OVS_PACKET_CMD_EXECUTE): every header it has. */
int fp_odp_key_to_attrs(const struct fp_flow *key, struct fp_odp_key *attrs);

/*
 * Parses a packet's key (an upcall's OVS_PACKET_ATTR_KEY). Attributes
 * fp_flow has no place for (conntrack state, tunnel metadata, IPv6
 * extension headers) are skipped. Returns 0, -EBADMSG for a truncated
 * stream, -ERANGE for an attribute of the wrong length, -EINVAL for one
 * repeated, VLAN tags nested deeper than two, or values the datapath
 * cannot have sent (an ARP opcode above 255, a 21-bit flow label).
 */
int fp_odp_key_from_attrs(const void *attrs, size_t len, struct fp_flow *key);

/*
 * Parses a flow's key and mask (a dump, or a reply to GET). Without a mask
 * (mask_len 0) every attribute the key has is exact, as the kernel reads a
 * flow put without one. A mask attribute the key lacks, or a non-zero mask
 * on a field fp_flow cannot hold, is refused (-EINVAL, -EOPNOTSUPP): the
 * flow matches on something this codec would silently drop.
 */
int fp_odp_flow_from_attrs(const void *key, size_t key_len, const void *mask,
			   size_t mask_len, struct fp_flow *flow,
			   struct fp_flow *wc);

/*
 * openvswitch.ko answers a flow it will not take with a bare EINVAL (its
 * reasons go to the kernel log only). This finds the rule a key/mask pair
 * breaks and writes a sentence about it into buf; returns false when it
 * finds none (the reason is elsewhere: actions, a port, ...).
 */
bool fp_odp_flow_explain(const void *key, size_t key_len, const void *mask,
			 size_t mask_len, char *buf, size_t size);

#endif
