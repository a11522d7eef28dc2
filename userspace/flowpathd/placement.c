// SPDX-License-Identifier: GPL-2.0
/* Placement of megaflows in tc (see placement.h). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <linux/pkt_cls.h>

#include "bridge.h"
#include "link_features.h"
#include "link_sysfs.h"
#include "log.h"
#include "placement.h"
#include "tc_nl.h"
#include "tc_xlate.h"

/* ---- ports ---- */

void fpd_port_place_probe(const char *name, bool internal,
			  enum fpd_policy policy, struct fpd_port_place *pp)
{
	uint8_t id[FP_SWITCH_ID_MAX];
	size_t len = 0;
	bool on = false;

	memset(pp, 0, sizeof(*pp));
	pp->internal = internal;
	pp->policy = policy;
	pp->ifindex = (int)if_nametoindex(name);
	if (!pp->ifindex) {
		snprintf(pp->why_not, sizeof(pp->why_not), "no link %s", name);
		return;
	}
	/* Offload is for switch ports: the eswitch holds what tc gives it. */
	if (fp_link_sysfs_switch_id(name, pp->ifindex, id, &len) || !len) {
		snprintf(pp->why_not, sizeof(pp->why_not),
			 "%s is not a switchdev port (no phys_switch_id)", name);
		return;
	}
	if (fp_netdev_feature_get(name, FP_FEATURE_HW_TC, &on) || !on) {
		snprintf(pp->why_not, sizeof(pp->why_not),
			 "%s has hw-tc-offload off (ethtool -K %s hw-tc-offload on)",
			 name, name);
		return;
	}
	pp->can_offload = true;
}

/* The place of datapath port port_no in br (br->lock held), or NULL. */
static const struct fpd_port_place *place_of(const struct fpd_bridge *br,
					     uint32_t port_no)
{
	size_t i;

	for (i = 0; i < br->n_ports; i++)
		if (br->ports[i].odp_port == port_no)
			return &br->place[i];
	return NULL;
}

enum fpd_policy fpd_port_policy(struct fpd *d, struct fpd_bridge *br,
				uint32_t in_port)
{
	const struct fpd_port_place *pp = place_of(br, in_port);

	return fpd_policy_effective(atomic_load(&d->policy),
				    pp ? pp->policy : FPD_POLICY_DEFAULT);
}

static bool lookup_port(uint32_t odp_port, struct tc_port *p, void *arg)
{
	const struct fpd_port_place *pp = place_of(arg, odp_port);

	if (!pp || !pp->ifindex)
		return false;
	p->ifindex = pp->ifindex;
	p->internal = pp->internal;
	return true;
}

bool fpd_place_port_of(struct fpd_bridge *br, int ifindex, uint32_t *odp_port)
{
	size_t i;

	for (i = 0; i < br->n_ports; i++) {
		if (br->place[i].ifindex == ifindex) {
			*odp_port = br->ports[i].odp_port;
			return true;
		}
	}
	return false;
}

bool fpd_place_same_acts(struct fpd_bridge *br, const struct fpd_flow *rec,
			 const struct tc_flower *f)
{
	char why[TC_XLATE_WHY_LEN];
	struct tc_flower g;
	size_t i;

	memset(&g, 0, sizeof(g));
	if (tc_xlate_actions(rec->actions, rec->actions_len, &rec->key,
			     lookup_port, br, &g, why, sizeof(why)) ||
	    g.n_acts != f->n_acts)
		return false;
	for (i = 0; i < g.n_acts; i++)
		if (!tc_act_same(&g.acts[i], &f->acts[i]))
			return false;
	return true;
}

/* ---- priorities ---- */

/*
 * Flower wants one protocol per priority and drivers one mask: a
 * priority per (protocol, mask), from a hash so that a restarted daemon
 * finds the priorities its predecessor used; a clash moves on.
 */
#define PRIO_SLOTS 4096
#define PRIO_BASE 1000

static pthread_mutex_t prio_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t prio_owner[PRIO_SLOTS];	/* 0: free; else the hash */

