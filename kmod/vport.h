/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FP_VPORT_H
#define _FP_VPORT_H

#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/rcupdate.h>
#include <linux/u64_stats_sync.h>

struct fp_datapath;
struct fp_vport;
struct fp_vport_params;

/**
 * struct fp_upcall_pids - Netlink port ids that receive a vport's upcalls
 * @rcu: old arrays are freed after the packet path is done with them
 * @n: number of ids, at least 1
 * @ids: the ids; 0 means "no upcalls" (the packet is dropped as lost)
 */
struct fp_upcall_pids {
	struct rcu_head rcu;
	u32 n;
	u32 ids[];
};

/* Counted by the datapath: rx entered the datapath here, tx left it. */
struct fp_vport_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t rx_errors;	/* frames too short to be Ethernet */
	u64_stats_t rx_dropped;	/* frames we had no memory for */
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	struct u64_stats_sync syncp;
};

/**
 * struct fp_vport_ops - one kind of vport (OVS_VPORT_TYPE_*)
 * @type: the OVS_VPORT_TYPE_* userspace names this kind by
 * @dev_tx_is_dp_rx: the device's transmit is the datapath's receive (an
 *	internal port): its counters are reported with rx and tx swapped
 * @create: give @vport its net_device (@vport->dev) named @params->name.
 *	Called with RTNL and fp_mutex held, once every other field of @vport
 *	is final, because packets may enter through the device before it
 *	returns. Returns 0 or a negative errno with @extack saying why.
 * @destroy: undo @create. Called with RTNL and fp_mutex held; on return
 *	no packet enters the datapath through this vport any more.
 * @send: hand a frame leaving the datapath to the port's device (NETDEV:
 *	transmit it; INTERNAL: the host receives it). Consumes @skb.
 *	Packet path; fp_vport_send() already checked the device is up.
 */
struct fp_vport_ops {
	enum ovs_vport_type type;
	bool dev_tx_is_dp_rx;
	int (*create)(struct fp_vport *vport,
		      const struct fp_vport_params *params,
		      struct netlink_ext_ack *extack);
	void (*destroy)(struct fp_vport *vport);
	void (*send)(struct fp_vport *vport, struct sk_buff *skb);
};

/**
 * struct fp_vport_params - what a vport is created from
 * @name: device name (NETDEV: an existing device; INTERNAL: a new one)
 * @type: OVS_VPORT_TYPE_NETDEV or OVS_VPORT_TYPE_INTERNAL
 * @port_no: requested port number, or FP_PORT_NO_ANY
 * @ifindex: INTERNAL only: ifindex for the new device, 0 for any
 * @upcall_pids: initial upcall ids; the vport owns them once created, the
 *	caller still does if creation fails
 */
struct fp_vport_params {
	const char *name;
	enum ovs_vport_type type;
	u32 port_no;
	int ifindex;
	struct fp_upcall_pids *upcall_pids;
};

#define FP_PORT_NO_ANY	U32_MAX

/**
 * struct fp_vport - a port of a datapath
 * @hash_node: chain in the datapath's port hash (fp_mutex / RCU)
 * @dp: owning datapath, fixed for the vport's life
 * @port_no: number within @dp, fixed
 * @ops: the vport's kind
 * @dev: its net_device: the attached one (NETDEV) or ours (INTERNAL)
 * @dev_tracker: reference on an attached @dev (NETDEV only)
 * @upcall_pids: where misses on this port go (fp_mutex writes, RCU reads)
 * @stats: per-CPU counters
 * @rcu: defers the free past packet-path readers
 */
struct fp_vport {
	struct hlist_node hash_node;
	struct fp_datapath *dp;
	u32 port_no;
	const struct fp_vport_ops *ops;
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	struct fp_upcall_pids __rcu *upcall_pids;
	struct fp_vport_pcpu_stats __percpu *stats;
	struct rcu_head rcu;
};

extern const struct fp_vport_ops fp_netdev_vport_ops;
extern const struct fp_vport_ops fp_internal_vport_ops;

struct fp_vport *fp_vport_create(struct fp_datapath *dp, u32 port_no,
				 const struct fp_vport_params *params,
				 struct netlink_ext_ack *extack);
void fp_vport_destroy(struct fp_vport *vport);

struct fp_vport *fp_vport_find_by_name(struct net *net, const char *name);
struct fp_vport *fp_vport_from_dev(const struct net_device *dev);
void fp_vport_copy_name(const struct fp_vport *vport, char *buf);

struct fp_upcall_pids *fp_upcall_pids_single(u32 portid);
struct fp_upcall_pids *fp_upcall_pids_from_attr(const struct nlattr *attr,
						struct netlink_ext_ack *extack);
void fp_vport_set_upcall_pids(struct fp_vport *vport,
			      struct fp_upcall_pids *pids);
const struct fp_upcall_pids *fp_vport_upcall_pids(const struct fp_vport *vport);
u32 fp_vport_upcall_portid(const struct fp_vport *vport, struct sk_buff *skb);

void fp_vport_receive(struct fp_vport *vport, struct sk_buff *skb);
void fp_vport_send(struct fp_vport *vport, struct sk_buff *skb);
void fp_vport_count_rx_dropped(struct fp_vport *vport);
void fp_vport_get_stats(const struct fp_vport *vport,
			struct ovs_vport_stats *stats);

/* vport_internal.c */
struct fp_vport *fp_internal_vport_from_dev(const struct net_device *dev);

/* vport_netdev.c */
struct fp_vport *fp_netdev_vport_from_dev(const struct net_device *dev);
int fp_netdev_notifier_register(void);
void fp_netdev_notifier_unregister(void);

#endif /* _FP_VPORT_H */
