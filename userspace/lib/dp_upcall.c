// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/openvswitch.h>

#include "dp_attr.h"
#include "dp_upcall.h"
#include "odp_flow.h"

/*
 * A packet attribute is at most 64 KiB (its length is a u16), plus the key
 * and the headers: anything bigger cannot be an upcall. A batch reads
 * datagrams back to back while this much room is left, so no read can be
 * cut; the rest of the buffer is what makes batches (a batch of 1,500-byte
 * packets takes ~1.7 KiB each).
 */
#define DP_UPCALL_MSG_MAX (64 * 1024 + 8 * 1024)
#define DP_UPCALL_BUF_SIZE (DP_UPCALL_MSG_MAX + 256 * 1024)

#define OVS_HDRS_LEN (sizeof(struct genlmsghdr) + sizeof(struct ovs_header))

/* ---- parsing ---- */

static int validate_packet_attr(const struct nlattr *attr, int type)
{
	switch (type) {
	case OVS_PACKET_ATTR_KEY:
		return mnl_attr_validate(attr, MNL_TYPE_NESTED);
	case OVS_PACKET_ATTR_MRU:
		return mnl_attr_validate(attr, MNL_TYPE_U16);
	case OVS_PACKET_ATTR_LEN:
		return mnl_attr_validate(attr, MNL_TYPE_U32);
	case OVS_PACKET_ATTR_HASH:
		return mnl_attr_validate(attr, MNL_TYPE_U64);
	default:
		/* The packet and userdata are any bytes at all. */
		return 0;
	}
}

static void take_optional(const struct nlattr *const *tb, struct dp_upcall *up)
{
	const struct nlattr *a;

	up->orig_len = up->packet_len;
	a = tb[OVS_PACKET_ATTR_LEN];
	if (a)
		up->orig_len = mnl_attr_get_u32(a);
	a = tb[OVS_PACKET_ATTR_USERDATA];
	if (a) {
		up->userdata = mnl_attr_get_payload(a);
		up->userdata_len = mnl_attr_get_payload_len(a);
	}
	a = tb[OVS_PACKET_ATTR_MRU];
	if (a) {
		up->has_mru = true;
		up->mru = mnl_attr_get_u16(a);
	}
	a = tb[OVS_PACKET_ATTR_HASH];
	if (a) {
		up->has_hash = true;
		up->hash = mnl_attr_get_u64(a);
	}
}

int dp_upcall_parse(const struct nlmsghdr *nlh, struct dp_upcall *up)
{
	const struct nlattr *tb[OVS_PACKET_ATTR_MAX + 1] = { NULL };
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct ovs_header *ovs;
	const struct nlattr *key;
	int err;

	memset(up, 0, sizeof(*up));
	err = dp_attr_parse_table(nlh, OVS_HDRS_LEN, tb, OVS_PACKET_ATTR_MAX,
				  validate_packet_attr);
	if (err)
		return err;
	key = tb[OVS_PACKET_ATTR_KEY];
	if (!tb[OVS_PACKET_ATTR_PACKET] || !key)
		return -EBADMSG;
	up->key_attrs = mnl_attr_get_payload(key);
	up->key_attrs_len = mnl_attr_get_payload_len(key);
	err = fp_odp_key_from_attrs(up->key_attrs, up->key_attrs_len, &up->key);
	if (err)
		return err;
	ovs = (const struct ovs_header *)(genl + 1);
	up->cmd = genl->cmd;
	up->dp_ifindex = ovs->dp_ifindex;
	up->packet = mnl_attr_get_payload(tb[OVS_PACKET_ATTR_PACKET]);
	up->packet_len = mnl_attr_get_payload_len(tb[OVS_PACKET_ATTR_PACKET]);
	take_optional(tb, up);
	return 0;
}

/* ---- the socket ---- */

static int fail(struct dp_upcall_sock *s, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct dp_upcall_sock *s, int err, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	n = strlen(s->errmsg);
	snprintf(s->errmsg + n, sizeof(s->errmsg) - n, ": %s", strerror(-err));
	return err;
}

/*
 * Upcalls come in bursts (one per packet of every new flow): ask for a big
 * buffer, past rmem_max if we are allowed to, as Open vSwitch does.
 */
static void set_rcvbuf(struct dp_upcall_sock *s, int rcvbuf)
{
	int fd = mnl_socket_get_fd(s->nl);

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
}

