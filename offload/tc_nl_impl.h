/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the codec's files (tc_nl_*.c) only: the bounded attribute
 * writer, the attribute table reader, and the per-part encoders/decoders.
 */
#ifndef FP_TC_NL_IMPL_H
#define FP_TC_NL_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "tc_flower.h"

/*
 * A message being built in a buffer of size bytes. A put that does not
 * fit sets full and writes nothing; the caller checks once at the end.
 */
struct tc_nl_out {
	struct nlmsghdr *nlh;
	size_t size;
	bool full;
};

void tc_nl_put(struct tc_nl_out *o, uint16_t type, size_t len,
	       const void *data);
void tc_nl_put_u8(struct tc_nl_out *o, uint16_t type, uint8_t v);
void tc_nl_put_u16(struct tc_nl_out *o, uint16_t type, uint16_t v);
void tc_nl_put_u32(struct tc_nl_out *o, uint16_t type, uint32_t v);
void tc_nl_put_str(struct tc_nl_out *o, uint16_t type, const char *s);
/* NULL when full; tc_nl_nest_end(o, NULL) is then a no-op. */
struct nlattr *tc_nl_nest(struct tc_nl_out *o, uint16_t type);
void tc_nl_nest_end(struct tc_nl_out *o, struct nlattr *nest);

/* Writes the reason into why and returns err: "return tc_nl_fail(...)". */
int tc_nl_fail(char *why, size_t whylen, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * The attributes nested in nest into tb[0..max] (zeroed here); types
 * above max are skipped. -EBADMSG if the nest's attributes do not cover
 * it exactly.
 */
int tc_nl_parse_nest(const struct nlattr *nest, const struct nlattr **tb,
		     int max);

/* Copies a fixed-size attribute; -EBADMSG if its payload is not len. */
int tc_nl_get(const struct nlattr *a, void *dst, size_t len);

/* The same at least min bytes (structs that grew), at most len copied. */
int tc_nl_get_min(const struct nlattr *a, void *dst, size_t min, size_t len);

/* A NUL-terminated string attribute, or NULL if it is not one. */
const char *tc_nl_get_str(const struct nlattr *a);

/* ---- match (tc_nl_key.c) ---- */

/* The TCA_FLOWER_KEY_* of f into the options nest. */
int tc_nl_put_keys(struct tc_nl_out *o, const struct tc_flower *f,
		   char *why, size_t whylen);
/* tb: the options nest up to TCA_FLOWER_MAX; f->protocol already set. */
int tc_nl_parse_keys(const struct nlattr *const *tb, struct tc_flower *f,
		     char *why, size_t whylen);

/* Every field of struct tc_flower_key, for comparing two matches. */
struct tc_nl_field {
	const char *name;
	size_t off;
	size_t len;
};
extern const struct tc_nl_field tc_nl_key_fields[];
extern const size_t tc_nl_n_key_fields;

/* ---- actions (tc_nl_act.c, tc_nl_pedit.c) ---- */

/* TCA_FLOWER_ACT: f's actions, the first carrying f's cookie. */
int tc_nl_put_acts(struct tc_nl_out *o, const struct tc_flower *f,
		   char *why, size_t whylen);
/* TCA_FLOWER_ACT into f->acts, cookie and the first action's counters. */
int tc_nl_parse_acts(const struct nlattr *acts, struct tc_flower *f,
		     char *why, size_t whylen);

/* TCA_PEDIT_PARMS_EX and TCA_PEDIT_KEYS_EX of a, in its options nest. */
int tc_nl_put_pedit(struct tc_nl_out *o, const struct tc_act *a,
		    char *why, size_t whylen);
/* The options nest of a "pedit" action into a; tm: its TCA_PEDIT_TM. */
int tc_nl_parse_pedit(const struct nlattr *opts, struct tc_act *a,
		      const struct nlattr **tm, char *why, size_t whylen);

#endif
