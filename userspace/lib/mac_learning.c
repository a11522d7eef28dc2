// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "mac_learning.h"

struct mac_entry {
	uint8_t mac[6];
	uint16_t vlan;
	uint32_t port;
	uint64_t seen_ms;
	struct mac_entry *hnext;		/* hash chain */
	struct mac_entry *older, *newer;	/* LRU list */
};

struct fp_mac_table {
	pthread_mutex_t lock;
	struct mac_entry **buckets;
	size_t n_buckets;		/* a power of two */
	size_t count;
	size_t max_entries;
	uint32_t aging_ms;
	uint64_t seed;
	uint64_t last_now;		/* latest time seen, see clamp_now() */
	struct mac_entry *oldest, *newest;
	_Atomic uint64_t generation;
};

/*
 * Source MACs come from the wire, so a fixed hash would let a sender pick
 * addresses that all land in one chain; a per-table random seed prevents
 * that.
 */
static uint64_t random_seed(void)
{
	uint64_t seed;
	struct timespec ts;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) == sizeof(seed))
		return seed;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ull ^ (uint64_t)ts.tv_sec;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static size_t bucket_of(const struct fp_mac_table *t, const uint8_t mac[6],
			uint16_t vlan)
{
	uint64_t key = vlan;

	for (int i = 0; i < 6; i++)
		key = key << 8 | mac[i];
	return (size_t)mix64(key ^ t->seed) & (t->n_buckets - 1);
}

/* At least one bucket per entry the table may hold. */
static size_t buckets_for(size_t max_entries)
{
	size_t n = 16;

	while (n < max_entries)
		n <<= 1;
	return n;
}

static void bump_generation(struct fp_mac_table *t)
{
	atomic_fetch_add_explicit(&t->generation, 1, memory_order_release);
}

/*
 * The caller's clock is monotonic, but two handler threads can read it and
 * then take the lock in the other order. Never letting time run backwards
 * keeps the LRU list sorted by last-seen time, which expiry relies on.
 */
static uint64_t clamp_now(struct fp_mac_table *t, uint64_t now_ms)
{
	if (now_ms < t->last_now)
		return t->last_now;
	t->last_now = now_ms;
	return now_ms;
}

/* now_ms comes from clamp_now(), so it is never before e->seen_ms. */
static bool is_dead(const struct fp_mac_table *t, const struct mac_entry *e,
		    uint64_t now_ms)
{
	return now_ms - e->seen_ms >= t->aging_ms;
}

static void lru_unlink(struct fp_mac_table *t, struct mac_entry *e)
{
	if (e->older)
		e->older->newer = e->newer;
	else
		t->oldest = e->newer;
	if (e->newer)
		e->newer->older = e->older;
	else
		t->newest = e->older;
	e->older = e->newer = NULL;
}

static void lru_append(struct fp_mac_table *t, struct mac_entry *e)
{
	e->older = t->newest;
	e->newer = NULL;
	if (t->newest)
		t->newest->newer = e;
	else
		t->oldest = e;
	t->newest = e;
}

static struct mac_entry *find(const struct fp_mac_table *t,
			      const uint8_t mac[6], uint16_t vlan)
{
	struct mac_entry *e = t->buckets[bucket_of(t, mac, vlan)];

	while (e && (e->vlan != vlan || memcmp(e->mac, mac, 6)))
		e = e->hnext;
	return e;
}

static void hash_insert(struct fp_mac_table *t, struct mac_entry *e)
{
	size_t b = bucket_of(t, e->mac, e->vlan);

	e->hnext = t->buckets[b];
	t->buckets[b] = e;
}

static void hash_remove(struct fp_mac_table *t, struct mac_entry *e)
{
	struct mac_entry **pp = &t->buckets[bucket_of(t, e->mac, e->vlan)];

	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
}

