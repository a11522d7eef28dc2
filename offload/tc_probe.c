// SPDX-License-Identifier: GPL-2.0
/*
 * Capability probes: a throwaway filter per question, deleted right
 * after. The filter matches a multicast source MAC, which no Ethernet
 * frame carries, so even in hardware (skip_sw) it takes no packet.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/tc_act/tc_csum.h>

#include "tc_nl.h"
#include "tc_probe.h"

#define PROBE_PRIO 0xffff	/* last in its chain */
#define PROBE_CHAIN 0x0ffffff0	/* below the kernel's limit, 0x0fffffff */

static void probe_filter(struct tc_flower *f, int ifindex)
{
	memset(f, 0, sizeof(*f));
	f->ifindex = ifindex;
	f->prio = PROBE_PRIO;
	f->protocol = htons(ETH_P_IP);
	f->key.eth_type = htons(ETH_P_IP);
	f->mask.eth_type = 0xffff;
	f->key.src_mac[0] = 0x01;
	memset(f->mask.src_mac, 0xff, sizeof(f->mask.src_mac));
}

static void probe_action(struct tc_act *a, enum tc_act_kind kind, int ifindex)
{
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	switch (kind) {
	case TC_ACT_OUTPUT:
		a->out.ifindex = ifindex;
		break;
	case TC_ACT_VLAN_PUSH:
	case TC_ACT_VLAN_MODIFY:
		a->vlan.tpid = htons(ETH_P_8021Q);
		a->vlan.vid = 1;
		break;
	case TC_ACT_PEDIT:
		a->pedit.n = 1;
		a->pedit.keys[0].htype = 1;	/* eth: the destination MAC */
		a->pedit.keys[0].mask = htonl(0xffffffff);
		break;
	case TC_ACT_CSUM:
		a->csum_flags = TCA_CSUM_UPDATE_FLAG_IPV4HDR;
		break;
	case TC_ACT_DROP:
	case TC_ACT_VLAN_POP:
		break;
	}
}

/* Puts f and deletes it again: whether the kernel took it. */
static bool try_filter(struct tc_client *c, struct tc_flower *f)
{
	if (tc_client_put(c, f))
		return false;
	tc_client_del(c, f);
	return true;
}

static void probe_acts(struct tc_client *c, int ifindex, struct tc_caps *caps)
{
	struct tc_flower f;
	int k;

	for (k = 0; k < TC_PROBE_N_ACTS; k++) {
		probe_filter(&f, ifindex);
		f.n_acts = 1;
		probe_action(&f.acts[0], (enum tc_act_kind)k, ifindex);
		caps->act[k] = try_filter(c, &f);
	}
}

static void summarize(struct tc_caps *caps)
{
	char acts[128] = "";
	size_t len = 0;
	int k;

	/* vlan push, pop and modify are one module: name it once. */
	for (k = 0; k < TC_PROBE_N_ACTS; k++)
		if (caps->act[k] && k != TC_ACT_VLAN_POP && k != TC_ACT_VLAN_MODIFY)
			len += (size_t)snprintf(acts + len, sizeof(acts) - len, " %s",
						tc_nl_act_kind_name((enum tc_act_kind)k));
	snprintf(caps->summary, sizeof(caps->summary),
		 "clsact %s, flower %s, chains %s, actions%s, skip_hw %s, skip_sw %s%s%s",
		 caps->clsact ? "yes" : "no", caps->flower ? "yes" : "no",
		 caps->chains ? "yes" : "no", len ? acts : " none",
		 caps->skip_hw ? "yes" : "no", caps->skip_sw ? "yes" : "no",
		 caps->skip_sw || !caps->flower ? "" : ": ",
		 caps->skip_sw || !caps->flower ? "" : caps->skip_sw_why);
}

int tc_probe(struct tc_client *c, int ifindex, struct tc_caps *caps)
{
	struct tc_flower f;
	int err;

	memset(caps, 0, sizeof(*caps));
	err = tc_client_ensure_clsact(c, ifindex);
	caps->clsact = !err;
	if (!err) {
		probe_filter(&f, ifindex);
		caps->flower = try_filter(c, &f);
	}
	if (caps->flower) {
		probe_filter(&f, ifindex);
		f.chain = PROBE_CHAIN;
		caps->chains = try_filter(c, &f);
		probe_acts(c, ifindex, caps);
		probe_filter(&f, ifindex);
		f.flags = TCA_CLS_FLAGS_SKIP_HW;
		caps->skip_hw = try_filter(c, &f);
		probe_filter(&f, ifindex);
		f.flags = TCA_CLS_FLAGS_SKIP_SW;
		caps->skip_sw = try_filter(c, &f);
		if (!caps->skip_sw)
			snprintf(caps->skip_sw_why, sizeof(caps->skip_sw_why), "%s", c->error);
	}
	summarize(caps);
	return err;
}
