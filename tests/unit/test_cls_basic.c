// SPDX-License-Identifier: GPL-2.0
/*
 * The classifier on small, readable rule sets: priorities, ties,
 * replacement, removal, and exactly which bits a lookup reports consulting.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "test_rule_util.h"

static struct fp_cls cls;

static void setup(void)
{
	fp_cls_init(&cls);
}

/* Frees the rules still in the classifier; tests free those they removed. */
static void teardown(void)
{
	struct fp_rule **rules = calloc(fp_cls_count(&cls) + 1, sizeof(*rules));
	size_t i, n = fp_cls_count(&cls);

	fp_cls_sorted(&cls, rules);
	for (i = 0; i < n; i++) {
		fp_cls_remove(&cls, rules[i]);
		free(rules[i]);
	}
	free(rules);
	fp_cls_destroy(&cls);
}

TestSuite(cls_basic, .init = setup, .fini = teardown);

static struct fp_rule *rule(const char *text)
{
	struct fp_rule *r = malloc(sizeof(*r));

	cr_assert_not_null(r);
	parse_ok(r, text);
	return r;
}

static struct fp_rule *add(const char *text)
{
	struct fp_rule *r = rule(text), *old = NULL;

	cr_assert_eq(fp_cls_insert(&cls, r, &old), 0);
	cr_assert_null(old, "'%s' replaced a rule", text);
	return r;
}

/* A packet: the fields a match-only rule text names, everything else 0. */
static struct fp_flow pkt(const char *text)
{
	struct fp_rule r;
	char err[256];

	cr_assert_eq(fp_rule_parse(&r, text, FP_RULE_PARSE_MATCH, &test_ports,
				   err, sizeof(err)), 0, "%s", err);
	return r.match;
}

static const struct fp_rule *lookup(const char *text, struct fp_flow *wc)
{
	struct fp_flow p = pkt(text);

	fp_flow_zero(wc);
	return fp_cls_lookup(&cls, &p, wc);
}

static void expect_wc(const struct fp_flow *wc, const struct fp_rule *a,
		      const struct fp_rule *b)
{
	struct fp_flow want;

	fp_flow_zero(&want);
	if (a)
		fp_flow_or(&want, &a->mask);
	if (b)
		fp_flow_or(&want, &b->mask);
	cr_expect(!memcmp(wc, &want, sizeof(want)), "wildcards differ");
}

Test(cls_basic, empty_matches_nothing_and_consults_nothing)
{
	struct fp_flow wc;

	cr_expect_null(lookup("tcp,tp_dst=80", &wc));
	cr_expect(fp_flow_is_zero(&wc));
	cr_expect_eq(fp_cls_count(&cls), 0);
}

Test(cls_basic, exact_and_masked)
{
	struct fp_rule *a = add("ip,nw_dst=10.0.0.0/8,actions=p1");
	struct fp_flow wc;

	cr_expect_eq(lookup("ip,nw_dst=10.9.8.7", &wc), a);
	expect_wc(&wc, a, NULL);
	cr_expect_null(lookup("ip,nw_dst=11.0.0.1", &wc));
	expect_wc(&wc, a, NULL);
	cr_expect_null(lookup("ipv6", &wc));
}

Test(cls_basic, catch_all_rule_consults_no_bits)
{
	struct fp_rule *a = add("priority=0,actions=NORMAL");
	struct fp_flow wc;

	cr_expect_eq(lookup("tcp,tp_dst=80", &wc), a);
	cr_expect(fp_flow_is_zero(&wc));
}

Test(cls_basic, higher_priority_wins_whatever_the_order)
{
	struct fp_rule *lo = add("priority=10,ip,actions=p1");
	struct fp_rule *hi = add("priority=20,tcp,actions=p2");
	struct fp_rule *mid = add("priority=15,ip,nw_src=1.2.3.4,actions=p3");
	struct fp_flow wc;

	cr_expect_eq(lookup("tcp,nw_src=1.2.3.4", &wc), hi);
	cr_expect_eq(lookup("udp,nw_src=1.2.3.4", &wc), mid);
	cr_expect_eq(lookup("udp,nw_src=1.2.3.5", &wc), lo);
}

