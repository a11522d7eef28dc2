// SPDX-License-Identifier: GPL-2.0
/* The role decision for switch ports; see port_role.h. */
#include <linux/devlink.h>
#include <string.h>

#include "devlink_port.h"
#include "port_name.h"
#include "port_role.h"

static void role_from_devlink(const struct fp_devlink_port *dl,
			      struct fp_port_role_info *info)
{
	info->source = FP_ROLE_FROM_DEVLINK;
	switch (dl->flavour) {
	case DEVLINK_PORT_FLAVOUR_PHYSICAL:
		info->role = FP_ROLE_UPLINK;
		info->has_port = dl->has_number;
		info->port = dl->number;
		info->has_subport = dl->has_subport;
		info->subport = dl->subport;
		return;
	case DEVLINK_PORT_FLAVOUR_PCI_PF:
		info->role = FP_ROLE_PF_REP;
		break;
	case DEVLINK_PORT_FLAVOUR_PCI_VF:
		info->role = FP_ROLE_VF_REP;
		info->has_vf = dl->has_vf;
		info->vf = dl->vf;
		break;
	case DEVLINK_PORT_FLAVOUR_PCI_SF:
		info->role = FP_ROLE_SF_REP;
		info->has_sf = dl->has_sf;
		info->sf = dl->sf;
		break;
	default:
		/* CPU, DSA, virtual, unused: a switch port, not a rep. */
		info->role = FP_ROLE_OTHER;
		return;
	}
	info->has_pf = dl->has_pf;
	info->pf = dl->pf;
	/*
	 * Devlink reports a controller number for every function, 0 for the
	 * local host; like phys_port_name, only an external one is worth
	 * telling apart.
	 */
	info->has_controller = dl->has_controller && dl->external;
	info->controller = dl->controller;
}

static const enum fp_port_role name_kind_roles[] = {
	[FP_PORT_NAME_PHYSICAL] = FP_ROLE_UPLINK,
	[FP_PORT_NAME_PF] = FP_ROLE_PF_REP,
	[FP_PORT_NAME_VF] = FP_ROLE_VF_REP,
	[FP_PORT_NAME_SF] = FP_ROLE_SF_REP,
};

/* False when NAME says nothing we understand. */
static bool role_from_port_name(const char *name,
				struct fp_port_role_info *info)
{
	struct fp_port_name pn;
	bool physical;

	if (fp_port_name_parse(name, &pn))
		return false;
	physical = pn.kind == FP_PORT_NAME_PHYSICAL;
	info->source = FP_ROLE_FROM_PORT_NAME;
	info->role = name_kind_roles[pn.kind];
	info->has_port = physical;
	info->port = pn.port;
	info->has_subport = pn.has_subport;
	info->subport = pn.subport;
	info->has_pf = !physical;
	info->pf = pn.pf;
	info->has_vf = pn.kind == FP_PORT_NAME_VF;
	info->vf = pn.vf;
	info->has_sf = pn.kind == FP_PORT_NAME_SF;
	info->sf = pn.sf;
	info->has_controller = pn.has_controller;
	info->controller = pn.controller;
	return true;
}

void fp_port_role_decide(bool is_switch_port, const struct fp_devlink_port *dl,
			 const char *port_name, struct fp_port_role_info *info)
{
	memset(info, 0, sizeof(*info));
	/*
	 * A phys_switch_id is what every switchdev driver gives its ports and
	 * nothing else has; devlink ports alone are not enough, as NICs in
	 * legacy SR-IOV mode register them too.
	 */
	if (!is_switch_port) {
		info->role = FP_ROLE_NONE;
		return;
	}
	if (dl && dl->has_flavour) {
		role_from_devlink(dl, info);
		return;
	}
	if (port_name && *port_name && role_from_port_name(port_name, info))
		return;
	info->role = FP_ROLE_OTHER;
}

const char *fp_port_role_name(enum fp_port_role role)
{
	switch (role) {
	case FP_ROLE_NONE:
		return "none";
	case FP_ROLE_UPLINK:
		return "uplink";
	case FP_ROLE_PF_REP:
		return "pf-rep";
	case FP_ROLE_VF_REP:
		return "vf-rep";
	case FP_ROLE_SF_REP:
		return "sf-rep";
	case FP_ROLE_OTHER:
		break;
	}
	return "other";
}

const char *fp_role_source_name(enum fp_role_source source)
{
	switch (source) {
	case FP_ROLE_FROM_DEVLINK:
		return "devlink";
	case FP_ROLE_FROM_PORT_NAME:
		return "port-name";
	case FP_ROLE_FROM_NOTHING:
		break;
	}
	return "none";
}
