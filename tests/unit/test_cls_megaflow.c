// SPDX-License-Identifier: GPL-2.0
/*
 * The megaflow property: for random rule sets and random packets p, with
 * r = lookup(p) and wc the bits the lookup reports consulting, every
 * packet q that agrees with p on wc classifies to r as well. That is what
 * makes it safe to install (p & wc, wc) as a datapath flow with r's
 * actions. An independent linear-scan oracle checks r itself.
 *
 * Rules draw values from small pools so that they overlap and packets hit
 * them; priorities come from a small range so that ties are common.
 * Everything is seeded: a failure names the seed to replay.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"

#define N_SETS 300
#define MAX_RULES 40
#define PKTS_PER_SET 40
#define PROBES_PER_PKT 40

static uint64_t rnd(uint64_t *s)	/* splitmix64 */
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t pick(uint64_t *s, const uint32_t *pool, size_t n)
{
	return pool[rnd(s) % n];
}

#define PICK(s, pool) pick(s, pool, sizeof(pool) / sizeof(pool[0]))

static const uint32_t ports[] = { 1, 2, 3 };
static const uint32_t macs[] = { 0x000001, 0x000002, 0x010001 };
static const uint32_t tcis[] = { 0, 0x1000 | 10, 0x1000 | 20, 0x3000 | 10 };
static const uint32_t tci_masks[] = { 0x1fff, 0xffff, 0x1000, 0xe000 };
static const uint32_t types[] = { 0x0800, 0x86dd, 0x0806 };
static const uint32_t ips[] = { 0x0a000001, 0x0a000002, 0x0a000003,
				0x0a000101, 0x0b000001 };
static const uint32_t protos[] = { 6, 17 };
static const uint32_t l4ports[] = { 80, 443, 0x1000, 0x1001, 0x2000 };
static const uint32_t l4_masks[] = { 0xffff, 0xf000, 0x00ff, 0x0001 };

/* A prefix mask, or now and then an arbitrary one. */
static uint32_t ip_mask(uint64_t *s)
{
	static const uint32_t lens[] = { 8, 16, 24, 30, 31, 32 };
	uint32_t len = PICK(s, lens);

	if (rnd(s) % 4 == 0)
		return (uint32_t)rnd(s);
	return len == 32 ? 0xffffffff : ~(0xffffffffu >> len);
}

static void put_mac(uint8_t *mac, uint32_t v)
{
	memset(mac, 0, 6);
	mac[0] = v >> 16;
	mac[5] = v & 0xff;
}

/* The fields of a packet drawn from the pools, the rest random bits. */
static void random_packet(uint64_t *s, struct fp_flow *p)
{
	uint64_t *w = fp_flow_u64_rw(p);
	size_t i;

	for (i = 0; i < FP_FLOW_U64S; i++)
		w[i] = rnd(s);
	memset(p->pad, 0, sizeof(p->pad));
	p->in_port = PICK(s, ports);
	put_mac(p->dl_dst, PICK(s, macs));
	p->vlans[0].tci = htons(PICK(s, tcis));
	p->dl_type = htons(PICK(s, types));
	p->nw_src = htonl(PICK(s, ips));
	p->nw_dst = htonl(PICK(s, ips));
	p->nw_proto = PICK(s, protos);
	p->tp_dst = htons(PICK(s, l4ports));
}

/* Each field is matched with probability 2/5, under a random mask. */
static void random_mask(uint64_t *s, struct fp_flow *m)
{
	fp_flow_zero(m);
	if (rnd(s) % 5 < 2)
		m->in_port = 0xffffffff;
	if (rnd(s) % 5 < 2)
		put_mac(m->dl_dst, rnd(s) % 2 ? 0xffffff : 0x010000);
	if (rnd(s) % 5 < 2)
		memset(m->dl_dst + 1, rnd(s) % 2 ? 0xff : 0, 4);
	if (rnd(s) % 5 < 2)
		m->vlans[0].tci = htons(PICK(s, tci_masks));
	if (rnd(s) % 5 < 2)
		m->dl_type = 0xffff;
	if (rnd(s) % 5 < 2)
		m->nw_src = htonl(ip_mask(s));
	if (rnd(s) % 5 < 2)
		m->nw_dst = htonl(ip_mask(s));
	if (rnd(s) % 5 < 2)
		m->nw_proto = 0xff;
	if (rnd(s) % 5 < 2)
		m->tp_dst = htons(PICK(s, l4_masks));
}

static struct fp_rule *random_rule(uint64_t *s)
{
	struct fp_rule *r = calloc(1, sizeof(*r));
	struct fp_flow v;

	cr_assert_not_null(r);
	random_packet(s, &v);
	random_mask(s, &r->mask);
	fp_flow_apply_mask(&r->match, &v, &r->mask);
	r->priority = (int)(rnd(s) % 8);
	return r;
}

/* The rules of one set in insertion order, for the oracle. */
struct set {
	struct fp_cls cls;
	struct fp_rule *rules[MAX_RULES];
	size_t n;
	struct fp_flow all_masks;	/* OR of every rule's mask */
};

/* Highest priority, then first inserted: what classifier.h promises. */
static const struct fp_rule *oracle(const struct set *set,
				    const struct fp_flow *p)
{
	const struct fp_rule *best = NULL;
	size_t i;

	for (i = 0; i < set->n; i++) {
		const struct fp_rule *r = set->rules[i];

		if (fp_flow_equal_masked(p, &r->match, &r->mask) &&
		    (!best || r->priority > best->priority))
			best = r;
	}
	return best;
}

