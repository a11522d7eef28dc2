// SPDX-License-Identifier: GPL-2.0
/*
 * The actions: struct tc_act <-> the numbered nests of TCA_FLOWER_ACT,
 * each with TCA_ACT_KIND and the kind's own TCA_ACT_OPTIONS. The first
 * action carries the filter's cookie, and its counters are the filter's:
 * every action of a filter sees the same packets (OVS reads them the same
 * way), and its TCA_<KIND>_TM says when the last one went through.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/gen_stats.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/tc_act/tc_csum.h>
#include <linux/tc_act/tc_gact.h>
#include <linux/tc_act/tc_mirred.h>
#include <linux/tc_act/tc_vlan.h>

#include "tc_nl.h"
#include "tc_nl_impl.h"

const char *tc_nl_act_kind_name(enum tc_act_kind kind)
{
	switch (kind) {
	case TC_ACT_OUTPUT: return "mirred";
	case TC_ACT_DROP: return "gact";
	case TC_ACT_VLAN_PUSH:
	case TC_ACT_VLAN_POP:
	case TC_ACT_VLAN_MODIFY: return "vlan";
	case TC_ACT_PEDIT: return "pedit";
	case TC_ACT_CSUM: return "csum";
	}
	return "unknown";
}

/* ---- encoding ---- */

static int mirred_eaction(const struct tc_act *a)
{
	if (a->out.ingress)
		return a->out.mirror ? TCA_INGRESS_MIRROR : TCA_INGRESS_REDIR;
	return a->out.mirror ? TCA_EGRESS_MIRROR : TCA_EGRESS_REDIR;
}

static int put_mirred(struct tc_nl_out *o, const struct tc_act *a,
		      char *why, size_t whylen)
{
	struct tc_mirred p = { 0 };

	if (a->out.ifindex <= 0)
		return tc_nl_fail(why, whylen, -EINVAL,
				  "output to ifindex %d", a->out.ifindex);
	/* A copy lets the packet go on to the next action; a redirect ends it. */
	p.action = a->out.mirror ? TC_ACT_PIPE : TC_ACT_STOLEN;
	p.eaction = mirred_eaction(a);
	p.ifindex = (uint32_t)a->out.ifindex;
	tc_nl_put(o, TCA_MIRRED_PARMS, sizeof(p), &p);
	return 0;
}

static int put_vlan(struct tc_nl_out *o, const struct tc_act *a,
		    char *why, size_t whylen)
{
	struct tc_vlan p = { .action = TC_ACT_PIPE };
	fp_be16 tpid = a->vlan.tpid ? a->vlan.tpid : htons(ETH_P_8021Q);

	p.v_action = a->kind == TC_ACT_VLAN_POP ? TCA_VLAN_ACT_POP
		   : a->kind == TC_ACT_VLAN_PUSH ? TCA_VLAN_ACT_PUSH
						 : TCA_VLAN_ACT_MODIFY;
	tc_nl_put(o, TCA_VLAN_PARMS, sizeof(p), &p);
	if (a->kind == TC_ACT_VLAN_POP)
		return 0;
	/* act_vlan refuses 4095 with a bare ERANGE: say it here. */
	if (a->vlan.vid >= 0x0fff || a->vlan.prio > 7)
		return tc_nl_fail(why, whylen, -EINVAL,
				  "vlan id %u prio %u: the id must be below 4095, the prio below 8",
				  a->vlan.vid, a->vlan.prio);
	if (tpid != htons(ETH_P_8021Q) && tpid != htons(ETH_P_8021AD))
		return tc_nl_fail(why, whylen, -EINVAL,
				  "vlan tpid 0x%04x is neither 802.1Q nor 802.1ad", ntohs(tpid));
	tc_nl_put_u16(o, TCA_VLAN_PUSH_VLAN_ID, a->vlan.vid);
	tc_nl_put(o, TCA_VLAN_PUSH_VLAN_PROTOCOL, 2, &tpid);
	tc_nl_put_u8(o, TCA_VLAN_PUSH_VLAN_PRIORITY, a->vlan.prio);
	return 0;
}

static int put_kind_options(struct tc_nl_out *o, const struct tc_act *a,
			    char *why, size_t whylen)
{
	struct tc_gact gact = { .action = TC_ACT_SHOT };
	struct tc_csum csum = { .action = TC_ACT_PIPE };

	switch (a->kind) {
	case TC_ACT_OUTPUT:
		return put_mirred(o, a, why, whylen);
	case TC_ACT_DROP:
		tc_nl_put(o, TCA_GACT_PARMS, sizeof(gact), &gact);
		return 0;
	case TC_ACT_VLAN_PUSH:
	case TC_ACT_VLAN_POP:
	case TC_ACT_VLAN_MODIFY:
		return put_vlan(o, a, why, whylen);
	case TC_ACT_PEDIT:
		return tc_nl_put_pedit(o, a, why, whylen);
	case TC_ACT_CSUM:
		csum.update_flags = a->csum_flags;
		tc_nl_put(o, TCA_CSUM_PARMS, sizeof(csum), &csum);
		return 0;
	}
	return tc_nl_fail(why, whylen, -EINVAL, "action kind %d", (int)a->kind);
}

