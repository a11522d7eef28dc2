/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The switchdev ports of this network namespace: every link with a
 * phys_switch_id, with its role (uplink, PF/VF/SF representor), the devlink
 * port behind it and whether tc may offload to it. This is what the rest of
 * flowpath asks to learn which representor stands for which VF and which
 * uplink shares its eswitch.
 */
#ifndef FP_ESWITCH_H
#define FP_ESWITCH_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "port_role.h"
#include "switch_id.h"

struct fp_eswitch_port {
	int ifindex;
	char name[IF_NAMESIZE];
	uint8_t switch_id[FP_SWITCH_ID_MAX];
	size_t switch_id_len;
	char phys_port_name[IF_NAMESIZE];	/* "" when none */
	struct fp_port_role_info role;
	/* The devlink port behind the link, when the driver registered one. */
	bool has_devlink;
	char devlink_dev[160];			/* "bus/dev" */
	uint32_t devlink_index;
	/* hw-tc-offload: 1 on, 0 off, -errno when it could not be read. */
	int hw_tc_offload;
};

/*
 * Finds every switchdev port and returns them in a malloc'ed array, sorted
 * so that ports of one switch are adjacent (see fp_eswitch_sort()). *N may
 * be 0. Free with fp_eswitch_ports_free(). 0 or -errno; then *STEP (unless
 * STEP is NULL) names what failed, e.g. "dumping devlink ports", for the
 * message a user gets.
 */
int fp_eswitch_scan(struct fp_eswitch_port **ports, size_t *n,
		    const char **step);
void fp_eswitch_ports_free(struct fp_eswitch_port *ports);

/*
 * Orders ports by switch id, then uplinks, PF, VF, SF representors and
 * others, each by number, then by ifindex: a stable order for people and
 * tests to read.
 */
void fp_eswitch_sort(struct fp_eswitch_port *ports, size_t n);

bool fp_eswitch_same_switch(const struct fp_eswitch_port *a,
			    const struct fp_eswitch_port *b);

#endif
