// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "dp_attr.h"
#include "odp_tree.h"

struct key_attr_info {
	int len;
	const char *name;	/* ovs-dpctl's name */
};

/*
 * The uAPI's sizes (net/openvswitch/flow_netlink.c checks the same) and
 * Open vSwitch 3.1's names. That version predates IPV6_EXTHDRS, so
 * ovs-dpctl shows it as "key32"; so do we, for dumps to compare equal.
 */
static const struct key_attr_info key_attrs[OVS_KEY_ATTR_MAX + 1] = {
	[OVS_KEY_ATTR_UNSPEC] = { FP_ODP_LEN_UNKNOWN, "unspec" },
	[OVS_KEY_ATTR_ENCAP] = { FP_ODP_LEN_NESTED, "encap" },
	[OVS_KEY_ATTR_PRIORITY] = { 4, "skb_priority" },
	[OVS_KEY_ATTR_IN_PORT] = { 4, "in_port" },
	[OVS_KEY_ATTR_ETHERNET] = { sizeof(struct ovs_key_ethernet), "eth" },
	[OVS_KEY_ATTR_VLAN] = { 2, "vlan" },
	[OVS_KEY_ATTR_ETHERTYPE] = { 2, "eth_type" },
	[OVS_KEY_ATTR_IPV4] = { sizeof(struct ovs_key_ipv4), "ipv4" },
	[OVS_KEY_ATTR_IPV6] = { sizeof(struct ovs_key_ipv6), "ipv6" },
	[OVS_KEY_ATTR_TCP] = { sizeof(struct ovs_key_tcp), "tcp" },
	[OVS_KEY_ATTR_UDP] = { sizeof(struct ovs_key_udp), "udp" },
	[OVS_KEY_ATTR_ICMP] = { sizeof(struct ovs_key_icmp), "icmp" },
	[OVS_KEY_ATTR_ICMPV6] = { sizeof(struct ovs_key_icmpv6), "icmpv6" },
	[OVS_KEY_ATTR_ARP] = { sizeof(struct ovs_key_arp), "arp" },
	[OVS_KEY_ATTR_ND] = { sizeof(struct ovs_key_nd), "nd" },
	[OVS_KEY_ATTR_SKB_MARK] = { 4, "skb_mark" },
	[OVS_KEY_ATTR_TUNNEL] = { FP_ODP_LEN_NESTED, "tunnel" },
	[OVS_KEY_ATTR_SCTP] = { sizeof(struct ovs_key_sctp), "sctp" },
	[OVS_KEY_ATTR_TCP_FLAGS] = { 2, "tcp_flags" },
	[OVS_KEY_ATTR_DP_HASH] = { 4, "dp_hash" },
	[OVS_KEY_ATTR_RECIRC_ID] = { 4, "recirc_id" },
	[OVS_KEY_ATTR_MPLS] = { FP_ODP_LEN_VARIABLE, "mpls" },
	[OVS_KEY_ATTR_CT_STATE] = { 4, "ct_state" },
	[OVS_KEY_ATTR_CT_ZONE] = { 2, "ct_zone" },
	[OVS_KEY_ATTR_CT_MARK] = { 4, "ct_mark" },
	[OVS_KEY_ATTR_CT_LABELS] = { sizeof(struct ovs_key_ct_labels), "ct_label" },
	[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4] = {
		sizeof(struct ovs_key_ct_tuple_ipv4), "ct_tuple4" },
	[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6] = {
		sizeof(struct ovs_key_ct_tuple_ipv6), "ct_tuple6" },
	[OVS_KEY_ATTR_NSH] = { FP_ODP_LEN_NESTED, "nsh" },
	[OVS_KEY_ATTR_PACKET_TYPE] = { 4, "packet_type" },
	/* Open vSwitch's userspace datapath only; the kernel refuses it. */
	[OVS_KEY_ATTR_ND_EXTENSIONS] = { FP_ODP_LEN_VARIABLE, "nd_ext" },
	[OVS_KEY_ATTR_TUNNEL_INFO] = { FP_ODP_LEN_VARIABLE, NULL },
	[OVS_KEY_ATTR_IPV6_EXTHDRS] = {
		sizeof(struct ovs_key_ipv6_exthdrs), NULL },
};

int fp_odp_key_attr_len(unsigned int type)
{
	return type <= OVS_KEY_ATTR_MAX ? key_attrs[type].len
					: FP_ODP_LEN_UNKNOWN;
}

const char *fp_odp_key_attr_name(unsigned int type)
{
	return type <= OVS_KEY_ATTR_MAX ? key_attrs[type].name : NULL;
}

bool fp_odp_is_zero(const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

static int check_len(const struct nlattr *attr, int want)
{
	size_t len = mnl_attr_get_payload_len(attr);

	switch (want) {
	case FP_ODP_LEN_UNKNOWN:
	case FP_ODP_LEN_VARIABLE:
		return 0;
	case FP_ODP_LEN_NESTED:
		return mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ? -ERANGE : 0;
	default:
		return len == (size_t)want ? 0 : -ERANGE;
	}
}

static int level_cb(const struct nlattr *attr, void *data)
{
	struct fp_odp_level *lv = data;
	unsigned int type = mnl_attr_get_type(attr);
	int err;

	/* A newer kernel's attribute: not ours to judge. */
	if (type > OVS_KEY_ATTR_MAX)
		return MNL_CB_OK;
	err = lv->tb[type] ? -EINVAL : check_len(attr, key_attrs[type].len);
	if (err) {
		errno = -err;
		return MNL_CB_ERROR;
	}
	lv->tb[type] = attr;
	return MNL_CB_OK;
}

int fp_odp_tree_parse(const void *attrs, size_t len, struct fp_odp_tree *t)
{
	const struct nlattr *encap;
	int err;

	memset(t, 0, sizeof(*t));
	for (;;) {
		if (t->n_levels == FP_ODP_LEVELS)
			return -EINVAL;
		err = dp_attr_parse_payload(attrs, len, level_cb,
					    &t->lv[t->n_levels]);
		if (err)
			return err;
		encap = t->lv[t->n_levels].tb[OVS_KEY_ATTR_ENCAP];
		t->n_levels++;
		if (!encap)
			return 0;
		attrs = mnl_attr_get_payload(encap);
		len = mnl_attr_get_payload_len(encap);
	}
}
