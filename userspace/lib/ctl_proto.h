/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control protocol between fpctl and flowpathd, over a unix stream
 * socket: one request and one reply per connection.
 *
 *   request: header { magic, flags, len, argc } then len bytes holding
 *            argc NUL-terminated strings (the command's words, argv[0]
 *            being the command name)
 *   reply:   header { magic, status, out_len, err_len } then out_len
 *            bytes for the caller's stdout and err_len for its stderr
 *
 * status is the exit status the caller should leave with (0 done,
 * 1 refused or failed, 2 bad command line, as fpctl's FPCTL_*). The
 * words travel as they were typed: the daemon parses them, so fpctl and
 * flowpathd cannot disagree on a command's syntax. Integers are in host
 * order: both ends are on the same host.
 *
 * Every function returns 0 or a negative errno and, where a user could
 * see the failure, leaves a sentence in the caller's err buffer.
 */
#ifndef FP_CTL_PROTO_H
#define FP_CTL_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define CTL_MAGIC 0x31435046u		/* "FPC1" in memory, little endian */
#define CTL_F_JSON 0x1u			/* -j: the reply's out is JSON */
#define CTL_F_ALL CTL_F_JSON

#define CTL_MAX_ARGS 256
#define CTL_MAX_REQUEST (64 * 1024)	/* bytes of words */
#define CTL_MAX_REPLY (512u << 20)	/* out + err; a big dump-flows */

/* What flowpathd listens on and fpctl connects to unless told otherwise. */
#define CTL_DEFAULT_SOCKET "/run/flowpath/flowpathd.sock"
#define CTL_SOCKET_ENV "FLOWPATH_SOCKET"

/* Seconds either end waits for the other's next bytes before giving up. */
#define CTL_IO_TIMEOUT_S 10
/* ... except for the start of a reply: some commands take a while. */
#define CTL_REPLY_TIMEOUT_S 60

#define CTL_ERRMSG_LEN 256

struct ctl_hdr {
	uint32_t magic;
	uint32_t word;		/* request: flags; reply: status */
	uint32_t len_a;		/* request: len of words; reply: out_len */
	uint32_t len_b;		/* request: argc; reply: err_len */
};

struct ctl_request {
	uint32_t flags;
	int argc;
	char **argv;		/* argc pointers into words, then NULL */
	char *words;
};

struct ctl_reply {
	int status;
	char *out;		/* NUL-terminated, out_len bytes before it */
	size_t out_len;
	char *err;
	size_t err_len;
};

/*
 * The path to use: opt when given, else $FLOWPATH_SOCKET when set and
 * not empty, else CTL_DEFAULT_SOCKET.
 */
const char *ctl_socket_path(const char *opt);

/*
 * Encodes argc words into a malloc'd request (header included) in *buf,
 * *len bytes. -E2BIG when there are more than CTL_MAX_ARGS words or more
 * than CTL_MAX_REQUEST bytes of them, -EINVAL for no words at all.
 */
int ctl_request_encode(uint32_t flags, int argc, char *const *argv,
		       void **buf, size_t *len);

/*
 * Checks a request's header and turns its words (len bytes at words,
 * taken over by req on success) into req->argv. -EPROTO for a bad magic
 * or unknown flags, -EBADMSG when the words are not argc NUL-terminated
 * strings filling exactly len bytes, -E2BIG past the limits.
 */
int ctl_request_check_hdr(const struct ctl_hdr *h, char *err, size_t errlen);
int ctl_request_decode(const struct ctl_hdr *h, char *words,
		       struct ctl_request *req, char *err, size_t errlen);
void ctl_request_free(struct ctl_request *req);

/* Reads a whole request from fd (each read within CTL_IO_TIMEOUT_S). */
int ctl_request_recv(int fd, struct ctl_request *req, char *err,
		     size_t errlen);

/* Writes a reply to fd. -E2BIG when out + err exceed CTL_MAX_REPLY. */
int ctl_reply_send(int fd, int status, const char *out, size_t out_len,
		   const char *err, size_t err_len);

/* Reads a whole reply; ctl_reply_free() after success. */
int ctl_reply_recv(int fd, struct ctl_reply *r, char *err, size_t errlen);
void ctl_reply_free(struct ctl_reply *r);

/*
 * The client's whole exchange: connects to path, sends the words, reads
 * the reply. On failure err says what went wrong (no daemon listening,
 * permission, a reply cut short).
 */
int ctl_call(const char *path, uint32_t flags, int argc, char *const *argv,
	     struct ctl_reply *r, char *err, size_t errlen);

/* write()/read() of exactly len bytes, each step within timeout_s. */
int ctl_write_full(int fd, const void *buf, size_t len, int timeout_s);
int ctl_read_full(int fd, void *buf, size_t len, int timeout_s);

#endif
