/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Datapaths (the ovs_datapath family): build requests, parse replies, and
 * run them over a dp_client.
 */
#ifndef FP_DP_DATAPATH_H
#define FP_DP_DATAPATH_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <linux/openvswitch.h>

#include "dp_client.h"

struct dp_datapath_info {
	int dp_ifindex;			/* from the ovs_header */
	char name[IFNAMSIZ];
	bool has_stats;
	struct ovs_dp_stats stats;	/* lookups hit/missed/lost, flows */
	bool has_megaflow_stats;
	struct ovs_dp_megaflow_stats megaflow_stats;
	bool has_user_features;
	uint32_t user_features;		/* OVS_DP_F_* */
	bool has_masks_cache_size;
	uint32_t masks_cache_size;
};

/* Called once per datapath of a dump; a negative errno fails the dump. */
typedef int (*dp_datapath_cb)(const struct dp_datapath_info *dp, void *arg);

/* Request builders: the message in buf (DP_REQ_BUF_SIZE bytes), or NULL
 * when name does not fit (only possible for names >= IFNAMSIZ). */
struct nlmsghdr *dp_datapath_build_new(void *buf, uint16_t family,
				       const char *name, uint32_t upcall_pid);
struct nlmsghdr *dp_datapath_build_del(void *buf, uint16_t family,
				       const char *name);
/* By name, or every datapath (a dump) when name is NULL. */
struct nlmsghdr *dp_datapath_build_get(void *buf, uint16_t family,
				       const char *name);

/* Parses one OVS_DP_CMD_* reply. 0, or -EBADMSG/-EINVAL/-ERANGE/
 * -ENAMETOOLONG for a malformed one. */
int dp_datapath_parse(const struct nlmsghdr *nlh,
		      struct dp_datapath_info *dp);

/* The requests themselves. Negative errno; dp_client_error() says why. */
int dp_datapath_new(struct dp_client *c, const char *name,
		    uint32_t upcall_pid);
int dp_datapath_del(struct dp_client *c, const char *name);
int dp_datapath_get(struct dp_client *c, const char *name,
		    struct dp_datapath_info *dp);
int dp_datapath_dump(struct dp_client *c, dp_datapath_cb cb, void *arg);

#endif
