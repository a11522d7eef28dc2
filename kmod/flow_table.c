// SPDX-License-Identifier: GPL-2.0
/*
 * A datapath's flow table: megaflows found by masked key, and by UFID.
 *
 * Shape. Every distinct mask is a struct fp_flow_mask in a mask array; a
 * frame is looked up by applying each mask in turn to its key and looking
 * the result up in one hash of all flows (by masked key; a hit must also
 * have that mask). A per-CPU cache indexed by the skb hash remembers which
 * mask answered last for that hash, so most frames of a connection try one
 * mask. UFID flows are also in a second hash, by UFID; flows without one
 * (ovs-dpctl's) keep their unmasked key and are found by it.
 *
 * The two hashes resize with their flow count: doubled when there are more
 * flows than buckets, halved when there are fewer than a quarter. A flow
 * has two links per hash, so a resize builds the new instance on the links
 * the current one does not use while readers keep walking the current one,
 * then publishes it. The links of an instance retired by a resize are
 * reused by the next resize only after a grace period (cond_synchronize_rcu
 * on the cookie taken at retirement), so no reader is ever walking a chain
 * that is being rebuilt.
 *
 * DOC: Locking
 *
 * Every change - insert, remove, flush, actions replaced, cache resized,
 * table destroyed - is made under fp_mutex; control-side readers (flow
 * requests, dumps, stats) hold it too. The packet path takes no lock: it
 * reads the mask array, the cache and the hash instances under RCU with BH
 * disabled. Writers publish with rcu_assign_pointer()/hlist_add_head_rcu()
 * and free flows, masks, arrays, instances and caches after a grace period.
 * The per-CPU cache entries are written by the packet path of their own
 * CPU only; a stale entry is just a wrong guess, checked like any other.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "compat.h"
#include "datapath.h"
#include "flow_table.h"

#define FP_HASH_MIN_BUCKETS	1024
#define FP_HASH_MAX_BUCKETS	(1U << 22)
#define FP_MASKS_MIN		16

/* One instance of a resizable hash: its buckets chain fp_hnode.link[ver]. */
struct fp_htable {
	struct rcu_head rcu;
	u32 n_buckets;			/* a power of two */
	u8 ver;
	struct hlist_head *buckets;
};

struct fp_hash {
	struct fp_htable __rcu *inst;
	u32 count;
	unsigned long retired;		/* RCU cookie of the last resize */
};

struct fp_mask_array {
	struct rcu_head rcu;
	u32 max;
	u32 count;
	struct fp_flow_mask __rcu *masks[];
};

struct fp_mask_cache_entry {
	u32 skb_hash;
	u32 mask_index;
};

static_assert(sizeof(struct fp_mask_cache_entry) == FP_MASK_CACHE_ENTRY_SIZE);

struct fp_mask_cache {
	struct rcu_head rcu;
	u32 size;			/* 0: no cache */
	struct fp_mask_cache_entry __percpu *entries;
};

struct fp_flow_table {
	struct rcu_head rcu;
	struct fp_hash by_key;
	struct fp_hash by_ufid;
	struct fp_mask_array __rcu *masks;
	struct fp_mask_cache __rcu *cache;
	u32 seed;
};

/* Reader-side dereference: the packet path (RCU) or fp_mutex holders. */
#define fp_tbl_deref(p)	rcu_dereference_check(p, fp_lockdep_held())

/* ---- keys ---- */

void fp_flow_key_mask(struct fp_flow_key *dst, const struct fp_flow_key *src,
		      const struct fp_flow_key *mask)
{
	const unsigned long *s = (const unsigned long *)src;
	const unsigned long *m = (const unsigned long *)mask;
	unsigned long *d = (unsigned long *)dst;
	size_t i;

	for (i = 0; i < sizeof(*dst) / sizeof(long); i++)
		d[i] = s[i] & m[i];
}