/* Unlinks and frees e; the caller bumps the generation. */
static void remove_entry(struct fp_mac_table *t, struct mac_entry *e)
{
	hash_remove(t, e);
	lru_unlink(t, e);
	t->count--;
	free(e);
}

static size_t evict_to(struct fp_mac_table *t, size_t limit)
{
	size_t n = 0;

	while (t->count > limit) {
		remove_entry(t, t->oldest);
		n++;
	}
	return n;
}

struct fp_mac_table *fp_mac_table_create(void)
{
	struct fp_mac_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->max_entries = FP_MAC_MAX_DEFAULT;
	t->aging_ms = FP_MAC_AGING_DEFAULT_MS;
	t->n_buckets = buckets_for(t->max_entries);
	t->buckets = calloc(t->n_buckets, sizeof(*t->buckets));
	if (!t->buckets) {
		free(t);
		return NULL;
	}
	t->seed = random_seed();
	atomic_init(&t->generation, 0);
	pthread_mutex_init(&t->lock, NULL);
	return t;
}

static size_t remove_all(struct fp_mac_table *t)
{
	return evict_to(t, 0);
}

void fp_mac_table_destroy(struct fp_mac_table *t)
{
	if (!t)
		return;
	remove_all(t);
	pthread_mutex_destroy(&t->lock);
	free(t->buckets);
	free(t);
}

int fp_mac_table_set_aging(struct fp_mac_table *t, uint32_t aging_ms)
{
	if (aging_ms == 0)
		return -EINVAL;
	pthread_mutex_lock(&t->lock);
	t->aging_ms = aging_ms;
	pthread_mutex_unlock(&t->lock);
	return 0;
}

uint32_t fp_mac_table_get_aging(struct fp_mac_table *t)
{
	uint32_t aging;

	pthread_mutex_lock(&t->lock);
	aging = t->aging_ms;
	pthread_mutex_unlock(&t->lock);
	return aging;
}

/* Rebuilds the chains in a bucket array sized for max_entries. */
static int rehash(struct fp_mac_table *t, size_t max_entries)
{
	size_t n = buckets_for(max_entries);
	struct mac_entry **buckets;

	if (n == t->n_buckets)
		return 0;
	buckets = calloc(n, sizeof(*buckets));
	if (!buckets)
		return -ENOMEM;
	free(t->buckets);
	t->buckets = buckets;
	t->n_buckets = n;
	for (struct mac_entry *e = t->oldest; e; e = e->newer)
		hash_insert(t, e);
	return 0;
}

int fp_mac_table_set_max(struct fp_mac_table *t, size_t max_entries)
{
	int err;

	if (max_entries == 0 || max_entries > FP_MAC_MAX_LIMIT)
		return -EINVAL;
	pthread_mutex_lock(&t->lock);
	/* Rehash first: if it fails, nothing has changed. */
	err = rehash(t, max_entries);
	if (!err) {
		t->max_entries = max_entries;
		if (evict_to(t, max_entries))
			bump_generation(t);
	}
	pthread_mutex_unlock(&t->lock);
	return err;
}

static bool mac_is_multicast(const uint8_t mac[6])
{
	return mac[0] & 1;
}

/* Under the lock: a new entry at the tail, evicting the oldest if full. */
static int add_entry(struct fp_mac_table *t, const uint8_t mac[6],
		     uint16_t vlan, uint32_t port, uint64_t now_ms)
{
	struct mac_entry *e = calloc(1, sizeof(*e));

	if (!e)
		return -ENOMEM;
	memcpy(e->mac, mac, 6);
	e->vlan = vlan;
	e->port = port;
	e->seen_ms = now_ms;
	evict_to(t, t->max_entries - 1);
	hash_insert(t, e);
	lru_append(t, e);
	t->count++;
	return 1;
}

