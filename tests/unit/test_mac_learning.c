// SPDX-License-Identifier: GPL-2.0
/* The MAC learning table: learning, moves, aging, eviction, flushes, dumps. */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "mac_learning.h"

static struct fp_mac_table *t;

static void setup(void)
{
	t = fp_mac_table_create();
	cr_assert_not_null(t);
}

static void teardown(void)
{
	fp_mac_table_destroy(t);
}

TestSuite(mac_learning, .init = setup, .fini = teardown);

static const uint8_t A[6] = { 0x02, 0, 0, 0, 0, 0x0a };
static const uint8_t B[6] = { 0x02, 0, 0, 0, 0, 0x0b };
static const uint8_t C[6] = { 0x02, 0, 0, 0, 0, 0x0c };
static const uint8_t D[6] = { 0x02, 0, 0, 0, 0, 0x0d };

/* The port mac is known on, or -1. */
static long port_of(const uint8_t mac[6], uint16_t vlan, uint64_t now)
{
	uint32_t port = 0xdead;

	if (fp_mac_lookup(t, mac, vlan, now, &port))
		return -1;
	return port;
}

Test(mac_learning, learned_source_is_found_in_its_vlan_only)
{
	cr_expect_eq(fp_mac_learn(t, A, 10, 3, 1000), 1);
	cr_expect_eq(port_of(A, 10, 1000), 3);
	cr_expect_eq(port_of(A, 20, 1000), -1, "VLANs are separate tables");
	cr_expect_eq(port_of(B, 10, 1000), -1);
	cr_expect_eq(fp_mac_table_count(t), 1);
}

Test(mac_learning, same_mac_in_two_vlans_on_two_ports)
{
	fp_mac_learn(t, A, 10, 3, 0);
	fp_mac_learn(t, A, 20, 4, 0);
	cr_expect_eq(port_of(A, 10, 0), 3);
	cr_expect_eq(port_of(A, 20, 0), 4);
	cr_expect_eq(fp_mac_table_count(t), 2);
}

Test(mac_learning, generation_moves_on_new_and_move_not_on_refresh)
{
	uint64_t g0 = fp_mac_table_generation(t);

	cr_expect_eq(fp_mac_learn(t, A, 0, 1, 0), 1);
	uint64_t g1 = fp_mac_table_generation(t);
	cr_expect_neq(g1, g0, "a new entry changes forwarding");

	cr_expect_eq(fp_mac_learn(t, A, 0, 1, 50), 0);
	cr_expect_eq(fp_mac_table_generation(t), g1, "a refresh does not");

	cr_expect_eq(fp_mac_learn(t, A, 0, 2, 60), 1);
	cr_expect_neq(fp_mac_table_generation(t), g1, "a move does");
	cr_expect_eq(port_of(A, 0, 60), 2);
	cr_expect_eq(fp_mac_table_count(t), 1);
}

Test(mac_learning, multicast_source_and_bad_vlan_are_refused)
{
	const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };

	cr_expect_eq(fp_mac_learn(t, bcast, 0, 1, 0), -EINVAL);
	cr_expect_eq(fp_mac_learn(t, mcast, 0, 1, 0), -EINVAL);
	cr_expect_eq(fp_mac_learn(t, A, 4096, 1, 0), -EINVAL);
	cr_expect_eq(fp_mac_learn(t, A, 4095, 1, 0), 1);
	cr_expect_eq(fp_mac_table_count(t), 1);
}

Test(mac_learning, entries_age_out_after_the_aging_time)
{
	uint64_t g;

	cr_expect_eq(fp_mac_table_get_aging(t), 300000, "300 s by default");
	fp_mac_learn(t, A, 0, 1, 1000);
	g = fp_mac_table_generation(t);
	cr_expect_eq(port_of(A, 0, 1000 + 299999), 1);
	cr_expect_eq(fp_mac_table_expire(t, 1000 + 299999), 0);
	cr_expect_eq(fp_mac_table_generation(t), g, "nothing expired yet");

	cr_expect_eq(port_of(A, 0, 1000 + 300000), -1, "dead at the aging time");
	cr_expect_eq(fp_mac_table_count(t), 1, "but still held until expiry");
	cr_expect_eq(fp_mac_table_expire(t, 1000 + 300000), 1);
	cr_expect_neq(fp_mac_table_generation(t), g, "expiry changes forwarding");
	cr_expect_eq(fp_mac_table_count(t), 0);
}

