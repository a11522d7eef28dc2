// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's start and stop: one unwind ladder, each label undoing the
 * step above it, so a failure at any step leaves nothing running.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>

#include "bridge.h"
#include "ctl.h"
#include "dp_upcall.h"
#include "flow_table.h"
#include "flowpathd.h"
#include "handler.h"
#include "log.h"
#include "revalidator.h"

/* ---- the config, checked by the rule parser as it is read ---- */

struct conf_ports {
	const struct fpd_config *cfg;
	const char *bridge;
};

/*
 * While the file is read there are no datapath numbers yet: a port the
 * file declared (for this bridge) gets a stand-in one. Rules name ports
 * after declaring them, as the file is written.
 */
static int conf_port_no(const char *name, uint32_t *no, void *arg)
{
	const struct conf_ports *cp = arg;
	const struct fpd_bridge_conf *br = fpd_config_bridge(cp->cfg, cp->bridge);
	size_t i;

	if (br && !strcmp(name, br->name)) {
		*no = 0;
		return 0;
	}
	for (i = 0; br && i < br->n_ports; i++) {
		if (!strcmp(br->ports[i].name, name)) {
			*no = (uint32_t)i + 1;
			return 0;
		}
	}
	return -ENOENT;
}

static int check_rule(const char *bridge, const char *text, char *why,
		      size_t whylen, void *arg)
{
	struct conf_ports cp = { .cfg = arg, .bridge = bridge };
	const struct fp_rule_ports ports = { .port_no = conf_port_no, .arg = &cp };
	struct fp_rule *r = malloc(sizeof(*r));
	int err;

	if (!r) {
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	err = fp_rule_parse(r, text, FP_RULE_PARSE_FULL, &ports, why, whylen);
	free(r);
	return err;
}

static int load_config(struct fpd *d, char *why, size_t whylen)
{
	int err;

	fpd_config_init(&d->conf);
	err = fpd_config_load(&d->conf, d->opts.config_path, check_rule,
			      &d->conf, why, whylen);
	if (err == -ENOENT) {
		fpd_log(LOG_INFO, "no config at %s: starting with no bridges",
			d->opts.config_path);
		err = 0;
	}
	atomic_store(&d->policy, d->conf.policy);
	return err;
}

bool fpd_no_flow_table(struct fpd *d)
{
	return dp_upcall_now_ms() < atomic_load(&d->no_flow_table_until);
}

int fpd_save_config(struct fpd *d, char *why, size_t whylen)
{
	return fpd_config_save(&d->conf, d->opts.config_path, why, whylen);
}

/* ---- bridges ---- */

struct fpd_bridge *fpd_bridge_by_ifindex(struct fpd *d, int dp_ifindex)
{
	size_t i;

	for (i = 0; i < d->n_bridges; i++)
		if (d->bridges[i]->dp_ifindex == dp_ifindex)
			return d->bridges[i];
	return NULL;
}

struct fpd_bridge *fpd_bridge_by_name(struct fpd *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->n_bridges; i++)
		if (!strcmp(d->bridges[i]->name, name))
			return d->bridges[i];
	return NULL;
}

static int open_bridges(struct fpd *d, char *why, size_t whylen)
{
	size_t i;

	d->bridges = calloc(d->conf.n_bridges + 1, sizeof(*d->bridges));
	if (!d->bridges) {
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < d->conf.n_bridges; i++) {
		struct fpd_bridge *br;

		br = fpd_bridge_open(d, &d->conf.bridges[i], why, whylen);
		if (!br)
			return -EINVAL;
		d->bridges[d->n_bridges++] = br;
	}
	return 0;
}

static void close_bridges(struct fpd *d)
{
	size_t i;

	for (i = 0; i < d->n_bridges; i++)
		fpd_bridge_free(d->bridges[i]);
	free(d->bridges);
	d->bridges = NULL;
	d->n_bridges = 0;
}

/* ---- start and stop ---- */

