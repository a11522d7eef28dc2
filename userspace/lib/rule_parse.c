// SPDX-License-Identifier: GPL-2.0
/*
 * The rule parser: "priority=100,ip,nw_dst=10.0.0.2,actions=output:p2".
 *
 * The match is built token by token; every token's bits are remembered so
 * that a later token contradicting an earlier one is refused naming both,
 * and prerequisites are checked once the whole match is known (Open
 * vSwitch accepts "nw_dst=10.0.0.2,ip" as readily as "ip,nw_dst=...").
 * Actions come last and are checked against the finished match.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>
#include <arpa/inet.h>

#include "flow_field.h"
#include "rule.h"

#define MAX_MATCH_TOKENS 64
#define SEPARATORS ", \t\r\n"

/* A match token already applied. */
struct seen {
	const char *tok;		/* as written, for messages */
	const struct fp_field *field;	/* NULL for protocol keywords */
	struct fp_flow value, mask;
};

struct parser {
	struct fp_rule *rule;
	const struct fp_rule_ports *ports;
	char *err;
	size_t err_size;
	char buf[FP_RULE_TEXT_MAX];	/* the text, cut into tokens */
	struct seen seen[MAX_MATCH_TOKENS];
	size_t n_seen;
	bool priority_seen;
	bool drop_seen;
	size_t n_action_tokens;
};

