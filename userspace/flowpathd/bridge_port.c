// SPDX-License-Identifier: GPL-2.0
/*
 * A bridge's ports: vports of its datapath, attached at start (adopting
 * those a previous flowpathd left), added and removed by commands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "bridge_priv.h"
#include "dp_upcall.h"
#include "dp_vport.h"
#include "handler.h"
#include "log.h"

/* ---- ports ---- */

static void xport_from_conf(struct fp_xport *x, const struct fpd_port_conf *pc,
			    uint32_t port_no)
{
	memset(x, 0, sizeof(*x));
	snprintf(x->name, sizeof(x->name), "%s", pc->name);
	x->odp_port = port_no;
	if (pc->mode == FPD_VLAN_ACCESS) {
		x->mode = FP_VLAN_ACCESS;
		x->tag = pc->access_vid;
	} else {
		x->mode = FP_VLAN_TRUNK;
		/* An empty set is "all VLANs" to xlate, as TRUNK_ALL is here. */
		if (pc->mode == FPD_VLAN_TRUNKS)
			memcpy(x->trunks, pc->trunks, sizeof(x->trunks));
	}
}

/* Appends x and what placement needs to know of it (policy: its override). */
static int append_port(struct fpd_bridge *br, const struct fp_xport *x,
		       enum fpd_policy policy)
{
	struct fpd_port_place *place;
	struct fp_xport *ports;

	ports = realloc(br->ports, (br->n_ports + 1) * sizeof(*ports));
	if (!ports)
		return -ENOMEM;
	br->ports = ports;
	place = realloc(br->place, (br->n_ports + 1) * sizeof(*place));
	if (!place)
		return -ENOMEM;
	br->place = place;
	fpd_port_place_probe(x->name, x->odp_port == OVSP_LOCAL, policy,
			     &place[br->n_ports]);
	ports[br->n_ports++] = *x;
	return 0;
}

static int append_detached(struct fpd_bridge *br, const char *name,
			   const char *why)
{
	struct fpd_detached *d;

	d = realloc(br->detached, (br->n_detached + 1) * sizeof(*d));
	if (!d)
		return -ENOMEM;
	br->detached = d;
	d = &d[br->n_detached++];
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(d->why, sizeof(d->why), "%s", why);
	return 0;
}

const struct fp_xport *fpd_bridge_port_by_name(const struct fpd_bridge *br,
					       const char *name)
{
	size_t i;

	for (i = 0; i < br->n_ports; i++)
		if (!strcmp(br->ports[i].name, name))
			return &br->ports[i];
	return NULL;
}

bool fpd_bridge_is_detached(const struct fpd_bridge *br, const char *name)
{
	size_t i;

	for (i = 0; i < br->n_detached; i++)
		if (!strcmp(br->detached[i].name, name))
			return true;
	return false;
}

const char *fpd_bridge_port_name(struct fpd_bridge *br, uint32_t port_no)
{
	size_t i;

	for (i = 0; i < br->n_ports; i++)
		if (br->ports[i].odp_port == port_no)
			return br->ports[i].name;
	return NULL;
}

/* ---- the datapath's ports ---- */

struct vport_list {
	struct dp_vport_info *v;
	size_t n;
};