/* Random, or failing that (no entropy yet at boot) the time and our pid. */
static uint32_t make_run_id(void)
{
	struct timespec ts;
	uint32_t id;

	if (getrandom(&id, sizeof(id), GRND_NONBLOCK) == (ssize_t)sizeof(id))
		return id;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint32_t)ts.tv_nsec ^ (uint32_t)ts.tv_sec ^ (uint32_t)getpid();
}

static struct fpd *fpd_alloc(const struct fpd_opts *o)
{
	struct fpd *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->opts = *o;
	d->run_id = make_run_id();
	pthread_mutex_init(&d->mutex, NULL);
	pthread_rwlock_init(&d->bridges_lock, NULL);
	fpd_config_init(&d->conf);
	return d;
}

static void fpd_free(struct fpd *d)
{
	fpd_config_free(&d->conf);
	pthread_rwlock_destroy(&d->bridges_lock);
	pthread_mutex_destroy(&d->mutex);
	free(d);
}

static int open_dp_client(struct fpd *d, char *why, size_t whylen)
{
	static const enum dp_family fams[] = {
		DP_FAMILY_DATAPATH, DP_FAMILY_VPORT, DP_FAMILY_FLOW,
		DP_FAMILY_PACKET,
	};
	uint16_t id;
	size_t i;
	int err;

	err = dp_client_init(&d->dp, d->opts.family_prefix);
	for (i = 0; !err && i < sizeof(fams) / sizeof(fams[0]); i++)
		err = dp_client_family(&d->dp, fams[i], &id);
	if (err)
		snprintf(why, whylen, "%s", dp_client_error(&d->dp));
	return err;
}

struct fpd *fpd_start(const struct fpd_opts *o, char *why, size_t whylen)
{
	struct fpd *d = fpd_alloc(o);

	if (!d) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	if (load_config(d, why, whylen))
		goto err_free;
	d->ctl = fpd_ctl_open(o->socket_path, why, whylen);
	if (!d->ctl)
		goto err_free;
	if (open_dp_client(d, why, whylen))
		goto err_ctl;
	d->flows = fpd_flow_table_create();
	if (!d->flows) {
		snprintf(why, whylen, "out of memory");
		goto err_dp;
	}
	d->handlers = fpd_handlers_create(d, o->n_handlers, why, whylen);
	if (!d->handlers)
		goto err_flows;
	/* Bridges before handlers run: upcalls find every bridge. */
	if (open_bridges(d, why, whylen))
		goto err_handlers;
	d->reval = fpd_revalidator_start(d, why, whylen);
	if (!d->reval)
		goto err_handlers;
	/*
	 * Upcalls wait in their sockets until the flows a previous run left
	 * have taught the MAC tables: translated before, a packet towards a
	 * known host would be flooded and its megaflow changed a moment later.
	 */
	fpd_revalidator_wait_first_pass(d->reval);
	if (fpd_handlers_start(d->handlers, why, whylen))
		goto err_reval;
	if (fpd_ctl_start(d->ctl, d, why, whylen))
		goto err_reval;
	fpd_log(LOG_INFO, "serving %s with %u handlers, %zu bridges; config %s",
		o->socket_path, o->n_handlers, d->n_bridges, o->config_path);
	return d;

err_reval:
	fpd_revalidator_stop(d->reval);
err_handlers:
	/* Their threads first: they read the bridges. */
	fpd_handlers_destroy(d->handlers);
	close_bridges(d);
err_flows:
	fpd_flow_table_destroy(d->flows);
err_dp:
	dp_client_fini(&d->dp);
err_ctl:
	fpd_ctl_close(d->ctl);
err_free:
	fpd_free(d);
	return NULL;
}

void fpd_stop(struct fpd *d)
{
	/* No command can start once ctl is gone; nothing changes after. */
	fpd_ctl_close(d->ctl);
	fpd_revalidator_stop(d->reval);
	fpd_handlers_destroy(d->handlers);
	close_bridges(d);
	fpd_flow_table_destroy(d->flows);
	dp_client_fini(&d->dp);
	fpd_free(d);
}
