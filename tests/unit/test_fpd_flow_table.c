// SPDX-License-Identifier: GPL-2.0
/*
 * flowpathd's installed-flow table: UFIDs that two handlers computing the
 * same megaflow agree on, records that survive growth, sweeps that remove
 * exactly what they are told to, and threads adding at once.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "../../userspace/flowpathd/flow_table.h"

static struct fpd_flow make(int dp, uint32_t in_port, uint8_t mac_last)
{
	struct fpd_flow f;

	memset(&f, 0, sizeof(f));
	f.dp_ifindex = dp;
	f.key.in_port = in_port;
	f.key.dl_dst[5] = mac_last;
	f.mask.in_port = 0xffffffff;
	memset(f.mask.dl_dst, 0xff, 6);
	fpd_ufid_make(&f.ufid, dp, &f.key, &f.mask);
	return f;
}

Test(fpd_flow_table, ufid_depends_on_masked_key_mask_and_datapath)
{
	struct fpd_flow a = make(5, 1, 2), b = make(5, 1, 2);
	struct fp_ufid u;

	cr_expect_eq(memcmp(&a.ufid, &b.ufid, sizeof(u)), 0, "same megaflow, same UFID");
	b = make(5, 1, 3);
	cr_expect_neq(memcmp(&a.ufid, &b.ufid, sizeof(u)), 0, "another key");
	b = make(6, 1, 2);
	cr_expect_neq(memcmp(&a.ufid, &b.ufid, sizeof(u)), 0, "another datapath");
	b = make(5, 1, 2);
	b.mask.dl_dst[0] = 0;
	fpd_ufid_make(&u, 5, &b.key, &b.mask);
	cr_expect_neq(memcmp(&a.ufid, &u, sizeof(u)), 0, "another mask");
	/* Bits outside the mask do not count: they are not part of the flow. */
	b = make(5, 1, 2);
	b.key.nw_src = 0x01020304;
	fpd_ufid_make(&u, 5, &b.key, &b.mask);
	cr_expect_eq(memcmp(&a.ufid, &u, sizeof(u)), 0, "unmasked bits ignored");
}

Test(fpd_flow_table, add_is_exclusive_and_copies_actions)
{
	struct fpd_flow_table *t = fpd_flow_table_create();
	struct fpd_flow f = make(5, 1, 2), *snap;
	uint8_t actions[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	size_t n;
	bool oom;

	f.actions = actions;
	f.actions_len = sizeof(actions);
	cr_assert_eq(fpd_flow_table_add(t, &f), 0);
	cr_expect_eq(fpd_flow_table_add(t, &f), -EEXIST, "a lost race: EEXIST");
	actions[0] = 99;	/* the caller's buffer is its own again */
	snap = fpd_flow_table_snapshot(t, 5, &n, &oom);
	cr_assert_eq(n, 1);
	cr_expect_eq(snap[0].actions[0], 1);
	cr_expect_eq(snap[0].actions_len, 8);
	fpd_flow_snapshot_free(snap, n);
	cr_expect_eq(fpd_flow_table_count(t), 1);
	cr_expect_eq(fpd_flow_table_del(t, &f.ufid), 0);
	cr_expect_eq(fpd_flow_table_del(t, &f.ufid), -ENOENT);
	cr_expect_eq(fpd_flow_table_count(t), 0);
	fpd_flow_table_destroy(t);
}

static int bump(struct fpd_flow *f, void *arg)
{
	f->packets += *(int *)arg;
	return 7;
}

Test(fpd_flow_table, many_records_survive_growth)
{
	struct fpd_flow_table *t = fpd_flow_table_create();
	struct fpd_flow f;
	int i, one = 1;

	for (i = 0; i < 5000; i++) {
		f = make(1 + i % 3, (uint32_t)i, (uint8_t)i);
		cr_assert_eq(fpd_flow_table_add(t, &f), 0, "record %d", i);
	}
	cr_expect_eq(fpd_flow_table_count(t), 5000);
	for (i = 0; i < 5000; i++) {
		f = make(1 + i % 3, (uint32_t)i, (uint8_t)i);
		cr_assert_eq(fpd_flow_table_update(t, &f.ufid, bump, &one), 7,
			     "record %d found after the table grew", i);
	}
	f = make(9, 1, 1);
	cr_expect_eq(fpd_flow_table_update(t, &f.ufid, bump, &one), -ENOENT);
	cr_expect_eq(fpd_flow_table_del_dp(t, 2), 1667);
	cr_expect_eq(fpd_flow_table_count(t), 5000 - 1667);
	fpd_flow_table_destroy(t);
}

static bool odd_in_port(struct fpd_flow *f, void *arg)
{
	(*(int *)arg)++;
	return f->key.in_port & 1;
}

Test(fpd_flow_table, sweep_removes_what_it_is_told)
{
	struct fpd_flow_table *t = fpd_flow_table_create();
	struct fpd_flow f, *snap;
	int i, seen = 0;
	size_t n;
	bool oom;

	for (i = 0; i < 100; i++) {
		f = make(1, (uint32_t)i, 0);
		fpd_flow_table_add(t, &f);
	}
	fpd_flow_table_sweep(t, odd_in_port, &seen);
	cr_expect_eq(seen, 100, "every record visited once");
	cr_expect_eq(fpd_flow_table_count(t), 50);
	snap = fpd_flow_table_snapshot(t, 0, &n, &oom);
	cr_assert_eq(n, 50);
	for (i = 0; i < (int)n; i++)
		cr_expect_eq(snap[i].key.in_port & 1, 0);
	fpd_flow_snapshot_free(snap, n);
	fpd_flow_table_destroy(t);
}

struct racer {
	struct fpd_flow_table *t;
	int won;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct fpd_flow f;
	int i;

	for (i = 0; i < 2000; i++) {
		f = make(1, (uint32_t)i, 0);
		if (fpd_flow_table_add(r->t, &f) == 0)
			r->won++;
	}
	return NULL;
}

Test(fpd_flow_table, racing_adds_record_each_flow_once)
{
	struct racer r[4];
	pthread_t th[4];
	int i, won = 0;
	struct fpd_flow_table *t = fpd_flow_table_create();

	for (i = 0; i < 4; i++) {
		r[i] = (struct racer){ t, 0 };
		pthread_create(&th[i], NULL, race, &r[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		won += r[i].won;
	}
	cr_expect_eq(won, 2000, "each of 2000 flows won by exactly one thread");
	cr_expect_eq(fpd_flow_table_count(t), 2000);
	fpd_flow_table_destroy(t);
}
