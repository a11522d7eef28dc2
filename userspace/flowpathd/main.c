// SPDX-License-Identifier: GPL-2.0
/*
 * flowpathd: the slow path of flowpath. This file is the process: options,
 * daemonizing, signals and the pidfile. The daemon itself (bridges,
 * handlers, revalidator, control socket) starts and stops in daemon.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "dp_upcall.h"
#include "flowpathd.h"
#include "log.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: flowpathd [OPTIONS]\n"
		"\n"
		"The flowpath slow path: receives the packets the kernel datapath\n"
		"(flowpath.ko or openvswitch.ko) has no flow for, classifies them\n"
		"against each bridge's rules, installs megaflows and forwards them.\n"
		"Runs in the foreground, logging to stderr, unless --detach.\n"
		"\n"
		"Options:\n"
		"  -c, --config FILE        bridges, ports and rules; loaded at start\n"
		"                           and rewritten after every change\n"
		"                           (default " FPD_DEFAULT_CONFIG ";\n"
		"                           a missing file means no bridges)\n"
		"  -s, --socket PATH        the control socket fpctl talks to\n"
		"                           (default " CTL_DEFAULT_SOCKET ")\n"
		"  --family-prefix PREFIX   generic-netlink families PREFIX_datapath,\n"
		"                           ... (default \"ovs\")\n"
		"  --handlers N             upcall handler threads (default: the\n"
		"                           number of online CPUs)\n"
		"  --upcall-share K         each handler reads its own upcall socket\n"
		"                           and, when that is empty, the next K-1\n"
		"                           handlers': one CPU's burst of misses is\n"
		"                           then shared by K handlers (default %u;\n"
		"                           1: each reads only its own)\n"
		"  --idle-timeout MS        delete a megaflow unused for MS ms\n"
		"                           (default %u)\n"
		"  --flow-limit N           most megaflows installed at once; the\n"
		"                           idlest are evicted (default %u)\n"
		"  --detach                 run in the background, log to syslog\n"
		"  --pidfile FILE           write the daemon's pid to FILE\n"
		"  -v, --verbose            debug messages too\n"
		"  -h, --help               this text\n"
		"\n"
		"SIGTERM or SIGINT stop it; datapaths and their flows stay, so\n"
		"forwarding goes on and a restarted flowpathd adopts the flows.\n"
		"See flowpathd(8).\n",
		FPD_UPCALL_SHARE_DEFAULT, FPD_IDLE_TIMEOUT_DEFAULT,
		FPD_FLOW_LIMIT_DEFAULT);
}

enum { OPT_FAMILY = 256, OPT_HANDLERS, OPT_IDLE, OPT_LIMIT, OPT_DETACH,
       OPT_PIDFILE, OPT_SHARE };

/* A decimal in [min, max], or -1 after saying what was wrong. */
static long parse_number(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max) {
		fprintf(stderr, "flowpathd: %s wants a number from %ld to %ld, not '%s'\n",
			opt, min, max, s);
		return -1;
	}
	return v;
}

static int parse_option(int opt, struct fpd_opts *o)
{
	long v = 0;

	switch (opt) {
	case 'c': o->config_path = optarg; return 0;
	case 's': o->socket_path = optarg; return 0;
	case 'v': o->verbose = true; return 0;
	case OPT_FAMILY: o->family_prefix = optarg; return 0;
	case OPT_DETACH: o->detach = true; return 0;
	case OPT_PIDFILE: o->pidfile = optarg; return 0;
	case OPT_HANDLERS:
		v = parse_number("--handlers", optarg, 1, FPD_MAX_HANDLERS);
		o->n_handlers = (unsigned int)v;
		break;
	case OPT_SHARE:
		v = parse_number("--upcall-share", optarg, 1, DP_UPCALL_MAX_SHARE);
		o->upcall_share = (unsigned int)v;
		break;
	case OPT_IDLE:
		v = parse_number("--idle-timeout", optarg, 100, 24L * 3600 * 1000);
		o->idle_timeout_ms = (uint32_t)v;
		break;
	case OPT_LIMIT:
		v = parse_number("--flow-limit", optarg, 1, 10 * 1000 * 1000);
		o->flow_limit = (size_t)v;
		break;
	default:
		return -1;
	}
	return v < 0 ? -1 : 0;
}