/* @dst = @src & @mask over the mask's range only (the rest is not read). */
static void fp_key_mask_range(struct fp_flow_key *dst,
			      const struct fp_flow_key *src,
			      const struct fp_flow_mask *mask)
{
	const unsigned long *s = (const unsigned long *)src;
	const unsigned long *m = (const unsigned long *)&mask->key;
	unsigned long *d = (unsigned long *)dst;
	size_t i;

	for (i = mask->start / sizeof(long); i < mask->end / sizeof(long); i++)
		d[i] = s[i] & m[i];
}

static u32 fp_key_hash(const struct fp_flow_key *key,
		       const struct fp_flow_mask *mask, u32 seed)
{
	const u32 *w = (const u32 *)((const u8 *)key + mask->start);

	return jhash2(w, (mask->end - mask->start) / sizeof(u32), seed);
}

static bool fp_key_equal_range(const struct fp_flow_key *a,
			       const struct fp_flow_key *b,
			       const struct fp_flow_mask *mask)
{
	const unsigned long *x = (const unsigned long *)a;
	const unsigned long *y = (const unsigned long *)b;
	unsigned long diff = 0;
	size_t i;

	for (i = mask->start / sizeof(long); i < mask->end / sizeof(long); i++)
		diff |= x[i] ^ y[i];
	return !diff;
}

static u32 fp_ufid_hash(const struct fp_flow_id *id, u32 seed)
{
	return jhash(id->ufid, id->len, seed);
}

/* ---- resizable hashes ---- */

static struct fp_htable *fp_htable_alloc(u32 n_buckets, u8 ver)
{
	struct fp_htable *ti = kmalloc(sizeof(*ti), GFP_KERNEL);

	if (!ti)
		return NULL;
	/* All-zero hlist_heads are empty ones. */
	ti->buckets = kvcalloc(n_buckets, sizeof(*ti->buckets), GFP_KERNEL);
	if (!ti->buckets) {
		kfree(ti);
		return NULL;
	}
	ti->n_buckets = n_buckets;
	ti->ver = ver;
	return ti;
}

static void fp_htable_free(struct fp_htable *ti)
{
	kvfree(ti->buckets);
	kfree(ti);
}

static void fp_htable_free_rcu_cb(struct rcu_head *head)
{
	fp_htable_free(container_of(head, struct fp_htable, rcu));
}

static struct hlist_head *fp_htable_bucket(const struct fp_htable *ti, u32 hash)
{
	return &ti->buckets[hash & (ti->n_buckets - 1)];
}

/* The fp_hnode whose link[@ver] is @pos. */
static struct fp_hnode *fp_hnode_of(struct hlist_node *pos, u8 ver)
{
	return container_of(pos - ver, struct fp_hnode, link[0]);
}

static int fp_hash_init(struct fp_hash *h)
{
	struct fp_htable *ti = fp_htable_alloc(FP_HASH_MIN_BUCKETS, 0);

	if (!ti)
		return -ENOMEM;
	RCU_INIT_POINTER(h->inst, ti);
	h->count = 0;
	h->retired = get_state_synchronize_rcu();
	return 0;
}

/*
 * Moves every entry to a new instance of @n_buckets. If memory is short
 * the old instance stays: chains get longer, nothing fails.
 */
static void fp_hash_resize(struct fp_hash *h, u32 n_buckets)
{
	struct fp_htable *old = fp_deref(h->inst);
	struct fp_htable *new;
	u32 i;

	new = fp_htable_alloc(n_buckets, !old->ver);
	if (!new)
		return;
	/* Readers of the instance that last used new->ver must be gone. */
	cond_synchronize_rcu(h->retired);
	for (i = 0; i < old->n_buckets; i++) {
		struct hlist_node *pos;

		hlist_for_each(pos, &old->buckets[i]) {
			struct fp_hnode *hn = fp_hnode_of(pos, old->ver);

			hlist_add_head_rcu(&hn->link[new->ver],
					   fp_htable_bucket(new, hn->hash));
		}
	}
	rcu_assign_pointer(h->inst, new);
	h->retired = get_state_synchronize_rcu();
	call_rcu(&old->rcu, fp_htable_free_rcu_cb);
}

