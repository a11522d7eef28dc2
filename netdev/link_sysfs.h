/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The switchdev identity of a link read from /sys/class/net/DEV/, for when a
 * netlink dump did not carry it. sysfs shows the devices of the namespace it
 * was mounted in, which need not be ours, so every read first checks that
 * the device there has the ifindex we expect.
 */
#ifndef FP_LINK_SYSFS_H
#define FP_LINK_SYSFS_H

#include <stddef.h>
#include <stdint.h>

#include "switch_id.h"

/*
 * Reads phys_switch_id of link NAME (which must have IFINDEX). 0 with
 * *LEN > 0; -EOPNOTSUPP when the driver has none; -ENODEV when sysfs has no
 * such link or it is another one; -EPROTO when the text does not parse.
 */
int fp_link_sysfs_switch_id(const char *name, int ifindex,
			    uint8_t id[FP_SWITCH_ID_MAX], size_t *len);

/* Reads phys_port_name the same way, into BUF of SIZE bytes. */
int fp_link_sysfs_port_name(const char *name, int ifindex, char *buf,
			    size_t size);

#endif
