/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Upcalls: packets the datapath hands to userspace (OVS_PACKET_CMD_MISS
 * when no flow matched, OVS_PACKET_CMD_ACTION for a userspace() action),
 * sent by the kernel to a netlink port id: the one of the CPU the packet
 * arrived on (OVS_DP_F_DISPATCH_UPCALL_PER_CPU and OVS_DP_ATTR_PER_CPU_PIDS)
 * or, without that feature, one of its input vport's OVS_VPORT_ATTR_UPCALL_PID
 * (chosen by the packet's hash when a vport has several).
 *
 * An upcall socket is a plain generic-netlink socket bound to its own port
 * id. A slow path owns one per handler thread (struct dp_upcall_handlers),
 * each read by its thread only, and points all its datapaths at them.
 * When one falls behind, the kernel drops upcalls and tells us with
 * ENOBUFS; we count those and go on.
 */
#ifndef FP_DP_UPCALL_H
#define FP_DP_UPCALL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/openvswitch.h>

#include "dp_client.h"
#include "flow.h"

struct dp_upcall {
	uint8_t cmd;			/* OVS_PACKET_CMD_MISS or _ACTION */
	int dp_ifindex;
	/*
	 * The packet, the key as the kernel sent it (what OVS_PACKET_CMD_EXECUTE
	 * and a flow put for this packet should carry) and the userspace()
	 * action's argument point into the socket's buffer: valid until the
	 * next receive on that socket.
	 */
	const void *packet;
	size_t packet_len;
	size_t orig_len;		/* before a truncation, else packet_len */
	const void *key_attrs;
	size_t key_attrs_len;
	struct fp_flow key;		/* key_attrs parsed; key.in_port is
					 * the port it came in on */
	const void *userdata;		/* NULL when none */
	size_t userdata_len;
	bool has_mru;
	uint16_t mru;			/* of a reassembled IP packet */
	bool has_hash;
	uint64_t hash;			/* skb hash, OVS_PACKET_HASH_* bits */
};

/*
 * Parses one message of the packet family. Returns 0, or a negative errno
 * for a malformed one (missing packet or key, bad lengths, a key that
 * fp_odp_key_from_attrs() refuses).
 */
int dp_upcall_parse(const struct nlmsghdr *nlh, struct dp_upcall *up);

#define DP_UPCALL_ERRMSG_LEN 256

/* Datagrams one receive takes at most: one system call for a batch. */
#define DP_UPCALL_SLOTS 64

struct dp_upcall_sock {
	struct mnl_socket *nl;
	uint32_t portid;	/* what the kernel is given to send to */
	uint16_t family;	/* the packet family's id */
	uint8_t *buf;		/* DP_UPCALL_SLOTS slots, a datagram each */
	uint32_t lens[DP_UPCALL_SLOTS];	/* of the datagrams of this batch */
	unsigned int n_read;	/* slots filled by this batch's reads ... */
	unsigned int cur;	/* ... the one being consumed ... */
	size_t off;		/* ... and how far */
	uint64_t n_overruns;	/* reads that failed with ENOBUFS */
	uint64_t n_too_big;	/* messages larger than a slot, dropped */
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
 * Waits until deadline_ms (CLOCK_MONOTONIC, in ms; negative: forever; 0 or
 * any time past: not at all, only what is queued) for the first upcall,
 * then takes, without waiting, up to max - 1 more that are already queued. Returns how many it put in ups (at least 1),
 * -ETIMEDOUT, -EINTR when a signal came, or another negative errno (with
 * s->errmsg set) when the socket failed. Overruns, oversized and malformed
 * messages are counted in s and skipped.
 */
int dp_upcall_recv_batch(struct dp_upcall_sock *s, struct dp_upcall *ups,
			 size_t max, int64_t deadline_ms);

/*
 * The same, for one of a set of sockets (s is &set[i]) whose readers help
 * each other: s reads its own socket and the share - 1 after it in the
 * set (round), its own first; it waits on all of them, and what it reads
 * lands in its own slots. The kernel's per-CPU dispatch gives all the
 * misses of one CPU to one socket; with a share of k, k handlers take
 * turns at such a burst, and an upcall wakes at most k readers (a bound,
 * so that a large set does not stampede). Datagrams are read whole, so
 * two readers of one socket never split an upcall.
 */
#define DP_UPCALL_MAX_SHARE 16
int dp_upcall_recv_batch_shared(struct dp_upcall_sock *s,
				struct dp_upcall_sock *set, size_t n_set,
				size_t share, struct dp_upcall *ups, size_t max,
				int64_t deadline_ms);

/* One upcall: dp_upcall_recv_batch() with max 1; returns 0 on success. */
int dp_upcall_recv(struct dp_upcall_sock *s, int64_t deadline_ms,
		   struct dp_upcall *up);

/* CLOCK_MONOTONIC now, in milliseconds: the base for deadlines. */
int64_t dp_upcall_now_ms(void);

/* ---- handler sockets and the datapath's dispatch ---- */

enum dp_upcall_dispatch {
	DP_UPCALL_AUTO,		/* per CPU if the datapath takes it */
	DP_UPCALL_PER_CPU,
	DP_UPCALL_PER_VPORT,
};

/*
 * A slow path's handler sockets, shared by every datapath it serves: a
 * handler thread reads its own socket whichever datapath the upcall is
 * from (struct dp_upcall says which).
 */
struct dp_upcall_handlers {
	size_t n;			/* sockets: one per handler thread */
	struct dp_upcall_sock *socks;
	uint32_t *pids;			/* socks[i].portid, for the kernel */
	char errmsg[DP_ERRMSG_LEN];
};

/* A datapath pointed at the handlers: what dp_upcall_handlers_attach() did. */
struct dp_upcall_dp {
	char name[IFNAMSIZ];
	int dp_ifindex;
	enum dp_upcall_dispatch dispatch;	/* what is in force */
	uint32_t user_features;			/* the datapath's, as we left them */
};

/*
 * Opens n upcall sockets; c must have the packet family. Returns 0, or a
 * negative errno with h->errmsg set; dp_upcall_handlers_close() is safe
 * after both.
 */
int dp_upcall_handlers_open(struct dp_upcall_handlers *h, struct dp_client *c,
			    size_t n, int rcvbuf);

/*
 * Points datapath dp_name's upcalls at the handlers, filling *dp: per CPU
 * when want allows it and the datapath takes
 * OVS_DP_F_DISPATCH_UPCALL_PER_CPU (one pid per possible CPU, CPU i to
 * handler i % n), else per vport (OVS_DP_F_VPORT_PIDS, every vport's
 * UPCALL_PID set to all n pids; the kernel picks one by packet hash).
 * The datapath's other features are kept. Attaching several datapaths to
 * one set is how a daemon serves several bridges. c must have the
 * datapath and vport families. Returns 0, or a negative errno with
 * h->errmsg set (-EOPNOTSUPP when want is PER_CPU and the datapath
 * refused it).
 */
int dp_upcall_handlers_attach(struct dp_upcall_handlers *h,
			      struct dp_client *c, const char *dp_name,
			      enum dp_upcall_dispatch want,
			      struct dp_upcall_dp *dp);

/*
 * Points one vport of an attached datapath at the handlers (a port added
 * with a single pid). Per CPU there is nothing to do: vport pids are not
 * used then. Returns 0 or a negative errno with h->errmsg set.
 */
int dp_upcall_handlers_attach_vport(struct dp_upcall_handlers *h,
				    struct dp_client *c,
				    const struct dp_upcall_dp *dp,
				    uint32_t port_no);

/* The handler a pid belongs to, or -1. */
int dp_upcall_handlers_index(const struct dp_upcall_handlers *h,
			     uint32_t portid);

/* Closes the sockets. The datapaths keep pointing at their stale pids (their
 * upcalls are counted as lost) until another slow path takes over. */
void dp_upcall_handlers_close(struct dp_upcall_handlers *h);

/* Request builders, for tests: the message in buf (DP_REQ_BUF_SIZE). */
struct nlmsghdr *dp_upcall_build_dp_features(void *buf, uint16_t family,
					     const char *dp_name,
					     uint32_t features,
					     const uint32_t *cpu_pids,
					     size_t n_cpus);
struct nlmsghdr *dp_upcall_build_vport_pids(void *buf, uint16_t family,
					    int dp_ifindex, uint32_t port_no,
					    const uint32_t *pids, size_t n);

#endif
