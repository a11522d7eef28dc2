/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A generic-netlink client for the Open vSwitch datapath uAPI
 * (<linux/openvswitch.h>), spoken by openvswitch.ko and flowpath.ko alike.
 *
 * One client is one netlink socket with extended acks on; it resolves the
 * four family ids on first use and runs one request at a time to its end
 * (the ack, the error, or a dump's DONE). Every failure returns a negative
 * errno and leaves a sentence for the user in dp_client_error(): what was
 * refused and why, with the kernel's extack text when it gave one.
 *
 * Requests are built by the caller into its own buffer (libmnl style) with
 * dp_client_msg_start(); see dp_datapath.h and dp_vport.h for the builders.
 */
#ifndef FP_DP_CLIENT_H
#define FP_DP_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

enum dp_family {
	DP_FAMILY_DATAPATH,
	DP_FAMILY_VPORT,
	DP_FAMILY_FLOW,
	DP_FAMILY_PACKET,
	DP_FAMILY_COUNT,
};

/* Big enough for any request this library builds. */
#define DP_REQ_BUF_SIZE 4096
#define DP_ERRMSG_LEN 512

struct dp_client {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	char prefix[GENL_NAMSIZ];
	uint16_t family_id[DP_FAMILY_COUNT];	/* 0: not resolved yet */
	void *rx;				/* receive buffer */
	size_t rx_size;
	char errmsg[DP_ERRMSG_LEN];
};

/*
 * Called by dp_client_transact() for each reply message (not for the
 * ack/DONE). Returns 0, or a negative errno to fail the request (the rest
 * of its replies are then received and dropped).
 */
typedef int (*dp_reply_cb)(const struct nlmsghdr *nlh, void *arg);

/*
 * Opens the socket. prefix names the families (prefix_datapath, ...), NULL
 * for "ovs". Returns 0 or a negative errno (with dp_client_error() set);
 * dp_client_fini() is safe after either.
 */
int dp_client_init(struct dp_client *c, const char *prefix);
void dp_client_fini(struct dp_client *c);

/* The sentence describing the last failure. */
const char *dp_client_error(const struct dp_client *c);

/* Sets it, for the request helpers built on the client. */
void dp_client_set_error(struct dp_client *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "<prefix>_datapath" etc. into buf; -ENAMETOOLONG if it does not fit. */
int dp_family_name(const char *prefix, enum dp_family f, char *buf,
		   size_t size);

/*
 * The id of family f, resolved with CTRL_CMD_GETFAMILY on first use.
 * -ENOENT when the family is not registered (no module loaded).
 */
int dp_client_family(struct dp_client *c, enum dp_family f, uint16_t *id);

/*
 * Starts a request in buf: netlink header (type family_id, flags), generic
 * netlink header (cmd, version) and struct ovs_header. Returns the message,
 * to which the caller adds attributes.
 */
struct nlmsghdr *dp_client_msg_start(void *buf, uint16_t family_id,
				     uint16_t flags, uint8_t cmd,
				     uint8_t version, int dp_ifindex);

/*
 * Sends req (seq and NLM_F_REQUEST are set here, NLM_F_ACK too unless it
 * is a dump) and receives until it ends, passing each reply of req's
 * family to cb (may be NULL). Returns 0 or a negative errno.
 */
int dp_client_transact(struct dp_client *c, struct nlmsghdr *req,
		       dp_reply_cb cb, void *arg);

/* Parses a CTRL_CMD_GETFAMILY reply: the family id. For tests, too. */
int dp_ctrl_parse_family_id(const struct nlmsghdr *nlh, uint16_t *id);

/* "OVS_DP_CMD_NEW" for (DP_FAMILY_DATAPATH, OVS_DP_CMD_NEW), etc. */
const char *dp_cmd_name(enum dp_family f, uint8_t cmd);

#endif
