/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bridge's packet-ins: the packets its rules' controller actions sent
 * to flowpathd (OVS_PACKET_CMD_ACTION upcalls carrying our cookie, see
 * packet_in.h), counted for the bridge and per rule, the last few kept
 * for fpctl packet-ins.
 *
 * A packet-in is a copy: the flow that sent it forwarded the packet too,
 * so nothing is installed or executed for it. Handlers record (any number
 * at once), the ctl thread reads a snapshot; a mutex inside serialises
 * them, held for a copy only.
 */
#ifndef FPD_PACKET_INS_H
#define FPD_PACKET_INS_H

#include <net/if.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "dp_upcall.h"
#include "flowpathd.h"

#define FPD_PACKET_INS_KEPT 16
#define FPD_PACKET_IN_SUMMARY_LEN 128

/* Rule id of a packet-in from a flow a previous flowpathd run installed. */
#define FPD_PACKET_IN_RULE_UNKNOWN 0

struct fpd_packet_in {
	int64_t time_ms;		/* CLOCK_REALTIME, when received */
	uint32_t in_port;		/* datapath port number */
	char in_port_name[IF_NAMESIZE];	/* "" when the bridge has no such port */
	uint64_t rule_id;		/* or FPD_PACKET_IN_RULE_UNKNOWN */
	size_t len;			/* bytes received */
	size_t orig_len;		/* bytes the packet had (controller:MAX_LEN cuts) */
	char summary[FPD_PACKET_IN_SUMMARY_LEN];
};

struct fpd_packet_in_rule {
	uint64_t rule_id;
	uint64_t count;
};

struct fpd_packet_ins {
	pthread_mutex_t mutex;
	uint64_t total;
	struct fpd_packet_in_rule *rules;	/* in order of first packet-in */
	size_t n_rules, alloc_rules;
	struct fpd_packet_in kept[FPD_PACKET_INS_KEPT];	/* a ring */
	size_t next;				/* where the next one goes */
};

/* What the ctl thread reads: the counts and the kept ones, oldest first. */
struct fpd_packet_ins_snapshot {
	uint64_t total;
	struct fpd_packet_in_rule *rules;	/* malloc'd */
	size_t n_rules;
	struct fpd_packet_in kept[FPD_PACKET_INS_KEPT];
	size_t n_kept;
};

void fpd_packet_ins_init(struct fpd_packet_ins *p);
void fpd_packet_ins_fini(struct fpd_packet_ins *p);

/*
 * Counts one packet-in, and keeps it in place of the oldest kept. Only a
 * rule's count can fail to grow (out of memory); the total never misses.
 */
void fpd_packet_ins_add(struct fpd_packet_ins *p,
			const struct fpd_packet_in *pin);

/* 0, or -ENOMEM. fpd_packet_ins_snapshot_free() after either. */
int fpd_packet_ins_snapshot(struct fpd_packet_ins *p,
			    struct fpd_packet_ins_snapshot *s);
void fpd_packet_ins_snapshot_free(struct fpd_packet_ins_snapshot *s);

/*
 * A handler's entry: up is an OVS_PACKET_CMD_ACTION upcall. Records it on
 * its bridge (d->bridges_lock read, then the bridge's lock read for the
 * port name). Returns 0, -EINVAL when the userdata is not our cookie (not
 * our userspace() action), -ENODEV when no bridge has its datapath.
 */
int fpd_packet_in_receive(struct fpd *d, const struct dp_upcall *up);

#endif
