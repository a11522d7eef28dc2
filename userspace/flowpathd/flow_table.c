// SPDX-License-Identifier: GPL-2.0
/*
 * The installed-flow table: 64 shards, each a chained hash table that
 * doubles when it averages more than one record per bucket.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow_table.h"

#define N_SHARDS 64
#define MIN_BUCKETS 16

struct node {
	struct node *next;
	struct fpd_flow f;
};

struct shard {
	pthread_mutex_t mutex;
	struct node **buckets;
	size_t n_buckets;	/* a power of two */
	size_t n;
};

struct fpd_flow_table {
	struct shard shards[N_SHARDS];
	/* Handlers ask on every upcall (the flow limit): no locks for that. */
	atomic_size_t count;
};

/* ---- UFIDs ---- */

static uint64_t mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

/*
 * Two independent 64-bit hashes over the words: the same megaflow gives
 * the same UFID in every handler, which is what makes a lost install race
 * an EEXIST instead of a duplicate.
 */
void fpd_ufid_make(struct fp_ufid *u, int dp_ifindex,
		   const struct fp_flow *masked_key,
		   const struct fp_flow *mask)
{
	const uint64_t *k = fp_flow_u64(masked_key), *m = fp_flow_u64(mask);
	uint64_t a = 0x9e3779b97f4a7c15ull ^ (uint64_t)(uint32_t)dp_ifindex;
	uint64_t b = 0x6a09e667f3bcc909ull + (uint64_t)(uint32_t)dp_ifindex;
	size_t i;

	for (i = 0; i < FP_FLOW_U64S; i++) {
		a = mix64(a ^ (k[i] & m[i])) + m[i];
		b = mix64(b + m[i]) ^ (k[i] & m[i]);
	}
	a = mix64(a ^ b);
	b = mix64(b + a);
	u->u32[0] = (uint32_t)a;
	u->u32[1] = (uint32_t)(a >> 32);
	u->u32[2] = (uint32_t)b;
	u->u32[3] = (uint32_t)(b >> 32);
}

