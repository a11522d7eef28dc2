// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of devlink port messages, built here as the kernel builds them,
 * and matching ports to netdevs.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/devlink.h>
#include <linux/genetlink.h>
#include <string.h>

#include "devlink_port.h"

static char buf[4096] __attribute__((aligned(4)));

/* A DEVLINK_CMD_PORT_NEW message with the handle of netdevsim10, port 3. */
static struct nlmsghdr *port_msg(void)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 0x15;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = DEVLINK_CMD_PORT_NEW;
	genl->version = DEVLINK_GENL_VERSION;
	mnl_attr_put_strz(nlh, DEVLINK_ATTR_BUS_NAME, "netdevsim");
	mnl_attr_put_strz(nlh, DEVLINK_ATTR_DEV_NAME, "netdevsim10");
	mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_INDEX, 3);
	return nlh;
}

/* The attributes the kernel adds for a VF port whose netdev is eth4. */
static void put_vf(struct nlmsghdr *nlh, uint16_t pf, uint16_t vf)
{
	mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_TYPE, DEVLINK_PORT_TYPE_ETH);
	mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_NETDEV_IFINDEX, 7);
	mnl_attr_put_strz(nlh, DEVLINK_ATTR_PORT_NETDEV_NAME, "eth4");
	mnl_attr_put_u8(nlh, DEVLINK_ATTR_PORT_SPLITTABLE, 0);
	mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_FLAVOUR,
			 DEVLINK_PORT_FLAVOUR_PCI_VF);
	mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_CONTROLLER_NUMBER, 0);
	mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_PCI_PF_NUMBER, pf);
	mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_PCI_VF_NUMBER, vf);
	mnl_attr_put_u8(nlh, DEVLINK_ATTR_PORT_EXTERNAL, 0);
}

Test(devlink_port, vf_port)
{
	struct nlmsghdr *nlh = port_msg();
	struct fp_devlink_port p;

	put_vf(nlh, 0, 1);
	cr_assert_eq(fp_devlink_port_parse(nlh, &p), 0);
	cr_expect_str_eq(p.bus, "netdevsim");
	cr_expect_str_eq(p.dev, "netdevsim10");
	cr_expect_eq(p.index, 3);
	cr_expect(p.has_flavour);
	cr_expect_eq(p.flavour, DEVLINK_PORT_FLAVOUR_PCI_VF);
	cr_expect(p.has_netdev);
	cr_expect_eq(p.netdev_ifindex, 7);
	cr_expect_str_eq(p.netdev_name, "eth4");
	cr_expect(p.has_pf);
	cr_expect_eq(p.pf, 0);
	cr_expect(p.has_vf);
	cr_expect_eq(p.vf, 1);
	cr_expect(p.has_controller);
	cr_expect_eq(p.controller, 0);
	cr_expect_not(p.external);
	cr_expect_not(p.has_number);
	cr_expect_not(p.has_sf);
}

Test(devlink_port, split_physical_port)
{
	struct nlmsghdr *nlh = port_msg();
	struct fp_devlink_port p;

	mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_FLAVOUR,
			 DEVLINK_PORT_FLAVOUR_PHYSICAL);
	mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_NUMBER, 2);
	mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_SPLIT_GROUP, 2);
	mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_SPLIT_SUBPORT_NUMBER, 1);
	cr_assert_eq(fp_devlink_port_parse(nlh, &p), 0);
	cr_expect_eq(p.flavour, DEVLINK_PORT_FLAVOUR_PHYSICAL);
	cr_expect(p.has_number);
	cr_expect_eq(p.number, 2);
	cr_expect(p.has_subport);
	cr_expect_eq(p.subport, 1);
	cr_expect_not(p.has_pf);
	/* No netdev attributes: a port whose netdev is not registered. */
	cr_expect_not(p.has_netdev);
}

Test(devlink_port, sf_of_external_controller)
{
	struct nlmsghdr *nlh = port_msg();
	struct fp_devlink_port p;

	mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_FLAVOUR,
			 DEVLINK_PORT_FLAVOUR_PCI_SF);
	mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_CONTROLLER_NUMBER, 1);
	mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_PCI_PF_NUMBER, 0);
	mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_PCI_SF_NUMBER, 88);
	mnl_attr_put_u8(nlh, DEVLINK_ATTR_PORT_EXTERNAL, 1);
	cr_assert_eq(fp_devlink_port_parse(nlh, &p), 0);
	cr_expect(p.has_sf);
	cr_expect_eq(p.sf, 88);
	cr_expect_eq(p.controller, 1);
	cr_expect(p.external);
}

