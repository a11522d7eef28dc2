/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flowpathd's log: stderr in the foreground, syslog (daemon facility) once
 * detached. Levels are syslog's (LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG).
 * Safe from any thread: each message is written with one write() or one
 * syslog() call, so lines of two threads never interleave.
 */
#ifndef FPD_LOG_H
#define FPD_LOG_H

#include <stdatomic.h>
#include <stdbool.h>
#include <syslog.h>

void fpd_log_init(bool use_syslog, bool debug);
void fpd_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Logs only the first time `once` is seen clear (then sets it): for a
 * condition that would otherwise repeat for every packet.
 */
void fpd_log_once(atomic_bool *once, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
