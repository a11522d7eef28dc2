// SPDX-License-Identifier: GPL-2.0
/*
 * The handlers' and the revalidator's requests, carried out by the
 * datapath client's batched flow and packet operations (dp_flow.h,
 * dp_packet.h): a batch of fpd_ops goes out as one dp_batch, whatever
 * its mix of kinds and datapaths.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "dp_flow.h"
#include "dp_packet.h"
#include "dpif.h"
#include "odp_flow.h"

static const char *op_name(enum fpd_op_type t)
{
	switch (t) {
	case FPD_OP_PUT: return "OVS_FLOW_CMD_NEW";
	case FPD_OP_MODIFY: return "OVS_FLOW_CMD_SET";
	case FPD_OP_DEL: return "OVS_FLOW_CMD_DEL";
	default: return "OVS_PACKET_CMD_EXECUTE";
	}
}

/* The sentence a refused op leaves for the log. */
static void describe(struct fpd_op *op, int error, const char *msg)
{
	char why[FPD_OP_ERRMSG_LEN] = "";

	op->error = error;
	op->errmsg[0] = '\0';
	if (!error)
		return;
	/* openvswitch.ko says nothing of a key/mask it refuses: work it out. */
	if (!msg[0] && error == -EINVAL && op->type == FPD_OP_PUT)
		fp_odp_flow_explain(op->key, op->key_len, op->mask, op->mask_len,
				    why, sizeof(why));
	snprintf(op->errmsg, sizeof(op->errmsg), "kernel refused %s: %s (%s)",
		 op_name(op->type), msg[0] ? msg : why[0] ? why :
		 "no reason given", strerror(-error));
}

static void to_flow_op(const struct fpd_op *op, struct dp_flow_op *fo)
{
	memset(fo, 0, sizeof(*fo));
	fo->ufid = &op->ufid;
	if (op->type == FPD_OP_DEL) {
		fo->type = DP_FLOW_OP_DEL;
		fo->want_stats = true;	/* what it counted since the last dump */
		return;
	}
	fo->type = DP_FLOW_OP_PUT;
	/* CREATE alone refuses an existing flow: a lost race is EEXIST. */
	fo->flags = op->type == FPD_OP_PUT ? DP_FLOW_CREATE : DP_FLOW_MODIFY;
	fo->key = op->key;
	fo->key_len = op->key_len;
	fo->mask = op->mask;
	fo->mask_len = op->mask_len;
	fo->actions = op->actions;
	fo->actions_len = op->actions_len;
}

static void to_packet_op(const struct fpd_op *op, struct dp_packet_op *po)
{
	memset(po, 0, sizeof(*po));
	po->packet = op->packet;
	po->packet_len = op->packet_len;
	po->key = op->key;
	po->key_len = op->key_len;
	po->actions = op->actions;
	po->actions_len = op->actions_len;
	po->mru = op->mru;
}

static void op_reply(size_t i, const struct nlmsghdr *nlh, void *arg)
{
	struct fpd_op *op = &((struct fpd_op *)arg)[i];
	struct dp_flow f;

	if (op->type == FPD_OP_DEL && !dp_flow_parse(nlh, &f)) {
		op->last.packets = f.stats.n_packets;
		op->last.bytes = f.stats.n_bytes;
	}
}

/* A delete of a flow that lives in tc: done at once, on pl's socket. */
static bool run_tc(struct fpd_placer *pl, struct fpd_op *op)
{
	int err;

	if (op->type != FPD_OP_DEL || op->layer == FPD_LAYER_KMOD)
		return false;
	err = fpd_place_tc_del(pl, &op->tc, &op->last);
	op->error = err;
	snprintf(op->errmsg, sizeof(op->errmsg), "%s",
		 err ? pl->tc.error : "");
	return true;
}

static void op_done(size_t i, const struct dp_extack *e, void *arg)
{
	describe(&((struct fpd_op *)arg)[i], e->error, e->msg);
}

/*
 * Builds op as request i of b; false when b is full. The library's request
 * lives only while it is built: results come back by index, to op.
 */
