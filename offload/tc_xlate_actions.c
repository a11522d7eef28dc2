// SPDX-License-Identifier: GPL-2.0
/*
 * Datapath actions (OVS_ACTION_ATTR_*) -> tc actions, in order:
 * output -> mirred (mirror while more actions follow, else redirect;
 * ingress for an internal port), push_vlan/pop_vlan -> act_vlan, runs of
 * set()/set_masked() -> one pedit and, when a checksum covers what
 * changed, one csum. The datapath consumes a packet whatever its last
 * action, tc passes it on (TC_ACT_PIPE) unless told otherwise: a list that
 * does not end with a redirect ends with a drop.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/openvswitch.h>

#include "tc_xlate_int.h"

/* Newer than the <linux/openvswitch.h> of Debian 12's libc headers. */
#define FP_OVS_ACTION_ATTR_DROP 24

struct actx {
	struct tc_flower *f;
	const struct fp_flow *key;
	tc_port_lookup_fn lookup;
	void *arg;
	/* Rewrites waiting for the next action that is not a set(). */
	struct tc_act pedit;
	uint32_t csum;
	char *why;
	size_t whylen;
};

#define FAIL(c, err, ...) tc_xlate_fail((c)->why, (c)->whylen, err, __VA_ARGS__)

static const char *const action_names[] = {
	[OVS_ACTION_ATTR_OUTPUT] = "output",
	[OVS_ACTION_ATTR_USERSPACE] = "userspace",
	[OVS_ACTION_ATTR_SET] = "set",
	[OVS_ACTION_ATTR_PUSH_VLAN] = "push_vlan",
	[OVS_ACTION_ATTR_POP_VLAN] = "pop_vlan",
	[OVS_ACTION_ATTR_SAMPLE] = "sample",
	[OVS_ACTION_ATTR_RECIRC] = "recirc",
	[OVS_ACTION_ATTR_HASH] = "hash",
	[OVS_ACTION_ATTR_PUSH_MPLS] = "push_mpls",
	[OVS_ACTION_ATTR_POP_MPLS] = "pop_mpls",
	[OVS_ACTION_ATTR_SET_MASKED] = "set_masked",
	[OVS_ACTION_ATTR_CT] = "ct",
	[OVS_ACTION_ATTR_TRUNC] = "trunc",
	[OVS_ACTION_ATTR_PUSH_ETH] = "push_eth",
	[OVS_ACTION_ATTR_POP_ETH] = "pop_eth",
	[OVS_ACTION_ATTR_CT_CLEAR] = "ct_clear",
	[OVS_ACTION_ATTR_PUSH_NSH] = "push_nsh",
	[OVS_ACTION_ATTR_POP_NSH] = "pop_nsh",
	[OVS_ACTION_ATTR_METER] = "meter",
	[OVS_ACTION_ATTR_CLONE] = "clone",
	[OVS_ACTION_ATTR_CHECK_PKT_LEN] = "check_pkt_len",
	[OVS_ACTION_ATTR_ADD_MPLS] = "add_mpls",
	[OVS_ACTION_ATTR_DEC_TTL] = "dec_ttl",
	[FP_OVS_ACTION_ATTR_DROP] = "drop",
	[FP_OVS_ACTION_ATTR_DROP + 1] = "psample",
};

static int refuse_action(struct actx *c, uint16_t type)
{
	size_t n = sizeof(action_names) / sizeof(action_names[0]);

	if (type < n && action_names[type])
		return FAIL(c, -EOPNOTSUPP, "action %s has no tc equivalent",
			    action_names[type]);
	return FAIL(c, -EOPNOTSUPP, "action %u has no tc equivalent", type);
}

static int put_act(struct actx *c, const struct tc_act *a)
{
	if (c->f->n_acts == TC_FLOWER_MAX_ACTS)
		return FAIL(c, -EOPNOTSUPP, "the actions need more than %d tc actions",
			    TC_FLOWER_MAX_ACTS);
	c->f->acts[c->f->n_acts++] = *a;
	return 0;
}

/* The rewrites so far, before an action that may look at the packet. */
static int flush_rewrites(struct actx *c)
{
	struct tc_act csum = { .kind = TC_ACT_CSUM, .csum_flags = c->csum };
	int err = 0;

	if (c->pedit.pedit.n)
		err = put_act(c, &c->pedit);
	if (!err && c->csum)
		err = put_act(c, &csum);
	memset(&c->pedit, 0, sizeof(c->pedit));
	c->pedit.kind = TC_ACT_PEDIT;
	c->csum = 0;
	return err;
}

