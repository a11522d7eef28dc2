/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netdev features by their ethtool names ("hw-tc-offload", as in
 * `ethtool -k`). Feature bit numbers are private to each kernel build, so
 * the bit is looked up in the kernel's own string set every time.
 */
#ifndef FP_LINK_FEATURES_H
#define FP_LINK_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ethtool_get_features_block;

/* The feature that lets tc offload filters to the device. */
#define FP_FEATURE_HW_TC "hw-tc-offload"

/*
 * Reads whether FEATURE is active on link IFNAME. 0; -ENOENT when this
 * kernel has no feature of that name; -ENODEV when the link is gone; other
 * -errno from the ethtool ioctl.
 */
int fp_netdev_feature_get(const char *ifname, const char *feature, bool *on);

/*
 * The index of NAME in a string set of COUNT entries of ETH_GSTRING_LEN
 * bytes each (as ETHTOOL_GSTRINGS returns it: not NUL-terminated when a
 * name fills its slot), or -ENOENT.
 */
int fp_features_find(const char *strings, size_t count, const char *name);

/* Whether bit BIT is set in the active words of NBLOCKS feature blocks. */
bool fp_features_active(const struct ethtool_get_features_block *blocks,
			size_t nblocks, unsigned int bit);

#endif
