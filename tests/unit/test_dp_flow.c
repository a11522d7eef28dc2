// SPDX-License-Identifier: GPL-2.0
/*
 * Datapath flow messages: replies openvswitch.ko really sent (dumps,
 * terse dumps, an echoed delete) read back into flows and text; requests
 * built as the kernel wants them; batched answers matched to their
 * requests by sequence number.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>

#include "dp_batch.h"
#include "dp_flow.h"
#include "odp_flow.h"
#include "odp_text.h"
#include "test_dp_fixtures.h"
#include "test_dp_flow_fixtures.h"

static char text[2048];

static struct dp_flow parsed(union dpf_buf *b, const uint8_t *bytes, size_t len)
{
	struct dp_flow f;

	cr_assert_eq(dp_flow_parse(dpf_load(b, bytes, len), &f), 0);
	return f;
}

static const char *key_text(const struct dp_flow *f, bool verbose)
{
	cr_assert_eq(fp_odp_text_format_key(f->key, f->key_len, f->mask,
					    f->mask_len, verbose, NULL, text,
					    sizeof(text)), 0);
	return text;
}

static const char *actions_text(const struct dp_flow *f)
{
	cr_assert_eq(fp_odp_text_format_actions(f->actions, f->actions_len, NULL,
						text, sizeof(text)), 0);
	return text;
}

Test(dp_flow, real_dump_of_a_ufid_flow)
{
	char ufid[FP_UFID_TEXT_LEN];
	struct fp_flow flow, mask;
	union dpf_buf b;
	struct dp_flow f = parsed(&b, dpf_flow_dump_arp_ufid,
				  dpf_flow_dump_arp_ufid_len);

	cr_expect_eq(f.dp_ifindex, 6);
	cr_assert(f.has_ufid);
	fp_ufid_format(&f.ufid, ufid);
	cr_expect_str_eq(ufid, "ufid:12345678-1234-5678-9abc-def012345678");
	cr_expect_eq(f.stats.n_packets, 1);
	cr_expect_eq(f.stats.n_bytes, 42, "one ARP request");
	cr_expect_neq(f.stats.used_ms, 0);
	cr_expect_str_eq(key_text(&f, false), "in_port(1),eth(),eth_type(0x0806),arp(op=1/0xff)",
			 "the kernel keeps ARP's opcode in a byte: its mask is 0x00ff");
	cr_expect_str_eq(actions_text(&f), "2");

	cr_assert_eq(fp_odp_flow_from_attrs(f.key, f.key_len, f.mask, f.mask_len,
					    &flow, &mask), 0,
		     "conntrack attributes with zero masks are no obstacle");
	cr_expect_eq(flow.in_port, 1);
	cr_expect_eq(mask.in_port, UINT32_MAX);
	cr_expect_eq(flow.dl_type, htons(ETH_P_ARP));
	cr_expect_eq(flow.nw_proto, 1);
	cr_expect_eq(mask.nw_proto, 0xff);
	cr_expect_eq(mask.nw_src, 0);
	cr_expect_eq(mask.vlans[0].tci, 0xffff, "untagged, and matched so");
}

/* ovs-dpctl -m printed exactly this for the flow (minus counters). */
Test(dp_flow, real_dump_of_a_flow_without_ufid)
{
	struct fp_flow flow, mask;
	union dpf_buf b;
	struct dp_flow f = parsed(&b, dpf_flow_dump_tcp, dpf_flow_dump_tcp_len);

	cr_expect_not(f.has_ufid);
	cr_expect_eq(f.stats.n_packets, 0);
	cr_expect_eq(f.stats.used_ms, 0, "never used");
	cr_expect_str_eq(key_text(&f, false),
			 "in_port(1),eth(src=02:00:00:00:00:01),eth_type(0x0800),ipv4(src=10.0.0.1,proto=6,frag=no),tcp(dst=80)");
	cr_expect_str_eq(key_text(&f, true),
			 "recirc_id(0/0),dp_hash(0/0),skb_priority(0/0),in_port(1),skb_mark(0/0),ct_state(0/0),ct_zone(0/0),ct_mark(0/0),ct_label(0/0),eth(src=02:00:00:00:00:01,dst=00:00:00:00:00:00/00:00:00:00:00:00),eth_type(0x0800),ipv4(src=10.0.0.1,dst=0.0.0.0/0.0.0.0,proto=6,tos=0/0,ttl=0/0,frag=no),tcp(src=0/0,dst=80),tcp_flags(0/0)");
	cr_expect_str_eq(actions_text(&f), "set(ipv4(src=10.9.9.9)),push_vlan(vid=10,pcp=0),2");

	cr_assert_eq(fp_odp_flow_from_attrs(f.key, f.key_len, f.mask, f.mask_len,
					    &flow, &mask), 0);
	cr_expect_eq(flow.nw_src, inet_addr("10.0.0.1"));
	cr_expect_eq(mask.nw_src, 0xffffffff);
	cr_expect_eq(flow.tp_dst, htons(80));
	cr_expect_eq(mask.tp_src, 0);
	cr_expect_eq(mask.nw_frag, 0xff);
	cr_expect_eq(flow.dl_src[5], 0x01);
}

