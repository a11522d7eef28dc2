// SPDX-License-Identifier: GPL-2.0
/*
 * dump-flows: every megaflow the daemon placed, once, with the layer it
 * lives in and its counters summed over layers, read from the daemon's
 * own records (the revalidator refreshes the counters every
 * FPD_REVAL_INTERVAL_MS). -m adds the counters of each layer, the policy
 * the flow was placed under, its tc filter and why a faster layer
 * refused it; --layer keeps the flows of one layer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "ctl_cmd.h"
#include "ctl_cmd_flow.h"
#include "dp_upcall.h"
#include "flow_table.h"
#include "json.h"

struct dump_opts {
	struct fpd_bridge *only;	/* NULL: every bridge */
	bool more;			/* -m */
	bool one_layer;			/* --layer */
	enum fpd_layer layer;
};

static int parse_layer(const char *s, enum fpd_layer *l)
{
	static const enum fpd_layer all[] = {
		FPD_LAYER_HW, FPD_LAYER_TC, FPD_LAYER_KMOD,
	};
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (!strcmp(s, fpd_layer_name(all[i]))) {
			*l = all[i];
			return 0;
		}
	}
	return -1;
}

/* --layer L or --layer=L at argv[*i]; *i moves past what it used. */
static int take_layer(struct fpd_cmd *c, int argc, char **argv, int *i,
		      struct dump_opts *o)
{
	const char *word = argv[*i];

	if (word[strlen("--layer")] == '=')
		word += strlen("--layer=");
	else if (*i + 1 < argc)
		word = argv[++*i];
	else
		return cmd_fail(c, CMD_USAGE, "--layer wants hw, tc or kmod");
	if (parse_layer(word, &o->layer))
		return cmd_fail(c, CMD_USAGE, "'%s': not a layer (expected hw, tc or kmod)",
				word);
	o->one_layer = true;
	return CMD_OK;
}

static int parse_opts(struct fpd_cmd *c, int argc, char **argv,
		      struct dump_opts *o)
{
	const char *bridge = NULL;
	int i, ret;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-m") || !strcmp(argv[i], "--more")) {
			o->more = true;
		} else if (!strcmp(argv[i], "--layer") ||
			   !strncmp(argv[i], "--layer=", strlen("--layer="))) {
			ret = take_layer(c, argc, argv, &i, o);
			if (ret)
				return ret;
		} else if (argv[i][0] == '-') {
			return cmd_fail(c, CMD_USAGE, "'%s': unknown option (expected -m or --layer hw|tc|kmod)",
					argv[i]);
		} else if (bridge) {
			return cmd_fail(c, CMD_USAGE, "'%s': one bridge at most, and %s was given",
					argv[i], bridge);
		} else {
			bridge = argv[i];
		}
	}
	if (bridge && !(o->only = cmd_bridge(c, bridge)))
		return CMD_FAILED;
	return CMD_OK;
}

static void flow_json(struct fp_json *j, struct fpd_bridge *br,
		      const struct fpd_flow *f, const struct flow_text *t)
{
	fp_json_obj_open(j, NULL);
	fp_json_str(j, "bridge", br->name);
	fp_json_str(j, "ufid", t->ufid + strlen("ufid:"));
	fp_json_str(j, "match", t->match);
	fp_json_str(j, "layer", fpd_layer_name(f->layer));
	fp_json_str(j, "policy", fpd_policy_name(f->policy));
	fp_json_u64(j, "packets", f->packets);
	fp_json_u64(j, "bytes", f->bytes);
	cmd_layers_json(j, f);
	fp_json_u64(j, "used_ms", (uint64_t)(t->used_s * 1000));
	fp_json_u64(j, "age_ms", (uint64_t)(t->age_s * 1000));
	if (f->why)
		fp_json_str(j, "why", f->why);
	else
		fp_json_null(j, "why");
	cmd_tc_loc_json(j, br, f);
	fp_json_str(j, "actions", t->actions);
	fp_json_obj_close(j);
}

/* -m's words, between the layer and the totals. */
static void more_text(struct fpd_cmd *c, struct fpd_bridge *br,
		      const struct fpd_flow *f)
{
	char buf[512];

	fprintf(c->out, ", policy:%s", fpd_policy_name(f->policy));
	if (f->layer != FPD_LAYER_KMOD) {
		cmd_tc_loc_text(br, &f->tc, buf, sizeof(buf));
		fprintf(c->out, ", filter:(%s)", buf);
	}
	if (f->why)
		fprintf(c->out, ", why:\"%s\"", f->why);
	cmd_layers_text(f, buf, sizeof(buf));
	fprintf(c->out, ", %s", buf);
}

/* ovs-dpctl's order, the layer (and -m's words) after the match. */
static void flow_line(struct fpd_cmd *c, const struct dump_opts *o,
		      struct fpd_bridge *br, const struct fpd_flow *f,
		      const struct flow_text *t)
{
	fprintf(c->out, "%s: %s, %s, layer:%s", br->name, t->ufid, t->match,
		fpd_layer_name(f->layer));
	if (o->more)
		more_text(c, br, f);
	fprintf(c->out, ", packets:%llu, bytes:%llu, used:%.3fs, age:%.3fs, actions:%s\n",
		(unsigned long long)f->packets, (unsigned long long)f->bytes,
		t->used_s, t->age_s, t->actions);
}

static int dump_bridge(struct fpd_cmd *c, const struct dump_opts *o,
		       struct fp_json *j, struct fpd_bridge *br,
		       struct flow_text *t)
{
	int64_t now = dp_upcall_now_ms();
	struct fpd_flow *flows;
	bool oom;
	size_t i, n;

	flows = fpd_flow_table_snapshot(c->d->flows, br->dp_ifindex, &n, &oom);
	if (oom)
		return cmd_fail(c, CMD_FAILED, "out of memory");
	for (i = 0; i < n; i++) {
		if (o->one_layer && flows[i].layer != o->layer)
			continue;
		cmd_flow_text(br, &flows[i], now, t);
		if (c->json)
			flow_json(j, br, &flows[i], t);
		else
			flow_line(c, o, br, &flows[i], t);
	}
	fpd_flow_snapshot_free(flows, n);
	return CMD_OK;
}

int cmd_dump_flows(struct fpd_cmd *c, int argc, char **argv)
{
	struct flow_text *t = malloc(sizeof(*t));
	struct dump_opts o = { 0 };
	struct fp_json j;
	size_t i;
	int ret = CMD_OK;

	if (!t)
		ret = cmd_fail(c, CMD_FAILED, "out of memory");
	else
		ret = parse_opts(c, argc, argv, &o);
	fp_json_init(&j, c->out);
	if (!ret && c->json)
		fp_json_arr_open(&j, NULL);
	for (i = 0; !ret && i < c->d->n_bridges; i++)
		if (!o.only || c->d->bridges[i] == o.only)
			ret = dump_bridge(c, &o, &j, c->d->bridges[i], t);
	if (c->json && j.depth) {
		fp_json_arr_close(&j);
		fp_json_end(&j);
	}
	free(t);
	return ret;
}
