// SPDX-License-Identifier: GPL-2.0
/*
 * The rules between a flow's attributes, checked once key and mask are
 * parsed (openvswitch.ko's match_validate()):
 *  - the key must have the attribute its EtherType and IP protocol call
 *    for (IPV4 for 0x0800, TCP and TCP_FLAGS for protocol 6 unless a later
 *    fragment, ND for a neighbor solicitation/advertisement ...);
 *  - the mask may hold such an attribute only if the key has it and the
 *    mask matches exactly what it depends on (the EtherType for L3, the IP
 *    protocol for L4, the ICMPv6 type for ND).
 * Metadata, ETHERNET, tags and ETHERTYPE are free of such rules.
 */
#include <linux/if_ether.h>
#include <linux/openvswitch.h>
#include <net/ndisc.h>
#include <net/netlink.h>

#include "compat.h"
#include "flow_key_parse.h"

/* What a key calls for, and which of those its mask may match. */
struct fp_key_rules {
	u64 expected;
	u64 allowed;
};

static void fp_key_rule(struct fp_key_rules *r, u64 bits, bool exact)
{
	r->expected |= bits;
	if (exact)
		r->allowed |= bits;
}

static void fp_key_rules_l4(struct fp_key_rules *r,
			    const struct fp_flow_key *key,
			    const struct fp_flow_key *mask, bool ipv6)
{
	bool proto_exact = mask && mask->ip.proto == 0xff;

	if (key->ip.frag == OVS_FRAG_TYPE_LATER)
		return;
	switch (key->ip.proto) {
	case IPPROTO_UDP:
		fp_key_rule(r, FP_KEY_BIT(UDP), proto_exact);
		break;
	case IPPROTO_SCTP:
		fp_key_rule(r, FP_KEY_BIT(SCTP), proto_exact);
		break;
	case IPPROTO_TCP:
		fp_key_rule(r, FP_KEY_BIT(TCP) | FP_KEY_BIT(TCP_FLAGS),
			    proto_exact);
		break;
	case IPPROTO_ICMP:
		if (!ipv6)
			fp_key_rule(r, FP_KEY_BIT(ICMP), proto_exact);
		break;
	case IPPROTO_ICMPV6:
		if (!ipv6)
			break;
		fp_key_rule(r, FP_KEY_BIT(ICMPV6), proto_exact);
		if (key->tp.src == htons(NDISC_NEIGHBOUR_SOLICITATION) ||
		    key->tp.src == htons(NDISC_NEIGHBOUR_ADVERTISEMENT))
			fp_key_rule(r, FP_KEY_BIT(ND),
				    mask && mask->tp.src == htons(0xff));
		break;
	}
}

static void fp_key_rules_of(struct fp_key_rules *r,
			    const struct fp_flow_key *key,
			    const struct fp_flow_key *mask)
{
	bool type_exact = mask && mask->eth.type == htons(0xffff);

	switch (ntohs(key->eth.type)) {
	case ETH_P_ARP:
	case ETH_P_RARP:
		fp_key_rule(r, FP_KEY_BIT(ARP), type_exact);
		break;
	case ETH_P_MPLS_UC:
	case ETH_P_MPLS_MC:
		fp_key_rule(r, FP_KEY_BIT(MPLS), type_exact);
		break;
	case ETH_P_NSH:
		fp_key_rule(r, FP_KEY_BIT(NSH), type_exact);
		break;
	case ETH_P_IP:
		fp_key_rule(r, FP_KEY_BIT(IPV4), type_exact);
		fp_key_rules_l4(r, key, mask, false);
		break;
	case ETH_P_IPV6:
		fp_key_rule(r, FP_KEY_BIT(IPV6), type_exact);
		fp_key_rules_l4(r, key, mask, true);
		break;
	}
}

/* The attributes whose presence in a mask the rules decide. */
#define FP_KEY_RULED_BITS (FP_KEY_BIT(IPV4) | FP_KEY_BIT(IPV6) |	\
			   FP_KEY_BIT(CT_ORIG_TUPLE_IPV4) |		\
			   FP_KEY_BIT(CT_ORIG_TUPLE_IPV6) |		\
			   FP_KEY_BIT(TCP) | FP_KEY_BIT(TCP_FLAGS) |	\
			   FP_KEY_BIT(UDP) | FP_KEY_BIT(SCTP) |		\
			   FP_KEY_BIT(ICMP) | FP_KEY_BIT(ICMPV6) |	\
			   FP_KEY_BIT(ARP) | FP_KEY_BIT(ND) |		\
			   FP_KEY_BIT(MPLS) | FP_KEY_BIT(NSH))

/**
 * fp_key_parse_validate - the rules above
 * @key: the parsed key
 * @mask: the parsed mask, or NULL (key alone: only the key's rules)
 * @key_attrs: the key's attributes, every level
 * @mask_attrs: the mask's non-zero attributes, every level
 * @extack: names the missing or refused attribute
 *
 * Returns 0 or -EINVAL.
 */
int fp_key_parse_validate(const struct fp_flow_key *key,
			  const struct fp_flow_key *mask, u64 key_attrs,
			  u64 mask_attrs, struct netlink_ext_ack *extack)
{
	struct fp_key_rules r = { 0, 0 };
	u64 missing, refused;

	fp_key_rules_of(&r, key, mask);
	r.allowed |= (key_attrs & ~FP_KEY_RULED_BITS) | FP_KEY_BIT(TUNNEL) |
		     FP_KEY_BIT(IN_PORT) | FP_KEY_BIT(ETHERTYPE);

	missing = r.expected & ~key_attrs;
	if (missing) {
		FP_SET_ERR_MSG_FMT(extack, "flow key: an attribute its EtherType or IP protocol needs is missing",
				   "flow key: OVS_KEY_ATTR_%s missing (EtherType 0x%04x, proto %u)",
				   fp_key_attr_name(__ffs64(missing)),
				   ntohs(key->eth.type), key->ip.proto);
		return -EINVAL;
	}
	refused = mask_attrs & ~r.allowed;
	if (refused) {
		FP_SET_ERR_MSG_FMT(extack, "flow mask: an attribute whose EtherType/IP protocol is not exact",
				   "flow mask: OVS_KEY_ATTR_%s needs its key attribute and an exact %s",
				   fp_key_attr_name(__ffs64(refused)),
				   __ffs64(refused) == OVS_KEY_ATTR_ND ? "ICMPv6 type" :
				   __ffs64(refused) <= OVS_KEY_ATTR_IPV6 ||
				   __ffs64(refused) == OVS_KEY_ATTR_ARP ? "EtherType" :
				   "IP protocol");
		return -EINVAL;
	}
	return 0;
}
