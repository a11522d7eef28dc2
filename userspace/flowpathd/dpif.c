// SPDX-License-Identifier: GPL-2.0
/*
 * The handlers' and the revalidator's requests, carried out by the
 * datapath client's batched flow and packet operations (dp_flow.h,
 * dp_packet.h): a batch of fpd_ops is cut into runs of one datapath and
 * one family, each run sent as one batch.
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

static void run_flows(struct dp_client *c, struct fpd_op *ops, size_t n)
{
	struct dp_flow_op *fo = calloc(n, sizeof(*fo));
	size_t i;

	if (fo) {
		for (i = 0; i < n; i++)
			to_flow_op(&ops[i], &fo[i]);
		dp_flow_operate(c, ops[0].dp_ifindex, fo, n);
	}
	for (i = 0; i < n; i++)
		describe(&ops[i], fo ? fo[i].error : -ENOMEM,
			 fo ? fo[i].errmsg : "out of memory");
	free(fo);
}

static void run_packets(struct dp_client *c, struct fpd_op *ops, size_t n)
{
	struct dp_packet_op *po = calloc(n, sizeof(*po));
	size_t i;

	for (i = 0; po && i < n; i++) {
		po[i].packet = ops[i].packet;
		po[i].packet_len = ops[i].packet_len;
		po[i].key = ops[i].key;
		po[i].key_len = ops[i].key_len;
		po[i].actions = ops[i].actions;
		po[i].actions_len = ops[i].actions_len;
		po[i].mru = ops[i].mru;
	}
	if (po)
		dp_packet_execute(c, ops[0].dp_ifindex, po, n);
	for (i = 0; i < n; i++)
		describe(&ops[i], po ? po[i].error : -ENOMEM,
			 po ? po[i].errmsg : "out of memory");
	free(po);
}

static bool same_run(const struct fpd_op *a, const struct fpd_op *b)
{
	return a->dp_ifindex == b->dp_ifindex &&
	       (a->type == FPD_OP_EXECUTE) == (b->type == FPD_OP_EXECUTE);
}

void fpd_dpif_run(struct dp_client *c, struct fpd_op *ops, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		for (j = i + 1; j < n && same_run(&ops[i], &ops[j]); j++)
			;
		if (ops[i].type == FPD_OP_EXECUTE)
			run_packets(c, ops + i, j - i);
		else
			run_flows(c, ops + i, j - i);
		i = j;
	}
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