static int collect_vport(const struct dp_vport_info *v, void *arg)
{
	struct vport_list *l = arg;
	struct dp_vport_info *grown = realloc(l->v, (l->n + 1) * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	l->v = grown;
	l->v[l->n++] = *v;
	return 0;
}

static const struct dp_vport_info *find_vport(const struct vport_list *l,
					      const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

/*
 * A new vport lists every handler's pid: the kernel uses them when the
 * datapath dispatches per vport, and ignores them per CPU.
 */
static int add_vport(struct fpd *d, struct fpd_bridge *br, const char *name,
		     uint32_t *port_no)
{
	const struct dp_upcall_handlers *h = fpd_handlers_socks(d->handlers);

	return dp_vport_add(&d->dp, br->dp_ifindex, name, OVS_VPORT_TYPE_NETDEV,
			    h->pids, h->n, port_no);
}

/* Attaches one configured port, or records it detached with the reason. */
static int attach_port(struct fpd *d, struct fpd_bridge *br,
		       const struct fpd_port_conf *pc,
		       const struct vport_list *have)
{
	const struct dp_vport_info *v = find_vport(have, pc->name);
	uint32_t port_no = v ? v->port_no : 0;
	struct fp_xport x;
	int err = 0;

	if (!v)
		err = add_vport(d, br, pc->name, &port_no);
	if (err) {
		fpd_log(LOG_WARNING, "bridge %s: port %s stays detached: %s",
			br->name, pc->name, dp_client_error(&d->dp));
		return append_detached(br, pc->name, dp_client_error(&d->dp));
	}
	xport_from_conf(&x, pc, port_no);
	return append_port(br, &x, pc->policy);
}

/* vports the config no longer has (it changed while we were away). */
static void drop_unconfigured(struct fpd *d, struct fpd_bridge *br,
			      const struct fpd_bridge_conf *bc,
			      const struct vport_list *have)
{
	size_t i, j;

	for (i = 0; i < have->n; i++) {
		const char *name = have->v[i].name;
		bool wanted = have->v[i].port_no == OVSP_LOCAL;

		for (j = 0; j < bc->n_ports && !wanted; j++)
			wanted = !strcmp(bc->ports[j].name, name);
		if (wanted)
			continue;
		if (dp_vport_del(&d->dp, br->dp_ifindex, name))
			fpd_log(LOG_WARNING, "bridge %s: cannot remove port %s, which the config no longer has: %s",
				br->name, name, dp_client_error(&d->dp));
		else
			fpd_log(LOG_INFO, "bridge %s: removed port %s, which the config no longer has",
				br->name, name);
	}
}

int fpd_bridge_attach_ports(struct fpd *d, struct fpd_bridge *br,
			    const struct fpd_bridge_conf *bc, char *why,
			    size_t whylen)
{
	struct vport_list have = { 0 };
	struct fpd_port_conf local = { .mode = FPD_VLAN_TRUNK_ALL };
	struct fp_xport x;
	size_t i;
	int err;

	err = dp_vport_dump(&d->dp, br->dp_ifindex, collect_vport, &have);
	if (err) {
		snprintf(why, whylen, "listing the ports of %s: %s", br->name,
			 dp_client_error(&d->dp));
		free(have.v);
		return err;
	}
	drop_unconfigured(d, br, bc, &have);
	snprintf(local.name, sizeof(local.name), "%s", br->name);
	xport_from_conf(&x, &local, OVSP_LOCAL);
	err = append_port(br, &x, FPD_POLICY_DEFAULT);
	for (i = 0; i < bc->n_ports && !err; i++)
		err = attach_port(d, br, &bc->ports[i], &have);
	free(have.v);
	if (err)
		snprintf(why, whylen, "out of memory");
	return err;
}

int fpd_bridge_add_port(struct fpd *d, struct fpd_bridge *br,
			const struct fpd_port_conf *pc, char *why,
			size_t whylen)
{
	struct fp_xport x;
	uint32_t port_no;
	int err;

	err = add_vport(d, br, pc->name, &port_no);
	if (err) {
		snprintf(why, whylen, "%s", dp_client_error(&d->dp));
		return err;
	}
	xport_from_conf(&x, pc, port_no);
	pthread_rwlock_wrlock(&br->lock);
	err = append_port(br, &x, pc->policy);
	if (!err)
		atomic_fetch_add(&br->gen, 1);
	pthread_rwlock_unlock(&br->lock);
	if (err) {
		dp_vport_del(&d->dp, br->dp_ifindex, pc->name);
		snprintf(why, whylen, "out of memory");
	}
	return err;
}

/* Removes name from ports or detached; br->lock is write-held. */
static void forget_port(struct fpd_bridge *br, const char *name)
{
	size_t i;

	for (i = 0; i < br->n_ports; i++) {
		if (strcmp(br->ports[i].name, name))
			continue;
		fp_mac_table_flush_port(br->macs, br->ports[i].odp_port);
		memmove(&br->ports[i], &br->ports[i + 1],
			(br->n_ports - i - 1) * sizeof(br->ports[0]));
		memmove(&br->place[i], &br->place[i + 1],
			(br->n_ports - i - 1) * sizeof(br->place[0]));
		br->n_ports--;
		return;
	}
	for (i = 0; i < br->n_detached; i++) {
		if (strcmp(br->detached[i].name, name))
			continue;
		memmove(&br->detached[i], &br->detached[i + 1],
			(br->n_detached - i - 1) * sizeof(br->detached[0]));
		br->n_detached--;
		return;
	}
}

int fpd_bridge_del_port(struct fpd *d, struct fpd_bridge *br,
			const char *name, char *why, size_t whylen)
{
	struct fp_cls fresh;
	int err;

	/* Rules name ports: one naming this port would lose its meaning. */
	err = fpd_bridge_reparse_rules(br, name, &fresh, why, whylen);
	if (err) {
		if (err != -ENOMEM)
			snprintf(why + strlen(why), whylen - strlen(why),
				 " (delete or change that rule first)");
		return err;
	}
	if (fpd_bridge_port_by_name(br, name)) {
		err = dp_vport_del(&d->dp, br->dp_ifindex, name);
		/* Gone already with its netdev: there is nothing to detach. */
		if (err && err != -ENODEV && err != -ENOENT) {
			snprintf(why, whylen, "%s", dp_client_error(&d->dp));
			fpd_bridge_free_rules(&fresh);
			return err;
		}
	}
	pthread_rwlock_wrlock(&br->lock);
	forget_port(br, name);
	pthread_rwlock_unlock(&br->lock);
	fpd_bridge_swap_rules(br, &fresh);
	return 0;
}

