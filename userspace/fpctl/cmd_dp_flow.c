// SPDX-License-Identifier: GPL-2.0
/*
 * fpctl dp add-flow|mod-flow|del-flow: one datapath flow, given in the
 * ovs-dpctl text format, straight over generic netlink. The shared
 * machinery (the datapath session, text flows, refusals) is here too.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_dp_flow.h"
#include "dp_vport.h"

/* ---- the session ---- */

static const char *port_name(uint32_t port_no, void *arg)
{
	const struct flow_cmd *fc = arg;
	size_t i;

	for (i = 0; i < fc->n_ports; i++)
		if (fc->ports[i].port_no == port_no)
			return fc->ports[i].name;
	return NULL;
}

static int port_number(const char *name, size_t len, uint32_t *port_no,
		       void *arg)
{
	const struct flow_cmd *fc = arg;
	size_t i;

	for (i = 0; i < fc->n_ports; i++) {
		if (strlen(fc->ports[i].name) == len &&
		    !strncmp(fc->ports[i].name, name, len)) {
			*port_no = fc->ports[i].port_no;
			return 0;
		}
	}
	return -ENOENT;
}

static int remember_port(const struct dp_vport_info *v, void *arg)
{
	struct flow_cmd *fc = arg;
	struct flow_port *p = realloc(fc->ports, (fc->n_ports + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	fc->ports = p;
	p[fc->n_ports].port_no = v->port_no;
	memcpy(p[fc->n_ports].name, v->name, sizeof(v->name));
	fc->n_ports++;
	return 0;
}

int flow_cmd_open(const struct fpctl_ctx *ctx, struct flow_cmd *fc,
		  const char *dp_name)
{
	static const enum dp_family fams[] = {
		DP_FAMILY_DATAPATH, DP_FAMILY_VPORT, DP_FAMILY_FLOW,
	};
	int ret;

	fc->names = (struct fp_odp_port_names){ port_name, port_number, fc };
	if (!dp_cmd_valid_ifname(fc->cmd, "datapath", dp_name))
		return FPCTL_USAGE;
	ret = dp_cmd_open(ctx, fc->cmd, &fc->c, fams, sizeof(fams) / sizeof(fams[0]));
	if (ret)
		return ret;
	fc->open = true;
	ret = dp_cmd_find(&fc->c, fc->cmd, dp_name, &fc->dp);
	if (ret)
		return ret;
	if (dp_vport_dump(&fc->c, fc->dp.dp_ifindex, remember_port, fc)) {
		fpctl_err(fc->cmd, "ports of %s: %s", dp_name, dp_client_error(&fc->c));
		return FPCTL_FAILED;
	}
	return FPCTL_OK;
}

void flow_cmd_close(struct flow_cmd *fc)
{
	if (fc->open)
		dp_client_fini(&fc->c);
	free(fc->ports);
	fc->ports = NULL;
	fc->open = false;
}

int text_flow_parse(struct flow_cmd *fc, const char *s, bool key_optional,
		    struct text_flow *tf, char *err, size_t err_size)
{
	size_t n = fp_ufid_parse(s, &tf->ufid);

	tf->has_ufid = n > 0;
	s += n;
	if (n && (*s == ',' || *s == ' '))
		s++;
	if (n && key_optional && !*s) {
		tf->key.len = tf->mask.len = 0;
		return 0;
	}
	if (!strncmp(s, "ufid:", 5)) {
		snprintf(err, err_size, "'%.45s' is not a ufid (ufid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
			 s);
		return -EINVAL;
	}
	if (!*s) {
		snprintf(err, err_size, "the flow is empty");
		return -EINVAL;
	}
	return fp_odp_text_parse_key(s, &fc->names, &tf->key, &tf->mask, err,
				     err_size);
}

/* ---- refusals ---- */

static const char *request_name(const struct dp_flow_op *op, bool modify_only)
{
	if (op->type == DP_FLOW_OP_DEL)
		return "OVS_FLOW_CMD_DEL";
	return modify_only ? "OVS_FLOW_CMD_SET" : "OVS_FLOW_CMD_NEW";
}

/* What the kernel's bare errno means for this request, or NULL. */
static const char *meaning(const struct dp_flow_op *op, char *why, size_t size)
{
	switch (op->error) {
	case -EINVAL:
		if (op->type == DP_FLOW_OP_PUT &&
		    fp_odp_flow_explain(op->key, op->key_len, op->mask,
					op->mask ? op->mask_len : 0, why, size))
			return why;
		return "the kernel gives no reason; check the actions and the key against the datapath's rules";
	case -EEXIST:
		return "a flow with that key (or ufid) is already installed, or overlaps it; mod-flow changes it";
	case -ENOENT:
		return op->ufid ? "no flow has that ufid" :
		       "no flow was installed with exactly that key (one installed with a ufid is best named by it)";
	}
	return NULL;
}

void flow_refusal(char *buf, size_t size, const struct dp_flow_op *op,
		  bool modify_only)
{
	const char *name = request_name(op, modify_only);
	char why[256];
	const char *m;

	if (op->errmsg[0]) {
		snprintf(buf, size, "kernel refused %s: %s (%s)", name, op->errmsg,
			 strerror(-op->error));
		return;
	}
	m = meaning(op, why, sizeof(why));
	snprintf(buf, size, "kernel refused %s: %s%s%s", name,
		 strerror(-op->error), m ? ": " : "", m ? m : "");
}

/* ---- add-flow, mod-flow ---- */

struct put_args {
	const char *dp;
	const char *flow;
	const char *actions;
	uint32_t flags;
	bool stats;			/* -s: print the replaced flow's counters */
};

static int put_usage(const char *name)
{
	if (!strcmp(name, "add-flow"))
		return dp_cmd_usage("add-flow DP FLOW ACTIONS");
	return dp_cmd_usage("mod-flow DP FLOW ACTIONS [--may-create] [--clear] [-s]");
}

static int parse_put_args(int argc, char **argv, struct put_args *a)
{
	static const struct option opts[] = {
		{ "may-create", no_argument, NULL, 'c' },
		{ "clear", no_argument, NULL, 'z' },
		{ "statistics", no_argument, NULL, 's' },
		{ 0 },
	};
	bool modify = !strcmp(argv[0], "mod-flow");
	int opt;

	a->flags = modify ? DP_FLOW_MODIFY : DP_FLOW_CREATE;
	dp_cmd_getopt_reset();
	while ((opt = getopt_long(argc, argv, modify ? "s" : "", opts, NULL)) != -1) {
		if (!modify || opt == '?') {
			fprintf(stderr, "fpctl: dp %s: unknown option '%s'\n", argv[0],
				argv[optind - 1]);
			return -1;
		}
		if (opt == 'c')
			a->flags |= DP_FLOW_CREATE;
		else if (opt == 'z')
			a->flags |= DP_FLOW_ZERO_STATS;
		else
			a->stats = true;
	}
	if (argc - optind != 3) {
		fprintf(stderr, "fpctl: dp %s: %s\n", argv[0], argc - optind < 3 ?
			"needs the datapath, the flow and its actions" : "too many arguments");
		return -1;
	}
	a->dp = argv[optind];
	a->flow = argv[optind + 1];
	a->actions = argv[optind + 2];
	return 0;
}

static void print_stats(const struct dp_flow_stats *s)
{
	printf("packets:%llu, bytes:%llu\n", (unsigned long long)s->n_packets,
	       (unsigned long long)s->n_bytes);
}

/* Runs one op and reports its refusal; FPCTL_OK or FPCTL_FAILED. */
static int run_one(struct flow_cmd *fc, struct dp_flow_op *op, bool modify_only)
{
	char msg[512];

	if (dp_flow_operate(&fc->c, fc->dp.dp_ifindex, op, 1) && !op->error) {
		fpctl_err(fc->cmd, "%s", dp_client_error(&fc->c));
		return FPCTL_FAILED;
	}
	if (!op->error)
		return FPCTL_OK;
	flow_refusal(msg, sizeof(msg), op, modify_only);
	fpctl_err(fc->cmd, "%s", msg);
	return FPCTL_FAILED;
}

static int put(const struct fpctl_ctx *ctx, struct flow_cmd *fc,
	       const struct put_args *a)
{
	struct text_flow tf;
	struct fp_odp_actions acts;
	struct dp_flow_op op = { .type = DP_FLOW_OP_PUT, .flags = a->flags,
				 .want_stats = a->stats };
	char err[FP_ODP_TEXT_ERR_LEN];
	int ret;

	ret = flow_cmd_open(ctx, fc, a->dp);
	if (ret)
		return ret;
	if (text_flow_parse(fc, a->flow, false, &tf, err, sizeof(err))) {
		fpctl_err(fc->cmd, "flow: %s", err);
		return FPCTL_USAGE;
	}
	if (fp_odp_text_parse_actions(a->actions, &fc->names, &acts, err, sizeof(err))) {
		fpctl_err(fc->cmd, "actions: %s", err);
		return FPCTL_USAGE;
	}
	op.key = tf.key.buf;
	op.key_len = tf.key.len;
	op.mask = tf.mask.buf;
	op.mask_len = tf.mask.len;
	op.actions = acts.buf;
	op.actions_len = acts.len;
	op.ufid = tf.has_ufid ? &tf.ufid : NULL;
	ret = run_one(fc, &op, !(a->flags & DP_FLOW_CREATE));
	if (!ret && a->stats)
		print_stats(&op.stats);
	return ret;
}

static int put_cmd(const struct fpctl_ctx *ctx, int argc, char **argv,
		   const char *cmd)
{
	struct flow_cmd fc = { .cmd = cmd };
	struct put_args a = { 0 };
	int ret;

	if (parse_put_args(argc, argv, &a))
		return put_usage(argv[0]);
	ret = put(ctx, &fc, &a);
	flow_cmd_close(&fc);
	return ret;
}

int fpctl_dp_add_flow(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	return put_cmd(ctx, argc, argv, "dp add-flow");
}

int fpctl_dp_mod_flow(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	return put_cmd(ctx, argc, argv, "dp mod-flow");
}

/* ---- del-flow ---- */

static int del(const struct fpctl_ctx *ctx, struct flow_cmd *fc,
	       const char *dp, const char *flow, bool stats)
{
	struct text_flow tf;
	struct dp_flow_op op = { .type = DP_FLOW_OP_DEL, .want_stats = stats };
	char err[FP_ODP_TEXT_ERR_LEN];
	int ret;

	ret = flow_cmd_open(ctx, fc, dp);
	if (ret)
		return ret;
	if (text_flow_parse(fc, flow, true, &tf, err, sizeof(err))) {
		fpctl_err(fc->cmd, "flow: %s", err);
		return FPCTL_USAGE;
	}
	op.ufid = tf.has_ufid ? &tf.ufid : NULL;
	op.key = tf.key.len ? tf.key.buf : NULL;
	op.key_len = tf.key.len;
	ret = run_one(fc, &op, false);
	if (!ret && stats)
		print_stats(&op.stats);
	return ret;
}

int fpctl_dp_del_flow(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	struct flow_cmd fc = { .cmd = "dp del-flow" };
	bool stats = false;
	int opt, ret;

	dp_cmd_getopt_reset();
	while ((opt = getopt(argc, argv, "s")) != -1) {
		if (opt != 's') {
			fprintf(stderr, "fpctl: dp del-flow: unknown option '-%c'\n", optopt);
			return dp_cmd_usage("del-flow DP FLOW|ufid:UUID [-s]");
		}
		stats = true;
	}
	if (argc - optind != 2) {
		fprintf(stderr, "fpctl: dp del-flow: %s\n", argc - optind < 2 ?
			"needs the datapath and the flow" : "too many arguments");
		return dp_cmd_usage("del-flow DP FLOW|ufid:UUID [-s]");
	}
	ret = del(ctx, &fc, argv[optind], argv[optind + 1], stats);
	flow_cmd_close(&fc);
	return ret;
}
