// SPDX-License-Identifier: GPL-2.0
/* phys_port_name parsing: every form devlink writes, and what it never does. */
#include <criterion/criterion.h>
#include <errno.h>

#include "port_name.h"

static struct fp_port_name parse_ok(const char *name)
{
	struct fp_port_name pn;

	cr_assert_eq(fp_port_name_parse(name, &pn), 0, "'%s' should parse",
		     name);
	return pn;
}

Test(port_name, physical_port)
{
	struct fp_port_name pn = parse_ok("p0");

	cr_expect_eq(pn.kind, FP_PORT_NAME_PHYSICAL);
	cr_expect_eq(pn.port, 0);
	cr_expect_not(pn.has_subport);
	cr_expect_not(pn.has_linecard);
	cr_expect_not(pn.has_controller);

	pn = parse_ok("p17");
	cr_expect_eq(pn.kind, FP_PORT_NAME_PHYSICAL);
	cr_expect_eq(pn.port, 17);
}

Test(port_name, split_port_on_a_linecard)
{
	struct fp_port_name pn = parse_ok("p3s1");

	cr_expect_eq(pn.kind, FP_PORT_NAME_PHYSICAL);
	cr_expect_eq(pn.port, 3);
	cr_expect(pn.has_subport);
	cr_expect_eq(pn.subport, 1);

	pn = parse_ok("l2p5s0");
	cr_expect(pn.has_linecard);
	cr_expect_eq(pn.linecard, 2);
	cr_expect_eq(pn.port, 5);
	cr_expect(pn.has_subport);
	cr_expect_eq(pn.subport, 0);
}

Test(port_name, pf)
{
	struct fp_port_name pn = parse_ok("pf1");

	cr_expect_eq(pn.kind, FP_PORT_NAME_PF);
	cr_expect_eq(pn.pf, 1);
	cr_expect_not(pn.has_controller);
}

Test(port_name, vf)
{
	struct fp_port_name pn = parse_ok("pf0vf1");

	cr_expect_eq(pn.kind, FP_PORT_NAME_VF);
	cr_expect_eq(pn.pf, 0);
	cr_expect_eq(pn.vf, 1);

	pn = parse_ok("pf2vf127");
	cr_expect_eq(pn.kind, FP_PORT_NAME_VF);
	cr_expect_eq(pn.pf, 2);
	cr_expect_eq(pn.vf, 127);
}

Test(port_name, sf)
{
	struct fp_port_name pn = parse_ok("pf0sf88");

	cr_expect_eq(pn.kind, FP_PORT_NAME_SF);
	cr_expect_eq(pn.pf, 0);
	cr_expect_eq(pn.sf, 88);
}

Test(port_name, external_controller)
{
	struct fp_port_name pn = parse_ok("c1pf0vf3");

	cr_expect_eq(pn.kind, FP_PORT_NAME_VF);
	cr_expect(pn.has_controller);
	cr_expect_eq(pn.controller, 1);
	cr_expect_eq(pn.pf, 0);
	cr_expect_eq(pn.vf, 3);

	pn = parse_ok("c2pf1");
	cr_expect_eq(pn.kind, FP_PORT_NAME_PF);
	cr_expect_eq(pn.controller, 2);
	cr_expect_eq(pn.pf, 1);

	pn = parse_ok("c1pf0sf4");
	cr_expect_eq(pn.kind, FP_PORT_NAME_SF);
	cr_expect_eq(pn.sf, 4);
}

Test(port_name, largest_numbers)
{
	struct fp_port_name pn = parse_ok("pf4294967295vf4294967295");

	cr_expect_eq(pn.pf, UINT32_MAX);
	cr_expect_eq(pn.vf, UINT32_MAX);
}

Test(port_name, refuses_what_devlink_never_writes)
{
	static const char *const bad[] = {
		"",		/* no name at all */
		"p",		/* a prefix without its number */
		"pf",
		"pfvf1",
		"pf0vf",
		"pf0sf",
		"p1s",
		"c1",
		"c1p0",		/* controllers only before a PCI function */
		"l1pf0",	/* line cards only before a physical port */
		"l1",
		"P0",		/* letters are lower case */
		"pF0",
		"p 1",		/* digits only: no blanks, no signs */
		" p1",
		"p+1",
		"p-1",
		"p1 ",		/* nothing may follow */
		"p1x",
		"pf0vf1s2",
		"pf0vf1vf2",
		"eth0",		/* not a port name */
		"0",		/* some old drivers wrote bare numbers */
		"vf0",
		"p4294967296",	/* above UINT32_MAX */
		"pf0vf99999999999",
	};
	struct fp_port_name pn;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(fp_port_name_parse(bad[i], &pn), -EINVAL,
			     "'%s' should be refused", bad[i]);
}
