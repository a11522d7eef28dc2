// SPDX-License-Identifier: GPL-2.0
/*
 * fpctl eswitch: the switchdev ports of this host, grouped by switch.
 *
 *   switch 8e0b9a2c41d0f357 (netdevsim/netdevsim10)
 *     eth0  uplink  port 1       p1      hw-tc-offload off
 *     eth2  vf-rep  pf 0 vf 0    pf0vf0  hw-tc-offload on
 *
 * Columns: netdev, role, the role's numbers, phys_port_name ("-" if none),
 * hw-tc-offload ("?" if it could not be read). -j prints the same as one
 * JSON document: {"switches": [{"switch_id", "devlink", "ports": [...]}]}.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eswitch.h"
#include "fpctl.h"
#include "json.h"

#define CMD "eswitch"

/* "port 1", "pf 0 vf 3", "controller 1 pf 0 sf 2"... or "-". */
static void role_numbers(const struct fp_port_role_info *r, char *buf,
			 size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	if (r->has_controller)
		n += snprintf(buf + n, size - n, "controller %u ",
			      r->controller);
	if (r->has_port && n < size)
		n += snprintf(buf + n, size - n, "port %u ", r->port);
	if (r->has_subport && n < size)
		n += snprintf(buf + n, size - n, "split %u ", r->subport);
	if (r->has_pf && n < size)
		n += snprintf(buf + n, size - n, "pf %u ", r->pf);
	if (r->has_vf && n < size)
		n += snprintf(buf + n, size - n, "vf %u ", r->vf);
	if (r->has_sf && n < size)
		n += snprintf(buf + n, size - n, "sf %u ", r->sf);
	if (n == 0)
		snprintf(buf, size, "-");
	else if (n <= size)
		buf[n - 1] = '\0';	/* the trailing blank */
}

static const char *tc_offload_text(int state)
{
	return state < 0 ? "?" : state ? "on" : "off";
}

static const char *port_name_text(const struct fp_eswitch_port *p)
{
	return p->phys_port_name[0] ? p->phys_port_name : "-";
}

/* The first port after START that is on another switch (or N). */
static size_t group_end(const struct fp_eswitch_port *ports, size_t n,
			size_t start)
{
	size_t i = start + 1;

	while (i < n && fp_eswitch_same_switch(&ports[start], &ports[i]))
		i++;
	return i;
}

/* True when a port before I in [START, I) has the same devlink instance. */
static bool devlink_seen(const struct fp_eswitch_port *ports, size_t start,
			 size_t i)
{
	size_t k;

	for (k = start; k < i; k++)
		if (ports[k].has_devlink &&
		    !strcmp(ports[k].devlink_dev, ports[i].devlink_dev))
			return true;
	return false;
}

/* --- text --- */

struct widths {
	int name, numbers, port_name;
};

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static void measure(const struct fp_eswitch_port *ports, size_t n,
		    struct widths *w)
{
	char numbers[96];
	size_t i;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < n; i++) {
		role_numbers(&ports[i].role, numbers, sizeof(numbers));
		w->name = max_int(w->name, (int)strlen(ports[i].name));
		w->numbers = max_int(w->numbers, (int)strlen(numbers));
		w->port_name = max_int(w->port_name,
				       (int)strlen(port_name_text(&ports[i])));
	}
}

static void print_switch_header(const struct fp_eswitch_port *ports,
				size_t start, size_t end)
{
	char id[FP_SWITCH_ID_STRLEN];
	bool any = false;
	size_t i;

	fp_switch_id_format(ports[start].switch_id, ports[start].switch_id_len,
			    id);
	printf("switch %s", id);
	for (i = start; i < end; i++) {
		if (!ports[i].has_devlink || devlink_seen(ports, start, i))
			continue;
		printf("%s%s", any ? ", " : " (", ports[i].devlink_dev);
		any = true;
	}
	printf("%s\n", any ? ")" : "");
}

static void print_text_port(const struct fp_eswitch_port *p,
			    const struct widths *w)
{
	char numbers[96];

	role_numbers(&p->role, numbers, sizeof(numbers));
	printf("  %-*s  %-6s  %-*s  %-*s  hw-tc-offload %s\n", w->name, p->name,
	       fp_port_role_name(p->role.role), w->numbers, numbers,
	       w->port_name, port_name_text(p),
	       tc_offload_text(p->hw_tc_offload));
}