Test(cls_basic, equal_priority_first_inserted_wins)
{
	struct fp_rule *a = add("priority=5,ip,nw_src=1.2.3.4,actions=p1");
	struct fp_rule *b = add("priority=5,ip,nw_dst=5.6.7.8,actions=p2");
	struct fp_flow wc;

	cr_expect_eq(lookup("ip,nw_src=1.2.3.4,nw_dst=5.6.7.8", &wc), a);
	fp_cls_remove(&cls, a);
	cr_expect_eq(lookup("ip,nw_src=1.2.3.4,nw_dst=5.6.7.8", &wc), b);
	/* Re-added, a is now the later one. */
	cr_assert_eq(fp_cls_insert(&cls, a, NULL), 0);
	cr_expect_eq(lookup("ip,nw_src=1.2.3.4,nw_dst=5.6.7.8", &wc), b);
}

/*
 * The earlier of two equal-priority rules may sit in a subtable visited
 * later (its subtable ranks below one holding a higher rule that missed):
 * the search must not stop on equal priority alone.
 */
Test(cls_basic, tie_broken_across_subtables)
{
	struct fp_rule *first = add("priority=5,ip,nw_src=1.1.1.1,actions=p1");
	struct fp_rule *high = add("priority=9,ip,nw_dst=9.9.9.9,actions=p2");
	struct fp_flow wc;

	add("priority=5,ip,nw_dst=2.2.2.2,actions=p3");
	cr_expect_eq(lookup("ip,nw_src=1.1.1.1,nw_dst=2.2.2.2", &wc), first);
	expect_wc(&wc, first, high);
}

Test(cls_basic, same_match_and_priority_replaces_in_place)
{
	struct fp_rule *a = add("priority=5,ip,nw_src=1.2.3.4,actions=p1");
	struct fp_rule *b = add("priority=5,ip,nw_dst=5.6.7.8,actions=p2");
	struct fp_rule *a2 = rule("priority=5,nw_src=1.2.3.4,ip,actions=p3");
	struct fp_rule *old = NULL;
	struct fp_flow wc;

	cr_assert_eq(fp_cls_insert(&cls, a2, &old), 0);
	cr_expect_eq(old, a);
	cr_expect_null(a->cls.subtable);
	cr_expect_eq(fp_cls_count(&cls), 2);
	/* a2 took a's place in the tie order: it still beats b. */
	cr_expect_eq(lookup("ip,nw_src=1.2.3.4,nw_dst=5.6.7.8", &wc), a2);
	cr_expect_str_eq(a2->actions.acts[0].port, "p3");
	cr_expect_eq(lookup("ip,nw_src=1.2.3.5,nw_dst=5.6.7.8", &wc), b);
	free(a);
}

Test(cls_basic, same_match_other_priority_coexist)
{
	struct fp_rule *lo = add("priority=1,tcp,tp_dst=22,actions=p1");
	struct fp_rule *hi = add("priority=9,tcp,tp_dst=22,actions=p2");
	struct fp_rule *mid = add("priority=5,tcp,tp_dst=22,actions=p3");
	struct fp_flow wc;

	cr_expect_eq(fp_cls_count(&cls), 3);
	cr_expect_eq(lookup("tcp,tp_dst=22", &wc), hi);
	fp_cls_remove(&cls, hi);
	cr_expect_eq(lookup("tcp,tp_dst=22", &wc), mid);
	fp_cls_remove(&cls, lo);
	cr_expect_eq(lookup("tcp,tp_dst=22", &wc), mid);
	fp_cls_remove(&cls, mid);
	cr_expect_null(lookup("tcp,tp_dst=22", &wc));
	cr_expect(fp_flow_is_zero(&wc), "an emptied subtable was still consulted");
	cr_expect_eq(fp_cls_count(&cls), 0);
	free(lo);
	free(hi);
	free(mid);
}

