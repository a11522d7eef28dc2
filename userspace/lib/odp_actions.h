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
/* tci: PCP and VID; the tag-present bit the kernel insists on is added. */
void fp_odp_put_push_vlan(struct fp_odp_actions *a, fp_be16 tpid, fp_be16 tci);
void fp_odp_put_pop_vlan(struct fp_odp_actions *a);
/*
 * OVS_ACTION_ATTR_TRUNC: the next output or userspace() action sends at
 * most max_len bytes of the packet (the kernel refuses fewer than 14).
 */
void fp_odp_put_trunc(struct fp_odp_actions *a, uint32_t max_len);
/* OVS_ACTION_ATTR_USERSPACE with OVS_USERSPACE_ATTR_PID (and USERDATA). */
void fp_odp_put_userspace(struct fp_odp_actions *a, uint32_t pid,
			  const void *userdata, size_t len);

/*
 * Emits the OVS_ACTION_ATTR_SET_MASKED actions that rewrite the packet's
 * headers from `from` to `to` for the header groups (ethernet, ipv4, ipv6,
 * tcp, udp, sctp) where they differ, with masks covering exactly the
 * differing fields (whole fields: every packet of a megaflow gets the same
 * value, whatever it had), and OVS_ACTION_ATTR_SET for skb_priority and
 * skb_mark. VLAN tags and metadata
 * other than skb_priority and skb_mark are not its business (use push/pop).
 * Returns 0, or -EOPNOTSUPP when a differing field has no datapath set
 * action (ARP fields, ICMP type and code, ND fields, the EtherType, the IP
 * protocol and fragment type, TCP flags); nothing is emitted then.
 */
int fp_odp_put_set_diff(struct fp_odp_actions *a, const struct fp_flow *from,
			const struct fp_flow *to);

/* ---- parsing an action list ---- */

/* One action of a list, pointing into the attribute stream it came from. */
struct fp_odp_action {
	uint16_t type;			/* OVS_ACTION_ATTR_* */
	const void *data;		/* the attribute's payload */
	size_t len;
	union {
		uint32_t port;		/* OUTPUT */
		struct {
			fp_be16 tpid;
			fp_be16 tci;
		} push_vlan;		/* PUSH_VLAN */
		struct {
			uint32_t pid;
			const void *userdata;	/* NULL when absent */
			size_t userdata_len;
		} userspace;		/* USERSPACE */
		struct {
			uint16_t key_type;	/* OVS_KEY_ATTR_* */
			const void *value;
			const void *mask;	/* NULL for SET */
			size_t len;		/* of value (and of mask) */
		} set;			/* SET, SET_MASKED */
	};
};

/*
 * Splits an action stream into list[0..*n). Actions this library does not
 * build are listed with their type and payload only. Returns 0, -EBADMSG
 * for a stream cut inside an attribute, -ERANGE for an action of the wrong
 * length (as the kernel's table has them), -EINVAL for a set() holding
 * other than one key attribute or a userspace() without a pid, -E2BIG
 * when there are more than max actions.
 */
int fp_odp_actions_parse(const void *attrs, size_t len,
			 struct fp_odp_action *list, size_t max, size_t *n);

#endif
