// SPDX-License-Identifier: GPL-2.0
/*
 * fpctl dp watch DP: become DP's slow path for a while. Every port of DP is
 * pointed at a socket of our own (OVS_VPORT_CMD_SET with UPCALL_PID), and
 * each upcall that arrives there is printed, one line (or JSON object) per
 * packet. A datapath that dispatches upcalls per CPU instead (ovs-vswitchd
 * and even ovs-dpctl turn that on) has its per-CPU pids pointed at us.
 * Nothing is restored on exit: as when ovs-vswitchd dies, the kernel keeps
 * our stale port id and drops the upcalls (counted as lost) until someone
 * points them elsewhere. Ports added while we watch are not pointed at us.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_dp.h"
#include "dp_upcall.h"
#include "dp_vport.h"
#include "json.h"

#define SYNOPSIS "watch DP [-n COUNT] [-t SECONDS] [-j]"

/* Bursts of upcalls must not overrun us while we print. */
#define WATCH_RCVBUF (4 * 1024 * 1024)

struct watch_port {
	uint32_t port_no;
	char name[IFNAMSIZ];
};

struct watch {
	const char *dp_name;
	bool json;			/* one JSON object per line */
	unsigned long count;		/* stop after this many; 0: never */
	double seconds;			/* give up after this long; 0: never */
	struct dp_datapath_info dp;
	struct watch_port *ports;
	size_t n_ports;
	struct dp_client c;
	struct dp_upcall_sock sock;
};

/* ---- command line ---- */

static int parse_count(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return *s && *s != '-' && !*end && !errno && *out ? 0 : -1;
}

static int parse_seconds(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return *s && !*end && !errno && isfinite(*out) && *out > 0 ? 0 : -1;
}

static int bad_value(const char *opt, const char *val)
{
	fprintf(stderr, "fpctl: dp watch: %s wants a positive number, not '%s'\n",
		opt, val);
	return -1;
}

static int parse_option(int opt, struct watch *w)
{
	switch (opt) {
	case 'j':
		w->json = true;
		return 0;
	case 'n':
		return parse_count(optarg, &w->count) ? bad_value("-n", optarg) : 0;
	case 't':
		return parse_seconds(optarg, &w->seconds) ? bad_value("-t", optarg) : 0;
	case ':':
		fprintf(stderr, "fpctl: dp watch: -%c needs a value\n", optopt);
		return -1;
	default:
		fprintf(stderr, "fpctl: dp watch: unknown option '-%c'\n", optopt);
		return -1;
	}
}

static int parse_args(int argc, char **argv, struct watch *w)
{
	int opt;

	dp_cmd_getopt_reset();
	while ((opt = getopt(argc, argv, ":jn:t:")) != -1)
		if (parse_option(opt, w))
			return -1;
	if (argc - optind != 1) {
		fprintf(stderr, "fpctl: dp watch: %s\n", argc - optind < 1 ?
			"missing the datapath" : "too many arguments");
		return -1;
	}
	w->dp_name = argv[optind];
	return 0;
}

/* ---- pointing the upcalls at us ---- */

static int remember_port(const struct dp_vport_info *v, void *arg)
{
	struct watch *w = arg;
	struct watch_port *ports;

	ports = realloc(w->ports, (w->n_ports + 1) * sizeof(*ports));
	if (!ports)
		return -ENOMEM;
	w->ports = ports;
	ports[w->n_ports].port_no = v->port_no;
	memcpy(ports[w->n_ports].name, v->name, sizeof(v->name));
	w->n_ports++;
	return 0;
}

static bool per_cpu_dispatch(const struct watch *w)
{
	return w->dp.user_features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU;
}

/*
 * Such a datapath ignores its ports' pids and sends the upcalls of CPU n
 * to pid n (modulo their number): one entry per CPU, all ours.
 */
static int point_cpus(struct watch *w)
{
	long cpus = sysconf(_SC_NPROCESSORS_CONF);
	size_t i, n = cpus > 0 ? (size_t)cpus : 1;
	uint32_t *pids;
	int err;

	pids = calloc(n, sizeof(*pids));
	if (!pids) {
		fpctl_err("dp watch", "out of memory");
		return FPCTL_FAILED;
	}
	for (i = 0; i < n; i++)
		pids[i] = w->sock.portid;
	err = dp_datapath_set_per_cpu_pids(&w->c, w->dp_name,
					   w->dp.user_features, pids, n);
	free(pids);
	if (err)
		fpctl_err("dp watch", "%s: %s", w->dp_name, dp_client_error(&w->c));
	return err ? FPCTL_FAILED : FPCTL_OK;
}

static int point_ports(struct watch *w)
{
	size_t i;

	for (i = 0; i < w->n_ports; i++) {
		if (dp_vport_set_upcall_pid(&w->c, w->dp.dp_ifindex,
					    w->ports[i].port_no,
					    w->sock.portid)) {
			fpctl_err("dp watch", "port %u (%s): %s",
				  w->ports[i].port_no, w->ports[i].name,
				  dp_client_error(&w->c));
			return FPCTL_FAILED;
		}
	}
	return FPCTL_OK;
}

/* The port names, for printing, and the upcalls pointed at us. */
static int point_upcalls(struct watch *w)
{
	if (dp_vport_dump(&w->c, w->dp.dp_ifindex, remember_port, w)) {
		fpctl_err("dp watch", "ports of %s: %s", w->dp_name,
			  dp_client_error(&w->c));
		return FPCTL_FAILED;
	}
	return per_cpu_dispatch(w) ? point_cpus(w) : point_ports(w);
}

