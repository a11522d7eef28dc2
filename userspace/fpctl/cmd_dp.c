// SPDX-License-Identifier: GPL-2.0
/*
 * fpctl dp add|del|show|add-if|del-if: the datapath and its ports, straight
 * over generic netlink, like ovs-dpctl. "dp watch" is in cmd_dp_watch.c.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_dp.h"
#include "dp_vport.h"
#include "json.h"

/* ---- shared helpers ---- */

int dp_cmd_usage(const char *synopsis)
{
	fprintf(stderr, "usage: fpctl dp %s\n", synopsis);
	return FPCTL_USAGE;
}

/* The kernel's rules for a netdev name (dev_valid_name()). */
static const char *ifname_problem(const char *name)
{
	const char *p;

	if (!*name)
		return "it is empty";
	if (strlen(name) >= IFNAMSIZ)
		return "it is longer than 15 characters";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "'.' and '..' are reserved";
	for (p = name; *p; p++)
		if (*p == '/' || *p == ':' || isspace((unsigned char)*p))
			return "it contains '/', ':' or white space";
	return NULL;
}

bool dp_cmd_valid_ifname(const char *cmd, const char *what, const char *name)
{
	const char *why = ifname_problem(name);

	if (why)
		fpctl_err(cmd, "'%s' cannot name a %s: %s", name, what, why);
	return !why;
}

int dp_cmd_open(const struct fpctl_ctx *ctx, const char *cmd,
		struct dp_client *c, const enum dp_family *fams, size_t n)
{
	uint16_t id;
	size_t i;

	if (dp_client_init(c, ctx->family_prefix))
		goto fail;
	for (i = 0; i < n; i++)
		if (dp_client_family(c, fams[i], &id))
			goto fail;
	return FPCTL_OK;
fail:
	fpctl_err(cmd, "%s", dp_client_error(c));
	dp_client_fini(c);
	return FPCTL_FAILED;
}

int dp_cmd_find(struct dp_client *c, const char *cmd, const char *name,
		struct dp_datapath_info *dp)
{
	int err = dp_datapath_get(c, name, dp);

	if (err == -ENODEV)
		fpctl_err(cmd, "no datapath named %s (%s)", name,
			  dp_client_error(c));
	else if (err)
		fpctl_err(cmd, "%s: %s", name, dp_client_error(c));
	return err ? FPCTL_FAILED : FPCTL_OK;
}

void dp_cmd_getopt_reset(void)
{
	/*
	 * main() rewound getopt (optind = 0) so our options may follow the
	 * words ("dp watch dp0 -n 1"); we word the complaints ourselves.
	 */
	opterr = 0;
}

int dp_cmd_words(int argc, char **argv, int min, int max, bool *json,
		 const char *synopsis)
{
	int opt, n;

	dp_cmd_getopt_reset();
	while ((opt = getopt(argc, argv, json ? "j" : "")) != -1) {
		if (opt == 'j') {
			*json = true;
			continue;
		}
		fprintf(stderr, "fpctl: dp %s: unknown option '-%c'\n", argv[0],
			optopt);
		dp_cmd_usage(synopsis);
		return -1;
	}
	n = argc - optind;
	if (n < min || n > max) {
		fprintf(stderr, "fpctl: dp %s: %s\n", argv[0],
			n < min ? "missing arguments" : "too many arguments");
		dp_cmd_usage(synopsis);
		return -1;
	}
	return optind;
}

/* ---- add, del ---- */

static const enum dp_family datapath_family[] = { DP_FAMILY_DATAPATH };
static const enum dp_family both_families[] = {
	DP_FAMILY_DATAPATH, DP_FAMILY_VPORT,
};

#define N_FAMILIES(a) (sizeof(a) / sizeof((a)[0]))

int fpctl_dp_add(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	const char *cmd = "dp add";
	struct dp_client c;
	int i, ret;

	i = dp_cmd_words(argc, argv, 1, 1, NULL, "add NAME");
	if (i < 0)
		return FPCTL_USAGE;
	if (!dp_cmd_valid_ifname(cmd, "datapath", argv[i]))
		return FPCTL_USAGE;
	ret = dp_cmd_open(ctx, cmd, &c, datapath_family,
			  N_FAMILIES(datapath_family));
	if (ret)
		return ret;
	/* Upcall pid 0: the local port's packets are dropped until someone
	 * points it at a socket (dp watch, or the daemon). */
	if (dp_datapath_new(&c, argv[i], 0)) {
		fpctl_err(cmd, "%s: %s", argv[i], dp_client_error(&c));
		ret = FPCTL_FAILED;
	}
	dp_client_fini(&c);
	return ret;
}

