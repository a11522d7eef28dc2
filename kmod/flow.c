// SPDX-License-Identifier: GPL-2.0
/*
 * A flow's life and its counters.
 *
 * Counters: every flow has a shared entry (fp_flow.shared) and a slot per
 * CPU. The first CPU to credit a flow becomes the shared entry's owner and
 * writes there, uncontended; a flow that only ever sees one CPU (most of
 * them: RSS and the skb hash keep a connection on one) costs nothing more.
 * Any other CPU, on its first frame, tries to get an entry of its own
 * (GFP_NOWAIT: the packet path cannot sleep) and from then on writes
 * there; until then, or if the allocation failed, it shares the shared
 * entry under its lock. Only CPU n ever fills slot n, with BH disabled, so
 * publishing needs no atomic exchange; each entry's spinlock orders its
 * writer against readers and against CLEAR. Entries are freed with the
 * flow, after a grace period.
 *
 * The flow's memory comes from one kmem_cache sized for nr_cpu_ids slots,
 * so a million flows on a few CPUs stay around 400 bytes each.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/slab.h>

#include "actions.h"
#include "datapath.h"
#include "flow_table.h"

static struct kmem_cache *fp_flow_cache;
static struct kmem_cache *fp_flow_stats_cache;

int fp_flow_cache_init(void)
{
	size_t size = sizeof(struct fp_flow) +
		      nr_cpu_ids * sizeof(struct fp_flow_stats *);

	fp_flow_cache = kmem_cache_create("flowpath_flow", size, 0, 0, NULL);
	if (!fp_flow_cache)
		return -ENOMEM;
	fp_flow_stats_cache = kmem_cache_create("flowpath_flow_stats",
						sizeof(struct fp_flow_stats),
						0, SLAB_HWCACHE_ALIGN, NULL);
	if (!fp_flow_stats_cache) {
		kmem_cache_destroy(fp_flow_cache);
		return -ENOMEM;
	}
	return 0;
}

/* After rcu_barrier(): no flow is left, nor any free in flight. */
void fp_flow_cache_exit(void)
{
	kmem_cache_destroy(fp_flow_stats_cache);
	kmem_cache_destroy(fp_flow_cache);
}

bool fp_flow_id_is_ufid(const struct fp_flow_id *id)
{
	return id->len != 0;
}

/**
 * fp_flow_alloc - a flow not yet in any table
 * @id: its UFID, or a zero-length one
 * @unmasked: the key as given: kept when there is no UFID, since such a
 *	flow is found again by that key
 *
 * The caller sets @key, @acts; fp_flow_table_insert() sets @mask.
 */
struct fp_flow *fp_flow_alloc(const struct fp_flow_id *id,
			      const struct fp_flow_key *unmasked)
{
	struct fp_flow *flow;

	flow = kmem_cache_zalloc(fp_flow_cache, GFP_KERNEL);
	if (!flow)
		return NULL;
	flow->id = *id;
	if (!fp_flow_id_is_ufid(id)) {
		flow->unmasked = kmemdup(unmasked, sizeof(*unmasked),
					 GFP_KERNEL);
		if (!flow->unmasked) {
			kmem_cache_free(fp_flow_cache, flow);
			return NULL;
		}
	}
	flow->shared_owner = -1;
	spin_lock_init(&flow->shared.lock);
	return flow;
}

/* Frees @flow and what it owns. Nobody may be reading it. */
void fp_flow_free(struct fp_flow *flow)
{
	struct fp_actions *acts = rcu_dereference_protected(flow->acts, true);
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct fp_flow_stats *s;

		s = rcu_dereference_protected(flow->stats[cpu], true);
		if (s)
			kmem_cache_free(fp_flow_stats_cache, s);
	}
	if (acts)
		fp_actions_free(acts);
	kfree(flow->unmasked);
	kmem_cache_free(fp_flow_cache, flow);
}

