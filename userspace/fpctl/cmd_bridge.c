// SPDX-License-Identifier: GPL-2.0
/*
 * fpctl's bridge commands (add-br, add-flow, dump-flows, ...): they are
 * flowpathd's to carry out, so fpctl sends the words as typed over the
 * control socket and prints what comes back. Only what concerns fpctl
 * itself is handled here: -j anywhere among the words, the socket path,
 * and each complaint prefixed with "fpctl: COMMAND: ".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_proto.h"
#include "fpctl.h"

/* Prints each line of text as "fpctl: cmd: line". */
static void print_errors(const char *cmd, const char *text)
{
	const char *p = text, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		fprintf(stderr, "fpctl: %s: %.*s\n", cmd,
			(int)(nl ? nl - p : (long)strlen(p)), p);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* Drops -j/--json from argv, in place; true if there was one. */
static bool take_json(int *argc, char **argv)
{
	bool json = false;
	int i, k = 0;

	for (i = 0; i < *argc; i++) {
		if (i && (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")))
			json = true;
		else
			argv[k++] = argv[i];
	}
	*argc = k;
	return json;
}

int fpctl_bridge_cmd(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	char err[CTL_ERRMSG_LEN + 256];
	struct ctl_reply r;
	uint32_t flags = 0;
	int ret;

	if (take_json(&argc, argv) || ctx->json)
		flags |= CTL_F_JSON;
	ret = ctl_call(ctl_socket_path(ctx->socket_path), flags, argc, argv, &r,
		       err, sizeof(err));
	if (ret) {
		fpctl_err(argv[0], "%s", err);
		return FPCTL_FAILED;
	}
	fwrite(r.out, 1, r.out_len, stdout);
	print_errors(argv[0], r.err);
	ret = r.status;
	ctl_reply_free(&r);
	if (ret != FPCTL_OK && ret != FPCTL_FAILED && ret != FPCTL_USAGE)
		ret = FPCTL_FAILED;
	return ret;
}
