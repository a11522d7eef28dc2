// SPDX-License-Identifier: GPL-2.0
/* upcall-stats: the handlers' and the revalidator's counters; dump-macs. */
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "ctl_cmd.h"
#include "dp_upcall.h"
#include "flow_table.h"
#include "handler.h"
#include "json.h"
#include "revalidator.h"

struct counter {
	const char *name;	/* JSON key; text replaces '_' by ' ' */
	size_t offset;		/* in struct fpd_handler_counts */
};

#define C(f) { #f, offsetof(struct fpd_handler_counts, f) }
static const struct counter handler_counters[] = {
	C(upcalls), C(batches), C(flows_put), C(flows_to_tc), C(flows_existed),
	C(put_errors), C(no_flow_table), C(executed), C(exec_errors),
	C(dropped), C(overruns), C(packet_ins),
};
#undef C
#define N_COUNTERS (sizeof(handler_counters) / sizeof(handler_counters[0]))

static uint64_t get(const struct fpd_handler_counts *hc, size_t i)
{
	return *(const uint64_t *)((const char *)hc + handler_counters[i].offset);
}

static void add_to(struct fpd_handler_counts *sum,
		   const struct fpd_handler_counts *hc)
{
	size_t i;

	for (i = 0; i < N_COUNTERS; i++)
		*(uint64_t *)((char *)sum + handler_counters[i].offset) += get(hc, i);
}

static void counts_text(FILE *out, const char *title,
			const struct fpd_handler_counts *hc)
{
	size_t i, k;

	fprintf(out, "%s:", title);
	for (i = 0; i < N_COUNTERS; i++) {
		fprintf(out, "%s ", i ? "," : "");
		for (k = 0; handler_counters[i].name[k]; k++)
			fputc(handler_counters[i].name[k] == '_' ? ' ' :
			      handler_counters[i].name[k], out);
		fprintf(out, " %llu", (unsigned long long)get(hc, i));
	}
	fputc('\n', out);
}

static void counts_json(struct fp_json *j, const char *key,
			const struct fpd_handler_counts *hc)
{
	size_t i;

	fp_json_obj_open(j, key);
	for (i = 0; i < N_COUNTERS; i++)
		fp_json_u64(j, handler_counters[i].name, get(hc, i));
	fp_json_obj_close(j);
}

static void reval_text(struct fpd_cmd *c, const struct fpd_reval_counts *r)
{
	fprintf(c->out, "megaflows: %zu (limit %zu, idle timeout %u ms)%s\n",
		fpd_flow_table_count(c->d->flows), c->d->opts.flow_limit,
		c->d->opts.idle_timeout_ms,
		fpd_no_flow_table(c->d) ?
		", none installed: the datapath has no flow table" : "");
	fprintf(c->out, "revalidator: passes %llu, adopted %llu, idle deleted %llu, evicted %llu, stale deleted %llu, modified %llu, last pass %llu ms\n",
		(unsigned long long)r->passes, (unsigned long long)r->adopted,
		(unsigned long long)r->deleted_idle, (unsigned long long)r->evicted,
		(unsigned long long)r->deleted_stale,
		(unsigned long long)r->modified,
		(unsigned long long)r->last_pass_ms);
}

static void reval_json(struct fpd_cmd *c, struct fp_json *j,
		       const struct fpd_reval_counts *r)
{
	fp_json_u64(j, "megaflows", fpd_flow_table_count(c->d->flows));
	fp_json_u64(j, "flow_limit", c->d->opts.flow_limit);
	fp_json_u64(j, "idle_timeout_ms", c->d->opts.idle_timeout_ms);
	fp_json_bool(j, "no_flow_table", fpd_no_flow_table(c->d));
	fp_json_obj_open(j, "revalidator");
	fp_json_u64(j, "passes", r->passes);
	fp_json_u64(j, "adopted", r->adopted);
	fp_json_u64(j, "deleted_idle", r->deleted_idle);
	fp_json_u64(j, "evicted", r->evicted);
	fp_json_u64(j, "deleted_stale", r->deleted_stale);
	fp_json_u64(j, "modified", r->modified);
	fp_json_u64(j, "last_pass_ms", r->last_pass_ms);
	fp_json_obj_close(j);
}

int cmd_upcall_stats(struct fpd_cmd *c, int argc, char **argv)
{
	struct fpd_handler_counts hc, sum = { 0 };
	struct fpd_reval_counts rc;
	unsigned int i, n = fpd_handlers_n(c->d->handlers);
	char title[32];
	struct fp_json j;

	(void)argc;
	(void)argv;
	fp_json_init(&j, c->out);
	if (c->json) {
		fp_json_obj_open(&j, NULL);
		fp_json_arr_open(&j, "handlers");
	}
	for (i = 0; i < n; i++) {
		fpd_handlers_counts(c->d->handlers, i, &hc);
		add_to(&sum, &hc);
		snprintf(title, sizeof(title), "handler %u", i);
		if (c->json)
			counts_json(&j, NULL, &hc);
		else
			counts_text(c->out, title, &hc);
	}
	fpd_revalidator_counts(c->d->reval, &rc);
	if (c->json) {
		fp_json_arr_close(&j);
		counts_json(&j, "total", &sum);
		reval_json(c, &j, &rc);
		fp_json_obj_close(&j);
		fp_json_end(&j);
	} else {
		counts_text(c->out, "total", &sum);
		reval_text(c, &rc);
	}
	return CMD_OK;
}

int cmd_dump_macs(struct fpd_cmd *c, int argc, char **argv)
{
	struct fpd_bridge *br = cmd_bridge(c, argv[1]);
	struct fp_mac_info *e;
	struct fp_json j;
	const char *port;
	int i, n;

	(void)argc;
	if (!br)
		return CMD_FAILED;
	n = fp_mac_table_dump(br->macs, (uint64_t)dp_upcall_now_ms(), &e);
	if (n < 0)
		return cmd_fail(c, CMD_FAILED, "out of memory");
	fp_json_init(&j, c->out);
	if (c->json)
		fp_json_arr_open(&j, NULL);
	else
		fprintf(c->out, "%-15s %4s  %-17s %s\n", "port", "VLAN", "MAC", "age");
	for (i = 0; i < n; i++) {
		char mac[18];

		port = fpd_bridge_port_name(br, e[i].port);
		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
			 e[i].mac[0], e[i].mac[1], e[i].mac[2], e[i].mac[3],
			 e[i].mac[4], e[i].mac[5]);
		if (!c->json) {
			fprintf(c->out, "%-15s %4u  %s %llu\n", port ? port : "?",
				e[i].vlan, mac, (unsigned long long)e[i].age_ms / 1000);
			continue;
		}
		fp_json_obj_open(&j, NULL);
		fp_json_str(&j, "port", port ? port : "");
		fp_json_u64(&j, "port_no", e[i].port);
		fp_json_u64(&j, "vlan", e[i].vlan);
		fp_json_str(&j, "mac", mac);
		fp_json_u64(&j, "age_ms", e[i].age_ms);
		fp_json_obj_close(&j);
	}
	if (c->json) {
		fp_json_arr_close(&j);
		fp_json_end(&j);
	}
	free(e);
	return CMD_OK;
}
