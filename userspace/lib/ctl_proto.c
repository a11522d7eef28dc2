// SPDX-License-Identifier: GPL-2.0
/* The fpctl <-> flowpathd control protocol: framing, limits, the client. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "ctl_proto.h"

static int say(char *err, size_t errlen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int say(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

const char *ctl_socket_path(const char *opt)
{
	const char *env;

	if (opt)
		return opt;
	env = getenv(CTL_SOCKET_ENV);
	return env && *env ? env : CTL_DEFAULT_SOCKET;
}

/* ---- byte streams with a deadline per step ---- */

static int wait_fd(int fd, short events, int timeout_s)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int n;

	do {
		n = poll(&pfd, 1, timeout_s * 1000);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n ? 0 : -ETIMEDOUT;
}

int ctl_write_full(int fd, const void *buf, size_t len, int timeout_s)
{
	const char *p = buf;
	ssize_t n;
	int err;

	while (len) {
		err = wait_fd(fd, POLLOUT, timeout_s);
		if (err)
			return err;
		/* MSG_NOSIGNAL: a client that went away is an error, not a kill. */
		n = send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* -ECONNRESET when the peer closes before len bytes came. */
int ctl_read_full(int fd, void *buf, size_t len, int timeout_s)
{
	char *p = buf;
	ssize_t n;
	int err;

	while (len) {
		err = wait_fd(fd, POLLIN, timeout_s);
		if (err)
			return err;
		n = recv(fd, p, len, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ECONNRESET;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* ---- requests ---- */

int ctl_request_encode(uint32_t flags, int argc, char *const *argv,
		       void **buf, size_t *len)
{
	struct ctl_hdr h = { .magic = CTL_MAGIC, .word = flags };
	size_t words = 0;
	char *p;
	int i;

	if (argc < 1)
		return -EINVAL;
	if (argc > CTL_MAX_ARGS)
		return -E2BIG;
	for (i = 0; i < argc; i++) {
		words += strlen(argv[i]) + 1;
		if (words > CTL_MAX_REQUEST)
			return -E2BIG;
	}
	h.len_a = (uint32_t)words;
	h.len_b = (uint32_t)argc;
	p = malloc(sizeof(h) + words);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*len = sizeof(h) + words;
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	for (i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;

		memcpy(p, argv[i], n);
		p += n;
	}
	return 0;
}

int ctl_request_check_hdr(const struct ctl_hdr *h, char *err, size_t errlen)
{
	if (h->magic != CTL_MAGIC)
		return say(err, errlen, -EPROTO,
			   "not a flowpath control request (magic 0x%08x)", h->magic);
	if (h->word & ~CTL_F_ALL)
		return say(err, errlen, -EPROTO,
			   "unknown request flags 0x%x (fpctl newer than flowpathd?)",
			   h->word & ~CTL_F_ALL);
	if (h->len_b < 1 || h->len_b > CTL_MAX_ARGS)
		return say(err, errlen, -E2BIG, "a request holds 1 to %d words, not %u",
			   CTL_MAX_ARGS, h->len_b);
	if (h->len_a > CTL_MAX_REQUEST)
		return say(err, errlen, -E2BIG, "a request's words fit in %d bytes, not %u",
			   CTL_MAX_REQUEST, h->len_a);
	return 0;
}

/* Points argv[i] at the i-th string; -EBADMSG unless exactly argc fill len. */
static int split_words(char *words, size_t len, int argc, char **argv)
{
	size_t off = 0;
	int i;

	for (i = 0; i < argc; i++) {
		char *nul;

		if (off >= len)
			return -EBADMSG;
		nul = memchr(words + off, '\0', len - off);
		if (!nul)
			return -EBADMSG;
		argv[i] = words + off;
		off = (size_t)(nul - words) + 1;
	}
	argv[argc] = NULL;
	return off == len ? 0 : -EBADMSG;
}

int ctl_request_decode(const struct ctl_hdr *h, char *words,
		       struct ctl_request *req, char *err, size_t errlen)
{
	int ret = ctl_request_check_hdr(h, err, errlen);
	char **argv;

	if (ret)
		return ret;
	argv = calloc(h->len_b + 1, sizeof(*argv));
	if (!argv)
		return say(err, errlen, -ENOMEM, "out of memory");
	ret = split_words(words, h->len_a, (int)h->len_b, argv);
	if (ret) {
		free(argv);
		return say(err, errlen, ret,
			   "malformed request: %u bytes do not hold %u NUL-terminated words",
			   h->len_a, h->len_b);
	}
	req->flags = h->word;
	req->argc = (int)h->len_b;
	req->argv = argv;
	req->words = words;
	return 0;
}

void ctl_request_free(struct ctl_request *req)
{
	free(req->argv);
	free(req->words);
	req->argv = NULL;
	req->words = NULL;
}

int ctl_request_recv(int fd, struct ctl_request *req, char *err,
		     size_t errlen)
{
	struct ctl_hdr h;
	char *words;
	int ret;

	ret = ctl_read_full(fd, &h, sizeof(h), CTL_IO_TIMEOUT_S);
	if (ret)
		return say(err, errlen, ret, "reading the request header: %s",
			   strerror(-ret));
	ret = ctl_request_check_hdr(&h, err, errlen);
	if (ret)
		return ret;
	/* +1: an empty len still gets a buffer to own. */
	words = malloc(h.len_a + 1);
	if (!words)
		return say(err, errlen, -ENOMEM, "out of memory");
	ret = ctl_read_full(fd, words, h.len_a, CTL_IO_TIMEOUT_S);
	if (ret) {
		free(words);
		return say(err, errlen, ret, "reading the request's %u bytes: %s",
			   h.len_a, strerror(-ret));
	}
	ret = ctl_request_decode(&h, words, req, err, errlen);
	if (ret)
		free(words);
	return ret;
}

/* ---- replies ---- */

int ctl_reply_send(int fd, int status, const char *out, size_t out_len,
		   const char *err, size_t err_len)
{
	struct ctl_hdr h = { .magic = CTL_MAGIC, .word = (uint32_t)status };
	int ret;

	if (out_len > CTL_MAX_REPLY || err_len > CTL_MAX_REPLY - out_len)
		return -E2BIG;
	h.len_a = (uint32_t)out_len;
	h.len_b = (uint32_t)err_len;
	ret = ctl_write_full(fd, &h, sizeof(h), CTL_IO_TIMEOUT_S);
	if (!ret && out_len)
		ret = ctl_write_full(fd, out, out_len, CTL_IO_TIMEOUT_S);
	if (!ret && err_len)
		ret = ctl_write_full(fd, err, err_len, CTL_IO_TIMEOUT_S);
	return ret;
}

/* A malloc'd, NUL-terminated copy of the next len bytes of fd. */
static int read_text(int fd, size_t len, char **text)
{
	int ret;

	*text = malloc(len + 1);
	if (!*text)
		return -ENOMEM;
	ret = ctl_read_full(fd, *text, len, CTL_IO_TIMEOUT_S);
	(*text)[ret ? 0 : len] = '\0';
	return ret;
}

int ctl_reply_recv(int fd, struct ctl_reply *r, char *err, size_t errlen)
{
	struct ctl_hdr h;
	int ret;

	memset(r, 0, sizeof(*r));
	ret = ctl_read_full(fd, &h, sizeof(h), CTL_REPLY_TIMEOUT_S);
	if (ret)
		return say(err, errlen, ret, "no reply from flowpathd: %s",
			   strerror(-ret));
	if (h.magic != CTL_MAGIC)
		return say(err, errlen, -EPROTO,
			   "the reply is not flowpathd's (magic 0x%08x)", h.magic);
	if (h.len_a > CTL_MAX_REPLY || h.len_b > CTL_MAX_REPLY - h.len_a)
		return say(err, errlen, -E2BIG, "the reply claims %u + %u bytes, over %u",
			   h.len_a, h.len_b, CTL_MAX_REPLY);
	r->status = (int)h.word;
	r->out_len = h.len_a;
	r->err_len = h.len_b;
	ret = read_text(fd, r->out_len, &r->out);
	if (!ret)
		ret = read_text(fd, r->err_len, &r->err);
	if (ret) {
		ctl_reply_free(r);
		return say(err, errlen, ret, "the reply was cut short: %s",
			   strerror(-ret));
	}
	return 0;
}

void ctl_reply_free(struct ctl_reply *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* ---- the client ---- */

static int connect_to(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, ret;

	if (strlen(path) >= sizeof(sun.sun_path))
		return say(err, errlen, -ENAMETOOLONG,
			   "socket path %s is longer than %zu bytes", path,
			   sizeof(sun.sun_path) - 1);
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return say(err, errlen, -errno, "cannot open a unix socket: %s",
			   strerror(errno));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
		return fd;
	ret = -errno;
	close(fd);
	if (ret == -ENOENT || ret == -ECONNREFUSED)
		return say(err, errlen, ret,
			   "cannot connect to flowpathd at %s: %s (is flowpathd running? --socket or $%s name another socket)",
			   path, strerror(-ret), CTL_SOCKET_ENV);
	return say(err, errlen, ret, "cannot connect to flowpathd at %s: %s%s",
		   path, strerror(-ret),
		   ret == -EACCES ? " (the control socket is root-only)" : "");
}

/*
 * The daemon may answer and close before it reads the command (it refuses
 * a uid it does not serve): the write then fails with EPIPE, but its answer
 * is waiting in our socket, and it says more than "Broken pipe" does.
 */
static int receive_after_send(int fd, int sent, struct ctl_reply *r,
			      char *err, size_t errlen)
{
	int ret;

	if (sent && sent != -EPIPE && sent != -ECONNRESET)
		return say(err, errlen, sent, "sending the command to flowpathd: %s",
			   strerror(-sent));
	ret = ctl_reply_recv(fd, r, err, errlen);
	if (ret && sent)
		return say(err, errlen, sent, "sending the command to flowpathd: %s",
			   strerror(-sent));
	return ret;
}

int ctl_call(const char *path, uint32_t flags, int argc, char *const *argv,
	     struct ctl_reply *r, char *err, size_t errlen)
{
	size_t len;
	void *buf;
	int fd, ret;

	ret = ctl_request_encode(flags, argc, argv, &buf, &len);
	if (ret)
		return say(err, errlen, ret, "cannot send this command: %s",
			   ret == -E2BIG ? "too many or too long words" :
			   strerror(-ret));
	fd = connect_to(path, err, errlen);
	if (fd < 0) {
		free(buf);
		return fd;
	}
	ret = ctl_write_full(fd, buf, len, CTL_IO_TIMEOUT_S);
	free(buf);
	ret = receive_after_send(fd, ret, r, err, errlen);
	close(fd);
	return ret;
}
