// SPDX-License-Identifier: GPL-2.0
/* The control socket's server thread. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "ctl.h"
#include "log.h"

struct fpd_ctl {
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int fd;
	int wake[2];		/* a byte here stops the thread */
	bool bound;		/* path is our socket, to unlink */
	bool started;
	pthread_t thread;
	struct fpd *d;
};

static int fill_addr(struct sockaddr_un *sun, const char *path, char *why,
		     size_t whylen)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path)) {
		snprintf(why, whylen, "control socket path %s is longer than %zu bytes",
			 path, sizeof(sun->sun_path) - 1);
		return -ENAMETOOLONG;
	}
	memcpy(sun->sun_path, path, strlen(path) + 1);
	return 0;
}

/* The parent directory, made if missing (as /run/flowpath is at boot). */
static int make_dir(const char *path, char *why, size_t whylen)
{
	char *copy = strdup(path);
	const char *dir;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	dir = dirname(copy);
	if (mkdir(dir, 0755) && errno != EEXIST) {
		err = -errno;
		snprintf(why, whylen, "cannot create %s for the control socket: %s",
			 dir, strerror(errno));
	}
	free(copy);
	return err;
}

/* -EADDRINUSE when a daemon answers at sun; unlinks a dead socket. */
static int clear_stale(const struct sockaddr_un *sun, char *why, size_t whylen)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int err;

	if (fd < 0)
		return -errno;
	err = connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) ? -errno : 0;
	close(fd);
	if (!err) {
		snprintf(why, whylen, "another flowpathd is serving %s (stop it, or give --socket)",
			 sun->sun_path);
		return -EADDRINUSE;
	}
	if (err == -ECONNREFUSED)
		unlink(sun->sun_path);
	return 0;
}

static int bind_listen(struct fpd_ctl *ctl, const struct sockaddr_un *sun,
		       char *why, size_t whylen)
{
	mode_t old;
	int err = 0;

	ctl->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (ctl->fd < 0)
		err = -errno;
	/* The umask makes the socket 0600 from its first moment. */
	old = umask(0177);
	if (!err && bind(ctl->fd, (const struct sockaddr *)sun, sizeof(*sun)))
		err = -errno;
	umask(old);
	ctl->bound = !err;
	if (!err && chmod(sun->sun_path, 0600))
		err = -errno;
	if (!err && listen(ctl->fd, 16))
		err = -errno;
	if (err)
		snprintf(why, whylen, "cannot listen on control socket %s: %s",
			 sun->sun_path, strerror(-err));
	return err;
}

struct fpd_ctl *fpd_ctl_open(const char *path, char *why, size_t whylen)
{
	struct fpd_ctl *ctl = calloc(1, sizeof(*ctl));
	struct sockaddr_un sun;

	if (!ctl) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	ctl->fd = ctl->wake[0] = ctl->wake[1] = -1;
	if (fill_addr(&sun, path, why, whylen) || make_dir(path, why, whylen) ||
	    clear_stale(&sun, why, whylen))
		goto fail;
	snprintf(ctl->path, sizeof(ctl->path), "%s", path);
	if (bind_listen(ctl, &sun, why, whylen))
		goto fail;
	if (pipe2(ctl->wake, O_CLOEXEC | O_NONBLOCK)) {
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		goto fail;
	}
	return ctl;
fail:
	fpd_ctl_close(ctl);
	return NULL;
}

/* ---- serving ---- */

/* root, or whoever the daemon runs as (tests run it unprivileged). */
static int peer_allowed(int fd, char *why, size_t whylen)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len)) {
		snprintf(why, whylen, "cannot tell who is asking: %s", strerror(errno));
		return 0;
	}
	if (cred.uid == 0 || cred.uid == geteuid())
		return 1;
	snprintf(why, whylen, "permission denied: uid %u is not root; flowpathd's control socket is root-only\n",
		 (unsigned int)cred.uid);
	fpd_log(LOG_WARNING, "control socket: refused pid %d uid %u", (int)cred.pid,
		(unsigned int)cred.uid);
	return 0;
}

/* Runs the request with out and err captured; sends the reply. */
static void answer(struct fpd_ctl *ctl, int fd, const struct ctl_request *req)
{
	char *out = NULL, *err = NULL;
	size_t out_len = 0, err_len = 0;
	FILE *fout = open_memstream(&out, &out_len);
	FILE *ferr = open_memstream(&err, &err_len);
	int status = 1;

	if (fout && ferr)
		status = fpd_command_run(ctl->d, req, fout, ferr);
	if (fout)
		fclose(fout);
	if (ferr)
		fclose(ferr);
	if (!fout || !ferr)
		ctl_reply_send(fd, 1, NULL, 0, "flowpathd: out of memory\n", 25);
	else if (ctl_reply_send(fd, status, out, out_len, err, err_len))
		fpd_log(LOG_WARNING, "control socket: could not send the reply to '%s'",
			req->argv[0]);
	free(out);
	free(err);
}

static void serve_one(struct fpd_ctl *ctl, int fd)
{
	char why[CTL_ERRMSG_LEN + 64];
	struct ctl_request req;

	if (!peer_allowed(fd, why, sizeof(why))) {
		ctl_reply_send(fd, 1, NULL, 0, why, strlen(why));
		return;
	}
	if (ctl_request_recv(fd, &req, why, CTL_ERRMSG_LEN)) {
		fpd_log(LOG_WARNING, "control socket: %s", why);
		strcat(why, "\n");
		ctl_reply_send(fd, 2, NULL, 0, why, strlen(why));
		return;
	}
	answer(ctl, fd, &req);
	ctl_request_free(&req);
}

static void *ctl_main(void *arg)
{
	struct fpd_ctl *ctl = arg;
	struct pollfd pfd[2] = {
		{ .fd = ctl->fd, .events = POLLIN },
		{ .fd = ctl->wake[0], .events = POLLIN },
	};
	int fd;

	for (;;) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents)
			break;
		if (!(pfd[0].revents & POLLIN))
			continue;
		fd = accept4(ctl->fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		serve_one(ctl, fd);
		close(fd);
	}
	return NULL;
}

int fpd_ctl_start(struct fpd_ctl *ctl, struct fpd *d, char *why,
		  size_t whylen)
{
	int err;

	ctl->d = d;
	err = pthread_create(&ctl->thread, NULL, ctl_main, ctl);
	if (err) {
		snprintf(why, whylen, "cannot start the control thread: %s",
			 strerror(err));
		return -err;
	}
	ctl->started = true;
	return 0;
}

void fpd_ctl_close(struct fpd_ctl *ctl)
{
	if (!ctl)
		return;
	if (ctl->started) {
		if (write(ctl->wake[1], "x", 1) != 1)
			fpd_log(LOG_WARNING, "cannot wake the control thread");
		pthread_join(ctl->thread, NULL);
	}
	if (ctl->fd >= 0)
		close(ctl->fd);
	if (ctl->bound)
		unlink(ctl->path);
	if (ctl->wake[0] >= 0)
		close(ctl->wake[0]);
	if (ctl->wake[1] >= 0)
		close(ctl->wake[1]);
	free(ctl);
}
