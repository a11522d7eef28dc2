// SPDX-License-Identifier: GPL-2.0
/* Datapath flows: requests, replies, batches (see dp_flow.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dp_attr.h"
#include "dp_batch.h"
#include "dp_flow.h"

#define OVS_HDRS_LEN (sizeof(struct genlmsghdr) + sizeof(struct ovs_header))

/* ---- UFIDs ---- */

void fp_ufid_format(const struct fp_ufid *u, char buf[FP_UFID_TEXT_LEN])
{
	snprintf(buf, FP_UFID_TEXT_LEN, "ufid:%08x-%04x-%04x-%04x-%04x%08x",
		 u->u32[0], u->u32[1] >> 16, u->u32[1] & 0xffff,
		 u->u32[2] >> 16, u->u32[2] & 0xffff, u->u32[3]);
}

size_t fp_ufid_parse(const char *s, struct fp_ufid *u)
{
	unsigned int a, b, c, d, e, f;
	int n = 0;

	if (strncmp(s, "ufid:", 5) ||
	    sscanf(s + 5, "%8x-%4x-%4x-%4x-%4x%8x%n", &a, &b, &c, &d, &e, &f,
		   &n) != 6 || n != 36)
		return 0;
	u->u32[0] = a;
	u->u32[1] = b << 16 | c;
	u->u32[2] = d << 16 | e;
	u->u32[3] = f;
	return 5 + n;
}

static uint64_t mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* 64 bits of the bytes, from seed; two seeds give the UFID's halves. */
static uint64_t hash_bytes(const uint8_t *p, size_t len, uint64_t seed)
{
	uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ULL), w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = mix64(h ^ w) + 0x52dce729;
	}
	w = 0;
	memcpy(&w, p + i, len - i);
	return mix64(h ^ w ^ (uint64_t)(len - i) << 56);
}

void fp_ufid_from_key(const void *key, size_t len, uint32_t basis,
		      struct fp_ufid *u)
{
	uint64_t lo = hash_bytes(key, len, basis);
	uint64_t hi = hash_bytes(key, len, (uint64_t)basis << 32 | 0x5bd1e995);

	u->u32[0] = lo;
	u->u32[1] = lo >> 32;
	u->u32[2] = hi;
	u->u32[3] = hi >> 32;
}

