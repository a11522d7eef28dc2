/* SPDX-License-Identifier: GPL-2.0 */
/* Between bridge.c, bridge_port.c and bridge_rule.c only. */
#ifndef FPD_BRIDGE_PRIV_H
#define FPD_BRIDGE_PRIV_H

#include "bridge.h"

/* bridge_port.c. The caller holds br->lock, or is the only writer. */
const struct fp_xport *fpd_bridge_port_by_name(const struct fpd_bridge *br,
					       const char *name);
bool fpd_bridge_is_detached(const struct fpd_bridge *br, const char *name);

/* Attaches bc's ports to a bridge being opened (no lock: unpublished). */
int fpd_bridge_attach_ports(struct fpd *d, struct fpd_bridge *br,
			    const struct fpd_bridge_conf *bc, char *why,
			    size_t whylen);

/* bridge_rule.c. */

/* A classifier rule's config id: the id its packet-ins carry. */
uint64_t fpd_bridge_rule_id(const struct fp_rule *r);

/*
 * Parses every rule of br again into *fresh, with port `without` (may be
 * NULL) taken away. The first failure is returned, why naming the rule,
 * and fresh is left empty.
 */
int fpd_bridge_reparse_rules(const struct fpd_bridge *br, const char *without,
			     struct fp_cls *fresh, char *why, size_t whylen);

/* Makes fresh br's classifier (write-locked) and frees the old rules. */
void fpd_bridge_swap_rules(struct fpd_bridge *br, struct fp_cls *fresh);

/* Frees every rule in cls, and cls. */
void fpd_bridge_free_rules(struct fp_cls *cls);

#endif