Test(mac_learning, refresh_keeps_an_entry_alive)
{
	fp_mac_learn(t, A, 0, 1, 0);
	fp_mac_learn(t, B, 0, 2, 0);
	fp_mac_learn(t, A, 0, 1, 200000);
	cr_expect_eq(fp_mac_table_expire(t, 300000), 1, "only B is dead");
	cr_expect_eq(port_of(A, 0, 300000), 1);
	cr_expect_eq(port_of(B, 0, 300000), -1);
	cr_expect_eq(fp_mac_table_expire(t, 500000), 1, "A dies 300 s after its refresh");
}

Test(mac_learning, expiry_walks_past_refreshed_entries_in_order)
{
	/* A refreshed entry moves behind the others: expiry stops at it. */
	fp_mac_learn(t, A, 0, 1, 0);
	fp_mac_learn(t, B, 0, 1, 10);
	fp_mac_learn(t, C, 0, 1, 20);
	fp_mac_learn(t, A, 0, 1, 30);
	cr_expect_eq(fp_mac_table_expire(t, 300015), 1, "B only");
	cr_expect_eq(port_of(C, 0, 300015), 1);
	cr_expect_eq(port_of(A, 0, 300015), 1);
	cr_expect_eq(fp_mac_table_expire(t, 300030), 2, "C then A");
}

Test(mac_learning, a_dead_entry_relearned_is_a_change)
{
	uint64_t g;

	fp_mac_learn(t, A, 0, 1, 0);
	g = fp_mac_table_generation(t);
	/* Dead but not yet expired: flows built meanwhile flooded. */
	cr_expect_eq(fp_mac_learn(t, A, 0, 1, 400000), 1);
	cr_expect_neq(fp_mac_table_generation(t), g);
	cr_expect_eq(port_of(A, 0, 400000), 1);
}

Test(mac_learning, shorter_aging_applies_to_existing_entries)
{
	fp_mac_learn(t, A, 0, 1, 0);
	cr_expect_eq(fp_mac_table_set_aging(t, 0), -EINVAL);
	cr_expect_eq(fp_mac_table_set_aging(t, 5000), 0);
	cr_expect_eq(fp_mac_table_get_aging(t), 5000);
	cr_expect_eq(port_of(A, 0, 4999), 1);
	cr_expect_eq(port_of(A, 0, 5000), -1);
	cr_expect_eq(fp_mac_table_expire(t, 5000), 1);
}

Test(mac_learning, full_table_evicts_the_least_recently_seen)
{
	uint64_t g;

	cr_expect_eq(fp_mac_table_set_max(t, 3), 0);
	fp_mac_learn(t, A, 0, 1, 0);
	fp_mac_learn(t, B, 0, 1, 1);
	fp_mac_learn(t, C, 0, 1, 2);
	fp_mac_learn(t, A, 0, 1, 3);	/* A is now the most recent */
	g = fp_mac_table_generation(t);
	cr_expect_eq(fp_mac_learn(t, D, 0, 1, 4), 1);
	cr_expect_neq(fp_mac_table_generation(t), g);
	cr_expect_eq(fp_mac_table_count(t), 3);
	cr_expect_eq(port_of(B, 0, 4), -1, "B was the least recently seen");
	cr_expect_eq(port_of(A, 0, 4), 1);
	cr_expect_eq(port_of(C, 0, 4), 1);
	cr_expect_eq(port_of(D, 0, 4), 1);
}

Test(mac_learning, shrinking_the_limit_evicts_now)
{
	uint64_t g;

	fp_mac_learn(t, A, 0, 1, 0);
	fp_mac_learn(t, B, 0, 1, 1);
	fp_mac_learn(t, C, 0, 1, 2);
	g = fp_mac_table_generation(t);
	cr_expect_eq(fp_mac_table_set_max(t, 0), -EINVAL);
	cr_expect_eq(fp_mac_table_set_max(t, FP_MAC_MAX_LIMIT + 1), -EINVAL);
	cr_expect_eq(fp_mac_table_generation(t), g, "a refused limit changes nothing");
	cr_expect_eq(fp_mac_table_set_max(t, 1), 0);
	cr_expect_eq(fp_mac_table_count(t), 1);
	cr_expect_eq(port_of(C, 0, 2), 1, "the most recent stays");
	cr_expect_neq(fp_mac_table_generation(t), g);
}

