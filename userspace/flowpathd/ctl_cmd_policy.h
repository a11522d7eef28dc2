/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the control commands say about placement policies: for one
 * attached port, the policy in force, where it comes from (the port's own
 * override or the global one) and whether the port can offload at all.
 * show, get-policy and explain print it the same way.
 */
#ifndef FPD_CTL_CMD_POLICY_H
#define FPD_CTL_CMD_POLICY_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "policy.h"

struct fpd;
struct fpd_bridge;

/* A copy, so that nothing is printed with a bridge's lock held. */
struct cmd_port_policy {
	char name[IF_NAMESIZE];
	uint32_t port_no;
	bool local;			/* the bridge's own internal port */
	enum fpd_policy override;	/* DEFAULT: none, the global applies */
	enum fpd_policy effective;	/* what placement uses */
	bool can_offload;
	char why_not[120];		/* !can_offload; "" when unknown */
};

/* The global policy in force (hw when the config sets none). */
enum fpd_policy cmd_global_policy(const struct fpd *d);

/* Port i of br (d->mutex held: ports do not come and go meanwhile). */
void cmd_port_policy(struct fpd *d, struct fpd_bridge *br, size_t i,
		     struct cmd_port_policy *pp);

/* The same by datapath port number; false when br has no such port. */
bool cmd_port_policy_by_no(struct fpd *d, struct fpd_bridge *br,
			   uint32_t port_no, struct cmd_port_policy *pp);

/* "the port's own" or "the global one". */
const char *cmd_policy_source(const struct cmd_port_policy *pp);

/* "policy tc-sw (port's own), can offload" and the like. */
void cmd_port_policy_text(const struct cmd_port_policy *pp, char *buf,
			  size_t size);

/* Adds policy, override, policy_from, can_offload, why_not to an object. */
void cmd_port_policy_json(struct fp_json *j, const struct cmd_port_policy *pp);

#endif
