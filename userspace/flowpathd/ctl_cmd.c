// SPDX-License-Identifier: GPL-2.0
/* The control commands' table, their dispatch and shared helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bridge.h"
#include "ctl.h"
#include "ctl_cmd.h"
#include "revalidator.h"

struct command {
	const char *name;
	int min_words, max_words;	/* after the name; -1: no limit */
	const char *usage;
	int (*run)(struct fpd_cmd *c, int argc, char **argv);
};

static const struct command commands[] = {
	{ "add-br", 1, 1, "add-br BRIDGE", cmd_add_br },
	{ "del-br", 1, 1, "del-br BRIDGE", cmd_del_br },
	{ "add-port", 2, 4,
	  "add-port BRIDGE PORT [access=VID|trunks=LIST] [policy=POLICY]",
	  cmd_add_port },
	{ "del-port", 1, 2, "del-port [BRIDGE] PORT", cmd_del_port },
	{ "show", 0, 1, "show [BRIDGE]", cmd_show },
	{ "add-flow", 2, -1, "add-flow BRIDGE RULE", cmd_add_flow },
	{ "del-flows", 1, -1, "del-flows BRIDGE [MATCH] [--strict]",
	  cmd_del_flows },
	{ "dump-rules", 1, 1, "dump-rules BRIDGE", cmd_dump_rules },
	{ "dump-flows", 0, 4, "dump-flows [BRIDGE] [-m] [--layer hw|tc|kmod]",
	  cmd_dump_flows },
	{ "explain", 1, 1, "explain UFID", cmd_explain },
	{ "set-policy", 1, 2, "set-policy [PORT] hw|tc|tc-sw|kmod|default",
	  cmd_set_policy },
	{ "get-policy", 0, 1, "get-policy [BRIDGE]", cmd_get_policy },
	{ "upcall-stats", 0, 0, "upcall-stats", cmd_upcall_stats },
	{ "dump-macs", 1, 1, "dump-macs BRIDGE", cmd_dump_macs },
	{ "packet-ins", 0, 1, "packet-ins [BRIDGE]", cmd_packet_ins },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

int cmd_fail(struct fpd_cmd *c, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
	return status;
}

struct fpd_bridge *cmd_bridge(struct fpd_cmd *c, const char *name)
{
	struct fpd_bridge *br = fpd_bridge_by_name(c->d, name);

	if (!br)
		cmd_fail(c, CMD_FAILED, "no bridge named %s", name);
	return br;
}

int cmd_save(struct fpd_cmd *c)
{
	char why[FPD_WHY_LEN];

	if (!fpd_save_config(c->d, why, sizeof(why)))
		return CMD_OK;
	return cmd_fail(c, CMD_FAILED, "done, but the config was not saved: %s",
			why);
}

static const struct command *find(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int run_locked(struct fpd_cmd *c, const struct command *cmd, int argc,
		      char **argv)
{
	int ret;

	pthread_mutex_lock(&c->d->mutex);
	ret = cmd->run(c, argc, argv);
	pthread_mutex_unlock(&c->d->mutex);
	return ret;
}

int fpd_command_run(struct fpd *d, const struct ctl_request *req, FILE *out,
		    FILE *err)
{
	struct fpd_cmd c = {
		.d = d,
		.name = req->argv[0],
		.json = req->flags & CTL_F_JSON,
		.out = out,
		.err = err,
	};
	const struct command *cmd = find(req->argv[0]);
	int words = req->argc - 1;

	if (!cmd)
		return cmd_fail(&c, CMD_USAGE, "flowpathd has no command '%s' (is fpctl newer than flowpathd?)",
				req->argv[0]);
	if (words < cmd->min_words ||
	    (cmd->max_words >= 0 && words > cmd->max_words))
		return cmd_fail(&c, CMD_USAGE, "%s; usage: fpctl %s",
				words < cmd->min_words ? "missing arguments" :
				"too many arguments", cmd->usage);
	return run_locked(&c, cmd, req->argc, req->argv);
}
