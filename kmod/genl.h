/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FP_GENL_H
#define _FP_GENL_H

#include <net/genetlink.h>

struct fp_vport;

/* Each family's only multicast group is its first (index 0). */
#define FP_GENL_MCGRP	0

extern struct genl_family fp_dp_family;
extern struct genl_family fp_vport_family;
extern struct genl_family fp_flow_family;
extern struct genl_family fp_packet_family;

/*
 * Refuses @attr with @msg, prefixed "flowpath: " like every message of
 * ours, so that a user can tell our refusals from the core's and from
 * openvswitch.ko's.
 */
#define FP_SET_ERR_ATTR(extack, attr, msg) do {		\
	struct netlink_ext_ack *__fp_extack = (extack);		\
								\
	NL_SET_ERR_MSG_MOD(__fp_extack, msg);			\
	NL_SET_BAD_ATTR(__fp_extack, attr);			\
} while (0)

int fp_genl_set_prefix(const char *prefix);
int fp_genl_register(void);
void fp_genl_unregister(void);

int fp_genl_check_ifname(const struct nlattr *attr,
			 struct netlink_ext_ack *extack);

/* The ovs_header after the generic netlink header of a request. */
static inline const struct ovs_header *fp_genl_ovs_header(struct genl_info *info)
{
	return genlmsg_data(info->genlhdr);
}

static inline const struct ovs_header *
fp_genl_dump_ovs_header(const struct netlink_callback *cb)
{
	return genlmsg_data(nlmsg_data(cb->nlh));
}

/* datapath_genl.c */
int fp_dp_cmd_new(struct sk_buff *skb, struct genl_info *info);
int fp_dp_cmd_del(struct sk_buff *skb, struct genl_info *info);
int fp_dp_cmd_get(struct sk_buff *skb, struct genl_info *info);
int fp_dp_cmd_set(struct sk_buff *skb, struct genl_info *info);
int fp_dp_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* vport_genl.c */
int fp_vport_cmd_new(struct sk_buff *skb, struct genl_info *info);
int fp_vport_cmd_del(struct sk_buff *skb, struct genl_info *info);
int fp_vport_cmd_get(struct sk_buff *skb, struct genl_info *info);
int fp_vport_cmd_set(struct sk_buff *skb, struct genl_info *info);
int fp_vport_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb);
void fp_vport_genl_notify_gone(struct fp_vport *vport);

/* flow_genl.c */
int fp_flow_cmd_new(struct sk_buff *skb, struct genl_info *info);
int fp_flow_cmd_set(struct sk_buff *skb, struct genl_info *info);
int fp_flow_cmd_get(struct sk_buff *skb, struct genl_info *info);
int fp_flow_cmd_del(struct sk_buff *skb, struct genl_info *info);
int fp_flow_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _FP_GENL_H */
