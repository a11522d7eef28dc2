// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "dp_batch.h"
#include "dp_packet.h"

#define OVS_HDRS_LEN (sizeof(struct genlmsghdr) + sizeof(struct ovs_header))


struct nlmsghdr *dp_packet_build_execute(void *buf, size_t size,
					 uint16_t family, int dp_ifindex,
					 const struct dp_packet_op *op)
{
	struct nlmsghdr *nlh;

	if (size < MNL_NLMSG_HDRLEN + OVS_HDRS_LEN ||
	    op->packet_len > UINT16_MAX - MNL_ATTR_HDRLEN)
		return NULL;
	nlh = dp_client_msg_start(buf, family, 0, OVS_PACKET_CMD_EXECUTE,
				  OVS_PACKET_VERSION, dp_ifindex);
	if (!mnl_attr_put_check(nlh, size, OVS_PACKET_ATTR_PACKET,
				op->packet_len, op->packet) ||
	    !mnl_attr_put_check(nlh, size, OVS_PACKET_ATTR_KEY, op->key_len,
				op->key) ||
	    !mnl_attr_put_check(nlh, size, OVS_PACKET_ATTR_ACTIONS,
				op->actions_len, op->actions))
		return NULL;
	if (op->mru && !mnl_attr_put_u16_check(nlh, size, OVS_PACKET_ATTR_MRU,
					       op->mru))
		return NULL;
	return nlh;
}

static void exec_done(size_t i, const struct dp_extack *e, void *arg)
{
	struct dp_packet_op *ops = arg;

	ops[i].error = e->error;
	snprintf(ops[i].errmsg, sizeof(ops[i].errmsg), "%s", e->msg);
}

bool dp_packet_batch_add(struct dp_batch *b, uint16_t family, int dp_ifindex,
			 struct dp_packet_op *op, size_t i)
{
	size_t want = MNL_NLMSG_HDRLEN + OVS_HDRS_LEN + 4 * MNL_ATTR_HDRLEN +
		      MNL_ALIGN(op->packet_len) + MNL_ALIGN(op->key_len) +
		      MNL_ALIGN(op->actions_len) + 8;
	struct nlmsghdr *nlh;
	void *room;

	op->error = 0;
	op->errmsg[0] = '\0';
	if (want > DP_BATCH_BUF_SIZE || op->packet_len > UINT16_MAX - MNL_ATTR_HDRLEN) {
		op->error = -EMSGSIZE;
		snprintf(op->errmsg, sizeof(op->errmsg),
			 "a %zu-byte packet does not fit in one request",
			 op->packet_len);
		return true;
	}
	room = dp_batch_room(b, want);
	if (!room)
		return false;
	nlh = dp_packet_build_execute(room, want, family, dp_ifindex, op);
	if (!nlh) {
		op->error = -EMSGSIZE;
		snprintf(op->errmsg, sizeof(op->errmsg), "the request does not fit");
		return true;
	}
	dp_batch_add(b, nlh, i);
	return true;
}

int dp_packet_execute(struct dp_client *c, int dp_ifindex,
		      struct dp_packet_op *ops, size_t n)
{
	static const struct dp_batch_handler h = { NULL, exec_done };
	struct dp_batch b;
	uint16_t family;
	size_t i = 0;
	int err;

	err = dp_client_family(c, DP_FAMILY_PACKET, &family);
	if (err)
		return err;
	if (dp_batch_init(&b)) {
		dp_client_set_error(c, "out of memory");
		return -ENOMEM;
	}
	while (!err && i < n) {
		if (dp_packet_batch_add(&b, family, dp_ifindex, &ops[i], i))
			i++;
		else
			err = dp_batch_send(c, &b, &h, ops);
	}
	if (!err)
		err = dp_batch_send(c, &b, &h, ops);
	for (; err && i < n; i++) {
		ops[i].error = err;
		snprintf(ops[i].errmsg, sizeof(ops[i].errmsg), "not sent");
	}
	dp_batch_fini(&b);
	return err;
}
