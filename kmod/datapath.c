// SPDX-License-Identifier: GPL-2.0
/*
 * Datapaths: a per-namespace set of ports identified by its local port 0.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_vlan.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/netns/generic.h>

#include "actions.h"
#include "datapath.h"
#include "flow_table.h"
#include "upcall.h"
#include "vport.h"

/**
 * DOC: Locking
 *
 * Every change to datapaths and vports - generic netlink requests, the
 * netdevice notifier, namespace exit - is made under the one mutex
 * fp_mutex. Changes that create or destroy net_devices or rx handlers also
 * need RTNL and take it first: the order is always RTNL, then fp_mutex. The
 * netdevice notifier runs under RTNL and takes fp_mutex, which fits.
 *
 * We unregister our own internal devices with fp_mutex held, so the notifier
 * must never take fp_mutex for them. It only acts on devices carrying our
 * rx_handler (attached NETDEV vports), and our internal devices never do.
 *
 * The packet path (rx_handler in softirq; internal device transmit, BH off)
 * takes no lock. It reaches the vport through dev->rx_handler_data or the
 * internal device's private area, the datapath through vport->dp, and reads
 * the port hash, the flow table (flow_table.c has its own story, under the
 * same mutex) and the upcall ids under RCU. Writers publish with
 * hlist_add_head_rcu()/rcu_replace_pointer() and free with call_rcu() or
 * kfree_rcu(). Unregistering an rx_handler or a device waits for packets in
 * flight (synchronize_net()), so once fp_vport_destroy() returns nothing
 * enters through that port; the deferred free covers readers of the hash.
 *
 * Control-side readers (GET, dumps) hold fp_mutex only. A vport or datapath
 * found through a net_device (by name or ifindex, under RCU) stays valid
 * while fp_mutex is held, because only fp_mutex holders free them.
 *
 * Counters are per-CPU (u64_stats_sync), written with BH disabled.
 */
DEFINE_MUTEX(fp_mutex);

struct fp_net {
	struct list_head datapaths;	/* fp_mutex */
};

static unsigned int fp_net_id __read_mostly;

struct list_head *fp_dp_list(struct net *net)
{
	struct fp_net *fn = net_generic(net, fp_net_id);

	return &fn->datapaths;
}

int fp_dp_ifindex(const struct fp_datapath *dp)
{
	return dp->local->dev->ifindex;
}

void fp_dp_copy_name(const struct fp_datapath *dp, char *buf)
{
	fp_vport_copy_name(dp->local, buf);
}

static struct hlist_head *fp_dp_port_bucket(const struct fp_datapath *dp,
					    u32 port_no)
{
	return &dp->ports[port_no % FP_PORT_HASH_BUCKETS];
}

/* fp_mutex or RCU read side. */
struct fp_vport *fp_dp_port_lookup(const struct fp_datapath *dp, u32 port_no)
{
	struct fp_vport *vport;

	hlist_for_each_entry_rcu(vport, fp_dp_port_bucket(dp, port_no),
				 hash_node, fp_lockdep_held())
		if (vport->port_no == port_no)
			return vport;
	return NULL;
}

/*
 * The requested port number (below FP_MAX_PORTS) if free, else the lowest
 * free one from 1.
 */
static int fp_dp_port_pick(const struct fp_datapath *dp, u32 want, u32 *out,
			   struct netlink_ext_ack *extack)
{
	u32 port_no;

	if (want != FP_PORT_NO_ANY) {
		if (fp_dp_port_lookup(dp, want)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "OVS_VPORT_ATTR_PORT_NO: that port number is in use in this datapath");
			return -EBUSY;
		}
		*out = want;
		return 0;
	}
	for (port_no = 1; port_no < FP_MAX_PORTS; port_no++) {
		if (!fp_dp_port_lookup(dp, port_no)) {
			*out = port_no;
			return 0;
		}
	}
	NL_SET_ERR_MSG_MOD(extack, "the datapath has no free port number left");
	return -EFBIG;
}

/*
 * Creates a vport in @dp and makes it reachable by number. RTNL and
 * fp_mutex held; on failure the caller still owns @params->upcall_pids.
 */
struct fp_vport *fp_dp_port_add(struct fp_datapath *dp,
				const struct fp_vport_params *params,
				struct netlink_ext_ack *extack)
{
	struct fp_vport *vport;
	u32 port_no;
	int err;

	lockdep_assert_held(&fp_mutex);

