// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "policy.h"

static const char *const names[] = {
	[FPD_POLICY_DEFAULT] = "default",
	[FPD_POLICY_HW] = "hw",
	[FPD_POLICY_TC] = "tc",
	[FPD_POLICY_TC_SW] = "tc-sw",
	[FPD_POLICY_KMOD] = "kmod",
};

const char *fpd_policy_name(enum fpd_policy p)
{
	return (size_t)p < sizeof(names) / sizeof(names[0]) ? names[p] : "?";
}

int fpd_policy_parse(const char *s, int allow_default, enum fpd_policy *p,
		     char *why, size_t whylen)
{
	size_t i;

	for (i = allow_default ? 0 : 1; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i])) {
			*p = (enum fpd_policy)i;
			return 0;
		}
	}
	snprintf(why, whylen, "unknown placement policy (expected hw, tc, tc-sw or kmod%s)",
		 allow_default ? ", or default for the global one" : "");
	return -EINVAL;
}

enum fpd_policy fpd_policy_effective(enum fpd_policy global,
				     enum fpd_policy port_p)
{
	if (port_p != FPD_POLICY_DEFAULT)
		return port_p;
	return global != FPD_POLICY_DEFAULT ? global : FPD_POLICY_HW;
}
