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
 * and the headers: anything bigger cannot be an upcall, so a slot of this
 * size never cuts one. The slots are virtual memory: a page is touched only
 * when a datagram reaches it, so 64 of them cost ~64 pages for small
 * packets.
 */
#define DP_UPCALL_MSG_MAX (64 * 1024 + 8 * 1024)

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
	s->buf = malloc((size_t)DP_UPCALL_SLOTS * DP_UPCALL_MSG_MAX);
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

static uint8_t *slot(const struct dp_upcall_sock *s, unsigned int i)
{
	return s->buf + (size_t)i * DP_UPCALL_MSG_MAX;
}

/* The next unread message of this batch's reads that is an upcall. */
static const struct nlmsghdr *next_message(struct dp_upcall_sock *s)
{
	for (; s->cur < s->n_read; s->cur++, s->off = 0) {
		while (s->off < s->lens[s->cur]) {
			const struct nlmsghdr *nlh = (void *)(slot(s, s->cur) + s->off);
			int left = (int)(s->lens[s->cur] - s->off);

			if (!mnl_nlmsg_ok(nlh, left)) {
				s->n_malformed++;
				break;
			}
			s->off += MNL_ALIGN(nlh->nlmsg_len);
			if (nlh->nlmsg_type == s->family)
				return nlh;
		}
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

/* The i-th socket s reads: itself, then the ones after it, round. */
static int nth_fd(struct dp_upcall_sock *s, struct dp_upcall_sock *set,
		  size_t n_set, size_t i)
{
	return mnl_socket_get_fd(set[((size_t)(s - set) + i) % n_set].nl);
}

/* Until one of the n sockets s reads is readable, or deadline_ms. */
static int wait_readable(struct dp_upcall_sock *s, struct dp_upcall_sock *set,
			 size_t n_set, size_t n, int64_t deadline_ms)
{
	struct pollfd pfd[DP_UPCALL_MAX_SHARE];
	int timeout = -1;
	size_t i;
	int ready;

	if (deadline_ms >= 0) {
		int64_t left = deadline_ms - dp_upcall_now_ms();

		if (left <= 0)
			return -ETIMEDOUT;
		timeout = left > 60000 ? 60000 : (int)left;
	}
	for (i = 0; i < n; i++) {
		pfd[i].fd = nth_fd(s, set, n_set, i);
		pfd[i].events = POLLIN;
	}
	ready = poll(pfd, n, timeout);
	if (ready < 0)
		return errno == EINTR ? -EINTR : fail(s, -errno, "poll on the upcall socket failed");
	return ready ? 0 : -EAGAIN;
}

/*
 * Keeps datagram i of a read when it is whole and from the kernel (port
 * 0: never a process); a slot of length 0 is skipped.
 */
static void keep_datagram(struct dp_upcall_sock *s, unsigned int i,
			  const struct mmsghdr *m, const struct sockaddr_nl *from)
{
	s->lens[i] = 0;
	/* MSG_TRUNC: the datagram was longer than the slot; its rest is gone. */
	if (m->msg_hdr.msg_flags & MSG_TRUNC) {
		s->n_too_big++;
		return;
	}
	if (from->nl_pid != 0)
		return;
	s->lens[i] = m->msg_len;
}

/*
 * Up to max datagrams from fd (s's socket, or another of its set) into
 * s's free slots, in one system call. Returns
 * how many slots it filled (0 when nothing is queued) or an error.
 */
static int read_some(struct dp_upcall_sock *s, int fd, unsigned int max)
{
	struct sockaddr_nl from[DP_UPCALL_SLOTS];
	struct mmsghdr m[DP_UPCALL_SLOTS];
	struct iovec iov[DP_UPCALL_SLOTS];
	unsigned int i, first = s->n_read;
	int n;

	if (max > DP_UPCALL_SLOTS - first)
		max = DP_UPCALL_SLOTS - first;
	memset(m, 0, max * sizeof(m[0]));
	for (i = 0; i < max; i++) {
		iov[i].iov_base = slot(s, first + i);
		iov[i].iov_len = DP_UPCALL_MSG_MAX;
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
		m[i].msg_hdr.msg_name = &from[i];
		m[i].msg_hdr.msg_namelen = sizeof(from[i]);
	}
	do {
		n = recvmmsg(fd, m, max, MSG_DONTWAIT, NULL);
		/* Upcalls were dropped (said once); what is queued is still there. */
	} while (n < 0 && errno == ENOBUFS && ++s->n_overruns);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		return fail(s, -errno, "receiving upcalls failed");
	}
	for (i = 0; i < (unsigned int)n; i++)
		keep_datagram(s, first + i, &m[i], &from[i]);
	s->n_read += n;
	return n;
}

/*
 * Reads what is queued, without waiting, until max upcalls or no free
 * slot. A datagram holds one upcall (the kernel sends each on its own), so
 * asking for as many datagrams as upcalls are wanted takes a whole batch
 * in one call.
 */
static int drain(struct dp_upcall_sock *s, int fd, struct dp_upcall *ups,
		 size_t max, size_t *n)
{
	int got;

	while (*n < max && s->n_read < DP_UPCALL_SLOTS) {
		got = read_some(s, fd, (unsigned int)(max - *n));
		if (got <= 0)
			return got;
		*n += take_pending(s, ups + *n, max - *n);
	}
	return 0;
}

/* Reads s's own socket first, then the others it shares. */
static int drain_set(struct dp_upcall_sock *s, struct dp_upcall_sock *set,
		     size_t n_set, size_t share, struct dp_upcall *ups,
		     size_t max, size_t *n)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && !*n && i < share; i++)
		err = drain(s, nth_fd(s, set, n_set, i), ups, max, n);
	return err;
}

int dp_upcall_recv_batch_shared(struct dp_upcall_sock *s,
				struct dp_upcall_sock *set, size_t n_set,
				size_t share, struct dp_upcall *ups, size_t max,
				int64_t deadline_ms)
{
	size_t n;
	int err;

	if (s < set || s >= set + n_set)
		return fail(s, -EINVAL, "the socket is not one of its set");
	if (share > n_set)
		share = n_set;
	if (share > DP_UPCALL_MAX_SHARE)
		share = DP_UPCALL_MAX_SHARE;
	if (!share)
		share = 1;
	/* A datagram may hold more messages than the last batch took. */
	n = take_pending(s, ups, max);
	if (n)
		return n;
	for (;;) {
		/* Nothing handed out is still in use: start over. */
		s->n_read = s->cur = 0;
		s->off = 0;
		err = drain_set(s, set, n_set, share, ups, max, &n);
		if (err)
			return err;
		if (n)
			return n;
		err = wait_readable(s, set, n_set, share, deadline_ms);
		if (err && err != -EAGAIN)
			return err;
	}
}

int dp_upcall_recv_batch(struct dp_upcall_sock *s, struct dp_upcall *ups,
			 size_t max, int64_t deadline_ms)
{
	return dp_upcall_recv_batch_shared(s, s, 1, 1, ups, max, deadline_ms);
}

int dp_upcall_recv(struct dp_upcall_sock *s, int64_t deadline_ms,
		   struct dp_upcall *up)
{
	int n = dp_upcall_recv_batch(s, up, 1, deadline_ms);

	return n < 0 ? n : 0;
}