/* Inserts n random rules (a replaced one keeps its slot), removes a few. */
static void build_set(uint64_t *s, struct set *set)
{
	size_t i, n = 1 + rnd(s) % MAX_RULES;

	fp_cls_init(&set->cls);
	set->n = 0;
	for (i = 0; i < n; i++) {
		struct fp_rule *r = random_rule(s), *old = NULL;
		size_t j;

		cr_assert_eq(fp_cls_insert(&set->cls, r, &old), 0);
		for (j = 0; old && set->rules[j] != old; j++)
			;
		set->rules[old ? j : set->n++] = r;
		free(old);
	}
	for (i = 0; i < set->n; i++) {
		if (rnd(s) % 8)
			continue;
		fp_cls_remove(&set->cls, set->rules[i]);
		free(set->rules[i]);
		memmove(&set->rules[i], &set->rules[i + 1],
			(--set->n - i) * sizeof(set->rules[0]));
	}
	fp_flow_zero(&set->all_masks);
	for (i = 0; i < set->n; i++)
		fp_flow_or(&set->all_masks, &set->rules[i]->mask);
}

static void free_set(struct set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		fp_cls_remove(&set->cls, set->rules[i]);
	cr_expect_eq(fp_cls_count(&set->cls), 0);
	fp_cls_destroy(&set->cls);
	for (i = 0; i < set->n; i++)
		free(set->rules[i]);
}

/* q = a random packet, forced to agree with p on every bit of wc. */
static void probe(uint64_t *s, const struct fp_flow *p,
		  const struct fp_flow *wc, struct fp_flow *q)
{
	const uint64_t *pw = fp_flow_u64(p), *m = fp_flow_u64(wc);
	uint64_t *qw = fp_flow_u64_rw(q);
	size_t i;

	random_packet(s, q);
	for (i = 0; i < FP_FLOW_U64S; i++)
		qw[i] = (qw[i] & ~m[i]) | (pw[i] & m[i]);
}

/*
 * Whether every probe q agreeing with p on wc classifies to r. On a
 * counterexample, *bad (if not NULL) gets the probe's index.
 */
static bool megaflow_holds(uint64_t *s, const struct set *set,
			   const struct fp_flow *p, const struct fp_rule *r,
			   const struct fp_flow *wc, int *bad)
{
	struct fp_flow q;
	int i;

	for (i = 0; i < PROBES_PER_PKT; i++) {
		probe(s, p, wc, &q);
		if (fp_cls_lookup(&set->cls, &q, NULL) != r ||
		    oracle(set, &q) != r) {
			if (bad)
				*bad = i;
			return false;
		}
	}
	return true;
}

struct stats {
	unsigned long lookups, hits, narrower;
};

static void check_set(uint64_t seed, struct stats *st)
{
	uint64_t s = seed;
	struct set set;
	int i, bad = -1;

	build_set(&s, &set);
	for (i = 0; i < PKTS_PER_SET; i++) {
		const struct fp_rule *r;
		struct fp_flow p, wc;

		random_packet(&s, &p);
		fp_flow_zero(&wc);
		r = fp_cls_lookup(&set.cls, &p, &wc);
		cr_assert_eq(r, oracle(&set, &p), "seed %#llx packet %d: wrong "
			     "rule", (unsigned long long)seed, i);
		cr_assert(fp_flow_mask_subset(&wc, &set.all_masks), "seed %#llx "
			  "packet %d: consulted bits no rule matches on",
			  (unsigned long long)seed, i);
		cr_assert(megaflow_holds(&s, &set, &p, r, &wc, &bad),
			  "seed %#llx packet %d probe %d: a packet inside the "
			  "megaflow classifies differently",
			  (unsigned long long)seed, i, bad);
		st->lookups++;
		st->hits += r != NULL;
		st->narrower += !fp_flow_mask_subset(&set.all_masks, &wc);
	}
	free_set(&set);
}

Test(cls_megaflow, packets_inside_a_megaflow_classify_alike)
{
	struct stats st = { 0, 0, 0 };
	uint64_t seed;

	for (seed = 1; seed <= N_SETS; seed++)
		check_set(seed * 0x1000193, &st);
	/*
	 * Not vacuous: rules were hit, and the search often stopped before
	 * consulting every subtable (a wc of "all bits of all rules" would
	 * pass the property trivially).
	 */
	cr_expect_gt(st.hits, st.lookups / 4, "%lu of %lu lookups hit",
		     st.hits, st.lookups);
	cr_expect_gt(st.narrower, st.lookups / 4, "%lu of %lu megaflows "
		     "narrower than all masks", st.narrower, st.lookups);
}

/*
 * The checker has teeth: wildcards holding only the winning rule's mask
 * (forgetting the higher-priority rules that were rejected) must be caught.
 */
Test(cls_megaflow, checker_catches_winner_only_wildcards)
{
	unsigned long caught = 0, tried = 0;
	uint64_t seed;
	int i;

	for (seed = 1; seed <= 50; seed++) {
		uint64_t s = seed * 0x9e3779b9;
		struct set set;

		build_set(&s, &set);
		for (i = 0; i < PKTS_PER_SET; i++) {
			const struct fp_rule *r;
			struct fp_flow p, wc;

			random_packet(&s, &p);
			r = fp_cls_lookup(&set.cls, &p, NULL);
			fp_flow_zero(&wc);
			if (r)
				wc = r->mask;
			tried++;
			caught += !megaflow_holds(&s, &set, &p, r, &wc, NULL);
		}
		free_set(&set);
	}
	cr_expect_gt(caught, tried / 20, "only %lu of %lu narrowed megaflows "
		     "caught", caught, tried);
}
