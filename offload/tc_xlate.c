// SPDX-License-Identifier: GPL-2.0
/*
 * A whole megaflow into a tc flower filter; the match is in
 * tc_xlate_match.c, the actions in tc_xlate_actions.c and
 * tc_xlate_pedit.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tc_xlate_int.h"

int tc_xlate_fail(char *why, size_t whylen, int err, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return err;
}

int tc_xlate_flow(const struct fp_flow *key, const struct fp_flow *mask,
		  const void *actions, size_t len, tc_port_lookup_fn lookup,
		  void *arg, struct tc_flower *f, char *why, size_t whylen)
{
	struct fp_flow masked;
	int err;

	memset(f, 0, sizeof(*f));
	err = tc_xlate_match(key, mask, lookup, arg, f, why, whylen);
	if (err)
		return err;
	/*
	 * The actions read the IP protocol; one the megaflow does not match
	 * must read as unknown (0), not as the protocol of the packet that
	 * happened to make the flow.
	 */
	fp_flow_apply_mask(&masked, key, mask);
	return tc_xlate_actions(actions, len, &masked, lookup, arg, f, why,
				whylen);
}
