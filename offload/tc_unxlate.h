/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tc flower filter -> datapath megaflow match: the inverse of
 * tc_xlate_match(), for adopting the filters a previous flowpathd left in
 * the kernel (the megaflow gives the UFID, compared with the filter's
 * cookie). Pure functions, no system calls.
 *
 * The forward translation forgets two things, so the inverse picks the
 * form flowpath's own megaflows have (fp_odp_flow_fixup_mask()):
 *  - recirc_id: a megaflow matching recirc_id 0 exactly and one that does
 *    not match it give the same filter; the inverse leaves it unmatched.
 *  - "no tag at level i": the filter says only that; the megaflow gets
 *    the datapath's form of it, every level from i on with its TCI matched
 *    as 0 whole and its TPID not matched.
 * For any other megaflow tc_xlate_match() accepts, the inverse gives back
 * its key & mask and its mask exactly.
 */
#ifndef FP_TC_UNXLATE_H
#define FP_TC_UNXLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"
#include "tc_flower.h"

#define TC_UNXLATE_WHY_LEN 160

/* Datapath port number of the device ifindex; false if it is not a port. */
typedef bool (*tc_odp_port_fn)(int ifindex, uint32_t *odp_port, void *arg);

/*
 * The megaflow match f (ifindex, protocol, key, mask; the rest of f is not
 * read) was made from: *key is the masked key, *mask the mask, both
 * rewritten whole. Returns 0, or -EINVAL with why when f holds something
 * tc_xlate_match() never writes (a key outside its mask, a partial mask
 * where flowpath matches exactly, a key under the wrong protocol, a device
 * that is not a datapath port, ...): then the filter is not flowpath's to
 * adopt. A filter accepted here is, by check, exactly what
 * tc_xlate_match() makes of the returned megaflow.
 */
int tc_unxlate_match(const struct tc_flower *f, tc_odp_port_fn port_of,
		     void *arg, struct fp_flow *key, struct fp_flow *mask,
		     char *why, size_t whylen);

#endif
