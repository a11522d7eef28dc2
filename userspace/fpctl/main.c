// SPDX-License-Identifier: GPL-2.0
/* fpctl: global options, the command table, and dispatch. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpctl.h"

static const struct fpctl_cmd commands[] = {
	{ "dp", "add", "NAME",
	  "Create datapath NAME (its local port 0 is a netdev named NAME).",
	  fpctl_dp_add },
	{ "dp", "del", "NAME",
	  "Delete datapath NAME and every port attached to it.",
	  fpctl_dp_del },
	{ "dp", "show", "[-j] [NAME]",
	  "Show datapaths, their ports and counters.",
	  fpctl_dp_show },
	{ "dp", "add-if", "DP IFNAME [--internal]",
	  "Attach netdev IFNAME to DP (or create an internal port named IFNAME).",
	  fpctl_dp_add_if },
	{ "dp", "del-if", "DP IFNAME",
	  "Detach port IFNAME from DP.",
	  fpctl_dp_del_if },
	{ "dp", "watch", "DP [-n COUNT] [-t SECONDS]",
	  "Point DP's ports at fpctl and print each upcall's in_port and length (the ports are not pointed back on exit: their upcalls are then lost).",
	  fpctl_dp_watch },
	{ NULL, "eswitch", "[-j]",
	  "List switchdev ports: uplinks and VF representors, with VF numbers.",
	  fpctl_eswitch },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

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
	fprintf(f, "  %-12s %-28s %s\n", words, c->synopsis, c->help);
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: fpctl [-j] [--family-prefix PREFIX] COMMAND [ARGS]\n"
		"\n"
		"Operate flowpath: its kernel datapath (flowpath.ko, or the in-tree\n"
		"openvswitch.ko, which speaks the same netlink API) and this host's\n"
		"switchdev ports.\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		print_command(f, &commands[i]);
	fprintf(f,
		"\n"
		"Options:\n"
		"  -j, --json             print one JSON document instead of text\n"
		"  --family-prefix PREFIX talk to the generic-netlink families\n"
		"                         PREFIX_datapath, PREFIX_vport, ... (default\n"
		"                         \"ovs\"; flowpath.ko loaded with\n"
		"                         family_prefix=fp answers to \"fp\")\n"
		"  -h, --help             this text; 'fpctl COMMAND --help' for one\n"
		"\n"
		"Exit status: 0 done, 1 refused or failed, 2 bad command line.\n"
		"\n"
		"Examples:\n"
		"  fpctl dp add dp0 && fpctl dp add-if dp0 veth0\n"
		"  fpctl dp watch dp0 -n 3\n"
		"  fpctl -j eswitch\n");
}

static const struct fpctl_cmd *find_command(int argc, char **argv, int *used)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++) {
		const struct fpctl_cmd *c = &commands[i];

		if (!c->group && !strcmp(argv[0], c->name)) {
			*used = 1;
			return c;
		}
		if (c->group && argc >= 2 && !strcmp(argv[0], c->group) &&
		    !strcmp(argv[1], c->name)) {
			*used = 2;
			return c;
		}
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
		printf("usage: fpctl %s%s%s %s\n  %s\n", cmd->group ? cmd->group : "",
		       cmd->group ? " " : "", cmd->name, cmd->synopsis, cmd->help);
		return FPCTL_OK;
	}
	/*
	 * Each command runs its own getopt. 0, not 1: glibc then forgets the
	 * '+' above, so a command's options may follow its arguments.
	 */
	optind = 0;
	return cmd->run(&ctx, argc, argv);
}