Test(dp_flow, terse_dump_leaves_out_what_was_asked)
{
	union dpf_buf b;
	struct dp_flow f = parsed(&b, dpf_flow_terse_ufid, dpf_flow_terse_ufid_len);

	cr_expect(f.has_ufid);
	cr_expect_null(f.key);
	cr_expect_null(f.mask);
	cr_expect_not(f.has_actions);
	cr_expect_eq(f.stats.n_packets, 1);

	f = parsed(&b, dpf_flow_terse_tcp, dpf_flow_terse_tcp_len);
	cr_expect_not(f.has_ufid);
	cr_expect_not_null(f.key, "a flow known by its key keeps it");
	cr_expect_null(f.mask);
}

Test(dp_flow, flow_message_without_identity_is_refused)
{
	union dpf_buf b;
	struct nlmsghdr *nlh;
	struct dp_flow f;

	/* The terse ufid message cut before its ufid: 16 + 4 + 4 bytes. */
	nlh = dpf_load(&b, dpf_flow_terse_ufid, 24);
	cr_expect_eq(dp_flow_parse(nlh, &f), -EBADMSG);
	nlh = dpf_load(&b, dpf_flow_dump_tcp, dpf_flow_dump_tcp_len - 10);
	cr_expect_eq(dp_flow_parse(nlh, &f), -EBADMSG, "cut inside the actions");
}

Test(dp_flow, ufid_text_both_ways)
{
	struct fp_ufid u, v;
	char s[FP_UFID_TEXT_LEN];

	cr_assert_eq(fp_ufid_parse("ufid:12345678-1234-5678-9abc-def012345678,in_port(1)", &u), 41);
	fp_ufid_format(&u, s);
	cr_expect_str_eq(s, "ufid:12345678-1234-5678-9abc-def012345678");
	cr_expect_eq(u.u32[2], 0x9abcdef0);
	cr_expect_eq(fp_ufid_parse("ufid:1234", &u), 0);
	cr_expect_eq(fp_ufid_parse("in_port(1)", &u), 0);
	fp_ufid_from_key("abc", 3, 0, &u);
	fp_ufid_from_key("abc", 3, 0, &v);
	cr_expect_eq(memcmp(&u, &v, sizeof(u)), 0, "the same key, the same ufid");
	fp_ufid_from_key("abd", 3, 0, &v);
	cr_expect_neq(memcmp(&u, &v, sizeof(u)), 0);
}

/* ---- requests ---- */

struct attrs {
	const struct nlattr *tb[OVS_FLOW_ATTR_MAX + 1];
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct attrs *t = data;

	if (mnl_attr_get_type(a) <= OVS_FLOW_ATTR_MAX)
		t->tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

static uint8_t build_buf[DP_REQ_BUF_SIZE] __attribute__((aligned(4)));

static struct nlmsghdr *build(const struct dp_flow_op *op, struct attrs *t)
{
	struct nlmsghdr *nlh = dp_flow_build_op(build_buf, sizeof(build_buf),
						0x26, 6, op);

	cr_assert_not_null(nlh);
	memset(t, 0, sizeof(*t));
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr) + sizeof(struct ovs_header),
		       attr_cb, t);
	return nlh;
}

