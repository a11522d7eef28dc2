// SPDX-License-Identifier: GPL-2.0
/*
 * Did the kernel install what we asked? The echo of RTM_NEWTFILTER, read
 * by the decoder, against the request read by the same decoder (so both
 * are in canonical form): a filter whose keys or actions the kernel took
 * differently than asked must not be trusted to carry a megaflow.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/pkt_cls.h>

#include "tc_nl.h"
#include "tc_nl_impl.h"

#define SKIP_FLAGS (TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW)

static int check_place(const struct tc_flower *req, const struct tc_flower *echo,
		       char *why, size_t whylen)
{
	if (req->ifindex != echo->ifindex)
		return tc_nl_fail(why, whylen, -EPROTO, "the echo is on ifindex %d, not %d",
				  echo->ifindex, req->ifindex);
	if (req->chain != echo->chain)
		return tc_nl_fail(why, whylen, -EPROTO, "the echo is in chain %u, not %u",
				  echo->chain, req->chain);
	if (req->prio && req->prio != echo->prio)
		return tc_nl_fail(why, whylen, -EPROTO, "the echo has prio %u, not %u",
				  echo->prio, req->prio);
	if (req->handle && req->handle != echo->handle)
		return tc_nl_fail(why, whylen, -EPROTO, "the echo has handle 0x%x, not 0x%x",
				  echo->handle, req->handle);
	if (req->protocol != echo->protocol)
		return tc_nl_fail(why, whylen, -EPROTO, "the echo has protocol 0x%04x, not 0x%04x",
				  ntohs(echo->protocol), ntohs(req->protocol));
	if ((req->flags & SKIP_FLAGS) != (echo->flags & SKIP_FLAGS))
		return tc_nl_fail(why, whylen, -EPROTO, "the echo has flags 0x%x, not 0x%x",
				  echo->flags & SKIP_FLAGS, req->flags & SKIP_FLAGS);
	return 0;
}

static int check_match(const struct tc_flower *req, const struct tc_flower *echo,
		       char *why, size_t whylen)
{
	const struct tc_nl_field *fl;
	size_t i;

	for (i = 0; i < tc_nl_n_key_fields; i++) {
		fl = &tc_nl_key_fields[i];
		if (memcmp((const uint8_t *)&req->mask + fl->off,
			   (const uint8_t *)&echo->mask + fl->off, fl->len))
			return tc_nl_fail(why, whylen, -EPROTO,
					  "the kernel kept another mask for %s", fl->name);
		if (memcmp((const uint8_t *)&req->key + fl->off,
			   (const uint8_t *)&echo->key + fl->off, fl->len))
			return tc_nl_fail(why, whylen, -EPROTO,
					  "the kernel kept another key for %s", fl->name);
	}
	return 0;
}

static bool same_pedit(const struct tc_act *a, const struct tc_act *b)
{
	size_t i;

	if (a->pedit.n != b->pedit.n)
		return false;
	for (i = 0; i < a->pedit.n; i++) {
		const struct tc_pedit_word *x = &a->pedit.keys[i], *y = &b->pedit.keys[i];

		if (x->htype != y->htype || x->off != y->off || x->mask != y->mask ||
		    x->val != y->val)
			return false;
	}
	return true;
}

bool tc_act_same(const struct tc_act *a, const struct tc_act *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case TC_ACT_OUTPUT:
		return a->out.ifindex == b->out.ifindex && a->out.mirror == b->out.mirror &&
		       a->out.ingress == b->out.ingress;
	case TC_ACT_VLAN_PUSH:
	case TC_ACT_VLAN_MODIFY:
		return a->vlan.tpid == b->vlan.tpid && a->vlan.vid == b->vlan.vid &&
		       a->vlan.prio == b->vlan.prio;
	case TC_ACT_PEDIT:
		return same_pedit(a, b);
	case TC_ACT_CSUM:
		return a->csum_flags == b->csum_flags;
	case TC_ACT_DROP:
	case TC_ACT_VLAN_POP:
		return true;
	}
	return false;
}

static int check_acts(const struct tc_flower *req, const struct tc_flower *echo,
		      char *why, size_t whylen)
{
	size_t i;

	if (req->n_acts != echo->n_acts)
		return tc_nl_fail(why, whylen, -EPROTO, "the echo has %zu actions, not %zu",
				  echo->n_acts, req->n_acts);
	for (i = 0; i < req->n_acts; i++)
		if (!tc_act_same(&req->acts[i], &echo->acts[i]))
			return tc_nl_fail(why, whylen, -EPROTO,
					  "action %zu (%s) differs in the echo", i + 1,
					  tc_nl_act_kind_name(req->acts[i].kind));
	if (req->cookie_len != echo->cookie_len ||
	    memcmp(req->cookie, echo->cookie, req->cookie_len))
		return tc_nl_fail(why, whylen, -EPROTO, "the echo has another cookie");
	return 0;
}

int tc_nl_check_echo(const struct tc_flower *req, const struct tc_flower *echo,
		     char *why, size_t whylen)
{
	int err = check_place(req, echo, why, whylen);

	if (!err)
		err = check_match(req, echo, why, whylen);
	if (!err)
		err = check_acts(req, echo, why, whylen);
	return err;
}