static void fp_hash_add(struct fp_hash *h, struct fp_hnode *hn)
{
	struct fp_htable *ti = fp_deref(h->inst);

	hlist_add_head_rcu(&hn->link[ti->ver], fp_htable_bucket(ti, hn->hash));
	h->count++;
	if (h->count > ti->n_buckets && ti->n_buckets < FP_HASH_MAX_BUCKETS)
		fp_hash_resize(h, ti->n_buckets * 2);
}

static void fp_hash_del(struct fp_hash *h, struct fp_hnode *hn)
{
	struct fp_htable *ti = fp_deref(h->inst);

	hlist_del_rcu(&hn->link[ti->ver]);
	h->count--;
	if (ti->n_buckets > FP_HASH_MIN_BUCKETS && h->count < ti->n_buckets / 4)
		fp_hash_resize(h, ti->n_buckets / 2);
}

/* Swaps in an empty instance; returns the old one for the caller to free. */
static struct fp_htable *fp_hash_reset(struct fp_hash *h,
				       struct fp_htable *empty)
{
	struct fp_htable *old = fp_deref(h->inst);

	rcu_assign_pointer(h->inst, empty);
	h->count = 0;
	h->retired = get_state_synchronize_rcu();
	return old;
}

/* ---- masks ---- */

static struct fp_mask_array *fp_mask_array_alloc(u32 max)
{
	struct fp_mask_array *ma;

	ma = kzalloc(struct_size(ma, masks, max), GFP_KERNEL);
	if (ma)
		ma->max = max;
	return ma;
}

/* The byte range of @mask's non-zero part, widened to whole longs. */
static void fp_key_range(const struct fp_flow_key *mask, u16 *start, u16 *end)
{
	const u8 *b = (const u8 *)mask;
	size_t first = 0, last = sizeof(*mask);

	while (first < sizeof(*mask) && !b[first])
		first++;
	while (last > first && !b[last - 1])
		last--;
	*start = rounddown(first, sizeof(long));
	*end = roundup(last, sizeof(long));
}

bool fp_flow_key_equal_in(const struct fp_flow_key *a,
			  const struct fp_flow_key *b,
			  const struct fp_flow_key *mask)
{
	u16 start, end;

	fp_key_range(mask, &start, &end);
	return !memcmp((const u8 *)a + start, (const u8 *)b + start,
		       end - start);
}

static struct fp_flow_mask *fp_mask_find(const struct fp_mask_array *ma,
					 const struct fp_flow_key *key)
{
	u32 i;

	for (i = 0; i < ma->count; i++) {
		struct fp_flow_mask *m = fp_deref(ma->masks[i]);

		if (!memcmp(&m->key, key, sizeof(*key)))
			return m;
	}
	return NULL;
}

/* Room for one more mask in @table's array, growing it if it is full. */
static int fp_mask_array_make_room(struct fp_flow_table *table)
{
	struct fp_mask_array *old = fp_deref(table->masks);
	struct fp_mask_array *new;
	u32 i;

	if (old->count < old->max)
		return 0;
	new = fp_mask_array_alloc(old->max * 2);
	if (!new)
		return -ENOMEM;
	for (i = 0; i < old->count; i++)
		RCU_INIT_POINTER(new->masks[i], fp_deref(old->masks[i]));
	new->count = old->count;
	rcu_assign_pointer(table->masks, new);
	kfree_rcu(old, rcu);
	return 0;
}

/* The table's mask equal to @key, made if there is none; one more user. */
static struct fp_flow_mask *fp_mask_get(struct fp_flow_table *table,
					const struct fp_flow_key *key)
{
	struct fp_mask_array *ma = fp_deref(table->masks);
	struct fp_flow_mask *m = fp_mask_find(ma, key);
	int err;

	if (m) {
		m->users++;
		return m;
	}
	err = fp_mask_array_make_room(table);
	if (err)
		return ERR_PTR(err);
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->key = *key;
	m->users = 1;
	fp_key_range(&m->key, &m->start, &m->end);

	ma = fp_deref(table->masks);
	rcu_assign_pointer(ma->masks[ma->count], m);
	/* Readers bound their walk by count: the slot is filled first. */
	smp_store_release(&ma->count, ma->count + 1);
	return m;
}