static uint8_t cmd_of(const struct nlmsghdr *nlh)
{
	return ((const struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd;
}

Test(dp_flow, put_flags_choose_the_command)
{
	static const struct fp_ufid u = { { 1, 2, 3, 4 } };
	struct dp_flow_op op = {
		.type = DP_FLOW_OP_PUT, .key = "\x08\x00\x03\x00\x01\x00\x00\x00",
		.key_len = 8, .actions = "", .actions_len = 0,
		.flags = DP_FLOW_CREATE,
	};
	struct nlmsghdr *nlh;
	struct attrs t;

	nlh = build(&op, &t);
	cr_expect_eq(cmd_of(nlh), OVS_FLOW_CMD_NEW);
	cr_expect(nlh->nlmsg_flags & NLM_F_CREATE, "add only: EEXIST if there");
	cr_expect_not_null(t.tb[OVS_FLOW_ATTR_KEY]);
	cr_expect_not_null(t.tb[OVS_FLOW_ATTR_ACTIONS], "drop is an empty list, present");
	cr_expect_null(t.tb[OVS_FLOW_ATTR_MASK], "no mask: exact");

	op.flags = DP_FLOW_CREATE | DP_FLOW_MODIFY;
	nlh = build(&op, &t);
	cr_expect_eq(cmd_of(nlh), OVS_FLOW_CMD_NEW);
	cr_expect_not(nlh->nlmsg_flags & NLM_F_CREATE, "add or replace");

	op.flags = DP_FLOW_MODIFY | DP_FLOW_ZERO_STATS | DP_FLOW_PROBE;
	op.ufid = &u;
	op.want_stats = true;
	nlh = build(&op, &t);
	cr_expect_eq(cmd_of(nlh), OVS_FLOW_CMD_SET);
	cr_expect_not_null(t.tb[OVS_FLOW_ATTR_CLEAR]);
	cr_expect_not_null(t.tb[OVS_FLOW_ATTR_PROBE]);
	cr_expect_not_null(t.tb[OVS_FLOW_ATTR_UFID]);
	cr_expect(nlh->nlmsg_flags & NLM_F_ECHO, "the counters come back");
	cr_assert_not_null(t.tb[OVS_FLOW_ATTR_UFID_FLAGS]);
	cr_expect_eq(mnl_attr_get_u32(t.tb[OVS_FLOW_ATTR_UFID_FLAGS]),
		     OVS_UFID_F_OMIT_KEY | OVS_UFID_F_OMIT_MASK | OVS_UFID_F_OMIT_ACTIONS,
		     "and nothing else");
}

Test(dp_flow, delete_names_the_flow_by_ufid_else_by_key)
{
	static const struct fp_ufid u = { { 1, 2, 3, 4 } };
	struct dp_flow_op op = {
		.type = DP_FLOW_OP_DEL, .key = "\x08\x00\x03\x00\x01\x00\x00\x00",
		.key_len = 8, .ufid = &u,
	};
	struct nlmsghdr *nlh;
	struct attrs t;

	nlh = build(&op, &t);
	cr_expect_eq(cmd_of(nlh), OVS_FLOW_CMD_DEL);
	cr_expect_not_null(t.tb[OVS_FLOW_ATTR_UFID]);
	cr_expect_null(t.tb[OVS_FLOW_ATTR_KEY], "the ufid alone names it");
	op.ufid = NULL;
	nlh = build(&op, &t);
	cr_expect_not_null(t.tb[OVS_FLOW_ATTR_KEY]);
	op.key = NULL;
	cr_expect_null(dp_flow_build_op(build_buf, sizeof(build_buf), 0x26, 6, &op),
		       "a delete naming nothing would flush the table");
}

/* ---- batches ---- */

struct results {
	int error[8];
	char msg[8][DP_EXTACK_MSG_LEN];
	int replies[8];
	int done;
};

static void on_reply(size_t op, const struct nlmsghdr *nlh, void *arg)
{
	struct results *r = arg;

	(void)nlh;
	r->replies[op]++;
}

static void on_done(size_t op, const struct dp_extack *e, void *arg)
{
	struct results *r = arg;

	r->error[op] = e->error;
	memcpy(r->msg[op], e->msg, sizeof(r->msg[op]));
	r->done++;
}

static const struct dp_batch_handler handler = { on_reply, on_done };

/* An NLMSG_ERROR as the kernel sends it, capped, maybe with a message. */
static struct nlmsghdr *ack(void *buf, uint32_t seq, uint32_t pid, int error,
			    const char *msg)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED | (msg ? NLM_F_ACK_TLVS : 0);
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = pid;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg.nlmsg_len = sizeof(e->msg);
	e->msg.nlmsg_seq = seq;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	return nlh;
}

Test(dp_flow, batch_answers_are_matched_by_sequence)
{
	struct dp_client c = { .seq = 41, .portid = 0xdf };
	struct results r;
	uint8_t buf[256] __attribute__((aligned(4)));
	struct dp_flow_op op = {
		.type = DP_FLOW_OP_PUT, .key = "\x08\x00\x03\x00\x01\x00\x00\x00",
		.key_len = 8, .actions = "", .flags = DP_FLOW_CREATE,
	};
	struct nlmsghdr *echo;
	union dpf_buf eb;
	struct dp_batch b;
	size_t i;

	memset(&r, 0, sizeof(r));
	cr_assert_eq(dp_batch_init(&b), 0);
	for (i = 0; i < 4; i++) {
		void *room = dp_batch_room(&b, DP_REQ_BUF_SIZE);

		cr_assert_not_null(room);
		dp_batch_add(&b, dp_flow_build_op(room, DP_REQ_BUF_SIZE, 0x26, 6, &op),
			     i + 2);	/* the caller's numbering is its own */
	}
	dp_batch_seal(&c, &b);
	cr_expect_eq(b.seq0, 42);
	cr_expect_eq(c.seq, 45);

	/* Only the last request asks for an ack. */
	for (i = 0; i < 4; i++) {
		struct nlmsghdr *m = (struct nlmsghdr *)(b.buf + i * MNL_ALIGN(
			((struct nlmsghdr *)b.buf)->nlmsg_len));

		cr_expect_eq(!!(m->nlmsg_flags & NLM_F_ACK), i == 3, "message %zu", i);
	}

	/* One not ours, one unknown seq, then an echoed reply to 43. */
	cr_expect_not(dp_batch_take(&b, 0xdf, ack(buf, 43, 0x99, 0, NULL), &handler, &r),
		      "another socket's");
	cr_expect_not(dp_batch_take(&b, 0xdf, ack(buf, 46, 0xdf, 0, NULL), &handler, &r));
	echo = dpf_load(&eb, dpf_flow_del_echo, dpf_flow_del_echo_len);
	echo->nlmsg_seq = 43;
	cr_expect(dp_batch_take(&b, 0xdf, echo, &handler, &r), "an echoed flow");
	cr_expect_eq(r.replies[3], 1);
	cr_expect_eq(r.done, 0, "a reply does not end its request");
	/* 44 refused: 42 and 43, unanswered before it, succeeded. */
	cr_expect(dp_batch_take(&b, 0xdf, ack(buf, 44, 0xdf, -EEXIST, NULL), &handler, &r));
	cr_expect_eq(r.done, 3);
	cr_expect_eq(b.n_open, 1, "45 is still out");
	cr_expect_not(dp_batch_take(&b, 0xdf, ack(buf, 43, 0xdf, 0, NULL), &handler, &r),
		      "answered already");
	cr_expect(dp_batch_take(&b, 0xdf, ack(buf, 45, 0xdf, -EOPNOTSUPP,
					      "flowpath: flow table not implemented"),
				&handler, &r));
	cr_expect_eq(b.n_open, 0);
	cr_expect_eq(r.done, 4);
	cr_expect_eq(r.error[2], 0);
	cr_expect_eq(r.error[3], 0);
	cr_expect_eq(r.error[4], -EEXIST);
	cr_expect_eq(r.error[5], -EOPNOTSUPP);
	cr_expect_str_eq(r.msg[5], "flowpath: flow table not implemented");
	dp_batch_fini(&b);
}

Test(dp_flow, batch_is_bounded)
{
	struct dp_batch b;
	size_t i;

	cr_assert_eq(dp_batch_init(&b), 0);
	for (i = 0; i < DP_BATCH_MAX_MSGS; i++) {
		struct nlmsghdr *nlh = dp_batch_room(&b, 64);

		cr_assert_not_null(nlh);
		mnl_nlmsg_put_header(nlh);
		dp_batch_add(&b, nlh, i);
	}
	cr_expect_null(dp_batch_room(&b, 64), "full: the answers must fit");
	b.n = 0;
	cr_expect_null(dp_batch_room(&b, DP_BATCH_BUF_SIZE), "no room left in bytes");
	dp_batch_fini(&b);
}
