/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a link is to its eswitch: an uplink (a physical port of the NIC), the
 * representor of a PCI PF, VF or SF, or not a switch port at all. Decided
 * from the devlink port when the driver registered one (the flavour is the
 * driver's own word) and from phys_port_name otherwise. Pure: unit-tested.
 */
#ifndef FP_PORT_ROLE_H
#define FP_PORT_ROLE_H

#include <stdbool.h>
#include <stdint.h>

struct fp_devlink_port;

enum fp_port_role {
	FP_ROLE_NONE,		/* no phys_switch_id: not a switchdev port */
	FP_ROLE_UPLINK,		/* physical port of the eswitch */
	FP_ROLE_PF_REP,		/* representor of a PCI physical function */
	FP_ROLE_VF_REP,		/* representor of a PCI virtual function */
	FP_ROLE_SF_REP,		/* representor of a PCI sub-function */
	FP_ROLE_OTHER,		/* a switch port of a kind we do not know */
};

enum fp_role_source {
	FP_ROLE_FROM_NOTHING,	/* FP_ROLE_NONE, or no source said more */
	FP_ROLE_FROM_DEVLINK,	/* the devlink port flavour */
	FP_ROLE_FROM_PORT_NAME,	/* parsed from phys_port_name */
};

/* A port's role and the numbers that go with it. */
struct fp_port_role_info {
	enum fp_port_role role;
	enum fp_role_source source;
	bool has_port;		/* uplink: its port number */
	uint32_t port;
	bool has_subport;	/* uplink: part of a split port */
	uint32_t subport;
	bool has_pf;		/* PF/VF/SF representor */
	uint32_t pf;
	bool has_vf;		/* VF representor */
	uint32_t vf;
	bool has_sf;		/* SF representor */
	uint32_t sf;
	bool has_controller;	/* function of another (external) host */
	uint32_t controller;
};

/*
 * Decides the role of a link. IS_SWITCH_PORT: the link has a phys_switch_id,
 * which is what makes it a switchdev port at all. DL: its devlink port or
 * NULL. PORT_NAME: its phys_port_name, or NULL or "" if none.
 */
void fp_port_role_decide(bool is_switch_port, const struct fp_devlink_port *dl,
			 const char *port_name, struct fp_port_role_info *info);

/* "uplink", "pf-rep", "vf-rep", "sf-rep", "other", "none". */
const char *fp_port_role_name(enum fp_port_role role);
/* "devlink", "port-name", "none". */
const char *fp_role_source_name(enum fp_role_source source);

#endif