/*
 * One user fewer; the last one takes the mask out. The last mask moves
 * into its slot: a reader walking the array meanwhile may miss that mask
 * for one frame (a miss upcall, never a wrong hit).
 */
static void fp_mask_put(struct fp_flow_table *table, struct fp_flow_mask *m)
{
	struct fp_mask_array *ma = fp_deref(table->masks);
	u32 i, last;

	if (--m->users)
		return;
	last = ma->count - 1;
	for (i = 0; i < ma->count; i++)
		if (fp_deref(ma->masks[i]) == m)
			break;
	if (WARN_ON_ONCE(i == ma->count))
		return;
	rcu_assign_pointer(ma->masks[i], fp_deref(ma->masks[last]));
	/* The moved mask is in its new slot before the count drops. */
	smp_store_release(&ma->count, last);
	RCU_INIT_POINTER(ma->masks[last], NULL);
	kfree_rcu(m, rcu);
}

/* ---- the mask cache ---- */

static struct fp_mask_cache *fp_mask_cache_alloc(u32 size)
{
	struct fp_mask_cache *mc = kzalloc(sizeof(*mc), GFP_KERNEL);

	if (!mc)
		return NULL;
	mc->size = size;
	if (!size)
		return mc;
	mc->entries = __alloc_percpu(size * sizeof(*mc->entries),
				     __alignof__(*mc->entries));
	if (!mc->entries) {
		kfree(mc);
		return NULL;
	}
	return mc;
}

static void fp_mask_cache_free(struct fp_mask_cache *mc)
{
	free_percpu(mc->entries);
	kfree(mc);
}

static void fp_mask_cache_free_rcu_cb(struct rcu_head *head)
{
	fp_mask_cache_free(container_of(head, struct fp_mask_cache, rcu));
}

/**
 * fp_flow_table_set_cache_size - OVS_DP_ATTR_MASKS_CACHE_SIZE
 * @table: the datapath's table
 * @size: entries per CPU: 0 (no cache) or a power of two, at most
 *	FP_MASK_CACHE_MAX (the attribute's policy checked that bound)
 * @extack: why @size was refused
 *
 * fp_mutex held. The new cache starts empty.
 */
int fp_flow_table_set_cache_size(struct fp_flow_table *table, u32 size,
				 struct netlink_ext_ack *extack)
{
	struct fp_mask_cache *old = fp_deref(table->cache);
	struct fp_mask_cache *mc;

	if (size == old->size)
		return 0;
	if ((size && !is_power_of_2(size)) || size > FP_MASK_CACHE_MAX) {
		FP_SET_ERR_MSG_FMT(extack,
				   "OVS_DP_ATTR_MASKS_CACHE_SIZE: must be 0 or a power of two",
				   "OVS_DP_ATTR_MASKS_CACHE_SIZE: %u: not 0 or a power of 2 <= %lu",
				   size, (unsigned long)FP_MASK_CACHE_MAX);
		return -EINVAL;
	}
	mc = fp_mask_cache_alloc(size);
	if (!mc)
		return -ENOMEM;
	rcu_assign_pointer(table->cache, mc);
	call_rcu(&old->rcu, fp_mask_cache_free_rcu_cb);
	return 0;
}

/* ---- life ---- */

struct fp_flow_table *fp_flow_table_new(void)
{
	struct fp_flow_table *table = kzalloc(sizeof(*table), GFP_KERNEL);
	struct fp_mask_array *ma;
	struct fp_mask_cache *mc;

