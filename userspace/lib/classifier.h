/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A priority classifier over struct fp_flow by tuple-space search, with
 * wildcard tracking for megaflows.
 *
 * Rules are grouped into subtables, one per distinct mask; each subtable
 * is a hash table keyed by the masked match. A lookup visits subtables in
 * order of the best rule they hold and stops as soon as no remaining
 * subtable can beat the best match found, so that, for the packets that
 * agree with the looked-up one on every bit of the visited subtables'
 * masks, the lookup goes exactly the same way. Those masks - including
 * the ones of subtables whose rules lost or missed - are what lookup ORs
 * into the caller's wildcards; nothing else was looked at.
 *
 * Ties: of two matching rules with the same priority, the one inserted
 * first wins. A rule that replaces another (same match, mask and
 * priority) takes over its predecessor's place in that order.
 *
 * DOC: Locking. There is none inside. Writers (insert, remove, destroy)
 * must be serialised against everything else by the caller, e.g. with the
 * write side of a rwlock; lookup, count, foreach and sorted only read the
 * classifier (nothing is cached or counted on the lookup path), so any
 * number of them may run at once under the read side.
 *
 * The classifier never allocates or frees rules: the caller owns them,
 * and a rule stays owned by the caller while it is inserted (but must not
 * be changed or freed until it is removed).
 */
#ifndef FP_CLASSIFIER_H
#define FP_CLASSIFIER_H

#include <stddef.h>
#include <stdint.h>

#include "flow.h"
#include "rule.h"

struct fp_cls {
	struct fp_cls_subtable **subtables;	/* best max rank first */
	size_t n_subtables;
	size_t alloc_subtables;
	size_t n_rules;
	uint64_t next_seq;
};

void fp_cls_init(struct fp_cls *cls);

/* Forgets every rule (the caller still owns and frees them). */
void fp_cls_destroy(struct fp_cls *cls);

/*
 * Inserts rule, which must not be in a classifier (its match is first
 * ANDed with its mask, should the caller have left bits outside it). If a
 * rule with the same match, mask and priority is there, rule takes its
 * place and *replaced gets the old one (now out of the classifier, the
 * caller's to free); otherwise *replaced is NULL. replaced may be NULL
 * only if the caller knows there is nothing to replace. Returns 0 or
 * -ENOMEM (the classifier is then unchanged).
 */
int fp_cls_insert(struct fp_cls *cls, struct fp_rule *rule,
		  struct fp_rule **replaced);

/* Removes rule, which must be in cls. */
void fp_cls_remove(struct fp_cls *cls, struct fp_rule *rule);

/*
 * The highest-priority rule matching pkt, or NULL. If wc is not NULL, the
 * masks of the subtables the search looked at are ORed into it; wc is not
 * cleared first, so a caller can accumulate over several lookups.
 */
const struct fp_rule *fp_cls_lookup(const struct fp_cls *cls,
				    const struct fp_flow *pkt,
				    struct fp_flow *wc);

/* The rule with exactly this match, mask and priority, or NULL. */
struct fp_rule *fp_cls_find_exact(const struct fp_cls *cls,
				  const struct fp_flow *match,
				  const struct fp_flow *mask, int priority);

size_t fp_cls_count(const struct fp_cls *cls);

/*
 * Calls cb for every rule, in no particular order, until cb returns
 * non-zero; returns that value, or 0. cb must not insert or remove rules,
 * but it may free the rule it is given: that is how an owner frees every
 * rule before fp_cls_destroy() (the classifier is then good for nothing
 * but destroy).
 */
int fp_cls_foreach(const struct fp_cls *cls,
		   int (*cb)(struct fp_rule *rule, void *arg), void *arg);

/*
 * Fills out[0 .. fp_cls_count()) with every rule in the order lookups
 * prefer them: priority high to low, then insertion order. Being a
 * snapshot, it is the way to remove rules while walking them.
 */
void fp_cls_sorted(const struct fp_cls *cls, struct fp_rule **out);

#endif
