/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tc codec's test material, shared by the unit tests and build/tcnl:
 *
 * - example filters, one per key kind and action kind, each in the
 *   canonical form the decoder gives back (keys masked, exact-only masks
 *   all ones), so that decode(encode(x)) must equal x;
 * - real kernel messages: what Debian's 6.12.117 sent to build/tcnl
 *   capture in tests/vm/50-tc-codec.sh (echoes of some examples put on a
 *   veth, a dump, a refusal with its extack).
 *
 * No Criterion here: tcnl links this file too.
 */
#ifndef TEST_TC_FIXTURES_H
#define TEST_TC_FIXTURES_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "tc_flower.h"

struct tcf_example {
	const char *name;
	/* Fills a zeroed f for device ifindex; outputs go to out_ifindex. */
	void (*build)(struct tc_flower *f, int ifindex, int out_ifindex);
};

extern const struct tcf_example tcf_examples[];
extern const size_t tcf_n_examples;

/* The example called name, or NULL. */
const struct tcf_example *tcf_example_find(const char *name);

/* Zeroes f and builds the example into it. */
void tcf_example_build(const struct tcf_example *ex, struct tc_flower *f,
		       int ifindex, int out_ifindex);

/* Room for any fixture, aligned as a netlink message must be. */
union tcf_buf {
	struct nlmsghdr nlh;
	uint8_t bytes[8192];
};

/* Copies a fixture into buf (where a test may alter it): the message. */
struct nlmsghdr *tcf_load(union tcf_buf *buf, const uint8_t *bytes, size_t len);

struct tcf_capture {
	const char *what;
	const uint8_t *bytes;
	size_t len;
};

/* The captured kernel messages, see the file's head. */
extern const struct tcf_capture tcf_captures[];
extern const size_t tcf_n_captures;

/* The capture whose what is name, or NULL. */
const struct tcf_capture *tcf_capture_find(const char *name);

#endif