static int start(const struct fpctl_ctx *ctx, struct watch *w)
{
	static const enum dp_family fams[] = {
		DP_FAMILY_DATAPATH, DP_FAMILY_VPORT, DP_FAMILY_PACKET,
	};
	int ret;

	ret = dp_cmd_open(ctx, "dp watch", &w->c, fams,
			  sizeof(fams) / sizeof(fams[0]));
	if (ret)
		return ret;
	ret = dp_cmd_find(&w->c, "dp watch", w->dp_name, &w->dp);
	if (ret)
		return ret;
	if (dp_upcall_open(&w->sock, w->c.family_id[DP_FAMILY_PACKET],
			   WATCH_RCVBUF)) {
		fpctl_err("dp watch", "%s", w->sock.errmsg);
		return FPCTL_FAILED;
	}
	return point_upcalls(w);
}

/* ---- printing ---- */

static const char *port_name(const struct watch *w, uint32_t port_no)
{
	size_t i;

	for (i = 0; i < w->n_ports; i++)
		if (w->ports[i].port_no == port_no)
			return w->ports[i].name;
	return NULL;
}

static const char *upcall_type(const struct dp_upcall *up)
{
	switch (up->cmd) {
	case OVS_PACKET_CMD_MISS:
		return "miss";
	case OVS_PACKET_CMD_ACTION:
		return "action";
	default:
		return "unknown";
	}
}

static void print_text(const struct watch *w, const struct dp_upcall *up)
{
	const struct odp_key *k = &up->key;
	const char *port = port_name(w, k->in_port);
	unsigned int v;

	printf("upcall %s dp=%s in_port=%u (%s) len=%zu", upcall_type(up),
	       w->dp_name, k->in_port, port ? port : "?", up->orig_len);
	if (k->has_eth_type)
		printf(" eth_type=0x%04x", k->eth_type);
	else
		printf(" eth_type=none");
	for (v = 0; v < k->n_vlans; v++)
		printf(" vlan=%u", k->vlan_tci[v] & 0x0fff);
	putchar('\n');
	fflush(stdout);
}

static void print_json(const struct watch *w, const struct dp_upcall *up)
{
	const struct odp_key *k = &up->key;
	const char *port = port_name(w, k->in_port);
	struct fp_json j;
	unsigned int v;

	fp_json_init(&j, stdout);
	fp_json_obj_open(&j, NULL);
	fp_json_str(&j, "type", upcall_type(up));
	fp_json_str(&j, "dp", w->dp_name);
	fp_json_u64(&j, "in_port", k->in_port);
	if (port)
		fp_json_str(&j, "port", port);
	else
		fp_json_null(&j, "port");
	fp_json_u64(&j, "len", up->orig_len);
	if (k->has_eth_type)
		fp_json_u64(&j, "eth_type", k->eth_type);
	else
		fp_json_null(&j, "eth_type");
	if (k->n_vlans) {
		fp_json_arr_open(&j, "vlans");
		for (v = 0; v < k->n_vlans; v++)
			fp_json_u64(&j, NULL, k->vlan_tci[v] & 0x0fff);
		fp_json_arr_close(&j);
	}
	fp_json_obj_close(&j);
	fp_json_end(&j);
}

/* ---- receiving ---- */

static void report_losses(const struct watch *w)
{
	if (w->sock.n_overruns)
		fpctl_err("dp watch", "upcalls were lost %llu times: the socket's receive buffer overran (ENOBUFS)",
			  (unsigned long long)w->sock.n_overruns);
	if (w->sock.n_too_big)
		fpctl_err("dp watch", "%llu upcalls were too big to receive",
			  (unsigned long long)w->sock.n_too_big);
	if (w->sock.n_malformed)
		fpctl_err("dp watch", "%llu malformed upcalls were dropped",
			  (unsigned long long)w->sock.n_malformed);
}

/* Deadline expired: a failure only if we were waiting for a count. */
static int timed_out(const struct watch *w, unsigned long seen)
{
	if (!w->count)
		return FPCTL_OK;
	fpctl_err("dp watch", "%lu of %lu upcalls arrived in %g seconds",
		  seen, w->count, w->seconds);
	return FPCTL_FAILED;
}

static int receive(struct watch *w)
{
	int64_t deadline = -1;
	unsigned long seen = 0;
	struct dp_upcall up;
	int err;

	if (w->seconds)
		deadline = dp_upcall_now_ms() + (int64_t)(w->seconds * 1000);
	while (!w->count || seen < w->count) {
		err = dp_upcall_recv(&w->sock, deadline, &up);
		if (err == -ETIMEDOUT)
			return timed_out(w, seen);
		if (err == -EINTR)
			continue;
		if (err) {
			fpctl_err("dp watch", "%s", w->sock.errmsg);
			return FPCTL_FAILED;
		}
		if (up.dp_ifindex != w->dp.dp_ifindex)
			continue;
		if (w->json)
			print_json(w, &up);
		else
			print_text(w, &up);
		seen++;
	}
	return FPCTL_OK;
}

int fpctl_dp_watch(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	struct watch w = { .json = ctx->json };
	int ret;

	if (parse_args(argc, argv, &w))
		return dp_cmd_usage(SYNOPSIS);
	if (!dp_cmd_valid_ifname("dp watch", "datapath", w.dp_name))
		return FPCTL_USAGE;
	ret = start(ctx, &w);
	if (!ret) {
		fpctl_err("dp watch", "listening on %s (%zu ports%s)", w.dp_name,
			  w.n_ports, per_cpu_dispatch(&w) ? ", upcalls per CPU" : "");
		ret = receive(&w);
		report_losses(&w);
	}
	dp_upcall_close(&w.sock);
	dp_client_fini(&w.c);
	free(w.ports);
	return ret;
}
