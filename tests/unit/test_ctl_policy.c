// SPDX-License-Identifier: GPL-2.0
/*
 * set-policy, get-policy and the policies show prints, on a hand-built
 * bridge (test_ctl_fixture.h): what the config file then says, what the
 * running state (d->policy, br->place[i].policy, br->gen) becomes, and
 * what is refused, with which status and message, changing nothing.
 */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "test_ctl_fixture.h"

TestSuite(ctl_policy, .init = ctlf_setup, .fini = ctlf_teardown);

static uint64_t gen(void)
{
	return atomic_load(&ctlf_br->gen);
}

Test(ctl_policy, global_policy_is_set_saved_and_moves_the_bridge)
{
	struct ctlf_result r = ctlf_run(0, "set-policy", "tc-sw", NULL);
	char *conf = ctlf_saved_config();

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.err, "");
	cr_expect_eq(ctlf_d.conf.policy, FPD_POLICY_TC_SW);
	cr_expect_eq(atomic_load(&ctlf_d.policy), FPD_POLICY_TC_SW,
		     "the threads' copy follows");
	cr_expect_eq(gen(), 1, "the revalidator is to look at br0's flows again");
	cr_assert(conf, "the config was saved");
	cr_expect(strstr(conf, "\npolicy tc-sw\n"), "%s", conf);
	free(conf);
	ctlf_done(&r);
}

Test(ctl_policy, port_policy_reaches_the_running_port_and_the_config)
{
	struct ctlf_result r = ctlf_run(0, "set-policy", "p1", "kmod", NULL);
	char *conf = ctlf_saved_config();

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(ctlf_br->place[1].policy, FPD_POLICY_KMOD);
	cr_expect_eq(ctlf_br->place[2].policy, FPD_POLICY_DEFAULT, "p2 untouched");
	cr_expect_eq(fpd_config_port(&ctlf_d.conf, "p1", NULL)->policy,
		     FPD_POLICY_KMOD);
	cr_expect_eq(ctlf_d.conf.policy, FPD_POLICY_DEFAULT, "the global stays");
	cr_expect_eq(gen(), 1);
	cr_assert(conf);
	cr_expect(strstr(conf, "port br0 p1 policy=kmod\n"), "%s", conf);
	cr_expect(strstr(conf, "port br0 p2\n"), "%s", conf);
	free(conf);
	ctlf_done(&r);
}

Test(ctl_policy, default_makes_a_port_follow_the_global_again)
{
	struct ctlf_result r = ctlf_run(0, "set-policy", "p2", "tc", NULL);
	char *conf;

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(ctlf_br->place[2].policy, FPD_POLICY_TC);
	ctlf_done(&r);
	r = ctlf_run(0, "set-policy", "p2", "default", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(ctlf_br->place[2].policy, FPD_POLICY_DEFAULT);
	cr_expect_eq(gen(), 2, "each change moves the generation");
	conf = ctlf_saved_config();
	cr_assert(conf);
	cr_expect(strstr(conf, "\nport br0 p2\n"), "%s", conf);
	free(conf);
	ctlf_done(&r);
}

Test(ctl_policy, a_detached_port_changes_in_the_config_only)
{
	struct ctlf_result r = ctlf_run(0, "set-policy", "p3", "tc-sw", NULL);
	char *conf = ctlf_saved_config();

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(gen(), 0, "no running flow enters through p3");
	cr_assert(conf);
	cr_expect(strstr(conf, "port br0 p3 policy=tc-sw\n"), "%s", conf);
	free(conf);
	ctlf_done(&r);
}

/* Runs a refused set-policy and checks that nothing changed. */
static void refused(int status, const char *msg, const char *w1,
		    const char *w2)
{
	struct ctlf_result r = ctlf_run(0, "set-policy", w1, w2, NULL);
	char *conf = ctlf_saved_config();

	cr_expect_eq(r.status, status, "%s %s: %s", w1, w2 ? w2 : "", r.err);
	cr_expect_str_eq(r.err, msg);
	cr_expect_str_eq(r.out, "");
	cr_expect_null(conf, "nothing saved");
	cr_expect_eq(gen(), 0);
	cr_expect_eq(ctlf_d.conf.policy, FPD_POLICY_DEFAULT);
	cr_expect_eq(ctlf_br->place[1].policy, FPD_POLICY_DEFAULT);
	cr_expect_eq(fpd_config_port(&ctlf_d.conf, "p1", NULL)->policy,
		     FPD_POLICY_DEFAULT);
	free(conf);
	ctlf_done(&r);
}

Test(ctl_policy, refusals_change_nothing)
{
	refused(2, "'fast': unknown placement policy (expected hw, tc, tc-sw or kmod)\n",
		"fast", NULL);
	refused(2, "'default': only a port can follow another policy; the global one is hw, tc, tc-sw or kmod\n",
		"default", NULL);
	refused(2, "'tcsw': unknown placement policy (expected hw, tc, tc-sw or kmod, or default for the global one)\n",
		"p1", "tcsw");
	refused(1, "no port named p9\n", "p9", "kmod");
	refused(1, "'br0' is a bridge: its local port follows the global policy (fpctl set-policy POLICY)\n",
		"br0", "kmod");
}

Test(ctl_policy, word_counts)
{
	struct ctlf_result r = ctlf_run(0, "set-policy", NULL);

	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "missing arguments; usage: fpctl set-policy [PORT] hw|tc|tc-sw|kmod|default\n");
	ctlf_done(&r);
	r = ctlf_run(0, "set-policy", "p1", "tc", "extra", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "too many arguments"), "%s", r.err);
	ctlf_done(&r);
}

