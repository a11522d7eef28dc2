/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Vports (the ovs_vport family): the ports of one datapath, which the
 * requests name by the datapath's ifindex (ovs_header.dp_ifindex).
 */
#ifndef FP_DP_VPORT_H
#define FP_DP_VPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <linux/openvswitch.h>

#include "dp_client.h"

struct dp_vport_info {
	int dp_ifindex;
	uint32_t port_no;
	uint32_t type;			/* OVS_VPORT_TYPE_* */
	char name[IFNAMSIZ];
	bool has_ifindex;
	int ifindex;
	bool has_netnsid;		/* only when not in our netns */
	int32_t netnsid;
	bool has_stats;
	struct ovs_vport_stats stats;
	unsigned int n_upcall_pids;	/* one per handler, or 1 */
	uint32_t upcall_pid;		/* the first of them */
};

/* A negative errno fails the dump. */
typedef int (*dp_vport_cb)(const struct dp_vport_info *vport, void *arg);

/* "netdev", "internal", ... or NULL for a type we do not know. */
const char *dp_vport_type_name(uint32_t type);
/* The OVS_VPORT_TYPE_* for a name, or 0 (OVS_VPORT_TYPE_UNSPEC). */
uint32_t dp_vport_type_parse(const char *name);

/* Request builders: the message in buf (DP_REQ_BUF_SIZE bytes), or NULL
 * when name is IFNAMSIZ characters or longer. */
struct nlmsghdr *dp_vport_build_new(void *buf, uint16_t family,
				    int dp_ifindex, const char *name,
				    uint32_t type, uint32_t upcall_pid);
/* The same with one upcall pid per handler; NULL too when n is 0 or the
 * pids do not fit. */
struct nlmsghdr *dp_vport_build_new_pids(void *buf, uint16_t family,
					 int dp_ifindex, const char *name,
					 uint32_t type, const uint32_t *pids,
					 size_t n);
struct nlmsghdr *dp_vport_build_del(void *buf, uint16_t family,
				    int dp_ifindex, const char *name);
/* By name, or a dump of the datapath's vports when name is NULL. */
struct nlmsghdr *dp_vport_build_get(void *buf, uint16_t family,
				    int dp_ifindex, const char *name);
struct nlmsghdr *dp_vport_build_set_upcall_pid(void *buf, uint16_t family,
					       int dp_ifindex,
					       uint32_t port_no,
					       uint32_t upcall_pid);

/* Parses one OVS_VPORT_CMD_* reply; a negative errno if malformed. */
int dp_vport_parse(const struct nlmsghdr *nlh, struct dp_vport_info *vport);

/* The requests. Negative errno; dp_client_error() says why. */
int dp_vport_new(struct dp_client *c, int dp_ifindex, const char *name,
		 uint32_t type, uint32_t upcall_pid);
/*
 * Adds a vport whose upcalls go to pids[0..n) (the kernel picks one by
 * packet hash). With port_no, the kernel's number for it is stored there.
 */
int dp_vport_add(struct dp_client *c, int dp_ifindex, const char *name,
		 uint32_t type, const uint32_t *pids, size_t n,
		 uint32_t *port_no);
int dp_vport_del(struct dp_client *c, int dp_ifindex, const char *name);
int dp_vport_dump(struct dp_client *c, int dp_ifindex, dp_vport_cb cb,
		  void *arg);
int dp_vport_set_upcall_pid(struct dp_client *c, int dp_ifindex,
			    uint32_t port_no, uint32_t upcall_pid);

#endif