uint64_t dp_flow_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)(uint32_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- replies ---- */

static int validate_flow_attr(const struct nlattr *attr, int type)
{
	size_t len = mnl_attr_get_payload_len(attr);

	switch (type) {
	case OVS_FLOW_ATTR_KEY:
	case OVS_FLOW_ATTR_MASK:
	case OVS_FLOW_ATTR_ACTIONS:
		return mnl_attr_validate(attr, MNL_TYPE_NESTED);
	case OVS_FLOW_ATTR_STATS:
		return len == sizeof(struct ovs_flow_stats) ? 0 : -1;
	case OVS_FLOW_ATTR_TCP_FLAGS:
		return mnl_attr_validate(attr, MNL_TYPE_U8);
	case OVS_FLOW_ATTR_USED:
		return mnl_attr_validate(attr, MNL_TYPE_U64);
	case OVS_FLOW_ATTR_UFID:
		return len && len <= sizeof(struct fp_ufid) ? 0 : -1;
	default:
		return 0;
	}
}

static void take_nest(const struct nlattr *a, const void **p, size_t *len)
{
	if (!a)
		return;
	*p = mnl_attr_get_payload(a);
	*len = mnl_attr_get_payload_len(a);
}

static void take_stats(const struct nlattr *const *tb, struct dp_flow_stats *s)
{
	struct ovs_flow_stats st;

	memset(s, 0, sizeof(*s));
	if (tb[OVS_FLOW_ATTR_STATS]) {
		memcpy(&st, mnl_attr_get_payload(tb[OVS_FLOW_ATTR_STATS]), sizeof(st));
		s->n_packets = st.n_packets;
		s->n_bytes = st.n_bytes;
	}
	if (tb[OVS_FLOW_ATTR_USED])
		s->used_ms = mnl_attr_get_u64(tb[OVS_FLOW_ATTR_USED]);
	if (tb[OVS_FLOW_ATTR_TCP_FLAGS])
		s->tcp_flags = mnl_attr_get_u8(tb[OVS_FLOW_ATTR_TCP_FLAGS]);
}

int dp_flow_parse(const struct nlmsghdr *nlh, struct dp_flow *f)
{
	const struct nlattr *tb[OVS_FLOW_ATTR_MAX + 1] = { NULL };
	const struct ovs_header *ovs;
	int err;

	memset(f, 0, sizeof(*f));
	err = dp_attr_parse_table(nlh, OVS_HDRS_LEN, tb, OVS_FLOW_ATTR_MAX,
				  validate_flow_attr);
	if (err)
		return err;
	ovs = (const struct ovs_header *)((const char *)mnl_nlmsg_get_payload(nlh) +
					  sizeof(struct genlmsghdr));
	f->dp_ifindex = ovs->dp_ifindex;
	if (tb[OVS_FLOW_ATTR_UFID]) {
		f->has_ufid = true;
		memcpy(&f->ufid, mnl_attr_get_payload(tb[OVS_FLOW_ATTR_UFID]),
		       mnl_attr_get_payload_len(tb[OVS_FLOW_ATTR_UFID]));
	}
	take_nest(tb[OVS_FLOW_ATTR_KEY], &f->key, &f->key_len);
	take_nest(tb[OVS_FLOW_ATTR_MASK], &f->mask, &f->mask_len);
	f->has_actions = tb[OVS_FLOW_ATTR_ACTIONS] != NULL;
	take_nest(tb[OVS_FLOW_ATTR_ACTIONS], &f->actions, &f->actions_len);
	take_stats(tb, &f->stats);
	/* Every flow message identifies its flow, by ufid or by key. */
	return f->has_ufid || f->key ? 0 : -EBADMSG;
}

/* ---- requests ---- */

/* The command and netlink flags a put needs (see dp_flow.h). */
static uint8_t put_cmd(uint32_t flags, uint16_t *nlflags)
{
	if (!(flags & DP_FLOW_CREATE))
		return OVS_FLOW_CMD_SET;
	/*
	 * NLM_F_CREATE stands for NLM_F_EXCL, as openvswitch.ko reads it:
	 * old generic netlink took a lone NLM_F_EXCL for a dump request.
	 */
	if (!(flags & DP_FLOW_MODIFY))
		*nlflags |= NLM_F_CREATE;
	return OVS_FLOW_CMD_NEW;
}

static bool put_nest(struct nlmsghdr *nlh, size_t size, uint16_t type,
		     const void *p, size_t len)
{
	return mnl_attr_put_check(nlh, size, type, len, p);
}

static bool put_identity(struct nlmsghdr *nlh, size_t size,
			 const struct dp_flow_op *op, bool key_too)
{
	if (op->ufid && !mnl_attr_put_check(nlh, size, OVS_FLOW_ATTR_UFID,
					    sizeof(*op->ufid), op->ufid))
		return false;
	if ((key_too || !op->ufid) && op->key &&
	    !put_nest(nlh, size, OVS_FLOW_ATTR_KEY, op->key, op->key_len))
		return false;
	/* A terse echo: the counters are all a caller asked for. */
	if (op->ufid && op->want_stats &&
	    !mnl_attr_put_u32_check(nlh, size, OVS_FLOW_ATTR_UFID_FLAGS,
				    OVS_UFID_F_OMIT_KEY | OVS_UFID_F_OMIT_MASK |
				    OVS_UFID_F_OMIT_ACTIONS))
		return false;
	return true;
}

static bool put_body(struct nlmsghdr *nlh, size_t size,
		     const struct dp_flow_op *op)
{
	if (!put_identity(nlh, size, op, true))
		return false;
	if (op->mask && !put_nest(nlh, size, OVS_FLOW_ATTR_MASK, op->mask,
				  op->mask_len))
		return false;
	if (!put_nest(nlh, size, OVS_FLOW_ATTR_ACTIONS, op->actions,
		      op->actions_len))
		return false;
	if (op->flags & DP_FLOW_PROBE &&
	    !mnl_attr_put_check(nlh, size, OVS_FLOW_ATTR_PROBE, 0, NULL))
		return false;
	if ((op->flags & (DP_FLOW_CREATE | DP_FLOW_ZERO_STATS)) == DP_FLOW_ZERO_STATS &&
	    !mnl_attr_put_check(nlh, size, OVS_FLOW_ATTR_CLEAR, 0, NULL))
		return false;
	return true;
}

struct nlmsghdr *dp_flow_build_op(void *buf, size_t size, uint16_t family,
				  int dp_ifindex, const struct dp_flow_op *op)
{
	uint16_t nlflags = op->want_stats ? NLM_F_ECHO : 0;
	struct nlmsghdr *nlh;
	uint8_t cmd;
	bool ok;

	if (size < MNL_NLMSG_HDRLEN + OVS_HDRS_LEN)
		return NULL;
	cmd = op->type == DP_FLOW_OP_PUT ? put_cmd(op->flags, &nlflags)
					 : OVS_FLOW_CMD_DEL;
	nlh = dp_client_msg_start(buf, family, nlflags, cmd, OVS_FLOW_VERSION,
				  dp_ifindex);
	if (op->type == DP_FLOW_OP_PUT)
		ok = put_body(nlh, size, op);
	else
		ok = (op->ufid || op->key) && put_identity(nlh, size, op, false);
	return ok ? nlh : NULL;
}

/* ---- batches ---- */

struct operate {
	struct dp_flow_op *ops;
};

static void op_reply(size_t i, const struct nlmsghdr *nlh, void *arg)
{
	struct operate *o = arg;
	struct dp_flow f;

	if (!dp_flow_parse(nlh, &f)) {
		o->ops[i].has_stats = true;
		o->ops[i].stats = f.stats;
	}
}

static void op_done(size_t i, const struct dp_extack *e, void *arg)
{
	struct operate *o = arg;

	o->ops[i].error = e->error;
	snprintf(o->ops[i].errmsg, sizeof(o->ops[i].errmsg), "%s", e->msg);
}

static void op_reset(struct dp_flow_op *op)
{
	op->error = 0;
	op->errmsg[0] = '\0';
	op->has_stats = false;
	memset(&op->stats, 0, sizeof(op->stats));
}

bool dp_flow_batch_add(struct dp_batch *b, uint16_t family, int dp_ifindex,
		       struct dp_flow_op *op, size_t i)
{
	void *room = dp_batch_room(b, DP_REQ_BUF_SIZE);
	struct nlmsghdr *nlh;

	op_reset(op);
	if (!room)
		return false;
	nlh = dp_flow_build_op(room, DP_REQ_BUF_SIZE, family, dp_ifindex, op);
	if (!nlh) {
		op->error = op->type == DP_FLOW_OP_DEL && !op->ufid && !op->key ?
			    -EINVAL : -EMSGSIZE;
		snprintf(op->errmsg, sizeof(op->errmsg), "%s",
			 op->error == -EINVAL ? "a delete needs a key or a ufid" :
			 "key, mask and actions do not fit in one request");
		return true;
	}
	dp_batch_add(b, nlh, i);
	return true;
}

int dp_flow_operate(struct dp_client *c, int dp_ifindex,
		    struct dp_flow_op *ops, size_t n)
{
	static const struct dp_batch_handler h = { op_reply, op_done };
	struct operate o = { ops };
	struct dp_batch b;
	uint16_t family;
	size_t i = 0;
	int err;

	err = dp_client_family(c, DP_FAMILY_FLOW, &family);
	if (err)
		return err;
	if (dp_batch_init(&b)) {
		dp_client_set_error(c, "out of memory");
		return -ENOMEM;
	}
	while (!err && i < n) {
		if (dp_flow_batch_add(&b, family, dp_ifindex, &ops[i], i))
			i++;
		else
			err = dp_batch_send(c, &b, &h, &o);
	}
	if (!err)
		err = dp_batch_send(c, &b, &h, &o);
	for (; err && i < n; i++) {
		ops[i].error = err;
		snprintf(ops[i].errmsg, sizeof(ops[i].errmsg), "not sent");
	}
	dp_batch_fini(&b);
	return err;
}

/* ---- get, dump, flush ---- */

struct reply_ctx {
	dp_flow_cb cb;
	void *arg;
	size_t n;
};

static int reply_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct reply_ctx *r = arg;
	struct dp_flow f;
	int err = dp_flow_parse(nlh, &f);

	if (err)
		return err;
	r->n++;
	return r->cb ? r->cb(&f, r->arg) : 0;
}

