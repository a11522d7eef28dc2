// SPDX-License-Identifier: GPL-2.0
/*
 * Why openvswitch.ko refused a flow's key or mask. The kernel's checks
 * (flow_netlink.c: the VLAN rules, metadata_from_nlattrs(),
 * ovs_key_from_nlattrs(), match_validate()) end in a bare EINVAL for
 * userspace and a line in the kernel log; this walks the same rules over
 * the attributes and names the one that failed, in the text format's words.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <netinet/in.h>

#include "odp_flow.h"
#include "odp_tree.h"

#define DP_MAX_PORTS 65535

struct why {
	char *buf;
	size_t size;
	bool found;
};

static bool say(struct why *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool say(struct why *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->buf, w->size, fmt, ap);
	va_end(ap);
	w->found = true;
	return true;
}

static uint16_t be16_at(const struct nlattr *a)
{
	uint16_t v;

	memcpy(&v, mnl_attr_get_payload(a), 2);
	return ntohs(v);
}

static bool is_tpid(uint16_t t)
{
	return t == ETH_P_8021Q || t == ETH_P_8021AD;
}

static bool nonzero(const struct nlattr *a)
{
	return a && !fp_odp_is_zero(mnl_attr_get_payload(a),
				    mnl_attr_get_payload_len(a));
}

/* ---- the key ---- */

/* One tag level; returns true when it explained a refusal. *cut: no more. */
static bool tag_problem(const struct fp_odp_tree *kt, int lv, bool *cut,
			struct why *w)
{
	const struct nlattr *vlan = fp_odp_get(kt, lv, OVS_KEY_ATTR_VLAN);
	const struct nlattr *encap = fp_odp_get(kt, lv, OVS_KEY_ATTR_ENCAP);
	uint16_t tpid = be16_at(fp_odp_get(kt, lv, OVS_KEY_ATTR_ETHERTYPE));
	uint16_t tci;

	if (!vlan || !encap)
		return say(w, "eth_type(0x%04x) announces a VLAN tag: the key must follow it with vlan() and encap()",
			   tpid);
	tci = be16_at(vlan);
	*cut = !(tci & FP_VLAN_PRESENT);
	if (*cut && tci)
		return say(w, "vlan(cfi=0) marks a frame cut before its TCI: the TCI must then be 0, not 0x%04x",
			   tci);
	if (*cut && mnl_attr_get_payload_len(encap))
		return say(w, "vlan(cfi=0) marks a frame cut before its TCI: its encap() must be empty");
	return false;
}

/* Walks the tags; returns the payload's level, or -1 (cut, or refused). */
static int payload_level(const struct fp_odp_tree *kt, struct why *w)
{
	bool eth = fp_odp_get(kt, 0, OVS_KEY_ATTR_ETHERNET);
	bool cut = false;
	int lv;

	for (lv = 0; lv < 2; lv++) {
		const struct nlattr *et = fp_odp_get(kt, lv, OVS_KEY_ATTR_ETHERTYPE);

		if (!eth || !et || !is_tpid(be16_at(et)))
			break;
		if (tag_problem(kt, lv, &cut, w) || cut)
			return -1;
	}
	if (fp_odp_get(kt, lv, OVS_KEY_ATTR_VLAN)) {
		say(w, "vlan() must follow eth_type(0x8100) or eth_type(0x88a8)%s",
		    lv == 2 ? ": the datapath parses two tags, not three" : "");
		return -1;
	}
	return lv;
}

static bool metadata_problem(const struct fp_odp_tree *kt, struct why *w)
{
	const struct nlattr *port = fp_odp_get(kt, 0, OVS_KEY_ATTR_IN_PORT);

	if (!fp_odp_get(kt, 0, OVS_KEY_ATTR_ETHERNET) &&
	    !fp_odp_get(kt, 0, OVS_KEY_ATTR_ETHERTYPE))
		return say(w, "the key has neither eth() nor eth_type(): the datapath needs one to know what the packet is (eth() for Ethernet frames)");
	if (port && mnl_attr_get_u32(port) >= DP_MAX_PORTS)
		return say(w, "in_port(%u) is beyond the datapath's port numbers (below %u)",
			   mnl_attr_get_u32(port), DP_MAX_PORTS);
	return false;
}

