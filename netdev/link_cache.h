/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The links (netdevs) of this network namespace, through libnl-route-3's
 * link cache. Callers see plain snapshots (struct fp_link), never libnl
 * objects, so nothing outside netdev/ depends on libnl.
 *
 * Not thread-safe: one cache per thread, or a lock around it.
 */
#ifndef FP_LINK_CACHE_H
#define FP_LINK_CACHE_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "switch_id.h"

/* What flowpath needs to know of one link, copied out of the cache. */
struct fp_link {
	int ifindex;
	char name[IF_NAMESIZE];
	/* IFLA_PHYS_SWITCH_ID: non-empty for ports of a switchdev eswitch. */
	uint8_t switch_id[FP_SWITCH_ID_MAX];
	size_t switch_id_len;
	/* IFLA_PHYS_PORT_NAME, "" when the driver gives none. */
	char phys_port_name[IF_NAMESIZE];
};

struct fp_link_cache;

/* Opens a route netlink socket and fills a cache. 0 or -errno. */
int fp_link_cache_open(struct fp_link_cache **cache);
void fp_link_cache_close(struct fp_link_cache *cache);

/* Re-reads every link from the kernel. 0 or -errno. */
int fp_link_cache_refill(struct fp_link_cache *cache);

/* Copies the link with IFINDEX into *LINK: 0, or -ENODEV if none. */
int fp_link_cache_get(struct fp_link_cache *cache, int ifindex,
		      struct fp_link *link);

/*
 * Calls FN for each link, in no particular order, until FN returns non-zero;
 * returns that value, 0 when every link was visited, or -errno if a link
 * could not be read.
 */
typedef int (*fp_link_visit_fn)(const struct fp_link *link, void *arg);
int fp_link_cache_foreach(struct fp_link_cache *cache, fp_link_visit_fn fn,
			  void *arg);

#endif
