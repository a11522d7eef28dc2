// SPDX-License-Identifier: GPL-2.0
/*
 * A bridge's rules: parsed with the bridge's port names, kept in its
 * classifier, parsed again when ports move (in_port matches hold numbers).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "bridge_priv.h"

/* ---- rules ---- */

/* Port names in rules, resolved against the bridge, maybe minus one. */
struct resolver {
	const struct fpd_bridge *br;
	const char *without;	/* a port about to go, or NULL */
};

static int resolve_port_no(const char *name, uint32_t *no, void *arg)
{
	const struct resolver *rs = arg;
	const struct fp_xport *x;

	if (rs->without && !strcmp(name, rs->without))
		return -ENOENT;
	x = fpd_bridge_port_by_name(rs->br, name);
	if (x) {
		*no = x->odp_port;
		return 0;
	}
	if (!fpd_bridge_is_detached(rs->br, name))
		return -ENOENT;
	*no = FPD_PORT_NONE;
	return 0;
}

static int resolve_port_name(uint32_t no, char *name, size_t size, void *arg)
{
	const struct resolver *rs = arg;
	size_t i;

	for (i = 0; i < rs->br->n_ports; i++) {
		if (rs->br->ports[i].odp_port == no) {
			snprintf(name, size, "%s", rs->br->ports[i].name);
			return 0;
		}
	}
	return -ENOENT;
}

static int parse_with(const struct resolver *rs, const char *text,
		      enum fp_rule_parse_mode mode, struct fp_rule *r,
		      char *why, size_t whylen)
{
	const struct fp_rule_ports ports = {
		.port_no = resolve_port_no,
		.port_name = resolve_port_name,
		.arg = (void *)rs,
	};

	return fp_rule_parse(r, text, mode, &ports, why, whylen);
}

int fpd_bridge_parse_rule(struct fpd_bridge *br, const char *text,
			  enum fp_rule_parse_mode mode, struct fp_rule *r,
			  char *why, size_t whylen)
{
	struct resolver rs = { .br = br };

	return parse_with(&rs, text, mode, r, why, whylen);
}

static struct fpd_rule *rule_of(struct fp_rule *r)
{
	return (struct fpd_rule *)((char *)r - offsetof(struct fpd_rule, r));
}

uint64_t fpd_bridge_rule_id(const struct fp_rule *r)
{
	return rule_of((struct fp_rule *)r)->conf_id;
}

struct find_id {
	uint64_t id;
	const struct fp_rule *found;
};

static int match_id(struct fp_rule *r, void *arg)
{
	struct find_id *f = arg;

	if (rule_of(r)->conf_id != f->id)
		return 0;
	f->found = r;
	return 1;
}

const struct fp_rule *fpd_bridge_rule_by_id(struct fpd_bridge *br,
					    uint64_t id)
{
	struct find_id f = { id, NULL };

	fp_cls_foreach(&br->cls, match_id, &f);
	return f.found;
}

static void free_rule(struct fp_rule *r)
{
	free(rule_of(r));
}

int fpd_bridge_add_rule(struct fpd_bridge *br, struct fpd_rule *rule,
			uint64_t *replaced_id)
{
	struct fp_rule *replaced = NULL;
	int err;

	pthread_rwlock_wrlock(&br->lock);
	err = fp_cls_insert(&br->cls, &rule->r, &replaced);
	if (!err)
		atomic_fetch_add(&br->gen, 1);
	pthread_rwlock_unlock(&br->lock);
	*replaced_id = replaced ? rule_of(replaced)->conf_id : 0;
	if (replaced)
		free_rule(replaced);
	return err;
}

static bool rule_selected(const struct fp_rule *r, const struct fp_rule *pattern,
			  bool strict)
{
	if (!pattern)
		return true;
	return strict ? fp_rule_same_match(r, pattern) :
			fp_rule_covered_by(r, pattern);
}

int fpd_bridge_del_rules(struct fpd_bridge *br, const struct fp_rule *pattern,
			 bool strict, uint64_t **ids)
{
	size_t i, n = fp_cls_count(&br->cls), n_del = 0;
	struct fp_rule **all = calloc(n + 1, sizeof(*all));

	*ids = calloc(n + 1, sizeof(**ids));
	if (!all || !*ids) {
		free(all);
		free(*ids);
		return -ENOMEM;
	}
	fp_cls_sorted(&br->cls, all);
	pthread_rwlock_wrlock(&br->lock);
	for (i = 0; i < n; i++) {
		if (!rule_selected(all[i], pattern, strict))
			continue;
		fp_cls_remove(&br->cls, all[i]);
		(*ids)[n_del] = rule_of(all[i])->conf_id;
		/* The removed gather at the front, to be freed once unlocked. */
		all[n_del++] = all[i];
	}
	if (n_del)
		atomic_fetch_add(&br->gen, 1);
	pthread_rwlock_unlock(&br->lock);
	for (i = 0; i < n_del; i++)
		free_rule(all[i]);
	free(all);
	return (int)n_del;
}

static int free_one(struct fp_rule *r, void *arg)
{
	(void)arg;
	free_rule(r);
	return 0;
}

void fpd_bridge_free_rules(struct fp_cls *cls)
{
	fp_cls_foreach(cls, free_one, NULL);
	fp_cls_destroy(cls);
}

int fpd_bridge_reparse_rules(const struct fpd_bridge *br, const char *without,
			     struct fp_cls *fresh, char *why, size_t whylen)
{
	const struct resolver res = { .br = br, .without = without }, *rs = &res;
	size_t i, n = fp_cls_count(&br->cls);
	struct fp_rule **all = calloc(n + 1, sizeof(*all));
	char msg[FPD_WHY_LEN];
	int err = all ? 0 : -ENOMEM;

	fp_cls_init(fresh);
	if (all)
		fp_cls_sorted(&rs->br->cls, all);
	for (i = 0; i < n && !err; i++) {
		struct fpd_rule *r = malloc(sizeof(*r));

		err = r ? parse_with(rs, all[i]->text, FP_RULE_PARSE_FULL, &r->r,
				     msg, sizeof(msg)) : -ENOMEM;
		if (!err) {
			r->conf_id = rule_of(all[i])->conf_id;
			err = fp_cls_insert(fresh, &r->r, NULL);
		}
		if (err) {
			snprintf(why, whylen, "rule '%s': %s", all[i]->text,
				 r ? msg : "out of memory");
			free(r);
		}
	}
	free(all);
	if (err)
		fpd_bridge_free_rules(fresh);
	return err;
}

void fpd_bridge_swap_rules(struct fpd_bridge *br, struct fp_cls *fresh)
{
	struct fp_cls old;

	pthread_rwlock_wrlock(&br->lock);
	old = br->cls;
	br->cls = *fresh;
	atomic_fetch_add(&br->gen, 1);
	pthread_rwlock_unlock(&br->lock);
	fpd_bridge_free_rules(&old);
}

