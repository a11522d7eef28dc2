// SPDX-License-Identifier: GPL-2.0
/*
 * The role decision: devlink's flavour first, phys_port_name when devlink
 * says nothing, and no role at all without a phys_switch_id.
 */
#include <criterion/criterion.h>
#include <linux/devlink.h>
#include <string.h>

#include "devlink_port.h"
#include "port_role.h"

static struct fp_devlink_port dl_port(uint16_t flavour)
{
	struct fp_devlink_port dl;

	memset(&dl, 0, sizeof(dl));
	strcpy(dl.bus, "pci");
	strcpy(dl.dev, "0000:03:00.0");
	dl.has_flavour = true;
	dl.flavour = flavour;
	return dl;
}

static struct fp_port_role_info decide(bool switch_port,
				       const struct fp_devlink_port *dl,
				       const char *name)
{
	struct fp_port_role_info info;

	fp_port_role_decide(switch_port, dl, name, &info);
	return info;
}

Test(port_role, no_switch_id_is_no_switch_port)
{
	struct fp_devlink_port dl = dl_port(DEVLINK_PORT_FLAVOUR_PHYSICAL);
	struct fp_port_role_info r;

	/* Legacy-mode NICs have devlink ports and names like "p0" too. */
	r = decide(false, &dl, "p0");
	cr_expect_eq(r.role, FP_ROLE_NONE);
	cr_expect_eq(r.source, FP_ROLE_FROM_NOTHING);
	r = decide(false, NULL, NULL);
	cr_expect_eq(r.role, FP_ROLE_NONE);
}

Test(port_role, devlink_physical_is_uplink)
{
	struct fp_devlink_port dl = dl_port(DEVLINK_PORT_FLAVOUR_PHYSICAL);
	struct fp_port_role_info r;

	dl.has_number = true;
	dl.number = 1;
	r = decide(true, &dl, "p1");
	cr_expect_eq(r.role, FP_ROLE_UPLINK);
	cr_expect_eq(r.source, FP_ROLE_FROM_DEVLINK);
	cr_expect(r.has_port);
	cr_expect_eq(r.port, 1);
	cr_expect_not(r.has_pf);
	cr_expect_not(r.has_vf);
	cr_expect_not(r.has_subport);
}

Test(port_role, devlink_split_physical_port)
{
	struct fp_devlink_port dl = dl_port(DEVLINK_PORT_FLAVOUR_PHYSICAL);
	struct fp_port_role_info r;

	dl.has_number = true;
	dl.number = 2;
	dl.has_subport = true;
	dl.subport = 3;
	r = decide(true, &dl, "p2s3");
	cr_expect_eq(r.role, FP_ROLE_UPLINK);
	cr_expect(r.has_subport);
	cr_expect_eq(r.subport, 3);
}

Test(port_role, devlink_vf_is_vf_representor)
{
	struct fp_devlink_port dl = dl_port(DEVLINK_PORT_FLAVOUR_PCI_VF);
	struct fp_port_role_info r;

	dl.has_pf = dl.has_vf = dl.has_controller = true;
	dl.pf = 1;
	dl.vf = 7;
	dl.controller = 0;
	r = decide(true, &dl, "pf1vf7");
	cr_expect_eq(r.role, FP_ROLE_VF_REP);
	cr_expect_eq(r.source, FP_ROLE_FROM_DEVLINK);
	cr_expect(r.has_pf);
	cr_expect_eq(r.pf, 1);
	cr_expect(r.has_vf);
	cr_expect_eq(r.vf, 7);
	/* The local host's controller 0 is not worth showing. */
	cr_expect_not(r.has_controller);
	cr_expect_not(r.has_port);
}

Test(port_role, devlink_external_controller_is_kept)
{
	struct fp_devlink_port dl = dl_port(DEVLINK_PORT_FLAVOUR_PCI_VF);
	struct fp_port_role_info r;

	dl.has_pf = dl.has_vf = dl.has_controller = true;
	dl.controller = 1;
	dl.external = true;
	r = decide(true, &dl, "c1pf0vf0");
	cr_expect(r.has_controller);
	cr_expect_eq(r.controller, 1);
}

Test(port_role, devlink_pf_and_sf)
{
	struct fp_devlink_port pf = dl_port(DEVLINK_PORT_FLAVOUR_PCI_PF);
	struct fp_devlink_port sf = dl_port(DEVLINK_PORT_FLAVOUR_PCI_SF);
	struct fp_port_role_info r;

	pf.has_pf = true;
	pf.pf = 0;
	r = decide(true, &pf, "pf0");
	cr_expect_eq(r.role, FP_ROLE_PF_REP);
	cr_expect(r.has_pf);
	cr_expect_not(r.has_vf);

	sf.has_pf = sf.has_sf = true;
	sf.pf = 0;
	sf.sf = 88;
	r = decide(true, &sf, "pf0sf88");
	cr_expect_eq(r.role, FP_ROLE_SF_REP);
	cr_expect(r.has_sf);
	cr_expect_eq(r.sf, 88);
}

