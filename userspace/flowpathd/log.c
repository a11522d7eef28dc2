// SPDX-License-Identifier: GPL-2.0
/* flowpathd's log, to stderr or syslog. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static bool to_syslog;
static bool with_debug;

void fpd_log_init(bool use_syslog, bool debug)
{
	to_syslog = use_syslog;
	with_debug = debug;
	if (use_syslog)
		openlog("flowpathd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static const char *level_name(int level)
{
	switch (level) {
	case LOG_ERR: return "error";
	case LOG_WARNING: return "warning";
	case LOG_INFO: return "info";
	default: return "debug";
	}
}

static void vlog(int level, const char *fmt, va_list ap)
{
	char line[1024];
	struct timespec ts;
	struct tm tm;
	int n;

	if (level >= LOG_DEBUG && !with_debug)
		return;
	if (to_syslog) {
		vsyslog(level, fmt, ap);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	n = (int)strftime(line, sizeof(line), "%H:%M:%S", &tm);
	n += snprintf(line + n, sizeof(line) - (size_t)n, ".%03ld flowpathd %s: ",
		      ts.tv_nsec / 1000000, level_name(level));
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	n = (int)strlen(line);
	line[n++] = '\n';
	/* One write: lines from two threads never interleave. */
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}

void fpd_log(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

void fpd_log_once(atomic_bool *once, int level, const char *fmt, ...)
{
	va_list ap;

	if (atomic_exchange(once, true))
		return;
	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

/* Whether this message may go out; *suppressed gets the count to report. */
static bool ratelimit_pass(struct fpd_ratelimit *rl, unsigned long *suppressed)
{
	struct timespec ts;
	int64_t now;
	bool pass;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	pthread_mutex_lock(&rl->mutex);
	if (now - rl->window_ms >= 1000) {
		rl->window_ms = now;
		rl->in_window = 0;
	}
	pass = rl->in_window < rl->burst;
	*suppressed = 0;
	if (pass) {
		rl->in_window++;
		*suppressed = rl->suppressed;
		rl->suppressed = 0;
	} else {
		rl->suppressed++;
	}
	pthread_mutex_unlock(&rl->mutex);
	return pass;
}

void fpd_log_ratelimited(struct fpd_ratelimit *rl, int level,
			 const char *fmt, ...)
{
	unsigned long suppressed;
	va_list ap;

	if (level >= LOG_DEBUG && !with_debug)
		return;
	if (!ratelimit_pass(rl, &suppressed))
		return;
	if (suppressed)
		fpd_log(level, "(%lu similar messages suppressed)", suppressed);
	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}
