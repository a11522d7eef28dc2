// SPDX-License-Identifier: GPL-2.0
/* Parsing of phys_port_name; the grammar is in port_name.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "port_name.h"

/* Consumes the literal LIT if the text at *P starts with it. */
static bool take_lit(const char **p, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*p, lit, n))
		return false;
	*p += n;
	return true;
}

/*
 * Consumes a decimal number. Only digits: strtoul() would also take a sign
 * and leading blanks, which no driver writes and which would let two
 * different names mean the same port.
 */
static bool take_u32(const char **p, uint32_t *val)
{
	const char *s = *p;
	uint64_t v = 0;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*val = (uint32_t)v;
	*p = s;
	return true;
}

/* After "pf<N>": nothing (the PF itself), "vf<N>" or "sf<N>". */
static bool parse_function(const char **p, struct fp_port_name *out)
{
	if (!take_u32(p, &out->pf))
		return false;
	if (take_lit(p, "vf")) {
		out->kind = FP_PORT_NAME_VF;
		return take_u32(p, &out->vf);
	}
	if (take_lit(p, "sf")) {
		out->kind = FP_PORT_NAME_SF;
		return take_u32(p, &out->sf);
	}
	out->kind = FP_PORT_NAME_PF;
	return true;
}

/* After "p": the port number, then "s<N>" for one part of a split port. */
static bool parse_physical(const char **p, struct fp_port_name *out)
{
	out->kind = FP_PORT_NAME_PHYSICAL;
	if (!take_u32(p, &out->port))
		return false;
	if (take_lit(p, "s")) {
		out->has_subport = true;
		return take_u32(p, &out->subport);
	}
	return true;
}

static bool parse_name(const char **p, struct fp_port_name *out)
{
	/* A controller prefix only ever comes before a PCI function. */
	if (take_lit(p, "c")) {
		out->has_controller = true;
		return take_u32(p, &out->controller) && take_lit(p, "pf") &&
		       parse_function(p, out);
	}
	/* And a line card prefix only before a physical port. */
	if (take_lit(p, "l")) {
		out->has_linecard = true;
		return take_u32(p, &out->linecard) && take_lit(p, "p") &&
		       parse_physical(p, out);
	}
	/* "pf" first: "p" alone would take the 'p' of "pf0" as a port. */
	if (take_lit(p, "pf"))
		return parse_function(p, out);
	if (take_lit(p, "p"))
		return parse_physical(p, out);
	return false;
}

int fp_port_name_parse(const char *name, struct fp_port_name *out)
{
	const char *p = name;

	memset(out, 0, sizeof(*out));
	if (!parse_name(&p, out) || *p != '\0')
		return -EINVAL;
	return 0;
}
