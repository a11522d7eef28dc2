/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict attribute walking on top of libmnl.
 *
 * mnl_attr_parse() stops quietly at the first attribute that does not fit
 * in what is left of the message, so a truncated reply parses as if its
 * tail had never been sent. These helpers run the same callbacks, then
 * refuse a payload whose attributes do not cover it exactly.
 */
#ifndef FP_DP_ATTR_H
#define FP_DP_ATTR_H

#include <stddef.h>
#include <libmnl/libmnl.h>

/*
 * Calls cb for every attribute of nlh's payload after offset bytes of
 * fixed headers. Returns 0, -EBADMSG if the payload is shorter than offset
 * or does not end on an attribute boundary, or the negative errno that a
 * callback returning MNL_CB_ERROR left in errno (-EINVAL if it left none).
 */
int dp_attr_parse(const struct nlmsghdr *nlh, size_t offset,
		  mnl_attr_cb_t cb, void *data);

/* The same for the attributes nested in nest. */
int dp_attr_parse_nested(const struct nlattr *nest, mnl_attr_cb_t cb,
			 void *data);

/* The same for a bare buffer of attributes. */
int dp_attr_parse_payload(const void *payload, size_t len,
			  mnl_attr_cb_t cb, void *data);

/* 0 if attr, of a type the table knows, is well formed; negative if not. */
typedef int (*dp_attr_validate_fn)(const struct nlattr *attr, int type);

/*
 * dp_attr_parse() into a table: tb[type] = the attribute, for every type up
 * to max, each checked by validate first (a malformed one is -ERANGE).
 * Types above max - a newer kernel's - are skipped: forward compatibility.
 * tb must hold max + 1 entries, zeroed by the caller.
 */
int dp_attr_parse_table(const struct nlmsghdr *nlh, size_t offset,
			const struct nlattr **tb, int max,
			dp_attr_validate_fn validate);

/*
 * Copies a NUL-terminated string attribute (already validated with
 * MNL_TYPE_NUL_STRING) into dst. Returns 0, or -ENAMETOOLONG if it does
 * not fit in size bytes.
 */
int dp_attr_copy_str(const struct nlattr *attr, char *dst, size_t size);

#endif