Test(ctl_policy, get_policy_text)
{
	struct ctlf_result r = ctlf_run(0, "set-policy", "p1", "tc", NULL);

	ctlf_done(&r);
	r = ctlf_run(0, "set-policy", "p3", "kmod", NULL);
	ctlf_done(&r);
	r = ctlf_run(0, "get-policy", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out,
		"global policy: hw (built-in default)\n"
		"bridge br0:\n"
		"  port br0 (local): policy hw (global), cannot offload: br0 is the bridge's internal port\n"
		"  port p1: policy tc (set on the port), can offload\n"
		"  port p2: policy hw (global), cannot offload: p2 is not a switchdev port\n"
		"  port p3 (detached): policy kmod (set on the port)\n");
	ctlf_done(&r);
	r = ctlf_run(0, "set-policy", "tc-sw", NULL);
	ctlf_done(&r);
	r = ctlf_run(0, "get-policy", "br0", NULL);
	cr_expect(strstr(r.out, "global policy: tc-sw\n") == r.out, "%s", r.out);
	cr_expect(strstr(r.out, "  port p2: policy tc-sw (global),"), "%s", r.out);
	cr_expect(strstr(r.out, "  port p1: policy tc (set on the port),"),
		  "an override wins over the global: %s", r.out);
	ctlf_done(&r);
}

Test(ctl_policy, get_policy_json)
{
	struct ctlf_result r = ctlf_run(0, "set-policy", "p2", "tc-sw", NULL);

	ctlf_done(&r);
	r = ctlf_run(CTL_F_JSON, "get-policy", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out,
		"{\"policy\":\"hw\",\"builtin\":true,\"bridges\":[{\"name\":\"br0\",\"ports\":["
		"{\"name\":\"br0\",\"port_no\":0,\"local\":true,\"policy\":\"hw\",\"override\":\"default\","
		"\"policy_from\":\"global\",\"can_offload\":false,\"why_not\":\"br0 is the bridge's internal port\"},"
		"{\"name\":\"p1\",\"port_no\":1,\"local\":false,\"policy\":\"hw\",\"override\":\"default\","
		"\"policy_from\":\"global\",\"can_offload\":true,\"why_not\":null},"
		"{\"name\":\"p2\",\"port_no\":2,\"local\":false,\"policy\":\"tc-sw\",\"override\":\"tc-sw\","
		"\"policy_from\":\"port\",\"can_offload\":false,\"why_not\":\"p2 is not a switchdev port\"}],"
		"\"detached\":[{\"name\":\"p3\",\"policy\":\"hw\",\"override\":\"default\"}]}]}\n");
	ctlf_done(&r);
}

Test(ctl_policy, get_policy_of_a_missing_bridge)
{
	struct ctlf_result r = ctlf_run(0, "get-policy", "br9", NULL);

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "no bridge named br9\n");
	ctlf_done(&r);
}

Test(ctl_policy, show_prints_each_ports_policy)
{
	struct ctlf_result r = ctlf_run(0, "set-policy", "kmod", NULL);

	ctlf_done(&r);
	r = ctlf_run(0, "set-policy", "p1", "hw", NULL);
	ctlf_done(&r);
	r = ctlf_run(0, "show", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "policy kmod\nbridge br0: datapath ifindex 4000,") == r.out,
		  "%s", r.out);
	cr_expect(strstr(r.out, "\n  port 1: p1, policy hw (set on the port), can offload\n"),
		  "%s", r.out);
	cr_expect(strstr(r.out, "\n  port 2: p2, policy kmod (global), cannot offload: p2 is not a switchdev port\n"),
		  "%s", r.out);
	ctlf_done(&r);
	r = ctlf_run(CTL_F_JSON, "show", NULL);
	cr_expect(strstr(r.out, "{\"policy\":\"kmod\",\"bridges\":[") == r.out, "%s", r.out);
	cr_expect(strstr(r.out, "\"name\":\"p1\",\"port_no\":1,\"vlan_mode\":\"trunk\",\"trunks\":[],"
			 "\"policy\":\"hw\",\"override\":\"hw\",\"policy_from\":\"port\","
			 "\"can_offload\":true,\"why_not\":null}"), "%s", r.out);
	ctlf_done(&r);
}
