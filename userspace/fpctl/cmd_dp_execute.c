// SPDX-License-Identifier: GPL-2.0
/*
 * fpctl dp execute DP KEY ACTIONS PACKET [-n COUNT]: hand the datapath a
 * packet with the actions to apply to it (OVS_PACKET_CMD_EXECUTE), as a
 * slow path does with the packet of an upcall. KEY gives what the packet
 * itself cannot tell, in the flow text format: in_port(), skb_mark() ...;
 * PACKET is the frame in hex from its Ethernet header. With -n the same
 * packet is sent COUNT times, in batches.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_dp_flow.h"
#include "dp_packet.h"

#define SYNOPSIS "execute DP KEY ACTIONS PACKET [-n COUNT]"
#define MAX_FRAME 65535

struct exec_args {
	const char *dp, *key, *actions, *packet;
	unsigned long count;
};

static int parse_args(int argc, char **argv, struct exec_args *a)
{
	char *end;
	int opt;

	a->count = 1;
	dp_cmd_getopt_reset();
	while ((opt = getopt(argc, argv, "n:")) != -1) {
		errno = 0;
		if (opt != 'n' || (a->count = strtoul(optarg, &end, 10), *end) ||
		    errno || !a->count || a->count > 100000) {
			fprintf(stderr, "fpctl: dp execute: %s\n", opt == 'n' ?
				"-n wants a count from 1 to 100000" : "unknown option");
			return -1;
		}
	}
	if (argc - optind != 4) {
		fprintf(stderr, "fpctl: dp execute: %s\n", argc - optind < 4 ?
			"needs the datapath, a key, actions and a packet" :
			"too many arguments");
		return -1;
	}
	a->dp = argv[optind];
	a->key = argv[optind + 1];
	a->actions = argv[optind + 2];
	a->packet = argv[optind + 3];
	return 0;
}

/* Hex digits, with ':', '.', '-' or blanks anywhere between bytes. */
static int parse_hex(const char *s, uint8_t *out, size_t size, size_t *len)
{
	int hi = -1, v;

	for (*len = 0; *s; s++) {
		if (strchr(":.- \t", *s) && hi < 0)
			continue;
		if (!isxdigit((unsigned char)*s))
			return -EINVAL;
		v = isdigit((unsigned char)*s) ? *s - '0' : tolower(*s) - 'a' + 10;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (*len == size)
			return -EMSGSIZE;
		out[(*len)++] = hi << 4 | v;
		hi = -1;
	}
	return hi < 0 && *len >= 14 ? 0 : -EINVAL;
}

/* Sends the packet count times; each refusal is told once, with a count. */
static int run(struct flow_cmd *fc, struct dp_packet_op *op,
	       unsigned long count)
{
	struct dp_packet_op *ops = calloc(count, sizeof(*ops));
	unsigned long i, failed = 0, first = 0;
	int err;

	if (!ops) {
		fpctl_err(fc->cmd, "out of memory");
		return FPCTL_FAILED;
	}
	for (i = 0; i < count; i++)
		ops[i] = *op;
	err = dp_packet_execute(&fc->c, fc->dp.dp_ifindex, ops, count);
	for (i = 0; i < count; i++)
		if (ops[i].error && !failed++)
			first = i;
	if (failed && ops[first].errmsg[0])
		fpctl_err(fc->cmd, "kernel refused OVS_PACKET_CMD_EXECUTE: %s (%s)",
			  ops[first].errmsg, strerror(-ops[first].error));
	else if (failed)
		fpctl_err(fc->cmd, "kernel refused OVS_PACKET_CMD_EXECUTE: %s%s",
			  strerror(-ops[first].error), ops[first].error == -EINVAL ?
			  ": the kernel gives no reason; the actions must suit the packet (set(ipv4(...)) needs an IPv4 packet, ports must exist)" : "");
	if (failed && count > 1)
		fpctl_err(fc->cmd, "%lu of %lu packets refused", failed, count);
	else if (err && !failed)
		fpctl_err(fc->cmd, "%s", dp_client_error(&fc->c));
	free(ops);
	return failed || err ? FPCTL_FAILED : FPCTL_OK;
}

static int execute(const struct fpctl_ctx *ctx, struct flow_cmd *fc,
		   const struct exec_args *a)
{
	static uint8_t frame[MAX_FRAME];
	struct dp_packet_op op = { 0 };
	char err[FP_ODP_TEXT_ERR_LEN];
	struct fp_odp_actions acts;
	struct text_flow tf;
	size_t len;
	int ret;

	ret = flow_cmd_open(ctx, fc, a->dp);
	if (ret)
		return ret;
	if (text_flow_parse(fc, a->key, false, &tf, err, sizeof(err)) ||
	    fp_odp_text_parse_actions(a->actions, &fc->names, &acts, err, sizeof(err))) {
		fpctl_err(fc->cmd, "%s", err);
		return FPCTL_USAGE;
	}
	if (parse_hex(a->packet, frame, sizeof(frame), &len)) {
		fpctl_err(fc->cmd, "the packet is hex digits, two per byte, at least an Ethernet header (14 bytes)");
		return FPCTL_USAGE;
	}
	op.packet = frame;
	op.packet_len = len;
	op.key = tf.key.buf;
	op.key_len = tf.key.len;
	op.actions = acts.buf;
	op.actions_len = acts.len;
	return run(fc, &op, a->count);
}

int fpctl_dp_execute(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	struct flow_cmd fc = { .cmd = "dp execute" };
	struct exec_args a;
	int ret;

	if (parse_args(argc, argv, &a))
		return dp_cmd_usage(SYNOPSIS);
	ret = execute(ctx, &fc, &a);
	flow_cmd_close(&fc);
	return ret;
}
