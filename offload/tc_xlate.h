/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Datapath megaflow -> tc flower filter: pure functions, no system calls.
 *
 * The match side consumes the megaflow's mask: every field it copies into
 * the filter is cleared from a scratch copy of the mask, and a bit left
 * over means the flow cannot be expressed in flower; the reason names the
 * field. The action side maps each datapath action to tc actions and
 * refuses the rest (userspace, sample, recirc, hash, trunc, ...), naming
 * the action.
 *
 * Neither sets where the filter goes (chain, prio, handle, skip flags) nor
 * its cookie: that is the placement layer's business.
 */
#ifndef FP_TC_XLATE_H
#define FP_TC_XLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/tc_act/tc_pedit.h>

#include "flow.h"
#include "tc_flower.h"

#define TC_XLATE_WHY_LEN 160

/* Datapath actions one megaflow may carry (more is refused, with why). */
#define TC_XLATE_MAX_ODP_ACTS 64

/* What the translation needs to know of a datapath port. */
struct tc_port {
	int ifindex;
	/*
	 * An internal port: traffic "output" to it must reach its host side,
	 * so tc sends it into the device's receive path (mirred ingress).
	 */
	bool internal;
};

/* Fills *p for datapath port odp_port; false when there is no such port. */
typedef bool (*tc_port_lookup_fn)(uint32_t odp_port, struct tc_port *p,
				  void *arg);

/*
 * The match: ifindex (from key->in_port), protocol, key and mask of f
 * (f->key and f->mask are rewritten whole; the rest of f is left alone).
 * key is the megaflow's key; only its bits under mask are read. Returns 0,
 * or -EOPNOTSUPP with why ("cannot match ipv6_label in tc flower",
 * "in_port 7 is not a known port", ...).
 *
 * The filter's protocol is the outermost type: the outer tag's TPID, else
 * the EtherType, else ETH_P_ALL. A VLAN tag's "present" bit must be matched
 * wherever the EtherType is: flower cannot match a type with and without
 * a tag in front of it. "No (more) tags" is implied by an EtherType that
 * is not a TPID; without one it becomes key.num_of_vlans.
 */
int tc_xlate_match(const struct fp_flow *key, const struct fp_flow *mask,
		   tc_port_lookup_fn lookup, void *arg, struct tc_flower *f,
		   char *why, size_t whylen);

/*
 * The actions: OVS_ACTION_ATTR_* stream -> f->acts (f->n_acts rewritten;
 * the rest of f is left alone). key is the flow's key masked (what every
 * packet of the flow looks like before the actions, zero where
 * wildcarded): its IP protocol says which L4 checksum an address rewrite
 * touches, 0 meaning any. Returns 0, or -EOPNOTSUPP / -EINVAL with why.
 *
 * An output is a redirect when it is the last datapath action, a mirror
 * (a copy) otherwise; a list that does not end with an output ends with a
 * drop, so the packet is consumed as the datapath consumes it. An empty
 * list is one drop. Consecutive set()/set_masked() actions become one
 * pedit (one key per 32-bit word, words rewritten twice merged), followed
 * by a csum action when a checksum covers what changed.
 */
int tc_xlate_actions(const void *actions, size_t len,
		     const struct fp_flow *key, tc_port_lookup_fn lookup,
		     void *arg, struct tc_flower *f, char *why, size_t whylen);

/*
 * Both, into *f zeroed first (chain, prio, handle, flags and cookie stay 0
 * for the placement layer). The actions get key & mask as their key.
 */
int tc_xlate_flow(const struct fp_flow *key, const struct fp_flow *mask,
		  const void *actions, size_t len, tc_port_lookup_fn lookup,
		  void *arg, struct tc_flower *f, char *why, size_t whylen);

#endif
