// SPDX-License-Identifier: GPL-2.0
/*
 * Datapath and vport requests with upcall pid arrays, which the datapath
 * client's builders (one pid each) do not make.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/openvswitch.h>

#include "datapath.h"
#include "dp_vport.h"

int fpd_dp_open(struct dp_client *c, const char *name, uint32_t local_pid,
		struct dp_datapath_info *info, bool *adopted)
{
	int err = dp_datapath_get(c, name, info);

	*adopted = !err;
	if (err != -ENODEV)
		return err;
	err = dp_datapath_new(c, name, local_pid);
	if (!err)
		err = dp_datapath_get(c, name, info);
	return err;
}

static int set_features(struct dp_client *c, const char *name,
			uint32_t features)
{
	char buf[DP_REQ_BUF_SIZE];
	struct nlmsghdr *nlh;
	uint16_t id;
	int err;

	err = dp_client_family(c, DP_FAMILY_DATAPATH, &id);
	if (err)
		return err;
	nlh = dp_client_msg_start(buf, id, 0, OVS_DP_CMD_SET,
				  OVS_DATAPATH_VERSION, 0);
	mnl_attr_put_strz(nlh, OVS_DP_ATTR_NAME, name);
	mnl_attr_put_u32(nlh, OVS_DP_ATTR_USER_FEATURES, features);
	return dp_client_transact(c, nlh, NULL, NULL);
}

/* The kernel indexes per-CPU pids by CPU id: cover every possible CPU. */
static size_t n_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	return n > 0 ? (size_t)n : 1;
}

static int set_per_cpu(struct dp_client *c, struct dp_datapath_info *info,
		       const uint32_t *pids, size_t n)
{
	uint32_t features = info->user_features |
			    OVS_DP_F_DISPATCH_UPCALL_PER_CPU;
	size_t i, cpus = n_cpus();
	uint32_t cpu_pids[1024];
	int err;

	if (cpus > sizeof(cpu_pids) / sizeof(cpu_pids[0]))
		cpus = sizeof(cpu_pids) / sizeof(cpu_pids[0]);
	for (i = 0; i < cpus; i++)
		cpu_pids[i] = pids[i % n];
	err = dp_datapath_set_per_cpu_pids(c, info->name, features, cpu_pids,
					   cpus);
	if (!err)
		info->user_features = features;
	return err;
}

int fpd_dp_dispatch(struct dp_client *c, struct dp_datapath_info *info,
		    const uint32_t *pids, size_t n, bool *per_cpu)
{
	uint32_t features;
	int err;

	*per_cpu = false;
	err = set_per_cpu(c, info, pids, n);
	if (!err) {
		*per_cpu = true;
		return 0;
	}
	/* Refused (flowpath.ko, kernels before 5.14): pids per vport. */
	features = (info->user_features & ~OVS_DP_F_DISPATCH_UPCALL_PER_CPU) |
		   OVS_DP_F_VPORT_PIDS;
	err = set_features(c, info->name, features);
	if (!err)
		info->user_features = features;
	return err;
}

static void put_pids(struct nlmsghdr *nlh, const uint32_t *pids, size_t n)
{
	mnl_attr_put(nlh, OVS_VPORT_ATTR_UPCALL_PID, n * sizeof(*pids), pids);
}

static int new_reply_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dp_vport_info v;
	int err = dp_vport_parse(nlh, &v);

	if (!err)
		*(uint32_t *)arg = v.port_no;
	return err;
}

/* Bounded so a request always fits DP_REQ_BUF_SIZE. */
#define MAX_PIDS 512

int fpd_vport_add(struct dp_client *c, int dp_ifindex, const char *name,
		  uint32_t type, const uint32_t *pids, size_t n,
		  uint32_t *port_no)
{
	char buf[DP_REQ_BUF_SIZE + MAX_PIDS * 4];
	struct nlmsghdr *nlh;
	uint16_t id;
	int err;

	err = dp_client_family(c, DP_FAMILY_VPORT, &id);
	if (err)
		return err;
	if (n > MAX_PIDS)
		n = MAX_PIDS;
	/* ECHO: the new vport's number comes only in a copy of the notice. */
	nlh = dp_client_msg_start(buf, id, NLM_F_ECHO, OVS_VPORT_CMD_NEW,
				  OVS_VPORT_VERSION, dp_ifindex);
	mnl_attr_put_strz(nlh, OVS_VPORT_ATTR_NAME, name);
	mnl_attr_put_u32(nlh, OVS_VPORT_ATTR_TYPE, type);
	put_pids(nlh, pids, n);
	*port_no = UINT32_MAX;
	err = dp_client_transact(c, nlh, new_reply_cb, port_no);
	if (!err && *port_no == UINT32_MAX) {
		dp_client_set_error(c, "the kernel added vport %s but did not say its number",
				    name);
		err = -EPROTO;
	}
	return err;
}

int fpd_vport_set_pids(struct dp_client *c, int dp_ifindex, uint32_t port_no,
		       const uint32_t *pids, size_t n)
{
	char buf[DP_REQ_BUF_SIZE + MAX_PIDS * 4];
	struct nlmsghdr *nlh;
	uint16_t id;
	int err;

	err = dp_client_family(c, DP_FAMILY_VPORT, &id);
	if (err)
		return err;
	if (n > MAX_PIDS)
		n = MAX_PIDS;
	nlh = dp_client_msg_start(buf, id, 0, OVS_VPORT_CMD_SET,
				  OVS_VPORT_VERSION, dp_ifindex);
	mnl_attr_put_u32(nlh, OVS_VPORT_ATTR_PORT_NO, port_no);
	put_pids(nlh, pids, n);
	return dp_client_transact(c, nlh, NULL, NULL);
}
