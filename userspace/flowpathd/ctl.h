/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control socket: a unix stream socket, mode 0600, on which one thread
 * serves fpctl one command at a time (ctl_proto.h). Only root, or the
 * user the daemon runs as, is served: SO_PEERCRED is checked on every
 * connection, so a socket made reachable by mistake still refuses others.
 */
#ifndef FPD_CTL_H
#define FPD_CTL_H

#include <stdio.h>

#include "ctl_proto.h"
#include "flowpathd.h"

/*
 * Binds and listens on path (creating its directory if missing). Refuses
 * when another daemon answers there; removes a stale socket file.
 */
struct fpd_ctl *fpd_ctl_open(const char *path, char *why, size_t whylen);

/* Starts the serving thread. */
int fpd_ctl_start(struct fpd_ctl *ctl, struct fpd *d, char *why,
		  size_t whylen);

/* Stops the thread (if started), closes and unlinks the socket. */
void fpd_ctl_close(struct fpd_ctl *ctl);

/*
 * Runs one command (ctl_commands.c); the caller holds nothing. Writes the
 * user's output to out and messages to err; returns the exit status.
 */
int fpd_command_run(struct fpd *d, const struct ctl_request *req, FILE *out,
		    FILE *err);

#endif
