/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel version shims. flowpath.ko builds against 6.1 (Debian 12's LTS)
 * and 6.12 (bookworm-backports / Debian 13); every #if on a kernel version
 * lives in this file and nowhere else.
 */
#ifndef _FP_COMPAT_H
#define _FP_COMPAT_H

#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/version.h>

#define FP_KERNEL_GE(a, b, c)	(KERNEL_VERSION(a, b, c) <= LINUX_VERSION_CODE)

#if FP_KERNEL_GE(6, 4, 0)
#include <net/gso.h>
#endif

/*
 * Formatted extack messages appeared in 6.2. On older kernels the user gets
 * the fixed @fallback text (which must still say what was refused and why).
 * A formatted message is cut at 80 bytes, "flowpath: " included.
 */
#ifdef NL_SET_ERR_MSG_FMT_MOD
#define FP_SET_ERR_MSG_FMT(extack, fallback, fmt, ...) \
	NL_SET_ERR_MSG_FMT_MOD(extack, fmt, ##__VA_ARGS__)
#else
#define FP_SET_ERR_MSG_FMT(extack, fallback, fmt, ...) \
	NL_SET_ERR_MSG_MOD(extack, fallback)
#endif

/*
 * Lockless transmit and "never changes network namespace" were feature bits
 * until 6.12 made them net_device bitfields; "netns_local" was then renamed
 * "netns_immutable" in 6.15, and that rename reached 6.12.y in 6.12.114.
 */
static inline void fp_compat_set_lltx_netns_local(struct net_device *dev)
{
#if FP_KERNEL_GE(6, 12, 0)
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif

#if FP_KERNEL_GE(6, 15, 0) || (FP_KERNEL_GE(6, 12, 114) && !FP_KERNEL_GE(6, 13, 0))
	dev->netns_immutable = true;
#elif FP_KERNEL_GE(6, 12, 0)
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

/*
 * uAPI numbers newer than some headers we build against (6.1 lacks them):
 * the values are fixed forever, so they are ours to name whatever the
 * headers say. OVS_ACTION_ATTR_DROP and _PSAMPLE, OVS_HASH_ALG_SYM_L4.
 * FP_ACTION_ATTR_MAX is the last action type this module knows.
 */
#define FP_ACTION_ATTR_DROP		24
#define FP_ACTION_ATTR_PSAMPLE		25
#define FP_ACTION_ATTR_MAX		FP_ACTION_ATTR_PSAMPLE
#define FP_HASH_ALG_SYM_L4		1
/* OVS_PSAMPLE_ATTR_GROUP, _COOKIE and the cookie's size limit. */
#define FP_PSAMPLE_ATTR_GROUP		1
#define FP_PSAMPLE_ATTR_COOKIE		2
#define FP_PSAMPLE_ATTR_MAX		FP_PSAMPLE_ATTR_COOKIE
#define FP_PSAMPLE_COOKIE_MAX		16

#endif /* _FP_COMPAT_H */
