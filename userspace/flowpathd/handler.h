/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Upcall handlers: N threads, each with its own upcall socket (whose
 * netlink port id the datapaths send upcalls to) and its own datapath
 * client. Each receives a batch of upcalls, classifies and translates
 * them, installs their megaflows in one batch and executes the packets
 * with the same actions.
 *
 * Two handlers racing on one megaflow is harmless: the UFID is a hash of
 * the masked key and mask, so both compute the same one and the loser's
 * install ends in EEXIST, which counts as success. When the datapath has
 * no flow table (flowpath.ko today: EOPNOTSUPP), every packet is still
 * executed: slow, but forwarded, and said once in the log.
 */
#ifndef FPD_HANDLER_H
#define FPD_HANDLER_H

#include <stddef.h>
#include <stdint.h>

#include "dp_upcall.h"
#include "flowpathd.h"

/* A handler's counters, as upcall-stats shows them. */
struct fpd_handler_counts {
	uint64_t upcalls;		/* received and parsed */
	uint64_t batches;		/* receive rounds that got any */
	uint64_t flows_put;		/* megaflows installed (datapath) */
	uint64_t flows_to_tc;		/* of them, moved into tc at once */
	uint64_t flows_existed;		/* lost a race: EEXIST */
	uint64_t put_errors;		/* refused otherwise */
	uint64_t no_flow_table;		/* refused with EOPNOTSUPP */
	uint64_t executed;		/* packets sent on */
	uint64_t exec_errors;
	uint64_t dropped;		/* no bridge, bad key, xlate refused,
					 * userspace() upcalls not ours */
	uint64_t overruns;		/* the socket overflowed (ENOBUFS) */
	uint64_t packet_ins;		/* copies from controller actions */
};

/* Opens n sockets; no thread runs yet. NULL with why on failure. */
struct fpd_handlers *fpd_handlers_create(struct fpd *d, unsigned int n,
					 char *why, size_t whylen);
int fpd_handlers_start(struct fpd_handlers *h, char *why, size_t whylen);
/* Stops the threads (if started) and closes everything. */
void fpd_handlers_destroy(struct fpd_handlers *h);

/*
 * The handlers' upcall sockets, which every bridge's datapath is attached
 * to (dp_upcall_handlers_attach(); pids[i] is handler i's). Attaching is
 * the control thread's, under the daemon's mutex.
 */
struct dp_upcall_handlers *fpd_handlers_socks(struct fpd_handlers *h);

unsigned int fpd_handlers_n(const struct fpd_handlers *h);
/* Handler i's counters, read while it runs. */
void fpd_handlers_counts(const struct fpd_handlers *h, unsigned int i,
			 struct fpd_handler_counts *c);

#endif
