// SPDX-License-Identifier: GPL-2.0
/* The order fpctl eswitch prints ports in, and grouping by switch. */
#include <criterion/criterion.h>
#include <string.h>

#include "eswitch.h"

static struct fp_eswitch_port port(const char *name, int ifindex,
				   uint8_t switch_byte, enum fp_port_role role,
				   uint32_t number)
{
	struct fp_eswitch_port p;

	memset(&p, 0, sizeof(p));
	strcpy(p.name, name);
	p.ifindex = ifindex;
	memset(p.switch_id, switch_byte, 8);
	p.switch_id_len = 8;
	p.role.role = role;
	switch (role) {
	case FP_ROLE_UPLINK:
		p.role.has_port = true;
		p.role.port = number;
		break;
	case FP_ROLE_VF_REP:
		p.role.has_pf = p.role.has_vf = true;
		p.role.vf = number;
		break;
	case FP_ROLE_PF_REP:
		p.role.has_pf = true;
		p.role.pf = number;
		break;
	default:
		break;
	}
	return p;
}

Test(eswitch, groups_by_switch_then_role_then_number)
{
	struct fp_eswitch_port ports[] = {
		port("vf10", 30, 0xbb, FP_ROLE_VF_REP, 10),
		port("b-up2", 21, 0xbb, FP_ROLE_UPLINK, 2),
		port("a-vf1", 12, 0xaa, FP_ROLE_VF_REP, 1),
		port("other", 13, 0xaa, FP_ROLE_OTHER, 0),
		port("vf2", 31, 0xbb, FP_ROLE_VF_REP, 2),
		port("a-up1", 11, 0xaa, FP_ROLE_UPLINK, 1),
		port("a-pf0", 14, 0xaa, FP_ROLE_PF_REP, 0),
		port("a-vf0", 15, 0xaa, FP_ROLE_VF_REP, 0),
		port("b-up1", 20, 0xbb, FP_ROLE_UPLINK, 1),
	};
	static const char *const want[] = {
		"a-up1", "a-pf0", "a-vf0", "a-vf1", "other",
		"b-up1", "b-up2", "vf2", "vf10",
	};
	size_t n = sizeof(ports) / sizeof(ports[0]), i;

	fp_eswitch_sort(ports, n);
	for (i = 0; i < n; i++)
		cr_expect_str_eq(ports[i].name, want[i], "position %zu", i);
	cr_expect(fp_eswitch_same_switch(&ports[0], &ports[4]));
	cr_expect_not(fp_eswitch_same_switch(&ports[4], &ports[5]));
}

Test(eswitch, vfs_sort_by_number_not_by_text_or_ifindex)
{
	struct fp_eswitch_port ports[] = {
		port("eth9", 9, 1, FP_ROLE_VF_REP, 10),
		port("eth8", 8, 1, FP_ROLE_VF_REP, 9),
		port("eth7", 7, 1, FP_ROLE_VF_REP, 1),
	};

	fp_eswitch_sort(ports, 3);
	cr_expect_eq(ports[0].role.vf, 1);
	cr_expect_eq(ports[1].role.vf, 9);
	cr_expect_eq(ports[2].role.vf, 10);
}

Test(eswitch, ties_break_on_ifindex)
{
	struct fp_eswitch_port ports[] = {
		port("y", 40, 1, FP_ROLE_OTHER, 0),
		port("x", 4, 1, FP_ROLE_OTHER, 0),
	};

	fp_eswitch_sort(ports, 2);
	cr_expect_eq(ports[0].ifindex, 4);
	cr_expect_eq(ports[1].ifindex, 40);
}

Test(eswitch, switch_ids_of_different_length_differ)
{
	struct fp_eswitch_port a = port("a", 1, 7, FP_ROLE_UPLINK, 0);
	struct fp_eswitch_port b = a;

	b.switch_id_len = 4;
	cr_expect_not(fp_eswitch_same_switch(&a, &b));
	cr_expect(fp_eswitch_same_switch(&a, &a));
}
