// SPDX-License-Identifier: GPL-2.0
/*
 * add-flow, del-flows, dump-rules: a bridge's rules. A rule is parsed
 * whole before anything changes, so a bad one leaves every rule in place.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "ctl_cmd.h"
#include "json.h"
#include "revalidator.h"

/*
 * The words from argv[from] on, joined by spaces: "fpctl add-flow br0
 * priority=5 ip actions=drop" says the same as one quoted word.
 */
static int join_words(struct fpd_cmd *c, int argc, char **argv, int from,
		      char *buf, size_t size)
{
	size_t off = 0;
	int i, n;

	buf[0] = '\0';
	for (i = from; i < argc; i++) {
		n = snprintf(buf + off, size - off, "%s%s", off ? " " : "", argv[i]);
		if (n < 0 || (size_t)n >= size - off)
			return cmd_fail(c, CMD_USAGE, "the rule is longer than %zu characters",
					size - 1);
		off += (size_t)n;
	}
	return CMD_OK;
}

int cmd_add_flow(struct fpd_cmd *c, int argc, char **argv)
{
	struct fpd_bridge *br = cmd_bridge(c, argv[1]);
	char text[FP_RULE_TEXT_MAX], why[FPD_WHY_LEN];
	struct fpd_rule *r;
	uint64_t replaced;
	int ret;

	if (!br)
		return CMD_FAILED;
	ret = join_words(c, argc, argv, 2, text, sizeof(text));
	if (ret)
		return ret;
	/* The config file holds a rule on one line, up to any '#'. */
	if (strpbrk(text, "\n\r#"))
		return cmd_fail(c, CMD_USAGE, "a rule may not contain a newline, a carriage return or '#': the config file holds each rule on one line");
	r = malloc(sizeof(*r));
	if (!r)
		return cmd_fail(c, CMD_FAILED, "out of memory");
	r->conf_id = 0;		/* no config id is 0 */
	if (fpd_bridge_parse_rule(br, text, FP_RULE_PARSE_FULL, &r->r, why,
				  sizeof(why))) {
		free(r);
		return cmd_fail(c, CMD_USAGE, "%s", why);
	}
	if (fpd_config_add_rule(&c->d->conf, br->name, text, &r->conf_id) ||
	    fpd_bridge_add_rule(br, r, &replaced)) {
		fpd_config_del_rule(&c->d->conf, br->name, r->conf_id);
		free(r);
		return cmd_fail(c, CMD_FAILED, "out of memory");
	}
	if (replaced)
		fpd_config_del_rule(&c->d->conf, br->name, replaced);
	fpd_revalidator_kick(c->d->reval);
	return cmd_save(c);
}

/* Splits del-flows' words into the match text and --strict. */
static int del_flows_args(struct fpd_cmd *c, int argc, char **argv,
			  char *match, size_t size, bool *strict)
{
	char *words[CTL_MAX_ARGS + 1];
	int i, n = 0;

	*strict = false;
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--strict"))
			*strict = true;
		else if (argv[i][0] == '-' && argv[i][1] == '-')
			return cmd_fail(c, CMD_USAGE, "unknown option '%s' (del-flows takes --strict)",
					argv[i]);
		else
			words[n++] = argv[i];
	}
	return join_words(c, n, words, 0, match, size);
}

int cmd_del_flows(struct fpd_cmd *c, int argc, char **argv)
{
	struct fpd_bridge *br = cmd_bridge(c, argv[1]);
	char match[FP_RULE_TEXT_MAX], why[FPD_WHY_LEN];
	struct fp_rule *pattern = NULL;
	uint64_t *ids;
	bool strict;
	int i, n, ret;

	if (!br)
		return CMD_FAILED;
	ret = del_flows_args(c, argc, argv, match, sizeof(match), &strict);
	if (ret)
		return ret;
	/* No match deletes everything; --strict then means the empty match. */
	if (match[0] || strict) {
		pattern = malloc(sizeof(*pattern));
		if (!pattern)
			return cmd_fail(c, CMD_FAILED, "out of memory");
		if (fpd_bridge_parse_rule(br, match, FP_RULE_PARSE_MATCH, pattern,
					  why, sizeof(why))) {
			free(pattern);
			return cmd_fail(c, CMD_USAGE, "%s", why);
		}
	}
	n = fpd_bridge_del_rules(br, pattern, strict, &ids);
	free(pattern);
	if (n < 0)
		return cmd_fail(c, CMD_FAILED, "out of memory");
	for (i = 0; i < n; i++)
		fpd_config_del_rule(&c->d->conf, br->name, ids[i]);
	free(ids);
	if (c->json)
		fprintf(c->out, "{\"deleted\":%d}\n", n);
	if (!n)
		return CMD_OK;
	fpd_revalidator_kick(c->d->reval);
	return cmd_save(c);
}

static int format_ports_name(uint32_t no, char *name, size_t size, void *arg)
{
	const char *n = fpd_bridge_port_name(arg, no);

	if (!n)
		return -ENOENT;
	snprintf(name, size, "%s", n);
	return 0;
}

int cmd_dump_rules(struct fpd_cmd *c, int argc, char **argv)
{
	struct fpd_bridge *br = cmd_bridge(c, argv[1]);
	struct fp_rule_ports ports = { .port_name = format_ports_name };
	char text[FP_RULE_TEXT_MAX * 2];
	struct fp_rule **all;
	struct fp_json j;
	size_t i, n;

	(void)argc;
	if (!br)
		return CMD_FAILED;
	ports.arg = br;
	n = fp_cls_count(&br->cls);
	all = calloc(n + 1, sizeof(*all));
	if (!all)
		return cmd_fail(c, CMD_FAILED, "out of memory");
	fp_cls_sorted(&br->cls, all);
	fp_json_init(&j, c->out);
	if (c->json)
		fp_json_arr_open(&j, NULL);
	for (i = 0; i < n; i++) {
		fp_rule_format(all[i], FP_RULE_PARSE_FULL, &ports, text, sizeof(text));
		if (!c->json) {
			fprintf(c->out, "%s\n", text);
			continue;
		}
		fp_json_obj_open(&j, NULL);
		fp_json_i64(&j, "priority", all[i]->priority);
		fp_json_str(&j, "rule", text);
		fp_json_obj_close(&j);
	}
	if (c->json) {
		fp_json_arr_close(&j);
		fp_json_end(&j);
	}
	free(all);
	return CMD_OK;
}
