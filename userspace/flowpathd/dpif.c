// SPDX-License-Identifier: GPL-2.0
/*
 * Batched flow and packet requests over a dp_client's socket: every
 * request of a batch is built into one buffer and sent with as few
 * sendmsg() calls as fit the socket; then each request's ack or error is
 * matched to it by sequence number.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/openvswitch.h>

#include "dp_attr.h"
#include "dp_extack.h"
#include "dpif.h"
#include "odp_flow.h"

/* One sendmsg() at most this big: well under the default socket sndbuf. */
#define SEND_CHUNK (128 * 1024)
/* Headers and attribute overhead of one request, besides its payloads. */
#define MSG_OVERHEAD 256

static const char *op_name(enum fpd_op_type t)
{
	switch (t) {
	case FPD_OP_PUT: return "OVS_FLOW_CMD_NEW";
	case FPD_OP_MODIFY: return "OVS_FLOW_CMD_SET";
	case FPD_OP_DEL: return "OVS_FLOW_CMD_DEL";
	default: return "OVS_PACKET_CMD_EXECUTE";
	}
}

static size_t op_size(const struct fpd_op *op)
{
	return MNL_ALIGN(MSG_OVERHEAD + op->key_len + op->mask_len +
			 op->actions_len + op->packet_len);
}

/*
 * A nest holding an attribute stream we already have. Without
 * NLA_F_NESTED, as Open vSwitch sends them: the uAPI's policies predate
 * the flag and flowpath.ko, like strict kernels, refuses it there.
 */
static void put_nested(struct nlmsghdr *nlh, uint16_t type, const void *data,
		       size_t len)
{
	mnl_attr_put(nlh, type, len, data);
}

/* Replies we do not read: ask the kernel to leave the flow out of them. */
#define TERSE (OVS_UFID_F_OMIT_KEY | OVS_UFID_F_OMIT_MASK | OVS_UFID_F_OMIT_ACTIONS)

static void build_flow(struct nlmsghdr *nlh, const struct fpd_op *op)
{
	mnl_attr_put(nlh, OVS_FLOW_ATTR_UFID, sizeof(op->ufid), &op->ufid);
	mnl_attr_put_u32(nlh, OVS_FLOW_ATTR_UFID_FLAGS, TERSE);
	if (op->type == FPD_OP_DEL)
		return;
	put_nested(nlh, OVS_FLOW_ATTR_KEY, op->key, op->key_len);
	put_nested(nlh, OVS_FLOW_ATTR_MASK, op->mask, op->mask_len);
	put_nested(nlh, OVS_FLOW_ATTR_ACTIONS, op->actions, op->actions_len);
}

static void build_execute(struct nlmsghdr *nlh, const struct fpd_op *op)
{
	mnl_attr_put(nlh, OVS_PACKET_ATTR_PACKET, op->packet_len, op->packet);
	put_nested(nlh, OVS_PACKET_ATTR_KEY, op->key, op->key_len);
	put_nested(nlh, OVS_PACKET_ATTR_ACTIONS, op->actions, op->actions_len);
}

static struct nlmsghdr *build(struct dp_client *c, void *buf,
			      const struct fpd_op *op, uint32_t seq)
{
	static const uint8_t cmds[] = {
		[FPD_OP_PUT] = OVS_FLOW_CMD_NEW,
		[FPD_OP_MODIFY] = OVS_FLOW_CMD_SET,
		[FPD_OP_DEL] = OVS_FLOW_CMD_DEL,
		[FPD_OP_EXECUTE] = OVS_PACKET_CMD_EXECUTE,
	};
	bool packet = op->type == FPD_OP_EXECUTE;
	uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
	struct nlmsghdr *nlh;

	if (op->type == FPD_OP_PUT)
		flags |= NLM_F_CREATE | NLM_F_EXCL;
	nlh = dp_client_msg_start(buf, c->family_id[packet ? DP_FAMILY_PACKET :
						    DP_FAMILY_FLOW],
				  flags, cmds[op->type],
				  packet ? OVS_PACKET_VERSION : OVS_FLOW_VERSION,
				  op->dp_ifindex);
	nlh->nlmsg_seq = seq;
	if (packet)
		build_execute(nlh, op);
	else
		build_flow(nlh, op);
	return nlh;
}

/* ---- results ---- */

