// SPDX-License-Identifier: GPL-2.0
/*
 * dump-flows, upcall-stats, dump-macs: what the datapath and the slow path
 * are doing, read from the daemon's own records (the revalidator refreshes
 * the megaflows' counters every FPD_REVAL_INTERVAL_MS).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "ctl_cmd.h"
#include "dp_upcall.h"
#include "flow_table.h"
#include "handler.h"
#include "json.h"
#include "odp_text.h"
#include "revalidator.h"

/* ---- dump-flows ---- */

static const char *port_name_cb(uint32_t no, void *arg)
{
	return fpd_bridge_port_name(arg, no);
}

/* The key and mask as ovs-dpctl prints them, ports by name. */
static void format_match(struct fpd_bridge *br, const struct fpd_flow *f,
			 char *buf, size_t size)
{
	const struct fp_odp_port_names names = { .name = port_name_cb, .arg = br };
	struct fp_odp_key key, mask;
	struct fp_flow m = f->mask;

	fp_odp_flow_to_attrs(&f->key, &m, &key, &mask);
	fp_odp_text_format_key(key.buf, key.len, mask.buf, mask.len, false,
			       &names, buf, size);
}

struct flow_text {
	char ufid[FP_UFID_TEXT_LEN];	/* "ufid:UUID" */
	char match[4096];
	char actions[4096];
	double used_s, age_s;
};

static void flow_text(struct fpd_bridge *br, const struct fpd_flow *f,
		      int64_t now, struct flow_text *t)
{
	const struct fp_odp_port_names names = { .name = port_name_cb, .arg = br };

	fp_ufid_format(&f->ufid, t->ufid);
	format_match(br, f, t->match, sizeof(t->match));
	fp_odp_text_format_actions(f->actions, f->actions_len, &names,
				   t->actions, sizeof(t->actions));
	t->used_s = (double)(now - f->used_ms) / 1000;
	t->age_s = (double)(now - f->created_ms) / 1000;
}

static void flow_json(struct fp_json *j, const char *bridge,
		      const struct fpd_flow *f, const struct flow_text *t)
{
	fp_json_obj_open(j, NULL);
	fp_json_str(j, "bridge", bridge);
	fp_json_str(j, "ufid", t->ufid + strlen("ufid:"));
	fp_json_str(j, "match", t->match);
	fp_json_u64(j, "packets", f->packets);
	fp_json_u64(j, "bytes", f->bytes);
	fp_json_u64(j, "used_ms", (uint64_t)(t->used_s * 1000));
	fp_json_u64(j, "age_ms", (uint64_t)(t->age_s * 1000));
	fp_json_str(j, "actions", t->actions);
	fp_json_obj_close(j);
}

static int dump_bridge(struct fpd_cmd *c, struct fp_json *j,
		       struct fpd_bridge *br, struct flow_text *t)
{
	int64_t now = dp_upcall_now_ms();
	struct fpd_flow *flows;
	bool oom;
	size_t i, n;

	flows = fpd_flow_table_snapshot(c->d->flows, br->dp_ifindex, &n, &oom);
	if (oom)
		return cmd_fail(c, CMD_FAILED, "out of memory");
	for (i = 0; i < n; i++) {
		flow_text(br, &flows[i], now, t);
		if (c->json)
			flow_json(j, br->name, &flows[i], t);
		else
			fprintf(c->out, "%s: %s, %s, packets:%llu, bytes:%llu, used:%.3fs, age:%.3fs, actions:%s\n",
				br->name, t->ufid, t->match,
				(unsigned long long)flows[i].packets,
				(unsigned long long)flows[i].bytes, t->used_s,
				t->age_s, t->actions);
	}
	fpd_flow_snapshot_free(flows, n);
	return CMD_OK;
}

int cmd_dump_flows(struct fpd_cmd *c, int argc, char **argv)
{
	struct fpd_bridge *only = NULL;
	struct flow_text *t = malloc(sizeof(*t));
	struct fp_json j;
	size_t i;
	int ret = CMD_OK;

	if (!t)
		ret = cmd_fail(c, CMD_FAILED, "out of memory");
	else if (argc > 1 && !(only = cmd_bridge(c, argv[1])))
		ret = CMD_FAILED;
	fp_json_init(&j, c->out);
	if (!ret && c->json)
		fp_json_arr_open(&j, NULL);
	for (i = 0; !ret && i < c->d->n_bridges; i++)
		if (!only || c->d->bridges[i] == only)
			ret = dump_bridge(c, &j, c->d->bridges[i], t);
	if (c->json && j.depth) {
		fp_json_arr_close(&j);
		fp_json_end(&j);
	}
	free(t);
	return ret;
}