Test(port_role, devlink_beats_a_misleading_name)
{
	struct fp_devlink_port dl = dl_port(DEVLINK_PORT_FLAVOUR_PCI_VF);
	struct fp_port_role_info r;

	dl.has_pf = dl.has_vf = true;
	dl.vf = 4;
	r = decide(true, &dl, "p0");
	cr_expect_eq(r.role, FP_ROLE_VF_REP);
	cr_expect_eq(r.vf, 4);
	cr_expect_eq(r.source, FP_ROLE_FROM_DEVLINK);
}

Test(port_role, devlink_flavours_that_are_no_representor)
{
	static const uint16_t flavours[] = {
		DEVLINK_PORT_FLAVOUR_CPU, DEVLINK_PORT_FLAVOUR_DSA,
		DEVLINK_PORT_FLAVOUR_VIRTUAL, DEVLINK_PORT_FLAVOUR_UNUSED,
		200, /* a flavour from a future kernel */
	};
	size_t i;

	for (i = 0; i < sizeof(flavours) / sizeof(flavours[0]); i++) {
		struct fp_devlink_port dl = dl_port(flavours[i]);
		struct fp_port_role_info r = decide(true, &dl, "pf0vf0");

		cr_expect_eq(r.role, FP_ROLE_OTHER, "flavour %u", flavours[i]);
		cr_expect_eq(r.source, FP_ROLE_FROM_DEVLINK);
	}
}

Test(port_role, devlink_port_without_attributes_falls_back_to_name)
{
	struct fp_devlink_port dl = dl_port(DEVLINK_PORT_FLAVOUR_PHYSICAL);
	struct fp_port_role_info r;

	dl.has_flavour = false;
	r = decide(true, &dl, "pf0vf2");
	cr_expect_eq(r.role, FP_ROLE_VF_REP);
	cr_expect_eq(r.source, FP_ROLE_FROM_PORT_NAME);
	cr_expect_eq(r.vf, 2);
}

Test(port_role, names_alone)
{
	struct fp_port_role_info r;

	r = decide(true, NULL, "p0");
	cr_expect_eq(r.role, FP_ROLE_UPLINK);
	cr_expect_eq(r.source, FP_ROLE_FROM_PORT_NAME);
	cr_expect(r.has_port);
	cr_expect_eq(r.port, 0);
	cr_expect_not(r.has_pf);

	r = decide(true, NULL, "pf1");
	cr_expect_eq(r.role, FP_ROLE_PF_REP);
	cr_expect(r.has_pf);
	cr_expect_eq(r.pf, 1);

	r = decide(true, NULL, "c1pf0vf3");
	cr_expect_eq(r.role, FP_ROLE_VF_REP);
	cr_expect(r.has_controller);
	cr_expect_eq(r.controller, 1);
	cr_expect_eq(r.pf, 0);
	cr_expect_eq(r.vf, 3);
	cr_expect_not(r.has_port);

	r = decide(true, NULL, "pf0sf5");
	cr_expect_eq(r.role, FP_ROLE_SF_REP);
	cr_expect_eq(r.sf, 5);
}

Test(port_role, switch_port_nobody_describes_is_other)
{
	struct fp_port_role_info r;

	r = decide(true, NULL, NULL);
	cr_expect_eq(r.role, FP_ROLE_OTHER);
	cr_expect_eq(r.source, FP_ROLE_FROM_NOTHING);
	r = decide(true, NULL, "");
	cr_expect_eq(r.role, FP_ROLE_OTHER);
	r = decide(true, NULL, "swp1");
	cr_expect_eq(r.role, FP_ROLE_OTHER);
	cr_expect_eq(r.source, FP_ROLE_FROM_NOTHING);
}

Test(port_role, names_for_output)
{
	cr_expect_str_eq(fp_port_role_name(FP_ROLE_UPLINK), "uplink");
	cr_expect_str_eq(fp_port_role_name(FP_ROLE_PF_REP), "pf-rep");
	cr_expect_str_eq(fp_port_role_name(FP_ROLE_VF_REP), "vf-rep");
	cr_expect_str_eq(fp_port_role_name(FP_ROLE_SF_REP), "sf-rep");
	cr_expect_str_eq(fp_port_role_name(FP_ROLE_OTHER), "other");
	cr_expect_str_eq(fp_port_role_name(FP_ROLE_NONE), "none");
	cr_expect_str_eq(fp_role_source_name(FP_ROLE_FROM_DEVLINK), "devlink");
	cr_expect_str_eq(fp_role_source_name(FP_ROLE_FROM_PORT_NAME),
			 "port-name");
}
