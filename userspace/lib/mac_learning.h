/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MAC learning table of one bridge: (MAC, VLAN) -> datapath port, with
 * aging and a size limit.
 *
 * Locking: one mutex inside the table guards everything but the generation
 * number, which is atomic so a revalidator can poll it without the lock.
 * Every function may be called from any thread; none calls back into the
 * caller with the lock held.
 *
 * Time: the caller passes "now" in milliseconds of a monotonic clock, so the
 * daemon uses CLOCK_MONOTONIC and tests move time by hand. An entry is
 * alive while now - last_seen < aging time. Lookups never return a dead
 * entry; fp_mac_table_expire() removes them, and is what the daemon calls
 * periodically (it bumps the generation, which makes flows built on the
 * dead entry stale).
 *
 * Order: entries are kept on one list from least to most recently seen.
 * Seeing a source again moves it to the tail; so the head is both the next
 * to age out and the one evicted when the table is full. "Seen" means
 * learned as a source: a host that only receives ages out, as in any
 * learning bridge.
 */
#ifndef FP_MAC_LEARNING_H
#define FP_MAC_LEARNING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FP_MAC_AGING_DEFAULT_MS (300u * 1000u)
#define FP_MAC_MAX_DEFAULT 2048u
#define FP_MAC_MAX_LIMIT (1u << 22)
#define FP_MAC_VLAN_MAX 4095u

struct fp_mac_table;

/* One entry as a dump shows it. */
struct fp_mac_info {
	uint8_t mac[6];
	uint16_t vlan;
	uint32_t port;		/* datapath port number */
	uint64_t age_ms;	/* since the source was last seen */
};

/* NULL when out of memory. Default aging and size limit. */
struct fp_mac_table *fp_mac_table_create(void);
void fp_mac_table_destroy(struct fp_mac_table *t);

/*
 * Aging time in ms: 0 is refused (-EINVAL). Applies to existing entries at
 * once: a shorter aging makes older entries dead, to be removed by the next
 * fp_mac_table_expire().
 */
int fp_mac_table_set_aging(struct fp_mac_table *t, uint32_t aging_ms);
uint32_t fp_mac_table_get_aging(struct fp_mac_table *t);

/*
 * Most entries the table holds, 1 to FP_MAC_MAX_LIMIT (else -EINVAL);
 * -ENOMEM leaves the table as it was. Shrinking below
 * the current count evicts the least recently seen entries now.
 */
int fp_mac_table_set_max(struct fp_mac_table *t, size_t max_entries);

/*
 * Records that mac was seen as a source in vlan on port. Returns 1 when this
 * changed forwarding (a new entry, or a move to another port; the generation
 * was bumped), 0 when it only refreshed an entry, -EINVAL for a multicast
 * MAC (never a valid source) or a VLAN above 4095, -ENOMEM.
 */
int fp_mac_learn(struct fp_mac_table *t, const uint8_t mac[6], uint16_t vlan,
		 uint32_t port, uint64_t now_ms);

/* The port mac was learned on in vlan: 0, or -ENOENT (unknown or dead). */
int fp_mac_lookup(struct fp_mac_table *t, const uint8_t mac[6],
		  uint16_t vlan, uint64_t now_ms, uint32_t *port);

/* Removes dead entries; returns how many. */
size_t fp_mac_table_expire(struct fp_mac_table *t, uint64_t now_ms);

/* Forgets the entries of one port (it was deleted), or all; how many. */
size_t fp_mac_table_flush_port(struct fp_mac_table *t, uint32_t port);
size_t fp_mac_table_flush(struct fp_mac_table *t);

/* Entries held, dead or alive. */
size_t fp_mac_table_count(struct fp_mac_table *t);

/*
 * Changes whenever forwarding may have changed: an entry learned, moved,
 * expired, evicted or flushed. A flow translated under generation g is
 * stale once this differs from g. Refreshing an entry does not change it.
 */
uint64_t fp_mac_table_generation(const struct fp_mac_table *t);

/*
 * A snapshot of the live entries, least recently seen first, in a malloc'd
 * array the caller frees. Returns the number of entries, or -ENOMEM.
 */
int fp_mac_table_dump(struct fp_mac_table *t, uint64_t now_ms,
		      struct fp_mac_info **entries);

#endif