static int xlate_output(struct actx *c, uint32_t port, bool last)
{
	struct tc_act a = { .kind = TC_ACT_OUTPUT };
	struct tc_port p;

	if (!c->lookup(port, &p, c->arg))
		return FAIL(c, -EOPNOTSUPP, "output to port %u: not a known port", port);
	a.out.ifindex = p.ifindex;
	a.out.mirror = !last;
	a.out.ingress = p.internal;
	return put_act(c, &a);
}

static int xlate_push_vlan(struct actx *c, fp_be16 tpid, fp_be16 tci)
{
	struct tc_act a = { .kind = TC_ACT_VLAN_PUSH };
	uint16_t t = ntohs(tci);

	/* act_vlan pushes these two only (tcf_vlan_init()). */
	if (tpid != htons(ETH_P_8021Q) && tpid != htons(ETH_P_8021AD))
		return FAIL(c, -EOPNOTSUPP, "push_vlan of TPID %#06x: tc pushes 802.1Q and 802.1ad tags only",
			    ntohs(tpid));
	a.vlan.tpid = tpid;
	a.vlan.vid = t & FP_VLAN_VID_MASK;
	a.vlan.prio = (uint8_t)(t >> FP_VLAN_PCP_SHIFT);
	return put_act(c, &a);
}

static int xlate_simple(struct actx *c, enum tc_act_kind kind)
{
	struct tc_act a = { .kind = kind };

	return put_act(c, &a);
}

static int xlate_one(struct actx *c, const struct fp_odp_action *a, bool last)
{
	int err;

	if (a->type == OVS_ACTION_ATTR_SET || a->type == OVS_ACTION_ATTR_SET_MASKED)
		return tc_xlate_pedit_set(a, c->key, &c->pedit, &c->csum,
					  c->why, c->whylen);
	err = flush_rewrites(c);
	if (err)
		return err;
	switch (a->type) {
	case OVS_ACTION_ATTR_OUTPUT:
		return xlate_output(c, a->port, last);
	case OVS_ACTION_ATTR_PUSH_VLAN:
		return xlate_push_vlan(c, a->push_vlan.tpid, a->push_vlan.tci);
	case OVS_ACTION_ATTR_POP_VLAN:
		return xlate_simple(c, TC_ACT_VLAN_POP);
	case FP_OVS_ACTION_ATTR_DROP:
		return xlate_simple(c, TC_ACT_DROP);
	case OVS_ACTION_ATTR_USERSPACE:
		/* What a user sees of a rule's controller action: say so. */
		return FAIL(c, -EOPNOTSUPP, "userspace(): tc has no action that sends a packet up to flowpathd (a rule's controller action)");
	}
	return refuse_action(c, a->type);
}

/* Whether the packet is consumed by the last tc action. */
static bool consumed(const struct tc_flower *f)
{
	const struct tc_act *a = f->n_acts ? &f->acts[f->n_acts - 1] : NULL;

	return a && (a->kind == TC_ACT_DROP ||
		     (a->kind == TC_ACT_OUTPUT && !a->out.mirror));
}

static int parse_actions(struct actx *c, const void *actions, size_t len,
			 struct fp_odp_action *list, size_t *n)
{
	int err = fp_odp_actions_parse(actions, len, list, TC_XLATE_MAX_ODP_ACTS, n);

	if (err == -E2BIG)
		return FAIL(c, -EOPNOTSUPP, "more than %d datapath actions",
			    TC_XLATE_MAX_ODP_ACTS);
	if (err)
		return FAIL(c, -EINVAL, "the datapath actions do not parse (%s)",
			    strerror(-err));
	return 0;
}

int tc_xlate_actions(const void *actions, size_t len,
		     const struct fp_flow *key, tc_port_lookup_fn lookup,
		     void *arg, struct tc_flower *f, char *why, size_t whylen)
{
	struct fp_odp_action list[TC_XLATE_MAX_ODP_ACTS];
	struct actx c = {
		.f = f, .key = key, .lookup = lookup, .arg = arg,
		.pedit = { .kind = TC_ACT_PEDIT }, .why = why, .whylen = whylen,
	};
	size_t i, n;
	int err;

	f->n_acts = 0;
	err = parse_actions(&c, actions, len, list, &n);
	for (i = 0; !err && i < n; i++)
		err = xlate_one(&c, &list[i], i + 1 == n);
	if (!err)
		err = flush_rewrites(&c);
	if (!err && !consumed(f))
		err = xlate_simple(&c, TC_ACT_DROP);
	return err;
}