static void describe(struct fpd_op *op, const struct dp_extack *e)
{
	char why[FPD_OP_ERRMSG_LEN] = "";

	op->error = e->error;
	/* openvswitch.ko says nothing of a key/mask it refuses: work it out. */
	if (!e->msg[0] && e->error == -EINVAL && op->type == FPD_OP_PUT)
		fp_odp_flow_explain(op->key, op->key_len, op->mask, op->mask_len,
				    why, sizeof(why));
	snprintf(op->errmsg, sizeof(op->errmsg), "kernel refused %s: %s (%s)",
		 op_name(op->type), e->msg[0] ? e->msg : why[0] ? why :
		 "no reason given", strerror(-e->error));
}

struct collect {
	struct fpd_op *ops;
	size_t n;
	uint32_t first_seq;
	size_t left;		/* acks still to come */
	bool *answered;
};

static void take_message(struct collect *col, const struct nlmsghdr *nlh)
{
	struct dp_extack e;
	size_t i;

	if (nlh->nlmsg_type != NLMSG_ERROR)
		return;		/* a reply we did not ask for */
	i = nlh->nlmsg_seq - col->first_seq;
	if (i >= col->n || col->answered[i] || dp_extack_parse(nlh, &e))
		return;
	col->answered[i] = true;
	col->left--;
	if (e.error)
		describe(&col->ops[i], &e);
}

static int receive_acks(struct dp_client *c, struct collect *col)
{
	int len;

	while (col->left) {
		const struct nlmsghdr *nlh;

		len = (int)mnl_socket_recvfrom(c->nl, c->rx, c->rx_size);
		if (len < 0)
			return -errno;
		for (nlh = c->rx; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len))
			take_message(col, nlh);
	}
	return 0;
}

static void fail_unanswered(struct collect *col, int err, const char *what)
{
	size_t i;

	for (i = 0; i < col->n; i++) {
		if (col->answered[i] || col->ops[i].error)
			continue;
		col->ops[i].error = err;
		snprintf(col->ops[i].errmsg, sizeof(col->ops[i].errmsg),
			 "%s %s: %s", what, op_name(col->ops[i].type),
			 strerror(-err));
	}
}

/* Ops from `from` on were not sent: they fail with err. */
static void fail_unanswered_from(struct collect *col, size_t from, int err)
{
	size_t i;

	for (i = from; i < col->n; i++) {
		col->answered[i] = true;
		col->ops[i].error = err;
		snprintf(col->ops[i].errmsg, sizeof(col->ops[i].errmsg),
			 "cannot send %s: %s", op_name(col->ops[i].type),
			 strerror(-err));
	}
}

/* ---- a batch ---- */

static int send_chunk(struct dp_client *c, const void *buf, size_t len)
{
	ssize_t n = mnl_socket_sendto(c->nl, buf, len);

	return n < 0 ? -errno : 0;
}

/* Builds and sends ops[from..to). */
static int send_range(struct dp_client *c, struct fpd_op *ops, size_t from,
		      size_t to, uint32_t first_seq, uint8_t *buf)
{
	size_t off = 0, i;

	for (i = from; i < to; i++) {
		struct nlmsghdr *nlh = build(c, buf + off, &ops[i],
					     first_seq + (uint32_t)i);

		off += MNL_ALIGN(nlh->nlmsg_len);
	}
	return send_chunk(c, buf, off);
}

/*
 * Sends every op in chunks of at most SEND_CHUNK bytes (an op bigger than
 * that alone). Returns how many went out; *err says why the rest did not.
 */
static size_t send_all(struct dp_client *c, struct fpd_op *ops, size_t n,
		       uint32_t first_seq, uint8_t *buf, int *err)
{
	size_t i, from = 0, chunk = 0;

	*err = 0;
	for (i = 0; i < n; i++) {
		if (i > from && chunk + op_size(&ops[i]) > SEND_CHUNK) {
			*err = send_range(c, ops, from, i, first_seq, buf);
			if (*err)
				return from;
			from = i;
			chunk = 0;
		}
		chunk += op_size(&ops[i]);
	}
	*err = send_range(c, ops, from, n, first_seq, buf);
	return *err ? from : n;
}

