/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devlink ports: the driver's own description of each port of a device
 * (DEVLINK_CMD_PORT_GET), over generic netlink with libmnl. The flavour says
 * what a port is (physical, PCI PF/VF/SF function of the eswitch) without
 * guessing from names, so it is preferred over phys_port_name.
 */
#ifndef FP_DEVLINK_PORT_H
#define FP_DEVLINK_PORT_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nlmsghdr;

struct fp_devlink_port {
	/* Handle of the devlink instance: "pci" / "0000:03:00.0". */
	char bus[32];
	char dev[128];
	uint32_t index;		/* port index within the instance */
	bool has_flavour;	/* the driver set the port's attributes */
	uint16_t flavour;	/* enum devlink_port_flavour */
	/*
	 * The netdev of an Ethernet port. Its ifindex counts in the netdev's
	 * own namespace, which need not be the devlink instance's (ours).
	 */
	bool has_netdev;
	uint32_t netdev_ifindex;
	char netdev_name[IF_NAMESIZE];
	bool has_number;	/* physical ports: DEVLINK_ATTR_PORT_NUMBER */
	uint32_t number;
	bool has_subport;	/* split physical ports */
	uint32_t subport;
	bool has_pf;		/* PCI PF, VF and SF ports */
	uint16_t pf;
	bool has_vf;
	uint16_t vf;
	bool has_sf;
	uint32_t sf;
	bool has_controller;
	uint32_t controller;
	bool external;		/* the function belongs to another host */
};

/*
 * Parses one DEVLINK_CMD_PORT_GET/NEW message. Attributes it does not know
 * are skipped, so newer kernels parse. 0; -EPROTO when a known attribute
 * has the wrong size or the handle or port index is missing;
 * -ENAMETOOLONG when a name does not fit its field.
 */
int fp_devlink_port_parse(const struct nlmsghdr *nlh,
			  struct fp_devlink_port *port);

/*
 * Dumps every devlink port of this network namespace into a malloc'ed
 * array (*PORTS, to free()). When the kernel has no devlink family, that is
 * 0 ports, not an error. 0 or -errno.
 */
int fp_devlink_port_dump(struct fp_devlink_port **ports, size_t *n);

/*
 * The port whose netdev is IFINDEX called NAME, or NULL. The name is
 * compared too because devlink reports the ifindex from the netdev's own
 * namespace: once the netdev moved away, the same number can be another
 * device here.
 */
const struct fp_devlink_port *
fp_devlink_port_find(const struct fp_devlink_port *ports, size_t n,
		     int ifindex, const char *name);

#endif