static uint64_t mask_hash(const struct tc_flower *f)
{
	const uint8_t *p = (const uint8_t *)&f->mask;
	uint64_t h = 0xcbf29ce484222325ULL ^ f->protocol;
	size_t i;

	for (i = 0; i < sizeof(f->mask); i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h | 1;
}

static uint16_t prio_for(const struct tc_flower *f)
{
	uint64_t h = mask_hash(f);
	size_t slot = h % PRIO_SLOTS, n;

	pthread_mutex_lock(&prio_lock);
	for (n = 0; n < PRIO_SLOTS; n++, slot = (slot + 1) % PRIO_SLOTS) {
		if (!prio_owner[slot])
			prio_owner[slot] = h;
		if (prio_owner[slot] == h)
			break;
	}
	pthread_mutex_unlock(&prio_lock);
	return (uint16_t)(PRIO_BASE + slot);
}

/* ---- the placer ---- */

int fpd_placer_init(struct fpd_placer *pl)
{
	memset(pl, 0, sizeof(*pl));
	pl->tc_ok = !tc_client_init(&pl->tc);
	return pl->tc_ok ? 0 : -EIO;
}

void fpd_placer_fini(struct fpd_placer *pl)
{
	if (pl->tc_ok)
		tc_client_fini(&pl->tc);
	pl->tc_ok = false;
}

static int ensure_clsact(struct fpd_placer *pl, int ifindex)
{
	size_t i;
	int err;

	for (i = 0; i < pl->n_clsact; i++)
		if (pl->clsact[i] == ifindex)
			return 0;
	err = tc_client_ensure_clsact(&pl->tc, ifindex);
	if (!err && pl->n_clsact < sizeof(pl->clsact) / sizeof(pl->clsact[0]))
		pl->clsact[pl->n_clsact++] = ifindex;
	return err;
}

/* ---- placing ---- */

static bool refuse(struct fpd_flow *rec, const char *fmt, const char *a,
		   const char *b)
{
	char why[FPD_WHY_LEN];

	snprintf(why, sizeof(why), fmt, a, b);
	rec->why = fpd_why_intern(why);
	return false;
}

static uint32_t skip_flags(enum fpd_policy p)
{
	switch (p) {
	case FPD_POLICY_HW: return TCA_CLS_FLAGS_SKIP_SW;
	case FPD_POLICY_TC_SW: return TCA_CLS_FLAGS_SKIP_HW;
	default: return 0;
	}
}

/* The filter for rec, translated under br->lock; false with rec->why. */
static bool build_filter(struct fpd *d, struct fpd_bridge *br,
			 struct fpd_flow *rec, struct tc_flower *f)
{
	const struct fpd_port_place *pp;
	char why[TC_XLATE_WHY_LEN] = "";
	bool ok = false;

	pthread_rwlock_rdlock(&br->lock);
	rec->policy = fpd_port_policy(d, br, rec->key.in_port);
	pp = place_of(br, rec->key.in_port);
	if (rec->policy == FPD_POLICY_KMOD)
		rec->why = NULL;
	else if (!pp)
		refuse(rec, "in_port %s is not a port of the bridge", "?", "");
	else if (rec->policy == FPD_POLICY_HW && !pp->can_offload)
		refuse(rec, "policy hw: %s%s", pp->why_not, "");
	else if (tc_xlate_flow(&rec->key, &rec->mask, rec->actions,
			       rec->actions_len, lookup_port, br, f, why,
			       sizeof(why)))
		refuse(rec, "tc cannot express the flow: %s%s", why, "");
	else
		ok = true;
	pthread_rwlock_unlock(&br->lock);
	return ok;
}

/* rec's filter, ready to put; false with rec->why when tc cannot take it. */
static bool prepare(struct fpd_placer *pl, struct fpd *d, struct fpd_bridge *br,
		    struct fpd_flow *rec, struct tc_flower *f)
{
	memset(f, 0, sizeof(*f));
	if (!build_filter(d, br, rec, f))
		return false;
	if (!pl->tc_ok)
		return refuse(rec, "no tc socket%s%s", "", "");
	f->chain = 0;
	f->prio = prio_for(f);
	f->flags = skip_flags(rec->policy);
	memcpy(f->cookie, &rec->ufid, sizeof(rec->ufid));
	f->cookie_len = sizeof(rec->ufid);
	if (ensure_clsact(pl, f->ifindex))
		return refuse(rec, "tc refused the filter: %s%s", pl->tc.error, "");
	return true;
}

/* What the kernel said of f, written into rec; true when tc holds it. */
static bool settle(struct fpd_flow *rec, const struct tc_flower *f, int err,
		   const char *why)
{
	if (err)
		return refuse(rec, "tc refused the filter: %s%s", why, "");
	rec->layer = f->in_hw ? FPD_LAYER_HW : FPD_LAYER_TC;
	rec->tc.ifindex = f->ifindex;
	rec->tc.chain = f->chain;
	rec->tc.prio = f->prio;
	rec->tc.protocol = f->protocol;
	rec->tc.handle = f->handle;
	rec->why = NULL;
	return true;
}

bool fpd_place_tc(struct fpd_placer *pl, struct fpd *d, struct fpd_bridge *br,
		  struct fpd_flow *rec)
{
	struct tc_flower f;

	if (!prepare(pl, d, br, rec, &f))
		return false;
	return settle(rec, &f, tc_client_put(&pl->tc, &f), pl->tc.error);
}

bool fpd_place_tc_queue(struct fpd_placer *pl, struct fpd *d,
			struct fpd_bridge *br, struct fpd_flow *rec,
			struct fpd_tc_batch *b)
{
	if (b->n == FPD_TC_BATCH_MAX) {		/* full: send it, start another */
		fpd_place_tc_commit(pl, b);
		b->n = 0;
	}
	if (!prepare(pl, d, br, rec, &b->fs[b->n]))
		return false;
	b->recs[b->n++] = rec;
	return true;
}

void fpd_place_tc_commit(struct fpd_placer *pl, struct fpd_tc_batch *b)
{
	size_t i;

	if (!b->n)
		return;
	tc_client_put_batch(&pl->tc, b->fs, b->n, b->res);
	for (i = 0; i < b->n; i++)
		settle(b->recs[i], &b->fs[i], b->res[i].err, b->res[i].why);
}

static void loc_to_filter(const struct fpd_tc_loc *loc, struct tc_flower *f)
{
	memset(f, 0, sizeof(*f));
	f->ifindex = loc->ifindex;
	f->chain = loc->chain;
	f->prio = loc->prio;
	f->protocol = loc->protocol;
	f->handle = loc->handle;
}

int fpd_place_tc_del(struct fpd_placer *pl, const struct fpd_tc_loc *loc,
		     struct fpd_counts *last)
{
	struct tc_flower f, now;

	if (!pl->tc_ok) {
		snprintf(pl->tc.error, sizeof(pl->tc.error), "no tc socket");
		return -EIO;
	}
	loc_to_filter(loc, &f);
	if (last) {
		memset(last, 0, sizeof(*last));
		if (!tc_client_get(&pl->tc, &f, &now)) {
			last->packets = now.stats.packets;
			last->bytes = now.stats.bytes +
				      now.stats.packets * FPD_TC_L2_BYTES;
		}
	}
	return tc_client_del(&pl->tc, &f);
}

size_t fpd_place_forget_dp(struct fpd *d, int dp_ifindex)
{
	struct fpd_placer pl;
	struct fpd_flow *flows;
	size_t n, i, gone = 0;
	bool oom;

	flows = fpd_flow_table_snapshot(d->flows, dp_ifindex, &n, &oom);
	if (n && !fpd_placer_init(&pl)) {
		for (i = 0; i < n; i++)
			if (flows[i].layer != FPD_LAYER_KMOD &&
			    !fpd_place_tc_del(&pl, &flows[i].tc, NULL))
				gone++;
		fpd_placer_fini(&pl);
	}
	fpd_flow_snapshot_free(flows, n);
	return gone;
}
