// SPDX-License-Identifier: GPL-2.0
/* phys_switch_id text: the form sysfs prints, both ways. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "switch_id.h"

Test(switch_id, formats_like_sysfs)
{
	const uint8_t id[] = { 0x00, 0x2a, 0x8d, 0xff, 0x10 };
	char text[FP_SWITCH_ID_STRLEN];

	fp_switch_id_format(id, sizeof(id), text);
	cr_expect_str_eq(text, "002a8dff10");
	fp_switch_id_format(id, 0, text);
	cr_expect_str_eq(text, "");
}

Test(switch_id, longest_id_fits)
{
	uint8_t id[FP_SWITCH_ID_MAX];
	char text[FP_SWITCH_ID_STRLEN];

	memset(id, 0xab, sizeof(id));
	fp_switch_id_format(id, sizeof(id), text);
	cr_expect_eq(strlen(text), 2 * FP_SWITCH_ID_MAX);
}

Test(switch_id, parses_sysfs_text_with_its_newline)
{
	uint8_t id[FP_SWITCH_ID_MAX];
	size_t len = 0;

	cr_assert_eq(fp_switch_id_parse("8e0B9a2c\n", id, &len), 0);
	cr_expect_eq(len, 4);
	cr_expect_eq(id[0], 0x8e);
	cr_expect_eq(id[1], 0x0b);
	cr_expect_eq(id[2], 0x9a);
	cr_expect_eq(id[3], 0x2c);
}

Test(switch_id, round_trip)
{
	const uint8_t id[] = { 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04 };
	char text[FP_SWITCH_ID_STRLEN];
	uint8_t back[FP_SWITCH_ID_MAX];
	size_t len;

	fp_switch_id_format(id, sizeof(id), text);
	cr_assert_eq(fp_switch_id_parse(text, back, &len), 0);
	cr_expect(fp_switch_id_equal(id, sizeof(id), back, len));
}

Test(switch_id, refuses_malformed_text)
{
	static const char *const bad[] = {
		"", "\n", "abc", "0g", "12 34", "0x12", "12\n\n",
		/* 33 bytes: longer than any id the kernel can have */
		"000000000000000000000000000000000000000000000000000000000000000000",
	};
	uint8_t id[FP_SWITCH_ID_MAX];
	size_t len, i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(fp_switch_id_parse(bad[i], id, &len), -EINVAL,
			     "'%s' should be refused", bad[i]);
}

Test(switch_id, equality_needs_same_length_and_bytes)
{
	const uint8_t a[] = { 1, 2, 3 }, b[] = { 1, 2, 4 };

	cr_expect(fp_switch_id_equal(a, 3, a, 3));
	cr_expect_not(fp_switch_id_equal(a, 3, b, 3));
	cr_expect_not(fp_switch_id_equal(a, 2, a, 3));
}