static bool header_values_problem(const struct fp_odp_tree *kt, int lv,
				  struct why *w)
{
	const struct nlattr *a;

	a = fp_odp_get(kt, lv, OVS_KEY_ATTR_IPV4);
	if (a && ((const struct ovs_key_ipv4 *)mnl_attr_get_payload(a))->ipv4_frag >
		 OVS_FRAG_TYPE_MAX)
		return say(w, "ipv4(frag=...) must be no, first or later");
	a = fp_odp_get(kt, lv, OVS_KEY_ATTR_IPV6);
	if (a) {
		const struct ovs_key_ipv6 *k = mnl_attr_get_payload(a);

		if (k->ipv6_frag > OVS_FRAG_TYPE_MAX)
			return say(w, "ipv6(frag=...) must be no, first or later");
		if (k->ipv6_label & htonl(0xfff00000))
			return say(w, "ipv6(label=%#x) is wider than the 20 bits of a flow label",
				   ntohl(k->ipv6_label));
	}
	a = fp_odp_get(kt, lv, OVS_KEY_ATTR_ARP);
	if (a && ntohs(((const struct ovs_key_arp *)mnl_attr_get_payload(a))->arp_op) > 0xff)
		return say(w, "arp(op=%u): the datapath keeps ARP opcodes in one byte (0-255)",
			   ntohs(((const struct ovs_key_arp *)mnl_attr_get_payload(a))->arp_op));
	return false;
}

static bool need(const struct fp_odp_tree *kt, int lv, unsigned int type,
		 const char *because, struct why *w)
{
	if (fp_odp_get(kt, lv, type))
		return false;
	return say(w, "%s needs %s() in the key, even when none of its fields is matched (the datapath refuses the flow without it)",
		   because, fp_odp_key_attr_name(type));
}

static bool l4_needed(const struct fp_odp_tree *kt, int lv, uint8_t proto,
		      bool v6, struct why *w)
{
	char what[32];

	snprintf(what, sizeof(what), "proto=%u", proto);
	switch (proto) {
	case IPPROTO_TCP:
		return need(kt, lv, OVS_KEY_ATTR_TCP, what, w) ||
		       need(kt, lv, OVS_KEY_ATTR_TCP_FLAGS, what, w);
	case IPPROTO_UDP:
		return need(kt, lv, OVS_KEY_ATTR_UDP, what, w);
	case IPPROTO_SCTP:
		return need(kt, lv, OVS_KEY_ATTR_SCTP, what, w);
	case IPPROTO_ICMP:
		return !v6 && need(kt, lv, OVS_KEY_ATTR_ICMP, what, w);
	case IPPROTO_ICMPV6:
		return v6 && need(kt, lv, OVS_KEY_ATTR_ICMPV6, what, w);
	}
	return false;
}

static bool nd_needed(const struct fp_odp_tree *kt, int lv, struct why *w)
{
	const struct nlattr *a = fp_odp_get(kt, lv, OVS_KEY_ATTR_ICMPV6);
	uint8_t type;

	if (!a)
		return false;
	type = ((const struct ovs_key_icmpv6 *)mnl_attr_get_payload(a))->icmpv6_type;
	if (type != 135 && type != 136)
		return false;
	return need(kt, lv, OVS_KEY_ATTR_ND, type == 135 ?
		    "icmpv6(type=135), a neighbour solicitation," :
		    "icmpv6(type=136), a neighbour advertisement,", w);
}

/* match_validate()'s key_expected: the headers the key's values imply. */
static bool expected_problem(const struct fp_odp_tree *kt, int lv,
			     struct why *w)
{
	const struct nlattr *et = fp_odp_get(kt, lv, OVS_KEY_ATTR_ETHERTYPE);
	const struct nlattr *ip;
	uint8_t proto, frag;
	bool v6;

