// SPDX-License-Identifier: GPL-2.0
/*
 * Internal vports (OVS_VPORT_TYPE_INTERNAL): a net_device we create, whose
 * transmit path is the datapath's receive path - what the host sends on it
 * enters the datapath on that port. Port 0 of every datapath is one; its
 * name and ifindex are the datapath's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/dst.h>
#include <net/xfrm.h>

#include "compat.h"
#include "datapath.h"
#include "vport.h"

struct fp_internal_priv {
	struct fp_vport *vport;	/* set before registration, never changed */
};

static const struct net_device_ops fp_internal_netdev_ops;

static netdev_tx_t fp_internal_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct fp_internal_priv *priv = netdev_priv(dev);

	/* The core holds rcu_read_lock_bh(); our readers check rcu_read_lock(). */
	rcu_read_lock();
	fp_vport_receive(priv->vport, skb);
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

/* The vport's counters are already the device's view (dev_tx_is_dp_rx). */
static void fp_internal_get_stats64(struct net_device *dev,
				    struct rtnl_link_stats64 *s)
{
	struct fp_internal_priv *priv = netdev_priv(dev);
	struct ovs_vport_stats vs;

	fp_vport_get_stats(priv->vport, &vs);
	s->rx_packets = vs.rx_packets;
	s->rx_bytes = vs.rx_bytes;
	s->rx_errors = vs.rx_errors;
	s->rx_dropped = vs.rx_dropped;
	s->tx_packets = vs.tx_packets;
	s->tx_bytes = vs.tx_bytes;
	s->tx_errors = vs.tx_errors;
	s->tx_dropped = vs.tx_dropped;
}

static const struct net_device_ops fp_internal_netdev_ops = {
	.ndo_start_xmit = fp_internal_xmit,
	.ndo_get_stats64 = fp_internal_get_stats64,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

static void fp_internal_get_drvinfo(struct net_device *dev,
				    struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
}

static const struct ethtool_ops fp_internal_ethtool_ops = {
	.get_drvinfo = fp_internal_get_drvinfo,
	.get_link = ethtool_op_get_link,
};

/*
 * No rtnl_link_ops: "ip link del" cannot remove a port behind the datapath's
 * back (it answers EOPNOTSUPP); only OVS_VPORT_CMD_DEL / OVS_DP_CMD_DEL and
 * namespace exit do. The device may not leave its namespace either: the
 * datapath lives in exactly one. No IFF_OPENVSWITCH: openvswitch.ko, if also
 * loaded, would take our private data for its own.
 */
static void fp_internal_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &fp_internal_netdev_ops;
	dev->ethtool_ops = &fp_internal_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->max_mtu = ETH_MAX_MTU;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_NO_QUEUE;

	/* The upcall path segments GSO and completes checksums itself. */
	dev->features = NETIF_F_SG | NETIF_F_HIGHDMA | NETIF_F_HW_CSUM |
			NETIF_F_GSO_SOFTWARE;
	dev->vlan_features = dev->features;
	dev->features |= NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_STAG_TX;
	dev->hw_features = dev->features;
	fp_compat_set_lltx_netns_local(dev);

	eth_hw_addr_random(dev);
}

/* Translates register_netdevice() failures a request can cause. */
static void fp_internal_explain(int err, const struct fp_vport_params *params,
				struct netlink_ext_ack *extack)
{
	switch (err) {
	case -EEXIST:
		FP_SET_ERR_MSG_FMT(extack,
				   "a network device of that name already exists",
				   "a network device named %s already exists",
				   params->name);
		break;
	case -EBUSY:
		NL_SET_ERR_MSG_MOD(extack,
				   "the requested ifindex is already in use");
		break;
	case -EINVAL:
		NL_SET_ERR_MSG_MOD(extack, "not a valid network device name");
		break;
	}
}

static int fp_internal_vport_create(struct fp_vport *vport,
				    const struct fp_vport_params *params,
				    struct netlink_ext_ack *extack)
{
	struct fp_internal_priv *priv;
	struct net_device *dev;
	int err;

	ASSERT_RTNL();

	dev = alloc_netdev(sizeof(*priv), params->name, NET_NAME_USER,
			   fp_internal_setup);
	if (!dev)
		return -ENOMEM;
	dev_net_set(dev, vport->dp->net);
	dev->ifindex = params->ifindex;
	priv = netdev_priv(dev);
	priv->vport = vport;
	vport->dev = dev;

	err = register_netdevice(dev);
	if (err) {
		fp_internal_explain(err, params, extack);
		vport->dev = NULL;
		/* needs_free_netdev only applies once registered. */
		free_netdev(dev);
		/* As openvswitch.ko: a taken ifindex "exists", like a taken name. */
		return err == -EBUSY && params->ifindex ? -EEXIST : err;
	}
	return 0;
}

/* needs_free_netdev frees the device when its last reference goes. */
static void fp_internal_vport_destroy(struct fp_vport *vport)
{
	ASSERT_RTNL();
	unregister_netdevice(vport->dev);
}

/*
 * The datapath's output on an internal port is the host's input on its
 * device: the frame leaves the datapath's world (route, conntrack and
 * security path state go) and enters the stack as if received. The
 * vport counted it (tx, the device's rx).
 */
static void fp_internal_vport_send(struct fp_vport *vport, struct sk_buff *skb)
{
	struct net_device *dev = vport->dev;

	if (unlikely(!(dev->flags & IFF_UP) || !pskb_may_pull(skb, ETH_HLEN))) {
		kfree_skb(skb);
		return;
	}
	skb_dst_drop(skb);
	nf_reset_ct(skb);
	secpath_reset(skb);
	skb->pkt_type = PACKET_HOST;
	skb->protocol = eth_type_trans(skb, dev);
	skb_postpull_rcsum(skb, eth_hdr(skb), ETH_HLEN);
	netif_rx(skb);
}

const struct fp_vport_ops fp_internal_vport_ops = {
	.type = OVS_VPORT_TYPE_INTERNAL,
	.dev_tx_is_dp_rx = true,
	.create = fp_internal_vport_create,
	.destroy = fp_internal_vport_destroy,
	.send = fp_internal_vport_send,
};

/* The vport if @dev is one of our internal devices. Any context. */
struct fp_vport *fp_internal_vport_from_dev(const struct net_device *dev)
{
	const struct fp_internal_priv *priv;

	if (dev->netdev_ops != &fp_internal_netdev_ops)
		return NULL;
	priv = netdev_priv(dev);
	return priv->vport;
}
