// SPDX-License-Identifier: GPL-2.0
/*
 * flowpathd's config file: what a good file becomes, and how each kind of
 * bad line is refused - with file, line, the token and the reason, and
 * nothing of the file kept.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "../../userspace/flowpathd/config.h"

static char why[FPD_WHY_LEN];

/* A stand-in for the rule parser: refuses any rule containing "bad". */
static int check_rule(const char *bridge, const char *rule, char *msg,
		      size_t len, void *arg)
{
	int *calls = arg;
	const char *bad = strstr(rule, "bad");

	(void)bridge;
	if (calls)
		(*calls)++;
	if (!bad)
		return 0;
	snprintf(msg, len, "'%.3s': not a field the rule parser knows", bad);
	return -EINVAL;
}

static int parse(struct fpd_config *cfg, const char *text)
{
	fpd_config_init(cfg);
	return fpd_config_parse(cfg, text, "test.conf", check_rule, NULL, why,
				sizeof(why));
}

static void expect_refused(const char *text, const char *want)
{
	struct fpd_config cfg;

	cr_expect_eq(parse(&cfg, text), -EINVAL, "accepted: %s", text);
	cr_expect_str_eq(why, want, "for: %s", text);
	cr_expect_eq(cfg.n_bridges, 0, "a refused file leaves nothing behind");
	fpd_config_free(&cfg);
}

Test(config_parse, bridges_ports_and_rules)
{
	struct fpd_config cfg;
	struct fpd_bridge_conf *br;
	int calls = 0;

	fpd_config_init(&cfg);
	cr_assert_eq(fpd_config_parse(&cfg,
		"# two bridges\n"
		"bridge br0\n"
		"  port br0 p1\t# trunk of everything\n"
		"port br0 p2 access=10\n"
		"port br0 p3 trunks=0,10,20-22\n"
		"\n"
		"rule br0 priority=100,ip,actions=normal\n"
		"rule br0 priority=5, arp ,  actions=drop   \n"
		"bridge br1\n", "test.conf", check_rule, &calls, why,
		sizeof(why)), 0, "%s", why);
	cr_expect_eq(calls, 2, "each rule went through the rule checker");
	cr_assert_eq(cfg.n_bridges, 2);
	br = fpd_config_bridge(&cfg, "br0");
	cr_assert_not_null(br);
	cr_assert_eq(br->n_ports, 3);
	cr_expect_eq(br->ports[0].mode, FPD_VLAN_TRUNK_ALL);
	cr_expect_eq(br->ports[1].mode, FPD_VLAN_ACCESS);
	cr_expect_eq(br->ports[1].access_vid, 10);
	cr_expect_eq(br->ports[2].mode, FPD_VLAN_TRUNKS);
	cr_expect(fpd_port_has_vid(&br->ports[2], 0));
	cr_expect(fpd_port_has_vid(&br->ports[2], 21));
	cr_expect(!fpd_port_has_vid(&br->ports[2], 23));
	cr_expect(!fpd_port_has_vid(&br->ports[2], 11));
	cr_assert_eq(br->n_rules, 2);
	cr_expect_str_eq(br->rules[0].text, "priority=100,ip,actions=normal");
	cr_expect_str_eq(br->rules[1].text, "priority=5, arp ,  actions=drop",
			 "a rule keeps its inner spaces, not its trailing ones");
	cr_expect_neq(br->rules[0].id, br->rules[1].id);
	cr_expect_eq(fpd_config_bridge(&cfg, "br1")->n_ports, 0);
	fpd_config_free(&cfg);
}

Test(config_parse, empty_and_comment_only_files_are_empty_configs)
{
	struct fpd_config cfg;

	cr_expect_eq(parse(&cfg, ""), 0);
	cr_expect_eq(cfg.n_bridges, 0);
	cr_expect_eq(parse(&cfg, "# nothing\n   \n\t# here\n"), 0);
	cr_expect_eq(cfg.n_bridges, 0);
}

Test(config_parse, statements_and_names)
{
	expect_refused("brige br0\n", "test.conf:1: 'brige': unknown statement (expected policy, bridge, port or rule)");
	expect_refused("bridge\n", "test.conf:1: 'bridge': wants one word after it: bridge NAME");
	expect_refused("bridge br0 br1\n", "test.conf:1: 'bridge': wants one word after it: bridge NAME");
	expect_refused("bridge 0123456789abcdef\n",
		       "test.conf:1: '0123456789abcdef': cannot name a bridge: it is longer than 15 characters");
	expect_refused("bridge a:b\n",
		       "test.conf:1: 'a:b': cannot name a bridge: it contains '/', ':', '#' or white space");
	expect_refused("bridge br0\nbridge br0\n", "test.conf:2: 'br0': already a bridge");
	expect_refused("port a b c d e f g h i\n", "test.conf:1: 'port': too many words");
}

Test(config_parse, ports)
{
	expect_refused("port br0 p1\n",
		       "test.conf:1: 'br0': no such bridge (declare it with a bridge line first)");
	expect_refused("bridge br0\nport br0\n",
		       "test.conf:2: 'port': wants: port BRIDGE PORT [access=VID|trunks=LIST] [policy=POLICY]");
	expect_refused("bridge br0\nport br0 p1\nbridge br1\nport br1 p1\n",
		       "test.conf:4: 'p1': already a port of bridge br0");
	expect_refused("bridge br0\nport br0 br0\n", "test.conf:2: 'br0': already a bridge");
	expect_refused("bridge br0\nport br0 p1 acces=10\n",
		       "test.conf:2: 'acces=10': unknown port option (expected access=VID, trunks=LIST or policy=POLICY)");
	expect_refused("bridge br0\nport br0 p1 access=10 trunks=20\n",
		       "test.conf:2: 'trunks=20': a port takes one of access=VID or trunks=LIST, once");
}

