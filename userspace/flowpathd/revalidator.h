/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The revalidator: one thread that, every FPD_REVAL_INTERVAL_MS or at once
 * when kicked (a rule, port or MAC changed),
 *   - dumps every bridge's flows with their counters (terse: UFIDs and
 *     stats; with keys and actions when it met a flow it does not know),
 *   - adopts the flows it does not know (a previous flowpathd's): parses,
 *     translates again, keeps those still right,
 *   - deletes flows idle longer than --idle-timeout, and the idlest when
 *     there are more than --flow-limit,
 *   - translates again every flow whose bridge or MAC table moved since it
 *     was translated: same mask and actions, kept; same mask, other
 *     actions, changed in place (OVS_FLOW_CMD_SET); another mask or no
 *     longer valid, deleted (the next packet installs the right one),
 *   - ages the MAC tables.
 * Flows that still carry traffic refresh their source MAC's entry from
 * time to time, as if their packets were upcalls: a MAC whose traffic all
 * goes through megaflows never ages out from under them.
 */
#ifndef FPD_REVALIDATOR_H
#define FPD_REVALIDATOR_H

#include <stdint.h>

#include "flowpathd.h"

#define FPD_REVAL_INTERVAL_MS 500

struct fpd_reval_counts {
	uint64_t passes;
	uint64_t adopted;		/* found in a datapath, kept */
	uint64_t deleted_idle;
	uint64_t evicted;		/* over the flow limit */
	uint64_t deleted_stale;		/* another mask, or invalid now */
	uint64_t modified;		/* same mask, new actions */
	uint64_t last_pass_ms;		/* how long the last pass took */
};

struct fpd_revalidator *fpd_revalidator_start(struct fpd *d, char *why,
					      size_t whylen);
void fpd_revalidator_stop(struct fpd_revalidator *r);

/*
 * Returns once the first pass is over (or the revalidator stopped): the
 * MAC tables hold what the flows left by a previous run taught them.
 */
void fpd_revalidator_wait_first_pass(struct fpd_revalidator *r);

/* Asks for a pass now; returns at once. NULL-safe. */
void fpd_revalidator_kick(struct fpd_revalidator *r);

void fpd_revalidator_counts(struct fpd_revalidator *r,
			    struct fpd_reval_counts *c);

#endif
