/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phys_switch_id: the opaque bytes a switchdev driver reports for every port
 * of one eswitch, so equal ids mean "same switch". Text form is lowercase hex
 * without separators, as /sys/class/net/DEV/phys_switch_id prints it, so
 * that what fpctl shows can be compared with sysfs as is.
 */
#ifndef FP_SWITCH_ID_H
#define FP_SWITCH_ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* MAX_PHYS_ITEM_ID_LEN in the kernel: the longest phys_switch_id. */
#define FP_SWITCH_ID_MAX 32
/* Room for the hex text of the longest id and its NUL. */
#define FP_SWITCH_ID_STRLEN (2 * FP_SWITCH_ID_MAX + 1)

/* Writes ID as hex into BUF (at least FP_SWITCH_ID_STRLEN bytes). */
void fp_switch_id_format(const uint8_t *id, size_t len,
			 char buf[FP_SWITCH_ID_STRLEN]);

/*
 * Parses hex TEXT (case-insensitive, one trailing newline allowed, as read
 * from sysfs) into ID. 0, or -EINVAL when TEXT is empty, has an odd number
 * of digits or a non-hex character, or is longer than FP_SWITCH_ID_MAX bytes.
 */
int fp_switch_id_parse(const char *text, uint8_t id[FP_SWITCH_ID_MAX],
		       size_t *len);

bool fp_switch_id_equal(const uint8_t *a, size_t a_len, const uint8_t *b,
			size_t b_len);

#endif
