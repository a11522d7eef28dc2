// SPDX-License-Identifier: GPL-2.0
/*
 * fpctl dp watch DP: become DP's slow path for a while. The datapath's
 * upcalls are pointed at handler sockets of our own (dp_upcall_handlers:
 * per CPU if the datapath dispatches that way, else every port's
 * UPCALL_PID), and each upcall that arrives is printed, one line (or JSON
 * object) per packet, with the handler that got it when there are several.
 * Nothing is restored on exit: as when ovs-vswitchd dies, the kernel keeps
 * our stale port ids and drops the upcalls (counted as lost) until someone
 * points them elsewhere. Ports added while we watch are not pointed at us.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "cmd_dp.h"
#include "dp_upcall.h"
#include "dp_vport.h"
#include "json.h"

#define SYNOPSIS "watch DP [-n COUNT] [-t SECONDS] [-H HANDLERS] [--dispatch MODE] [-j]"

/* Bursts of upcalls must not overrun us while we print. */
#define WATCH_RCVBUF (4 * 1024 * 1024)
#define WATCH_MAX_HANDLERS 64
#define WATCH_BATCH 32

struct watch_port {
	uint32_t port_no;
	char name[IFNAMSIZ];
};

struct watch {
	const char *dp_name;
	bool json;			/* one JSON object per line */
	unsigned long count;		/* stop after this many; 0: never */
	double seconds;			/* give up after this long; 0: never */
	unsigned long n_handlers;
	bool dispatch_given;		/* --dispatch: else keep the dp's */
	enum dp_upcall_dispatch dispatch;
	struct dp_datapath_info dp;
	struct watch_port *ports;
	size_t n_ports;
	struct dp_client c;
	struct dp_upcall_handlers h;
	struct dp_upcall_dp att;	/* the datapath as we pointed it */
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

static int parse_dispatch(const char *s, struct watch *w)
{
	w->dispatch_given = true;
	if (!strcmp(s, "per-cpu"))
		w->dispatch = DP_UPCALL_PER_CPU;
	else if (!strcmp(s, "per-vport"))
		w->dispatch = DP_UPCALL_PER_VPORT;
	else if (!strcmp(s, "auto"))
		w->dispatch = DP_UPCALL_AUTO;
	else {
		fprintf(stderr, "fpctl: dp watch: --dispatch is per-cpu, per-vport or auto, not '%s'\n",
			s);
		return -1;
	}
	return 0;
}

static int parse_handlers(const char *s, struct watch *w)
{
	if (parse_count(s, &w->n_handlers))
		return bad_value("-H", s);
	if (w->n_handlers > WATCH_MAX_HANDLERS) {
		fprintf(stderr, "fpctl: dp watch: -H %lu: at most %d handlers\n",
			w->n_handlers, WATCH_MAX_HANDLERS);
		return -1;
	}
	return 0;
}

static int parse_option(int opt, char **argv, struct watch *w)
{
	switch (opt) {
	case 'j':
		w->json = true;
		return 0;
	case 'n':
		return parse_count(optarg, &w->count) ? bad_value("-n", optarg) : 0;
	case 't':
		return parse_seconds(optarg, &w->seconds) ? bad_value("-t", optarg) : 0;
	case 'H':
		return parse_handlers(optarg, w);
	case 'D':
		return parse_dispatch(optarg, w);
	case ':':
		fprintf(stderr, "fpctl: dp watch: -%c needs a value\n", optopt);
		return -1;
	default:
		if (optopt)
			fprintf(stderr, "fpctl: dp watch: unknown option '-%c'\n",
				optopt);
		else
			fprintf(stderr, "fpctl: dp watch: unknown option '%s'\n",
				argv[optind - 1]);
		return -1;
	}
}

static int parse_args(int argc, char **argv, struct watch *w)
{
	static const struct option opts[] = {
		{ "handlers", required_argument, NULL, 'H' },
		{ "dispatch", required_argument, NULL, 'D' },
		{ 0 },
	};
	int opt;

	dp_cmd_getopt_reset();
	while ((opt = getopt_long(argc, argv, ":jn:t:H:", opts, NULL)) != -1)
		if (parse_option(opt, argv, w))
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

/*
 * Without --dispatch, the datapath keeps its way: a datapath already
 * dispatching per CPU (ovs-vswitchd and even ovs-dpctl turn that on) gets
 * our pids per CPU, any other keeps per-vport pids.
 */
static enum dp_upcall_dispatch wanted_dispatch(const struct watch *w)
{
	if (w->dispatch_given)
		return w->dispatch;
	return w->dp.user_features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU ?
	       DP_UPCALL_PER_CPU : DP_UPCALL_PER_VPORT;
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
	if (dp_vport_dump(&w->c, w->dp.dp_ifindex, remember_port, w)) {
		fpctl_err("dp watch", "ports of %s: %s", w->dp_name,
			  dp_client_error(&w->c));
		return FPCTL_FAILED;
	}
	if (dp_upcall_handlers_open(&w->h, &w->c, w->n_handlers, WATCH_RCVBUF) ||
	    dp_upcall_handlers_attach(&w->h, &w->c, w->dp_name,
				      wanted_dispatch(w), &w->att)) {
		fpctl_err("dp watch", "%s: %s", w->dp_name, w->h.errmsg);
		return FPCTL_FAILED;
	}
	return FPCTL_OK;
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

static bool has_eth_type(const struct fp_flow *k)
{
	return k->dl_type != htons(FP_ETH_TYPE_NONE);
}

static int n_vlans(const struct fp_flow *k)
{
	int v = 0;

	while (v < FP_FLOW_MAX_VLANS && fp_flow_has_vlan(k, v))
		v++;
	return v;
}

static unsigned int vid(const struct fp_flow *k, int v)
{
	return ntohs(k->vlans[v].tci) & FP_VLAN_VID_MASK;
}

static void print_text(const struct watch *w, const struct dp_upcall *up,
		       size_t handler)
{
	const struct fp_flow *k = &up->key;
	const char *port = port_name(w, k->in_port);
	int v;

	printf("upcall %s dp=%s in_port=%u (%s) len=%zu", upcall_type(up),
	       w->dp_name, k->in_port, port ? port : "?", up->orig_len);
	if (has_eth_type(k))
		printf(" eth_type=0x%04x", ntohs(k->dl_type));
	else
		printf(" eth_type=none");
	for (v = 0; v < n_vlans(k); v++)
		printf(" vlan=%u", vid(k, v));
	if (w->h.n > 1)
		printf(" handler=%zu", handler);
	putchar('\n');
	fflush(stdout);
}

static void print_json(const struct watch *w, const struct dp_upcall *up,
		       size_t handler)
{
	const struct fp_flow *k = &up->key;
	const char *port = port_name(w, k->in_port);
	struct fp_json j;
	int v;

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
	if (has_eth_type(k))
		fp_json_u64(&j, "eth_type", ntohs(k->dl_type));
	else
		fp_json_null(&j, "eth_type");
	if (n_vlans(k)) {
		fp_json_arr_open(&j, "vlans");
		for (v = 0; v < n_vlans(k); v++)
			fp_json_u64(&j, NULL, vid(k, v));
		fp_json_arr_close(&j);
	}
	if (w->h.n > 1)
		fp_json_u64(&j, "handler", handler);
	fp_json_obj_close(&j);
	fp_json_end(&j);
}

/* ---- receiving ---- */

static void report_losses(const struct watch *w)
{
	uint64_t over = 0, big = 0, bad = 0;
	size_t i;

	for (i = 0; i < w->h.n; i++) {
		over += w->h.socks[i].n_overruns;
		big += w->h.socks[i].n_too_big;
		bad += w->h.socks[i].n_malformed;
	}
	if (over)
		fpctl_err("dp watch", "upcalls were lost %llu times: a socket's receive buffer overran (ENOBUFS)",
			  (unsigned long long)over);
	if (big)
		fpctl_err("dp watch", "%llu upcalls were too big to receive",
			  (unsigned long long)big);
	if (bad)
		fpctl_err("dp watch", "%llu malformed upcalls were dropped",
			  (unsigned long long)bad);
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

/* Waits until one of the handler sockets is readable. */
static int wait_any(const struct watch *w, int64_t deadline)
{
	struct pollfd pfd[WATCH_MAX_HANDLERS];
	int timeout = -1;
	size_t i;
	int n;

	for (i = 0; i < w->h.n; i++) {
		pfd[i].fd = mnl_socket_get_fd(w->h.socks[i].nl);
		pfd[i].events = POLLIN;
	}
	if (deadline >= 0) {
		int64_t left = deadline - dp_upcall_now_ms();

		if (left <= 0)
			return -ETIMEDOUT;
		timeout = left > 60000 ? 60000 : (int)left;
	}
	n = poll(pfd, w->h.n, timeout);
	if (n < 0)
		return -errno;
	return 0;
}

/* Prints what handler i has queued; returns how many, or -errno. */
static int take_from(struct watch *w, size_t i, unsigned long *seen)
{
	struct dp_upcall ups[WATCH_BATCH];
	int n, k;

	/* A deadline in the past: take what is there, wait for nothing. */
	n = dp_upcall_recv_batch(&w->h.socks[i], ups, WATCH_BATCH, 0);
	if (n == -ETIMEDOUT || n == -EINTR)
		return 0;
	if (n < 0) {
		fpctl_err("dp watch", "%s", w->h.socks[i].errmsg);
		return n;
	}
	for (k = 0; k < n && (!w->count || *seen < w->count); k++) {
		if (ups[k].dp_ifindex != w->dp.dp_ifindex)
			continue;
		if (w->json)
			print_json(w, &ups[k], i);
		else
			print_text(w, &ups[k], i);
		(*seen)++;
	}
	return n;
}

static int receive(struct watch *w)
{
	int64_t deadline = -1;
	unsigned long seen = 0;
	size_t i;
	int err;

	if (w->seconds)
		deadline = dp_upcall_now_ms() + (int64_t)(w->seconds * 1000);
	while (!w->count || seen < w->count) {
		err = wait_any(w, deadline);
		if (err == -ETIMEDOUT)
			return timed_out(w, seen);
		if (err && err != -EINTR) {
			fpctl_err("dp watch", "poll on the upcall sockets failed: %s",
				  strerror(-err));
			return FPCTL_FAILED;
		}
		for (i = 0; i < w->h.n && (!w->count || seen < w->count); i++)
			if (take_from(w, i, &seen) < 0)
				return FPCTL_FAILED;
	}
	return FPCTL_OK;
}

static const char *dispatch_text(const struct watch *w)
{
	return w->att.dispatch == DP_UPCALL_PER_CPU ? ", upcalls per CPU" : "";
}

int fpctl_dp_watch(const struct fpctl_ctx *ctx, int argc, char **argv)
{
	struct watch w = { .json = ctx->json, .n_handlers = 1 };
	int ret;

	if (parse_args(argc, argv, &w))
		return dp_cmd_usage(SYNOPSIS);
	if (!dp_cmd_valid_ifname("dp watch", "datapath", w.dp_name))
		return FPCTL_USAGE;
	ret = start(ctx, &w);
	if (!ret) {
		if (w.h.n > 1)
			fpctl_err("dp watch", "listening on %s (%zu ports%s, %zu handlers)",
				  w.dp_name, w.n_ports, dispatch_text(&w), w.h.n);
		else
			fpctl_err("dp watch", "listening on %s (%zu ports%s)",
				  w.dp_name, w.n_ports, dispatch_text(&w));
		ret = receive(&w);
		report_losses(&w);
	}
	dp_upcall_handlers_close(&w.h);
	dp_client_fini(&w.c);
	free(w.ports);
	return ret;
}
