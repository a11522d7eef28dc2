/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Upcalls: packets the datapath hands to userspace (OVS_PACKET_CMD_MISS
 * when no flow matched, OVS_PACKET_CMD_ACTION for a userspace() action),
 * sent by the kernel to the netlink port id a vport was given as its
 * OVS_VPORT_ATTR_UPCALL_PID.
 *
 * An upcall socket is a plain generic-netlink socket bound to its own port
 * id, which is what vports are pointed at. When it falls behind, the
 * kernel drops upcalls and tells us with ENOBUFS; we count those and go on.
 */
#ifndef FP_DP_UPCALL_H
#define FP_DP_UPCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "odp_key.h"

struct dp_upcall {
	uint8_t cmd;			/* OVS_PACKET_CMD_MISS or _ACTION */
	int dp_ifindex;
	const void *packet;		/* into the message: valid until the
					 * next dp_upcall_recv() */
	size_t packet_len;
	size_t orig_len;		/* before a truncation, else packet_len */
	struct odp_key key;
	const void *userdata;		/* userspace() action argument */
	size_t userdata_len;
	bool has_mru;
	uint16_t mru;			/* of a reassembled IP packet */
	bool has_hash;
	uint64_t hash;			/* skb hash, OVS_PACKET_HASH_* bits */
};

/*
 * Parses one message of the packet family. Returns 0, or a negative errno
 * for a malformed one (missing packet or key, bad lengths).
 */
int dp_upcall_parse(const struct nlmsghdr *nlh, struct dp_upcall *up);

#define DP_UPCALL_ERRMSG_LEN 256

struct dp_upcall_sock {
	struct mnl_socket *nl;
	uint32_t portid;	/* what vports' UPCALL_PID should say */
	uint16_t family;	/* the packet family's id */
	char *buf;
	size_t buf_size;
	size_t buf_len;		/* bytes of the last read ... */
	size_t buf_off;		/* ... of which these are consumed */
	uint64_t n_overruns;	/* reads that failed with ENOBUFS */
	uint64_t n_too_big;	/* messages larger than buf, dropped */
	uint64_t n_malformed;	/* messages dp_upcall_parse() refused */
	char errmsg[DP_UPCALL_ERRMSG_LEN];
};

/*
 * Opens and binds the socket; packet_family is the id of the
 * <prefix>_packet family. rcvbuf is the receive buffer to ask for (forced
 * past net.core.rmem_max when we have CAP_NET_ADMIN). Returns 0 or a
 * negative errno with s->errmsg set; dp_upcall_close() is safe after both.
 */
int dp_upcall_open(struct dp_upcall_sock *s, uint16_t packet_family,
		   int rcvbuf);
void dp_upcall_close(struct dp_upcall_sock *s);

/*
 * Waits for the next upcall until deadline_ms (CLOCK_MONOTONIC, in ms; a
 * negative value waits forever) and parses it into up. Returns 0,
 * -ETIMEDOUT, -EINTR when a signal came, or another negative errno (with
 * s->errmsg set) when the socket failed. Overruns, oversized and malformed
 * messages are counted in s and skipped.
 */
int dp_upcall_recv(struct dp_upcall_sock *s, int64_t deadline_ms,
		   struct dp_upcall *up);

/* CLOCK_MONOTONIC now, in milliseconds: the base for deadlines. */
int64_t dp_upcall_now_ms(void);

#endif
