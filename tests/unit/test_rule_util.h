/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the rule and classifier tests: a bridge with ports p1..p9. */
#ifndef TEST_RULE_UTIL_H
#define TEST_RULE_UTIL_H

#include "rule.h"

/* Ports "p1".."p9" are datapath ports 1..9; nothing else exists. */
extern const struct fp_rule_ports test_ports;

/* Parses text (FP_RULE_PARSE_FULL) and asserts it is accepted. */
void parse_ok(struct fp_rule *r, const char *text);

/* Parses text and asserts it is refused; returns the message. */
const char *parse_err(const char *text);

/* Asserts a and b are the same rule: priority, match, mask, actions. */
void expect_same_rule(const struct fp_rule *a, const struct fp_rule *b);

#endif
