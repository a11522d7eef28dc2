/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bridge: one datapath named after it, its ports (vports, port 0 being
 * the datapath's own internal port, also named after the bridge), its
 * rules in a classifier and its MAC table.
 *
 * Locking (see flowpathd.h): changes are made by the ctl thread holding
 * fpd.mutex, and take br->lock for writing around the part that changes
 * what handlers read (ports, rules). Handlers and the revalidator classify
 * and translate under br->lock for reading (fpd_bridge_translate()).
 *
 * Generations: br->gen moves on every rule or port change; the MAC
 * table has its own. A flow translated under (gen, MAC generation) is
 * stale once either moved (the MAC one only if translation used MACs).
 */
#ifndef FPD_BRIDGE_H
#define FPD_BRIDGE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "classifier.h"
#include "config.h"
#include "flowpathd.h"
#include "mac_learning.h"
#include "packet_ins.h"
#include "placement.h"
#include "rule.h"
#include "xlate.h"

/* The datapath number rules get for a configured port not attached. */
#define FPD_PORT_NONE UINT32_MAX

struct fpd_rule {
	struct fp_rule r;	/* what the classifier holds */
	uint64_t conf_id;	/* its line in the config */
};

/* A configured port the datapath refused: shown, retried on restart. */
struct fpd_detached {
	char name[IF_NAMESIZE];
	char why[200];
};

struct fpd_bridge {
	char name[IF_NAMESIZE];
	int dp_ifindex;
	bool per_cpu;			/* upcall dispatch per CPU */
	bool adopted;			/* the datapath was already there */

	pthread_rwlock_t lock;
	struct fp_xport *ports;		/* attached; the local port first */
	struct fpd_port_place *place;	/* place[i]: what placement knows of ports[i] */
	size_t n_ports;
	struct fpd_detached *detached;
	size_t n_detached;
	struct fp_cls cls;
	struct fp_mac_table *macs;

	/*
	 * Where controller actions send packets: a copy of the handlers'
	 * upcall pids (fpd_handlers_socks()) and the daemon's run id, both
	 * set at open and fixed for the bridge's life.
	 */
	uint32_t *upcall_pids;
	size_t n_upcall_pids;
	uint32_t run_id;
	struct fpd_packet_ins packet_ins;

	atomic_uint_fast64_t gen;
};

/* What one translation gave: actions, wildcards, and its generations. */
struct fpd_xlate {
	struct fp_xlate_out out;
	bool matched;			/* a rule matched (else: drop) */
	uint64_t gen;			/* br->gen it was made under */
};

/*
 * Opens bridge bc (of d->conf; d->mutex held): adopts or creates its
 * datapath, points upcalls at the handlers, attaches the configured ports
 * (deleting vports the config no longer has) and loads the rules. A port
 * the kernel refuses is kept as detached, with the reason; a rule that
 * does not parse fails the whole bridge; of two rules with the same match
 * and priority the later stays and the earlier leaves bc. NULL with why
 * on failure (a datapath created here is removed again).
 */
struct fpd_bridge *fpd_bridge_open(struct fpd *d, struct fpd_bridge_conf *bc,
				   char *why, size_t whylen);

/* Frees br, which no thread may still use; the datapath stays. */
void fpd_bridge_free(struct fpd_bridge *br);

/* Deletes br's datapath (with every flow and vport in it). */
int fpd_bridge_delete_dp(struct fpd *d, struct fpd_bridge *br, char *why,
			 size_t whylen);

int fpd_bridge_add_port(struct fpd *d, struct fpd_bridge *br,
			const struct fpd_port_conf *pc, char *why,
			size_t whylen);
/* Refused while a rule names the port. */
int fpd_bridge_del_port(struct fpd *d, struct fpd_bridge *br,
			const char *name, char *why, size_t whylen);

/*
 * Parses text as a rule of br (ports resolved against br's) into *r;
 * mode as fp_rule_parse(). why gets "TOKEN: reason".
 */
int fpd_bridge_parse_rule(struct fpd_bridge *br, const char *text,
			  enum fp_rule_parse_mode mode, struct fp_rule *r,
			  char *why, size_t whylen);

/*
 * Adds a parsed rule (taken over). When it replaces one with the same
 * match and priority, that one's config id is in *replaced (else 0).
 */
int fpd_bridge_add_rule(struct fpd_bridge *br, struct fpd_rule *rule,
			uint64_t *replaced);

/*
 * Removes the rules pattern covers (strict: same match and priority; a
 * NULL pattern: all), returning how many, with their config ids in a
 * malloc'd *ids. -ENOMEM leaves every rule in place.
 */
int fpd_bridge_del_rules(struct fpd_bridge *br, const struct fp_rule *pattern,
			 bool strict, uint64_t **ids);

/*
 * Classifies and translates flow under br->lock (read), as a handler
 * (may_learn) or the revalidator does. Returns 0 or a negative errno with
 * why (translation refused the actions: the packet is to be dropped).
 */
int fpd_bridge_translate(struct fpd_bridge *br, const struct fp_flow *flow,
			 bool may_learn, struct fpd_xlate *x, char *why,
			 size_t whylen);

/* Whether a flow translated as x is stale now. */
bool fpd_bridge_stale(struct fpd_bridge *br, uint64_t gen, bool used_macs,
		      uint64_t mac_gen);

/*
 * The rule whose config id is id, or NULL; for the ctl thread (the only
 * writer of rules, under fpd.mutex).
 */
const struct fp_rule *fpd_bridge_rule_by_id(struct fpd_bridge *br,
					    uint64_t id);

/* A port's name by datapath number, under br->lock; NULL if none. */
const char *fpd_bridge_port_name(struct fpd_bridge *br, uint32_t port_no);

#endif
