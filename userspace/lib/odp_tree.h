/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A key or mask attribute stream split into its nesting levels: level 0 is
 * the stream itself, level n+1 what the ENCAP attribute of level n holds
 * (the frame inside a VLAN tag). Each level is a table by attribute type,
 * libmnl style, filled after the lengths were checked.
 *
 * For the codec (odp_flow.c), its checker and the text format; not an API
 * for anyone else.
 */
#ifndef FP_ODP_TREE_H
#define FP_ODP_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/openvswitch.h>

/* Outside any tag, inside one, inside two: the kernel parses two tags. */
#define FP_ODP_LEVELS 3

/* Attribute lengths: a size, or one of these. */
enum {
	FP_ODP_LEN_UNKNOWN = -1,	/* a type this uAPI does not define */
	FP_ODP_LEN_NESTED = -2,
	FP_ODP_LEN_VARIABLE = -3,
};

/* The payload length the uAPI defines for key attribute type. */
int fp_odp_key_attr_len(unsigned int type);

/* "eth_type" for OVS_KEY_ATTR_ETHERTYPE, as ovs-dpctl names them; NULL for
 * a type it has no name for. */
const char *fp_odp_key_attr_name(unsigned int type);

struct fp_odp_level {
	const struct nlattr *tb[OVS_KEY_ATTR_MAX + 1];
};

struct fp_odp_tree {
	int n_levels;
	struct fp_odp_level lv[FP_ODP_LEVELS];
};

/*
 * Splits [attrs, attrs + len) into t. Returns 0, -EBADMSG when the stream
 * is cut inside an attribute, -ERANGE for a known attribute of the wrong
 * length, -EINVAL for one repeated within a level or ENCAPs nested deeper
 * than FP_ODP_LEVELS. Types above OVS_KEY_ATTR_MAX are skipped.
 */
int fp_odp_tree_parse(const void *attrs, size_t len, struct fp_odp_tree *t);

static inline const struct nlattr *fp_odp_get(const struct fp_odp_tree *t,
					      int level, unsigned int type)
{
	if (level >= t->n_levels || type > OVS_KEY_ATTR_MAX)
		return NULL;
	return t->lv[level].tb[type];
}

bool fp_odp_is_zero(const void *p, size_t len);

#endif
