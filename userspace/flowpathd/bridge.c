// SPDX-License-Identifier: GPL-2.0
/* Bridges: their life, and translation under their lock. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "bridge_priv.h"
#include "dp_datapath.h"
#include "dp_upcall.h"
#include "handler.h"
#include "log.h"

/* ---- translation ---- */

int fpd_bridge_translate(struct fpd_bridge *br, const struct fp_flow *flow,
			 bool may_learn, struct fpd_xlate *x, char *why,
			 size_t whylen)
{
	const struct fp_rule *rule;
	struct fp_xbridge xb;
	struct fp_xlate_in in = {
		.br = &xb,
		.flow = flow,
		.may_learn = may_learn,
		.now_ms = (uint64_t)dp_upcall_now_ms(),
	};
	int err;

	fp_flow_zero(&x->out.wc);
	pthread_rwlock_rdlock(&br->lock);
	x->gen = atomic_load(&br->gen);
	rule = fp_cls_lookup(&br->cls, flow, &x->out.wc);
	x->matched = rule != NULL;
	in.actions = rule ? &rule->actions : NULL;
	in.rule_id = rule ? fpd_bridge_rule_id(rule) : 0;
	xb = (struct fp_xbridge){
		.name = br->name,
		.ports = br->ports,
		.n_ports = br->n_ports,
		.macs = br->macs,
		.upcall_pids = br->upcall_pids,
		.n_upcall_pids = br->n_upcall_pids,
		.run_id = br->run_id,
	};
	err = fp_xlate(&in, &x->out, why, whylen);
	pthread_rwlock_unlock(&br->lock);
	/*
	 * Every megaflow matches its EtherType, as Open vSwitch's do: it
	 * costs at most a megaflow per EtherType. (Under a VLAN tag the codec
	 * forces it anyway: the kernel refuses an encap() without one.)
	 */
	x->out.wc.dl_type = 0xffff;
	return err;
}

bool fpd_bridge_stale(struct fpd_bridge *br, uint64_t gen, bool used_macs,
		      uint64_t mac_gen)
{
	if (atomic_load(&br->gen) != gen)
		return true;
	return used_macs && fp_mac_table_generation(br->macs) != mac_gen;
}

/* ---- life ---- */

static struct fpd_bridge *bridge_alloc(const char *name)
{
	struct fpd_bridge *br = calloc(1, sizeof(*br));

	if (!br)
		return NULL;
	snprintf(br->name, sizeof(br->name), "%s", name);
	pthread_rwlock_init(&br->lock, NULL);
	fp_cls_init(&br->cls);
	fpd_packet_ins_init(&br->packet_ins);
	br->macs = fp_mac_table_create();
	if (!br->macs) {
		fpd_bridge_free(br);
		return NULL;
	}
	return br;
}

void fpd_bridge_free(struct fpd_bridge *br)
{
	if (!br)
		return;
	fpd_bridge_free_rules(&br->cls);
	if (br->macs)
		fp_mac_table_destroy(br->macs);
	pthread_rwlock_destroy(&br->lock);
	fpd_packet_ins_fini(&br->packet_ins);
	free(br->upcall_pids);
	free(br->ports);
	free(br->place);
	free(br->detached);
	free(br);
}

/*
 * One a previous flowpathd left is adopted: its flows may be forwarding.
 * A new one's local port sends its upcalls to handler 0 until attached.
 */
static int find_or_create(struct dp_client *c, const char *name,
			  uint32_t local_pid, bool *adopted)
{
	struct dp_datapath_info info;
	int err = dp_datapath_get(c, name, &info);

	*adopted = !err;
	if (err == -ENODEV)
		err = dp_datapath_new(c, name, local_pid);
	return err;
}

