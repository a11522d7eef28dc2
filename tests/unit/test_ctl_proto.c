// SPDX-License-Identifier: GPL-2.0
/*
 * The fpctl <-> flowpathd control protocol: requests and replies through
 * a real socket pair and a real listening unix socket, and the refusals of
 * what a confused or hostile peer could send.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "ctl_proto.h"

static void pair(int sv[2])
{
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
}

static void send_request(int fd, uint32_t flags, int argc, char **argv)
{
	size_t len;
	void *buf;

	cr_assert_eq(ctl_request_encode(flags, argc, argv, &buf, &len), 0);
	cr_assert_eq(ctl_write_full(fd, buf, len, 1), 0);
	free(buf);
}

Test(ctl_proto, request_round_trip_keeps_words_and_flags)
{
	char *argv[] = { "add-flow", "br0", "priority=10,ip,actions=normal", "" };
	struct ctl_request req;
	char err[CTL_ERRMSG_LEN];
	int sv[2];

	pair(sv);
	send_request(sv[0], CTL_F_JSON, 4, argv);
	cr_assert_eq(ctl_request_recv(sv[1], &req, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(req.flags, CTL_F_JSON);
	cr_assert_eq(req.argc, 4);
	cr_expect_str_eq(req.argv[0], "add-flow");
	cr_expect_str_eq(req.argv[2], "priority=10,ip,actions=normal");
	cr_expect_str_eq(req.argv[3], "", "an empty word survives");
	cr_expect_null(req.argv[4]);
	ctl_request_free(&req);
	close(sv[0]);
	close(sv[1]);
}

Test(ctl_proto, encode_refuses_nothing_and_too_much)
{
	static char big[CTL_MAX_REQUEST];
	char *argv[CTL_MAX_ARGS + 1] = { NULL };
	size_t len;
	void *buf;
	int i;

	cr_expect_eq(ctl_request_encode(0, 0, argv, &buf, &len), -EINVAL);
	for (i = 0; i <= CTL_MAX_ARGS; i++)
		argv[i] = "x";
	cr_expect_eq(ctl_request_encode(0, CTL_MAX_ARGS + 1, argv, &buf, &len), -E2BIG);
	cr_assert_eq(ctl_request_encode(0, CTL_MAX_ARGS, argv, &buf, &len), 0);
	free(buf);
	memset(big, 'a', sizeof(big) - 1);
	argv[0] = big;	/* CTL_MAX_REQUEST bytes with its NUL: just fits */
	cr_assert_eq(ctl_request_encode(0, 1, argv, &buf, &len), 0);
	free(buf);
	argv[1] = "b";
	cr_expect_eq(ctl_request_encode(0, 2, argv, &buf, &len), -E2BIG);
}

/* Decodes hand-made words; returns what ctl_request_decode() said. */
static int decode(const char *bytes, size_t len, uint32_t argc, char *err)
{
	struct ctl_hdr h = { CTL_MAGIC, 0, (uint32_t)len, argc };
	struct ctl_request req;
	char *words = malloc(len + 1);
	int ret;

	memcpy(words, bytes, len);
	ret = ctl_request_decode(&h, words, &req, err, CTL_ERRMSG_LEN);
	if (ret)
		free(words);
	else
		ctl_request_free(&req);
	return ret;
}

Test(ctl_proto, decode_wants_exactly_argc_terminated_words)
{
	char err[CTL_ERRMSG_LEN];

	cr_expect_eq(decode("show\0br0\0", 9, 2, err), 0);
	cr_expect_eq(decode("show\0br0", 8, 2, err), -EBADMSG, "last word unterminated");
	cr_expect(strstr(err, "do not hold 2 NUL-terminated words"), "%s", err);
	cr_expect_eq(decode("show\0br0\0x\0", 11, 2, err), -EBADMSG, "a word too many");
	cr_expect_eq(decode("show\0", 5, 2, err), -EBADMSG, "a word too few");
}

Test(ctl_proto, header_refusals_say_why)
{
	char err[CTL_ERRMSG_LEN];
	struct ctl_hdr h = { 0x12345678, 0, 5, 1 };

	cr_expect_eq(ctl_request_check_hdr(&h, err, sizeof(err)), -EPROTO);
	cr_expect(strstr(err, "not a flowpath control request"), "%s", err);
	h.magic = CTL_MAGIC;
	h.word = 0x80;
	cr_expect_eq(ctl_request_check_hdr(&h, err, sizeof(err)), -EPROTO);
	cr_expect(strstr(err, "unknown request flags 0x80"), "%s", err);
	h.word = 0;
	h.len_b = CTL_MAX_ARGS + 1;
	cr_expect_eq(ctl_request_check_hdr(&h, err, sizeof(err)), -E2BIG);
	h.len_b = 1;
	h.len_a = CTL_MAX_REQUEST + 1;
	cr_expect_eq(ctl_request_check_hdr(&h, err, sizeof(err)), -E2BIG);
	h.len_a = CTL_MAX_REQUEST;
	cr_expect_eq(ctl_request_check_hdr(&h, err, sizeof(err)), 0);
}