Test(mac_learning, flush_port_forgets_only_that_port)
{
	uint64_t g;

	fp_mac_learn(t, A, 0, 1, 0);
	fp_mac_learn(t, B, 0, 2, 0);
	fp_mac_learn(t, C, 7, 1, 0);
	g = fp_mac_table_generation(t);
	cr_expect_eq(fp_mac_table_flush_port(t, 3), 0);
	cr_expect_eq(fp_mac_table_generation(t), g, "nothing flushed, no change");
	cr_expect_eq(fp_mac_table_flush_port(t, 1), 2);
	cr_expect_neq(fp_mac_table_generation(t), g);
	cr_expect_eq(port_of(A, 0, 0), -1);
	cr_expect_eq(port_of(C, 7, 0), -1);
	cr_expect_eq(port_of(B, 0, 0), 2);
	cr_expect_eq(fp_mac_table_flush(t), 1);
	cr_expect_eq(fp_mac_table_count(t), 0);
	/* The table stays usable after flushes. */
	cr_expect_eq(fp_mac_learn(t, A, 0, 5, 0), 1);
	cr_expect_eq(port_of(A, 0, 0), 5);
}

Test(mac_learning, dump_lists_live_entries_oldest_first_with_ages)
{
	struct fp_mac_info *e = NULL;
	int n;

	fp_mac_learn(t, A, 10, 1, 0);
	fp_mac_learn(t, B, 20, 2, 100000);
	fp_mac_learn(t, C, 30, 3, 200000);
	n = fp_mac_table_dump(t, 310000, &e);
	cr_assert_eq(n, 2, "A is dead at 310 s and not listed");
	cr_expect_arr_eq(e[0].mac, B, 6);
	cr_expect_eq(e[0].vlan, 20);
	cr_expect_eq(e[0].port, 2);
	cr_expect_eq(e[0].age_ms, 210000);
	cr_expect_arr_eq(e[1].mac, C, 6);
	cr_expect_eq(e[1].age_ms, 110000);
	free(e);

	fp_mac_table_flush(t);
	n = fp_mac_table_dump(t, 310000, &e);
	cr_expect_eq(n, 0);
	free(e);
}

Test(mac_learning, time_running_backwards_does_not_revive_or_reorder)
{
	/* Two threads may take the lock in the other order than they read
	 * the clock: the later learn carries the earlier time. */
	fp_mac_learn(t, A, 0, 1, 1000);
	fp_mac_learn(t, B, 0, 1, 900);
	cr_expect_eq(port_of(B, 0, 300950), 1, "B is as fresh as A");
	cr_expect_eq(fp_mac_table_expire(t, 300999), 0);
	cr_expect_eq(fp_mac_table_expire(t, 301000), 2,
		     "B counts as seen at 1000, not 900");
}

Test(mac_learning, many_entries_survive_growing_the_table)
{
	enum { N = 20000 };
	uint8_t mac[6] = { 0x02 };

	cr_assert_eq(fp_mac_table_set_max(t, 1000), 0);
	for (unsigned int i = 0; i < 1000; i++) {
		memcpy(mac + 2, &i, 4);
		fp_mac_learn(t, mac, i % 4096, i, 0);
	}
	cr_assert_eq(fp_mac_table_set_max(t, N), 0);
	for (unsigned int i = 1000; i < N; i++) {
		memcpy(mac + 2, &i, 4);
		fp_mac_learn(t, mac, i % 4096, i, 0);
	}
	cr_expect_eq(fp_mac_table_count(t), N);
	for (unsigned int i = 0; i < N; i++) {
		memcpy(mac + 2, &i, 4);
		cr_assert_eq(port_of(mac, i % 4096, 0), i, "entry %u lost", i);
	}
}

struct learner {
	unsigned int id;
	unsigned int n;
};

static void *learn_many(void *arg)
{
	const struct learner *l = arg;
	uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0 };

	for (unsigned int i = 0; i < l->n; i++) {
		mac[1] = (uint8_t)l->id;
		memcpy(mac + 2, &i, 4);
		fp_mac_learn(t, mac, (uint16_t)(i % 8), l->id, i);
		/* Every thread also refreshes one shared, moving entry. */
		fp_mac_learn(t, A, 0, l->id, i);
	}
	return NULL;
}

Test(mac_learning, concurrent_learners_lose_nothing)
{
	enum { THREADS = 4, PER = 5000 };
	pthread_t th[THREADS];
	struct learner l[THREADS];
	uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0 };

	cr_assert_eq(fp_mac_table_set_max(t, THREADS * PER + 1), 0);
	for (unsigned int i = 0; i < THREADS; i++) {
		l[i] = (struct learner){ .id = i, .n = PER };
		cr_assert_eq(pthread_create(&th[i], NULL, learn_many, &l[i]), 0);
	}
	for (unsigned int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	cr_expect_eq(fp_mac_table_count(t), THREADS * PER + 1);
	for (unsigned int id = 0; id < THREADS; id++) {
		for (unsigned int i = 0; i < PER; i++) {
			mac[1] = (uint8_t)id;
			memcpy(mac + 2, &i, 4);
			cr_assert_eq(port_of(mac, i % 8, PER), id);
		}
	}
}