/* The datapath, with its upcalls (and its vports') on the handlers. */
static int open_datapath(struct fpd *d, struct fpd_bridge *br, char *why,
			 size_t whylen)
{
	struct dp_upcall_handlers *h = fpd_handlers_socks(d->handlers);
	struct dp_upcall_dp att;
	int err;

	err = find_or_create(&d->dp, br->name, h->pids[0], &br->adopted);
	if (err) {
		snprintf(why, whylen, "datapath %s: %s", br->name,
			 dp_client_error(&d->dp));
		return err;
	}
	err = dp_upcall_handlers_attach(h, &d->dp, br->name, DP_UPCALL_AUTO,
					&att);
	if (err) {
		snprintf(why, whylen, "datapath %s: %s", br->name, h->errmsg);
		return err;
	}
	br->dp_ifindex = att.dp_ifindex;
	br->per_cpu = att.dispatch == DP_UPCALL_PER_CPU;
	return 0;
}

/* What translation puts in a controller action's userspace(). */
static int take_packet_in_target(struct fpd *d, struct fpd_bridge *br)
{
	struct dp_upcall_handlers *h = fpd_handlers_socks(d->handlers);

	br->upcall_pids = calloc(h->n, sizeof(*br->upcall_pids));
	if (!br->upcall_pids)
		return -ENOMEM;
	memcpy(br->upcall_pids, h->pids, h->n * sizeof(*br->upcall_pids));
	br->n_upcall_pids = h->n;
	br->run_id = d->run_id;
	return 0;
}

static int load_rules(struct fpd_bridge *br, struct fpd_config *cfg,
		      struct fpd_bridge_conf *bc, char *why, size_t whylen)
{
	char msg[FPD_WHY_LEN];
	uint64_t replaced;
	size_t i;
	int err = 0;

	for (i = 0; i < bc->n_rules && !err; i++) {
		struct fpd_rule *r = malloc(sizeof(*r));

		if (!r)
			return -ENOMEM;
		err = fpd_bridge_parse_rule(br, bc->rules[i].text,
					    FP_RULE_PARSE_FULL, &r->r, msg,
					    sizeof(msg));
		r->conf_id = bc->rules[i].id;
		if (!err)
			err = fpd_bridge_add_rule(br, r, &replaced);
		else
			free(r);
		if (err)
			snprintf(why, whylen, "bridge %s: rule '%s': %s", bc->name,
				 bc->rules[i].text, msg);
		/*
		 * A later line with the same match and priority wins; the
		 * earlier one leaves the config, so i now names the next.
		 */
		else if (replaced && !fpd_config_del_rule(cfg, bc->name, replaced))
			i--;
	}
	return err;
}

struct fpd_bridge *fpd_bridge_open(struct fpd *d, struct fpd_bridge_conf *bc,
				   char *why, size_t whylen)
{
	struct fpd_bridge *br = bridge_alloc(bc->name);

	if (!br || take_packet_in_target(d, br)) {
		snprintf(why, whylen, "out of memory");
		fpd_bridge_free(br);
		return NULL;
	}
	if (open_datapath(d, br, why, whylen))
		goto fail;
	if (fpd_bridge_attach_ports(d, br, bc, why, whylen) ||
	    load_rules(br, &d->conf, bc, why, whylen))
		goto fail_dp;
	fpd_log(LOG_INFO, "bridge %s: %s datapath (ifindex %d), %zu ports, %zu detached, %zu rules, upcalls %s",
		br->name, br->adopted ? "adopted the" : "created its",
		br->dp_ifindex, br->n_ports, br->n_detached, fp_cls_count(&br->cls),
		br->per_cpu ? "per CPU" : "per port");
	return br;
fail_dp:
	/* One we found stays: its flows may still be forwarding. */
	if (!br->adopted)
		dp_datapath_del(&d->dp, br->name);
fail:
	fpd_bridge_free(br);
	return NULL;
}

int fpd_bridge_delete_dp(struct fpd *d, struct fpd_bridge *br, char *why,
			 size_t whylen)
{
	int err = dp_datapath_del(&d->dp, br->name);

	if (err == -ENODEV)
		return 0;	/* someone else removed it: the goal is reached */
	if (err)
		snprintf(why, whylen, "%s", dp_client_error(&d->dp));
	return err;
}