Test(ctl_proto, request_cut_short_is_an_error_not_a_hang)
{
	struct ctl_hdr h = { CTL_MAGIC, 0, 100, 1 };
	struct ctl_request req;
	char err[CTL_ERRMSG_LEN];
	int sv[2];

	pair(sv);
	cr_assert_eq(ctl_write_full(sv[0], &h, sizeof(h), 1), 0);
	cr_assert_eq(ctl_write_full(sv[0], "abc", 3, 1), 0);
	close(sv[0]);
	cr_expect_eq(ctl_request_recv(sv[1], &req, err, sizeof(err)), -ECONNRESET);
	cr_expect(strstr(err, "reading the request's 100 bytes"), "%s", err);
	close(sv[1]);
}

Test(ctl_proto, reply_round_trip_with_binary_safe_lengths)
{
	struct ctl_reply r;
	char err[CTL_ERRMSG_LEN];
	int sv[2];

	pair(sv);
	cr_assert_eq(ctl_reply_send(sv[0], 2, "out\n", 4, "fpctl: bad\n", 11), 0);
	cr_assert_eq(ctl_reply_recv(sv[1], &r, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(r.status, 2);
	cr_expect_eq(r.out_len, 4);
	cr_expect_str_eq(r.out, "out\n");
	cr_expect_eq(r.err_len, 11);
	cr_expect_str_eq(r.err, "fpctl: bad\n");
	ctl_reply_free(&r);
	cr_assert_eq(ctl_reply_send(sv[0], 0, NULL, 0, NULL, 0), 0);
	cr_assert_eq(ctl_reply_recv(sv[1], &r, err, sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(r.out, "", "an empty out is still a string");
	ctl_reply_free(&r);
	close(sv[0]);
	close(sv[1]);
}

Test(ctl_proto, reply_claiming_too_much_is_refused)
{
	struct ctl_hdr h = { CTL_MAGIC, 0, CTL_MAX_REPLY, 1 };
	struct ctl_reply r;
	char err[CTL_ERRMSG_LEN];
	int sv[2];

	pair(sv);
	cr_assert_eq(ctl_write_full(sv[0], &h, sizeof(h), 1), 0);
	cr_expect_eq(ctl_reply_recv(sv[1], &r, err, sizeof(err)), -E2BIG);
	cr_expect(strstr(err, "over"), "%s", err);
	close(sv[0]);
	close(sv[1]);
}

Test(ctl_proto, socket_path_precedence)
{
	unsetenv(CTL_SOCKET_ENV);
	cr_expect_str_eq(ctl_socket_path(NULL), CTL_DEFAULT_SOCKET);
	setenv(CTL_SOCKET_ENV, "", 1);
	cr_expect_str_eq(ctl_socket_path(NULL), CTL_DEFAULT_SOCKET, "empty env ignored");
	setenv(CTL_SOCKET_ENV, "/tmp/env.sock", 1);
	cr_expect_str_eq(ctl_socket_path(NULL), "/tmp/env.sock");
	cr_expect_str_eq(ctl_socket_path("/tmp/opt.sock"), "/tmp/opt.sock");
	unsetenv(CTL_SOCKET_ENV);
}

/* ---- ctl_call() against a one-shot server thread ---- */

struct server {
	int fd;
	struct ctl_request req;
	int ret;
};

static void *serve_one(void *arg)
{
	struct server *s = arg;
	char err[CTL_ERRMSG_LEN], out[64];
	int c = accept(s->fd, NULL, NULL);

	s->ret = ctl_request_recv(c, &s->req, err, sizeof(err));
	if (!s->ret) {
		snprintf(out, sizeof(out), "%d words, first %s\n", s->req.argc,
			 s->req.argv[0]);
		s->ret = ctl_reply_send(c, 1, out, strlen(out), "why\n", 4);
	}
	close(c);
	return NULL;
}

static int listen_on(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	unlink(path);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	cr_assert_eq(listen(fd, 1), 0);
	return fd;
}

Test(ctl_proto, call_exchanges_with_a_listening_server)
{
	char path[] = "/tmp/fp-ctl-test-XXXXXX", sock[64];
	char *argv[] = { "show", "br0" };
	struct server s = { 0 };
	char err[CTL_ERRMSG_LEN];
	struct ctl_reply r;
	pthread_t t;

	cr_assert_not_null(mkdtemp(path));
	snprintf(sock, sizeof(sock), "%s/s", path);
	s.fd = listen_on(sock);
	pthread_create(&t, NULL, serve_one, &s);
	cr_assert_eq(ctl_call(sock, CTL_F_JSON, 2, argv, &r, err, sizeof(err)), 0,
		     "%s", err);
	pthread_join(t, NULL);
	cr_expect_eq(s.ret, 0);
	cr_expect_eq(s.req.flags, CTL_F_JSON);
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.out, "2 words, first show\n");
	cr_expect_str_eq(r.err, "why\n");
	ctl_reply_free(&r);
	ctl_request_free(&s.req);
	close(s.fd);
	unlink(sock);
	rmdir(path);
}

Test(ctl_proto, call_without_a_daemon_says_where_it_looked)
{
	char *argv[] = { "show" };
	char err[CTL_ERRMSG_LEN];
	struct ctl_reply r;

	cr_expect_eq(ctl_call("/nonexistent/flowpathd.sock", 0, 1, argv, &r, err,
			      sizeof(err)), -ENOENT);
	cr_expect(strstr(err, "cannot connect to flowpathd at /nonexistent/flowpathd.sock"),
		  "%s", err);
	cr_expect(strstr(err, "is flowpathd running?"), "%s", err);
}