	err = fp_dp_port_pick(dp, params->port_no, &port_no, extack);
	if (err)
		return ERR_PTR(err);
	vport = fp_vport_create(dp, port_no, params, extack);
	if (IS_ERR(vport))
		return vport;
	hlist_add_head_rcu(&vport->hash_node, fp_dp_port_bucket(dp, port_no));
	return vport;
}

/* RTNL and fp_mutex held. */
void fp_dp_port_del(struct fp_vport *vport)
{
	lockdep_assert_held(&fp_mutex);

	hlist_del_rcu(&vport->hash_node);
	fp_vport_destroy(vport);
}

/**
 * fp_dp_create - a new datapath with its local port
 * @net: namespace to create it in
 * @params: validated OVS_DP_CMD_NEW request; its upcall ids pass to port 0
 *	on success only, its per-CPU ids to the datapath (as fp_dp_change())
 * @extack: why it failed (e.g. a device of that name exists)
 *
 * RTNL and fp_mutex held.
 */
struct fp_datapath *fp_dp_create(struct net *net,
				 struct fp_dp_params *params,
				 struct netlink_ext_ack *extack)
{
	const struct fp_vport_params local = {
		.name = params->name,
		.type = OVS_VPORT_TYPE_INTERNAL,
		.port_no = OVSP_LOCAL,
		.ifindex = params->ifindex,
		.upcall_pids = params->upcall_pids,
	};
	struct fp_datapath *dp;
	struct fp_vport *vport;
	unsigned int i;
	int err = -ENOMEM;

	ASSERT_RTNL();
	lockdep_assert_held(&fp_mutex);

	dp = kzalloc(sizeof(*dp), GFP_KERNEL);
	if (!dp)
		return ERR_PTR(-ENOMEM);
	dp->net = net;
	dp->user_features = params->user_features;

	dp->ports = kmalloc_array(FP_PORT_HASH_BUCKETS, sizeof(*dp->ports),
				  GFP_KERNEL);
	if (!dp->ports)
		goto err_free_dp;
	for (i = 0; i < FP_PORT_HASH_BUCKETS; i++)
		INIT_HLIST_HEAD(&dp->ports[i]);

	dp->stats = netdev_alloc_pcpu_stats(struct fp_dp_pcpu_stats);
	if (!dp->stats)
		goto err_free_ports;
	dp->table = fp_flow_table_new();
	if (!dp->table)
		goto err_free_stats;
	err = fp_dp_change(dp, params, extack);
	if (err)
		goto err_free_table;

	/*
	 * The local device exists but is down until RTNL is released, so no
	 * packet can reach dp->local before it is set.
	 */
	vport = fp_dp_port_add(dp, &local, extack);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto err_free_table;
	}
	dp->local = vport;
	list_add_tail(&dp->node, fp_dp_list(net));
	return dp;

err_free_table:
	kfree(rcu_dereference_protected(dp->cpu_pids, true));
	fp_flow_table_destroy(dp->table);
err_free_stats:
	free_percpu(dp->stats);
err_free_ports:
	kfree(dp->ports);
err_free_dp:
	kfree(dp);
	return ERR_PTR(err);
}

static void fp_dp_free_rcu(struct rcu_head *head)
{
	struct fp_datapath *dp = container_of(head, struct fp_datapath, rcu);

	kfree(rcu_dereference_raw(dp->cpu_pids));
	free_percpu(dp->stats);
	kfree(dp->ports);
	kfree(dp);
}

/* Removes every port, then the datapath. RTNL and fp_mutex held. */
void fp_dp_destroy(struct fp_datapath *dp)
{
	struct fp_vport *vport;
	struct hlist_node *next;
	unsigned int i;

	ASSERT_RTNL();
	lockdep_assert_held(&fp_mutex);

	list_del(&dp->node);
	/* Attached devices are linked below port 0's device: they go first. */
	for (i = 0; i < FP_PORT_HASH_BUCKETS; i++)
		hlist_for_each_entry_safe(vport, next, &dp->ports[i], hash_node)
			if (vport != dp->local)
				fp_dp_port_del(vport);
	fp_dp_port_del(dp->local);
	/* No port is left to feed the table: its frees need no ordering. */
	fp_flow_table_destroy(dp->table);
	call_rcu(&dp->rcu, fp_dp_free_rcu);
}

static struct fp_datapath *fp_dp_from_dev(struct net_device *dev)
{
	struct fp_vport *vport = dev ? fp_internal_vport_from_dev(dev) : NULL;

