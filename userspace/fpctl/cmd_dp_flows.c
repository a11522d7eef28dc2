// SPDX-License-Identifier: GPL-2.0
/*
 * fpctl dp add-flows DP FILE, dp del-flows DP [FILE]: many flows at once,
 * one per line ("FLOW ACTIONS" to add, "FLOW" to delete; '#' comments),
 * sent in batches (dp_flow_operate: many requests per sendmsg, a result
 * for each). Without FILE, del-flows deletes every flow of DP.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_dp_flow.h"

/* Lines parsed, then sent, this many at a time: memory stays bounded. */
#define CHUNK 1024

struct line_flow {
	unsigned long line_no;
	struct text_flow tf;
	struct fp_odp_actions acts;
};

struct file_run {
	struct flow_cmd fc;
	const char *path;
	FILE *f;
	bool add;
	struct line_flow *lines;
	struct dp_flow_op *ops;
	size_t n;
	unsigned long line_no;
	unsigned long n_ok, n_failed;
	bool usage_error;
};

/*
 * "FLOW ACTIONS": the flow is the first word, the actions the rest. To
 * delete, the rest is ignored (as ovs-dpctl does), so one file serves both.
 */
static int parse_line(struct file_run *r, char *s, struct line_flow *lf)
{
	char err[FP_ODP_TEXT_ERR_LEN];
	char *actions = s + strcspn(s, " \t");

	if (*actions)
		*actions++ = '\0';
	if (!r->add) {
		actions = NULL;
	} else {
		actions += strspn(actions, " \t");
		if (!*actions) {
			fpctl_err(r->fc.cmd, "%s:%lu: a flow to add needs actions after it",
				  r->path, r->line_no);
			return -EINVAL;
		}
	}
	if (text_flow_parse(&r->fc, s, !r->add, &lf->tf, err, sizeof(err)) ||
	    (actions && fp_odp_text_parse_actions(actions, &r->fc.names,
						  &lf->acts, err, sizeof(err)))) {
		fpctl_err(r->fc.cmd, "%s:%lu: %s", r->path, r->line_no, err);
		return -EINVAL;
	}
	lf->line_no = r->line_no;
	return 0;
}

static void to_op(const struct file_run *r, struct line_flow *lf,
		  struct dp_flow_op *op)
{
	memset(op, 0, sizeof(*op));
	op->type = r->add ? DP_FLOW_OP_PUT : DP_FLOW_OP_DEL;
	op->flags = DP_FLOW_CREATE;
	op->ufid = lf->tf.has_ufid ? &lf->tf.ufid : NULL;
	op->key = lf->tf.key.len ? lf->tf.key.buf : NULL;
	op->key_len = lf->tf.key.len;
	if (r->add) {
		op->mask = lf->tf.mask.buf;
		op->mask_len = lf->tf.mask.len;
		op->actions = lf->acts.buf;
		op->actions_len = lf->acts.len;
	}
}

/* Sends the chunk; every refusal is reported with its line. */
static int flush_chunk(struct file_run *r)
{
	char msg[512];
	size_t i;

	for (i = 0; i < r->n; i++)
		to_op(r, &r->lines[i], &r->ops[i]);
	if (dp_flow_operate(&r->fc.c, r->fc.dp.dp_ifindex, r->ops, r->n))
		fpctl_err(r->fc.cmd, "%s", dp_client_error(&r->fc.c));
	for (i = 0; i < r->n; i++) {
		if (!r->ops[i].error) {
			r->n_ok++;
			continue;
		}
		r->n_failed++;
		flow_refusal(msg, sizeof(msg), &r->ops[i], false);
		fpctl_err(r->fc.cmd, "%s:%lu: %s", r->path, r->lines[i].line_no, msg);
	}
	r->n = 0;
	return 0;
}

static void chomp_line(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = '\0';
}

static int read_all(struct file_run *r)
{
	char *line = NULL, *s;
	size_t cap = 0;

	while (getline(&line, &cap, r->f) >= 0) {
		r->line_no++;
		chomp_line(line);
		s = line + strspn(line, " \t");
		if (!*s || *s == '#')
			continue;
		if (parse_line(r, s, &r->lines[r->n])) {
			r->usage_error = true;
			continue;
		}
		if (++r->n == CHUNK)
			flush_chunk(r);
	}
	free(line);
	if (r->n)
		flush_chunk(r);
	return 0;
}

static int run_file(const struct fpctl_ctx *ctx, struct file_run *r,
		    const char *dp)
{
	int ret = flow_cmd_open(ctx, &r->fc, dp);

	if (ret)
		return ret;
	r->f = strcmp(r->path, "-") ? fopen(r->path, "r") : stdin;
	if (!r->f) {
		fpctl_err(r->fc.cmd, "cannot read %s: %s", r->path, strerror(errno));
		return FPCTL_FAILED;
	}
	r->lines = calloc(CHUNK, sizeof(*r->lines));
	r->ops = calloc(CHUNK, sizeof(*r->ops));
	if (!r->lines || !r->ops) {
		fpctl_err(r->fc.cmd, "out of memory");
		return FPCTL_FAILED;
	}
	read_all(r);
	if (r->n_failed || r->usage_error)
		fpctl_err(r->fc.cmd, "%s: %lu flows %s, %lu refused%s", r->path,
			  r->n_ok, r->add ? "added" : "deleted", r->n_failed,
			  r->usage_error ? ", some lines not understood" : "");
	return r->n_failed || r->usage_error ? FPCTL_FAILED : FPCTL_OK;
}

static void run_close(struct file_run *r)
{
	if (r->f && r->f != stdin)
		fclose(r->f);
	free(r->lines);
	free(r->ops);
	flow_cmd_close(&r->fc);
}

int fpctl_dp_add_flows(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	struct file_run r = { .fc.cmd = "dp add-flows", .add = true };
	int i, ret;

	i = dp_cmd_words(argc, argv, 2, 2, NULL, "add-flows DP FILE");
	if (i < 0)
		return FPCTL_USAGE;
	r.path = argv[i + 1];
	ret = run_file(ctx, &r, argv[i]);
	run_close(&r);
	return ret;
}

static int flush(const struct fpctl_ctx *ctx, struct flow_cmd *fc,
		 const char *dp)
{
	int ret = flow_cmd_open(ctx, fc, dp);

	if (ret)
		return ret;
	if (dp_flow_flush(&fc->c, fc->dp.dp_ifindex)) {
		fpctl_err(fc->cmd, "%s: %s", dp, dp_client_error(&fc->c));
		return FPCTL_FAILED;
	}
	return FPCTL_OK;
}

int fpctl_dp_del_flows(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	struct file_run r = { .fc.cmd = "dp del-flows" };
	int i, ret;

	i = dp_cmd_words(argc, argv, 1, 2, NULL, "del-flows DP [FILE]");
	if (i < 0)
		return FPCTL_USAGE;
	if (i + 1 == argc) {
		ret = flush(ctx, &r.fc, argv[i]);
	} else {
		r.path = argv[i + 1];
		ret = run_file(ctx, &r, argv[i]);
	}
	run_close(&r);
	return ret;
}