/*
 * The point of wildcard tracking: a winner that no remaining subtable can
 * beat ends the search, and the megaflow depends only on what was looked at.
 */
Test(cls_basic, search_stops_at_unbeatable_match)
{
	struct fp_rule *hi = add("priority=100,ip,nw_dst=10.0.0.2,actions=p1");
	struct fp_flow wc;

	add("priority=10,tcp,tp_dst=80,actions=p2");
	cr_expect_eq(lookup("tcp,nw_dst=10.0.0.2,tp_dst=80", &wc), hi);
	expect_wc(&wc, hi, NULL);
	cr_expect_eq(wc.tp_dst, 0, "tp_dst consulted though it could not matter");
}

Test(cls_basic, rejected_higher_rules_count_in_wildcards)
{
	struct fp_rule *hi = add("priority=100,ip,nw_dst=10.0.0.2,actions=p1");
	struct fp_rule *lo = add("priority=10,tcp,tp_dst=80,actions=p2");
	struct fp_flow wc;

	/* hi missed, but only because of nw_dst: its bits are in the megaflow. */
	cr_expect_eq(lookup("tcp,nw_dst=10.0.0.3,tp_dst=80", &wc), lo);
	expect_wc(&wc, hi, lo);
	cr_expect_eq(wc.nw_dst, 0xffffffff);
}

/* A subtable holding a lower-priority rule is still visited if it also
 * holds one that could beat the match in hand. */
Test(cls_basic, subtable_rank_is_its_best_rule)
{
	struct fp_rule *mid = add("priority=50,ip,nw_src=1.1.1.1,actions=p1");
	struct fp_rule *hi, *lo;
	struct fp_flow wc;

	lo = add("priority=10,ip,nw_dst=2.2.2.2,actions=p2");
	hi = add("priority=90,ip,nw_dst=3.3.3.3,actions=p3");

	cr_expect_eq(lookup("ip,nw_src=1.1.1.1,nw_dst=2.2.2.2", &wc), mid);
	expect_wc(&wc, mid, hi);
	fp_cls_remove(&cls, hi);
	/* With hi gone, the nw_dst subtable's best is 10: not visited. */
	cr_expect_eq(lookup("ip,nw_src=1.1.1.1,nw_dst=2.2.2.2", &wc), mid);
	expect_wc(&wc, mid, NULL);
	cr_expect_eq(lookup("ip,nw_src=1.1.1.2,nw_dst=2.2.2.2", &wc), lo);
	free(hi);
}

Test(cls_basic, find_exact)
{
	struct fp_rule *a = add("priority=5,tcp,tp_dst=80,actions=p1");
	struct fp_rule *p = rule("priority=5,tp_dst=80,tcp,actions=drop");

	cr_expect_eq(fp_cls_find_exact(&cls, &p->match, &p->mask, 5), a);
	cr_expect_null(fp_cls_find_exact(&cls, &p->match, &p->mask, 6));
	p->match.tp_dst = htons(81);
	cr_expect_null(fp_cls_find_exact(&cls, &p->match, &p->mask, 5));
	p->mask.nw_src = 0xffffffff;
	cr_expect_null(fp_cls_find_exact(&cls, &p->match, &p->mask, 5));
	free(p);
}

static int count_cb(struct fp_rule *r, void *arg)
{
	(void)r;
	++*(int *)arg;
	return 0;
}

static int stop_cb(struct fp_rule *r, void *arg)
{
	(void)r;
	++*(int *)arg;
	return 7;
}