	return vport && vport->port_no == OVSP_LOCAL ? vport->dp : NULL;
}

/* By the name of its local device. fp_mutex held. */
struct fp_datapath *fp_dp_find_by_name(struct net *net, const char *name)
{
	struct fp_datapath *dp;

	lockdep_assert_held(&fp_mutex);

	rcu_read_lock();
	dp = fp_dp_from_dev(dev_get_by_name_rcu(net, name));
	rcu_read_unlock();
	return dp;
}

/* By the ifindex of its local device (ovs_header.dp_ifindex). fp_mutex. */
struct fp_datapath *fp_dp_find_by_ifindex(struct net *net, int ifindex)
{
	struct fp_datapath *dp;

	lockdep_assert_held(&fp_mutex);

	rcu_read_lock();
	dp = fp_dp_from_dev(dev_get_by_index_rcu(net, ifindex));
	rcu_read_unlock();
	return dp;
}

/**
 * fp_dp_change - apply what OVS_DP_CMD_NEW or _SET asks, as validated
 * @dp: the datapath
 * @params: USER_FEATURES, MASKS_CACHE_SIZE, PER_CPU_PIDS (each optional);
 *	@params->cpu_pids passes to @dp when applied
 * @extack: why not
 *
 * Per-CPU ids are taken only when the features (new or kept) ask for
 * per-CPU dispatch, as openvswitch.ko does. fp_mutex held.
 */
int fp_dp_change(struct fp_datapath *dp, struct fp_dp_params *params,
		 struct netlink_ext_ack *extack)
{
	struct fp_upcall_pids *old;
	int err;

	lockdep_assert_held(&fp_mutex);

	if (params->has_cache_size) {
		err = fp_flow_table_set_cache_size(dp->table,
						   params->cache_size, extack);
		if (err)
			return err;
	}
	if (params->has_features)
		WRITE_ONCE(dp->user_features, params->user_features);
	if (params->cpu_pids &&
	    (dp->user_features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU)) {
		old = rcu_replace_pointer(dp->cpu_pids, params->cpu_pids,
					  fp_lockdep_held());
		params->cpu_pids = NULL;
		if (old)
			kfree_rcu(old, rcu);
	}
	return 0;
}

/*
 * Per-CPU dispatch: the Netlink port of this CPU's handler, or 0 (no
 * upcall: counted lost) before userspace gave any. Packet path.
 */
u32 fp_dp_cpu_upcall_portid(const struct fp_datapath *dp)
{
	const struct fp_upcall_pids *pids = rcu_dereference(dp->cpu_pids);

	return pids ? pids->ids[smp_processor_id() % pids->n] : 0;
}

/* Lookup counters and the table's sizes. fp_mutex held. */
void fp_dp_get_stats(const struct fp_datapath *dp, struct ovs_dp_stats *out,
		     struct ovs_dp_megaflow_stats *mega)
{
	struct fp_flow_table_info info;
	int cpu;

	/* Both go to userspace whole, padding included. */
	memset(out, 0, sizeof(*out));
	memset(mega, 0, sizeof(*mega));
	for_each_possible_cpu(cpu) {
		const struct fp_dp_pcpu_stats *s = per_cpu_ptr(dp->stats, cpu);
		u64 hit, missed, lost, mask_hit, cache_hit;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			hit = u64_stats_read(&s->n_hit);
			missed = u64_stats_read(&s->n_missed);
			lost = u64_stats_read(&s->n_lost);
			mask_hit = u64_stats_read(&s->n_mask_hit);
			cache_hit = u64_stats_read(&s->n_cache_hit);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		out->n_hit += hit;
		out->n_missed += missed;
		out->n_lost += lost;
		mega->n_mask_hit += mask_hit;
		mega->n_cache_hit += cache_hit;
	}
	fp_flow_table_get_info(dp->table, &info);
	out->n_flows = info.n_flows;
	mega->n_masks = info.n_masks;
}

u32 fp_dp_masks_cache_size(const struct fp_datapath *dp)
{
	struct fp_flow_table_info info;

	fp_flow_table_get_info(dp->table, &info);
	return info.cache_size;
}

