// SPDX-License-Identifier: GPL-2.0
/*
 * flowpath.ko: an offload-aware datapath that speaks the generic netlink
 * uAPI of the in-tree Open vSwitch datapath (<linux/openvswitch.h>).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/rcupdate.h>

#include "actions.h"
#include "datapath.h"
#include "flow_table.h"
#include "genl.h"
#include "vport.h"

static char *family_prefix = "ovs";
module_param(family_prefix, charp, 0444);
MODULE_PARM_DESC(family_prefix,
		 "generic netlink families are <prefix>_datapath, _vport, _flow, _packet (default \"ovs\"; e.g. \"fp\" to load beside openvswitch.ko)");

/*
 * Order: the flow allocator first; the notifier, so it is there for every
 * attached device;
 * then per-namespace state; the families last, since requests may arrive
 * the moment they exist.
 */
static int __init fp_module_init(void)
{
	int err;

	err = fp_genl_set_prefix(family_prefix);
	if (err)
		return err;
	err = fp_flow_cache_init();
	if (err)
		return err;
	err = fp_actions_init();
	if (err)
		goto err_flow_cache_exit;
	err = fp_netdev_notifier_register();
	if (err)
		goto err_actions_exit;
	err = fp_dp_pernet_register();
	if (err)
		goto err_unregister_notifier;
	err = fp_genl_register();
	if (err)
		goto err_unregister_pernet;

	pr_info("generic netlink families %s, %s, %s, %s\n", fp_dp_family.name,
		fp_vport_family.name, fp_flow_family.name,
		fp_packet_family.name);
	return 0;

err_unregister_pernet:
	fp_dp_pernet_unregister();
err_unregister_notifier:
	fp_netdev_notifier_unregister();
err_actions_exit:
	fp_actions_exit();
err_flow_cache_exit:
	fp_flow_cache_exit();
	return err;
}

/*
 * No request can start once the families are gone; every namespace's exit
 * then destroys its datapaths (with the notifier still watching attached
 * devices); then wait for our call_rcu() callbacks, which live in this
 * module's text and free flows into the flow caches destroyed last.
 */
static void __exit fp_module_exit(void)
{
	fp_genl_unregister();
	fp_dp_pernet_unregister();
	fp_netdev_notifier_unregister();
	rcu_barrier();
	fp_actions_exit();
	fp_flow_cache_exit();
}

module_init(fp_module_init);
module_exit(fp_module_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("flowpath: Open vSwitch uAPI datapath for switchdev hosts");
