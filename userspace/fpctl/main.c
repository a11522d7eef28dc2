// SPDX-License-Identifier: GPL-2.0
/* fpctl: global options, the command table, and dispatch. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpctl.h"

/* Every command, in the order --help lists them. */
static const struct {
	const struct fpctl_cmd *cmds;
	const size_t *n;
} tables[] = {
	{ fpctl_dp_commands, &fpctl_n_dp_commands },
	{ fpctl_host_commands, &fpctl_n_host_commands },
};

#define N_TABLES (sizeof(tables) / sizeof(tables[0]))


void fpctl_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fpctl: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void print_command(FILE *f, const struct fpctl_cmd *c)
{
	char words[64];

	snprintf(words, sizeof(words), "%s%s%s", c->group ? c->group : "",
		 c->group ? " " : "", c->name);
	fprintf(f, "  %-13s %-32s %s\n", words, c->synopsis, c->help);
}

static void usage(FILE *f)
{
	size_t t, i;

	fprintf(f,
		"usage: fpctl [-j] [--family-prefix PREFIX] [--socket PATH] COMMAND [ARGS]\n"
		"\n"
		"Operate flowpath: its kernel datapath (flowpath.ko, or the in-tree\n"
		"openvswitch.ko, which speaks the same netlink API) directly (dp ...),\n"
		"the bridges of flowpathd through its control socket, and this host's\n"
		"switchdev ports.\n"
		"\n"
		"Commands:\n");
	for (t = 0; t < N_TABLES; t++)
		for (i = 0; i < *tables[t].n; i++)
			print_command(f, &tables[t].cmds[i]);
	fprintf(f,
		"\n"
		"Options:\n"
		"  -j, --json             print one JSON document instead of text\n"
		"  --family-prefix PREFIX talk to the generic-netlink families\n"
		"                         PREFIX_datapath, PREFIX_vport, ... (default\n"
		"                         \"ovs\"; flowpath.ko loaded with\n"
		"                         family_prefix=fp answers to \"fp\")\n"
		"  --socket PATH          flowpathd's control socket (default\n"
		"                         $FLOWPATH_SOCKET, else\n"
		"                         /run/flowpath/flowpathd.sock)\n"
		"  -h, --help             this text; 'fpctl COMMAND --help' for one\n"
		"\n"
		"Exit status: 0 done, 1 refused or failed, 2 bad command line.\n"
		"\n"
		"Examples:\n"
		"  fpctl dp add dp0 && fpctl dp add-if dp0 veth0\n"
		"  fpctl dp watch dp0 -n 3\n"
		"  fpctl add-br br0 && fpctl add-port br0 veth1\n"
		"  fpctl add-flow br0 actions=normal\n"
		"  fpctl -j eswitch\n");
}

/* c if the words name it; *used tells how many words the name took. */
static const struct fpctl_cmd *match_command(const struct fpctl_cmd *c,
					     int argc, char **argv, int *used)
{
	if (!c->group && !strcmp(argv[0], c->name)) {
		*used = 1;
		return c;
	}
	if (c->group && argc >= 2 && !strcmp(argv[0], c->group) &&
	    !strcmp(argv[1], c->name)) {
		*used = 2;
		return c;
	}
	return NULL;
}

static const struct fpctl_cmd *find_command(int argc, char **argv, int *used)
{
	const struct fpctl_cmd *c;
	size_t t, i;

	for (t = 0; t < N_TABLES; t++)
		for (i = 0; i < *tables[t].n; i++) {
			c = match_command(&tables[t].cmds[i], argc, argv, used);
			if (c)
				return c;
		}
	return NULL;
}

/* True when a command's own arguments ask for help. */
static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "family-prefix", required_argument, NULL, 'P' },
		{ "socket", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct fpctl_ctx ctx = { .family_prefix = "ovs" };
	const struct fpctl_cmd *cmd;
	int opt, used;

	/* '+': stop at the command name; its options are its own. */
	while ((opt = getopt_long(argc, argv, "+jh", opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			ctx.json = true;
			break;
		case 'P':
			ctx.family_prefix = optarg;
			break;
		case 'S':
			ctx.socket_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return FPCTL_OK;
		default:
			usage(stderr);
			return FPCTL_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return FPCTL_USAGE;
	}
	cmd = find_command(argc, argv, &used);
	if (!cmd) {
		fprintf(stderr, "fpctl: unknown command '%s'%s%s (fpctl --help lists them)\n",
			argv[0], argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
		return FPCTL_USAGE;
	}
	argc -= used - 1;
	argv += used - 1;
	if (wants_help(argc, argv)) {
		printf("usage: fpctl %s%s%s %s\n\n%s\n", cmd->group ? cmd->group : "",
		       cmd->group ? " " : "", cmd->name, cmd->synopsis, cmd->help);
		if (cmd->details)
			printf("%s", cmd->details);
		return FPCTL_OK;
	}
	/*
	 * Each command runs its own getopt. 0, not 1: glibc then forgets the
	 * '+' above, so a command's options may follow its arguments.
	 */
	optind = 0;
	return cmd->run(&ctx, argc, argv);
}