static bool add_op(struct dp_batch *b, const uint16_t *family,
		   struct fpd_op *op, size_t i)
{
	union {
		struct dp_flow_op flow;
		struct dp_packet_op packet;
	} w;
	const char *msg;
	int err;

	if (op->type == FPD_OP_EXECUTE) {
		to_packet_op(op, &w.packet);
		if (!dp_packet_batch_add(b, family[DP_FAMILY_PACKET],
					 op->dp_ifindex, &w.packet, i))
			return false;
		err = w.packet.error;
		msg = w.packet.errmsg;
	} else {
		to_flow_op(op, &w.flow);
		if (!dp_flow_batch_add(b, family[DP_FAMILY_FLOW], op->dp_ifindex,
				       &w.flow, i))
			return false;
		err = w.flow.error;
		msg = w.flow.errmsg;
	}
	if (err)		/* refused before it was sent */
		describe(op, err, msg);
	return true;
}

static void fail_all(struct fpd_op *ops, size_t n, int err, const char *msg)
{
	size_t i;

	for (i = 0; i < n; i++)
		describe(&ops[i], err, msg);
}

/*
 * Every op in as few sendmsg() as fit: puts, deletes and executes of any
 * datapath side by side, answered in the order given (an execute after the
 * put of its flow finds the flow there).
 */
void fpd_dpif_run(struct dp_client *c, struct fpd_placer *pl,
		  struct fpd_op *ops, size_t n)
{
	static const struct dp_batch_handler h = { op_reply, op_done };
	uint16_t family[DP_FAMILY_COUNT];
	struct dp_batch b;
	size_t i = 0;
	int err;

	for (i = 0; i < n; i++) {
		describe(&ops[i], 0, "");
		memset(&ops[i].last, 0, sizeof(ops[i].last));
	}
	if (dp_client_family(c, DP_FAMILY_FLOW, &family[DP_FAMILY_FLOW]) ||
	    dp_client_family(c, DP_FAMILY_PACKET, &family[DP_FAMILY_PACKET])) {
		fail_all(ops, n, -ENOENT, dp_client_error(c));
		return;
	}
	if (dp_batch_init(&b)) {
		fail_all(ops, n, -ENOMEM, "out of memory");
		return;
	}
	for (i = 0, err = 0; !err && i < n;) {
		if (run_tc(pl, &ops[i]) || add_op(&b, family, &ops[i], i))
			i++;
		else
			err = dp_batch_send(c, &b, &h, ops);
	}
	if (!err)
		err = dp_batch_send(c, &b, &h, ops);
	if (err)
		fail_all(ops + i, n - i, err, "not sent: the socket failed");
	dp_batch_fini(&b);
}

/* ---- dumps ---- */

struct dump {
	int (*cb)(const struct fpd_dumped *f, void *arg);
	void *arg;
	int cb_ret;
};

static int dumped(const struct dp_flow *f, void *arg)
{
	struct dump *d = arg;
	struct fpd_dumped out = {
		.has_ufid = f->has_ufid,
		.key = f->key,
		.key_len = f->key_len,
		.mask = f->mask,
		.mask_len = f->mask_len,
		/* An empty action list (drop) is a list all the same. */
		.actions = f->has_actions ? (f->actions ? f->actions : "") : NULL,
		.actions_len = f->actions_len,
		.packets = f->stats.n_packets,
		.bytes = f->stats.n_bytes,
		.used_ms = f->stats.used_ms,
	};
	int ret;

	out.ufid = f->ufid;
	ret = d->cb(&out, d->arg);
	if (ret && !d->cb_ret)
		d->cb_ret = ret;
	return 0;
}

int fpd_dpif_dump(struct dp_client *c, int dp_ifindex, bool terse,
		  int (*cb)(const struct fpd_dumped *f, void *arg), void *arg)
{
	struct dump d = { .cb = cb, .arg = arg };
	uint32_t flags = terse ? OVS_UFID_F_OMIT_KEY | OVS_UFID_F_OMIT_MASK |
				 OVS_UFID_F_OMIT_ACTIONS : 0;
	int err = dp_flow_dump(c, dp_ifindex, flags, dumped, &d);

	return err ? err : d.cb_ret;
}
