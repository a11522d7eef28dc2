// SPDX-License-Identifier: GPL-2.0
/*
 * Tuple-space search with wildcard tracking (see classifier.h).
 *
 * A rule's rank is (priority, insertion order): higher priority first,
 * then earlier insertion. Inside a subtable, rules with the same masked
 * match form a group kept best-first; the group's best rule (its head)
 * sits in a hash bucket chain. Each subtable knows the best rank it holds,
 * and the classifier keeps its subtables sorted by it, which is what lets
 * a lookup stop early.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"

struct fp_cls_subtable {
	struct fp_flow mask;
	struct fp_rule **buckets;	/* group heads, chained by hnext */
	size_t n_buckets;		/* a power of two */
	size_t n_heads;
	size_t n_rules;
	int max_priority;		/* the best rank held */
	uint64_t max_seq;
};

#define MIN_BUCKETS 8

/* Whether rank (pa, sa) beats rank (pb, sb). */
static bool rank_better(int pa, uint64_t sa, int pb, uint64_t sb)
{
	return pa > pb || (pa == pb && sa < sb);
}

static bool rule_better(const struct fp_rule *a, const struct fp_rule *b)
{
	return rank_better(a->priority, a->cls.seq, b->priority, b->cls.seq);
}

static bool same_flow(const struct fp_flow *a, const struct fp_flow *b)
{
	return !memcmp(a, b, sizeof(*a));
}

void fp_cls_init(struct fp_cls *cls)
{
	memset(cls, 0, sizeof(*cls));
}

static void subtable_free(struct fp_cls_subtable *st)
{
	free(st->buckets);
	free(st);
}

void fp_cls_destroy(struct fp_cls *cls)
{
	size_t i;

	for (i = 0; i < cls->n_subtables; i++)
		subtable_free(cls->subtables[i]);
	free(cls->subtables);
	memset(cls, 0, sizeof(*cls));
}

size_t fp_cls_count(const struct fp_cls *cls)
{
	return cls->n_rules;
}

/* ---- subtables ---- */

static struct fp_cls_subtable *find_subtable(const struct fp_cls *cls,
					     const struct fp_flow *mask)
{
	size_t i;

	for (i = 0; i < cls->n_subtables; i++)
		if (same_flow(&cls->subtables[i]->mask, mask))
			return cls->subtables[i];
	return NULL;
}