/* A redirect or a drop ends the packet's walk: nothing may follow it. */
static bool ends_walk(const struct tc_act *a)
{
	return a->kind == TC_ACT_DROP || (a->kind == TC_ACT_OUTPUT && !a->out.mirror);
}

/*
 * Counters in one place rather than one copy per CPU: each per-CPU copy
 * (three per action) costs an allocation under the per-CPU allocator's
 * global mutex, which serialises handlers putting filters side by side,
 * and memory: on a 64-CPU host about 3 KiB per action. A megaflow's
 * packets mostly come in on one CPU, so the shared counter's lock is
 * seldom contended. (Kernel 5.7 and later; Open vSwitch does the same.)
 */
static const struct nla_bitfield32 no_percpu = {
	.value = TCA_ACT_FLAGS_NO_PERCPU_STATS,
	.selector = TCA_ACT_FLAGS_NO_PERCPU_STATS,
};

static int put_act(struct tc_nl_out *o, const struct tc_flower *f, size_t i,
		   char *why, size_t whylen)
{
	const struct tc_act *a = &f->acts[i];
	struct nlattr *nest, *opts;
	int err;

	if (ends_walk(a) && i + 1 < f->n_acts)
		return tc_nl_fail(why, whylen, -EINVAL,
				  "action %zu (%s) ends the packet's walk, yet %zu more follow",
				  i + 1, a->kind == TC_ACT_DROP ? "drop" : "redirect",
				  f->n_acts - i - 1);
	nest = tc_nl_nest(o, (uint16_t)(i + 1));
	tc_nl_put_str(o, TCA_ACT_KIND, tc_nl_act_kind_name(a->kind));
	if (i == 0 && f->cookie_len)
		tc_nl_put(o, TCA_ACT_COOKIE, f->cookie_len, f->cookie);
	tc_nl_put(o, TCA_ACT_FLAGS, sizeof(no_percpu), &no_percpu);
	opts = tc_nl_nest(o, TCA_ACT_OPTIONS);
	err = put_kind_options(o, a, why, whylen);
	tc_nl_nest_end(o, opts);
	tc_nl_nest_end(o, nest);
	return err;
}

int tc_nl_put_acts(struct tc_nl_out *o, const struct tc_flower *f,
		   char *why, size_t whylen)
{
	struct nlattr *nest = tc_nl_nest(o, TCA_FLOWER_ACT);
	size_t i;
	int err = 0;

	for (i = 0; !err && i < f->n_acts; i++)
		err = put_act(o, f, i, why, whylen);
	tc_nl_nest_end(o, nest);
	return err;
}

/* ---- decoding ---- */

static int parse_mirred(const struct nlattr *opts, struct tc_act *a,
			const struct nlattr **tm)
{
	const struct nlattr *tb[TCA_MIRRED_MAX + 1];
	struct tc_mirred p;

	if (tc_nl_parse_nest(opts, tb, TCA_MIRRED_MAX) || !tb[TCA_MIRRED_PARMS] ||
	    tc_nl_get(tb[TCA_MIRRED_PARMS], &p, sizeof(p)))
		return -EBADMSG;
	a->kind = TC_ACT_OUTPUT;
	a->out.ifindex = (int)p.ifindex;
	a->out.mirror = p.eaction == TCA_EGRESS_MIRROR || p.eaction == TCA_INGRESS_MIRROR;
	a->out.ingress = p.eaction == TCA_INGRESS_MIRROR || p.eaction == TCA_INGRESS_REDIR;
	if (p.eaction < TCA_EGRESS_REDIR || p.eaction > TCA_INGRESS_MIRROR)
		return -EOPNOTSUPP;
	*tm = tb[TCA_MIRRED_TM];
	return 0;
}

static int parse_gact(const struct nlattr *opts, struct tc_act *a,
		      const struct nlattr **tm)
{
	const struct nlattr *tb[TCA_GACT_MAX + 1];
	struct tc_gact p;

	if (tc_nl_parse_nest(opts, tb, TCA_GACT_MAX) || !tb[TCA_GACT_PARMS] ||
	    tc_nl_get(tb[TCA_GACT_PARMS], &p, sizeof(p)))
		return -EBADMSG;
	/* flowpath only drops; pass, a random drop, a goto: someone else's. */
	if (p.action != TC_ACT_SHOT || tb[TCA_GACT_PROB])
		return -EOPNOTSUPP;
	a->kind = TC_ACT_DROP;
	*tm = tb[TCA_GACT_TM];
	return 0;
}