static int fail(struct parser *p, const char *tok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Writes "TOKEN: reason" and returns -EINVAL. */
static int fail(struct parser *p, const char *tok, const char *fmt, ...)
{
	int n = snprintf(p->err, p->err_size, "%s: ", tok);
	va_list ap;

	if (n < 0 || (size_t)n >= p->err_size)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->err_size - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/*
 * Cuts the next token out of *pos (NUL-terminating it in place). A token
 * starting "actions=" takes the rest of the text, separators and all.
 */
static char *next_token(char **pos)
{
	char *tok = *pos + strspn(*pos, SEPARATORS);
	char *end;

	if (!*tok)
		return NULL;
	if (!strncmp(tok, "actions=", 8)) {
		*pos = tok + strlen(tok);
		return tok;
	}
	end = tok + strcspn(tok, SEPARATORS);
	*pos = *end ? end + 1 : end;
	*end = '\0';
	return tok;
}

/* An action token: like next_token, but separators inside (...) stay. */
static char *next_action(char **pos)
{
	char *tok = *pos + strspn(*pos, SEPARATORS);
	char *end;
	int depth = 0;

	if (!*tok)
		return NULL;
	for (end = tok; *end && (depth || !strchr(SEPARATORS, *end)); end++)
		depth += (*end == '(') - (*end == ')' && depth);
	*pos = *end ? end + 1 : end;
	*end = '\0';
	return tok;
}

/* ---- the match ---- */

/* The first earlier token that says otherwise about any bit, or NULL. */
static const struct seen *contradicted(const struct parser *p,
				       const struct fp_flow *value,
				       const struct fp_flow *mask)
{
	const uint64_t *v = fp_flow_u64(value), *m = fp_flow_u64(mask);
	size_t i, w;

	for (i = 0; i < p->n_seen; i++) {
		const uint64_t *sv = fp_flow_u64(&p->seen[i].value);
		const uint64_t *sm = fp_flow_u64(&p->seen[i].mask);

		for (w = 0; w < FP_FLOW_U64S; w++)
			if ((v[w] ^ sv[w]) & m[w] & sm[w])
				return &p->seen[i];
	}
	return NULL;
}

/* Adds a token's (value, mask) to the match, unless it repeats or contradicts. */
static int apply(struct parser *p, const char *tok, const struct fp_field *f,
		 const struct fp_flow *value, const struct fp_flow *mask)
{
	const struct seen *other;
	size_t i;

	if (p->n_seen == MAX_MATCH_TOKENS)
		return fail(p, tok, "more than %d fields in one rule",
			    MAX_MATCH_TOKENS);
	for (i = 0; f && i < p->n_seen; i++)
		if (p->seen[i].field == f)
			return fail(p, tok, "%s is already matched by '%s'",
				    f->name, p->seen[i].tok);
	other = contradicted(p, value, mask);
	if (other)
		return fail(p, tok, "contradicts '%s'", other->tok);
	p->seen[p->n_seen++] = (struct seen){ tok, f, *value, *mask };
	fp_flow_or(&p->rule->mask, mask);
	fp_flow_or(&p->rule->match, value);
	return 0;
}

static int parse_proto(struct parser *p, const char *tok)
{
	const struct fp_rule_proto *proto = fp_rule_proto_by_name(tok);
	struct fp_flow value, mask;

	if (!proto) {
		if (!strcmp(tok, "actions"))
			return fail(p, tok, "write actions=ACTION,...");
		return fail(p, tok, "not a protocol keyword (ip, ipv6, arp, "
			    "rarp, icmp, icmp6, tcp, tcp6, udp, udp6, sctp, "
			    "sctp6) nor FIELD=VALUE");
	}
	fp_flow_zero(&value);
	fp_flow_zero(&mask);
	value.dl_type = htons(proto->dl_type);
	mask.dl_type = htons(0xffff);
	if (proto->nw_proto >= 0) {
		value.nw_proto = proto->nw_proto;
		mask.nw_proto = 0xff;
	}
	return apply(p, tok, NULL, &value, &mask);
}

static int parse_priority(struct parser *p, const char *tok, const char *val)
{
	uint64_t v;
	int ret;

	if (p->priority_seen)
		return fail(p, tok, "priority is given twice");
	ret = fp_parse_uint(val, FP_RULE_PRIORITY_MAX, &v);
	if (ret == -ERANGE)
		return fail(p, tok, "'%s' is out of range for priority "
			    "(0 to %d)", val, FP_RULE_PRIORITY_MAX);
	if (ret)
		return fail(p, tok, "'%s' is not a number", val);
	p->priority_seen = true;
	p->rule->priority = (int)v;
	return 0;
}

/* "NAME" -> a datapath port number, through the caller's callback. */
static int resolve_port(struct parser *p, const char *tok, const char *name,
			uint32_t *odp_port)
{
	if (!*name)
		return fail(p, tok, "a port name is missing");
	if (strlen(name) >= IF_NAMESIZE)
		return fail(p, tok, "'%s' is longer than a port name can be "
			    "(%d characters)", name, IF_NAMESIZE - 1);
	if (!p->ports || !p->ports->port_no)
		return fail(p, tok, "port '%s' cannot be looked up here", name);
	if (p->ports->port_no(name, odp_port, p->ports->arg) < 0)
		return fail(p, tok, "no port named '%s'", name);
	return 0;
}

static int parse_in_port(struct parser *p, const char *tok,
			 const struct fp_field *f, const char *val)
{
	struct fp_flow value, mask;
	uint32_t port;
	int ret = resolve_port(p, tok, val, &port);

	if (ret)
		return ret;
	fp_flow_zero(&value);
	fp_flow_zero(&mask);
	fp_field_put_uint(f, &value, port);
	fp_field_set_all(f, &mask);
	return apply(p, tok, f, &value, &mask);
}

static int parse_field(struct parser *p, const char *tok,
		       const struct fp_field *f, const char *val)
{
	struct fp_flow value, mask;
	char reason[256];

	if (f->kind == FP_FK_PORT)
		return parse_in_port(p, tok, f, val);
	fp_flow_zero(&value);
	fp_flow_zero(&mask);
	if (fp_field_parse(f, val, &value, &mask, reason, sizeof(reason)))
		return fail(p, tok, "%s", reason);
	return apply(p, tok, f, &value, &mask);
}

static int parse_match_token(struct parser *p, const char *tok)
{
	const char *eq = strchr(tok, '=');
	const struct fp_field *f;
	char key[32];

	if (!eq)
		return parse_proto(p, tok);
	if ((size_t)(eq - tok) >= sizeof(key))
		return fail(p, tok, "not a field flowpath knows");
	memcpy(key, tok, eq - tok);
	key[eq - tok] = '\0';
	if (!strcmp(key, "priority"))
		return parse_priority(p, tok, eq + 1);
	if (!strcmp(key, "table"))
		return strcmp(eq + 1, "0") ?
		       fail(p, tok, "flowpath has one table, table 0") : 0;
	f = fp_field_by_name(key);
	if (!f)
		return fail(p, tok, "'%s' is not a field flowpath knows", key);
	return parse_field(p, tok, f, eq + 1);
}

/* Each field's prerequisites, against the whole match. */
static int check_prereqs(struct parser *p)
{
	const struct fp_rule *r = p->rule;
	size_t i;

	for (i = 0; i < p->n_seen; i++) {
		const struct seen *s = &p->seen[i];

		if (!s->field || fp_flow_is_zero(&s->mask) ||
		    fp_prereq_ok(s->field->prereq, &r->match, &r->mask))
			continue;
		return fail(p, s->tok, "%s needs a match on %s", s->field->name,
			    fp_prereq_text(s->field->prereq));
	}
	return 0;
}

/* ---- actions ---- */

static bool is_tci_field(const struct fp_field *f)
{
	return f->offset == offsetof(struct fp_flow, vlans[0].tci);
}

/*
 * set_field on the VLAN fields becomes the VLAN actions, which also push
 * a tag when there is none: the datapath has no "set TCI" of its own.
 */
static int set_vlan(struct parser *p, const char *tok, const struct fp_field *f,
		    const struct fp_flow *value, const struct fp_flow *mask,
		    struct fp_ract *a)
{
	uint64_t v = fp_field_get_uint(f, value);
	struct fp_flow full;

	if (!(ntohs(value->vlans[0].tci) & FP_VLAN_PRESENT))
		return fail(p, tok, "%s", !strcmp(f->name, "vlan_vid") ?
			    "a vlan_vid value needs the present bit 0x1000 "
			    "(pop_vlan removes a tag)" :
			    "pop_vlan removes a tag");
	fp_flow_zero(&full);
	fp_field_set_all(f, &full);
	if (memcmp(mask, &full, sizeof(full)))
		return fail(p, tok, "%s cannot be written in part", f->name);
	if (!strcmp(f->name, "dl_vlan_pcp")) {
		a->type = FP_RACT_SET_VLAN_PCP;
		a->pcp = (uint8_t)v;
		return 0;
	}
	a->type = FP_RACT_SET_VLAN_VID;
	a->vid = v & FP_VLAN_VID_MASK;
	return 0;
}

static int set_field(struct parser *p, const char *tok,
		     const struct fp_field *f, const char *val,
		     struct fp_ract *a)
{
	const struct fp_rule *r = p->rule;
	struct fp_flow value, mask;
	char reason[256];

	if (!f->writable)
		return fail(p, tok, "%s cannot be written", f->name);
	if (!fp_prereq_ok(f->wprereq, &r->match, &r->mask))
		return fail(p, tok, "writing %s needs a match on %s", f->name,
			    fp_prereq_text(f->wprereq));
	fp_flow_zero(&value);
	fp_flow_zero(&mask);
	if (fp_field_parse(f, val, &value, &mask, reason, sizeof(reason)))
		return fail(p, tok, "%s", reason);
	if (is_tci_field(f))
		return set_vlan(p, tok, f, &value, &mask, a);
	a->type = FP_RACT_SET_FIELD;
	a->set.value = value;
	a->set.mask = mask;
	return 0;
}

/* set_field:VALUE[/MASK]->FIELD */
static int act_set_field(struct parser *p, const char *tok, const char *arg,
			 struct fp_ract *a)
{
	const char *arrow = strstr(arg, "->");
	const struct fp_field *f;
	char val[128];

	if (!arrow || arrow == arg || (size_t)(arrow - arg) >= sizeof(val))
		return fail(p, tok, "write set_field:VALUE->FIELD");
	memcpy(val, arg, arrow - arg);
	val[arrow - arg] = '\0';
	f = fp_field_by_name(arrow + 2);
	if (!f)
		return fail(p, tok, "'%s' is not a field flowpath knows",
			    arrow + 2);
	return set_field(p, tok, f, val, a);
}

/* mod_dl_src:MAC and the like: one whole field, no mask. */
static int act_mod(struct parser *p, const char *tok, const char *name,
		   const char *arg, struct fp_ract *a)
{
	if (strchr(arg, '/'))
		return fail(p, tok, "%s takes no mask (set_field can mask)",
			    name);
	return set_field(p, tok, fp_field_by_name(fp_rule_mod_field(name)),
			 arg, a);
}

/* The OpenFlow reserved ports a rule may output to, by name. */
static const struct {
	const char *name;
	enum fp_ract_type type;
} reserved_ports[] = {
	{ "in_port", FP_RACT_IN_PORT },
	{ "normal", FP_RACT_NORMAL },
	{ "flood", FP_RACT_FLOOD },
	{ "controller", FP_RACT_CONTROLLER },
};

static int act_output(struct parser *p, const char *tok, const char *port,
		      struct fp_ract *a)
{
	uint32_t odp_port;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(reserved_ports) / sizeof(reserved_ports[0]); i++) {
		if (!strcasecmp(port, reserved_ports[i].name)) {
			a->type = reserved_ports[i].type;
			return 0;
		}
	}
	ret = resolve_port(p, tok, port, &odp_port);
	if (ret)
		return ret;
	a->type = FP_RACT_OUTPUT;
	snprintf(a->port, sizeof(a->port), "%s", port);
	return 0;
}

static int act_number(struct parser *p, const char *tok, const char *arg,
		      uint64_t max, uint64_t *v)
{
	int ret = fp_parse_uint(arg, max, v);

	if (ret == -ERANGE)
		return fail(p, tok, "'%s' is out of range (0 to %llu)", arg,
			    (unsigned long long)max);
	if (ret)
		return fail(p, tok, "'%s' is not a number", arg);
	return 0;
}

static int act_push_vlan(struct parser *p, const char *tok, const char *arg,
			 struct fp_ract *a)
{
	uint64_t tpid;
	int ret = act_number(p, tok, arg, 0xffff, &tpid);

	if (ret)
		return ret;
	if (tpid != 0x8100 && tpid != 0x88a8)
		return fail(p, tok, "'%s' is not a VLAN TPID (0x8100 or 0x88a8)",
			    arg);
	a->type = FP_RACT_PUSH_VLAN;
	a->tpid = htons((uint16_t)tpid);
	return 0;
}

static int act_vlan_vid(struct parser *p, const char *tok, const char *arg,
			struct fp_ract *a)
{
	uint64_t v;
	int ret = act_number(p, tok, arg, FP_VLAN_VID_MASK, &v);

	a->type = FP_RACT_SET_VLAN_VID;
	a->vid = (uint16_t)v;
	return ret;
}

static int act_vlan_pcp(struct parser *p, const char *tok, const char *arg,
			struct fp_ract *a)
{
	uint64_t v;
	int ret = act_number(p, tok, arg, 7, &v);

	a->type = FP_RACT_SET_VLAN_PCP;
	a->pcp = (uint8_t)v;
	return ret;
}

/*
 * controller:MAX_LEN sends the first MAX_LEN bytes only; the datapath
 * refuses to cut a packet shorter than its Ethernet header.
 */
static int act_controller(struct parser *p, const char *tok, const char *arg,
			  struct fp_ract *a)
{
	uint64_t v;
	int ret = act_number(p, tok, arg, UINT16_MAX, &v);

	if (ret)
		return ret;
	if (v < FP_RACT_CONTROLLER_MIN_LEN)
		return fail(p, tok, "MAX_LEN %s is below %d bytes (an Ethernet "
			    "header); write controller alone for whole packets",
			    arg, FP_RACT_CONTROLLER_MIN_LEN);
	a->type = FP_RACT_CONTROLLER;
	a->max_len = (uint16_t)v;
	return 0;
}

/* The actions that take an argument after ':'. */
static int act_with_arg(struct parser *p, const char *tok, const char *name,
			const char *arg, struct fp_ract *a)
{
	if (!strcasecmp(name, "output"))
		return act_output(p, tok, arg, a);
	if (!strcasecmp(name, "push_vlan"))
		return act_push_vlan(p, tok, arg, a);
	if (!strcasecmp(name, "mod_vlan_vid"))
		return act_vlan_vid(p, tok, arg, a);
	if (!strcasecmp(name, "mod_vlan_pcp"))
		return act_vlan_pcp(p, tok, arg, a);
	if (!strcasecmp(name, "set_field"))
		return act_set_field(p, tok, arg, a);
	if (!strcasecmp(name, "controller"))
		return act_controller(p, tok, arg, a);
	if (fp_rule_mod_field(name))
		return act_mod(p, tok, name, arg, a);
	return fail(p, tok, "'%s' is not an action flowpath knows", name);
}

/* The actions that stand alone; anything else alone names a port. */
static int act_bare(struct parser *p, const char *tok, struct fp_ract *a)
{
	static const char *const takes_arg[] = {
		"output", "push_vlan", "mod_vlan_vid", "mod_vlan_pcp",
		"set_field",
	};
	size_t i;

	if (!strcasecmp(tok, "pop_vlan") || !strcasecmp(tok, "strip_vlan")) {
		a->type = FP_RACT_POP_VLAN;
		return 0;
	}
	for (i = 0; i < sizeof(takes_arg) / sizeof(takes_arg[0]); i++)
		if (!strcasecmp(tok, takes_arg[i]))
			return fail(p, tok, "%s needs an argument (%s:...)",
				    tok, tok);
	if (fp_rule_mod_field(tok))
		return fail(p, tok, "%s needs a value (%s:VALUE)", tok, tok);
	if (strchr(tok, '('))
		return fail(p, tok, "not an action flowpath knows");
	if (strchr(tok, '='))
		return fail(p, tok, "not an action flowpath knows (actions= "
			    "must come last)");
	return act_output(p, tok, tok, a);
}

static int parse_action(struct parser *p, const char *tok)
{
	struct fp_rule_actions *acts = &p->rule->actions;
	const char *colon = strchr(tok, ':');
	struct fp_ract *a;
	char name[32];

	p->n_action_tokens++;
	if (!strcasecmp(tok, "drop")) {
		p->drop_seen = true;
		return 0;
	}
	if (acts->n == FP_RULE_MAX_ACTIONS)
		return fail(p, tok, "more than %d actions", FP_RULE_MAX_ACTIONS);
	a = &acts->acts[acts->n];
	memset(a, 0, sizeof(*a));
	if (!colon || (size_t)(colon - tok) >= sizeof(name)) {
		if (act_bare(p, tok, a))
			return -EINVAL;
	} else {
		memcpy(name, tok, colon - tok);
		name[colon - tok] = '\0';
		if (act_with_arg(p, tok, name, colon + 1, a))
			return -EINVAL;
	}
	acts->n++;
	return 0;
}

static int parse_actions(struct parser *p, char *text)
{
	char *pos = text, *act;
	int ret;

	while ((act = next_action(&pos))) {
		ret = parse_action(p, act);
		if (ret)
			return ret;
	}
	if (p->drop_seen && p->n_action_tokens > 1)
		return fail(p, "drop", "drop must be the only action");
	return 0;
}

/* ---- the whole rule ---- */

/* The match tokens; *actions gets the text after "actions=", if any. */
static int parse_match(struct parser *p, char **actions)
{
	char *pos = p->buf, *tok;
	int ret;

	*actions = NULL;
	while ((tok = next_token(&pos))) {
		if (!strncmp(tok, "actions=", 8)) {
			*actions = tok + 8;
			break;
		}
		ret = parse_match_token(p, tok);
		if (ret)
			return ret;
	}
	return check_prereqs(p);
}

static int parse(struct parser *p, enum fp_rule_parse_mode mode)
{
	char *actions;
	int ret = parse_match(p, &actions);

	if (ret)
		return ret;
	if (mode == FP_RULE_PARSE_MATCH)
		return actions ? fail(p, "actions", "a match is wanted here, "
				      "without actions") : 0;
	if (!actions)
		return fail(p, p->rule->text[0] ? p->rule->text : "(empty)",
			    "no actions (end the rule with actions=..., "
			    "e.g. actions=drop)");
	return parse_actions(p, actions);
}

int fp_rule_parse(struct fp_rule *rule, const char *text,
		  enum fp_rule_parse_mode mode,
		  const struct fp_rule_ports *ports, char *err, size_t err_size)
{
	struct parser *p;
	size_t len = strlen(text);
	int ret;

	memset(rule, 0, sizeof(*rule));
	rule->priority = FP_RULE_PRIORITY_DEFAULT;
	if (len >= FP_RULE_TEXT_MAX) {
		snprintf(err, err_size, "rule of %zu characters refused: at "
			 "most %d are accepted", len, FP_RULE_TEXT_MAX - 1);
		return -EINVAL;
	}
	/* ~18 KiB of bookkeeping: too much for a handler thread's stack. */
	p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, err_size, "out of memory parsing a rule");
		return -ENOMEM;
	}
	p->rule = rule;
	p->ports = ports;
	p->err = err;
	p->err_size = err_size;
	memcpy(rule->text, text, len + 1);
	memcpy(p->buf, text, len + 1);
	ret = parse(p, mode);
	free(p);
	if (ret)
		memset(rule, 0, sizeof(*rule));
	return ret;
}
