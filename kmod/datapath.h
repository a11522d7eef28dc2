/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FP_DATAPATH_H
#define _FP_DATAPATH_H

#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/u64_stats_sync.h>
#include <linux/openvswitch.h>
#include <net/net_namespace.h>

#include "flow_key.h"
#include "vport.h"

struct fp_flow_table;

/* Port numbers are below this, as in openvswitch.ko (userspace assumes it). */
#define FP_MAX_PORTS		USHRT_MAX
#define FP_PORT_HASH_BUCKETS	1024

/* The OVS_DP_F_* bits this module honours; anything else is refused. */
#define FP_DP_FEATURES		(OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS | \
				 OVS_DP_F_DISPATCH_UPCALL_PER_CPU)

struct fp_dp_pcpu_stats {
	u64_stats_t n_hit;	/* frames a flow matched */
	u64_stats_t n_missed;	/* frames no flow matched */
	u64_stats_t n_lost;	/* of those, the ones userspace never saw */
	u64_stats_t n_mask_hit;	/* masks tried, over all lookups */
	u64_stats_t n_cache_hit; /* lookups the mask cache answered */
	struct u64_stats_sync syncp;
};

/**
 * struct fp_datapath - one datapath, identified by its local port (port 0)
 * @node: entry in the namespace's list of datapaths (fp_mutex)
 * @net: namespace the datapath lives and dies in
 * @ports: FP_PORT_HASH_BUCKETS hash chains of vports by port number;
 *	written under fp_mutex, read under RCU by the packet path
 * @local: port 0, the internal device whose name and ifindex are the
 *	datapath's (set at creation, cleared only by destruction)
 * @user_features: OVS_DP_F_* accepted from userspace (fp_mutex writes;
 *	READ_ONCE in the packet path)
 * @stats: per-CPU lookup counters
 * @table: the flows (see flow_table.c)
 * @cpu_pids: Netlink ports of per-CPU upcall dispatch (the CPU's id modulo
 *	their number), used when @user_features has
 *	OVS_DP_F_DISPATCH_UPCALL_PER_CPU; NULL until userspace gives them
 *	(fp_mutex writes, RCU reads)
 * @rcu: defers the free past packet-path readers
 */
struct fp_datapath {
	struct list_head node;
	struct net *net;
	struct hlist_head *ports;
	struct fp_vport *local;
	u32 user_features;
	struct fp_dp_pcpu_stats __percpu *stats;
	struct fp_flow_table *table;
	struct fp_upcall_pids __rcu *cpu_pids;
	struct rcu_head rcu;
};

/* What OVS_DP_CMD_NEW and _SET ask for, already validated. */
struct fp_dp_params {
	const char *name;
	int ifindex;			/* 0: let the kernel choose */
	bool has_features;
	u32 user_features;
	struct fp_upcall_pids *upcall_pids;	/* port 0's; consumed */
	bool has_cache_size;
	u32 cache_size;			/* OVS_DP_ATTR_MASKS_CACHE_SIZE */
	struct fp_upcall_pids *cpu_pids;	/* consumed when applied */
};

extern struct mutex fp_mutex;

static inline void fp_lock(void)
{
	mutex_lock(&fp_mutex);
}

static inline void fp_unlock(void)
{
	mutex_unlock(&fp_mutex);
}

#define fp_lockdep_held()	lockdep_is_held(&fp_mutex)

/* For data whose writers hold fp_mutex and whose readers hold it or RCU. */
#define fp_deref(p)	rcu_dereference_check(p, fp_lockdep_held())

int fp_dp_pernet_register(void);
void fp_dp_pernet_unregister(void);

struct fp_datapath *fp_dp_create(struct net *net,
				 struct fp_dp_params *params,
				 struct netlink_ext_ack *extack);
void fp_dp_destroy(struct fp_datapath *dp);

struct fp_datapath *fp_dp_find_by_name(struct net *net, const char *name);
struct fp_datapath *fp_dp_find_by_ifindex(struct net *net, int ifindex);
struct list_head *fp_dp_list(struct net *net);

int fp_dp_ifindex(const struct fp_datapath *dp);
void fp_dp_copy_name(const struct fp_datapath *dp, char *buf);
void fp_dp_get_stats(const struct fp_datapath *dp, struct ovs_dp_stats *stats,
		     struct ovs_dp_megaflow_stats *mega);

struct fp_vport *fp_dp_port_lookup(const struct fp_datapath *dp, u32 port_no);
struct fp_vport *fp_dp_port_add(struct fp_datapath *dp,
				const struct fp_vport_params *params,
				struct netlink_ext_ack *extack);
void fp_dp_port_del(struct fp_vport *vport);

int fp_dp_change(struct fp_datapath *dp, struct fp_dp_params *params,
		 struct netlink_ext_ack *extack);
u32 fp_dp_cpu_upcall_portid(const struct fp_datapath *dp);
u32 fp_dp_masks_cache_size(const struct fp_datapath *dp);

void fp_dp_process_packet(struct fp_vport *vport, struct sk_buff *skb);

/*
 * fp_dp_recirc - the RECIRC action: look @skb up again with @key (whose
 * recirc_id the action set) and run what matches, or send it up as a
 * MISS. Consumes @skb. Packet path.
 */
void fp_dp_recirc(struct fp_datapath *dp, struct sk_buff *skb,
		  struct fp_flow_key *key);

#endif /* _FP_DATAPATH_H */
