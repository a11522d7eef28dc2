/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translation: from the actions of the rule a packet matched to the
 * datapath actions of its megaflow, and the megaflow's wildcards.
 *
 * The caller describes the bridge as it is now (ports by name and datapath
 * number, their VLAN configuration, the MAC table), the packet's fp_flow
 * and the rule's actions. Translation is a pure function of those, except
 * that NORMAL learns the packet's source when may_learn is set: a handler
 * translating an upcall sets it, a revalidator re-translating an installed
 * flow does not.
 *
 * Wildcards: out->wc arrives holding the classifier's mask; translation
 * ORs in every bit of the packet it looked at. The promise that makes the
 * result a valid megaflow: any packet equal to this one on the bits of wc
 * translates to the same datapath actions (for the same bridge and MAC
 * table).
 *
 * Threads: fp_xlate() reads the bridge and flow and writes only *out and
 * the MAC table (which locks itself); any number may run at once as long
 * as the bridge description is not changed under them.
 */
#ifndef FP_XLATE_H
#define FP_XLATE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"
#include "mac_learning.h"
#include "odp_actions.h"
#include "rule_action.h"

/*
 * How a port treats VLANs, for NORMAL and flood. A frame's VLAN is the
 * port's tag on an access port and the frame's VID on a trunk port (0 when
 * it arrives untagged). Frames leave access ports untagged, and trunk ports
 * tagged with their VLAN (untagged in VLAN 0).
 */
enum fp_vlan_mode {
	FP_VLAN_TRUNK,
	FP_VLAN_ACCESS,
};

#define FP_VLAN_BITMAP_WORDS 64		/* 4096 bits */

struct fp_xport {
	char name[IF_NAMESIZE];
	uint32_t odp_port;
	enum fp_vlan_mode mode;
	uint16_t tag;			/* ACCESS: its VLAN, 0-4094 */
	/*
	 * TRUNK: the VLANs it carries, VLAN v at bit v % 64 of trunks[v / 64];
	 * all zero means all. Untagged frames belong to VLAN 0, so a non-empty
	 * set without VLAN 0 refuses them.
	 */
	uint64_t trunks[FP_VLAN_BITMAP_WORDS];
};

struct fp_xbridge {
	const char *name;
	const struct fp_xport *ports;
	size_t n_ports;
	struct fp_mac_table *macs;	/* NORMAL's; may be NULL if unused */
	/*
	 * Where a controller action sends packets: the netlink port ids of
	 * the daemon's handler sockets (none: the action is refused), and
	 * the daemon run's id, for the cookie (packet_in.h).
	 */
	const uint32_t *upcall_pids;
	size_t n_upcall_pids;
	uint32_t run_id;
};

struct fp_xlate_in {
	const struct fp_xbridge *br;
	const struct fp_flow *flow;		/* the packet */
	const struct fp_rule_actions *actions;	/* NULL: no rule, drop */
	uint64_t rule_id;			/* the rule's, for packet-ins */
	bool may_learn;				/* NORMAL may learn sources */
	uint64_t now_ms;			/* monotonic, for MAC aging */
};

#define FP_XLATE_NOTE_MAX 160

struct fp_xlate_out {
	struct fp_odp_actions odp;	/* empty = drop */
	struct fp_flow wc;		/* in: classifier's mask; out: widened */
	/*
	 * Whether the actions depend on the MAC table, and its generation
	 * when they were computed: once fp_mac_table_generation() differs,
	 * the flow must be translated again.
	 */
	bool used_macs;
	uint64_t mac_generation;
	/*
	 * NORMAL learned the packet's source (or would have, without
	 * may_learn). Packets of an installed flow never reach translation,
	 * so while the flow sees traffic the daemon re-translates it with
	 * may_learn now and then, or the source ages out of the table.
	 */
	bool learns;
	/*
	 * The first thing translation left out on purpose and why (an output
	 * to a port the bridge no longer has, a frame NORMAL dropped, a
	 * set_field whose header the packet lacks), for the daemon's log;
	 * empty if none.
	 */
	char note[FP_XLATE_NOTE_MAX];
};

/*
 * Translates; out->wc must hold the classifier's wildcards on entry.
 * Returns 0, or a negative errno with err saying which action was refused
 * and why (the packet is then to be dropped, and no flow installed):
 *   -EOPNOTSUPP  the datapath has no action for it (rewriting ICMP type,
 *                ARP fields, a third VLAN tag)
 *   -ENOTCONN    a controller action, and the bridge has no upcall pids
 *   -EINVAL      an action carries an invalid value (VID above 4095)
 *   -EMSGSIZE    the datapath actions do not fit FP_ODP_ACTIONS_MAX bytes
 * On error out->odp is left empty.
 */
int fp_xlate(const struct fp_xlate_in *in, struct fp_xlate_out *out,
	     char *err, size_t errlen);

/* Whether a port carries frames of VLAN vlan (0-4095). */
bool fp_xport_in_vlan(const struct fp_xport *port, uint16_t vlan);

/* The bridge's port by name or datapath number, or NULL. */
const struct fp_xport *fp_xbridge_port_by_name(const struct fp_xbridge *br,
					       const char *name);
const struct fp_xport *fp_xbridge_port_by_odp(const struct fp_xbridge *br,
					      uint32_t odp_port);

#endif
