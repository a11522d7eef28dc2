// SPDX-License-Identifier: GPL-2.0
/*
 * The four generic netlink families of the Open vSwitch datapath uAPI
 * (<linux/openvswitch.h>): names, attribute policies, operation tables.
 *
 * Validation. No operation sets GENL_DONT_VALIDATE_*, so the core checks
 * every request, dumps included, strictly against the family's policy:
 * unknown attributes, attributes outside the policy (reply-only ones such
 * as *_ATTR_STATS) and wrong lengths are refused with an extack naming the
 * attribute, before any handler runs. resv_start_op is past the last
 * command, as in openvswitch.ko, because the stricter header checks it
 * would enable refuse the NLM_F_CREATE/NLM_F_REPLACE that Open vSwitch
 * sends with flow requests.
 *
 * Nested attributes (keys, actions, vport options) are declared NLA_BINARY:
 * Open vSwitch userspace never sets NLA_F_NESTED, which strict NLA_NESTED
 * validation demands; their contents are parsed by whoever consumes them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <net/genetlink.h>

#include "flow_table.h"
#include "genl.h"
#include "upcall.h"

static const struct nla_policy fp_dp_policy[OVS_DP_ATTR_MAX + 1] = {
	[OVS_DP_ATTR_NAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OVS_DP_ATTR_UPCALL_PID] = { .type = NLA_U32 },
	[OVS_DP_ATTR_USER_FEATURES] = { .type = NLA_U32 },
	[OVS_DP_ATTR_MASKS_CACHE_SIZE] =
		NLA_POLICY_RANGE(NLA_U32, 0, FP_MASK_CACHE_MAX),
	[OVS_DP_ATTR_PER_CPU_PIDS] = NLA_POLICY_MIN_LEN(sizeof(u32)),
	[OVS_DP_ATTR_IFINDEX] = NLA_POLICY_MIN(NLA_S32, 0),
};

static const struct nla_policy fp_vport_policy[OVS_VPORT_ATTR_MAX + 1] = {
	[OVS_VPORT_ATTR_PORT_NO] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_TYPE] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_NAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OVS_VPORT_ATTR_OPTIONS] = { .type = NLA_BINARY },
	[OVS_VPORT_ATTR_UPCALL_PID] = { .type = NLA_BINARY },
};

static const struct nla_policy fp_flow_policy[OVS_FLOW_ATTR_MAX + 1] = {
	[OVS_FLOW_ATTR_KEY] = { .type = NLA_BINARY },
	[OVS_FLOW_ATTR_ACTIONS] = { .type = NLA_BINARY },
	[OVS_FLOW_ATTR_CLEAR] = { .type = NLA_FLAG },
	[OVS_FLOW_ATTR_MASK] = { .type = NLA_BINARY },
	[OVS_FLOW_ATTR_PROBE] = { .type = NLA_FLAG },
	[OVS_FLOW_ATTR_UFID] = NLA_POLICY_RANGE(NLA_BINARY, 1, FP_UFID_MAX_LEN),
	[OVS_FLOW_ATTR_UFID_FLAGS] = { .type = NLA_U32 },
};

static const struct nla_policy fp_packet_policy[OVS_PACKET_ATTR_MAX + 1] = {
	[OVS_PACKET_ATTR_PACKET] = NLA_POLICY_MIN_LEN(ETH_HLEN),
	[OVS_PACKET_ATTR_KEY] = { .type = NLA_BINARY },
	[OVS_PACKET_ATTR_ACTIONS] = { .type = NLA_BINARY },
	[OVS_PACKET_ATTR_PROBE] = { .type = NLA_FLAG },
	[OVS_PACKET_ATTR_MRU] = { .type = NLA_U16 },
	[OVS_PACKET_ATTR_HASH] = { .type = NLA_U64 },
};

/* Reads are open to anyone in the namespace; changes need CAP_NET_ADMIN. */
static const struct genl_small_ops fp_dp_ops[] = {
	{ .cmd = OVS_DP_CMD_NEW, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fp_dp_cmd_new },
	{ .cmd = OVS_DP_CMD_DEL, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fp_dp_cmd_del },
	{ .cmd = OVS_DP_CMD_GET,
	  .doit = fp_dp_cmd_get, .dumpit = fp_dp_cmd_dump },
	{ .cmd = OVS_DP_CMD_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fp_dp_cmd_set },
};