static int parse_vlan_push(const struct nlattr *const *tb, struct tc_act *a)
{
	if (!tb[TCA_VLAN_PUSH_VLAN_ID] ||
	    tc_nl_get(tb[TCA_VLAN_PUSH_VLAN_ID], &a->vlan.vid, 2))
		return -EBADMSG;
	a->vlan.tpid = htons(ETH_P_8021Q);
	if (tb[TCA_VLAN_PUSH_VLAN_PROTOCOL] &&
	    tc_nl_get(tb[TCA_VLAN_PUSH_VLAN_PROTOCOL], &a->vlan.tpid, 2))
		return -EBADMSG;
	if (tb[TCA_VLAN_PUSH_VLAN_PRIORITY] &&
	    tc_nl_get(tb[TCA_VLAN_PUSH_VLAN_PRIORITY], &a->vlan.prio, 1))
		return -EBADMSG;
	return 0;
}

static int parse_vlan(const struct nlattr *opts, struct tc_act *a,
		      const struct nlattr **tm)
{
	const struct nlattr *tb[TCA_VLAN_MAX + 1];
	struct tc_vlan p;

	if (tc_nl_parse_nest(opts, tb, TCA_VLAN_MAX) || !tb[TCA_VLAN_PARMS] ||
	    tc_nl_get(tb[TCA_VLAN_PARMS], &p, sizeof(p)))
		return -EBADMSG;
	*tm = tb[TCA_VLAN_TM];
	switch (p.v_action) {
	case TCA_VLAN_ACT_POP:
		a->kind = TC_ACT_VLAN_POP;
		return 0;
	case TCA_VLAN_ACT_PUSH:
		a->kind = TC_ACT_VLAN_PUSH;
		return parse_vlan_push(tb, a);
	case TCA_VLAN_ACT_MODIFY:
		a->kind = TC_ACT_VLAN_MODIFY;
		return parse_vlan_push(tb, a);
	}
	return -EOPNOTSUPP;
}

static int parse_csum(const struct nlattr *opts, struct tc_act *a,
		      const struct nlattr **tm)
{
	const struct nlattr *tb[TCA_CSUM_MAX + 1];
	struct tc_csum p;

	if (tc_nl_parse_nest(opts, tb, TCA_CSUM_MAX) || !tb[TCA_CSUM_PARMS] ||
	    tc_nl_get(tb[TCA_CSUM_PARMS], &p, sizeof(p)))
		return -EBADMSG;
	a->kind = TC_ACT_CSUM;
	a->csum_flags = p.update_flags;
	*tm = tb[TCA_CSUM_TM];
	return 0;
}

static int parse_kind(const char *kind, const struct nlattr *opts,
		      struct tc_act *a, const struct nlattr **tm,
		      char *why, size_t whylen)
{
	int err = -EOPNOTSUPP;

	if (!strcmp(kind, "mirred"))
		err = parse_mirred(opts, a, tm);
	else if (!strcmp(kind, "gact"))
		err = parse_gact(opts, a, tm);
	else if (!strcmp(kind, "vlan"))
		err = parse_vlan(opts, a, tm);
	else if (!strcmp(kind, "csum"))
		err = parse_csum(opts, a, tm);
	else if (!strcmp(kind, "pedit"))
		return tc_nl_parse_pedit(opts, a, tm, why, whylen);
	if (err == -EBADMSG)
		return tc_nl_fail(why, whylen, err, "a malformed %s action", kind);
	if (err)
		return tc_nl_fail(why, whylen, err,
				  "a %s action flowpath does not put", kind);
	return 0;
}

/*
 * TCA_STATS_BASIC is everything, TCA_STATS_BASIC_HW the hardware's part;
 * a TCA_STATS_PKT64 right after either carries its packet count when it
 * outgrew the u32.
 */
struct stats_walk {
	struct tc_flower_stats *s;
	uint64_t *last_packets;
	int err;
};

static int stats_cb(const struct nlattr *attr, void *data)
{
	struct stats_walk *w = data;
	struct gnet_stats_basic b;
	uint64_t pkt64;

	switch (mnl_attr_get_type(attr)) {
	case TCA_STATS_BASIC:
	case TCA_STATS_BASIC_HW:
		if (tc_nl_get_min(attr, &b, 12, sizeof(b)))
			break;
		if (mnl_attr_get_type(attr) == TCA_STATS_BASIC) {
			w->s->bytes = b.bytes;
			w->s->packets = b.packets;
			w->last_packets = &w->s->packets;
		} else {
			w->s->hw_bytes = b.bytes;
			w->s->hw_packets = b.packets;
			w->last_packets = &w->s->hw_packets;
		}
		return MNL_CB_OK;
	case TCA_STATS_PKT64:
		if (tc_nl_get(attr, &pkt64, 8))
			break;
		if (w->last_packets)
			*w->last_packets = pkt64;
		return MNL_CB_OK;
	case TCA_STATS_PAD:	/* may sit between a basic and its PKT64 */
		return MNL_CB_OK;
	default:
		w->last_packets = NULL;
		return MNL_CB_OK;
	}
	w->err = -EBADMSG;
	return MNL_CB_ERROR;
}

