/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flowpathd's log: stderr in the foreground, syslog (daemon facility) once
 * detached. Levels are syslog's (LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG).
 * Safe from any thread: each message is written with one write() or one
 * syslog() call, so lines of two threads never interleave.
 */
#ifndef FPD_LOG_H
#define FPD_LOG_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
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

/*
 * At most `burst` messages per second through one limit; the first one
 * after a quiet second says how many were suppressed. For conditions one
 * packet after another can hit (a megaflow the kernel keeps refusing).
 */
struct fpd_ratelimit {
	pthread_mutex_t mutex;
	int64_t window_ms;	/* start of the current second */
	unsigned int burst;
	unsigned int in_window;
	unsigned long suppressed;
};

#define FPD_RATELIMIT_INIT(n) { PTHREAD_MUTEX_INITIALIZER, 0, (n), 0, 0 }

void fpd_log_ratelimited(struct fpd_ratelimit *rl, int level,
			 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
