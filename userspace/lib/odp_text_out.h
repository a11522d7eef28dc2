/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text formatters' writer and the field printers they share (keys and
 * set() actions print fields the same way). Internal to odp_text*.c, but
 * for the writer, which any text builder may use.
 */
#ifndef FP_ODP_TEXT_OUT_H
#define FP_ODP_TEXT_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "odp_text.h"

/* Appends to buf; len keeps counting past size, so a cut is detectable. */
struct fp_text_out {
	char *buf;
	size_t size;
	size_t len;
};

void fp_text_init(struct fp_text_out *o, char *buf, size_t size);
void fp_text_put(struct fp_text_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Drops a trailing c, if the text ends with one. */
void fp_text_chomp(struct fp_text_out *o, char c);
/* 0, or -ENOSPC when the text did not fit. */
int fp_text_result(const struct fp_text_out *o);

/* Bytes as "%02x" with sep between them (0: none). */
void fp_text_hex(struct fp_text_out *o, const void *p, size_t len, char sep);

/*
 * Whether every meaningful byte of mask attribute ma is c (0x00: wildcard,
 * 0xff: exact), per its type; a type with no rule (ENCAP, unknown) is
 * neither.
 */
bool fp_text_mask_is(const struct nlattr *ma, uint8_t c);

/*
 * One key attribute (a) with its mask (ma, NULL: exact), e.g.
 * "ipv4(src=10.0.0.1,proto=6)". Also what set() actions print.
 */
void fp_text_key_attr(struct fp_text_out *o, const struct nlattr *a,
		      const struct nlattr *ma, bool verbose,
		      const struct fp_odp_port_names *names);

/* The attributes of a stream, as odp_flow_format() prints them. */
void fp_text_key_stream(struct fp_text_out *o, const void *key,
			size_t key_len, const void *mask, size_t mask_len,
			bool has_mask, bool verbose,
			const struct fp_odp_port_names *names);

/* VLAN TCI as "vid=10,pcp=0" (also push_vlan's argument). */
void fp_text_vlan_tci(struct fp_text_out *o, uint16_t tci, uint16_t mask,
		      bool verbose);

#endif