/* 0 to run, 1 when done (--help), 2 for a bad command line. */
static int parse_args(int argc, char **argv, struct fpd_opts *o)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 's' },
		{ "family-prefix", required_argument, NULL, OPT_FAMILY },
		{ "handlers", required_argument, NULL, OPT_HANDLERS },
		{ "upcall-share", required_argument, NULL, OPT_SHARE },
		{ "idle-timeout", required_argument, NULL, OPT_IDLE },
		{ "flow-limit", required_argument, NULL, OPT_LIMIT },
		{ "detach", no_argument, NULL, OPT_DETACH },
		{ "pidfile", required_argument, NULL, OPT_PIDFILE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "c:s:vh", opts, NULL)) != -1) {
		if (opt == 'h') {
			usage(stdout);
			return 1;
		}
		if (parse_option(opt, o)) {
			fprintf(stderr, "flowpathd --help lists the options\n");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "flowpathd: unexpected argument '%s' (flowpathd takes options only)\n",
			argv[optind]);
		return 2;
	}
	return 0;
}

static void default_opts(struct fpd_opts *o)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(o, 0, sizeof(*o));
	o->config_path = FPD_DEFAULT_CONFIG;
	o->socket_path = CTL_DEFAULT_SOCKET;
	o->family_prefix = "ovs";
	o->n_handlers = cpus > 0 ? (unsigned int)cpus : 1;
	if (o->n_handlers > FPD_MAX_HANDLERS)
		o->n_handlers = FPD_MAX_HANDLERS;
	o->upcall_share = FPD_UPCALL_SHARE_DEFAULT;
	o->idle_timeout_ms = FPD_IDLE_TIMEOUT_DEFAULT;
	o->flow_limit = FPD_FLOW_LIMIT_DEFAULT;
}

/* ---- daemonizing ---- */

/*
 * The parent waits on a pipe until the child has started (or failed to),
 * so `flowpathd --detach` exits 0 only once the daemon really serves, and
 * with the child's status when it did not get that far.
 */
static int detach(int *ready_fd)
{
	int pipefd[2];
	char status = 1;
	pid_t pid;

	if (pipe(pipefd)) {
		perror("flowpathd: pipe");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		perror("flowpathd: fork");
		return -1;
	}
	if (pid > 0) {
		close(pipefd[1]);
		if (read(pipefd[0], &status, 1) != 1)
			status = 1;
		_exit(status);
	}
	close(pipefd[0]);
	if (setsid() < 0 || fork() > 0)
		_exit(0);	/* the grandchild carries on, never a session leader */
	*ready_fd = pipefd[1];
	return 0;
}

static void detach_done(int ready_fd, char status)
{
	int devnull;

	if (ready_fd < 0)
		return;
	if (write(ready_fd, &status, 1) != 1)
		fpd_log(LOG_WARNING, "could not tell the starting process we are up");
	close(ready_fd);
	if (chdir("/"))
		fpd_log(LOG_WARNING, "chdir /: %s", strerror(errno));
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull >= 0) {
		dup2(devnull, STDIN_FILENO);
		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		close(devnull);
	}
}

static int write_pidfile(const char *path)
{
	char buf[32];
	int fd, n;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fpd_log(LOG_ERR, "cannot write pidfile %s: %s", path, strerror(errno));
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, (size_t)n) != n) {
		fpd_log(LOG_ERR, "cannot write pidfile %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* ---- signals ---- */

/*
 * Every thread starts with the stop signals blocked (they inherit this
 * mask); the main thread then waits for them with sigwait(), so no
 * handler runs asynchronously inside library code.
 */
static void block_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int wait_for_stop(const sigset_t *set)
{
	int sig;

	for (;;) {
		if (sigwait(set, &sig))
			continue;
		if (sig == SIGHUP) {
			fpd_log(LOG_INFO, "SIGHUP ignored: the config changes through fpctl");
			continue;
		}
		return sig;
	}
}

static int run(struct fpd_opts *o)
{
	char why[FPD_WHY_LEN];
	struct fpd *d;
	int ready_fd = -1, sig;
	sigset_t set;

	if (o->detach && detach(&ready_fd))
		return 1;
	/* Until it is up, a detaching daemon still tells its terminal. */
	fpd_log_init(false, o->verbose);
	block_signals(&set);
	d = fpd_start(o, why, sizeof(why));
	if (!d) {
		fpd_log(LOG_ERR, "not started: %s", why);
		detach_done(ready_fd, 1);
		return 1;
	}
	if (o->pidfile && write_pidfile(o->pidfile)) {
		fpd_stop(d);
		detach_done(ready_fd, 1);
		return 1;
	}
	detach_done(ready_fd, 0);
	if (o->detach)
		fpd_log_init(true, o->verbose);
	sig = wait_for_stop(&set);
	fpd_log(LOG_INFO, "%s: stopping; datapaths and flows stay", strsignal(sig));
	fpd_stop(d);
	if (o->pidfile)
		unlink(o->pidfile);
	return 0;
}

int main(int argc, char **argv)
{
	struct fpd_opts o;
	int ret;

	default_opts(&o);
	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret == 1 ? 0 : 2;
	return run(&o);
}