Test(devlink_port, port_without_attributes)
{
	struct nlmsghdr *nlh = port_msg();
	struct fp_devlink_port p;

	cr_assert_eq(fp_devlink_port_parse(nlh, &p), 0);
	cr_expect_not(p.has_flavour);
	cr_expect_not(p.has_netdev);
}

Test(devlink_port, skips_attributes_it_does_not_know)
{
	struct nlmsghdr *nlh = port_msg();
	struct fp_devlink_port p;
	struct nlattr *nest;

	/* A nested port function and an attribute from a future kernel. */
	nest = mnl_attr_nest_start(nlh, DEVLINK_ATTR_PORT_FUNCTION);
	mnl_attr_put_u32(nlh, 1, 0xffffffff);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u64(nlh, 4000, 42);
	put_vf(nlh, 2, 5);
	cr_assert_eq(fp_devlink_port_parse(nlh, &p), 0);
	cr_expect_eq(p.pf, 2);
	cr_expect_eq(p.vf, 5);
}

Test(devlink_port, refuses_a_message_without_handle_or_index)
{
	struct fp_devlink_port p;
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = DEVLINK_CMD_PORT_NEW;
	mnl_attr_put_strz(nlh, DEVLINK_ATTR_BUS_NAME, "pci");
	mnl_attr_put_strz(nlh, DEVLINK_ATTR_DEV_NAME, "0000:03:00.0");
	cr_expect_eq(fp_devlink_port_parse(nlh, &p), -EPROTO);
}

Test(devlink_port, refuses_a_short_attribute)
{
	struct nlmsghdr *nlh = port_msg();
	struct fp_devlink_port p;

	/* A flavour is a u16: one byte cannot be one. */
	mnl_attr_put_u8(nlh, DEVLINK_ATTR_PORT_FLAVOUR, 4);
	cr_expect_eq(fp_devlink_port_parse(nlh, &p), -EPROTO);
}

Test(devlink_port, refuses_an_unterminated_name)
{
	struct nlmsghdr *nlh = port_msg();
	struct fp_devlink_port p;

	mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_NETDEV_IFINDEX, 7);
	mnl_attr_put(nlh, DEVLINK_ATTR_PORT_NETDEV_NAME, 4, "eth4");
	cr_expect_eq(fp_devlink_port_parse(nlh, &p), -EPROTO);
}

Test(devlink_port, refuses_a_name_too_long_for_a_netdev)
{
	struct nlmsghdr *nlh = port_msg();
	struct fp_devlink_port p;

	mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_NETDEV_IFINDEX, 7);
	mnl_attr_put_strz(nlh, DEVLINK_ATTR_PORT_NETDEV_NAME,
			  "a-name-of-twenty-chars");
	cr_expect_eq(fp_devlink_port_parse(nlh, &p), -ENAMETOOLONG);
}

Test(devlink_port, find_matches_ifindex_and_name)
{
	struct fp_devlink_port ports[3];

	memset(ports, 0, sizeof(ports));
	ports[0].has_netdev = true;
	ports[0].netdev_ifindex = 5;
	strcpy(ports[0].netdev_name, "eth2");
	/* No netdev: must never match, even for ifindex 0. */
	ports[1].has_netdev = false;
	ports[2].has_netdev = true;
	ports[2].netdev_ifindex = 6;
	strcpy(ports[2].netdev_name, "eth3");

	cr_expect_eq(fp_devlink_port_find(ports, 3, 6, "eth3"), &ports[2]);
	cr_expect_eq(fp_devlink_port_find(ports, 3, 5, "eth2"), &ports[0]);
	/* Same ifindex, other name: a netdev that moved to another netns. */
	cr_expect_null(fp_devlink_port_find(ports, 3, 5, "veth0"));
	cr_expect_null(fp_devlink_port_find(ports, 3, 9, "eth2"));
	cr_expect_null(fp_devlink_port_find(ports, 3, 0, ""));
	cr_expect_null(fp_devlink_port_find(ports, 0, 5, "eth2"));
}