	if (!table)
		return NULL;
	table->seed = get_random_u32();
	ma = fp_mask_array_alloc(FP_MASKS_MIN);
	if (!ma)
		goto err_free_table;
	mc = fp_mask_cache_alloc(FP_MASK_CACHE_DEFAULT);
	if (!mc)
		goto err_free_masks;
	if (fp_hash_init(&table->by_key))
		goto err_free_cache;
	if (fp_hash_init(&table->by_ufid))
		goto err_free_by_key;
	RCU_INIT_POINTER(table->masks, ma);
	RCU_INIT_POINTER(table->cache, mc);
	return table;

err_free_by_key:
	fp_htable_free(rcu_dereference_protected(table->by_key.inst, true));
err_free_cache:
	fp_mask_cache_free(mc);
err_free_masks:
	kfree(ma);
err_free_table:
	kfree(table);
	return NULL;
}

/* Frees (after a grace period) every flow of @by_key and every mask. */
static void fp_flow_table_free_contents(struct fp_htable *by_key,
					struct fp_mask_array *ma)
{
	struct hlist_node *pos, *next;
	u32 i;

	for (i = 0; i < by_key->n_buckets; i++) {
		hlist_for_each_safe(pos, next, &by_key->buckets[i]) {
			struct fp_hnode *hn = fp_hnode_of(pos, by_key->ver);

			fp_flow_free_rcu(container_of(hn, struct fp_flow,
						      by_key));
		}
	}
	for (i = 0; i < ma->count; i++)
		kfree_rcu(fp_deref(ma->masks[i]), rcu);
	kfree_rcu(ma, rcu);
}

/*
 * Removes every flow (OVS_FLOW_CMD_DEL without KEY or UFID). Readers may
 * still be on the old instances; everything goes after a grace period.
 */
int fp_flow_table_flush(struct fp_flow_table *table)
{
	struct fp_htable *key_ti, *ufid_ti, *old;
	struct fp_mask_array *ma;

	key_ti = fp_htable_alloc(FP_HASH_MIN_BUCKETS, 0);
	ufid_ti = fp_htable_alloc(FP_HASH_MIN_BUCKETS, 0);
	ma = fp_mask_array_alloc(FP_MASKS_MIN);
	if (!key_ti || !ufid_ti || !ma) {
		kfree(ma);
		if (ufid_ti)
			fp_htable_free(ufid_ti);
		if (key_ti)
			fp_htable_free(key_ti);
		return -ENOMEM;
	}
	/* Both resets happen before any reader could see a freed flow. */
	old = fp_hash_reset(&table->by_ufid, ufid_ti);
	call_rcu(&old->rcu, fp_htable_free_rcu_cb);
	old = fp_hash_reset(&table->by_key, key_ti);
	ma = rcu_replace_pointer(table->masks, ma, fp_lockdep_held());
	fp_flow_table_free_contents(old, ma);
	call_rcu(&old->rcu, fp_htable_free_rcu_cb);
	return 0;
}

/* The datapath is going; no port feeds it any more. fp_mutex held. */
void fp_flow_table_destroy(struct fp_flow_table *table)
{
	struct fp_htable *key_ti = fp_deref(table->by_key.inst);
	struct fp_htable *ufid_ti = fp_deref(table->by_ufid.inst);
	struct fp_mask_cache *mc = fp_deref(table->cache);

	fp_flow_table_free_contents(key_ti, fp_deref(table->masks));
	call_rcu(&key_ti->rcu, fp_htable_free_rcu_cb);
	call_rcu(&ufid_ti->rcu, fp_htable_free_rcu_cb);
	call_rcu(&mc->rcu, fp_mask_cache_free_rcu_cb);
	kfree_rcu(table, rcu);
}

void fp_flow_table_get_info(const struct fp_flow_table *table,
			    struct fp_flow_table_info *info)
{
	info->n_flows = table->by_key.count;
	info->n_masks = READ_ONCE(fp_deref(table->masks)->count);
	info->cache_size = fp_deref(table->cache)->size;
}

/* ---- lookups ---- */