void fpd_dpif_run(struct dp_client *c, struct fpd_op *ops, size_t n)
{
	struct collect col = { .ops = ops, .n = n };
	size_t i, size = SEND_CHUNK;
	uint8_t *buf;
	int err, rerr;

	if (!n)
		return;
	for (i = 0; i < n; i++) {
		ops[i].error = 0;
		ops[i].errmsg[0] = '\0';
		if (op_size(&ops[i]) > size)
			size = op_size(&ops[i]);
	}
	buf = malloc(size);
	col.answered = calloc(n, sizeof(*col.answered));
	if (!buf || !col.answered) {
		fail_unanswered(&col, -ENOMEM, "no memory for");
		goto out;
	}
	col.first_seq = c->seq + 1;
	c->seq += (uint32_t)n;
	/* What went out is answered, even when the rest could not be sent. */
	col.left = send_all(c, ops, n, col.first_seq, buf, &err);
	if (err)
		fail_unanswered_from(&col, col.left, err);
	rerr = receive_acks(c, &col);
	if (rerr)
		fail_unanswered(&col, rerr, "no answer to");
out:
	free(col.answered);
	free(buf);
}

/* ---- dumps ---- */

struct dump {
	int (*cb)(const struct fpd_dumped *f, void *arg);
	void *arg;
	int cb_ret;
};

static int flow_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, OVS_FLOW_ATTR_MAX) < 0)
		return MNL_CB_OK;
	tb[type] = attr;
	return MNL_CB_OK;
}

static void take_payload(const struct nlattr *a, const void **p, size_t *len)
{
	*p = a ? mnl_attr_get_payload(a) : NULL;
	*len = a ? mnl_attr_get_payload_len(a) : 0;
}

static int parse_dumped(const struct nlmsghdr *nlh, struct fpd_dumped *f)
{
	const struct nlattr *tb[OVS_FLOW_ATTR_MAX + 1] = { NULL };
	const struct nlattr *a;
	struct ovs_flow_stats st;
	int err;

	memset(f, 0, sizeof(*f));
	err = dp_attr_parse(nlh, sizeof(struct genlmsghdr) + sizeof(struct ovs_header),
			    flow_attr_cb, tb);
	if (err)
		return err;
	a = tb[OVS_FLOW_ATTR_UFID];
	if (a && mnl_attr_get_payload_len(a) == sizeof(f->ufid)) {
		memcpy(&f->ufid, mnl_attr_get_payload(a), sizeof(f->ufid));
		f->has_ufid = true;
	}
	take_payload(tb[OVS_FLOW_ATTR_KEY], &f->key, &f->key_len);
	take_payload(tb[OVS_FLOW_ATTR_MASK], &f->mask, &f->mask_len);
	take_payload(tb[OVS_FLOW_ATTR_ACTIONS], &f->actions, &f->actions_len);
	a = tb[OVS_FLOW_ATTR_STATS];
	if (a && mnl_attr_get_payload_len(a) >= sizeof(st)) {
		memcpy(&st, mnl_attr_get_payload(a), sizeof(st));
		f->packets = st.n_packets;
		f->bytes = st.n_bytes;
	}
	a = tb[OVS_FLOW_ATTR_USED];
	if (a && mnl_attr_get_payload_len(a) == sizeof(uint64_t))
		f->used_ms = mnl_attr_get_u64(a);
	/* An empty action list comes as an empty nest, or not at all. */
	if (tb[OVS_FLOW_ATTR_KEY] && !f->actions)
		f->actions = "";
	return 0;
}

static int dump_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct dump *d = arg;
	struct fpd_dumped f;
	int ret, err = parse_dumped(nlh, &f);

	if (err)
		return err;
	ret = d->cb(&f, d->arg);
	if (ret && !d->cb_ret)
		d->cb_ret = ret;
	return 0;
}

int fpd_dpif_dump(struct dp_client *c, int dp_ifindex, bool terse,
		  int (*cb)(const struct fpd_dumped *f, void *arg), void *arg)
{
	char buf[DP_REQ_BUF_SIZE];
	struct dump d = { .cb = cb, .arg = arg };
	struct nlmsghdr *nlh;
	int err;

	nlh = dp_client_msg_start(buf, c->family_id[DP_FAMILY_FLOW], NLM_F_DUMP,
				  OVS_FLOW_CMD_GET, OVS_FLOW_VERSION, dp_ifindex);
	if (terse)
		mnl_attr_put_u32(nlh, OVS_FLOW_ATTR_UFID_FLAGS, TERSE);
	err = dp_client_transact(c, nlh, dump_reply, &d);
	return err ? err : d.cb_ret;
}