Test(cls_basic, foreach_and_sorted)
{
	struct fp_rule *r[5], *out[5];
	int n = 0;

	r[0] = add("priority=3,ip,actions=drop");
	r[1] = add("priority=9,tcp,actions=drop");
	r[2] = add("priority=3,udp,actions=drop");
	r[3] = add("priority=3,ipv6,actions=drop");
	r[4] = add("priority=1,tcp,tp_dst=1,actions=drop");
	cr_expect_eq(fp_cls_foreach(&cls, count_cb, &n), 0);
	cr_expect_eq(n, 5);
	n = 0;
	cr_expect_eq(fp_cls_foreach(&cls, stop_cb, &n), 7);
	cr_expect_eq(n, 1);
	fp_cls_sorted(&cls, out);
	cr_expect_eq(out[0], r[1]);
	cr_expect_eq(out[1], r[0]);
	cr_expect_eq(out[2], r[2]);
	cr_expect_eq(out[3], r[3]);
	cr_expect_eq(out[4], r[4]);
}

/* Enough rules in one subtable to grow its buckets many times over. */
Test(cls_basic, many_rules_in_one_subtable)
{
	enum { N = 5000 };
	struct fp_rule **rules = calloc(N, sizeof(*rules));
	struct fp_flow p, wc;
	int i;

	cr_assert_not_null(rules);
	for (i = 0; i < N; i++) {
		rules[i] = rule("ip,nw_dst=0.0.0.0,actions=drop");
		rules[i]->match.nw_dst = htonl(0x0a000000 + i);
		cr_assert_eq(fp_cls_insert(&cls, rules[i], NULL), 0);
	}
	cr_expect_eq(fp_cls_count(&cls), N);
	p = pkt("ip");
	for (i = 0; i < N; i += 2)
		fp_cls_remove(&cls, rules[i]);
	for (i = 0; i < N; i++) {
		p.nw_dst = htonl(0x0a000000 + i);
		cr_expect_eq(fp_cls_lookup(&cls, &p, &wc), i % 2 ? rules[i] : NULL,
			     "10.0.x.x #%d", i);
	}
	for (i = 0; i < N; i += 2)
		free(rules[i]);
	free(rules);
}

/* Insert normalises a match the caller left unmasked. */
Test(cls_basic, insert_masks_the_match)
{
	struct fp_rule *r = rule("ip,nw_dst=10.0.0.0/8,actions=drop");
	struct fp_flow wc;

	r->match.nw_dst = htonl(0x0a0b0c0d);
	r->match.tp_dst = htons(99);
	cr_assert_eq(fp_cls_insert(&cls, r, NULL), 0);
	cr_expect_eq(lookup("ip,nw_dst=10.1.1.1", &wc), r);
}

static int free_cb(struct fp_rule *r, void *arg)
{
	++*(int *)arg;
	free(r);
	return 0;
}

/* Teardown the way an owner does it: free every rule from foreach. */
Test(cls_basic, foreach_may_free_each_rule_before_destroy)
{
	struct fp_cls own;
	int i, n = 0;

	fp_cls_init(&own);
	for (i = 0; i < 100; i++) {
		struct fp_rule *r = rule("priority=1,tcp,tp_dst=1,actions=drop");

		r->priority = i % 3;
		r->match.tp_dst = htons(i / 3);
		cr_assert_eq(fp_cls_insert(&own, r, NULL), 0);
	}
	cr_expect_eq(fp_cls_foreach(&own, free_cb, &n), 0);
	cr_expect_eq(n, 100);
	fp_cls_destroy(&own);
}

/*
 * make demo's rule set. A rule without priority= has 32768, as in Open
 * vSwitch, and would beat the drop; at priority 0 the catch-all leaves
 * it room, and every other packet's megaflow holds the bits that kept
 * the drop rule from matching it.
 */
Test(cls_basic, a_drop_above_a_catch_all_shapes_every_megaflow)
{
	struct fp_rule *drop = add("priority=100,udp,tp_dst=9,actions=drop");
	struct fp_rule *all = add("priority=0,actions=NORMAL");
	struct fp_flow wc;

	cr_expect_eq(lookup("udp,tp_dst=9", &wc), drop);
	cr_expect_eq(lookup("icmp", &wc), all);
	expect_wc(&wc, drop, all);
	cr_expect_eq(lookup("udp,tp_dst=10", &wc), all);
	cr_expect_eq(wc.tp_dst, 0xffff, "the port told the packet from the drop's");
}