static void fp_flow_free_rcu_cb(struct rcu_head *head)
{
	fp_flow_free(container_of(head, struct fp_flow, rcu));
}

/* Frees @flow once the packet path is done with it. */
void fp_flow_free_rcu(struct fp_flow *flow)
{
	call_rcu(&flow->rcu, fp_flow_free_rcu_cb);
}

const struct fp_actions *fp_flow_actions(const struct fp_flow *flow)
{
	return rcu_dereference(flow->acts);
}

static void fp_flow_stats_add(struct fp_flow_stats *s, unsigned int len,
			      __be16 tcp_flags)
{
	spin_lock(&s->lock);
	s->packets++;
	s->bytes += len;
	s->used = jiffies;
	s->tcp_flags |= tcp_flags;
	spin_unlock(&s->lock);
}

/* This CPU's own entry, made on its first frame if memory allows. */
static struct fp_flow_stats *fp_flow_stats_mine(struct fp_flow *flow,
						unsigned int cpu)
{
	struct fp_flow_stats *s = rcu_dereference(flow->stats[cpu]);

	if (likely(s))
		return s;
	s = kmem_cache_zalloc(fp_flow_stats_cache, GFP_NOWAIT | __GFP_NOWARN);
	if (!s)
		return NULL;
	spin_lock_init(&s->lock);
	rcu_assign_pointer(flow->stats[cpu], s);
	return s;
}

/* Whether this CPU owns the shared entry, claiming it if nobody does. */
static bool fp_flow_stats_owns_shared(struct fp_flow *flow, int cpu)
{
	int owner = READ_ONCE(flow->shared_owner);

	if (owner == cpu)
		return true;
	return owner == -1 && cmpxchg(&flow->shared_owner, -1, cpu) == -1;
}

void fp_flow_stats_credit(struct fp_flow *flow, unsigned int len,
			  __be16 tcp_flags)
{
	int cpu = smp_processor_id();
	struct fp_flow_stats *s = NULL;

	if (!fp_flow_stats_owns_shared(flow, cpu))
		s = fp_flow_stats_mine(flow, cpu);
	fp_flow_stats_add(s ?: &flow->shared, len, tcp_flags);
}

static void fp_flow_stats_fold(struct fp_flow_stats *s,
			       struct fp_flow_stats_sum *sum)
{
	spin_lock_bh(&s->lock);
	sum->packets += s->packets;
	sum->bytes += s->bytes;
	if (s->used && (!sum->used || time_after(s->used, sum->used)))
		sum->used = s->used;
	sum->tcp_flags |= s->tcp_flags;
	spin_unlock_bh(&s->lock);
}

/* fp_mutex or RCU read side. */
void fp_flow_stats_read(const struct fp_flow *flow,
			struct fp_flow_stats_sum *sum)
{
	struct fp_flow *f = (struct fp_flow *)flow;	/* the locks only */
	unsigned int cpu;

	memset(sum, 0, sizeof(*sum));
	fp_flow_stats_fold(&f->shared, sum);
	for_each_possible_cpu(cpu) {
		struct fp_flow_stats *s = rcu_dereference_check(f->stats[cpu],
							fp_lockdep_held());

		if (s)
			fp_flow_stats_fold(s, sum);
	}
}

static void fp_flow_stats_zero(struct fp_flow_stats *s)
{
	spin_lock_bh(&s->lock);
	s->packets = 0;
	s->bytes = 0;
	s->used = 0;
	s->tcp_flags = 0;
	spin_unlock_bh(&s->lock);
}

/* OVS_FLOW_ATTR_CLEAR. fp_mutex held. */
void fp_flow_stats_clear(struct fp_flow *flow)
{
	unsigned int cpu;

	fp_flow_stats_zero(&flow->shared);
	for_each_possible_cpu(cpu) {
		struct fp_flow_stats *s = fp_deref(flow->stats[cpu]);

		if (s)
			fp_flow_stats_zero(s);
	}
}
