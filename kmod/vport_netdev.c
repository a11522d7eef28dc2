// SPDX-License-Identifier: GPL-2.0
/*
 * NETDEV vports (OVS_VPORT_TYPE_NETDEV): an existing Ethernet device whose
 * received frames the datapath takes over through an rx_handler, and the
 * netdevice notifier that detaches it when the device goes away.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "compat.h"
#include "datapath.h"
#include "genl.h"
#include "vport.h"

static rx_handler_result_t fp_netdev_frame_hook(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct fp_vport *vport;

	/* Our host's own multicast, looped back by the IP stack: not input. */
	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	vport = rcu_dereference(skb->dev->rx_handler_data);
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		fp_vport_count_rx_dropped(vport);
		return RX_HANDLER_CONSUMED;
	}
	/* eth_type_trans() pulled the Ethernet header: the datapath wants it. */
	skb_push_rcsum(skb, skb->mac_len);
	fp_vport_receive(vport, skb);
	return RX_HANDLER_CONSUMED;
}

/* The vport if @dev is attached to one of our datapaths. RTNL, fp_mutex or RCU. */
struct fp_vport *fp_netdev_vport_from_dev(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != fp_netdev_frame_hook)
		return NULL;
	return rcu_dereference_check(dev->rx_handler_data,
				     lockdep_rtnl_is_held() || fp_lockdep_held());
}

/*
 * A device already in one of our datapaths: EEXIST if it is this one's
 * port (as openvswitch.ko answers), EBUSY if another datapath has it.
 */
static int fp_netdev_check_attached(const struct fp_vport *vport,
				    const struct net_device *dev,
				    struct netlink_ext_ack *extack)
{
	const struct fp_vport *other = fp_netdev_vport_from_dev(dev);

	if (!other)
		return 0;
	if (other->dp == vport->dp) {
		FP_SET_ERR_MSG_FMT(extack,
				   "the device is already a port of this datapath",
				   "%s is already port %u of this datapath",
				   dev->name, other->port_no);
		return -EEXIST;
	}
	FP_SET_ERR_MSG_FMT(extack,
			   "the device is a port of another datapath",
			   "%s is a port of another datapath", dev->name);
	return -EBUSY;
}

/* Devices the datapath cannot take frames from, and why. */
static int fp_netdev_check(const struct fp_vport *vport,
			   const struct net_device *dev,
			   struct netlink_ext_ack *extack)
{
	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the loopback device cannot be a datapath port");
		return -EINVAL;
	}
	if (dev->type != ARPHRD_ETHER) {
		FP_SET_ERR_MSG_FMT(extack,
				   "only Ethernet devices can be NETDEV vports",
				   "%s is not an Ethernet device (link type %u)",
				   dev->name, dev->type);
		return -EINVAL;
	}
	if (fp_internal_vport_from_dev(dev)) {
		FP_SET_ERR_MSG_FMT(extack,
				   "the device is an internal port of a flowpath datapath",
				   "%s is an internal port of a flowpath datapath",
				   dev->name);
		return -EINVAL;
	}
	return fp_netdev_check_attached(vport, dev, extack);
}

static void fp_netdev_explain_handler(int err, const struct net_device *dev,
				      struct netlink_ext_ack *extack)
{
	if (err == -EBUSY)
		FP_SET_ERR_MSG_FMT(extack,
				   "the device already has an rx handler (is it a bridge, bond or macvlan port?)",
				   "%s already has an rx handler (bridge, bond, macvlan?)",
				   dev->name);
	else if (err == -EINVAL)
		FP_SET_ERR_MSG_FMT(extack,
				   "the device does not accept an rx handler",
				   "%s does not accept an rx handler", dev->name);
}

/*
 * Attaches the named device: our rx_handler takes its frames, it becomes a
 * lower device of port 0 (so "ip link" shows it under the datapath) and
 * goes promiscuous, since the datapath switches frames not addressed to the
 * host. LRO is turned off: merged frames cannot be forwarded as received.
 * Unlike openvswitch.ko we do not set IFF_OVS_DATAPATH: that module, when
 * loaded beside us (or merely autoloaded by a genl family lookup), takes
 * the rx_handler_data of any such device for its own vport.
 */
static int fp_netdev_vport_create(struct fp_vport *vport,
				  const struct fp_vport_params *params,
				  struct netlink_ext_ack *extack)
{
	struct net_device *local = vport->dp->local->dev;
	struct net_device *dev;
	int err;

	ASSERT_RTNL();

	dev = __dev_get_by_name(vport->dp->net, params->name);
	if (!dev) {
		FP_SET_ERR_MSG_FMT(extack,
				   "no network device of that name in the datapath's namespace",
				   "no network device named %s in the datapath's namespace",
				   params->name);
		return -ENODEV;
	}
	err = fp_netdev_check(vport, dev, extack);
	if (err)
		return err;

	netdev_hold(dev, &vport->dev_tracker, GFP_KERNEL);
	vport->dev = dev;

	err = netdev_rx_handler_register(dev, fp_netdev_frame_hook, vport);
	if (err) {
		fp_netdev_explain_handler(err, dev, extack);
		goto err_put_dev;
	}
	err = netdev_master_upper_dev_link(dev, local, NULL, NULL, extack);
	if (err)
		goto err_unregister_handler;
	err = dev_set_promiscuity(dev, 1);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot make the device promiscuous");
		goto err_unlink_upper;
	}
	dev_disable_lro(dev);
	return 0;

err_unlink_upper:
	netdev_upper_dev_unlink(dev, local);
err_unregister_handler:
	netdev_rx_handler_unregister(dev);
err_put_dev:
	vport->dev = NULL;
	netdev_put(dev, &vport->dev_tracker);
	return err;
}

static void fp_netdev_vport_destroy(struct fp_vport *vport)
{
	struct net_device *dev = vport->dev;

	ASSERT_RTNL();

	dev_set_promiscuity(dev, -1);
	netdev_upper_dev_unlink(dev, vport->dp->local->dev);
	/* Waits for frames already inside the hook. */
	netdev_rx_handler_unregister(dev);
	netdev_put(dev, &vport->dev_tracker);
}

/* Queueing discipline, drops and driver counters are the device's. */
static void fp_netdev_vport_send(struct fp_vport *vport, struct sk_buff *skb)
{
	dev_queue_xmit(skb);
}

const struct fp_vport_ops fp_netdev_vport_ops = {
	.type = OVS_VPORT_TYPE_NETDEV,
	.create = fp_netdev_vport_create,
	.destroy = fp_netdev_vport_destroy,
	.send = fp_netdev_vport_send,
};

/*
 * An attached device is going away (deleted, its namespace dying, or moving
 * to another namespace): the vport goes with it, or the device would wait
 * forever for our reference. Userspace hears OVS_VPORT_CMD_DEL on the vport
 * multicast group, as if it had asked.
 */
static int fp_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct fp_vport *vport;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;

	/* Never true for our internal devices: see DOC: Locking. */
	vport = fp_netdev_vport_from_dev(dev);
	if (!vport)
		return NOTIFY_DONE;

	fp_lock();
	fp_vport_genl_notify_gone(vport);
	fp_dp_port_del(vport);
	fp_unlock();
	return NOTIFY_DONE;
}

static struct notifier_block fp_netdev_notifier = {
	.notifier_call = fp_netdev_event,
};

int fp_netdev_notifier_register(void)
{
	return register_netdevice_notifier(&fp_netdev_notifier);
}

void fp_netdev_notifier_unregister(void)
{
	unregister_netdevice_notifier(&fp_netdev_notifier);
}
