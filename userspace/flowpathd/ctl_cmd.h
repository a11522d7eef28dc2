/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands flowpathd serves on its control socket, one file per kind:
 * ctl_cmd_bridge.c (bridges and ports), ctl_cmd_show.c, ctl_cmd_rule.c
 * (rules), ctl_cmd_flow.c (megaflows), ctl_cmd_explain.c (one megaflow's
 * placement), ctl_cmd_policy.c (placement policies), ctl_cmd_stats.c
 * (upcall counters, MAC tables), ctl_cmd_packet_in.c (packet-ins). Each runs with fpd.mutex held, writes
 * what the user asked for to c->out (JSON when c->json) and each
 * complaint as one line to c->err, and returns an exit status: 0 done,
 * 1 refused or failed, 2 the command line is wrong.
 */
#ifndef FPD_CTL_CMD_H
#define FPD_CTL_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "flowpathd.h"

enum { CMD_OK = 0, CMD_FAILED = 1, CMD_USAGE = 2 };

struct fpd_cmd {
	struct fpd *d;
	const char *name;	/* the command's name, for messages */
	bool json;
	FILE *out;
	FILE *err;
};

/* One line to c->err; returns status, so "return cmd_fail(c, 1, ...)". */
int cmd_fail(struct fpd_cmd *c, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The bridge named name, or NULL after saying so (status 1). */
struct fpd_bridge *cmd_bridge(struct fpd_cmd *c, const char *name);

/*
 * Saves the config after a change. A failure is reported (the change
 * itself stands: it is running) and turns the status into 1.
 */
int cmd_save(struct fpd_cmd *c);

/* argv[0] is the command name; argc counts it. */
int cmd_add_br(struct fpd_cmd *c, int argc, char **argv);
int cmd_del_br(struct fpd_cmd *c, int argc, char **argv);
int cmd_add_port(struct fpd_cmd *c, int argc, char **argv);
int cmd_del_port(struct fpd_cmd *c, int argc, char **argv);
int cmd_show(struct fpd_cmd *c, int argc, char **argv);

int cmd_add_flow(struct fpd_cmd *c, int argc, char **argv);
int cmd_del_flows(struct fpd_cmd *c, int argc, char **argv);
int cmd_dump_rules(struct fpd_cmd *c, int argc, char **argv);

int cmd_dump_flows(struct fpd_cmd *c, int argc, char **argv);
int cmd_explain(struct fpd_cmd *c, int argc, char **argv);
int cmd_set_policy(struct fpd_cmd *c, int argc, char **argv);
int cmd_get_policy(struct fpd_cmd *c, int argc, char **argv);
int cmd_upcall_stats(struct fpd_cmd *c, int argc, char **argv);
int cmd_dump_macs(struct fpd_cmd *c, int argc, char **argv);
int cmd_packet_ins(struct fpd_cmd *c, int argc, char **argv);

#endif
