/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A netlink attribute writer into a caller-owned buffer, for attribute
 * streams that are not (yet) inside a netlink message: datapath keys and
 * masks, action lists, the text parser's output. libmnl only writes into a
 * message, behind a struct nlmsghdr.
 *
 * Like the action builder, it never fails mid-way: a write that does not
 * fit sets overflow, writes nothing, and every later write is ignored, so a
 * builder checks once at the end.
 */
#ifndef FP_ODP_NLA_H
#define FP_ODP_NLA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fp_nla_buf {
	uint8_t *data;		/* 4-byte aligned */
	size_t size;
	size_t len;
	bool overflow;
};

void fp_nla_init(struct fp_nla_buf *b, void *data, size_t size);

/*
 * Appends attribute type with len bytes of payload copied from data (zeros
 * when data is NULL), padded to 4 bytes. Returns the payload, or NULL on
 * overflow.
 */
void *fp_nla_put(struct fp_nla_buf *b, uint16_t type, const void *data,
		 size_t len);
void fp_nla_put_u8(struct fp_nla_buf *b, uint16_t type, uint8_t v);
void fp_nla_put_u16(struct fp_nla_buf *b, uint16_t type, uint16_t v);
void fp_nla_put_u32(struct fp_nla_buf *b, uint16_t type, uint32_t v);
void fp_nla_put_flag(struct fp_nla_buf *b, uint16_t type);

/*
 * Opens a nested attribute; returns its offset for fp_nla_nest_end(),
 * which closes it (overflow if it grew past the 64 KiB an attribute can
 * say it is).
 */
size_t fp_nla_nest_start(struct fp_nla_buf *b, uint16_t type);
void fp_nla_nest_end(struct fp_nla_buf *b, size_t start);

#endif
