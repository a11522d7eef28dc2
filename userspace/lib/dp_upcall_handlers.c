// SPDX-License-Identifier: GPL-2.0
/*
 * Handler sockets and where each datapath attached to them sends upcalls:
 * per CPU when it takes OVS_DP_F_DISPATCH_UPCALL_PER_CPU (openvswitch.ko
 * since 5.14), else per vport. Open vSwitch probes the same way: it asks
 * for per-CPU dispatch and falls back when the datapath says no.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/openvswitch.h>

#include "dp_datapath.h"
#include "dp_upcall.h"
#include "dp_vport.h"

static int fail(struct dp_upcall_handlers *h, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct dp_upcall_handlers *h, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->errmsg, sizeof(h->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

/* ---- requests ---- */

/*
 * OVS_DP_CMD_SET replaces the features whole (absent means 0), so the
 * caller passes all of them. PER_CPU_PIDS only with per-CPU dispatch.
 */
struct nlmsghdr *dp_upcall_build_dp_features(void *buf, uint16_t family,
					     const char *dp_name,
					     uint32_t features,
					     const uint32_t *cpu_pids,
					     size_t n_cpus)
{
	struct nlmsghdr *nlh;
	size_t len = n_cpus * sizeof(*cpu_pids);

	if (strlen(dp_name) >= IFNAMSIZ || len > UINT16_MAX - MNL_ATTR_HDRLEN)
		return NULL;
	nlh = dp_client_msg_start(buf, family, 0, OVS_DP_CMD_SET,
				  OVS_DATAPATH_VERSION, 0);
	if (!mnl_attr_put_strz_check(nlh, DP_REQ_BUF_SIZE, OVS_DP_ATTR_NAME,
				     dp_name) ||
	    !mnl_attr_put_u32_check(nlh, DP_REQ_BUF_SIZE,
				    OVS_DP_ATTR_USER_FEATURES, features))
		return NULL;
	if (n_cpus && !mnl_attr_put_check(nlh, DP_REQ_BUF_SIZE,
					  OVS_DP_ATTR_PER_CPU_PIDS, len, cpu_pids))
		return NULL;
	return nlh;
}

struct nlmsghdr *dp_upcall_build_vport_pids(void *buf, uint16_t family,
					    int dp_ifindex, uint32_t port_no,
					    const uint32_t *pids, size_t n)
{
	struct nlmsghdr *nlh;

	if (!n || n * sizeof(*pids) > UINT16_MAX - MNL_ATTR_HDRLEN)
		return NULL;
	nlh = dp_client_msg_start(buf, family, 0, OVS_VPORT_CMD_SET,
				  OVS_VPORT_VERSION, dp_ifindex);
	if (!mnl_attr_put_u32_check(nlh, DP_REQ_BUF_SIZE, OVS_VPORT_ATTR_PORT_NO,
				    port_no) ||
	    !mnl_attr_put_check(nlh, DP_REQ_BUF_SIZE, OVS_VPORT_ATTR_UPCALL_PID,
				n * sizeof(*pids), pids))
		return NULL;
	return nlh;
}

static int set_features(struct dp_upcall_handlers *h, struct dp_client *c,
			struct dp_upcall_dp *dp, uint32_t features,
			const uint32_t *cpu_pids, size_t n_cpus)
{
	char buf[DP_REQ_BUF_SIZE];
	struct nlmsghdr *nlh;
	uint16_t id;
	int err;

	err = dp_client_family(c, DP_FAMILY_DATAPATH, &id);
	if (err)
		return fail(h, err, "%s", dp_client_error(c));
	nlh = dp_upcall_build_dp_features(buf, id, dp->name, features,
					  cpu_pids, n_cpus);
	if (!nlh)
		return fail(h, -EMSGSIZE, "%zu CPUs' upcall pids do not fit in one request",
			    n_cpus);
	err = dp_client_transact(c, nlh, NULL, NULL);
	if (err)
		return fail(h, err, "%s", dp_client_error(c));
	dp->user_features = features;
	return 0;
}

/* ---- per CPU ---- */

/* The kernel indexes the pids by CPU id: cover every possible CPU. */
static int try_per_cpu(struct dp_upcall_handlers *h, struct dp_client *c,
		       struct dp_upcall_dp *dp)
{
	long cpus = sysconf(_SC_NPROCESSORS_CONF);
	size_t i, n_cpus = cpus > 0 ? (size_t)cpus : 1;
	uint32_t *cpu_pids = calloc(n_cpus, sizeof(*cpu_pids));
	int err;

	if (!cpu_pids)
		return fail(h, -ENOMEM, "out of memory");
	for (i = 0; i < n_cpus; i++)
		cpu_pids[i] = h->pids[i % h->n];
	err = set_features(h, c, dp,
			   dp->user_features | OVS_DP_F_DISPATCH_UPCALL_PER_CPU,
			   cpu_pids, n_cpus);
	free(cpu_pids);
	return err;
}

/* ---- per vport ---- */

static int set_vport_pids(struct dp_upcall_handlers *h, struct dp_client *c,
			  const struct dp_upcall_dp *dp, uint32_t port_no)
{
	char buf[DP_REQ_BUF_SIZE];
	struct nlmsghdr *nlh;
	uint16_t id;
	int err;

	err = dp_client_family(c, DP_FAMILY_VPORT, &id);
	if (err)
		return fail(h, err, "%s", dp_client_error(c));
	nlh = dp_upcall_build_vport_pids(buf, id, dp->dp_ifindex, port_no,
					 h->pids, h->n);
	if (!nlh)
		return fail(h, -EMSGSIZE, "%zu upcall pids do not fit in one request",
			    h->n);
	err = dp_client_transact(c, nlh, NULL, NULL);
	if (err)
		return fail(h, err, "%s port %u: %s", dp->name, port_no,
			    dp_client_error(c));
	return 0;
}