static int parse_stats(const struct nlattr *stats, struct tc_flower_stats *s)
{
	struct stats_walk w = { .s = s };

	if (mnl_attr_parse_nested(stats, stats_cb, &w) < 0 || w.err)
		return -EBADMSG;
	return 0;
}

/* tcf_t counts clock ticks ago; a never-used action has no firstuse. */
static int parse_tm(const struct nlattr *tm, struct tc_flower_stats *s)
{
	struct tcf_t t;
	long hz = sysconf(_SC_CLK_TCK);

	if (tc_nl_get_min(tm, &t, 3 * sizeof(uint64_t), sizeof(t)))
		return -EBADMSG;
	if (!t.firstuse && !s->packets)
		s->lastuse_ago_ms = UINT64_MAX;
	else
		s->lastuse_ago_ms = t.lastuse * 1000 / (uint64_t)(hz > 0 ? hz : 100);
	return 0;
}

static int parse_first_extras(const struct nlattr *const *tb,
			      const struct nlattr *tm, struct tc_flower *f,
			      char *why, size_t whylen)
{
	const struct nlattr *cookie = tb[TCA_ACT_COOKIE];

	if (cookie) {
		f->cookie_len = mnl_attr_get_payload_len(cookie);
		if (f->cookie_len > TC_COOKIE_LEN)
			return tc_nl_fail(why, whylen, -EBADMSG,
					  "a cookie of %zu bytes", f->cookie_len);
		memcpy(f->cookie, mnl_attr_get_payload(cookie), f->cookie_len);
	}
	if (tb[TCA_ACT_STATS] && parse_stats(tb[TCA_ACT_STATS], &f->stats))
		return tc_nl_fail(why, whylen, -EBADMSG, "malformed action counters");
	if (tm && parse_tm(tm, &f->stats))
		return tc_nl_fail(why, whylen, -EBADMSG, "a malformed struct tcf_t");
	return 0;
}

static int parse_act(const struct nlattr *nest, struct tc_flower *f,
		     char *why, size_t whylen)
{
	const struct nlattr *tb[TCA_ACT_MAX + 1];
	const struct nlattr *tm = NULL;
	struct tc_act *a = &f->acts[f->n_acts];
	const char *kind;
	int err;

	if (tc_nl_parse_nest(nest, tb, TCA_ACT_MAX))
		return tc_nl_fail(why, whylen, -EBADMSG, "a malformed action");
	kind = tb[TCA_ACT_KIND] ? tc_nl_get_str(tb[TCA_ACT_KIND]) : NULL;
	if (!kind || !tb[TCA_ACT_OPTIONS])
		return tc_nl_fail(why, whylen, -EBADMSG,
				  "action %zu has no kind or no options", f->n_acts + 1);
	err = parse_kind(kind, tb[TCA_ACT_OPTIONS], a, &tm, why, whylen);
	if (!err && f->n_acts == 0)
		err = parse_first_extras(tb, tm, f, why, whylen);
	if (!err)
		f->n_acts++;
	return err;
}

int tc_nl_parse_acts(const struct nlattr *acts, struct tc_flower *f,
		     char *why, size_t whylen)
{
	const struct nlattr *tb[TCA_ACT_MAX_PRIO + 1];
	int i, err;

	if (tc_nl_parse_nest(acts, tb, TCA_ACT_MAX_PRIO))
		return tc_nl_fail(why, whylen, -EBADMSG, "a malformed action list");
	for (i = 1; i <= TCA_ACT_MAX_PRIO; i++) {
		if (!tb[i])
			continue;
		/* Numbered from 1 with no gap: the order is the meaning. */
		if ((size_t)i != f->n_acts + 1)
			return tc_nl_fail(why, whylen, -EBADMSG,
					  "action %d follows action %zu", i, f->n_acts);
		if (f->n_acts == TC_FLOWER_MAX_ACTS)
			return tc_nl_fail(why, whylen, -EOPNOTSUPP,
					  "more than %d actions", TC_FLOWER_MAX_ACTS);
		err = parse_act(tb[i], f, why, whylen);
		if (err)
			return err;
	}
	return 0;
}
