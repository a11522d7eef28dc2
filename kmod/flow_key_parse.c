// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing a flow key and mask from OVS_KEY_ATTR_* attributes, as
 * openvswitch.ko's ovs_nla_get_match() does (same acceptance, same
 * -EINVAL), in three steps:
 *   1. collect one level of attributes (flow_key_attrs.c);
 *   2. the VLAN tags, each with an ENCAP nest that holds the next level
 *      (here);
 *   3. the fields (flow_key_fields.c), then the rules between them (here).
 * The key is parsed first; the mask pass then reads the mask attributes
 * (or an all-ones copy of the key's) the same way. Also the key of an
 * OVS_PACKET_CMD_EXECUTE: metadata from attributes, the rest from the
 * frame. Process context: may allocate with GFP_KERNEL.
 */
#include <linux/if_vlan.h>
#include <linux/openvswitch.h>
#include <linux/slab.h>
#include <net/ndisc.h>
#include <net/netlink.h>

#include "compat.h"
#include "flow_key_parse.h"
#include "flow_key_priv.h"
#include "genl.h"

#define FP_KEY_TAG_BITS	(FP_KEY_BIT(ETHERTYPE) | FP_KEY_BIT(VLAN) |	\
			 FP_KEY_BIT(ENCAP))

/*
 * Whether a key's level is a tagged frame: ETHERNET, and an ETHERTYPE
 * that is a VLAN TPID. Such a level must have VLAN and ENCAP; a TCI
 * without the CFI bit is only allowed as 0, for a tag the frame cut
 * short, and then ENCAP must be empty. Returns 1, 0 (not tagged) or
 * -EINVAL.
 */
static int fp_key_tag_in_key(const struct fp_key_parse *p, u64 attrs)
{
	const struct nlattr *type = p->a[OVS_KEY_ATTR_ETHERTYPE];
	__be16 tci;

	if (!(attrs & FP_KEY_BIT(ETHERNET)) || !(attrs & FP_KEY_BIT(ETHERTYPE)) ||
	    !eth_type_vlan(nla_get_be16(type)))
		return 0;
	if (!(attrs & FP_KEY_BIT(VLAN)) || !(attrs & FP_KEY_BIT(ENCAP))) {
		FP_SET_ERR_ATTR(p->extack, type,
				"OVS_KEY_ATTR_ETHERTYPE: a VLAN TPID needs VLAN and ENCAP beside it");
		return -EINVAL;
	}
	tci = nla_get_be16(p->a[OVS_KEY_ATTR_VLAN]);
	if (tci & htons(VLAN_CFI_MASK))
		return 1;
	if (tci) {
		FP_SET_ERR_ATTR(p->extack, p->a[OVS_KEY_ATTR_VLAN],
				"OVS_KEY_ATTR_VLAN: TCI without the CFI bit (0x1000), and not 0");
		return -EINVAL;
	}
	if (nla_len(p->a[OVS_KEY_ATTR_ENCAP])) {
		FP_SET_ERR_ATTR(p->extack, p->a[OVS_KEY_ATTR_ENCAP],
				"OVS_KEY_ATTR_ENCAP: not empty after a cut tag (TCI 0)");
		return -EINVAL;
	}
	return 1;
}

/*
 * Whether a mask's level matches a tag: it has an ENCAP, the key has a
 * whole tag there, and the mask matches the TPID exactly and the CFI bit.
 * The TPID and TCI are read from the table even when this level did not
 * set them (openvswitch.ko's behaviour: a zero mask value is then the
 * key's or another level's). Returns 1, 0 or -EINVAL.
 */
static int fp_key_tag_in_mask(const struct fp_key_parse *p, u64 attrs,
			      bool inner)
{
	const struct fp_key_vlan *tag = inner ? &p->key->cvlan : &p->key->vlan;
	const struct nlattr *tpid = p->a[OVS_KEY_ATTR_ETHERTYPE];
	const struct nlattr *tci = p->a[OVS_KEY_ATTR_VLAN];

	if (!(attrs & FP_KEY_BIT(ENCAP)))
		return 0;
	if (!(tag->tci & htons(VLAN_CFI_MASK))) {
		FP_SET_ERR_ATTR(p->extack, p->a[OVS_KEY_ATTR_ENCAP],
				"flow mask: OVS_KEY_ATTR_ENCAP where the key has no whole tag");
		return -EINVAL;
	}
	if (!tpid || nla_get_be16(tpid) != htons(0xffff)) {
		FP_SET_ERR_ATTR(p->extack, tpid,
				"flow mask: OVS_KEY_ATTR_ETHERTYPE of a tag (its TPID) must be 0xffff");
		return -EINVAL;
	}
	if (!tci || !(nla_get_be16(tci) & htons(VLAN_CFI_MASK))) {
		FP_SET_ERR_ATTR(p->extack, tci,
				"flow mask: OVS_KEY_ATTR_VLAN must match the CFI bit (0x1000)");
		return -EINVAL;
	}
	return 1;
}

/* One tag level: its TPID and TCI into the pass's output, then the
 * attributes of its ENCAP collected in their place.
 */
