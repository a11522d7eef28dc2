// SPDX-License-Identifier: GPL-2.0
/* The bridge's ports as translation sees them: lookups, VLAN membership. */
#include <string.h>

#include "xlate.h"

bool fp_xport_in_vlan(const struct fp_xport *port, uint16_t vlan)
{
	bool any = false;

	if (vlan > FP_VLAN_VID_MASK)
		return false;
	if (port->mode == FP_VLAN_ACCESS)
		return port->tag == vlan;
	for (int i = 0; i < FP_VLAN_BITMAP_WORDS && !any; i++)
		any = port->trunks[i] != 0;
	/* An empty set is "every VLAN", as an unset trunks list is. */
	return !any || (port->trunks[vlan / 64] >> (vlan % 64) & 1);
}

const struct fp_xport *fp_xbridge_port_by_name(const struct fp_xbridge *br,
					       const char *name)
{
	for (size_t i = 0; i < br->n_ports; i++)
		if (!strncmp(br->ports[i].name, name, IF_NAMESIZE))
			return &br->ports[i];
	return NULL;
}

const struct fp_xport *fp_xbridge_port_by_odp(const struct fp_xbridge *br,
					      uint32_t odp_port)
{
	for (size_t i = 0; i < br->n_ports; i++)
		if (br->ports[i].odp_port == odp_port)
			return &br->ports[i];
	return NULL;
}
