// SPDX-License-Identifier: GPL-2.0
/*
 * SET and SET_MASKED: one OVS_KEY_ATTR_* naming the header to rewrite and
 * its new value (SET_MASKED: value then mask, each of the field's size).
 * The rules are openvswitch.ko's: the field must exist in the flow (IPv4
 * fields need an IPv4 flow; ports need the flow's IP protocol), a plain
 * SET of IPv4/IPv6 must repeat the flow's protocol and fragment type (they
 * cannot be written), a mask may not cover protocol, fragment type or the
 * flow label's top 12 bits, and a value may not have bits outside its mask.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_ether.h>
#include <linux/in.h>
#include <net/mpls.h>

#include "actions_priv.h"
#include "flow_key.h"

/* The flow label: the low 20 bits of its 32-bit key field. */
#define FP_IPV6_LABEL_BITS	0x000fffffU

/* Sizes of the fields openvswitch.ko can set; -1: variable or nested. */
static int fp_set_field_len(int key_type)
{
	switch (key_type) {
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_SKB_MARK:
	case OVS_KEY_ATTR_CT_MARK:
		return sizeof(u32);
	case OVS_KEY_ATTR_CT_LABELS:
		return sizeof(struct ovs_key_ct_labels);
	case OVS_KEY_ATTR_ETHERNET:
		return sizeof(struct ovs_key_ethernet);
	case OVS_KEY_ATTR_IPV4:
		return sizeof(struct ovs_key_ipv4);
	case OVS_KEY_ATTR_IPV6:
		return sizeof(struct ovs_key_ipv6);
	case OVS_KEY_ATTR_TCP:
		return sizeof(struct ovs_key_tcp);
	case OVS_KEY_ATTR_UDP:
		return sizeof(struct ovs_key_udp);
	case OVS_KEY_ATTR_SCTP:
		return sizeof(struct ovs_key_sctp);
	case OVS_KEY_ATTR_TUNNEL:
	case OVS_KEY_ATTR_MPLS:
		return -1;
	default:
		return -2;	/* not settable at all */
	}
}

/* A value bit outside its mask. */
static bool fp_set_value_exceeds_mask(const u8 *value, size_t len)
{
	const u8 *mask = value + len;
	size_t i;

	for (i = 0; i < len; i++)
		if (value[i] & ~mask[i])
			return true;
	return false;
}

static bool fp_set_is_ip(__be16 eth_type)
{
	return eth_type == htons(ETH_P_IP) || eth_type == htons(ETH_P_IPV6);
}

static int fp_set_check_ipv4(const struct fp_flow_key *key, __be16 eth_type,
			     const struct ovs_key_ipv4 *v, bool masked)
{
	const struct ovs_key_ipv4 *mask = v + 1;

	if (eth_type != htons(ETH_P_IP))
		return -EINVAL;
	if (masked)
		return mask->ipv4_proto || mask->ipv4_frag ? -EINVAL : 0;
	return v->ipv4_proto != key->ip.proto ||
	       v->ipv4_frag != key->ip.frag ? -EINVAL : 0;
}

static int fp_set_check_ipv6(const struct fp_flow_key *key, __be16 eth_type,
			     const struct ovs_key_ipv6 *v, bool masked)
{
	const struct ovs_key_ipv6 *mask = v + 1;

	if (eth_type != htons(ETH_P_IPV6))
		return -EINVAL;
	if (masked) {
		if (mask->ipv6_proto || mask->ipv6_frag ||
		    ntohl(mask->ipv6_label) & ~FP_IPV6_LABEL_BITS)
			return -EINVAL;
	} else if (v->ipv6_proto != key->ip.proto ||
		   v->ipv6_frag != key->ip.frag) {
		return -EINVAL;
	}
	return ntohl(v->ipv6_label) & ~FP_IPV6_LABEL_BITS ? -EINVAL : 0;
}

/*
 * Whether @key (the flow) has the field: 0, -EINVAL, or -EOPNOTSUPP for
 * fields openvswitch.ko sets and this datapath does not.
 */
