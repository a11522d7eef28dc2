// SPDX-License-Identifier: GPL-2.0
/*
 * Vports: what every kind of datapath port shares - identity, upcall ids,
 * counters, and the entry of received frames into the datapath. Locking is
 * described once, in datapath.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "datapath.h"
#include "genl.h"
#include "vport.h"

static const struct fp_vport_ops *fp_vport_ops_for(enum ovs_vport_type type)
{
	switch (type) {
	case OVS_VPORT_TYPE_NETDEV:
		return &fp_netdev_vport_ops;
	case OVS_VPORT_TYPE_INTERNAL:
		return &fp_internal_vport_ops;
	default:
		return NULL;
	}
}

/**
 * fp_vport_create - make a vport and give it its net_device
 * @dp: the datapath it will belong to
 * @port_no: its number in @dp (the caller checked it is free)
 * @params: name, type, upcall ids; the ids pass to the vport on success only
 * @extack: why it failed
 *
 * Called with RTNL and fp_mutex held. The caller inserts the vport into the
 * datapath's port hash.
 */
struct fp_vport *fp_vport_create(struct fp_datapath *dp, u32 port_no,
				 const struct fp_vport_params *params,
				 struct netlink_ext_ack *extack)
{
	const struct fp_vport_ops *ops = fp_vport_ops_for(params->type);
	struct fp_vport *vport;
	int err;

	ASSERT_RTNL();
	lockdep_assert_held(&fp_mutex);

	if (!ops) {
		NL_SET_ERR_MSG_MOD(extack, "vport type not supported");
		return ERR_PTR(-EOPNOTSUPP);
	}
	vport = kzalloc(sizeof(*vport), GFP_KERNEL);
	if (!vport)
		return ERR_PTR(-ENOMEM);
	vport->stats = netdev_alloc_pcpu_stats(struct fp_vport_pcpu_stats);
	if (!vport->stats) {
		err = -ENOMEM;
		goto err_free_vport;
	}
	vport->dp = dp;
	vport->port_no = port_no;
	vport->ops = ops;
	RCU_INIT_POINTER(vport->upcall_pids, params->upcall_pids);

	/* Last: from here on packets may arrive through the device. */
	err = ops->create(vport, params, extack);
	if (err)
		goto err_free_stats;
	return vport;

err_free_stats:
	free_percpu(vport->stats);
err_free_vport:
	kfree(vport);
	return ERR_PTR(err);
}

static void fp_vport_free_rcu(struct rcu_head *head)
{
	struct fp_vport *vport = container_of(head, struct fp_vport, rcu);

	/* No reader is left: the vport itself was unreachable. */
	kfree(rcu_dereference_raw(vport->upcall_pids));
	free_percpu(vport->stats);
	kfree(vport);
}

/*
 * Detaches @vport from its device and frees it once RCU readers that found
 * it through the port hash are done. The caller already removed it from the
 * hash. RTNL and fp_mutex held.
 */
void fp_vport_destroy(struct fp_vport *vport)
{
	ASSERT_RTNL();
	lockdep_assert_held(&fp_mutex);

	vport->ops->destroy(vport);
	call_rcu(&vport->rcu, fp_vport_free_rcu);
}

/* The vport behind @dev, if @dev is one of ours. RTNL, fp_mutex or RCU. */
struct fp_vport *fp_vport_from_dev(const struct net_device *dev)
{
	struct fp_vport *vport = fp_internal_vport_from_dev(dev);

	return vport ? vport : fp_netdev_vport_from_dev(dev);
}

/*
 * Vport names are device names, so the device name index (which follows
 * renames) is the vport index too. Caller holds fp_mutex, which keeps the
 * returned vport alive after the RCU section.
 */
struct fp_vport *fp_vport_find_by_name(struct net *net, const char *name)
{
	struct fp_vport *vport = NULL;
	struct net_device *dev;

	lockdep_assert_held(&fp_mutex);

	rcu_read_lock();
	dev = dev_get_by_name_rcu(net, name);
	if (dev)
		vport = fp_vport_from_dev(dev);
	rcu_read_unlock();
	return vport;
}

/*
 * Copies the device name into @buf (IFNAMSIZ). A concurrent rename (which
 * holds RTNL, not fp_mutex) may yield either name; the copy is always
 * terminated.
 */
