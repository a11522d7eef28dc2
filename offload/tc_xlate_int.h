/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the translation's files (tc_xlate*.c) only.
 */
#ifndef FP_TC_XLATE_INT_H
#define FP_TC_XLATE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "odp_actions.h"
#include "tc_xlate.h"

/* Writes the reason into why and returns err: "return tc_xlate_fail(...)". */
int tc_xlate_fail(char *why, size_t whylen, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Adds the 32-bit words one set() or set_masked() rewrites to the pedit
 * action *pedit (kind TC_ACT_PEDIT; a word already there is merged, the
 * later write winning), and ORs into *csum the TCA_CSUM_UPDATE_FLAG_*
 * that the rewrite makes stale. key: the flow's key (its IP protocol).
 * Returns 0, or -EOPNOTSUPP / -EINVAL with why; *pedit is then partly
 * filled and must be dropped.
 */
int tc_xlate_pedit_set(const struct fp_odp_action *set,
		       const struct fp_flow *key, struct tc_act *pedit,
		       uint32_t *csum, char *why, size_t whylen);

#endif