	if (!et)
		return false;
	switch (be16_at(et)) {
	case ETH_P_ARP:
	case ETH_P_RARP:
		return need(kt, lv, OVS_KEY_ATTR_ARP, "an ARP eth_type", w);
	case ETH_P_IP:
		v6 = false;
		if (need(kt, lv, OVS_KEY_ATTR_IPV4, "eth_type(0x0800)", w))
			return true;
		ip = fp_odp_get(kt, lv, OVS_KEY_ATTR_IPV4);
		proto = ((const struct ovs_key_ipv4 *)mnl_attr_get_payload(ip))->ipv4_proto;
		frag = ((const struct ovs_key_ipv4 *)mnl_attr_get_payload(ip))->ipv4_frag;
		break;
	case ETH_P_IPV6:
		v6 = true;
		if (need(kt, lv, OVS_KEY_ATTR_IPV6, "eth_type(0x86dd)", w))
			return true;
		ip = fp_odp_get(kt, lv, OVS_KEY_ATTR_IPV6);
		proto = ((const struct ovs_key_ipv6 *)mnl_attr_get_payload(ip))->ipv6_proto;
		frag = ((const struct ovs_key_ipv6 *)mnl_attr_get_payload(ip))->ipv6_frag;
		break;
	default:
		return false;
	}
	if (frag == OVS_FRAG_TYPE_LATER)
		return false;
	return l4_needed(kt, lv, proto, v6, w) || (v6 && nd_needed(kt, lv, w));
}

static bool key_problem(const struct fp_odp_tree *kt, int *payload,
			struct why *w)
{
	const struct nlattr *et;

	if (metadata_problem(kt, w))
		return true;
	*payload = payload_level(kt, w);
	if (w->found || *payload < 0)
		return w->found;
	et = fp_odp_get(kt, *payload, OVS_KEY_ATTR_ETHERTYPE);
	if (et && be16_at(et) < ETH_P_802_3_MIN)
		return say(w, "eth_type(0x%04x) is a length, not an EtherType (they start at 0x0600); an 802.2 frame is matched by leaving eth_type out of the key",
			   be16_at(et));
	return header_values_problem(kt, *payload, w) ||
	       expected_problem(kt, *payload, w);
}

/* ---- the mask ---- */

/* What a tag carries (another tag's TPID, or the payload's type). */
static bool inner_type_problem(const struct fp_odp_tree *mt, int lv,
			       struct why *w)
{
	const struct nlattr *et = fp_odp_get(mt, lv + 1, OVS_KEY_ATTR_ETHERTYPE);

	if (et && be16_at(et) == 0xffff)
		return false;
	if (!et)
		return say(w, "a VLAN tag's encap() must match eth_type exactly, and its mask has none");
	return say(w, "a VLAN tag's encap() must match eth_type exactly, not with mask 0x%04x",
		   be16_at(et));
}

static bool tag_mask_problem(const struct fp_odp_tree *kt,
			     const struct fp_odp_tree *mt, int lv,
			     struct why *w)
{
	const struct nlattr *encap = fp_odp_get(mt, lv, OVS_KEY_ATTR_ENCAP);
	const struct nlattr *tpid = fp_odp_get(mt, lv, OVS_KEY_ATTR_ETHERTYPE);
	const struct nlattr *tci = fp_odp_get(mt, lv, OVS_KEY_ATTR_VLAN);
	const struct nlattr *ktci = fp_odp_get(kt, lv, OVS_KEY_ATTR_VLAN);
	bool tagged = ktci && (be16_at(ktci) & FP_VLAN_PRESENT);

	/* An empty encap() under a real tag still says nothing of eth_type. */
	if (!encap || (!tagged && !mnl_attr_get_payload_len(encap)))
		return false;
	if (!tagged)
		return say(w, "the mask has an encap() where the key has no VLAN tag");
	if (!tpid || be16_at(tpid) != 0xffff)
		return say(w, "a VLAN tag's TPID (the eth_type before vlan()) must be matched exactly, not with mask 0x%04x",
			   tpid ? be16_at(tpid) : 0);
	if (!tci || !(be16_at(tci) & FP_VLAN_PRESENT))
		return say(w, "vlan()'s mask must cover the tag-present (CFI) bit 0x1000: a flow cannot leave open whether a tag is there");
	return inner_type_problem(mt, lv, w);
}

static bool mask_ok_for(const struct fp_odp_tree *mt, int lv, unsigned int type,
			size_t off)
{
	const struct nlattr *a = fp_odp_get(mt, lv, type);

	return a && ((const uint8_t *)mnl_attr_get_payload(a))[off] == 0xff;
}

