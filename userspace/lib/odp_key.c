// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>

#include "dp_attr.h"
#include "odp_key.h"

/* Attribute lengths: fixed sizes, or one of these for the others. */
enum {
	LEN_SKIP = 0,		/* not ours (yet): skipped unchecked */
	LEN_NESTED = -1,
};

static const int key_attr_len[] = {
	[OVS_KEY_ATTR_ENCAP] = LEN_NESTED,
	[OVS_KEY_ATTR_PRIORITY] = sizeof(uint32_t),
	[OVS_KEY_ATTR_IN_PORT] = sizeof(uint32_t),
	[OVS_KEY_ATTR_ETHERNET] = sizeof(struct ovs_key_ethernet),
	[OVS_KEY_ATTR_VLAN] = sizeof(uint16_t),
	[OVS_KEY_ATTR_ETHERTYPE] = sizeof(uint16_t),
	[OVS_KEY_ATTR_IPV4] = sizeof(struct ovs_key_ipv4),
	[OVS_KEY_ATTR_IPV6] = sizeof(struct ovs_key_ipv6),
	[OVS_KEY_ATTR_TCP] = sizeof(struct ovs_key_tcp),
	[OVS_KEY_ATTR_UDP] = sizeof(struct ovs_key_udp),
	[OVS_KEY_ATTR_ICMP] = sizeof(struct ovs_key_icmp),
	[OVS_KEY_ATTR_ICMPV6] = sizeof(struct ovs_key_icmpv6),
	[OVS_KEY_ATTR_ARP] = sizeof(struct ovs_key_arp),
	[OVS_KEY_ATTR_SKB_MARK] = sizeof(uint32_t),
	[OVS_KEY_ATTR_SCTP] = sizeof(struct ovs_key_sctp),
	[OVS_KEY_ATTR_DP_HASH] = sizeof(uint32_t),
	[OVS_KEY_ATTR_RECIRC_ID] = sizeof(uint32_t),
};

#define N_KEY_ATTRS (int)(sizeof(key_attr_len) / sizeof(key_attr_len[0]))

/* One nesting level's attributes, by type. */
struct level {
	const struct nlattr *tb[N_KEY_ATTRS];
};

static int key_attr_cb(const struct nlattr *attr, void *data)
{
	struct level *lv = data;
	int type = mnl_attr_get_type(attr);
	int want;

	if (type >= N_KEY_ATTRS || key_attr_len[type] == LEN_SKIP)
		return MNL_CB_OK;
	want = key_attr_len[type];
	if (lv->tb[type]) {
		errno = EINVAL;
		return MNL_CB_ERROR;
	}
	if (want == LEN_NESTED ? mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0
			       : mnl_attr_get_payload_len(attr) != (size_t)want) {
		errno = ERANGE;
		return MNL_CB_ERROR;
	}
	lv->tb[type] = attr;
	return MNL_CB_OK;
}

static uint16_t get_be16(const struct nlattr *a)
{
	return ntohs(mnl_attr_get_u16(a));
}

static void take_u32(const struct level *lv, int type, uint32_t *dst)
{
	if (lv->tb[type])
		*dst = mnl_attr_get_u32(lv->tb[type]);
}

/* Copies a fixed-size attribute whose length key_attr_cb checked. */
static void copy_struct(const struct level *lv, int type, void *dst)
{
	if (lv->tb[type])
		memcpy(dst, mnl_attr_get_payload(lv->tb[type]),
		       key_attr_len[type]);
}

static void take_metadata(const struct level *lv, struct odp_key *key)
{
	take_u32(lv, OVS_KEY_ATTR_IN_PORT, &key->in_port);
	take_u32(lv, OVS_KEY_ATTR_PRIORITY, &key->priority);
	take_u32(lv, OVS_KEY_ATTR_SKB_MARK, &key->skb_mark);
	take_u32(lv, OVS_KEY_ATTR_RECIRC_ID, &key->recirc_id);
	take_u32(lv, OVS_KEY_ATTR_DP_HASH, &key->dp_hash);
	copy_struct(lv, OVS_KEY_ATTR_ETHERNET, &key->eth);
}

static void take_l3_l4(const struct level *lv, struct odp_key *key)
{
	copy_struct(lv, OVS_KEY_ATTR_IPV4, &key->ipv4);
	copy_struct(lv, OVS_KEY_ATTR_IPV6, &key->ipv6);
	copy_struct(lv, OVS_KEY_ATTR_ARP, &key->arp);
	copy_struct(lv, OVS_KEY_ATTR_TCP, &key->tcp);
	copy_struct(lv, OVS_KEY_ATTR_UDP, &key->udp);
	copy_struct(lv, OVS_KEY_ATTR_SCTP, &key->sctp);
	copy_struct(lv, OVS_KEY_ATTR_ICMP, &key->icmp);
	copy_struct(lv, OVS_KEY_ATTR_ICMPV6, &key->icmpv6);
}

static void note_attrs(const struct level *lv, struct odp_key *key)
{
	int type;

	for (type = 0; type < N_KEY_ATTRS; type++)
		if (lv->tb[type])
			key->attrs |= 1ULL << type;
}

static int parse_level(const void *attrs, size_t len, struct odp_key *key);

/*
 * A tagged frame: this level's ETHERTYPE is the tag's TPID, VLAN its TCI,
 * and the rest of the frame is inside ENCAP (which a frame cut short right
 * after the tag may lack).
 */
static int take_vlan(const struct level *lv, struct odp_key *key)
{
	const struct nlattr *encap = lv->tb[OVS_KEY_ATTR_ENCAP];

	if (!lv->tb[OVS_KEY_ATTR_ETHERTYPE] || key->n_vlans >= ODP_KEY_MAX_VLANS)
		return -EINVAL;
	key->vlan_tpid[key->n_vlans] = get_be16(lv->tb[OVS_KEY_ATTR_ETHERTYPE]);
	key->vlan_tci[key->n_vlans] = get_be16(lv->tb[OVS_KEY_ATTR_VLAN]);
	key->n_vlans++;
	if (!encap)
		return 0;
	return parse_level(mnl_attr_get_payload(encap),
			   mnl_attr_get_payload_len(encap), key);
}

static int parse_level(const void *attrs, size_t len, struct odp_key *key)
{
	struct level lv = { { NULL } };
	int err;

	err = dp_attr_parse_payload(attrs, len, key_attr_cb, &lv);
	if (err)
		return err;
	note_attrs(&lv, key);
	take_metadata(&lv, key);
	if (lv.tb[OVS_KEY_ATTR_VLAN])
		return take_vlan(&lv, key);
	/* ENCAP only means something after a VLAN tag. */
	if (lv.tb[OVS_KEY_ATTR_ENCAP])
		return -EINVAL;
	if (lv.tb[OVS_KEY_ATTR_ETHERTYPE]) {
		key->has_eth_type = true;
		key->eth_type = get_be16(lv.tb[OVS_KEY_ATTR_ETHERTYPE]);
	}
	take_l3_l4(&lv, key);
	return 0;
}

int odp_key_parse(const void *attrs, size_t len, struct odp_key *key)
{
	memset(key, 0, sizeof(*key));
	return parse_level(attrs, len, key);
}
