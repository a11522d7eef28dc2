// SPDX-License-Identifier: GPL-2.0
/*
 * show: the global placement policy; bridges, their datapath, ports with
 * VLAN settings and the placement policy in force for each; counts.
 */
#include <stdio.h>
#include <string.h>

#include "bridge.h"
#include "ctl_cmd.h"
#include "ctl_cmd_policy.h"
#include "flow_table.h"
#include "json.h"

static void port_vlan_text(const struct fp_xport *x, char *buf, size_t size)
{
	struct fpd_port_conf pc = { .mode = FPD_VLAN_TRUNK_ALL };
	size_t i;

	if (x->mode == FP_VLAN_ACCESS) {
		pc.mode = FPD_VLAN_ACCESS;
		pc.access_vid = x->tag;
	}
	for (i = 0; x->mode == FP_VLAN_TRUNK && i < FP_VLAN_BITMAP_WORDS; i++)
		if (x->trunks[i])
			pc.mode = FPD_VLAN_TRUNKS;
	memcpy(pc.trunks, x->trunks, sizeof(pc.trunks));
	fpd_port_opt_format(&pc, buf, size);
}

static size_t flows_of(struct fpd *d, int dp_ifindex)
{
	bool oom;
	size_t n;
	struct fpd_flow *f = fpd_flow_table_snapshot(d->flows, dp_ifindex, &n,
						     &oom);

	fpd_flow_snapshot_free(f, n);
	return n;
}

static void show_text(struct fpd_cmd *c, struct fpd_bridge *br)
{
	char vlan[FPD_WHY_LEN], policy[256];
	struct cmd_port_policy pp;
	size_t i;

	fprintf(c->out, "bridge %s: datapath ifindex %d, upcalls %s\n", br->name,
		br->dp_ifindex, br->per_cpu ? "per CPU" : "per port");
	for (i = 0; i < br->n_ports; i++) {
		port_vlan_text(&br->ports[i], vlan, sizeof(vlan));
		cmd_port_policy(c->d, br, i, &pp);
		cmd_port_policy_text(&pp, policy, sizeof(policy));
		fprintf(c->out, "  port %u: %s%s%s%s, %s\n", br->ports[i].odp_port,
			br->ports[i].name, i == 0 ? " (local)" : "",
			*vlan ? " " : "", vlan, policy);
	}
	for (i = 0; i < br->n_detached; i++)
		fprintf(c->out, "  port -: %s (detached: %s)\n",
			br->detached[i].name, br->detached[i].why);
	fprintf(c->out, "  rules: %zu, megaflows: %zu, MACs: %zu\n",
		fp_cls_count(&br->cls), flows_of(c->d, br->dp_ifindex),
		fp_mac_table_count(br->macs));
}

static void port_json(struct fp_json *j, const struct fp_xport *x,
		      const struct cmd_port_policy *pp)
{
	size_t v;

	fp_json_obj_open(j, NULL);
	fp_json_str(j, "name", x->name);
	fp_json_u64(j, "port_no", x->odp_port);
	if (x->mode == FP_VLAN_ACCESS) {
		fp_json_str(j, "vlan_mode", "access");
		fp_json_u64(j, "tag", x->tag);
	} else {
		fp_json_str(j, "vlan_mode", "trunk");
		fp_json_arr_open(j, "trunks");	/* empty: every VLAN */
		for (v = 0; v < 4096; v++)
			if ((x->trunks[v / 64] >> (v % 64)) & 1)
				fp_json_u64(j, NULL, v);
		fp_json_arr_close(j);
	}
	cmd_port_policy_json(j, pp);
	fp_json_obj_close(j);
}

static void show_json(struct fpd_cmd *c, struct fp_json *j,
		      struct fpd_bridge *br)
{
	struct cmd_port_policy pp;
	size_t i;

	fp_json_obj_open(j, NULL);
	fp_json_str(j, "name", br->name);
	fp_json_i64(j, "dp_ifindex", br->dp_ifindex);
	fp_json_str(j, "upcalls", br->per_cpu ? "per-cpu" : "per-port");
	fp_json_arr_open(j, "ports");
	for (i = 0; i < br->n_ports; i++) {
		cmd_port_policy(c->d, br, i, &pp);
		port_json(j, &br->ports[i], &pp);
	}
	fp_json_arr_close(j);
	fp_json_arr_open(j, "detached");
	for (i = 0; i < br->n_detached; i++) {
		fp_json_obj_open(j, NULL);
		fp_json_str(j, "name", br->detached[i].name);
		fp_json_str(j, "why", br->detached[i].why);
		fp_json_obj_close(j);
	}
	fp_json_arr_close(j);
	fp_json_u64(j, "rules", fp_cls_count(&br->cls));
	fp_json_u64(j, "megaflows", flows_of(c->d, br->dp_ifindex));
	fp_json_u64(j, "macs", fp_mac_table_count(br->macs));
	fp_json_obj_close(j);
}

int cmd_show(struct fpd_cmd *c, int argc, char **argv)
{
	const char *global = fpd_policy_name(cmd_global_policy(c->d));
	struct fpd_bridge *only = NULL;
	struct fp_json j;
	size_t i;

	if (argc > 1 && !(only = cmd_bridge(c, argv[1])))
		return CMD_FAILED;
	if (c->json) {
		fp_json_init(&j, c->out);
		fp_json_obj_open(&j, NULL);
		fp_json_str(&j, "policy", global);
		fp_json_arr_open(&j, "bridges");
	} else {
		fprintf(c->out, "policy %s\n", global);
	}
	for (i = 0; i < c->d->n_bridges; i++) {
		struct fpd_bridge *br = c->d->bridges[i];

		if (only && br != only)
			continue;
		if (c->json)
			show_json(c, &j, br);
		else
			show_text(c, br);
	}
	if (c->json) {
		fp_json_arr_close(&j);
		fp_json_obj_close(&j);
		fp_json_end(&j);
	}
	return CMD_OK;
}
