/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FP_FLOW_KEY_H
#define _FP_FLOW_KEY_H

#include <linux/if_ether.h>
#include <linux/skbuff.h>
#include <linux/types.h>

/**
 * struct fp_flow_key - what the datapath knows about a frame
 * @in_port: datapath port number it arrived on
 * @eth_src: Ethernet source address
 * @eth_dst: Ethernet destination address
 * @vlan_tpid: TPID of the outer VLAN tag, 0 if untagged
 * @vlan_tci: its TCI with VLAN_CFI_MASK set, or 0 if the tag is truncated
 *	(Open vSwitch's convention: CFI means "a complete tag is present")
 * @eth_type: EtherType of the payload (inside the tag if tagged);
 *	ETH_P_802_2 for 802.3 frames without an LLC/SNAP EtherType
 *
 * Only the L2 fields for now; the flow table will grow this into the full
 * Open vSwitch key (L3/L4, tunnel, metadata), with a mask of the same shape.
 */
struct fp_flow_key {
	u32 in_port;
	u8 eth_src[ETH_ALEN];
	u8 eth_dst[ETH_ALEN];
	__be16 vlan_tpid;
	__be16 vlan_tci;
	__be16 eth_type;
};

int fp_flow_key_extract(const struct sk_buff *skb, u32 in_port,
			struct fp_flow_key *key);
size_t fp_flow_key_nlattr_size(void);
int fp_flow_key_to_nlattr(const struct fp_flow_key *key, struct sk_buff *msg,
			  int attrtype);

#endif /* _FP_FLOW_KEY_H */
