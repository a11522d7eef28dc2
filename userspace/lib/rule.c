// SPDX-License-Identifier: GPL-2.0
/*
 * Rules: the keywords of the language, the normalised text form, and the
 * strict and loose comparisons del-flows needs.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "flow_field.h"
#include "rule.h"

static const struct fp_rule_proto protos[] = {
	{ "ip", 0x0800, -1 },
	{ "ipv6", 0x86dd, -1 },
	{ "arp", 0x0806, -1 },
	{ "rarp", 0x8035, -1 },
	{ "icmp", 0x0800, 1 },
	{ "icmp6", 0x86dd, 58 },
	{ "tcp", 0x0800, 6 },
	{ "tcp6", 0x86dd, 6 },
	{ "udp", 0x0800, 17 },
	{ "udp6", 0x86dd, 17 },
	{ "sctp", 0x0800, 132 },
	{ "sctp6", 0x86dd, 132 },
};

#define N_PROTOS (sizeof(protos) / sizeof(protos[0]))

const struct fp_rule_proto *fp_rule_proto_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < N_PROTOS; i++)
		if (!strcmp(protos[i].name, name))
			return &protos[i];
	return NULL;
}

/* The Open vSwitch 1.0-era actions that write one whole field. */
static const struct {
	const char *action;
	const char *field;
} mods[] = {
	{ "mod_dl_src", "dl_src" },
	{ "mod_dl_dst", "dl_dst" },
	{ "mod_nw_src", "nw_src" },
	{ "mod_nw_dst", "nw_dst" },
	{ "mod_nw_tos", "nw_tos" },
	{ "mod_nw_ttl", "nw_ttl" },
	{ "mod_tp_src", "tp_src" },
	{ "mod_tp_dst", "tp_dst" },
};

#define N_MODS (sizeof(mods) / sizeof(mods[0]))

const char *fp_rule_mod_field(const char *action)
{
	size_t i;

	for (i = 0; i < N_MODS; i++)
		if (!strcasecmp(mods[i].action, action))
			return mods[i].field;
	return NULL;
}

static const char *mod_action_of(const char *field)
{
	size_t i;

	for (i = 0; i < N_MODS; i++)
		if (!strcmp(mods[i].field, field))
			return mods[i].action;
	return NULL;
}

bool fp_rule_same_match(const struct fp_rule *rule,
			const struct fp_rule *pattern)
{
	return rule->priority == pattern->priority &&
	       !memcmp(&rule->mask, &pattern->mask, sizeof(rule->mask)) &&
	       !memcmp(&rule->match, &pattern->match, sizeof(rule->match));
}

bool fp_rule_covered_by(const struct fp_rule *rule,
			const struct fp_rule *pattern)
{
	return fp_flow_mask_subset(&pattern->mask, &rule->mask) &&
	       fp_flow_equal_masked(&rule->match, &pattern->match,
				    &pattern->mask);
}

/* ---- formatting ---- */

/* Appends to a buffer, counting what did not fit, as snprintf does. */
struct out {
	char *buf;
	size_t size;
	size_t len;
	int items;	/* comma-separated items so far */
};

