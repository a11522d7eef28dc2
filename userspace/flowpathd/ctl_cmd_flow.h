/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What dump-flows (ctl_cmd_flow.c) and explain (ctl_cmd_explain.c) both
 * print about a megaflow record: its match and actions as ovs-dpctl
 * writes them, where its tc filter is, and its counters per layer.
 */
#ifndef FPD_CTL_CMD_FLOW_H
#define FPD_CTL_CMD_FLOW_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "dp_flow.h"
#include "flow_table.h"
#include "json.h"

struct fpd_bridge;

struct flow_text {
	char ufid[FP_UFID_TEXT_LEN];	/* "ufid:UUID" */
	char match[4096];
	char actions[4096];
	double used_s, age_s;
};

/* Fills t from f, ports named after br's; now is dp_upcall_now_ms(). */
void cmd_flow_text(struct fpd_bridge *br, const struct fpd_flow *f,
		   int64_t now, struct flow_text *t);

/*
 * The name of the netdev with ifindex: the kernel's, else the bridge
 * port's that had it when attached, else "?".
 */
const char *cmd_tc_dev(struct fpd_bridge *br, int ifindex,
		       char buf[IF_NAMESIZE]);

/* "dev:p1,ifindex:7,chain:0,prio:3,protocol:0x0800,handle:0x1". */
void cmd_tc_loc_text(struct fpd_bridge *br, const struct fpd_tc_loc *loc,
		     char *buf, size_t size);

/* "tc":{dev, ifindex, chain, prio, protocol, handle}, null for kmod. */
void cmd_tc_loc_json(struct fp_json *j, struct fpd_bridge *br,
		     const struct fpd_flow *f);

/* "layers":{"kmod":{packets,bytes},"tc":..,"hw":..,"carried":..}. */
void cmd_layers_json(struct fp_json *j, const struct fpd_flow *f);

/* "kmod:(packets:N,bytes:N), tc:(...), hw:(...), carried:(...)". */
void cmd_layers_text(const struct fpd_flow *f, char *buf, size_t size);

#endif
