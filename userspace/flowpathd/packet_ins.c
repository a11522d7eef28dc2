// SPDX-License-Identifier: GPL-2.0
/* A bridge's packet-ins: counting, keeping the last few, and receiving. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bridge.h"
#include "packet_in.h"
#include "packet_ins.h"

void fpd_packet_ins_init(struct fpd_packet_ins *p)
{
	memset(p, 0, sizeof(*p));
	pthread_mutex_init(&p->mutex, NULL);
}

void fpd_packet_ins_fini(struct fpd_packet_ins *p)
{
	pthread_mutex_destroy(&p->mutex);
	free(p->rules);
	p->rules = NULL;
	p->n_rules = p->alloc_rules = 0;
}

/* The rule's counter, added if new; NULL when there is no memory for it. */
static struct fpd_packet_in_rule *rule_counter(struct fpd_packet_ins *p,
					       uint64_t rule_id)
{
	struct fpd_packet_in_rule *r;
	size_t i, alloc;

	for (i = 0; i < p->n_rules; i++)
		if (p->rules[i].rule_id == rule_id)
			return &p->rules[i];
	if (p->n_rules == p->alloc_rules) {
		alloc = p->alloc_rules ? 2 * p->alloc_rules : 8;
		r = realloc(p->rules, alloc * sizeof(*r));
		if (!r)
			return NULL;
		p->rules = r;
		p->alloc_rules = alloc;
	}
	r = &p->rules[p->n_rules++];
	r->rule_id = rule_id;
	r->count = 0;
	return r;
}

void fpd_packet_ins_add(struct fpd_packet_ins *p,
			const struct fpd_packet_in *pin)
{
	struct fpd_packet_in_rule *r;

	pthread_mutex_lock(&p->mutex);
	p->total++;
	r = rule_counter(p, pin->rule_id);
	if (r)
		r->count++;
	p->kept[p->next] = *pin;
	p->next = (p->next + 1) % FPD_PACKET_INS_KEPT;
	pthread_mutex_unlock(&p->mutex);
}

int fpd_packet_ins_snapshot(struct fpd_packet_ins *p,
			    struct fpd_packet_ins_snapshot *s)
{
	size_t i, first;
	int err = 0;

	memset(s, 0, sizeof(*s));
	pthread_mutex_lock(&p->mutex);
	s->total = p->total;
	s->n_kept = p->total < FPD_PACKET_INS_KEPT ? (size_t)p->total :
		    FPD_PACKET_INS_KEPT;
	/* Once the ring is full, the oldest is the one written next. */
	first = s->n_kept < FPD_PACKET_INS_KEPT ? 0 : p->next;
	for (i = 0; i < s->n_kept; i++)
		s->kept[i] = p->kept[(first + i) % FPD_PACKET_INS_KEPT];
	if (p->n_rules) {
		s->rules = malloc(p->n_rules * sizeof(*s->rules));
		if (s->rules) {
			memcpy(s->rules, p->rules, p->n_rules * sizeof(*s->rules));
			s->n_rules = p->n_rules;
		} else {
			err = -ENOMEM;
		}
	}
	pthread_mutex_unlock(&p->mutex);
	return err;
}

void fpd_packet_ins_snapshot_free(struct fpd_packet_ins_snapshot *s)
{
	free(s->rules);
	s->rules = NULL;
	s->n_rules = 0;
}

/* ---- a handler's packet-in ---- */

static int64_t realtime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The record of up, credited to the cookie's rule when this run made the
 * cookie: rule ids are this run's config ids, which a restart renumbers.
 */
static void describe(const struct fpd_bridge *br, const struct dp_upcall *up,
		     const struct fp_packet_in_cookie *c,
		     struct fpd_packet_in *pin)
{
	memset(pin, 0, sizeof(*pin));
	pin->time_ms = realtime_ms();
	pin->in_port = up->key.in_port;
	pin->rule_id = c->run == br->run_id ? c->rule_id :
		       FPD_PACKET_IN_RULE_UNKNOWN;
	pin->len = up->packet_len;
	pin->orig_len = up->orig_len;
	fp_packet_in_summary(&up->key, pin->summary, sizeof(pin->summary));
}

static void name_port(struct fpd_bridge *br, struct fpd_packet_in *pin)
{
	const char *name;

	pthread_rwlock_rdlock(&br->lock);
	name = fpd_bridge_port_name(br, pin->in_port);
	if (name)
		snprintf(pin->in_port_name, sizeof(pin->in_port_name), "%s",
			 name);
	pthread_rwlock_unlock(&br->lock);
}

int fpd_packet_in_receive(struct fpd *d, const struct dp_upcall *up)
{
	struct fp_packet_in_cookie c;
	struct fpd_packet_in pin;
	struct fpd_bridge *br;

	if (fp_packet_in_cookie_get(up->userdata, up->userdata_len, &c))
		return -EINVAL;
	pthread_rwlock_rdlock(&d->bridges_lock);
	br = fpd_bridge_by_ifindex(d, up->dp_ifindex);
	if (br) {
		describe(br, up, &c, &pin);
		name_port(br, &pin);
		fpd_packet_ins_add(&br->packet_ins, &pin);
	}
	pthread_rwlock_unlock(&d->bridges_lock);
	return br ? 0 : -ENODEV;
}
