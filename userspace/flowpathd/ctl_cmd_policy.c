// SPDX-License-Identifier: GPL-2.0
/*
 * set-policy, get-policy: where megaflows may land (policy.h), globally
 * and per port. A change is saved, takes effect for new megaflows at once
 * and moves the bridge's generation, so that the revalidator re-examines
 * the flows already placed and moves those the new policy puts elsewhere.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "bridge.h"
#include "ctl_cmd.h"
#include "ctl_cmd_policy.h"
#include "json.h"
#include "revalidator.h"

/* ---- what one port's policy is ---- */

enum fpd_policy cmd_global_policy(const struct fpd *d)
{
	return fpd_policy_effective(d->conf.policy, FPD_POLICY_DEFAULT);
}

void cmd_port_policy(struct fpd *d, struct fpd_bridge *br, size_t i,
		     struct cmd_port_policy *pp)
{
	memset(pp, 0, sizeof(*pp));
	snprintf(pp->name, sizeof(pp->name), "%s", br->ports[i].name);
	pp->port_no = br->ports[i].odp_port;
	pp->local = i == 0;
	/* place[] may be re-probed by other threads: read it locked. */
	pthread_rwlock_rdlock(&br->lock);
	if (br->place) {
		pp->override = br->place[i].policy;
		pp->can_offload = br->place[i].can_offload;
		snprintf(pp->why_not, sizeof(pp->why_not), "%s",
			 br->place[i].why_not);
	}
	pthread_rwlock_unlock(&br->lock);
	pp->effective = fpd_policy_effective(d->conf.policy, pp->override);
}

bool cmd_port_policy_by_no(struct fpd *d, struct fpd_bridge *br,
			   uint32_t port_no, struct cmd_port_policy *pp)
{
	size_t i;

	for (i = 0; i < br->n_ports; i++) {
		if (br->ports[i].odp_port == port_no) {
			cmd_port_policy(d, br, i, pp);
			return true;
		}
	}
	return false;
}

const char *cmd_policy_source(const struct cmd_port_policy *pp)
{
	return pp->override != FPD_POLICY_DEFAULT ? "set on the port" : "global";
}

void cmd_port_policy_text(const struct cmd_port_policy *pp, char *buf,
			  size_t size)
{
	snprintf(buf, size, "policy %s (%s), %s%s%s",
		 fpd_policy_name(pp->effective), cmd_policy_source(pp),
		 pp->can_offload ? "can offload" : "cannot offload",
		 !pp->can_offload && pp->why_not[0] ? ": " : "",
		 pp->can_offload ? "" : pp->why_not);
}

void cmd_port_policy_json(struct fp_json *j, const struct cmd_port_policy *pp)
{
	fp_json_str(j, "policy", fpd_policy_name(pp->effective));
	fp_json_str(j, "override", fpd_policy_name(pp->override));
	fp_json_str(j, "policy_from",
		    pp->override != FPD_POLICY_DEFAULT ? "port" : "global");
	fp_json_bool(j, "can_offload", pp->can_offload);
	if (pp->can_offload || !pp->why_not[0])
		fp_json_null(j, "why_not");
	else
		fp_json_str(j, "why_not", pp->why_not);
}

/* ---- set-policy ---- */

/*
 * Flows of br (every bridge when NULL) are to be examined again: their
 * generation moved, so the revalidator looks at each and moves those the
 * policy now puts in another layer.
 */
static void policy_moved(struct fpd *d, struct fpd_bridge *br)
{
	size_t i;

	for (i = 0; i < d->n_bridges; i++)
		if (!br || d->bridges[i] == br)
			atomic_fetch_add(&d->bridges[i]->gen, 1);
	fpd_revalidator_kick(d->reval);
}

static int set_global(struct fpd_cmd *c, const char *word)
{
	char why[FPD_WHY_LEN];
	enum fpd_policy p;

	if (!strcmp(word, "default"))
		return cmd_fail(c, CMD_USAGE,
				"'default': only a port can follow another policy; the global one is hw, tc, tc-sw or kmod");
	if (fpd_policy_parse(word, 0, &p, why, sizeof(why)))
		return cmd_fail(c, CMD_USAGE, "'%s': %s", word, why);
	c->d->conf.policy = p;
	atomic_store(&c->d->policy, p);
	policy_moved(c->d, NULL);
	return cmd_save(c);
}

/* Sets the running override of port name in br; false if not attached. */
static bool set_running(struct fpd_bridge *br, const char *name,
			enum fpd_policy p)
{
	bool found = false;
	size_t i;

	pthread_rwlock_wrlock(&br->lock);
	for (i = 0; br->place && i < br->n_ports; i++) {
		if (!strcmp(br->ports[i].name, name)) {
			br->place[i].policy = p;
			found = true;
		}
	}
	pthread_rwlock_unlock(&br->lock);
	return found;
}