int dp_upcall_open(struct dp_upcall_sock *s, uint16_t packet_family,
		   int rcvbuf)
{
	memset(s, 0, sizeof(*s));
	s->family = packet_family;
	s->buf_size = DP_UPCALL_BUF_SIZE;
	s->buf = malloc(s->buf_size);
	if (!s->buf)
		return fail(s, -ENOMEM, "cannot allocate the upcall buffer");
	s->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!s->nl)
		return fail(s, -errno, "cannot open the upcall socket");
	if (rcvbuf > 0)
		set_rcvbuf(s, rcvbuf);
	if (mnl_socket_bind(s->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return fail(s, -errno, "cannot bind the upcall socket");
	s->portid = mnl_socket_get_portid(s->nl);
	return 0;
}

void dp_upcall_close(struct dp_upcall_sock *s)
{
	if (s->nl)
		mnl_socket_close(s->nl);
	free(s->buf);
	s->nl = NULL;
	s->buf = NULL;
}

int64_t dp_upcall_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The next unread message of this batch's reads that is an upcall. */
static const struct nlmsghdr *next_message(struct dp_upcall_sock *s)
{
	while (s->buf_off < s->buf_len) {
		const struct nlmsghdr *nlh = (void *)(s->buf + s->buf_off);
		int left = (int)(s->buf_len - s->buf_off);

		if (!mnl_nlmsg_ok(nlh, left)) {
			s->n_malformed++;
			s->buf_off = s->buf_len;
			break;
		}
		s->buf_off += MNL_ALIGN(nlh->nlmsg_len);
		if (nlh->nlmsg_type == s->family)
			return nlh;
	}
	return NULL;
}

/* Parses what this batch read and has not handed out yet, up to max. */
static size_t take_pending(struct dp_upcall_sock *s, struct dp_upcall *ups,
			   size_t max)
{
	const struct nlmsghdr *nlh;
	size_t n = 0;

	while (n < max && (nlh = next_message(s))) {
		if (dp_upcall_parse(nlh, &ups[n]))
			s->n_malformed++;
		else
			n++;
	}
	return n;
}

static int wait_readable(struct dp_upcall_sock *s, int64_t deadline_ms)
{
	struct pollfd pfd = { .fd = mnl_socket_get_fd(s->nl), .events = POLLIN };
	int timeout = -1;
	int n;

	if (deadline_ms >= 0) {
		int64_t left = deadline_ms - dp_upcall_now_ms();

		if (left <= 0)
			return -ETIMEDOUT;
		timeout = left > 60000 ? 60000 : (int)left;
	}
	n = poll(&pfd, 1, timeout);
	if (n < 0)
		return errno == EINTR ? -EINTR : fail(s, -errno, "poll on the upcall socket failed");
	return n ? 0 : -EAGAIN;
}

/*
 * One datagram, appended to this batch's reads; 0, -EAGAIN when nothing
 * (more) is queued, or an error. Datagrams start 4-byte aligned, as
 * netlink messages must: the kernel may omit the last attribute's padding.
 */
static int read_one(struct dp_upcall_sock *s)
{
	struct sockaddr_nl from = { 0 };
	socklen_t from_len = sizeof(from);
	size_t at = MNL_ALIGN(s->buf_len);
	ssize_t n;

	n = recvfrom(mnl_socket_get_fd(s->nl), s->buf + at, s->buf_size - at,
		     MSG_DONTWAIT | MSG_TRUNC, (struct sockaddr *)&from,
		     &from_len);
	if (n < 0) {
		if (errno == ENOBUFS) {
			s->n_overruns++;
			return 0;
		}
		if (errno == EAGAIN || errno == EINTR)
			return -EAGAIN;
		return fail(s, -errno, "receiving upcalls failed");
	}
	/* MSG_TRUNC makes recv() return the real size of what came. */
	if ((size_t)n > s->buf_size - at) {
		s->n_too_big++;
		return 0;
	}
	/* Upcalls come from the kernel (port 0), never from a process. */
	if (from.nl_pid != 0)
		return 0;
	s->buf_len = at + n;
	return 0;
}

/* Reads what is queued, without waiting, until max upcalls or no room. */
static int drain(struct dp_upcall_sock *s, struct dp_upcall *ups, size_t max,
		 size_t *n)
{
	int err;

	while (*n < max && s->buf_size - MNL_ALIGN(s->buf_len) >= DP_UPCALL_MSG_MAX) {
		err = read_one(s);
		if (err)
			return err == -EAGAIN ? 0 : err;
		*n += take_pending(s, ups + *n, max - *n);
	}
	return 0;
}

int dp_upcall_recv_batch(struct dp_upcall_sock *s, struct dp_upcall *ups,
			 size_t max, int64_t deadline_ms)
{
	size_t n;
	int err;

	/* A datagram may hold more messages than the last batch took. */
	n = take_pending(s, ups, max);
	if (n)
		return n;
	for (;;) {
		/* Nothing handed out is still in use: start over. */
		s->buf_len = s->buf_off = 0;
		err = drain(s, ups, max, &n);
		if (err)
			return err;
		if (n)
			return n;
		err = wait_readable(s, deadline_ms);
		if (err && err != -EAGAIN)
			return err;
	}
}

int dp_upcall_recv(struct dp_upcall_sock *s, int64_t deadline_ms,
		   struct dp_upcall *up)
{
	int n = dp_upcall_recv_batch(s, up, 1, deadline_ms);

	return n < 0 ? n : 0;
}