static void print_text(const struct fp_eswitch_port *ports, size_t n)
{
	struct widths w;
	size_t start, end, i;

	if (n == 0) {
		printf("no switchdev ports\n");
		return;
	}
	measure(ports, n, &w);
	for (start = 0; start < n; start = end) {
		end = group_end(ports, n, start);
		print_switch_header(ports, start, end);
		for (i = start; i < end; i++)
			print_text_port(&ports[i], &w);
	}
}

/* --- JSON --- */

static void json_opt_u32(struct fp_json *j, const char *key, bool has,
			 uint32_t val)
{
	if (has)
		fp_json_u64(j, key, val);
	else
		fp_json_null(j, key);
}

static void json_devlink_port(struct fp_json *j, const struct fp_eswitch_port *p)
{
	char handle[sizeof(p->devlink_dev) + 16];

	if (!p->has_devlink) {
		fp_json_null(j, "devlink_port");
		return;
	}
	snprintf(handle, sizeof(handle), "%s/%u", p->devlink_dev,
		 p->devlink_index);
	fp_json_str(j, "devlink_port", handle);
}

static void json_port(struct fp_json *j, const struct fp_eswitch_port *p)
{
	const struct fp_port_role_info *r = &p->role;

	fp_json_obj_open(j, NULL);
	fp_json_str(j, "name", p->name);
	fp_json_i64(j, "ifindex", p->ifindex);
	fp_json_str(j, "role", fp_port_role_name(r->role));
	fp_json_str(j, "role_source", fp_role_source_name(r->source));
	if (p->phys_port_name[0])
		fp_json_str(j, "phys_port_name", p->phys_port_name);
	else
		fp_json_null(j, "phys_port_name");
	json_opt_u32(j, "port", r->has_port, r->port);
	json_opt_u32(j, "split", r->has_subport, r->subport);
	json_opt_u32(j, "controller", r->has_controller, r->controller);
	json_opt_u32(j, "pf", r->has_pf, r->pf);
	json_opt_u32(j, "vf", r->has_vf, r->vf);
	json_opt_u32(j, "sf", r->has_sf, r->sf);
	json_devlink_port(j, p);
	if (p->hw_tc_offload < 0)
		fp_json_null(j, "hw_tc_offload");
	else
		fp_json_bool(j, "hw_tc_offload", p->hw_tc_offload);
	fp_json_obj_close(j);
}

static void json_switch(struct fp_json *j, const struct fp_eswitch_port *ports,
			size_t start, size_t end)
{
	char id[FP_SWITCH_ID_STRLEN];
	size_t i;

	fp_switch_id_format(ports[start].switch_id, ports[start].switch_id_len,
			    id);
	fp_json_obj_open(j, NULL);
	fp_json_str(j, "switch_id", id);
	fp_json_arr_open(j, "devlink");
	for (i = start; i < end; i++)
		if (ports[i].has_devlink && !devlink_seen(ports, start, i))
			fp_json_str(j, NULL, ports[i].devlink_dev);
	fp_json_arr_close(j);
	fp_json_arr_open(j, "ports");
	for (i = start; i < end; i++)
		json_port(j, &ports[i]);
	fp_json_arr_close(j);
	fp_json_obj_close(j);
}

static void print_json(const struct fp_eswitch_port *ports, size_t n)
{
	struct fp_json j;
	size_t start, end;

	fp_json_init(&j, stdout);
	fp_json_obj_open(&j, NULL);
	fp_json_arr_open(&j, "switches");
	for (start = 0; start < n; start = end) {
		end = group_end(ports, n, start);
		json_switch(&j, ports, start, end);
	}
	fp_json_arr_close(&j);
	fp_json_obj_close(&j);
	fp_json_end(&j);
}

int fpctl_eswitch(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	struct fp_eswitch_port *ports;
	const char *step;
	bool json = ctx->json;
	size_t n;
	int opt, err;

	/* -j is also taken here, where people tend to type it. */
	opterr = 0;
	while ((opt = getopt(argc, argv, "j")) != -1) {
		if (opt != 'j') {
			fpctl_err(CMD, "unknown option '-%c' (the only one is -j)",
				  optopt);
			return FPCTL_USAGE;
		}
		json = true;
	}
	if (optind < argc) {
		fpctl_err(CMD, "unexpected argument '%s': eswitch takes none",
			  argv[optind]);
		return FPCTL_USAGE;
	}
	err = fp_eswitch_scan(&ports, &n, &step);
	if (err) {
		fpctl_err(CMD, "cannot list the switchdev ports: %s: %s", step,
			  strerror(-err));
		return FPCTL_FAILED;
	}
	if (json)
		print_json(ports, n);
	else
		print_text(ports, n);
	fp_eswitch_ports_free(ports);
	return FPCTL_OK;
}