/* Room for one more subtable pointer, so inserting it cannot fail later. */
static int reserve_subtable_slot(struct fp_cls *cls)
{
	struct fp_cls_subtable **v;
	size_t n;

	if (cls->n_subtables < cls->alloc_subtables)
		return 0;
	n = cls->alloc_subtables ? cls->alloc_subtables * 2 : 8;
	v = realloc(cls->subtables, n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	cls->subtables = v;
	cls->alloc_subtables = n;
	return 0;
}

static struct fp_cls_subtable *subtable_new(const struct fp_flow *mask)
{
	struct fp_cls_subtable *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->buckets = calloc(MIN_BUCKETS, sizeof(*st->buckets));
	if (!st->buckets) {
		free(st);
		return NULL;
	}
	st->mask = *mask;
	st->n_buckets = MIN_BUCKETS;
	return st;
}

static size_t subtable_index(const struct fp_cls *cls,
			     const struct fp_cls_subtable *st)
{
	size_t i;

	for (i = 0; cls->subtables[i] != st; i++)
		;
	return i;
}

static bool subtable_better(const struct fp_cls_subtable *a,
			    const struct fp_cls_subtable *b)
{
	return rank_better(a->max_priority, a->max_seq, b->max_priority,
			   b->max_seq);
}

/* Moves subtables[i] up or down to where its best rank now belongs. */
static void resort_subtable(struct fp_cls *cls, size_t i)
{
	struct fp_cls_subtable **v = cls->subtables;
	struct fp_cls_subtable *st = v[i];

	for (; i > 0 && subtable_better(st, v[i - 1]); i--)
		v[i] = v[i - 1];
	for (; i + 1 < cls->n_subtables && subtable_better(v[i + 1], st); i++)
		v[i] = v[i + 1];
	v[i] = st;
}

static void unlink_subtable(struct fp_cls *cls, struct fp_cls_subtable *st)
{
	size_t i = subtable_index(cls, st);

	memmove(&cls->subtables[i], &cls->subtables[i + 1],
		(cls->n_subtables - i - 1) * sizeof(cls->subtables[0]));
	cls->n_subtables--;
	subtable_free(st);
}

/* After the best rule of st left: the best of the group heads. */
static void recompute_max(struct fp_cls_subtable *st)
{
	const struct fp_rule *best = NULL, *r;
	size_t b;

	for (b = 0; b < st->n_buckets; b++)
		for (r = st->buckets[b]; r; r = r->cls.hnext)
			if (!best || rule_better(r, best))
				best = r;
	st->max_priority = best->priority;
	st->max_seq = best->cls.seq;
}

/* ---- buckets ---- */

static struct fp_rule **bucket_of(const struct fp_cls_subtable *st,
				  uint32_t hash)
{
	return &st->buckets[hash & (st->n_buckets - 1)];
}

/* The link that points at the head of match's group, or at NULL. */
static struct fp_rule **find_head(const struct fp_cls_subtable *st,
				  const struct fp_flow *match, uint32_t hash)
{
	struct fp_rule **link = bucket_of(st, hash);

	for (; *link; link = &(*link)->cls.hnext)
		if ((*link)->cls.hash == hash &&
		    same_flow(&(*link)->match, match))
			return link;
	return link;
}

/* Doubles the bucket array when groups outnumber buckets; best effort. */
static void maybe_grow(struct fp_cls_subtable *st)
{
	struct fp_rule **old = st->buckets, *r, *next;
	size_t n = st->n_buckets * 2, b;

	if (st->n_heads <= st->n_buckets)
		return;
	st->buckets = calloc(n, sizeof(*st->buckets));
	if (!st->buckets) {
		/* Longer chains, still correct. */
		st->buckets = old;
		return;
	}
	st->n_buckets = n;
	for (b = 0; b < n / 2; b++) {
		for (r = old[b]; r; r = next) {
			struct fp_rule **head = bucket_of(st, r->cls.hash);

			next = r->cls.hnext;
			r->cls.hnext = *head;
			*head = r;
		}
	}
	free(old);
}

/*
 * Puts rule into the group that *link heads (or starts one there, if
 * *link is the NULL at the end of a chain). A group is sorted by priority
 * and holds one rule per priority: a rule with the same priority as a
 * member replaces it and inherits its place in insertion order.
 * Returns the replaced rule, or NULL.
 */
static struct fp_rule *group_insert(struct fp_rule **link, struct fp_rule *rule)
{
	struct fp_rule *hnext = *link ? (*link)->cls.hnext : NULL;
	struct fp_rule **pos = link, *old;

	while (*pos && (*pos)->priority > rule->priority)
		pos = &(*pos)->cls.dup_next;
	old = *pos && (*pos)->priority == rule->priority ? *pos : NULL;
	if (old) {
		rule->cls.seq = old->cls.seq;
		rule->cls.dup_next = old->cls.dup_next;
	} else {
		rule->cls.dup_next = *pos;
	}
	*pos = rule;
	if (pos == link) {
		rule->cls.hnext = hnext;
		if (rule->cls.dup_next)
			rule->cls.dup_next->cls.hnext = NULL;
	}
	return old;
}

/* The subtable for mask, created if need be; NULL when out of memory. */
static struct fp_cls_subtable *get_subtable(struct fp_cls *cls,
					    const struct fp_flow *mask)
{
	struct fp_cls_subtable *st = find_subtable(cls, mask);

	if (st)
		return st;
	if (reserve_subtable_slot(cls))
		return NULL;
	st = subtable_new(mask);
	if (st)
		cls->subtables[cls->n_subtables++] = st;
	return st;
}

int fp_cls_insert(struct fp_cls *cls, struct fp_rule *rule,
		  struct fp_rule **replaced)
{
	struct fp_cls_subtable *st;
	struct fp_rule **link, *old;
	bool new_group;

	fp_flow_apply_mask(&rule->match, &rule->match, &rule->mask);
	st = get_subtable(cls, &rule->mask);
	if (!st)
		return -ENOMEM;
	memset(&rule->cls, 0, sizeof(rule->cls));
	rule->cls.subtable = st;
	rule->cls.hash = fp_flow_hash_masked(&rule->match, &st->mask, 0);
	rule->cls.seq = cls->next_seq++;
	link = find_head(st, &rule->match, rule->cls.hash);
	new_group = !*link;
	old = group_insert(link, rule);
	if (old) {
		memset(&old->cls, 0, sizeof(old->cls));
	} else {
		st->n_heads += new_group;
		st->n_rules++;
		cls->n_rules++;
		maybe_grow(st);
	}
	if (st->n_rules == 1 ||
	    rank_better(rule->priority, rule->cls.seq, st->max_priority,
			st->max_seq)) {
		st->max_priority = rule->priority;
		st->max_seq = rule->cls.seq;
		resort_subtable(cls, subtable_index(cls, st));
	}
	if (replaced)
		*replaced = old;
	return 0;
}

/* Takes rule out of its group, promoting the next member to head. */
static void group_remove(struct fp_cls_subtable *st, struct fp_rule *rule)
{
	struct fp_rule **link = find_head(st, &rule->match, rule->cls.hash);
	struct fp_rule **pos, *next = rule->cls.dup_next;

	if (*link != rule) {
		for (pos = &(*link)->cls.dup_next; *pos != rule;
		     pos = &(*pos)->cls.dup_next)
			;
		*pos = next;
		return;
	}
	if (next) {
		next->cls.hnext = rule->cls.hnext;
		*link = next;
	} else {
		*link = rule->cls.hnext;
		st->n_heads--;
	}
}

void fp_cls_remove(struct fp_cls *cls, struct fp_rule *rule)
{
	struct fp_cls_subtable *st = rule->cls.subtable;
	bool was_best = rule->priority == st->max_priority &&
			rule->cls.seq == st->max_seq;

	group_remove(st, rule);
	memset(&rule->cls, 0, sizeof(rule->cls));
	st->n_rules--;
	cls->n_rules--;
	if (!st->n_rules) {
		unlink_subtable(cls, st);
		return;
	}
	if (was_best) {
		recompute_max(st);
		resort_subtable(cls, subtable_index(cls, st));
	}
}

/* ---- lookups ---- */

/* The best rule of the group pkt falls into, or NULL. */
static const struct fp_rule *subtable_lookup(const struct fp_cls_subtable *st,
					     const struct fp_flow *pkt)
{
	uint32_t hash = fp_flow_hash_masked(pkt, &st->mask, 0);
	const struct fp_rule *r;

	for (r = *bucket_of(st, hash); r; r = r->cls.hnext)
		if (r->cls.hash == hash &&
		    fp_flow_equal_masked(pkt, &r->match, &st->mask))
			return r;
	return NULL;
}

const struct fp_rule *fp_cls_lookup(const struct fp_cls *cls,
				    const struct fp_flow *pkt,
				    struct fp_flow *wc)
{
	const struct fp_rule *best = NULL, *r;
	size_t i;

	for (i = 0; i < cls->n_subtables; i++) {
		const struct fp_cls_subtable *st = cls->subtables[i];

		/*
		 * Sorted by best rank: once one subtable cannot beat the
		 * match in hand, none after it can, and the packet's bits
		 * under their masks cannot change the outcome.
		 */
		if (best && !rank_better(st->max_priority, st->max_seq,
					 best->priority, best->cls.seq))
			break;
		if (wc)
			fp_flow_or(wc, &st->mask);
		r = subtable_lookup(st, pkt);
		if (r && (!best || rule_better(r, best)))
			best = r;
	}
	return best;
}

struct fp_rule *fp_cls_find_exact(const struct fp_cls *cls,
				  const struct fp_flow *match,
				  const struct fp_flow *mask, int priority)
{
	const struct fp_cls_subtable *st = find_subtable(cls, mask);
	struct fp_flow masked;
	struct fp_rule *r;

	if (!st)
		return NULL;
	fp_flow_apply_mask(&masked, match, mask);
	r = *find_head(st, &masked, fp_flow_hash_masked(&masked, mask, 0));
	while (r && r->priority > priority)
		r = r->cls.dup_next;
	return r && r->priority == priority ? r : NULL;
}

/* ---- walking ---- */

/* Every rule of one chain; the links are read before cb may free a rule. */
static int foreach_in_chain(struct fp_rule *head,
			    int (*cb)(struct fp_rule *rule, void *arg),
			    void *arg)
{
	struct fp_rule *next_head, *r, *next;
	int ret;

	for (; head; head = next_head) {
		next_head = head->cls.hnext;
		for (r = head; r; r = next) {
			next = r->cls.dup_next;
			ret = cb(r, arg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int fp_cls_foreach(const struct fp_cls *cls,
		   int (*cb)(struct fp_rule *rule, void *arg), void *arg)
{
	size_t i, b;
	int ret;

	for (i = 0; i < cls->n_subtables; i++) {
		const struct fp_cls_subtable *st = cls->subtables[i];

		for (b = 0; b < st->n_buckets; b++) {
			ret = foreach_in_chain(st->buckets[b], cb, arg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int collect(struct fp_rule *rule, void *arg)
{
	struct fp_rule ***out = arg;

	*(*out)++ = rule;
	return 0;
}

static int by_rank(const void *a, const void *b)
{
	const struct fp_rule *x = *(struct fp_rule *const *)a;
	const struct fp_rule *y = *(struct fp_rule *const *)b;

	return rule_better(x, y) ? -1 : rule_better(y, x) ? 1 : 0;
}

void fp_cls_sorted(const struct fp_cls *cls, struct fp_rule **out)
{
	struct fp_rule **pos = out;

	fp_cls_foreach(cls, collect, &pos);
	qsort(out, cls->n_rules, sizeof(*out), by_rank);
}