static struct nlmsghdr *start_get(void *buf, uint16_t family, uint16_t flags,
				  int dp_ifindex, uint32_t ufid_flags)
{
	struct nlmsghdr *nlh = dp_client_msg_start(buf, family, flags,
						   OVS_FLOW_CMD_GET,
						   OVS_FLOW_VERSION, dp_ifindex);

	if (ufid_flags)
		mnl_attr_put_u32(nlh, OVS_FLOW_ATTR_UFID_FLAGS, ufid_flags);
	return nlh;
}

int dp_flow_get(struct dp_client *c, int dp_ifindex, const void *key,
		size_t key_len, const struct fp_ufid *ufid,
		uint32_t ufid_flags, dp_flow_cb cb, void *arg)
{
	struct reply_ctx r = { cb, arg, 0 };
	char buf[DP_REQ_BUF_SIZE];
	struct nlmsghdr *nlh;
	uint16_t family;
	int err;

	err = dp_client_family(c, DP_FAMILY_FLOW, &family);
	if (err)
		return err;
	nlh = start_get(buf, family, 0, dp_ifindex, ufid_flags);
	if (ufid)
		mnl_attr_put(nlh, OVS_FLOW_ATTR_UFID, sizeof(*ufid), ufid);
	else if (!key || !put_nest(nlh, sizeof(buf), OVS_FLOW_ATTR_KEY, key, key_len)) {
		dp_client_set_error(c, "a flow get needs a key (that fits in one request) or a ufid");
		return -EINVAL;
	}
	err = dp_client_transact(c, nlh, reply_cb, &r);
	if (!err && r.n != 1) {
		dp_client_set_error(c, "the kernel acknowledged OVS_FLOW_CMD_GET but sent %zu flows",
				    r.n);
		err = -EPROTO;
	}
	return err;
}

int dp_flow_dump(struct dp_client *c, int dp_ifindex, uint32_t ufid_flags,
		 dp_flow_cb cb, void *arg)
{
	struct reply_ctx r = { cb, arg, 0 };
	char buf[DP_REQ_BUF_SIZE];
	uint16_t family;
	int err;

	err = dp_client_family(c, DP_FAMILY_FLOW, &family);
	if (err)
		return err;
	return dp_client_transact(c, start_get(buf, family, NLM_F_DUMP,
					       dp_ifindex, ufid_flags),
				  reply_cb, &r);
}

/* A delete naming no flow is a flush. */
int dp_flow_flush(struct dp_client *c, int dp_ifindex)
{
	char buf[DP_REQ_BUF_SIZE];
	uint16_t family;
	int err;

	err = dp_client_family(c, DP_FAMILY_FLOW, &family);
	if (err)
		return err;
	return dp_client_transact(c, dp_client_msg_start(buf, family, 0,
							 OVS_FLOW_CMD_DEL,
							 OVS_FLOW_VERSION,
							 dp_ifindex),
				  NULL, NULL);
}
