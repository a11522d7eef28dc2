/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fpctl: the flowpath command line. main.c parses the global options and
 * dispatches to one cmd_*.c file per command group; this header is the
 * contract between them.
 */
#ifndef FPCTL_H
#define FPCTL_H

#include <stdbool.h>
#include <stddef.h>

/* Exit statuses, the same for every command. */
enum {
	FPCTL_OK = 0,		/* done */
	FPCTL_FAILED = 1,	/* the request was refused or failed */
	FPCTL_USAGE = 2,	/* the command line itself is wrong */
};

struct fpctl_ctx {
	bool json;			/* -j: one JSON document on stdout */
	const char *family_prefix;	/* "ovs" unless --family-prefix */
	const char *socket_path;	/* --socket, or NULL (ctl_proto.h) */
};

/*
 * A command's run() gets the words after the command name (argv[0] is the
 * command name, as for getopt) and returns one of the FPCTL_* statuses. It
 * prints its own error messages, prefixed with "fpctl: ".
 */
struct fpctl_cmd {
	const char *group;	/* "dp", or NULL for a top-level command */
	const char *name;
	const char *synopsis;	/* arguments, for usage lines */
	const char *help;	/* one sentence, for the command list */
	const char *details;	/* what 'fpctl CMD --help' adds: options, output */
	int (*run)(const struct fpctl_ctx *ctx, int argc, char **argv);
};

/* The command tables: commands_dp.c and commands_host.c. */
extern const struct fpctl_cmd fpctl_dp_commands[];
extern const size_t fpctl_n_dp_commands;
extern const struct fpctl_cmd fpctl_host_commands[];
extern const size_t fpctl_n_host_commands;

/* cmd_dp.c: the datapath, directly over generic netlink (like ovs-dpctl). */
int fpctl_dp_add(const struct fpctl_ctx *ctx, int argc, char **argv);
int fpctl_dp_del(const struct fpctl_ctx *ctx, int argc, char **argv);
int fpctl_dp_show(const struct fpctl_ctx *ctx, int argc, char **argv);
int fpctl_dp_add_if(const struct fpctl_ctx *ctx, int argc, char **argv);
int fpctl_dp_del_if(const struct fpctl_ctx *ctx, int argc, char **argv);
int fpctl_dp_watch(const struct fpctl_ctx *ctx, int argc, char **argv);

/* cmd_dp_flow*.c, cmd_dp_flows.c: the datapath's flows (like ovs-dpctl). */
int fpctl_dp_add_flow(const struct fpctl_ctx *ctx, int argc, char **argv);
int fpctl_dp_add_flows(const struct fpctl_ctx *ctx, int argc, char **argv);
int fpctl_dp_mod_flow(const struct fpctl_ctx *ctx, int argc, char **argv);
int fpctl_dp_del_flow(const struct fpctl_ctx *ctx, int argc, char **argv);
int fpctl_dp_del_flows(const struct fpctl_ctx *ctx, int argc, char **argv);
int fpctl_dp_get_flow(const struct fpctl_ctx *ctx, int argc, char **argv);
int fpctl_dp_dump_flows(const struct fpctl_ctx *ctx, int argc, char **argv);
/* cmd_dp_execute.c: OVS_PACKET_CMD_EXECUTE of a packet given in hex. */
int fpctl_dp_execute(const struct fpctl_ctx *ctx, int argc, char **argv);

/* cmd_eswitch.c: switchdev ports (uplinks, VF representors) of this host. */
int fpctl_eswitch(const struct fpctl_ctx *ctx, int argc, char **argv);

/*
 * cmd_bridge.c: every command flowpathd carries out (add-br, add-port,
 * add-flow, dump-flows, ...), sent over its control socket as typed.
 */
int fpctl_bridge_cmd(const struct fpctl_ctx *ctx, int argc, char **argv);

/* Prints "fpctl: <cmd>: <fmt>" to stderr. */
void fpctl_err(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