void fp_vport_copy_name(const struct fp_vport *vport, char *buf)
{
	strscpy(buf, vport->dev->name, IFNAMSIZ);
}

/* One upcall id, as OVS_DP_ATTR_UPCALL_PID gives for port 0. */
struct fp_upcall_pids *fp_upcall_pids_single(u32 portid)
{
	struct fp_upcall_pids *pids;

	pids = kmalloc(struct_size(pids, ids, 1), GFP_KERNEL);
	if (!pids)
		return NULL;
	pids->n = 1;
	pids->ids[0] = portid;
	return pids;
}

/*
 * OVS_VPORT_ATTR_UPCALL_PID: one to nr_cpu_ids u32s, as openvswitch.ko
 * takes (userspace gives one per handler thread). The bound also keeps a
 * vport's reply small enough for a dump, which would otherwise end early.
 */
struct fp_upcall_pids *fp_upcall_pids_from_attr(const struct nlattr *attr,
						struct netlink_ext_ack *extack)
{
	struct fp_upcall_pids *pids;
	u32 n;

	if (!attr) {
		/* Optional: without it the port sends no upcalls. */
		pids = fp_upcall_pids_single(0);
		return pids ? pids : ERR_PTR(-ENOMEM);
	}
	if (!nla_len(attr) || nla_len(attr) % sizeof(u32)) {
		FP_SET_ERR_ATTR(extack, attr,
				"OVS_VPORT_ATTR_UPCALL_PID must be an array of u32 Netlink port ids");
		return ERR_PTR(-EINVAL);
	}
	n = nla_len(attr) / sizeof(u32);
	if (n > nr_cpu_ids) {
		FP_SET_ERR_ATTR(extack, attr,
				"OVS_VPORT_ATTR_UPCALL_PID: more ids than possible CPUs");
		return ERR_PTR(-EINVAL);
	}
	pids = kmalloc(struct_size(pids, ids, n), GFP_KERNEL);
	if (!pids)
		return ERR_PTR(-ENOMEM);
	pids->n = n;
	nla_memcpy(pids->ids, attr, n * sizeof(u32));
	return pids;
}

/* Replaces the upcall ids; takes ownership of @pids. fp_mutex held. */
void fp_vport_set_upcall_pids(struct fp_vport *vport,
			      struct fp_upcall_pids *pids)
{
	struct fp_upcall_pids *old;

	old = rcu_replace_pointer(vport->upcall_pids, pids, fp_lockdep_held());
	kfree_rcu(old, rcu);
}

const struct fp_upcall_pids *fp_vport_upcall_pids(const struct fp_vport *vport)
{
	return fp_deref(vport->upcall_pids);
}

/*
 * Picks the Netlink port a miss on @vport goes to. Per-CPU dispatch, when
 * userspace asked for it, overrides the port's ids. With OVS_DP_F_VPORT_PIDS
 * userspace gave one id per handler thread: spreading by flow hash keeps a
 * flow's packets in order on one handler. Without it only the first counts.
 * RCU read side.
 */
u32 fp_vport_upcall_portid(const struct fp_vport *vport, struct sk_buff *skb)
{
	const struct fp_upcall_pids *pids = rcu_dereference(vport->upcall_pids);
	u32 features = READ_ONCE(vport->dp->user_features);
	u32 n = pids->n;

	if (features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU)
		return fp_dp_cpu_upcall_portid(vport->dp);
	if (!(features & OVS_DP_F_VPORT_PIDS))
		n = 1;
	if (n == 1)
		return pids->ids[0];
	return pids->ids[reciprocal_scale(skb_get_hash(skb), n)];
}

/**
 * fp_vport_receive - a frame enters the datapath through @vport
 * @vport: the port it arrived on
 * @skb: the frame, data at the Ethernet header; consumed
 *
 * Packet path: RCU read side, BH disabled.
 */
void fp_vport_receive(struct fp_vport *vport, struct sk_buff *skb)
{
	struct fp_vport_pcpu_stats *stats = this_cpu_ptr(vport->stats);
	bool runt = skb->len < ETH_HLEN;

	u64_stats_update_begin(&stats->syncp);
	if (unlikely(runt)) {
		u64_stats_inc(&stats->rx_errors);
	} else {
		u64_stats_inc(&stats->rx_packets);
		u64_stats_add(&stats->rx_bytes, skb->len);
	}
	u64_stats_update_end(&stats->syncp);

	if (unlikely(runt)) {
		kfree_skb(skb);
		return;
	}
	fp_dp_process_packet(vport, skb);
}

