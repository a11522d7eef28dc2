// SPDX-License-Identifier: GPL-2.0
/* phys_switch_id in text and back; see switch_id.h. */
#include <errno.h>
#include <string.h>

#include "switch_id.h"

void fp_switch_id_format(const uint8_t *id, size_t len,
			 char buf[FP_SWITCH_ID_STRLEN])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (len > FP_SWITCH_ID_MAX)
		len = FP_SWITCH_ID_MAX;
	for (i = 0; i < len; i++) {
		buf[2 * i] = digits[id[i] >> 4];
		buf[2 * i + 1] = digits[id[i] & 0xf];
	}
	buf[2 * len] = '\0';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int fp_switch_id_parse(const char *text, uint8_t id[FP_SWITCH_ID_MAX],
		       size_t *len)
{
	size_t n = strlen(text), i;

	if (n && text[n - 1] == '\n')
		n--;
	if (n == 0 || n % 2 || n / 2 > FP_SWITCH_ID_MAX)
		return -EINVAL;
	for (i = 0; i < n; i += 2) {
		int hi = hex_value(text[i]), lo = hex_value(text[i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		id[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

bool fp_switch_id_equal(const uint8_t *a, size_t a_len, const uint8_t *b,
			size_t b_len)
{
	return a_len == b_len && !memcmp(a, b, a_len);
}
