// SPDX-License-Identifier: GPL-2.0
/* Switchdev port discovery: links + devlink + features; see eswitch.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devlink_port.h"
#include "eswitch.h"
#include "link_features.h"
#include "link_cache.h"

struct scan {
	const struct fp_devlink_port *dl;
	size_t n_dl;
	struct fp_eswitch_port *ports;
	size_t n, cap;
};

static void fill_devlink(const struct fp_devlink_port *dl,
			 struct fp_eswitch_port *port)
{
	port->has_devlink = true;
	snprintf(port->devlink_dev, sizeof(port->devlink_dev), "%s/%s",
		 dl->bus, dl->dev);
	port->devlink_index = dl->index;
}

static void fill_port(const struct scan *s, const struct fp_link *link,
		      struct fp_eswitch_port *port)
{
	const struct fp_devlink_port *dl;
	bool on;
	int err;

	memset(port, 0, sizeof(*port));
	port->ifindex = link->ifindex;
	memcpy(port->name, link->name, sizeof(port->name));
	memcpy(port->switch_id, link->switch_id, link->switch_id_len);
	port->switch_id_len = link->switch_id_len;
	memcpy(port->phys_port_name, link->phys_port_name,
	       sizeof(port->phys_port_name));
	dl = fp_devlink_port_find(s->dl, s->n_dl, link->ifindex, link->name);
	if (dl)
		fill_devlink(dl, port);
	fp_port_role_decide(true, dl, link->phys_port_name, &port->role);
	err = fp_netdev_feature_get(link->name, FP_FEATURE_HW_TC, &on);
	port->hw_tc_offload = err ? err : on;
}

static int visit_link(const struct fp_link *link, void *arg)
{
	struct scan *s = arg;

	if (!link->switch_id_len)
		return 0;	/* not a port of any switch */
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;
		struct fp_eswitch_port *p;

		p = realloc(s->ports, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		s->ports = p;
		s->cap = cap;
	}
	fill_port(s, link, &s->ports[s->n++]);
	return 0;
}

/*
 * The devlink ports, or none when devlink cannot answer us (no permission,
 * no generic netlink): the port names then tell the roles. Only a failure
 * that would also break the rest (no memory, a garbled answer) is an error.
 */
static int load_devlink(struct fp_devlink_port **dl, size_t *n)
{
	int err = fp_devlink_port_dump(dl, n);

	switch (err) {
	case -EPERM:
	case -EACCES:
	case -EOPNOTSUPP:
	case -EPROTONOSUPPORT:
		*dl = NULL;
		*n = 0;
		return 0;
	default:
		return err;
	}
}

int fp_eswitch_scan(struct fp_eswitch_port **ports, size_t *n,
		    const char **step)
{
	struct fp_devlink_port *dl = NULL;
	struct fp_link_cache *cache;
	const char *failed = "dumping devlink ports";
	struct scan s = { 0 };
	int err;

	err = load_devlink(&dl, &s.n_dl);
	if (err)
		goto out;
	s.dl = dl;
	failed = "dumping links";
	err = fp_link_cache_open(&cache);
	if (err)
		goto out;
	failed = "reading links";
	err = fp_link_cache_foreach(cache, visit_link, &s);
	fp_link_cache_close(cache);
out:
	free(dl);
	if (err) {
		free(s.ports);
		if (step)
			*step = failed;
		return err;
	}
	fp_eswitch_sort(s.ports, s.n);
	*ports = s.ports;
	*n = s.n;
	return 0;
}

void fp_eswitch_ports_free(struct fp_eswitch_port *ports)
{
	free(ports);
}

bool fp_eswitch_same_switch(const struct fp_eswitch_port *a,
			    const struct fp_eswitch_port *b)
{
	return fp_switch_id_equal(a->switch_id, a->switch_id_len, b->switch_id,
				  b->switch_id_len);
}

/* --- ordering --- */

static int role_rank(enum fp_port_role role)
{
	switch (role) {
	case FP_ROLE_UPLINK:
		return 0;
	case FP_ROLE_PF_REP:
		return 1;
	case FP_ROLE_VF_REP:
		return 2;
	case FP_ROLE_SF_REP:
		return 3;
	default:
		return 4;
	}
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_switch_id(const struct fp_eswitch_port *a,
			 const struct fp_eswitch_port *b)
{
	size_t len = a->switch_id_len < b->switch_id_len ? a->switch_id_len :
							   b->switch_id_len;
	int c = memcmp(a->switch_id, b->switch_id, len);

	return c ? c : cmp_u64(a->switch_id_len, b->switch_id_len);
}

#define N_KEYS 5

/*
 * One number per level of a port's place in its switch. External
 * controllers come after the local host's functions (+1 keeps controller 0
 * apart from "local").
 */
static void role_keys(const struct fp_port_role_info *r, uint64_t key[N_KEYS])
{
	key[0] = (uint64_t)role_rank(r->role);
	key[1] = r->has_controller ? (uint64_t)r->controller + 1 : 0;
	key[2] = r->pf;
	key[3] = r->has_vf ? r->vf : r->has_sf ? r->sf : r->port;
	key[4] = r->subport;
}

static int cmp_port(const void *pa, const void *pb)
{
	const struct fp_eswitch_port *a = pa, *b = pb;
	uint64_t ka[N_KEYS], kb[N_KEYS];
	int c, i;

	c = cmp_switch_id(a, b);
	if (c)
		return c;
	role_keys(&a->role, ka);
	role_keys(&b->role, kb);
	for (i = 0; i < N_KEYS; i++) {
		c = cmp_u64(ka[i], kb[i]);
		if (c)
			return c;
	}
	return cmp_u64((uint64_t)a->ifindex, (uint64_t)b->ifindex);
}

void fp_eswitch_sort(struct fp_eswitch_port *ports, size_t n)
{
	if (n > 1)
		qsort(ports, n, sizeof(*ports), cmp_port);
}
