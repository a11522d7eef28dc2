// SPDX-License-Identifier: GPL-2.0
/*
 * The first step of parsing a key or mask: one level of OVS_KEY_ATTR_*
 * attributes into a table by type, with openvswitch.ko's checks (known
 * type, no duplicate, exact length) and its quirks (a mask's all-zero
 * attributes count as absent; the table is shared by the levels of the
 * VLAN nesting and by the key and mask passes). Also the exact-match mask
 * that stands in when a flow comes without OVS_FLOW_ATTR_MASK.
 */
#include <linux/openvswitch.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "compat.h"
#include "flow_key_parse.h"
#include "genl.h"

/* Attribute lengths; FP_KEY_LEN_NESTED and _VARIABLE take any length. */
#define FP_KEY_LEN_NESTED	-1
#define FP_KEY_LEN_VARIABLE	-2
#define FP_KEY_LEN_REFUSED	-3	/* userspace's own types */

struct fp_key_attr_info {
	const char *name;
	int len;
};

#define FP_KEY_ATTR(type, l) \
	[OVS_KEY_ATTR_##type] = { #type, l }
static const struct fp_key_attr_info fp_key_attr_info[OVS_KEY_ATTR_MAX + 1] = {
	FP_KEY_ATTR(UNSPEC, 0),
	FP_KEY_ATTR(ENCAP, FP_KEY_LEN_NESTED),
	FP_KEY_ATTR(PRIORITY, sizeof(u32)),
	FP_KEY_ATTR(IN_PORT, sizeof(u32)),
	FP_KEY_ATTR(ETHERNET, sizeof(struct ovs_key_ethernet)),
	FP_KEY_ATTR(VLAN, sizeof(__be16)),
	FP_KEY_ATTR(ETHERTYPE, sizeof(__be16)),
	FP_KEY_ATTR(IPV4, sizeof(struct ovs_key_ipv4)),
	FP_KEY_ATTR(IPV6, sizeof(struct ovs_key_ipv6)),
	FP_KEY_ATTR(TCP, sizeof(struct ovs_key_tcp)),
	FP_KEY_ATTR(UDP, sizeof(struct ovs_key_udp)),
	FP_KEY_ATTR(ICMP, sizeof(struct ovs_key_icmp)),
	FP_KEY_ATTR(ICMPV6, sizeof(struct ovs_key_icmpv6)),
	FP_KEY_ATTR(ARP, sizeof(struct ovs_key_arp)),
	FP_KEY_ATTR(ND, sizeof(struct ovs_key_nd)),
	FP_KEY_ATTR(SKB_MARK, sizeof(u32)),
	FP_KEY_ATTR(TUNNEL, FP_KEY_LEN_NESTED),
	FP_KEY_ATTR(SCTP, sizeof(struct ovs_key_sctp)),
	FP_KEY_ATTR(TCP_FLAGS, sizeof(__be16)),
	FP_KEY_ATTR(DP_HASH, sizeof(u32)),
	FP_KEY_ATTR(RECIRC_ID, sizeof(u32)),
	FP_KEY_ATTR(MPLS, FP_KEY_LEN_VARIABLE),
	FP_KEY_ATTR(CT_STATE, sizeof(u32)),
	FP_KEY_ATTR(CT_ZONE, sizeof(u16)),
	FP_KEY_ATTR(CT_MARK, sizeof(u32)),
	FP_KEY_ATTR(CT_LABELS, sizeof(struct ovs_key_ct_labels)),
	FP_KEY_ATTR(CT_ORIG_TUPLE_IPV4, sizeof(struct ovs_key_ct_tuple_ipv4)),
	FP_KEY_ATTR(CT_ORIG_TUPLE_IPV6, sizeof(struct ovs_key_ct_tuple_ipv6)),
	FP_KEY_ATTR(NSH, FP_KEY_LEN_NESTED),
	FP_KEY_ATTR(PACKET_TYPE, FP_KEY_LEN_REFUSED),
	FP_KEY_ATTR(ND_EXTENSIONS, FP_KEY_LEN_REFUSED),
	FP_KEY_ATTR(TUNNEL_INFO, FP_KEY_LEN_REFUSED),
	FP_KEY_ATTR(IPV6_EXTHDRS, sizeof(struct ovs_key_ipv6_exthdrs)),
};

/* "IPV4" for OVS_KEY_ATTR_IPV4, for messages. */
const char *fp_key_attr_name(unsigned int type)
{
	if (type > OVS_KEY_ATTR_MAX || !fp_key_attr_info[type].name)
		return "?";
	return fp_key_attr_info[type].name;
}

static bool fp_key_attr_is_zero(const struct nlattr *nla)
{
	return !memchr_inv(nla_data(nla), 0, nla_len(nla));
}

/* Type, duplicate and length checks of one attribute. */
static int fp_key_attr_check(const struct nlattr *nla, u64 attrs,
			     struct netlink_ext_ack *extack)
{
	unsigned int type = nla_type(nla);
	int len;

	if (type > OVS_KEY_ATTR_MAX) {
		FP_SET_ERR_MSG_FMT(extack, "flow key: attribute type out of range",
				   "flow key: attribute type %u out of range (max %u)",
				   type, OVS_KEY_ATTR_MAX);
		NL_SET_BAD_ATTR(extack, nla);
		return -EINVAL;
	}
	len = fp_key_attr_info[type].len;
	if (len == FP_KEY_LEN_REFUSED) {
		FP_SET_ERR_MSG_FMT(extack, "flow key: a userspace-only attribute type",
				   "OVS_KEY_ATTR_%s: userspace-only, not for the datapath",
				   fp_key_attr_name(type));
		NL_SET_BAD_ATTR(extack, nla);
		return -EINVAL;
	}
	if (attrs & BIT_ULL(type)) {
		FP_SET_ERR_MSG_FMT(extack, "flow key: an attribute appears twice",
				   "OVS_KEY_ATTR_%s: appears twice",
				   fp_key_attr_name(type));
		NL_SET_BAD_ATTR(extack, nla);
		return -EINVAL;
	}
	if (len >= 0 && nla_len(nla) != len) {
		FP_SET_ERR_MSG_FMT(extack, "flow key: an attribute has the wrong length",
				   "OVS_KEY_ATTR_%s: length %d, expected %d",
				   fp_key_attr_name(type), nla_len(nla), len);
		NL_SET_BAD_ATTR(extack, nla);
		return -EINVAL;
	}
	return 0;
}

/**
 * fp_key_attrs_collect - one level of attributes into @p->a
 * @p: the parse; @p->a[] receives the attributes, by type
 * @nest: the nest whose attributes are read
 * @attrs: bits of the types present, added to
 * @skip_zero: a mask's pass: all-zero attributes are not recorded (but
 *	are still checked), so they count as "wildcard this field"
 *
 * Returns 0 or -EINVAL with an extack message.
 */
int fp_key_attrs_collect(struct fp_key_parse *p, const struct nlattr *nest,
			 u64 *attrs, bool skip_zero)
{
	const struct nlattr *nla;
	u64 seen = *attrs;
	int rem, err;

	nla_for_each_nested(nla, nest, rem) {
		err = fp_key_attr_check(nla, seen, p->extack);
		if (err)
			return err;
		if (skip_zero && fp_key_attr_is_zero(nla))
			continue;
		seen |= BIT_ULL(nla_type(nla));
		p->a[nla_type(nla)] = nla;
	}
	if (rem) {
		FP_SET_ERR_ATTR(p->extack, nest,
				"flow key: trailing bytes after the last attribute");
		return -EINVAL;
	}
	*attrs = seen;
	return 0;
}

/* Sets every payload byte of the attributes in @nest to 0xff, going into
 * ENCAP (the only nest a key that parsed can hold).
 */
static void fp_key_attrs_fill_ones(struct nlattr *nest)
{
	struct nlattr *nla;
	int rem;

	nla_for_each_nested(nla, nest, rem) {
		if (nla_type(nla) == OVS_KEY_ATTR_ENCAP)
			fp_key_attrs_fill_ones(nla);
		else
			memset(nla_data(nla), 0xff, nla_len(nla));
	}
}

/**
 * fp_key_exact_mask - the mask of a flow put without one
 * @key: the flow's key nest, already parsed without error
 *
 * A copy of @key with every field's bits set, as openvswitch.ko builds it:
 * each attribute the key has is matched exactly, nothing else. Returns
 * the copy (kfree() it) or NULL. Process context.
 */
struct nlattr *fp_key_exact_mask(const struct nlattr *key)
{
	struct nlattr *mask;

	mask = kmemdup(key, key->nla_len, GFP_KERNEL);
	if (mask)
		fp_key_attrs_fill_ones(mask);
	return mask;
}
