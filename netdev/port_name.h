/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phys_port_name: the short name a switchdev driver gives each of its ports
 * ("p0", "pf0vf1", "c1pf0sf4", ...). Drivers that register devlink ports get
 * it composed by devlink from the port's attributes; the grammar below is
 * what devlink writes, which older drivers (nfp, pre-devlink mlx5) also
 * followed by hand:
 *
 *	physical port	[l<linecard>]p<port>[s<subport>]
 *	PF		[c<controller>]pf<pf>
 *	VF		[c<controller>]pf<pf>vf<vf>
 *	SF		[c<controller>]pf<pf>sf<sf>
 *
 * Every number is decimal. The parser is pure, so it is unit-tested in full.
 */
#ifndef FP_PORT_NAME_H
#define FP_PORT_NAME_H

#include <stdbool.h>
#include <stdint.h>

enum fp_port_name_kind {
	FP_PORT_NAME_PHYSICAL,
	FP_PORT_NAME_PF,
	FP_PORT_NAME_VF,
	FP_PORT_NAME_SF,
};

struct fp_port_name {
	enum fp_port_name_kind kind;
	bool has_linecard;	/* physical ports on a line card only */
	bool has_subport;	/* a split physical port only */
	bool has_controller;	/* PF/VF/SF of an external controller only */
	uint32_t linecard;
	uint32_t port;		/* FP_PORT_NAME_PHYSICAL */
	uint32_t subport;
	uint32_t controller;
	uint32_t pf;		/* FP_PORT_NAME_PF, _VF, _SF */
	uint32_t vf;		/* FP_PORT_NAME_VF */
	uint32_t sf;		/* FP_PORT_NAME_SF */
};

/*
 * Parses NAME into *OUT. Returns 0, or -EINVAL when NAME does not follow the
 * grammar above (empty, unknown letters, a number missing or above
 * UINT32_MAX, trailing characters); *OUT is then undefined.
 */
int fp_port_name_parse(const char *name, struct fp_port_name *out);

#endif
