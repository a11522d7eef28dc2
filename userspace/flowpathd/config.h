/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flowpathd's configuration: what it loads at start and rewrites after
 * every change, one statement per line:
 *
 *   # a comment (from '#' to the end of the line)
 *   policy POLICY
 *   bridge BRIDGE
 *   port BRIDGE PORT [access=VID | trunks=VID[,VID|VID-VID]...] [policy=POLICY]
 *   rule BRIDGE RULE
 *
 * A bridge is declared before its ports and rules. A port without an
 * option is a trunk of every VLAN; access=VID makes it an untagged member
 * of VLAN VID; trunks=LIST carries only the VLANs listed (0 standing for
 * untagged frames). policy sets where megaflows land (policy.h): the
 * global line for every port, policy= on a port for the flows entering
 * through it. RULE is the rest of the line, in fpctl add-flow's
 * syntax, and is checked by a caller-supplied function (the rule parser).
 *
 * The in-memory form below is what the daemon keeps as the truth to save:
 * each control command changes it and the running objects together.
 * Functions return 0 or a negative errno and, when they refuse, leave in
 * `why` the reason; the caller, who knows which word it came from, puts
 * that word in front ("'br0': already a bridge"). Parsing a whole file is
 * the exception: its messages are complete, with file, line and token.
 */
#ifndef FPD_CONFIG_H
#define FPD_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "policy.h"

#define FPD_DEFAULT_CONFIG "/etc/flowpath/flowpathd.conf"
#define FPD_WHY_LEN 512
#define FPD_VID_MAX 4094
#define FPD_VID_WORDS (4096 / 64)

enum fpd_vlan_mode {
	FPD_VLAN_TRUNK_ALL,	/* no option: every VLAN, tagged as it came */
	FPD_VLAN_ACCESS,	/* access=VID */
	FPD_VLAN_TRUNKS,	/* trunks=LIST */
};

struct fpd_port_conf {
	char name[IF_NAMESIZE];
	enum fpd_vlan_mode mode;
	uint16_t access_vid;		/* ACCESS */
	uint64_t trunks[FPD_VID_WORDS];	/* TRUNKS: bit v for VID v */
	enum fpd_policy policy;		/* DEFAULT: the global one */
};

struct fpd_rule_conf {
	uint64_t id;		/* unique in the config, never reused */
	char *text;
};

struct fpd_bridge_conf {
	char name[IF_NAMESIZE];
	struct fpd_port_conf *ports;
	size_t n_ports;
	struct fpd_rule_conf *rules;	/* in the order they were added */
	size_t n_rules;
};

struct fpd_config {
	struct fpd_bridge_conf *bridges;
	size_t n_bridges;
	uint64_t next_rule_id;
	enum fpd_policy policy;		/* DEFAULT: hw */
};

/*
 * Checks one rule's text for bridge `bridge`; 0, or a negative errno with
 * the offending token and the reason in why.
 */
typedef int (*fpd_rule_check_fn)(const char *bridge, const char *rule,
				 char *why, size_t whylen, void *arg);

void fpd_config_init(struct fpd_config *cfg);
void fpd_config_free(struct fpd_config *cfg);

/*
 * Parses text (the contents of file `name`, for messages) into an empty
 * cfg. On the first bad line returns -EINVAL with why = "NAME:LINE:
 * 'TOKEN': REASON" and cfg emptied again: a half-read config is never used.
 */
int fpd_config_parse(struct fpd_config *cfg, const char *text,
		     const char *name, fpd_rule_check_fn check, void *arg,
		     char *why, size_t whylen);

/* Reads and parses path. -ENOENT (with why) when it does not exist. */
int fpd_config_load(struct fpd_config *cfg, const char *path,
		    fpd_rule_check_fn check, void *arg, char *why,
		    size_t whylen);

/* Writes cfg in the file format, a header comment first. */
int fpd_config_write(const struct fpd_config *cfg, FILE *f);

/*
 * Replaces path atomically: a temporary file beside it, written, fsync'd
 * and renamed over it, then the directory fsync'd, so a crash leaves the
 * old config or the new one, never a mix. Mode 0600: rules are policy.
 */
int fpd_config_save(const struct fpd_config *cfg, const char *path,
		    char *why, size_t whylen);

/* ---- lookups and changes, as the control commands make them ---- */

struct fpd_bridge_conf *fpd_config_bridge(const struct fpd_config *cfg,
					  const char *name);
/* The port named name in any bridge; its bridge in *br when br != NULL. */
struct fpd_port_conf *fpd_config_port(const struct fpd_config *cfg,
				      const char *name,
				      struct fpd_bridge_conf **br);

int fpd_config_add_bridge(struct fpd_config *cfg, const char *name,
			  char *why, size_t whylen);
int fpd_config_del_bridge(struct fpd_config *cfg, const char *name);
/* -ENOENT: no such bridge (why names it, the port being the token). */
int fpd_config_add_port(struct fpd_config *cfg, const char *bridge,
			const struct fpd_port_conf *port, char *why,
			size_t whylen);
int fpd_config_del_port(struct fpd_config *cfg, const char *bridge,
			const char *port);
/*
 * The new rule's id in *id. -EINVAL for text the file could not hold
 * (a newline, a carriage return or '#').
 */
int fpd_config_add_rule(struct fpd_config *cfg, const char *bridge,
			const char *text, uint64_t *id);
int fpd_config_del_rule(struct fpd_config *cfg, const char *bridge,
			uint64_t id);

/* ---- pieces shared with the control commands ---- */

/* 0 when name is a valid netdev name, else -EINVAL with why. */
int fpd_ifname_check(const char *what, const char *name, char *why,
		     size_t whylen);

/* Parses an "access=VID" or "trunks=LIST" word into port. */
int fpd_port_opt_parse(struct fpd_port_conf *port, const char *word,
		       char *why, size_t whylen);

/* "access=10", "trunks=0,10-20" or "" (trunk of all VLANs). */
void fpd_port_opt_format(const struct fpd_port_conf *port, char *buf,
			 size_t size);

static inline bool fpd_port_has_vid(const struct fpd_port_conf *p,
				    uint16_t vid)
{
	return (p->trunks[vid / 64] >> (vid % 64)) & 1;
}

#endif