static int fp_key_parse_tag(struct fp_key_parse *p, u64 *attrs, bool inner)
{
	const struct nlattr *tpid = p->a[OVS_KEY_ATTR_ETHERTYPE];
	const struct nlattr *tci = p->a[OVS_KEY_ATTR_VLAN];
	struct fp_key_vlan *tag;
	int err;

	err = p->mask ? fp_key_tag_in_mask(p, *attrs, inner) :
			fp_key_tag_in_key(p, *attrs);
	if (err <= 0)
		return err;

	tag = inner ? &p->out->cvlan : &p->out->vlan;
	tag->tpid = tpid ? nla_get_be16(tpid) : 0;
	tag->tci = tci ? nla_get_be16(tci) : 0;
	*attrs &= ~FP_KEY_TAG_BITS;
	return fp_key_attrs_collect(p, p->a[OVS_KEY_ATTR_ENCAP], attrs,
				    p->mask);
}

/* The outer tag, and the inner one if the key has a whole outer tag. */
static int fp_key_parse_tags(struct fp_key_parse *p, u64 *attrs)
{
	int err;

	err = fp_key_parse_tag(p, attrs, false);
	if (err || !(p->key->vlan.tci & htons(VLAN_CFI_MASK)))
		return err;
	return fp_key_parse_tag(p, attrs, true);
}

/* One pass: @nest into @p->out. @attrs returns the attributes seen. */
static int fp_key_parse_pass(struct fp_key_parse *p, const struct nlattr *nest,
			     u64 *attrs)
{
	int err;

	err = fp_key_attrs_collect(p, nest, attrs, p->mask);
	if (err)
		return err;
	if (p->mask) {
		/* Tags are matched whole unless the mask says otherwise. */
		p->out->vlan.tci = htons(0xffff);
		p->out->cvlan.tci = htons(0xffff);
	}
	err = fp_key_parse_tags(p, attrs);
	if (err)
		return err;
	return fp_key_parse_fields(p, *attrs);
}

static int fp_key_parse_mask(struct fp_key_parse *p, const struct nlattr *key,
			     const struct nlattr *mask, struct fp_flow_key *m,
			     u64 *mask_attrs)
{
	struct nlattr *exact = NULL;
	int err;

	memset(m, 0, sizeof(*m));
	if (!mask) {
		exact = fp_key_exact_mask(key);
		if (!exact)
			return -ENOMEM;
		mask = exact;
	}
	p->out = m;
	p->mask = true;
	err = fp_key_parse_pass(p, mask, mask_attrs);
	kfree(exact);
	return err;
}

/**
 * fp_flow_key_from_nlattr - a flow's key and mask from their attributes
 * @key: OVS_FLOW_ATTR_KEY
 * @mask: OVS_FLOW_ATTR_MASK, or NULL for an exact match of every field
 *	@key has
 * @k: the key, as given (not masked: the caller masks it with @m)
 * @m: the mask; NULL to parse the key alone (a flow GET or DEL by key)
 * @extack: receives the reason of a refusal and the attribute
 *
 * Returns 0, -EINVAL for anything openvswitch.ko refuses and for what this
 * datapath does not support, or -ENOMEM. Process context.
 */
int fp_flow_key_from_nlattr(const struct nlattr *key, const struct nlattr *mask,
			    struct fp_flow_key *k, struct fp_flow_key *m,
			    struct netlink_ext_ack *extack)
{
	struct fp_key_parse p = { .key = k, .out = k, .extack = extack };
	u64 key_attrs = 0, mask_attrs = 0;
	int err;

	memset(k, 0, sizeof(*k));
	err = fp_key_parse_pass(&p, key, &key_attrs);
	if (!err && m)
		err = fp_key_parse_mask(&p, key, mask, m, &mask_attrs);
	if (err)
		return err;
	return fp_key_parse_validate(k, m, key_attrs, mask_attrs, extack);
}

/**
 * fp_flow_key_extract_userspace - the key of a frame sent by EXECUTE
 * @skb: the frame (OVS_PACKET_ATTR_PACKET), data at the Ethernet header
 * @key: OVS_PACKET_ATTR_KEY: only its metadata is used (in_port,
 *	priority, skb_mark, recirc_id, dp_hash); the other attributes are
 *	checked for type, length and duplicates, and otherwise ignored
 * @k: output; the frame's fields are extracted from @skb
 * @extack: receives the reason of a refusal
 *
 * Returns 0 or -EINVAL (bad attributes, or a frame shorter than an
 * Ethernet header).
 */
int fp_flow_key_extract_userspace(struct sk_buff *skb, const struct nlattr *key,
				  struct fp_flow_key *k,
				  struct netlink_ext_ack *extack)
{
	struct fp_key_parse p = { .key = k, .out = k, .extack = extack };
	u64 attrs = 0;
	int err;

	memset(k, 0, sizeof(*k));
	err = fp_key_attrs_collect(&p, key, &attrs, false);
	if (!err)
		err = fp_key_parse_metadata(&p, &attrs);
	if (err)
		return err;
	err = fp_flow_key_extract_frame(skb, k);
	if (err)
		NL_SET_ERR_MSG_MOD(extack,
				   "OVS_PACKET_ATTR_PACKET: shorter than an Ethernet header");
	return err;
}
