// SPDX-License-Identifier: GPL-2.0
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "test_rule_util.h"

static int port_no(const char *name, uint32_t *odp_port, void *arg)
{
	(void)arg;
	if (name[0] != 'p' || name[1] < '1' || name[1] > '9' || name[2])
		return -ENODEV;
	*odp_port = (uint32_t)(name[1] - '0');
	return 0;
}

static int port_name(uint32_t odp_port, char *name, size_t size, void *arg)
{
	(void)arg;
	if (odp_port < 1 || odp_port > 9)
		return -ENODEV;
	snprintf(name, size, "p%u", odp_port);
	return 0;
}

const struct fp_rule_ports test_ports = { port_no, port_name, NULL };

void parse_ok(struct fp_rule *r, const char *text)
{
	char err[256] = "";
	int ret = fp_rule_parse(r, text, FP_RULE_PARSE_FULL, &test_ports, err,
				sizeof(err));

	cr_assert_eq(ret, 0, "'%s' refused: %s", text, err);
}

const char *parse_err(const char *text)
{
	static char err[512];
	static struct fp_rule r;
	int ret;

	err[0] = '\0';
	ret = fp_rule_parse(&r, text, FP_RULE_PARSE_FULL, &test_ports, err,
			    sizeof(err));
	cr_assert_lt(ret, 0, "'%s' was accepted", text);
	return err;
}

void expect_same_rule(const struct fp_rule *a, const struct fp_rule *b)
{
	cr_expect_eq(a->priority, b->priority);
	cr_expect(!memcmp(&a->match, &b->match, sizeof(a->match)),
		  "matches differ");
	cr_expect(!memcmp(&a->mask, &b->mask, sizeof(a->mask)),
		  "masks differ");
	cr_expect_eq(a->actions.n, b->actions.n);
	cr_expect(!memcmp(&a->actions, &b->actions, sizeof(a->actions)),
		  "actions differ");
}
