/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Placement policies: which layers a megaflow entering through a port may
 * land in, fastest first. Global, with a per-port override (the port a
 * flow comes in on decides, as its tc filter sits on that port's ingress).
 *
 *   hw     tc with skip_sw on a port that can offload, else flowpath.ko
 *   tc     tc without skip flags (the driver's hardware if it takes the
 *          filter, tc software otherwise), else flowpath.ko
 *   tc-sw  tc with skip_hw, else flowpath.ko
 *   kmod   flowpath.ko only
 */
#ifndef FPD_POLICY_H
#define FPD_POLICY_H

#include <stddef.h>

enum fpd_policy {
	FPD_POLICY_DEFAULT,	/* a port's: the global one; the global: hw */
	FPD_POLICY_HW,
	FPD_POLICY_TC,
	FPD_POLICY_TC_SW,
	FPD_POLICY_KMOD,
};

/* "hw", "tc", "tc-sw", "kmod"; "default" for FPD_POLICY_DEFAULT. */
const char *fpd_policy_name(enum fpd_policy p);

/* Parses a policy name ("default" only when allow_default). */
int fpd_policy_parse(const char *s, int allow_default, enum fpd_policy *p,
		     char *why, size_t whylen);

/* The policy in force for a port with override port_p. */
enum fpd_policy fpd_policy_effective(enum fpd_policy global,
				     enum fpd_policy port_p);

#endif