int fp_mac_learn(struct fp_mac_table *t, const uint8_t mac[6], uint16_t vlan,
		 uint32_t port, uint64_t now_ms)
{
	struct mac_entry *e;
	int ret = 0;

	if (mac_is_multicast(mac) || vlan > FP_MAC_VLAN_MAX)
		return -EINVAL;
	pthread_mutex_lock(&t->lock);
	now_ms = clamp_now(t, now_ms);
	e = find(t, mac, vlan);
	if (!e) {
		ret = add_entry(t, mac, vlan, port, now_ms);
	} else {
		/* A dead entry coming back is new to every flow built since. */
		if (e->port != port || is_dead(t, e, now_ms))
			ret = 1;
		e->port = port;
		e->seen_ms = now_ms;
		lru_unlink(t, e);
		lru_append(t, e);
	}
	if (ret == 1)
		bump_generation(t);
	pthread_mutex_unlock(&t->lock);
	return ret;
}

int fp_mac_lookup(struct fp_mac_table *t, const uint8_t mac[6],
		  uint16_t vlan, uint64_t now_ms, uint32_t *port)
{
	const struct mac_entry *e;
	int ret = -ENOENT;

	pthread_mutex_lock(&t->lock);
	now_ms = clamp_now(t, now_ms);
	e = find(t, mac, vlan);
	if (e && !is_dead(t, e, now_ms)) {
		*port = e->port;
		ret = 0;
	}
	pthread_mutex_unlock(&t->lock);
	return ret;
}

size_t fp_mac_table_expire(struct fp_mac_table *t, uint64_t now_ms)
{
	size_t n = 0;

	pthread_mutex_lock(&t->lock);
	now_ms = clamp_now(t, now_ms);
	/* The list is sorted by last-seen time: stop at the first live one. */
	while (t->oldest && is_dead(t, t->oldest, now_ms)) {
		remove_entry(t, t->oldest);
		n++;
	}
	if (n)
		bump_generation(t);
	pthread_mutex_unlock(&t->lock);
	return n;
}

size_t fp_mac_table_flush_port(struct fp_mac_table *t, uint32_t port)
{
	struct mac_entry *e, *next;
	size_t n = 0;

	pthread_mutex_lock(&t->lock);
	for (e = t->oldest; e; e = next) {
		next = e->newer;
		if (e->port == port) {
			remove_entry(t, e);
			n++;
		}
	}
	if (n)
		bump_generation(t);
	pthread_mutex_unlock(&t->lock);
	return n;
}

size_t fp_mac_table_flush(struct fp_mac_table *t)
{
	size_t n;

	pthread_mutex_lock(&t->lock);
	n = remove_all(t);
	if (n)
		bump_generation(t);
	pthread_mutex_unlock(&t->lock);
	return n;
}

size_t fp_mac_table_count(struct fp_mac_table *t)
{
	size_t n;

	pthread_mutex_lock(&t->lock);
	n = t->count;
	pthread_mutex_unlock(&t->lock);
	return n;
}

uint64_t fp_mac_table_generation(const struct fp_mac_table *t)
{
	return atomic_load_explicit(&t->generation, memory_order_acquire);
}

static void fill_info(struct fp_mac_info *info, const struct mac_entry *e,
		      uint64_t now_ms)
{
	memcpy(info->mac, e->mac, 6);
	info->vlan = e->vlan;
	info->port = e->port;
	info->age_ms = now_ms - e->seen_ms;
}

int fp_mac_table_dump(struct fp_mac_table *t, uint64_t now_ms,
		      struct fp_mac_info **entries)
{
	struct fp_mac_info *out;
	int n = 0;

	pthread_mutex_lock(&t->lock);
	now_ms = clamp_now(t, now_ms);
	out = calloc(t->count ? t->count : 1, sizeof(*out));
	if (!out) {
		pthread_mutex_unlock(&t->lock);
		return -ENOMEM;
	}
	for (const struct mac_entry *e = t->oldest; e; e = e->newer)
		if (!is_dead(t, e, now_ms))
			fill_info(&out[n++], e, now_ms);
	pthread_mutex_unlock(&t->lock);
	*entries = out;
	return n;
}
