/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Datapath actions (OVS_ACTION_ATTR_*): a builder that writes them as the
 * netlink attribute stream OVS_FLOW_ATTR_ACTIONS and OVS_PACKET_ATTR_ACTIONS
 * carry, and a parser back into a list for printing and tests.
 *
 * The builder never fails mid-way: when the buffer is full it sets
 * overflow and ignores further actions, and the caller checks once.
 */
#ifndef FP_ODP_ACTIONS_H
#define FP_ODP_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"

#define FP_ODP_ACTIONS_MAX 2048

struct fp_odp_actions {
	size_t len;
	bool overflow;
	uint8_t buf[FP_ODP_ACTIONS_MAX] __attribute__((aligned(4)));
};

void fp_odp_actions_init(struct fp_odp_actions *a);

void fp_odp_put_output(struct fp_odp_actions *a, uint32_t port);
void fp_odp_put_push_vlan(struct fp_odp_actions *a, fp_be16 tpid, fp_be16 tci);
void fp_odp_put_pop_vlan(struct fp_odp_actions *a);
/* OVS_ACTION_ATTR_USERSPACE with OVS_USERSPACE_ATTR_PID (and USERDATA). */
void fp_odp_put_userspace(struct fp_odp_actions *a, uint32_t pid,
			  const void *userdata, size_t len);

/*
 * Emits the OVS_ACTION_ATTR_SET_MASKED actions that rewrite the packet's
 * headers from `from` to `to` for the header groups (ethernet, ipv4, ipv6,
 * tcp, udp, sctp) where they differ, with masks covering exactly the
 * differing fields. VLAN tags and metadata
 * other than skb_priority and skb_mark are not its business (use push/pop).
 * Returns 0, or -EOPNOTSUPP when a differing field has no datapath set
 * action (ARP fields, ICMP type and code, ND fields).
 */
int fp_odp_put_set_diff(struct fp_odp_actions *a, const struct fp_flow *from,
			const struct fp_flow *to);

/* Text as ovs-dpctl prints it: "push_vlan(vid=10,pcp=0),2". */
int fp_odp_actions_format(const void *attrs, size_t len, char *buf,
			  size_t size);

#endif
