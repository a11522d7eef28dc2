/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FP_UPCALL_H
#define _FP_UPCALL_H

#include <linux/skbuff.h>
#include <net/genetlink.h>

/*
 * OVS_PACKET_ATTR_HASH is a u64: the skb hash in the low 32 bits, and
 * whether it came from software and covers L4 above them (openvswitch.ko
 * keeps these bits in a private header; userspace treats them as uAPI).
 */
#define FP_PACKET_HASH_SW_BIT	BIT_ULL(32)
#define FP_PACKET_HASH_L4_BIT	BIT_ULL(33)

struct fp_datapath;
struct fp_flow_key;
struct fp_vport;

/**
 * struct fp_upcall_info - what an upcall carries besides frame and key
 * @cmd: OVS_PACKET_CMD_MISS or OVS_PACKET_CMD_ACTION
 * @portid: the Netlink port it goes to (0: upcalls are off)
 * @userdata: the userspace action's OVS_USERSPACE_ATTR_USERDATA, or NULL
 * @actions: the action list to include (OVS_USERSPACE_ATTR_ACTIONS), or
 *	NULL; @actions_len bytes of attributes
 * @mru: OVS_PACKET_ATTR_MRU if not 0
 * @cutlen: bytes of the frame to send (trunc); U32_MAX for all. A cut
 *	frame carries its full length in OVS_PACKET_ATTR_LEN.
 */
struct fp_upcall_info {
	u8 cmd;
	u32 portid;
	const struct nlattr *userdata;
	const struct nlattr *actions;
	u32 actions_len;
	u16 mru;
	u32 cutlen;
};

/*
 * A frame no flow matched, to the upcall id of the port it came in on.
 * Does not consume @skb; the caller counts a failure as lost.
 */
int fp_upcall_miss(struct fp_datapath *dp, struct fp_vport *vport,
		   struct sk_buff *skb, const struct fp_flow_key *key);

/*
 * The userspace action. Does not consume @skb; counts a failure in the
 * datapath's n_lost, as openvswitch.ko does.
 */
int fp_upcall_action(struct fp_datapath *dp, struct sk_buff *skb,
		     const struct fp_flow_key *key,
		     const struct fp_upcall_info *info);

/* The port a userspace action's upcall goes to, given the action's pid. */
u32 fp_upcall_action_portid(const struct fp_datapath *dp, u32 pid);

int fp_packet_cmd_execute(struct sk_buff *skb, struct genl_info *info);

#endif /* _FP_UPCALL_H */