static void out_add(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void out_add(struct out *o, const char *fmt, ...)
{
	size_t room = o->len < o->size ? o->size - o->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += n;
}

/* Starts a new comma-separated item. */
static void out_item(struct out *o)
{
	if (o->items++)
		out_add(o, ",");
}

/* mask &= ~(every bit f occupies) */
static void consume(const struct fp_field *f, struct fp_flow *mask)
{
	struct fp_flow bits;
	uint64_t *m = fp_flow_u64_rw(mask);
	const uint64_t *b = fp_flow_u64(&bits);
	size_t i;

	fp_flow_zero(&bits);
	fp_field_set_all(f, &bits);
	for (i = 0; i < FP_FLOW_U64S; i++)
		m[i] &= ~b[i];
}

/* The part of `mask` that f occupies; false if that is nothing. */
static bool field_mask(const struct fp_field *f, const struct fp_flow *mask,
		       struct fp_flow *fmask, bool *whole)
{
	struct fp_flow bits;

	fp_flow_zero(&bits);
	fp_field_set_all(f, &bits);
	fp_flow_apply_mask(fmask, mask, &bits);
	*whole = !memcmp(fmask, &bits, sizeof(bits));
	return !fp_flow_is_zero(fmask);
}

static void format_proto(struct out *o, const struct fp_rule *r,
			 struct fp_flow *left)
{
	bool proto_exact = r->mask.nw_proto == 0xff;
	const struct fp_rule_proto *best = NULL;
	size_t i;

	if (r->mask.dl_type != htons(0xffff))
		return;
	for (i = 0; i < N_PROTOS; i++) {
		const struct fp_rule_proto *p = &protos[i];

		if (p->dl_type != ntohs(r->match.dl_type))
			continue;
		if (p->nw_proto < 0 && !best)
			best = p;
		else if (proto_exact && p->nw_proto == r->match.nw_proto)
			best = p;
	}
	if (!best)
		return;
	out_item(o);
	out_add(o, "%s", best->name);
	left->dl_type = 0;
	if (best->nw_proto >= 0)
		left->nw_proto = 0;
}

/*
 * The outer VLAN TCI, under the names people write: dl_vlan and
 * dl_vlan_pcp for a tagged match on whole VID/PCP, dl_vlan=0xffff for
 * "untagged", vlan_tci=VALUE/MASK for anything else.
 */
static void format_vlan(struct out *o, const struct fp_rule *r,
			struct fp_flow *left)
{
	uint16_t m = ntohs(r->mask.vlans[0].tci);
	uint16_t v = ntohs(r->match.vlans[0].tci);
	uint16_t vid_m = m & FP_VLAN_VID_MASK, pcp_m = m & 0xe000;

	left->vlans[0].tci = 0;
	if (!m)
		return;
	out_item(o);
	if (m == 0xffff && !v) {
		out_add(o, "dl_vlan=0xffff");
		return;
	}
	if ((m & v & FP_VLAN_PRESENT) && (vid_m || pcp_m) &&
	    (!vid_m || vid_m == FP_VLAN_VID_MASK) && (!pcp_m || pcp_m == 0xe000)) {
		if (vid_m)
			out_add(o, "dl_vlan=%u", v & FP_VLAN_VID_MASK);
		if (vid_m && pcp_m)
			out_item(o);
		if (pcp_m)
			out_add(o, "dl_vlan_pcp=%u", v >> FP_VLAN_PCP_SHIFT);
		return;
	}
	out_add(o, "vlan_tci=0x%04x", v);
	if (m != 0xffff)
		out_add(o, "/0x%04x", m);
}

static void format_value(struct out *o, const struct fp_field *f,
			 const struct fp_flow *value, const struct fp_flow *mask,
			 const struct fp_rule_ports *ports)
{
	char text[128];

	if (f->kind == FP_FK_PORT && ports && ports->port_name &&
	    !ports->port_name(fp_field_get_uint(f, value), text, sizeof(text),
			      ports->arg)) {
		out_add(o, "%s", text);
		return;
	}
	fp_field_format(f, value, mask, text, sizeof(text));
	out_add(o, "%s", text);
}

/*
 * One pass over the registry, printing each field that still has bits in
 * `left` and consuming them. The careful pass takes only names the match
 * allows (prerequisites met, no mask on an unmaskable field), which is
 * what picks icmp_type over tp_src; a second, careless pass then prints
 * whatever is left, so no bit of the match goes unshown.
 */
static void format_fields(struct out *o, const struct fp_rule *r,
			  struct fp_flow *left,
			  const struct fp_rule_ports *ports, bool careful)
{
	struct fp_flow fm;
	bool whole;
	size_t i;

	for (i = 0; i < fp_n_fields; i++) {
		const struct fp_field *f = &fp_fields[i];

		if (!field_mask(f, left, &fm, &whole))
			continue;
		if (careful && (!fp_prereq_ok(f->prereq, &r->match, &r->mask) ||
				(!whole && !(f->flags & FP_FF_MASKABLE))))
			continue;
		out_item(o);
		out_add(o, "%s=", f->name);
		format_value(o, f, &r->match, &fm, ports);
		consume(f, left);
	}
}

/* A SET_FIELD action, one field at a time: mod_* where one fits. */
static void format_set(struct out *o, const struct fp_ract *a)
{
	struct fp_flow left = a->set.mask, fm;
	const char *mod;
	bool whole;
	size_t i;

	for (i = 0; i < fp_n_fields; i++) {
		const struct fp_field *f = &fp_fields[i];

		if (!f->writable || !field_mask(f, &left, &fm, &whole))
			continue;
		out_item(o);
		mod = whole ? mod_action_of(f->name) : NULL;
		out_add(o, "%s:", mod ? mod : "set_field");
		format_value(o, f, &a->set.value, &fm, NULL);
		if (!mod)
			out_add(o, "->%s", f->name);
		consume(f, &left);
	}
}

static void format_action(struct out *o, const struct fp_ract *a)
{
	if (a->type == FP_RACT_SET_FIELD) {
		format_set(o, a);
		return;
	}
	out_item(o);
	switch (a->type) {
	case FP_RACT_OUTPUT:
		out_add(o, "output:%s", a->port);
		break;
	case FP_RACT_IN_PORT:
		out_add(o, "IN_PORT");
		break;
	case FP_RACT_NORMAL:
		out_add(o, "NORMAL");
		break;
	case FP_RACT_FLOOD:
		out_add(o, "FLOOD");
		break;
	case FP_RACT_PUSH_VLAN:
		out_add(o, "push_vlan:0x%04x", ntohs(a->tpid));
		break;
	case FP_RACT_POP_VLAN:
		out_add(o, "pop_vlan");
		break;
	case FP_RACT_SET_VLAN_VID:
		out_add(o, "mod_vlan_vid:%u", a->vid);
		break;
	case FP_RACT_SET_VLAN_PCP:
		out_add(o, "mod_vlan_pcp:%u", a->pcp);
		break;
	case FP_RACT_CONTROLLER:
		if (a->max_len)
			out_add(o, "CONTROLLER:%u", a->max_len);
		else
			out_add(o, "CONTROLLER");
		break;
	case FP_RACT_SET_FIELD:
		break;
	}
}

static void format_actions(struct out *o, const struct fp_rule_actions *acts)
{
	size_t i;

	if (!acts->n)
		out_add(o, "drop");
	for (i = 0; i < acts->n; i++)
		format_action(o, &acts->acts[i]);
}

int fp_rule_actions_format(const struct fp_rule_actions *acts, char *buf,
			   size_t size)
{
	struct out o = { buf, size, 0, 0 };

	if (size)
		buf[0] = '\0';
	format_actions(&o, acts);
	return (int)o.len;
}

int fp_rule_format(const struct fp_rule *rule, enum fp_rule_parse_mode mode,
		   const struct fp_rule_ports *ports, char *buf, size_t size)
{
	struct out o = { buf, size, 0, 0 };
	struct fp_flow left = rule->mask;

	if (size)
		buf[0] = '\0';
	out_item(&o);
	out_add(&o, "priority=%d", rule->priority);
	format_proto(&o, rule, &left);
	format_vlan(&o, rule, &left);
	format_fields(&o, rule, &left, ports, true);
	format_fields(&o, rule, &left, ports, false);
	if (mode == FP_RULE_PARSE_FULL) {
		out_item(&o);
		out_add(&o, "actions=");
		o.items = 0;
		format_actions(&o, &rule->actions);
	}
	return (int)o.len;
}
