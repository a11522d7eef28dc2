/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scanner the text parsers (keys, actions) share: a cursor over the
 * input, value readers in the text format's syntax, and errors that say
 * where. Internal to odp_text*.c.
 */
#ifndef FP_ODP_TEXT_SCAN_H
#define FP_ODP_TEXT_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "odp_nla.h"
#include "odp_text.h"

struct fp_scan {
	const char *input;	/* for the column in errors */
	const char *s;		/* the cursor */
	char *err;
	size_t err_size;
	const struct fp_odp_port_names *names;
	int depth;		/* encap() nesting */
};

/* Writes "at column N ('...'): why" into err; returns -EINVAL. */
int fp_scan_fail(struct fp_scan *sc, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Consumes word (a literal) if the input continues with it. */
bool fp_scan_word(struct fp_scan *sc, const char *word);

/* Skips the separators between attributes or actions: ", \t\r\n". */
void fp_scan_delims(struct fp_scan *sc);

/* An unsigned number in C syntax (12, 0x1f, 017) of at most max. */
bool fp_scan_uint(struct fp_scan *sc, uint64_t max, uint64_t *v);
/* The same, optionally followed by "/MASK"; without one, *m = max. */
bool fp_scan_uint_masked(struct fp_scan *sc, uint64_t max, uint64_t *v,
			 uint64_t *m);
bool fp_scan_mac(struct fp_scan *sc, uint8_t mac[6]);
bool fp_scan_ipv4(struct fp_scan *sc, void *addr);
bool fp_scan_ipv6(struct fp_scan *sc, void *addr);
/* Hex digits, two per byte, into at most size bytes; *len is how many. */
bool fp_scan_hex(struct fp_scan *sc, uint8_t *out, size_t size, size_t *len);

/* The key attribute at the cursor, key into k and its mask into m. */
int fp_scan_key_attr(struct fp_scan *sc, struct fp_nla_buf *k,
		     struct fp_nla_buf *m);

#endif
