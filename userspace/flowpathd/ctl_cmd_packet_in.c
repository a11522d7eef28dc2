// SPDX-License-Identifier: GPL-2.0
/*
 * packet-ins: what the rules' controller actions sent to flowpathd, per
 * bridge: the count, the count per rule, and the last few packets.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bridge.h"
#include "ctl_cmd.h"
#include "json.h"

static int port_name(uint32_t no, char *name, size_t size, void *arg)
{
	const char *n = fpd_bridge_port_name(arg, no);

	if (!n)
		return -ENOENT;
	snprintf(name, size, "%s", n);
	return 0;
}

/*
 * The rule as dump-rules prints it; false when it is gone (deleted, or
 * the packet-ins came from flows a previous flowpathd installed).
 */
static bool rule_text(struct fpd_bridge *br, uint64_t id, char *buf,
		      size_t size)
{
	const struct fp_rule_ports ports = { .port_name = port_name, .arg = br };
	const struct fp_rule *r;

	if (id == FPD_PACKET_IN_RULE_UNKNOWN)
		return false;
	r = fpd_bridge_rule_by_id(br, id);
	if (!r)
		return false;
	fp_rule_format(r, FP_RULE_PARSE_FULL, &ports, buf, size);
	return true;
}

/* "12:00:01.123", local time. */
static void clock_text(int64_t ms, char *buf, size_t size)
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&secs, &tm);
	snprintf(buf, size, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min,
		 tm.tm_sec, (int)(ms % 1000));
}

/* ---- text ---- */

static void rules_text(struct fpd_cmd *c, struct fpd_bridge *br,
		       const struct fpd_packet_ins_snapshot *s)
{
	char text[FP_RULE_TEXT_MAX * 2];
	size_t i;

	for (i = 0; i < s->n_rules; i++) {
		uint64_t id = s->rules[i].rule_id;
		unsigned long long n = (unsigned long long)s->rules[i].count;

		if (id == FPD_PACKET_IN_RULE_UNKNOWN)
			fprintf(c->out, "  flows of a previous flowpathd: %llu\n", n);
		else if (rule_text(br, id, text, sizeof(text)))
			fprintf(c->out, "  rule %llu: %llu  %s\n",
				(unsigned long long)id, n, text);
		else
			fprintf(c->out, "  rule %llu: %llu  (deleted)\n",
				(unsigned long long)id, n);
	}
}

static void packet_text(struct fpd_cmd *c, const struct fpd_packet_in *p)
{
	char when[16], rule[32] = "rule ?", len[48];

	clock_text(p->time_ms, when, sizeof(when));
	if (p->rule_id != FPD_PACKET_IN_RULE_UNKNOWN)
		snprintf(rule, sizeof(rule), "rule %llu",
			 (unsigned long long)p->rule_id);
	if (p->orig_len != p->len)
		snprintf(len, sizeof(len), "%zu of %zu bytes", p->len, p->orig_len);
	else
		snprintf(len, sizeof(len), "%zu bytes", p->len);
	fprintf(c->out, "    %s  in_port %s  %s  %s  %s\n", when,
		*p->in_port_name ? p->in_port_name : "?", rule, len, p->summary);
}

static void bridge_text(struct fpd_cmd *c, struct fpd_bridge *br,
			const struct fpd_packet_ins_snapshot *s)
{
	size_t i;

	fprintf(c->out, "bridge %s: %llu packet-ins\n", br->name,
		(unsigned long long)s->total);
	rules_text(c, br, s);
	if (s->n_kept)
		fprintf(c->out, "  last %zu, oldest first:\n", s->n_kept);
	for (i = 0; i < s->n_kept; i++)
		packet_text(c, &s->kept[i]);
}

/* ---- JSON ---- */

static void rules_json(struct fp_json *j, struct fpd_bridge *br,
		       const struct fpd_packet_ins_snapshot *s)
{
	char text[FP_RULE_TEXT_MAX * 2];
	size_t i;

	fp_json_arr_open(j, "rules");
	for (i = 0; i < s->n_rules; i++) {
		fp_json_obj_open(j, NULL);
		fp_json_u64(j, "rule_id", s->rules[i].rule_id);
		fp_json_u64(j, "packet_ins", s->rules[i].count);
		if (rule_text(br, s->rules[i].rule_id, text, sizeof(text)))
			fp_json_str(j, "rule", text);
		else
			fp_json_null(j, "rule");
		fp_json_obj_close(j);
	}
	fp_json_arr_close(j);
}

static void packet_json(struct fp_json *j, const struct fpd_packet_in *p)
{
	fp_json_obj_open(j, NULL);
	fp_json_i64(j, "time_ms", p->time_ms);
	fp_json_str(j, "in_port", p->in_port_name);
	fp_json_u64(j, "port_no", p->in_port);
	fp_json_u64(j, "rule_id", p->rule_id);
	fp_json_u64(j, "len", p->len);
	fp_json_u64(j, "orig_len", p->orig_len);
	fp_json_str(j, "packet", p->summary);
	fp_json_obj_close(j);
}

static void bridge_json(struct fp_json *j, struct fpd_bridge *br,
			const struct fpd_packet_ins_snapshot *s)
{
	size_t i;

	fp_json_obj_open(j, NULL);
	fp_json_str(j, "bridge", br->name);
	fp_json_u64(j, "packet_ins", s->total);
	rules_json(j, br, s);
	fp_json_arr_open(j, "last");
	for (i = 0; i < s->n_kept; i++)
		packet_json(j, &s->kept[i]);
	fp_json_arr_close(j);
	fp_json_obj_close(j);
}

static int one_bridge(struct fpd_cmd *c, struct fp_json *j,
		      struct fpd_bridge *br)
{
	struct fpd_packet_ins_snapshot s;
	int err = fpd_packet_ins_snapshot(&br->packet_ins, &s);

	if (!err) {
		if (c->json)
			bridge_json(j, br, &s);
		else
			bridge_text(c, br, &s);
	}
	fpd_packet_ins_snapshot_free(&s);
	return err;
}

int cmd_packet_ins(struct fpd_cmd *c, int argc, char **argv)
{
	struct fpd_bridge *only = NULL;
	struct fp_json j;
	size_t i;
	int err = 0;

	if (argc > 1 && !(only = cmd_bridge(c, argv[1])))
		return CMD_FAILED;
	fp_json_init(&j, c->out);
	if (c->json)
		fp_json_arr_open(&j, NULL);
	for (i = 0; !err && i < c->d->n_bridges; i++)
		if (!only || c->d->bridges[i] == only)
			err = one_bridge(c, &j, c->d->bridges[i]);
	if (c->json) {
		fp_json_arr_close(&j);
		fp_json_end(&j);
	}
	if (err)
		return cmd_fail(c, CMD_FAILED, "out of memory");
	return CMD_OK;
}