/* The L3 and L4 headers, whose masks depend on eth_type and the proto. */
static bool is_header(unsigned int t)
{
	switch (t) {
	case OVS_KEY_ATTR_IPV4:
	case OVS_KEY_ATTR_IPV6:
	case OVS_KEY_ATTR_ARP:
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_UDP:
	case OVS_KEY_ATTR_SCTP:
	case OVS_KEY_ATTR_ICMP:
	case OVS_KEY_ATTR_ICMPV6:
	case OVS_KEY_ATTR_ND:
	case OVS_KEY_ATTR_TCP_FLAGS:
		return true;
	}
	return false;
}

/* An L3/L4 mask is only allowed where the field it depends on is exact. */
static bool dependency_problem(const struct fp_odp_tree *mt, int lv,
			       unsigned int type, struct why *w)
{
	const char *name = fp_odp_key_attr_name(type);
	bool eth_exact = nonzero(fp_odp_get(mt, lv, OVS_KEY_ATTR_ETHERTYPE));

	switch (type) {
	case OVS_KEY_ATTR_IPV4:
	case OVS_KEY_ATTR_IPV6:
	case OVS_KEY_ATTR_ARP:
		if (!eth_exact)
			return say(w, "matching %s() fields needs eth_type matched exactly", name);
		return false;
	case OVS_KEY_ATTR_ND:
		if (!mask_ok_for(mt, lv, OVS_KEY_ATTR_ICMPV6,
				 offsetof(struct ovs_key_icmpv6, icmpv6_type)))
			return say(w, "matching nd() fields needs icmpv6(type=...) matched exactly");
		return false;
	}
	if (!eth_exact ||
	    !(mask_ok_for(mt, lv, OVS_KEY_ATTR_IPV4,
			  offsetof(struct ovs_key_ipv4, ipv4_proto)) ||
	      mask_ok_for(mt, lv, OVS_KEY_ATTR_IPV6,
			  offsetof(struct ovs_key_ipv6, ipv6_proto))))
		return say(w, "matching %s() fields needs eth_type and the IP proto matched exactly",
			   name);
	return false;
}

static bool mask_problem(const struct fp_odp_tree *kt,
			 const struct fp_odp_tree *mt, int payload,
			 struct why *w)
{
	unsigned int t;
	int lv;

	for (lv = 0; lv < mt->n_levels; lv++) {
		if (tag_mask_problem(kt, mt, lv, w))
			return true;
		for (t = 1; t <= OVS_KEY_ATTR_MAX; t++) {
			const struct nlattr *m = fp_odp_get(mt, lv, t);

			if (!nonzero(m) || t == OVS_KEY_ATTR_ENCAP ||
			    t == OVS_KEY_ATTR_VLAN || t == OVS_KEY_ATTR_ETHERTYPE ||
			    t == OVS_KEY_ATTR_IN_PORT)
				continue;
			if (!fp_odp_get(kt, lv, t))
				return say(w, "the mask covers %s(), which the key does not have",
					   fp_odp_key_attr_name(t) ? fp_odp_key_attr_name(t) : "an attribute");
			if (lv == payload && is_header(t) &&
			    dependency_problem(mt, lv, t, w))
				return true;
		}
	}
	return false;
}

bool fp_odp_flow_explain(const void *key, size_t key_len, const void *mask,
			 size_t mask_len, char *buf, size_t size)
{
	struct why w = { .buf = buf, .size = size };
	struct fp_odp_tree kt, mt;
	int payload = -1, err;

	err = fp_odp_tree_parse(key, key_len, &kt);
	if (err)
		return say(&w, "the key's attributes are malformed: %s",
			   err == -ERANGE ? "one has the wrong length" :
			   err == -EINVAL ? "one is repeated, or encap() nests too deep" :
			   "the stream is cut short");
	if (key_problem(&kt, &payload, &w))
		return true;
	if (!mask_len)
		return false;
	err = fp_odp_tree_parse(mask, mask_len, &mt);
	if (err)
		return say(&w, "the mask's attributes are malformed");
	return mask_problem(&kt, &mt, payload, &w);
}