static bool ufid_eq(const struct fp_ufid *a, const struct fp_ufid *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* The UFID is a hash already: its words pick shard and bucket. */
static struct shard *shard_of(struct fpd_flow_table *t,
			      const struct fp_ufid *u)
{
	return &t->shards[u->u32[0] % N_SHARDS];
}

static size_t bucket_of(const struct shard *s, const struct fp_ufid *u)
{
	return u->u32[1] & (s->n_buckets - 1);
}

/* ---- the table ---- */

struct fpd_flow_table *fpd_flow_table_create(void)
{
	struct fpd_flow_table *t = calloc(1, sizeof(*t));
	size_t i;

	if (!t)
		return NULL;
	for (i = 0; i < N_SHARDS; i++) {
		struct shard *s = &t->shards[i];

		pthread_mutex_init(&s->mutex, NULL);
		s->n_buckets = MIN_BUCKETS;
		s->buckets = calloc(s->n_buckets, sizeof(*s->buckets));
		if (!s->buckets) {
			fpd_flow_table_destroy(t);
			return NULL;
		}
	}
	return t;
}

static void free_node(struct node *n)
{
	free(n->f.actions);
	free(n);
}

void fpd_flow_table_destroy(struct fpd_flow_table *t)
{
	size_t i, b;

	if (!t)
		return;
	for (i = 0; i < N_SHARDS; i++) {
		struct shard *s = &t->shards[i];

		for (b = 0; s->buckets && b < s->n_buckets; b++) {
			while (s->buckets[b]) {
				struct node *n = s->buckets[b];

				s->buckets[b] = n->next;
				free_node(n);
			}
		}
		free(s->buckets);
		pthread_mutex_destroy(&s->mutex);
	}
	free(t);
}

static struct node **find(struct shard *s, const struct fp_ufid *u)
{
	struct node **p = &s->buckets[bucket_of(s, u)];

	while (*p && !ufid_eq(&(*p)->f.ufid, u))
		p = &(*p)->next;
	return p;
}

/* Doubles the buckets; on no memory the table just stays denser. */
static void grow(struct shard *s)
{
	size_t nb = s->n_buckets * 2, i;
	struct node **b = calloc(nb, sizeof(*b));

	if (!b)
		return;
	for (i = 0; i < s->n_buckets; i++) {
		while (s->buckets[i]) {
			struct node *n = s->buckets[i];
			size_t to = n->f.ufid.u32[1] & (nb - 1);

			s->buckets[i] = n->next;
			n->next = b[to];
			b[to] = n;
		}
	}
	free(s->buckets);
	s->buckets = b;
	s->n_buckets = nb;
}

static int copy_actions(struct fpd_flow *dst, const void *actions, size_t len)
{
	dst->actions = NULL;
	dst->actions_len = len;
	if (!len)
		return 0;
	dst->actions = malloc(len);
	if (!dst->actions)
		return -ENOMEM;
	memcpy(dst->actions, actions, len);
	return 0;
}

int fpd_flow_table_add(struct fpd_flow_table *t, const struct fpd_flow *f)
{
	struct shard *s = shard_of(t, &f->ufid);
	struct node *n = malloc(sizeof(*n)), **p;

	if (!n)
		return -ENOMEM;
	n->f = *f;
	if (copy_actions(&n->f, f->actions, f->actions_len)) {
		free(n);
		return -ENOMEM;
	}
	pthread_mutex_lock(&s->mutex);
	p = find(s, &f->ufid);
	if (*p) {
		pthread_mutex_unlock(&s->mutex);
		free_node(n);
		return -EEXIST;
	}
	n->next = NULL;
	*p = n;
	atomic_fetch_add(&t->count, 1);
	if (++s->n > s->n_buckets)
		grow(s);
	pthread_mutex_unlock(&s->mutex);
	return 0;
}

int fpd_flow_table_del(struct fpd_flow_table *t, const struct fp_ufid *ufid)
{
	struct shard *s = shard_of(t, ufid);
	struct node **p, *n;

	pthread_mutex_lock(&s->mutex);
	p = find(s, ufid);
	n = *p;
	if (n) {
		*p = n->next;
		s->n--;
		atomic_fetch_sub(&t->count, 1);
	}
	pthread_mutex_unlock(&s->mutex);
	if (!n)
		return -ENOENT;
	free_node(n);
	return 0;
}

int fpd_flow_table_update(struct fpd_flow_table *t, const struct fp_ufid *ufid,
			  int (*fn)(struct fpd_flow *f, void *arg), void *arg)
{
	struct shard *s = shard_of(t, ufid);
	struct node *n;
	int ret = -ENOENT;

	pthread_mutex_lock(&s->mutex);
	n = *find(s, ufid);
	if (n)
		ret = fn(&n->f, arg);
	pthread_mutex_unlock(&s->mutex);
	return ret;
}

struct new_actions {
	const void *actions;
	size_t len;
};

static int replace_actions(struct fpd_flow *f, void *arg)
{
	const struct new_actions *na = arg;
	uint8_t *old = f->actions;
	size_t old_len = f->actions_len;

	if (copy_actions(f, na->actions, na->len)) {
		f->actions = old;
		f->actions_len = old_len;
		return -ENOMEM;
	}
	free(old);
	return 0;
}

int fpd_flow_table_set_actions(struct fpd_flow_table *t,
			       const struct fp_ufid *ufid,
			       const void *actions, size_t len)
{
	struct new_actions na = { actions, len };

	return fpd_flow_table_update(t, ufid, replace_actions, &na);
}

size_t fpd_flow_table_count(struct fpd_flow_table *t)
{
	return atomic_load(&t->count);
}

/* ---- walking ---- */

struct snap {
	struct fpd_flow *v;
	size_t n, cap;
	bool oom;
};

static void snap_add(struct snap *sn, const struct fpd_flow *f)
{
	struct fpd_flow *c;

	if (sn->n == sn->cap) {
		size_t cap = sn->cap ? sn->cap * 2 : 64;

		c = realloc(sn->v, cap * sizeof(*c));
		if (!c) {
			sn->oom = true;
			return;
		}
		sn->v = c;
		sn->cap = cap;
	}
	c = &sn->v[sn->n];
	*c = *f;
	if (copy_actions(c, f->actions, f->actions_len)) {
		sn->oom = true;
		return;
	}
	sn->n++;
}

static void snap_shard(struct shard *s, int dp_ifindex, struct snap *sn)
{
	struct node *n;
	size_t b;

	pthread_mutex_lock(&s->mutex);
	for (b = 0; b < s->n_buckets && !sn->oom; b++)
		for (n = s->buckets[b]; n && !sn->oom; n = n->next)
			if (!dp_ifindex || n->f.dp_ifindex == dp_ifindex)
				snap_add(sn, &n->f);
	pthread_mutex_unlock(&s->mutex);
}

struct fpd_flow *fpd_flow_table_snapshot(struct fpd_flow_table *t,
					 int dp_ifindex, size_t *n,
					 bool *oom)
{
	struct snap sn = { 0 };
	size_t i;

	for (i = 0; i < N_SHARDS && !sn.oom; i++)
		snap_shard(&t->shards[i], dp_ifindex, &sn);
	*oom = sn.oom;
	if (sn.oom) {
		fpd_flow_snapshot_free(sn.v, sn.n);
		*n = 0;
		return NULL;
	}
	*n = sn.n;
	return sn.v;
}

void fpd_flow_snapshot_free(struct fpd_flow *flows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(flows[i].actions);
	free(flows);
}

static size_t sweep_shard(struct fpd_flow_table *t, struct shard *s,
			  bool (*fn)(struct fpd_flow *f, void *arg), void *arg)
{
	size_t b, gone = 0;

	pthread_mutex_lock(&s->mutex);
	for (b = 0; b < s->n_buckets; b++) {
		struct node **p = &s->buckets[b];

		while (*p) {
			struct node *n = *p;

			if (!fn(&n->f, arg)) {
				p = &n->next;
				continue;
			}
			*p = n->next;
			free_node(n);
			s->n--;
			atomic_fetch_sub(&t->count, 1);
			gone++;
		}
	}
	pthread_mutex_unlock(&s->mutex);
	return gone;
}

void fpd_flow_table_sweep(struct fpd_flow_table *t,
			  bool (*fn)(struct fpd_flow *f, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < N_SHARDS; i++)
		sweep_shard(t, &t->shards[i], fn, arg);
}

static bool of_dp(struct fpd_flow *f, void *arg)
{
	return f->dp_ifindex == *(const int *)arg;
}

size_t fpd_flow_table_del_dp(struct fpd_flow_table *t, int dp_ifindex)
{
	size_t i, gone = 0;

	for (i = 0; i < N_SHARDS; i++)
		gone += sweep_shard(t, &t->shards[i], of_dp, &dp_ifindex);
	return gone;
}