int fpctl_dp_del(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	const char *cmd = "dp del";
	struct dp_client c;
	int i, err, ret;

	i = dp_cmd_words(argc, argv, 1, 1, NULL, "del NAME");
	if (i < 0)
		return FPCTL_USAGE;
	if (!dp_cmd_valid_ifname(cmd, "datapath", argv[i]))
		return FPCTL_USAGE;
	ret = dp_cmd_open(ctx, cmd, &c, datapath_family,
			  N_FAMILIES(datapath_family));
	if (ret)
		return ret;
	err = dp_datapath_del(&c, argv[i]);
	if (err == -ENODEV) {
		fpctl_err(cmd, "no datapath named %s (%s)", argv[i],
			  dp_client_error(&c));
		ret = FPCTL_FAILED;
	} else if (err) {
		fpctl_err(cmd, "%s: %s", argv[i], dp_client_error(&c));
		ret = FPCTL_FAILED;
	}
	dp_client_fini(&c);
	return ret;
}

/* ---- add-if, del-if ---- */

static int parse_add_if(int argc, char **argv, uint32_t *type)
{
	static const struct option opts[] = {
		{ "internal", no_argument, NULL, 'i' },
		{ 0 },
	};
	int opt;

	*type = OVS_VPORT_TYPE_NETDEV;
	dp_cmd_getopt_reset();
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt != 'i') {
			fprintf(stderr, "fpctl: dp add-if: unknown option '%s'\n",
				argv[optind - 1]);
			return -1;
		}
		*type = OVS_VPORT_TYPE_INTERNAL;
	}
	if (argc - optind == 2)
		return optind;
	fprintf(stderr, "fpctl: dp add-if: %s\n", argc - optind < 2 ?
		"missing arguments" : "too many arguments");
	return -1;
}

int fpctl_dp_add_if(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	const char *cmd = "dp add-if";
	struct dp_datapath_info dp;
	struct dp_client c;
	uint32_t type;
	int i, ret;

	i = parse_add_if(argc, argv, &type);
	if (i < 0)
		return dp_cmd_usage("add-if DP IFNAME [--internal]");
	if (!dp_cmd_valid_ifname(cmd, "datapath", argv[i]) ||
	    !dp_cmd_valid_ifname(cmd, "port", argv[i + 1]))
		return FPCTL_USAGE;
	ret = dp_cmd_open(ctx, cmd, &c, both_families,
			  N_FAMILIES(both_families));
	if (ret)
		return ret;
	ret = dp_cmd_find(&c, cmd, argv[i], &dp);
	if (!ret && dp_vport_new(&c, dp.dp_ifindex, argv[i + 1], type, 0)) {
		fpctl_err(cmd, "%s to %s: %s", argv[i + 1], argv[i],
			  dp_client_error(&c));
		ret = FPCTL_FAILED;
	}
	dp_client_fini(&c);
	return ret;
}

int fpctl_dp_del_if(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	const char *cmd = "dp del-if";
	struct dp_datapath_info dp;
	struct dp_client c;
	int i, ret;

	i = dp_cmd_words(argc, argv, 2, 2, NULL, "del-if DP IFNAME");
	if (i < 0)
		return FPCTL_USAGE;
	if (!dp_cmd_valid_ifname(cmd, "datapath", argv[i]) ||
	    !dp_cmd_valid_ifname(cmd, "port", argv[i + 1]))
		return FPCTL_USAGE;
	ret = dp_cmd_open(ctx, cmd, &c, both_families,
			  N_FAMILIES(both_families));
	if (ret)
		return ret;
	ret = dp_cmd_find(&c, cmd, argv[i], &dp);
	/* The kernel finds the port by name, then checks it is in dp. */
	if (!ret && dp_vport_del(&c, dp.dp_ifindex, argv[i + 1])) {
		fpctl_err(cmd, "%s from %s: %s", argv[i + 1], argv[i],
			  dp_client_error(&c));
		ret = FPCTL_FAILED;
	}
	dp_client_fini(&c);
	return ret;
}