/* One lookup's outcome into this CPU's counters. Packet path. */
static void fp_dp_count(struct fp_datapath *dp, bool hit, bool lost,
			u32 n_mask_hit, u32 n_cache_hit)
{
	struct fp_dp_pcpu_stats *stats = this_cpu_ptr(dp->stats);

	u64_stats_update_begin(&stats->syncp);
	if (hit)
		u64_stats_inc(&stats->n_hit);
	else
		u64_stats_inc(&stats->n_missed);
	if (lost)
		u64_stats_inc(&stats->n_lost);
	u64_stats_add(&stats->n_mask_hit, n_mask_hit);
	u64_stats_add(&stats->n_cache_hit, n_cache_hit);
	u64_stats_update_end(&stats->syncp);
}

/*
 * The mask cache is indexed by the skb hash. A frame and its recirculated
 * self share that hash but usually not their mask: recirculation mixes
 * the recirc_id in, so the two do not evict each other.
 */
static u32 fp_dp_cache_hash(struct sk_buff *skb, const struct fp_flow_key *key)
{
	u32 hash = skb_get_hash(skb);

	return key->recirc_id && hash ? jhash_1word(hash, key->recirc_id) : hash;
}

/*
 * Looks @key up: a hit credits the flow and runs its actions, a miss goes
 * to userspace as OVS_PACKET_CMD_MISS (and is also counted lost if it
 * cannot, so lost is a subset of missed, as the uAPI defines them).
 * Consumes @skb. Packet path.
 */
static void fp_dp_lookup_and_run(struct fp_datapath *dp, struct fp_vport *vport,
				 struct sk_buff *skb, struct fp_flow_key *key)
{
	u32 n_mask_hit, n_cache_hit;
	struct fp_flow *flow;
	int err;

	flow = fp_flow_table_lookup(dp->table, key, fp_dp_cache_hash(skb, key),
				    &n_mask_hit, &n_cache_hit);
	if (likely(flow)) {
		fp_flow_stats_credit(flow, skb->len + (skb_vlan_tag_present(skb) ?
						       VLAN_HLEN : 0),
				     key->tp.flags);
		fp_dp_count(dp, true, false, n_mask_hit, n_cache_hit);
		fp_actions_execute(dp, skb, key, fp_flow_actions(flow));
		return;
	}

	err = fp_upcall_miss(dp, vport, skb, key);
	fp_dp_count(dp, false, err, n_mask_hit, n_cache_hit);
	if (err)
		kfree_skb(skb);
	else
		consume_skb(skb);
}

/**
 * fp_dp_process_packet - what the datapath does with a received frame
 * @vport: the port it arrived on
 * @skb: the frame (data at the Ethernet header, at least ETH_HLEN); consumed
 *
 * A frame whose key cannot be extracted is dropped (the vport counted it
 * received; openvswitch.ko does not count it either). Packet path.
 */
void fp_dp_process_packet(struct fp_vport *vport, struct sk_buff *skb)
{
	struct fp_flow_key key;

	if (unlikely(fp_flow_key_extract(skb, vport->port_no, &key))) {
		kfree_skb(skb);
		return;
	}
	fp_dp_lookup_and_run(vport->dp, vport, skb, &key);
}

void fp_dp_recirc(struct fp_datapath *dp, struct sk_buff *skb,
		  struct fp_flow_key *key)
{
	struct fp_vport *vport = fp_dp_port_lookup(dp, key->in_port);

	/* The port went while the frame was in flight. */
	if (unlikely(!vport)) {
		kfree_skb(skb);
		return;
	}
	fp_dp_lookup_and_run(dp, vport, skb, key);
}

static int __net_init fp_net_init(struct net *net)
{
	INIT_LIST_HEAD(fp_dp_list(net));
	return 0;
}

/*
 * Runs before the core unregisters the namespace's remaining devices (we
 * are a pernet *device* subsystem registered after it), so our internal
 * devices and rx handlers are gone before anyone waits for them.
 */
static void __net_exit fp_net_exit(struct net *net)
{
	struct fp_datapath *dp, *next;

	rtnl_lock();
	fp_lock();
	list_for_each_entry_safe(dp, next, fp_dp_list(net), node)
		fp_dp_destroy(dp);
	fp_unlock();
	rtnl_unlock();
}

static struct pernet_operations fp_net_ops = {
	.init = fp_net_init,
	.exit = fp_net_exit,
	.id = &fp_net_id,
	.size = sizeof(struct fp_net),
};

int fp_dp_pernet_register(void)
{
	return register_pernet_device(&fp_net_ops);
}

void fp_dp_pernet_unregister(void)
{
	unregister_pernet_device(&fp_net_ops);
}
