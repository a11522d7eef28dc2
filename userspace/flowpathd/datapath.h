/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bridge's datapath and vports as the daemon sets them up: adopted when
 * they survived a previous flowpathd, created otherwise, and with their
 * upcalls spread over the handler threads' sockets.
 *
 * Upcall dispatch: per CPU when the kernel has it (openvswitch.ko since
 * 5.14: the upcalls of CPU c go to pids[c % n]), else per vport (each
 * vport lists every handler's pid and the kernel picks one by packet
 * hash; flowpath.ko today). Either way two packets of one flow reach the
 * same handler, so racing installs are rare, though harmless.
 *
 * Every function returns 0 or a negative errno with dp_client_error(c)
 * saying what the kernel refused and why.
 */
#ifndef FPD_DATAPATH_H
#define FPD_DATAPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dp_client.h"
#include "dp_datapath.h"

/*
 * Finds datapath name or creates it (its local port's upcalls to
 * local_pid). *adopted says which.
 */
int fpd_dp_open(struct dp_client *c, const char *name, uint32_t local_pid,
		struct dp_datapath_info *info, bool *adopted);

/*
 * Points the datapath's upcalls at pids[0..n): per CPU if the kernel
 * takes it, else switches the datapath to per-vport pids (the caller then
 * sets every vport's with fpd_vport_set_pids()). info->user_features is
 * updated; *per_cpu says which way it went.
 */
int fpd_dp_dispatch(struct dp_client *c, struct dp_datapath_info *info,
		    const uint32_t *pids, size_t n, bool *per_cpu);

/* Adds a vport with upcalls to pids[0..n); its number in *port_no. */
int fpd_vport_add(struct dp_client *c, int dp_ifindex, const char *name,
		  uint32_t type, const uint32_t *pids, size_t n,
		  uint32_t *port_no);

int fpd_vport_set_pids(struct dp_client *c, int dp_ifindex, uint32_t port_no,
		       const uint32_t *pids, size_t n);

#endif