static int fp_set_check_field(const struct fp_flow_key *key, __be16 eth_type,
			      int key_type, const void *v, size_t len,
			      bool masked)
{
	switch (key_type) {
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_SKB_MARK:
	case OVS_KEY_ATTR_ETHERNET:
		return 0;
	case OVS_KEY_ATTR_IPV4:
		return fp_set_check_ipv4(key, eth_type, v, masked);
	case OVS_KEY_ATTR_IPV6:
		return fp_set_check_ipv6(key, eth_type, v, masked);
	case OVS_KEY_ATTR_TCP:
		return fp_set_is_ip(eth_type) && key->ip.proto == IPPROTO_TCP ?
		       0 : -EINVAL;
	case OVS_KEY_ATTR_UDP:
		return fp_set_is_ip(eth_type) && key->ip.proto == IPPROTO_UDP ?
		       0 : -EINVAL;
	case OVS_KEY_ATTR_SCTP:
		return fp_set_is_ip(eth_type) && key->ip.proto == IPPROTO_SCTP ?
		       0 : -EINVAL;
	case OVS_KEY_ATTR_MPLS:
		return eth_p_mpls(eth_type) && len == sizeof(struct ovs_key_mpls) ?
		       -EOPNOTSUPP : -EINVAL;
	case OVS_KEY_ATTR_TUNNEL:
		return masked ? -EINVAL : -EOPNOTSUPP;
	case OVS_KEY_ATTR_CT_MARK:
	case OVS_KEY_ATTR_CT_LABELS:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

static const enum fp_set_field fp_set_fields[] = {
	[OVS_KEY_ATTR_PRIORITY] = FP_SET_PRIORITY,
	[OVS_KEY_ATTR_SKB_MARK] = FP_SET_SKB_MARK,
	[OVS_KEY_ATTR_ETHERNET] = FP_SET_ETHERNET,
	[OVS_KEY_ATTR_IPV4] = FP_SET_IPV4,
	[OVS_KEY_ATTR_IPV6] = FP_SET_IPV6,
	[OVS_KEY_ATTR_TCP] = FP_SET_TCP,
	[OVS_KEY_ATTR_UDP] = FP_SET_UDP,
	[OVS_KEY_ATTR_SCTP] = FP_SET_SCTP,
};

/*
 * The compiled entry. A plain SET gets the mask of every writable bit: all
 * ones, except the IPv6 flow label's top 12 bits (not part of the label).
 */
static void fp_set_compile(struct fp_acts_builder *b, int key_type,
			   const u8 *data, size_t len, bool masked)
{
	struct fp_act *act = fp_acts_add(b, FP_ACT_SET);

	act->set.field = fp_set_fields[key_type];
	memcpy(&act->set.value, data, len);
	if (masked) {
		memcpy(&act->set.mask, data + len, len);
		return;
	}
	memset(&act->set.mask, 0xff, len);
	if (key_type == OVS_KEY_ATTR_IPV6)
		act->set.mask.ipv6.ipv6_label = htonl(FP_IPV6_LABEL_BITS);
}

/* Replies give SET_MASKED back as is, SET with its key's type unflagged. */
static void fp_set_canon(struct fp_acts_builder *b, const struct nlattr *a,
			 const struct nlattr *field, bool masked)
{
	u32 start;

	if (masked) {
		fp_canon_put(b, OVS_ACTION_ATTR_SET_MASKED, nla_data(a),
			     nla_len(a));
		return;
	}
	start = fp_canon_put(b, OVS_ACTION_ATTR_SET, NULL, 0);
	fp_canon_put(b, nla_type(field), nla_data(field), nla_len(field));
	fp_canon_nest_end(b, start);
}

/* Has the attribute stream in @a exactly one attribute, of a settable size? */
static int fp_set_check_shape(struct fp_acts_builder *b,
			      const struct nlattr *a, bool masked)
{
	const struct nlattr *field = nla_data(a);
	int len, want;

	if (!nla_ok(field, nla_len(a)) ||
	    nla_total_size(nla_len(field)) != nla_len(a)) {
		FP_ACT_ERR(b, a, "set: must hold exactly one key attribute",
			   "action %s: must hold exactly one key attribute",
			   masked ? "set_masked" : "set");
		return -EINVAL;
	}
	len = nla_len(field) / (masked ? 2 : 1);
	want = fp_set_field_len(nla_type(field));
	if (want == -2 || (want >= 0 && len != want)) {
		FP_ACT_ERR(b, field, "set: that key attribute cannot be set, or has the wrong size",
			   "action %s: key attribute %d: not settable or %d bytes",
			   masked ? "set_masked" : "set", nla_type(field), len);
		return -EINVAL;
	}
	if (masked && fp_set_value_exceeds_mask(nla_data(field), len)) {
		FP_ACT_ERR(b, field, "set_masked: the value has bits outside the mask",
			   "action set_masked: key attribute %d: value bits outside the mask",
			   nla_type(field));
		return -EINVAL;
	}
	return 0;
}

int fp_acts_parse_set(struct fp_acts_builder *b, const struct nlattr *a,
		      __be16 eth_type, bool masked)
{
	const struct nlattr *field = nla_data(a);
	int key_type, len, err;

	err = fp_set_check_shape(b, a, masked);
	if (err)
		return err;
	key_type = nla_type(field);
	len = nla_len(field) / (masked ? 2 : 1);
	err = fp_set_check_field(b->key, eth_type, key_type, nla_data(field),
				 len, masked);
	if (err == -EOPNOTSUPP) {
		FP_ACT_ERR(b, field, "set: this datapath cannot rewrite that field",
			   "action %s: key attribute %d cannot be set here",
			   masked ? "set_masked" : "set", key_type);
		return err;
	}
	if (err) {
		FP_ACT_ERR(b, field, "set: the flow does not have that field, or it is not writable",
			   "action %s: key attribute %d: not in this flow or not writable",
			   masked ? "set_masked" : "set", key_type);
		return err;
	}
	fp_set_compile(b, key_type, nla_data(field), len, masked);
	fp_set_canon(b, a, field, masked);
	return 0;
}