struct vport_walk {
	uint32_t *ports;
	size_t n_ports;
};

static int remember_port(const struct dp_vport_info *v, void *arg)
{
	struct vport_walk *w = arg;
	uint32_t *ports = realloc(w->ports, (w->n_ports + 1) * sizeof(*ports));

	if (!ports)
		return -ENOMEM;
	w->ports = ports;
	ports[w->n_ports++] = v->port_no;
	return 0;
}

static int point_vports(struct dp_upcall_handlers *h, struct dp_client *c,
			const struct dp_upcall_dp *dp)
{
	struct vport_walk w = { 0 };
	size_t i;
	int err;

	/* The dump first: the client runs one request at a time. */
	err = dp_vport_dump(c, dp->dp_ifindex, remember_port, &w);
	if (err)
		fail(h, err, "ports of %s: %s", dp->name, dp_client_error(c));
	for (i = 0; !err && i < w.n_ports; i++)
		err = set_vport_pids(h, c, dp, w.ports[i]);
	free(w.ports);
	return err;
}

static int use_per_vport(struct dp_upcall_handlers *h, struct dp_client *c,
			 struct dp_upcall_dp *dp)
{
	uint32_t features = (dp->user_features & ~OVS_DP_F_DISPATCH_UPCALL_PER_CPU) |
			    OVS_DP_F_VPORT_PIDS;
	int err;

	err = set_features(h, c, dp, features, NULL, 0);
	if (!err)
		err = point_vports(h, c, dp);
	if (!err)
		dp->dispatch = DP_UPCALL_PER_VPORT;
	return err;
}

/* ---- the handlers ---- */

static int open_sockets(struct dp_upcall_handlers *h, struct dp_client *c,
			size_t n, int rcvbuf)
{
	uint16_t family;
	int err;

	err = dp_client_family(c, DP_FAMILY_PACKET, &family);
	if (err)
		return fail(h, err, "%s", dp_client_error(c));
	h->socks = calloc(n, sizeof(*h->socks));
	h->pids = calloc(n, sizeof(*h->pids));
	if (!h->socks || !h->pids)
		return fail(h, -ENOMEM, "out of memory");
	for (h->n = 0; h->n < n; h->n++) {
		err = dp_upcall_open(&h->socks[h->n], family, rcvbuf);
		if (err) {
			fail(h, err, "handler %zu: %s", h->n, h->socks[h->n].errmsg);
			h->n++;		/* closed with the others */
			return err;
		}
		h->pids[h->n] = h->socks[h->n].portid;
	}
	return 0;
}

int dp_upcall_handlers_open(struct dp_upcall_handlers *h, struct dp_client *c,
			    size_t n, int rcvbuf)
{
	memset(h, 0, sizeof(*h));
	if (!n)
		return fail(h, -EINVAL, "need at least one handler");
	return open_sockets(h, c, n, rcvbuf);
}

static int find_dp(struct dp_upcall_handlers *h, struct dp_client *c,
		   const char *dp_name, struct dp_upcall_dp *dp)
{
	struct dp_datapath_info info;
	int err;

	memset(dp, 0, sizeof(*dp));
	if (strlen(dp_name) >= IFNAMSIZ)
		return fail(h, -EINVAL, "datapath name %s is too long (at most %d characters)",
			    dp_name, IFNAMSIZ - 1);
	snprintf(dp->name, sizeof(dp->name), "%s", dp_name);
	err = dp_datapath_get(c, dp_name, &info);
	if (err)
		return fail(h, err, "%s", dp_client_error(c));
	dp->dp_ifindex = info.dp_ifindex;
	dp->user_features = info.has_user_features ? info.user_features : 0;
	return 0;
}

int dp_upcall_handlers_attach(struct dp_upcall_handlers *h,
			      struct dp_client *c, const char *dp_name,
			      enum dp_upcall_dispatch want,
			      struct dp_upcall_dp *dp)
{
	int err;

	err = find_dp(h, c, dp_name, dp);
	if (err)
		return err;
	if (want == DP_UPCALL_PER_VPORT)
		return use_per_vport(h, c, dp);
	err = try_per_cpu(h, c, dp);
	if (!err) {
		dp->dispatch = DP_UPCALL_PER_CPU;
		return 0;
	}
	if (want == DP_UPCALL_PER_CPU || err == -ENOMEM || err == -ENODEV)
		return err;
	/* flowpath.ko says EOPNOTSUPP; kernels before 5.14 refuse it too. */
	return use_per_vport(h, c, dp);
}

int dp_upcall_handlers_attach_vport(struct dp_upcall_handlers *h,
				    struct dp_client *c,
				    const struct dp_upcall_dp *dp,
				    uint32_t port_no)
{
	if (dp->dispatch == DP_UPCALL_PER_CPU)
		return 0;
	return set_vport_pids(h, c, dp, port_no);
}

int dp_upcall_handlers_index(const struct dp_upcall_handlers *h,
			     uint32_t portid)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->pids[i] == portid)
			return (int)i;
	return -1;
}

void dp_upcall_handlers_close(struct dp_upcall_handlers *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		dp_upcall_close(&h->socks[i]);
	free(h->socks);
	free(h->pids);
	h->socks = NULL;
	h->pids = NULL;
	h->n = 0;
}