/* ---- show ---- */

/* What "show" learned about one datapath: its info and sorted ports. */
struct shown_dp {
	struct dp_datapath_info info;
	struct dp_vport_info *ports;
	size_t n_ports;
};

struct shown {
	struct shown_dp *dps;
	size_t n_dps;
};

static int collect_dp(const struct dp_datapath_info *info, void *arg)
{
	struct shown *s = arg;
	struct shown_dp *dps;

	dps = realloc(s->dps, (s->n_dps + 1) * sizeof(*dps));
	if (!dps)
		return -ENOMEM;
	s->dps = dps;
	dps[s->n_dps++] = (struct shown_dp){ .info = *info };
	return 0;
}

static int collect_port(const struct dp_vport_info *v, void *arg)
{
	struct shown_dp *d = arg;
	struct dp_vport_info *ports;

	ports = realloc(d->ports, (d->n_ports + 1) * sizeof(*ports));
	if (!ports)
		return -ENOMEM;
	d->ports = ports;
	ports[d->n_ports++] = *v;
	return 0;
}

static int by_port_no(const void *a, const void *b)
{
	const struct dp_vport_info *x = a, *y = b;

	return (x->port_no > y->port_no) - (x->port_no < y->port_no);
}

static int by_name(const void *a, const void *b)
{
	const struct shown_dp *x = a, *y = b;

	return strcmp(x->info.name, y->info.name);
}

static void free_shown(struct shown *s)
{
	size_t i;

	for (i = 0; i < s->n_dps; i++)
		free(s->dps[i].ports);
	free(s->dps);
}

/* The datapaths (one, or all of them, by name) and their ports. */
static int gather(struct dp_client *c, const char *cmd, const char *name,
		  struct shown *s)
{
	struct dp_datapath_info one;
	size_t i;

	if (name) {
		if (dp_cmd_find(c, cmd, name, &one))
			return FPCTL_FAILED;
		if (collect_dp(&one, s)) {
			fpctl_err(cmd, "out of memory");
			return FPCTL_FAILED;
		}
	} else if (dp_datapath_dump(c, collect_dp, s)) {
		fpctl_err(cmd, "%s", dp_client_error(c));
		return FPCTL_FAILED;
	}
	qsort(s->dps, s->n_dps, sizeof(*s->dps), by_name);
	for (i = 0; i < s->n_dps; i++) {
		struct shown_dp *d = &s->dps[i];

		if (dp_vport_dump(c, d->info.dp_ifindex, collect_port, d)) {
			fpctl_err(cmd, "ports of %s: %s", d->info.name,
				  dp_client_error(c));
			return FPCTL_FAILED;
		}
		qsort(d->ports, d->n_ports, sizeof(*d->ports), by_port_no);
	}
	return FPCTL_OK;
}

static const char *type_text(uint32_t type, char *buf, size_t size)
{
	const char *name = dp_vport_type_name(type);

	if (name)
		return name;
	snprintf(buf, size, "type %u", type);
	return buf;
}

static void print_dp_text(const struct shown_dp *d)
{
	const struct dp_datapath_info *i = &d->info;
	char buf[32];
	size_t p;

	printf("%s:\n", i->name);
	if (i->has_stats) {
		printf("  lookups: hit:%llu missed:%llu lost:%llu\n",
		       (unsigned long long)i->stats.n_hit,
		       (unsigned long long)i->stats.n_missed,
		       (unsigned long long)i->stats.n_lost);
		printf("  flows: %llu\n", (unsigned long long)i->stats.n_flows);
	}
	if (i->has_megaflow_stats)
		printf("  masks: hit:%llu total:%u\n",
		       (unsigned long long)i->megaflow_stats.n_mask_hit,
		       i->megaflow_stats.n_masks);
	for (p = 0; p < d->n_ports; p++)
		printf("  port %u: %s (%s)\n", d->ports[p].port_no,
		       d->ports[p].name,
		       type_text(d->ports[p].type, buf, sizeof(buf)));
}