static const struct genl_small_ops fp_vport_ops[] = {
	{ .cmd = OVS_VPORT_CMD_NEW, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fp_vport_cmd_new },
	{ .cmd = OVS_VPORT_CMD_DEL, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fp_vport_cmd_del },
	{ .cmd = OVS_VPORT_CMD_GET,
	  .doit = fp_vport_cmd_get, .dumpit = fp_vport_cmd_dump },
	{ .cmd = OVS_VPORT_CMD_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fp_vport_cmd_set },
};

static const struct genl_small_ops fp_flow_ops[] = {
	{ .cmd = OVS_FLOW_CMD_NEW, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fp_flow_cmd_new },
	{ .cmd = OVS_FLOW_CMD_DEL, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fp_flow_cmd_del },
	{ .cmd = OVS_FLOW_CMD_GET,
	  .doit = fp_flow_cmd_get, .dumpit = fp_flow_cmd_dump },
	{ .cmd = OVS_FLOW_CMD_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fp_flow_cmd_set },
};

static const struct genl_small_ops fp_packet_ops[] = {
	{ .cmd = OVS_PACKET_CMD_EXECUTE, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fp_packet_cmd_execute },
};

static const struct genl_multicast_group fp_dp_mcgrps[] = {
	{ .name = OVS_DATAPATH_MCGROUP },
};

static const struct genl_multicast_group fp_vport_mcgrps[] = {
	{ .name = OVS_VPORT_MCGROUP },
};

static const struct genl_multicast_group fp_flow_mcgrps[] = {
	{ .name = OVS_FLOW_MCGROUP },
};

/* .name is filled in from the family_prefix parameter before registration. */
struct genl_family fp_dp_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.version = OVS_DATAPATH_VERSION,
	.maxattr = OVS_DP_ATTR_MAX,
	.policy = fp_dp_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = fp_dp_ops,
	.n_small_ops = ARRAY_SIZE(fp_dp_ops),
	.resv_start_op = OVS_DP_CMD_SET + 1,
	.mcgrps = fp_dp_mcgrps,
	.n_mcgrps = ARRAY_SIZE(fp_dp_mcgrps),
	.module = THIS_MODULE,
};

struct genl_family fp_vport_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.version = OVS_VPORT_VERSION,
	.maxattr = OVS_VPORT_ATTR_MAX,
	.policy = fp_vport_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = fp_vport_ops,
	.n_small_ops = ARRAY_SIZE(fp_vport_ops),
	.resv_start_op = OVS_VPORT_CMD_SET + 1,
	.mcgrps = fp_vport_mcgrps,
	.n_mcgrps = ARRAY_SIZE(fp_vport_mcgrps),
	.module = THIS_MODULE,
};

struct genl_family fp_flow_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.version = OVS_FLOW_VERSION,
	.maxattr = OVS_FLOW_ATTR_MAX,
	.policy = fp_flow_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = fp_flow_ops,
	.n_small_ops = ARRAY_SIZE(fp_flow_ops),
	.resv_start_op = OVS_FLOW_CMD_SET + 1,
	.mcgrps = fp_flow_mcgrps,
	.n_mcgrps = ARRAY_SIZE(fp_flow_mcgrps),
	.module = THIS_MODULE,
};

struct genl_family fp_packet_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.version = OVS_PACKET_VERSION,
	.maxattr = OVS_PACKET_ATTR_MAX,
	.policy = fp_packet_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = fp_packet_ops,
	.n_small_ops = ARRAY_SIZE(fp_packet_ops),
	.resv_start_op = OVS_PACKET_CMD_EXECUTE + 1,
	.module = THIS_MODULE,
};

