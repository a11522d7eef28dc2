/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FP_UPCALL_H
#define _FP_UPCALL_H

#include <linux/skbuff.h>
#include <net/genetlink.h>

struct fp_datapath;
struct fp_vport;

int fp_upcall_miss(struct fp_datapath *dp, struct fp_vport *vport,
		   struct sk_buff *skb);

int fp_packet_cmd_execute(struct sk_buff *skb, struct genl_info *info);

#endif /* _FP_UPCALL_H */
