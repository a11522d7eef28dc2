/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fields of struct fp_flow that a rule can match or set, under the
 * names Open vSwitch users know (nw_dst, tp_dst, dl_vlan, ...).
 *
 * A field is a run of bits inside struct fp_flow: `size` bytes at `offset`,
 * of which an integer field uses `vmask << shift`. Several names may share
 * storage (tp_src, tcp_src, udp_src and icmp_type all live in
 * fp_flow.tp_src); what tells them apart is the prerequisite: the match a
 * rule must already have for the field to mean something (tcp_src needs
 * nw_proto=6 with ip or ipv6, icmp_type needs icmp). The formatter uses
 * the same test to pick the name a stored match is printed under.
 *
 * The registry is a constant table; nothing here allocates.
 */
#ifndef FP_FLOW_FIELD_H
#define FP_FLOW_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"

enum fp_field_kind {
	FP_FK_UINT,	/* integer, decimal or 0x hex */
	FP_FK_MAC,	/* xx:xx:xx:xx:xx:xx */
	FP_FK_IPV4,	/* dotted quad; masks /N or /a.b.c.d */
	FP_FK_IPV6,	/* inet_pton form; masks /N or /ipv6 */
	FP_FK_PORT,	/* a port name; the rule parser resolves it */
};

/* What a rule's match must pin down before a field may be used. */
enum fp_prereq {
	FP_PREREQ_NONE,
	FP_PREREQ_ARP,		/* dl_type arp or rarp */
	FP_PREREQ_IPV4,		/* dl_type ip */
	FP_PREREQ_IPV4_ARP,	/* ip, arp or rarp */
	FP_PREREQ_IPV6,		/* ipv6 */
	FP_PREREQ_IP_ANY,	/* ip or ipv6 */
	FP_PREREQ_IP_ANY_ARP,	/* ip, ipv6, arp or rarp */
	FP_PREREQ_TCP,		/* ip or ipv6 with nw_proto 6 */
	FP_PREREQ_UDP,		/* ... nw_proto 17 */
	FP_PREREQ_SCTP,		/* ... nw_proto 132 */
	FP_PREREQ_TP,		/* ... nw_proto 6, 17 or 132 */
	FP_PREREQ_ICMPV4,	/* ip with nw_proto 1 */
	FP_PREREQ_ICMPV6,	/* ipv6 with nw_proto 58 */
	FP_PREREQ_ND,		/* icmp6 with icmpv6_type 135 or 136 */
	FP_PREREQ_ND_NS,	/* icmp6 with icmpv6_type 135 */
	FP_PREREQ_ND_NA,	/* icmp6 with icmpv6_type 136 */
};

/* fp_field.flags */
#define FP_FF_MASKABLE	 0x01	/* accepts VALUE/MASK */
#define FP_FF_HEX	 0x02	/* printed in hex */
#define FP_FF_HOST_ORDER 0x04	/* stored in host byte order (metadata) */
/* Matching it also requires a VLAN tag (sets FP_VLAN_PRESENT). */
#define FP_FF_VLAN_TAGGED 0x08
/* dl_vlan: the value 0xffff means "no VLAN tag". */
#define FP_FF_VLAN_NONE	 0x10

struct fp_field {
	const char *name;	/* canonical: what the formatter prints */
	const char *alias;	/* another accepted name, or NULL */
	enum fp_field_kind kind;
	uint16_t offset;	/* in struct fp_flow */
	uint8_t size;		/* bytes of storage at offset */
	uint8_t shift;		/* FP_FK_UINT: value's lowest bit in storage */
	uint64_t vmask;		/* FP_FK_UINT: the bits a value may have */
	unsigned int flags;	/* FP_FF_* */
	enum fp_prereq prereq;	/* to match it */
	bool writable;		/* set_field may write it */
	enum fp_prereq wprereq;	/* to write it (writable only) */
};

/* The registry, in the order the formatter prints fields. */
extern const struct fp_field fp_fields[];
extern const size_t fp_n_fields;

/* The field called `name` (canonical or alias), or NULL. */
const struct fp_field *fp_field_by_name(const char *name);

/* Sets, in *mask, every bit the field occupies. */
void fp_field_set_all(const struct fp_field *f, struct fp_flow *mask);

/*
 * Parses "VALUE" or "VALUE/MASK" (FP_FF_MASKABLE only) into the field's
 * bits of *value and *mask, leaving every other bit alone; *value gets
 * VALUE & MASK. FP_FK_PORT fields are not parsed here. Returns 0, or
 * -EINVAL with a reason in err that names the text refused, e.g.
 * "'10.0.0.300' is not an IPv4 address".
 */
int fp_field_parse(const struct fp_field *f, const char *text,
		   struct fp_flow *value, struct fp_flow *mask,
		   char *err, size_t err_size);

/*
 * Prints the field's bits of (value, mask) as the parser accepts them:
 * "VALUE" when the mask covers the whole field, else "VALUE/MASK".
 * FP_FK_PORT fields print the datapath port number. Returns what
 * snprintf would have written.
 */
int fp_field_format(const struct fp_field *f, const struct fp_flow *value,
		    const struct fp_flow *mask, char *buf, size_t size);

/*
 * A whole string as an integer: decimal, or hex after "0x". Returns 0,
 * -EINVAL if it is not a number, -ERANGE if it is above max.
 */
int fp_parse_uint(const char *s, uint64_t max, uint64_t *v);

/* Integer view of a FP_FK_UINT or FP_FK_PORT field, shifted down. */
uint64_t fp_field_get_uint(const struct fp_field *f, const struct fp_flow *flow);
void fp_field_put_uint(const struct fp_field *f, struct fp_flow *flow,
		       uint64_t v);

/* Whether a rule with this (match, mask) satisfies prerequisite p. */
bool fp_prereq_ok(enum fp_prereq p, const struct fp_flow *match,
		  const struct fp_flow *mask);

/* What p asks for, for error messages: "ip or ipv6 (dl_type=...)". */
const char *fp_prereq_text(enum fp_prereq p);

#endif
