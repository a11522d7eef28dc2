/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The end of a netlink request: an NLMSG_ERROR (an ack when its error is 0)
 * or the NLMSG_DONE of a dump, and the extended ack the kernel attached to
 * either when the socket has NETLINK_EXT_ACK on.
 */
#ifndef FP_DP_EXTACK_H
#define FP_DP_EXTACK_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/netlink.h>

#define DP_EXTACK_MSG_LEN 256

struct dp_extack {
	int error;			/* 0, or the kernel's negative errno */
	char msg[DP_EXTACK_MSG_LEN];	/* NLMSGERR_ATTR_MSG, or "" */
	bool has_offset;
	uint32_t offset;		/* NLMSGERR_ATTR_OFFS: into our request */
	bool has_miss_type;
	uint32_t miss_type;		/* NLMSGERR_ATTR_MISS_TYPE */
};

/*
 * Parses an NLMSG_ERROR or NLMSG_DONE message into e. Returns 0, -EBADMSG
 * if the message is too short for what it claims to carry or its extack
 * attributes are malformed, -EINVAL if it is neither type.
 */
int dp_extack_parse(const struct nlmsghdr *nlh, struct dp_extack *e);

#endif
