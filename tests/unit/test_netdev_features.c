// SPDX-License-Identifier: GPL-2.0
/* Finding a feature by name in an ethtool string set, and reading its bit. */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/ethtool.h>
#include <string.h>

#include "link_features.h"

/* A string set as ETHTOOL_GSTRINGS fills it: fixed slots, zero padded. */
static char set[5][ETH_GSTRING_LEN];

static void fill_set(void)
{
	memset(set, 0, sizeof(set));
	strcpy(set[0], "rx-checksum");
	strcpy(set[1], "hw-tc-offload-extra");
	strcpy(set[2], "hw-tc");
	strcpy(set[3], FP_FEATURE_HW_TC);
	/* A name filling its slot has no NUL. */
	memset(set[4], 'x', ETH_GSTRING_LEN);
}

Test(features, finds_the_exact_name)
{
	fill_set();
	cr_expect_eq(fp_features_find(&set[0][0], 5, "hw-tc-offload"), 3);
	cr_expect_eq(fp_features_find(&set[0][0], 5, "rx-checksum"), 0);
	cr_expect_eq(fp_features_find(&set[0][0], 5, "hw-tc"), 2);
}

Test(features, prefixes_and_absent_names_are_not_found)
{
	fill_set();
	cr_expect_eq(fp_features_find(&set[0][0], 5, "rx-check"), -ENOENT);
	cr_expect_eq(fp_features_find(&set[0][0], 5, "rx-checksumming"),
		     -ENOENT);
	cr_expect_eq(fp_features_find(&set[0][0], 5, "ntuple"), -ENOENT);
	/* Only COUNT slots are looked at. */
	cr_expect_eq(fp_features_find(&set[0][0], 3, "hw-tc-offload"), -ENOENT);
}

Test(features, a_name_that_fills_its_slot)
{
	char full[ETH_GSTRING_LEN + 2];

	fill_set();
	memset(full, 'x', ETH_GSTRING_LEN);
	full[ETH_GSTRING_LEN] = '\0';
	cr_expect_eq(fp_features_find(&set[0][0], 5, full), 4);
	full[ETH_GSTRING_LEN] = 'x';
	full[ETH_GSTRING_LEN + 1] = '\0';
	cr_expect_eq(fp_features_find(&set[0][0], 5, full), -ENOENT);
}

Test(features, active_bits_across_blocks)
{
	struct ethtool_get_features_block blocks[2];

	memset(blocks, 0, sizeof(blocks));
	blocks[0].available = 0xffffffff;
	blocks[0].active = 1u << 3 | 1u << 31;
	blocks[1].active = 1u << 0 | 1u << 12;

	cr_expect(fp_features_active(blocks, 2, 3));
	cr_expect(fp_features_active(blocks, 2, 31));
	cr_expect(fp_features_active(blocks, 2, 32));
	cr_expect(fp_features_active(blocks, 2, 44));
	cr_expect_not(fp_features_active(blocks, 2, 0));
	cr_expect_not(fp_features_active(blocks, 2, 33));
	/* Available is not active. */
	cr_expect_not(fp_features_active(blocks, 2, 4));
	/* Beyond the blocks the kernel returned: off, not a wild read. */
	cr_expect_not(fp_features_active(blocks, 2, 64));
	cr_expect_not(fp_features_active(blocks, 1, 44));
}