static void json_port_stats(struct fp_json *j, const struct ovs_vport_stats *s)
{
	fp_json_obj_open(j, "stats");
	fp_json_u64(j, "rx_packets", s->rx_packets);
	fp_json_u64(j, "rx_bytes", s->rx_bytes);
	fp_json_u64(j, "rx_errors", s->rx_errors);
	fp_json_u64(j, "rx_dropped", s->rx_dropped);
	fp_json_u64(j, "tx_packets", s->tx_packets);
	fp_json_u64(j, "tx_bytes", s->tx_bytes);
	fp_json_u64(j, "tx_errors", s->tx_errors);
	fp_json_u64(j, "tx_dropped", s->tx_dropped);
	fp_json_obj_close(j);
}

static void json_port(struct fp_json *j, const struct dp_vport_info *v)
{
	char buf[32];

	fp_json_obj_open(j, NULL);
	fp_json_u64(j, "port_no", v->port_no);
	fp_json_str(j, "name", v->name);
	fp_json_str(j, "type", type_text(v->type, buf, sizeof(buf)));
	if (v->has_ifindex)
		fp_json_i64(j, "ifindex", v->ifindex);
	if (v->has_netnsid)
		fp_json_i64(j, "netnsid", v->netnsid);
	fp_json_u64(j, "upcall_pid", v->upcall_pid);
	if (v->has_stats)
		json_port_stats(j, &v->stats);
	fp_json_obj_close(j);
}

static void json_dp_counters(struct fp_json *j, const struct dp_datapath_info *i)
{
	if (i->has_stats) {
		fp_json_obj_open(j, "lookups");
		fp_json_u64(j, "hit", i->stats.n_hit);
		fp_json_u64(j, "missed", i->stats.n_missed);
		fp_json_u64(j, "lost", i->stats.n_lost);
		fp_json_obj_close(j);
		fp_json_u64(j, "flows", i->stats.n_flows);
	}
	if (i->has_megaflow_stats) {
		fp_json_obj_open(j, "masks");
		fp_json_u64(j, "hit", i->megaflow_stats.n_mask_hit);
		fp_json_u64(j, "total", i->megaflow_stats.n_masks);
		fp_json_obj_close(j);
	}
	if (i->has_user_features)
		fp_json_u64(j, "user_features", i->user_features);
}

static void json_dp(struct fp_json *j, const struct shown_dp *d)
{
	size_t p;

	fp_json_obj_open(j, NULL);
	fp_json_str(j, "name", d->info.name);
	fp_json_i64(j, "ifindex", d->info.dp_ifindex);
	json_dp_counters(j, &d->info);
	fp_json_arr_open(j, "ports");
	for (p = 0; p < d->n_ports; p++)
		json_port(j, &d->ports[p]);
	fp_json_arr_close(j);
	fp_json_obj_close(j);
}

static void print_shown(const struct fpctl_ctx *ctx, const struct shown *s)
{
	struct fp_json j;
	size_t i;

	if (!ctx->json) {
		for (i = 0; i < s->n_dps; i++)
			print_dp_text(&s->dps[i]);
		return;
	}
	fp_json_init(&j, stdout);
	fp_json_obj_open(&j, NULL);
	fp_json_arr_open(&j, "datapaths");
	for (i = 0; i < s->n_dps; i++)
		json_dp(&j, &s->dps[i]);
	fp_json_arr_close(&j);
	fp_json_obj_close(&j);
	fp_json_end(&j);
}

int fpctl_dp_show(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	const char *cmd = "dp show";
	struct fpctl_ctx local = *ctx;
	struct shown s = { NULL, 0 };
	const char *name;
	struct dp_client c;
	int i, ret;

	/* -j is taken here too, where people tend to type it. */
	i = dp_cmd_words(argc, argv, 0, 1, &local.json, "show [-j] [NAME]");
	if (i < 0)
		return FPCTL_USAGE;
	name = i < argc ? argv[i] : NULL;
	if (name && !dp_cmd_valid_ifname(cmd, "datapath", name))
		return FPCTL_USAGE;
	ret = dp_cmd_open(ctx, cmd, &c, both_families,
			  N_FAMILIES(both_families));
	if (ret)
		return ret;
	ret = gather(&c, cmd, name, &s);
	if (!ret)
		print_shown(&local, &s);
	free_shown(&s);
	dp_client_fini(&c);
	return ret;
}
