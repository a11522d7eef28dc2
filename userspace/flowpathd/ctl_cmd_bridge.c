// SPDX-License-Identifier: GPL-2.0
/*
 * add-br, del-br, add-port, del-port, show. Each change reaches the
 * kernel first and the config after, so a refusal changes nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "ctl_cmd.h"
#include "flow_table.h"
#include "json.h"
#include "placement.h"
#include "revalidator.h"

/* 2 for a name no netdev could have, 1 for one already in use. */
static int name_status(int err)
{
	return err == -EINVAL ? CMD_USAGE : CMD_FAILED;
}

static int publish_bridge(struct fpd *d, struct fpd_bridge *br)
{
	struct fpd_bridge **grown;

	pthread_rwlock_wrlock(&d->bridges_lock);
	grown = realloc(d->bridges, (d->n_bridges + 1) * sizeof(*grown));
	if (grown) {
		d->bridges = grown;
		d->bridges[d->n_bridges++] = br;
	}
	pthread_rwlock_unlock(&d->bridges_lock);
	return grown ? 0 : -ENOMEM;
}

static void unpublish_bridge(struct fpd *d, struct fpd_bridge *br)
{
	size_t i;

	pthread_rwlock_wrlock(&d->bridges_lock);
	for (i = 0; i < d->n_bridges && d->bridges[i] != br; i++)
		;
	if (i < d->n_bridges) {
		memmove(&d->bridges[i], &d->bridges[i + 1],
			(d->n_bridges - i - 1) * sizeof(d->bridges[0]));
		d->n_bridges--;
	}
	pthread_rwlock_unlock(&d->bridges_lock);
}

int cmd_add_br(struct fpd_cmd *c, int argc, char **argv)
{
	struct fpd *d = c->d;
	char why[FPD_WHY_LEN];
	struct fpd_bridge *br;
	int err;

	(void)argc;
	err = fpd_config_add_bridge(&d->conf, argv[1], why, sizeof(why));
	if (err)
		return cmd_fail(c, name_status(err), "'%s': %s", argv[1], why);
	br = fpd_bridge_open(d, fpd_config_bridge(&d->conf, argv[1]), why,
			     sizeof(why));
	if (!br || publish_bridge(d, br)) {
		if (br) {
			fpd_bridge_delete_dp(d, br, why, sizeof(why));
			fpd_bridge_free(br);
			snprintf(why, sizeof(why), "out of memory");
		}
		fpd_config_del_bridge(&d->conf, argv[1]);
		return cmd_fail(c, CMD_FAILED, "%s", why);
	}
	return cmd_save(c);
}

int cmd_del_br(struct fpd_cmd *c, int argc, char **argv)
{
	struct fpd_bridge *br = cmd_bridge(c, argv[1]);
	struct fpd *d = c->d;
	char why[FPD_WHY_LEN];

	(void)argc;
	if (!br)
		return CMD_FAILED;
	if (fpd_bridge_delete_dp(d, br, why, sizeof(why)))
		return cmd_fail(c, CMD_FAILED, "%s", why);
	/* Once out of the array (write-locked), no handler can be using it. */
	unpublish_bridge(d, br);
	fpd_place_forget_dp(d, br->dp_ifindex);
	fpd_flow_table_del_dp(d->flows, br->dp_ifindex);
	fpd_bridge_free(br);
	fpd_config_del_bridge(&d->conf, argv[1]);
	return cmd_save(c);
}

/* Checks what the config would refuse, before the kernel is asked. */
static int check_new_port(struct fpd_cmd *c, const char *bridge,
			  const char *port)
{
	struct fpd_bridge_conf *owner;
	char why[FPD_WHY_LEN];
	int err;

	err = fpd_ifname_check("port", port, why, sizeof(why));
	if (err)
		return cmd_fail(c, CMD_USAGE, "'%s': %s", port, why);
	if (fpd_config_bridge(&c->d->conf, port))
		return cmd_fail(c, CMD_FAILED, "'%s': already a bridge", port);
	if (fpd_config_port(&c->d->conf, port, &owner))
		return cmd_fail(c, CMD_FAILED, "'%s': already a port of bridge %s",
				port, owner->name);
	if (!cmd_bridge(c, bridge))
		return CMD_FAILED;
	return CMD_OK;
}

int cmd_add_port(struct fpd_cmd *c, int argc, char **argv)
{
	struct fpd_port_conf pc = { .mode = FPD_VLAN_TRUNK_ALL };
	struct fpd *d = c->d;
	char why[FPD_WHY_LEN];
	int ret, i;

	/* The options first: a usage error whatever the bridge holds. */
	for (i = 3; i < argc; i++)
		if (fpd_port_opt_parse(&pc, argv[i], why, sizeof(why)))
			return cmd_fail(c, CMD_USAGE, "'%s': %s", argv[i], why);
	ret = check_new_port(c, argv[1], argv[2]);
	if (ret)
		return ret;
	snprintf(pc.name, sizeof(pc.name), "%s", argv[2]);
	if (fpd_bridge_add_port(d, fpd_bridge_by_name(d, argv[1]), &pc, why,
				sizeof(why)))
		return cmd_fail(c, CMD_FAILED, "%s: %s", argv[2], why);
	if (fpd_config_add_port(&d->conf, argv[1], &pc, why, sizeof(why)))
		return cmd_fail(c, CMD_FAILED, "'%s': %s", argv[2], why);
	fpd_revalidator_kick(d->reval);
	return cmd_save(c);
}

int cmd_del_port(struct fpd_cmd *c, int argc, char **argv)
{
	const char *port = argv[argc - 1];
	struct fpd_bridge_conf *owner;
	struct fpd *d = c->d;
	char why[FPD_WHY_LEN];

	if (!fpd_config_port(&d->conf, port, &owner))
		return cmd_fail(c, CMD_FAILED, "no port named %s", port);
	if (argc == 3 && strcmp(argv[1], owner->name))
		return cmd_fail(c, CMD_FAILED, "port %s is in bridge %s, not %s",
				port, owner->name, argv[1]);
	if (fpd_bridge_del_port(d, fpd_bridge_by_name(d, owner->name), port,
				why, sizeof(why)))
		return cmd_fail(c, CMD_FAILED, "%s: %s", port, why);
	fpd_config_del_port(&d->conf, owner->name, port);
	fpd_revalidator_kick(d->reval);
	return cmd_save(c);
}