/* The flow with @mask matching @key in the instance @ti, if any. */
static struct fp_flow *fp_lookup_mask(const struct fp_flow_table *table,
				      const struct fp_htable *ti,
				      const struct fp_flow_key *key,
				      const struct fp_flow_mask *mask)
{
	struct fp_flow_key masked;
	struct hlist_node *pos;
	u32 hash;

	fp_key_mask_range(&masked, key, mask);
	hash = fp_key_hash(&masked, mask, table->seed);
	__hlist_for_each_rcu(pos, fp_htable_bucket(ti, hash)) {
		struct fp_hnode *hn = fp_hnode_of(pos, ti->ver);
		struct fp_flow *flow = container_of(hn, struct fp_flow, by_key);

		if (hn->hash == hash && flow->mask == mask &&
		    fp_key_equal_range(&flow->key, &masked, mask))
			return flow;
	}
	return NULL;
}

/* Every mask in turn; *@index is the one that matched. */
static struct fp_flow *fp_lookup_scan(const struct fp_flow_table *table,
				      const struct fp_htable *ti,
				      const struct fp_flow_key *key,
				      u32 *n_mask_hit, u32 *index)
{
	const struct fp_mask_array *ma = fp_tbl_deref(table->masks);
	/* Pairs with fp_mask_get()'s release: slots below count are filled. */
	u32 i, count = smp_load_acquire(&ma->count);

	for (i = 0; i < count; i++) {
		const struct fp_flow_mask *mask = fp_tbl_deref(ma->masks[i]);
		struct fp_flow *flow;

		if (unlikely(!mask))
			continue;
		(*n_mask_hit)++;
		flow = fp_lookup_mask(table, ti, key, mask);
		if (flow) {
			*index = i;
			return flow;
		}
	}
	return NULL;
}

/* The mask the cache remembers for this entry, if it is still there. */
static const struct fp_flow_mask *
fp_cache_mask(const struct fp_flow_table *table,
	      const struct fp_mask_cache_entry *e)
{
	const struct fp_mask_array *ma = rcu_dereference(table->masks);

	/* As in fp_lookup_scan(): slots below count are filled. */
	if (e->mask_index >= smp_load_acquire(&ma->count))
		return NULL;
	return rcu_dereference(ma->masks[e->mask_index]);
}

struct fp_flow *fp_flow_table_lookup(struct fp_flow_table *table,
				     const struct fp_flow_key *key,
				     u32 skb_hash, u32 *n_mask_hit,
				     u32 *n_cache_hit)
{
	const struct fp_htable *ti = rcu_dereference(table->by_key.inst);
	const struct fp_mask_cache *mc = rcu_dereference(table->cache);
	const struct fp_flow_mask *mask;
	struct fp_mask_cache_entry *e;
	struct fp_flow *flow;
	u32 index;

	*n_mask_hit = 0;
	*n_cache_hit = 0;
	if (!skb_hash || !mc->size)
		return fp_lookup_scan(table, ti, key, n_mask_hit, &index);

	e = this_cpu_ptr(mc->entries) + (skb_hash & (mc->size - 1));
	if (e->skb_hash == skb_hash) {
		mask = fp_cache_mask(table, e);
		if (mask) {
			(*n_mask_hit)++;
			flow = fp_lookup_mask(table, ti, key, mask);
			if (flow) {
				(*n_cache_hit)++;
				return flow;
			}
		}
	}
	flow = fp_lookup_scan(table, ti, key, n_mask_hit, &index);
	if (flow) {
		e->skb_hash = skb_hash;
		e->mask_index = index;
	}
	return flow;
}

/* Any flow @key would hit, as a frame would. fp_mutex held. */
struct fp_flow *fp_flow_table_find(struct fp_flow_table *table,
				   const struct fp_flow_key *key)
{
	u32 n_mask_hit = 0, index;
	struct fp_flow *flow;

	rcu_read_lock();
	flow = fp_lookup_scan(table, fp_deref(table->by_key.inst), key,
			      &n_mask_hit, &index);
	rcu_read_unlock();
	return flow;
}

