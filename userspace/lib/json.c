// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>

#include "json.h"

void fp_json_init(struct fp_json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->has_items[0] = false;
}

static void put_string(FILE *out, const char *s)
{
	const unsigned char *p;

	fputc('"', out);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* Writes the separator and the key (if any) that go before a value. */
static void begin_value(struct fp_json *j, const char *key)
{
	if (j->has_items[j->depth])
		fputc(',', j->out);
	j->has_items[j->depth] = true;
	if (key) {
		put_string(j->out, key);
		fputc(':', j->out);
	}
}

static void open_container(struct fp_json *j, const char *key, char bracket)
{
	begin_value(j, key);
	fputc(bracket, j->out);
	/* Deeper than we track: keep writing valid JSON, only commas may suffer. */
	if (j->depth < FP_JSON_MAX_DEPTH - 1)
		j->depth++;
	j->has_items[j->depth] = false;
}

static void close_container(struct fp_json *j, char bracket)
{
	fputc(bracket, j->out);
	if (j->depth > 0)
		j->depth--;
}

void fp_json_obj_open(struct fp_json *j, const char *key)
{
	open_container(j, key, '{');
}

void fp_json_obj_close(struct fp_json *j)
{
	close_container(j, '}');
}

void fp_json_arr_open(struct fp_json *j, const char *key)
{
	open_container(j, key, '[');
}

void fp_json_arr_close(struct fp_json *j)
{
	close_container(j, ']');
}

void fp_json_str(struct fp_json *j, const char *key, const char *val)
{
	begin_value(j, key);
	put_string(j->out, val);
}

void fp_json_u64(struct fp_json *j, const char *key, uint64_t val)
{
	begin_value(j, key);
	fprintf(j->out, "%" PRIu64, val);
}

void fp_json_i64(struct fp_json *j, const char *key, int64_t val)
{
	begin_value(j, key);
	fprintf(j->out, "%" PRId64, val);
}

void fp_json_bool(struct fp_json *j, const char *key, bool val)
{
	begin_value(j, key);
	fputs(val ? "true" : "false", j->out);
}

void fp_json_null(struct fp_json *j, const char *key)
{
	begin_value(j, key);
	fputs("null", j->out);
}

void fp_json_end(struct fp_json *j)
{
	fputc('\n', j->out);
	fflush(j->out);
}