static int set_port(struct fpd_cmd *c, const char *port, const char *word)
{
	struct fpd_bridge_conf *owner;
	struct fpd_port_conf *pc;
	struct fpd_bridge *br;
	char why[FPD_WHY_LEN];
	enum fpd_policy p;

	if (fpd_policy_parse(word, 1, &p, why, sizeof(why)))
		return cmd_fail(c, CMD_USAGE, "'%s': %s", word, why);
	pc = fpd_config_port(&c->d->conf, port, &owner);
	if (!pc && fpd_config_bridge(&c->d->conf, port))
		return cmd_fail(c, CMD_FAILED,
				"'%s' is a bridge: its local port follows the global policy (fpctl set-policy POLICY)",
				port);
	if (!pc)
		return cmd_fail(c, CMD_FAILED, "no port named %s", port);
	pc->policy = p;
	/* A detached port has no running state: the config is all. */
	br = fpd_bridge_by_name(c->d, owner->name);
	if (br && set_running(br, port, p))
		policy_moved(c->d, br);
	return cmd_save(c);
}

int cmd_set_policy(struct fpd_cmd *c, int argc, char **argv)
{
	if (argc == 2)
		return set_global(c, argv[1]);
	return set_port(c, argv[1], argv[2]);
}

/* ---- get-policy ---- */

/* A configured port not attached: its policy as the config gives it. */
static void detached_policy(struct fpd *d, const char *name,
			    struct cmd_port_policy *pp)
{
	struct fpd_port_conf *pc = fpd_config_port(&d->conf, name, NULL);

	memset(pp, 0, sizeof(*pp));
	snprintf(pp->name, sizeof(pp->name), "%s", name);
	pp->override = pc ? pc->policy : FPD_POLICY_DEFAULT;
	pp->effective = fpd_policy_effective(d->conf.policy, pp->override);
}

static void bridge_text(struct fpd_cmd *c, struct fpd_bridge *br)
{
	struct cmd_port_policy pp;
	char text[256];
	size_t i;

	fprintf(c->out, "bridge %s:\n", br->name);
	for (i = 0; i < br->n_ports; i++) {
		cmd_port_policy(c->d, br, i, &pp);
		cmd_port_policy_text(&pp, text, sizeof(text));
		fprintf(c->out, "  port %s%s: %s\n", pp.name,
			pp.local ? " (local)" : "", text);
	}
	for (i = 0; i < br->n_detached; i++) {
		detached_policy(c->d, br->detached[i].name, &pp);
		fprintf(c->out, "  port %s (detached): policy %s (%s)\n", pp.name,
			fpd_policy_name(pp.effective), cmd_policy_source(&pp));
	}
}

static void bridge_json(struct fpd_cmd *c, struct fp_json *j,
			struct fpd_bridge *br)
{
	struct cmd_port_policy pp;
	size_t i;

	fp_json_obj_open(j, NULL);
	fp_json_str(j, "name", br->name);
	fp_json_arr_open(j, "ports");
	for (i = 0; i < br->n_ports; i++) {
		cmd_port_policy(c->d, br, i, &pp);
		fp_json_obj_open(j, NULL);
		fp_json_str(j, "name", pp.name);
		fp_json_u64(j, "port_no", pp.port_no);
		fp_json_bool(j, "local", pp.local);
		cmd_port_policy_json(j, &pp);
		fp_json_obj_close(j);
	}
	fp_json_arr_close(j);
	fp_json_arr_open(j, "detached");
	for (i = 0; i < br->n_detached; i++) {
		detached_policy(c->d, br->detached[i].name, &pp);
		fp_json_obj_open(j, NULL);
		fp_json_str(j, "name", pp.name);
		fp_json_str(j, "policy", fpd_policy_name(pp.effective));
		fp_json_str(j, "override", fpd_policy_name(pp.override));
		fp_json_obj_close(j);
	}
	fp_json_arr_close(j);
	fp_json_obj_close(j);
}

int cmd_get_policy(struct fpd_cmd *c, int argc, char **argv)
{
	const char *global = fpd_policy_name(cmd_global_policy(c->d));
	bool builtin = c->d->conf.policy == FPD_POLICY_DEFAULT;
	struct fpd_bridge *only = NULL;
	struct fp_json j;
	size_t i;

	if (argc > 1 && !(only = cmd_bridge(c, argv[1])))
		return CMD_FAILED;
	if (c->json) {
		fp_json_init(&j, c->out);
		fp_json_obj_open(&j, NULL);
		fp_json_str(&j, "policy", global);
		fp_json_bool(&j, "builtin", builtin);
		fp_json_arr_open(&j, "bridges");
	} else {
		fprintf(c->out, "global policy: %s%s\n", global,
			builtin ? " (built-in default)" : "");
	}
	for (i = 0; i < c->d->n_bridges; i++) {
		if (only && c->d->bridges[i] != only)
			continue;
		if (c->json)
			bridge_json(c, &j, c->d->bridges[i]);
		else
			bridge_text(c, c->d->bridges[i]);
	}
	if (c->json) {
		fp_json_arr_close(&j);
		fp_json_obj_close(&j);
		fp_json_end(&j);
	}
	return CMD_OK;
}