Test(config_parse, placement_policies)
{
	struct fpd_config cfg;

	cr_assert_eq(parse(&cfg, "policy tc-sw\nbridge br0\nport br0 p1 access=10 policy=kmod\n"
				 "port br0 p2 policy=hw trunks=5\nport br0 p3\n"), 0, "%s", why);
	cr_expect_eq(cfg.policy, FPD_POLICY_TC_SW);
	cr_expect_eq(cfg.bridges[0].ports[0].policy, FPD_POLICY_KMOD);
	cr_expect_eq(cfg.bridges[0].ports[0].access_vid, 10);
	cr_expect_eq(cfg.bridges[0].ports[1].policy, FPD_POLICY_HW);
	cr_expect_eq(cfg.bridges[0].ports[2].policy, FPD_POLICY_DEFAULT);
	cr_expect_eq(fpd_policy_effective(cfg.policy, cfg.bridges[0].ports[2].policy),
		     FPD_POLICY_TC_SW, "a port without policy= takes the global one");
	cr_expect_eq(fpd_policy_effective(FPD_POLICY_DEFAULT, FPD_POLICY_DEFAULT),
		     FPD_POLICY_HW, "hw when nothing is said");
	fpd_config_free(&cfg);

	expect_refused("policy fast\n",
		       "test.conf:1: 'fast': unknown placement policy (expected hw, tc, tc-sw or kmod)");
	expect_refused("policy\n", "test.conf:1: 'policy': wants one word after it: policy hw|tc|tc-sw|kmod");
	expect_refused("policy default\n",
		       "test.conf:1: 'default': unknown placement policy (expected hw, tc, tc-sw or kmod)");
	expect_refused("bridge br0\nport br0 p1 policy=tc policy=hw\n",
		       "test.conf:2: 'policy=hw': a port takes policy= once");
}

Test(config_parse, vlan_ids)
{
	expect_refused("bridge br0\nport br0 p1 access=0\n",
		       "test.conf:2: 'access=0': access wants one VLAN id from 1 to 4094");
	expect_refused("bridge br0\nport br0 p1 access=4095\n",
		       "test.conf:2: 'access=4095': access wants one VLAN id from 1 to 4094");
	expect_refused("bridge br0\nport br0 p1 access=10x\n",
		       "test.conf:2: 'access=10x': access wants one VLAN id from 1 to 4094");
	expect_refused("bridge br0\nport br0 p1 access=00000000010\n",
		       "test.conf:2: 'access=00000000010': access wants one VLAN id from 1 to 4094");
	expect_refused("bridge br0\nport br0 p1 trunks=\n",
		       "test.conf:2: 'trunks=': trunks wants VLAN ids from 0 (untagged) to 4094, or ranges like 10-20, separated by commas");
	expect_refused("bridge br0\nport br0 p1 trunks=20-10\n",
		       "test.conf:2: 'trunks=20-10': trunks wants VLAN ids from 0 (untagged) to 4094, or ranges like 10-20, separated by commas");
	expect_refused("bridge br0\nport br0 p1 trunks=10,\n",
		       "test.conf:2: 'trunks=10,': trunks wants VLAN ids from 0 (untagged) to 4094, or ranges like 10-20, separated by commas");
	expect_refused("bridge br0\nport br0 p1 trunks=1,-2\n",
		       "test.conf:2: 'trunks=1,-2': trunks wants VLAN ids from 0 (untagged) to 4094, or ranges like 10-20, separated by commas");
}

Test(config_parse, rules)
{
	expect_refused("rule br0 actions=drop\n",
		       "test.conf:1: 'br0': no such bridge (declare it with a bridge line first)");
	expect_refused("bridge br0\nrule br0\n", "test.conf:2: 'rule': wants: rule BRIDGE RULE");
	expect_refused("bridge br0\nrule br0    \n", "test.conf:2: 'rule': wants: rule BRIDGE RULE");
	expect_refused("bridge br0\n\n# ok so far\nrule br0 priority=1,badfield=2,actions=drop\n",
		       "test.conf:4: 'bad': not a field the rule parser knows");
}

Test(config_parse, a_late_error_drops_the_whole_file)
{
	struct fpd_config cfg;

	cr_expect_eq(parse(&cfg, "bridge br0\nport br0 p1\nrule br0 actions=normal\nbridge br0\n"),
		     -EINVAL);
	cr_expect_eq(cfg.n_bridges, 0);
	cr_expect_null(fpd_config_bridge(&cfg, "br0"));
}

Test(config_parse, port_options_format_back_to_what_parses)
{
	struct fpd_port_conf port = { .name = "p1" }, again = { .name = "p1" };
	char text[FPD_WHY_LEN];

	cr_assert_eq(fpd_port_opt_parse(&port, "trunks=4094,0,5,6,7,100-101,9", why,
					sizeof(why)), 0, "%s", why);
	fpd_port_opt_format(&port, text, sizeof(text));
	cr_expect_str_eq(text, "trunks=0,5-7,9,100-101,4094");
	cr_assert_eq(fpd_port_opt_parse(&again, text, why, sizeof(why)), 0);
	cr_expect_eq(memcmp(port.trunks, again.trunks, sizeof(port.trunks)), 0);
	memset(&port, 0, sizeof(port));
	cr_assert_eq(fpd_port_opt_parse(&port, "access=4094", why, sizeof(why)), 0);
	fpd_port_opt_format(&port, text, sizeof(text));
	cr_expect_str_eq(text, "access=4094");
	memset(&port, 0, sizeof(port));
	fpd_port_opt_format(&port, text, sizeof(text));
	cr_expect_str_eq(text, "", "a trunk of everything has no option");
}
