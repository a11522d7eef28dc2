// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration in memory: bridges, their ports with VLAN settings and
 * their rules' text, and the changes control commands make to it. Loading
 * and saving the file is config.c's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static int say(char *why, size_t whylen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int say(char *why, size_t whylen, int ret, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

void fpd_config_init(struct fpd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->next_rule_id = 1;
}

static void free_bridge(struct fpd_bridge_conf *br)
{
	size_t i;

	for (i = 0; i < br->n_rules; i++)
		free(br->rules[i].text);
	free(br->rules);
	free(br->ports);
}

void fpd_config_free(struct fpd_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->n_bridges; i++)
		free_bridge(&cfg->bridges[i]);
	free(cfg->bridges);
	fpd_config_init(cfg);
}

/* ---- names ---- */

/* The kernel's dev_valid_name(): bridges and ports are netdevs. */
int fpd_ifname_check(const char *what, const char *name, char *why,
		     size_t whylen)
{
	const char *reason = NULL;
	const char *p;

	if (!*name)
		reason = "it is empty";
	else if (strlen(name) >= IF_NAMESIZE)
		reason = "it is longer than 15 characters";
	else if (!strcmp(name, ".") || !strcmp(name, ".."))
		reason = "'.' and '..' are reserved";
	for (p = name; !reason && *p; p++)
		if (*p == '/' || *p == ':' || *p == '#' || isspace((unsigned char)*p))
			reason = "it contains '/', ':', '#' or white space";
	if (!reason)
		return 0;
	return say(why, whylen, -EINVAL, "cannot name a %s: %s", what, reason);
}

struct fpd_bridge_conf *fpd_config_bridge(const struct fpd_config *cfg,
					  const char *name)
{
	size_t i;

	for (i = 0; i < cfg->n_bridges; i++)
		if (!strcmp(cfg->bridges[i].name, name))
			return &cfg->bridges[i];
	return NULL;
}

struct fpd_port_conf *fpd_config_port(const struct fpd_config *cfg,
				      const char *name,
				      struct fpd_bridge_conf **br)
{
	size_t i, j;

	for (i = 0; i < cfg->n_bridges; i++) {
		struct fpd_bridge_conf *b = &cfg->bridges[i];

		for (j = 0; j < b->n_ports; j++) {
			if (strcmp(b->ports[j].name, name))
				continue;
			if (br)
				*br = b;
			return &b->ports[j];
		}
	}
	return NULL;
}

/*
 * A bridge's name is also its local port's netdev: no two netdevs may be
 * called the same, whatever role they have here.
 */
static int name_taken(const struct fpd_config *cfg, const char *name,
		      char *why, size_t whylen)
{
	struct fpd_bridge_conf *br;

	if (fpd_config_bridge(cfg, name))
		return say(why, whylen, -EEXIST, "already a bridge");
	if (fpd_config_port(cfg, name, &br))
		return say(why, whylen, -EEXIST, "already a port of bridge %s",
			   br->name);
	return 0;
}

/* ---- changes ---- */

int fpd_config_add_bridge(struct fpd_config *cfg, const char *name,
			  char *why, size_t whylen)
{
	struct fpd_bridge_conf *brs;
	int err;

	err = fpd_ifname_check("bridge", name, why, whylen);
	if (!err)
		err = name_taken(cfg, name, why, whylen);
	if (err)
		return err;
	brs = realloc(cfg->bridges, (cfg->n_bridges + 1) * sizeof(*brs));
	if (!brs)
		return say(why, whylen, -ENOMEM, "out of memory");
	cfg->bridges = brs;
	memset(&brs[cfg->n_bridges], 0, sizeof(*brs));
	snprintf(brs[cfg->n_bridges].name, IF_NAMESIZE, "%s", name);
	cfg->n_bridges++;
	return 0;
}

int fpd_config_del_bridge(struct fpd_config *cfg, const char *name)
{
	struct fpd_bridge_conf *br = fpd_config_bridge(cfg, name);
	size_t i;

	if (!br)
		return -ENOENT;
	i = (size_t)(br - cfg->bridges);
	free_bridge(br);
	memmove(br, br + 1, (cfg->n_bridges - i - 1) * sizeof(*br));
	cfg->n_bridges--;
	return 0;
}

int fpd_config_add_port(struct fpd_config *cfg, const char *bridge,
			const struct fpd_port_conf *port, char *why,
			size_t whylen)
{
	struct fpd_bridge_conf *br = fpd_config_bridge(cfg, bridge);
	struct fpd_port_conf *ports;
	int err;

	if (!br)
		return say(why, whylen, -ENOENT, "no such bridge");
	err = fpd_ifname_check("port", port->name, why, whylen);
	if (!err)
		err = name_taken(cfg, port->name, why, whylen);
	if (err)
		return err;
	ports = realloc(br->ports, (br->n_ports + 1) * sizeof(*ports));
	if (!ports)
		return say(why, whylen, -ENOMEM, "out of memory");
	br->ports = ports;
	ports[br->n_ports++] = *port;
	return 0;
}

int fpd_config_del_port(struct fpd_config *cfg, const char *bridge,
			const char *port)
{
	struct fpd_bridge_conf *br = fpd_config_bridge(cfg, bridge);
	size_t i;

	if (!br)
		return -ENOENT;
	for (i = 0; i < br->n_ports; i++) {
		if (strcmp(br->ports[i].name, port))
			continue;
		memmove(&br->ports[i], &br->ports[i + 1],
			(br->n_ports - i - 1) * sizeof(br->ports[0]));
		br->n_ports--;
		return 0;
	}
	return -ENOENT;
}

int fpd_config_add_rule(struct fpd_config *cfg, const char *bridge,
			const char *text, uint64_t *id)
{
	struct fpd_bridge_conf *br = fpd_config_bridge(cfg, bridge);
	struct fpd_rule_conf *rules;
	char *copy;

	if (!br)
		return -ENOENT;
	/* One line of the file, up to any comment: nothing else would load. */
	if (strpbrk(text, "\n\r#"))
		return -EINVAL;
	copy = strdup(text);
	rules = copy ? realloc(br->rules, (br->n_rules + 1) * sizeof(*rules)) : NULL;
	if (!rules) {
		free(copy);
		return -ENOMEM;
	}
	br->rules = rules;
	rules[br->n_rules].id = cfg->next_rule_id++;
	rules[br->n_rules].text = copy;
	br->n_rules++;
	if (id)
		*id = rules[br->n_rules - 1].id;
	return 0;
}

int fpd_config_del_rule(struct fpd_config *cfg, const char *bridge,
			uint64_t id)
{
	struct fpd_bridge_conf *br = fpd_config_bridge(cfg, bridge);
	size_t i;

	if (!br)
		return -ENOENT;
	for (i = 0; i < br->n_rules; i++) {
		if (br->rules[i].id != id)
			continue;
		free(br->rules[i].text);
		memmove(&br->rules[i], &br->rules[i + 1],
			(br->n_rules - i - 1) * sizeof(br->rules[0]));
		br->n_rules--;
		return 0;
	}
	return -ENOENT;
}