/* The UFID flow named @id. fp_mutex held. */
struct fp_flow *fp_flow_table_find_ufid(struct fp_flow_table *table,
					const struct fp_flow_id *id)
{
	const struct fp_htable *ti = fp_deref(table->by_ufid.inst);
	u32 hash = fp_ufid_hash(id, table->seed);
	struct hlist_node *pos;

	hlist_for_each(pos, fp_htable_bucket(ti, hash)) {
		struct fp_hnode *hn = fp_hnode_of(pos, ti->ver);
		struct fp_flow *flow = container_of(hn, struct fp_flow, by_ufid);

		if (hn->hash == hash && flow->id.len == id->len &&
		    !memcmp(flow->id.ufid, id->ufid, id->len))
			return flow;
	}
	return NULL;
}

/*
 * The flow without UFID that was added with exactly @unmasked (what
 * ovs-dpctl names a flow by). Under each mask, the flow @unmasked hits is
 * the only candidate. fp_mutex held.
 */
struct fp_flow *fp_flow_table_find_exact(struct fp_flow_table *table,
					 const struct fp_flow_key *unmasked)
{
	const struct fp_htable *ti = fp_deref(table->by_key.inst);
	const struct fp_mask_array *ma = fp_deref(table->masks);
	struct fp_flow *flow = NULL;
	u32 i;

	rcu_read_lock();	/* fp_lookup_mask() is the packet path's */
	for (i = 0; i < ma->count; i++) {
		flow = fp_lookup_mask(table, ti, unmasked,
				      fp_deref(ma->masks[i]));
		if (flow && flow->unmasked &&
		    !memcmp(flow->unmasked, unmasked, sizeof(*unmasked)))
			break;
		flow = NULL;
	}
	rcu_read_unlock();
	return flow;
}

/* ---- changes ---- */

/**
 * fp_flow_table_insert - add a flow
 * @table: the datapath's table
 * @flow: from fp_flow_alloc(), its key already masked with @mask
 * @mask: its mask (shared with other flows that have the same one)
 *
 * The caller checked that no flow overlaps. Fails only with -ENOMEM, and
 * then changes nothing. fp_mutex held.
 */
int fp_flow_table_insert(struct fp_flow_table *table, struct fp_flow *flow,
			 const struct fp_flow_key *mask)
{
	struct fp_flow_mask *m = fp_mask_get(table, mask);

	if (IS_ERR(m))
		return PTR_ERR(m);
	flow->mask = m;
	flow->by_key.hash = fp_key_hash(&flow->key, m, table->seed);
	fp_hash_add(&table->by_key, &flow->by_key);
	if (fp_flow_id_is_ufid(&flow->id)) {
		flow->by_ufid.hash = fp_ufid_hash(&flow->id, table->seed);
		fp_hash_add(&table->by_ufid, &flow->by_ufid);
	}
	return 0;
}

/* Takes @flow out; the caller frees it with fp_flow_free_rcu(). */
void fp_flow_table_remove(struct fp_flow_table *table, struct fp_flow *flow)
{
	fp_hash_del(&table->by_key, &flow->by_key);
	if (fp_flow_id_is_ufid(&flow->id))
		fp_hash_del(&table->by_ufid, &flow->by_ufid);
	fp_mask_put(table, flow->mask);
}

/**
 * fp_flow_table_dump_next - the flow after a dump's position
 * @table: the table
 * @bucket: bucket of the masked-key hash the dump is in
 * @skip: flows of that bucket already dumped
 *
 * Advances the position past the flow returned; NULL at the end. A resize
 * between two calls may make a dump repeat or miss flows, as with
 * openvswitch.ko. fp_mutex held.
 */
struct fp_flow *fp_flow_table_dump_next(struct fp_flow_table *table,
					u32 *bucket, u32 *skip)
{
	const struct fp_htable *ti = fp_deref(table->by_key.inst);

	for (; *bucket < ti->n_buckets; (*bucket)++, *skip = 0) {
		struct hlist_node *pos;
		u32 n = 0;

		hlist_for_each(pos, &ti->buckets[*bucket]) {
			if (n++ < *skip)
				continue;
			(*skip)++;
			return container_of(fp_hnode_of(pos, ti->ver),
					    struct fp_flow, by_key);
		}
	}
	return NULL;
}
