/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer for the tools' -j output. Values inside an
 * object take a key; values inside an array (or at the top) take NULL.
 * Commas, quoting and escaping are the writer's business, not the caller's.
 */
#ifndef FP_JSON_H
#define FP_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define FP_JSON_MAX_DEPTH 32

struct fp_json {
	FILE *out;
	int depth;
	bool has_items[FP_JSON_MAX_DEPTH];
};

void fp_json_init(struct fp_json *j, FILE *out);
void fp_json_obj_open(struct fp_json *j, const char *key);
void fp_json_obj_close(struct fp_json *j);
void fp_json_arr_open(struct fp_json *j, const char *key);
void fp_json_arr_close(struct fp_json *j);
void fp_json_str(struct fp_json *j, const char *key, const char *val);
void fp_json_u64(struct fp_json *j, const char *key, uint64_t val);
void fp_json_i64(struct fp_json *j, const char *key, int64_t val);
void fp_json_bool(struct fp_json *j, const char *key, bool val);
void fp_json_null(struct fp_json *j, const char *key);
/* Ends the document with a newline. */
void fp_json_end(struct fp_json *j);

#endif
