// SPDX-License-Identifier: GPL-2.0
/*
 * A port's VLAN options, as the config file and "fpctl add-port" spell
 * them: access=VID, or trunks=LIST with VIDs and VID-VID ranges.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

/* The reason only: callers put the refused word in front. */
static int refuse(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A decimal VID in [min, FPD_VID_MAX]; *end after its digits. */
static int parse_vid(const char *s, const char **end, unsigned int min,
		     uint16_t *vid)
{
	unsigned long v = 0;
	const char *p = s;

	while (*p >= '0' && *p <= '9' && p - s < 5)
		v = v * 10 + (unsigned long)(*p++ - '0');
	*end = p;
	if (p == s || (*p >= '0' && *p <= '9') || v < min || v > FPD_VID_MAX)
		return -EINVAL;
	*vid = (uint16_t)v;
	return 0;
}

static int parse_access(struct fpd_port_conf *port, const char *val,
			char *why, size_t whylen)
{
	const char *end;
	uint16_t vid;

	if (parse_vid(val, &end, 1, &vid) || *end)
		return refuse(why, whylen,
			      "access wants one VLAN id from 1 to %d", FPD_VID_MAX);
	port->mode = FPD_VLAN_ACCESS;
	port->access_vid = vid;
	return 0;
}

static void set_range(struct fpd_port_conf *port, uint16_t lo, uint16_t hi)
{
	unsigned int v;

	for (v = lo; v <= hi; v++)
		port->trunks[v / 64] |= 1ull << (v % 64);
}

static int parse_trunks(struct fpd_port_conf *port, const char *val,
			char *why, size_t whylen)
{
	const char *p = val;
	uint16_t lo, hi;

	memset(port->trunks, 0, sizeof(port->trunks));
	for (;;) {
		if (parse_vid(p, &p, 0, &lo))
			goto bad;
		hi = lo;
		if (*p == '-' && (parse_vid(p + 1, &p, 0, &hi) || hi < lo))
			goto bad;
		set_range(port, lo, hi);
		if (!*p)
			break;
		if (*p++ != ',')
			goto bad;
	}
	port->mode = FPD_VLAN_TRUNKS;
	return 0;
bad:
	return refuse(why, whylen,
		      "trunks wants VLAN ids from 0 (untagged) to %d, or ranges like 10-20, separated by commas",
		      FPD_VID_MAX);
}

int fpd_port_opt_parse(struct fpd_port_conf *port, const char *word,
		       char *why, size_t whylen)
{
	if (!strncmp(word, "policy=", 7)) {
		if (port->policy != FPD_POLICY_DEFAULT)
			return refuse(why, whylen, "a port takes policy= once");
		return fpd_policy_parse(word + 7, 0, &port->policy, why, whylen);
	}
	if (port->mode != FPD_VLAN_TRUNK_ALL)
		return refuse(why, whylen,
			      "a port takes one of access=VID or trunks=LIST, once");
	if (!strncmp(word, "access=", 7))
		return parse_access(port, word + 7, why, whylen);
	if (!strncmp(word, "trunks=", 7))
		return parse_trunks(port, word + 7, why, whylen);
	return refuse(why, whylen,
		      "unknown port option (expected access=VID, trunks=LIST or policy=POLICY)");
}

#define TRUNKS_PREFIX "trunks="

/* Appends "," unless first in the list, then "lo" or "lo-hi". */
static size_t put_range(char *buf, size_t size, size_t off, unsigned int lo,
			unsigned int hi)
{
	const char *sep = off > strlen(TRUNKS_PREFIX) ? "," : "";
	int n;

	if (off >= size)
		return off;
	if (lo == hi)
		n = snprintf(buf + off, size - off, "%s%u", sep, lo);
	else
		n = snprintf(buf + off, size - off, "%s%u-%u", sep, lo, hi);
	return n < 0 ? size : off + (size_t)n;
}

static void format_trunks(const struct fpd_port_conf *port, char *buf,
			  size_t size)
{
	size_t off = (size_t)snprintf(buf, size, TRUNKS_PREFIX);
	unsigned int v = 0, lo;

	while (v <= FPD_VID_MAX) {
		if (!fpd_port_has_vid(port, (uint16_t)v)) {
			v++;
			continue;
		}
		lo = v;
		while (v + 1 <= FPD_VID_MAX && fpd_port_has_vid(port, (uint16_t)(v + 1)))
			v++;
		off = put_range(buf, size, off, lo, v);
		v++;
	}
}

static void format_vlans(const struct fpd_port_conf *port, char *buf,
			 size_t size)
{
	switch (port->mode) {
	case FPD_VLAN_ACCESS:
		snprintf(buf, size, "access=%u", port->access_vid);
		break;
	case FPD_VLAN_TRUNKS:
		format_trunks(port, buf, size);
		break;
	default:
		snprintf(buf, size, "%s", "");
		break;
	}
}

void fpd_port_opt_format(const struct fpd_port_conf *port, char *buf,
			 size_t size)
{
	size_t n;

	format_vlans(port, buf, size);
	n = strlen(buf);
	if (port->policy != FPD_POLICY_DEFAULT && n < size)
		snprintf(buf + n, size - n, "%spolicy=%s", n ? " " : "",
			 fpd_policy_name(port->policy));
}