static struct genl_family *const fp_families[] = {
	&fp_dp_family, &fp_vport_family, &fp_flow_family, &fp_packet_family,
};

static const char *const fp_family_suffixes[] = {
	"_datapath", "_vport", "_flow", "_packet",
};

/* The longest suffix, "_datapath", and the NUL must fit too. */
#define FP_PREFIX_MAX	(GENL_NAMSIZ - sizeof("_datapath"))

static bool fp_prefix_char_ok(char c)
{
	return islower(c) || isdigit(c) || c == '_';
}

/**
 * fp_genl_set_prefix - name the families <prefix>_datapath and so on
 * @prefix: the family_prefix module parameter
 *
 * Refuses (with a kernel log line saying why) a prefix that is empty, too
 * long for GENL_NAMSIZ or not made of [a-z0-9_].
 */
int fp_genl_set_prefix(const char *prefix)
{
	size_t len = strlen(prefix);
	size_t i;

	if (!len || len > FP_PREFIX_MAX) {
		pr_err("family_prefix must be 1 to %zu characters (got %zu): \"<prefix>_datapath\" must fit a %d-byte generic netlink family name\n",
		       FP_PREFIX_MAX, len, GENL_NAMSIZ);
		return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		if (!fp_prefix_char_ok(prefix[i])) {
			pr_err("family_prefix: character %#x at offset %zu is not one of a-z, 0-9, _\n",
			       (unsigned char)prefix[i], i);
			return -EINVAL;
		}
	}
	for (i = 0; i < ARRAY_SIZE(fp_families); i++)
		snprintf(fp_families[i]->name, GENL_NAMSIZ, "%s%s", prefix,
			 fp_family_suffixes[i]);
	return 0;
}

static int fp_genl_register_one(struct genl_family *family)
{
	int err = genl_register_family(family);

	if (err == -EEXIST)
		pr_err("generic netlink family %s already exists (openvswitch.ko loaded? load flowpath with family_prefix=fp)\n",
		       family->name);
	else if (err)
		pr_err("cannot register generic netlink family %s: %d\n",
		       family->name, err);
	return err;
}

int fp_genl_register(void)
{
	int err;

	err = fp_genl_register_one(&fp_dp_family);
	if (err)
		return err;
	err = fp_genl_register_one(&fp_vport_family);
	if (err)
		goto err_unregister_dp;
	err = fp_genl_register_one(&fp_flow_family);
	if (err)
		goto err_unregister_vport;
	err = fp_genl_register_one(&fp_packet_family);
	if (err)
		goto err_unregister_flow;
	return 0;

err_unregister_flow:
	genl_unregister_family(&fp_flow_family);
err_unregister_vport:
	genl_unregister_family(&fp_vport_family);
err_unregister_dp:
	genl_unregister_family(&fp_dp_family);
	return err;
}

/* Waits for requests in progress; no new one starts afterwards. */
void fp_genl_unregister(void)
{
	genl_unregister_family(&fp_packet_family);
	genl_unregister_family(&fp_flow_family);
	genl_unregister_family(&fp_vport_family);
	genl_unregister_family(&fp_dp_family);
}

/*
 * A name for a device we create or look up. The policy bounded its length;
 * '%' is refused because register_netdevice() would expand "dp%d" into a
 * name the requester never asked for.
 */
int fp_genl_check_ifname(const struct nlattr *attr,
			 struct netlink_ext_ack *extack)
{
	const char *name = nla_data(attr);

	if (!dev_valid_name(name)) {
		FP_SET_ERR_ATTR(extack, attr,
				"not a valid network device name");
		return -EINVAL;
	}
	if (strchr(name, '%')) {
		FP_SET_ERR_ATTR(extack, attr,
				"device names may not contain '%': give the literal name");
		return -EINVAL;
	}
	return 0;
}
