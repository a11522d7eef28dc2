// SPDX-License-Identifier: GPL-2.0
/*
 * fpctl dp dump-flows|get-flow: flows printed the way ovs-dpctl prints
 * them, so the two can be compared line by line, or as JSON.
 *
 *   in_port(1),eth(),eth_type(0x0800), packets:3, bytes:294, used:0.532s, actions:2
 *
 * -m adds the ufid, every attribute with its mask, port names and "dp:ovs"
 * (the layer the flow is in: the kernel datapath), as ovs-dpctl -m does.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd_dp_flow.h"
#include "json.h"

#define TEXT_MAX 16384

/* ---- one flow ---- */

/* The flags as tcpdump writes them: "S." for SYN and ACK. */
static void tcp_flags_text(uint8_t flags, char *buf)
{
	static const struct {
		uint8_t bit;
		char c;
	} order[] = {
		{ 0x02, 'S' }, { 0x01, 'F' }, { 0x08, 'P' }, { 0x04, 'R' },
		{ 0x20, 'U' }, { 0x10, '.' }, { 0x40, 'E' }, { 0x80, 'C' },
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (flags & order[i].bit)
			buf[n++] = order[i].c;
	buf[n] = '\0';
}

/* "never", or the seconds since the flow was last hit. */
static void used_text(const struct dp_flow_stats *s, char *buf, size_t size)
{
	if (!s->used_ms)
		snprintf(buf, size, "never");
	else
		snprintf(buf, size, "%.3fs",
			 ((double)dp_flow_now_ms() - (double)s->used_ms) / 1000.0);
}

static const struct fp_odp_port_names *names_for(struct flow_cmd *fc,
						 bool verbose)
{
	/* ovs-dpctl shows port names with -m, numbers without. */
	return verbose ? &fc->names : NULL;
}

static void match_text(struct flow_cmd *fc, const struct dp_flow *f,
		       bool verbose, char *buf, size_t size)
{
	if (!f->key) {
		snprintf(buf, size, "<key omitted>");
		return;
	}
	fp_odp_text_format_key(f->key, f->key_len, f->mask, f->mask_len,
			       verbose, names_for(fc, verbose), buf, size);
}

static void actions_text(struct flow_cmd *fc, const struct dp_flow *f,
			 bool verbose, char *buf, size_t size)
{
	if (!f->has_actions)
		snprintf(buf, size, "<omitted>");
	else
		fp_odp_text_format_actions(f->actions, f->actions_len,
					   names_for(fc, verbose), buf, size);
}

void flow_print_line(struct flow_cmd *fc, const struct dp_flow *f,
		     bool verbose)
{
	static char match[TEXT_MAX], actions[TEXT_MAX];
	char ufid[FP_UFID_TEXT_LEN], used[32], flags[16];

	match_text(fc, f, verbose, match, sizeof(match));
	actions_text(fc, f, verbose, actions, sizeof(actions));
	used_text(&f->stats, used, sizeof(used));
	if (verbose && f->has_ufid) {
		fp_ufid_format(&f->ufid, ufid);
		printf("%s, ", ufid);
	}
	printf("%s, packets:%llu, bytes:%llu, used:%s", match,
	       (unsigned long long)f->stats.n_packets,
	       (unsigned long long)f->stats.n_bytes, used);
	if (f->stats.tcp_flags) {
		tcp_flags_text(f->stats.tcp_flags, flags);
		printf(", flags:%s", flags);
	}
	printf("%s, actions:%s\n", verbose ? ", dp:ovs" : "", actions);
}

void flow_print_json(struct flow_cmd *fc, struct fp_json *j,
		     const struct dp_flow *f, bool verbose)
{
	static char text[TEXT_MAX];
	char ufid[FP_UFID_TEXT_LEN], flags[16];

	fp_json_obj_open(j, NULL);
	if (f->has_ufid) {
		fp_ufid_format(&f->ufid, ufid);
		fp_json_str(j, "ufid", ufid + 5);
	} else {
		fp_json_null(j, "ufid");
	}
	match_text(fc, f, verbose, text, sizeof(text));
	fp_json_str(j, "match", text);
	fp_json_u64(j, "packets", f->stats.n_packets);
	fp_json_u64(j, "bytes", f->stats.n_bytes);
	if (f->stats.used_ms)
		fp_json_u64(j, "used_ms_ago", dp_flow_now_ms() - f->stats.used_ms);
	else
		fp_json_null(j, "used_ms_ago");
	tcp_flags_text(f->stats.tcp_flags, flags);
	fp_json_str(j, "tcp_flags", flags);
	actions_text(fc, f, verbose, text, sizeof(text));
	fp_json_str(j, "actions", text);
	fp_json_obj_close(j);
}

/* ---- dump-flows, get-flow ---- */

struct show {
	struct flow_cmd fc;
	bool json;
	bool verbose;
	const char *dp;
	const char *flow;		/* get-flow */
	struct fp_json j;
	size_t n;
};

static int show_one(const struct dp_flow *f, void *arg)
{
	struct show *s = arg;

	if (s->json)
		flow_print_json(&s->fc, &s->j, f, s->verbose);
	else
		flow_print_line(&s->fc, f, s->verbose);
	s->n++;
	return 0;
}

static int parse_show_args(int argc, char **argv, struct show *s, int words)
{
	static const struct option opts[] = {
		{ "more", no_argument, NULL, 'm' },
		{ 0 },
	};
	int opt;

	dp_cmd_getopt_reset();
	while ((opt = getopt_long(argc, argv, "mj", opts, NULL)) != -1) {
		if (opt == 'm') {
			s->verbose = true;
		} else if (opt == 'j') {
			s->json = true;
		} else {
			fprintf(stderr, "fpctl: dp %s: unknown option '%s'\n", argv[0],
				argv[optind - 1]);
			return -1;
		}
	}
	if (argc - optind != words) {
		fprintf(stderr, "fpctl: dp %s: %s\n", argv[0], argc - optind < words ?
			"missing arguments" : "too many arguments");
		return -1;
	}
	s->dp = argv[optind];
	s->flow = words > 1 ? argv[optind + 1] : NULL;
	return 0;
}

static void json_begin(struct show *s)
{
	fp_json_init(&s->j, stdout);
	fp_json_obj_open(&s->j, NULL);
	fp_json_str(&s->j, "datapath", s->dp);
	fp_json_arr_open(&s->j, "flows");
}

static void json_end(struct show *s)
{
	fp_json_arr_close(&s->j);
	fp_json_obj_close(&s->j);
	fp_json_end(&s->j);
}

static int dump(const struct fpctl_ctx *ctx, struct show *s)
{
	int ret = flow_cmd_open(ctx, &s->fc, s->dp);

	if (ret)
		return ret;
	if (s->json)
		json_begin(s);
	if (dp_flow_dump(&s->fc.c, s->fc.dp.dp_ifindex, 0, show_one, s)) {
		fpctl_err(s->fc.cmd, "%s: %s", s->dp, dp_client_error(&s->fc.c));
		ret = FPCTL_FAILED;
	}
	if (s->json)
		json_end(s);
	return ret;
}

int fpctl_dp_dump_flows(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	struct show s = { .fc.cmd = "dp dump-flows", .json = ctx->json };
	int ret;

	if (parse_show_args(argc, argv, &s, 1))
		return dp_cmd_usage("dump-flows DP [-m] [-j]");
	ret = dump(ctx, &s);
	flow_cmd_close(&s.fc);
	return ret;
}

static int get(const struct fpctl_ctx *ctx, struct show *s)
{
	char err[FP_ODP_TEXT_ERR_LEN];
	struct text_flow tf;
	int ret, e;

	ret = flow_cmd_open(ctx, &s->fc, s->dp);
	if (ret)
		return ret;
	if (text_flow_parse(&s->fc, s->flow, true, &tf, err, sizeof(err))) {
		fpctl_err(s->fc.cmd, "flow: %s", err);
		return FPCTL_USAGE;
	}
	if (s->json)
		json_begin(s);
	e = dp_flow_get(&s->fc.c, s->fc.dp.dp_ifindex, tf.key.buf, tf.key.len,
			tf.has_ufid ? &tf.ufid : NULL, 0, show_one, s);
	if (s->json)
		json_end(s);
	if (e == -ENOENT)
		fpctl_err(s->fc.cmd, "%s: no such flow (%s)", s->dp,
			  dp_client_error(&s->fc.c));
	else if (e)
		fpctl_err(s->fc.cmd, "%s: %s", s->dp, dp_client_error(&s->fc.c));
	return e ? FPCTL_FAILED : FPCTL_OK;
}

int fpctl_dp_get_flow(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	struct show s = { .fc.cmd = "dp get-flow", .json = ctx->json };
	int ret;

	if (parse_show_args(argc, argv, &s, 2))
		return dp_cmd_usage("get-flow DP FLOW|ufid:UUID [-m] [-j]");
	ret = get(ctx, &s);
	flow_cmd_close(&s.fc);
	return ret;
}
