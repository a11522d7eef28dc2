/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flowpathd: the daemon object and how its threads share it.
 *
 * Threads:
 *   main         starts everything, waits for SIGTERM/SIGINT, stops it all
 *   ctl          the control socket: one fpctl command at a time
 *   handler x N  upcalls: classify, translate, install, execute (handler.c)
 *   revalidator  dumps flows, expires, evicts, re-translates (revalidator.c)
 *
 * DOC: Locking.
 *   fpd.mutex         serialises every change: control commands, the
 *                     config and its file, bridges' datapaths and ports.
 *                     Only the ctl thread (and start/stop) take it.
 *   fpd.bridges_lock  (rwlock) the bridges array. Handlers and the
 *                     revalidator read it to find a bridge by dp_ifindex
 *                     and keep it read-held while they use the bridge, so
 *                     a bridge is freed only after a writer removed it.
 *   bridge.lock       (rwlock) a bridge's ports and rules. Lookups and
 *                     translation read it; commands write it. Taken after
 *                     bridges_lock, never the other way round.
 *   MAC table         its own mutex inside (mac_learning.h).
 *   flow table        a mutex per shard (flow_table.h); taken last.
 * Nobody sleeps on netlink while holding a bridge's lock: translation
 * runs under it, installs and executes after it is dropped.
 */
#ifndef FPD_FLOWPATHD_H
#define FPD_FLOWPATHD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "ctl_proto.h"
#include "dp_client.h"

#define FPD_IDLE_TIMEOUT_DEFAULT 10000u
#define FPD_FLOW_LIMIT_DEFAULT 200000u
#define FPD_MAX_HANDLERS 512
#define FPD_UPCALL_SHARE_DEFAULT 4u

struct fpd_opts {
	const char *config_path;
	const char *socket_path;
	const char *family_prefix;
	const char *pidfile;
	unsigned int n_handlers;
	unsigned int upcall_share;	/* sockets each handler reads */
	uint32_t idle_timeout_ms;
	size_t flow_limit;
	bool detach;
	bool verbose;
};

struct fpd_bridge;
struct fpd_flow_table;
struct fpd_handlers;
struct fpd_revalidator;
struct fpd_ctl;

struct fpd {
	struct fpd_opts opts;

	pthread_mutex_t mutex;
	struct fpd_config conf;		/* under mutex: what is saved */
	/* conf.policy, for threads that do not take the mutex. */
	_Atomic enum fpd_policy policy;
	struct dp_client dp;		/* under mutex: the ctl thread's */

	pthread_rwlock_t bridges_lock;
	struct fpd_bridge **bridges;
	size_t n_bridges;

	struct fpd_flow_table *flows;
	struct fpd_handlers *handlers;
	struct fpd_revalidator *reval;
	struct fpd_ctl *ctl;

	/*
	 * This run's id, random: packet-in cookies carry it, so that one from
	 * a flow a previous run installed (whose rule ids meant other rules)
	 * is told apart.
	 */
	uint32_t run_id;

	/*
	 * Until this CLOCK_MONOTONIC ms, handlers install nothing: the
	 * datapath refused a flow for lack of a flow table. They ask again
	 * after a while, in case a module with one was loaded.
	 */
	atomic_int_fast64_t no_flow_table_until;
	atomic_bool said_no_flow_table;
	atomic_bool said_no_execute;
};

#define FPD_NO_FLOW_TABLE_RETRY_MS 30000

/* Whether installs are off for lack of a flow table, now. */
bool fpd_no_flow_table(struct fpd *d);

/*
 * Starts the daemon with o: loads the config (refusing to start on a bad
 * line), binds the control socket, opens the datapath client, starts the
 * handlers, sets up every bridge, then the revalidator and the control
 * thread. NULL with why set when any step failed (nothing is left
 * running or bound then).
 */
struct fpd *fpd_start(const struct fpd_opts *o, char *why, size_t whylen);

/* Stops every thread and frees d. Datapaths and their flows stay. */
void fpd_stop(struct fpd *d);

/*
 * The bridge with datapath ifindex dp_ifindex, or NULL. The caller holds
 * d->bridges_lock (read or write).
 */
struct fpd_bridge *fpd_bridge_by_ifindex(struct fpd *d, int dp_ifindex);
struct fpd_bridge *fpd_bridge_by_name(struct fpd *d, const char *name);

/* Saves d->conf to its file; the caller holds d->mutex. */
int fpd_save_config(struct fpd *d, char *why, size_t whylen);

#endif
