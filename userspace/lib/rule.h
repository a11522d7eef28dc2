/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bridge rules in the syntax Open vSwitch users know:
 *
 *   priority=100,tcp,in_port=p1,nw_dst=10.0.0.0/8,tp_dst=80,actions=output:p2
 *
 * A rule is a priority, a match (value and mask over struct fp_flow, with
 * value == value & mask always) and a list of actions (rule_action.h).
 *
 * in_port is resolved to a datapath port number when the rule is parsed,
 * while output ports stay names; a rule therefore keeps the text it was
 * parsed from, so whoever owns it can parse it again when ports come and go.
 */
#ifndef FP_RULE_H
#define FP_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"
#include "rule_action.h"

#define FP_RULE_PRIORITY_DEFAULT 32768
#define FP_RULE_PRIORITY_MAX 65535
/* Longest rule text accepted, including the terminating NUL. */
#define FP_RULE_TEXT_MAX 1024

/* The classifier's bookkeeping inside a rule; only classifier.c uses it. */
struct fp_cls_subtable;
struct fp_cls_node {
	struct fp_rule *hnext;		/* next distinct match in the bucket */
	struct fp_rule *dup_next;	/* same match, lower rank */
	struct fp_cls_subtable *subtable;	/* NULL when not inserted */
	uint64_t seq;			/* insertion order, for ties */
	uint32_t hash;			/* of the match under the mask */
};

struct fp_rule {
	int priority;			/* 0..65535, higher wins */
	struct fp_flow match;		/* value & mask */
	struct fp_flow mask;
	struct fp_rule_actions actions;
	char text[FP_RULE_TEXT_MAX];	/* as given to fp_rule_parse() */
	struct fp_cls_node cls;
};

/*
 * How the parser turns port names into datapath port numbers and back.
 * port_no returns 0 and sets *odp_port, or a negative errno when there is
 * no such port (the rule is then refused). It is asked about in_port=NAME
 * and about every output port, so a misspelt port is refused at once.
 * port_name (may be NULL: numbers are printed) serves the formatter.
 */
struct fp_rule_ports {
	int (*port_no)(const char *name, uint32_t *odp_port, void *arg);
	int (*port_name)(uint32_t odp_port, char *name, size_t size,
			 void *arg);
	void *arg;
};

enum fp_rule_parse_mode {
	FP_RULE_PARSE_FULL,	/* add-flow: "actions=" is required */
	FP_RULE_PARSE_MATCH,	/* del-flows: a match only, no actions */
};

/*
 * Parses `text` into *rule (zeroed first). The words, separated by commas
 * or white space, in any order but "actions=" last (it takes the rest):
 *
 *   priority=N          0..65535, default 32768
 *   table=0             accepted for familiarity; there is one table
 *   ip ipv6 arp rarp icmp icmp6 tcp tcp6 udp udp6 sctp sctp6
 *   FIELD=VALUE[/MASK]  any name of flow_field.h; in_port=PORTNAME
 *   actions=A,B,...     output:PORT or PORT, in_port, normal, flood, drop
 *                       (alone, or an empty list), push_vlan:TPID,
 *                       pop_vlan/strip_vlan, mod_vlan_vid:N, mod_vlan_pcp:N,
 *                       mod_dl_src/dst:MAC, mod_nw_src/dst:IP, mod_nw_tos:N,
 *                       mod_nw_ttl:N, mod_tp_src/dst:N,
 *                       set_field:VALUE[/MASK]->FIELD,
 *                       controller[:MAX_LEN] (a copy of the packet, as
 *                       the actions so far left it, to flowpathd; MAX_LEN
 *                       14..65535 cuts it; also output:controller)
 *
 * Unknown words, malformed values, out-of-range numbers, a field given
 * twice, words that contradict each other ("tcp,nw_proto=17"), fields
 * whose prerequisites the match lacks ("tp_dst" without tcp, udp or sctp)
 * and writes the match does not allow ("mod_nw_dst" without ip) are all
 * refused.
 *
 * Returns 0, or a negative errno with err holding "TOKEN: reason", e.g.
 * "nw_dst=10.0.0.300: '10.0.0.300' is not an IPv4 address" (the caller
 * adds the line number). ports may be NULL: in_port and output ports are
 * then refused.
 */
int fp_rule_parse(struct fp_rule *rule, const char *text,
		  enum fp_rule_parse_mode mode,
		  const struct fp_rule_ports *ports, char *err, size_t err_size);

/*
 * Prints the rule in normalised form: "priority=N", a protocol shorthand
 * when one fits, the fields in registry order, then "actions=..." (left
 * out for FP_RULE_PARSE_MATCH). Parsing the result gives the same rule.
 * Returns what snprintf would have written.
 */
int fp_rule_format(const struct fp_rule *rule, enum fp_rule_parse_mode mode,
		   const struct fp_rule_ports *ports, char *buf, size_t size);

/* Prints only the actions ("output:p2,NORMAL", or "drop"). */
int fp_rule_actions_format(const struct fp_rule_actions *acts, char *buf,
			   size_t size);

/*
 * del-flows --strict: same priority, same mask, same match.
 */
bool fp_rule_same_match(const struct fp_rule *rule,
			const struct fp_rule *pattern);

/*
 * del-flows without --strict: every packet the rule matches is matched by
 * the pattern's match (the rule is at least as specific), whatever the
 * priorities. An empty pattern covers every rule.
 */
bool fp_rule_covered_by(const struct fp_rule *rule,
			const struct fp_rule *pattern);

/*
 * The keywords of the language, shared by the parser and the formatter.
 *
 * Protocol shorthands: "tcp" means dl_type=0x0800,nw_proto=6.
 */
struct fp_rule_proto {
	const char *name;
	uint16_t dl_type;	/* host byte order */
	int nw_proto;		/* -1: the keyword says nothing of it */
};

const struct fp_rule_proto *fp_rule_proto_by_name(const char *name);

/* The field a legacy "mod_*" action writes ("mod_nw_dst" -> "nw_dst"), or NULL. */
const char *fp_rule_mod_field(const char *action);

#endif
