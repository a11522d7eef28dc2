/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the parsing half of the flow key (flow_key_attrs.c,
 * flow_key_parse.c, flow_key_fields.c, flow_key_rules.c).
 */
#ifndef _FP_FLOW_KEY_PARSE_H
#define _FP_FLOW_KEY_PARSE_H

#include <linux/openvswitch.h>
#include <net/netlink.h>

#include "flow_key.h"

#define FP_KEY_BIT(type)	BIT_ULL(OVS_KEY_ATTR_##type)

/*
 * One parse of a key and its mask.
 * @a: attributes by type. One table for every level of VLAN nesting and
 *	for both passes, as openvswitch.ko has it: a mask pass that meets no
 *	(non-zero) attribute of a type can still see the key's one there,
 *	which decides some of its checks. Entries are valid only where the
 *	pass's bits say so, except where that quirk is wanted.
 * @key: the key being filled (always)
 * @out: what this pass fills: @key, or the mask
 * @mask: whether this is the mask pass
 */
struct fp_key_parse {
	const struct nlattr *a[OVS_KEY_ATTR_MAX + 1];
	struct fp_flow_key *key;
	struct fp_flow_key *out;
	bool mask;
	struct netlink_ext_ack *extack;
};

/* flow_key_attrs.c */
const char *fp_key_attr_name(unsigned int type);
int fp_key_attrs_collect(struct fp_key_parse *p, const struct nlattr *nest,
			 u64 *attrs, bool skip_zero);
struct nlattr *fp_key_exact_mask(const struct nlattr *key);

/* flow_key_fields.c */
int fp_key_parse_metadata(struct fp_key_parse *p, u64 *attrs);
int fp_key_parse_fields(struct fp_key_parse *p, u64 attrs);

/* flow_key_rules.c */
int fp_key_parse_validate(const struct fp_flow_key *key,
			  const struct fp_flow_key *mask, u64 key_attrs,
			  u64 mask_attrs, struct netlink_ext_ack *extack);

#endif /* _FP_FLOW_KEY_PARSE_H */