/*
 * The frame's length as the device's MTU counts it: without the Ethernet
 * header and one in-frame VLAN tag (most devices allow one beyond the MTU;
 * an accelerated tag is not in skb->len).
 */
static unsigned int fp_vport_mtu_len(const struct sk_buff *skb,
				     const struct net_device *dev)
{
	unsigned int hdr = dev->hard_header_len;

	if (!skb_vlan_tag_present(skb) && eth_type_vlan(skb->protocol))
		hdr += VLAN_HLEN;
	return skb->len > hdr ? skb->len - hdr : 0;
}

/**
 * fp_vport_send - a frame leaves the datapath through @vport
 * @vport: the output port
 * @skb: the frame, data at the Ethernet header; consumed
 *
 * Frames for a device that is down or has no carrier are dropped, and so
 * are frames over its MTU unless GSO will cut them (openvswitch.ko's
 * rules). Packet path: RCU read side, BH disabled.
 */
void fp_vport_send(struct fp_vport *vport, struct sk_buff *skb)
{
	struct fp_vport_pcpu_stats *stats = this_cpu_ptr(vport->stats);
	struct net_device *dev = vport->dev;
	unsigned int len = skb->len;

	if (unlikely(!netif_running(dev) || !netif_carrier_ok(dev)))
		goto drop;
	if (unlikely(fp_vport_mtu_len(skb, dev) > dev->mtu &&
		     !skb_is_gso(skb))) {
		net_warn_ratelimited("%s: %s: dropped a frame of %u bytes over the MTU %u\n",
				     KBUILD_MODNAME, dev->name,
				     fp_vport_mtu_len(skb, dev), dev->mtu);
		goto drop;
	}
	skb->dev = dev;
	skb_clear_tstamp(skb);

	u64_stats_update_begin(&stats->syncp);
	u64_stats_inc(&stats->tx_packets);
	u64_stats_add(&stats->tx_bytes, len);
	u64_stats_update_end(&stats->syncp);
	vport->ops->send(vport, skb);
	return;

drop:
	kfree_skb(skb);
}

/* A frame for @vport was lost before it could enter (no memory). */
void fp_vport_count_rx_dropped(struct fp_vport *vport)
{
	struct fp_vport_pcpu_stats *stats = this_cpu_ptr(vport->stats);

	u64_stats_update_begin(&stats->syncp);
	u64_stats_inc(&stats->rx_dropped);
	u64_stats_update_end(&stats->syncp);
}

static void fp_vport_sum_stats(const struct fp_vport *vport,
			       struct ovs_vport_stats *out)
{
	int cpu;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		const struct fp_vport_pcpu_stats *s;
		u64 rx_packets, rx_bytes, rx_errors, rx_dropped;
		u64 tx_packets, tx_bytes;
		unsigned int start;

		s = per_cpu_ptr(vport->stats, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			rx_packets = u64_stats_read(&s->rx_packets);
			rx_bytes = u64_stats_read(&s->rx_bytes);
			rx_errors = u64_stats_read(&s->rx_errors);
			rx_dropped = u64_stats_read(&s->rx_dropped);
			tx_packets = u64_stats_read(&s->tx_packets);
			tx_bytes = u64_stats_read(&s->tx_bytes);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		out->rx_packets += rx_packets;
		out->rx_bytes += rx_bytes;
		out->rx_errors += rx_errors;
		out->rx_dropped += rx_dropped;
		out->tx_packets += tx_packets;
		out->tx_bytes += tx_bytes;
	}
}

/**
 * fp_vport_get_stats - OVS_VPORT_ATTR_STATS for @vport
 * @vport: the vport
 * @out: its counters from its device's point of view, as openvswitch.ko
 *	reports them (and ovs-dpctl shows them): for an internal port what
 *	the host transmitted - the datapath's receive - is tx
 */
void fp_vport_get_stats(const struct fp_vport *vport,
			struct ovs_vport_stats *out)
{
	fp_vport_sum_stats(vport, out);
	if (vport->ops->dev_tx_is_dp_rx) {
		swap(out->rx_packets, out->tx_packets);
		swap(out->rx_bytes, out->tx_bytes);
		swap(out->rx_errors, out->tx_errors);
		swap(out->rx_dropped, out->tx_dropped);
	}
}
